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

use std::io::Write as _;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use crate::diagnostics::FatalError;

mod patch;
mod staging;

pub(crate) use patch::Patch;
pub(crate) use staging::Staging;

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
