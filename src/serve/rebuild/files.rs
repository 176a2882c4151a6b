//! The files of the site in memory, by what makes them, and how one set
//! of files differs from another.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::build::{self, BuildError};
use crate::diagnostics::Diagnostics;
use crate::graph::SiteGraph;
use crate::output::{FileContent, Output};
use crate::render::pages;
use crate::render::site_files;
use crate::render::theme::Theme;

/// The files of the site by path from its root.
pub type Files = BTreeMap<String, Arc<FileContent>>;

/// The output files by what makes them, so each kind can be replaced whole.
#[derive(Default, Clone)]
pub struct Parts {
    pub html: BTreeSet<String>,
    /// Feeds, sitemap, `directives.json`.
    pub derived: BTreeSet<String>,
    pub search: BTreeSet<String>,
    /// Static files, attachments, assets.
    pub copied: BTreeSet<String>,
}

/// Every file of the site from a resolved graph; the search index is left
/// out. Checked like a build: no two files at one path, every link reaches.
pub fn render_everything(
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
pub fn put(files: &mut Files, path: String, content: FileContent, changed: &mut BTreeSet<String>) {
    let same = files
        .get(&path)
        .is_some_and(|old| same_content(old, &content));
    if !same {
        changed.insert(path.clone());
        files.insert(path, Arc::new(content));
    }
}

/// Replaces the files of one part (`old` paths) by those of `new`; returns
/// the part's new paths.
pub fn replace_part(
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

pub fn same_content(a: &FileContent, b: &FileContent) -> bool {
    match (a, b) {
        (FileContent::Bytes(x), FileContent::Bytes(y)) => x == y,
        (FileContent::Copy(x), FileContent::Copy(y)) => x == y,
        _ => false,
    }
}

/// Paths added, removed or changed between two sets of files.
pub fn diff(old: &Files, new: &Files) -> BTreeSet<String> {
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
