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
//!
//! Building is fast (about 20 MB of text a second on one core) and uses up to
//! 4 threads for large sites; the output never depends on the thread count.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub mod enc;
pub mod text;

use enc::{FxMap, push_json_str, push_num};
use text::{Number, Word};

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
    /// Plain text of the rendered page body, NFC, paragraphs separated by "\n".
    pub body: String,
}

/// One file of the index, to be written at `path` under the output folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexFile {
    /// Relative to the site root ("search/idx/b-3f.js").
    pub path: String,
    pub bytes: Vec<u8>,
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

#[derive(Clone, Copy)]
struct Posting {
    doc: u32,
    tf: u16,
    bits: u8,
}

/// Term tables: raw words and exact keys to variants, variants to folded groups.
#[derive(Default)]
struct Terms {
    raw: FxMap<Box<str>, u32>,
    exact: FxMap<Box<str>, u32>,
    /// Per variant: exact key and group.
    variants: Vec<(Box<str>, u32)>,
    groups: FxMap<Box<str>, u32>,
    group_keys: Vec<Box<str>>,
    postings: Vec<Vec<Posting>>,
    pairs: FxMap<u64, u32>,
    pair_keys: Vec<(u32, u32)>,
    pair_postings: Vec<Vec<Posting>>,
    fold_buf: String,
    exact_buf: String,
}

impl Terms {
    fn group(&mut self, folded: &str) -> u32 {
        if let Some(&g) = self.groups.get(folded) {
            return g;
        }
        let g = self.group_keys.len() as u32;
        self.group_keys.push(folded.into());
        self.groups.insert(folded.into(), g);
        g
    }

    /// The variant of an exact key whose folded key is `folded`.
    fn variant(&mut self, exact: &str, folded: &str) -> u32 {
        if let Some(&v) = self.exact.get(exact) {
            return v;
        }
        let g = self.group(folded);
        let v = self.variants.len() as u32;
        self.variants.push((exact.into(), g));
        self.exact.insert(exact.into(), v);
        self.postings.push(Vec::new());
        v
    }

    /// The variant of a word as written.
    #[inline]
    fn word(&mut self, raw: &str) -> u32 {
        if let Some(&v) = self.raw.get(raw) {
            return v;
        }
        let mut f = std::mem::take(&mut self.fold_buf);
        let mut x = std::mem::take(&mut self.exact_buf);
        text::folded_key(raw, &mut f);
        text::exact_key(raw, &mut x);
        let v = self.variant(&x, &f);
        self.fold_buf = f;
        self.exact_buf = x;
        self.raw.insert(raw.into(), v);
        v
    }

    #[inline]
    fn pair(&mut self, a: u32, b: u32) -> u32 {
        let key = (u64::from(a) << 32) | u64::from(b);
        if let Some(&p) = self.pairs.get(&key) {
            return p;
        }
        let p = self.pair_keys.len() as u32;
        self.pair_keys.push((a, b));
        self.pairs.insert(key, p);
        self.pair_postings.push(Vec::new());
        p
    }
}

/// What one document has of each term, gathered while reading it.
#[derive(Default)]
struct DocTerms {
    stamp: Vec<u32>,
    slot: Vec<u32>,
    list: Vec<(u32, u16, u8)>,
}

impl DocTerms {
    #[inline]
    fn add(&mut self, doc: u32, id: u32, bits: u8) {
        let i = id as usize;
        if i >= self.stamp.len() {
            self.stamp.resize(i + 1, u32::MAX);
            self.slot.resize(i + 1, 0);
        }
        if self.stamp[i] != doc {
            self.stamp[i] = doc;
            self.slot[i] = self.list.len() as u32;
            self.list.push((id, 0, 0));
        }
        let e = &mut self.list[self.slot[i] as usize];
        if bits == 0 {
            e.1 = e.1.saturating_add(1);
        } else {
            e.2 |= bits;
        }
    }
}

struct Indexer {
    terms: Terms,
    vars: DocTerms,
    pairs: DocTerms,
    words: Vec<Word>,
    numbers: Vec<Number>,
    doc: u32,
}

impl Indexer {
    /// Indexes a text of the current document; `bits` is 0 for the body.
    /// Returns the number of words.
    fn text(&mut self, text: &str, bits: u8) -> u32 {
        let text = text::nfc(text);
        self.nfc_text(&text, bits)
    }

    /// [`Indexer::text`] of a text known to be NFC.
    fn nfc_text(&mut self, text: &str, bits: u8) -> u32 {
        text::scan(text, &mut self.words);
        let mut prev_group = u32::MAX;
        for w in &self.words {
            let v = self.terms.word(&text[w.start..w.end]);
            self.vars.add(self.doc, v, bits);
            let g = self.terms.variants[v as usize].1;
            if prev_group != u32::MAX && w.sep.adjacent() {
                let p = self.terms.pair(prev_group, g);
                self.pairs.add(self.doc, p, bits);
            }
            prev_group = g;
        }
        text::find_numbers(text, &self.words, &mut self.numbers);
        let numbers = std::mem::take(&mut self.numbers);
        for n in &numbers {
            self.special(&n.full, bits);
            if n.short != n.full {
                self.special(&n.short, bits);
            }
        }
        self.numbers = numbers;
        self.words.len() as u32
    }

    fn special(&mut self, key: &str, bits: u8) {
        let v = self.terms.variant(key, key);
        self.vars.add(self.doc, v, bits);
    }

    fn finish_doc(&mut self) {
        for &(v, tf, bits) in &self.vars.list {
            self.terms.postings[v as usize].push(Posting {
                doc: self.doc,
                tf,
                bits,
            });
        }
        for &(p, tf, bits) in &self.pairs.list {
            self.terms.pair_postings[p as usize].push(Posting {
                doc: self.doc,
                tf,
                bits,
            });
        }
        self.vars.list.clear();
        self.pairs.list.clear();
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

fn date_text(date: &str) -> Option<String> {
    let mut it = date.splitn(3, '-');
    let (y, m, d) = (it.next()?, it.next()?, it.next()?);
    let (y, m, d): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.get(..2)?.parse().ok()?);
    Some(format!("{d}/{m}/{y}"))
}

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

fn part(name: &str, data: &str) -> IndexFile {
    let mut s = String::with_capacity(data.len() + name.len() + 40);
    // A byte-order mark makes browsers read the file as UTF-8 whatever the
    // page or the server says.
    s.push('\u{feff}');
    s.push_str("__noiboSearchPart(");
    push_json_str(&mut s, name);
    s.push(',');
    s.push_str(data);
    s.push_str(");\n");
    IndexFile {
        path: format!("{INDEX_DIR}{name}.js"),
        bytes: s.into_bytes(),
    }
}

/// The index of a slice of the documents, numbered from `first`.
struct Partial<'a> {
    terms: Terms,
    lengths: Vec<u32>,
    bodies: Vec<std::borrow::Cow<'a, str>>,
}

fn index_part<'a>(docs: &'a [SearchDoc], order: &[usize], first: u32) -> Partial<'a> {
    let mut ix = Indexer {
        terms: Terms::default(),
        vars: DocTerms::default(),
        pairs: DocTerms::default(),
        words: Vec::new(),
        numbers: Vec::new(),
        doc: first,
    };
    let mut lengths = Vec::with_capacity(order.len());
    let mut bodies = Vec::with_capacity(order.len());
    let mut nums = Vec::new();
    for (k, &i) in order.iter().enumerate() {
        let d = &docs[i];
        ix.doc = first + k as u32;
        if let Some(n) = d.number.as_deref() {
            ix.text(n, F_NUMBER);
            text::field_numbers(n, &mut nums);
            for n in &nums {
                ix.special(&n.full, F_NUMBER);
                ix.special(&n.short, F_NUMBER);
            }
        }
        ix.text(&d.title, F_TITLE);
        for t in &d.tags {
            ix.text(t, F_TAGS);
        }
        if let Some(t) = d.doc_type.as_deref() {
            ix.text(t, F_TYPE);
        }
        if let Some(t) = d.issuer.as_deref() {
            ix.text(t, F_ISSUER);
        }
        if let Some(t) = d.signer.as_deref() {
            ix.text(t, F_SIGNER);
        }
        if let Some(t) = date_text(&d.date) {
            ix.text(&t, F_DATE);
        }
        let body = text::nfc(&d.body);
        lengths.push(ix.nfc_text(&body, 0));
        bodies.push(body);
        ix.finish_doc();
    }
    Partial {
        terms: ix.terms,
        lengths,
        bodies,
    }
}

impl Terms {
    /// Adds the terms and postings of `other`, whose documents all come
    /// after those already here.
    fn absorb(&mut self, other: Terms) {
        if self.variants.is_empty() {
            *self = other;
            return;
        }
        let groups: Vec<u32> = other.group_keys.iter().map(|k| self.group(k)).collect();
        for ((exact, g), list) in other.variants.iter().zip(other.postings) {
            let folded = &other.group_keys[*g as usize];
            let v = self.variant(exact, folded);
            self.postings[v as usize].extend(list);
        }
        for (&(a, b), list) in other.pair_keys.iter().zip(other.pair_postings) {
            let p = self.pair(groups[a as usize], groups[b as usize]);
            self.pair_postings[p as usize].extend(list);
        }
    }
}

/// The chunk files of the documents' texts, and the chunk sizes encoded for
/// the meta file.
fn chunk_files(
    docs: &[SearchDoc],
    order: &[usize],
    bodies: &[std::borrow::Cow<'_, str>],
) -> (Vec<IndexFile>, String) {
    let mut files = Vec::new();
    let mut chunk_sizes = String::new();
    let mut chunk = String::new();
    let mut in_chunk = 0u32;
    let mut chunks = 0u32;
    let mut flush = |chunk: &mut String, in_chunk: &mut u32, files: &mut Vec<IndexFile>| {
        chunk.push(']');
        files.push(part(&format!("c-{chunks}"), chunk));
        push_num(&mut chunk_sizes, *in_chunk);
        chunks += 1;
        chunk.clear();
        *in_chunk = 0;
    };
    for (&i, body) in order.iter().zip(bodies) {
        let d = &docs[i];
        chunk.push(if in_chunk == 0 { '[' } else { ',' });
        chunk.push('[');
        let fields = [
            d.url.as_str(),
            d.title.as_str(),
            d.kind.as_str(),
            d.number.as_deref().unwrap_or(""),
            d.date.as_str(),
            d.doc_type.as_deref().unwrap_or(""),
            d.issuer.as_deref().unwrap_or(""),
            truncate_chars(body, SNIPPET_TEXT_MAX),
        ];
        for (k, f) in fields.iter().enumerate() {
            if k > 0 {
                chunk.push(',');
            }
            push_json_str(
                &mut chunk,
                &if k == 7 {
                    std::borrow::Cow::Borrowed(*f)
                } else {
                    text::nfc(f)
                },
            );
        }
        chunk.push(']');
        in_chunk += 1;
        if chunk.len() >= CHUNK_TARGET {
            flush(&mut chunk, &mut in_chunk, &mut files);
        }
    }
    if in_chunk > 0 {
        flush(&mut chunk, &mut in_chunk, &mut files);
    }

    (files, chunk_sizes)
}

/// Builds the search index of `docs`. The same input gives byte-identical
/// output; documents are ranked on ties newest first, then by url.
pub fn build_index(docs: &[SearchDoc]) -> Vec<IndexFile> {
    // Documents are indexed in contiguous slices of `order`, one thread
    // each, then merged in order: the output does not depend on the number
    // of threads (every list is written sorted by key).
    // NOIBO_SEARCH_THREADS=1 turns it off (for measurements).
    let threads = match std::env::var("NOIBO_SEARCH_THREADS")
        .ok()
        .and_then(|t| t.parse().ok())
    {
        Some(t) => t,
        None if docs.len() < 2_000 => 1,
        None => std::thread::available_parallelism().map_or(1, |n| n.get().min(4)),
    };
    build_with_threads(docs, threads)
}

fn build_with_threads(docs: &[SearchDoc], threads: usize) -> Vec<IndexFile> {
    let threads = threads.max(1);
    let mut order: Vec<usize> = (0..docs.len()).collect();
    order.sort_by(|&a, &b| {
        docs[b]
            .date
            .cmp(&docs[a].date)
            .then_with(|| docs[a].url.cmp(&docs[b].url))
    });
    let per = order.len().div_ceil(threads).max(1);
    let parts: Vec<Partial> = if threads == 1 {
        vec![index_part(docs, &order, 0)]
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
    for p in parts {
        lengths.extend(p.lengths);
        bodies.extend(p.bodies);
        merged.absorb(p.terms);
    }

    // filter key -> docs; facet key -> (display, count)
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

    let terms = &merged;
    std::thread::scope(|scope| {
        let chunk_job = (threads > 1).then(|| scope.spawn(|| chunk_files(docs, &order, &bodies)));
        write_index(
            docs, &order, &bodies, terms, &lengths, &filters, &facets, chunk_job,
        )
    })
}

#[allow(clippy::too_many_arguments)]
fn write_index<'s>(
    docs: &[SearchDoc],
    order: &[usize],
    bodies: &[std::borrow::Cow<'_, str>],
    terms: &Terms,
    lengths: &[u32],
    filters: &BTreeMap<String, Vec<u32>>,
    facets: &[BTreeMap<String, (String, u32)>; 4],
    chunk_job: Option<std::thread::ScopedJoinHandle<'s, (Vec<IndexFile>, String)>>,
) -> Vec<IndexFile> {
    let n = docs.len() as u32;
    let avgdl = if n == 0 {
        1.0
    } else {
        (lengths.iter().map(|&l| f64::from(l)).sum::<f64>() / f64::from(n)).max(1.0)
    };
    // ---- entries: key -> encoded value
    let mut entries: Vec<(String, String)> =
        Vec::with_capacity(terms.group_keys.len() + terms.pair_keys.len() + filters.len());
    let mut dict: BTreeMap<String, BTreeMap<&str, (u32, Option<u32>)>> = BTreeMap::new();
    let mut group_variants: Vec<Vec<u32>> = vec![Vec::new(); terms.group_keys.len()];
    for (v, (_, g)) in terms.variants.iter().enumerate() {
        group_variants[*g as usize].push(v as u32);
    }
    let mut seen = vec![u32::MAX; docs.len()];
    let quant = Quantiser::new();
    let encode = |list: &[Posting], scores: bool, out: &mut String| {
        if scores && list.len() * 2 > n as usize + 1 {
            // dense: a space, then every document's score, 0 where absent
            out.push(' ');
            let mut next = 0;
            for p in list {
                for _ in next..p.doc {
                    push_num(out, 0);
                }
                push_num(
                    out,
                    quant.q(score(p.tf, p.bits, lengths[p.doc as usize], avgdl)),
                );
                next = p.doc + 1;
            }
            for _ in next..n {
                push_num(out, 0);
            }
            return;
        }
        let mut prev: i64 = -1;
        for p in list {
            push_num(out, (i64::from(p.doc) - prev - 1) as u32);
            prev = i64::from(p.doc);
            if scores {
                push_num(
                    out,
                    quant.q(score(p.tf, p.bits, lengths[p.doc as usize], avgdl)),
                );
            }
        }
    };
    for (g, vars) in group_variants.iter_mut().enumerate() {
        let key = &*terms.group_keys[g];
        vars.sort_by(|&a, &b| {
            terms.variants[a as usize]
                .0
                .cmp(&terms.variants[b as usize].0)
        });
        let mut value = String::from("[");
        let mut df = 0;
        for (i, &v) in vars.iter().enumerate() {
            let (exact, _) = &terms.variants[v as usize];
            if i > 0 {
                value.push(',');
            }
            value.push('[');
            push_json_str(&mut value, if &**exact == key { "" } else { exact });
            value.push_str(",\"");
            let list = &terms.postings[v as usize];
            encode(list, true, &mut value);
            value.push_str("\"]");
            for p in list {
                if seen[p.doc as usize] != g as u32 {
                    seen[p.doc as usize] = g as u32;
                    df += 1;
                }
            }
        }
        value.push(']');
        dict.entry(shard_key(key))
            .or_default()
            .insert(key, (df, None));
        entries.push((key.to_string(), value));
    }
    for (p, &(a, b)) in terms.pair_keys.iter().enumerate() {
        let key = format!(
            "{} {}",
            terms.group_keys[a as usize], terms.group_keys[b as usize]
        );
        let mut value = String::from("\"");
        encode(&terms.pair_postings[p], true, &mut value);
        value.push('"');
        entries.push((key, value));
    }
    for (key, list) in filters {
        let mut value = String::from("\"");
        let list: Vec<Posting> = list
            .iter()
            .map(|&doc| Posting {
                doc,
                tf: 0,
                bits: 0,
            })
            .collect();
        encode(&list, false, &mut value);
        value.push('"');
        entries.push((key.clone(), value));
    }
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));

    // ---- buckets and big entries
    let mut files = Vec::new();
    let mut small_total = 0;
    for (k, v) in &entries {
        if v.len() <= BIG_ENTRY {
            small_total += k.len() + v.len() + 4;
        }
    }
    let buckets = (small_total / BUCKET_TARGET)
        .max(1)
        .next_power_of_two()
        .min(1 << 14);
    let mut bucket_text: Vec<String> = vec![String::from("{"); buckets];
    let mut big = 0u32;
    for (k, v) in &entries {
        let b = &mut bucket_text[(enc::fnv1a32(k) as usize) & (buckets - 1)];
        if b.len() > 1 {
            b.push(',');
        }
        push_json_str(b, k);
        b.push(':');
        if v.len() > BIG_ENTRY {
            b.push_str(&big.to_string());
            files.push(part(&format!("q-{big}"), v));
            if let Some(e) = dict
                .get_mut(&shard_key(k))
                .and_then(|d| d.get_mut(k.as_str()))
            {
                e.1 = Some(big);
            }
            big += 1;
        } else {
            b.push_str(v);
        }
    }
    for (i, mut b) in bucket_text.into_iter().enumerate() {
        b.push('}');
        files.push(part(&format!("b-{i}"), &b));
    }

    // ---- dictionary shards
    let mut shard_names = Vec::new();
    for (shard, words) in &dict {
        let mut s = String::from("{");
        for (i, (w, (df, big))) in words.iter().enumerate() {
            if i > 0 {
                s.push(',');
            }
            push_json_str(&mut s, w);
            s.push(':');
            match big {
                // a term with its own file: where it is, to skip the bucket
                Some(q) => s.push_str(&format!("[{df},{q}]")),
                None => s.push_str(&df.to_string()),
            }
        }
        s.push('}');
        files.push(part(&format!("d-{shard}"), &s));
        shard_names.push(shard.clone());
    }

    // ---- chunks of document texts (written meanwhile, see above)
    let (chunk_files, chunk_sizes) = match chunk_job {
        Some(h) => h.join().expect("chunk thread"),
        None => chunk_files(docs, order, bodies),
    };
    files.extend(chunk_files);

    // ---- meta, with a build id over everything else
    let mut h = enc::FNV64_INIT;
    for f in &files {
        enc::fnv1a64(&mut h, f.path.as_bytes());
        enc::mix64(&mut h, &f.bytes);
    }
    let mut m = String::from("{\"format\":1,\"v\":");
    push_json_str(&mut m, &format!("{:016x}", h));
    m.push_str(&format!(
        ",\"n\":{n},\"buckets\":{buckets},\"smax\":{SCORE_MAX},\"qmax\":{QMAX},\"chunks\":"
    ));
    push_json_str(&mut m, &chunk_sizes);
    m.push_str(",\"shards\":[");
    for (i, s) in shard_names.iter().enumerate() {
        if i > 0 {
            m.push(',');
        }
        push_json_str(&mut m, s);
    }
    m.push(']');
    let kind_rank = |k: &str| {
        ["directives", "models", "materials", "pages"]
            .iter()
            .position(|&x| x == k)
            .unwrap_or(9)
    };
    for (k, name) in ["kinds", "types", "issuers", "years"].iter().enumerate() {
        let mut list: Vec<(&String, &(String, u32))> = facets[k].iter().collect();
        match k {
            0 => list.sort_by(|a, b| kind_rank(a.0).cmp(&kind_rank(b.0)).then(a.0.cmp(b.0))),
            1 => list.sort_by(|a, b| b.1.1.cmp(&a.1.1).then(a.0.cmp(b.0))),
            3 => list.reverse(),
            _ => {}
        }
        m.push_str(&format!(",\"{name}\":["));
        for (i, (_, (display, count))) in list.iter().enumerate() {
            if i > 0 {
                m.push(',');
            }
            m.push('[');
            push_json_str(&mut m, display);
            m.push_str(&format!(",{count}]"));
        }
        m.push(']');
    }
    m.push('}');
    files.push(part("meta", &m));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

#[cfg(test)]
mod tests;
