//! The ordered lists of the site graph: newest first, taxonomies and their
//! terms, series.

use std::collections::{BTreeMap, HashMap};

use super::{Taxonomy, TaxonomyKind, Term};
use crate::model::{Kind, KindMeta, Page, PageId};

/// Sorts page indexes newest first; ties by title then path, for stable output.
pub(crate) fn newest_first(pages: &[Page], mut list: Vec<PageId>) -> Vec<PageId> {
    list.sort_by(|&a, &b| {
        let (pa, pb) = (&pages[a.0], &pages[b.0]);
        pb.front
            .date
            .cmp(&pa.front.date)
            .then_with(|| pa.front.title.cmp(&pb.front.title))
            .then_with(|| pa.url.cmp(&pb.url))
    });
    list
}

pub(super) fn build_taxonomies(pages: &[Page], newest: &[PageId]) -> Vec<Taxonomy> {
    type Terms = BTreeMap<String, (String, Vec<PageId>)>;
    let mut types: Terms = BTreeMap::new();
    let mut issuers: Terms = BTreeMap::new();
    let mut years: Terms = BTreeMap::new();
    let mut tags: Terms = BTreeMap::new();
    // Few names, many pages: each name is slugified once.
    let mut slugs: HashMap<String, String> = HashMap::new();
    let mut add = |map: &mut Terms, name: &str, page: PageId| {
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
        let p = &pages[i.0];
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
            key: TaxonomyKind::Type,
            terms: to_terms(types),
        },
        Taxonomy {
            key: TaxonomyKind::Issuer,
            terms: to_terms(issuers),
        },
        Taxonomy {
            key: TaxonomyKind::Year,
            terms: year_terms,
        },
        Taxonomy {
            key: TaxonomyKind::Tag,
            terms: to_terms(tags),
        },
    ]
}

/// Previous and next material of each material in a series.
pub(super) type SeriesNav = HashMap<PageId, (Option<PageId>, Option<PageId>)>;

pub(super) fn build_series(pages: &[Page]) -> SeriesNav {
    let mut series: BTreeMap<&str, Vec<PageId>> = BTreeMap::new();
    for (i, p) in pages.iter().enumerate() {
        if let KindMeta::Material(m) = &p.front.meta
            && let Some(s) = &m.series
        {
            series.entry(s.as_str()).or_default().push(PageId(i));
        }
    }
    let mut nav = HashMap::new();
    for (_, mut list) in series {
        list.sort_by_key(|&i| {
            let p = &pages[i.0];
            let order = match &p.front.meta {
                KindMeta::Material(m) => m.order.unwrap_or(u32::MAX),
                _ => u32::MAX,
            };
            (order, p.front.date, p.url.clone())
        });
        for (k, &i) in list.iter().enumerate() {
            let prev = k.checked_sub(1).map(|j| list[j]);
            nav.insert(i, (prev, list.get(k + 1).copied()));
        }
    }
    nav
}
