//! The build pipeline, stage by stage:
//!
//! 1. **load** (`load`): walk `content/`, read files, parse front matter;
//! 2. **render bodies** (`render::markdown`): Markdown to HTML, citations found;
//! 3. **resolve** (`graph`): lists, taxonomies, links between directives;
//! 4. **render** (`pipeline`, over `render::pages`, `feeds`, `site_files`):
//!    every file of the site, pages last, the links and anchors of each
//!    page checked as it is rendered (`check`);
//! 5. **write** (`output`): each file written into a temporary folder as
//!    soon as it is made, swapped into `output_dir` only if all went well.
//!
//! `serve` runs the same stages, into memory.
//!
//! Every stage reports all the problems it finds; the build stops after the
//! first stage that found errors, before anything is written.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics, FatalError};
use crate::graph::{Site, SiteGraph};
use crate::model::{Page, PageId, SectionId};
use crate::output::{self, Discard, Sink};
use crate::pipeline;
use crate::progress::Progress;
use crate::render::highlight::Highlighter;
use crate::render::markdown::{self, MarkdownOptions, RenderedBody, Source};
use crate::render::theme::Theme;
use crate::render::{context, site_files};
use noibo_search::SearchDoc;

mod writer;

use writer::Writer;

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
    /// Neither read nor write the build cache (`--no-cache`).
    pub no_cache: bool,
}

/// How a build ended well.
#[derive(Debug)]
pub(crate) struct BuildReport {
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
    /// HTML files kept as the last build made them (build cache).
    pub kept: usize,
    /// Files of the search index, and how many of them were kept as the
    /// last build made them, not made again.
    pub search_files: (usize, usize),
    /// One-line notes (a build cache that could not be used).
    pub notes: Vec<String>,
}

/// How a build failed: content errors (exit 1) or a fatal problem (exit 2).
#[derive(Debug)]
pub(crate) enum BuildError {
    Content(Diagnostics),
    Fatal(FatalError),
}

impl From<FatalError> for BuildError {
    fn from(e: FatalError) -> Self {
        BuildError::Fatal(e)
    }
}

/// Loads the configuration with command-line overrides applied.
pub(crate) fn load_config(opts: &BuildOptions) -> Result<SiteConfig, BuildError> {
    let mut config = SiteConfig::load(&opts.root).map_err(FatalError::from)?;
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
pub(crate) fn build(opts: &BuildOptions) -> Result<BuildReport, BuildError> {
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
    let (previous, note) = writer::previous(opts, out_dir.as_deref());
    let reuse = previous.as_ref().map(|p| &p.fronts);
    let mut prepared = prepare(&opts.root, config, opts.drafts, false, reuse, &progress)?;
    if opts.check_only {
        let g = &prepared.graph;
        let today = crate::tasks::today(g.site.config.timezone);
        let late = crate::tasks::overdue(&g.tasks, &g.site.content.pages, today);
        prepared.diags.extend(late);
    }
    let writer = Writer::open(opts, out_dir.as_deref(), previous.as_ref())?;
    let sink: &dyn Sink = writer.sink().unwrap_or(&Discard);
    let request = pipeline::Request {
        graph: &prepared.graph,
        theme: &prepared.theme,
        root: &opts.root,
        only: None,
        search: prepared.search_docs(),
        previous: previous.as_ref(),
        cache: writer.cache(),
    };
    let mut rendered = pipeline::render(request, sink, &progress)?;
    let (site, refs_resolved, refs_unresolved) = prepared.graph.into_site();
    let (pages, files, kept) = (rendered.html.len(), rendered.files(), rendered.kept);
    let search_files = (rendered.search.len(), rendered.search_kept);
    let mut diags = std::mem::take(&mut rendered.warnings);
    let notes: Vec<String> = note
        .into_iter()
        .chain(std::mem::take(&mut rendered.notes))
        .collect();
    diags.extend(prepared.diags.into_vec());
    progress.stage("writing");
    let loaded = site.content.pages.iter().chain(&prepared.hidden);
    let stats = writer.commit(rendered, crate::load::Keep::new(loaded, &prepared.hashes))?;
    progress.finish();
    diags.sort();
    Ok(BuildReport {
        pages,
        files,
        unchanged: stats.unchanged + kept + search_files.1,
        refs_resolved,
        refs_unresolved,
        warnings: diags.into_vec(),
        elapsed: start.elapsed(),
        output_dir: out_dir,
        timings: progress.timings(),
        kept,
        search_files,
        notes,
    })
}

/// The site resolved and ready to render: what stages 1 to 3 produce, kept
/// by `serve` between rebuilds.
pub(crate) struct Prepared {
    pub theme: Theme,
    pub highlighter: Option<Highlighter>,
    pub graph: SiteGraph,
    /// Pages left out because they are drafts.
    pub hidden: Vec<Page>,
    /// Warnings so far.
    pub diags: Diagnostics,
    /// The hashes of the page files whose front matter the build cache
    /// keeps.
    pub hashes: crate::load::Hashes,
}

/// Stages 1 to 3: load, render bodies, resolve.
/// `keep_sources` keeps the Markdown of each page once rendered, for a
/// `serve` that renders some bodies again; a build lets it go. `reuse` is
/// the front matter the build cache kept.
pub(crate) fn prepare(
    root: &Path,
    config: SiteConfig,
    drafts: bool,
    keep_sources: bool,
    reuse: Option<&crate::load::Fronts>,
    progress: &Progress,
) -> Result<Prepared, BuildError> {
    progress.stage("loading content");
    let (mut content, load_diags, hashes) = crate::load::load_partial(root, reuse);
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
    // A build lets each page's Markdown go as soon as its body is rendered,
    // so that sources and bodies are never all in memory together.
    let sources = (!keep_sources).then(|| {
        let pages = site.content.pages.iter_mut();
        pages.map(|p| std::mem::take(&mut p.body)).collect()
    });
    let (bodies, section_bodies) = render_bodies(&site, highlighter.as_ref(), sources, progress);
    // Warnings of the load stage (links and special files skipped) first.
    let mut diags = load_diags;
    diags.extend(crate::images::front_matter_problems(
        &site.content,
        &site.images,
    ));
    diags.extend(crate::render::newsletter::check(&site));
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
        hashes,
    })
}

impl Prepared {
    /// The pages as the search index sees them, if the site has search.
    pub(crate) fn search_docs(&self) -> Option<Vec<SearchDoc>> {
        let g = &self.graph;
        g.site
            .config
            .search
            .enabled
            .then(|| site_files::search_docs(g))
    }
}

/// Stage 2: every page body and section body, in parallel. The Markdown
/// of the pages is `sources` (each dropped once rendered) if given, else
/// what the pages hold.
pub(crate) fn render_bodies(
    site: &Site,
    highlighter: Option<&Highlighter>,
    sources: Option<Vec<String>>,
    progress: &Progress,
) -> (Vec<RenderedBody>, Vec<RenderedBody>) {
    let one = |i: usize, source: &str| {
        let b = render_page_markdown(site, highlighter, PageId(i), source);
        progress.step();
        b
    };
    let bodies = match sources {
        Some(sources) => sources
            .into_par_iter()
            .enumerate()
            .map(|(i, source)| one(i, &source))
            .collect(),
        None => (0..site.content.pages.len())
            .into_par_iter()
            .map(|i| one(i, &site.content.page(PageId(i)).body))
            .collect(),
    };
    let section_bodies = site
        .content
        .sections()
        .map(|(s, _)| render_section_body(site, highlighter, s))
        .collect();
    (bodies, section_bodies)
}

/// The body of page `i`.
pub(crate) fn render_page_body(
    site: &Site,
    highlighter: Option<&Highlighter>,
    i: PageId,
) -> RenderedBody {
    render_page_markdown(site, highlighter, i, &site.content.page(i).body)
}

/// The body of page `i` from its Markdown `source`.
fn render_page_markdown(
    site: &Site,
    highlighter: Option<&Highlighter>,
    i: PageId,
    source: &str,
) -> RenderedBody {
    let opts = MarkdownOptions {
        highlighter,
        unsafe_html: site.config.unsafe_html,
    };
    let p = site.content.page(i);
    let root = context::root_of(&p.url);
    let page_path = format!("{}index.html", p.url);
    let src = Source {
        display_path: p.file.display_path(),
        body_line: p.body_line,
        root: &root,
        content_path: p.file.content_path(),
        page_path: &page_path,
    };
    markdown::render(source, &src, &opts, &site.linker(Some(i)))
}

/// The body of section `s` (its `_index.md`).
pub(crate) fn render_section_body(
    site: &Site,
    highlighter: Option<&Highlighter>,
    s: SectionId,
) -> RenderedBody {
    let opts = MarkdownOptions {
        highlighter,
        unsafe_html: site.config.unsafe_html,
    };
    let sec = site.content.section(s);
    let root = context::root_of(&sec.url);
    let page_path = format!("{}index.html", sec.url);
    let src = Source {
        display_path: sec.file.display_path(),
        body_line: sec.body_line,
        root: &root,
        content_path: sec.file.content_path(),
        page_path: &page_path,
    };
    markdown::render(&sec.body, &src, &opts, &site.linker(None))
}
