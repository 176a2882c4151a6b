//! The build pipeline, stage by stage:
//!
//! 1. **load** (`load`): walk `content/`, read files, parse front matter;
//! 2. **render bodies** (`render::markdown`): Markdown to HTML, citations found;
//! 3. **resolve** (`graph`): lists, taxonomies, links between directives;
//! 4. **render** (`render::pages`, `feeds`, `site_files`): the site in memory;
//! 5. **check** (`check`): links and anchors of the whole output;
//! 6. **write** (`output`): swapped into `output_dir` only if all went well.
//!
//! Every stage reports all the problems it finds; the build stops after the
//! first stage that found errors, before anything is written.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::check::{self, LinkOrigins};
use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics, FatalError};
use crate::graph::{Site, SiteGraph};
use crate::output::{self, Output};
use crate::render::highlight::Highlighter;
use crate::render::markdown::{self, MarkdownOptions, RenderedBody, Source};
use crate::render::theme::{self, Theme};
use crate::render::{context, feeds, pages, site_files};

/// What the user asked for.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// `noibo check`: run every check, write nothing.
    pub check_only: bool,
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
        .map_err(|d| BuildError::Fatal(FatalError::new(d.to_string())))?;
    if let Some(url) = &opts.base_url {
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

/// Runs the whole pipeline.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildError> {
    let start = Instant::now();
    let config = load_config(opts)?;
    let out_dir = if opts.check_only {
        None
    } else {
        Some(output::checked_output_dir(&opts.root, &config.output_dir)?)
    };
    let (output, graph, mut diags) = render_site(&opts.root, config, opts.drafts)?;
    let html_pages = output
        .files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .count();
    let mut stats = output::WriteStats::default();
    if let Some(dir) = &out_dir {
        stats = output::write(&output, dir)?;
    }
    diags.sort();
    Ok(BuildReport {
        pages: html_pages,
        files: output.files.len(),
        unchanged: stats.unchanged,
        refs_resolved: graph.refs_resolved,
        refs_unresolved: graph.refs_unresolved,
        warnings: diags.into_vec(),
        elapsed: start.elapsed(),
        output_dir: out_dir,
    })
}

/// Stages 1 to 5: the site in memory, checked, or every error found.
pub fn render_site(
    root: &Path,
    config: SiteConfig,
    drafts: bool,
) -> Result<(Output, SiteGraph, Diagnostics), BuildError> {
    let mut diags = Diagnostics::default();
    let content = crate::load::load(root).map_err(BuildError::Content)?;
    // The theme is loaded early so template errors show with content errors.
    let theme = Theme::load(root, &config.theme);
    let highlighter = config.highlight.enabled.then(Highlighter::new);
    let site = Site::new(config, content, drafts);
    let (bodies, section_bodies) = render_bodies(&site, highlighter.as_ref());
    let mut origins = LinkOrigins::new();
    for b in bodies.iter().chain(&section_bodies) {
        diags.extend(b.problems.iter().cloned());
    }
    for (i, b) in bodies.iter().enumerate() {
        for (link, pos) in &b.links {
            origins
                .entry(link.clone())
                .or_default()
                .push((site.content.pages[i].display_path.clone(), *pos));
        }
    }
    let theme = match theme {
        Ok(t) => t,
        Err(errors) => {
            diags.extend(errors);
            diags.sort();
            return Err(BuildError::Content(diags));
        }
    };
    let graph = site.resolve(bodies, section_bodies, &mut diags);
    if diags.has_errors() {
        diags.sort();
        return Err(BuildError::Content(diags));
    }
    let mut output = Output::default();
    let html = pages::render_html(&graph, &theme).map_err(|e| {
        let sources = theme::template_sources(root, &graph.site.config.theme);
        let mut d = Diagnostics::default();
        d.push(theme::template_error(&e, &sources, root));
        BuildError::Content(d)
    })?;
    let html_paths: Vec<String> = html.iter().map(|(p, _)| p.clone()).collect();
    for (path, body) in html {
        output.add(path, body);
    }
    feeds::render_feeds(&graph, &mut output);
    output.add("sitemap.xml", site_files::sitemap(&graph, &html_paths));
    output.add("directives.json", site_files::directives_json(&graph));
    if graph.site.config.search.enabled {
        site_files::search_index(&graph, &mut output);
    }
    site_files::copy_files(&graph, &theme, &mut output);
    output.files.sort_by(|a, b| a.path.cmp(&b.path));
    let dupes: Vec<&str> = output
        .files
        .windows(2)
        .filter(|w| w[0].path == w[1].path)
        .map(|w| w[0].path.as_str())
        .collect();
    for d in dupes {
        diags.push(Diagnostic::error(d, None, "two files of the site would be written at this path (a page and a section, or a static file and a page)"));
    }
    diags.extend(check::check_links(&output, &origins));
    if diags.has_errors() {
        diags.sort();
        return Err(BuildError::Content(diags));
    }
    Ok((output, graph, diags))
}

/// Stage 2: every page body and section body, in parallel.
fn render_bodies(
    site: &Site,
    highlighter: Option<&Highlighter>,
) -> (Vec<RenderedBody>, Vec<RenderedBody>) {
    let opts = MarkdownOptions {
        highlighter,
        unsafe_html: site.config.unsafe_html,
    };
    let bodies = site
        .content
        .pages
        .par_iter()
        .enumerate()
        .map(|(i, p)| {
            let root = context::root_of(&p.url);
            let content_path = p
                .display_path
                .strip_prefix("content")
                .unwrap_or(&p.display_path)
                .to_string_lossy()
                .replace('\\', "/");
            let src = Source {
                display_path: &p.display_path,
                body_line: p.body_line,
                root: &root,
                content_path: &content_path,
            };
            markdown::render(&p.body, &src, &opts, &site.linker(Some(i)))
        })
        .collect();
    let section_bodies = site
        .content
        .sections
        .iter()
        .map(|s| {
            let root = context::root_of(&s.url);
            let content_path = s
                .display_path
                .strip_prefix("content")
                .unwrap_or(&s.display_path)
                .to_string_lossy()
                .replace('\\', "/");
            let src = Source {
                display_path: &s.display_path,
                body_line: s.body_line,
                root: &root,
                content_path: &content_path,
            };
            markdown::render(&s.body, &src, &opts, &site.linker(None))
        })
        .collect();
    (bodies, section_bodies)
}
