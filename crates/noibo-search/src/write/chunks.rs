//! The chunk files of the index: documents' titles, numbers and snippet
//! text, in index order, each chunk about [`crate::CHUNK_TARGET`] bytes.

use std::borrow::Cow;

use super::part;
use crate::enc::{push_json_str, push_num};
use crate::{CHUNK_TARGET, IndexFile, SNIPPET_TEXT_MAX, SearchDoc, text};

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

/// The chunk files of the documents' texts, one at a time, about
/// [`CHUNK_TARGET`] bytes each; then `sizes`, the number of documents of
/// each chunk encoded for the meta file.
pub(super) struct Chunks<'a> {
    docs: &'a [SearchDoc],
    order: std::slice::Iter<'a, usize>,
    bodies: std::slice::Iter<'a, Cow<'a, str>>,
    chunk: String,
    in_chunk: u32,
    made: u32,
    pub(super) sizes: String,
}

impl<'a> Chunks<'a> {
    pub(super) fn new(
        docs: &'a [SearchDoc],
        order: &'a [usize],
        bodies: &'a [Cow<'a, str>],
    ) -> Self {
        Chunks {
            docs,
            order: order.iter(),
            bodies: bodies.iter(),
            chunk: String::new(),
            in_chunk: 0,
            made: 0,
            sizes: String::new(),
        }
    }

    fn flush(&mut self) -> IndexFile {
        self.chunk.push(']');
        let f = part(&format!("c-{}", self.made), &self.chunk);
        push_num(&mut self.sizes, self.in_chunk);
        self.made += 1;
        self.chunk.clear();
        self.in_chunk = 0;
        f
    }
}

impl Iterator for Chunks<'_> {
    type Item = IndexFile;

    fn next(&mut self) -> Option<IndexFile> {
        while let (Some(&i), Some(body)) = (self.order.next(), self.bodies.next()) {
            let d = &self.docs[i];
            let chunk = &mut self.chunk;
            chunk.push(if self.in_chunk == 0 { '[' } else { ',' });
            chunk.push('[');
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
                    chunk.push(',');
                }
                push_json_str(chunk, &text::nfc(f));
            }
            chunk.push(',');
            push_json_str(chunk, truncate_chars(body, SNIPPET_TEXT_MAX));
            chunk.push(']');
            self.in_chunk += 1;
            if chunk.len() >= CHUNK_TARGET {
                return Some(self.flush());
            }
        }
        (self.in_chunk > 0).then(|| self.flush())
    }
}
