//! Document numbers (số và ký hiệu): parsing and canonical keys.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::types;

/// How a document number is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NumberForm {
    /// Party documents: number, type code, issuer code: `28-CV/BCĐ`.
    Party,
    /// State documents: `315/TTCS-TTCS`, `15/QĐ-UBND`, `30/2020/NĐ-CP`, `59/2020/QH14`.
    State,
}

/// A parsed document number.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DocNumber {
    /// The number as normalised for display: NFC, ASCII hyphen, no spaces or
    /// line breaks, codes in their canonical case ("58-CV/TCCS").
    pub raw: String,
    /// The sequence number kept as written ("28", "09").
    pub seq: String,
    /// The type code ("CV", "CTr", "NĐ"); `None` for State numbers without one
    /// (`315/TTCS-TTCS` is a Công văn, `59/2020/QH14` a law).
    pub type_code: Option<String>,
    /// The issuer code ("BCĐ", "TW", "CP"); for State numbers without a type
    /// code, everything after the slash ("TTCS-TTCS").
    pub issuer_code: String,
    /// The year written inside State numbers (`30/2020/NĐ-CP` → 2020).
    pub year: Option<i32>,
    /// Party or State form.
    pub form: NumberForm,
}

impl DocNumber {
    /// The canonical key numbers are compared by: the sequence number without
    /// leading zeros, then the codes (case and `Đ` kept), so that `09-KH/TU`
    /// and `9-KH/TU` are equal while `05-CT/TW` and `05-CTr/TW` are not. A
    /// variant spelling of a code is keyed as the code it stands for (`QĐi`,
    /// written for Quy định, keys as `QĐ`).
    pub fn key(&self) -> String {
        let seq = self.seq.trim_start_matches('0');
        let seq = if seq.is_empty() { "0" } else { seq };
        let ty = self.type_code.as_deref().map(|c| {
            types::lookup(c, self.form)
                .and_then(|e| e.key_code)
                .unwrap_or(c)
        });
        match self.form {
            NumberForm::Party => format!("{seq}-{}/{}", ty.unwrap_or(""), self.issuer_code),
            NumberForm::State => {
                let mut k = String::with_capacity(self.raw.len());
                k.push_str(seq);
                k.push('/');
                if let Some(y) = self.year {
                    k.push_str(&y.to_string());
                    k.push('/');
                }
                if let Some(t) = ty {
                    k.push_str(t);
                    k.push('-');
                }
                k.push_str(&self.issuer_code);
                k
            }
        }
    }
}

impl DocNumber {
    /// The two tokens search indexes a number by, folded (no case, no marks,
    /// `đ` as `d`) and without leading zeros: the whole number, its parts
    /// joined by `-` ("58-CV/TCCS" → "58-cv-tccs", "12/2023/NĐ-CP" →
    /// "12-2023-nd-cp"), and its sequence number with its first code
    /// ("58-cv", "12-nd"), which "Kết luận 21" or "KL 21" look for.
    pub fn search_keys(&self) -> (String, String) {
        let fold = |s: &str| noibo_text::fold(s);
        let seq = self.seq.trim_start_matches('0');
        let seq = if seq.is_empty() { "0" } else { seq };
        let mut full = seq.to_owned();
        if let Some(y) = self.year {
            full.push('-');
            full.push_str(&y.to_string());
        }
        let codes = self.type_code.iter().map(String::as_str);
        let codes: Vec<&str> = codes.chain(self.issuer_code.split('-')).collect();
        for c in &codes {
            full.push('-');
            full.push_str(&fold(c));
        }
        let short = format!("{seq}-{}", fold(codes[0]));
        (full, short)
    }
}

impl fmt::Display for DocNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

/// Parses a document number as a webmaster writes it in front matter.
///
/// Accepts Party numbers (`58-CV/TCCS`, any dash: `58–CV/TCCS`), State numbers
/// (`315/TTCS-TTCS`, `15/QĐ-UBND`, `30/2020/NĐ-CP`, `59/2020/QH14`), spaces
/// around the separators, a leading `Số` / `số:`, and any case: codes are
/// put in their canonical case from the type table (`58-cv/tccs` →
/// `58-CV/TCCS`, `1-ctr/tu` → `1-CTr/TU`); an issuer code written all in
/// lower case is upper-cased, one with capitals is kept (`TTg`).
///
/// Rejects what only looks like a number: `2020-2025`, `HTTH - 123`,
/// `TTTHO-252`, `25/3/2026`, `1.`, a draft's `Số -CV/TU`.
pub fn parse_number(s: &str) -> Option<DocNumber> {
    let s = noibo_text::nfc(s);
    let mut t = s.trim();
    // optional "Số" / "số:" prefix
    for p in ["Số", "số", "SỐ"] {
        if let Some(rest) = t.strip_prefix(p) {
            let rest = rest.trim_start();
            t = rest.strip_prefix(':').unwrap_or(rest).trim_start();
            break;
        }
    }
    if !t.as_bytes().first()?.is_ascii_digit() {
        return None;
    }
    let (end, n) = scan_number(t, 0, true)?;
    if end == t.len() { Some(n) } else { None }
}

/// The names of the document types a code stands for: `"QĐ"` →
/// `["Quyết định", "Quy định"]`, `"CV"` → `["Công văn"]`, unknown → `[]`.
/// The Party meaning is given when the code has one (`"TT"` → Thông tri),
/// else the State meaning (`"NĐ"` → Nghị định). Exact codes are looked up
/// first, then codes ignoring case when that is unambiguous.
pub fn type_names_for_code(code: &str) -> &'static [&'static str] {
    types::names_for_code(code)
}

/// The names of the document types a code stands for in one form of number
/// (`"TT"` is Thông tri in Party numbers, Thông tư in State numbers).
pub fn type_names_for_code_in(code: &str, form: NumberForm) -> &'static [&'static str] {
    types::names_for(code, form)
}

/// The document type a number shows, only when its code stands for exactly
/// one type: `28-CV/BCĐ` → Công văn, `37-QĐ/TW` → `None` (Quyết định or Quy
/// định: never guessed), `37-QĐi/TW` → Quy định.
pub fn infer_type(number: &DocNumber) -> Option<&'static str> {
    match types::names_for(number.type_code.as_deref()?, number.form) {
        [one] => Some(one),
        _ => None,
    }
}

// ------------------------------------------------------------------ scanning

/// Dashes seen between the sequence number and the type code.
pub(crate) fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'
            | '\u{2011}'
            | '\u{2012}'
            | '\u{2013}'
            | '\u{2014}'
            | '\u{2212}'
            | '\u{FE63}'
            | '\u{FF0D}'
    )
}

fn is_code_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || c == 'Đ' || c == 'đ'
}

fn is_code_start(c: char, lenient: bool) -> bool {
    if lenient {
        is_code_letter(c)
    } else {
        c.is_ascii_uppercase() || c == 'Đ'
    }
}

fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..)?.chars().next()
}

/// Skips spaces and tabs (not line breaks).
fn skip_spaces(text: &str, mut i: usize) -> usize {
    while let Some(c) = char_at(text, i) {
        if c == ' ' || c == '\t' || c == '\u{a0}' {
            i += c.len_utf8();
        } else {
            break;
        }
    }
    i
}

/// Skips whitespace holding at most two line breaks (a wrapped line, or the
/// blank line a PDF copy leaves); `None` when there are more.
fn skip_wrap(text: &str, mut i: usize) -> Option<usize> {
    let mut newlines = 0;
    while let Some(c) = char_at(text, i) {
        if c == '\n' {
            newlines += 1;
            if newlines > 2 {
                return None;
            }
        } else if !c.is_whitespace() {
            break;
        }
        i += c.len_utf8();
    }
    Some(i)
}

/// Reads a code at `i`: a letter, then letters (and digits if allowed), at
/// most `max` characters. Returns its end.
fn read_code(text: &str, i: usize, lenient: bool, digits: bool, max: usize) -> Option<usize> {
    let mut chars = text.get(i..)?.char_indices();
    let (_, first) = chars.next()?;
    if !is_code_start(first, lenient) {
        return None;
    }
    let mut end = i + first.len_utf8();
    let mut n = 1;
    for (off, c) in chars {
        if is_code_letter(c) || (digits && c.is_ascii_digit()) {
            n += 1;
            if n > max {
                return None;
            }
            end = i + off + c.len_utf8();
        } else {
            break;
        }
    }
    Some(end)
}

/// Reads an issuer code, `CODE(-CODE)*`. Returns its end.
fn read_issuer_code(text: &str, i: usize, lenient: bool) -> Option<usize> {
    let mut end = read_code(text, i, lenient, true, 16)?;
    for _ in 0..4 {
        if text.as_bytes().get(end) == Some(&b'-')
            && char_at(text, end + 1).is_some_and(|c| is_code_start(c, lenient))
        {
            end = read_code(text, end + 1, lenient, true, 16)?;
        } else {
            break;
        }
    }
    Some(end)
}

/// An issuer code in canonical case: all-lower-case is upper-cased.
fn canon_issuer(code: &str) -> String {
    if code.chars().any(char::is_uppercase) {
        code.to_owned()
    } else {
        code.to_uppercase()
    }
}

/// A type code in canonical case, from the table when it is there.
fn canon_type(code: &str, form: crate::NumberForm) -> String {
    match types::lookup(code, form).and_then(|e| e.code) {
        Some(c) => c.to_owned(),
        None => canon_issuer(code),
    }
}

/// Reads a number starting at `start` (an ASCII digit). `lenient` (front
/// matter) accepts lower-case codes and spaces around the separators; in
/// running text codes start with a capital and nothing is spaced except a
/// line wrap after the dash. Returns the end of the number and the number;
/// the caller checks what comes before and after.
pub(crate) fn scan_number(text: &str, start: usize, lenient: bool) -> Option<(usize, DocNumber)> {
    let b = text.as_bytes();
    let mut i = start;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    if i == start || i - start > 6 {
        return None;
    }
    let seq = &text[start..i];
    let j = if lenient { skip_spaces(text, i) } else { i };
    let c = char_at(text, j)?;
    if is_dash(c) {
        party_rest(text, seq, skip_wrap(text, j + c.len_utf8())?, lenient)
    } else if c == '/' {
        state_rest(text, seq, j + 1, lenient)
    } else {
        None
    }
}

/// After "28-" (at `tstart`): the type code, `/`, the issuer code.
fn party_rest(text: &str, seq: &str, tstart: usize, lenient: bool) -> Option<(usize, DocNumber)> {
    let tend = read_code(text, tstart, lenient, false, 6)?;
    let k = if lenient {
        skip_spaces(text, tend)
    } else {
        tend
    };
    if text.as_bytes().get(k) != Some(&b'/') {
        return None;
    }
    let k = if lenient {
        skip_spaces(text, k + 1)
    } else {
        k + 1
    };
    let iend = read_issuer_code(text, k, lenient)?;
    let type_code = canon_type(&text[tstart..tend], NumberForm::Party);
    let issuer_code = canon_issuer(&text[k..iend]);
    let raw = format!("{seq}-{type_code}/{issuer_code}");
    Some((
        iend,
        DocNumber {
            raw,
            seq: seq.to_owned(),
            type_code: Some(type_code),
            issuer_code,
            year: None,
            form: NumberForm::Party,
        },
    ))
}

/// After "315/" (at `j`): an optional year and `/`, then the codes: a type
/// code and an issuer code joined by `-`, or an issuer code alone.
fn state_rest(text: &str, seq: &str, j: usize, lenient: bool) -> Option<(usize, DocNumber)> {
    let b = text.as_bytes();
    let mut j = if lenient { skip_spaces(text, j) } else { j };
    let mut year = None;
    if b.len() >= j + 4 && b[j..j + 4].iter().all(u8::is_ascii_digit) {
        let k = if lenient {
            skip_spaces(text, j + 4)
        } else {
            j + 4
        };
        if b.get(k) != Some(&b'/') || !(b[j] == b'1' || b[j] == b'2') {
            return None; // a date (25/3/2026) or a fraction
        }
        year = text[j..j + 4].parse::<i32>().ok();
        j = if lenient {
            skip_spaces(text, k + 1)
        } else {
            k + 1
        };
    }
    let aend = read_code(text, j, lenient, true, 8)?;
    let (end, type_code, issuer_code) = if b.get(aend) == Some(&b'-')
        && char_at(text, aend + 1).is_some_and(|c| is_code_start(c, lenient))
    {
        let bend = read_issuer_code(text, aend + 1, lenient)?;
        match types::lookup(&text[j..aend], NumberForm::State).and_then(|e| e.code) {
            Some(code) => (
                bend,
                Some(code.to_owned()),
                canon_issuer(&text[aend + 1..bend]),
            ),
            None => (bend, None, canon_issuer(&text[j..bend])),
        }
    } else if year.is_some() {
        (aend, None, canon_issuer(&text[j..aend]))
    } else {
        return None;
    };
    let mut raw = String::with_capacity(end - j + 16);
    raw.push_str(seq);
    raw.push('/');
    if let Some(y) = year {
        raw.push_str(&y.to_string());
        raw.push('/');
    }
    if let Some(t) = &type_code {
        raw.push_str(t);
        raw.push('-');
    }
    raw.push_str(&issuer_code);
    Some((
        end,
        DocNumber {
            raw,
            seq: seq.to_owned(),
            type_code,
            issuer_code,
            year,
            form: NumberForm::State,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> DocNumber {
        parse_number(s).unwrap_or_else(|| panic!("should parse: {s:?}"))
    }

    #[test]
    fn party_numbers() {
        let n = p("28-CV/BCĐ");
        assert_eq!(n.raw, "28-CV/BCĐ");
        assert_eq!(n.seq, "28");
        assert_eq!(n.type_code.as_deref(), Some("CV"));
        assert_eq!(n.issuer_code, "BCĐ");
        assert_eq!(n.year, None);
        assert_eq!(n.form, NumberForm::Party);
        assert_eq!(n.key(), "28-CV/BCĐ");

        for dash in ["-", "–", "—", "‐", "‑", "−"] {
            let n = p(&format!("58{dash}CV/TCCS"));
            assert_eq!(n.raw, "58-CV/TCCS", "dash {dash:?}");
        }
        assert_eq!(p("108-HD/BTGTW").issuer_code, "BTGTW");
        assert_eq!(p("13-HD/BTGDVTW").raw, "13-HD/BTGDVTW");
        assert_eq!(p("05-CT/TW").type_code.as_deref(), Some("CT"));
        assert_eq!(p("01-CTr/TU").type_code.as_deref(), Some("CTr"));
        assert_eq!(p("37-QĐ/TW").raw, "37-QĐ/TW");
        assert_eq!(p("37-QĐi/TW").type_code.as_deref(), Some("QĐi"));
        assert_eq!(p("3-ĐA/TU").type_code.as_deref(), Some("ĐA"));
        assert_eq!(p("12-CV/ĐU").issuer_code, "ĐU");
        // a line wrap after the dash, with spaces around it
        assert_eq!(p("21-\nNQ/TW").raw, "21-NQ/TW");
        assert_eq!(p("21- \n NQ/TW").raw, "21-NQ/TW");
        // front matter as typed
        assert_eq!(p(" 58-CV/TCCS ").raw, "58-CV/TCCS");
        assert_eq!(p("Số 28-CV/BCĐ").raw, "28-CV/BCĐ");
        assert_eq!(p("số: 28-CV/BCĐ").raw, "28-CV/BCĐ");
        assert_eq!(p("58 - CV / TCCS").raw, "58-CV/TCCS");
        // NFD input
        assert_eq!(p("28-CV/BC\u{110}").raw, "28-CV/BCĐ");
    }

    #[test]
    fn case_is_canonicalised_from_the_table() {
        assert_eq!(p("58-cv/tccs").raw, "58-CV/TCCS");
        assert_eq!(p("58-Cv/TCCS").raw, "58-CV/TCCS");
        assert_eq!(p("1-ctr/tu").raw, "1-CTr/TU");
        assert_eq!(p("1-CTR/TU").raw, "1-CTr/TU");
        assert_eq!(p("1-ct/tu").raw, "1-CT/TU");
        assert_eq!(p("2-qđ/tw").raw, "2-QĐ/TW");
        assert_eq!(p("2-qđi/tw").raw, "2-QĐi/TW");
        assert_eq!(p("28-cv/bcđ").raw, "28-CV/BCĐ");
        assert_eq!(p("28-cv/bcđ").key(), p("28-CV/BCĐ").key());
        // CT is not CTr, DA is not ĐA
        assert_ne!(p("5-CT/TW").key(), p("5-CTr/TW").key());
        assert_ne!(p("5-DA/TU").key(), p("5-ĐA/TU").key());
    }

    #[test]
    fn keys() {
        assert_eq!(p("09-KH/TU").key(), p("9-KH/TU").key());
        assert_eq!(p("09-KH/TU").key(), "9-KH/TU");
        assert_eq!(p("09-KH/TU").seq, "09");
        assert_eq!(p("0-KH/TU").key(), "0-KH/TU");
        assert_eq!(p("37-QĐi/TW").key(), p("37-QĐ/TW").key());
        assert_ne!(p("28-CV/BCĐ").key(), p("28-CV/BCD").key());
        assert_ne!(p("28-CV/TU").key(), p("28-KH/TU").key());
        assert_eq!(p("030/2020/NĐ-CP").key(), "30/2020/NĐ-CP");
    }

    #[test]
    fn state_numbers() {
        let n = p("315/TTCS-TTCS");
        assert_eq!(n.form, NumberForm::State);
        assert_eq!(n.type_code, None);
        assert_eq!(n.issuer_code, "TTCS-TTCS");
        assert_eq!(n.raw, "315/TTCS-TTCS");
        assert_eq!(n.key(), "315/TTCS-TTCS");

        let n = p("30/2020/NĐ-CP");
        assert_eq!(n.form, NumberForm::State);
        assert_eq!(n.year, Some(2020));
        assert_eq!(n.type_code.as_deref(), Some("NĐ"));
        assert_eq!(n.issuer_code, "CP");
        assert_eq!(n.raw, "30/2020/NĐ-CP");
        assert_eq!(infer_type(&n), Some("Nghị định"));

        let n = p("15/QĐ-UBND");
        assert_eq!(n.type_code.as_deref(), Some("QĐ"));
        assert_eq!(n.issuer_code, "UBND");
        assert_eq!(infer_type(&n), Some("Quyết định"));

        let n = p("45/CĐ-TTg");
        assert_eq!(n.issuer_code, "TTg");
        let n = p("12/2019/TT-BTTTT");
        assert_eq!(infer_type(&n), Some("Thông tư"));
        let n = p("01/2015/TTLT-BNV-BTC");
        assert_eq!(n.type_code.as_deref(), Some("TTLT"));
        assert_eq!(n.issuer_code, "BNV-BTC");
        let n = p("59/2020/QH14");
        assert_eq!(n.type_code, None);
        assert_eq!(n.issuer_code, "QH14");
        assert_eq!(n.year, Some(2020));
        assert_eq!(p("30/2020/nđ-cp").raw, "30/2020/NĐ-CP");
    }

    #[test]
    fn rejections() {
        for s in [
            "2020-2025",
            "2025 - 2030",
            "HTTH - 123",
            "TTTHO-252",
            "25/3/2026",
            "21/11/2025",
            "2026-03-25",
            "1.",
            "1",
            "",
            "   ",
            "Số -CV/TU",
            "Số",
            "-CV/TU",
            "58-CV",
            "58-CV/",
            "58/",
            "58-/TU",
            "123/BC",
            "24/7",
            "58-CV/TCCS extra",
            "58-CV/TCCS/",
            "CV/TCCS",
            "1234567-CV/TU",
            "58-C1/TU",
            "58-\n\n\nCV/TU",
            "3/2026/",
            "3/9999/X",
        ] {
            assert_eq!(parse_number(s), None, "{s:?} should be rejected");
        }
    }

    #[test]
    fn type_names() {
        assert_eq!(type_names_for_code("QĐ"), ["Quyết định", "Quy định"]);
        assert_eq!(type_names_for_code("CV"), ["Công văn"]);
        assert!(type_names_for_code("ZZ").is_empty());
        assert_eq!(infer_type(&p("28-CV/BCĐ")), Some("Công văn"));
        assert_eq!(infer_type(&p("37-QĐ/TW")), None);
        assert_eq!(infer_type(&p("37-QĐi/TW")), Some("Quy định"));
        assert_eq!(infer_type(&p("1-CTr/TU")), Some("Chương trình"));
        assert_eq!(infer_type(&p("1-TT/TU")), Some("Thông tri"));
        assert_eq!(infer_type(&p("1-XY/TU")), None);
        assert_eq!(infer_type(&p("315/TTCS-TTCS")), None);
    }
}
