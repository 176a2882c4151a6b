//! Reader for Word files (Office Open XML, `.docx`): paragraphs and their
//! runs (bold, italic; underline has no Markdown and is read as plain
//! text), tables (the header and the signature are borderless two-column
//! tables), footnotes (`word/footnotes.xml`), Word list numbering
//! (`word/numbering.xml`) and line breaks.
//!
//! The package is read with `zip`, the XML with `quick-xml` ([`xml`]).

mod numbering;
mod xml;

use std::io::Read as _;

use super::ReadError;
use super::doc::{Block, Doc, Para, Source};
use xml::El;

/// Reads a `.docx`.
pub fn read(bytes: &[u8]) -> Result<Doc, ReadError> {
    if !bytes.starts_with(b"PK") {
        return Err(ReadError::NotDocx("it is not a zip package".into()));
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| ReadError::Broken(format!("the zip package cannot be read: {e}")))?;
    let mut part = |name: &str| -> Result<Option<El>, ReadError> {
        let mut f = match zip.by_name(name) {
            Ok(f) => f,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(ReadError::Broken(format!("{name}: {e}"))),
        };
        let mut text = String::new();
        f.read_to_string(&mut text)
            .map_err(|e| ReadError::Broken(format!("{name}: {e}")))?;
        xml::parse(&text)
            .map(Some)
            .map_err(|e| ReadError::Broken(format!("{name}: {e}")))
    };
    let document = part("word/document.xml")?
        .ok_or_else(|| ReadError::NotDocx("it has no word/document.xml".into()))?;
    let numbering = numbering::Numbering::new(part("word/numbering.xml")?.as_ref());
    let footnotes = part("word/footnotes.xml")?
        .map(|f| read_footnotes(&f))
        .unwrap_or_default();
    let body = document
        .child("w:body")
        .ok_or_else(|| ReadError::Broken("word/document.xml has no body".into()))?;
    let mut reader = Body {
        numbering,
        blocks: Vec::new(),
    };
    for el in &body.children {
        reader.block(el);
    }
    Ok(Doc {
        source: Source::Word,
        blocks: reader.blocks,
        footnotes,
    })
}

struct Body {
    numbering: numbering::Numbering,
    blocks: Vec<Block>,
}

impl Body {
    fn block(&mut self, el: &El) {
        match el.name.as_str() {
            "w:p" => {
                if let Some(p) = self.para(el) {
                    self.blocks.push(Block::Para(p));
                }
            }
            "w:tbl" => {
                let rows = el
                    .all("w:tr")
                    .map(|tr| tr.all("w:tc").map(|tc| self.cell(tc)).collect())
                    .collect();
                self.blocks.push(Block::Table(rows));
            }
            "w:sdt" => {
                if let Some(c) = el.child("w:sdtContent") {
                    for e in &c.children {
                        self.block(e);
                    }
                }
            }
            _ => {}
        }
    }

    /// A cell's paragraphs (a table inside a cell read in place).
    fn cell(&mut self, tc: &El) -> Vec<Para> {
        let mut out = Vec::new();
        for el in &tc.children {
            match el.name.as_str() {
                "w:p" => out.extend(self.para(el)),
                "w:tbl" => {
                    for tr in el.all("w:tr") {
                        for inner in tr.all("w:tc") {
                            out.extend(self.cell(inner));
                        }
                    }
                }
                _ => {}
            }
        }
        out
    }

    fn para(&mut self, p: &El) -> Option<Para> {
        let label = p
            .child("w:pPr")
            .and_then(|ppr| ppr.child("w:numPr"))
            .and_then(|n| self.numbering.label(n));
        let mut lines = runs(p);
        if lines.iter().all(|l| l.trim().is_empty()) {
            return None;
        }
        if let (Some(label), Some(first)) = (label, lines.first_mut()) {
            *first = format!("{label} {}", first.trim_start());
        }
        Some(Para::new(lines))
    }
}

/// A run's style.
#[derive(Clone, Copy, PartialEq, Default)]
struct Style {
    bold: bool,
    italic: bool,
}

/// The paragraph's text as Markdown lines (split at `w:br`).
fn runs(p: &El) -> Vec<String> {
    let mut lines = vec![String::new()];
    let mut pending: Vec<(Style, String)> = Vec::new();
    let flush = |pending: &mut Vec<(Style, String)>, line: &mut String| {
        for (style, text) in pending.drain(..) {
            line.push_str(&emphasis(style, &text));
        }
    };
    let visit = |r: &El, pending: &mut Vec<(Style, String)>, lines: &mut Vec<String>| {
        let rpr = r.child("w:rPr");
        let style = Style {
            bold: rpr.is_some_and(|x| x.flag("w:b")),
            italic: rpr.is_some_and(|x| x.flag("w:i")),
        };
        for c in &r.children {
            let text = match c.name.as_str() {
                "w:t" => escape(&c.text),
                "w:tab" => " ".to_string(),
                "w:noBreakHyphen" => "-".to_string(),
                "w:footnoteReference" => format!("[^{}]", c.attr("w:id").unwrap_or("")),
                "w:br" | "w:cr" => {
                    let line = lines.last_mut().expect("a line");
                    flush(pending, line);
                    lines.push(String::new());
                    continue;
                }
                _ => continue,
            };
            match pending.last_mut() {
                Some((s, t)) if *s == style => t.push_str(&text),
                _ => pending.push((style, text)),
            }
        }
    };
    for c in &p.children {
        match c.name.as_str() {
            "w:r" => visit(c, &mut pending, &mut lines),
            "w:hyperlink" | "w:ins" | "w:smartTag" => {
                for r in c.all("w:r") {
                    visit(r, &mut pending, &mut lines);
                }
            }
            _ => {}
        }
    }
    let line = lines.last_mut().expect("a line");
    flush(&mut pending, line);
    lines.iter().map(|l| l.trim_end().to_string()).collect()
}

/// Word text made safe for Markdown: characters that would start markup
/// are escaped.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '*' | '_' | '`' | '<' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `text` with its style as Markdown emphasis, the markers inside the
/// surrounding spaces.
fn emphasis(style: Style, text: &str) -> String {
    let mark = match (style.bold, style.italic) {
        (true, true) => "***",
        (true, false) => "**",
        (false, true) => "*",
        (false, false) => return text.to_string(),
    };
    let inner = text.trim();
    if inner.is_empty() {
        return text.to_string();
    }
    let lead = &text[..text.len() - text.trim_start().len()];
    let trail = &text[text.trim_end().len()..];
    format!("{lead}{mark}{inner}{mark}{trail}")
}

/// Footnotes by id, separators left out.
fn read_footnotes(root: &El) -> Vec<(String, String)> {
    root.all("w:footnote")
        .filter(|f| f.attr("w:type").is_none_or(|t| t == "normal"))
        .filter_map(|f| {
            let id = f.attr("w:id")?.to_string();
            let text: Vec<String> = f
                .all("w:p")
                .flat_map(runs)
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty())
                .collect();
            Some((id, text.join("\n")))
        })
        .filter(|(_, t)| !t.is_empty())
        .collect()
}
