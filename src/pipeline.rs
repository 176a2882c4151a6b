//! The render stage, the one path from a resolved site to its files, used
//! by `noibo build`, by `noibo check`, by every rebuild of `noibo serve` and
//! by the tests. It makes every file of the site (or, for a rebuild of
//! edited pages, the HTML files asked for and everything derived from the
//! whole site), checks it on the way and hands each file to a [`Sink`] as
//! soon as it is made: a [`crate::output::Staging`] folder for a build,
//! memory for `serve`, nothing for `check`.
//!
//! Feeds and static files come first, so that most paths of the site are
//! known when the first page's links are checked; what the check keeps of
//! a page is a small summary, and the page itself is let go once handed on.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::build::BuildError;
use crate::cache::{Cache, PageRecord, Previous, SearchRecord};
use crate::check::{self, LinkOrigins, PageLinks};
use crate::diagnostics::{Diagnostic, Diagnostics, FatalError, line_of_body};
use crate::graph::SiteGraph;
use crate::output::{FileContent, Output, Sink};
use crate::progress::Progress;
use crate::render::fingerprint::Fingerprint;
use crate::render::pages::{self, Job};
use crate::render::theme::{self, Theme};
use crate::render::{feeds, site_files};
use noibo_search::SearchDoc;

mod search;

use search::{SearchFiles, search_index};
pub(crate) use search::{SearchFrom, search_doc_keys, write_search_index_reusing};

/// What the render stage is asked to make.
pub(crate) struct Request<'a> {
    pub(crate) graph: &'a SiteGraph,
    pub(crate) theme: &'a Theme,
    /// The site root, to place template errors.
    pub(crate) root: &'a Path,
    /// HTML files to render: all of them (`None`), or only these (a
    /// rebuild of edited pages, whose caller checks their links against
    /// the rest of the site it holds).
    pub(crate) only: Option<&'a [Job]>,
    /// Pages to index for search, if the index is to be made now.
    pub(crate) search: Option<Vec<SearchDoc>>,
    /// What the last build made, from the build cache: HTML files whose
    /// fingerprint did not change, and a search index made from the same
    /// documents, are kept if `sink` still holds them.
    pub(crate) previous: Option<&'a Previous>,
    /// The build cache, whose search store lets the search index read
    /// again only the pages that changed (`None`: build it from nothing).
    pub(crate) cache: Option<&'a Cache>,
}

/// The paths of the files made, by what made them.
#[derive(Debug, Default)]
pub(crate) struct Rendered {
    /// Every HTML file of the site (also those not rendered again).
    pub(crate) html: Vec<String>,
    /// HTML files rendered this time.
    pub(crate) rendered: Vec<String>,
    /// Feeds, sitemap, `directives.json`.
    pub(crate) derived: Vec<String>,
    /// Static files, attachments, assets.
    pub(crate) copied: Vec<String>,
    pub(crate) search: Vec<String>,
    /// Warnings found while rendering.
    pub(crate) warnings: Diagnostics,
    /// What the build cache keeps of each HTML file.
    pub(crate) pages: Vec<(String, PageRecord)>,
    /// What the build cache keeps of the search index.
    pub(crate) search_record: Option<SearchRecord>,
    /// One-line notes (a search store that could not be used).
    pub(crate) notes: Vec<String>,
    /// HTML files kept as the last build made them.
    pub(crate) kept: usize,
    /// Files of the search index kept as the last build made them.
    pub(crate) search_kept: usize,
}

impl Rendered {
    /// How many files the site has.
    pub(crate) fn files(&self) -> usize {
        self.html.len() + self.derived.len() + self.copied.len() + self.search.len()
    }
}

fn content_errors(mut diags: Diagnostics) -> BuildError {
    diags.sort();
    BuildError::Content(diags)
}

/// Runs the render stage: every file of `req` handed to `sink`, every link
/// checked (all of them when the whole site is rendered).
pub(crate) fn render(
    mut req: Request<'_>,
    sink: &dyn Sink,
    progress: &Progress,
) -> Result<Rendered, BuildError> {
    let graph = req.graph;
    let docs = req.search.take();
    let all_jobs = pages::jobs(graph);
    let html: Vec<String> = all_jobs.iter().map(|j| pages::job_path(graph, j)).collect();
    let (derived, copied) = other_files(&req, &html, sink, progress)?;
    let mut paths = HashSet::new();
    let diags = add_paths(
        &mut paths,
        html.iter()
            .chain(&derived)
            .chain(&copied)
            .map(String::as_str),
    );
    if diags.has_errors() {
        return Err(content_errors(diags));
    }
    let jobs = req.only.unwrap_or(&all_jobs);
    progress.counted("rendering pages, indexing for search", jobs.len());
    let origins = link_origins(graph);
    let (checked, search) = pages_and_search(&req, docs, jobs, sink, &paths, &origins, progress)?;
    let failed = graph.later_failures();
    if !failed.is_empty() {
        let mut diags = Diagnostics::default();
        diags.extend(failed);
        return Err(content_errors(diags));
    }
    let SearchFiles {
        paths: search,
        record: search_record,
        note: store_note,
        kept: search_kept,
    } = search;

    progress.stage("checking links");
    let mut diags = add_paths(&mut paths, search.iter().map(String::as_str));
    let previous = req.previous;
    let (rendered, pages, mut links) = settle_pages(checked, previous);
    let kept = pages.len() - rendered.len();
    let exists = |p: &str| paths.contains(p);
    if let Some(p) = previous
        && kept > 0
        && lost_targets(p, &paths, &pages)
    {
        recheck_kept(&mut links, &rendered, sink, &exists, &origins)?;
    }
    let mut problems = check::finish_links(links, &exists, &origins);
    show_source_lines(&mut problems, req.root);
    diags.extend(problems);
    if diags.has_errors() {
        return Err(content_errors(diags));
    }
    Ok(Rendered {
        html,
        rendered,
        derived,
        copied,
        search,
        warnings: diags,
        pages,
        search_record,
        notes: store_note.into_iter().collect(),
        kept,
        search_kept,
    })
}

/// Feeds, the sitemap, `directives.json`, static files and attachments,
/// handed to `sink` first; their paths, derived and copied.
fn other_files(
    req: &Request<'_>,
    html: &[String],
    sink: &dyn Sink,
    progress: &Progress,
) -> Result<(Vec<String>, Vec<String>), FatalError> {
    progress.stage("rendering feeds and lists");
    let mut other = Output::default();
    derived_files(req.graph, html, &mut other);
    let derived: Vec<String> = other.files.iter().map(|f| f.path.clone()).collect();
    let first_copied = other.files.len();
    site_files::copy_files(req.graph, req.theme, &mut other);
    let copied: Vec<String> = other.files[first_copied..]
        .iter()
        .map(|f| f.path.clone())
        .collect();
    progress.stage("writing feeds and static files");
    other
        .files
        .into_par_iter()
        .try_for_each(|f| sink.put(f.path, f.content))?;
    Ok((derived, copied))
}

/// What each HTML job gave: its path, fingerprint and, if rendered, its
/// links.
type Checked = Vec<(String, Fingerprint, Option<PageLinks>)>;

/// The HTML files of `jobs` (those not kept rendered, checked and handed
/// to `sink`) and, beside them, the search index. The search index is
/// built while pages are rendered: pages spend much of their time in the
/// file system, the index on the processor. Links to its files are checked
/// at the end, with the rest of what waited.
fn pages_and_search(
    req: &Request<'_>,
    docs: Option<Vec<SearchDoc>>,
    jobs: &[Job],
    sink: &dyn Sink,
    paths: &HashSet<&str>,
    origins: &LinkOrigins,
    progress: &Progress,
) -> Result<(Checked, SearchFiles), BuildError> {
    let (graph, previous) = (req.graph, req.previous);
    let check_links = req.only.is_none();
    let exists = |p: &str| paths.contains(p);
    let keep = |path: &str, fp: &Fingerprint| {
        previous
            .and_then(|p| p.pages.get(path))
            .is_some_and(|r| r.fingerprint == *fp)
            && sink.holds(path)
    };
    let (search, checked) = rayon::join(
        || {
            docs.map(|docs| search_index(&docs, graph, previous, req.cache, sink))
                .transpose()
        },
        || {
            pages::render_each(graph, req.theme, jobs, &keep, |path, fp, bytes| {
                progress.step();
                let Some(bytes) = bytes else {
                    return Ok((path, fp, None));
                };
                let links =
                    check_links.then(|| check::check_page_links(&path, &bytes, &exists, origins));
                sink.put(path.clone(), FileContent::Bytes(bytes))?;
                Ok((path, fp, links))
            })
        },
    );
    let checked = checked
        .map_err(|e| template_failure(&e, req.root, &graph.site.config.theme))?
        .into_iter()
        .collect::<Result<Vec<_>, FatalError>>()?;
    Ok((checked, search?.unwrap_or_default()))
}

/// The HTML files rendered, what the cache keeps of every HTML file, and
/// the links to check: those of the files rendered, and the ids of those
/// kept, which other pages' anchors may point to. The links of a kept file
/// were checked when it was made, against a site that had every path the
/// build cache lists; those it can still point to are checked again only
/// through anchors and paths that changed, which the rendered files show.
fn settle_pages(
    checked: Checked,
    previous: Option<&Previous>,
) -> (Vec<String>, Vec<(String, PageRecord)>, Vec<PageLinks>) {
    // in parallel: a kept page's ids are copied twice, for its record and
    // for the link check
    let settled: Vec<(bool, (String, PageRecord), Option<PageLinks>)> = checked
        .into_par_iter()
        .map(|(path, fingerprint, page_links)| {
            let (made, ids, links) = match page_links {
                Some(l) => (true, l.ids(), Some(l)),
                None => match previous.and_then(|p| p.pages.get(&path)) {
                    Some(r) => (false, r.ids.clone(), Some(PageLinks::kept(&path, &r.ids))),
                    // rendered without a link check (a partial rebuild)
                    None => (true, Vec::new(), None),
                },
            };
            (made, (path, PageRecord { fingerprint, ids }), links)
        })
        .collect();
    let mut rendered = Vec::new();
    let mut records = Vec::with_capacity(settled.len());
    let mut links = Vec::with_capacity(settled.len());
    for (made, record, page_links) in settled {
        if made {
            rendered.push(record.0.clone());
        }
        records.push(record);
        links.extend(page_links);
    }
    (rendered, records, links)
}

/// Whether a link of a kept HTML file may now lead nowhere: a file of the
/// last build is gone, or a page rendered again lost an id.
fn lost_targets(
    previous: &Previous,
    paths: &HashSet<&str>,
    pages: &[(String, PageRecord)],
) -> bool {
    let gone = previous
        .files
        .keys()
        .chain(previous.pages.keys())
        .any(|p| !paths.contains(p.as_str()));
    gone || pages.iter().any(|(path, now)| {
        previous.pages.get(path).is_some_and(|before| {
            before.fingerprint != now.fingerprint
                && before
                    .ids
                    .iter()
                    .any(|id| now.ids.binary_search(id).is_err())
        })
    })
}

/// Checks the links of the kept HTML files again, read back from `sink`.
fn recheck_kept(
    links: &mut [PageLinks],
    rendered: &[String],
    sink: &dyn Sink,
    exists: &(dyn Fn(&str) -> bool + Sync),
    origins: &LinkOrigins,
) -> Result<(), FatalError> {
    let rendered: HashSet<&str> = rendered.iter().map(String::as_str).collect();
    links
        .par_iter_mut()
        .filter(|l| !rendered.contains(l.page()))
        .try_for_each(|l| {
            let bytes = sink.read_back(l.page())?;
            *l = check::check_page_links(l.page(), &bytes, exists, origins);
            Ok(())
        })
}

/// Files made from the whole site graph besides pages: feeds, the
/// sitemap, `directives.json` and, if the site has units or tasks,
/// `tasks.json`.
fn derived_files(graph: &SiteGraph, html_paths: &[String], output: &mut Output) {
    // the feeds, the sitemap and the lists of directives and tasks side by
    // side: each is made from the whole site
    let (feeds, (sitemap, lists)) = rayon::join(
        || {
            let mut o = Output::default();
            feeds::render_feeds(graph, &mut o);
            crate::render::podcast::render(graph, &mut o);
            crate::render::newsletter::render_feed(graph, &mut o);
            o
        },
        || {
            rayon::join(
                || site_files::sitemap(graph, html_paths),
                || {
                    let mut o = Output::default();
                    o.add("directives.json", site_files::directives_json(graph));
                    if !graph.tasks.is_empty() {
                        o.add("tasks.json", crate::render::tasks_json::tasks_json(graph));
                    }
                    o
                },
            )
        },
    );
    output.files.extend(feeds.files);
    output.add("sitemap.xml", sitemap);
    output.files.extend(lists.files);
}

/// The message for a path that two files of the site would share.
pub(crate) const SHARED_PATH: &str = "two files of the site would be written at this path (a page and a section, or a static file and a page)";

/// Adds `paths` to the set of paths of the site's files; an error for each
/// path that two files would share.
fn add_paths<'a>(set: &mut HashSet<&'a str>, paths: impl Iterator<Item = &'a str>) -> Diagnostics {
    let mut dupes = BTreeSet::new();
    for p in paths {
        if !set.insert(p) {
            dupes.insert(p);
        }
    }
    let mut diags = Diagnostics::default();
    for d in dupes {
        diags.push(Diagnostic::error(d, None, SHARED_PATH));
    }
    diags
}

/// Where each internal link written in Markdown comes from, for messages.
pub(crate) fn link_origins(graph: &SiteGraph) -> LinkOrigins {
    let content = &graph.site.content;
    let pages = graph
        .bodies
        .iter()
        .zip(content.pages.iter().map(|p| p.file.display_path()));
    let sections = graph
        .section_bodies
        .iter()
        .zip(content.sections.iter().map(|s| s.file.display_path()));
    let mut origins = LinkOrigins::new();
    for (body, source) in pages.chain(sections) {
        for (link, pos) in &body.links {
            origins
                .entry(link.clone())
                .or_default()
                .push((source.to_path_buf(), *pos));
        }
    }
    origins
}

/// Adds to each problem placed in a content file the line it points at,
/// read from the file under `root` (a build lets the Markdown go once
/// rendered).
pub(crate) fn show_source_lines(problems: &mut [Diagnostic], root: &Path) {
    let mut files: HashMap<PathBuf, Option<String>> = HashMap::new();
    for d in problems.iter_mut().filter(|d| d.source_line.is_none()) {
        let Some(pos) = d.pos else { continue };
        let text = files
            .entry(d.path.clone())
            .or_insert_with(|| std::fs::read_to_string(root.join(&d.path)).ok());
        d.source_line = text.as_deref().and_then(|t| line_of_body(t, 1, pos.line));
    }
}

/// A template error while rendering, as a content error at its place.
fn template_failure(e: &tera::Error, root: &Path, theme_name: &str) -> BuildError {
    let sources = theme::template_sources(root, theme_name);
    let mut d = Diagnostics::default();
    d.push(theme::template_error(e, &sources, root));
    BuildError::Content(d)
}
