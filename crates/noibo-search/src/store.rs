//! The store: what one build of the index leaves for the next, so that a
//! rebuild reads again only the documents that changed. It holds the key of
//! each document (in document number order) with its body length, the term
//! tables (variants, groups, pairs) and every posting list, packed as they
//! are in memory.
//!
//! A rebuild maps each stored document to its new number by its key (a
//! document whose key is gone is dropped from every list), indexes the
//! documents the store does not have into the same tables, and merges
//! their postings in. The lists are then exactly those a build from nothing
//! makes, but for terms left with no posting, which the writer skips.
//!
//! Its end, written once the files are made ([`finish`]), holds what the
//! next build needs to keep files of the index it would make the same: the
//! index's id, each document's entry length, each chunk's number of
//! documents and digest, the average length scores used, and each file of
//! a big list (`q-`) with its key, document count and digest.
//!
//! The store is a byte string of its own format (see [`write`]); a store
//! that does not read back whole is not used, and the index is built from
//! nothing. The caller keeps it beside the build cache and checks that it
//! is the one it wrote (a checksum, the version).

use std::borrow::Cow;
use std::io::{self, Write};

use crate::index::{Indexer, Posting, TermKeys, Terms};
use crate::packed::Packed;
use crate::write::{BigFile, OldChunks, Written};
use crate::{DocKey, SearchDoc};

const MAGIC: &[u8] = b"noibo search store 2\n";
const NONE: u32 = u32::MAX;

/// The index of a build, ready for the writer and for the next store.
pub(crate) struct Tables {
    pub terms: Terms,
    pub postings: Vec<Packed>,
    pub pair_postings: Vec<Packed>,
    pub lengths: Vec<u32>,
    /// Whether each document's body was NFC as given (so a rebuild need
    /// not check it again).
    pub nfc: Vec<bool>,
}

/// A store read back.
pub(crate) struct Stored {
    keys: Vec<DocKey>,
    lengths: Vec<u32>,
    nfc: Vec<bool>,
    terms: Terms,
    postings: Vec<Packed>,
    pair_postings: Vec<Packed>,
    pub(crate) files: Written,
}

/// What [`update`] gives: the tables, the NFC body of each document
/// number, how many documents were indexed, and what the writer may reuse
/// of the last build's chunks (the length of each document's entry, `None`
/// for a document indexed now, and the old chunks) and of its files of big
/// lists.
pub(crate) struct Updated<'a> {
    pub tables: Tables,
    pub bodies: Vec<crate::Body<'a>>,
    pub indexed: usize,
    pub lens: Vec<Option<u32>>,
    pub old: OldChunks,
    pub lists: OldLists,
}

/// The lists of the last build, for the writer: which lists of the tables
/// are as they were (every document at the number it had, none added or
/// gone), by variant and by pair; the number of documents and the
/// average length scores used then; and its files of big lists.
pub(crate) struct OldLists {
    pub same_variants: Vec<bool>,
    pub same_pairs: Vec<bool>,
    pub docs: u32,
    pub avgdl: u64,
    pub big: Vec<BigFile>,
}

fn put(w: &mut dyn Write, v: u64) -> io::Result<()> {
    let mut buf = [0u8; 10];
    let mut n = 0;
    let mut v = v;
    while v >= 0x80 {
        buf[n] = (v as u8) | 0x80;
        v >>= 7;
        n += 1;
    }
    buf[n] = v as u8;
    w.write_all(&buf[..=n])
}

fn put_bytes(w: &mut dyn Write, b: &[u8]) -> io::Result<()> {
    put(w, b.len() as u64)?;
    w.write_all(b)
}

/// Writes the store of `tables`, whose documents have `keys` (in document
/// number order), but for its end, which [`finish`] writes once the files
/// are.
pub(crate) fn write(w: &mut dyn Write, keys: &[DocKey], tables: &Tables) -> io::Result<()> {
    w.write_all(MAGIC)?;
    put(w, keys.len() as u64)?;
    for ((k, l), nfc) in keys.iter().zip(&tables.lengths).zip(&tables.nfc) {
        w.write_all(k)?;
        put(w, u64::from(*l) << 1 | u64::from(*nfc))?;
    }
    let (variants, groups, pairs) = tables.terms.keys();
    put(w, groups.len() as u64)?;
    for g in groups {
        put_bytes(w, g.as_bytes())?;
    }
    put(w, variants.len() as u64)?;
    for ((exact, g), list) in variants.iter().zip(&tables.postings) {
        put_bytes(w, exact.as_bytes())?;
        put(w, u64::from(*g))?;
        let (bytes, last) = list.parts();
        put(w, u64::from(last))?;
        put_bytes(w, bytes)?;
    }
    put(w, pairs.len() as u64)?;
    for (&(a, b), list) in pairs.iter().zip(&tables.pair_postings) {
        put(w, u64::from(a))?;
        put(w, u64::from(b))?;
        let (bytes, last) = list.parts();
        put(w, u64::from(last))?;
        put_bytes(w, bytes)?;
    }
    Ok(())
}

/// Ends the store [`write`] began with what it keeps of the files.
pub(crate) fn finish(w: &mut dyn Write, files: &Written) -> io::Result<()> {
    w.write_all(&files.id.to_le_bytes())?;
    put(w, files.lens.len() as u64)?;
    for &l in &files.lens {
        put(w, u64::from(l))?;
    }
    put(w, files.chunks.len() as u64)?;
    for &(count, digest) in &files.chunks {
        put(w, u64::from(count))?;
        w.write_all(&digest.to_le_bytes())?;
    }
    w.write_all(&files.avgdl.to_le_bytes())?;
    put(w, files.big.len() as u64)?;
    for b in &files.big {
        put_bytes(w, b.key.as_bytes())?;
        put(w, u64::from(b.df))?;
        w.write_all(&b.digest.to_le_bytes())?;
    }
    w.write_all(MAGIC)
}

/// Reads the store, front to back; every read is checked.
struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn num(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = *self.b.get(self.at)?;
            self.at += 1;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(v);
            }
        }
        None
    }
    fn u32(&mut self) -> Option<u32> {
        u32::try_from(self.num()?).ok()
    }
    /// A count of items each taking at least `min` bytes, checked against
    /// what is left so that a damaged count allocates nothing.
    fn count(&mut self, min: usize) -> Option<usize> {
        let n = usize::try_from(self.num()?).ok()?;
        (n.checked_mul(min)? <= self.b.len() - self.at).then_some(n)
    }
    fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.count(1)?;
        let s = &self.b[self.at..self.at + n];
        self.at += n;
        Some(s)
    }
    fn text(&mut self) -> Option<Box<str>> {
        std::str::from_utf8(self.bytes()?).ok().map(Into::into)
    }
    fn list(&mut self, docs: u32) -> Option<Packed> {
        let last = self.u32()?;
        Packed::from_parts(self.bytes()?.to_vec(), last, docs)
    }
    /// The store's end ([`finish`]): the index's id, the lengths of the
    /// entries of `docs` documents, the chunks (which must hold those
    /// documents), the average length and the files of big lists.
    fn files(&mut self, docs: usize) -> Option<Written> {
        let id = self.u64_le()?;
        let n = self.count(1)?;
        if n != docs {
            return None;
        }
        let lens = (0..n).map(|_| self.u32()).collect::<Option<Vec<_>>>()?;
        let count = self.count(9)?;
        let mut chunks = Vec::with_capacity(count);
        let mut total = 0usize;
        for _ in 0..count {
            let c = self.u32()?;
            total += c as usize;
            chunks.push((c, self.u64_le()?));
        }
        let avgdl = self.u64_le()?;
        let count = self.count(10)?;
        let mut big = Vec::with_capacity(count);
        for _ in 0..count {
            let key = self.text()?;
            let df = self.u32()?;
            let digest = self.u64_le()?;
            big.push(BigFile { key, df, digest });
        }
        (total == docs).then_some(Written {
            lens,
            chunks,
            id,
            avgdl,
            big,
        })
    }
    fn u64_le(&mut self) -> Option<u64> {
        let end = self.at.checked_add(8)?;
        let v = u64::from_le_bytes(self.b.get(self.at..end)?.try_into().ok()?);
        self.at = end;
        Some(v)
    }
    fn magic(&mut self) -> Option<()> {
        let end = self.at.checked_add(MAGIC.len())?;
        (self.b.get(self.at..end)? == MAGIC).then(|| self.at = end)
    }
}

/// The store in `bytes`, or `None` if they are not a whole store.
pub(crate) fn read(bytes: &[u8]) -> Option<Stored> {
    let mut r = Reader { b: bytes, at: 0 };
    r.magic()?;
    let n = r.count(17)?;
    let mut keys = Vec::with_capacity(n);
    let mut lengths = Vec::with_capacity(n);
    let mut nfc = Vec::with_capacity(n);
    for _ in 0..n {
        let end = r.at + 16;
        keys.push(r.b.get(r.at..end)?.try_into().ok()?);
        r.at = end;
        let v = r.num()?;
        lengths.push(u32::try_from(v >> 1).ok()?);
        nfc.push(v & 1 == 1);
    }
    let docs = u32::try_from(n).ok()?;
    let n_groups = r.count(1)?;
    let group_keys = (0..n_groups)
        .map(|_| r.text())
        .collect::<Option<Vec<_>>>()?;
    let n_variants = r.count(4)?;
    let mut variants = Vec::with_capacity(n_variants);
    let mut postings = Vec::with_capacity(n_variants);
    for _ in 0..n_variants {
        variants.push((r.text()?, r.u32()?));
        postings.push(r.list(docs)?);
    }
    let n_pairs = r.count(4)?;
    let mut pair_keys = Vec::with_capacity(n_pairs);
    let mut pair_postings = Vec::with_capacity(n_pairs);
    for _ in 0..n_pairs {
        pair_keys.push((r.u32()?, r.u32()?));
        pair_postings.push(r.list(docs)?);
    }
    let files = r.files(n)?;
    r.magic()?;
    if r.at != bytes.len() {
        return None;
    }
    let terms = Terms::from_keys(TermKeys {
        variants,
        group_keys,
        pair_keys,
    })?;
    Some(Stored {
        keys,
        lengths,
        nfc,
        terms,
        postings,
        pair_postings,
        files,
    })
}

/// The tables of `docs` (numbered as `order` says, each with its key in
/// `keys`) from the store of an earlier build: the documents it has are
/// renumbered, the others indexed. `None` if the keys of `docs` are not
/// all different. Also gives the NFC body of each document number, and
/// how many documents were indexed.
pub(crate) fn update<'a>(
    stored: Stored,
    docs: &'a [SearchDoc],
    order: &[usize],
    keys: &[DocKey],
    later: Option<&crate::Later<'_>>,
) -> Option<Updated<'a>> {
    let n = order.len();
    let mut number: std::collections::HashMap<DocKey, u32> = Default::default();
    number.reserve(n);
    for (k, &i) in order.iter().enumerate() {
        if number.insert(keys[i], k as u32).is_some() {
            return None;
        }
    }
    // the new number of each stored document, NONE if it is gone
    let mut renumber = Vec::with_capacity(stored.keys.len());
    let mut lengths = vec![0u32; n];
    let mut nfc = vec![false; n];
    let mut known = vec![false; n];
    let mut lens = vec![None; n];
    let stored_docs = stored.keys.iter().zip(&stored.lengths).zip(&stored.nfc);
    for (((key, &len), &was_nfc), &entry) in stored_docs.zip(&stored.files.lens) {
        let to = number.get(key).copied().unwrap_or(NONE);
        if to != NONE {
            if known[to as usize] {
                return None;
            }
            known[to as usize] = true;
            lengths[to as usize] = len;
            nfc[to as usize] = was_nfc;
            lens[to as usize] = Some(entry);
        }
        renumber.push(to);
    }
    drop(number);
    let mut ix = Indexer::new(Terms::default());
    let mut indexed = 0;
    let mut bodies = Vec::with_capacity(n);
    for (k, &i) in order.iter().enumerate() {
        let body = &docs[i].body;
        let left_out = later.filter(|l| l.left_out[i]);
        if !known[k] {
            // A body left out is asked for, and its NFC form kept owned.
            let (length, was_nfc, nfc_body) = match left_out {
                Some(l) => {
                    let doc = SearchDoc {
                        body: (l.body)(i),
                        ..docs[i].clone()
                    };
                    let (length, b) = ix.document(&doc, k as u32);
                    (
                        length,
                        matches!(b, Cow::Borrowed(_)),
                        Cow::Owned(b.into_owned()),
                    )
                }
                None => {
                    let (length, b) = ix.document(&docs[i], k as u32);
                    (length, matches!(b, Cow::Borrowed(_)), b)
                }
            };
            lengths[k] = length;
            nfc[k] = was_nfc;
            bodies.push(crate::Body::Here(nfc_body));
            indexed += 1;
        } else if left_out.is_some() {
            bodies.push(crate::Body::Later {
                doc: i,
                nfc: nfc[k],
            });
        } else if nfc[k] {
            bodies.push(crate::Body::Here(Cow::Borrowed(&**body)));
        } else {
            bodies.push(crate::Body::Here(crate::text::nfc(body)));
        }
    }
    let mut new_terms = ix.terms;
    let (new_postings, new_pairs) = new_terms.take_lists();
    let mut terms = stored.terms;
    let (vmap, pmap) = terms.adopt(&new_terms);
    drop(new_terms);
    let (variants, pairs) = terms.counts();
    let scores = Scores::new(&stored.lengths, &lengths, stored.files.avgdl);
    let (postings, same_variants) = merge_all(
        stored.postings,
        route(new_postings, &vmap, variants),
        &renumber,
        &scores,
    );
    let (pair_postings, same_pairs) = merge_all(
        stored.pair_postings,
        route(new_pairs, &pmap, pairs),
        &renumber,
        &scores,
    );
    let lists = OldLists {
        same_variants,
        same_pairs,
        docs: stored.keys.len() as u32,
        avgdl: stored.files.avgdl,
        big: stored.files.big,
    };
    let tables = Tables {
        terms,
        postings,
        pair_postings,
        lengths,
        nfc,
    };
    let old = OldChunks {
        keys: stored.keys,
        chunks: stored.files.chunks,
    };
    Some(Updated {
        tables,
        bodies,
        indexed,
        lens,
        old,
        lists,
    })
}

/// Lists numbered apart put at their numbers in tables of `len` terms.
fn route(lists: Vec<Packed>, map: &[u32], len: usize) -> Vec<Packed> {
    let mut out: Vec<Packed> = Vec::new();
    out.resize_with(len, Packed::default);
    for (list, &to) in lists.into_iter().zip(map) {
        out[to as usize] = list;
    }
    out
}

/// The quantised scores a posting had in the last build's lists (with the
/// stored document lengths) and has now (with the new ones), both at the
/// average length the last build's scores used. A list whose documents
/// all have the score they had is encoded the same, if the average length
/// scores use now is that one too (which the writer checks).
struct Scores<'a> {
    old_lengths: &'a [u32],
    new_lengths: &'a [u32],
    avgdl: f64,
    quant: crate::Quantiser,
}

impl<'a> Scores<'a> {
    fn new(old_lengths: &'a [u32], new_lengths: &'a [u32], avgdl: u64) -> Self {
        Scores {
            old_lengths,
            new_lengths,
            avgdl: f64::from_bits(avgdl),
            quant: crate::Quantiser::new(),
        }
    }

    /// Whether `new` (a posting of a document indexed now) scores as `old`
    /// (a posting of the stored document it replaces at the same number).
    fn same(&self, old: &Posting, new: &Posting) -> bool {
        let q = |p: &Posting, lengths: &[u32]| {
            let dl = lengths.get(p.doc as usize).copied();
            dl.map(|dl| self.quant.q(crate::score(p.tf, p.bits, dl, self.avgdl)))
        };
        old.doc == new.doc
            && q(old, self.old_lengths).is_some()
            && q(old, self.old_lengths) == q(new, self.new_lengths)
    }
}

/// Whether a list whose stored postings are `old` and whose postings of
/// documents indexed now are `new` encodes as it did, when every document
/// kept its number: the documents gone from `old` are exactly those of
/// `new` (a document edited is indexed again at its number), each with the
/// quantised score it had.
fn scores_kept(old: &[Posting], new: &[Posting], renumber: &[u32], scores: &Scores<'_>) -> bool {
    each_replaced(old, new, renumber, |o, n| scores.same(o, n))
}

/// Whether the documents gone from `old` are exactly those of `new`, and
/// `like` holds of each one's posting then and now.
fn each_replaced(
    old: &[Posting],
    new: &[Posting],
    renumber: &[u32],
    like: impl Fn(&Posting, &Posting) -> bool,
) -> bool {
    let mut replaced = old.iter().filter(|p| renumber[p.doc as usize] == NONE);
    let mut new = new.iter();
    loop {
        match (replaced.next(), new.next()) {
            (None, None) => return true,
            (Some(o), Some(n)) if like(o, n) => {}
            _ => return false,
        }
    }
}

/// Each stored list renumbered and merged with the list of the same term
/// from the documents indexed now (`fresh`, which may have more terms).
/// When every document kept its number (edits, or additions at the end),
/// a list with no document gone and none added is kept as it is; the
/// second vector says which lists encode as they did: those kept, and
/// those whose every document edited is still in them with the quantised
/// score it had ([`scores_kept`]).
fn merge_all(
    stored: Vec<Packed>,
    fresh: Vec<Packed>,
    renumber: &[u32],
    scores: &Scores<'_>,
) -> (Vec<Packed>, Vec<bool>) {
    let monotone = renumber.iter().filter(|&&d| d != NONE).is_sorted();
    let in_place = renumber
        .iter()
        .enumerate()
        .all(|(k, &d)| d == NONE || d == k as u32);
    let gone: Vec<u32> = (0..renumber.len() as u32)
        .filter(|&k| renumber[k as usize] == NONE)
        .collect();
    let mut out = Vec::with_capacity(fresh.len());
    let mut same = Vec::with_capacity(fresh.len());
    let mut stored = stored.into_iter();
    for new in fresh {
        let old = stored.next().unwrap_or_default();
        let kept = in_place && new.is_empty() && !old.has_any(&gone);
        if kept {
            same.push(true);
            out.push(old);
            continue;
        }
        let packed = old;
        let old = packed.unpack();
        let new = new.unpack();
        same.push(in_place && scores_kept(&old, &new, renumber, scores));
        // documents indexed again at their numbers with the postings they
        // had (an edit that left these words as they were): the list is
        // the stored one
        let equal = |o: &Posting, n: &Posting| (o.doc, o.tf, o.bits) == (n.doc, n.tf, n.bits);
        if in_place && each_replaced(&old, &new, renumber, equal) {
            out.push(packed);
            continue;
        }
        let mut list: Vec<Posting> = old
            .into_iter()
            .filter_map(|mut p| {
                p.doc = renumber[p.doc as usize];
                (p.doc != NONE).then_some(p)
            })
            .collect();
        if !monotone {
            list.sort_unstable_by_key(|p| p.doc);
        }
        if !new.is_empty() {
            list.extend(new);
            list.sort_by_key(|p| p.doc);
        }
        let mut packed = Packed::default();
        for p in list {
            packed.push(p);
        }
        out.push(packed);
    }
    (out, same)
}

#[cfg(test)]
mod tests;
