//! The load stage: walk `content/` in a stable order, read every file as
//! UTF-8 (refusing legacy Vietnamese encodings with a hint), find sections,
//! pages, page folders with their attachments, and loose assets.
//!
//! Front matter is parsed here too, per file, in parallel: the kind of a page
//! comes from its section, which only the walk knows.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::model::kinds::KindTree;
use crate::model::{Asset, Content, Kind, Page, Section, SectionId, SourceFile};
use crate::parse::frontmatter;

mod legacy;
mod reuse;

use reuse::load_page_file;
pub(crate) use reuse::{Fronts, Hashes, Keep, Place, SETTLE};

/// A page file read and parsed, with what the next build may reuse; or
/// its errors.
type LoadedPage = Result<(Page, Option<reuse::Known>), Vec<Diagnostic>>;

/// Largest content file read, in bytes. Real directives are a few kB; a file
/// this large is a mistake (a pasted PDF, a binary) and is refused.
pub(crate) const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Reads a content file: UTF-8 checked, BOM removed, CRLF made LF, control
/// characters refused, NFC.
pub(crate) fn read_text(path: &Path, display: &Path) -> Result<String, Diagnostic> {
    decode(read_bytes(path, display)?, display)
}

/// Reads a content file's bytes, refusing one too large to be content.
pub(crate) fn read_bytes(path: &Path, display: &Path) -> Result<Vec<u8>, Diagnostic> {
    read_bytes_stamped(path, display).map(|(bytes, _)| bytes)
}

/// [`read_bytes`], with the file's metadata as it was when opened.
pub(crate) fn read_bytes_stamped(
    path: &Path,
    display: &Path,
) -> Result<(Vec<u8>, std::fs::Metadata), Diagnostic> {
    use std::io::Read;
    let cannot = |e: std::io::Error| Diagnostic::error(display, None, format!("cannot read: {e}"));
    let file = std::fs::File::open(path).map_err(cannot)?;
    let metadata = file.metadata().map_err(cannot)?;
    let len = metadata.len();
    if len > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            display,
            None,
            format!(
                "file is {len} bytes; the largest content file noibo reads is {MAX_FILE_BYTES} bytes"
            ),
        ));
    }
    let mut bytes = Vec::with_capacity(len as usize + 1);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    Ok((bytes, metadata))
}

/// The bytes as a string if they are UTF-8, checked with SIMD
/// (`simdutf8`, several times faster than the standard check on
/// Vietnamese text, where most letters take two or three bytes).
fn utf8(bytes: Vec<u8>) -> Result<String, std::string::FromUtf8Error> {
    if simdutf8::basic::from_utf8(&bytes).is_err() {
        // the standard check says where the first bad byte is
        return String::from_utf8(bytes);
    }
    // SAFETY: `simdutf8` has just checked that the bytes are UTF-8.
    Ok(unsafe { String::from_utf8_unchecked(bytes) })
}

/// Checks and normalises the bytes of a content file.
pub(crate) fn decode(bytes: Vec<u8>, display: &Path) -> Result<String, Diagnostic> {
    let mut text = match utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let bytes = e.as_bytes();
            let valid = &bytes[..e.utf8_error().valid_up_to()];
            let pos = Pos::of_offset(std::str::from_utf8(valid).unwrap_or(""), valid.len());
            return Err(Diagnostic::error(
                display,
                Some(pos),
                format!(
                    "file is not UTF-8{}; save it as UTF-8 (Unicode)",
                    legacy_hint(bytes)
                ),
            )
            .with_source(&String::from_utf8_lossy(bytes)));
        }
    };
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    if text.contains('\r') {
        text = text.replace("\r\n", "\n");
    }
    if may_hold_control(text.as_bytes())
        && let Some((i, c)) = text.char_indices().find(|&(_, c)| is_forbidden_control(c))
    {
        return Err(Diagnostic::error(
            display,
            Some(Pos::of_offset(&text, i)),
            format!(
                "control character U+{:04X} in the text; remove it",
                c as u32
            ),
        )
        .with_source(&text));
    }
    Ok(match noibo_text::nfc(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(n) => n,
    })
}

/// The Markdown body of page `p`, read now if it was loaded unread
/// ([`Page::unread`]). Its file must still hold the bytes the build cache
/// vouched for: a file changed since the build began is an error.
pub(crate) fn read_body(p: &Page) -> Result<std::borrow::Cow<'_, str>, Diagnostic> {
    let Some(file) = &p.unread else {
        return Ok(std::borrow::Cow::Borrowed(&p.body));
    };
    let display = p.file.display_path();
    let bytes = read_bytes(file, display)?;
    if crate::cache::short_hash(&bytes) != p.hash {
        let changed = "changed while the site was being built; build again";
        return Err(Diagnostic::error(display, None, changed));
    }
    let text = decode(bytes, display)?;
    let split =
        frontmatter::split(&text).map_err(|(m, pos)| Diagnostic::error(display, Some(pos), m))?;
    Ok(std::borrow::Cow::Owned(split.body.to_string()))
}

/// Whether the UTF-8 `bytes` may hold a character [`is_forbidden_control`]
/// refuses: an ASCII control other than newline and tab, or the first byte
/// of a C1 control (U+0080–U+009F) or of U+FFFE. A quick test on bytes,
/// so that the exact one, on characters, runs only on suspect files.
fn may_hold_control(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .any(|&b| (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7f || b == 0xc2 || b == 0xef)
}

fn is_forbidden_control(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || c == '\u{fffe}'
}

/// Names the legacy encoding a non-UTF-8 file most likely uses.
fn legacy_hint(bytes: &[u8]) -> String {
    match legacy::guess(bytes) {
        Some(legacy::Legacy::Utf16) => " (it looks like UTF-16)".to_string(),
        Some(enc) => format!(
            " (it looks like {}: convert it to Unicode, for example with UniKey's converter)",
            enc.name()
        ),
        None => String::new(),
    }
}

/// What the walk found in one folder.
#[derive(Default)]
struct Folder {
    index: Option<PathBuf>,
    page_index: Option<PathBuf>,
    md: Vec<PathBuf>,
    other: Vec<PathBuf>,
}

/// A page file to parse, with what the walk decided about it.
struct Job {
    file: PathBuf,
    url: String,
    attachments: Vec<PathBuf>,
}

/// Loads and parses everything below `root/content`: what could be loaded,
/// and every problem found. When there are errors, the content lacks the
/// files that failed (listed in `unloaded`), and later stages may only look
/// for more errors in it. Front matter found in `reuse` for a file of the
/// same bytes is taken from there instead of parsed again; the front
/// matter of every page loaded may be kept for the next build: the hashes
/// of those files are returned, with the stamps of those last changed
/// before `settled_before` (the next build trusts a file that still has
/// its stamp to hold the same bytes, and reads it without checking it
/// again).
pub(crate) fn load_partial(
    root: &Path,
    reuse: Option<&Fronts>,
    settled_before: std::time::SystemTime,
) -> (Content, Diagnostics, Hashes) {
    let content_dir = root.join("content");
    let mut diags = Diagnostics::default();
    if !content_dir.is_dir() {
        diags.push(Diagnostic::error(
            "content",
            None,
            "no content/ folder in the site root",
        ));
        return (Content::default(), diags, Hashes::default());
    }
    if std::fs::symlink_metadata(&content_dir).is_ok_and(|m| m.file_type().is_symlink()) {
        diags.push(Diagnostic::error(
            "content",
            None,
            "content/ is a symbolic link: noibo reads only files inside the site",
        ));
        return (Content::default(), diags, Hashes::default());
    }
    let folders = walk(&content_dir, &mut diags);
    let plan = plan(root, &folders, &mut diags);
    let parsed: Vec<LoadedPage> = plan
        .jobs
        .par_iter()
        .map(|job| {
            let (section, kind) = owning_section(&plan.section_kind, &job.url);
            let place = Place {
                url: &job.url,
                section: SectionId(section),
                kind,
            };
            let files = reuse::Files {
                page: &job.file,
                attachments: &job.attachments,
            };
            load_page_file(root, files, &place, reuse, settled_before)
        })
        .collect();
    let mut pages = Vec::with_capacity(parsed.len());
    let mut unloaded = Vec::new();
    let mut hashes = Hashes::default();
    for (p, job) in parsed.into_iter().zip(&plan.jobs) {
        match p {
            Ok((p, hash)) => {
                if let Some(h) = hash {
                    hashes.insert(p.file.display_path().to_path_buf(), h);
                }
                pages.push(p);
            }
            Err(d) => {
                diags.extend(d);
                let rel = job.file.strip_prefix(root).unwrap_or(&job.file);
                unloaded.push(crate::model::content_path(rel));
            }
        }
    }
    let content = Content {
        sections: plan.sections,
        pages,
        assets: plan.assets,
        unloaded,
    };
    (content, diags, hashes)
}

/// Walks `content/` in a stable order: what each folder holds. Hidden
/// files and folders (`.git`, editor swap files, `.DS_Store`) are never
/// content: skipping the folder skips everything inside it too.
fn walk(content_dir: &Path, diags: &mut Diagnostics) -> BTreeMap<String, Folder> {
    let mut folders: BTreeMap<String, Folder> = BTreeMap::new();
    for entry in WalkDir::new(content_dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(Diagnostic::error(
                    "content",
                    None,
                    format!("cannot read: {e}"),
                ));
                continue;
            }
        };
        let rel = entry
            .path()
            .strip_prefix(content_dir)
            .unwrap_or(entry.path());
        let name = entry.file_name().to_string_lossy();
        let dir_key = url_of_dir(rel.parent().unwrap_or(Path::new("")));
        let skipped = |why: &str| Diagnostic::warning(Path::new("content").join(rel), None, why);
        if entry.file_type().is_symlink() {
            diags.push(skipped(
                "symbolic link skipped: noibo reads only files inside the site",
            ));
            continue;
        }
        if entry.file_type().is_dir() {
            folders.entry(url_of_dir(rel)).or_default();
            continue;
        }
        if !entry.file_type().is_file() {
            // A named pipe or a device would block the build when read.
            diags.push(skipped("skipped: not a regular file"));
            continue;
        }
        let folder = folders.entry(dir_key).or_default();
        let path = entry.path().to_path_buf();
        if name == "_index.md" {
            folder.index = Some(path);
        } else if name == "index.md" {
            folder.page_index = Some(path);
        } else if name.ends_with(".md") {
            folder.md.push(path);
        } else {
            folder.other.push(path);
        }
    }
    folders
}

/// What the walk decided: sections (parsed, so that kinds flow down),
/// pages to parse, loose assets.
struct Plan {
    sections: Vec<Section>,
    section_kind: BTreeMap<String, (usize, Kind)>,
    jobs: Vec<Job>,
    assets: Vec<Asset>,
}

/// Decides sections and kinds top-down (BTreeMap order puts parents first).
fn plan(root: &Path, folders: &BTreeMap<String, Folder>, diags: &mut Diagnostics) -> Plan {
    let mut kinds = KindTree::default();
    let mut plan = Plan {
        sections: Vec::new(),
        section_kind: BTreeMap::new(),
        jobs: Vec::new(),
        assets: Vec::new(),
    };
    let mut page_folders: Vec<String> = Vec::new();
    for (url, folder) in folders {
        let parent_kind = kinds.inherited(url);
        let mut kind = None;
        if let Some(file) = &folder.index {
            let display = display_path(root, file);
            match parse_section_file(file, &display, url, parent_kind) {
                Ok(s) => {
                    kind = Some(s.kind);
                    plan.section_kind
                        .insert(url.clone(), (plan.sections.len(), s.kind));
                    plan.sections.push(s);
                }
                Err(d) => diags.extend(d),
            }
        }
        kinds.record(url, kind);
        let inside_page = page_folders.iter().any(|p| url.starts_with(p.as_str()));
        if let Some(file) = &folder.page_index {
            plan.jobs.push(Job {
                file: file.clone(),
                url: url.clone(),
                attachments: folder.other.clone(),
            });
            page_folders.push(url.clone());
        } else if !inside_page {
            plan.assets.extend(folder.other.iter().map(|p| Asset {
                url_path: format!(
                    "{url}{}",
                    p.file_name().unwrap_or_default().to_string_lossy()
                ),
                source: p.clone(),
            }));
        }
        for md in &folder.md {
            let stem = md.file_stem().unwrap_or_default().to_string_lossy();
            plan.jobs.push(Job {
                file: md.clone(),
                url: format!("{url}{stem}/"),
                attachments: Vec::new(),
            });
        }
    }
    if !plan.section_kind.contains_key("") {
        plan.section_kind
            .insert(String::new(), (plan.sections.len(), Kind::Pages));
        plan.sections.push(Section {
            file: SourceFile::new(PathBuf::from("content")),
            url: String::new(),
            title: String::new(),
            kind: Kind::Pages,
            description: None,
            body: String::new(),
            body_line: 1,
        });
    }
    plan
}

/// The URL folder of a content folder (`van-ban/2026/`), from `content/`.
pub(crate) fn url_of_dir(rel: &Path) -> String {
    let mut s = String::new();
    for c in rel.components() {
        s.push_str(&c.as_os_str().to_string_lossy());
        s.push('/');
    }
    s
}

fn parent_url(url: &str) -> Option<String> {
    if url.is_empty() {
        return None;
    }
    let trimmed = url.trim_end_matches('/');
    Some(
        trimmed
            .rfind('/')
            .map_or(String::new(), |i| trimmed[..=i].to_string()),
    )
}

/// The nearest section at or above `url` (a page's own folder excluded).
fn owning_section(sections: &BTreeMap<String, (usize, Kind)>, page_url: &str) -> (usize, Kind) {
    let mut cur = parent_url(page_url);
    while let Some(u) = cur {
        if let Some(&s) = sections.get(&u) {
            return s;
        }
        cur = parent_url(&u);
    }
    sections[""]
}

pub(crate) fn display_path(root: &Path, file: &Path) -> PathBuf {
    file.strip_prefix(root).unwrap_or(file).to_path_buf()
}

/// Reads and parses one section's `_index.md`.
pub(crate) fn parse_section_file(
    file: &Path,
    display: &Path,
    url: &str,
    parent_kind: Kind,
) -> Result<Section, Vec<Diagnostic>> {
    let text = read_text(file, display).map_err(|d| vec![d])?;
    let split = frontmatter::split(&text)
        .map_err(|(m, p)| vec![Diagnostic::error(display, Some(p), m).with_source(&text)])?;
    let (title, kind, description) = frontmatter::parse_section(display, &split).map_err(|d| {
        d.into_iter()
            .map(|x| x.with_source(&text))
            .collect::<Vec<_>>()
    })?;
    let fallback = url
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("")
        .to_string();
    Ok(Section {
        file: SourceFile::new(display.to_path_buf()),
        url: url.to_string(),
        title: title.unwrap_or(fallback),
        kind: kind.map_or(parent_kind, |k| k.0),
        description,
        body: split.body.to_string(),
        body_line: split.body_line,
    })
}

/// Reads and parses one page file, whose place in the site the walk of
/// [`load_partial`] decided.
pub(crate) fn parse_page_file(
    root: &Path,
    file: &Path,
    place: &Place<'_>,
    attachments: &[PathBuf],
) -> Result<Page, Vec<Diagnostic>> {
    let files = reuse::Files {
        page: file,
        attachments,
    };
    load_page_file(root, files, place, None, std::time::SystemTime::UNIX_EPOCH).map(|(p, _)| p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_non_utf8_with_hint() {
        // "Công văn" in TCVN3
        let bytes = b"---\ntitle: C\xabng v\xb5n\n---\n";
        let e = decode(bytes.to_vec(), Path::new("content/a.md")).unwrap_err();
        assert!(
            e.message.contains("not UTF-8") && e.message.contains("TCVN3"),
            "{}",
            e.message
        );
        assert_eq!(e.pos, Some(Pos::new(2, 9)));
        assert_eq!(
            e.source_line.as_deref(),
            Some("title: C\u{fffd}ng v\u{fffd}n")
        );
    }

    #[test]
    fn accepts_bom_and_crlf_and_normalises_nfd() {
        let t = decode(
            "\u{feff}---\r\ntitle: Ca\u{300}\r\n---\r\n"
                .as_bytes()
                .to_vec(),
            Path::new("a.md"),
        )
        .unwrap();
        assert_eq!(t, "---\ntitle: C\u{e0}\n---\n");
    }

    #[test]
    fn hidden_folders_are_never_content() {
        let dir = tempfile::tempdir().unwrap();
        let c = dir.path().join("content");
        std::fs::create_dir_all(c.join(".git/objects")).unwrap();
        std::fs::write(c.join(".git/objects/secret"), "x").unwrap();
        std::fs::write(c.join(".git/notes.md"), "---\ntitle: x\n---\n").unwrap();
        std::fs::write(c.join("logo.png"), "png").unwrap();
        let (content, diags, _) = load_partial(dir.path(), None, std::time::SystemTime::now());
        assert!(!diags.has_errors());
        let assets: Vec<&str> = content.assets.iter().map(|a| a.url_path.as_str()).collect();
        assert_eq!(assets, ["logo.png"]);
        assert!(content.pages.is_empty());
    }

    #[test]
    fn refuses_control_characters() {
        let e = decode(b"---\ntitle: a\x07b\n---\n".to_vec(), Path::new("a.md")).unwrap_err();
        assert_eq!(e.pos, Some(Pos::new(2, 9)));
        assert!(e.message.contains("U+0007"));
    }

    #[test]
    fn parent_urls() {
        assert_eq!(
            parent_url("van-ban/2026/x/").as_deref(),
            Some("van-ban/2026/")
        );
        assert_eq!(parent_url("van-ban/").as_deref(), Some(""));
        assert_eq!(parent_url(""), None);
    }
}
