//! Writing the index files (see the crate docs for their formats) from the
//! merged term tables, each file handed over as soon as it is complete.
//!
//! Order of the files: every `q-N` while the posting lists are encoded in key
//! order, then the buckets `b-N`, the dictionary shards `d-XX`, the chunks
//! `c-N`, and `meta` last. The build id in `meta` is a digest of every other
//! file in that order, so it changes whenever any byte of the index does.
//!
//! What stays in memory: the term keys and the posting lists, each list freed
//! once encoded (a list whose file a rebuild keeps stays until the end); the
//! small entries (those that go into a bucket) until the buckets are written;
//! the dictionary shards; and the one file being handed over. With more than one thread, a second thread makes
//! the chunks meanwhile, at most [`CHUNKS_AHEAD`] of them ahead.

use std::collections::BTreeMap;
use std::sync::mpsc;

use crate::enc::{self, push_json_str, push_num};
use crate::index::{Lists, TermKeys};
use crate::{BUCKET_TARGET, Body, INDEX_DIR, IndexFile, Later, Part, QMAX, SCORE_MAX, SearchDoc};

mod chunks;
mod post;

use chunks::Chunks;
pub(crate) use chunks::{OldChunks, Reuse};
#[cfg(test)]
pub(crate) use post::fingerprint;
use post::post;

/// Chunk files the chunk thread may make ahead of the writer (about 3 KB
/// each).
const CHUNKS_AHEAD: usize = 32;

/// A file of the index made, with its digest, or one the output still
/// holds as the last build made it (with the digest that build gave).
pub(crate) enum Made {
    File(IndexFile, u64),
    Kept(String, u64),
}

impl Made {
    pub(crate) fn digest(&self) -> u64 {
        match self {
            Made::File(_, d) | Made::Kept(_, d) => *d,
        }
    }
}

/// `f` with its digest.
pub(crate) fn made(f: IndexFile) -> Made {
    let mut d = enc::FNV64_INIT;
    enc::mix64(&mut d, &f.bytes);
    Made::File(f, d)
}

/// Hands the files over and digests them, in order, for the build id: the
/// id mixes each file's path and digest, so a file kept from the last
/// build counts as the same bytes made again.
struct Sink<'e> {
    emit: &'e mut dyn FnMut(Part),
    id: u64,
    kept: usize,
}

impl Sink<'_> {
    fn put(&mut self, m: Made) {
        let (path, digest) = match &m {
            Made::File(f, d) => (&f.path, d),
            Made::Kept(p, d) => (p, d),
        };
        enc::fnv1a64(&mut self.id, path.as_bytes());
        enc::mix64(&mut self.id, &digest.to_le_bytes());
        (self.emit)(match m {
            Made::File(f, _) => Part::File(f),
            Made::Kept(p, _) => {
                self.kept += 1;
                Part::Kept(p)
            }
        });
    }

    fn file(&mut self, f: IndexFile) {
        self.put(made(f));
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
        path: file_path(name),
        bytes: s.into_bytes(),
    }
}

/// The path from the site root of the index file `name` ("c-3", "q-0a1b2").
fn file_path(name: &str) -> String {
    format!("{INDEX_DIR}{name}.js")
}

/// What the documents gave, in document number order, ready to be written.
pub(crate) struct Gathered<'d, 'b> {
    pub docs: &'d [SearchDoc],
    /// Position in `docs` of each document number.
    pub order: &'d [usize],
    /// NFC body of each document number.
    pub bodies: &'d [Body<'b>],
    /// The bodies the caller left out.
    pub later: Option<&'d Later<'d>>,
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
    /// What a rebuild may keep of the last build's chunks.
    pub reuse: Option<Reuse<'d>>,
    /// What a rebuild may keep of the last build's files of big lists.
    pub big_reuse: Option<BigReuse<'d>>,
}

/// A file of one big list (`q-`), as the store keeps it: its key, the
/// document count the dictionary gives it (`u32::MAX` for a word pair)
/// and the file's digest.
#[derive(Clone, Debug)]
pub(crate) struct BigFile {
    pub key: Box<str>,
    pub df: u32,
    pub digest: u64,
}

/// What a rebuild may keep of the last build's files of big lists: a list
/// whose postings are all as they were ([`crate::store::OldLists`]) is
/// encoded the same if the number of documents and the average length are
/// too, so its file is kept if the output still holds it.
pub(crate) struct BigReuse<'a> {
    pub lists: crate::store::OldLists,
    pub holds: &'a (dyn Fn(&str) -> bool + Sync),
}

/// What the store keeps of the files written: the length of each
/// document's entry in its chunk, per chunk its number of documents and
/// its digest, and the index's build id.
#[derive(Default)]
pub(crate) struct Written {
    pub lens: Vec<u32>,
    pub chunks: Vec<(u32, u64)>,
    pub id: u64,
    /// The average length scores used ([`f64::to_bits`]).
    pub avgdl: u64,
    /// The files of big lists.
    pub big: Vec<BigFile>,
}

/// Makes every file of the index and hands each to `emit` once, `meta` last.
/// With `threads` > 1 the chunks are made on a second thread; the output is
/// the same. Returns what the next store keeps of the files, and how many
/// files were kept ([`Part::Kept`]).
pub(crate) fn write_index(
    g: Gathered<'_, '_>,
    threads: usize,
    emit: &mut dyn FnMut(Part),
) -> (Written, usize) {
    let Gathered {
        docs,
        order,
        bodies,
        later,
        keys,
        lists,
        lengths,
        filters,
        facets,
        reuse,
        big_reuse,
    } = g;
    let mut sink = Sink {
        emit,
        id: enc::FNV64_INIT,
        kept: 0,
    };
    let (reuse_there, reuse_here) = if threads > 1 {
        (reuse, None)
    } else {
        (None, reuse)
    };
    std::thread::scope(|scope| {
        let ahead = (threads > 1).then(|| {
            let (tx, rx) = mpsc::sync_channel(CHUNKS_AHEAD);
            let job = scope.spawn(move || {
                let mut chunks = Chunks::new(docs, order, (bodies, later), reuse_there);
                for f in &mut chunks {
                    if tx.send(f).is_err() {
                        break;
                    }
                }
                chunks
            });
            (rx, job)
        });

        let n = docs.len() as u32;
        let posted = post(keys, lists, &lengths, filters, n, big_reuse, &mut sink);
        drop(lengths);

        let buckets = write_buckets(posted.small_total, posted.frags, posted.ends, &mut sink);

        // ---- dictionary shards
        let mut shard_names = Vec::with_capacity(posted.shards.len());
        for (shard, mut s) in posted.shards {
            s.push('}');
            sink.file(part(&format!("d-{shard}"), &s));
            shard_names.push(shard);
        }

        // ---- chunks of document texts
        let chunks = match ahead {
            Some((rx, job)) => {
                for f in rx {
                    sink.put(f);
                }
                job.join().expect("chunk thread")
            }
            None => {
                let mut chunks = Chunks::new(docs, order, (bodies, later), reuse_here);
                for f in &mut chunks {
                    sink.put(f);
                }
                chunks
            }
        };

        let m = meta(
            sink.id,
            n,
            buckets,
            &chunks.sizes,
            &shard_names,
            &posted.big,
            &facets,
        );
        (sink.emit)(Part::File(part("meta", &m)));
        let written = Written {
            lens: chunks.lens,
            chunks: chunks.chunks,
            id: sink.id,
            avgdl: posted.avgdl,
            big: posted.big_files,
        };
        (written, sink.kept)
    })
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
        sink.file(part(&format!("b-{i}"), &b));
    }
    buckets
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
