//! A page's glyphs set back into rows, and a row's text: spaces where the
//! gaps show them, runs of spaces between fragments far apart (columns),
//! `<sup>…</sup>` around raised small digits (footnote marks), bold and
//! italic as Markdown.

use super::Glyph;
use super::fonts::Style;

/// A row: glyphs on one baseline, left to right.
pub struct Row {
    pub y: f64,
    pub size: f64,
    pub glyphs: Vec<Glyph>,
}

impl Row {
    /// A raised glyph smaller than the row's type: a footnote mark.
    fn is_sup(&self, g: &Glyph) -> bool {
        g.size < 0.9 * self.size
            && self.y - g.y > 0.2 * g.size
            && g.text.chars().all(|c| c.is_ascii_digit())
    }

    /// The row holds only a raised number (a footnote's label set above
    /// its text, as a browser prints it).
    pub fn lone_mark(&self, body: f64) -> Option<String> {
        let t: String = self.glyphs.iter().map(|g| g.text.as_str()).collect();
        let t = t.trim();
        let digits = !t.is_empty() && t.len() <= 3 && t.chars().all(|c| c.is_ascii_digit());
        (digits && self.size < 0.9 * body).then(|| t.to_string())
    }
}

/// Groups a page's glyphs into rows, top to bottom.
pub fn rows(page: &[Glyph]) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    for g in page.iter().filter(|g| !g.text.is_empty()) {
        // a raised small glyph (a footnote mark) belongs to the row below it
        match rows.iter_mut().find(|r| {
            (r.y - g.y).abs() < 0.5 * r.size.max(g.size)
                || (g.size < 0.9 * r.size && g.y < r.y && r.y - g.y < 0.6 * r.size)
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

/// Markdown markers for a style.
fn marker(s: Style) -> &'static str {
    match (s.bold, s.italic) {
        (true, true) => "***",
        (true, false) => "**",
        (false, true) => "*",
        (false, false) => "",
    }
}

/// A row's text as it is built: emphasis is opened before the first
/// letter of a run and closed before the spaces after its last.
#[derive(Default)]
struct Text {
    s: String,
    open: Style,
    in_sup: bool,
}

impl Text {
    fn close(&mut self) {
        let m = marker(self.open);
        if !m.is_empty() {
            let kept = self.s.trim_end().len();
            self.s.insert_str(kept, m);
        }
        self.open = Style::default();
    }

    /// Spaces up to column `target` (markers count: the text reader reads
    /// columns from where fragments begin), at least `min` of them.
    fn pad_to(&mut self, target: usize, min: usize) {
        self.close();
        let n = target.saturating_sub(self.s.chars().count()).max(min);
        self.s.push_str(&" ".repeat(n));
    }

    fn glyph(&mut self, text: &str, style: Style, sup: bool) {
        if sup != self.in_sup {
            self.s.push_str(if sup { "<sup>" } else { "</sup>" });
            self.in_sup = sup;
        }
        if !sup && !text.trim().is_empty() && style != self.open {
            self.close();
            self.s.push_str(marker(style));
            self.open = style;
        }
        if !(text == " " && self.s.ends_with(' ')) {
            self.s.push_str(&unligature(text));
        }
    }

    fn finish(mut self) -> String {
        if self.in_sup {
            self.s.push_str("</sup>");
        }
        self.close();
        self.s.trim_end().to_string()
    }
}

/// The text of a row. `left` is the page's left edge, `cw` the width of
/// one column of text; with `columns`, fragments far apart are kept apart
/// by runs of spaces.
pub fn row_text(r: &Row, left: f64, cw: f64, columns: bool) -> String {
    let mut t = Text::default();
    let mut last_end: Option<f64> = None;
    for g in &r.glyphs {
        let gap = last_end.map(|e| g.x - e);
        let target = ((g.x - left) / cw).round().max(0.0) as usize;
        match gap {
            None => t.pad_to(target, 0),
            Some(gap) if gap > 1.2 * r.size && columns => t.pad_to(target, 4),
            // producers write their spaces; widths are not always right, so
            // only a wide gap stands for a missing one
            Some(gap) if gap > 0.6 * r.size && !t.s.ends_with(' ') && g.text != " " => {
                t.pad_to(0, 1);
            }
            _ => {}
        }
        t.glyph(&g.text, g.style, r.is_sup(g));
        last_end = Some(g.end.max(g.x));
    }
    t.finish()
}

/// A footnote row beginning with its number ("1 Chuyên trang …") gets the
/// number marked as the text reader expects.
pub fn footnote_row(text: &str) -> String {
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
