//! The running text as Markdown: lines broken by the page joined back into
//! paragraphs, numbered items ("1.", "a)", "Điều 1.") and dashes kept as
//! paragraphs of their own, emphasis and footnote marks kept.

use regex::Regex;
use std::sync::LazyLock;

use crate::import::doc::{Line, Start, plain};

static ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[-+•–]\s|\d{1,2}[.)]\s|\*\*\d{1,2}\.\*\*|[a-zđ]\)\s|[IVX]{1,5}\.\s|Điều\s+\d+|\*\*Điều\s+\d+)")
        .expect("item pattern")
});

/// A line that begins a numbered item: "1.", "**1.**", "a)", "Điều 1.".
pub fn is_numbered(md: &str) -> bool {
    is_item(md) && !md.trim_start().starts_with(['-', '+', '•', '–'])
}

/// A line that begins an item of its own.
pub fn is_item(md: &str) -> bool {
    ITEM.is_match(md.trim_start())
}

/// Ends a sentence or a clause that a new paragraph may follow.
fn ends_clause(md: &str) -> bool {
    let p = plain(md);
    let p = p.trim_end_matches(['*', '_', ')', '"', '”', '’', '»', ' ']);
    p.ends_with(['.', ':', ';', '!', '?', '…']) || plain(md).ends_with(".)") || p.ends_with("./.")
}

fn ends_sentence(md: &str) -> bool {
    let p = plain(md);
    let p = p.trim_end_matches(['*', '_', ')', '"', '”', '’', '»', ' ']);
    p.ends_with(['.', ':', '!', '?', '…'])
}

/// The first letter, past opening brackets and quotes: "(Đính kèm …".
fn first_letter(md: &str) -> Option<char> {
    plain(md)
        .chars()
        .find(|c| !matches!(c, '(' | '[' | '"' | '“' | '‘' | '\''))
}

fn starts_lower(md: &str) -> bool {
    first_letter(md).is_some_and(char::is_lowercase)
}

fn starts_upper(md: &str) -> bool {
    first_letter(md).is_some_and(char::is_uppercase)
}

/// A line broken before the dash of "chính trị - xã hội": the dash goes on
/// in lower case, after a line that ends no clause and is no dash item
/// itself (two such lines are a list of items in lower case).
fn dash_inside(prev: &Line, next: &Line) -> bool {
    let t = next.md.trim_start();
    let after = t.strip_prefix("- ").or_else(|| t.strip_prefix("– "));
    next.start == Start::Line
        && after.is_some_and(starts_lower)
        && !ends_clause(&prev.md)
        && !prev.md.trim_start().starts_with(['-', '+', '•', '–'])
}

/// Whether `next` continues the paragraph that `prev` ends.
fn continues(prev: &Line, next: &Line, wide: usize) -> bool {
    if dash_inside(prev, next) {
        return true;
    }
    if is_item(&next.md) || next.md.starts_with('#') {
        return false;
    }
    if prev.md.starts_with('#') {
        // a heading wrapped onto a second line
        return next.start == Start::Line;
    }
    match next.start {
        Start::Para => false,
        Start::Break => true,
        // across a page end a sentence goes on in lower case whatever
        // ended the page
        Start::Gap if next.page => starts_lower(&next.md) || !ends_sentence(&prev.md),
        Start::Gap => !ends_clause(&prev.md) && starts_lower(&next.md),
        Start::Line => {
            // an indented line after a finished clause begins a paragraph,
            // unless it goes on in lower case (a hanging list item)
            if next.indent && ends_clause(&prev.md) && !starts_lower(&next.md) {
                return false;
            }
            let short = prev.md.chars().count() * 10 < wide * 7;
            // "Thực hiện …", "Căn cứ …", "Đề nghị …" after a full stop open a paragraph
            // wherever the line before ends
            let opener = ["thuc hien ", "can cu ", "nham ", "de nghi "]
                .iter()
                .any(|w| noibo_text::fold(&plain(&next.md)).starts_with(w));
            !(ends_sentence(&prev.md) && starts_upper(&next.md) && (short || opener))
        }
    }
}

/// Appends `next` to a paragraph: a word cut at a hyphen ("21-" / "NQ/TW")
/// is put back together, other lines meet with one space, and emphasis
/// closed at the end of one line and opened again on the next is one span.
fn append(par: &mut String, next: &str, hard: bool) {
    let mut next = next.trim();
    if !hard
        && let Some(m) = ["***", "**", "*"]
            .into_iter()
            .find(|m| par.ends_with(m) && next.starts_with(m))
        && !par.ends_with(&format!(" {m}"))
    {
        par.truncate(par.len() - m.len());
        next = &next[m.len()..];
        par.push(' ');
    } else if hard {
        par.push_str("\\\n");
    } else if par.ends_with('-') && par.chars().rev().nth(1).is_some_and(|c| !c.is_whitespace()) {
        // keep the hyphen: "21-NQ/TW", "Mác-Lênin"
    } else if !par.is_empty() {
        par.push(' ');
    }
    par.push_str(next);
}

/// Spaces inside a line collapsed to one.
/// A list item inside a numbered item keeps its indent ("   - ").
fn tidy(s: &str) -> String {
    let words = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.starts_with("   - ") {
        format!("   {words}")
    } else {
        words
    }
}

/// The body lines as paragraphs (Markdown, one string each).
pub fn paragraphs(lines: &[Line]) -> Vec<String> {
    let wide = lines
        .iter()
        .map(|l| l.md.chars().count())
        .max()
        .unwrap_or(0);
    let mut out: Vec<String> = Vec::new();
    let mut prev: Option<&Line> = None;
    for line in lines {
        let text = tidy(&line.md);
        if text.is_empty() {
            continue;
        }
        let text = if let Some(rest) = text.strip_prefix("• ") {
            format!("- {rest}")
        } else {
            text
        };
        match (prev, out.last_mut()) {
            (Some(p), Some(par)) if continues(p, line, wide) => {
                append(par, &text, line.start == Start::Break && !par.is_empty());
            }
            _ => out.push(text),
        }
        prev = Some(line);
    }
    out
}

/// The Markdown body: paragraphs, then footnotes as `[^1]: text` (a line
/// break in a footnote kept as a Markdown hard break).
pub fn markdown(paragraphs: &[String], footnotes: &[(String, String)]) -> String {
    let mut md = paragraphs.join("\n\n");
    md.push('\n');
    for (id, text) in footnotes {
        md.push_str(&format!(
            "\n[^{id}]: {}\n",
            text.trim().replace('\n', "\\\n    ")
        ));
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(md: &str, start: Start) -> Line {
        Line {
            md: md.into(),
            start,
            indent: false,
            page: false,
        }
    }

    #[test]
    fn page_breaks_are_joined_and_items_kept() {
        let lines = [
            line(
                "1. Công tác tuyên truyền tập trung vào từng ngành, địa phương,",
                Start::Gap,
            ),
            line("cơ quan, đơn vị; biểu dương tập thể.", Start::Gap),
            line("2. Nghị quyết số 21-", Start::Gap),
            line("NQ/TW ngày 16/6/2022.", Start::Line),
            line("Đề nghị thực hiện.", Start::Gap),
        ];
        assert_eq!(
            paragraphs(&lines),
            [
                "1. Công tác tuyên truyền tập trung vào từng ngành, địa phương, cơ quan, đơn vị; biểu dương tập thể.",
                "2. Nghị quyết số 21-NQ/TW ngày 16/6/2022.",
                "Đề nghị thực hiện."
            ]
        );
    }

    #[test]
    fn a_dash_inside_a_sentence_is_not_an_item() {
        let lines = [
            line("3. Phối hợp với Mặt trận và tổ chức chính trị", Start::Gap),
            line("   - xã hội cùng cấp.", Start::Line),
            line("- các chi bộ", Start::Gap),
            line("- các đảng bộ", Start::Line),
            line("- Tổ chức chính trị", Start::Line),
        ];
        assert_eq!(
            paragraphs(&lines),
            [
                "3. Phối hợp với Mặt trận và tổ chức chính trị - xã hội cùng cấp.",
                "- các chi bộ",
                "- các đảng bộ",
                "- Tổ chức chính trị"
            ]
        );
    }
}
