//! Renders every HTML page of the site with the theme's templates: pages,
//! section lists, taxonomy pages, the home page, the search page and 404.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use crate::graph::SiteGraph;
use crate::model::{Kind, Page, PageId, SectionId};
use crate::render::context::{self, FeedLink, Named, pager_url, paginator, root_of};
use crate::render::fingerprint::{self, Digest, Fingerprint, JobContext};
use crate::render::theme::Theme;
use crate::render::{feeds, newsletter, tasks_view};

/// One HTML file to render, in terms of the site graph it was made from:
/// a page, a section or a taxonomy term (their indexes into the graph's
/// taxonomies), and for a paginated list its `pager` number (1-based) of
/// `total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Job {
    Page(PageId),
    Section {
        section: SectionId,
        pager: usize,
        total: usize,
    },
    Term {
        taxonomy: usize,
        term: usize,
        pager: usize,
        total: usize,
    },
    TaxonomyIndex(usize),
    /// A month's newsletter issue (index into `newsletter::issues`), and
    /// the index of issues.
    Issue(usize),
    Issues,
    Home,
    Search,
    NotFound,
    /// `theo-doi/`: open tasks.
    Tracking,
}

#[derive(Serialize)]
struct NavItem {
    title: String,
    link: String,
    /// Folder of the section: pages below it mark it current.
    prefix: String,
    kind: Kind,
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    language: &'a str,
    search: bool,
    feeds: bool,
}

/// The pages the home page lists, by kind: the newest 10 directives and
/// the newest 5 models and materials.
pub(crate) fn home_lists(newest: &[PageId], pages: &[Page]) -> BTreeMap<&'static str, Vec<PageId>> {
    let mut by_kind: BTreeMap<&'static str, Vec<PageId>> = BTreeMap::new();
    for &i in newest {
        let k = pages[i.0].kind;
        let limit = if k == Kind::Directives { 10 } else { 5 };
        let v = by_kind.entry(k.as_str()).or_default();
        if v.len() < limit && !matches!(k, Kind::Pages | Kind::Units | Kind::Newsletter) {
            v.push(i);
        }
    }
    by_kind
}

/// Every HTML file of the site, in a stable order.
pub(crate) fn jobs(g: &SiteGraph) -> Vec<Job> {
    let cfg = &g.site.config;
    let per = cfg.paginate_by;
    let mut jobs = vec![Job::Home, Job::NotFound];
    if cfg.search.enabled {
        jobs.push(Job::Search);
    }
    if !g.tasks.is_empty() {
        jobs.push(Job::Tracking);
    }
    // A newsletter foreword is shown in its month's issue, at its address.
    jobs.extend(
        g.site
            .content
            .pages()
            .filter(|(_, p)| p.kind != Kind::Newsletter)
            .map(|(id, _)| Job::Page(id)),
    );
    if newsletter::section(&g.site).is_some() {
        jobs.push(Job::Issues);
        jobs.extend((0..newsletter::issues(g).len()).map(Job::Issue));
    }
    for (s, sec) in g.site.content.sections() {
        if sec.url.is_empty() || sec.kind == Kind::Newsletter {
            continue;
        }
        // The list of units is one page, parents before their sub-units.
        let total = if sec.kind == Kind::Units {
            1
        } else {
            g.section_pages(s).len().div_ceil(per).max(1)
        };
        jobs.extend((1..=total).map(|pager| Job::Section {
            section: s,
            pager,
            total,
        }));
    }
    for (t, tax) in g.taxonomies.iter().enumerate() {
        jobs.push(Job::TaxonomyIndex(t));
        for (k, term) in tax.terms.iter().enumerate() {
            let total = term.pages.len().div_ceil(per).max(1);
            jobs.extend((1..=total).map(|pager| Job::Term {
                taxonomy: t,
                term: k,
                pager,
                total,
            }));
        }
    }
    jobs
}

/// The output path a job renders to.
pub(crate) fn job_path(g: &SiteGraph, job: &Job) -> String {
    let url = match *job {
        Job::Page(i) => g.page(i).url.clone(),
        Job::Section { section, pager, .. } => {
            pager_url(&g.site.content.section(section).url, pager)
        }
        Job::Term {
            taxonomy,
            term,
            pager,
            ..
        } => {
            let tax = &g.taxonomies[taxonomy];
            pager_url(&format!("{}/{}/", tax.key, tax.terms[term].slug), pager)
        }
        Job::TaxonomyIndex(t) => format!("{}/", g.taxonomies[t].key),
        Job::Issue(k) => newsletter::issue_url(g, &newsletter::issues(g)[k]),
        Job::Issues => newsletter::index_url(g),
        Job::Home => String::new(),
        Job::Search => "search/".to_string(),
        Job::Tracking => "theo-doi/".to_string(),
        Job::NotFound => return "404.html".to_string(),
    };
    format!("{url}index.html")
}

/// What the render stage asks of each job once its fingerprint is known:
/// whether its file, made last time from the same fingerprint, is kept as
/// it is.
pub(crate) type Keep<'a> = dyn Fn(&str, &Fingerprint) -> bool + Sync + 'a;

/// Renders the given jobs on all threads and hands each page to `done`
/// (output path, fingerprint, HTML as UTF-8 bytes, or `None` for a file
/// `keep` kept) as soon as it is rendered, so that a caller can write it
/// and let it go; returns what `done` returned, in job order.
pub(crate) fn render_each<T: Send>(
    g: &SiteGraph,
    theme: &Theme,
    jobs: &[Job],
    keep: &Keep<'_>,
    done: impl Fn(String, Fingerprint, Option<Vec<u8>>) -> T + Sync,
) -> Result<Vec<T>, tera::Error> {
    let r = Renderer::new(g, theme);
    // pieces of at most 32 jobs: the search index beside this holds a pool
    // thread, which must find pages left to render when it is freed
    jobs.par_iter()
        .with_max_len(32)
        .map(|job| {
            let (url, template, job_ctx) = r.job(job);
            let path = if *job == Job::NotFound {
                url
            } else {
                format!("{url}index.html")
            };
            let fp = job_ctx.fingerprint(template);
            if keep(&path, &fp) {
                return Ok(done(path, fp, None));
            }
            let ctx = job_ctx.into_context(&r.global);
            // Rendered as bytes: Tera writes only UTF-8, and the build
            // writes the bytes as they are, without checking them again.
            let mut html = Vec::with_capacity(16 * 1024);
            theme.tera.render_to(template, &ctx, &mut html)?;
            Ok(done(path, fp, Some(html)))
        })
        .collect()
}

/// The site-wide values every template sees, with their hash.
fn global_context(g: &SiteGraph, theme: &Theme) -> (Context, Vec<Named>, Digest) {
    let cfg = &g.site.config;
    let site = SiteView {
        title: &cfg.title,
        description: &cfg.description,
        base_url: &cfg.base_url,
        language: &cfg.language,
        search: cfg.search.enabled,
        feeds: cfg.feed.enabled,
    };
    let nav: Vec<NavItem> = g
        .site
        .content
        .sections
        .iter()
        .filter(|s| !s.url.is_empty() && s.url.matches('/').count() == 1)
        .map(|s| NavItem {
            title: s.title.clone(),
            link: format!("{}index.html", s.url),
            prefix: s.url.clone(),
            kind: s.kind,
        })
        .collect();
    let taxonomies: Vec<Named> = g
        .taxonomies
        .iter()
        .map(|t| Named {
            name: theme
                .strings
                .get(t.key.label_key())
                .cloned()
                .unwrap_or_else(|| t.key.to_string()),
            link: format!("{}/index.html", t.key),
        })
        .collect();
    let mut global = Context::new();
    global.insert("site", &site);
    global.insert("t", &theme.strings);
    global.insert("nav", &nav);
    global.insert("taxonomies", &taxonomies);
    let mut h = fingerprint::Hasher::new();
    h.update(theme.templates_key.as_bytes());
    fingerprint::feed(&mut h, &(&site, &theme.strings, &nav, &taxonomies));
    (global, taxonomies, h.finish())
}

struct Renderer<'a> {
    g: &'a SiteGraph,
    /// Each page's list entry with its hash, made when first needed.
    summaries: Vec<OnceLock<(context::Summary, Digest)>>,
    /// Each page's list entry for templates, made when a page that lists
    /// it is rendered.
    summary_values: Vec<OnceLock<Value>>,
    global: Context,
    /// Hash of `global` and the templates.
    site_hash: Digest,
    taxonomy_names: Vec<Named>,
    issues: Vec<newsletter::Issue>,
}

impl Renderer<'_> {
    fn new<'a>(g: &'a SiteGraph, theme: &Theme) -> Renderer<'a> {
        let (global, taxonomy_names, site_hash) = global_context(g, theme);
        Renderer {
            g,
            summaries: (0..g.site.content.pages.len())
                .map(|_| OnceLock::new())
                .collect(),
            summary_values: (0..g.site.content.pages.len())
                .map(|_| OnceLock::new())
                .collect(),
            global,
            site_hash,
            taxonomy_names,
            issues: newsletter::issues(g),
        }
    }

    fn base_context(&self, url: &str, feeds: Vec<FeedLink>) -> JobContext<'_> {
        let mut ctx = JobContext::new(&self.site_hash);
        ctx.insert("root", root_of(url));
        ctx.insert("current_path", format!("{url}index.html"));
        ctx.insert("feeds", feeds);
        ctx
    }

    /// Page `i`'s list entry and its hash.
    fn summary(&self, i: PageId) -> &(context::Summary, Digest) {
        self.summaries[i.0].get_or_init(|| {
            let s = context::summary(self.g, i);
            let hash = fingerprint::hash_of(&s);
            (s, hash)
        })
    }

    /// Hands the list entries of `items` to the template as `key`.
    fn insert_list<'s>(&'s self, ctx: &mut JobContext<'s>, key: &'static str, items: &[PageId]) {
        let mut h = fingerprint::Hasher::new();
        for &i in items {
            h.update(&self.summary(i).1);
        }
        let items = items.to_vec();
        let make = move || {
            let values = items.iter().map(|&i| {
                self.summary_values[i.0]
                    .get_or_init(|| Value::from_serializable(&self.summary(i).0))
                    .clone()
            });
            Value::from(values.collect::<Vec<Value>>())
        };
        ctx.insert_made(key, Box::new(make), &h.finish());
    }

    /// The page `pager` (1-based) of a list of `items`.
    fn slice<'p>(&self, items: &'p [PageId], pager: usize) -> &'p [PageId] {
        let per = self.g.site.config.paginate_by;
        &items[((pager - 1) * per).min(items.len())..(pager * per).min(items.len())]
    }

    /// The folder (or, for 404, the file) of a job, its template and its
    /// own values.
    fn job(&self, job: &Job) -> (String, &'static str, JobContext<'_>) {
        match *job {
            Job::Page(i) => self.page(i),
            Job::Section {
                section,
                pager,
                total,
            } => self.section(section, pager, total),
            Job::Term {
                taxonomy,
                term,
                pager,
                total,
            } => self.term(taxonomy, term, pager, total),
            Job::TaxonomyIndex(taxonomy) => self.taxonomy_index(taxonomy),
            Job::Issue(k) => self.issue(k),
            Job::Issues => self.issues(),
            Job::Home => self.home(),
            Job::Search => {
                let ctx = self.base_context("search/", feeds::with_site_feed(self.g, Vec::new()));
                ("search/".to_string(), "search.html", ctx)
            }
            Job::Tracking => {
                let mut ctx =
                    self.base_context("theo-doi/", feeds::with_site_feed(self.g, Vec::new()));
                ctx.insert("tracking", tasks_view::tracking(self.g));
                ("theo-doi/".to_string(), "tracking.html", ctx)
            }
            Job::NotFound => self.not_found(),
        }
    }

    /// Hands page `i`'s view to its template as `page`: its body's HTML,
    /// most of the view's bytes, goes into the fingerprint as its hash, and
    /// is put in (made, if the build cache kept the body) only when the
    /// page is rendered; so are the entries of the pages it lists, by the
    /// hashes of [`Renderer::summary`].
    fn insert_page<'s>(&'s self, ctx: &mut JobContext<'s>, i: PageId) {
        let g = self.g;
        let (view, listed) = context::page_view(g, i, self.summary(i).0.clone());
        let mut h = fingerprint::Hasher::new();
        fingerprint::feed(&mut h, &view);
        for list in listed.each() {
            h.update(&(list.len() as u64).to_le_bytes());
            for &j in list {
                h.update(&self.summary(j).1);
            }
        }
        h.update(&g.body_html_hash(i));
        let make = move || {
            let mut v = view;
            listed.fill(&mut v, |j| self.summary(j).0.clone());
            v.content = g.body_html(i);
            tera::Value::from_serializable(&v)
        };
        ctx.insert_made("page", Box::new(make), &h.finish());
    }

    fn page(&self, i: PageId) -> (String, &'static str, JobContext<'_>) {
        let g = self.g;
        let p = g.page(i);
        let mut ctx = self.base_context(&p.url, feeds::feeds_for_page(g, i));
        self.insert_page(&mut ctx, i);
        ctx.insert("tasks", tasks_view::directive_tasks(g, i));
        if let Some(unit) = tasks_view::unit_view(g, i) {
            ctx.insert("unit", unit);
        }
        let template = match p.kind {
            Kind::Directives => "directive.html",
            Kind::Models => "model.html",
            Kind::Materials => "material.html",
            Kind::Media => "media.html",
            Kind::Newsletter => "page.html",
            Kind::Pages => "page.html",
            Kind::Units => "unit.html",
        };
        (p.url.clone(), template, ctx)
    }

    fn issue(&self, k: usize) -> (String, &'static str, JobContext<'_>) {
        let g = self.g;
        let url = newsletter::issue_url(g, &self.issues[k]);
        let feeds = feeds::with_site_feed(g, newsletter::feed(g).into_iter().collect());
        let mut ctx = self.base_context(&url, feeds);
        ctx.insert("issue", newsletter::issue_view(g, &self.issues, k));
        (url, "newsletter.html", ctx)
    }

    fn issues(&self) -> (String, &'static str, JobContext<'_>) {
        let g = self.g;
        let url = newsletter::index_url(g);
        let feed = newsletter::feed(g);
        let mut ctx = self.base_context(
            &url,
            feeds::with_site_feed(g, feed.iter().cloned().collect()),
        );
        let s = newsletter::section(&g.site).expect("the newsletter has a section");
        ctx.insert("section", self.section_view(s, true, feed));
        let list: Vec<newsletter::IssueLink> = self
            .issues
            .iter()
            .rev()
            .map(|i| newsletter::issue_link(g, i))
            .collect();
        ctx.insert("issues", list);
        (url, "newsletter_index.html", ctx)
    }

    /// The heading of a list page of `section`: its text only on the first
    /// page of the list.
    fn section_view(
        &self,
        section: SectionId,
        with_text: bool,
        feed: Option<FeedLink>,
    ) -> SectionView {
        let sec = self.g.site.content.section(section);
        SectionView {
            title: sec.title.clone(),
            kind: sec.kind,
            description: sec.description.clone(),
            content: if with_text {
                self.g.section_body(section).html.clone()
            } else {
                String::new()
            },
            link: format!("{}index.html", sec.url),
            feed,
        }
    }

    fn section(
        &self,
        section: SectionId,
        pager: usize,
        total: usize,
    ) -> (String, &'static str, JobContext<'_>) {
        let g = self.g;
        let sec = g.site.content.section(section);
        let url = pager_url(&sec.url, pager);
        let mut ctx = self.base_context(&url, feeds::feeds_for_section(g, section));
        let items = g.section_pages(section);
        let view = self.section_view(section, pager == 1, feeds::section_feed(g, section));
        ctx.insert("section", view);
        self.insert_list(&mut ctx, "pages", self.slice(items, pager));
        ctx.insert("paginator", paginator(&sec.url, pager, total, items.len()));
        if sec.kind == Kind::Units {
            ctx.insert("units", tasks_view::unit_list(g));
            (url, "units.html", ctx)
        } else {
            (url, "section.html", ctx)
        }
    }

    fn term(
        &self,
        taxonomy: usize,
        term: usize,
        pager: usize,
        total: usize,
    ) -> (String, &'static str, JobContext<'_>) {
        let g = self.g;
        let tax = &g.taxonomies[taxonomy];
        let t = &tax.terms[term];
        let base = format!("{}/{}/", tax.key, t.slug);
        let url = pager_url(&base, pager);
        let feed = feeds::term_feed(g, tax.key, t);
        let mut ctx = self.base_context(
            &url,
            feeds::with_site_feed(g, feed.iter().cloned().collect()),
        );
        ctx.insert("taxonomy", &self.taxonomy_names[taxonomy]);
        ctx.insert(
            "term",
            TermView {
                name: t.name.clone(),
                link: format!("{base}index.html"),
                count: t.pages.len(),
                feed,
            },
        );
        self.insert_list(&mut ctx, "pages", self.slice(&t.pages, pager));
        ctx.insert("paginator", paginator(&base, pager, total, t.pages.len()));
        (url, "taxonomy_term.html", ctx)
    }

    fn taxonomy_index(&self, taxonomy: usize) -> (String, &'static str, JobContext<'_>) {
        let tax = &self.g.taxonomies[taxonomy];
        let url = format!("{}/", tax.key);
        let mut ctx = self.base_context(&url, feeds::with_site_feed(self.g, Vec::new()));
        ctx.insert("taxonomy", &self.taxonomy_names[taxonomy]);
        let terms: Vec<TermView> = tax
            .terms
            .iter()
            .map(|t| TermView {
                name: t.name.clone(),
                link: format!("{}/{}/index.html", tax.key, t.slug),
                count: t.pages.len(),
                feed: None,
            })
            .collect();
        ctx.insert("terms", terms);
        (url, "taxonomy.html", ctx)
    }

    fn home(&self) -> (String, &'static str, JobContext<'_>) {
        let g = self.g;
        let mut ctx = self.base_context("", feeds::with_site_feed(g, Vec::new()));
        for (k, v) in home_lists(&g.newest, &g.site.content.pages) {
            self.insert_list(&mut ctx, k, &v);
        }
        let home = g
            .site
            .content
            .sections()
            .find(|(_, s)| s.url.is_empty())
            .map(|(id, s)| (s.title.clone(), g.section_body(id).html.clone()));
        ctx.insert(
            "home_title",
            home.as_ref().map(|h| h.0.clone()).unwrap_or_default(),
        );
        ctx.insert("home_content", home.map(|h| h.1).unwrap_or_default());
        let sections: Vec<SectionLink> = g
            .site
            .content
            .sections()
            .filter(|(_, s)| !s.url.is_empty())
            .map(|(k, s)| SectionLink {
                title: s.title.clone(),
                link: format!("{}index.html", s.url),
                kind: s.kind,
                count: g.section_pages(k).len(),
            })
            .collect();
        ctx.insert("sections", sections);
        (String::new(), "index.html", ctx)
    }

    /// Served for any missing path, so links are absolute from base_url.
    fn not_found(&self) -> (String, &'static str, JobContext<'_>) {
        let mut ctx = JobContext::new(&self.site_hash);
        ctx.insert("root", &self.g.site.config.base_url);
        ctx.insert("current_path", "404.html");
        ctx.insert("feeds", Vec::<FeedLink>::new());
        ("404.html".to_string(), "404.html", ctx)
    }
}

#[derive(Serialize)]
struct SectionView {
    title: String,
    kind: Kind,
    description: Option<String>,
    content: String,
    link: String,
    feed: Option<FeedLink>,
}

#[derive(Serialize)]
struct SectionLink {
    title: String,
    link: String,
    kind: Kind,
    count: usize,
}

#[derive(Serialize)]
struct TermView {
    name: String,
    link: String,
    count: usize,
    feed: Option<FeedLink>,
}
