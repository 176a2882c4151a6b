//! The resolve stage: from the content model and the rendered bodies to the
//! site graph — ordered lists, taxonomies, citations between directives in
//! both directions, supersession, series order.
//!
//! It happens in two steps around Markdown rendering: [`Site::new`] builds
//! what rendering needs to link (URLs, the directive index), and
//! [`Site::resolve`] builds the relations once every body has been rendered.

use std::collections::{BTreeSet, HashMap, HashSet};

use rayon::prelude::*;

use noibo_refs::{DirectiveIndex, Query, Resolution};

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::field::Field;
use crate::model::{Content, Date, KindMeta, Page, PageId, RefSpec, SectionId, WrittenStatus};
use crate::render::markdown::{Citation, RenderedBody};

mod later;
mod linker;
mod lists;

pub(crate) use later::{LaterBodies, LaterBody};

pub(crate) use linker::PageLinker;
pub(crate) use lists::newest_first;
use lists::{build_series, build_taxonomies};

/// Content ready to render: drafts removed, indexes built.
pub(crate) struct Site {
    pub config: SiteConfig,
    pub content: Content,
    /// Directive pages in the order given to the directive index.
    directive_pages: Vec<PageId>,
    index: DirectiveIndex,
    /// Content-relative source path (`van-ban/2026/x.md`) → page.
    by_source: HashMap<String, PageId>,
    /// The site's images, read by `images::scan` before bodies are rendered.
    pub images: crate::images::Images,
}

/// The three states a directive can be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Status {
    InForce,
    Superseded,
    Expired,
}

impl Status {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Status::InForce => "in-force",
            Status::Superseded => "superseded",
            Status::Expired => "expired",
        }
    }
}

/// A reference the site does not hold, kept as text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Unresolved {
    pub number: String,
    pub issuer: Option<String>,
    pub date: Option<String>,
}

/// Relations of one page to directives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Relations {
    /// Directives it implements or cites (front matter and running text).
    pub cites: Vec<PageId>,
    /// Pages that implement or cite it.
    pub cited_by: Vec<PageId>,
    pub supersedes: Vec<PageId>,
    pub superseded_by: Vec<PageId>,
    pub unresolved: Vec<Unresolved>,
}

/// A taxonomy term with its pages, newest first.
#[derive(Debug, Clone)]
pub(crate) struct Term {
    pub name: String,
    pub slug: String,
    pub pages: Vec<PageId>,
}

/// The taxonomies of the site: what each one groups pages by, its URL
/// folder, the theme string that names it, and whether its terms have
/// feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum TaxonomyKind {
    /// Type of document (`loai`).
    Type,
    /// Issuing body (`co-quan`).
    Issuer,
    /// Year of issue (`nam`).
    Year,
    /// Tags (`chu-de`).
    Tag,
}

impl TaxonomyKind {
    /// Its folder in the site's URLs.
    pub(crate) fn slug(self) -> &'static str {
        match self {
            TaxonomyKind::Type => "loai",
            TaxonomyKind::Issuer => "co-quan",
            TaxonomyKind::Year => "nam",
            TaxonomyKind::Tag => "chu-de",
        }
    }

    /// The key of its name in the theme's `strings.toml`.
    pub(crate) fn label_key(self) -> &'static str {
        match self {
            TaxonomyKind::Type => "taxonomy_type",
            TaxonomyKind::Issuer => "taxonomy_issuer",
            TaxonomyKind::Year => "taxonomy_year",
            TaxonomyKind::Tag => "taxonomy_tag",
        }
    }

    /// Whether each of its terms has an RSS feed (issuers and types do).
    pub(crate) fn has_feeds(self) -> bool {
        matches!(self, TaxonomyKind::Type | TaxonomyKind::Issuer)
    }
}

/// Written as its URL folder.
impl std::fmt::Display for TaxonomyKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.slug())
    }
}

/// One taxonomy: its kind and its terms in display order.
#[derive(Debug, Clone)]
pub(crate) struct Taxonomy {
    pub key: TaxonomyKind,
    pub terms: Vec<Term>,
}

/// Everything the render stage needs.
pub(crate) struct SiteGraph {
    pub site: Site,
    pub bodies: Vec<RenderedBody>,
    pub section_bodies: Vec<RenderedBody>,
    pub relations: Vec<Relations>,
    pub status: Vec<Option<Status>>,
    /// Pages of each section (and its folders below), newest first.
    pub section_pages: Vec<Vec<PageId>>,
    /// All pages, newest first.
    pub newest: Vec<PageId>,
    pub taxonomies: Vec<Taxonomy>,
    /// Previous and next page of a material in its series.
    pub series_nav: HashMap<PageId, (Option<PageId>, Option<PageId>)>,
    pub refs_resolved: usize,
    pub refs_unresolved: usize,
    /// Units and the tasks assigned to them.
    pub tasks: crate::tasks::Tasks,
    /// Bodies kept by the build cache, whose HTML and text are made only
    /// when asked for (`body_html`, `body_text`).
    pub later: LaterBodies,
}

impl SiteGraph {
    /// What a build needs once every file is made: the site and the counts
    /// of references resolved and not; bodies and lists are let go.
    pub(crate) fn into_site(self) -> (Site, usize, usize) {
        (self.site, self.refs_resolved, self.refs_unresolved)
    }

    pub(crate) fn page(&self, id: PageId) -> &Page {
        self.site.content.page(id)
    }

    /// The rendered body of a page; its HTML and text are those of
    /// [`SiteGraph::body_html`] and [`SiteGraph::body_text`] only if the
    /// body was rendered by this build.
    pub(crate) fn body(&self, id: PageId) -> &RenderedBody {
        &self.bodies[id.0]
    }

    /// The rendered body of a section's `_index.md`.
    pub(crate) fn section_body(&self, id: SectionId) -> &RenderedBody {
        &self.section_bodies[id.0]
    }

    pub(crate) fn relations(&self, id: PageId) -> &Relations {
        &self.relations[id.0]
    }

    pub(crate) fn status(&self, id: PageId) -> Option<Status> {
        self.status[id.0]
    }

    /// Pages a section lists, newest first.
    pub(crate) fn section_pages(&self, id: SectionId) -> &[PageId] {
        &self.section_pages[id.0]
    }
}

pub(crate) fn to_refs_date(d: Date) -> noibo_refs::Date {
    (d.year() as i32, d.month() as u8, d.day() as u8)
}

fn date_string(d: noibo_refs::Date) -> String {
    format!("{}/{}/{}", d.2, d.1, d.0)
}

impl Site {
    pub(crate) fn new(config: SiteConfig, mut content: Content, drafts: bool) -> Site {
        if !drafts {
            content.pages.retain(|p| !p.front.draft);
        }
        // the index of directives beside the table of sources
        let ((directive_pages, index), by_source) = rayon::join(
            || linker::directive_index(&content),
            || {
                content
                    .pages()
                    .map(|(i, p)| (p.file.content_path().to_string(), i))
                    .collect()
            },
        );
        Site {
            config,
            content,
            directive_pages,
            index,
            by_source,
            images: Default::default(),
        }
    }

    /// Puts each page of `pages` at its place (same file, already known
    /// not to be a left-out draft), leaving the page it replaces in
    /// `pages`. The indexes are made again only if one of the pages changed
    /// what citations are resolved by: its number, issuer, date or type.
    /// Returns the site and whether its indexes are the same.
    pub(crate) fn replace_pages(mut self, pages: &mut [(PageId, Page)]) -> (Site, bool) {
        let mut same = true;
        for (i, p) in pages.iter_mut() {
            let old = self.content.page(*i);
            same &=
                index_key(p) == index_key(old) && p.file.display_path() == old.file.display_path();
            std::mem::swap(&mut self.content.pages[i.0], p);
        }
        if same {
            (self, true)
        } else {
            let images = std::mem::take(&mut self.images);
            let mut site = Site::new(self.config, self.content, true);
            site.images = images;
            (site, false)
        }
    }

    /// The page whose source is `path` from `content/` (`mo-hinh/x.md`).
    pub(crate) fn page_by_source(&self, path: &str) -> Option<PageId> {
        self.by_source.get(path.trim_start_matches('/')).copied()
    }

    /// Path of a page's HTML file from the site root.
    pub(crate) fn page_path(&self, page: PageId) -> String {
        format!("{}index.html", self.content.page(page).url)
    }

    /// A linker for links and citations in one page's body.
    pub(crate) fn linker(&self, page: Option<PageId>) -> PageLinker<'_> {
        PageLinker { site: self, page }
    }

    fn describe(&self, page: PageId) -> String {
        let p = self.content.page(page);
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
            p.file.display_path().display()
        )
    }

    fn resolve_query(
        &self,
        q: &Query,
        citing: Option<Date>,
    ) -> Result<Option<PageId>, Vec<PageId>> {
        match self.index.resolve(q, citing.map(to_refs_date)) {
            Resolution::Found(i) => Ok(Some(self.directive_pages[i])),
            Resolution::NotHeld => Ok(None),
            Resolution::Ambiguous(list) => {
                Err(list.into_iter().map(|i| self.directive_pages[i]).collect())
            }
        }
    }

    fn ambiguity(&self, number: &str, candidates: &[PageId]) -> String {
        let names: Vec<String> = candidates.iter().map(|&c| self.describe(c)).collect();
        format!(
            "reference to {number} is ambiguous: it may be {}; add the date and issuer",
            names.join("; or ")
        )
    }

    /// Resolves front matter references of page `from`.
    fn resolve_specs(
        &self,
        from: PageId,
        field: Field,
        specs: &[RefSpec],
        diags: &mut Diagnostics,
        rel: &mut Relations,
    ) -> Vec<PageId> {
        let page = self.content.page(from);
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
                    page.file.display_path(),
                    Some(spec.pos),
                    format!("`{field}` names this directive itself"),
                )),
                Ok(None) => {
                    diags.push(Diagnostic::warning(
                        page.file.display_path(),
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
                    page.file.display_path(),
                    Some(spec.pos),
                    self.ambiguity(&spec.number, &c),
                )),
            }
        }
        out
    }

    /// Builds the site graph from the rendered bodies.
    pub(crate) fn resolve(
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
    pub(crate) fn resolve_reusing(
        self,
        bodies: Vec<RenderedBody>,
        section_bodies: Vec<RenderedBody>,
        diags: &mut Diagnostics,
        reuse: Option<(&[Relations], &HashSet<PageId>)>,
    ) -> SiteGraph {
        let n = self.content.pages.len();
        // each page on its own, its warnings kept in page order
        let each: Vec<(Relations, Diagnostics)> = (0..n)
            .into_par_iter()
            .map(|i| {
                let (id, mut found) = (PageId(i), Diagnostics::default());
                let rel = match reuse {
                    Some((previous, changed)) if !changed.contains(&id) => {
                        reused_relations(&previous[i])
                    }
                    _ => self.page_relations(id, self.content.page(id), &bodies[i], &mut found),
                };
                (rel, found)
            })
            .collect();
        let mut relations = Vec::with_capacity(n);
        let (mut resolved, mut unresolved) = (0, 0);
        for (rel, found) in each {
            resolved += rel.cites.len();
            unresolved += rel.unresolved.len();
            relations.push(rel);
            diags.extend(found.into_vec());
        }
        link_back(&mut relations);
        let pages = &self.content.pages;
        let newest = newest_first(pages, (0..n).map(PageId).collect());
        relations.par_iter_mut().for_each(|r| {
            r.cited_by = newest_first(pages, std::mem::take(&mut r.cited_by));
            r.cites = newest_first(pages, std::mem::take(&mut r.cites));
        });
        let mut task_diags = Diagnostics::default();
        let ((status, section_pages), (tasks, (taxonomies, series_nav))) = rayon::join(
            || (self.statuses(&relations), self.section_pages(&newest)),
            || {
                let tasks = crate::tasks::resolve(pages, &relations, &newest, &mut task_diags);
                (
                    tasks,
                    rayon::join(|| build_taxonomies(pages, &newest), || build_series(pages)),
                )
            },
        );
        diags.extend(task_diags.into_vec());
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
            tasks,
            later: LaterBodies::default(),
        }
    }

    /// What one page cites, supersedes and leaves unresolved, from its front
    /// matter and the citations of its body; warns of what it cannot find.
    fn page_relations(
        &self,
        id: PageId,
        page: &Page,
        body: &RenderedBody,
        diags: &mut Diagnostics,
    ) -> Relations {
        let mut rel = Relations::default();
        let mut cites: Vec<PageId> = match &page.front.meta {
            KindMeta::Directive(d) => {
                let mut v =
                    self.resolve_specs(id, Field::Implements, &d.implements, diags, &mut rel);
                rel.supersedes =
                    self.resolve_specs(id, Field::Supersedes, &d.supersedes, diags, &mut rel);
                v.extend(rel.supersedes.iter().copied());
                v
            }
            KindMeta::Model(m) => {
                self.resolve_specs(id, Field::Related, &m.related, diags, &mut rel)
            }
            _ => Vec::new(),
        };
        for c in &body.citations {
            match &c.outcome {
                Citation::Held { target, .. } => cites.push(*target),
                Citation::NotHeld => {
                    diags.push(Diagnostic::warning(
                        page.file.display_path(),
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
        cites.retain(|c| *c != id && seen.insert(*c));
        let mut seen_numbers = BTreeSet::new();
        rel.unresolved
            .retain(|u| seen_numbers.insert(u.number.clone()));
        // A number cited in text and in front matter counts once.
        rel.unresolved.retain(|u| {
            !cites.iter().any(|&c| {
                self.content
                    .page(c)
                    .front
                    .directive()
                    .and_then(|d| d.number.as_deref())
                    == Some(u.number.as_str())
            })
        });
        rel.cites = cites;
        rel
    }

    /// Each directive's status: superseded if a page supersedes it, else
    /// what its front matter says.
    fn statuses(&self, relations: &[Relations]) -> Vec<Option<Status>> {
        self.content
            .pages
            .iter()
            .zip(relations)
            .map(|(page, rel)| {
                page.front.directive().map(|d| {
                    if !rel.superseded_by.is_empty() {
                        Status::Superseded
                    } else if d.status == WrittenStatus::Expired {
                        Status::Expired
                    } else {
                        Status::InForce
                    }
                })
            })
            .collect()
    }

    /// The pages each section lists, newest first.
    fn section_pages(&self, newest: &[PageId]) -> Vec<Vec<PageId>> {
        self.content
            .sections()
            .map(|(s, sec)| {
                newest
                    .iter()
                    .copied()
                    // A section lists every page below it, those of its
                    // own nested sections included.
                    .filter(|&p| {
                        let page = self.content.page(p);
                        !sec.url.is_empty() && (page.section == s || page.url.starts_with(&sec.url))
                    })
                    .collect()
            })
            .collect()
    }
}

/// What an unchanged page cites, supersedes and leaves unresolved, as it
/// was; who cites it is found again.
fn reused_relations(p: &Relations) -> Relations {
    Relations {
        cites: p.cites.clone(),
        supersedes: p.supersedes.clone(),
        unresolved: p.unresolved.clone(),
        ..Relations::default()
    }
}

/// Fills in who cites and who supersedes each page.
fn link_back(relations: &mut [Relations]) {
    for i in 0..relations.len() {
        for c in relations[i].cites.clone() {
            relations[c.0].cited_by.push(PageId(i));
        }
        for s in relations[i].supersedes.clone() {
            relations[s.0].superseded_by.push(PageId(i));
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
