//! Resolving mentions and front-matter references against the site's directives.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::find::{Date, Mention};
use crate::number::{infer_type, parse_number};

/// The canonical key for a number as given: [`crate::DocNumber::key`] when
/// it parses, else the trimmed text itself.
pub fn number_key(number: &str) -> String {
    match parse_number(number) {
        Some(n) => n.key(),
        None => number.trim().to_owned(),
    }
}

/// What is known about a cited document: built from a [`Mention`], or from
/// front matter (`implements: "58-CV/TCCS"` or `{number, issuer, date}`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Query {
    /// The number's key ([`crate::DocNumber::key`]); a raw number is accepted
    /// and keyed when looked up.
    pub number_key: String,
    /// The date the citation gives, if any.
    pub date: Option<Date>,
    /// The issuer the citation names, if any ("Ban Chỉ đạo 35 Tỉnh ủy").
    pub issuer: Option<String>,
    /// The document type, when the citation shows it ("Quy định"): written
    /// before the number, or the only type the number's code stands for.
    pub type_name: Option<String>,
}

impl Query {
    /// A query for a number alone, as in `implements: "58-CV/TCCS"`.
    pub fn new(number: &str) -> Self {
        let parsed = parse_number(number);
        Query {
            number_key: parsed
                .as_ref()
                .map_or_else(|| number.trim().to_owned(), |n| n.key()),
            date: None,
            issuer: None,
            type_name: parsed.as_ref().and_then(infer_type).map(str::to_owned),
        }
    }

    /// Adds the issuer (`{number, issuer}` in front matter).
    pub fn with_issuer(mut self, issuer: impl Into<String>) -> Self {
        self.issuer = Some(issuer.into());
        self
    }

    /// Adds the date (`{number, date}` in front matter).
    pub fn with_date(mut self, date: Date) -> Self {
        self.date = Some(date);
        self
    }

    /// The query a mention in running text makes.
    pub fn from_mention(m: &Mention) -> Self {
        Query {
            number_key: m.number.key(),
            date: m.date,
            issuer: m.issuer.clone(),
            type_name: m
                .type_name
                .clone()
                .or_else(|| infer_type(&m.number).map(str::to_owned)),
        }
    }
}

impl From<&Mention> for Query {
    fn from(m: &Mention) -> Self {
        Query::from_mention(m)
    }
}

/// The outcome of resolving a reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Resolution {
    /// Exactly one directive fits: its index in the items given to the index.
    Found(usize),
    /// Several fit (indexes, ascending): the caller warns, naming them all.
    Ambiguous(Vec<usize>),
    /// The site holds no directive that fits: the mention stays text and is
    /// listed as unresolved.
    NotHeld,
}

/// One directive as given to [`DirectiveIndex::from_items`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct IndexItem {
    /// Its number's key (or the number itself: it is keyed on the way in).
    pub number_key: String,
    /// Its issuer, as in front matter.
    pub issuer: String,
    /// Its date.
    pub date: Date,
    /// Its type, as in front matter ("Quy định"), when known.
    pub type_name: Option<String>,
}

/// A directive held by a [`DirectiveIndex`], to name candidates in warnings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate<'a> {
    /// Its number's key.
    pub number_key: &'a str,
    /// Its issuer, as given.
    pub issuer: &'a str,
    /// Its date.
    pub date: Date,
    /// Its type, when given.
    pub type_name: Option<&'a str>,
}

#[derive(Debug, Clone)]
struct Entry {
    number_key: Box<str>,
    issuer: Box<str>,
    issuer_words: Vec<Box<str>>,
    date: Date,
    type_name: Option<Box<str>>,
    type_folded: Option<Box<str>>,
}

/// The site's directives, indexed by number key, for resolving references.
/// Built once; lookups cost a hash lookup plus the few directives sharing
/// the number.
#[derive(Debug, Clone)]
pub struct DirectiveIndex {
    entries: Vec<Entry>,
    by_key: HashMap<Box<str>, Vec<usize>>,
}

fn folded_words(s: &str) -> Vec<Box<str>> {
    let f = noibo_text::fold(s);
    noibo_text::words(&f).map(Box::from).collect()
}

impl DirectiveIndex {
    /// Builds the index from `(number key, issuer, date)` of every directive;
    /// indexes in [`Resolution`] count these items from 0. Numbers not yet
    /// keyed are keyed here.
    pub fn new(items: impl IntoIterator<Item = (String, String, Date)>) -> Self {
        Self::from_items(
            items
                .into_iter()
                .map(|(number_key, issuer, date)| IndexItem {
                    number_key,
                    issuer,
                    date,
                    type_name: None,
                }),
        )
    }

    /// Builds the index from items that may also carry the document type,
    /// which tells a Quyết định from a Quy định sharing a `QĐ` number.
    pub fn from_items(items: impl IntoIterator<Item = IndexItem>) -> Self {
        let mut entries = Vec::new();
        let mut by_key: HashMap<Box<str>, Vec<usize>> = HashMap::new();
        for it in items {
            let key: Box<str> = number_key(&it.number_key).into();
            by_key.entry(key.clone()).or_default().push(entries.len());
            entries.push(Entry {
                issuer_words: folded_words(&it.issuer),
                number_key: key,
                issuer: it.issuer.into(),
                date: it.date,
                type_folded: it.type_name.as_deref().map(|t| noibo_text::fold(t).into()),
                type_name: it.type_name.map(Into::into),
            });
        }
        DirectiveIndex { entries, by_key }
    }

    /// How many directives the index holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the index holds no directive.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The directive at `index`, as given to the constructor.
    pub fn get(&self, index: usize) -> Option<Candidate<'_>> {
        self.entries.get(index).map(|e| Candidate {
            number_key: &e.number_key,
            issuer: &e.issuer,
            date: e.date,
            type_name: e.type_name.as_deref(),
        })
    }

    /// Indexes of every directive with this number (raw or keyed).
    pub fn with_number(&self, number: &str) -> &[usize] {
        self.by_key
            .get(number_key(number).as_str())
            .map_or(&[], Vec::as_slice)
    }

    /// Resolves a reference made by a directive dated `citing_date` (`None`
    /// for pages without a date, which cite anything).
    ///
    /// Candidates share the number's key, then must be dated on or before the
    /// citing date, on the citation's date when it gives one, of its type when
    /// both are known, and issued by the body it names: issuers are compared
    /// on folded words and only the best-matching candidates are kept (the
    /// same name, then a name the citation begins, ...); when it names an
    /// issuer that matches none, the directive is not held. One candidate
    /// left: [`Resolution::Found`]; several: [`Resolution::Ambiguous`]; none:
    /// [`Resolution::NotHeld`].
    pub fn resolve(&self, query: &Query, citing_date: Option<Date>) -> Resolution {
        let key = number_key(&query.number_key);
        let Some(all) = self.by_key.get(key.as_str()) else {
            return Resolution::NotHeld;
        };
        let query_type = query.type_name.as_deref().map(noibo_text::fold);
        let mut cands: Vec<usize> = all
            .iter()
            .copied()
            .filter(|&i| {
                let e = &self.entries[i];
                citing_date.is_none_or(|c| e.date <= c)
                    && query.date.is_none_or(|d| e.date == d)
                    && match (&query_type, &e.type_folded) {
                        (Some(q), Some(t)) => **q == **t,
                        _ => true,
                    }
            })
            .collect();
        let mention_words = query
            .issuer
            .as_deref()
            .map(folded_words)
            .unwrap_or_default();
        if !mention_words.is_empty() && !cands.is_empty() {
            let scores: Vec<u8> = cands
                .iter()
                .map(|&i| issuer_score(&mention_words, &self.entries[i].issuer_words))
                .collect();
            let best = scores.iter().copied().max().unwrap_or(0);
            if best == 0 {
                return Resolution::NotHeld;
            }
            cands = cands
                .into_iter()
                .zip(scores)
                .filter(|&(_, s)| s == best)
                .map(|(i, _)| i)
                .collect();
        }
        match cands.len() {
            0 => Resolution::NotHeld,
            1 => Resolution::Found(cands[0]),
            _ => {
                cands.sort_unstable();
                Resolution::Ambiguous(cands)
            }
        }
    }

    /// Resolves a mention found in the running text of a page dated `citing_date`.
    pub fn resolve_mention(&self, mention: &Mention, citing_date: Option<Date>) -> Resolution {
        self.resolve(&Query::from_mention(mention), citing_date)
    }
}

fn is_prefix(short: &[Box<str>], long: &[Box<str>]) -> bool {
    short.len() <= long.len() && short.iter().zip(long).all(|(a, b)| a == b)
}

fn is_run(short: &[Box<str>], long: &[Box<str>]) -> bool {
    !short.is_empty() && long.windows(short.len()).any(|w| w == short)
}

fn is_subsequence(short: &[Box<str>], long: &[Box<str>]) -> bool {
    let mut it = long.iter();
    short.iter().all(|w| it.any(|l| l == w))
}

/// How well the issuer a citation names (`m`) fits a directive's issuer
/// (`s`), both folded words; 0 is no fit.
fn issuer_score(m: &[Box<str>], s: &[Box<str>]) -> u8 {
    if m.is_empty() || s.is_empty() {
        return 0;
    }
    if m == s {
        return 6;
    }
    // "Ban Chỉ đạo 35 Tỉnh ủy" for "Ban Chỉ đạo 35 Tỉnh ủy Thái Nguyên"
    if is_prefix(m, s) {
        return 5;
    }
    // the citation runs on past the name: "Tạp chí Cộng sản đề nghị"
    if is_prefix(s, m) {
        return 4;
    }
    if is_run(m, s) {
        return 3;
    }
    if is_subsequence(m, s) {
        return 2;
    }
    // a committee's standing body signs for it: "Ban Thường vụ Tỉnh ủy"
    for lead in [&["ban", "thuong", "vu"][..], &["thuong", "truc"][..]] {
        if m.len() > lead.len() && m.iter().zip(lead).all(|(a, b)| &**a == *b) {
            let rest = &m[lead.len()..];
            if is_prefix(rest, s) || is_prefix(s, rest) {
                return 1;
            }
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(s: &str) -> Vec<Box<str>> {
        folded_words(s)
    }

    #[test]
    fn issuer_scores() {
        let s = |a: &str, b: &str| issuer_score(&w(a), &w(b));
        assert_eq!(s("Tạp chí Cộng sản", "Tạp chí Cộng sản"), 6);
        assert_eq!(
            s(
                "Ban Chỉ đạo 35 Tỉnh ủy",
                "Ban Chỉ đạo 35 Tỉnh ủy Thái Nguyên"
            ),
            5
        );
        assert_eq!(
            s(
                "Ban Chỉ đạo 35 Tỉnh ủy",
                "Ban Chỉ đạo 35 Đảng ủy Ủy ban nhân dân tỉnh Thái Nguyên"
            ),
            0
        );
        assert_eq!(
            s(
                "Ban Chỉ đạo 35 Tỉnh ủy",
                "Ban Chỉ đạo 35 Đảng ủy Ủy ban nhân dân tỉnh"
            ),
            0
        );
        assert_eq!(s("Ban Chấp hành Trung ương", "Bộ Chính trị"), 0);
        assert_eq!(s("Bộ Chính trị", "Ban Chấp hành Trung ương"), 0);
        assert_eq!(s("BAN CHẤP HÀNH TRUNG ƯƠNG", "Ban Chấp hành Trung ương"), 6);
        assert_eq!(
            s("Ban Chấp hành Trung ương Đảng", "Ban Chấp hành Trung ương"),
            4
        );
        assert_eq!(
            s("Tỉnh ủy Thái Nguyên", "Ban Chỉ đạo 35 Tỉnh ủy Thái Nguyên"),
            3
        );
        assert_eq!(s("Ban Thường vụ Tỉnh ủy", "Tỉnh ủy Thái Nguyên"), 1);
        assert_eq!(s("Thành ủy Cần Thơ", "Tỉnh ủy Thái Nguyên"), 0);
        assert_eq!(s("uỷ ban", "ủy ban"), 6);
    }
}
