//! Reader for PDFs with a text layer.
//!
//! `pdf-extract` walks each page's content and hands over every glyph with
//! its position and size; [`fonts`] adds the font's bold and italic. The
//! glyphs are set back into lines the way the page shows them ([`rows`]):
//! rows by height, fragments far apart kept apart (so a header or a
//! signature laid out in two columns is read column by column by the text
//! reader), emphasis as Markdown. [`page`] lays a page out as text: a blank
//! line where the gap between rows is wider than the lines of a paragraph,
//! headings in larger type as Markdown headings, footnotes (small rows at
//! the end of a page, or a raised number alone on its row) after a `---`
//! rule as the text reader expects. Pages are separated by form feeds, so
//! page numbers are dropped there.

mod fonts;
mod page;
mod rows;

use super::ReadError;
use super::doc::Doc;
use fonts::Style;

/// One glyph: its left edge, baseline (from the top of the page), size,
/// advance, text, and the string of the page it was shown in.
#[derive(Debug, Clone)]
struct Glyph {
    x: f64,
    y: f64,
    size: f64,
    end: f64,
    text: String,
    run: usize,
    style: Style,
}

/// A small filled shape (a list bullet drawn, not written): its box, from
/// the top of the page.
#[derive(Debug, Clone, Copy)]
struct Dot {
    y0: f64,
    x1: f64,
    y1: f64,
}

#[derive(Default)]
struct Collect {
    pages: Vec<Vec<Glyph>>,
    dots: Vec<Vec<Dot>>,
    /// Strings shown so far on the current page.
    runs: usize,
    /// Strings shown on each page.
    page_runs: Vec<usize>,
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
        self.dots.push(Vec::new());
        self.runs = 0;
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), pdf_extract::OutputError> {
        self.page_runs.push(self.runs);
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
            run: self.runs.saturating_sub(1),
            style: Style::default(),
        };
        if let Some(page) = self.pages.last_mut() {
            page.push(g);
        }
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        self.runs += 1;
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
    fn fill(
        &mut self,
        ctm: &pdf_extract::Transform,
        _colorspace: &pdf_extract::ColorSpace,
        _color: &[f64],
        path: &pdf_extract::Path,
    ) -> Result<(), pdf_extract::OutputError> {
        self.shape(ctm, path);
        Ok(())
    }
    // a nested list's bullet is a circle drawn, not filled
    fn stroke(
        &mut self,
        ctm: &pdf_extract::Transform,
        _colorspace: &pdf_extract::ColorSpace,
        _color: &[f64],
        path: &pdf_extract::Path,
    ) -> Result<(), pdf_extract::OutputError> {
        self.shape(ctm, path);
        Ok(())
    }
}

impl Collect {
    fn shape(&mut self, ctm: &pdf_extract::Transform, path: &pdf_extract::Path) {
        if let (Some(d), Some(dots)) = (dot(ctm, path, self.height), self.dots.last_mut()) {
            dots.push(d);
        }
    }
}

/// The box of a filled path if it is bullet-sized: about square, 1 to 8
/// points across.
fn dot(ctm: &pdf_extract::Transform, path: &pdf_extract::Path, height: f64) -> Option<Dot> {
    use pdf_extract::PathOp;
    let mut pts: Vec<(f64, f64)> = Vec::new();
    for op in &path.ops {
        match *op {
            PathOp::MoveTo(x, y) | PathOp::LineTo(x, y) => pts.push((x, y)),
            PathOp::CurveTo(a, b, c, d, x, y) => pts.extend([(a, b), (c, d), (x, y)]),
            PathOp::Rect(x, y, w, h) => pts.extend([(x, y), (x + w, y + h)]),
            PathOp::Close => {}
        }
    }
    let page: Vec<(f64, f64)> = pts
        .iter()
        .map(|&(x, y)| {
            let px = ctm.m11 * x + ctm.m21 * y + ctm.m31;
            let py = ctm.m12 * x + ctm.m22 * y + ctm.m32;
            (px, height - py)
        })
        .collect();
    let (x0, x1) = page
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
            (a.min(p.0), b.max(p.0))
        });
    let (y0, y1) = page
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), p| {
            (a.min(p.1), b.max(p.1))
        });
    let (w, h) = (x1 - x0, y1 - y0);
    let bullet = (1.0..=8.0).contains(&w) && (1.0..=8.0).contains(&h) && (w / h - 1.0).abs() < 0.5;
    bullet.then_some(Dot { y0, x1, y1 })
}

/// Reads a PDF.
pub fn read(bytes: &[u8]) -> Result<Doc, ReadError> {
    if !bytes.starts_with(b"%PDF-") {
        return Err(ReadError::NotPdf);
    }
    let pages = quietly(|| glyphs(bytes))
        .map_err(|_| ReadError::Broken("its content cannot be read".into()))??;
    if pages
        .iter()
        .all(|p| p.glyphs.iter().all(|g| g.text.trim().is_empty()))
    {
        return Err(ReadError::Scan);
    }
    let text = page::layout(&pages);
    Ok(super::text::parse(&text))
}

/// Runs `f`, catching a panic without the default hook printing it: a PDF
/// that trips the extractor is reported as broken, in one line.
fn quietly<T>(f: impl FnOnce() -> T + std::panic::UnwindSafe) -> std::thread::Result<T> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let out = std::panic::catch_unwind(f);
    std::panic::set_hook(hook);
    out
}

/// A page's glyphs and bullets.
struct Page {
    glyphs: Vec<Glyph>,
    dots: Vec<Dot>,
}

fn glyphs(bytes: &[u8]) -> Result<Vec<Page>, ReadError> {
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
    let styles = fonts::page_styles(&doc);
    let mut pages = out.pages;
    for (i, page) in pages.iter_mut().enumerate() {
        // the walk and the extractor must agree on the strings shown
        let Some(styles) = styles
            .get(i)
            .filter(|s| out.page_runs.get(i) == Some(&s.len()))
        else {
            continue;
        };
        for g in page.iter_mut() {
            g.style = styles.get(g.run).copied().unwrap_or_default();
        }
    }
    Ok(pages
        .into_iter()
        .zip(out.dots)
        .map(|(glyphs, dots)| Page { glyphs, dots })
        .collect())
}
