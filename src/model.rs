//! The content model: what the load and parse stages produce from
//! `content/`, before anything is resolved or rendered.

use std::path::{Path, PathBuf};

use crate::diagnostics::Pos;

pub(crate) mod field;
pub(crate) mod kinds;
pub(crate) use kinds::KindTree;
mod task;
pub(crate) use task::{Every, Schedule, TaskSpec, UnitMeta};

/// A calendar date (front matter dates have no time of day).
pub(crate) type Date = jiff::civil::Date;

/// What a section holds; inherited by every folder below it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Kind {
    Directives,
    Models,
    Materials,
    Media,
    Newsletter,
    Pages,
    Units,
}

impl Kind {
    pub(crate) fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "directives" => Kind::Directives,
            "models" => Kind::Models,
            "materials" => Kind::Materials,
            "media" => Kind::Media,
            "newsletter" => Kind::Newsletter,
            "pages" => Kind::Pages,
            "units" => Kind::Units,
            _ => return None,
        })
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Kind::Directives => "directives",
            Kind::Models => "models",
            Kind::Materials => "materials",
            Kind::Media => "media",
            Kind::Newsletter => "newsletter",
            Kind::Pages => "pages",
            Kind::Units => "units",
        }
    }

    pub(crate) const NAMES: [&'static str; 7] = [
        "directives",
        "models",
        "materials",
        "media",
        "newsletter",
        "pages",
        "units",
    ];
}

/// What a page is as a product (`format` in front matter): an article, or one of
/// the media formats. Recurring task quotas count products by format.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    #[default]
    Article,
    Video,
    Audio,
    Podcast,
    Infographic,
    Emagazine,
}

impl Format {
    pub const ALL: [Format; 6] = [
        Format::Article,
        Format::Video,
        Format::Audio,
        Format::Podcast,
        Format::Infographic,
        Format::Emagazine,
    ];

    pub fn parse(s: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Article => "article",
            Format::Video => "video",
            Format::Audio => "audio",
            Format::Podcast => "podcast",
            Format::Infographic => "infographic",
            Format::Emagazine => "emagazine",
        }
    }
}

/// A reference to a directive written in front matter (`implements`,
/// `supersedes`, `related`): a bare number, or number with issuer and date.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct RefSpec {
    pub number: String,
    pub issuer: Option<String>,
    pub date: Option<Date>,
    /// Where it is written, for messages.
    pub pos: Pos,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Signer {
    pub name: String,
    pub title: Option<String>,
    pub on_behalf: Option<String>,
}

/// Status as written in front matter; `superseded` is derived, never written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub(crate) enum WrittenStatus {
    #[default]
    InForce,
    Expired,
}

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct DirectiveMeta {
    pub number: Option<String>,
    pub doc_type: String,
    pub issuer: String,
    pub place: Option<String>,
    pub recipients: Vec<String>,
    pub signer: Option<Signer>,
    pub distribution: Vec<String>,
    pub implements: Vec<RefSpec>,
    pub supersedes: Vec<RefSpec>,
    pub status: WrittenStatus,
    /// Work assigned to units (`tasks`).
    pub tasks: Vec<TaskSpec>,
}

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct ModelMeta {
    pub unit: Option<String>,
    pub locality: Option<String>,
    pub image: Option<String>,
    /// Where `image` is written, for messages.
    pub image_pos: Pos,
    pub related: Vec<RefSpec>,
    pub format: Format,
}

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct MaterialMeta {
    pub topic: Option<String>,
    pub series: Option<String>,
    pub order: Option<u32>,
    pub audience: Vec<String>,
    pub unit: Option<String>,
    pub format: Format,
}

/// A communication product of a media section (`truyen-thong/`).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct MediaMeta {
    pub unit: Option<String>,
    /// Left out, it is worked out from the file at load (`article` until then).
    pub format: Format,
    /// `file`, `poster` and `captions` as written, with their positions;
    /// names of files in the page's folder.
    pub file: Option<(String, Pos)>,
    pub poster: Option<(String, Pos)>,
    pub captions: Option<(String, Pos)>,
    /// `duration` as written, in seconds.
    pub duration: Option<u64>,
    pub related: Vec<RefSpec>,
    /// The media file found and read at load (`crate::media`); never
    /// cached, since it is read from the page's attachments.
    #[serde(skip)]
    pub media: Option<MediaFile>,
}

/// The file a media page plays or offers, as read from the disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaFile {
    /// Name in the page's folder (one of its attachments).
    pub file_name: String,
    pub size: u64,
    pub mime: &'static str,
    pub video: bool,
    /// Seconds; none for a still image or a document.
    pub duration: Option<u64>,
    /// Text of the captions file (WebVTT), written into the page so that
    /// captions show from `file://`, where browsers refuse to load a
    /// `<track>` file.
    pub captions: Option<String>,
}

/// The foreword of one month's newsletter issue (`ban-tin/YYYY-MM.md`).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct NewsletterMeta {
    /// Pages put first, as content paths (`mo-hinh/x.md`) with positions.
    pub featured: Vec<(String, Pos)>,
}

/// The fields that only one kind has.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) enum KindMeta {
    Directive(DirectiveMeta),
    Model(ModelMeta),
    Material(MaterialMeta),
    Unit(UnitMeta),
    Media(MediaMeta),
    Newsletter(NewsletterMeta),
    Page,
}

/// Front matter common to every page, with the kind's own fields.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct FrontMatter {
    pub title: String,
    pub date: Option<Date>,
    pub tags: Vec<String>,
    pub summary: Option<String>,
    pub draft: bool,
    pub meta: KindMeta,
}

impl FrontMatter {
    pub(crate) fn directive(&self) -> Option<&DirectiveMeta> {
        match &self.meta {
            KindMeta::Directive(d) => Some(d),
            _ => None,
        }
    }

    pub fn media(&self) -> Option<&MediaMeta> {
        match &self.meta {
            KindMeta::Media(m) => Some(m),
            _ => None,
        }
    }
}

/// A file copied beside its page (PDF, DOCX, images of a folder page).
#[derive(Debug, Clone)]
pub(crate) struct Attachment {
    pub file_name: String,
    pub source: PathBuf,
    pub size: u64,
}

/// The file a page or section was read from, with its two paths made once,
/// at load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SourceFile {
    display_path: PathBuf,
    content_path: String,
}

impl SourceFile {
    /// The file shown as `display_path`, relative to the site root.
    pub(crate) fn new(display_path: PathBuf) -> SourceFile {
        let content_path = content_path(&display_path);
        SourceFile {
            display_path,
            content_path,
        }
    }

    /// Path shown in messages, relative to the site root (`content/van-ban/x.md`).
    pub(crate) fn display_path(&self) -> &Path {
        &self.display_path
    }

    /// Path from `content/` (`van-ban/x.md`), with `/` between folders: how
    /// links and `featured` name the file.
    pub(crate) fn content_path(&self) -> &str {
        &self.content_path
    }
}

/// One page as read from `content/`.
#[derive(Debug, Clone)]
pub(crate) struct Page {
    pub file: SourceFile,
    /// Folder of the page's URL, relative to the site root, ending in `/`
    /// (`van-ban/2026/58-cv-tccs/`); empty for none.
    pub url: String,
    pub kind: Kind,
    /// The section it belongs to.
    pub section: SectionId,
    pub front: FrontMatter,
    /// Markdown body, NFC; empty if `unread`.
    pub body: String,
    /// Line of the file where the body starts (1-based).
    pub body_line: usize,
    pub attachments: Vec<Attachment>,
    /// blake3 of the file's bytes, shortened: what its body is kept by in
    /// the build cache.
    pub hash: [u8; 16],
    /// The file (its path to open), if its body was not read: the build
    /// cache vouched for it (its stamp held), and it is read only if its
    /// body is rendered ([`crate::load::read_body`]).
    pub unread: Option<std::path::PathBuf>,
}

/// A folder of `content/` with an `_index.md`.
#[derive(Debug, Clone)]
pub(crate) struct Section {
    pub file: SourceFile,
    /// `van-ban/`, or empty for the root section (the home page).
    pub url: String,
    pub title: String,
    pub kind: Kind,
    pub description: Option<String>,
    /// Markdown body of `_index.md`.
    pub body: String,
    pub body_line: usize,
}

/// A non-Markdown file of `content/` that belongs to no page folder: copied
/// to the same place in the output.
#[derive(Debug, Clone)]
pub(crate) struct Asset {
    pub url_path: String,
    pub source: PathBuf,
}

/// Everything read from `content/`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Content {
    pub sections: Vec<Section>,
    pub pages: Vec<Page>,
    pub assets: Vec<Asset>,
    /// Content paths (`van-ban/x.md`) of page files that could not be loaded:
    /// their own errors are reported, so links to them are not reported too.
    pub unloaded: Vec<String>,
}

/// A page of the site: its place in [`Content::pages`], the order of the
/// load stage. Every list of the site graph holds these, never bare
/// numbers, so a page cannot be mistaken for a section or a pager number.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub(crate) struct PageId(pub(crate) usize);

/// A section of the site: its place in [`Content::sections`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct SectionId(pub(crate) usize);

/// The content-relative path (`van-ban/2026/x.md`) of a file shown as
/// `display_path` (`content/van-ban/2026/x.md`), with `/` between folders:
/// how links between content files name it.
pub(crate) fn content_path(display_path: &Path) -> String {
    display_path
        .strip_prefix("content")
        .unwrap_or(display_path)
        .to_string_lossy()
        .replace('\\', "/")
}

impl Content {
    pub(crate) fn page(&self, id: PageId) -> &Page {
        &self.pages[id.0]
    }

    pub(crate) fn section(&self, id: SectionId) -> &Section {
        &self.sections[id.0]
    }

    /// Every page with its id, in load order.
    pub(crate) fn pages(&self) -> impl ExactSizeIterator<Item = (PageId, &Page)> {
        self.pages.iter().enumerate().map(|(i, p)| (PageId(i), p))
    }

    /// Every section with its id, in load order.
    pub(crate) fn sections(&self) -> impl ExactSizeIterator<Item = (SectionId, &Section)> {
        self.sections
            .iter()
            .enumerate()
            .map(|(i, s)| (SectionId(i), s))
    }
}
