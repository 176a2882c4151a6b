//! The posting lists' files: every key of the index sorted once, each
//! list encoded and placed in the dictionary shards, the buckets or, when
//! big, a file of its own (`q-` and the key's fingerprint).

use std::collections::BTreeMap;

use super::{BigFile, BigReuse, Made, Sink, file_path, made, part};
use crate::enc::{self, push_json_str};
use crate::index::{Lists, TermKeys};
use crate::lists::Encoder;
use crate::{BIG_ENTRY, Quantiser, shard_key};

/// The document count of a big list that has none (a word pair).
const NO_DF: u32 = u32::MAX;

/// The posting lists, encoded; the big ones already handed over.
pub(super) struct Posted {
    /// The bucket entries (`"key":value`), in key order, one after the other.
    pub(super) frags: String,
    /// Where each entry of `frags` ends, and the FNV-1a hash of its key.
    pub(super) ends: Vec<(usize, u32)>,
    /// Total size of the small entries, which sets the number of buckets.
    pub(super) small_total: usize,
    /// Dictionary shard name to its text so far (without the closing `}`).
    pub(super) shards: BTreeMap<String, String>,
    /// Fingerprints of the entries that have a file of their own, ascending.
    pub(super) big: Vec<u32>,
    /// The files of big lists, made or kept, for the next store.
    pub(super) big_files: Vec<BigFile>,
    /// The average length scores use ([`f64::to_bits`]).
    pub(super) avgdl: u64,
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
                big_files: Vec::new(),
                avgdl: 0,
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
    /// dictionary shard. The file of a `keepable` entry (a word or a pair,
    /// not a filter) is listed for the next store.
    fn place(&mut self, key: &str, value: &str, df: Option<u32>, keepable: bool) {
        let fp = fingerprint(key);
        if value.len() > BIG_ENTRY && self.used.insert(fp) {
            let mut data = String::with_capacity(value.len() + key.len() + 4);
            data.push('{');
            push_json_str(&mut data, key);
            data.push(':');
            data.push_str(value);
            data.push('}');
            let file = made(part(&format!("q-{fp:05x}"), &data));
            if keepable {
                self.out.big_files.push(BigFile {
                    key: key.into(),
                    df: df.unwrap_or(NO_DF),
                    digest: file.digest(),
                });
            }
            self.sink.put(file);
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
            self.shard(key, df);
        }
    }

    /// Lists the folded word `key` with its document count in its
    /// dictionary shard.
    fn shard(&mut self, key: &str, df: u32) {
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

    /// Hands over as kept the last build's file of the big entry `key`
    /// (term `k`: a group below `groups`, then the pairs), if its lists are
    /// all as they were, it had a file and its fingerprint is still free,
    /// and the output holds the file. Then it need not be encoded.
    fn keep(&mut self, r: &KeptLists<'_>, k: usize, key: &str, groups: usize) -> bool {
        let same = |v: &u32| r.lists.same_variants.get(*v as usize) == Some(&true);
        let unchanged = if k < groups {
            self.by_group[self.starts[k]..self.starts[k + 1]]
                .iter()
                .all(same)
        } else {
            r.lists.same_pairs.get(k - groups) == Some(&true)
        };
        if !unchanged {
            return false;
        }
        let Some(&(df, digest)) = r.old.get(key) else {
            return false;
        };
        let fp = fingerprint(key);
        let path = file_path(&format!("q-{fp:05x}"));
        if self.used.contains(&fp) || !(r.holds)(&path) {
            return false;
        }
        self.used.insert(fp);
        self.sink.put(Made::Kept(path, digest));
        self.out.big.push(fp);
        self.out.big_files.push(BigFile {
            key: key.into(),
            df,
            digest,
        });
        if df != NO_DF {
            self.shard(key, df);
        }
        true
    }
}

/// [`BigReuse`] ready for lookups: the old files by key.
struct KeptLists<'a> {
    lists: crate::store::OldLists,
    old: std::collections::HashMap<Box<str>, (u32, u64)>,
    holds: &'a (dyn Fn(&str) -> bool + Sync),
}

impl<'a> KeptLists<'a> {
    /// `r` if the last build had `n` documents and the average length
    /// `avgdl` too (else no list is encoded the same).
    fn new(r: Option<BigReuse<'a>>, n: u32, avgdl: f64) -> Option<Self> {
        let BigReuse { mut lists, holds } = r?;
        if lists.docs != n || lists.avgdl != avgdl.to_bits() {
            return None;
        }
        let old = std::mem::take(&mut lists.big)
            .into_iter()
            .map(|b| (b.key, (b.df, b.digest)))
            .collect();
        Some(KeptLists { lists, old, holds })
    }
}

/// Encodes every entry (folded word with its variants, word pair, filter) in
/// key order, hands each long one over as `q-FINGERPRINT` at once and keeps
/// the others; fills the dictionary shards on the way. Consumes the keys and
/// lists, freeing each list once encoded. A rebuild keeps the file of a
/// big list that is as it was ([`BigReuse`]) without encoding it.
pub(super) fn post(
    term_keys: TermKeys,
    lists: Vec<Lists>,
    lengths: &[u32],
    filters: BTreeMap<String, Vec<u32>>,
    n: u32,
    reuse: Option<BigReuse<'_>>,
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
    let kept = KeptLists::new(reuse, n, avgdl);
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
        if k < n_groups + n_pairs
            && let Some(r) = &kept
            && poster.keep(r, k, key, n_groups)
        {
            continue;
        }
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
        poster.place(key, &value, df, k < n_groups + n_pairs);
    }
    let mut out = poster.out;
    out.big.sort_unstable();
    out.avgdl = avgdl.to_bits();
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
