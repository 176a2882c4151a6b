//! The document model every reader yields: paragraphs (with emphasis as
//! Markdown), tables of cells, list labels and footnotes. Layout recognition
//! reads it as a flat run of [`Line`]s, table cells in reading order.

/// Where a document came from: it decides how far its line breaks are to
/// be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A text extract (`.txt`, `.md`, a PDF's text layer): lines are broken
    /// where the page ran out, paragraphs may be split by page ends.
    Extract,
    /// A Word file: every paragraph is a real paragraph, every break in it
    /// a real line break.
    Word,
}

/// A paragraph: its lines (Markdown inline text: `**bold**`, `*italic*`,
/// footnote marks as `[^1]`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Para {
    pub lines: Vec<String>,
    /// Each line began with white space in the extract (a first-line indent).
    pub indents: Vec<bool>,
    /// The paragraph begins a new page of the extract.
    pub page: bool,
}

impl Para {
    pub fn new(lines: Vec<String>) -> Para {
        let indents = vec![false; lines.len()];
        Para {
            lines,
            indents,
            page: false,
        }
    }
}

/// A block of the document.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Para(Para),
    /// Rows of cells; each cell holds paragraphs.
    Table(Vec<Vec<Vec<Para>>>),
}

/// A document as read: blocks in order, and footnotes (mark, Markdown text).
#[derive(Debug, Clone)]
pub struct Doc {
    pub source: Source,
    pub blocks: Vec<Block>,
    pub footnotes: Vec<(String, String)>,
}

/// How a line is set off from the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// A paragraph of its own (a Word paragraph, a table cell).
    Para,
    /// After a blank line in an extract: a new paragraph, or the same one
    /// continued across a page end.
    Gap,
    /// The next line of an extract's paragraph: usually the same sentence.
    Line,
    /// A hard line break inside a Word paragraph.
    Break,
}

/// One line as layout recognition sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub md: String,
    pub start: Start,
    pub indent: bool,
    /// The first line of a page: a paragraph may go on from the page before.
    pub page: bool,
}

impl Line {
    /// The text without Markdown emphasis and without surrounding space.
    pub fn plain(&self) -> String {
        plain(&self.md)
    }
}

/// `md` without emphasis markers, `<sup>` tags and surrounding space, its
/// spaces single.
pub fn plain(md: &str) -> String {
    let mut s = md
        .replace("**", "")
        .replace("<sup>", "")
        .replace("</sup>", "");
    s = s.trim().to_string();
    let escaped = s.contains('\\');
    // single `*` or `_` around words (italic), never inside a word
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == '\\' && escaped && chars.get(i + 1).is_some_and(|n| n.is_ascii_punctuation()) {
            continue;
        }
        if (c == '*' || c == '_') && !(i > 0 && chars[i - 1] == '\\') {
            let before = i.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(i + 1).copied();
            let inside = before.is_some_and(char::is_alphanumeric)
                && after.is_some_and(char::is_alphanumeric);
            if !inside && (c != '*' || chars.len() != 1) {
                continue;
            }
        }
        out.push(c);
    }
    // runs of spaces (a justified line of a layout extract) as one
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Doc {
    /// Every line in reading order: table rows top to bottom, cells left to
    /// right.
    pub fn lines(&self) -> Vec<Line> {
        let mut out = Vec::new();
        for block in &self.blocks {
            match block {
                Block::Para(p) => self.push_para(p, &mut out),
                Block::Table(rows) => {
                    for cell in rows.iter().flatten() {
                        for p in cell {
                            self.push_para(p, &mut out);
                        }
                    }
                }
            }
        }
        out
    }

    fn push_para(&self, p: &Para, out: &mut Vec<Line>) {
        for (i, md) in p.lines.iter().enumerate() {
            let start = match (self.source, i) {
                (Source::Word, 0) => Start::Para,
                (Source::Word, _) => Start::Break,
                (Source::Extract, 0) => Start::Gap,
                (Source::Extract, _) => Start::Line,
            };
            let indent = p.indents.get(i).copied().unwrap_or(false);
            out.push(Line {
                md: md.clone(),
                start,
                indent,
                page: p.page && i == 0,
            });
        }
    }

    /// No text at all (an empty file, a scan).
    pub fn is_empty(&self) -> bool {
        self.lines().iter().all(|l| l.plain().is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_drops_emphasis_only() {
        assert_eq!(plain("*V/v đẩy mạnh*"), "V/v đẩy mạnh");
        assert_eq!(plain("**T/M BAN THƯỜNG VỤ  "), "T/M BAN THƯỜNG VỤ");
        assert_eq!(plain("Tapchi_Congsan"), "Tapchi_Congsan");
        assert_eq!(plain("*"), "*");
        assert_eq!(
            plain("*Kính gửi:* - Các cơ quan"),
            "Kính gửi: - Các cơ quan"
        );
    }
}
