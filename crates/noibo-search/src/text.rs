//! Tokenising for search: words, their folded and exact keys, and document
//! numbers. `themes/default/static/search-text.js` implements the same rules;
//! the crate's tests and `tests/browser/text.test.js` check both against the
//! shared cases, `crates/noibo-refs/tests/cases/text.json`.
//!
//! * A word is a run of letters, digits and combining marks in NFC text.
//! * Its *folded key* is [`noibo_text::fold`] of it ("Đảng" → "dang").
//! * Its *exact key* keeps case-folded letters with their vowel marks
//!   (â, ă, ê, ô, ơ, ư, đ) and moves the tone mark, wherever it was written,
//!   to the end as a digit after `_` ("Đảng" → "đang_3"), so that the old and
//!   new tone placements ("hoà"/"hòa", "uỷ"/"ủy") have the same exact key.
//! * Runs of ASCII digits lose their leading zeros ("03" → "3").
//! * A document number ("58-CV/TCCS", "21-\nNQ/TW", "12/2023/NĐ-CP"), as
//!   `noibo-refs` reads it, gives two extra tokens: the whole number
//!   ("58-cv-tccs") and its sequence number with its type code ("58-cv").
//!   Both contain `-`, so no word collides with them.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// How a word is joined to the one before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sep {
    /// First word of the text.
    Start,
    /// Only white space between them.
    Space,
    /// White space and exactly one dash or slash ("58-CV", "kinh tế - xã hội").
    Joiner,
    /// Any other punctuation: the words are not adjacent.
    Break,
}

impl Sep {
    /// Whether two words count as neighbours for phrases.
    pub fn adjacent(self) -> bool {
        matches!(self, Sep::Space | Sep::Joiner)
    }
}

/// A word found in a text: byte range and how it is joined to the previous one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Word {
    pub start: usize,
    pub end: usize,
    pub sep: Sep,
}

/// A letter, digit or combining mark.
#[inline]
pub fn is_word_char(c: char) -> bool {
    match c as u32 {
        0..=0x7f => c.is_ascii_alphanumeric(),
        // Latin-1 letters, Latin Extended-A and -B: letters but × and ÷
        0xc0..=0x24f => c != '\u{d7}' && c != '\u{f7}',
        // Latin Extended Additional: the precomposed Vietnamese letters
        0x1e00..=0x1eff => true,
        // General Punctuation
        0x2000..=0x206f => false,
        _ => c.is_alphanumeric() || is_combining_mark(c),
    }
}

use noibo_text::char_at as decode;
/// The one NFC of noibo (with its fast path for Vietnamese text).
pub use noibo_text::nfc;

#[inline]
fn is_joiner(c: char) -> bool {
    matches!(
        c,
        '-' | '/' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}'
    )
}

/// Class of an ASCII byte: 0 word, 1 white space, 2 joiner, 3 other.
const ASCII_CLASS: [u8; 128] = {
    let mut t = [3u8; 128];
    let mut i = 0;
    while i < 128 {
        let c = i as u8;
        t[i] = if c.is_ascii_alphanumeric() {
            0
        } else if matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
            1
        } else if c == b'-' || c == b'/' {
            2
        } else {
            3
        };
        i += 1;
    }
    t
};

/// Splits `text` (NFC) into words, appending them to `out` (cleared first).
pub fn scan(text: &str, out: &mut Vec<Word>) {
    scan_checking::<false>(text, out);
}

/// [`scan`] of a text that may not be NFC, checking it in the same pass:
/// false, with `out` incomplete, as soon as a character may need
/// normalising (one not [`noibo_text::surely_nfc`]). One pass over the
/// text instead of a check ([`nfc`]) and then the scan.
pub fn scan_if_nfc(text: &str, out: &mut Vec<Word>) -> bool {
    scan_checking::<true>(text, out)
}

#[inline(always)]
fn scan_checking<const CHECK: bool>(text: &str, out: &mut Vec<Word>) -> bool {
    out.clear();
    let b = text.as_bytes();
    let mut in_word = false;
    let mut start = 0;
    let mut joiners = 0u32;
    let mut broken = false;
    let mut i = 0;
    while i < b.len() {
        if in_word {
            // the rest of an ASCII word at once
            while i < b.len() && b[i].is_ascii_alphanumeric() {
                i += 1;
            }
            if i >= b.len() {
                break;
            }
        }
        let (class, len) = if b[i] < 0x80 {
            (ASCII_CLASS[b[i] as usize], 1)
        } else {
            let (c, len) = decode(b, i);
            if CHECK && !noibo_text::surely_nfc(c) {
                return false;
            }
            let class = if is_word_char(c) {
                0
            } else if is_joiner(c) {
                2
            } else if c.is_whitespace() {
                1
            } else {
                3
            };
            (class, len)
        };
        if class == 0 {
            if !in_word {
                in_word = true;
                start = i;
            }
        } else {
            if in_word {
                push_word(out, start, i, joiners, broken);
                in_word = false;
                joiners = 0;
                broken = false;
            }
            match class {
                2 => joiners += 1,
                3 => broken = true,
                _ => {}
            }
        }
        i += len;
    }
    if in_word {
        push_word(out, start, text.len(), joiners, broken);
    }
    true
}

#[inline]
fn push_word(out: &mut Vec<Word>, start: usize, end: usize, joiners: u32, broken: bool) {
    let sep = if out.is_empty() {
        Sep::Start
    } else if broken || joiners > 1 {
        Sep::Break
    } else if joiners == 1 {
        Sep::Joiner
    } else {
        Sep::Space
    };
    out.push(Word { start, end, sep });
}

/// The tone marks of Vietnamese, as combining characters, and their digits in
/// exact keys: sắc 1, huyền 2, hỏi 3, ngã 4, nặng 5.
#[inline]
pub fn tone_digit(c: char) -> Option<char> {
    match c {
        '\u{0301}' => Some('1'),
        '\u{0300}' => Some('2'),
        '\u{0309}' => Some('3'),
        '\u{0303}' => Some('4'),
        '\u{0323}' => Some('5'),
        _ => None,
    }
}

fn strip_leading_zeros(s: &mut String) {
    if s.len() > 1 && s.bytes().all(|b| b.is_ascii_digit()) && s.starts_with('0') {
        let keep = s.trim_start_matches('0');
        let keep = if keep.is_empty() { "0" } else { keep };
        *s = keep.to_string();
    }
}

/// The folded key of one word (see the module docs).
pub fn folded_key(word: &str, out: &mut String) {
    out.clear();
    out.extend(word.chars().filter_map(noibo_text::fold_char));
    strip_leading_zeros(out);
}

/// The exact key of one word (see the module docs).
pub fn exact_key(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.extend(word.chars().map(|c| c.to_ascii_lowercase()));
        strip_leading_zeros(out);
        return;
    }
    let mut shape = String::with_capacity(word.len() + 4);
    let mut tones = String::new();
    for c in word.chars() {
        decompose_canonical(c, |d| match tone_digit(d) {
            Some(t) => tones.push(t),
            None => shape.push(d),
        });
    }
    for c in shape.nfc() {
        out.extend(c.to_lowercase());
    }
    if !tones.is_empty() {
        out.push('_');
        out.push_str(&tones);
    }
}

fn is_digits(s: &str, max: usize) -> bool {
    !s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit())
}

/// A document number found in a text: the range of words it spans and its two
/// tokens (whole number, and sequence number with type code), from
/// [`noibo_refs::DocNumber::search_keys`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Number {
    pub first: usize,
    pub last: usize,
    pub full: String,
    pub short: String,
}

/// Finds the document numbers of a scanned text, by the one grammar of
/// numbers in running text ([`noibo_refs::find_numbers`]): "58-CV/TCCS",
/// "21-\nNQ/TW", "315/TTCS-TTCS", "12/2023/NĐ-CP"; dates ("25/3/2026") are
/// not numbers.
pub fn find_numbers(text: &str, words: &[Word], out: &mut Vec<Number>) {
    out.clear();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        let found = is_digits(&text[w.start..w.end], 6)
            .then(|| noibo_refs::number_at(text, w.start))
            .flatten();
        let Some((range, n)) = found else {
            i += 1;
            continue;
        };
        let first = i;
        while i < words.len() && words[i].start < range.end {
            i += 1;
        }
        let (full, short) = n.search_keys();
        out.push(Number {
            first,
            last: i - 1,
            full,
            short,
        });
    }
}

/// The tokens of a `number` field: those of the number it holds
/// ([`noibo_refs::parse_number`]); else, for a number written with spaces
/// ("58 CV TCCS") or of no known form ("Số 12"), its words joined by `-`, and
/// the first two when it starts with a sequence number.
pub fn field_numbers(number: &str, out: &mut Vec<Number>) {
    out.clear();
    if let Some(n) = noibo_refs::parse_number(number) {
        let (full, short) = n.search_keys();
        out.push(Number {
            first: 0,
            last: 0,
            full,
            short,
        });
        return;
    }
    let number = nfc(number);
    let mut words = Vec::new();
    scan(&number, &mut words);
    if words.len() < 2 {
        return;
    }
    let mut keys = Vec::with_capacity(words.len());
    let mut buf = String::new();
    for w in &words {
        folded_key(&number[w.start..w.end], &mut buf);
        keys.push(buf.clone());
    }
    let full = keys.join("-");
    let short = if is_digits(&keys[0], 6) {
        format!("{}-{}", keys[0], keys[1])
    } else {
        full.clone()
    };
    out.push(Number {
        first: 0,
        last: words.len() - 1,
        full,
        short,
    });
}

#[cfg(test)]
mod tests;
