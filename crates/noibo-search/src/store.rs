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
//! The store is a byte string of its own format (see [`write`]); a store
//! that does not read back whole is not used, and the index is built from
//! nothing. The caller keeps it beside the build cache and checks that it
//! is the one it wrote (a checksum, the version).

use std::borrow::Cow;
use std::io::{self, Write};

use crate::index::{Indexer, Posting, TermKeys, Terms};
use crate::packed::Packed;
use crate::{DocKey, SearchDoc};

const MAGIC: &[u8] = b"noibo search store 1\n";
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
/// number order).
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
) -> Option<(Tables, Vec<Cow<'a, str>>, usize)> {
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
    for ((key, &len), &was_nfc) in stored.keys.iter().zip(&stored.lengths).zip(&stored.nfc) {
        let to = number.get(key).copied().unwrap_or(NONE);
        if to != NONE {
            if known[to as usize] {
                return None;
            }
            known[to as usize] = true;
            lengths[to as usize] = len;
            nfc[to as usize] = was_nfc;
        }
        renumber.push(to);
    }
    drop(number);
    let mut ix = Indexer::new(Terms::default());
    let mut indexed = 0;
    let mut bodies = Vec::with_capacity(n);
    for (k, &i) in order.iter().enumerate() {
        let body = &docs[i].body;
        if !known[k] {
            let (length, nfc_body) = ix.document(&docs[i], k as u32);
            lengths[k] = length;
            nfc[k] = matches!(nfc_body, Cow::Borrowed(_));
            bodies.push(nfc_body);
            indexed += 1;
        } else if nfc[k] {
            bodies.push(Cow::Borrowed(&**body));
        } else {
            bodies.push(crate::text::nfc(body));
        }
    }
    let mut new_terms = ix.terms;
    let (new_postings, new_pairs) = new_terms.take_lists();
    let mut terms = stored.terms;
    let (vmap, pmap) = terms.adopt(&new_terms);
    drop(new_terms);
    let (variants, pairs) = terms.counts();
    let postings = merge_all(
        stored.postings,
        route(new_postings, &vmap, variants),
        &renumber,
    );
    let pair_postings = merge_all(
        stored.pair_postings,
        route(new_pairs, &pmap, pairs),
        &renumber,
    );
    let tables = Tables {
        terms,
        postings,
        pair_postings,
        lengths,
        nfc,
    };
    Some((tables, bodies, indexed))
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

/// Each stored list renumbered and merged with the list of the same term
/// from the documents indexed now (`fresh`, which may have more terms).
/// When every document kept its number (edits, or additions at the end),
/// a list with no document gone and none added is kept as it is.
fn merge_all(stored: Vec<Packed>, fresh: Vec<Packed>, renumber: &[u32]) -> Vec<Packed> {
    let monotone = renumber.iter().filter(|&&d| d != NONE).is_sorted();
    let in_place = renumber
        .iter()
        .enumerate()
        .all(|(k, &d)| d == NONE || d == k as u32);
    let gone: Vec<u32> = (0..renumber.len() as u32)
        .filter(|&k| renumber[k as usize] == NONE)
        .collect();
    let mut out = Vec::with_capacity(fresh.len());
    let mut stored = stored.into_iter();
    for new in fresh {
        let old = stored.next().unwrap_or_default();
        if in_place && new.is_empty() && !old.has_any(&gone) {
            out.push(old);
            continue;
        }
        let mut list: Vec<Posting> = old
            .unpack()
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
            list.extend(new.unpack());
            list.sort_by_key(|p| p.doc);
        }
        let mut packed = Packed::default();
        for p in list {
            packed.push(p);
        }
        out.push(packed);
    }
    out
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use crate::{DocKey, IndexFile, SearchDoc};

    const WORDS: &[&str] = &[
        "Đảng",
        "đang",
        "xây",
        "dựng",
        "chuyển",
        "đổi",
        "số",
        "Thành",
        "ủy",
        "cán",
        "bộ",
        "đảng",
        "viên",
        "58-CV/TCCS",
        "12/2026",
        "kiểm",
        "tra",
        "giám",
        "sát",
        "e\u{301}",
    ];

    fn key(d: &SearchDoc) -> DocKey {
        let text = format!("{d:?}");
        let mut a = crate::enc::FNV64_INIT;
        let mut b = 0x9e37_79b9_7f4a_7c15;
        crate::enc::fnv1a64(&mut a, text.as_bytes());
        crate::enc::mix64(&mut b, text.as_bytes());
        let mut k = [0u8; 16];
        k[..8].copy_from_slice(&a.to_le_bytes());
        k[8..].copy_from_slice(&b.to_le_bytes());
        k
    }

    fn words(picks: &[usize]) -> String {
        let w: Vec<&str> = picks.iter().map(|&i| WORDS[i % WORDS.len()]).collect();
        w.join(" ")
    }

    /// A document from a few numbers: which url, which date, which words.
    fn doc(url: usize, date: usize, title: &[usize], body: &[usize]) -> SearchDoc {
        SearchDoc {
            url: format!("van-ban/{url}/"),
            kind: ["directives", "models"][url % 2].into(),
            title: words(title),
            number: (url % 3 == 0).then(|| format!("{url}-CV/TCCS")),
            doc_type: Some(["Công văn", "Kết luận"][date % 2].into()),
            issuer: Some("Ban Tổ chức".into()),
            signer: None,
            date: format!("2026-0{}-1{}", 1 + date % 9, date % 10),
            tags: vec![words(&title[..title.len().min(2)])],
            body: words(body).into(),
        }
    }

    fn arb_doc() -> impl Strategy<Value = SearchDoc> {
        (
            0usize..40,
            0usize..30,
            prop::collection::vec(0usize..40, 1..5),
            prop::collection::vec(0usize..40, 0..30),
        )
            .prop_map(|(u, d, t, b)| doc(u, d, &t, &b))
    }

    #[derive(Debug, Clone)]
    enum Edit {
        Add(SearchDoc),
        Remove(usize),
        Replace(usize, SearchDoc),
        Redate(usize, usize),
        /// The store cut short at some byte.
        Cut(usize),
    }

    fn arb_edit() -> impl Strategy<Value = Edit> {
        prop_oneof![
            arb_doc().prop_map(Edit::Add),
            (0usize..100).prop_map(Edit::Remove),
            (0usize..100, arb_doc()).prop_map(|(i, d)| Edit::Replace(i, d)),
            (0usize..100, 0usize..30).prop_map(|(i, d)| Edit::Redate(i, d)),
            (0usize..10_000).prop_map(Edit::Cut),
        ]
    }

    fn clean(docs: &[SearchDoc]) -> Vec<IndexFile> {
        crate::build_with_threads(docs, 1)
    }

    fn reusing(
        docs: &[SearchDoc],
        previous: Option<&[u8]>,
        threads: usize,
    ) -> (Vec<IndexFile>, Vec<u8>, crate::Reused) {
        let keys: Vec<DocKey> = docs.iter().map(key).collect();
        let mut files = Vec::new();
        let mut next = Vec::new();
        let r = crate::reusing_with_threads(docs, &keys, previous, &mut next, threads, &mut |f| {
            files.push(f)
        })
        .expect("writing into memory");
        files.sort_by(|a, b| a.path.cmp(&b.path));
        (files, next, r)
    }

    fn dedup(docs: &mut Vec<SearchDoc>) {
        let mut seen = std::collections::HashSet::new();
        docs.retain(|d| seen.insert(d.url.clone()));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// After every edit, the index made with the last build's store is
        /// byte for byte the index made from nothing, and only the
        /// documents the store did not have were read again.
        #[test]
        fn a_rebuild_from_the_store_is_a_clean_build(
            start in prop::collection::vec(arb_doc(), 0..12),
            edits in prop::collection::vec(arb_edit(), 1..8),
            threads in 1usize..4,
        ) {
            let mut docs = start;
            dedup(&mut docs);
            let (files, mut store, r) = reusing(&docs, None, threads);
            prop_assert!(!r.store_used);
            prop_assert_eq!(&files, &clean(&docs));
            for e in edits {
                let mut damaged = false;
                match e {
                    Edit::Add(d) => docs.push(d),
                    Edit::Remove(i) if !docs.is_empty() => { docs.remove(i % docs.len()); }
                    Edit::Replace(i, mut d) if !docs.is_empty() => {
                        let i = i % docs.len();
                        d.url = docs[i].url.clone();
                        docs[i] = d;
                    }
                    Edit::Redate(i, date) if !docs.is_empty() => {
                        let i = i % docs.len();
                        docs[i].date = format!("2025-1{}-0{}", date % 3, 1 + date % 9);
                    }
                    Edit::Cut(at) => {
                        store.truncate(at % store.len());
                        damaged = true;
                    }
                    _ => {}
                }
                dedup(&mut docs);
                let old_keys: std::collections::HashSet<DocKey> =
                    crate::store::read(&store).map(|s| s.keys.into_iter().collect()).unwrap_or_default();
                let (files, next, r) = reusing(&docs, Some(&store), threads);
                prop_assert_eq!(&files, &clean(&docs));
                if r.store_used {
                    let new = docs.iter().filter(|d| !old_keys.contains(&key(d))).count();
                    prop_assert_eq!(r.indexed, new);
                } else {
                    prop_assert!(damaged, "an undamaged store was not used");
                }
                store = next;
            }
        }
    }

    #[test]
    fn a_store_cut_short_or_with_bytes_after_it_is_not_used() {
        let docs: Vec<SearchDoc> = (0..5).map(|i| doc(i, i, &[i, 1], &[2, 3, i])).collect();
        let (files, store, _) = reusing(&docs, None, 1);
        for bad in [
            &store[..store.len() - 1],
            &store[..store.len() / 2],
            &[][..],
        ] {
            let (again, _, r) = reusing(&docs, Some(bad), 1);
            assert!(!r.store_used);
            assert_eq!(again, files);
        }
        let mut longer = store.clone();
        longer.push(0);
        assert!(!reusing(&docs, Some(&longer), 1).2.store_used);
        let (again, _, r) = reusing(&docs, Some(&store), 1);
        assert!(r.store_used);
        assert_eq!(r.indexed, 0);
        assert_eq!(again, files);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Whatever bytes a store holds, reading it and building from it
        /// does not panic.
        #[test]
        fn any_damage_to_a_store_is_survived(
            flips in prop::collection::vec((0usize..100_000, 1u8..=255), 1..6),
        ) {
            let docs: Vec<SearchDoc> = (0..6).map(|i| doc(i, i, &[i, 1], &[2, 3, i, 13])).collect();
            let (_, mut store, _) = reusing(&docs, None, 1);
            for (at, x) in flips {
                let at = at % store.len();
                store[at] ^= x;
            }
            let (files, _, _) = reusing(&docs, Some(&store), 1);
            prop_assert!(!files.is_empty());
        }
    }
}
