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
    }
}
