//! Which legacy encoding a content file that is not UTF-8 was saved in, for
//! the hint of the error message. Older Vietnamese documents were typed with
//! TCVN3 (ABC, the `.VnTime` fonts), VNI (the `VNI-Times` fonts) or
//! Windows-1258; pasted into a text editor and saved, they keep those bytes.
//!
//! The bytes are decoded with each encoding in turn, and the one that gives
//! the most plausible Vietnamese words wins: every letter a Vietnamese
//! letter, at most one tone mark and one group of at most three vowels per
//! word. Decoded with the wrong table, a text gives stray symbols, tone marks
//! on consonants, or two tones in one word.

use unicode_normalization::UnicodeNormalization;

/// A legacy encoding recognised in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Legacy {
    Tcvn3,
    Vni,
    Windows1258,
    Utf16,
}

impl Legacy {
    /// How the encoding is named to the webmaster.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "TCVN3 (ABC, .VnTime fonts), a legacy Vietnamese encoding",
            Legacy::Vni => "VNI (VNI-Times fonts), a legacy Vietnamese encoding",
            Legacy::Windows1258 => "Windows-1258, a legacy Vietnamese encoding",
            Legacy::Utf16 => "UTF-16",
        }
    }
}

/// Bytes looked at: enough words to decide, little work on a large file.
const SAMPLE: usize = 64 * 1024;

/// Bytes 0x80-0xFF in TCVN3 (ABC); U+FFFD where the encoding has no letter.
const TCVN3_HIGH: &str = "\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\
    \u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\
    \u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\
    \u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\
    \u{fffd}ĂÂÊÔƠƯĐăâêôơưđ\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\
    àảãáạ\u{fffd}ằẳẵắ\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\u{fffd}\
    ặầẩẫấậè\u{fffd}ẻẽéẹềểễếệìỉ\u{fffd}\u{fffd}\u{fffd}ĩíịò\u{fffd}ỏõóọồổỗốộ\
    ờởỡớợù\u{fffd}ủũúụừửữứựỳỷỹýỵ\u{fffd}";

/// Bytes 0x80-0xFF in Windows-1258 (tone marks are combining characters).
const CP1258_HIGH: &str = "€\u{fffd}‚ƒ„…†‡ˆ‰\u{fffd}‹Œ\u{fffd}\u{fffd}\u{fffd}\
    \u{fffd}‘’“”•–—˜™\u{fffd}›œ\u{fffd}\u{fffd}Ÿ\
    \u{a0}¡¢£¤¥¦§¨©ª«¬\u{ad}®¯\
    °±²³´µ¶·¸¹º»¼½¾¿\
    ÀÁÂĂÄÅÆÇÈÉÊË\u{300}ÍÎÏ\
    ĐÑ\u{309}ÓÔƠÖ×ØÙÚÛÜƯ\u{303}ß\
    àáâăäåæçèéêë\u{301}íîï\
    đñ\u{323}óôơö÷øùúûüư₫ÿ";

/// VNI bytes that are a whole letter.
const VNI_LETTERS: &[(u8, char)] = &[
    (0xC6, 'Ỉ'),
    (0xCC, 'Ì'),
    (0xCD, 'Í'),
    (0xCE, 'Ỵ'),
    (0xD1, 'Đ'),
    (0xD2, 'Ị'),
    (0xD3, 'Ĩ'),
    (0xD4, 'Ơ'),
    (0xD6, 'Ư'),
    (0xE6, 'ỉ'),
    (0xEC, 'ì'),
    (0xED, 'í'),
    (0xEE, 'ỵ'),
    (0xF1, 'đ'),
    (0xF2, 'ị'),
    (0xF3, 'ĩ'),
    (0xF4, 'ơ'),
    (0xF6, 'ư'),
];

const GRAVE: char = '\u{300}';
const ACUTE: char = '\u{301}';
const CIRCUMFLEX: char = '\u{302}';
const TILDE: char = '\u{303}';
const BREVE: char = '\u{306}';
const HOOK: char = '\u{309}';
const HORN: char = '\u{31b}';
const DOT: char = '\u{323}';
const TONES: [char; 5] = [GRAVE, ACUTE, TILDE, HOOK, DOT];

/// VNI bytes written after a vowel, with the marks they add (lowercase and
/// uppercase forms).
fn vni_marks(b: u8) -> Option<&'static [char]> {
    Some(match b {
        0xF8 | 0xD8 => &[GRAVE],
        0xF9 | 0xD9 => &[ACUTE],
        0xFB | 0xDB => &[HOOK],
        0xF5 | 0xD5 => &[TILDE],
        0xEF | 0xCF => &[DOT],
        0xE2 | 0xC2 => &[CIRCUMFLEX],
        0xE1 | 0xC1 => &[CIRCUMFLEX, ACUTE],
        0xE0 | 0xC0 => &[CIRCUMFLEX, GRAVE],
        0xE5 | 0xC5 => &[CIRCUMFLEX, HOOK],
        0xE3 | 0xC3 => &[CIRCUMFLEX, TILDE],
        0xE4 | 0xC4 => &[CIRCUMFLEX, DOT],
        0xEA | 0xCA => &[BREVE],
        0xE9 | 0xC9 => &[BREVE, ACUTE],
        0xE8 | 0xC8 => &[BREVE, GRAVE],
        0xFA | 0xDA => &[BREVE, HOOK],
        0xFC | 0xDC => &[BREVE, TILDE],
        0xEB | 0xCB => &[BREVE, DOT],
        _ => return None,
    })
}

/// The legacy encoding `bytes` most likely use, if any gives Vietnamese.
pub(crate) fn guess(bytes: &[u8]) -> Option<Legacy> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Some(Legacy::Utf16);
    }
    let sample = &bytes[..bytes.len().min(SAMPLE)];
    let candidates = [
        (Legacy::Tcvn3, score(&by_table(sample, TCVN3_HIGH))),
        (Legacy::Vni, score(&vni(sample))),
        (Legacy::Windows1258, score(&by_table(sample, CP1258_HIGH))),
    ];
    let mut best: Option<(Legacy, i64)> = None;
    for (enc, s) in candidates {
        if s > 0 && best.is_none_or(|(_, b)| s > b) {
            best = Some((enc, s));
        }
    }
    best.map(|(e, _)| e)
}

/// Decodes with a table of the 128 high bytes, then composes (NFC).
fn by_table(bytes: &[u8], high: &str) -> String {
    let table: Vec<char> = high.chars().collect();
    debug_assert_eq!(table.len(), 128);
    let raw: String = bytes
        .iter()
        .map(|&b| {
            if b < 0x80 {
                b as char
            } else {
                table[usize::from(b - 0x80)]
            }
        })
        .collect();
    raw.nfc().collect()
}

/// Decodes VNI: whole-letter bytes, and mark bytes composed with the vowel
/// before them.
fn vni(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        if b < 0x80 {
            out.push(b as char);
        } else if let Some(&(_, c)) = VNI_LETTERS.iter().find(|(x, _)| *x == b) {
            out.push(c);
        } else if let Some(marks) = vni_marks(b)
            && let Some(last) = out.chars().next_back().filter(|c| is_vowel(*c))
        {
            out.pop();
            let composed: String = std::iter::once(last)
                .chain(marks.iter().copied())
                .nfc()
                .collect();
            out.push_str(&composed);
        } else {
            out.push('\u{fffd}');
        }
    }
    out
}

fn is_vowel(c: char) -> bool {
    c.nfd().next().is_some_and(|b| "aeiouyAEIOUY".contains(b))
}

/// Plausible minus implausible words among those with a non-ASCII letter.
fn score(text: &str) -> i64 {
    text.split(|c: char| c.is_ascii() && !c.is_ascii_alphabetic())
        .filter(|w| !w.is_ascii())
        .map(|w| if plausible(w) { 1 } else { -1 })
        .sum()
}

/// A word that could be Vietnamese: Vietnamese letters only, one tone mark
/// at most, its vowels in one group of three at most.
fn plausible(word: &str) -> bool {
    let mut tones = 0;
    let mut vowels = 0;
    let mut groups = 0;
    let mut in_vowels = false;
    for c in word.chars() {
        let Some(letter) = letter(c) else {
            return false;
        };
        tones += usize::from(letter.tone);
        if letter.vowel {
            vowels += 1;
            if !in_vowels {
                groups += 1;
            }
        }
        in_vowels = letter.vowel;
    }
    tones <= 1 && vowels <= 3 && groups <= 1
}

struct Letter {
    vowel: bool,
    tone: bool,
}

/// `c` as a letter of the Vietnamese alphabet, or `None`.
fn letter(c: char) -> Option<Letter> {
    if matches!(c, 'đ' | 'Đ') {
        return Some(Letter {
            vowel: false,
            tone: false,
        });
    }
    let mut parts = c.nfd();
    let base = parts.next().filter(char::is_ascii_alphabetic)?;
    let vowel = "aeiouyAEIOUY".contains(base);
    let lower = base.to_ascii_lowercase();
    let (mut tone, mut shape) = (false, false);
    for m in parts {
        let fits = match m {
            CIRCUMFLEX => matches!(lower, 'a' | 'e' | 'o'),
            BREVE => lower == 'a',
            HORN => matches!(lower, 'o' | 'u'),
            t if TONES.contains(&t) => vowel && !tone,
            _ => false,
        };
        if !fits {
            return None;
        }
        if TONES.contains(&m) {
            tone = true;
        } else if std::mem::replace(&mut shape, true) {
            return None;
        }
    }
    Some(Letter { vowel, tone })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "Nghị quyết Đảng ủy về công tác tuyên truyền" in each encoding.
    const TCVN3: &[u8] =
        b"Ngh\xde quy\xd5t \xa7\xb6ng \xf1y v\xd2 c\xabng t\xb8c tuy\xaan truy\xd2n";
    const VNI: &[u8] =
        b"Ngh\xf2 quye\xe1t \xd1a\xfbng u\xfby ve\xe0 co\xe2ng ta\xf9c tuye\xe2n truye\xe0n";
    const CP1258: &[u8] =
        b"Nghi\xf2 quy\xea\xect \xd0a\xd2ng u\xd2y v\xea\xcc c\xf4ng ta\xecc tuy\xean truy\xea\xccn";

    #[test]
    fn tables_have_every_high_byte() {
        assert_eq!(TCVN3_HIGH.chars().count(), 128);
        assert_eq!(CP1258_HIGH.chars().count(), 128);
    }

    #[test]
    fn decodes_each_encoding() {
        let want = "Nghị quyết Đảng ủy về công tác tuyên truyền";
        assert_eq!(by_table(TCVN3, TCVN3_HIGH), want);
        assert_eq!(vni(VNI), want);
        assert_eq!(by_table(CP1258, CP1258_HIGH), want);
    }

    #[test]
    fn guesses_each_encoding() {
        assert_eq!(guess(TCVN3), Some(Legacy::Tcvn3));
        assert_eq!(guess(VNI), Some(Legacy::Vni));
        assert_eq!(guess(CP1258), Some(Legacy::Windows1258));
        // Short samples, capitals.
        assert_eq!(guess(b"C\xabng v\xa8n"), Some(Legacy::Tcvn3));
        assert_eq!(guess(b"NGH\xd2 QUYE\xc1T"), Some(Legacy::Vni));
        assert_eq!(guess(b"NGHI\xf2 QUY\xca\xecT"), Some(Legacy::Windows1258));
        assert_eq!(guess(b"\xff\xfe-\x00-\x00"), Some(Legacy::Utf16));
    }

    #[test]
    fn no_guess_for_other_bytes() {
        assert_eq!(guess(b"caf\xe9 \x80\x81\x82"), None);
        assert_eq!(guess(b"\x00\x01\x02\xff\xfe\xfd"), None);
    }

    #[test]
    fn vietnamese_letters() {
        assert!(plausible("người") && plausible("khuỷu") && plausible("Đảng"));
        assert!(!plausible("quyờỡt") && !plausible("ñy") && !plausible("h\u{303}"));
        assert!(!plausible("ẹaỷng"));
    }
}
