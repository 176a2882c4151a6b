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
use crate::index::{Lists, Posting, TermKeys};
use crate::{
    BIG_ENTRY, BUCKET_TARGET, CHUNK_TARGET, INDEX_DIR, IndexFile, QMAX, Quantiser, SCORE_MAX,
    SNIPPET_TEXT_MAX, SearchDoc, score, shard_key, text,
};

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

        // ---- buckets: small entries in key order, big ones by number
        let buckets = (posted.small_total / BUCKET_TARGET)
            .max(1)
            .next_power_of_two()
            .min(1 << 14);
        let mut bucket_text: Vec<String> = vec![String::from("{"); buckets];
        let mut start = 0;
        for &(end, hash) in &posted.ends {
            let b = &mut bucket_text[(hash as usize) & (buckets - 1)];
            if b.len() > 1 {
                b.push(',');
            }
            b.push_str(&posted.frags[start..end]);
            start = end;
        }
        drop(posted.frags);
        drop(posted.ends);
        for (i, mut b) in bucket_text.into_iter().enumerate() {
            b.push('}');
            sink.put(part(&format!("b-{i}"), &b));
        }

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

        let m = meta(sink.id, n, buckets, &chunk_sizes, &shard_names, &facets);
        (sink.emit)(part("meta", &m));
    });
}

/// The posting lists, encoded; the big ones already handed over.
struct Posted {
    /// The bucket entries (`"key":value`, or `"key":N` for a list in
    /// `q-N`), in key order, one after the other.
    frags: String,
    /// Where each entry of `frags` ends, and the FNV-1a hash of its key.
    ends: Vec<(usize, u32)>,
    /// Total size of the small entries, which sets the number of buckets.
    small_total: usize,
    /// Dictionary shard name to its text so far (without the closing `}`).
    shards: BTreeMap<String, String>,
}

/// Encodes posting lists: quantised scores in the number alphabet.
struct Encoder<'a> {
    n: u32,
    lengths: &'a [u32],
    avgdl: f64,
    quant: Quantiser,
}

impl Encoder<'_> {
    /// A scored list, given in pieces: sparse (gap, score) pairs, or dense
    /// when it holds more than half of the documents.
    fn scored(&self, pieces: &[Vec<Posting>], out: &mut String) {
        let len: usize = pieces.iter().map(Vec::len).sum();
        let list = pieces.iter().flatten();
        let q = |p: &Posting| {
            self.quant.q(score(
                p.tf,
                p.bits,
                self.lengths[p.doc as usize],
                self.avgdl,
            ))
        };
        if len * 2 > self.n as usize + 1 {
            // dense: a space, then every document's score, 0 where absent
            out.push(' ');
            let mut next = 0;
            for p in list {
                for _ in next..p.doc {
                    push_num(out, 0);
                }
                push_num(out, q(p));
                next = p.doc + 1;
            }
            for _ in next..self.n {
                push_num(out, 0);
            }
            return;
        }
        let mut prev: i64 = -1;
        for p in list {
            push_num(out, (i64::from(p.doc) - prev - 1) as u32);
            prev = i64::from(p.doc);
            push_num(out, q(p));
        }
    }
}

/// A list of documents without scores (filters): gaps only.
fn gaps(docs: &[u32], out: &mut String) {
    let mut prev: i64 = -1;
    for &doc in docs {
        push_num(out, (i64::from(doc) - prev - 1) as u32);
        prev = i64::from(doc);
    }
}

/// Encodes every entry (folded word with its variants, word pair, filter) in
/// key order, hands each list longer than [`BIG_ENTRY`] over as `q-N` at
/// once and keeps the others; fills the dictionary shards on the way.
/// Consumes the keys and lists, freeing each list once encoded.
fn post(
    term_keys: TermKeys,
    mut lists: Vec<Lists>,
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
    let enc = Encoder {
        n,
        lengths,
        avgdl: if n == 0 {
            1.0
        } else {
            (lengths.iter().map(|&l| f64::from(l)).sum::<f64>() / f64::from(n)).max(1.0)
        },
        quant: Quantiser::new(),
    };

    // ---- every key, in one buffer, sorted; entry k is group k, then pair
    // k - groups, then filter k - groups - pairs
    let (n_groups, n_pairs) = (group_keys.len(), pair_keys.len());
    let mut key_text = String::new();
    let mut keys: Vec<(u32, u32, u32)> = Vec::with_capacity(n_groups + n_pairs + filters.len());
    let mut add_key = |key_text: &mut String, parts: &[&str]| {
        let start = key_text.len();
        for p in parts {
            key_text.push_str(p);
        }
        let end = u32::try_from(key_text.len()).expect("keys under 4 GiB");
        keys.push((start as u32, end, keys.len() as u32));
    };
    for k in &group_keys {
        add_key(&mut key_text, &[k]);
    }
    for &(a, b) in &pair_keys {
        add_key(
            &mut key_text,
            &[&group_keys[a as usize], " ", &group_keys[b as usize]],
        );
    }
    let mut filters: Vec<(String, Vec<u32>)> = filters.into_iter().collect();
    for (k, _) in &filters {
        add_key(&mut key_text, &[k]);
    }
    drop(group_keys);
    let key_of = |&(s, e, _): &(u32, u32, u32)| &key_text[s as usize..e as usize];
    keys.sort_unstable_by(|a, b| key_of(a).cmp(key_of(b)));

    // variants of each group, sorted by exact key: by_group[starts[g]..starts[g + 1]]
    let mut by_group: Vec<u32> = (0..variants.len() as u32).collect();
    by_group.sort_unstable_by(|&a, &b| {
        let (ea, ga) = &variants[a as usize];
        let (eb, gb) = &variants[b as usize];
        ga.cmp(gb).then_with(|| ea.cmp(eb))
    });
    let mut starts = vec![0usize; n_groups + 1];
    for &(_, g) in &variants {
        starts[g as usize + 1] += 1;
    }
    for g in 0..n_groups {
        starts[g + 1] += starts[g];
    }

    let mut out = Posted {
        frags: String::new(),
        ends: Vec::with_capacity(keys.len()),
        small_total: 0,
        shards: BTreeMap::new(),
    };
    let mut seen = vec![u32::MAX; n as usize];
    let mut value = String::new();
    let mut big = 0u32;
    for entry in &keys {
        let key = key_of(entry);
        let k = entry.2 as usize;
        value.clear();
        let mut df = None;
        if k < n_groups {
            value.push('[');
            let mut count = 0;
            for (i, &v) in by_group[starts[k]..starts[k + 1]].iter().enumerate() {
                let (exact, _) = &variants[v as usize];
                if i > 0 {
                    value.push(',');
                }
                value.push('[');
                push_json_str(&mut value, if &**exact == key { "" } else { exact });
                value.push_str(",\"");
                let list: Vec<_> = lists.iter_mut().map(|l| l.take_variant(v)).collect();
                enc.scored(&list, &mut value);
                value.push_str("\"]");
                for p in list.iter().flatten() {
                    if seen[p.doc as usize] != k as u32 {
                        seen[p.doc as usize] = k as u32;
                        count += 1;
                    }
                }
            }
            value.push(']');
            df = Some(count);
        } else if k < n_groups + n_pairs {
            value.push('"');
            let p = (k - n_groups) as u32;
            let list: Vec<_> = lists.iter_mut().map(|l| l.take_pair(p)).collect();
            enc.scored(&list, &mut value);
            value.push('"');
        } else {
            value.push('"');
            let list = std::mem::take(&mut filters[k - n_groups - n_pairs].1);
            gaps(&list, &mut value);
            value.push('"');
        }

        push_json_str(&mut out.frags, key);
        out.frags.push(':');
        let q = if value.len() > BIG_ENTRY {
            out.frags.push_str(&big.to_string());
            sink.put(part(&format!("q-{big}"), &value));
            big += 1;
            Some(big - 1)
        } else {
            out.frags.push_str(&value);
            out.small_total += key.len() + value.len() + 4;
            None
        };
        out.ends.push((out.frags.len(), enc::fnv1a32(key)));

        if let Some(df) = df {
            let s = out
                .shards
                .entry(shard_key(key))
                .or_insert_with(|| String::from("{"));
            if s.len() > 1 {
                s.push(',');
            }
            push_json_str(s, key);
            s.push(':');
            match q {
                // a term with its own file: where it is, to skip the bucket
                Some(q) => s.push_str(&format!("[{df},{q}]")),
                None => s.push_str(&df.to_string()),
            }
        }
    }
    out
}

/// The meta file's data.
fn meta(
    id: u64,
    n: u32,
    buckets: usize,
    chunk_sizes: &str,
    shard_names: &[String],
    facets: &[BTreeMap<String, (String, u32)>; 4],
) -> String {
    let mut m = String::from("{\"format\":1,\"v\":");
    push_json_str(&mut m, &format!("{id:016x}"));
    m.push_str(&format!(
        ",\"n\":{n},\"buckets\":{buckets},\"smax\":{SCORE_MAX},\"qmax\":{QMAX},\"chunks\":"
    ));
    push_json_str(&mut m, chunk_sizes);
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
struct Chunks<'a> {
    docs: &'a [SearchDoc],
    order: std::slice::Iter<'a, usize>,
    bodies: std::slice::Iter<'a, Cow<'a, str>>,
    chunk: String,
    in_chunk: u32,
    made: u32,
    sizes: String,
}

impl<'a> Chunks<'a> {
    fn new(docs: &'a [SearchDoc], order: &'a [usize], bodies: &'a [Cow<'a, str>]) -> Self {
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
