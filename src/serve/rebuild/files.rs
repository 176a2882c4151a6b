//! The files of the site in memory, by what makes them, and how one set
//! of files differs from another.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;

use crate::build::BuildError;
use crate::cache::PageRecord;
use crate::diagnostics::FatalError;
use crate::graph::SiteGraph;
use crate::output::{FileContent, Memory, Output, Sink};
use crate::pipeline::{self, Rendered, Request};
use crate::progress::Progress;
use crate::render::theme::Theme;

/// The files of the site by path from its root.
pub(crate) type Files = BTreeMap<String, Arc<FileContent>>;

/// What a copied file was when it was last looked at: its length, its
/// modification time and, for a small file (a style sheet, a script), a
/// hash of its bytes. Its bytes are read again only when it is served, so
/// an edit in place is seen by this, not by its path.
pub(crate) type Stamp = Option<(u64, SystemTime, Option<u64>)>;

/// Files up to this size are hashed, so an edit within the resolution of
/// the file system's clock is seen too.
const HASHED_BYTES: u64 = 1 << 20;

fn stamp(source: &Path) -> Stamp {
    use std::hash::{Hash, Hasher};
    let m = std::fs::metadata(source).ok()?;
    let hash = (m.len() <= HASHED_BYTES)
        .then(|| std::fs::read(source).ok())
        .flatten()
        .map(|bytes| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            bytes.hash(&mut h);
            h.finish()
        });
    Some((m.len(), m.modified().ok()?, hash))
}

/// The output files by what makes them, so each kind can be replaced whole.
#[derive(Default, Clone)]
pub(crate) struct Parts {
    pub(crate) html: BTreeSet<String>,
    /// Feeds, sitemap, `directives.json`.
    pub(crate) derived: BTreeSet<String>,
    pub(crate) search: BTreeSet<String>,
    /// Static files, attachments, assets, with their stamps.
    pub(crate) copied: BTreeMap<String, Stamp>,
    /// The fingerprint and ids of each HTML file, as the render stage
    /// reports them: a rebuild renders again only the files whose
    /// fingerprint changed.
    pub(crate) pages: HashMap<String, PageRecord>,
}

/// Files rendered into memory over the files of the site as they are:
/// a file the site holds is one the render stage may keep.
pub(crate) struct Over<'a> {
    pub(crate) memory: Memory,
    pub(crate) files: &'a Files,
}

impl Sink for Over<'_> {
    fn put(&self, path: String, content: FileContent) -> Result<(), FatalError> {
        self.memory.put(path, content)
    }

    fn holds(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    fn read_back(&self, path: &str) -> Result<Vec<u8>, FatalError> {
        match self.files.get(path).map(|c| &**c) {
            Some(FileContent::Bytes(b)) => Ok(b.clone()),
            _ => Err(FatalError::new(format!("{path} is not in the site"))),
        }
    }
}

/// Every file of the site from a resolved graph, through the render stage
/// `noibo build` runs; the search index is left out.
pub(crate) fn render_site(
    graph: &SiteGraph,
    theme: &Theme,
    root: &Path,
    progress: &Progress,
) -> Result<(Files, Parts, Rendered), BuildError> {
    let memory = Memory::default();
    let request = Request {
        graph,
        theme,
        root,
        only: None,
        search: None,
        previous: None,
        cache: None,
    };
    let rendered = pipeline::render(request, &memory, progress)?;
    let files: Files = memory
        .into_output()
        .files
        .into_iter()
        .map(|f| (f.path, Arc::new(f.content)))
        .collect();
    let copied = rendered
        .copied
        .iter()
        .map(|p| {
            let s = match files.get(p).map(|c| &**c) {
                Some(FileContent::Copy(src)) => stamp(src),
                _ => None,
            };
            (p.clone(), s)
        })
        .collect();
    let parts = Parts {
        html: rendered.html.iter().cloned().collect(),
        derived: rendered.derived.iter().cloned().collect(),
        search: BTreeSet::new(),
        copied,
        pages: rendered.pages.iter().cloned().collect(),
    };
    Ok((files, parts, rendered))
}

/// Sets one file, noting it as changed if its content differs.
pub(crate) fn put(
    files: &mut Files,
    path: String,
    content: FileContent,
    changed: &mut BTreeSet<String>,
) {
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
pub(crate) fn replace_part(
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

/// Whether two contents are the same; two copies of one source file are
/// (whether its bytes changed is for [`diff`], from the stamps).
pub(crate) fn same_content(a: &FileContent, b: &FileContent) -> bool {
    match (a, b) {
        (FileContent::Bytes(x), FileContent::Bytes(y)) => x == y,
        (FileContent::Copy(x), FileContent::Copy(y)) => x == y,
        _ => false,
    }
}

/// Paths added, removed or changed between two sets of files, a copied
/// file also when its source changed in place.
pub(crate) fn diff(old: (&Files, &Parts), new: (&Files, &Parts)) -> BTreeSet<String> {
    let (old, old_parts) = old;
    let (new, new_parts) = new;
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
    for (p, s) in &new_parts.copied {
        if old_parts.copied.get(p).is_some_and(|o| o != s) {
            changed.insert(p.clone());
        }
    }
    changed
}
