//! Vietnamese full-text search for noibo sites.
//!
//! [`build_index`] turns the site's pages into a set of small JavaScript files
//! under `search/idx/`; the browser client `themes/default/static/search.js`
//! loads only the few a query needs, by inserting `<script>` elements (so it
//! works from `file://`, where `fetch()` does not, and over http alike). Each
//! file calls `window.__noiboSearchPart(name, data)`.
//!
//! # Files
//! * `meta.js`: build id, document count, bucket count, chunk table, list of
//!   dictionary shards, filter values with their counts.
//! * `b-N.js` (buckets): the posting lists of every term whose FNV-1a hash
//!   modulo the bucket count is N, keyed by term. A list too long to share a
//!   bucket sits in its own file `q-N.js` and the bucket holds its number.
//!   Terms are: folded words ("dang") with their exact-diacritic variants
//!   ("đang_3" for Đảng, "đang" for đang); adjacent-word pairs ("tuyen truyen")
//!   for phrases and adjacency ranking; document numbers ("58-cv-tccs",
//!   "58-cv"); filter values ("~k=directives", "~t=cong van", "~i=...",
//!   "~y=2026").
//! * `d-XX.js` (dictionary shards): folded words and number tokens starting
//!   with XX, with their document frequency, for prefix matching while typing.
//! * `c-N.js` (chunks): url, title, kind, number, date, type, issuer and body
//!   text (at most [`SNIPPET_TEXT_MAX`] characters) of consecutive documents,
//!   about 3 KB a chunk (usually one document), loaded for the displayed
//!   results only (titles and snippets).
//!
//! A posting list is a string of numbers in a 92-character alphabet (see
//! [`enc`]): for each document the gap from the previous one, then (not for
//! filters) its score for the term, quantised on a log scale to 1..=45. A
//! list holding more than half of the documents is written dense instead: a
//! space, then the score of every document in order, 0 where it is absent.
//! In a dictionary shard a term is `df`, or `[df, N]` when its lists are in
//! `q-N.js`, so that prefix matching goes there straight.
//! Documents are numbered newest first, so ties go to the newest.
//!
//! # Ranking
//! A term's score in a document is BM25 of its body frequency plus a boost
//! for each field it occurs in: number 6, title 3, tags 1.5, type, issuer and
//! signer 1, date 0.5; so number and title outrank the body. The client
//! multiplies by IDF, adds the scores of word pairs found adjacent ("tuyen
//! truyen" as a pair ranks above the two words apart), and puts documents
//! having a word with the very diacritics it was typed with in a higher tier
//! ("Đảng" typed: documents with "Đảng" before those with only "đang").
//! BM25's average body length is rounded to a power of 1.03, so that editing
//! a document seldom moves it and leaves the other documents' scores as
//! they were.
//!
//! # Rebuilds
//! [`build_index_reusing`] keeps, in a store the caller saves between
//! builds, the term tables and every posting list. The next build indexes
//! only the documents whose key is not in the store, renumbers the others'
//! postings and drops those of documents gone; its files are byte for byte
//! those [`build_index`] makes of the same documents (see `store.rs`).
//! A chunk file of texts whose documents are all as they were, or the file
//! of a big list whose postings, document count and average length are,
//! is not made again if the caller's output still holds it ([`Left`],
//! [`Part::Kept`]).
//!
//! Building is fast (about 20 MB of text a second on one core) and uses up to
//! 4 threads for large sites; the output never depends on the thread count.
//! [`build_index_each`] hands each file over as soon as it is made, so that
//! the index need not be held in memory whole (mostly the document texts of
//! the chunks); [`build_index`] collects them. Indexing (terms and posting
//! lists) is in `index.rs`, the writing of the files in `write.rs`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub mod enc;
mod index;
mod later;
pub mod lists;
mod packed;
mod share;
mod store;
pub mod text;
mod write;

use index::{Partial, Terms, index_part};
pub use later::Later;
pub(crate) use later::{Body, filled};
pub use share::Share;

/// One page of the site as the search index sees it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchDoc {
    /// Relative to the site root, ends with '/' ("van-ban/2026/58-cv-tccs/");
    /// the client appends `index.html` for `file://`. A url already ending in
    /// `index.html` works as well.
    pub url: String,
    /// "directives" | "models" | "materials" | "pages".
    pub kind: String,
    pub title: String,
    /// Number and symbol ("58-CV/TCCS").
    pub number: Option<String>,
    /// "Công văn".
    pub doc_type: Option<String>,
    pub issuer: Option<String>,
    pub signer: Option<String>,
    /// "2026-03-25".
    pub date: String,
    pub tags: Vec<String>,
    /// Plain text of the rendered page body, NFC, paragraphs separated by
    /// "\n"; shared with the site's rendered body rather than copied.
    pub body: std::sync::Arc<str>,
}

/// What identifies a document's content between builds (a hash of every
/// field, made by the caller): a document with the same key is indexed the
/// same.
pub type DocKey = [u8; 16];

/// What [`build_index_reusing`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Reused {
    /// Whether the store given was used (else every document was indexed).
    pub store_used: bool,
    /// How many documents were indexed (the others came from the store).
    pub indexed: usize,
    /// The id of the index made (the build id `meta` carries): what a
    /// later rebuild gives as [`Left::index`].
    pub index: u64,
    /// How many files were not made again but kept ([`Part::Kept`]).
    pub kept: usize,
}

/// The store of an earlier build, decoded: what [`build_index_reusing`]
/// starts from. Reading it is a good part of a rebuild's indexing, so a
/// caller may read it ahead, beside other work.
pub struct Store(store::Stored);

impl Store {
    /// The store `bytes` hold, if they are one this version wrote whole.
    pub fn read(bytes: &[u8]) -> Option<Store> {
        store::read(bytes).map(Store)
    }
}

/// The output the last build left, for [`build_index_reusing`].
#[derive(Clone, Copy)]
pub struct Left<'a> {
    /// The id of the index that build made ([`Reused::index`]): its files
    /// are kept only if the store given is that build's.
    pub index: u64,
    /// Whether the output still holds the file at a path as it was left.
    pub holds: &'a (dyn Fn(&str) -> bool + Sync),
}

/// One file of the index, to be written at `path` under the output folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexFile {
    /// Relative to the site root ("search/idx/b-3f.js").
    pub path: String,
    pub bytes: Vec<u8>,
}

/// What a rebuild hands over for each file of the index: the file made, or
/// the path of a file made the same by the last build, which the output
/// still holds (see [`build_index_reusing`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    File(IndexFile),
    Kept(String),
}

/// Where the index lives, relative to the site root.
pub const INDEX_DIR: &str = "search/idx/";

/// Body text kept per document for snippets, in characters.
pub const SNIPPET_TEXT_MAX: usize = 16_000;

/// An encoded entry longer than this gets its own file.
const BIG_ENTRY: usize = 2_048;
/// Target size of a bucket file.
const BUCKET_TARGET: usize = 4_096;
/// Target size of a chunk of document texts.
const CHUNK_TARGET: usize = 3_000;

// Field bits and the score each adds when the term occurs in that field.
const F_NUMBER: u8 = 1;
const F_TITLE: u8 = 2;
const F_TAGS: u8 = 4;
const F_TYPE: u8 = 8;
const F_ISSUER: u8 = 16;
const F_SIGNER: u8 = 32;
const F_DATE: u8 = 64;
const BOOSTS: [(u8, f64); 7] = [
    (F_NUMBER, 6.0),
    (F_TITLE, 3.0),
    (F_TAGS, 1.5),
    (F_TYPE, 1.0),
    (F_ISSUER, 1.0),
    (F_SIGNER, 1.0),
    (F_DATE, 0.5),
];
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// Highest score before quantising: BM25 of the body (at most K1 + 1) plus
/// every field boost.
pub const SCORE_MAX: f64 = 16.2;
/// Quantised scores run 1..=QMAX and take one character.
pub const QMAX: u32 = 45;

/// The score of a term in a document, from its body frequency, the fields it
/// occurs in and the body length.
fn score(tf: u16, bits: u8, dl: u32, avgdl: f64) -> f64 {
    let mut s = 0.0;
    if tf > 0 {
        let tf = f64::from(tf);
        s += tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * f64::from(dl) / avgdl));
    }
    for (bit, boost) in BOOSTS {
        if bits & bit != 0 {
            s += boost;
        }
    }
    s
}

/// Log-scale quantisation of a score; `search.js` inverts it.
pub fn quantise(s: f64) -> u32 {
    let q = (f64::from(QMAX) * (1.0 + s).ln() / (1.0 + SCORE_MAX).ln()).round();
    (q as u32).clamp(1, QMAX)
}

/// The same as [`quantise`], by comparing with precomputed thresholds.
struct Quantiser([f64; QMAX as usize + 1]);

impl Quantiser {
    fn new() -> Self {
        let mut t = [0.0; QMAX as usize + 1];
        let l = (1.0 + SCORE_MAX).ln();
        for (k, v) in t.iter_mut().enumerate() {
            // the lowest score rounding to k + 1
            *v = ((k as f64 + 0.5) * l / f64::from(QMAX)).exp() - 1.0;
        }
        Quantiser(t)
    }
    #[inline]
    fn q(&self, s: f64) -> u32 {
        let k = self.0.partition_point(|&t| t <= s) as u32;
        k.clamp(1, QMAX)
    }
}

/// Filter values are matched folded, with single spaces.
pub fn filter_value(s: &str) -> String {
    let f = noibo_text::fold(&text::nfc(s));
    let mut out = String::with_capacity(f.len());
    for w in f.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// The dictionary shard of a folded term or prefix: its first two characters
/// when both are ASCII letters or digits, else its first when it is, else "_".
pub fn shard_key(term: &str) -> String {
    let mut it = term.chars();
    let ok = |c: Option<char>| c.filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    match (ok(it.next()), ok(it.next())) {
        (Some(a), Some(b)) => format!("{a}{b}"),
        (Some(a), None) => a.to_string(),
        _ => "_".to_string(),
    }
}

/// Builds the search index of `docs`: every file, sorted by path. The same
/// input gives byte-identical output; documents are ranked on ties newest
/// first, then by url. Holds the whole index in memory at once; see
/// [`build_index_each`] to write each file as it is made.
pub fn build_index(docs: &[SearchDoc]) -> Vec<IndexFile> {
    build_with_threads(docs, Share::Alone.threads(docs))
}

/// Builds the same files as [`build_index`], handing each to `emit` as soon
/// as it is complete and keeping nothing of it, so that memory holds the
/// index tables and one file at a time rather than the whole index.
///
/// `emit` is called once per file, on the calling thread, never concurrently;
/// `meta.js` comes last (its build id digests every file before it), after
/// the `q-`, `b-`, `d-` and `c-` files. A caller writing the files to disk can
/// keep the first error in a variable the closure captures.
///
/// `share` says whether the index has the processors to itself.
pub fn build_index_each(docs: &[SearchDoc], share: Share, emit: &mut dyn FnMut(IndexFile)) {
    build_each_with_threads(docs, share.threads(docs), emit);
}

/// Builds the same files as [`build_index_each`], reading again only the
/// documents that `previous` (the store an earlier build of this function
/// wrote, read by [`Store::read`]) does not hold, and writes the store of
/// this build to `next`. `keys` has the key of each document of `docs`, in
/// the same order. A `previous` that does not fit `docs` is not used.
/// Errors are those of `next`: the files are handed to `emit` only if the
/// store's tables were written, but the store may fail to end after some
/// were (the caller then fails the build).
///
/// A chunk file or a big list's file (`q-`) that the build that wrote
/// `previous` made with the same bytes is not made again when that build's
/// output is `left` and still holds the file as it was left: it is handed
/// over as [`Part::Kept`]. A store written by a build that did not end (its
/// index is not `left.index`) gives its tables but no files.
///
/// The bodies of documents that `later` says were left out are asked for
/// only where a file made now needs them (all of them if `previous` cannot
/// be used); their keys must still speak of their bodies. `share` says
/// whether the index has the processors to itself.
pub fn build_index_reusing(
    docs: &[SearchDoc],
    keys: &[DocKey],
    from: Reuse<'_>,
    share: Share,
    next: &mut dyn std::io::Write,
    emit: &mut dyn FnMut(Part),
) -> std::io::Result<Reused> {
    reusing_with_threads(docs, keys, from, share.threads(docs), next, emit)
}

/// What [`build_index_reusing`] starts from: the store of an earlier build,
/// the output it left, and the bodies left out of the documents.
#[derive(Default)]
pub struct Reuse<'a> {
    pub previous: Option<Store>,
    pub left: Option<Left<'a>>,
    pub later: Option<Later<'a>>,
}

fn reusing_with_threads(
    docs: &[SearchDoc],
    keys: &[DocKey],
    from: Reuse<'_>,
    threads: usize,
    next: &mut dyn std::io::Write,
    emit: &mut dyn FnMut(Part),
) -> std::io::Result<Reused> {
    assert_eq!(docs.len(), keys.len(), "one key per document");
    let Reuse {
        previous,
        left,
        later,
    } = from;
    let order = doc_order(docs);
    let read = previous.map(|s| s.0);
    let files_left = read.as_ref().and_then(|s| {
        let l = left?;
        (l.index == s.files.id).then_some(l.holds)
    });
    let update = read.and_then(|s| store::update(s, docs, &order, keys, later.as_ref()));
    let all: Option<Vec<SearchDoc>>;
    let ordered_keys: Vec<DocKey> = order.iter().map(|&i| keys[i]).collect();
    let (tables, bodies, reused, reuse, big_reuse) = match update {
        Some(u) => {
            let reused = Reused {
                store_used: true,
                indexed: u.indexed,
                ..Reused::default()
            };
            let (lens, old, lists) = (u.lens, u.old, u.lists);
            let reuse = files_left.map(|holds| write::Reuse {
                keys: &ordered_keys,
                lens,
                old,
                holds,
            });
            let big_reuse = files_left.map(|holds| write::BigReuse { lists, holds });
            (u.tables, u.bodies, reused, reuse, big_reuse)
        }
        None => {
            // Every document is indexed: the bodies left out are needed.
            all = filled(docs, later.as_ref());
            let docs = all.as_deref().unwrap_or(docs);
            let (tables, bodies) = index_whole(docs, &order, threads);
            let bodies = bodies.into_iter().map(Body::Here).collect();
            let reused = Reused {
                store_used: false,
                indexed: docs.len(),
                ..Reused::default()
            };
            (tables, bodies, reused, None, None)
        }
    };
    store::write(next, &ordered_keys, &tables)?;
    let store::Tables {
        terms,
        postings,
        pair_postings,
        lengths,
        nfc: _,
    } = tables;
    let (filters, facets) = filters_and_facets(docs, &order);
    let gathered = write::Gathered {
        docs,
        order: &order,
        bodies: &bodies,
        later: later.as_ref(),
        keys: terms.into_keys(),
        lists: vec![index::Lists::single(postings, pair_postings)],
        lengths,
        filters,
        facets,
        reuse,
        big_reuse,
    };
    let (written, kept) = write::write_index(gathered, threads.max(1), emit);
    store::finish(next, &written)?;
    Ok(Reused {
        index: written.id,
        kept,
        ..reused
    })
}

/// Every document indexed, on `threads` threads, the slices' tables merged
/// into one.
fn index_whole<'a>(
    docs: &'a [SearchDoc],
    order: &[usize],
    threads: usize,
) -> (store::Tables, Vec<std::borrow::Cow<'a, str>>) {
    let (merged, lists, lengths, bodies) = index_slices(docs, order, threads);
    let (variants, pairs) = merged.counts();
    let (postings, pair_postings) = index::Lists::join(lists, variants, pairs);
    let nfc = bodies
        .iter()
        .map(|b| matches!(b, std::borrow::Cow::Borrowed(_)))
        .collect();
    let tables = store::Tables {
        terms: merged,
        postings,
        pair_postings,
        lengths,
        nfc,
    };
    (tables, bodies)
}

fn build_with_threads(docs: &[SearchDoc], threads: usize) -> Vec<IndexFile> {
    let mut files = Vec::new();
    build_each_with_threads(docs, threads, &mut |f| files.push(f));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// The documents in document number order: newest first, then by url.
fn doc_order(docs: &[SearchDoc]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by(|&a, &b| {
        docs[b]
            .date
            .cmp(&docs[a].date)
            .then_with(|| docs[a].url.cmp(&docs[b].url))
    });
    order
}

fn build_each_with_threads(docs: &[SearchDoc], threads: usize, emit: &mut dyn FnMut(IndexFile)) {
    let order = doc_order(docs);
    let (merged, lists, lengths, bodies) = index_slices(docs, &order, threads);
    let bodies: Vec<Body> = bodies.into_iter().map(Body::Here).collect();
    let keys = merged.into_keys();
    let (filters, facets) = filters_and_facets(docs, &order);
    let gathered = write::Gathered {
        docs,
        order: &order,
        bodies: &bodies,
        later: None,
        keys,
        lists,
        lengths,
        filters,
        facets,
        reuse: None,
        big_reuse: None,
    };
    write::write_index(gathered, threads.max(1), &mut |p| match p {
        Part::File(f) => emit(f),
        Part::Kept(path) => unreachable!("{path} kept without a store"),
    });
}

/// The documents indexed in `threads` slices: the merged term tables, the
/// lists of each slice, and per document number its length and NFC body.
#[allow(clippy::type_complexity)]
fn index_slices<'a>(
    docs: &'a [SearchDoc],
    order: &[usize],
    threads: usize,
) -> (
    Terms,
    Vec<index::Lists>,
    Vec<u32>,
    Vec<std::borrow::Cow<'a, str>>,
) {
    let threads = threads.max(1);
    let per = order.len().div_ceil(threads).max(1);
    let parts: Vec<Partial> = if threads == 1 {
        vec![index_part(docs, order, 0)]
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = order
                .chunks(per)
                .enumerate()
                .map(|(k, slice)| scope.spawn(move || index_part(docs, slice, (k * per) as u32)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("indexing thread"))
                .collect()
        })
    };
    let mut lengths = Vec::with_capacity(docs.len());
    let mut bodies = Vec::with_capacity(docs.len());
    let mut merged = Terms::default();
    let mut lists = Vec::with_capacity(parts.len());
    for p in parts {
        lengths.extend(p.lengths);
        bodies.extend(p.bodies);
        lists.push(merged.absorb(p.terms));
    }
    (merged, lists, lengths, bodies)
}

/// Filter key ("~k=directives") to its documents (by number), and per facet
/// (kinds, types, issuers, years) each folded value with its display form and
/// document count.
#[allow(clippy::type_complexity)]
fn filters_and_facets(
    docs: &[SearchDoc],
    order: &[usize],
) -> (
    BTreeMap<String, Vec<u32>>,
    [BTreeMap<String, (String, u32)>; 4],
) {
    let mut filters: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let mut facets: [BTreeMap<String, (String, u32)>; 4] = Default::default();
    for (id, &i) in order.iter().enumerate() {
        let d = &docs[i];
        let year = d
            .date
            .get(..4)
            .filter(|y| y.bytes().all(|b| b.is_ascii_digit()));
        let values = [
            Some(d.kind.as_str()),
            d.doc_type.as_deref(),
            d.issuer.as_deref(),
            year,
        ];
        for (k, (v, prefix)) in values
            .into_iter()
            .zip(["~k=", "~t=", "~i=", "~y="])
            .enumerate()
        {
            let Some(v) = v.map(str::trim).filter(|v| !v.is_empty()) else {
                continue;
            };
            let key = if k == 0 {
                v.to_string()
            } else {
                filter_value(v)
            };
            filters
                .entry(format!("{prefix}{key}"))
                .or_default()
                .push(id as u32);
            facets[k].entry(key).or_insert_with(|| (v.to_string(), 0)).1 += 1;
        }
    }

    (filters, facets)
}

#[cfg(test)]
mod tests;
