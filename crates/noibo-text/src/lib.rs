//! Vietnamese text handling shared by every stage of noibo.
//!
//! The one definition of *folding* lives here: NFC, then NFD with the
//! combining marks dropped, then `đ` → `d`, then lowercase. The search client
//! (`themes/default/static/search.js`) implements the same function and the
//! search crate's tests check that both agree on the same inputs.
//!
//! On NFC Vietnamese text folding keeps the number of characters, so an
//! offset found in folded text maps back onto the shown text.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Decodes the character starting at byte `i` of valid UTF-8 `b` (`b[i]` is
/// not ASCII): the character and its length. For scanners that look at
/// bytes first (the search tokeniser, [`nfc`]).
#[inline]
pub fn char_at(b: &[u8], i: usize) -> (char, usize) {
    let b0 = u32::from(b[i]);
    let (c, len) = if b0 < 0xe0 {
        (((b0 & 0x1f) << 6) | (u32::from(b[i + 1]) & 0x3f), 2)
    } else if b0 < 0xf0 {
        (
            ((b0 & 0x0f) << 12)
                | ((u32::from(b[i + 1]) & 0x3f) << 6)
                | (u32::from(b[i + 2]) & 0x3f),
            3,
        )
    } else {
        (
            ((b0 & 0x07) << 18)
                | ((u32::from(b[i + 1]) & 0x3f) << 12)
                | ((u32::from(b[i + 2]) & 0x3f) << 6)
                | (u32::from(b[i + 3]) & 0x3f),
            4,
        )
    };
    (char::from_u32(c).unwrap_or('\u{fffd}'), len)
}

/// True for a character that is in NFC whatever surrounds it and that
/// nothing before it composes with: Latin letters below the combining
/// marks, the precomposed Vietnamese letters (U+1E00..U+1EFF) and common
/// punctuation. Checked first because the general quick check costs a
/// table search per character.
#[inline]
pub fn surely_nfc(c: char) -> bool {
    matches!(c as u32, 0..=0x2ff | 0x1e00..=0x1eff | 0x2010..=0x2027 | 0x2030..=0x205e)
}

/// The byte offset of the first character of `s` from `from` on that is not
/// [`surely_nfc`], if any.
#[inline]
fn next_unusual(s: &str, from: usize) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = from;
    while i < b.len() {
        if b[i] < 0x80 {
            // skip ASCII eight bytes at a time
            while i + 8 <= b.len() {
                let w = u64::from_le_bytes(b[i..i + 8].try_into().unwrap());
                if w & 0x8080_8080_8080_8080 != 0 {
                    break;
                }
                i += 8;
            }
            while i < b.len() && b[i] < 0x80 {
                i += 1;
            }
            continue;
        }
        // the usual cases, from the lead bytes: U+0080..U+02FF,
        // U+1E00..U+1EFF (Vietnamese letters), U+2010..U+2027 (punctuation)
        match b[i] {
            0xc2..=0xcb => {
                i += 2;
                continue;
            }
            0xe1 if matches!(b[i + 1], 0xb8..=0xbb) => {
                i += 3;
                continue;
            }
            0xe2 if b[i + 1] == 0x80 && matches!(b[i + 2], 0x90..=0xa7) => {
                i += 3;
                continue;
            }
            _ => {}
        }
        let (c, len) = char_at(b, i);
        if !surely_nfc(c) {
            return Some(i);
        }
        i += len;
    }
    None
}

/// `s` in NFC, borrowing when it already is. Quick on Vietnamese text: its
/// characters (ASCII, Latin letters, precomposed Vietnamese letters, common
/// punctuation) are starters that never compose with what precedes them, so
/// only a run of other characters, with the character before it, needs
/// normalising.
pub fn nfc(s: &str) -> Cow<'_, str> {
    let Some(first) = next_unusual(s, 0) else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len());
    let mut done = 0; // s[..done] is handled
    let mut at = first;
    loop {
        // the starter before the run, if any
        let start = s[done..at]
            .char_indices()
            .next_back()
            .map_or(at, |(i, _)| done + i);
        let end = s[at..].find(surely_nfc).map_or(s.len(), |i| at + i);
        out.push_str(&s[done..start]);
        out.extend(s[start..end].nfc());
        done = end;
        match next_unusual(s, done) {
            Some(i) => at = i,
            None => break,
        }
    }
    out.push_str(&s[done..]);
    if out == s {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(out)
    }
}

/// Folds one character: base letter without marks, `đ` → `d`, lowercase.
/// Returns `None` for a combining mark, which folding drops.
pub fn fold_char(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c.to_ascii_lowercase());
    }
    if is_combining_mark(c) {
        return None;
    }
    let mut base = c;
    let mut first = true;
    decompose_canonical(c, |d| {
        if first {
            base = d;
            first = false;
        }
    });
    let base = match base {
        'đ' | 'Đ' => 'd',
        other => other,
    };
    let mut lower = base.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => Some(l),
        _ => Some(base),
    }
}

/// Folds a string for matching: case, tone marks, vowel marks and `đ` do not
/// matter in the result ("Đảng ủy" → "dang uy").
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    out.extend(s.chars().filter_map(fold_char));
    out
}

/// A URL-safe slug: folded, every run of other characters made one `-`.
pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut dash = false;
    for c in s.chars().filter_map(fold_char) {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    out
}

/// Splits folded or plain text into words: runs of letters and digits.
pub fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese() {
        assert_eq!(fold("Đảng ủy"), "dang uy");
        assert_eq!(fold("TUYÊN TRUYỀN"), "tuyen truyen");
        assert_eq!(fold("số"), "so");
        assert_eq!(fold("Quyết định"), "quyet dinh");
        // old and new tone placement fold alike
        assert_eq!(fold("uỷ"), fold("ủy"));
        assert_eq!(fold("hoà"), fold("hòa"));
    }

    #[test]
    fn nfd_folds_like_nfc() {
        let nfc_text = "Nghị quyết Đảng";
        let nfd_text: String = nfc_text.nfd().collect();
        assert_ne!(nfc_text, nfd_text);
        assert_eq!(fold(&nfd_text), fold(nfc_text));
        assert_eq!(nfc(&nfd_text), nfc_text);
    }

    #[test]
    fn folding_nfc_keeps_char_count() {
        let s = "Thực hiện Công văn số 58-CV/TCCS của Tạp chí Cộng sản";
        assert_eq!(fold(s).chars().count(), s.chars().count());
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("28-CV/BCĐ"), "28-cv-bcd");
        assert_eq!(slugify("  Văn bản chỉ đạo! "), "van-ban-chi-dao");
        assert_eq!(slugify("Ban Chỉ đạo 35"), "ban-chi-dao-35");
    }

    #[test]
    fn fast_path_agrees_with_full_normalisation() {
        for s in [
            "Đảng ủy",
            "“Phủ xanh” – không gian…",
            "e\u{301}",
            "\u{2000}x",
            "Ω\u{2126}",
            "ÀÁÂÃ",
        ] {
            let full: String = s.nfc().collect();
            assert_eq!(nfc(s), full, "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn nfc_matches_full_normalisation(s in "\\PC*") {
            let full: String = s.nfc().collect();
            proptest::prop_assert_eq!(nfc(&s).into_owned(), full);
        }

        #[test]
        fn nfc_matches_full_normalisation_of_vietnamese(
            s in "[aăâeêioôơuưyạậẠĐđAOU \u{300}\u{301}\u{303}\u{309}\u{323}\u{302}\u{306}\u{31b}x.-]*"
        ) {
            let full: String = s.nfc().collect();
            proptest::prop_assert_eq!(nfc(&s).into_owned(), full);
        }

        #[test]
        fn fold_never_panics_and_is_idempotent(s in "\\PC*") {
            let f = fold(&s);
            proptest::prop_assert_eq!(fold(&f), f.clone());
            let _ = slugify(&s);
        }
    }
}
