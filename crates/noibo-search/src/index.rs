//! Indexing: the terms of each document (words with their variants, word
//! pairs, document numbers) and their posting lists, gathered per slice of
//! the documents, then the term tables of the slices merged.

use std::borrow::Cow;

use crate::enc::FxMap;
use crate::packed::Packed;
use crate::text::{self, Number, Word};
use crate::{F_DATE, F_ISSUER, F_NUMBER, F_SIGNER, F_TAGS, F_TITLE, F_TYPE, SearchDoc};

#[derive(Clone, Copy)]
pub(crate) struct Posting {
    pub doc: u32,
    pub tf: u16,
    pub bits: u8,
}

/// Term tables: raw words and exact keys to variants, variants to folded groups.
#[derive(Default)]
pub(crate) struct Terms {
    /// Words of at most 16 bytes (nearly all), by their bytes as one number.
    short: FxMap<u128, u32>,
    /// Longer words.
    raw: FxMap<Box<str>, u32>,
    exact: FxMap<Box<str>, u32>,
    /// Per variant: exact key and group.
    variants: Vec<(Box<str>, u32)>,
    groups: FxMap<Box<str>, u32>,
    group_keys: Vec<Box<str>>,
    postings: Vec<Packed>,
    pairs: FxMap<u64, u32>,
    pair_keys: Vec<(u32, u32)>,
    pair_postings: Vec<Packed>,
    fold_buf: String,
    exact_buf: String,
}

/// What the writer needs of the merged term tables: the keys.
pub(crate) struct TermKeys {
    /// Per variant: exact key and group.
    pub variants: Vec<(Box<str>, u32)>,
    /// Folded key of each group.
    pub group_keys: Vec<Box<str>>,
    /// The two groups of each pair.
    pub pair_keys: Vec<(u32, u32)>,
}

impl Terms {
    /// Term tables of these keys, every list empty, without the lookup
    /// tables (they are only for adding documents: see [`Terms::adopt`]).
    /// `None` if a variant or pair names a group that does not exist.
    pub fn from_keys(keys: TermKeys) -> Option<Terms> {
        let TermKeys {
            variants,
            group_keys,
            pair_keys,
        } = keys;
        let n_groups = group_keys.len() as u32;
        let ok = variants.iter().all(|&(_, g)| g < n_groups)
            && pair_keys.iter().all(|&(a, b)| a < n_groups && b < n_groups);
        ok.then(|| Terms {
            variants,
            group_keys,
            pair_keys,
            ..Terms::default()
        })
    }

    /// Adds the terms of `fresh` (tables of documents indexed apart) that
    /// these tables lack. Returns the number here of each variant and each
    /// pair of `fresh`. Each key of these tables is looked up in those of
    /// `fresh`, which are small, so no lookup table of these is made.
    pub fn adopt(&mut self, fresh: &Terms) -> (Vec<u32>, Vec<u32>) {
        let mut gmap = vec![NONE; fresh.group_keys.len()];
        for (g, k) in self.group_keys.iter().enumerate() {
            if let Some(&f) = fresh.groups.get(k) {
                gmap[f as usize] = g as u32;
            }
        }
        for (f, k) in fresh.group_keys.iter().enumerate() {
            if gmap[f] == NONE {
                gmap[f] = self.group_keys.len() as u32;
                self.group_keys.push(k.clone());
            }
        }
        let mut vmap = vec![NONE; fresh.variants.len()];
        for (v, (exact, _)) in self.variants.iter().enumerate() {
            if let Some(&f) = fresh.exact.get(exact) {
                vmap[f as usize] = v as u32;
            }
        }
        for (f, (exact, g)) in fresh.variants.iter().enumerate() {
            if vmap[f] == NONE {
                vmap[f] = self.variants.len() as u32;
                self.variants.push((exact.clone(), gmap[*g as usize]));
            }
        }
        // the pairs of `fresh` by their groups here
        let key = |a: u32, b: u32| (u64::from(a) << 32) | u64::from(b);
        let wanted: FxMap<u64, u32> = fresh
            .pair_keys
            .iter()
            .enumerate()
            .map(|(f, &(a, b))| (key(gmap[a as usize], gmap[b as usize]), f as u32))
            .collect();
        let mut pmap = vec![NONE; fresh.pair_keys.len()];
        for (p, &(a, b)) in self.pair_keys.iter().enumerate() {
            if let Some(&f) = wanted.get(&key(a, b)) {
                pmap[f as usize] = p as u32;
            }
        }
        for (f, &(a, b)) in fresh.pair_keys.iter().enumerate() {
            if pmap[f] == NONE {
                pmap[f] = self.pair_keys.len() as u32;
                self.pair_keys.push((gmap[a as usize], gmap[b as usize]));
            }
        }
        (vmap, pmap)
    }

    /// The keys, borrowed: variants, group keys, pairs.
    #[allow(clippy::type_complexity)]
    pub fn keys(&self) -> (&[(Box<str>, u32)], &[Box<str>], &[(u32, u32)]) {
        (&self.variants, &self.group_keys, &self.pair_keys)
    }

    /// How many variants and pairs there are.
    pub fn counts(&self) -> (usize, usize) {
        (self.variants.len(), self.pair_keys.len())
    }

    /// Takes the posting lists out, by variant and by pair.
    pub fn take_lists(&mut self) -> (Vec<Packed>, Vec<Packed>) {
        (
            std::mem::take(&mut self.postings),
            std::mem::take(&mut self.pair_postings),
        )
    }

    /// The keys, the lookup tables dropped.
    pub fn into_keys(self) -> TermKeys {
        TermKeys {
            variants: self.variants,
            group_keys: self.group_keys,
            pair_keys: self.pair_keys,
        }
    }

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
        self.postings.push(Packed::default());
        v
    }

    /// The variant of a word as written.
    #[inline]
    fn word(&mut self, raw: &str) -> u32 {
        let short = short_key(raw);
        let known = match short {
            Some(k) => self.short.get(&k),
            None => self.raw.get(raw),
        };
        if let Some(&v) = known {
            return v;
        }
        let mut f = std::mem::take(&mut self.fold_buf);
        let mut x = std::mem::take(&mut self.exact_buf);
        text::folded_key(raw, &mut f);
        text::exact_key(raw, &mut x);
        let v = self.variant(&x, &f);
        self.fold_buf = f;
        self.exact_buf = x;
        match short {
            Some(k) => self.short.insert(k, v),
            None => self.raw.insert(raw.into(), v),
        };
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
        self.pair_postings.push(Packed::default());
        p
    }
}

/// A word of at most 16 bytes as one number: its bytes, then zeros. No
/// word holds a zero byte, so two words have the same number only if they
/// are the same.
#[inline]
fn short_key(word: &str) -> Option<u128> {
    let b = word.as_bytes();
    (b.len() <= 16).then(|| {
        let mut k = [0u8; 16];
        k[..b.len()].copy_from_slice(b);
        u128::from_le_bytes(k)
    })
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

/// Reads documents into term tables, each document's postings added to the
/// lists of its terms.
pub(crate) struct Indexer {
    pub terms: Terms,
    vars: DocTerms,
    pairs: DocTerms,
    words: Vec<Word>,
    numbers: Vec<Number>,
    field_numbers: Vec<Number>,
    doc: u32,
}

impl Indexer {
    pub fn new(terms: Terms) -> Self {
        Indexer {
            terms,
            vars: DocTerms::default(),
            pairs: DocTerms::default(),
            words: Vec::new(),
            numbers: Vec::new(),
            field_numbers: Vec::new(),
            doc: 0,
        }
    }

    /// Indexes document `d` as number `doc`, after every document already
    /// indexed. Returns its body length in words and its NFC body.
    pub fn document<'a>(&mut self, d: &'a SearchDoc, doc: u32) -> (u32, Cow<'a, str>) {
        self.doc = doc;
        if let Some(n) = d.number.as_deref() {
            self.text(n, F_NUMBER);
            let mut nums = std::mem::take(&mut self.field_numbers);
            text::field_numbers(n, &mut nums);
            for n in &nums {
                self.special(&n.full, F_NUMBER);
                self.special(&n.short, F_NUMBER);
            }
            self.field_numbers = nums;
        }
        self.text(&d.title, F_TITLE);
        for t in &d.tags {
            self.text(t, F_TAGS);
        }
        let fields = [
            (d.doc_type.as_deref(), F_TYPE),
            (d.issuer.as_deref(), F_ISSUER),
            (d.signer.as_deref(), F_SIGNER),
        ];
        for (t, bits) in fields {
            if let Some(t) = t {
                self.text(t, bits);
            }
        }
        if let Some(t) = date_text(&d.date) {
            self.text(&t, F_DATE);
        }
        let (length, body) = self.text(&d.body, 0);
        self.finish_doc();
        (length, body)
    }

    /// Indexes a text of the current document; `bits` is 0 for the body.
    /// Returns the number of words and the text in NFC.
    fn text<'t>(&mut self, text: &'t str, bits: u8) -> (u32, Cow<'t, str>) {
        if text::scan_if_nfc(text, &mut self.words) {
            return (self.scanned(text, bits), Cow::Borrowed(text));
        }
        let nfc = text::nfc(text);
        text::scan(&nfc, &mut self.words);
        (self.scanned(&nfc, bits), nfc)
    }

    /// Indexes the words of `text` (NFC), just scanned into `self.words`.
    fn scanned(&mut self, text: &str, bits: u8) -> u32 {
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

fn date_text(date: &str) -> Option<String> {
    let mut it = date.splitn(3, '-');
    let (y, m, d) = (it.next()?, it.next()?, it.next()?);
    let (y, m, d): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.get(..2)?.parse().ok()?);
    Some(format!("{d}/{m}/{y}"))
}

/// The index of a slice of the documents, numbered from `first`.
pub(crate) struct Partial<'a> {
    pub terms: Terms,
    pub lengths: Vec<u32>,
    pub bodies: Vec<Cow<'a, str>>,
}

pub(crate) fn index_part<'a>(docs: &'a [SearchDoc], order: &[usize], first: u32) -> Partial<'a> {
    let mut ix = Indexer::new(Terms::default());
    let mut lengths = Vec::with_capacity(order.len());
    let mut bodies = Vec::with_capacity(order.len());
    for (k, &i) in order.iter().enumerate() {
        let (length, body) = ix.document(&docs[i], first + k as u32);
        lengths.push(length);
        bodies.push(body);
    }
    let terms = &mut ix.terms;
    for l in terms.postings.iter_mut().chain(&mut terms.pair_postings) {
        l.shrink();
    }
    Partial {
        terms: ix.terms,
        lengths,
        bodies,
    }
}

/// The posting lists gathered from one slice of the documents, and which
/// term of the merged tables each belongs to. Lists are not copied into the
/// merged tables: the writer reads the lists of a term from every slice in
/// turn (document numbers of a slice all come before those of the next).
#[derive(Default)]
pub(crate) struct Lists {
    postings: Vec<Packed>,
    pair_postings: Vec<Packed>,
    /// Whether the terms are numbered apart from the merged tables, through
    /// the next two maps (else they have the same numbers).
    renumbered: bool,
    /// The slice's variant of each merged variant (`NONE` when absent).
    variants: Vec<u32>,
    /// The slice's pair of each merged pair (`NONE` when absent).
    pairs: Vec<u32>,
}

const NONE: u32 = u32::MAX;

impl Lists {
    /// The lists of tables indexed whole, numbered as they are.
    pub fn single(postings: Vec<Packed>, pair_postings: Vec<Packed>) -> Lists {
        Lists {
            postings,
            pair_postings,
            ..Lists::default()
        }
    }

    fn take_packed(lists: &mut [Packed], renumbered: bool, map: &[u32], id: u32) -> Packed {
        let local = if renumbered {
            map.get(id as usize).copied().unwrap_or(NONE)
        } else {
            id
        };
        lists
            .get_mut(local as usize)
            .map(std::mem::take)
            .unwrap_or_default()
    }

    fn take(lists: &mut [Packed], renumbered: bool, map: &[u32], id: u32) -> Vec<Posting> {
        Self::take_packed(lists, renumbered, map, id).unpack()
    }

    /// The lists of every slice joined into one list per merged term, for
    /// `variants` variants and `pairs` pairs: by variant and by pair.
    pub fn join(
        mut slices: Vec<Lists>,
        variants: usize,
        pairs: usize,
    ) -> (Vec<Packed>, Vec<Packed>) {
        let postings = Self::join_each(&mut slices, variants, |s| (&mut s.postings, &s.variants));
        let pair_postings =
            Self::join_each(&mut slices, pairs, |s| (&mut s.pair_postings, &s.pairs));
        (postings, pair_postings)
    }

    /// For each of `count` merged terms, its lists in every slice joined;
    /// `pick` gives a slice's lists of that kind and its map.
    fn join_each(
        slices: &mut [Lists],
        count: usize,
        pick: impl Fn(&mut Lists) -> (&mut Vec<Packed>, &Vec<u32>),
    ) -> Vec<Packed> {
        (0..count as u32)
            .map(|id| {
                let pieces = slices.iter_mut().map(|s| {
                    let renumbered = s.renumbered;
                    let (lists, map) = pick(s);
                    Self::take_packed(lists, renumbered, map, id)
                });
                Packed::concat(pieces.collect())
            })
            .collect()
    }

    /// Takes the list of a merged variant out, leaving it empty.
    pub fn take_variant(&mut self, v: u32) -> Vec<Posting> {
        Self::take(&mut self.postings, self.renumbered, &self.variants, v)
    }

    /// Takes the list of a merged pair out, leaving it empty.
    pub fn take_pair(&mut self, p: u32) -> Vec<Posting> {
        Self::take(&mut self.pair_postings, self.renumbered, &self.pairs, p)
    }
}

impl Terms {
    /// Adds the terms of `other`, whose documents all come after those
    /// already here, and returns its posting lists with the merged number of
    /// each term. The postings of `self` stay empty.
    pub fn absorb(&mut self, mut other: Terms) -> Lists {
        if self.variants.is_empty() {
            let lists = Lists {
                postings: std::mem::take(&mut other.postings),
                pair_postings: std::mem::take(&mut other.pair_postings),
                ..Lists::default()
            };
            *self = other;
            return lists;
        }
        let map = |map: &mut Vec<u32>, merged: u32, local: usize| {
            if map.len() <= merged as usize {
                map.resize(merged as usize + 1, NONE);
            }
            map[merged as usize] = local as u32;
        };
        let mut lists = Lists {
            renumbered: true,
            ..Lists::default()
        };
        let groups: Vec<u32> = other.group_keys.iter().map(|k| self.group(k)).collect();
        for (local, (exact, g)) in other.variants.iter().enumerate() {
            let folded = &other.group_keys[*g as usize];
            let v = self.variant(exact, folded);
            map(&mut lists.variants, v, local);
        }
        for (local, &(a, b)) in other.pair_keys.iter().enumerate() {
            let p = self.pair(groups[a as usize], groups[b as usize]);
            map(&mut lists.pairs, p, local);
        }
        // the lists stay where they are; only empty ones were added here
        self.postings = Vec::new();
        self.pair_postings = Vec::new();
        lists.postings = other.postings;
        lists.pair_postings = other.pair_postings;
        lists
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_keys_tell_words_apart() {
        let words = ["a", "ab", "ba", "đảng", "nghiệp", "0123456789abcdef", "ư"];
        let keys: std::collections::HashSet<u128> =
            words.iter().map(|w| short_key(w).unwrap()).collect();
        assert_eq!(keys.len(), words.len());
        assert_eq!(short_key("0123456789abcdefg"), None);
    }

    #[test]
    fn short_and_long_words_each_have_one_variant() {
        let mut t = Terms::default();
        let long = "chuyểnđổisốtoàndiện";
        assert!(long.len() > 16);
        let (a, b) = (t.word("Đảng"), t.word(long));
        assert_ne!(a, b);
        assert_eq!((t.word("Đảng"), t.word(long)), (a, b));
        // another spelling of the same exact key is the same variant
        assert_eq!(t.word("ĐẢNG"), a);
    }
}
