//! The resolve stage: from the content model and the rendered bodies to the
//! site graph — ordered lists, taxonomies, citations between directives in
//! both directions, supersession, series order.
//!
//! It happens in two steps around Markdown rendering: [`Site::new`] builds
//! what rendering needs to link (URLs, the directive index), and
//! [`Site::resolve`] builds the relations once every body has been rendered.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use noibo_refs::{DirectiveIndex, IndexItem, Query, Resolution};

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Content, Date, Kind, KindMeta, Page, RefSpec, WrittenStatus};
use crate::render::markdown::{Citation, Linker, RenderedBody};

/// Content ready to render: drafts removed, indexes built.
pub struct Site {
    pub config: SiteConfig,
    pub content: Content,
    /// Directive pages in the order given to the directive index.
    directive_pages: Vec<usize>,
    index: DirectiveIndex,
    /// Content-relative source path (`van-ban/2026/x.md`) → page.
    by_source: HashMap<String, usize>,
}

/// The three states a directive can be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    InForce,
    Superseded,
    Expired,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::InForce => "in-force",
            Status::Superseded => "superseded",
            Status::Expired => "expired",
        }
    }
}

/// A reference the site does not hold, kept as text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Unresolved {
    pub number: String,
    pub issuer: Option<String>,
    pub date: Option<String>,
}

/// Relations of one page to directives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Relations {
    /// Directives it implements or cites (front matter and running text).
    pub cites: Vec<usize>,
    /// Pages that implement or cite it.
    pub cited_by: Vec<usize>,
    pub supersedes: Vec<usize>,
    pub superseded_by: Vec<usize>,
    pub unresolved: Vec<Unresolved>,
}

/// A taxonomy term with its pages, newest first.
#[derive(Debug, Clone)]
pub struct Term {
    pub name: String,
    pub slug: String,
    pub pages: Vec<usize>,
}

/// One taxonomy: its URL folder and its terms in display order.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// `loai`, `co-quan`, `nam`, `chu-de`.
    pub key: &'static str,
    pub terms: Vec<Term>,
}

/// Everything the render stage needs.
pub struct SiteGraph {
    pub site: Site,
    pub bodies: Vec<RenderedBody>,
    pub section_bodies: Vec<RenderedBody>,
    pub relations: Vec<Relations>,
    pub status: Vec<Option<Status>>,
    /// Pages of each section (and its folders below), newest first.
    pub section_pages: Vec<Vec<usize>>,
    /// All pages, newest first.
    pub newest: Vec<usize>,
    pub taxonomies: Vec<Taxonomy>,
    /// Previous and next page of a material in its series.
    pub series_nav: HashMap<usize, (Option<usize>, Option<usize>)>,
    pub refs_resolved: usize,
    pub refs_unresolved: usize,
}

pub fn to_refs_date(d: Date) -> noibo_refs::Date {
    (d.year() as i32, d.month() as u8, d.day() as u8)
}

fn date_string(d: noibo_refs::Date) -> String {
    format!("{}/{}/{}", d.2, d.1, d.0)
}

impl Site {
    pub fn new(config: SiteConfig, mut content: Content, drafts: bool) -> Site {
        if !drafts {
            content.pages.retain(|p| !p.front.draft);
        }
        let mut directive_pages = Vec::new();
        let mut items = Vec::new();
        for (i, p) in content.pages.iter().enumerate() {
            if let (KindMeta::Directive(d), Some(date), Some(number)) = (
                &p.front.meta,
                p.front.date,
                &p.front.directive().and_then(|d| d.number.clone()),
            ) {
                directive_pages.push(i);
                items.push(IndexItem {
                    number_key: noibo_refs::number_key(number),
                    issuer: d.issuer.clone(),
                    date: to_refs_date(date),
                    type_name: Some(d.doc_type.clone()),
                });
            }
        }
        let by_source = content
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| {
                (
                    p.display_path
                        .strip_prefix("content")
                        .unwrap_or(&p.display_path)
                        .to_string_lossy()
                        .replace('\\', "/"),
                    i,
                )
            })
            .collect();
        Site {
            config,
            content,
            directive_pages,
            index: DirectiveIndex::from_items(items),
            by_source,
        }
    }

    /// Puts each page of `pages` at its place (same file, already known
    /// not to be a left-out draft), leaving the page it replaces in
    /// `pages`. The indexes are made again only if one of the pages changed
    /// what citations are resolved by: its number, issuer, date or type.
    /// Returns the site and whether its indexes are the same.
    pub fn replace_pages(mut self, pages: &mut [(usize, Page)]) -> (Site, bool) {
        let mut same = true;
        for (i, p) in pages.iter_mut() {
            same &= index_key(p) == index_key(&self.content.pages[*i])
                && p.display_path == self.content.pages[*i].display_path;
            std::mem::swap(&mut self.content.pages[*i], p);
        }
        if same {
            (self, true)
        } else {
            (Site::new(self.config, self.content, true), false)
        }
    }

    /// Path of a page's HTML file from the site root.
    pub fn page_path(&self, page: usize) -> String {
        format!("{}index.html", self.content.pages[page].url)
    }

    /// A linker for links and citations in one page's body.
    pub fn linker(&self, page: Option<usize>) -> PageLinker<'_> {
        PageLinker { site: self, page }
    }

    fn describe(&self, page: usize) -> String {
        let p = &self.content.pages[page];
        let d = p.front.directive();
        format!(
            "{} of {} ({}, {})",
            d.and_then(|d| d.number.as_deref())
                .unwrap_or(&p.front.title),
            d.map_or("", |d| d.issuer.as_str()),
            p.front
                .date
                .map(|d| date_string(to_refs_date(d)))
                .unwrap_or_default(),
            p.display_path.display()
        )
    }

    fn resolve_query(&self, q: &Query, citing: Option<Date>) -> Result<Option<usize>, Vec<usize>> {
        match self.index.resolve(q, citing.map(to_refs_date)) {
            Resolution::Found(i) => Ok(Some(self.directive_pages[i])),
            Resolution::NotHeld => Ok(None),
            Resolution::Ambiguous(list) => {
                Err(list.into_iter().map(|i| self.directive_pages[i]).collect())
            }
        }
    }

    fn ambiguity(&self, number: &str, candidates: &[usize]) -> String {
        let names: Vec<String> = candidates.iter().map(|&c| self.describe(c)).collect();
        format!(
            "reference to {number} is ambiguous: it may be {}; add the date and issuer",
            names.join("; or ")
        )
    }

    /// Resolves front matter references of page `from`.
    fn resolve_specs(
        &self,
        from: usize,
        field: &str,
        specs: &[RefSpec],
        diags: &mut Diagnostics,
        rel: &mut Relations,
    ) -> Vec<usize> {
        let page = &self.content.pages[from];
        let mut out = Vec::new();
        for spec in specs {
            let mut q = Query::new(&spec.number);
            if let Some(i) = &spec.issuer {
                q = q.with_issuer(i.clone());
            }
            if let Some(d) = spec.date {
                q = q.with_date(to_refs_date(d));
            }
            match self.resolve_query(&q, page.front.date) {
                Ok(Some(t)) if t != from => out.push(t),
                Ok(Some(_)) => diags.push(Diagnostic::error(
                    &page.display_path,
                    Some(spec.pos),
                    format!("`{field}` names this directive itself"),
                )),
                Ok(None) => {
                    diags.push(Diagnostic::warning(
                        &page.display_path,
                        Some(spec.pos),
                        format!(
                            "`{field}`: {} is not on this intranet (kept as text)",
                            spec.number
                        ),
                    ));
                    rel.unresolved.push(Unresolved {
                        number: spec.number.clone(),
                        issuer: spec.issuer.clone(),
                        date: spec.date.map(|d| date_string(to_refs_date(d))),
                    });
                }
                Err(c) => diags.push(Diagnostic::warning(
                    &page.display_path,
                    Some(spec.pos),
                    self.ambiguity(&spec.number, &c),
                )),
            }
        }
        out
    }

    /// Builds the site graph from the rendered bodies.
    pub fn resolve(
        self,
        bodies: Vec<RenderedBody>,
        section_bodies: Vec<RenderedBody>,
        diags: &mut Diagnostics,
    ) -> SiteGraph {
        self.resolve_reusing(bodies, section_bodies, diags, None)
    }

    /// [`Site::resolve`], taking what a page cites, supersedes and leaves
    /// unresolved from `reuse` (the relations of this site before some
    /// pages changed, and the pages whose front matter or body changed) for
    /// every other page. Valid only if the directive index is the same as
    /// then (see [`Site::replace_pages`]); their warnings are not repeated.
    pub fn resolve_reusing(
        self,
        bodies: Vec<RenderedBody>,
        section_bodies: Vec<RenderedBody>,
        diags: &mut Diagnostics,
        reuse: Option<(&[Relations], &HashSet<usize>)>,
    ) -> SiteGraph {
        let n = self.content.pages.len();
        let mut relations = vec![Relations::default(); n];
        let (mut resolved, mut unresolved) = (0, 0);
        for i in 0..n {
            if let Some((previous, changed)) = reuse
                && !changed.contains(&i)
            {
                let p = &previous[i];
                resolved += p.cites.len();
                unresolved += p.unresolved.len();
                relations[i] = Relations {
                    cites: p.cites.clone(),
                    supersedes: p.supersedes.clone(),
                    unresolved: p.unresolved.clone(),
                    ..Relations::default()
                };
                continue;
            }
            let page = &self.content.pages[i];
            let mut rel = std::mem::take(&mut relations[i]);
            let mut cites: Vec<usize> = match &page.front.meta {
                KindMeta::Directive(d) => {
                    let mut v = self.resolve_specs(i, "implements", &d.implements, diags, &mut rel);
                    rel.supersedes =
                        self.resolve_specs(i, "supersedes", &d.supersedes, diags, &mut rel);
                    v.extend(rel.supersedes.iter().copied());
                    v
                }
                KindMeta::Model(m) => self.resolve_specs(i, "related", &m.related, diags, &mut rel),
                _ => Vec::new(),
            };
            for c in &bodies[i].citations {
                match &c.outcome {
                    Citation::Held { target, .. } => cites.push(*target),
                    Citation::NotHeld => {
                        diags.push(Diagnostic::warning(
                            &page.display_path,
                            Some(c.pos),
                            format!("{} is not on this intranet (kept as text)", c.number),
                        ));
                        rel.unresolved.push(Unresolved {
                            number: c.number.clone(),
                            issuer: c.issuer.clone(),
                            date: c.date.map(date_string),
                        });
                    }
                    _ => {}
                }
            }
            let mut seen = BTreeSet::new();
            cites.retain(|c| *c != i && seen.insert(*c));
            resolved += cites.len();
            let mut seen_numbers = BTreeSet::new();
            rel.unresolved
                .retain(|u| seen_numbers.insert(u.number.clone()));
            // A number cited in text and in front matter counts once.
            rel.unresolved.retain(|u| {
                !cites.iter().any(|&c| {
                    self.content.pages[c]
                        .front
                        .directive()
                        .and_then(|d| d.number.as_deref())
                        == Some(u.number.as_str())
                })
            });
            unresolved += rel.unresolved.len();
            rel.cites = cites;
            relations[i] = rel;
        }
        for i in 0..n {
            for c in relations[i].cites.clone() {
                relations[c].cited_by.push(i);
            }
            for s in relations[i].supersedes.clone() {
                relations[s].superseded_by.push(i);
            }
        }
        let newest = newest_first(&self.content.pages, (0..n).collect());
        for r in &mut relations {
            r.cited_by = newest_first(&self.content.pages, std::mem::take(&mut r.cited_by));
            r.cites = newest_first(&self.content.pages, std::mem::take(&mut r.cites));
        }
        let status = (0..n)
            .map(|i| {
                self.content.pages[i].front.directive().map(|d| {
                    if !relations[i].superseded_by.is_empty() {
                        Status::Superseded
                    } else if d.status == WrittenStatus::Expired {
                        Status::Expired
                    } else {
                        Status::InForce
                    }
                })
            })
            .collect();
        let section_pages = self
            .content
            .sections
            .iter()
            .enumerate()
            .map(|(s, sec)| {
                newest
                    .iter()
                    .copied()
                    .filter(|&p| self.content.pages[p].section == s && !sec.url.is_empty())
                    .collect()
            })
            .collect();
        let taxonomies = build_taxonomies(&self.content.pages, &newest);
        let series_nav = build_series(&self.content.pages);
        SiteGraph {
            site: self,
            bodies,
            section_bodies,
            relations,
            status,
            section_pages,
            newest,
            taxonomies,
            series_nav,
            refs_resolved: resolved,
            refs_unresolved: unresolved,
        }
    }
}

/// What the directive index holds of a page.
fn index_key(p: &Page) -> Option<(&str, &str, Date, &str)> {
    match (&p.front.meta, p.front.date) {
        (KindMeta::Directive(d), Some(date)) => {
            Some((d.number.as_deref()?, &d.issuer, date, &d.doc_type))
        }
        _ => None,
    }
}

/// Sorts page indexes newest first; ties by title then path, for stable output.
pub fn newest_first(pages: &[Page], mut list: Vec<usize>) -> Vec<usize> {
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

fn build_taxonomies(pages: &[Page], newest: &[usize]) -> Vec<Taxonomy> {
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

fn build_series(pages: &[Page]) -> HashMap<usize, (Option<usize>, Option<usize>)> {
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

/// Links and citations as seen from one page (or a section body).
pub struct PageLinker<'a> {
    site: &'a Site,
    page: Option<usize>,
}

impl Linker for PageLinker<'_> {
    fn internal(&self, page_source: &str, dest: &str) -> Option<Result<String, String>> {
        if dest.is_empty() || dest.starts_with('#') || dest.starts_with("//") || has_scheme(dest) {
            return None;
        }
        let (path, anchor) = match dest.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (dest, None),
        };
        let with_anchor = |s: String| match anchor {
            Some(a) => format!("{s}#{a}"),
            None => s,
        };
        let base: Vec<&str> = if let Some(abs) = path.strip_prefix('/') {
            return Some(Ok(with_anchor(site_path(abs))));
        } else {
            page_source.split('/').collect::<Vec<_>>()[..page_source.matches('/').count()].to_vec()
        };
        if !path.ends_with(".md") {
            return None;
        }
        let mut parts = base;
        for seg in path.split('/') {
            match seg {
                "" | "." => {}
                ".." => {
                    if parts.pop().is_none() {
                        return Some(Err(format!("link `{dest}` leaves the content folder")));
                    }
                }
                s => parts.push(s),
            }
        }
        let target = parts.join("/");
        let target_index = target
            .strip_suffix(".md")
            .map(|t| format!("{t}/index.md"))
            .unwrap_or_default();
        match self
            .site
            .by_source
            .get(&target)
            .or_else(|| self.site.by_source.get(&target_index))
        {
            Some(&p) => Some(Ok(with_anchor(self.site.page_path(p)))),
            None if [&target, &target_index]
                .iter()
                .any(|t| self.site.content.unloaded.contains(t)) =>
            {
                None // the target's own errors are reported
            }
            None => {
                let section = target.strip_suffix("_index.md").map(str::to_string);
                match section.filter(|s| self.site.content.sections.iter().any(|x| &x.url == s)) {
                    Some(s) => Some(Ok(with_anchor(format!("{s}index.html")))),
                    None => Some(Err(format!(
                        "link to `{dest}`: no such page in content/ (or it is a draft)"
                    ))),
                }
            }
        }
    }

    fn citation(&self, m: &noibo_refs::Mention) -> Citation {
        let citing = self
            .page
            .and_then(|p| self.site.content.pages[p].front.date);
        match self.site.resolve_query(&Query::from_mention(m), citing) {
            Ok(Some(t)) if Some(t) == self.page => Citation::Own,
            Ok(Some(t)) => Citation::Held {
                path: self.site.page_path(t),
                target: t,
            },
            Ok(None) => Citation::NotHeld,
            Err(c) => Citation::Ambiguous(self.site.ambiguity(&m.number.raw, &c)),
        }
    }
}

fn has_scheme(s: &str) -> bool {
    match s.find(':') {
        Some(i) => {
            s[..i]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && i > 0
        }
        None => false,
    }
}

/// A site-absolute path written in Markdown (`/van-ban/`) as a path from the
/// root that works from `file://` (`van-ban/index.html`).
fn site_path(p: &str) -> String {
    if p.is_empty() || p.ends_with('/') {
        format!("{p}index.html")
    } else {
        p.to_string()
    }
}
