//! The site in memory between rebuilds, and how a change of files updates
//! it: an edit of pages already in the site re-renders only what depends on
//! them (see [`super::policy`]); a change of the theme re-renders every page
//! from the content already loaded; anything else (the configuration, files
//! added, removed or renamed, sections, attachments) rebuilds it all. Every
//! path gives the same files as `noibo build` would.
//!
//! A rebuild that fails leaves the state as it was: the last good site.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::build::{self, BuildError, BuildOptions};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::graph::SiteGraph;
use crate::model::Page;
use crate::output::{FileContent, Memory, Output};
use crate::pipeline;
use crate::progress::Progress;
use crate::render::highlight::Highlighter;
use crate::render::site_files;
use crate::render::theme::Theme;

mod edit;
mod files;

pub(crate) use files::Files;
use files::{Parts, diff, render_site, replace_part};

/// How much a rebuild had to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
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
pub(crate) struct Update {
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

/// The built site and everything needed to update it.
pub(crate) struct SiteState {
    root: PathBuf,
    /// `root` with symbolic links resolved, as file events name paths.
    abs_root: PathBuf,
    drafts: bool,
    base_url: Option<String>,
    theme: Theme,
    highlighter: Option<std::sync::Arc<Highlighter>>,
    graph: Option<SiteGraph>,
    /// Draft pages left out.
    hidden: Vec<Page>,
    files: Arc<Files>,
    parts: Parts,
    search_stale: bool,
    /// The store of the search index put in last, for the next one.
    search_store: Option<Arc<Vec<u8>>>,
    /// Counts changes of the pages, so that a search index built on another
    /// thread is put in only if no page changed meanwhile.
    generation: u64,
}

/// Pages to index for search, apart from the site, and the store of the
/// last index put in.
pub(crate) struct SearchJob {
    generation: u64,
    docs: Vec<noibo_search::SearchDoc>,
    store: Option<Arc<Vec<u8>>>,
}

impl SearchJob {
    /// Builds the index (the slow part: seconds for ten thousand pages,
    /// less when the store lets it read again only the pages that changed).
    pub(crate) fn run(self) -> SearchIndex {
        let memory = Memory::default();
        let keys = pipeline::search_doc_keys(&self.docs, None);
        let mut store = Vec::new();
        let from = pipeline::SearchFrom {
            previous: self
                .store
                .as_deref()
                .and_then(|b| noibo_search::Store::read(b)),
            ..Default::default()
        };
        // built after the pages, with the processors to itself
        let alone = noibo_search::Share::Alone;
        // Memory takes every file and a vector every byte: nothing to fail.
        let made = pipeline::write_search_index_reusing(
            &self.docs, &keys, from, alone, &mut store, &memory,
        );
        let indexed = match made {
            Ok(Ok((_, reused))) => reused.indexed,
            _ => self.docs.len(),
        };
        SearchIndex {
            generation: self.generation,
            output: memory.into_output(),
            store,
            indexed,
        }
    }
}

/// A search index built by a [`SearchJob`], and its store.
pub(crate) struct SearchIndex {
    generation: u64,
    output: Output,
    store: Vec<u8>,
    /// How many pages were indexed again (the others came from the store):
    /// what the tests check.
    #[cfg_attr(not(test), expect(dead_code))]
    pub(crate) indexed: usize,
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
    pub(crate) fn new(
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
        let prepared = build::prepare(
            root,
            config,
            drafts,
            true,
            build::Reuse::default(),
            &progress,
        )?;
        let graph = &prepared.graph;
        let (files, parts, rendered) = render_site(graph, &prepared.theme, root, &progress)?;
        progress.finish();
        let mut warnings = prepared.diags;
        warnings.extend(rendered.warnings.into_vec());
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
                search_store: None,
                generation: 0,
            },
            warnings.into_vec(),
        ))
    }

    /// The files of the site as they are now.
    pub(crate) fn files(&self) -> Arc<Files> {
        Arc::clone(&self.files)
    }

    fn graph(&self) -> &SiteGraph {
        self.graph.as_ref().expect("the state always holds a graph")
    }

    /// Whether the search index lags behind the pages (it is rebuilt apart,
    /// after the pages are served).
    pub(crate) fn search_stale(&self) -> bool {
        self.search_stale
    }

    /// The work of rebuilding the search index, to run on another thread;
    /// `None` if it is up to date.
    pub(crate) fn search_job(&self) -> Option<SearchJob> {
        self.search_stale.then(|| SearchJob {
            generation: self.generation,
            docs: site_files::search_docs(self.graph()),
            store: self.search_store.clone(),
        })
    }

    /// Puts in a search index built by [`SearchJob::run`], unless pages
    /// changed since it was started. Returns the files that changed.
    pub(crate) fn install_search(&mut self, built: SearchIndex) -> Option<BTreeSet<String>> {
        if !self.search_stale || built.generation != self.generation {
            return None;
        }
        self.search_stale = false;
        self.search_store = Some(Arc::new(built.store));
        let mut changed = BTreeSet::new();
        let mut files = (*self.files).clone();
        let new = replace_part(&mut files, &self.parts.search, built.output, &mut changed);
        self.parts.search = new;
        self.files = Arc::new(files);
        Some(changed)
    }

    /// Rebuilds everything from the files.
    pub(crate) fn rebuild_all(&mut self) -> Result<Update, BuildError> {
        let start = Instant::now();
        let mut update = self.rebuild_full()?;
        update.elapsed = start.elapsed();
        Ok(update)
    }

    /// Updates the site after the files at `paths` changed (absolute, or
    /// relative to the site root). On error the state is left as it was.
    pub(crate) fn apply(&mut self, paths: &[PathBuf]) -> Result<Update, BuildError> {
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
                } else if abs.is_dir() {
                    // Folders are reported when what they hold changes;
                    // only files added or gone matter.
                    if self.folder_changed(rel) {
                        return Plan::Full;
                    }
                } else if known || abs.exists() || !self.sources_below(rel).is_empty() {
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
        g.site
            .content
            .pages
            .iter()
            .any(|p| p.file.display_path() == rel)
            || self.hidden.iter().any(|p| p.file.display_path() == rel)
    }

    /// The source files of the site at or below `rel`, from the site root.
    fn sources_below(&self, rel: &Path) -> BTreeSet<PathBuf> {
        let c = &self.graph().site.content;
        let from_root = |p: &Path| p.strip_prefix(&self.root).unwrap_or(p).to_path_buf();
        let mut all: Vec<PathBuf> = Vec::new();
        for p in c.pages.iter().chain(&self.hidden) {
            all.push(p.file.display_path().to_path_buf());
            all.extend(p.attachments.iter().map(|a| from_root(&a.source)));
        }
        all.extend(
            c.sections
                .iter()
                .map(|s| s.file.display_path().to_path_buf()),
        );
        all.extend(c.assets.iter().map(|a| from_root(&a.source)));
        all.into_iter().filter(|p| p.starts_with(rel)).collect()
    }

    /// Whether the files below the content folder `rel` are not the ones
    /// the site was built from (some added, some gone).
    fn folder_changed(&self, rel: &Path) -> bool {
        let on_disk: BTreeSet<PathBuf> = walkdir::WalkDir::new(self.root.join(rel))
            .follow_links(false)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .map(|e| {
                rel.join(
                    e.path()
                        .strip_prefix(self.root.join(rel))
                        .unwrap_or(e.path()),
                )
            })
            .collect();
        on_disk != self.sources_below(rel)
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
        let changed = diff((&self.files, &self.parts), (&new.files, &new.parts));
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
        let (mut files, mut parts, made) =
            render_site(self.graph(), &theme, &self.root, &Progress::hidden())?;
        for (p, c) in search {
            files.entry(p.clone()).or_insert(c);
            parts.search.insert(p);
        }
        let changed = diff((&self.files, &self.parts), (&files, &parts));
        let rendered = parts.html.clone();
        self.theme = theme;
        self.files = Arc::new(files);
        self.parts = parts;
        Ok(Update {
            scope: Scope::Theme,
            rendered,
            changed,
            warnings: made.warnings.into_vec(),
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

#[cfg(test)]
mod tests;
