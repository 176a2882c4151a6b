//! The build cache, `.noibo-cache/build` in the site root: what the last
//! successful build wrote, so that the next one renders and writes only
//! what changed.
//!
//! It holds, for every file of the output folder, the hash of its bytes and
//! the length and modification time it was left with; for every HTML file,
//! the fingerprint of what it was made from and its ids (anchors); and the
//! key of the search index. Nothing in it is trusted blindly:
//!
//! * it is keyed by noibo's version, the binary itself and the site's
//!   configuration (site.toml and the command-line options); another key,
//!   a file that cannot be read back whole, or one written for another
//!   output folder is a note and a full build;
//! * a file of the output is kept only if it still has the length and
//!   modification time the cache says;
//! * the cache is removed before the output folder is touched and written
//!   again only once the output is complete, so a build killed in between
//!   leaves no cache, and the next build is a full one;
//! * `.noibo-cache/lock` keeps two builds of one site from writing at once:
//!   the second waits for the first to end.
//!
//! Beside it, `.noibo-cache/search` holds the search index's store (see
//! `noibo_search::build_index_reusing`): its blake3, the cache key, then
//! the store. It is used only if both check, and written whole, then
//! renamed, while the index is made; it describes the documents it was made
//! from by their keys, so it needs no other file of the cache to be right.

use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostics::FatalError;
use crate::render::fingerprint::Fingerprint;

/// The cache folder, in the site root.
pub(crate) const DIR: &str = ".noibo-cache";
const FILE: &str = "build";
/// The search index's store (see `noibo_search::build_index_reusing`):
/// blake3 of the rest, the cache key, then the store.
pub(crate) const SEARCH_STORE: &str = "search";
/// The page bodies the last build rendered (`build::bodies`), written as
/// the search store is.
pub(crate) const BODIES: &str = "bodies";
/// Changes whenever the layout of [`Stored`] does.
const FORMAT: &str = "noibo build cache 6";

/// One file of the output as the last build left it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Entry {
    /// blake3 of the bytes, shortened; zero for a copied file, which is
    /// known by its source's stamp instead.
    pub hash: [u8; 16],
    pub stamp: Stamp,
    /// For a copied file, the source's stamp when it was copied.
    pub source: Option<Stamp>,
}

/// The short hash the cache keeps of some bytes (blake3, first 16 bytes).
pub(crate) fn short_hash(bytes: &[u8]) -> [u8; 16] {
    let mut h = [0u8; 16];
    h.copy_from_slice(&blake3::hash(bytes).as_bytes()[..16]);
    h
}

/// Length and modification time of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub(crate) struct Stamp {
    pub len: u64,
    pub modified_ns: i128,
}

impl Stamp {
    /// The stamp of the file at `path` (not of a link or a folder).
    pub(crate) fn of(path: &Path) -> Option<Stamp> {
        Stamp::of_metadata(&std::fs::symlink_metadata(path).ok()?)
    }

    /// The stamp of a file found in a folder: asked of the folder, so that
    /// the path is not looked up again from the root.
    pub(crate) fn of_entry(e: &std::fs::DirEntry) -> Option<Stamp> {
        Stamp::of_metadata(&e.metadata().ok()?)
    }

    /// The stamp of a file through its open handle.
    pub(crate) fn of_file(f: &File) -> Option<Stamp> {
        Stamp::of_metadata(&f.metadata().ok()?)
    }

    fn of_metadata(m: &std::fs::Metadata) -> Option<Stamp> {
        if !m.file_type().is_file() {
            return None;
        }
        let t = m.modified().ok()?;
        let ns = match t.duration_since(std::time::UNIX_EPOCH) {
            Ok(d) => d.as_nanos() as i128,
            Err(e) => -(e.duration().as_nanos() as i128),
        };
        Some(Stamp {
            len: m.len(),
            modified_ns: ns,
        })
    }
}

/// An HTML file as the last build made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct PageRecord {
    pub fingerprint: Fingerprint,
    /// Its ids, sorted: the anchors other pages may link to.
    pub ids: Vec<String>,
}

/// The search index the last build wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct SearchRecord {
    /// Hash of the documents it was built from.
    pub key: [u8; 16],
    pub paths: Vec<String>,
    /// The id of the index (`noibo_search::Reused::index`), if built with
    /// the cache: which store its files go with.
    pub index: Option<u64>,
}

/// What the last build left, as read back. A build writes its own through
/// [`Cache::encode_head`] and [`Cache::write`], in the same form, its front
/// matter borrowed from the pages ([`crate::load::Keep`]).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Previous {
    pub pages: HashMap<String, PageRecord>,
    pub search: Option<SearchRecord>,
    /// Front matter of page files, by path from the site root.
    pub fronts: crate::load::Fronts,
    /// Last, so that the rest can be encoded while the output is still
    /// being put in place ([`Cache::encode_head`]).
    pub files: HashMap<String, Entry>,
}

/// The build cache encoded up to its table of output files, which only
/// the end of the build knows ([`Cache::encode_head`], [`Cache::write`]).
pub(crate) struct Head(Vec<u8>);

/// What [`Cache::encode_head`] encodes: [`Stored`] and its [`Previous`]
/// field for field, up to the output files. postcard writes a struct as
/// its fields one after the other, so the bytes are those of `Stored`
/// once the files follow them.
#[derive(Serialize)]
struct StoredHead<'a, F> {
    format: &'a str,
    key: [u8; 32],
    output: &'a Path,
    pages: AsMap<'a, PageRecord>,
    search: &'a Option<SearchRecord>,
    fronts: F,
}

/// Pairs written as a map, as a `HashMap` of them would be.
struct AsMap<'a, V>(&'a [(String, V)]);

impl<V: Serialize> Serialize for AsMap<'_, V> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

#[derive(Deserialize)]
struct Stored {
    format: String,
    key: [u8; 32],
    output: PathBuf,
    previous: Previous,
}

/// Passes what is written on to a file and digests it.
struct Digesting<'f> {
    file: &'f mut File,
    hash: blake3::Hasher,
}

impl std::io::Write for Digesting<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// The cache of one site, locked for the length of a build.
pub(crate) struct Cache {
    dir: PathBuf,
    key: [u8; 32],
    output: PathBuf,
    _lock: File,
    /// The search store, read ahead ([`Cache::read_search_store_ahead`]).
    store_ahead: std::sync::Mutex<Option<SearchStore>>,
}

/// The search index's store the last build left, decoded, or why not.
pub(crate) type SearchStore = (Option<noibo_search::Store>, Option<&'static str>);

/// A file of the cache that checks itself (the search index's store, the
/// page bodies), as read back and checked.
pub(crate) struct CheckedFile(Vec<u8>);

/// What the last build left of such a file.
pub(crate) enum StoreFound {
    Usable(CheckedFile),
    Missing,
    /// There, but not to be used: why.
    Rejected(&'static str),
}

impl CheckedFile {
    /// The store itself.
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.0[64..]
    }
}

/// The cache folder of the site at `root`.
pub(crate) fn dir(root: &Path) -> PathBuf {
    root.join(DIR)
}

/// The file `name` of the cache folder `dir`, as [`write_checked`] wrote
/// it: usable if it reads back whole and was written under `key`.
pub(crate) fn read_checked(dir: &Path, name: &str, key: &[u8; 32]) -> StoreFound {
    let bytes = match std::fs::read(dir.join(name)) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return StoreFound::Missing,
        Err(_) => return StoreFound::Rejected("cannot be read"),
    };
    let whole = bytes.len() >= 64 && blake3::hash(&bytes[32..]).as_bytes() == &bytes[..32];
    if !whole {
        StoreFound::Rejected("is damaged")
    } else if bytes[32..64] != *key {
        StoreFound::Rejected("is from another version of noibo or another configuration")
    } else {
        StoreFound::Usable(CheckedFile(bytes))
    }
}

/// Writes the file `name` of the cache folder `dir` through `write`: the
/// blake3 of the rest, `key`, then what `write` writes; in place of the
/// last one only once it is whole, so that whatever becomes of the build,
/// the file is either the last one or this one.
pub(crate) fn write_checked<T>(
    dir: &Path,
    name: &str,
    key: &[u8; 32],
    write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<T>,
) -> Result<T, FatalError> {
    use std::io::{Seek, Write};
    let path = dir.join(name);
    crate::output::write_cache_file_with(&path, |f| {
        f.write_all(&[0; 32])?;
        // The buffer comes before the digest, so that blake3 hashes long
        // runs (several blocks at once) rather than each small write.
        let d = Digesting {
            file: &mut *f,
            hash: blake3::Hasher::new(),
        };
        let mut d = std::io::BufWriter::with_capacity(1 << 20, d);
        d.write_all(key)?;
        let t = write(&mut d)?;
        let sum = d.into_inner().map_err(|e| e.into_error())?.hash.finalize();
        f.seek(std::io::SeekFrom::Start(0))?;
        f.write_all(sum.as_bytes())?;
        Ok(t)
    })
    .map_err(|e| FatalError::io(&path, e))
}

/// What was found in the cache folder.
pub(crate) enum Found {
    /// A cache for this version, configuration and output folder.
    Usable(Previous),
    /// None yet (a first build).
    Missing,
    /// One that cannot be used, and why (for a one-line note).
    Rejected(String),
}

/// The key of a build: noibo's version, the binary and the configuration.
pub(crate) fn key(site_toml: &[u8], options: &impl Serialize) -> [u8; 32] {
    let mut h = blake3::Hasher::new();
    h.update(FORMAT.as_bytes());
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    let exe = std::env::current_exe().ok().and_then(|p| Stamp::of(&p));
    crate::render::fingerprint::feed(&mut h, &exe);
    h.update(site_toml);
    crate::render::fingerprint::feed(&mut h, options);
    *h.finalize().as_bytes()
}

/// Reads what the last build of the site at `root` left, for a build
/// keyed `key` into `output`. Needs no lock: the cache file is replaced
/// whole, and what is read from it is checked against the files before it
/// is used.
pub(crate) fn peek(root: &Path, key: [u8; 32], output: &Path) -> Found {
    let bytes = match std::fs::read(dir(root).join(FILE)) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Found::Missing,
        Err(e) => return Found::Rejected(format!("cannot be read ({e})")),
    };
    // The file is its payload's blake3, then the payload: a flipped bit
    // anywhere is found before anything in it is believed.
    let whole = bytes.len() >= 32 && blake3::hash(&bytes[32..]).as_bytes() == &bytes[..32];
    if !whole {
        return Found::Rejected("is damaged".to_string());
    }
    match postcard::from_bytes::<Stored>(&bytes[32..]) {
        Err(_) => Found::Rejected("is damaged".to_string()),
        Ok(s) if s.format != FORMAT || s.key != key => {
            Found::Rejected("is from another version of noibo or another configuration".to_string())
        }
        Ok(s) if s.output != output => {
            Found::Rejected("was made for another output folder".to_string())
        }
        Ok(s) => Found::Usable(s.previous),
    }
}

impl Cache {
    /// Takes the lock of the cache of the site at `root`; refuses if
    /// another build holds it.
    pub(crate) fn open(root: &Path, key: [u8; 32], output: &Path) -> Result<Cache, FatalError> {
        let dir = self::dir(root);
        std::fs::create_dir_all(&dir).map_err(|e| FatalError::io(&dir, e))?;
        let lock_path = dir.join("lock");
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| FatalError::io(&lock_path, e))?;
        if lock.try_lock().is_err() {
            eprintln!(
                "note: waiting for another noibo build of this site to end ({} is locked)",
                lock_path.display()
            );
            lock.lock().map_err(|e| FatalError::io(&lock_path, e))?;
        }
        crate::output::remove_cache_leftovers(&dir);
        Ok(Cache {
            dir,
            key,
            output: output.to_path_buf(),
            _lock: lock,
            store_ahead: std::sync::Mutex::new(None),
        })
    }

    /// Removes the cache, before the output folder is changed.
    pub(crate) fn forget(&self) -> Result<(), FatalError> {
        let f = self.dir.join(FILE);
        match std::fs::remove_file(&f) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(FatalError::io(&f, e)),
            _ => Ok(()),
        }
    }

    /// The search index's store the last build left, if it reads back
    /// whole, was written under this cache's key and decodes; else why
    /// not. Taken from what [`Cache::read_search_store_ahead`] read, if it
    /// did, else read now.
    pub(crate) fn search_store(&self) -> SearchStore {
        let ahead = (self.store_ahead.lock())
            .unwrap_or_else(|e| e.into_inner())
            .take();
        ahead.unwrap_or_else(|| self.read_search_store())
    }

    /// Reads the search store now, on the thread that calls it, for
    /// [`Cache::search_store`] to take later: a rebuild reads it beside
    /// the loading of the content.
    pub(crate) fn read_search_store_ahead(&self) {
        let store = self.read_search_store();
        *self.store_ahead.lock().unwrap_or_else(|e| e.into_inner()) = Some(store);
    }

    fn read_search_store(&self) -> SearchStore {
        match read_checked(&self.dir, SEARCH_STORE, &self.key) {
            StoreFound::Usable(f) => match noibo_search::Store::read(f.bytes()) {
                Some(store) => (Some(store), None),
                None => (None, Some("is damaged")),
            },
            StoreFound::Missing => (None, Some("is missing")),
            StoreFound::Rejected(why) => (None, Some(why)),
        }
    }

    /// Writes the search index's store through `write`, in place of the
    /// last one once it is whole.
    pub(crate) fn write_search_store<T>(
        &self,
        write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<T>,
    ) -> Result<T, FatalError> {
        write_checked(&self.dir, SEARCH_STORE, &self.key, write)
    }

    /// Encodes all of the cache of this build but its table of output
    /// files; `pages` must not name a path twice.
    pub(crate) fn encode_head<F: Serialize>(
        &self,
        pages: &[(String, PageRecord)],
        search: &Option<SearchRecord>,
        fronts: F,
    ) -> Result<Head, FatalError> {
        let head = StoredHead {
            format: FORMAT,
            key: self.key,
            output: &self.output,
            pages: AsMap(pages),
            search,
            fronts,
        };
        // The checksum goes in front of the payload, serialised after room
        // for it: the payload is never copied.
        postcard::to_extend(&head, vec![0u8; 32])
            .map(Head)
            .map_err(|e| FatalError::new(format!("cannot write the build cache: {e}")))
    }

    /// Writes the cache of the build just completed: `head`, then `files`.
    pub(crate) fn write(
        &self,
        head: Head,
        files: &HashMap<String, Entry>,
    ) -> Result<(), FatalError> {
        let mut bytes = postcard::to_extend(files, head.0)
            .map_err(|e| FatalError::new(format!("cannot write the build cache: {e}")))?;
        let sum = blake3::hash(&bytes[32..]);
        bytes[..32].copy_from_slice(sum.as_bytes());
        let f = self.dir.join(FILE);
        crate::output::write_cache_file(&f, &bytes).map_err(|e| FatalError::io(&f, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Previous {
        let mut p = Previous::default();
        p.files.insert(
            "a/index.html".into(),
            Entry {
                hash: [7; 16],
                stamp: Stamp {
                    len: 3,
                    modified_ns: 9,
                },
                source: None,
            },
        );
        p
    }

    #[test]
    fn reads_back_what_it_wrote_and_refuses_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let root = dir.path();
        let c = Cache::open(root, [1; 32], &out).unwrap();
        assert!(matches!(peek(root, [1; 32], &out), Found::Missing));
        let page = PageRecord {
            fingerprint: Default::default(),
            ids: vec!["muc-1".into()],
        };
        let pages = [("a/index.html".to_string(), page)];
        let search = Some(SearchRecord {
            key: [3; 16],
            paths: vec!["search/idx/meta.js".into()],
            index: Some(5),
        });
        let written = sample();
        let head = c.encode_head(&pages, &search, &written.fronts).unwrap();
        c.write(head, &written.files).unwrap();
        match peek(root, [1; 32], &out) {
            Found::Usable(p) => {
                assert_eq!(p.files, written.files);
                assert_eq!(p.pages, pages.into_iter().collect());
                assert_eq!(p.search, search);
                assert!(p.fronts.is_empty());
            }
            _ => panic!("cache not usable"),
        }
        let other_key = peek(root, [2; 32], &out);
        assert!(matches!(other_key, Found::Rejected(m) if m.contains("another version")));
        let other_out = peek(root, [1; 32], &root.join("x"));
        assert!(matches!(other_out, Found::Rejected(m) if m.contains("output folder")));
        let f = root.join(DIR).join(FILE);
        let bytes = std::fs::read(&f).unwrap();
        std::fs::write(&f, &bytes[..bytes.len() / 2]).unwrap();
        assert!(matches!(peek(root, [1; 32], &out), Found::Rejected(m) if m.contains("damaged")));
        let mut flipped = bytes.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        std::fs::write(&f, &flipped).unwrap();
        assert!(matches!(peek(root, [1; 32], &out), Found::Rejected(m) if m.contains("damaged")));
    }

    #[test]
    fn one_build_at_a_time() {
        use std::sync::atomic::{AtomicBool, Ordering};
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let first = Cache::open(dir.path(), [1; 32], &out).unwrap();
        let second_in = AtomicBool::new(false);
        std::thread::scope(|s| {
            let t = s.spawn(|| {
                let c = Cache::open(dir.path(), [1; 32], &out).unwrap();
                second_in.store(true, Ordering::SeqCst);
                drop(c);
            });
            std::thread::sleep(std::time::Duration::from_millis(200));
            assert!(
                !second_in.load(Ordering::SeqCst),
                "two builds held the lock"
            );
            drop(first);
            t.join().unwrap();
        });
        assert!(second_in.load(Ordering::SeqCst));
    }

    /// A store read ahead is the one the build then takes, once; one
    /// missing or damaged says so, ahead or not.
    #[test]
    fn the_search_store_read_ahead_is_taken_once() {
        let dir = tempfile::tempdir().unwrap();
        let (root, out) = (dir.path(), dir.path().join("public"));
        let c = Cache::open(root, [1; 32], &out).unwrap();
        c.read_search_store_ahead();
        assert!(matches!(c.search_store(), (None, Some("is missing"))));
        let doc = noibo_search::SearchDoc {
            url: "a/".into(),
            kind: "directives".into(),
            title: "Tuyên truyền".into(),
            number: None,
            doc_type: None,
            issuer: None,
            signer: None,
            date: "2026-03-25".into(),
            tags: Vec::new(),
            body: "Nội dung văn bản".into(),
        };
        let docs = [doc];
        let keys = [[7; 16]];
        c.write_search_store(|w| {
            let from = noibo_search::Reuse::default();
            let alone = noibo_search::Share::Alone;
            noibo_search::build_index_reusing(&docs, &keys, from, alone, w, &mut |_| {})
        })
        .unwrap();
        c.read_search_store_ahead();
        std::fs::remove_file(dir.path().join(DIR).join(SEARCH_STORE)).unwrap();
        // taken from what was read ahead, the file gone since
        let (store, why) = c.search_store();
        assert!(store.is_some() && why.is_none());
        // and only once: read now, the file is missing
        assert!(matches!(c.search_store(), (None, Some("is missing"))));
    }
}
