//! The folder a build writes through: files go into a temporary folder
//! beside the output as they are made, and the folder is swapped in whole at
//! the end, so that a failed or killed build leaves the previous site as it
//! was.

use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use super::{FileContent, Sink, WriteStats, remove_stale, safe_relative, sibling};
use crate::cache::{Entry, Stamp};
use crate::diagnostics::FatalError;

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
    /// What the build cache is to know of every file, if it is kept.
    record: Option<Mutex<Vec<(String, Entry)>>>,
    /// Whether there is a previous site to take unchanged files from: into
    /// a fresh folder, no file is looked for there.
    previous: bool,
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
        })
    }

    /// Writes one file of the site, at `path` from the site root, and
    /// records it for the build cache if it is kept: its hash, or for a
    /// copied file its source's stamp (taken before the copy, so that a
    /// source changed meanwhile is copied again next time), and the stamp
    /// of the file written.
    fn write_file(&self, path: &str, content: &FileContent) -> Result<(), FatalError> {
        let rel = safe_relative(path).ok_or_else(|| {
            FatalError::new(format!(
                "refusing to write outside the output folder: {path}"
            ))
        })?;
        let known = self.record.as_ref().map(|_| match content {
            FileContent::Bytes(b) => (crate::cache::short_hash(b), None),
            FileContent::Copy(src) => ([0; 16], Stamp::of(src)),
        });
        let target = self.tmp.join(&rel);
        let stamp = self.link_or_write(&rel, &target, content, known.is_some())?;
        if let (Some(record), Some((hash, source)), Some(stamp)) = (&self.record, known, stamp) {
            let entry = Entry {
                hash,
                stamp,
                source,
            };
            let mut record = record.lock().unwrap_or_else(|e| e.into_inner());
            record.push((path.to_string(), entry));
        }
        Ok(())
    }

    /// Puts the file at `target`: hard-linked from the previous site if it
    /// is the same there (keeping its modification time), else written.
    /// Returns its stamp if `stamp` asks for it: of the file just written,
    /// from its handle, so that no path is looked up again.
    fn link_or_write(
        &self,
        rel: &Path,
        target: &Path,
        content: &FileContent,
        stamp: bool,
    ) -> Result<Option<Stamp>, FatalError> {
        let old = self.out.join(rel);
        let same = self.previous
            && match content {
                FileContent::Bytes(bytes) => same_bytes(&old, bytes),
                FileContent::Copy(src) => same_file_content(&old, src),
            };
        if same
            && self
                .in_folder(target, || std::fs::hard_link(&old, target))
                .is_ok()
        {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(stamp.then(|| Stamp::of(target)).flatten());
        }
        match content {
            FileContent::Bytes(bytes) => {
                let create = || std::fs::File::create(target);
                let mut f = self
                    .in_folder(target, create)
                    .map_err(|e| FatalError::io(target, e))?;
                f.write_all(bytes).map_err(|e| FatalError::io(target, e))?;
                Ok(stamp.then(|| Stamp::of_file(&f)).flatten())
            }
            FileContent::Copy(src) => {
                self.in_folder(target, || std::fs::copy(src, target))
                    .map_err(|e| FatalError::io(src, e))?;
                Ok(stamp.then(|| Stamp::of(target)).flatten())
            }
        }
    }

    /// Runs `put`, which makes the file `target`; if its folder is not
    /// there yet, makes the folder and runs `put` again. The folder is not
    /// asked for first: a folder of many files (the search index's) is
    /// made once, and a page's own folder is made when its file is.
    fn in_folder<T>(
        &self,
        target: &Path,
        put: impl Fn() -> std::io::Result<T>,
    ) -> std::io::Result<T> {
        match put() {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => match target.parent() {
                Some(parent) if parent != self.tmp => {
                    std::fs::create_dir_all(parent)?;
                    put()
                }
                _ => Err(e),
            },
            other => other,
        }
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
        // the stamps were taken as the files were written: the swap moves
        // the files, it does not change them
        let files = record.unwrap_or_default().into_iter().collect();
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

impl Sink for Staging {
    fn put(&self, path: String, content: FileContent) -> Result<(), FatalError> {
        self.write_file(&path, &content)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Output;

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

    #[test]
    fn records_each_file_as_it_lies_once_swapped_in() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let src = dir.path().join("s.txt");
        std::fs::write(&src, "S").unwrap();
        let build = |html: &str| {
            let staging = Staging::begin(&out, true).unwrap();
            let page = FileContent::Bytes(html.as_bytes().to_vec());
            staging.write_file("a/index.html", &page).unwrap();
            staging
                .write_file("s.txt", &FileContent::Copy(src.clone()))
                .unwrap();
            staging.commit(|| Ok(())).unwrap()
        };
        let on_disk = |p: &str| Stamp::of(&out.join(p)).unwrap();
        for (html, unchanged) in [("A", 0), ("A", 2), ("B", 1)] {
            let (stats, files) = build(html);
            assert_eq!(stats.unchanged, unchanged);
            let page = &files["a/index.html"];
            assert_eq!(page.hash, crate::cache::short_hash(html.as_bytes()));
            assert_eq!((page.stamp, page.source), (on_disk("a/index.html"), None));
            let copy = &files["s.txt"];
            assert_eq!(
                (copy.stamp, copy.source),
                (on_disk("s.txt"), Stamp::of(&src))
            );
        }
    }
}
