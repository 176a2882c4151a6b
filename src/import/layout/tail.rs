//! The end of a directive: "Nơi nhận" and the signature block
//! (`on_behalf` "T/M …", "KT. …", "TL. …", the title, the name).

use super::case::normal_case;
use super::{Fields, Signer, is_caps, join_lines};
use crate::import::doc::{Line, Start};

fn is_item(p: &str) -> bool {
    p.starts_with(['-', '+', '•', '–'])
}

/// "T/M BAN THƯỜNG VỤ", "KT. CỤC TRƯỞNG", "TL. BAN THƯỜNG VỤ", "TUQ. …", "Q. …".
fn is_on_behalf(p: &str) -> bool {
    ["T/M", "TM.", "TM ", "KT.", "KT ", "TL.", "TUQ.", "Q. "]
        .iter()
        .any(|s| p.starts_with(s))
}

fn is_seal(p: &str) -> bool {
    let f = noibo_text::fold(p);
    f.trim_matches(['(', ')', '[', ']']).starts_with("da ky") || f.starts_with("(ky ")
}

/// Reads "Nơi nhận" items from line `i` (the "Nơi nhận" line); returns the
/// index of the first line after them.
pub fn distribution(lines: &[Line], i: usize, f: &mut Fields) -> usize {
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
        if p.is_empty() {
            j += 1;
            continue;
        }
        let new_para = matches!(lines[j].start, Start::Gap | Start::Para);
        if is_item(&p) {
            items.push(vec![p]);
        } else if !new_para
            && !items.is_empty()
            && !is_on_behalf(&p)
            && (!is_caps(&p) || p.chars().any(|c| c.is_ascii_digit()))
        {
            // a clerk's code ("HTTH - 123") wrapped onto a line of its own
            // is still the item
            if let Some(it) = items.last_mut() {
                it.push(p);
            }
        } else {
            break;
        }
        j += 1;
    }
    f.distribution = items.iter().map(|it| clean_item(&join_lines(it))).collect();
    j
}

/// An item of a list without its dash and the punctuation closing it.
pub fn clean_item(s: &str) -> String {
    let s = s.trim().trim_start_matches(['-', '+', '•', '–']).trim();
    let s = s.trim_end_matches([',', ';']).trim_end();
    let s = s.strip_suffix('.').unwrap_or(s);
    s.trim().to_string()
}

/// Where a signature block begins among the last of `lines`, if they end
/// with one: capital lines (or "T/M …") and then a name.
pub fn signature_start(lines: &[Line]) -> Option<usize> {
    let texts: Vec<(usize, String)> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| (i, l.plain()))
        .filter(|(_, p)| !p.is_empty() && !is_seal(p))
        .collect();
    let (name_at, name) = texts.last()?;
    let words = name.split_whitespace().count();
    let name_like = (2..=5).contains(&words)
        && !name.ends_with(['.', ':', ';', ','])
        && name
            .split_whitespace()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase));
    if !name_like {
        return None;
    }
    let mut start = *name_at;
    for (i, p) in texts.iter().rev().skip(1) {
        let title_like = (is_caps(p) && p.chars().count() < 60) || is_on_behalf(p) || p == "kiêm";
        if !title_like {
            break;
        }
        start = *i;
    }
    (start < *name_at).then_some(start)
}

/// Reads the signature block from `lines`: "T/M …" (or "KT. …"), the
/// title in capitals (its lines joined: a title wrapped in a narrow column
/// is one title), then the name; what follows the name is not read.
pub fn signer(lines: &[Line], f: &mut Fields) {
    let texts: Vec<String> = lines
        .iter()
        .map(Line::plain)
        .filter(|p| !p.is_empty() && !is_seal(p))
        .collect();
    let mut on_behalf = None;
    let mut title: Vec<String> = Vec::new();
    let mut name = None;
    for p in &texts {
        if on_behalf.is_none() && title.is_empty() && is_on_behalf(p) {
            on_behalf = Some(p.split_whitespace().collect::<Vec<_>>().join(" "));
        } else if is_caps(p) && (on_behalf.is_some() || title.len() < 4) && !is_name(p) {
            title.push(p.clone());
        } else if p == "kiêm" {
            title.push("KIÊM".into());
        } else if is_name(p) {
            name = Some(p.clone());
            break;
        }
    }
    let Some(name) = name.or_else(|| title.pop().map(|t| capitalise_words(&t))) else {
        return;
    };
    let title = join_lines(&title);
    f.signer = Some(Signer {
        name,
        title: (!title.is_empty()).then(|| normal_case(&title)),
        on_behalf,
    });
}

/// A person's name: two to five words, each capitalised, not all capitals.
fn is_name(p: &str) -> bool {
    let words: Vec<&str> = p.split_whitespace().collect();
    (2..=5).contains(&words.len())
        && !is_caps(p)
        && !p.ends_with(['.', ':', ';', ','])
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
}

fn capitalise_words(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let mut c = w.chars();
            c.next().map_or(String::new(), |x| {
                x.to_uppercase()
                    .chain(c.flat_map(char::to_lowercase))
                    .collect()
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}
