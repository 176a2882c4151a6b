//! The ordered lists of the site graph: newest first, taxonomies and their
//! terms, series.

use std::collections::{BTreeMap, HashMap};

use super::{Taxonomy, Term};
use crate::model::{Kind, KindMeta, Page};

/// Sorts page indexes newest first; ties by title then path, for stable output.
pub(crate) fn newest_first(pages: &[Page], mut list: Vec<usize>) -> Vec<usize> {
    list.sort_by(|&a, &b| {
        let (pa, pb) = (&pages[a], &pages[b]);
        pb.front
            .date
            .cmp(&pa.front.date)
            .then_with(|| pa.front.title.cmp(&pb.front.title))
            .then_with(|| pa.url.cmp(&pb.url))
    });
    list
}

pub(super) fn build_taxonomies(pages: &[Page], newest: &[usize]) -> Vec<Taxonomy> {
    type Terms = BTreeMap<String, (String, Vec<usize>)>;
    let mut types: Terms = BTreeMap::new();
    let mut issuers: Terms = BTreeMap::new();
    let mut years: Terms = BTreeMap::new();
    let mut tags: Terms = BTreeMap::new();
    // Few names, many pages: each name is slugified once.
    let mut slugs: HashMap<String, String> = HashMap::new();
    let mut add = |map: &mut Terms, name: &str, page: usize| {
        let slug = match slugs.get(name) {
            Some(s) => s.clone(),
            None => {
                let s = noibo_text::slugify(name);
                slugs.insert(name.to_string(), s.clone());
                s
            }
        };
        if slug.is_empty() {
            return;
        }
        let e = map
            .entry(slug)
            .or_insert_with(|| (name.to_string(), Vec::new()));
        if e.1.last() != Some(&page) {
            e.1.push(page);
        }
    };
    for &i in newest {
        let p = &pages[i];
        if p.kind == Kind::Pages {
            continue;
        }
        if let Some(d) = p.front.directive() {
            add(&mut types, &d.doc_type, i);
            add(&mut issuers, &d.issuer, i);
            if let Some(date) = p.front.date {
                add(&mut years, &date.year().to_string(), i);
            }
        }
        for t in &p.front.tags {
            add(&mut tags, t, i);
        }
    }
    let to_terms = |map: Terms| {
        map.into_iter()
            .map(|(slug, (name, pages))| Term { name, slug, pages })
            .collect::<Vec<_>>()
    };
    let mut year_terms = to_terms(years);
    year_terms.reverse();
    vec![
        Taxonomy {
            key: "loai",
            terms: to_terms(types),
        },
        Taxonomy {
            key: "co-quan",
            terms: to_terms(issuers),
        },
        Taxonomy {
            key: "nam",
            terms: year_terms,
        },
        Taxonomy {
            key: "chu-de",
            terms: to_terms(tags),
        },
    ]
}

pub(super) fn build_series(pages: &[Page]) -> HashMap<usize, (Option<usize>, Option<usize>)> {
    let mut series: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, p) in pages.iter().enumerate() {
        if let KindMeta::Material(m) = &p.front.meta
            && let Some(s) = &m.series
        {
            series.entry(s.as_str()).or_default().push(i);
        }
    }
    let mut nav = HashMap::new();
    for (_, mut list) in series {
        list.sort_by_key(|&i| {
            let order = match &pages[i].front.meta {
                KindMeta::Material(m) => m.order.unwrap_or(u32::MAX),
                _ => u32::MAX,
            };
            (order, pages[i].front.date, pages[i].url.clone())
        });
        for (k, &i) in list.iter().enumerate() {
            let prev = k.checked_sub(1).map(|j| list[j]);
            nav.insert(i, (prev, list.get(k + 1).copied()));
        }
    }
    nav
}
