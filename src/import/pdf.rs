//! Reader for PDFs with a text layer.
//!
//! `pdf-extract` walks each page's content and hands over every glyph with
//! its position and size. The glyphs are set back into lines the way the
//! page shows them: rows by height, fragments far apart kept apart (so a
//! header or a signature laid out in two columns is read column by column
//! by the text reader), a blank line where the gap between rows is wider
//! than the lines of a paragraph. Small raised glyphs are footnote marks;
//! small rows at the end of a page are its footnotes, and are written after
//! a `---` rule as the text reader expects. Pages are separated by form
//! feeds, so page numbers are dropped there.

use super::ReadError;
use super::doc::Doc;

/// One glyph: its left edge, baseline (from the top of the page), size,
/// advance and text.
#[derive(Debug, Clone)]
struct Glyph {
    x: f64,
    y: f64,
    size: f64,
    end: f64,
    text: String,
}

#[derive(Default)]
struct Collect {
    pages: Vec<Vec<Glyph>>,
    height: f64,
}

impl pdf_extract::OutputDev for Collect {
    fn begin_page(
        &mut self,
        _n: u32,
        media: &pdf_extract::MediaBox,
        _art: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), pdf_extract::OutputError> {
        self.height = media.ury - media.lly;
        self.pages.push(Vec::new());
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &pdf_extract::Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), pdf_extract::OutputError> {
        let vx = font_size * trm.m11 + font_size * trm.m21;
        let vy = font_size * trm.m12 + font_size * trm.m22;
        let size = (vx * vy).abs().sqrt();
        // some fonts give no widths: an average letter's is assumed
        let advance = if width > 0.0 {
            width * size
        } else {
            0.55 * size
        };
        let g = Glyph {
            x: trm.m31,
            y: self.height - trm.m32,
            size,
            end: trm.m31 + advance,
            text: text.to_string(),
        };
        if let Some(page) = self.pages.last_mut() {
            page.push(g);
        }
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
}

/// Reads a PDF.
pub fn read(bytes: &[u8]) -> Result<Doc, ReadError> {
    if !bytes.starts_with(b"%PDF-") {
        return Err(ReadError::NotPdf);
    }
    let pages = std::panic::catch_unwind(|| glyphs(bytes))
        .map_err(|_| ReadError::Broken("its content cannot be read".into()))??;
    if pages
        .iter()
        .all(|p| p.iter().all(|g| g.text.trim().is_empty()))
    {
        return Err(ReadError::Scan);
    }
    let mut region = Region::Header;
    let text: Vec<String> = pages.iter().map(|p| page_text(p, &mut region)).collect();
    Ok(super::text::parse(&text.join("\u{c}")))
}

fn glyphs(bytes: &[u8]) -> Result<Vec<Vec<Glyph>>, ReadError> {
    let doc = pdf_extract::Document::load_mem(bytes)
        .map_err(|e| ReadError::Broken(format!("not a readable PDF: {e}")))?;
    if doc.is_encrypted() {
        return Err(ReadError::Broken(
            "it is encrypted: ask for a copy without a password".into(),
        ));
    }
    let mut out = Collect::default();
    pdf_extract::output_doc(&doc, &mut out)
        .map_err(|e| ReadError::Broken(format!("its text cannot be read: {e}")))?;
    Ok(out.pages)
}

/// A row: glyphs on one baseline, left to right.
struct Row {
    y: f64,
    size: f64,
    glyphs: Vec<Glyph>,
}

/// Groups a page's glyphs into rows, top to bottom.
fn rows(page: &[Glyph]) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    for g in page.iter().filter(|g| !g.text.is_empty()) {
        // a raised small glyph (a footnote mark) belongs to the row below it
        match rows.iter_mut().find(|r| {
            (r.y - g.y).abs() < 0.5 * r.size.max(g.size)
                || (g.size < 0.8 * r.size && g.y < r.y && r.y - g.y < 0.6 * r.size)
        }) {
            Some(r) => {
                if g.size > r.size {
                    r.size = g.size;
                    r.y = g.y;
                }
                r.glyphs.push(g.clone());
            }
            None => rows.push(Row {
                y: g.y,
                size: g.size,
                glyphs: vec![g.clone()],
            }),
        }
    }
    for r in &mut rows {
        r.glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
    }
    rows.sort_by(|a, b| a.y.total_cmp(&b.y));
    rows
}

/// The text of a row: glyphs joined, spaces where the gap shows one, runs
/// of spaces where fragments stand far apart (columns), `<sup>…</sup>`
/// around raised small glyphs. `cw` is the width of one column of text.
fn row_text(r: &Row, left: f64, cw: f64, columns: bool) -> String {
    let mut s = String::new();
    let mut col = 0usize;
    let mut last_end: Option<f64> = None;
    let mut in_sup = false;
    for g in &r.glyphs {
        let gap = last_end.map(|e| g.x - e);
        let target = ((g.x - left) / cw).round().max(0.0) as usize;
        match gap {
            None => {
                s.push_str(&" ".repeat(target));
                col = target;
            }
            Some(gap) if gap > 1.2 * r.size && columns => {
                let pad = target.saturating_sub(col).max(4);
                s.push_str(&" ".repeat(pad));
                col += pad;
            }
            // producers write their spaces; widths are not always right, so
            // only a wide gap stands for a missing one
            Some(gap) if gap > 0.6 * r.size && !s.ends_with(' ') && g.text != " " => {
                s.push(' ');
                col += 1;
            }
            _ => {}
        }
        let sup = g.size < 0.8 * r.size
            && r.y - g.y > 0.2 * g.size
            && g.text.chars().all(|c| c.is_ascii_digit());
        if sup && !in_sup {
            s.push_str("<sup>");
        } else if !sup && in_sup {
            s.push_str("</sup>");
        }
        in_sup = sup;
        if !(g.text == " " && s.ends_with(' ')) {
            s.push_str(&unligature(&g.text));
            col += g.text.chars().count();
        }
        last_end = Some(g.end.max(g.x));
    }
    if in_sup {
        s.push_str("</sup>");
    }
    s.trim_end().to_string()
}

/// A footnote row beginning with its number ("1 Chuyên trang …") gets the
/// number marked as the text reader expects.
fn footnote_row(text: &str) -> String {
    let t = text.trim_start();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    let rest = &t[digits.len()..];
    if (1..=3).contains(&digits.len()) && rest.starts_with(' ') {
        format!("<sup>{digits}</sup>{rest}")
    } else {
        text.to_string()
    }
}

/// "ﬁ", "ﬀ" and the other Latin ligatures as their letters.
fn unligature(t: &str) -> std::borrow::Cow<'_, str> {
    if t.chars().any(|c| ('\u{FB00}'..='\u{FB06}').contains(&c)) {
        use unicode_normalization::UnicodeNormalization;
        t.nfkc().collect::<String>().into()
    } else {
        t.into()
    }
}

/// Where the reading is: the header and the signature block may stand in
/// two columns side by side; in the running text a wide gap is only a
/// justified line's space between words.
#[derive(Clone, Copy, PartialEq)]
enum Region {
    Header,
    Body,
    Tail,
}

/// The region a row begins, if it begins one.
fn region_of(text: &str, r: &Row, left: f64, right: f64) -> Option<Region> {
    let t = noibo_text::fold(text.trim());
    if t.starts_with("noi nhan") {
        return Some(Region::Tail);
    }
    let starts = ["kinh gui", "thuc hien", "can cu", "nham "]
        .iter()
        .any(|w| t.starts_with(w));
    // an ordinary line of running text: margin to margin, no wide gap
    let full = r.glyphs.first().is_some_and(|g| g.x <= left + 2.0 * r.size)
        && r.glyphs
            .last()
            .is_some_and(|g| g.end >= right - 2.0 * r.size)
        && r.glyphs
            .windows(2)
            .all(|w| w[1].x - w[0].end.max(w[0].x) < 2.0 * r.size);
    (starts || full).then_some(Region::Body)
}

/// A page as layout text: rows, blank lines between paragraphs, and the
/// footnotes after a rule.
fn page_text(page: &[Glyph], region: &mut Region) -> String {
    let rows = rows(page);
    if rows.is_empty() {
        return String::new();
    }
    let mut sizes: Vec<f64> = rows.iter().map(|r| r.size).collect();
    sizes.sort_by(f64::total_cmp);
    let body = sizes[sizes.len() / 2];
    let left = page.iter().map(|g| g.x).fold(f64::INFINITY, f64::min);
    let right = page.iter().map(|g| g.end).fold(f64::NEG_INFINITY, f64::max);
    let cw = body * 0.5;
    // footnotes: the small rows after the last body-size row
    let last_body = rows
        .iter()
        .rposition(|r| r.size >= 0.9 * body)
        .unwrap_or(rows.len() - 1);
    let mut gaps: Vec<f64> = rows
        .windows(2)
        .map(|w| w[1].y - w[0].y)
        .filter(|g| *g > 0.0)
        .collect();
    gaps.sort_by(f64::total_cmp);
    let line = gaps
        .first()
        .map_or(body * 1.2, |_| gaps[gaps.len() / 4])
        .max(body);
    let mut out = String::new();
    for (i, r) in rows.iter().enumerate() {
        if i == last_body + 1 {
            out.push_str("\n---\n\n");
        } else if i > 0 && r.y - rows[i - 1].y > line * 1.25 {
            out.push('\n');
        }
        let plain = row_text(r, left, cw, false);
        match region_of(&plain, r, left, right) {
            Some(Region::Tail) => *region = Region::Tail,
            Some(Region::Body) if *region == Region::Header => *region = Region::Body,
            _ => {}
        }
        let text = if *region == Region::Body {
            plain
        } else {
            row_text(r, left, cw, true)
        };
        if i > last_body {
            out.push_str(&footnote_row(&text));
        } else {
            out.push_str(&text);
        }
        out.push('\n');
    }
    out
}
