//! Front matter kept between builds: a page file whose bytes, place in the
//! site and attachments are those of the last build has the front matter
//! it had then, so it is taken from the build cache instead of parsed
//! again (YAML parsing is most of the load stage).
//!
//! Pages with attachments are always parsed: their front matter is
//! completed from the files beside them (a media file's duration).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{decode, display_path, read_bytes};
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

/// The front matter of one page file, as the build cache keeps it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Front {
    /// blake3 of the file's bytes, shortened.
    hash: [u8; 16],
    url: String,
    kind: Kind,
    front: FrontMatter,
}

/// Front matter by page file (its path from the site root).
pub(crate) type Fronts = HashMap<PathBuf, Front>;

/// The hash of each page file whose front matter the next build may reuse
/// (a page without attachments), by its path from the site root.
pub(crate) type Hashes = HashMap<PathBuf, [u8; 16]>;

/// A [`Front`] borrowed from its page, written in the same form.
#[derive(Serialize)]
struct FrontRef<'a> {
    hash: [u8; 16],
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
            let hash = *hashes.get(path)?;
            let front = FrontRef {
                hash,
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

/// Reads one page file and parses it, or takes its front matter from
/// `reuse`. Returns the page and, for a page without attachments (whose
/// front matter the next build may reuse), the hash of its file.
pub(super) fn load_page_file(
    root: &Path,
    file: &Path,
    place: &Place<'_>,
    attachments: &[PathBuf],
    reuse: Option<&Fronts>,
) -> Result<(Page, Option<[u8; 16]>), Vec<Diagnostic>> {
    let display = display_path(root, file);
    let bytes = read_bytes(file, &display).map_err(|d| vec![d])?;
    let hash = short_hash(&bytes);
    let text = decode(bytes, &display).map_err(|d| vec![d])?;
    let with_source = |d: Vec<Diagnostic>| -> Vec<Diagnostic> {
        d.into_iter().map(|x| x.with_source(&text)).collect()
    };
    let split = frontmatter::split(&text)
        .map_err(|(m, p)| vec![Diagnostic::error(&display, Some(p), m).with_source(&text)])?;
    let cached = reuse
        .and_then(|r| r.get(&display))
        .filter(|f| f.hash == hash && f.url == place.url && f.kind == place.kind);
    let front = match cached {
        Some(f) if attachments.is_empty() => f.front.clone(),
        _ => frontmatter::parse_page(&display, &split, place.kind).map_err(with_source)?,
    };
    let files = attachments_of(attachments);
    let mut front = front;
    crate::media::complete(&mut front, &files, &display).map_err(with_source)?;
    let keep = attachments.is_empty().then_some(hash);
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
        let (first, _, hashes) = load_partial(dir.path(), None);
        let fronts = kept(&first, &hashes);
        assert_eq!(fronts.len(), 2);
        let (again, _, _) = load_partial(dir.path(), Some(&fronts));
        assert_eq!(titles(&first), titles(&again));
        assert_eq!(again.pages[0].body, "Body\n");
        std::fs::write(c.join("a.md"), "---\ntitle: A2\n---\nBody\n").unwrap();
        let (edited, _, _) = load_partial(dir.path(), Some(&fronts));
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
        let (content, _, hashes) = load_partial(dir.path(), None);
        let fronts = kept(&content, &hashes);
        let f = &fronts[&content.pages[0].file.display_path().to_path_buf()];
        assert_eq!(
            format!("{:?}", f.front),
            format!("{:?}", content.pages[0].front)
        );
        assert_eq!(f.url, content.pages[0].url);
    }
}
