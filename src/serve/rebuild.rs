//! The site in memory between rebuilds, and how a change of files updates
//! it: an edit of pages already in the site re-renders only what depends on
//! them (see [`super::policy`]); a change of the theme re-renders every page
//! from the content already loaded; anything else (the configuration, files
//! added, removed or renamed, sections, attachments) rebuilds it all. Every
//! path gives the same files as `noibo build` would.
//!
//! A rebuild that fails leaves the state as it was: the last good site.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::build::{self, BuildError, BuildOptions};
use crate::check;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::graph::{Site, SiteGraph};
use crate::load;
use crate::model::Page;
use crate::output::{FileContent, Output};
use crate::progress::Progress;
use crate::render::highlight::Highlighter;
use crate::render::markdown::RenderedBody;
use crate::render::pages;
use crate::render::site_files;
use crate::render::theme::Theme;
use crate::serve::policy::{self, Before, Changed};

/// The files of the site by path from its root.
pub type Files = BTreeMap<String, Arc<FileContent>>;

/// How much a rebuild had to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Nothing the site shows changed (a draft, an editor's temporary file).
    Nothing,
    /// Some pages edited in place: only what depends on them.
    Pages,
    /// Templates, static files or UI strings: every page from the content
    /// already loaded.
    Theme,
    /// Everything, from the files.
    Full,
}

/// What one rebuild did.
#[derive(Debug)]
pub struct Update {
    pub scope: Scope,
    /// HTML files rendered again.
    pub rendered: BTreeSet<String>,
    /// Files added, removed or whose bytes changed.
    pub changed: BTreeSet<String>,
    /// Warnings about the files that changed (all of them after a full
    /// rebuild).
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
}

/// The output files by what makes them, so each kind can be replaced whole.
#[derive(Default, Clone)]
struct Parts {
    html: BTreeSet<String>,
    /// Feeds, sitemap, `directives.json`.
    derived: BTreeSet<String>,
    search: BTreeSet<String>,
    /// Static files, attachments, assets.
    copied: BTreeSet<String>,
}

/// The built site and everything needed to update it.
pub struct SiteState {
    root: PathBuf,
    /// `root` with symbolic links resolved, as file events name paths.
    abs_root: PathBuf,
    drafts: bool,
    base_url: Option<String>,
    theme: Theme,
    highlighter: Option<Highlighter>,
    graph: Option<SiteGraph>,
    /// Draft pages left out.
    hidden: Vec<Page>,
    files: Arc<Files>,
    parts: Parts,
    search_stale: bool,
    /// Counts changes of the pages, so that a search index built on another
    /// thread is put in only if no page changed meanwhile.
    generation: u64,
}

/// Pages to index for search, apart from the site.
pub struct SearchJob {
    generation: u64,
    docs: Vec<noibo_search::SearchDoc>,
}

impl SearchJob {
    /// Builds the index (the slow part: seconds for ten thousand pages).
    pub fn run(self) -> SearchIndex {
        let mut output = Output::default();
        site_files::search_files(&self.docs, &mut output);
        SearchIndex {
            generation: self.generation,
            output,
        }
    }
}

/// A search index built by a [`SearchJob`].
pub struct SearchIndex {
    generation: u64,
    output: Output,
}

/// What a set of changed paths asks for.
enum Plan {
    Nothing,
    Full,
    Theme,
    /// Page files, by their path from the site root (`content/x.md`).
    Pages(Vec<PathBuf>),
}

impl SiteState {
    /// Builds the whole site, all but the search index: see
    /// [`SiteState::search_job`] and [`SiteState::refresh_search`].
    pub fn new(
        root: &Path,
        drafts: bool,
        base_url: Option<String>,
    ) -> Result<(SiteState, Vec<Diagnostic>), BuildError> {
        let opts = BuildOptions {
            root: root.to_path_buf(),
            base_url: base_url.clone(),
            drafts,
            ..Default::default()
        };
        let config = build::load_config(&opts)?;
        let progress = Progress::on_terminal();
        let prepared = build::prepare(root, config, drafts, &progress)?;
        progress.stage("rendering pages");
        let graph = &prepared.graph;
        let (files, parts, diags) = render_everything(graph, &prepared.theme, root)?;
        progress.finish();
        let mut warnings = prepared.diags;
        warnings.extend(diags.into_vec());
        warnings.sort();
        let search_stale = graph.site.config.search.enabled;
        Ok((
            SiteState {
                root: root.to_path_buf(),
                abs_root: std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf()),
                drafts,
                base_url,
                theme: prepared.theme,
                highlighter: prepared.highlighter,
                graph: Some(prepared.graph),
                hidden: prepared.hidden,
                files: Arc::new(files),
                parts,
                search_stale,
                generation: 0,
            },
            warnings.into_vec(),
        ))
    }

    /// The files of the site as they are now.
    pub fn files(&self) -> Arc<Files> {
        Arc::clone(&self.files)
    }

    fn graph(&self) -> &SiteGraph {
        self.graph.as_ref().expect("the state always holds a graph")
    }

    /// The site as an [`Output`], sorted by path, as `noibo build` makes it.
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn output(&self) -> Output {
        Output {
            files: self
                .files
                .iter()
                .map(|(p, c)| crate::output::OutputFile {
                    path: p.clone(),
                    content: (**c).clone(),
                })
                .collect(),
        }
    }

    /// Whether the search index lags behind the pages (it is rebuilt apart,
    /// after the pages are served).
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn search_stale(&self) -> bool {
        self.search_stale
    }

    /// Rebuilds the search index here and now; returns the files that
    /// changed.
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn refresh_search(&mut self) -> BTreeSet<String> {
        match self.search_job() {
            Some(job) => self.install_search(job.run()).unwrap_or_default(),
            None => BTreeSet::new(),
        }
    }

    /// The work of rebuilding the search index, to run on another thread;
    /// `None` if it is up to date.
    pub fn search_job(&self) -> Option<SearchJob> {
        self.search_stale.then(|| SearchJob {
            generation: self.generation,
            docs: site_files::search_docs(self.graph()),
        })
    }

    /// Puts in a search index built by [`SearchJob::run`], unless pages
    /// changed since it was started. Returns the files that changed.
    pub fn install_search(&mut self, built: SearchIndex) -> Option<BTreeSet<String>> {
        if !self.search_stale || built.generation != self.generation {
            return None;
        }
        self.search_stale = false;
        let mut changed = BTreeSet::new();
        let mut files = (*self.files).clone();
        let new = replace_part(&mut files, &self.parts.search, built.output, &mut changed);
        self.parts.search = new;
        self.files = Arc::new(files);
        Some(changed)
    }

    /// Rebuilds everything from the files.
    pub fn rebuild_all(&mut self) -> Result<Update, BuildError> {
        let start = Instant::now();
        let mut update = self.rebuild_full()?;
        update.elapsed = start.elapsed();
        Ok(update)
    }

    /// Updates the site after the files at `paths` changed (absolute, or
    /// relative to the site root). On error the state is left as it was.
    pub fn apply(&mut self, paths: &[PathBuf]) -> Result<Update, BuildError> {
        let start = Instant::now();
        let mut update = match self.plan(paths) {
            Plan::Nothing => Update::nothing(),
            Plan::Full => self.rebuild_full()?,
            Plan::Theme => self.rebuild_theme()?,
            Plan::Pages(list) => self.rebuild_pages(&list)?,
        };
        update.elapsed = start.elapsed();
        Ok(update)
    }

    fn relative<'a>(&self, p: &'a Path) -> Option<&'a Path> {
        if p.is_relative() {
            return Some(p);
        }
        p.strip_prefix(&self.abs_root)
            .or_else(|_| p.strip_prefix(&self.root))
            .ok()
    }

    fn plan(&self, paths: &[PathBuf]) -> Plan {
        let theme_dir = Path::new("themes").join(&self.graph().site.config.theme);
        let mut theme = false;
        let mut pages = BTreeSet::new();
        for p in paths {
            let Some(rel) = self.relative(p) else {
                continue;
            };
            let hidden_name = rel
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if rel.as_os_str().is_empty() || rel == Path::new("site.toml") {
                return Plan::Full;
            } else if rel == Path::new("strings.toml")
                || rel.starts_with("templates")
                || rel.starts_with("static")
                || rel.starts_with(&theme_dir)
                || rel == Path::new("themes")
            {
                theme |= !hidden_name;
            } else if rel.starts_with("content") && !hidden_name {
                let abs = self.root.join(rel);
                let known = self.is_page(rel);
                if known && abs.is_file() {
                    pages.insert(rel.to_path_buf());
                } else if known || abs.exists() || self.is_source_below(rel) {
                    return Plan::Full;
                }
                // else: a file that came and went (an editor's temporary file)
            }
        }
        match (theme, pages.is_empty()) {
            (true, true) => Plan::Theme,
            (true, false) => Plan::Full,
            (false, true) => Plan::Nothing,
            (false, false) => Plan::Pages(pages.into_iter().collect()),
        }
    }

    fn is_page(&self, rel: &Path) -> bool {
        let g = self.graph();
        g.site.content.pages.iter().any(|p| p.display_path == rel)
            || self.hidden.iter().any(|p| p.display_path == rel)
    }

    /// Whether `rel` is, or is a folder holding, a source of the site.
    fn is_source_below(&self, rel: &Path) -> bool {
        let c = &self.graph().site.content;
        let root = &self.root;
        let under = |p: &Path| p.starts_with(rel) || root.join(rel) == *p;
        c.pages
            .iter()
            .chain(&self.hidden)
            .any(|p| under(&p.display_path) || p.attachments.iter().any(|a| a.source.starts_with(root.join(rel))))
            || c.sections.iter().any(|s| under(&s.display_path))
            || c.assets.iter().any(|a| a.source.starts_with(root.join(rel)))
    }

    /// Everything again, from the files.
    fn rebuild_full(&mut self) -> Result<Update, BuildError> {
        let (mut new, warnings) = SiteState::new(&self.root, self.drafts, self.base_url.clone())?;
        // The old index serves searches until the new one is ready.
        let mut files = (*new.files).clone();
        for p in &self.parts.search {
            if let Some(c) = self.files.get(p) {
                files.entry(p.clone()).or_insert_with(|| Arc::clone(c));
            }
        }
        new.files = Arc::new(files);
        new.parts.search = self.parts.search.clone();
        new.generation = self.generation + 1;
        let changed = diff(&self.files, &new.files);
        let rendered = new.parts.html.clone();
        *self = new;
        Ok(Update {
            scope: Scope::Full,
            rendered,
            changed,
            warnings,
            elapsed: Duration::ZERO,
        })
    }

    /// The theme again, and every page with it.
    fn rebuild_theme(&mut self) -> Result<Update, BuildError> {
        let config = &self.graph().site.config;
        let theme = Theme::load(&self.root, &config.theme).map_err(|errors| {
            let mut d = Diagnostics::default();
            d.extend(errors);
            d.sort();
            BuildError::Content(d)
        })?;
        let search: Vec<(String, Arc<FileContent>)> = self
            .parts
            .search
            .iter()
            .filter_map(|p| self.files.get(p).map(|c| (p.clone(), Arc::clone(c))))
            .collect();
        let (mut files, mut parts, diags) = render_everything(self.graph(), &theme, &self.root)?;
        for (p, c) in search {
            files.entry(p.clone()).or_insert(c);
            parts.search.insert(p);
        }
        let changed = diff(&self.files, &files);
        let rendered = parts.html.clone();
        self.theme = theme;
        self.files = Arc::new(files);
        self.parts = parts;
        Ok(Update {
            scope: Scope::Theme,
            rendered,
            changed,
            warnings: diags.into_vec(),
            elapsed: Duration::ZERO,
        })
    }

    /// Page files edited in place.
    fn rebuild_pages(&mut self, list: &[PathBuf]) -> Result<Update, BuildError> {
        let mut edits: Vec<(usize, Page)> = Vec::new();
        let mut errors = Diagnostics::default();
        let mut hidden_edits = Vec::new();
        for rel in list {
            let g = self.graph();
            let found = match g.site.content.pages.iter().position(|p| p.display_path == *rel) {
                Some(i) => Some((&g.site.content.pages[i], Some(i))),
                None => self
                    .hidden
                    .iter()
                    .find(|p| p.display_path == *rel)
                    .map(|p| (p, None)),
            };
            let Some((old, in_site)) = found else {
                return self.rebuild_full();
            };
            let attachments: Vec<PathBuf> =
                old.attachments.iter().map(|a| a.source.clone()).collect();
            let parsed = load::parse_page_file(
                &self.root,
                &self.root.join(rel),
                &old.url,
                old.section,
                old.kind,
                &attachments,
            );
            let new = match parsed {
                Ok(p) => p,
                Err(d) => {
                    errors.extend(d);
                    continue;
                }
            };
            let shown = self.drafts || !new.front.draft;
            match (in_site, shown) {
                (Some(i), true) => edits.push((i, new)),
                (None, false) => hidden_edits.push(new),
                // A page published or withdrawn: the set of pages changed.
                _ => return self.rebuild_full(),
            }
        }
        if errors.has_errors() {
            errors.sort();
            return Err(BuildError::Content(errors));
        }
        for new in hidden_edits {
            if let Some(p) = self.hidden.iter_mut().find(|p| p.display_path == new.display_path) {
                *p = new;
            }
        }
        if edits.is_empty() {
            return Ok(Update::nothing());
        }
        self.rebuild_edits(edits)
    }

    fn rebuild_edits(&mut self, mut edits: Vec<(usize, Page)>) -> Result<Update, BuildError> {
        lap("start");
        let g = self.graph.take().expect("the state always holds a graph");
        let edited: Vec<usize> = edits.iter().map(|(i, _)| *i).collect();
        let numbers =
            policy::changed_numbers(edits.iter().map(|(i, p)| (&g.site.content.pages[*i], p)));
        let (body_set, section_set) = policy::bodies_to_render(&g, &edited, &numbers);
        lap("bodies_to_render");
        let summaries = body_set
            .iter()
            .map(|&j| (j, crate::render::context::summary(&g, j)))
            .collect();
        let SiteGraph {
            site,
            mut bodies,
            mut section_bodies,
            relations,
            status,
            section_pages,
            newest,
            taxonomies,
            series_nav,
            ..
        } = g;
        let before = Before {
            relations,
            status,
            section_pages,
            newest,
            taxonomies,
            series_nav,
            summaries,
        };
        let site = swap_pages(site, &mut edits);
        lap("swap_pages");
        let hl = self.highlighter.as_ref();
        let fresh: Vec<(usize, RenderedBody)> = body_set
            .par_iter()
            .map(|&j| (j, build::render_page_body(&site, hl, j)))
            .collect();
        let mut diags = Diagnostics::default();
        let mut old_bodies = Vec::new();
        for (j, b) in fresh {
            diags.extend(b.problems.iter().cloned());
            old_bodies.push((j, std::mem::replace(&mut bodies[j], b)));
        }
        let mut old_sections = Vec::new();
        for &s in &section_set {
            let b = build::render_section_body(&site, hl, s);
            diags.extend(b.problems.iter().cloned());
            old_sections.push((s, std::mem::replace(&mut section_bodies[s], b)));
        }
        let graph = site.resolve(bodies, section_bodies, &mut diags);
        lap("resolve");
        let undo = Undo {
            pages: edits,
            bodies: old_bodies,
            sections: old_sections,
        };
        match self.render_edits(&graph, &before, &edited, &undo, diags) {
            Ok(update) => {
                self.graph = Some(graph);
                Ok(update)
            }
            Err(e) => {
                self.graph = Some(undo.apply(graph));
                Err(e)
            }
        }
    }

    /// Renders and checks what depends on the edited pages, and keeps the
    /// result if all is well.
    fn render_edits(
        &mut self,
        graph: &SiteGraph,
        before: &Before,
        edited: &[usize],
        undo: &Undo,
        mut diags: Diagnostics,
    ) -> Result<Update, BuildError> {
        if diags.has_errors() {
            diags.sort();
            return Err(BuildError::Content(diags));
        }
        // Headings, anchors and links are all in the HTML.
        let differs = |a: &RenderedBody, b: &RenderedBody| a.html != b.html;
        let bodies: HashSet<usize> = undo
            .bodies
            .iter()
            .filter(|(j, old)| differs(old, &graph.bodies[*j]))
            .map(|(j, _)| *j)
            .collect();
        let sections: HashSet<usize> = undo
            .sections
            .iter()
            .filter(|(s, old)| differs(old, &graph.section_bodies[*s]))
            .map(|(s, _)| *s)
            .collect();
        let changed = Changed {
            edited,
            bodies: &bodies,
            sections: &sections,
        };
        let (jobs, html_paths) = policy::dirty_jobs(before, graph, &changed, &self.parts.html);
        lap("dirty_jobs");
        let rendered = pages::render_jobs(graph, &self.theme, &jobs)
            .map_err(|e| build::template_failure(&e, &self.root, &graph.site.config.theme))?;

        let mut files = (*self.files).clone();
        lap("render+clone");
        let mut changed_paths = BTreeSet::new();
        let mut dupes = Vec::new();
        for p in self.parts.html.difference(&html_paths) {
            files.remove(p);
            changed_paths.insert(p.clone());
        }
        let rendered_paths: BTreeSet<String> = rendered.iter().map(|(p, _)| p.clone()).collect();
        for (path, html) in rendered {
            if !self.parts.html.contains(&path) && files.contains_key(&path) {
                dupes.push(path.clone());
            }
            put(&mut files, path, FileContent::Bytes(html.into_bytes()), &mut changed_paths);
        }
        let mut derived = Output::default();
        let html_list: Vec<String> = html_paths.iter().cloned().collect();
        build::render_derived(graph, &html_list, &mut derived);
        lap("derived");
        for f in &derived.files {
            if !self.parts.derived.contains(&f.path) && files.contains_key(&f.path) {
                dupes.push(f.path.clone());
            }
        }
        let derived_paths = replace_part(&mut files, &self.parts.derived, derived, &mut changed_paths);
        lap("replace");
        if !dupes.is_empty() {
            let mut d = Diagnostics::default();
            for p in dupes {
                d.push(Diagnostic::error(p, None, "two files of the site would be written at this path (a page and a section, or a static file and a page)"));
            }
            return Err(BuildError::Content(d));
        }

        // Links: of the pages rendered, and of the pages whose Markdown
        // links into a page that changed or went away.
        let touched: HashSet<&str> = changed_paths.iter().map(String::as_str).collect();
        let mut to_check: BTreeSet<String> = rendered_paths.clone();
        for (j, b) in graph.bodies.iter().enumerate() {
            if b.links.iter().any(|(l, _)| touched.contains(l.split('#').next().unwrap_or(""))) {
                to_check.insert(graph.site.page_path(j));
            }
        }
        let list: Vec<&str> = to_check.iter().map(String::as_str).collect();
        lap("to_check");
        let html = |p: &str| match files.get(p).map(|c| &**c) {
            Some(FileContent::Bytes(b)) if p.ends_with(".html") => std::str::from_utf8(b).ok(),
            _ => None,
        };
        let exists = |p: &str| files.contains_key(p);
        let mut problems = check::check_links_of(&list, &html, &exists, &Default::default());
        if !problems.is_empty() {
            // Again, knowing where each link was written.
            problems = check::check_links_of(&list, &html, &exists, &build::link_origins(graph));
        }
        diags.extend(problems);
        lap("check");
        if diags.has_errors() {
            diags.sort();
            return Err(BuildError::Content(diags));
        }

        let shown: HashSet<&Path> = edited
            .iter()
            .map(|&i| graph.site.content.pages[i].display_path.as_path())
            .collect();
        diags.sort();
        let warnings = diags
            .into_vec()
            .into_iter()
            .filter(|d| shown.contains(d.path.as_path()))
            .collect();
        self.files = Arc::new(files);
        self.parts.html = html_paths;
        self.parts.derived = derived_paths;
        self.generation += 1;
        self.search_stale = graph.site.config.search.enabled;
        Ok(Update {
            scope: Scope::Pages,
            rendered: rendered_paths,
            changed: changed_paths,
            warnings,
            elapsed: Duration::ZERO,
        })
    }
}

impl Update {
    fn nothing() -> Update {
        Update {
            scope: Scope::Nothing,
            rendered: BTreeSet::new(),
            changed: BTreeSet::new(),
            warnings: Vec::new(),
            elapsed: Duration::ZERO,
        }
    }
}

/// What to put back if an edit cannot be built.
struct Undo {
    /// The pages before the edit, at their places.
    pages: Vec<(usize, Page)>,
    bodies: Vec<(usize, RenderedBody)>,
    sections: Vec<(usize, RenderedBody)>,
}

impl Undo {
    fn apply(mut self, graph: SiteGraph) -> SiteGraph {
        let SiteGraph {
            site,
            mut bodies,
            mut section_bodies,
            ..
        } = graph;
        let site = swap_pages(site, &mut self.pages);
        for (j, b) in self.bodies {
            bodies[j] = b;
        }
        for (s, b) in self.sections {
            section_bodies[s] = b;
        }
        let mut ignored = Diagnostics::default();
        site.resolve(bodies, section_bodies, &mut ignored)
    }
}

/// Puts `pages` in the site at their places, leaving the pages they replace
/// in `pages`.
fn swap_pages(site: Site, pages: &mut [(usize, Page)]) -> Site {
    site.replace_pages(pages)
}

/// Every file of the site from a resolved graph; the search index is left
/// out. Checked like a build: no two files at one path, every link reaches.
fn render_everything(
    graph: &SiteGraph,
    theme: &Theme,
    root: &Path,
) -> Result<(Files, Parts, Diagnostics), BuildError> {
    let html = pages::render_html(graph, theme)
        .map_err(|e| build::template_failure(&e, root, &graph.site.config.theme))?;
    let html_paths: Vec<String> = html.iter().map(|(p, _)| p.clone()).collect();
    let mut parts = Parts {
        html: html_paths.iter().cloned().collect(),
        ..Parts::default()
    };
    let mut output = Output::default();
    for (path, body) in html {
        output.add(path, body);
    }
    let mut derived = Output::default();
    build::render_derived(graph, &html_paths, &mut derived);
    parts.derived = derived.files.iter().map(|f| f.path.clone()).collect();
    output.files.extend(derived.files);
    let mut copied = Output::default();
    site_files::copy_files(graph, theme, &mut copied);
    parts.copied = copied.files.iter().map(|f| f.path.clone()).collect();
    output.files.extend(copied.files);
    let (output, diags) = build::finish_output(output, &build::link_origins(graph))?;
    let files = output
        .files
        .into_iter()
        .map(|f| (f.path, Arc::new(f.content)))
        .collect();
    Ok((files, parts, diags))
}

/// Sets one file, noting it as changed if its content differs.
fn put(files: &mut Files, path: String, content: FileContent, changed: &mut BTreeSet<String>) {
    let same = files.get(&path).is_some_and(|old| same_content(old, &content));
    if !same {
        changed.insert(path.clone());
        files.insert(path, Arc::new(content));
    }
}

/// Replaces the files of one part (`old` paths) by those of `new`; returns
/// the part's new paths.
fn replace_part(
    files: &mut Files,
    old: &BTreeSet<String>,
    new: Output,
    changed: &mut BTreeSet<String>,
) -> BTreeSet<String> {
    let paths: BTreeSet<String> = new.files.iter().map(|f| f.path.clone()).collect();
    for p in old.difference(&paths) {
        files.remove(p);
        changed.insert(p.clone());
    }
    for f in new.files {
        put(files, f.path, f.content, changed);
    }
    paths
}

fn same_content(a: &FileContent, b: &FileContent) -> bool {
    match (a, b) {
        (FileContent::Bytes(x), FileContent::Bytes(y)) => x == y,
        (FileContent::Copy(x), FileContent::Copy(y)) => x == y,
        _ => false,
    }
}

/// Paths added, removed or changed between two sets of files.
fn diff(old: &Files, new: &Files) -> BTreeSet<String> {
    let mut changed: BTreeSet<String> = old
        .keys()
        .filter(|p| !new.contains_key(*p))
        .cloned()
        .collect();
    let by_path: HashMap<&String, &Arc<FileContent>> = old.iter().collect();
    changed.extend(
        new.par_iter()
            .filter(|(p, c)| {
                by_path
                    .get(p)
                    .is_none_or(|o| !Arc::ptr_eq(o, c) && !same_content(o, c))
            })
            .map(|(p, _)| p.clone())
            .collect::<Vec<_>>(),
    );
    changed
}

#[cfg(test)]
#[path = "rebuild_tests.rs"]
mod tests;

pub(crate) fn lap(label: &str) {
    use std::sync::Mutex;
    static LAST: Mutex<Option<Instant>> = Mutex::new(None);
    if std::env::var_os("NOIBO_TIMINGS").is_none() {
        return;
    }
    let mut last = LAST.lock().unwrap();
    let now = Instant::now();
    if let Some(l) = *last {
        eprintln!("T {label}: {} ms", (now - l).as_millis());
    }
    *last = Some(now);
}
