//! Small encodings shared with the browser client (`search.js`): the hash that
//! picks a bucket, the compact number alphabet of posting lists, JSON strings.

use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a, 32 bits, over the UTF-8 bytes of `s`. The client computes the same
/// to find the bucket of a term without loading any dictionary.
pub fn fnv1a32(s: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in s.as_bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// FNV-1a, 64 bits, used for the build id only.
pub fn fnv1a64(h: &mut u64, bytes: &[u8]) {
    for &b in bytes {
        *h ^= u64::from(b);
        *h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
}

/// A quick 64-bit digest step over `bytes`, 8 at a time (for the build id).
pub fn mix64(h: &mut u64, bytes: &[u8]) {
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let w = u64::from_le_bytes(c.try_into().unwrap());
        *h = (h.rotate_left(23) ^ w).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    fnv1a64(h, chunks.remainder());
    fnv1a64(h, &(bytes.len() as u64).to_le_bytes());
}

pub const FNV64_INIT: u64 = 0xcbf2_9ce4_8422_2325;

/// The 92 characters of the number alphabet: printable ASCII without the
/// space, `"` and `\`, so an encoded list sits in a JSON string unescaped.
pub const ALPHABET: &[u8; 92] =
    b"!#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";

/// Values below this take one character.
pub const BASE: u32 = 46;

/// Appends `v` in little-endian base 46: every character but the last is
/// taken from the upper half of the alphabet (a continuation).
pub fn push_num(out: &mut String, mut v: u32) {
    while v >= BASE {
        out.push(ALPHABET[(BASE + v % BASE) as usize] as char);
        v /= BASE;
    }
    out.push(ALPHABET[v as usize] as char);
}

/// Decodes a string written by [`push_num`] calls (for tests).
pub fn decode_nums(s: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let (mut n, mut mul) = (0u32, 1u32);
    for b in s.bytes() {
        let d = ALPHABET.iter().position(|&a| a == b).expect("alphabet") as u32;
        if d >= BASE {
            n += (d - BASE) * mul;
            mul *= BASE;
        } else {
            out.push(n + d * mul);
            n = 0;
            mul = 1;
        }
    }
    out
}
/// Bytes that may need escaping in a JSON string: controls, `"`, `\`, DEL,
/// `<`, and 0xE2, which starts U+2028 and U+2029.
static SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = i < 0x20
            || i == b'"' as usize
            || i == b'\\' as usize
            || i == b'<' as usize
            || i == 0x7f
            || i == 0xe2;
        i += 1;
    }
    t
};

/// Appends `s` as a JSON string literal that is also safe in any JavaScript
/// engine (U+2028 and U+2029 escaped) and inside HTML (`<` escaped, so no
/// `</script>` or `<!--` can appear even if the data is ever inlined).
pub fn push_json_str(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    let b = s.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if !SPECIAL[c as usize] {
            i += 1;
            continue;
        }
        let esc: Option<&str> = match c {
            b'"' => Some("\\\""),
            b'\\' => Some("\\\\"),
            b'<' => Some("\\u003c"),
            b'\n' => Some("\\n"),
            b'\r' => Some("\\r"),
            b'\t' => Some("\\t"),
            0..=0x1f | 0x7f => None,
            0xe2 if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xa8 | 0xa9)) => {
                None
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(&s[run..i]);
        match esc {
            Some(e) => {
                out.push_str(e);
                i += 1;
            }
            None if c == 0xe2 => {
                out.push_str(if b[i + 2] == 0xa8 {
                    "\\u2028"
                } else {
                    "\\u2029"
                });
                i += 3;
            }
            None => {
                out.push_str(&format!("\\u{:04x}", c));
                i += 1;
            }
        }
        run = i;
    }
    out.push_str(&s[run..]);
    out.push('"');
}

/// FxHash: a fast, non-cryptographic hasher for the builder's maps (their
/// iteration order never reaches the output).
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().unwrap()));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut buf = [0u8; 8];
            buf[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(buf));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

pub type FxBuild = BuildHasherDefault<FxHasher>;
pub type FxMap<K, V> = std::collections::HashMap<K, V, FxBuild>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alphabet_is_json_safe_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for &b in ALPHABET {
            assert!(b > b' ' && b < 0x7f && b != b'"' && b != b'\\');
            assert!(seen.insert(b));
        }
    }

    #[test]
    fn numbers_round_trip() {
        let vals = [
            0,
            1,
            45,
            46,
            47,
            2115,
            2116,
            97_335,
            97_336,
            1 << 20,
            u32::MAX / 50,
        ];
        let mut s = String::new();
        for v in vals {
            push_num(&mut s, v);
        }
        assert_eq!(decode_nums(&s), vals);
        let mut one = String::new();
        push_num(&mut one, 45);
        assert_eq!(one.len(), 1);
    }

    #[test]
    fn json_strings_parse_back() {
        for s in [
            "",
            "a\"b\\c",
            "dòng\nmới\r\t",
            "\u{1}\u{7f}x",
            "\u{2028}\u{2029}…\u{2027}",
            "Đảng ủy",
            "</script><!--",
        ] {
            let mut out = String::new();
            push_json_str(&mut out, s);
            assert!(!out.contains('\u{2028}') && !out.contains('\n') && !out.contains('<'));
            assert_eq!(serde_json::from_str::<String>(&out).unwrap(), s);
        }
    }

    #[test]
    fn fnv_known_values() {
        assert_eq!(fnv1a32(""), 0x811c_9dc5);
        assert_eq!(fnv1a32("a"), 0xe40c_292c);
    }
}
