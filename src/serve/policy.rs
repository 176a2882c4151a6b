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
//! The search page, the 404 page and everything that depends on the theme,
//! the configuration or the set of files are not handled here: any change
//! to them makes a full rebuild.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::graph::{Relations, SiteGraph, Status, Taxonomy};
use crate::model::Page;
use crate::render::context::{self, Summary, TAXONOMY_ISSUER, TAXONOMY_TYPE};
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
    edited: &[usize],
    numbers: &BTreeSet<String>,
) -> (BTreeSet<usize>, BTreeSet<usize>) {
    let mut pages: BTreeSet<usize> = edited.iter().copied().collect();
    let mut sections = BTreeSet::new();
    if numbers.is_empty() {
        return (pages, sections);
    }
    let cites = |b: &crate::render::markdown::RenderedBody| {
        b.citations
            .iter()
            .any(|c| numbers.contains(&noibo_refs::number_key(&c.number)))
    };
    for (j, b) in g.bodies.iter().enumerate() {
        let own = identity(&g.site.content.pages[j]).is_some_and(|id| numbers.contains(&id.0));
        if own || cites(b) {
            pages.insert(j);
        }
    }
    for (s, b) in g.section_bodies.iter().enumerate() {
        if cites(b) {
            sections.insert(s);
        }
    }
    (pages, sections)
}

/// The graph before the edit, as far as the policy needs it.
pub(crate) struct Before {
    pub relations: Vec<Relations>,
    pub status: Vec<Option<Status>>,
    pub section_pages: Vec<Vec<usize>>,
    pub newest: Vec<usize>,
    pub taxonomies: Vec<Taxonomy>,
    pub series_nav: HashMap<usize, (Option<usize>, Option<usize>)>,
    /// List entries, before the edit, of every page whose own data or body
    /// changed.
    pub summaries: HashMap<usize, Summary>,
}

/// What changed besides relations, which the policy finds itself.
pub(crate) struct Changed<'a> {
    /// Pages edited.
    pub edited: &'a [usize],
    /// Pages whose rendered body is not the same as before.
    pub bodies: &'a HashSet<usize>,
    /// Sections whose rendered body is not the same as before.
    pub sections: &'a HashSet<usize>,
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
    let n = g.site.content.pages.len();
    // Pages whose entry in lists changed.
    let mut summary_changed: HashSet<usize> = before
        .summaries
        .iter()
        .filter(|(j, s)| **s != context::summary(g, **j))
        .map(|(j, _)| *j)
        .collect();
    summary_changed.extend((0..n).filter(|&j| before.status[j] != g.status[j]));

    let mut dirty_pages: HashSet<usize> = changed.edited.iter().copied().collect();
    dirty_pages.extend(changed.bodies.iter().copied());
    dirty_pages.extend((0..n).filter(|&j| {
        before.relations[j] != g.relations[j]
            || before.status[j] != g.status[j]
            || before.series_nav.get(&j) != g.series_nav.get(&j)
    }));
    for &s in &summary_changed {
        let r = &g.relations[s];
        dirty_pages.extend(r.cites.iter().chain(&r.cited_by));
        dirty_pages.extend(r.supersedes.iter().chain(&r.superseded_by));
        if let Some((prev, next)) = g.series_nav.get(&s) {
            dirty_pages.extend(prev.iter().chain(next));
        }
    }
    // A term's name is the spelling of its newest page; pages announce the
    // feeds of their issuer and type under that name.
    let old_terms = terms_by_slug(&before.taxonomies);
    for (t, tax) in g.taxonomies.iter().enumerate() {
        if tax.key != TAXONOMY_ISSUER && tax.key != TAXONOMY_TYPE {
            continue;
        }
        for term in &tax.terms {
            if let Some(old) = old_terms.get(&(t, term.slug.as_str()))
                && old.name != term.name
            {
                dirty_pages.extend(term.pages.iter().chain(&old.pages));
            }
        }
    }

    let per = g.site.config.paginate_by;
    let slice = |items: &[usize], page: usize| -> Vec<usize> {
        items[((page - 1) * per).min(items.len())..(page * per).min(items.len())].to_vec()
    };
    let touches = |items: &[usize]| items.iter().any(|j| summary_changed.contains(j));
    let all = pages::jobs(g);
    let mut paths = BTreeSet::new();
    let mut dirty = Vec::new();
    for job in all {
        let path = pages::job_path(g, &job);
        let is_dirty = !old_html.contains(&path)
            || match job {
                Job::Page(j) => dirty_pages.contains(&j),
                Job::Section { section, page, .. } => {
                    let (old, new) = (&before.section_pages[section], &g.section_pages[section]);
                    let now = slice(new, page);
                    old.len() != new.len()
                        || slice(old, page) != now
                        || touches(&now)
                        || (page == 1 && changed.sections.contains(&section))
                }
                Job::Term {
                    taxonomy,
                    term,
                    page,
                    ..
                } => {
                    let new = &g.taxonomies[taxonomy].terms[term];
                    let now = slice(&new.pages, page);
                    match old_terms.get(&(taxonomy, new.slug.as_str())) {
                        Some(old) => {
                            old.name != new.name
                                || old.pages.len() != new.pages.len()
                                || slice(&old.pages, page) != now
                                || touches(&now)
                        }
                        None => true,
                    }
                }
                Job::TaxonomyIndex(t) => {
                    term_counts(&before.taxonomies[t]) != term_counts(&g.taxonomies[t])
                }
                // An issue shows a month of pages: rendered again on any edit.
                Job::Issue(_) | Job::Issues => true,
                Job::Home => {
                    let pages = &g.site.content.pages;
                    let (old, new) = (
                        home_pages(&before.newest, pages),
                        home_pages(&g.newest, pages),
                    );
                    let counts = |sp: &[Vec<usize>]| sp.iter().map(Vec::len).collect::<Vec<_>>();
                    let root = g
                        .site
                        .content
                        .sections
                        .iter()
                        .position(|s| s.url.is_empty());
                    old != new
                        || touches(&new)
                        || counts(&before.section_pages) != counts(&g.section_pages)
                        || root.is_some_and(|r| changed.sections.contains(&r))
                }
                Job::Search | Job::NotFound => false,
            };
        if is_dirty {
            dirty.push(job);
        }
        paths.insert(path);
    }
    (dirty, paths)
}

fn terms_by_slug(taxonomies: &[Taxonomy]) -> HashMap<(usize, &str), &crate::graph::Term> {
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

fn home_pages(newest: &[usize], pages: &[Page]) -> Vec<usize> {
    pages::home_lists(newest, pages)
        .into_values()
        .flatten()
        .collect()
}
