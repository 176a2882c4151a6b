//! The rebuild policy: which outputs depend on which inputs, once some pages
//! of the site were edited in place (same files, same places in the site).
//!
//! * A page's **body** depends on its own Markdown and on the directives its
//!   citations resolve to: when a directive's number, issuer, date or type
//!   changes, every body that mentions its old or new number is rendered
//!   again (and every directive that has that number, whose own header line
//!   may stop or start being "its own number").
//! * A page's **HTML** depends on its own data and body, its relations
//!   (what it cites, what cites it, supersession, its series neighbours),
//!   the list entries (summaries) of the pages in those relations, and the
//!   names of its issuer's and type's terms (their feeds' titles).
//! * A **list** (section, taxonomy term, each of its pages) depends on which
//!   pages fall on that page of the list, their summaries and the counts; a
//!   taxonomy's index on its terms' names and counts; the home page on the
//!   newest pages of each kind, their summaries, the sections' counts and
//!   the root section's body.
//!
//! Unit pages, their list, `theo-doi/` and directives that assign tasks
//! are rendered again on every edit.
//!
//! The search page, the 404 page and everything that depends on the theme,
//! the configuration or the set of files are not handled here: any change
//! to them makes a full rebuild.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::graph::{Relations, SiteGraph, Status, Taxonomy, Term};
use crate::model::{Kind, Page, PageId, SectionId};
use crate::render::context::{self, Summary};
use crate::render::pages::{self, Job};

/// What identifies a directive to citations: resolving a mention of a
/// number looks at every directive with that number, its issuer, date and
/// type.
fn identity(p: &Page) -> Option<(String, &str, Option<crate::model::Date>, &str)> {
    let d = p.front.directive()?;
    let number = d.number.as_deref()?;
    Some((
        noibo_refs::number_key(number),
        d.issuer.as_str(),
        p.front.date,
        d.doc_type.as_str(),
    ))
}

/// Number keys whose citations may resolve differently after `edits`
/// (page index, old page, new page).
pub(crate) fn changed_numbers<'a>(
    edits: impl IntoIterator<Item = (&'a Page, &'a Page)>,
) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for (old, new) in edits {
        let (a, b) = (identity(old), identity(new));
        if a != b {
            keys.extend(a.map(|x| x.0));
            keys.extend(b.map(|x| x.0));
        }
    }
    keys
}

/// Page bodies and section bodies to render again: the edited pages, and
/// every body whose citations involve one of `numbers`.
pub(crate) fn bodies_to_render(
    g: &SiteGraph,
    edited: &[PageId],
    numbers: &BTreeSet<String>,
) -> (BTreeSet<PageId>, BTreeSet<SectionId>) {
    let mut pages: BTreeSet<PageId> = edited.iter().copied().collect();
    let mut sections = BTreeSet::new();
    if numbers.is_empty() {
        return (pages, sections);
    }
    let cites = |b: &crate::render::markdown::RenderedBody| {
        b.citations
            .iter()
            .any(|c| numbers.contains(&noibo_refs::number_key(&c.number)))
    };
    for (j, page) in g.site.content.pages() {
        let own = identity(page).is_some_and(|id| numbers.contains(&id.0));
        if own || cites(g.body(j)) {
            pages.insert(j);
        }
    }
    for (s, _) in g.site.content.sections() {
        if cites(g.section_body(s)) {
            sections.insert(s);
        }
    }
    (pages, sections)
}

/// The graph before the edit, as far as the policy needs it.
pub(crate) struct Before {
    pub relations: Vec<Relations>,
    pub status: Vec<Option<Status>>,
    pub section_pages: Vec<Vec<PageId>>,
    pub newest: Vec<PageId>,
    pub taxonomies: Vec<Taxonomy>,
    pub series_nav: HashMap<PageId, (Option<PageId>, Option<PageId>)>,
    /// List entries, before the edit, of every page whose own data or body
    /// changed.
    pub summaries: HashMap<PageId, Summary>,
}

/// What changed besides relations, which the policy finds itself.
pub(crate) struct Changed<'a> {
    /// Pages edited.
    pub edited: &'a [PageId],
    /// Pages whose rendered body is not the same as before.
    pub bodies: &'a HashSet<PageId>,
    /// Sections whose rendered body is not the same as before.
    pub sections: &'a HashSet<SectionId>,
}

/// What the policy learns of an edit before it looks at the jobs.
struct Dirty<'a> {
    before: &'a Before,
    g: &'a SiteGraph,
    changed: &'a Changed<'a>,
    /// Pages whose entry in lists changed.
    summaries: HashSet<PageId>,
    /// Pages whose own HTML file must be rendered again.
    pages: HashSet<PageId>,
    old_terms: HashMap<(usize, &'a str), &'a Term>,
}

/// The HTML jobs of the new graph `g` to render again after an edit, and
/// the output paths of all its jobs. A job whose output did not exist
/// before (`old_html`) is always rendered.
pub(crate) fn dirty_jobs(
    before: &Before,
    g: &SiteGraph,
    changed: &Changed,
    old_html: &BTreeSet<String>,
) -> (Vec<Job>, BTreeSet<String>) {
    let summaries = changed_summaries(before, g);
    let old_terms = terms_by_slug(&before.taxonomies);
    let pages = dirty_pages(before, g, changed, &summaries, &old_terms);
    let d = Dirty {
        before,
        g,
        changed,
        summaries,
        pages,
        old_terms,
    };
    let mut paths = BTreeSet::new();
    let mut dirty = Vec::new();
    for job in pages::jobs(g) {
        let path = pages::job_path(g, &job);
        if !old_html.contains(&path) || d.job(&job) {
            dirty.push(job);
        }
        paths.insert(path);
    }
    (dirty, paths)
}

/// Pages whose entry in lists changed: their own data or their status.
fn changed_summaries(before: &Before, g: &SiteGraph) -> HashSet<PageId> {
    let mut out: HashSet<PageId> = before
        .summaries
        .iter()
        .filter(|(j, s)| **s != context::summary(g, **j))
        .map(|(j, _)| *j)
        .collect();
    out.extend(
        g.site
            .content
            .pages()
            .map(|(j, _)| j)
            .filter(|&j| before.status[j.0] != g.status(j)),
    );
    out
}

/// Pages whose own HTML file shows something that changed.
fn dirty_pages(
    before: &Before,
    g: &SiteGraph,
    changed: &Changed,
    summaries: &HashSet<PageId>,
    old_terms: &HashMap<(usize, &str), &Term>,
) -> HashSet<PageId> {
    let mut dirty: HashSet<PageId> = changed.edited.iter().copied().collect();
    dirty.extend(changed.bodies.iter().copied());
    dirty.extend(g.site.content.pages().map(|(j, _)| j).filter(|&j| {
        before.relations[j.0] != *g.relations(j)
            || before.status[j.0] != g.status(j)
            || before.series_nav.get(&j) != g.series_nav.get(&j)
    }));
    for &s in summaries {
        let r = g.relations(s);
        dirty.extend(r.cites.iter().chain(&r.cited_by));
        dirty.extend(r.supersedes.iter().chain(&r.superseded_by));
        if let Some((prev, next)) = g.series_nav.get(&s) {
            dirty.extend(prev.iter().chain(next));
        }
    }
    // A term's name is the spelling of its newest page; pages announce the
    // feeds of their issuer and type under that name.
    for (t, tax) in g.taxonomies.iter().enumerate() {
        if !tax.key.has_feeds() {
            continue;
        }
        for term in &tax.terms {
            if let Some(old) = old_terms.get(&(t, term.slug.as_str()))
                && old.name != term.name
            {
                dirty.extend(term.pages.iter().chain(&old.pages));
            }
        }
    }
    dirty
}

impl Dirty<'_> {
    /// The page `pager` (1-based) of a list.
    fn slice(&self, items: &[PageId], pager: usize) -> Vec<PageId> {
        let per = self.g.site.config.paginate_by;
        items[((pager - 1) * per).min(items.len())..(pager * per).min(items.len())].to_vec()
    }

    fn touches(&self, items: &[PageId]) -> bool {
        items.iter().any(|j| self.summaries.contains(j))
    }

    /// Whether the file of `job`, which existed before, must be rendered again.
    fn job(&self, job: &Job) -> bool {
        let (before, g) = (self.before, self.g);
        match *job {
            // Tasks and unit pages gather products and reports from the
            // whole site: they are rendered again on every edit.
            Job::Page(j) => self.pages.contains(&j) || g.tasks.shown_on(j),
            Job::Section { section, .. } if g.site.content.section(section).kind == Kind::Units => {
                true
            }
            Job::Section { section, pager, .. } => {
                let (old, new) = (&before.section_pages[section.0], g.section_pages(section));
                let now = self.slice(new, pager);
                old.len() != new.len()
                    || self.slice(old, pager) != now
                    || self.touches(&now)
                    || (pager == 1 && self.changed.sections.contains(&section))
            }
            Job::Term {
                taxonomy,
                term,
                pager,
                ..
            } => {
                let new = &g.taxonomies[taxonomy].terms[term];
                let now = self.slice(&new.pages, pager);
                match self.old_terms.get(&(taxonomy, new.slug.as_str())) {
                    Some(old) => {
                        old.name != new.name
                            || old.pages.len() != new.pages.len()
                            || self.slice(&old.pages, pager) != now
                            || self.touches(&now)
                    }
                    None => true,
                }
            }
            Job::TaxonomyIndex(t) => {
                term_counts(&before.taxonomies[t]) != term_counts(&g.taxonomies[t])
            }
            Job::Home => self.home(),
            Job::Tracking => true,
            // An issue shows a month of pages: rendered again on any edit.
            Job::Issue(_) | Job::Issues => true,
            Job::Search | Job::NotFound => false,
        }
    }

    fn home(&self) -> bool {
        let (before, g) = (self.before, self.g);
        let pages = &g.site.content.pages;
        let (old, new) = (
            home_pages(&before.newest, pages),
            home_pages(&g.newest, pages),
        );
        let counts = |sp: &[Vec<PageId>]| sp.iter().map(Vec::len).collect::<Vec<_>>();
        let root = g.site.content.sections().find(|(_, s)| s.url.is_empty());
        old != new
            || self.touches(&new)
            || counts(&before.section_pages) != counts(&g.section_pages)
            || root.is_some_and(|(r, _)| self.changed.sections.contains(&r))
    }
}

fn terms_by_slug(taxonomies: &[Taxonomy]) -> HashMap<(usize, &str), &Term> {
    taxonomies
        .iter()
        .enumerate()
        .flat_map(|(t, tax)| tax.terms.iter().map(move |x| ((t, x.slug.as_str()), x)))
        .collect()
}

fn term_counts(t: &Taxonomy) -> Vec<(&str, &str, usize)> {
    t.terms
        .iter()
        .map(|x| (x.slug.as_str(), x.name.as_str(), x.pages.len()))
        .collect()
}

fn home_pages(newest: &[PageId], pages: &[Page]) -> Vec<PageId> {
    pages::home_lists(newest, pages)
        .into_values()
        .flatten()
        .collect()
}
