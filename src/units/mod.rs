//! Units (kind `units`, `don-vi/`) and how their names are matched where
//! content names them: directives' `recipients` and `issuer`, `tasks[].unit`,
//! and the `unit` of models, materials and media.
//!
//! A name is matched folded (case and diacritics do not matter) and with the
//! usual abbreviations written either way: "Ủy ban nhân dân" and "UBND",
//! "Ban Chỉ đạo" and "BCĐ", "Thành ủy"/"Tỉnh ủy" and "TU", "Đảng ủy" and
//! "ĐU". A unit answers to its title, its `short` name and its `aliases`.

use std::collections::HashMap;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{KindMeta, Page, PageId};

/// Phrases written out in full and their abbreviation, folded.
const ABBREVIATIONS: &[(&[&str], &str)] = &[
    (&["uy", "ban", "nhan", "dan"], "ubnd"),
    (&["ban", "chi", "dao"], "bcd"),
    (&["thanh", "uy"], "tu"),
    (&["tinh", "uy"], "tu"),
    (&["dang", "uy"], "du"),
];

/// A name ready for matching: folded words, abbreviations in their short form.
pub(crate) fn key(name: &str) -> String {
    let folded = noibo_text::fold(name);
    let words: Vec<&str> = noibo_text::words(&folded).collect();
    let mut out: Vec<&str> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        match ABBREVIATIONS
            .iter()
            .find(|(long, _)| words[i..].starts_with(long))
        {
            Some((long, short)) => {
                out.push(short);
                i += long.len();
            }
            None => {
                out.push(words[i]);
                i += 1;
            }
        }
    }
    out.join(" ")
}

/// A name of this many words or more is also found inside a longer
/// recipient line ("Các cơ quan báo chí ..., Báo và Phát thanh, Truyền hình
/// Cần Thơ"); a shorter one only as the whole line, so that "TU" is not
/// found in every line holding the word "tư".
const WORDS_TO_FIND_INSIDE: usize = 3;

/// Every unit of the site by each of its names.
#[derive(Debug, Default)]
pub(crate) struct UnitIndex {
    /// Unit pages, in content order.
    pub pages: Vec<PageId>,
    /// Key of a name → unit page.
    by_key: HashMap<String, PageId>,
    /// Every name as written, with its key, for suggestions and searching
    /// inside recipient lines, in a stable order.
    names: Vec<(String, String, PageId)>,
}

impl UnitIndex {
    /// The index of the unit pages of `pages`; two units answering to the
    /// same name is an error at the second.
    pub(crate) fn new(pages: &[Page], diags: &mut Diagnostics) -> UnitIndex {
        let mut index = UnitIndex::default();
        for (i, p) in pages.iter().enumerate() {
            let i = PageId(i);
            let KindMeta::Unit(u) = &p.front.meta else {
                continue;
            };
            index.pages.push(i);
            let names = std::iter::once(&p.front.title)
                .chain(&u.short)
                .chain(&u.aliases);
            for name in names {
                let k = key(name);
                match index.by_key.get(&k) {
                    Some(&other) if other != i => diags.push(Diagnostic::error(
                        p.file.display_path(),
                        None,
                        format!(
                            "the name `{name}` is also a name of the unit {} ({})",
                            pages[other.0].front.title,
                            pages[other.0].file.display_path().display()
                        ),
                    )),
                    Some(_) => {}
                    None => {
                        index.by_key.insert(k.clone(), i);
                        index.names.push((name.clone(), k, i));
                    }
                }
            }
        }
        index
    }

    /// The unit page that answers to `name`.
    pub(crate) fn find(&self, name: &str) -> Option<PageId> {
        self.by_key.get(&key(name)).copied()
    }

    /// The name of a unit closest to `name`, for "did you mean".
    pub(crate) fn closest(&self, name: &str) -> Option<&str> {
        let k = key(name);
        self.names
            .iter()
            .map(|(n, nk, _)| (strsim::jaro_winkler(&k, nk), n))
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, n)| n.as_str())
    }

    /// The units a recipient line names: the whole line, or long names
    /// found inside it as whole words.
    pub(crate) fn mentioned_in(&self, line: &str) -> Vec<PageId> {
        if let Some(u) = self.find(line) {
            return vec![u];
        }
        let padded = format!(" {} ", key(line));
        let mut found: Vec<PageId> = self
            .names
            .iter()
            .filter(|(_, k, _)| k.split(' ').count() >= WORDS_TO_FIND_INSIDE)
            .filter(|(_, k, _)| padded.contains(&format!(" {k} ")))
            .map(|(_, _, u)| *u)
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    /// The message for a name that is no unit's.
    pub(crate) fn unknown(&self, what: &str, name: &str) -> String {
        match self.closest(name) {
            Some(c) => format!("{what} `{name}` is not a unit of the site; did you mean `{c}`?"),
            None => format!(
                "{what} `{name}` is not a unit of the site, which has no unit pages (kind `units`, such as content/don-vi/)"
            ),
        }
    }
}

#[cfg(test)]
mod tests;
