//! Front matter kept between builds: a page file whose bytes, place in the
//! site and attachments are those of the last build has the front matter
//! it had then, so it is taken from the build cache instead of parsed
//! again (YAML parsing is most of the load stage).
//!
//! Pages with attachments are always parsed: their front matter is
//! completed from the files beside them (a media file's duration).
//!
//! A file is still read, but one whose stamp (length, inode, times written
//! and changed) is the one the build cache recorded is neither hashed nor
//! checked again but for UTF-8: it holds the bytes it held. The stamp is
//! recorded only for a file whose bytes were its text as they were, and
//! which had settled ([`SETTLE`]) when it was read.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use super::{decode_telling, display_path, read_bytes_stamped, utf8};
use crate::cache::short_hash;
use crate::diagnostics::Diagnostic;
use crate::model::{Attachment, FrontMatter, Kind, Page, SectionId, SourceFile};
use crate::parse::frontmatter;

/// Where the walk placed a page file.
pub(crate) struct Place<'a> {
    pub url: &'a str,
    pub section: SectionId,
    pub kind: Kind,
}

/// How long before a build reads a file it must have last changed for the
/// next build to trust the file's stamp: a change within the same tick of
/// the clock as the one before could leave the stamp as it was.
pub(crate) const SETTLE: Duration = Duration::from_secs(2);

/// What tells a file's bytes without reading them: its length, inode, and
/// the times it was last written and last changed (the latter cannot be
/// set back by hand). Unix only; elsewhere every file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct SourceStamp {
    len: u64,
    inode: u64,
    device: u64,
    modified: (i64, i64),
    changed: (i64, i64),
}

impl SourceStamp {
    #[cfg(unix)]
    fn of(m: &std::fs::Metadata) -> Option<SourceStamp> {
        use std::os::unix::fs::MetadataExt;
        Some(SourceStamp {
            len: m.len(),
            inode: m.ino(),
            device: m.dev(),
            modified: (m.mtime(), m.mtime_nsec()),
            changed: (m.ctime(), m.ctime_nsec()),
        })
    }

    #[cfg(not(unix))]
    fn of(_: &std::fs::Metadata) -> Option<SourceStamp> {
        None
    }

    /// Whether the file was last written and changed before `t`.
    fn settled(&self, t: SystemTime) -> bool {
        let Ok(d) = t.duration_since(SystemTime::UNIX_EPOCH) else {
            return false;
        };
        let t = (d.as_secs() as i64, i64::from(d.subsec_nanos()));
        self.modified < t && self.changed < t
    }
}

/// The front matter of one page file, as the build cache keeps it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Front {
    /// blake3 of the file's bytes, shortened.
    hash: [u8; 16],
    /// The file's stamp, if its bytes were its text as they were (UTF-8,
    /// NFC, no carriage return) and it had settled when read.
    stamp: Option<SourceStamp>,
    url: String,
    kind: Kind,
    front: FrontMatter,
}

/// Front matter by page file (its path from the site root).
pub(crate) type Fronts = HashMap<PathBuf, Front>;

/// What the next build may know of a page file without reading it: the
/// hash of its bytes and, if it can trust it, its stamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Known {
    hash: [u8; 16],
    stamp: Option<SourceStamp>,
}

/// What is known of each page file whose front matter the next build may
/// reuse (a page without attachments), by its path from the site root.
pub(crate) type Hashes = HashMap<PathBuf, Known>;

/// A [`Front`] borrowed from its page, written in the same form.
#[derive(Serialize)]
struct FrontRef<'a> {
    hash: [u8; 16],
    stamp: Option<SourceStamp>,
    url: &'a str,
    kind: Kind,
    front: &'a FrontMatter,
}

/// What the next build may reuse of the pages loaded now, borrowed from
/// them (no copy of any front matter) and written as [`Fronts`] are read.
pub(crate) struct Keep<'a>(Vec<(&'a Path, FrontRef<'a>)>);

impl<'a> Keep<'a> {
    /// The front matter of each of `pages` found in `hashes`.
    pub(crate) fn new(pages: impl Iterator<Item = &'a Page>, hashes: &Hashes) -> Self {
        let kept = pages.filter_map(|p| {
            let path = p.file.display_path();
            let known = *hashes.get(path)?;
            let front = FrontRef {
                hash: known.hash,
                stamp: known.stamp,
                url: &p.url,
                kind: p.kind,
                front: &p.front,
            };
            Some((path, front))
        });
        Keep(kept.collect())
    }
}

impl Serialize for Keep<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(path, front)| (path, front)))
    }
}

/// A page file and the files beside it.
pub(super) struct Files<'a> {
    pub page: &'a Path,
    pub attachments: &'a [PathBuf],
}

/// Reads one page file and parses it, or takes its front matter from
/// `reuse`. A file that still has the stamp `reuse` gives is not checked
/// again (UTF-8 aside) nor hashed: it holds the bytes it held. Returns the
/// page and, for a page without attachments (whose front matter the next
/// build may reuse), what is known of its file.
pub(super) fn load_page_file(
    root: &Path,
    files: Files<'_>,
    place: &Place<'_>,
    reuse: Option<&Fronts>,
    settled_before: SystemTime,
) -> Result<(Page, Option<Known>), Vec<Diagnostic>> {
    let Files {
        page: file,
        attachments,
    } = files;
    let display = display_path(root, file);
    let (bytes, metadata) = read_bytes_stamped(file, &display).map_err(|d| vec![d])?;
    let stamp = SourceStamp::of(&metadata);
    let cached = reuse
        .and_then(|r| r.get(&display))
        .filter(|f| f.url == place.url && f.kind == place.kind);
    let trusted = cached.filter(|f| f.stamp.is_some() && f.stamp == stamp);
    let (hash, text, as_read) = match trusted {
        Some(f) => match utf8(bytes) {
            Ok(text) => (f.hash, text, true),
            Err(e) => checked(e.into_bytes(), &display)?,
        },
        None => checked(bytes, &display)?,
    };
    let with_source = |d: Vec<Diagnostic>| -> Vec<Diagnostic> {
        d.into_iter().map(|x| x.with_source(&text)).collect()
    };
    let split = frontmatter::split(&text)
        .map_err(|(m, p)| vec![Diagnostic::error(&display, Some(p), m).with_source(&text)])?;
    let front = match cached.filter(|f| f.hash == hash) {
        Some(f) if attachments.is_empty() => f.front.clone(),
        _ => frontmatter::parse_page(&display, &split, place.kind).map_err(with_source)?,
    };
    let files = attachments_of(attachments);
    let mut front = front;
    crate::media::complete(&mut front, &files, &display).map_err(with_source)?;
    let keep = attachments.is_empty().then_some(Known {
        hash,
        stamp: stamp.filter(|s| as_read && s.settled(settled_before)),
    });
    let page = Page {
        file: SourceFile::new(display),
        url: place.url.to_string(),
        kind: place.kind,
        section: place.section,
        front,
        body: split.body.to_string(),
        body_line: split.body_line,
        attachments: files,
    };
    Ok((page, keep))
}

/// The hash of a file's bytes, its text (checked and normalised) and
/// whether that is the bytes as they were.
fn checked(bytes: Vec<u8>, display: &Path) -> Result<([u8; 16], String, bool), Vec<Diagnostic>> {
    let hash = short_hash(&bytes);
    let (text, as_read) = decode_telling(bytes, display).map_err(|d| vec![d])?;
    Ok((hash, text, as_read))
}

fn attachments_of(paths: &[PathBuf]) -> Vec<Attachment> {
    paths
        .iter()
        .map(|a| Attachment {
            file_name: a
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned(),
            source: a.clone(),
            size: std::fs::metadata(a).map(|m| m.len()).unwrap_or(0),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use super::super::load_partial;
    use super::{Fronts, Keep};

    fn titles(content: &crate::model::Content) -> Vec<String> {
        content
            .pages
            .iter()
            .map(|p| format!("{:?}", p.front))
            .collect()
    }

    /// What the build cache keeps of `content`, written and read back.
    fn kept(content: &crate::model::Content, hashes: &super::Hashes) -> Fronts {
        let bytes = postcard::to_stdvec(&Keep::new(content.pages.iter(), hashes)).unwrap();
        postcard::from_bytes(&bytes).unwrap()
    }

    #[test]
    fn front_matter_is_reused_only_for_the_same_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let c = dir.path().join("content");
        std::fs::create_dir_all(&c).unwrap();
        std::fs::write(c.join("a.md"), "---\ntitle: A\ntags: [x]\n---\nBody\n").unwrap();
        std::fs::write(c.join("b.md"), "---\ntitle: B\n---\n").unwrap();
        let (first, _, hashes) = load_partial(dir.path(), None, SystemTime::now());
        let fronts = kept(&first, &hashes);
        assert_eq!(fronts.len(), 2);
        let (again, _, _) = load_partial(dir.path(), Some(&fronts), SystemTime::now());
        assert_eq!(titles(&first), titles(&again));
        assert_eq!(again.pages[0].body, "Body\n");
        std::fs::write(c.join("a.md"), "---\ntitle: A2\n---\nBody\n").unwrap();
        let (edited, _, _) = load_partial(dir.path(), Some(&fronts), SystemTime::now());
        assert_eq!(edited.pages[0].front.title, "A2");
        assert!(edited.pages[0].front.tags.is_empty());
        assert_eq!(edited.pages[1].front.title, "B");
    }

    #[test]
    fn kept_front_matter_reads_back_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let c = dir.path().join("content");
        std::fs::create_dir_all(&c).unwrap();
        let text = "---\ntitle: C\ndate: 2026-03-25\ntags: [x, y]\n---\nBody\n";
        std::fs::write(c.join("c.md"), text).unwrap();
        let (content, _, hashes) = load_partial(dir.path(), None, SystemTime::now());
        let fronts = kept(&content, &hashes);
        let f = &fronts[&content.pages[0].file.display_path().to_path_buf()];
        assert_eq!(
            format!("{:?}", f.front),
            format!("{:?}", content.pages[0].front)
        );
        assert_eq!(f.url, content.pages[0].url);
    }

    /// A file that has settled is trusted by its stamp: the next load takes
    /// what the cache says of it without hashing it (shown here by a cache
    /// that says something else of the same file); a file written since,
    /// or one not settled when it was read, is read and hashed again.
    #[test]
    fn a_settled_file_is_trusted_by_its_stamp() {
        let dir = tempfile::tempdir().unwrap();
        let c = dir.path().join("content");
        std::fs::create_dir_all(&c).unwrap();
        std::fs::write(c.join("a.md"), "---\ntitle: A\n---\nBody\n").unwrap();
        std::fs::write(c.join("b.md"), "---\ntitle: B\r\n---\nBody\n").unwrap();
        let later = SystemTime::now() + Duration::from_secs(3600);
        // read just after being written: not settled, no stamp kept
        let (_, _, fresh) = load_partial(dir.path(), None, SystemTime::now() - super::SETTLE);
        assert!(fresh.values().all(|k| k.stamp.is_none()), "{fresh:?}");
        // settled: a stamp, but not for b.md, whose text is not its bytes
        let (first, _, hashes) = load_partial(dir.path(), None, later);
        let stamped = |h: &super::Hashes, name: &str| {
            h.iter()
                .any(|(p, k)| p.ends_with(name) && k.stamp.is_some())
        };
        assert!(stamped(&hashes, "a.md"));
        assert!(!stamped(&hashes, "b.md"));
        // the cache speaks of other bytes (another hash, another title)
        // for both files: believed only under a.md's stamp
        let mut fronts = kept(&first, &hashes);
        for f in fronts.values_mut() {
            f.hash = [9; 16];
            f.front.title = format!("{} from the cache", f.front.title);
        }
        let (again, _, _) = load_partial(dir.path(), Some(&fronts), later);
        let title = |c: &crate::model::Content, name: &str| {
            let p = c
                .pages
                .iter()
                .find(|p| p.file.display_path().ends_with(name));
            p.unwrap().front.title.clone()
        };
        assert_eq!(title(&again, "a.md"), "A from the cache");
        assert_eq!(title(&again, "b.md"), "B");
        // written again (same length, same bytes even): read and hashed
        std::fs::write(c.join("a.md"), "---\ntitle: A\n---\nBody\n").unwrap();
        let (again, _, _) = load_partial(dir.path(), Some(&fronts), later);
        assert_eq!(title(&again, "a.md"), "A");
    }
}
