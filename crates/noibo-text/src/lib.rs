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

/// True for a character that is in NFC whatever surrounds it: Latin letters
/// below the combining marks, and the precomposed Vietnamese letters. Checked
/// first because the general quick check costs a table search per character.
#[inline]
fn surely_nfc(c: char) -> bool {
    (c as u32) < 0x300
        || ('\u{1EA0}'..='\u{1EF9}').contains(&c)
        || ('\u{2010}'..='\u{2027}').contains(&c)
}

/// Returns `s` in Unicode normal form C, borrowing when it already is.
///
/// Only the stretches that can change are normalised: a character for
/// which [`surely_nfc`] holds is a starter that nothing before it composes
/// with, so text splits there into pieces normalised on their own. A file
/// with a few decomposed letters costs little more than one already in NFC.
pub fn nfc(s: &str) -> Cow<'_, str> {
    let unsure = |from: usize| {
        s[from..]
            .char_indices()
            .find(|&(_, c)| !surely_nfc(c))
            .map(|(k, _)| from + k)
    };
    let Some(mut bad) = (if s.is_ascii() { None } else { unsure(0) }) else {
        return Cow::Borrowed(s);
    };
    let mut out = String::with_capacity(s.len());
    let mut done = 0;
    loop {
        // The piece starts at the character before the first unsure one
        // (a mark composes with it) and ends before the next sure one.
        let start = s[done..bad]
            .char_indices()
            .next_back()
            .map_or(bad, |(k, _)| done + k);
        let end = s[bad..]
            .char_indices()
            .find(|&(_, c)| surely_nfc(c))
            .map_or(s.len(), |(k, _)| bad + k);
        out.push_str(&s[done..start]);
        out.extend(s[start..end].nfc());
        done = end;
        match unsure(end) {
            Some(next) => bad = next,
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
