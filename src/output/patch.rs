//! A rebuild into an output folder the build cache knows: only the files
//! whose bytes changed are written (into a folder beside the output, then
//! moved in), files the site no longer has are deleted, and every other
//! file is left alone, with its modification time.
//!
//! The moves and deletions are listed in a journal written, whole, before
//! the first one is made. A build killed while they are made leaves the
//! journal behind, and the next build finishes them before anything else
//! ([`recover`]); the build cache is removed before the first move, so that
//! next build is a full one.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::iter::Either;
use rayon::prelude::*;

use super::{FileContent, Sink, WriteStats, safe_relative, sibling};
use crate::cache::{Entry, Stamp, short_hash};
use crate::diagnostics::FatalError;

/// A file written into the patch: its path, short hash and, for a copied
/// file, its source's stamp.
type Written = (String, [u8; 16], Option<Stamp>);

const JOURNAL: &str = "JOURNAL";
const FILES: &str = "files";

/// An update of the output folder, in progress.
pub(crate) struct Patch {
    out: PathBuf,
    tmp: PathBuf,
    previous: HashMap<String, Entry>,
    /// Files of the output that are as the cache says.
    intact: HashSet<String>,
    /// Files, links and others in the output folder that the last build
    /// did not write (put there by hand): deleted, as a full build would.
    foreign: Vec<String>,
    /// Files written into `tmp`, with their hash and source stamp.
    written: Mutex<Vec<Written>>,
    unchanged: AtomicUsize,
    committed: bool,
}

impl Patch {
    /// Starts updating `out`, which the last build left as `previous` says.
    pub(crate) fn begin(out: &Path, previous: HashMap<String, Entry>) -> Result<Patch, FatalError> {
        super::remove_stale(out);
        let tmp = sibling(out, "patch");
        std::fs::create_dir_all(tmp.join(FILES)).map_err(|e| FatalError::io(&tmp, e))?;
        let mut found = Vec::new();
        scan(out, "", &mut found);
        let (intact, foreign): (Vec<_>, Vec<_>) =
            found
                .into_par_iter()
                .partition_map(|(p, stamp)| match previous.get(&p) {
                    Some(e) if stamp.is_some() && stamp == Some(e.stamp) => Either::Left(p),
                    Some(_) => Either::Right(None),
                    None => Either::Right(Some(p)),
                });
        Ok(Patch {
            out: out.to_path_buf(),
            tmp,
            previous,
            intact: intact.into_iter().collect(),
            foreign: foreign.into_iter().flatten().collect(),
            written: Mutex::new(Vec::new()),
            unchanged: AtomicUsize::new(0),
            committed: false,
        })
    }

    fn kept(&self, path: &str, same: impl FnOnce(&Entry) -> bool) -> bool {
        let keep = self.intact.contains(path) && self.previous.get(path).is_some_and(same);
        if keep {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
        }
        keep
    }

    fn write_file(&self, path: &str, content: FileContent) -> Result<(), FatalError> {
        let rel = safe_relative(path).ok_or_else(|| {
            FatalError::new(format!(
                "refusing to write outside the output folder: {path}"
            ))
        })?;
        let target = self.tmp.join(FILES).join(&rel);
        let make_parent = || match target.parent() {
            Some(parent) => std::fs::create_dir_all(parent).map_err(|e| FatalError::io(parent, e)),
            None => Ok(()),
        };
        let (hash, source) = match content {
            FileContent::Bytes(bytes) => {
                let hash = short_hash(&bytes);
                if self.kept(path, |e| e.hash == hash) {
                    return Ok(());
                }
                make_parent()?;
                std::fs::write(&target, bytes).map_err(|e| FatalError::io(&target, e))?;
                (hash, None)
            }
            FileContent::Copy(src) => {
                let stamp = Stamp::of(&src);
                if stamp.is_some() && self.kept(path, |e| e.source == stamp) {
                    return Ok(());
                }
                make_parent()?;
                std::fs::copy(&src, &target).map_err(|e| FatalError::io(&src, e))?;
                ([0; 16], stamp)
            }
        };
        self.written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((path.to_string(), hash, source));
        Ok(())
    }

    /// Moves the files written into the output folder and deletes those of
    /// the last build that are not among `all` (every path of the site).
    /// `before` runs once the journal is written, before the first move.
    /// Returns what the output folder now holds, for the cache.
    pub(crate) fn commit(
        mut self,
        all: &HashSet<&str>,
        before: impl FnOnce() -> Result<(), FatalError>,
    ) -> Result<(WriteStats, HashMap<String, Entry>), FatalError> {
        let written = std::mem::take(&mut *self.written.lock().unwrap_or_else(|e| e.into_inner()));
        let gone: Vec<&String> = self
            .previous
            .keys()
            .filter(|p| !all.contains(p.as_str()))
            .collect();
        let mut journal = String::new();
        for (p, _, _) in &written {
            journal.push_str(&format!("M {p}\n"));
        }
        for p in gone.iter().copied().chain(&self.foreign) {
            journal.push_str(&format!("D {p}\n"));
        }
        super::write_cache_file(&self.tmp.join(JOURNAL), journal.as_bytes())
            .map_err(|e| FatalError::io(&self.tmp, e))?;
        before()?;
        apply(&self.tmp, &self.out, &journal)?;
        let _ = std::fs::remove_dir_all(&self.tmp);
        self.committed = true;
        let intact = std::mem::take(&mut self.intact);
        // kept in its own table: no entry hashed and placed again
        let mut files: HashMap<String, Entry> = std::mem::take(&mut self.previous);
        files.retain(|p, _| all.contains(p.as_str()) && intact.contains(p));
        for (p, hash, source) in written {
            if let Some(stamp) = Stamp::of(&self.out.join(&p)) {
                files.insert(
                    p,
                    Entry {
                        hash,
                        stamp,
                        source,
                    },
                );
            }
        }
        let stats = WriteStats {
            unchanged: self.unchanged.load(Ordering::Relaxed),
        };
        Ok((stats, files))
    }
}

impl Sink for Patch {
    fn put(&self, path: String, content: FileContent) -> Result<(), FatalError> {
        self.write_file(&path, content)
    }

    fn holds(&self, path: &str) -> bool {
        self.intact.contains(path)
    }

    fn read_back(&self, path: &str) -> Result<Vec<u8>, FatalError> {
        let file = self.out.join(path);
        std::fs::read(&file).map_err(|e| FatalError::io(&file, e))
    }
}

impl Drop for Patch {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

/// Makes the moves and deletions of `journal`; moves already made (by a
/// build killed midway) are passed over.
fn apply(tmp: &Path, out: &Path, journal: &str) -> Result<(), FatalError> {
    for line in journal.lines() {
        let (op, path) = line.split_at(2.min(line.len()));
        let Some(rel) = safe_relative(path) else {
            continue;
        };
        let target = out.join(&rel);
        match op {
            "M " => {
                let from = tmp.join(FILES).join(&rel);
                if !from.exists() {
                    continue;
                }
                if let Some(parent) = target.parent() {
                    std::fs::create_dir_all(parent).map_err(|e| FatalError::io(parent, e))?;
                }
                std::fs::rename(&from, &target).map_err(|e| FatalError::io(&target, e))?;
            }
            "D " => {
                let _ = std::fs::remove_file(&target);
                remove_empty_parents(out, &target);
            }
            _ => {}
        }
    }
    Ok(())
}

fn remove_empty_parents(out: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == out || !d.starts_with(out) || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// Every entry below the folder `dir` of the output (`rel` from its root)
/// but folders: files with their stamp, links and others without.
/// Links are never followed. One thread does it all: it runs beside the
/// loading of the content, whose threads it would otherwise hold up.
fn scan(dir: &Path, rel: &str, out: &mut Vec<(String, Option<Stamp>)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let path = if rel.is_empty() {
            name
        } else {
            format!("{rel}/{name}")
        };
        match e.file_type() {
            Ok(t) if t.is_dir() => scan(&e.path(), &path, out),
            Ok(t) if t.is_file() => out.push((path, Stamp::of_entry(&e))),
            _ => out.push((path, None)),
        }
    }
}

/// Finishes the update of a build killed while it moved files in, or
/// removes one killed before.
pub(super) fn recover(tmp: &Path, out: &Path) {
    if let Ok(journal) = std::fs::read_to_string(tmp.join(JOURNAL)) {
        let _ = apply(tmp, out, &journal);
    }
    let _ = std::fs::remove_dir_all(tmp);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry_of(out: &Path, p: &str) -> Entry {
        let bytes = std::fs::read(out.join(p)).unwrap();
        Entry {
            hash: short_hash(&bytes),
            stamp: Stamp::of(&out.join(p)).unwrap(),
            source: None,
        }
    }

    #[test]
    fn writes_only_what_changed_and_deletes_what_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(out.join("a")).unwrap();
        std::fs::create_dir_all(out.join("gone")).unwrap();
        for (p, t) in [("a/index.html", "A"), ("b.txt", "B"), ("gone/x.txt", "X")] {
            std::fs::write(out.join(p), t).unwrap();
        }
        let previous: HashMap<String, Entry> = ["a/index.html", "b.txt", "gone/x.txt"]
            .iter()
            .map(|p| (p.to_string(), entry_of(&out, p)))
            .collect();
        let before_a = Stamp::of(&out.join("a/index.html")).unwrap();
        std::fs::create_dir_all(out.join("hand")).unwrap();
        std::fs::write(out.join("hand/junk.txt"), "J").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path(), out.join("link")).unwrap();
        let patch = Patch::begin(&out, previous).unwrap();
        assert!(patch.holds("a/index.html"));
        patch
            .put("a/index.html".into(), FileContent::Bytes(b"A".to_vec()))
            .unwrap();
        patch
            .put("b.txt".into(), FileContent::Bytes(b"B2".to_vec()))
            .unwrap();
        patch
            .put("c/new.txt".into(), FileContent::Bytes(b"C".to_vec()))
            .unwrap();
        let all: HashSet<&str> = ["a/index.html", "b.txt", "c/new.txt"].into();
        let (stats, files) = patch.commit(&all, || Ok(())).unwrap();
        assert_eq!(stats.unchanged, 1);
        assert_eq!(Stamp::of(&out.join("a/index.html")), Some(before_a));
        assert_eq!(std::fs::read_to_string(out.join("b.txt")).unwrap(), "B2");
        assert_eq!(std::fs::read_to_string(out.join("c/new.txt")).unwrap(), "C");
        assert!(!out.join("gone").exists(), "empty folder left behind");
        assert!(
            !out.join("hand").exists(),
            "a file put there by hand is left"
        );
        assert!(std::fs::symlink_metadata(out.join("link")).is_err());
        let mut paths: Vec<_> = files.keys().cloned().collect();
        paths.sort();
        assert_eq!(paths, ["a/index.html", "b.txt", "c/new.txt"]);
        assert_eq!(files["b.txt"], entry_of(&out, "b.txt"));
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "the patch folder is left behind");
    }

    #[test]
    fn a_file_changed_by_hand_is_written_again() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("a.txt"), "A").unwrap();
        let previous: HashMap<String, Entry> =
            [("a.txt".to_string(), entry_of(&out, "a.txt"))].into();
        std::fs::write(out.join("a.txt"), "hand edit").unwrap();
        let patch = Patch::begin(&out, previous).unwrap();
        assert!(!patch.holds("a.txt"));
        patch
            .put("a.txt".into(), FileContent::Bytes(b"A".to_vec()))
            .unwrap();
        patch.commit(&["a.txt"].into(), || Ok(())).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a.txt")).unwrap(), "A");
    }

    #[test]
    fn a_journal_left_by_a_killed_build_is_finished() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("old.txt"), "O").unwrap();
        let tmp = sibling(&out, "patch");
        std::fs::create_dir_all(tmp.join(FILES).join("d")).unwrap();
        std::fs::write(tmp.join(FILES).join("d/new.txt"), "N").unwrap();
        std::fs::write(tmp.join(JOURNAL), "M d/new.txt\nD old.txt\n").unwrap();
        recover(&tmp, &out);
        assert_eq!(std::fs::read_to_string(out.join("d/new.txt")).unwrap(), "N");
        assert!(!out.join("old.txt").exists());
        assert!(!tmp.exists());
    }
}
