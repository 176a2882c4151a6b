//! Front matter fields of media pages and newsletter forewords, checked
//! with the same [`Checker`] as every other field.

use super::Checker;
use crate::model::field::{Field, Named};
use crate::model::{Format, MediaMeta, NewsletterMeta};
use crate::parse::yaml::{Node, Value};

/// The fields of a media page or a foreword, as they are read.
#[derive(Default)]
pub(super) struct Extra {
    pub media: MediaMeta,
    pub newsletter: NewsletterMeta,
}

impl Extra {
    /// Reads one field of [`Field::of`] media or newsletter.
    pub fn field(&mut self, c: &mut Checker, field: Field, v: &Node) {
        let name = field.name();
        let m = &mut self.media;
        match field {
            Field::Unit => m.unit = c.nonempty_text(name, v),
            Field::Format => {
                m.format = c.format(v);
                if m.format == Format::Article {
                    c.err(v.pos, format!("a media page's `{field}` is video, audio, podcast, infographic or emagazine, not article"));
                }
            }
            Field::File => m.file = own_file(c, field, v),
            Field::Poster => m.poster = own_file(c, field, v),
            Field::Captions => m.captions = own_file(c, field, v),
            Field::Duration => m.duration = duration(c, v),
            Field::Related => m.related = c.refs(name, v),
            Field::Featured => self.newsletter.featured.extend(featured(c, v)),
            other => unreachable!("`{other}` is not a field of media or newsletter"),
        }
    }
}

/// `featured`: pages of the site, by path from `content/`.
fn featured(c: &mut Checker, v: &Node) -> Vec<(String, crate::diagnostics::Pos)> {
    let items: Vec<&Node> = match &v.value {
        Value::Seq(items) => items.iter().collect(),
        Value::Null => Vec::new(),
        _ => vec![v],
    };
    items
        .into_iter()
        .filter_map(|item| {
            let path = c.nonempty_text(Field::Featured.name(), item)?;
            Some((path, c.file_pos(item.pos)))
        })
        .collect()
}

/// `file`, `poster`, `captions`: a file of the page's folder, with where
/// it is written.
fn own_file(c: &mut Checker, field: Field, v: &Node) -> Option<(String, crate::diagnostics::Pos)> {
    c.nonempty_text(field.name(), v)
        .and_then(|f| file_name(c, field.name(), f, v))
        .map(|f| (f, c.file_pos(v.pos)))
}

/// A file of the page's own folder: a plain name, no folders.
fn file_name(c: &mut Checker, field: &str, name: String, v: &Node) -> Option<String> {
    if name.contains(['/', '\\'])
        || name == "."
        || name == ".."
        || name.chars().any(char::is_control)
    {
        c.err(
            v.pos,
            format!("`{field}: {name}` must be the name of a file in the page's folder, such as tap-1.mp3"),
        );
        return None;
    }
    Some(name)
}

/// `duration`: seconds (`95`), or `m:ss` / `h:mm:ss` (`1:35`).
fn duration(c: &mut Checker, v: &Node) -> Option<u64> {
    let parsed = match &v.value {
        Value::Int(i) if *i > 0 => Some(*i as u64),
        Value::Str(s) => parse_clock(s.trim()),
        _ => None,
    };
    if parsed.is_none() {
        c.err(
            v.pos,
            format!("`{}` is seconds (95) or minutes and seconds (\"1:35\"); leave it out to read it from the file", Field::Duration),
        );
    }
    parsed
}

fn parse_clock(s: &str) -> Option<u64> {
    let parts: Vec<&str> = s.split(':').collect();
    if parts.is_empty() || parts.len() > 3 {
        return None;
    }
    let mut total = 0u64;
    for (k, p) in parts.iter().enumerate() {
        let n: u64 = p.parse().ok()?;
        if k > 0 && n >= 60 {
            return None;
        }
        total = total.checked_mul(60)?.checked_add(n)?;
    }
    (total > 0).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::parse_clock;

    #[test]
    fn clocks() {
        assert_eq!(parse_clock("95"), Some(95));
        assert_eq!(parse_clock("1:35"), Some(95));
        assert_eq!(parse_clock("1:02:03"), Some(3723));
        assert_eq!(parse_clock("1:75"), None);
        assert_eq!(parse_clock("0"), None);
        assert_eq!(parse_clock("abc"), None);
    }
}
