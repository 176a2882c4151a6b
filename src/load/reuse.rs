//! Front matter kept between builds: a page file whose bytes, place in the
//! site and attachments are those of the last build has the front matter
//! it had then, so it is taken from the build cache instead of parsed
//! again (YAML parsing is most of the load stage).
//!
//! Pages with attachments are always parsed: their front matter is
//! completed from the files beside them (a media file's duration).
//!
//! A file whose stamp (length, inode, times written and changed) is the
//! one the build cache recorded is not even opened: it holds the bytes it
//! held, so its front matter and first line of body are those kept, and
//! its Markdown is read only if its body must be rendered again
//! ([`super::read_body`]). The stamp is recorded only for a file that had
//! settled ([`SETTLE`]) when it was read.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use super::{decode, display_path, read_bytes_stamped};
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
    /// The file's stamp, if it had settled when read.
    stamp: Option<SourceStamp>,
    url: String,
    kind: Kind,
    front: FrontMatter,
    /// Line of the file where the body starts.
    body_line: usize,
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
    body_line: usize,
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
                body_line: p.body_line,
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
/// `reuse`. A file that still has the stamp `reuse` gives is not read: it
/// holds the bytes it held, and its page is loaded unread
/// ([`Page::unread`]). Returns the page and, for a page without
/// attachments (whose front matter the next build may reuse), what is
/// known of its file.
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
    let cached = reuse
        .and_then(|r| r.get(&display))
        .filter(|f| f.url == place.url && f.kind == place.kind);
    if let Some(f) = cached.filter(|_| attachments.is_empty())
        && f.stamp.is_some()
        && std::fs::metadata(file)
            .ok()
            .and_then(|m| SourceStamp::of(&m))
            == f.stamp
    {
        return Ok(unread(display, file, place, f));
    }
    let (bytes, metadata) = read_bytes_stamped(file, &display).map_err(|d| vec![d])?;
    let stamp = SourceStamp::of(&metadata);
    let hash = short_hash(&bytes);
    let text = decode(bytes, &display).map_err(|d| vec![d])?;
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
        stamp: stamp.filter(|s| s.settled(settled_before)),
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
        hash,
        unread: None,
    };
    Ok((page, keep))
}

/// The page of `file`, which still holds the bytes the build cache kept
/// `f` of, left unread.
fn unread(display: PathBuf, file: &Path, place: &Place<'_>, f: &Front) -> (Page, Option<Known>) {
    let page = Page {
        file: SourceFile::new(display),
        url: place.url.to_string(),
        kind: place.kind,
        section: place.section,
        front: f.front.clone(),
        body: String::new(),
        body_line: f.body_line,
        attachments: Vec::new(),
        hash: f.hash,
        unread: Some(file.to_path_buf()),
    };
    let known = Known {
        hash: f.hash,
        stamp: f.stamp,
    };
    (page, Some(known))
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
        // settled and stamped: left unread, its body read when asked for
        assert!(again.pages[0].unread.is_some() && again.pages[0].body.is_empty());
        let body = crate::load::read_body(&again.pages[0]).unwrap();
        assert_eq!((body.as_ref(), again.pages[0].body_line), ("Body\n", 5));
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

    /// A file that has settled is trusted by its stamp: the next load
    /// takes what the cache says of it without opening it (shown here by a
    /// cache that says something else of the same files), and its body is
    /// read only when asked for, as the bytes the cache vouched for or not
    /// at all; a file written since, or one not settled when it was read,
    /// is read and hashed again.
    #[test]
    fn a_settled_file_is_trusted_by_its_stamp() {
        let dir = tempfile::tempdir().unwrap();
        let c = dir.path().join("content");
        std::fs::create_dir_all(&c).unwrap();
        std::fs::write(c.join("a.md"), "---\ntitle: A\n---\nBody\n").unwrap();
        std::fs::write(c.join("b.md"), "---\ntitle: B\r\n---\r\nBody\r\n").unwrap();
        let later = SystemTime::now() + Duration::from_secs(3600);
        // read just after being written: not settled, no stamp kept
        let (_, _, fresh) = load_partial(dir.path(), None, SystemTime::now() - super::SETTLE);
        assert!(fresh.values().all(|k| k.stamp.is_none()), "{fresh:?}");
        // settled: a stamp for both, b.md's text not being its bytes too
        let (first, _, hashes) = load_partial(dir.path(), None, later);
        assert!(hashes.values().all(|k| k.stamp.is_some()), "{hashes:?}");
        let page = |c: &crate::model::Content, name: &str| {
            let p = c
                .pages
                .iter()
                .find(|p| p.file.display_path().ends_with(name));
            p.unwrap().clone()
        };
        // both unread: a.md as its cache entry says, b.md as it was
        let fronts = kept(&first, &hashes);
        let (again, _, _) = load_partial(dir.path(), Some(&fronts), later);
        let b = page(&again, "b.md");
        assert!(b.unread.is_some());
        assert_eq!(crate::load::read_body(&b).unwrap(), "Body\n");
        // the cache speaks of other bytes (another hash, another title):
        // believed under the stamps, but a body read is not those bytes
        let mut fronts = fronts;
        for f in fronts.values_mut() {
            f.hash = [9; 16];
            f.front.title = format!("{} from the cache", f.front.title);
        }
        let (again, _, _) = load_partial(dir.path(), Some(&fronts), later);
        let a = page(&again, "a.md");
        assert_eq!(a.front.title, "A from the cache");
        let changed = crate::load::read_body(&a).unwrap_err();
        assert!(changed.message.contains("changed while"), "{changed}");
        // written again (same length, same bytes even): read and hashed
        std::fs::write(c.join("a.md"), "---\ntitle: A\n---\nBody\n").unwrap();
        let (again, _, _) = load_partial(dir.path(), Some(&fronts), later);
        let a = page(&again, "a.md");
        assert_eq!((a.front.title.as_str(), a.unread.is_none()), ("A", true));
        assert_eq!(a.body, "Body\n");
    }
}
