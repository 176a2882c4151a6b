//! Page bodies the build cache kept (`build::bodies`): everything of them
//! is in the graph but their HTML and plain text, which stand there by
//! their hashes and are made from the page's Markdown only if something
//! needs them (a page rendered again, a chunk of the search index made
//! again, a newsletter's foreword). Everything else reads a body's HTML
//! and text through [`SiteGraph::body_html`] and [`SiteGraph::body_text`].

use std::sync::{Arc, OnceLock};

use super::{Site, SiteGraph};
use crate::model::PageId;
use crate::render::highlight::Highlighter;
use crate::render::markdown::RenderedBody;

/// How a page's body is rendered from its Markdown.
pub(crate) type RenderBody = fn(&Site, Option<&Highlighter>, PageId, &str) -> RenderedBody;

/// A kept body whose HTML and text are made when first asked for.
pub(crate) struct LaterBody {
    /// The page's Markdown.
    source: String,
    made: OnceLock<(String, Arc<str>)>,
}

impl LaterBody {
    pub(crate) fn new(source: String) -> LaterBody {
        LaterBody {
            source,
            made: OnceLock::new(),
        }
    }
}

/// blake3 of a body's HTML and of its plain text.
pub(crate) type BodyHashes = ([u8; 32], [u8; 32]);

/// The kept bodies of a build, by page, and how to make their HTML.
#[derive(Default)]
pub(crate) struct LaterBodies {
    pages: Vec<Option<LaterBody>>,
    /// The hashes of every page's body, where the body cache made them.
    hashes: Vec<BodyHashes>,
    highlighter: Option<Arc<Highlighter>>,
    render: Option<RenderBody>,
}

impl LaterBodies {
    /// The kept bodies `pages` (one per page of the site, `None` for a
    /// body rendered now), made when asked for by `render`, and the hashes
    /// of every page's body.
    pub(crate) fn new(
        pages: Vec<Option<LaterBody>>,
        hashes: Vec<BodyHashes>,
        highlighter: Option<Arc<Highlighter>>,
        render: RenderBody,
    ) -> LaterBodies {
        LaterBodies {
            pages,
            hashes,
            highlighter,
            render: Some(render),
        }
    }

    fn get(&self, i: PageId) -> Option<&LaterBody> {
        self.pages.get(i.0)?.as_ref()
    }
}

impl SiteGraph {
    /// Whether page `i`'s HTML and text are made only when asked for.
    pub(crate) fn body_is_later(&self, i: PageId) -> bool {
        self.later.get(i).is_some()
    }

    /// The HTML and text of a kept body, made now if not yet.
    fn made<'a>(&'a self, i: PageId, l: &'a LaterBody) -> &'a (String, Arc<str>) {
        l.made.get_or_init(|| {
            let render = self
                .later
                .render
                .expect("kept bodies come with their renderer");
            let hl = self.later.highlighter.as_deref();
            let b = render(&self.site, hl, i, &l.source);
            debug_assert_eq!(
                Some(*blake3::hash(b.html.as_bytes()).as_bytes()),
                self.later.hashes.get(i.0).map(|h| h.0)
            );
            (b.html, b.text)
        })
    }

    /// The HTML of page `i`'s body.
    pub(crate) fn body_html(&self, i: PageId) -> &str {
        match self.later.get(i) {
            Some(l) => &self.made(i, l).0,
            None => &self.bodies[i.0].html,
        }
    }

    /// The plain text of page `i`'s body.
    pub(crate) fn body_text(&self, i: PageId) -> Arc<str> {
        match self.later.get(i) {
            Some(l) => self.made(i, l).1.clone(),
            None => self.bodies[i.0].text.clone(),
        }
    }

    /// blake3 of the HTML of page `i`'s body.
    pub(crate) fn body_html_hash(&self, i: PageId) -> [u8; 32] {
        match self.later.hashes.get(i.0) {
            Some(h) => h.0,
            None => *blake3::hash(self.bodies[i.0].html.as_bytes()).as_bytes(),
        }
    }

    /// blake3 of the plain text of page `i`'s body.
    pub(crate) fn body_text_hash(&self, i: PageId) -> [u8; 32] {
        match self.later.hashes.get(i.0) {
            Some(h) => h.1,
            None => *blake3::hash(self.bodies[i.0].text.as_bytes()).as_bytes(),
        }
    }
}
