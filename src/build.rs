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

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::cache;
use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics, FatalError};
use crate::graph::{LaterBodies, LaterBody, Site, SiteGraph};
use crate::model::{Page, PageId, SectionId};
use crate::output::{self, Discard, Sink};
use crate::pipeline;
use crate::progress::Progress;
use crate::render::highlight::Highlighter;
use crate::render::markdown::{self, MarkdownOptions, RenderedBody, Source};
use crate::render::theme::Theme;
use crate::render::{context, site_files};
use noibo_search::SearchDoc;

pub(crate) mod bodies;
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
    /// Page bodies, and how many of them the body cache kept (`None`:
    /// the body cache was not used).
    pub bodies: Option<(usize, usize)>,
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
    let key = writer::cache_key(opts);
    // The two cache files are read side by side.
    let ((mut previous, note), (last_bodies, bodies_note)) = rayon::join(
        || writer::previous(opts, out_dir.as_deref(), key),
        || last_bodies(opts, out_dir.as_deref(), &key),
    );
    let rebuild = previous.is_some();
    let files = previous.as_mut().map(|p| std::mem::take(&mut p.files));
    let reuse = Reuse {
        fronts: previous.as_ref().map(|p| &p.fronts),
        bodies: last_bodies,
    };
    let open = || Writer::open(opts, out_dir.as_deref(), key, files);
    let (mut prepared, writer) = prepare_beside(rebuild, open, || {
        prepare(&opts.root, config, opts.drafts, false, reuse, &progress)
    })?;
    let bodies = keep_bodies(&opts.root, &key, &mut prepared)?;
    prepared.graph.read_html_once();
    if opts.check_only {
        let g = &prepared.graph;
        let today = crate::tasks::today(g.site.config.timezone);
        let late = crate::tasks::overdue(&g.tasks, &g.site.content.pages, today);
        prepared.diags.extend(late);
    }
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
        .chain(bodies_note)
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
        bodies,
        notes,
    })
}

/// Runs `prepare` and `open`, which gets the output ready: for a
/// `rebuild`, at once, on another thread (it takes the cache's lock and
/// reads what the output folder holds, which is mostly waiting on the file
/// system); else after, so that a first build that fails leaves nothing
/// behind, not even the cache's folder. Content errors come first.
fn prepare_beside(
    rebuild: bool,
    open: impl FnOnce() -> Result<Writer, FatalError> + Send,
    prepare: impl FnOnce() -> Result<Prepared, BuildError>,
) -> Result<(Prepared, Writer), BuildError> {
    if !rebuild {
        let prepared = prepare()?;
        return Ok((prepared, open()?));
    }
    std::thread::scope(|s| {
        let writer = s.spawn(open);
        let prepared = prepare();
        let writer = writer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        Ok((prepared?, writer?))
    })
}

/// The site resolved and ready to render: what stages 1 to 3 produce, kept
/// by `serve` between rebuilds.
pub(crate) struct Prepared {
    pub theme: Theme,
    pub highlighter: Option<std::sync::Arc<Highlighter>>,
    pub graph: SiteGraph,
    /// Pages left out because they are drafts.
    pub hidden: Vec<Page>,
    /// Warnings so far.
    pub diags: Diagnostics,
    /// The hashes of the page files whose front matter the build cache
    /// keeps.
    pub hashes: crate::load::Hashes,
    /// What the body cache is to keep of each page's body, if it is used.
    pub body_entries: Option<BodyEntries>,
}

/// What the last build left that this one may use again.
#[derive(Default)]
pub(crate) struct Reuse<'a> {
    /// Front matter, by file hash.
    pub fronts: Option<&'a crate::load::Fronts>,
    /// Page bodies (`None`: the body cache is not used).
    pub bodies: Option<bodies::Last>,
}

/// What the body cache is to keep of each page's body.
pub(crate) struct BodyEntries {
    entries: Vec<bodies::Entry>,
    /// The bodies kept, given to the graph once resolved.
    later: Vec<Option<LaterBody>>,
    /// Whether to write them: not when at most a sixty-fourth of the
    /// bodies were rendered (an edit of a big site). The next build renders
    /// those again rather than read them back, which costs less than
    /// writing the file; a kept body that no longer holds is never used, so
    /// the file left is only slower, never wrong.
    write: bool,
}

/// The page bodies the last build kept, if the body cache is to be used
/// (wherever the build cache is), and a note if they cannot be.
fn last_bodies(
    opts: &BuildOptions,
    out: Option<&Path>,
    key: &[u8; 32],
) -> (Option<bodies::Last>, Option<String>) {
    if out.is_none() || opts.no_cache {
        return (None, None);
    }
    let (last, note) = bodies::Last::read(&cache::dir(&opts.root), key);
    (Some(last), note)
}

/// Keeps the page bodies in the body cache (if it is used, and unless
/// [`BodyEntries::write`] says it is not worth it) and lets their questions
/// and answers go, before the pages are rendered: each record holds
/// whatever becomes of this build, for it says what its body was made
/// from. Returns how many bodies there are and how many were kept.
fn keep_bodies(
    root: &Path,
    key: &[u8; 32],
    prepared: &mut Prepared,
) -> Result<Option<(usize, usize)>, BuildError> {
    let Some(e) = prepared.body_entries.take() else {
        return Ok(None);
    };
    let kept = e.entries.iter().filter(|e| !e.made).count();
    if e.write {
        let g = &prepared.graph;
        let pages = g.site.content.pages.iter().zip(&e.entries).zip(&g.bodies);
        let items = pages.map(|((p, entry), body)| (p.file.content_path(), entry, body));
        bodies::write(&cache::dir(root), key, items)?;
    }
    Ok(Some((e.entries.len(), kept)))
}

/// Stages 1 to 3: load, render bodies, resolve.
/// `keep_sources` keeps the Markdown of each page once rendered, for a
/// `serve` that renders some bodies again; a build lets it go. `reuse` is
/// what the build cache kept.
pub(crate) fn prepare(
    root: &Path,
    config: SiteConfig,
    drafts: bool,
    keep_sources: bool,
    reuse: Reuse<'_>,
    progress: &Progress,
) -> Result<Prepared, BuildError> {
    progress.stage("loading content");
    let settled_before = std::time::SystemTime::now() - crate::load::SETTLE;
    let (mut content, load_diags, hashes) =
        crate::load::load_partial(root, reuse.fronts, settled_before);
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
    let highlighter = config
        .highlight
        .enabled
        .then(|| std::sync::Arc::new(Highlighter::new()));
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
    let (bodies, section_bodies, mut body_entries) = render_bodies(
        &site,
        highlighter.as_deref(),
        sources,
        reuse.bodies,
        progress,
    );
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
    let mut graph = site.resolve(bodies, section_bodies, &mut diags);
    if let Some(e) = &mut body_entries {
        let later = std::mem::take(&mut e.later);
        let render = |site: &Site, hl: Option<&Highlighter>, i: PageId, source: &str| {
            render_page_markdown(site, hl, i, source, None).0
        };
        let hashes = e.entries.iter().map(|e| (e.hashes.html, e.hashes.text));
        graph.later = LaterBodies::new(later, hashes.collect(), highlighter.clone(), render);
    }
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
        body_entries,
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
/// what the pages hold. With the bodies of the last build (`last`), a page
/// whose body still holds is not rendered again, and what the next build
/// needs of each body is returned too.
pub(crate) fn render_bodies(
    site: &Site,
    highlighter: Option<&Highlighter>,
    sources: Option<Vec<String>>,
    last: Option<bodies::Last>,
    progress: &Progress,
) -> (Vec<RenderedBody>, Vec<RenderedBody>, Option<BodyEntries>) {
    let pages = &site.content.pages;
    let cached = last.is_some();
    let kept: Vec<_> = match last {
        Some(mut last) => {
            let k = pages.iter().map(|p| Some(last.take(p.file.content_path())));
            k.collect()
        }
        None => pages.iter().map(|_| None).collect(),
    };
    let (bodies, more): (Vec<_>, Vec<_>) = render_pages(site, highlighter, sources, kept, progress);
    let section_bodies = site
        .content
        .sections()
        .map(|(s, _)| render_section_body(site, highlighter, s))
        .collect();
    let entries = cached.then(|| {
        let (entries, later): (Vec<_>, Vec<_>) = more.into_iter().flatten().unzip();
        let made = entries.iter().filter(|e: &&bodies::Entry| e.made).count();
        BodyEntries {
            write: made * 64 > entries.len(),
            entries,
            later,
        }
    });
    (bodies, section_bodies, entries)
}

/// What the body cache gives and keeps of one page's body: its entry, and
/// the body kept, its HTML and text to be made when asked for.
type BodyMore = Option<(bodies::Entry, Option<LaterBody>)>;

/// Every page body, from its Markdown and what `kept` offers for it
/// (`None`: the body cache is not used; `Some(None)`: nothing kept).
fn render_pages(
    site: &Site,
    highlighter: Option<&Highlighter>,
    sources: Option<Vec<String>>,
    kept: Vec<Option<Option<bodies::Kept>>>,
    progress: &Progress,
) -> (Vec<RenderedBody>, Vec<BodyMore>) {
    let one = |i: usize, source: Cow<'_, str>, k: Option<Option<bodies::Kept>>| {
        let (b, entry) = render_page_markdown(site, highlighter, PageId(i), &source, k);
        progress.step();
        let more = entry.map(|e| {
            let later = (!e.made).then(|| LaterBody::new(source.into_owned()));
            (e, later)
        });
        (b, more)
    };
    let kept = kept.into_par_iter();
    match sources {
        Some(sources) => sources
            .into_par_iter()
            .zip(kept)
            .enumerate()
            .map(|(i, (source, k))| one(i, Cow::Owned(source), k))
            .unzip(),
        None => kept
            .enumerate()
            .map(|(i, k)| one(i, Cow::Borrowed(&site.content.page(PageId(i)).body), k))
            .unzip(),
    }
}

/// The body of page `i`.
pub(crate) fn render_page_body(
    site: &Site,
    highlighter: Option<&Highlighter>,
    i: PageId,
) -> RenderedBody {
    render_page_markdown(site, highlighter, i, &site.content.page(i).body, None).0
}

/// The body of page `i` from its Markdown `source`; with the body cache
/// (`kept` is `Some`), the body the last build kept if it still holds,
/// and what the next build is to keep.
fn render_page_markdown(
    site: &Site,
    highlighter: Option<&Highlighter>,
    i: PageId,
    source: &str,
    kept: Option<Option<bodies::Kept>>,
) -> (RenderedBody, Option<bodies::Entry>) {
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
    let linker = site.linker(Some(i));
    // A page loaded unread has its Markdown read only if it is rendered.
    let render = |l: &dyn markdown::Linker| match p.unread {
        None => markdown::render(source, &src, &opts, l),
        Some(_) => match crate::load::read_body(p) {
            Ok(md) => markdown::render(&md, &src, &opts, l),
            Err(d) => RenderedBody {
                problems: vec![d],
                ..RenderedBody::default()
            },
        },
    };
    match kept {
        None => (render(&linker), None),
        Some(k) => {
            let (body, entry) = bodies::render_or_keep(&p.hash, &src, &linker, k, render);
            (body, Some(entry))
        }
    }
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
