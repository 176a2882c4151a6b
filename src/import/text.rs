//! Reader for text extracts (`.txt`, `.md`): text pasted out of a PDF or a
//! Word file, `pdftotext -layout` output included.
//!
//! - Paragraphs are runs of lines between blank lines. An extract where
//!   nearly every line is followed by a blank line (some PDF tools write
//!   them so) has its single blank lines taken as line ends.
//! - Where the header or the signature block is laid out in two columns
//!   side by side (runs of spaces between them), the left column is read
//!   before the right one.
//! - Pages (form feeds) lose their page-number lines.
//! - Footnotes written after a `---` rule as `<sup>1</sup> text` (or
//!   `[^1]: text`) become footnotes; `<sup>1</sup>` marks become `[^1]`.

use super::ReadError;
use super::doc::{Block, Doc, Para, Source};

/// Stands for a page break among the lines.
const PAGE: &str = "\u{c}";

/// Reads an extract.
pub fn read(bytes: &[u8]) -> Result<Doc, ReadError> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|_| ReadError::NotText)?;
    let text = noibo_text::nfc(text)
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    Ok(parse(&text))
}

/// Reads extract text (already decoded).
pub fn parse(text: &str) -> Doc {
    let mut lines: Vec<String> = Vec::new();
    for (i, page) in text.split('\u{c}').enumerate() {
        if i > 0 {
            lines.push(PAGE.to_string());
        }
        lines.extend(page_end_notes(drop_page_numbers(page)));
    }
    let lines = reorder_regions(&lines);
    let (body, footnotes) = split_footnotes(&lines);
    let double = double_spaced(&body);
    let mut blocks = Vec::new();
    let mut cur = Para::default();
    let mut blanks = 0;
    let mut page = false;
    let mut prev_lead = 0;
    let mut item_lead = None;
    for raw in &body {
        if raw == PAGE {
            page = true;
            blanks += 2;
            continue;
        }
        if raw.trim().is_empty() {
            blanks += 1;
            continue;
        }
        let breaks = if double { blanks >= 2 } else { blanks >= 1 };
        if breaks && !cur.lines.is_empty() {
            blocks.push(Block::Para(std::mem::take(&mut cur)));
        }
        blanks = 0;
        if cur.lines.is_empty() {
            cur.page = std::mem::take(&mut page);
        }
        // indented: further right than the line above (a first-line indent;
        // the lines of a hanging list item are level with each other)
        let lead = raw.chars().take_while(|c| *c == ' ' || *c == '\t').count();
        cur.indents
            .push(!cur.lines.is_empty() && lead > prev_lead + 1);
        prev_lead = lead;
        cur.lines
            .push(nest(sup_to_marks(raw.trim()), lead, &mut item_lead));
    }
    if !cur.lines.is_empty() {
        blocks.push(Block::Para(cur));
    }
    Doc {
        source: Source::Extract,
        blocks,
        footnotes,
    }
}

/// A dash item set further right than the numbered item above it is a
/// list inside that item: it keeps a Markdown indent ("   - "). `item` is
/// where the last numbered item began.
fn nest(md: String, lead: usize, item: &mut Option<usize>) -> String {
    if super::layout::is_numbered(&md) {
        *item = Some(lead);
    } else if md.starts_with('#') {
        *item = None;
    } else if md.starts_with("- ") && item.is_some_and(|i| lead > i + 1) {
        return format!("   {md}");
    }
    md
}

/// A page's lines without a leading or trailing line holding only a page
/// number.
fn drop_page_numbers(page: &str) -> Vec<String> {
    // a Markdown hard break (two trailing spaces) is kept; other trailing
    // space is not
    let mut lines: Vec<String> = page
        .lines()
        .map(|l| {
            let t = l.trim_end();
            if l.ends_with("  ") && !t.is_empty() {
                format!("{t}  ")
            } else {
                t.to_string()
            }
        })
        .collect();
    let is_number = |l: &str| {
        let t = l.trim().trim_matches('-').trim();
        !t.is_empty() && t.len() <= 3 && t.chars().all(|c| c.is_ascii_digit())
    };
    if let Some(i) = lines.iter().rposition(|l| !l.trim().is_empty())
        && is_number(&lines[i])
    {
        lines.remove(i);
    }
    if let Some(i) = lines.iter().position(|l| !l.trim().is_empty())
        && is_number(&lines[i])
    {
        lines.remove(i);
    }
    lines.push(String::new());
    lines
}

/// Footnotes as `pdftotext -layout` leaves them: the page's last block
/// begins "1 text", and the running text above holds the mark as a number
/// glued to a word ("Cộng sản1;"). They are rewritten in the form
/// [`split_footnotes`] reads: a `---` rule, `<sup>1</sup> text`, and the
/// mark as `<sup>1</sup>`.
fn page_end_notes(mut lines: Vec<String>) -> Vec<String> {
    let Some(last) = lines.iter().rposition(|l| !l.trim().is_empty()) else {
        return lines;
    };
    let Some(blank) = lines[..last].iter().rposition(|l| l.trim().is_empty()) else {
        return lines;
    };
    let block = blank + 1;
    let mut found = false;
    for i in block..=last {
        let Some((n, rest)) = numbered(&lines[i]).map(|(n, r)| (n, r.to_string())) else {
            continue;
        };
        // only a number marked in the running text above is a footnote's
        let Some(marked) = mark_glued(&lines[..blank], &n) else {
            if i == block {
                return lines;
            }
            continue;
        };
        lines[marked.0] = marked.1;
        lines[i] = format!("<sup>{n}</sup> {rest}");
        found = true;
    }
    if found {
        lines.insert(block, "---".to_string());
        lines.insert(block + 1, String::new());
    }
    lines
}

/// "1 Chuyên trang …" → ("1", "Chuyên trang …").
fn numbered(line: &str) -> Option<(String, &str)> {
    let t = line.trim_start();
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    let rest = t[digits..].strip_prefix(' ')?.trim_start();
    ((1..=3).contains(&digits) && !rest.is_empty()).then(|| (t[..digits].to_string(), rest))
}

/// The last line of `lines` holding `n` glued to the end of a word and
/// followed by punctuation, a space or the line end, with the mark
/// written `<sup>n</sup>`.
fn mark_glued(lines: &[String], n: &str) -> Option<(usize, String)> {
    for (i, l) in lines.iter().enumerate().rev() {
        let mut from = 0;
        while let Some(at) = l[from..].find(n).map(|a| a + from) {
            let before = l[..at].chars().next_back();
            let after = l[at + n.len()..].chars().next();
            let glued = before.is_some_and(char::is_alphabetic)
                && after.is_none_or(|c| c.is_whitespace() || ";,.:)".contains(c));
            if glued {
                let marked = format!("{}<sup>{n}</sup>{}", &l[..at], &l[at + n.len()..]);
                return Some((i, marked));
            }
            from = at + n.len();
        }
    }
    None
}

/// More than three in five lines followed by exactly one blank line, and
/// many of those blank lines inside a sentence (the next line goes on in
/// lower case): line ends written as blank lines, not paragraphs.
fn double_spaced(lines: &[String]) -> bool {
    let mut text_lines = 0;
    let mut single = 0;
    let mut inside = 0;
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim().is_empty() {
            i += 1;
            continue;
        }
        text_lines += 1;
        let mut j = i + 1;
        while j < lines.len() && lines[j].trim().is_empty() {
            j += 1;
        }
        if j - i == 2 && j < lines.len() {
            single += 1;
            if lines[j]
                .trim()
                .chars()
                .next()
                .is_some_and(char::is_lowercase)
            {
                inside += 1;
            }
        }
        i = j;
    }
    text_lines >= 5 && single * 5 > text_lines * 3 && inside * 3 > single
}

fn starts_with_label(line: &str, labels: &[&str]) -> bool {
    // "Kính      gửi:" in a justified `pdftotext -layout` line is a label too
    let t = super::doc::plain(line)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    labels.iter().any(|l| t.starts_with(l))
}

/// The header (up to "Kính gửi" or the first line of running text) and the
/// tail (from "Nơi nhận") read column by column.
fn reorder_regions(lines: &[String]) -> Vec<String> {
    let head_end = lines
        .iter()
        .position(|l| {
            let t = l.trim();
            starts_with_label(t, &["Kính gửi", "Thực hiện", "Căn cứ"])
                || (t.chars().count() > 90 && !t.contains("   "))
        })
        .unwrap_or(0);
    let tail_start = lines
        .iter()
        .rposition(|l| starts_with_label(l.trim(), &["Nơi nhận"]))
        .unwrap_or(lines.len());
    let tail_start = tail_start.max(head_end);
    let mut out = head_columns(&lines[..head_end]);
    out.extend(lines[head_end..tail_start].iter().cloned());
    out.extend(columns(&lines[tail_start..]));
    out
}

/// Segments of a line: (start column, text), split at runs of 3+ spaces.
fn segments(line: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = line.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        while i < chars.len() && chars[i] == ' ' {
            i += 1;
        }
        if i >= chars.len() {
            break;
        }
        let start = i;
        let mut end = i;
        while end < chars.len() {
            let spaces = chars[end..].iter().take_while(|&&c| c == ' ').count();
            if spaces >= 3 || end + spaces >= chars.len() {
                break;
            }
            end += spaces.max(1);
        }
        out.push((start, chars[start..end].iter().collect::<String>()));
        i = end;
    }
    out
}

/// The header's two columns end at the first blank line after the last
/// line that has both: the type line and a title under them are centred
/// across the page, and a title's short last line ("niên") may begin
/// right of where the right column does.
fn head_columns(lines: &[String]) -> Vec<String> {
    let Some(last) = lines.iter().rposition(|l| segments(l).len() >= 2) else {
        return lines.to_vec();
    };
    let end = lines[last..]
        .iter()
        .position(|l| l.trim().is_empty())
        .map_or(lines.len(), |i| last + i);
    let mut out = columns(&lines[..end]);
    out.extend(lines[end..].iter().cloned());
    out
}

/// Lines laid out in two columns: the left column, a blank line, the right.
/// Lines of one column are returned unchanged.
fn columns(lines: &[String]) -> Vec<String> {
    let mut split: Vec<Vec<(usize, String)>> = lines.iter().map(|l| segments(l)).collect();
    // a line of four fragments or more is one justified line, not columns
    for segs in split.iter_mut().filter(|s| s.len() >= 4) {
        let words: Vec<&str> = segs.iter().map(|(_, t)| t.as_str()).collect();
        *segs = vec![(segs[0].0, words.join(" "))];
    }
    let Some(right) = split
        .iter()
        .filter(|s| s.len() >= 2)
        .map(|s| s[s.len() - 1].0)
        .min()
    else {
        return lines.to_vec();
    };
    let (mut left_col, mut right_col) = (Vec::new(), Vec::new());
    for segs in &split {
        if segs.is_empty() {
            left_col.push(String::new());
            right_col.push(String::new());
            continue;
        }
        let (l, r): (Vec<_>, Vec<_>) = segs.iter().partition(|(x, _)| x + 4 < right);
        let join = |v: Vec<&(usize, String)>| {
            v.iter()
                .map(|(_, t)| t.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        };
        if !l.is_empty() {
            left_col.push(join(l));
        }
        if !r.is_empty() {
            right_col.push(join(r));
        }
    }
    left_col.push(String::new());
    left_col.extend(right_col);
    left_col
}

/// Footnote paragraphs after a `---` rule (`<sup>1</sup> text`) or written
/// as `[^1]: text`, taken out of the running text.
fn split_footnotes(lines: &[String]) -> (Vec<String>, Vec<(String, String)>) {
    let mut body = Vec::new();
    let mut notes: Vec<(String, String)> = Vec::new();
    let mut in_notes = false;
    let mut i = 0;
    while i < lines.len() {
        let t = lines[i].trim();
        if is_rule(t) {
            in_notes = true;
            i += 1;
            continue;
        }
        let mark = footnote_mark(t);
        if let Some((id, rest)) = mark.filter(|_| in_notes || t.starts_with("[^")) {
            let mut text = rest.trim_end().to_string();
            let mut hard = lines[i].ends_with("  ");
            i += 1;
            while i < lines.len()
                && !lines[i].trim().is_empty()
                && footnote_mark(lines[i].trim()).is_none()
            {
                text.push(if hard { '\n' } else { ' ' });
                text.push_str(lines[i].trim());
                hard = lines[i].ends_with("  ");
                i += 1;
            }
            notes.push((id, text));
            continue;
        }
        if in_notes && !t.is_empty() {
            in_notes = false;
        }
        body.push(lines[i].clone());
        i += 1;
    }
    (body, notes)
}

fn is_rule(t: &str) -> bool {
    t.len() >= 3 && (t.chars().all(|c| c == '-') || t.chars().all(|c| c == '_'))
}

/// `<sup>1</sup> text` or `[^1]: text` → ("1", "text").
fn footnote_mark(t: &str) -> Option<(String, &str)> {
    if let Some(rest) = t.strip_prefix("<sup>") {
        let (id, rest) = rest.split_once("</sup>")?;
        return Some((id.trim().to_string(), rest.trim_start()));
    }
    let rest = t.strip_prefix("[^")?;
    let (id, rest) = rest.split_once("]:")?;
    Some((id.trim().to_string(), rest.trim_start()))
}

/// `<sup>1</sup>` in running text → `[^1]`.
fn sup_to_marks(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("<sup>") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 5..];
        match after.split_once("</sup>") {
            Some((id, tail)) if !id.is_empty() && id.chars().all(|c| c.is_alphanumeric()) => {
                out.push_str(&format!("[^{id}]"));
                rest = tail;
            }
            _ => {
                out.push_str("<sup>");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn side_by_side_columns_are_read_left_then_right() {
        let text = "THÀNH ỦY CẦN THƠ          ĐẢNG CỘNG SẢN VIỆT NAM\n\
                    Số 12-CV/TU              Cần Thơ, ngày 2 tháng 4 năm 2026\n\
                    \n\
                    Kính gửi: Các chi bộ.\n";
        let doc = parse(text);
        let lines: Vec<String> = doc.lines().iter().map(|l| l.md.clone()).collect();
        assert_eq!(
            lines,
            [
                "THÀNH ỦY CẦN THƠ",
                "Số 12-CV/TU",
                "ĐẢNG CỘNG SẢN VIỆT NAM",
                "Cần Thơ, ngày 2 tháng 4 năm 2026",
                "Kính gửi: Các chi bộ."
            ]
        );
    }

    #[test]
    fn a_centred_title_under_the_columns_stays_whole() {
        // a title's last word printed centred, right of where the date begins
        let text = " **ĐOÀN THANH NIÊN CỘNG SẢN HỒ**     **ĐẢNG CỘNG SẢN VIỆT NAM**\n\
                    **CHÍ MINH ĐẢNG ỦY ỦY BAN NHÂN**\n          \
                    **DÂN TỈNH**           *Thái Nguyên, ngày 26 tháng 12 năm 2025*\n              \
                    *\n         \
                    Số 45-BC/ĐTN\n\
                    \n                            \
                    **BÁO CÁO**\n\
                    **Kết quả tuyên truyền của Đoàn Thanh**\n                                \
                    **niên**\n\
                    \n\
                    Kính gửi: Ban Chỉ đạo 35.\n";
        let lines: Vec<String> = parse(text).lines().iter().map(|l| l.plain()).collect();
        let at = |t: &str| lines.iter().position(|l| l == t).unwrap();
        assert_eq!(
            at("niên"),
            at("Kết quả tuyên truyền của Đoàn Thanh") + 1,
            "{lines:?}"
        );
        assert!(
            at("Thái Nguyên, ngày 26 tháng 12 năm 2025") < at("BÁO CÁO"),
            "{lines:?}"
        );
        assert!(at("DÂN TỈNH") < at("ĐẢNG CỘNG SẢN VIỆT NAM"), "{lines:?}");
    }

    #[test]
    fn footnotes_leave_the_running_text() {
        let doc = parse(
            "Trên nền tảng<sup>1</sup>; gắn với\n\n---\n\n<sup>1</sup> Trang A  \nTrang B\n\nbài viết.\n",
        );
        assert_eq!(
            doc.footnotes,
            [("1".to_string(), "Trang A\nTrang B".to_string())]
        );
        let lines: Vec<String> = doc.lines().iter().map(|l| l.md.clone()).collect();
        assert_eq!(lines, ["Trên nền tảng[^1]; gắn với", "bài viết."]);
    }

    #[test]
    fn layout_extracts_give_their_page_end_footnotes() {
        let doc = parse(
            "trên các nền tảng của Tạp chí Cộng sản1; gắn với công tác\n\
             tuyên truyền, giáo dục trong xây dựng sản\n\
             \n\
             1 Chuyên trang Xây dựng Đảng điện tử:\n\
             <https://xaydungdang.tapchicongsan.org.vn/>\n\
             \u{c}phẩm gửi Tạp chí Cộng sản.\n",
        );
        assert_eq!(
            doc.footnotes,
            [(
                "1".to_string(),
                "Chuyên trang Xây dựng Đảng điện tử: <https://xaydungdang.tapchicongsan.org.vn/>"
                    .to_string()
            )]
        );
        let lines: Vec<String> = doc.lines().iter().map(|l| l.md.clone()).collect();
        assert_eq!(
            lines[0],
            "trên các nền tảng của Tạp chí Cộng sản[^1]; gắn với công tác"
        );
        assert_eq!(lines[2], "phẩm gửi Tạp chí Cộng sản.");
        // a last block that begins with a number nobody marks stays text
        let doc = parse("Năm 2025 có\n\n2 đợt kiểm tra.\n");
        assert!(doc.footnotes.is_empty());
    }

    #[test]
    fn double_spaced_extracts_keep_paragraphs() {
        let text =
            "Dòng một của đoạn\n\nvẫn đoạn\n\nđó.\n\n\n\nĐoạn hai\n\ncòn tiếp\n\nvà hết.\n\n3\n";
        assert_eq!(
            parse("Một.\n\nHai.\n\nBa.\n\nBốn.\n\nNăm.\n").blocks.len(),
            5
        );
        let doc = parse(text);
        assert_eq!(doc.blocks.len(), 2);
    }
}
