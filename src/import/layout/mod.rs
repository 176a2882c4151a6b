//! Layout recognition, the same for every reader: from the lines of a
//! received document to its front matter fields and its body as Markdown.
//!
//! A Party or State document is laid out the same way whatever file it came
//! in: the header ([`header`]), "Kính gửi", the running text ([`body`]),
//! then "Nơi nhận" and the signature ([`tail`]).

mod body;
pub use body::is_numbered;
pub mod case;
mod header;
mod tail;

use crate::import::doc::{Doc, Line, Start};

/// Party ("ĐẢNG CỘNG SẢN VIỆT NAM") or State ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA
/// VIỆT NAM") layout, from the motto.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Party,
    State,
}

/// The signature block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signer {
    pub name: String,
    pub title: Option<String>,
    pub on_behalf: Option<String>,
}

/// A document cited where the body begins ("Thực hiện Công văn số …").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cited {
    pub number: String,
    pub issuer: Option<String>,
    pub date: Option<jiff::civil::Date>,
}

/// What the layout shows. `None` and empty lists: not found.
#[derive(Debug, Clone, Default)]
pub struct Fields {
    pub title: Option<String>,
    pub number: Option<String>,
    /// "Số -CV/TU": the number is left blank in the original.
    pub number_blank: bool,
    pub doc_type: Option<String>,
    /// The type was printed as a line of its own ("KẾ HOẠCH").
    pub type_line: bool,
    pub issuer: Option<String>,
    pub date: Option<jiff::civil::Date>,
    /// "ngày   tháng 4 năm 2026": the day is blank (the date is the 1st).
    pub day_blank: bool,
    /// The month or year is blank too: no date.
    pub date_blank: bool,
    pub place: Option<String>,
    pub recipients: Vec<String>,
    pub signer: Option<Signer>,
    pub distribution: Vec<String>,
    pub implements: Vec<Cited>,
    pub layout: Option<Layout>,
    /// A paper without a header: the unit named under its title.
    pub unit: Option<String>,
}

impl Fields {
    /// The layout is a directive's: a number (even blank), a motto, "Kính
    /// gửi", "Nơi nhận" or a signature on behalf of a body.
    pub fn looks_like_directive(&self) -> bool {
        self.number.is_some()
            || self.number_blank
            || self.layout.is_some()
            || self.type_line
            || !self.recipients.is_empty()
            || !self.distribution.is_empty()
            || self.signer.as_ref().is_some_and(|s| s.on_behalf.is_some())
    }
}

/// A recognised document.
#[derive(Debug, Clone)]
pub struct Recognised {
    pub fields: Fields,
    /// The body with its footnotes, ready to write.
    pub markdown: String,
}

/// Letters present and none of them lower case.
pub fn is_caps(p: &str) -> bool {
    p.chars().any(char::is_alphabetic) && !p.chars().any(char::is_lowercase)
}

/// Lines of one field joined with single spaces.
pub fn join_lines(lines: &[String]) -> String {
    lines
        .iter()
        .flat_map(|l| l.split_whitespace())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Recognises the layout of `doc`.
pub fn recognise(doc: &Doc) -> Recognised {
    let lines = doc.lines();
    let mut f = Fields::default();
    let mut i = header::read(&lines, &mut f);
    if i < lines.len() && noibo_text::fold(&lines[i].plain()).starts_with("kinh gui") {
        i = recipients(&lines, i, &mut f);
    }
    let noi_nhan = (i..lines.len())
        .rev()
        .find(|&j| noibo_text::fold(&lines[j].plain()).starts_with("noi nhan"));
    let (body_end, tail) = match noi_nhan {
        Some(n) => {
            let after = tail::distribution(&lines, n, &mut f);
            let before = tail::signature_start(&lines[i..n]).map(|s| i + s);
            match before {
                Some(s) => (s, [&lines[s..n], &lines[after..]].concat()),
                None => (n, lines[after..].to_vec()),
            }
        }
        None => match tail::signature_start(&lines[i..]) {
            Some(s) => (i + s, lines[i + s..].to_vec()),
            None => (lines.len(), Vec::new()),
        },
    };
    if !tail.is_empty() {
        tail::signer(&tail, &mut f);
    }
    let paragraphs = body::paragraphs(&lines[i..body_end.max(i)]);
    f.implements = cited(paragraphs.first().map(String::as_str).unwrap_or(""));
    if f.doc_type.is_none() && f.title.is_some() && f.looks_like_directive() {
        // a subject line under the number and no type line: a công văn
        f.doc_type = Some("Công văn".to_string());
    }
    let markdown = body::markdown(&paragraphs, &doc.footnotes);
    Recognised {
        fields: f,
        markdown,
    }
}

/// "Kính gửi" and the recipients after it; returns the next line's index.
fn recipients(lines: &[Line], i: usize, f: &mut Fields) -> usize {
    let first = lines[i].plain();
    let rest = first
        .split_once(':')
        .map_or("", |(_, r)| r)
        .trim()
        .to_string();
    let mut items: Vec<Vec<String>> = Vec::new();
    if !rest.is_empty() {
        items.push(vec![rest]);
    }
    let mut j = i + 1;
    while j < lines.len() {
        let p = lines[j].plain();
        let dash = p.starts_with(['-', '+', '•', '–']);
        let new_para = matches!(lines[j].start, Start::Gap | Start::Para);
        if header::body_starter(&p) {
            // the running text, even where no blank line sets it apart
            break;
        }
        if dash {
            items.push(vec![p]);
        } else if !new_para
            || items.is_empty()
            || items.last().is_some_and(|it| {
                it.last().is_some_and(|l| {
                    l.ends_with(',') && p.chars().next().is_some_and(char::is_lowercase)
                })
            })
        {
            if items.is_empty() {
                items.push(Vec::new());
            }
            if let Some(it) = items.last_mut() {
                it.push(p);
            }
        } else {
            break;
        }
        j += 1;
    }
    f.recipients = items
        .iter()
        .map(|it| tail::clean_item(&join_lines(it)))
        .filter(|s| !s.is_empty())
        .collect();
    j
}

/// Documents cited by the first paragraph ("Thực hiện …", "Căn cứ …").
fn cited(first: &str) -> Vec<Cited> {
    let f = noibo_text::fold(first);
    if !(f.starts_with("thuc hien") || f.starts_with("can cu")) {
        return Vec::new();
    }
    let text = crate::import::doc::plain(first);
    noibo_refs::find_mentions(&text)
        .into_iter()
        .map(|m| Cited {
            number: m.number.raw,
            issuer: m.issuer,
            date: m
                .date
                .and_then(|(y, mo, d)| jiff::civil::Date::new(y as i16, mo as i8, d as i8).ok()),
        })
        .collect()
}
