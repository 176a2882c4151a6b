//! Page bodies the build cache kept (`build::bodies`): everything of them
//! is in the graph but their HTML and plain text, which stand there by
//! their hashes and are made from the page's Markdown only if something
//! needs them (a page rendered again, a chunk of the search index made
//! again, a newsletter's foreword). Everything else reads a body's HTML
//! and text through [`SiteGraph::body_html`] and [`SiteGraph::body_text`].
//!
//! A build reads each body's HTML once, when its page (or, for a
//! newsletter's foreword, its issue) is rendered, and then needs it no
//! more: [`SiteGraph::read_html_once`] hands each body's HTML to its one
//! reader, so that the bodies leave memory as the pages are made rather
//! than all at the end. `serve`, which renders pages again, keeps them.

use std::sync::{Arc, Mutex, OnceLock};

use super::{Site, SiteGraph};
use crate::diagnostics::Diagnostic;
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
    /// The HTML of the bodies rendered now, each with how many readers it
    /// still has, once the build reads each once ([`SiteGraph::read_html_once`]).
    once: Option<Vec<Mutex<(u32, String)>>>,
    /// Errors met making a kept body: a page loaded unread whose file
    /// could not be read again as it was.
    failed: Mutex<Vec<Diagnostic>>,
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
            once: None,
            failed: Mutex::new(Vec::new()),
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
            if b.problems.iter().any(Diagnostic::is_error) {
                let errors = b.problems.into_iter().filter(Diagnostic::is_error);
                let mut failed = self.later.failed.lock().unwrap_or_else(|e| e.into_inner());
                failed.extend(errors);
                return (String::new(), Arc::from(""));
            }
            debug_assert_eq!(
                Some(*blake3::hash(b.html.as_bytes()).as_bytes()),
                self.later.hashes.get(i.0).map(|h| h.0)
            );
            (b.html, b.text)
        })
    }

    /// Errors met making the kept bodies asked for so far (a file changed
    /// while the site was being built): the build fails with them.
    pub(crate) fn later_failures(&self) -> Vec<Diagnostic> {
        let failed = self.later.failed.lock().unwrap_or_else(|e| e.into_inner());
        failed.clone()
    }

    /// The HTML of page `i`'s body. Read once per reader if the build said
    /// so ([`SiteGraph::read_html_once`]): the last reader takes it.
    pub(crate) fn body_html(&self, i: PageId) -> String {
        if let Some(l) = self.later.get(i) {
            return self.made(i, l).0.clone();
        }
        let Some(once) = &self.later.once else {
            return self.bodies[i.0].html.clone();
        };
        // A poisoned lock still holds the HTML: its holder only counted.
        let mut slot = once[i.0].lock().unwrap_or_else(|e| e.into_inner());
        let (readers, html) = &mut *slot;
        assert!(
            *readers > 0,
            "page body {} read more often than counted",
            i.0
        );
        *readers -= 1;
        match readers {
            0 => std::mem::take(html),
            _ => html.clone(),
        }
    }

    /// From now on, the HTML of each body rendered by this build is handed
    /// to as many readers as will ask for it, the last of whom takes it.
    /// The readers are the render stage's jobs (`render::pages::jobs`)
    /// that show a body: the page of each body, and the issue of each
    /// newsletter foreword. A body that none shows (a newsletter page of a
    /// month with no issue) is let go at once.
    pub(crate) fn read_html_once(&mut self) {
        use crate::render::pages::{self, Job};
        let mut readers = vec![0u32; self.bodies.len()];
        let issues = crate::render::newsletter::issues(self);
        for job in pages::jobs(self) {
            let shown = match job {
                Job::Page(i) => Some(i),
                Job::Issue(k) => issues[k].foreword,
                _ => None,
            };
            if let Some(i) = shown {
                readers[i.0] += 1;
            }
        }
        let once = (self.bodies.iter_mut().zip(readers))
            .map(|(b, n)| {
                let html = match n {
                    0 => String::new(),
                    _ => std::mem::take(&mut b.html),
                };
                Mutex::new((n, html))
            })
            .collect();
        self.later.once = Some(once);
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
            None => match &self.later.once {
                Some(once) => {
                    let slot = once[i.0].lock().unwrap_or_else(|e| e.into_inner());
                    *blake3::hash(slot.1.as_bytes()).as_bytes()
                }
                None => *blake3::hash(self.bodies[i.0].html.as_bytes()).as_bytes(),
            },
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

#[cfg(test)]
mod tests {
    use crate::build::{Reuse, prepare};
    use crate::config::SiteConfig;
    use crate::model::PageId;
    use crate::progress::Progress;
    use crate::test_site::{with_config, write};

    /// A material, and the foreword of the April newsletter.
    fn site() -> tempfile::TempDir {
        let dir = with_config("title = \"T\"\nbase_url = \"http://t.test/\"\n");
        let root = dir.path();
        let sections = [
            ("tai-lieu", "materials", "Tài liệu"),
            ("ban-tin", "newsletter", "Bản tin"),
        ];
        for (folder, kind, title) in sections {
            let index = format!("---\ntitle: {title}\nkind: {kind}\n---\n");
            write(root, &format!("content/{folder}/_index.md"), &index);
        }
        let material = "---\ntitle: Chuyên đề\ndate: 2026-04-02\n---\nNội dung *một*.\n";
        write(root, "content/tai-lieu/t.md", material);
        let foreword = "---\ntitle: Lời mở đầu\ndate: 2026-04-30\n---\nTháng Tư.\n";
        write(root, "content/ban-tin/2026-04.md", foreword);
        dir
    }

    #[test]
    fn each_body_is_handed_to_its_one_reader_then_let_go() {
        let dir = site();
        let config = SiteConfig::load(dir.path()).unwrap();
        let progress = Progress::hidden();
        let prepared = prepare(
            dir.path(),
            config,
            false,
            false,
            Reuse::default(),
            &progress,
        );
        let mut g = prepared.map_err(|_| "the site builds").unwrap().graph;
        let id = |url: &str| {
            let found = g.site.content.pages().find(|(_, p)| p.url == url);
            found.map(|(i, _)| i).unwrap()
        };
        let (material, foreword) = (id("tai-lieu/t/"), id("ban-tin/2026-04/"));
        let before: Vec<String> = [material, foreword].map(|i| g.body_html(i)).into();
        let hashes = [material, foreword].map(|i| g.body_html_hash(i));
        assert!(before[0].contains("<em>một</em>") && before[1].contains("Tháng Tư"));

        g.read_html_once();
        // The hash is still that of the HTML, and each reader gets it.
        assert_eq!([material, foreword].map(|i| g.body_html_hash(i)), hashes);
        assert_eq!(g.body_html(material), before[0]);
        assert_eq!(g.body_html(foreword), before[1]);
        let once = g.later.once.as_ref().unwrap();
        let left = |i: PageId| once[i.0].lock().unwrap().1.len();
        assert_eq!((left(material), left(foreword)), (0, 0), "let go once read");
        assert!(g.bodies.iter().all(|b| b.html.is_empty()));
    }
}
