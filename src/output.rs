//! The write stage, and the only code in noibo that writes or deletes files
//! of a site: the build goes into a temporary folder beside `output_dir` and
//! replaces it only once complete, so a failed or interrupted build leaves
//! the previous site untouched.
//!
//! Files whose bytes did not change are hard-linked from the previous build
//! instead of written again, keeping their modification time, so `rsync`
//! deploys copy only what changed.
//!
//! The render stage hands each file to a [`Sink`] as soon as it is made: a
//! build writes through a [`Staging`] folder, so the whole site is never held
//! in memory; `serve` keeps its site in a [`Memory`]; `check` writes
//! nothing ([`Discard`]).

use std::collections::{HashMap, HashSet};
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::cache::{Entry, Stamp};
use crate::diagnostics::FatalError;

mod patch;

pub(crate) use patch::Patch;

/// What one output file holds.
#[derive(Debug, Clone)]
pub(crate) enum FileContent {
    Bytes(Vec<u8>),
    /// Copied from a source file (attachments, static files of the site).
    Copy(PathBuf),
}

/// One file of the built site, by its path from the site root.
#[derive(Debug, Clone)]
pub(crate) struct OutputFile {
    pub path: String,
    pub content: FileContent,
}

/// The whole built site, in memory, ready to be written.
#[derive(Debug, Default)]
pub(crate) struct Output {
    pub files: Vec<OutputFile>,
}

impl Output {
    pub(crate) fn add(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.push(OutputFile {
            path: path.into(),
            content: FileContent::Bytes(bytes.into()),
        });
    }

    pub(crate) fn copy(&mut self, path: impl Into<String>, source: PathBuf) {
        self.files.push(OutputFile {
            path: path.into(),
            content: FileContent::Copy(source),
        });
    }
}

/// Where the render stage puts each file of the site, from any thread.
pub(crate) trait Sink: Sync {
    /// Takes the file at `path` from the site root.
    fn put(&self, path: String, content: FileContent) -> Result<(), FatalError>;

    /// Whether the file at `path` is already there as the last build left
    /// it, so that a file made from the same inputs need not be made again.
    fn holds(&self, _path: &str) -> bool {
        false
    }

    /// The bytes of a file [`Sink::holds`] answered for.
    fn read_back(&self, path: &str) -> Result<Vec<u8>, FatalError> {
        Err(FatalError::new(format!("{path} is not kept")))
    }
}

/// Files kept in memory (`serve`, tests), in the order they came.
#[derive(Debug, Default)]
pub(crate) struct Memory {
    files: Mutex<Vec<OutputFile>>,
}

impl Memory {
    /// The files, sorted by path.
    pub(crate) fn into_output(self) -> Output {
        let mut files = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Output { files }
    }
}

impl Sink for Memory {
    fn put(&self, path: String, content: FileContent) -> Result<(), FatalError> {
        let file = OutputFile { path, content };
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(file);
        Ok(())
    }
}

/// Files let go of (`noibo check`).
pub(crate) struct Discard;

impl Sink for Discard {
    fn put(&self, _: String, _: FileContent) -> Result<(), FatalError> {
        Ok(())
    }
}

impl Sink for Staging {
    fn put(&self, path: String, content: FileContent) -> Result<(), FatalError> {
        self.write_file(&path, &content)
    }
}

/// Lexically normalises `p` (no `.`/`..`), made absolute against `base`.
fn absolute(base: &Path, p: &Path) -> PathBuf {
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        base.join(p)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Checks that `output` is a folder noibo may replace, and returns it as an
/// absolute path. Refuses `/`, the home folder, the site root or any folder
/// above it, anything inside the site's sources, a folder holding
/// `site.toml` or `content/`, and a symbolic link.
pub(crate) fn checked_output_dir(root: &Path, output: &Path) -> Result<PathBuf, FatalError> {
    let root_abs = std::fs::canonicalize(root).map_err(|e| FatalError::io(root, e))?;
    let mut out = absolute(&root_abs, output);
    // Resolve symbolic links in the existing part of the path (the nearest
    // existing folder above it), so a link cannot lead into the sources.
    if let Some((existing, rest)) = out
        .ancestors()
        .skip(1)
        .find(|a| a.exists())
        .and_then(|a| Some((a.to_path_buf(), out.strip_prefix(a).ok()?.to_path_buf())))
        && let Ok(real) = std::fs::canonicalize(&existing)
    {
        out = real.join(rest);
    }
    let refuse = |why: &str| {
        Err(FatalError::new(format!(
            "refusing output folder {}: {why}",
            out.display()
        )))
    };
    if out.parent().is_none() {
        return refuse("it is the root of the file system");
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from)
        && std::fs::canonicalize(&home)
            .map(|h| h.starts_with(&out))
            .unwrap_or(home.starts_with(&out))
    {
        return refuse("it is the home folder or a folder above it");
    }
    if root_abs.starts_with(&out) {
        return refuse("it is the site root or a folder above it");
    }
    for source in ["content", "themes", "templates", "static"] {
        if out.starts_with(root_abs.join(source)) {
            return refuse(&format!("it is inside the site's {source}/ folder"));
        }
    }
    if out.join("site.toml").exists() || out.join("content").exists() {
        return refuse("it holds a site (site.toml or content/)");
    }
    match std::fs::symlink_metadata(&out) {
        Ok(m) if m.file_type().is_symlink() => return refuse("it is a symbolic link"),
        Ok(m) if !m.is_dir() => return refuse("it is a file, not a folder"),
        _ => {}
    }
    Ok(out)
}

fn sibling(out: &Path, tag: &str) -> PathBuf {
    let name = out.file_name().unwrap_or_default().to_string_lossy();
    out.with_file_name(format!(".{name}.noibo-{tag}-{}", std::process::id()))
}

/// Removes temporary folders left by builds that were killed. A build
/// killed between the two renames of the swap left the previous site only
/// as `.NAME.noibo-old-*`: that one is put back first.
fn remove_stale(out: &Path) {
    let Some(parent) = out.parent() else { return };
    let name = out.file_name().unwrap_or_default().to_string_lossy();
    let tmp = format!(".{name}.noibo-tmp-");
    let old = format!(".{name}.noibo-old-");
    let patch = format!(".{name}.noibo-patch-");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let mut stale: Vec<(String, PathBuf)> = entries
        .flatten()
        .filter(|e| e.file_type().map(|t| t.is_dir()).unwrap_or(false))
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .filter(|(n, _)| n.starts_with(&tmp) || n.starts_with(&old) || n.starts_with(&patch))
        .collect();
    stale.sort();
    for (_, p) in stale.iter().filter(|(n, _)| n.starts_with(&patch)) {
        patch::recover(p, out);
    }
    stale.retain(|(n, _)| !n.starts_with(&patch));
    if std::fs::symlink_metadata(out).is_err()
        && let Some(i) = stale.iter().position(|(n, _)| n.starts_with(&old))
        && std::fs::rename(&stale[i].1, out).is_ok()
    {
        stale.remove(i);
    }
    for (_, path) in stale {
        let _ = std::fs::remove_dir_all(path);
    }
}

/// What marks the temporary file [`write_cache_file_with`] writes before
/// renaming it (`.NAME.tmp-PID-THREAD`).
const CACHE_TMP: &str = ".tmp-";

/// Removes from the folder `dir` the temporary files a build killed in
/// [`write_cache_file_with`] left there. To be called with the cache's lock
/// held, so that no other build is writing one.
pub(crate) fn remove_cache_leftovers(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') && name.contains(CACHE_TMP) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Writes a file of the build cache (`.noibo-cache/` in the site root,
/// made by noibo and never part of the site): into a temporary file first,
/// then renamed, so an entry is whole or absent, never half written.
pub fn write_cache_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_cache_file_with(path, |f| f.write_all(bytes))
}

/// [`write_cache_file`] of what `write` writes into the file.
pub fn write_cache_file_with<T>(
    path: &Path,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<T>,
) -> std::io::Result<T> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(
        ".{}{CACHE_TMP}{}-{:?}",
        path.file_name().unwrap_or_default().to_string_lossy(),
        std::process::id(),
        std::thread::current().id()
    ));
    let written = std::fs::File::create(&tmp).and_then(|mut f| write(&mut f));
    let t = written
        .and_then(|t| std::fs::rename(&tmp, path).map(|()| t))
        .inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })?;
    Ok(t)
}

/// Checks a file path from the output model: relative, no `..`.
fn safe_relative(path: &str) -> Option<PathBuf> {
    let p = Path::new(path);
    let ok = !path.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)));
    ok.then(|| p.to_path_buf())
}

/// Counts of what a write did.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct WriteStats {
    /// Files hard-linked from the previous build.
    pub unchanged: usize,
}

/// A file written: its path, short hash and, once on disk, its stamp.
pub(crate) type Written = (String, [u8; 16], Option<Stamp>);

/// A site being written: files go into a temporary folder beside the
/// output folder as soon as they are made, from any thread, and
/// [`Staging::commit`] swaps the folder in. Dropped without a commit (an
/// error, a content problem found late), it removes the temporary folder
/// and the previous site stays as it was.
pub(crate) struct Staging {
    tmp: PathBuf,
    out: PathBuf,
    unchanged: AtomicUsize,
    committed: bool,
    /// Hash and source stamp of every file, for the build cache, if kept.
    record: Option<Mutex<Vec<Written>>>,
    /// Whether there is a previous site to take unchanged files from: into
    /// a fresh folder, no file is looked for there.
    previous: bool,
    /// The folders of the staging folder made so far: a folder holding
    /// many files (the search index's) is made once, not asked for again
    /// with every file.
    made: Mutex<HashSet<PathBuf>>,
}

impl Staging {
    /// Starts writing a site that will replace `out` (already checked).
    /// `record` keeps the hash of every file, for the build cache.
    pub(crate) fn begin(out: &Path, record: bool) -> Result<Staging, FatalError> {
        remove_stale(out);
        let tmp = sibling(out, "tmp");
        std::fs::create_dir_all(&tmp).map_err(|e| FatalError::io(&tmp, e))?;
        Ok(Staging {
            tmp,
            out: out.to_path_buf(),
            unchanged: AtomicUsize::new(0),
            committed: false,
            record: record.then(Mutex::default),
            previous: std::fs::symlink_metadata(out).is_ok_and(|m| m.is_dir()),
            made: Mutex::default(),
        })
    }

    fn note(&self, path: &str, content: &FileContent) {
        let Some(record) = &self.record else { return };
        // A copied file is known by its source's stamp: no need to read it.
        let (hash, source) = match content {
            FileContent::Bytes(b) => (crate::cache::short_hash(b), None),
            FileContent::Copy(src) => ([0; 16], Stamp::of(src)),
        };
        record
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((path.to_string(), hash, source));
    }

    /// Writes one file of the site, at `path` from the site root. A file
    /// whose content is that of the previous build is hard-linked from it
    /// instead, keeping its modification time.
    fn write_file(&self, path: &str, content: &FileContent) -> Result<(), FatalError> {
        let rel = safe_relative(path).ok_or_else(|| {
            FatalError::new(format!(
                "refusing to write outside the output folder: {path}"
            ))
        })?;
        self.note(path, content);
        let target = self.tmp.join(&rel);
        if let Some(parent) = target.parent()
            && parent != self.tmp
        {
            self.make_dir(parent)?;
        }
        let old = self.out.join(&rel);
        let same = self.previous
            && match content {
                FileContent::Bytes(bytes) => same_bytes(&old, bytes),
                FileContent::Copy(src) => same_file_content(&old, src),
            };
        if same && std::fs::hard_link(&old, &target).is_ok() {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(());
        }
        match content {
            FileContent::Bytes(bytes) => {
                std::fs::write(&target, bytes).map_err(|e| FatalError::io(&target, e))?;
            }
            FileContent::Copy(src) => {
                std::fs::copy(src, &target).map_err(|e| FatalError::io(src, e))?;
            }
        }
        Ok(())
    }

    /// Makes the folder `dir` of the staging folder, and those above it,
    /// unless this build made it already.
    fn make_dir(&self, dir: &Path) -> Result<(), FatalError> {
        let made = || self.made.lock().unwrap_or_else(|e| e.into_inner());
        if made().contains(dir) {
            return Ok(());
        }
        std::fs::create_dir_all(dir).map_err(|e| FatalError::io(dir, e))?;
        made().insert(dir.to_path_buf());
        Ok(())
    }

    /// Replaces the output folder by the files written, in one step.
    /// `before` runs just before, once every file is written.
    pub(crate) fn commit(
        mut self,
        before: impl FnOnce() -> Result<(), FatalError>,
    ) -> Result<(WriteStats, HashMap<String, Entry>), FatalError> {
        before()?;
        swap_in(&self.tmp, &self.out)?;
        self.committed = true;
        let record = self
            .record
            .take()
            .map(|m| m.into_inner().unwrap_or_else(|e| e.into_inner()));
        let out = &self.out;
        let files = record
            .unwrap_or_default()
            .into_par_iter()
            .filter_map(|(p, hash, source)| {
                let stamp = Stamp::of(&out.join(&p))?;
                Some((
                    p,
                    Entry {
                        hash,
                        stamp,
                        source,
                    },
                ))
            })
            .collect();
        let stats = WriteStats {
            unchanged: self.unchanged.load(Ordering::Relaxed),
        };
        Ok((stats, files))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

fn is_plain_file(p: &Path) -> Option<std::fs::Metadata> {
    std::fs::symlink_metadata(p)
        .ok()
        .filter(|m| m.file_type().is_file())
}

fn same_bytes(old: &Path, bytes: &[u8]) -> bool {
    match is_plain_file(old) {
        Some(m) if m.len() == bytes.len() as u64 => {
            std::fs::read(old).map(|b| b == bytes).unwrap_or(false)
        }
        _ => false,
    }
}

fn same_file_content(old: &Path, src: &Path) -> bool {
    match (is_plain_file(old), std::fs::metadata(src)) {
        (Some(a), Ok(b)) if a.len() == b.len() => match (std::fs::read(old), std::fs::read(src)) {
            (Ok(x), Ok(y)) => x == y,
            _ => false,
        },
        _ => false,
    }
}

/// Removes the folder `dir` and everything in it, on every thread (a site
/// has tens of thousands of files). Symbolic links are removed, never
/// followed.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    let entries = std::fs::read_dir(dir)?.collect::<Result<Vec<_>, _>>()?;
    entries.par_iter().try_for_each(|e| {
        if e.file_type()?.is_dir() {
            remove_tree(&e.path())
        } else {
            std::fs::remove_file(e.path())
        }
    })?;
    std::fs::remove_dir(dir)
}

fn swap_in(tmp: &Path, out: &Path) -> Result<(), FatalError> {
    let exists = std::fs::symlink_metadata(out).is_ok();
    if exists {
        let old = sibling(out, "old");
        std::fs::rename(out, &old).map_err(|e| FatalError::io(out, e))?;
        if let Err(e) = std::fs::rename(tmp, out) {
            let _ = std::fs::rename(&old, out);
            return Err(FatalError::io(out, e));
        }
        if remove_tree(&old).is_err() {
            let _ = std::fs::remove_dir_all(&old);
        }
    } else {
        if let Some(parent) = out.parent() {
            std::fs::create_dir_all(parent).map_err(|e| FatalError::io(parent, e))?;
        }
        std::fs::rename(tmp, out).map_err(|e| FatalError::io(out, e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `output` to `out` (already checked) through a staging folder.
    fn write(output: &Output, out: &Path) -> Result<WriteStats, FatalError> {
        let staging = Staging::begin(out, false)?;
        output
            .files
            .par_iter()
            .try_for_each(|f| staging.write_file(&f.path, &f.content))?;
        staging.commit(|| Ok(())).map(|(s, _)| s)
    }

    #[test]
    fn refuses_dangerous_output_folders() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(root.join("site.toml"), "").unwrap();
        for bad in [
            ".",
            "..",
            "/",
            "content",
            "content/x",
            "themes/a",
            "static",
            "templates/t",
        ] {
            assert!(
                checked_output_dir(root, Path::new(bad)).is_err(),
                "{bad} accepted"
            );
        }
        assert!(checked_output_dir(root, Path::new("public")).is_ok());
    }

    #[test]
    fn writes_atomically_and_keeps_unchanged_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut o = Output::default();
        o.add("a/index.html", "A");
        o.add("b.txt", "B");
        let s = write(&o, &out).unwrap();
        assert_eq!(s.unchanged, 0);
        let mut o2 = Output::default();
        o2.add("a/index.html", "A");
        o2.add("c.txt", "C");
        let s = write(&o2, &out).unwrap();
        assert_eq!(s.unchanged, 1);
        assert!(!out.join("b.txt").exists());
        assert_eq!(std::fs::read_to_string(out.join("c.txt")).unwrap(), "C");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .filter(|e| e.file_name() != "public")
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn removes_trees_without_following_links() {
        let dir = tempfile::tempdir().unwrap();
        let keep = dir.path().join("keep");
        std::fs::create_dir(&keep).unwrap();
        std::fs::write(keep.join("k.txt"), "k").unwrap();
        let tree = dir.path().join("tree");
        for d in ["a/b/c", "d"] {
            std::fs::create_dir_all(tree.join(d)).unwrap();
            std::fs::write(tree.join(d).join("f.html"), "x").unwrap();
        }
        #[cfg(unix)]
        std::os::unix::fs::symlink(&keep, tree.join("a/link")).unwrap();
        remove_tree(&tree).unwrap();
        assert!(!tree.exists());
        assert_eq!(std::fs::read_to_string(keep.join("k.txt")).unwrap(), "k");
    }

    #[test]
    fn refuses_paths_that_escape() {
        let dir = tempfile::tempdir().unwrap();
        let mut o = Output::default();
        o.add("../evil", "x");
        assert!(write(&o, &dir.path().join("public")).is_err());
        assert!(!dir.path().join("evil").exists());
    }
}
