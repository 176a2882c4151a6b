//! A page as layout text for the text reader: rows, blank lines between
//! paragraphs, headings, list bullets, and the footnotes after a rule.

use super::rows::{Row, footnote_row, row_text, rows};
use super::{Dot, Page};

/// Every page as text, pages separated by form feeds.
pub fn layout(pages: &[Page]) -> String {
    let mut region = Region::Header;
    let text: Vec<String> = pages.iter().map(|p| page_text(p, &mut region)).collect();
    text.join("\u{c}")
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

/// The measures of a page.
struct Metrics {
    /// The body text's size (the median row's).
    body: f64,
    left: f64,
    right: f64,
    /// The distance between two lines of a paragraph.
    line: f64,
    /// The last row in body type: small rows after it are footnotes.
    last_body: usize,
}

impl Metrics {
    fn of(page: &Page, rows: &[Row]) -> Metrics {
        let mut sizes: Vec<f64> = rows.iter().map(|r| r.size).collect();
        sizes.sort_by(f64::total_cmp);
        let body = sizes[sizes.len() / 2];
        let glyphs = &page.glyphs;
        let left = glyphs.iter().map(|g| g.x).fold(f64::INFINITY, f64::min);
        let right = glyphs
            .iter()
            .map(|g| g.end)
            .fold(f64::NEG_INFINITY, f64::max);
        let last_body = rows
            .iter()
            .rposition(|r| r.size >= 0.9 * body)
            .unwrap_or(rows.len() - 1);
        // the usual step between two rows of body type (rows of smaller
        // type, such as a signature block's, step less and interleave)
        let body_row = |r: &Row| (r.size - body).abs() < 0.1 * body;
        let mut gaps: Vec<f64> = rows
            .windows(2)
            .filter(|w| body_row(&w[0]) && body_row(&w[1]))
            .map(|w| w[1].y - w[0].y)
            .filter(|g| *g > 0.0)
            .collect();
        gaps.sort_by(f64::total_cmp);
        let line = gaps
            .get(gaps.len() / 2)
            .copied()
            .unwrap_or(body * 1.2)
            .max(body);
        Metrics {
            body,
            left,
            right,
            line,
            last_body,
        }
    }

    /// A row of running text: margin to margin, no wide gap.
    fn full(&self, r: &Row) -> bool {
        r.glyphs
            .first()
            .is_some_and(|g| g.x <= self.left + 2.0 * r.size)
            && self.reaches_right(r)
            && r.glyphs
                .windows(2)
                .all(|w| w[1].x - w[0].end.max(w[0].x) < 2.0 * r.size)
    }

    fn reaches_right(&self, r: &Row) -> bool {
        r.glyphs
            .last()
            .is_some_and(|g| g.end >= self.right - 2.0 * r.size)
    }

    /// The region a row begins, if it begins one.
    fn region_of(&self, text: &str, r: &Row) -> Option<Region> {
        let t = noibo_text::fold(&crate::import::doc::plain(text));
        if t.starts_with("noi nhan") {
            return Some(Region::Tail);
        }
        let starts = ["kinh gui", "thuc hien", "can cu", "nham "]
            .iter()
            .any(|w| t.starts_with(w));
        (starts || self.full(r)).then_some(Region::Body)
    }
}

/// A bullet drawn just left of the row's first letter, level with it.
fn bulleted(r: &Row, dots: &[Dot]) -> bool {
    let Some(first) = r.glyphs.first() else {
        return false;
    };
    dots.iter().any(|d| {
        let mid = (d.y0 + d.y1) / 2.0;
        // (a paragraph in the item may indent its first line)
        d.x1 <= first.x && first.x - d.x1 < 4.0 * r.size && mid < r.y && r.y - mid < 0.8 * r.size
    })
}

/// What the rows so far have opened.
#[derive(Default)]
struct State {
    /// Inside footnotes (after the rule).
    notes: bool,
    /// A footnote's number printed alone on its row, for the row after it.
    mark: Option<String>,
    /// The size of the heading the row before belongs to.
    heading: Option<f64>,
}

/// A page as layout text.
fn page_text(page: &Page, region: &mut Region) -> String {
    let rows = rows(&page.glyphs);
    if rows.is_empty() {
        return String::new();
    }
    let m = Metrics::of(page, &rows);
    let mut st = State::default();
    let mut out = String::new();
    for (i, r) in rows.iter().enumerate() {
        let gap = i > 0 && r.y - rows[i - 1].y > m.line * 1.25;
        let lone = r.lone_mark(m.body);
        if !st.notes && (i == m.last_body + 1 || lone.is_some()) {
            // footnotes: the small rows that end the page, or those from a
            // number alone on its row (a browser prints them so, after the
            // text, wherever the page is)
            out.push_str("\n---\n\n");
            st.notes = true;
        } else if st.notes && r.size >= 0.9 * m.body {
            out.push('\n');
            st.notes = false;
        } else if gap {
            out.push('\n');
        }
        if lone.is_some() {
            st.mark = lone;
            continue;
        }
        out.push_str(&row_line(r, &m, page, region, &mut st, gap));
        out.push('\n');
    }
    out
}

/// One row as a line of layout text.
fn row_line(
    r: &Row,
    m: &Metrics,
    page: &Page,
    region: &mut Region,
    st: &mut State,
    gap: bool,
) -> String {
    let plain = row_text(r, m.left, m.body * 0.5, false);
    match m.region_of(&plain, r) {
        Some(Region::Tail) => *region = Region::Tail,
        Some(Region::Body) if *region == Region::Header => *region = Region::Body,
        _ => {}
    }
    if st.notes {
        let text = match st.mark.take() {
            Some(mark) => format!("<sup>{mark}</sup> {}", plain.trim_start()),
            None => footnote_row(&plain),
        };
        // a footnote's line that stops short ends there (a line break)
        return if m.reaches_right(r) {
            text
        } else {
            format!("{text}  ")
        };
    }
    if *region != Region::Body {
        st.heading = None;
        return row_text(r, m.left, m.body * 0.5, true);
    }
    if r.size >= 1.15 * m.body {
        let level = if r.size >= 1.4 * m.body { "##" } else { "###" };
        let text = crate::import::doc::plain(&plain);
        let same = st.heading.is_some_and(|h| (h - r.size).abs() < 0.5) && !gap;
        st.heading = Some(r.size);
        return if same {
            text
        } else {
            format!("{level} {text}")
        };
    }
    st.heading = None;
    if bulleted(r, &page.dots) {
        // where the item stands tells a list inside a numbered item
        let text = plain.trim_start();
        return format!("{}- {text}", &plain[..plain.len() - text.len()]);
    }
    plain
}
