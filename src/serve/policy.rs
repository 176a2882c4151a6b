//! Which page bodies an edit of pages in place makes `serve` render
//! again. A page's **body** depends on its own Markdown and on the
//! directives its citations resolve to: when a directive's number, issuer,
//! date or type changes, every body that mentions its old or new number is
//! rendered again (and every directive that has that number, whose own
//! header line may stop or start being "its own number").
//!
//! Which **HTML files** an edit makes render again is not decided here:
//! the render stage compares each file's fingerprint (what its template is
//! given) with the one it was made from, for `serve` as for `noibo build`
//! (see `render::fingerprint`).

use std::collections::BTreeSet;

use crate::graph::SiteGraph;
use crate::model::{Page, PageId, SectionId};

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
