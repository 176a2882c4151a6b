//! Posting lists in memory while the index is built. Each posting is packed
//! into a few bytes: the gap from the previous document of the list, then
//! the body frequency doubled, plus one when field bits follow in a byte of
//! their own, both as variable-length numbers. A word of the body in the
//! next document of its list takes two bytes where a [`Posting`] takes
//! eight. A list is unpacked once, when it is written. On the
//! 10,000-directive corpus the lists hold about ten million postings, so
//! this is most of the index's memory.

use crate::index::Posting;

/// One posting list, packed; documents in increasing order.
#[derive(Default)]
pub(crate) struct Packed {
    bytes: Vec<u8>,
    last: u32,
}

fn put(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// The number at `at`, or `None` when the bytes end first or it does not
/// fit in 32 bits.
fn get_checked(bytes: &[u8], at: &mut usize) -> Option<u32> {
    let mut v = 0u32;
    let mut shift = 0;
    loop {
        let b = *bytes.get(*at)?;
        *at += 1;
        if shift > 28 || (shift == 28 && b & 0x70 != 0) {
            return None;
        }
        v |= u32::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Some(v);
        }
        shift += 7;
    }
}

fn get(bytes: &[u8], at: &mut usize) -> u32 {
    let mut v = 0u32;
    let mut shift = 0;
    loop {
        let b = bytes[*at];
        *at += 1;
        v |= u32::from(b & 0x7f) << shift;
        if b < 0x80 {
            return v;
        }
        shift += 7;
    }
}

impl Packed {
    /// Adds a posting of a document after every one already here.
    #[inline]
    pub fn push(&mut self, p: Posting) {
        debug_assert!(self.bytes.is_empty() || p.doc > self.last);
        put(&mut self.bytes, p.doc - self.last);
        put(
            &mut self.bytes,
            u32::from(p.tf) << 1 | u32::from(p.bits != 0),
        );
        if p.bits != 0 {
            self.bytes.push(p.bits);
        }
        self.last = p.doc;
    }

    /// Gives back the memory the list grew into but does not use.
    pub fn shrink(&mut self) {
        self.bytes.shrink_to_fit();
    }

    /// Whether the list has no posting.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The packed bytes and the last document, as the build store keeps them.
    pub fn parts(&self) -> (&[u8], u32) {
        (&self.bytes, self.last)
    }

    /// A list from bytes read back from the build store: `None` unless they
    /// are whole postings with documents increasing up to `last`, all below
    /// `docs`.
    pub fn from_parts(bytes: Vec<u8>, last: u32, docs: u32) -> Option<Packed> {
        let (mut at, mut doc, mut first) = (0, 0u32, true);
        while at < bytes.len() {
            let gap = get_checked(&bytes, &mut at)?;
            if gap == 0 && !first {
                return None;
            }
            doc = doc.checked_add(gap)?;
            let tf = get_checked(&bytes, &mut at)?;
            if tf >> 1 > u32::from(u16::MAX) {
                return None;
            }
            if tf & 1 == 1 {
                let bits = *bytes.get(at)?;
                if bits == 0 {
                    return None;
                }
                at += 1;
            }
            first = false;
        }
        let ok = doc == last && (bytes.is_empty() || doc < docs);
        ok.then_some(Packed { bytes, last })
    }

    /// The lists one after the other (each of documents after the one
    /// before), in memory of just their size.
    pub fn concat(pieces: Vec<Packed>) -> Packed {
        let mut pieces = pieces.into_iter().filter(|p| !p.bytes.is_empty());
        let Some(mut out) = pieces.next() else {
            return Packed::default();
        };
        let rest: Vec<Packed> = pieces.collect();
        if rest.is_empty() {
            return out;
        }
        // a first gap grows by at most five bytes when written again
        let more: usize = rest.iter().map(|p| p.bytes.len() + 5).sum();
        out.bytes.reserve_exact(more);
        for p in rest {
            out.append(p);
        }
        out.bytes.shrink_to_fit();
        out
    }

    /// Adds the postings of `other`, all of documents after this list's.
    pub fn append(&mut self, other: Packed) {
        if self.bytes.is_empty() {
            *self = other;
            return;
        }
        if other.bytes.is_empty() {
            return;
        }
        debug_assert!(other.first() > self.last);
        let mut at = 0;
        let first = get(&other.bytes, &mut at);
        put(&mut self.bytes, first - self.last);
        self.bytes.extend_from_slice(&other.bytes[at..]);
        self.last = other.last;
    }

    /// Whether the list has a posting of one of `docs` (ascending).
    pub fn has_any(&self, docs: &[u32]) -> bool {
        let (Some(&lo), Some(&hi)) = (docs.first(), docs.last()) else {
            return false;
        };
        if self.bytes.is_empty() || self.last < lo {
            return false;
        }
        let (mut at, mut doc, mut k) = (0, 0u32, 0);
        while at < self.bytes.len() {
            doc += get(&self.bytes, &mut at);
            if doc > hi {
                return false;
            }
            while docs[k] < doc {
                k += 1;
            }
            if docs[k] == doc {
                return true;
            }
            if get(&self.bytes, &mut at) & 1 == 1 {
                at += 1;
            }
        }
        false
    }

    fn first(&self) -> u32 {
        get(&self.bytes, &mut 0)
    }

    /// The postings, in order.
    pub fn unpack(&self) -> Vec<Posting> {
        let mut out = Vec::with_capacity(self.bytes.len() / 2);
        let (mut at, mut doc) = (0, 0u32);
        while at < self.bytes.len() {
            doc += get(&self.bytes, &mut at);
            let tf = get(&self.bytes, &mut at);
            let bits = if tf & 1 == 1 {
                at += 1;
                self.bytes[at - 1]
            } else {
                0
            };
            let tf = (tf >> 1) as u16;
            out.push(Posting { doc, tf, bits });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_come_back_as_they_went_in() {
        let docs = [0u32, 1, 2, 130, 20_000, 20_001, 4_000_000_000];
        let mut list = Packed::default();
        let mut want = Vec::new();
        for (k, &doc) in docs.iter().enumerate() {
            let p = Posting {
                doc,
                tf: [0, 1, 127, 128, 300, u16::MAX, 7][k],
                bits: [0, 1, 64, 127, 3, 0, 2][k],
            };
            list.push(p);
            want.push((p.doc, p.tf, p.bits));
        }
        let got: Vec<_> = list
            .unpack()
            .iter()
            .map(|p| (p.doc, p.tf, p.bits))
            .collect();
        assert_eq!(got, want);
        assert!(Packed::default().unpack().is_empty());
        let (bytes, last) = list.parts();
        let back = Packed::from_parts(bytes.to_vec(), last, u32::MAX).expect("whole");
        assert_eq!(back.unpack().len(), want.len());
    }

    fn list(docs: &[u32]) -> Packed {
        let mut l = Packed::default();
        for &doc in docs {
            l.push(Posting {
                doc,
                tf: 1,
                bits: 0,
            });
        }
        l
    }

    #[test]
    fn appended_lists_are_one_list() {
        let mut a = list(&[3, 9]);
        a.append(list(&[10, 400]));
        a.append(Packed::default());
        let docs: Vec<u32> = a.unpack().iter().map(|p| p.doc).collect();
        assert_eq!(docs, [3, 9, 10, 400]);
        let mut e = Packed::default();
        e.append(list(&[5]));
        assert_eq!(e.unpack()[0].doc, 5);
        let c = Packed::concat(vec![Packed::default(), list(&[1, 2]), list(&[300])]);
        let docs: Vec<u32> = c.unpack().iter().map(|p| p.doc).collect();
        assert_eq!(docs, [1, 2, 300]);
        assert!(Packed::concat(Vec::new()).is_empty());
    }

    #[test]
    fn a_list_knows_which_documents_it_has() {
        let l = list(&[3, 9, 200]);
        assert!(l.has_any(&[9]));
        assert!(l.has_any(&[1, 2, 200]));
        assert!(!l.has_any(&[4, 10, 199, 201]));
        assert!(!l.has_any(&[]));
        assert!(!Packed::default().has_any(&[3]));
    }

    #[test]
    fn damaged_parts_are_refused() {
        let l = list(&[3, 9]);
        let (bytes, last) = l.parts();
        assert!(Packed::from_parts(bytes.to_vec(), last + 1, 100).is_none());
        assert!(Packed::from_parts(bytes.to_vec(), last, 9).is_none());
        assert!(Packed::from_parts(bytes[..bytes.len() - 1].to_vec(), last, 100).is_none());
        assert!(Packed::from_parts(vec![0x80; 6], 0, 100).is_none());
        // a repeated document
        assert!(Packed::from_parts(vec![3, 2, 0, 2], 3, 100).is_none());
    }
}
