//! Writing the index files (see the crate docs for their formats) from the
//! merged term tables, each file handed over as soon as it is complete.
//!
//! Order of the files: every `q-N` while the posting lists are encoded in key
//! order, then the buckets `b-N`, the dictionary shards `d-XX`, the chunks
//! `c-N`, and `meta` last. The build id in `meta` is a digest of every other
//! file in that order, so it changes whenever any byte of the index does.
//!
//! What stays in memory: the term keys and the posting lists, each list freed
//! once encoded; the small entries (those that go into a bucket) until the
//! buckets are written; the dictionary shards; and the one file being handed
//! over. With more than one thread, a second thread makes
//! the chunks meanwhile, at most [`CHUNKS_AHEAD`] of them ahead.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::mpsc;

use crate::enc::{self, push_json_str, push_num};
use crate::index::{Lists, TermKeys};
use crate::lists::Encoder;
use crate::{
    BIG_ENTRY, BUCKET_TARGET, INDEX_DIR, IndexFile, QMAX, Quantiser, SCORE_MAX, SearchDoc,
    shard_key,
};

mod chunks;

use chunks::Chunks;

/// Chunk files the chunk thread may make ahead of the writer (about 3 KB
/// each).
const CHUNKS_AHEAD: usize = 32;

/// Hands the files over and digests them, in order, for the build id.
struct Sink<'e> {
    emit: &'e mut dyn FnMut(IndexFile),
    id: u64,
}

impl Sink<'_> {
    fn put(&mut self, f: IndexFile) {
        enc::fnv1a64(&mut self.id, f.path.as_bytes());
        enc::mix64(&mut self.id, &f.bytes);
        (self.emit)(f);
    }
}

/// A file of the index: `data` wrapped in the call the client listens for.
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

/// What the documents gave, in document number order, ready to be written.
pub(crate) struct Gathered<'d, 'b> {
    pub docs: &'d [SearchDoc],
    /// Position in `docs` of each document number.
    pub order: &'d [usize],
    /// NFC body of each document number.
    pub bodies: &'d [Cow<'b, str>],
    /// Keys of the terms; their posting lists are in `lists`.
    pub keys: TermKeys,
    /// Posting lists of each slice of the documents indexed apart, in order.
    pub lists: Vec<Lists>,
    /// Body length in words of each document number.
    pub lengths: Vec<u32>,
    /// Filter key ("~k=directives") to its documents.
    pub filters: BTreeMap<String, Vec<u32>>,
    /// Kinds, types, issuers, years: folded key to (display, count).
    pub facets: [BTreeMap<String, (String, u32)>; 4],
}

/// Makes every file of the index and hands each to `emit` once, `meta` last.
/// With `threads` > 1 the chunks are made on a second thread; the output is
/// the same.
pub(crate) fn write_index(g: Gathered<'_, '_>, threads: usize, emit: &mut dyn FnMut(IndexFile)) {
    let Gathered {
        docs,
        order,
        bodies,
        keys,
        lists,
        lengths,
        filters,
        facets,
    } = g;
    let mut sink = Sink {
        emit,
        id: enc::FNV64_INIT,
    };
    std::thread::scope(|scope| {
        let ahead = (threads > 1).then(|| {
            let (tx, rx) = mpsc::sync_channel(CHUNKS_AHEAD);
            let job = scope.spawn(move || {
                let mut chunks = Chunks::new(docs, order, bodies);
                for f in &mut chunks {
                    if tx.send(f).is_err() {
                        break;
                    }
                }
                chunks.sizes
            });
            (rx, job)
        });

        let n = docs.len() as u32;
        let posted = post(keys, lists, &lengths, filters, n, &mut sink);
        drop(lengths);

        let buckets = write_buckets(posted.small_total, posted.frags, posted.ends, &mut sink);

        // ---- dictionary shards
        let mut shard_names = Vec::with_capacity(posted.shards.len());
        for (shard, mut s) in posted.shards {
            s.push('}');
            sink.put(part(&format!("d-{shard}"), &s));
            shard_names.push(shard);
        }

        // ---- chunks of document texts
        let chunk_sizes = match ahead {
            Some((rx, job)) => {
                for f in rx {
                    sink.put(f);
                }
                job.join().expect("chunk thread")
            }
            None => {
                let mut chunks = Chunks::new(docs, order, bodies);
                for f in &mut chunks {
                    sink.put(f);
                }
                chunks.sizes
            }
        };

        let m = meta(
            sink.id,
            n,
            buckets,
            &chunk_sizes,
            &shard_names,
            &posted.big,
            &facets,
        );
        (sink.emit)(part("meta", &m));
    });
}

/// The buckets `b-N`: the small entries, each in the bucket its key's hash
/// picks, in key order. Returns the number of buckets.
fn write_buckets(
    small_total: usize,
    frags: String,
    ends: Vec<(usize, u32)>,
    sink: &mut Sink<'_>,
) -> usize {
    let buckets = (small_total / BUCKET_TARGET)
        .max(1)
        .next_power_of_two()
        .min(1 << 14);
    let mut bucket_text: Vec<String> = vec![String::from("{"); buckets];
    let mut start = 0;
    for (end, hash) in ends {
        let b = &mut bucket_text[(hash as usize) & (buckets - 1)];
        if b.len() > 1 {
            b.push(',');
        }
        b.push_str(&frags[start..end]);
        start = end;
    }
    drop(frags);
    for (i, mut b) in bucket_text.into_iter().enumerate() {
        b.push('}');
        sink.put(part(&format!("b-{i}"), &b));
    }
    buckets
}

/// The posting lists, encoded; the big ones already handed over.
struct Posted {
    /// The bucket entries (`"key":value`), in key order, one after the other.
    frags: String,
    /// Where each entry of `frags` ends, and the FNV-1a hash of its key.
    ends: Vec<(usize, u32)>,
    /// Total size of the small entries, which sets the number of buckets.
    small_total: usize,
    /// Dictionary shard name to its text so far (without the closing `}`).
    shards: BTreeMap<String, String>,
    /// Fingerprints of the entries that have a file of their own, ascending.
    big: Vec<u32>,
}

/// The fingerprint of a key, which names the file of a big entry
/// (`q-` and five hex digits): the top 20 bits of its FNV-1a hash.
pub(crate) fn fingerprint(key: &str) -> u32 {
    enc::fnv1a32(key) >> 12
}

/// Every key of the index (folded words, word pairs, filters) in one buffer,
/// sorted. Entry k of `order` is group k, then pair k - groups, then filter
/// k - groups - pairs.
struct KeyTable {
    text: String,
    /// (start, end, entry) of each key, sorted by key.
    order: Vec<(u32, u32, u32)>,
}

impl KeyTable {
    fn new(
        group_keys: &[Box<str>],
        pair_keys: &[(u32, u32)],
        filters: &[(String, Vec<u32>)],
    ) -> Self {
        let mut t = KeyTable {
            text: String::new(),
            order: Vec::with_capacity(group_keys.len() + pair_keys.len() + filters.len()),
        };
        let add = |t: &mut KeyTable, parts: &[&str]| {
            let start = t.text.len() as u32;
            for p in parts {
                t.text.push_str(p);
            }
            let end = u32::try_from(t.text.len()).expect("keys under 4 GiB");
            let k = t.order.len() as u32;
            t.order.push((start, end, k));
        };
        for k in group_keys {
            add(&mut t, &[k]);
        }
        for &(a, b) in pair_keys {
            add(
                &mut t,
                &[&group_keys[a as usize], " ", &group_keys[b as usize]],
            );
        }
        for (k, _) in filters {
            add(&mut t, &[k]);
        }
        let text = std::mem::take(&mut t.text);
        let key = |&(s, e, _): &(u32, u32, u32)| &text[s as usize..e as usize];
        t.order.sort_unstable_by(|a, b| key(a).cmp(key(b)));
        t.text = text;
        t
    }

    fn key(&self, i: usize) -> (&str, usize) {
        let (s, e, k) = self.order[i];
        (&self.text[s as usize..e as usize], k as usize)
    }
}

/// Encodes the entries one by one and places them: in a bucket, or in a file
/// of their own.
struct Poster<'a, 's, 'e> {
    enc: Encoder<'a>,
    lists: Vec<Lists>,
    /// Per variant: exact key and group.
    variants: Vec<(Box<str>, u32)>,
    /// Variants of group g, by exact key: `by_group[starts[g]..starts[g + 1]]`.
    by_group: Vec<u32>,
    starts: Vec<usize>,
    sink: &'s mut Sink<'e>,
    out: Posted,
    used: std::collections::HashSet<u32>,
    /// Scratch space: the variants' lists, their combined list, and one
    /// byte per document for combining.
    scratch: Vec<Vec<(u32, u8)>>,
    /// The variants of the group being encoded that have documents.
    ids: Vec<u32>,
    all: Vec<(u32, u8)>,
    best: Vec<u8>,
}

impl<'a, 's, 'e> Poster<'a, 's, 'e> {
    fn new(
        enc: Encoder<'a>,
        lists: Vec<Lists>,
        variants: Vec<(Box<str>, u32)>,
        groups: usize,
        sink: &'s mut Sink<'e>,
    ) -> Self {
        let mut by_group: Vec<u32> = (0..variants.len() as u32).collect();
        by_group.sort_unstable_by(|&a, &b| {
            let (ea, ga) = &variants[a as usize];
            let (eb, gb) = &variants[b as usize];
            ga.cmp(gb).then_with(|| ea.cmp(eb))
        });
        let mut starts = vec![0usize; groups + 1];
        for &(_, g) in &variants {
            starts[g as usize + 1] += 1;
        }
        for g in 0..groups {
            starts[g + 1] += starts[g];
        }
        let n = enc.n;
        Poster {
            enc,
            lists,
            variants,
            by_group,
            starts,
            sink,
            out: Posted {
                frags: String::new(),
                ends: Vec::new(),
                small_total: 0,
                shards: BTreeMap::new(),
                big: Vec::new(),
            },
            used: Default::default(),
            scratch: Vec::new(),
            ids: Vec::new(),
            all: Vec::new(),
            best: vec![0; n as usize],
        }
    }

    /// A folded word with its variants: `"list"`, the best score of each
    /// document over the variants; or `["list","x",docs,...]` naming each
    /// variant written with marks ("đang_3") with the documents that have it
    /// (`""`: all of the list's). Returns the document count.
    fn group(&mut self, g: usize, key: &str, value: &mut String) -> Option<u32> {
        let mut vars = std::mem::take(&mut self.scratch);
        let mut ids = std::mem::take(&mut self.ids);
        ids.clear();
        let group = &self.by_group[self.starts[g]..self.starts[g + 1]];
        vars.resize_with(vars.len().max(group.len()), Vec::new);
        for &v in group {
            let pieces: Vec<_> = self.lists.iter_mut().map(|l| l.take_variant(v)).collect();
            let list = &mut vars[ids.len()];
            list.clear();
            self.enc.quantised(&pieces, list);
            // a variant no document has any more (a rebuild's tables keep it)
            if !list.is_empty() {
                ids.push(v);
            }
        }
        let count = ids.len();
        if count == 0 {
            self.scratch = vars;
            self.ids = ids;
            return None;
        }
        let mut all = std::mem::take(&mut self.all);
        crate::lists::combined(&vars[..count], &mut self.best, &mut all);
        let df = all.len() as u32;
        let marked: Vec<usize> = (0..count)
            .filter(|&i| &*self.variants[ids[i] as usize].0 != key)
            .collect();
        if !marked.is_empty() {
            value.push('[');
        }
        value.push('"');
        crate::lists::push_scored(value, &all, self.enc.n);
        value.push('"');
        for &i in &marked {
            value.push(',');
            push_json_str(value, &self.variants[ids[i] as usize].0);
            value.push_str(",\"");
            if count > 1 {
                let docs: Vec<u32> = vars[i].iter().map(|p| p.0).collect();
                crate::lists::push_docs(value, &docs, self.enc.n);
            }
            value.push('"');
        }
        if !marked.is_empty() {
            value.push(']');
        }
        self.all = all;
        self.scratch = vars;
        self.ids = ids;
        Some(df)
    }

    /// A word pair's entry; false when no document has it any more.
    fn pair(&mut self, p: u32, value: &mut String) -> bool {
        let pieces: Vec<_> = self.lists.iter_mut().map(|l| l.take_pair(p)).collect();
        let mut q = Vec::new();
        self.enc.quantised(&pieces, &mut q);
        if q.is_empty() {
            return false;
        }
        value.push('"');
        crate::lists::push_scored(value, &q, self.enc.n);
        value.push('"');
        true
    }

    /// Puts an encoded entry in its own file `q-FINGERPRINT` when it is long
    /// and no other long entry has that fingerprint, else among the small
    /// ones; a folded word (with its document count `df`) also goes into its
    /// dictionary shard.
    fn place(&mut self, key: &str, value: &str, df: Option<u32>) {
        let fp = fingerprint(key);
        if value.len() > BIG_ENTRY && self.used.insert(fp) {
            let mut data = String::with_capacity(value.len() + key.len() + 4);
            data.push('{');
            push_json_str(&mut data, key);
            data.push(':');
            data.push_str(value);
            data.push('}');
            self.sink.put(part(&format!("q-{fp:05x}"), &data));
            self.out.big.push(fp);
        } else {
            push_json_str(&mut self.out.frags, key);
            self.out.frags.push(':');
            self.out.frags.push_str(value);
            self.out.small_total += key.len() + value.len() + 4;
            self.out
                .ends
                .push((self.out.frags.len(), enc::fnv1a32(key)));
        }
        if let Some(df) = df {
            let s = self
                .out
                .shards
                .entry(shard_key(key))
                .or_insert_with(|| String::from("{"));
            if s.len() > 1 {
                s.push(',');
            }
            push_json_str(s, key);
            s.push(':');
            s.push_str(&df.to_string());
        }
    }
}

/// Encodes every entry (folded word with its variants, word pair, filter) in
/// key order, hands each long one over as `q-FINGERPRINT` at once and keeps
/// the others; fills the dictionary shards on the way. Consumes the keys and
/// lists, freeing each list once encoded.
fn post(
    term_keys: TermKeys,
    lists: Vec<Lists>,
    lengths: &[u32],
    filters: BTreeMap<String, Vec<u32>>,
    n: u32,
    sink: &mut Sink<'_>,
) -> Posted {
    let TermKeys {
        variants,
        group_keys,
        pair_keys,
    } = term_keys;
    let avgdl = if n == 0 {
        1.0
    } else {
        rounded_avgdl(lengths.iter().map(|&l| f64::from(l)).sum::<f64>() / f64::from(n))
    };
    let enc = Encoder {
        n,
        lengths,
        avgdl,
        quant: Quantiser::new(),
    };
    let (n_groups, n_pairs) = (group_keys.len(), pair_keys.len());
    let mut filters: Vec<(String, Vec<u32>)> = filters.into_iter().collect();
    let table = KeyTable::new(&group_keys, &pair_keys, &filters);
    drop(group_keys);
    let mut poster = Poster::new(enc, lists, variants, n_groups, sink);
    let mut value = String::new();
    for i in 0..table.order.len() {
        let (key, k) = table.key(i);
        value.clear();
        let df = if k < n_groups {
            match poster.group(k, key, &mut value) {
                Some(df) => Some(df),
                None => continue,
            }
        } else if k < n_groups + n_pairs {
            if !poster.pair((k - n_groups) as u32, &mut value) {
                continue;
            }
            None
        } else {
            let docs = std::mem::take(&mut filters[k - n_groups - n_pairs].1);
            value.push('"');
            crate::lists::push_docs(&mut value, &docs, n);
            value.push('"');
            None
        };
        poster.place(key, &value, df);
    }
    let mut out = poster.out;
    out.big.sort_unstable();
    out
}

/// Step of the average body length that scores use: it is rounded to a
/// power of this, so that editing a few documents seldom changes it, and
/// a rebuild rewrites only the lists of the terms of what changed.
const AVGDL_STEP: f64 = 1.03;

/// The average body length that scores use, rounded to a power of
/// [`AVGDL_STEP`] (at least 1). Changes the scores by at most 1.5 %.
fn rounded_avgdl(avgdl: f64) -> f64 {
    if avgdl <= 1.0 {
        return 1.0;
    }
    let k = (avgdl.ln() / AVGDL_STEP.ln()).round() as i32;
    AVGDL_STEP.powi(k).max(1.0)
}

/// The meta file's data.
fn meta(
    id: u64,
    n: u32,
    buckets: usize,
    chunk_sizes: &str,
    shard_names: &[String],
    big: &[u32],
    facets: &[BTreeMap<String, (String, u32)>; 4],
) -> String {
    let mut m = String::from("{\"format\":2,\"v\":");
    push_json_str(&mut m, &format!("{id:016x}"));
    m.push_str(&format!(
        ",\"n\":{n},\"buckets\":{buckets},\"smax\":{SCORE_MAX},\"qmax\":{QMAX},\"levels\":{},\"chunks\":",
        crate::lists::LEVELS
    ));
    push_json_str(&mut m, chunk_sizes);
    // the fingerprints of the entries in files of their own, as gaps
    let mut gaps = String::with_capacity(big.len() * 2);
    let mut prev: i64 = -1;
    for &fp in big {
        push_num(&mut gaps, (i64::from(fp) - prev - 1) as u32);
        prev = i64::from(fp);
    }
    m.push_str(",\"big\":");
    push_json_str(&mut m, &gaps);
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
    m
}
