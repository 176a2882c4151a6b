//! The build pipeline, stage by stage:
//!
//! 1. **load** (`load`): walk `content/`, read files, parse front matter;
//! 2. **render bodies** (`render::markdown`): Markdown to HTML, citations found;
//! 3. **resolve** (`graph`): lists, taxonomies, links between directives;
//! 4. **render** (`render::pages`, `feeds`, `site_files`): every file of
//!    the site, pages last;
//! 5. **check** (`check`): links and anchors of every page, read as it is
//!    rendered, anchors across pages once all are known;
//! 6. **write** (`output`): each file written into a temporary folder as
//!    soon as it is made, swapped into `output_dir` only if all went well.
//!
//! Every stage reports all the problems it finds; the build stops after the
//! first stage that found errors, before anything is written.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::check::{self, LinkOrigins};
use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics, FatalError};
use crate::graph::{Site, SiteGraph};
use crate::model::Page;
use crate::output::{self, FileContent, Output, Staging};
use crate::progress::Progress;
use crate::render::highlight::Highlighter;
use crate::render::markdown::{self, MarkdownOptions, RenderedBody, Source};
use crate::render::theme::{self, Theme};
use crate::render::{context, feeds, pages, podcast, site_files};
use noibo_search::SearchDoc;

/// What the user asked for.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// `noibo check`: run every check, write nothing.
    pub check_only: bool,
    /// Measure how long each stage takes (`--timings`).
    pub timings: bool,
}

/// How a build ended well.
#[derive(Debug)]
pub struct BuildReport {
    pub pages: usize,
    pub files: usize,
    pub unchanged: usize,
    pub refs_resolved: usize,
    pub refs_unresolved: usize,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
    pub output_dir: Option<PathBuf>,
    /// Each stage and how long it took, if timings were asked for.
    pub timings: Vec<(&'static str, Duration)>,
}

/// How a build failed: content errors (exit 1) or a fatal problem (exit 2).
#[derive(Debug)]
pub enum BuildError {
    Content(Diagnostics),
    Fatal(FatalError),
}

impl From<FatalError> for BuildError {
    fn from(e: FatalError) -> Self {
        BuildError::Fatal(e)
    }
}

/// Loads the configuration with command-line overrides applied.
pub fn load_config(opts: &BuildOptions) -> Result<SiteConfig, BuildError> {
    let mut config = SiteConfig::load(&opts.root)
        // Printed after "error: " like every fatal error.
        .map_err(|d| BuildError::Fatal(FatalError::new(d.unlabelled())))?;
    if let Some(url) = &opts.base_url {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(BuildError::Fatal(FatalError::new(format!(
                "--base-url must be an absolute http(s) address, not `{url}`"
            ))));
        }
        let mut url = url.clone();
        if !url.ends_with('/') {
            url.push('/');
        }
        config.base_url = url;
    }
    if let Some(out) = &opts.output {
        config.output_dir = out.clone();
    }
    Ok(config)
}

/// Runs the whole pipeline. Pages are written as they are rendered, into a
/// temporary folder swapped in at the end if no problem was found.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildError> {
    let start = Instant::now();
    let config = load_config(opts)?;
    let out_dir = if opts.check_only {
        None
    } else {
        Some(output::checked_output_dir(&opts.root, &config.output_dir)?)
    };
    let progress = Progress::on_terminal();
    let progress = if opts.timings {
        progress.timed()
    } else {
        progress
    };
    let mut prepared = prepare(&opts.root, config, opts.drafts, &progress)?;
    let search_docs = prepared.take_search_docs();
    let staging = out_dir.as_deref().map(Staging::begin).transpose()?;
    let (written, mut diags) = render_to(
        &prepared,
        search_docs,
        &opts.root,
        staging.as_ref(),
        &progress,
    )?;
    let graph = prepared.graph;
    diags.extend(prepared.diags.into_vec());
    let mut stats = output::WriteStats::default();
    if let Some(staging) = staging {
        progress.stage("writing");
        stats = staging.commit()?;
    }
    progress.finish();
    diags.sort();
    Ok(BuildReport {
        pages: written.pages,
        files: written.files,
        unchanged: stats.unchanged,
        refs_resolved: graph.refs_resolved,
        refs_unresolved: graph.refs_unresolved,
        warnings: diags.into_vec(),
        elapsed: start.elapsed(),
        output_dir: out_dir,
        timings: progress.timings(),
    })
}

/// How many files a build made.
struct Written {
    pages: usize,
    files: usize,
}

/// Stages 4 and 5 of `build`: every file of the site, written to `staging`
/// (if any) as soon as it is made and checked on the way. Feeds and static
/// files come first, so that most paths of the site are known when the
/// first page's links are checked; what the check keeps of a page is a
/// small summary, and the page itself is let go once written.
fn render_to(
    prepared: &Prepared,
    search_docs: Option<Vec<SearchDoc>>,
    root: &Path,
    staging: Option<&Staging>,
    progress: &Progress,
) -> Result<(Written, Diagnostics), BuildError> {
    let graph = &prepared.graph;
    let jobs = pages::jobs(graph);
    let html_paths: Vec<String> = jobs.iter().map(|j| pages::job_path(graph, j)).collect();
    progress.stage("rendering feeds and lists");
    let mut other = Output::default();
    render_derived(graph, &html_paths, &mut other);
    site_files::copy_files(graph, &prepared.theme, &mut other);
    let other_paths: Vec<String> = other.files.iter().map(|f| f.path.clone()).collect();
    let mut paths = HashSet::new();
    let mut diags = add_paths(
        &mut paths,
        html_paths.iter().chain(&other_paths).map(String::as_str),
    );
    if diags.has_errors() {
        diags.sort();
        return Err(BuildError::Content(diags));
    }
    if let Some(staging) = staging {
        progress.stage("writing feeds and static files");
        other
            .files
            .par_iter()
            .try_for_each(|f| staging.put(&f.path, &f.content))?;
    }
    drop(other);

    // The search index is built while pages are rendered: pages spend much
    // of their time in the file system, the index on the processor. Links
    // to its files are checked at the end, with the rest of what waited.
    progress.counted("rendering pages, indexing for search", jobs.len());
    let origins = link_origins(graph);
    let exists = |p: &str| paths.contains(p);
    let (search_paths, checked) = rayon::join(
        || {
            search_docs
                .map(|docs| write_search_index(&docs, staging))
                .transpose()
        },
        || {
            pages::render_each(graph, &prepared.theme, &jobs, |path, html| {
                let links = check::check_page_links(&path, &html, &exists, &origins);
                let wrote = staging.map_or(Ok(()), |s| s.put(&path, &FileContent::Bytes(html)));
                progress.step();
                wrote.map(|()| links)
            })
        },
    );
    let checked = checked
        .map_err(|e| template_failure(&e, root, &graph.site.config.theme))?
        .into_iter()
        .collect::<Result<Vec<_>, FatalError>>()?;
    let search_paths = search_paths?.unwrap_or_default();

    progress.stage("checking links");
    diags.extend(add_paths(&mut paths, search_paths.iter().map(String::as_str)).into_vec());
    diags.extend(check::finish_links(
        checked,
        &|p| paths.contains(p),
        &origins,
    ));
    if diags.has_errors() {
        diags.sort();
        return Err(BuildError::Content(diags));
    }
    let files = paths.len();
    Ok((
        Written {
            pages: html_paths.len(),
            files,
        },
        diags,
    ))
}

/// Builds the search index of `docs`, writing each file to `staging` (if
/// any) soon after it is made, a batch at a time on every thread, so the
/// index is never whole in memory. Returns the paths of its files. A path
/// it shares with another file of the site is found by [`add_paths`]
/// before the site is swapped in.
fn write_search_index(
    docs: &[SearchDoc],
    staging: Option<&Staging>,
) -> Result<Vec<String>, FatalError> {
    const BATCH_BYTES: usize = 4 << 20;
    let mut paths = Vec::new();
    let mut batch: Vec<(String, FileContent)> = Vec::new();
    let mut batch_bytes = 0;
    let mut result = Ok(());
    let flush = |batch: &mut Vec<(String, FileContent)>, result: &mut Result<(), FatalError>| {
        if let (Some(s), Ok(())) = (staging, &*result) {
            *result = batch.par_iter().try_for_each(|(p, c)| s.put(p, c));
        }
        batch.clear();
    };
    noibo_search::build_index_each(docs, &mut |f| {
        paths.push(f.path.clone());
        batch_bytes += f.bytes.len();
        batch.push((f.path, FileContent::Bytes(f.bytes)));
        if batch_bytes >= BATCH_BYTES {
            flush(&mut batch, &mut result);
            batch_bytes = 0;
        }
    });
    flush(&mut batch, &mut result);
    result.map(|()| paths)
}

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
        diags.push(Diagnostic::error(d, None, "two files of the site would be written at this path (a page and a section, or a static file and a page)"));
    }
    diags
}

/// Stages 1 to 5: the site in memory, checked, or every error found.
#[cfg_attr(not(test), allow(dead_code))]
pub fn render_site(
    root: &Path,
    config: SiteConfig,
    drafts: bool,
) -> Result<(Output, SiteGraph, Diagnostics), BuildError> {
    let progress = Progress::hidden();
    let prepared = prepare(root, config, drafts, &progress)?;
    let (output, mut diags) = render_output(&prepared, root, true, &progress)?;
    diags.extend(prepared.diags.into_vec());
    Ok((output, prepared.graph, diags))
}

/// The site resolved and ready to render: what stages 1 to 3 produce, kept
/// by `serve` between rebuilds.
pub struct Prepared {
    pub theme: Theme,
    pub highlighter: Option<Highlighter>,
    pub graph: SiteGraph,
    /// Pages left out because they are drafts.
    pub hidden: Vec<Page>,
    /// Warnings so far.
    pub diags: Diagnostics,
}

/// Stages 1 to 3: load, render bodies, resolve.
pub fn prepare(
    root: &Path,
    config: SiteConfig,
    drafts: bool,
    progress: &Progress,
) -> Result<Prepared, BuildError> {
    progress.stage("loading content");
    let (mut content, load_diags) = crate::load::load_partial(root);
    // The theme is loaded early so template errors show with content errors.
    let theme = Theme::load(root, &config.theme);
    // Files that failed to load are left out; the bodies of the others are
    // still rendered so that their own errors (broken links) show too.
    let load_failed = load_diags.has_errors();
    let hidden = if drafts {
        Vec::new()
    } else {
        let (hidden, kept) = std::mem::take(&mut content.pages)
            .into_iter()
            .partition(|p| p.front.draft);
        content.pages = kept;
        hidden
    };
    let highlighter = config.highlight.enabled.then(Highlighter::new);
    let mut site = Site::new(config, content, drafts);
    progress.stage("reading images");
    site.images = crate::images::scan(&site.content, &site.config.images, root);
    progress.counted("rendering Markdown", site.content.pages.len());
    let (bodies, section_bodies) = render_bodies(&site, highlighter.as_ref(), progress);
    // Warnings of the load stage (links and special files skipped) first.
    let mut diags = load_diags;
    diags.extend(crate::images::front_matter_problems(&site.content, &site.images));
    for b in bodies.iter().chain(&section_bodies) {
        diags.extend(b.problems.iter().cloned());
    }
    let theme = match theme {
        Ok(t) => t,
        Err(errors) => {
            diags.extend(errors);
            diags.sort();
            return Err(BuildError::Content(diags));
        }
    };
    if load_failed {
        diags.sort();
        return Err(BuildError::Content(diags));
    }
    progress.stage("resolving references");
    let graph = site.resolve(bodies, section_bodies, &mut diags);
    if diags.has_errors() {
        diags.sort();
        return Err(BuildError::Content(diags));
    }
    Ok(Prepared {
        theme,
        highlighter,
        graph,
        hidden,
        diags,
    })
}

impl Prepared {
    /// For a build, which renders each page once: the pages as the search
    /// index sees them (if the site has search), their plain text taken
    /// from the graph rather than copied, and the Markdown sources let go.
    fn take_search_docs(&mut self) -> Option<Vec<SearchDoc>> {
        for p in &mut self.graph.site.content.pages {
            p.body = String::new();
        }
        let g = &mut self.graph;
        if !g.site.config.search.enabled {
            return None;
        }
        let mut texts: Vec<String> = g
            .bodies
            .iter_mut()
            .map(|b| std::mem::take(&mut b.text))
            .collect();
        Some(site_files::search_docs(g, |i| {
            std::mem::take(&mut texts[i])
        }))
    }
}

/// Where each internal link written in Markdown comes from, for messages.
pub fn link_origins(graph: &SiteGraph) -> LinkOrigins {
    let mut origins = LinkOrigins::new();
    for (i, b) in graph.bodies.iter().enumerate() {
        for (link, pos) in &b.links {
            origins
                .entry(link.clone())
                .or_default()
                .push((graph.site.content.pages[i].display_path.clone(), *pos));
        }
    }
    origins
}

/// A template error while rendering, as a content error at its place.
pub fn template_failure(e: &tera::Error, root: &Path, theme_name: &str) -> BuildError {
    let sources = theme::template_sources(root, theme_name);
    let mut d = Diagnostics::default();
    d.push(theme::template_error(e, &sources, root));
    BuildError::Content(d)
}

/// Files made from the whole site graph besides pages: feeds, the
/// sitemap and `directives.json`.
pub fn render_derived(graph: &SiteGraph, html_paths: &[String], output: &mut Output) {
    feeds::render_feeds(graph, output);
    podcast::render(graph, output);
    output.add("sitemap.xml", site_files::sitemap(graph, html_paths));
    output.add("directives.json", site_files::directives_json(graph));
}

/// The search index, if the site has search.
pub fn render_search(graph: &SiteGraph, output: &mut Output) {
    if graph.site.config.search.enabled {
        site_files::search_index(graph, output);
    }
}

/// Stages 4 and 5: every file of the site, sorted and checked; the search
/// index only if `search`. Returns the output and new warnings.
pub fn render_output(
    prepared: &Prepared,
    root: &Path,
    search: bool,
    progress: &Progress,
) -> Result<(Output, Diagnostics), BuildError> {
    let graph = &prepared.graph;
    progress.stage("rendering pages");
    let mut output = Output::default();
    let html = pages::render_html(graph, &prepared.theme)
        .map_err(|e| template_failure(&e, root, &graph.site.config.theme))?;
    let html_paths: Vec<String> = html.iter().map(|(p, _)| p.clone()).collect();
    for (path, body) in html {
        output.add(path, body);
    }
    if search {
        progress.stage("indexing for search");
    }
    render_derived(graph, &html_paths, &mut output);
    if search {
        render_search(graph, &mut output);
    }
    site_files::copy_files(graph, &prepared.theme, &mut output);
    progress.stage("checking links");
    finish_output(output, &link_origins(graph))
}

/// Sorts the files of the site and checks that no two share a path and that
/// every link and anchor reaches its target.
pub fn finish_output(
    mut output: Output,
    origins: &LinkOrigins,
) -> Result<(Output, Diagnostics), BuildError> {
    output.files.sort_by(|a, b| a.path.cmp(&b.path));
    let mut diags = add_paths(
        &mut HashSet::new(),
        output.files.iter().map(|f| f.path.as_str()),
    );
    diags.extend(check::check_links(&output, origins));
    if diags.has_errors() {
        diags.sort();
        return Err(BuildError::Content(diags));
    }
    Ok((output, diags))
}

/// Stage 2: every page body and section body, in parallel.
pub fn render_bodies(
    site: &Site,
    highlighter: Option<&Highlighter>,
    progress: &Progress,
) -> (Vec<RenderedBody>, Vec<RenderedBody>) {
    let bodies = (0..site.content.pages.len())
        .into_par_iter()
        .map(|i| {
            let b = render_page_body(site, highlighter, i);
            progress.step();
            b
        })
        .collect();
    let section_bodies = (0..site.content.sections.len())
        .map(|s| render_section_body(site, highlighter, s))
        .collect();
    (bodies, section_bodies)
}

fn content_path(display_path: &Path) -> String {
    display_path
        .strip_prefix("content")
        .unwrap_or(display_path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The body of page `i`.
pub fn render_page_body(site: &Site, highlighter: Option<&Highlighter>, i: usize) -> RenderedBody {
    let opts = MarkdownOptions {
        highlighter,
        unsafe_html: site.config.unsafe_html,
    };
    let p = &site.content.pages[i];
    let root = context::root_of(&p.url);
    let content_path = content_path(&p.display_path);
    let src = Source {
        display_path: &p.display_path,
        body_line: p.body_line,
        root: &root,
        content_path: &content_path,
    };
    markdown::render(&p.body, &src, &opts, &site.linker(Some(i)))
}

/// The body of section `s` (its `_index.md`).
pub fn render_section_body(
    site: &Site,
    highlighter: Option<&Highlighter>,
    s: usize,
) -> RenderedBody {
    let opts = MarkdownOptions {
        highlighter,
        unsafe_html: site.config.unsafe_html,
    };
    let sec = &site.content.sections[s];
    let root = context::root_of(&sec.url);
    let content_path = content_path(&sec.display_path);
    let src = Source {
        display_path: &sec.display_path,
        body_line: sec.body_line,
        root: &root,
        content_path: &content_path,
    };
    markdown::render(&sec.body, &src, &opts, &site.linker(None))
}
