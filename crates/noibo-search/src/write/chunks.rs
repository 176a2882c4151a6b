//! The chunk files of the index: documents' titles, numbers and snippet
//! text, in index order, each chunk about [`crate::CHUNK_TARGET`] bytes.
//!
//! Where each chunk ends follows from the length of each document's entry
//! alone, which the store keeps. So a rebuild knows the documents of every
//! chunk before encoding any, and a chunk with the same documents as the
//! chunk of the same number in the last build (which the output still
//! holds) is not encoded again.

use super::{Made, file_path, part};
use crate::enc::{push_json_str, push_num};
use crate::{Body, CHUNK_TARGET, DocKey, Later, SNIPPET_TEXT_MAX, SearchDoc, text};

fn truncate_chars(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    match s.char_indices().nth(max) {
        None => s,
        Some((i, _)) => {
            let cut = &s[..i];
            match cut.rfind(char::is_whitespace) {
                Some(j) if j > i / 2 => &s[..j],
                _ => cut,
            }
        }
    }
}

/// Appends the entry of document `d` with NFC body `body`:
/// `["url","title","kind","number","date","type","issuer","text"]`.
fn push_entry(out: &mut String, d: &SearchDoc, body: &str) {
    out.push('[');
    let fields = [
        d.url.as_str(),
        d.title.as_str(),
        d.kind.as_str(),
        d.number.as_deref().unwrap_or(""),
        d.date.as_str(),
        d.doc_type.as_deref().unwrap_or(""),
        d.issuer.as_deref().unwrap_or(""),
    ];
    for (k, f) in fields.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        push_json_str(out, &text::nfc(f));
    }
    out.push(',');
    push_json_str(out, truncate_chars(body, SNIPPET_TEXT_MAX));
    out.push(']');
}

/// The chunks of the last build: the key of each of its documents in
/// document number order, and per chunk its number of documents and the
/// digest of its file.
#[derive(Default)]
pub(crate) struct OldChunks {
    pub keys: Vec<DocKey>,
    pub chunks: Vec<(u32, u64)>,
}

/// What a rebuild may reuse of the last build's chunks.
pub(crate) struct Reuse<'a> {
    /// Key of each document, by document number.
    pub keys: &'a [DocKey],
    /// Length of each document's entry (`None`: a document indexed now).
    pub lens: Vec<Option<u32>>,
    pub old: OldChunks,
    /// Whether the output still holds the file at a path as the last
    /// build left it.
    pub holds: &'a (dyn Fn(&str) -> bool + Sync),
}

/// The chunk files of the documents' texts, one at a time, about
/// [`CHUNK_TARGET`] bytes each; then `sizes`, the number of documents of
/// each chunk encoded for the meta file, and what the next store keeps.
pub(super) struct Chunks<'a> {
    docs: &'a [SearchDoc],
    order: &'a [usize],
    bodies: &'a [Body<'a>],
    later: Option<&'a Later<'a>>,
    reuse: Option<Reuse<'a>>,
    /// The next document number to place in a chunk.
    at: usize,
    /// Where the old chunk of number `made` starts.
    old_at: usize,
    made: u32,
    /// Entry of each document encoded to learn its length, kept for its
    /// chunk.
    pending: Vec<(usize, String)>,
    pub(super) sizes: String,
    /// Length of each document's entry, by document number.
    pub(super) lens: Vec<u32>,
    /// Per chunk: documents and digest.
    pub(super) chunks: Vec<(u32, u64)>,
}

impl<'a> Chunks<'a> {
    pub(super) fn new(
        docs: &'a [SearchDoc],
        order: &'a [usize],
        (bodies, later): (&'a [Body<'a>], Option<&'a Later<'a>>),
        reuse: Option<Reuse<'a>>,
    ) -> Self {
        Chunks {
            docs,
            order,
            bodies,
            later,
            reuse,
            at: 0,
            old_at: 0,
            made: 0,
            pending: Vec::new(),
            sizes: String::new(),
            lens: Vec::with_capacity(order.len()),
            chunks: Vec::new(),
        }
    }

    /// The length of document `k`'s entry: from the store, else encoded
    /// (and kept in `pending` until its chunk is made).
    fn len_of(&mut self, k: usize) -> usize {
        if let Some(Some(l)) = self.reuse.as_ref().map(|r| r.lens[k]) {
            return l as usize;
        }
        let mut s = String::new();
        push_entry(
            &mut s,
            &self.docs[self.order[k]],
            &self.bodies[k].get(self.later),
        );
        let l = s.len();
        self.pending.push((k, s));
        l
    }

    /// Whether the chunk of documents `start..end` is the one of the same
    /// number the last build made, still in the output: its digest if so.
    fn unchanged(&self, start: usize, end: usize, path: &str) -> Option<u64> {
        let r = self.reuse.as_ref()?;
        let &(count, digest) = r.old.chunks.get(self.made as usize)?;
        let old = r.old.keys.get(self.old_at..self.old_at + count as usize)?;
        (old == &r.keys[start..end] && (r.holds)(path)).then_some(digest)
    }

    /// The file of documents `start..end`, encoded.
    fn encode(&mut self, start: usize, end: usize, size: usize) -> crate::IndexFile {
        let mut chunk = String::with_capacity(size + 1);
        let mut pending = std::mem::take(&mut self.pending).into_iter().peekable();
        for k in start..end {
            chunk.push(if k == start { '[' } else { ',' });
            match pending.next_if(|(j, _)| *j == k) {
                Some((_, s)) => chunk.push_str(&s),
                None => {
                    let body = self.bodies[k].get(self.later);
                    push_entry(&mut chunk, &self.docs[self.order[k]], &body);
                }
            }
        }
        chunk.push(']');
        part(&format!("c-{}", self.made), &chunk)
    }
}

impl Iterator for Chunks<'_> {
    type Item = Made;

    fn next(&mut self) -> Option<Made> {
        let start = self.at;
        if start >= self.order.len() {
            return None;
        }
        let mut size = 0;
        let mut end = start;
        while end < self.order.len() && size < CHUNK_TARGET {
            let l = self.len_of(end);
            self.lens.push(l as u32);
            size += 1 + l;
            end += 1;
        }
        let path = file_path(&format!("c-{}", self.made));
        let made = match self.unchanged(start, end, &path) {
            Some(digest) => {
                self.pending.clear();
                Made::Kept(path, digest)
            }
            None => super::made(self.encode(start, end, size)),
        };
        let count = (end - start) as u32;
        push_num(&mut self.sizes, count);
        self.chunks.push((count, made.digest()));
        if let Some(r) = &self.reuse
            && let Some(&(old_count, _)) = r.old.chunks.get(self.made as usize)
        {
            self.old_at += old_count as usize;
        }
        self.made += 1;
        self.at = end;
        Some(made)
    }
}
