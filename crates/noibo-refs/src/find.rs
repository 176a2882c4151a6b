//! Finding mentions of document numbers in running text.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::number::{DocNumber, is_dash, scan_number};
use crate::types;

/// A date as (year, month, day).
pub type Date = (i32, u8, u8);

/// A mention of a document number in running text, with what the sentence
/// says about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    /// The number mentioned.
    pub number: DocNumber,
    /// The type written before the number ("Công văn" in "Công văn số
    /// 58-CV/TCCS"), as its canonical name from the type table. `None` when
    /// no type word is written, or when the word contradicts the number's
    /// code. Not inferred from the number: see [`crate::infer_type`].
    pub type_name: Option<String>,
    /// The date after the number ("ngày 25/3/2026", "ngày 03 tháng 4 năm
    /// 2018").
    pub date: Option<Date>,
    /// The issuer named after "của", NFC, spaces collapsed ("Tạp chí Cộng sản").
    pub issuer: Option<String>,
    /// The bytes to turn into a link: from the type word (if any) through the
    /// number ("Công văn số 58-CV/TCCS").
    pub link: Range<usize>,
    /// The bytes of the whole mention: the link through the date and issuer.
    pub whole: Range<usize>,
    /// True when the number stands alone on its line after "Số", the way a
    /// document prints its own number in its header ("Số 28-CV/BCĐ"): then it
    /// names the document itself rather than citing another.
    pub header: bool,
}

/// Finds every mention of a document number in `text`.
///
/// Party numbers (`58-CV/TCCS`, any dash, a line wrap allowed after the dash)
/// and State numbers (`315/TTCS-TTCS`, `30/2020/NĐ-CP`) are found; codes in
/// running text start with a capital. Years and ranges (`2020-2025`, `2025 -
/// 2030`), dates, codes like `HTTH - 123` or `TTTHO-252`, numbers glued to
/// words, and anything inside a URL are not mentions.
///
/// Each mention carries the type word written before it, and the date
/// ("ngày ...") and issuer ("của ...", ending at `;` `,` `.` `(` `)`, the word
/// "về", a blank line, or a line break not followed by a lower-case
/// continuation) written after it, in either order. Byte ranges are valid for
/// `text`, sorted and non-overlapping. Text may be NFC or NFD.
pub fn find_mentions(text: &str) -> Vec<Mention> {
    // pass 1: the numbers
    let found = find_numbers(text);
    if found.is_empty() {
        return Vec::new();
    }
    // pass 2: type words before each number
    let mut heads: Vec<(usize, Option<&'static str>)> = Vec::with_capacity(found.len());
    let mut prev_end = 0;
    for (range, n) in &found {
        heads.push(type_word_before(text, range.start, prev_end, n));
        prev_end = range.end;
    }
    // pass 3: date and issuer after each number, up to the next link
    let mut out = Vec::with_capacity(found.len());
    for (k, (range, number)) in found.into_iter().enumerate() {
        let (start, end) = (range.start, range.end);
        let (link_start, type_name) = heads[k];
        let bound = heads.get(k + 1).map_or(text.len(), |h| h.0);
        let (whole_end, date, issuer) = clauses_after(text, end, bound);
        let header = type_name.is_none() && is_header(text, start, end);
        out.push(Mention {
            number,
            type_name: type_name.map(str::to_owned),
            date,
            issuer,
            link: link_start..end,
            whole: link_start..whole_end,
            header,
        });
    }
    out
}

/// The document numbers written in running text ("58-CV/TCCS", "21-\nNQ/TW",
/// "315/TTCS-TTCS", "12/2023/NĐ-CP"), with their byte ranges, in order: the
/// one grammar of numbers in text, which search indexes too. Codes start
/// with a capital; a number inside a word, a longer code or a URL is none.
pub fn find_numbers(text: &str) -> Vec<(std::ops::Range<usize>, DocNumber)> {
    let b = text.as_bytes();
    let mut found = Vec::new();
    let mut i = match b.iter().position(u8::is_ascii_digit) {
        Some(i) => i,
        None => return found,
    };
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        // `i` starts a run of digits: ASCII never sits inside a multi-byte char
        if let Some((r, n)) = number_at(text, i) {
            i = r.end;
            found.push((r, n));
            continue;
        }
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
    }
    found
}

/// The document number starting at byte `i` of running text, by the rules
/// of [`find_numbers`], for a caller that has found the start of a run of
/// digits itself.
pub fn number_at(text: &str, i: usize) -> Option<(std::ops::Range<usize>, DocNumber)> {
    if !boundary_before(text, i) {
        return None;
    }
    let (end, n) = scan_number(text, i, false)?;
    (boundary_after(text, end) && !in_url(text, i)).then_some((i..end, n))
}

/// Parses a date as written in front matter or text: `2025-11-22`,
/// `25/3/2026`, `25-3-2026`, `25.3.2026`, `ngày 03 tháng 4 năm 2018` (the
/// leading "ngày" optional). Returns `None` for anything else or an
/// impossible date.
pub fn parse_date(s: &str) -> Option<Date> {
    let t = s.trim();
    let b = t.as_bytes();
    // ISO yyyy-mm-dd
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        let y = t.get(0..4)?.parse().ok()?;
        let m = t.get(5..7)?.parse().ok()?;
        let d = t.get(8..10)?.parse().ok()?;
        return valid_date(y, m, d);
    }
    let start = match match_word(t, 0, t.len(), "ngay") {
        Some(e) => skip_ws(t, e, t.len(), 1),
        None => 0,
    };
    let (date, end) = date_at(t, start, t.len())?;
    if end == t.len() { Some(date) } else { None }
}

// ------------------------------------------------------------------ helpers

/// A letter, digit or combining mark: part of a word.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || noibo_text::fold_char(c).is_none()
}

fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..)?.chars().next()
}

fn char_before(text: &str, i: usize) -> Option<char> {
    text.get(..i)?.chars().next_back()
}

fn boundary_before(text: &str, i: usize) -> bool {
    match char_before(text, i) {
        None => true,
        Some(c) => {
            !(is_word_char(c)
                || is_dash(c)
                || matches!(
                    c,
                    '/' | '\\' | '_' | '.' | '@' | '#' | '&' | '=' | '+' | '%' | '~'
                ))
        }
    }
}

fn boundary_after(text: &str, end: usize) -> bool {
    let Some(c) = char_at(text, end) else {
        return true;
    };
    if is_word_char(c) || matches!(c, '/' | '\\' | '_' | '@') {
        return false;
    }
    if c == '.' || is_dash(c) {
        // "58-CV/TCCS.pdf", "58-CV/TCCS-2"
        return !char_at(text, end + c.len_utf8()).is_some_and(char::is_alphanumeric);
    }
    true
}

/// Whether position `i` sits inside a URL: the run of non-space text before
/// it holds "://" or starts with "www.".
fn in_url(text: &str, i: usize) -> bool {
    let mut lo = i.saturating_sub(400);
    while !text.is_char_boundary(lo) {
        lo += 1;
    }
    let before = &text[lo..i];
    let tok = match before.rfind(char::is_whitespace) {
        Some(p) => &before[p..],
        None => before,
    };
    let tok = tok.trim_start_matches(|c: char| c.is_whitespace() || c == '<' || c == '(');
    tok.contains("://") || tok.starts_with("www.")
}

/// Skips whitespace holding at most `max_newlines` line breaks, not past `bound`.
fn skip_ws(text: &str, mut i: usize, bound: usize, max_newlines: usize) -> usize {
    let mut nl = 0;
    while i < bound {
        let Some(c) = char_at(text, i) else { break };
        if c == '\n' {
            nl += 1;
            if nl > max_newlines {
                break;
            }
        } else if !c.is_whitespace() {
            break;
        }
        i += c.len_utf8();
    }
    i
}

/// Matches the folded word `target` (ASCII) at `i`: "Ngày", "ngày" and NFD
/// "ngày" all match "ngay". Returns the end of the word.
fn match_word(text: &str, i: usize, bound: usize, target: &str) -> Option<usize> {
    let s = text.get(i..bound)?;
    let mut want = target.chars().peekable();
    let mut end = i;
    for (off, c) in s.char_indices() {
        match noibo_text::fold_char(c) {
            None => {
                // a combining mark: part of the word being read
                if off == 0 {
                    return None;
                }
                end = i + off + c.len_utf8();
            }
            Some(f) => match want.peek() {
                Some(&w) if w == f => {
                    want.next();
                    end = i + off + c.len_utf8();
                }
                Some(_) => return None,
                None => {
                    if is_word_char(c) {
                        return None;
                    }
                    return Some(end);
                }
            },
        }
    }
    if want.peek().is_none() {
        Some(end)
    } else {
        None
    }
}

fn read_digits(text: &str, i: usize, bound: usize, min: usize, max: usize) -> Option<(u32, usize)> {
    let b = text.as_bytes();
    let mut j = i;
    while j < bound && j < b.len() && b[j].is_ascii_digit() {
        j += 1;
        if j - i > max {
            return None;
        }
    }
    if j - i < min {
        return None;
    }
    Some((text[i..j].parse().ok()?, j))
}

fn valid_date(y: i32, m: u32, d: u32) -> Option<Date> {
    if !(1900..=2199).contains(&y) || !(1..=12).contains(&m) || d == 0 {
        return None;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    if d > days {
        return None;
    }
    Some((y, m as u8, d as u8))
}

/// Reads "25/3/2026" (or with `-` or `.`) or "03 tháng 4 năm 2018" at `i`.
fn date_at(text: &str, i: usize, bound: usize) -> Option<(Date, usize)> {
    let (d, j) = read_digits(text, i, bound, 1, 2)?;
    let sep = *text.as_bytes().get(j)?;
    let (m, y, end) = if j < bound && matches!(sep, b'/' | b'-' | b'.') {
        let (m, k) = read_digits(text, j + 1, bound, 1, 2)?;
        if text.as_bytes().get(k) != Some(&sep) || k >= bound {
            return None;
        }
        let (y, end) = read_digits(text, k + 1, bound, 4, 4)?;
        (m, y, end)
    } else {
        let k = skip_ws(text, j, bound, 1);
        let k = match_word(text, k, bound, "thang")?;
        let k = skip_ws(text, k, bound, 1);
        let (m, k) = read_digits(text, k, bound, 1, 2)?;
        let k = skip_ws(text, k, bound, 1);
        let k = match_word(text, k, bound, "nam")?;
        let k = skip_ws(text, k, bound, 1);
        let (y, end) = read_digits(text, k, bound, 4, 4)?;
        (m, y, end)
    };
    if char_at(text, end).is_some_and(is_word_char) {
        return None;
    }
    Some((valid_date(y as i32, m, d)?, end))
}

/// Words that end an issuer's name.
fn is_issuer_stop_word(w: &str) -> bool {
    let w = noibo_text::nfc(w);
    matches!(
        &*w,
        "về" | "tại" | "nhằm" | "để" | "đã" | "theo" | "trong" | "đề" | "với"
    )
}

/// Reads an issuer's name at `i` (which must start with a capital letter).
/// Returns the name (NFC, spaces collapsed) and its end.
/// Whether the word `text[p..wend]`, not the first of a name, ends it: a stop
/// word, "và các" ("và" is part of names, "Ban Tuyên giáo và Dân vận"; "và Kế
/// hoạch số ..." is cut by `bound`), or "ngày" before a date.
fn name_stops_at(text: &str, p: usize, wend: usize, bound: usize) -> bool {
    let w = &text[p..wend];
    let stop = if noibo_text::nfc(w) == "và" {
        let q = skip_ws(text, wend, bound, 0);
        match_word(text, q, bound, "cac").is_some()
    } else {
        is_issuer_stop_word(w)
    };
    stop || (match_word(text, p, bound, "ngay").is_some()
        && date_at(text, skip_ws(text, wend, bound, 1), bound).is_some())
}

/// A soft line break at `p` continues a name when the next line goes on in
/// lower case: where it goes on; a blank line or anything else ends it.
fn soft_break_end(text: &str, p: usize, bound: usize) -> Option<usize> {
    let mut q = p;
    let mut newlines = 0;
    while q < bound {
        let Some(c) = char_at(text, q) else { break };
        if c == '\n' {
            newlines += 1;
        } else if !(c == ' ' || c == '\t' || c == '\r') {
            break;
        }
        q += c.len_utf8();
    }
    match char_at(text, q) {
        Some(n) if newlines <= 1 && q < bound && n.is_lowercase() => Some(q),
        _ => None,
    }
}

fn issuer_at(text: &str, i: usize, bound: usize) -> Option<(String, usize)> {
    if !char_at(text, i).is_some_and(char::is_uppercase) || i >= bound {
        return None;
    }
    let mut p = i;
    let mut end = i;
    let mut words = 0;
    // where the name ends if its last word is a dangling "và"
    let mut end_before_va: Option<usize> = None;
    while p < bound {
        let Some(c) = char_at(text, p) else { break };
        if is_word_char(c) {
            let wend = text[p..bound]
                .char_indices()
                .find(|&(_, c)| !is_word_char(c))
                .map_or(bound, |(off, _)| p + off);
            let w = &text[p..wend];
            if words > 0 && name_stops_at(text, p, wend, bound) {
                break;
            }
            words += 1;
            if words > 24 {
                break;
            }
            end_before_va = (noibo_text::nfc(w) == "và").then_some(end);
            end = wend;
            p = wend;
        } else if c == '\n' || c == '\r' {
            match soft_break_end(text, p, bound) {
                Some(q) => p = q,
                None => break,
            }
        } else if c.is_whitespace() {
            p += c.len_utf8();
        } else if is_dash(c) || c == '&' || c == '\'' || c == '’' {
            // "Bà Rịa - Vũng Tàu"
            p += c.len_utf8();
        } else {
            break;
        }
    }
    if words == 0 {
        return None;
    }
    if let Some(e) = end_before_va {
        end = e;
    }
    let raw = &text[i..end];
    let mut name = String::with_capacity(raw.len());
    for w in raw.split_whitespace() {
        if !name.is_empty() {
            name.push(' ');
        }
        name.push_str(w);
    }
    let name = noibo_text::nfc(&name).into_owned();
    Some((name, end))
}

/// Reads ", ngày 25/3/2026 của Tạp chí Cộng sản" after a number, in either
/// order, not past `bound`. Returns the end of what was read.
fn clauses_after(
    text: &str,
    num_end: usize,
    bound: usize,
) -> (usize, Option<Date>, Option<String>) {
    let mut end = num_end;
    let mut date = None;
    let mut issuer = None;
    for _ in 0..2 {
        let mut q = skip_ws(text, end, bound, 1);
        if q < bound && text.as_bytes()[q] == b',' {
            q = skip_ws(text, q + 1, bound, 1);
        }
        if date.is_none()
            && let Some(w) = match_word(text, q, bound, "ngay")
            && let Some((d, e)) = date_at(text, skip_ws(text, w, bound, 1), bound)
        {
            date = Some(d);
            end = e;
            continue;
        }
        if issuer.is_none()
            && let Some(w) = match_word(text, q, bound, "cua")
            && let Some((name, e)) = issuer_at(text, skip_ws(text, w, bound, 1), bound)
        {
            issuer = Some(name);
            end = e;
            continue;
        }
        break;
    }
    (end, date, issuer)
}

/// Finds the type word before a number ("Công văn số", "Kế hoạch"), not
/// before `lower`. Returns where the link starts and the type name.
fn type_word_before(
    text: &str,
    start: usize,
    lower: usize,
    number: &DocNumber,
) -> (usize, Option<&'static str>) {
    const MAX_WORDS: usize = 6;
    let before = &text[lower..start];
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut word_end: Option<usize> = None;
    let mut word_start = 0;
    let mut newlines = 0;
    for (off, c) in before.char_indices().rev() {
        let at = lower + off;
        if is_word_char(c) {
            if word_end.is_none() {
                word_end = Some(at + c.len_utf8());
            }
            word_start = at;
            continue;
        }
        if let Some(e) = word_end.take() {
            words.push((word_start, e));
            newlines = 0;
            if words.len() == MAX_WORDS {
                break;
            }
        }
        if c == '\n' {
            newlines += 1;
            if newlines > 2 {
                break;
            }
        } else if c == ':' && words.is_empty() {
            // "Công văn số: 58-CV/TCCS"
        } else if !c.is_whitespace() {
            break;
        }
    }
    if let Some(e) = word_end
        && words.len() < MAX_WORDS
    {
        words.push((word_start, e));
    }
    if words.is_empty() {
        return (start, None);
    }
    let folded: Vec<String> = words
        .iter()
        .map(|&(s, e)| noibo_text::fold(&text[s..e]))
        .collect();
    let skip = usize::from(folded[0] == "so");
    let table = types::table();
    let hit = table.names.iter().find(|(_, nw)| {
        let n = nw.len();
        n > 0 && folded.len() >= skip + n && (0..n).all(|t| folded[skip + t] == nw[n - 1 - t])
    });
    let Some((name, nw)) = hit else {
        return (start, None);
    };
    // a type word that contradicts the code is not this number's type
    // ("Thông báo kết luận số 12-TB/TU" is not a Kết luận)
    if let Some(code) = &number.type_code {
        let names = types::names_for(code, number.form);
        if types::lookup(code, number.form).is_some() && !names.contains(name) {
            return (start, None);
        }
    }
    (words[skip + nw.len() - 1].0, Some(name))
}

/// Whether the number stands alone on its line after "Số" (a header).
fn is_header(text: &str, start: usize, end: usize) -> bool {
    let line_start = text[..start].rfind('\n').map_or(0, |p| p + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |p| end + p);
    let deco = |c: char| c.is_whitespace() || matches!(c, '*' | '_' | '#' | '>');
    let before = text[line_start..start].trim_matches(deco);
    let before = before.strip_suffix(':').unwrap_or(before).trim_end();
    let after = text[end..line_end].trim_matches(deco);
    after.is_empty() && noibo_text::fold(before) == "so"
}

#[cfg(test)]
mod tests;
