//! Posting lists as the client reads them (see the crate docs): scored lists
//! of word, number and pair terms, and lists of documents alone (filters, and
//! which documents hold a word with given diacritics). Each list is written
//! in whichever of two forms is shorter: sparse (gaps between document
//! numbers) or dense (every document of the site in order, a space first).

use crate::enc::{ALPHABET, push_num};
use crate::index::Posting;
use crate::{QMAX, Quantiser, score};

/// Levels of a dense scored list: two documents a character, so 0 (absent)
/// and 1..=LEVELS make at most 81 of the 92 characters.
pub const LEVELS: u32 = 8;

/// The level of a quantised score in a dense list.
#[inline]
pub fn level(q: u8) -> u32 {
    (u32::from(q) * LEVELS).div_ceil(QMAX)
}

/// The quantised score a level stands for, the middle of its range; the
/// client computes the same.
pub fn level_score(level: u32) -> u32 {
    ((2 * level - 1) * QMAX).div_ceil(2 * LEVELS)
}

/// Characters `push_num` takes for `v`.
#[inline]
fn num_len(mut v: u32) -> usize {
    let mut n = 1;
    while v >= crate::enc::BASE {
        v /= crate::enc::BASE;
        n += 1;
    }
    n
}

/// Turns postings into quantised scores.
pub(crate) struct Encoder<'a> {
    pub n: u32,
    pub lengths: &'a [u32],
    pub avgdl: f64,
    pub quant: Quantiser,
}

impl Encoder<'_> {
    /// The (document, quantised score) of a list given in pieces, each in
    /// document order, one after the other; appended to `out`.
    pub fn quantised(&self, pieces: &[Vec<Posting>], out: &mut Vec<(u32, u8)>) {
        for p in pieces.iter().flatten() {
            let s = score(p.tf, p.bits, self.lengths[p.doc as usize], self.avgdl);
            out.push((p.doc, self.quant.q(s) as u8));
        }
    }
}

/// The documents of several lists with the highest score of each, in
/// document order, into `out`. `best` is scratch space, one byte per
/// document of the site, all 0 (and left so).
pub(crate) fn combined(lists: &[Vec<(u32, u8)>], best: &mut [u8], out: &mut Vec<(u32, u8)>) {
    out.clear();
    if let [one] = lists {
        out.extend_from_slice(one);
        return;
    }
    let mut touched: Vec<u32> = Vec::new();
    for &(doc, q) in lists.iter().flatten() {
        let b = &mut best[doc as usize];
        if *b == 0 {
            touched.push(doc);
        }
        *b = (*b).max(q);
    }
    if touched.len() * 8 > best.len() {
        // many: in document order by a pass over all of them
        for (doc, b) in best.iter_mut().enumerate() {
            if *b != 0 {
                out.push((doc as u32, *b));
                *b = 0;
            }
        }
        return;
    }
    touched.sort_unstable();
    for doc in touched {
        out.push((doc, std::mem::take(&mut best[doc as usize])));
    }
}

/// Appends a scored list: sparse, (gap, score) per document, or dense, a
/// space then the levels of two documents a character, when shorter.
pub(crate) fn push_scored(out: &mut String, list: &[(u32, u8)], n: u32) {
    let mut prev: i64 = -1;
    let mut sparse = 0;
    for &(doc, _) in list {
        sparse += num_len((i64::from(doc) - prev - 1) as u32) + 1;
        prev = i64::from(doc);
    }
    let dense = 1 + (n as usize).div_ceil(2);
    if dense < sparse {
        let mut levels = vec![0u8; n as usize + 1];
        for &(doc, q) in list {
            levels[doc as usize] = level(q) as u8;
        }
        out.push(' ');
        for pair in levels[..n as usize].chunks(2) {
            let v = u32::from(pair[0]) * (LEVELS + 1) + u32::from(*pair.get(1).unwrap_or(&0));
            out.push(ALPHABET[v as usize] as char);
        }
        return;
    }
    let mut prev: i64 = -1;
    for &(doc, q) in list {
        push_num(out, (i64::from(doc) - prev - 1) as u32);
        prev = i64::from(doc);
        push_num(out, u32::from(q));
    }
}

/// Appends a list of documents (ascending): sparse, the gaps, or dense, a
/// space then six documents a character (one bit each), when shorter.
pub(crate) fn push_docs(out: &mut String, docs: &[u32], n: u32) {
    let mut prev: i64 = -1;
    let mut sparse = 0;
    for &doc in docs {
        sparse += num_len((i64::from(doc) - prev - 1) as u32);
        prev = i64::from(doc);
    }
    let dense = 1 + (n as usize).div_ceil(6);
    if dense < sparse {
        let mut bits = vec![0u8; (n as usize).div_ceil(6)];
        for &doc in docs {
            bits[doc as usize / 6] |= 1 << (doc % 6);
        }
        out.push(' ');
        out.extend(bits.iter().map(|&b| ALPHABET[b as usize] as char));
        return;
    }
    let mut prev: i64 = -1;
    for &doc in docs {
        push_num(out, (i64::from(doc) - prev - 1) as u32);
        prev = i64::from(doc);
    }
}

/// Decodes a list written by [`push_scored`] (for tests): (document,
/// quantised score), a dense list's levels given as their scores.
pub fn decode_scored(s: &str) -> Vec<(u32, u32)> {
    let digit = |b: u8| ALPHABET.iter().position(|&a| a == b).expect("alphabet") as u32;
    if let Some(dense) = s.strip_prefix(' ') {
        let mut out = Vec::new();
        for (i, b) in dense.bytes().enumerate() {
            let v = digit(b);
            for (k, l) in [v / (LEVELS + 1), v % (LEVELS + 1)].into_iter().enumerate() {
                if l > 0 {
                    out.push(((2 * i + k) as u32, level_score(l)));
                }
            }
        }
        return out;
    }
    let nums = crate::enc::decode_nums(s);
    let mut prev: i64 = -1;
    nums.chunks(2)
        .map(|c| {
            prev += i64::from(c[0]) + 1;
            (prev as u32, c[1])
        })
        .collect()
}

/// Decodes a list written by [`push_docs`] (for tests).
pub fn decode_docs(s: &str) -> Vec<u32> {
    let digit = |b: u8| ALPHABET.iter().position(|&a| a == b).expect("alphabet") as u32;
    if let Some(dense) = s.strip_prefix(' ') {
        let mut out = Vec::new();
        for (i, b) in dense.bytes().enumerate() {
            let v = digit(b);
            out.extend(
                (0..6)
                    .filter(|k| v & (1 << k) != 0)
                    .map(|k| (6 * i + k) as u32),
            );
        }
        return out;
    }
    let mut prev: i64 = -1;
    crate::enc::decode_nums(s)
        .into_iter()
        .map(|g| {
            prev += i64::from(g) + 1;
            prev as u32
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_cover_the_scores_in_order() {
        assert_eq!(level(1), 1);
        assert_eq!(level(QMAX as u8), LEVELS);
        for l in 1..=LEVELS {
            assert_eq!(level(level_score(l) as u8), l);
        }
    }

    #[test]
    fn lists_round_trip_in_both_forms() {
        let n = 40;
        let sparse = vec![(3, 7), (30, 45)];
        let dense: Vec<(u32, u8)> = (0..n).filter(|d| d % 5 != 1).map(|d| (d, 12)).collect();
        for list in [&sparse, &dense] {
            let mut s = String::new();
            push_scored(&mut s, list, n);
            let back = decode_scored(&s);
            assert_eq!(back.len(), list.len());
            for ((d, q), (d2, q2)) in list.iter().zip(&back) {
                assert_eq!(*d, *d2);
                if s.starts_with(' ') {
                    assert_eq!(level(*q), level(*q2 as u8));
                } else {
                    assert_eq!(u32::from(*q), *q2);
                }
            }
        }
        let docs: Vec<u32> = dense.iter().map(|p| p.0).collect();
        for list in [vec![2, 39], docs] {
            let mut s = String::new();
            push_docs(&mut s, &list, n);
            assert_eq!(decode_docs(&s), list);
        }
    }

    #[test]
    fn combined_keeps_the_best_score() {
        let a = vec![(1, 5), (4, 9)];
        let b = vec![(1, 8), (2, 3)];
        for n in [5, 400] {
            let mut best = vec![0; n];
            let mut out = Vec::new();
            combined(&[a.clone(), b.clone()], &mut best, &mut out);
            assert_eq!(out, [(1, 8), (2, 3), (4, 9)]);
            assert!(best.iter().all(|&b| b == 0));
        }
    }
}
