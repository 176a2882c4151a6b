//! What the Markdown stage takes and gives: where a body comes from, how
//! its links and citations are decided ([`Linker`]), and the rendered body.

use crate::diagnostics::{Diagnostic, Pos};
use crate::images::ImageView;
use crate::model::PageId;
use crate::render::highlight::Highlighter;

/// What the rest of the pipeline decides for links and citations.
pub(crate) trait Linker: Sync {
    /// A link destination written in Markdown that points inside the site
    /// (a `.md` file, or a path from the site root): its target as a path
    /// from the site root (`van-ban/x/index.html#muc-1`), or a message
    /// saying why it is broken. `None` for external links, left as written.
    fn internal(&self, page_source: &str, dest: &str) -> Option<Result<String, String>>;

    /// A citation found in running text: where it links (path from the site
    /// root) when the site holds the cited directive.
    fn citation(&self, mention: &noibo_refs::Mention) -> Citation;

    /// An image written in Markdown (`dest` as written): its size as the
    /// site writes it, or why it cannot be shown. `None` for images that
    /// noibo does not read (other sites', SVG, GIF).
    fn image(&self, _dest: &str) -> Option<Result<ImageView, String>> {
        None
    }
}

/// What became of one citation in running text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) enum Citation {
    /// Held: link to this path, the directive's page.
    Held { path: String, target: PageId },
    /// Several directives fit; named in the message.
    Ambiguous(String),
    /// The site does not hold it.
    NotHeld,
    /// The page's own number (a header line "Số 28-CV/BCĐ"): not a citation.
    Own,
}

/// A citation as found in one page, for the site graph and warnings.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct FoundCitation {
    pub number: String,
    /// The issuer and date the sentence gives, shown for a directive the
    /// site does not hold.
    pub issuer: Option<String>,
    pub date: Option<noibo_refs::Date>,
    pub outcome: Citation,
    pub pos: Pos,
}

/// A heading of the page, for anchors and a table of contents.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub(crate) struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// The rendered body of one page.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct RenderedBody {
    pub html: String,
    /// Plain text, paragraphs separated by `\n`, for search and feeds;
    /// shared with the search index, which reads it as it is.
    pub text: std::sync::Arc<str>,
    /// Plain text of the first paragraph.
    pub first_paragraph: String,
    pub headings: Vec<Heading>,
    pub citations: Vec<FoundCitation>,
    /// Internal link targets (path from the site root, with `#anchor`), for
    /// the anchor check once every page is rendered.
    pub links: Vec<(String, Pos)>,
    pub problems: Vec<Diagnostic>,
}

/// Settings for rendering bodies, shared by all pages.
pub(crate) struct MarkdownOptions<'a> {
    pub highlighter: Option<&'a Highlighter>,
    pub unsafe_html: bool,
}

/// Where a page body comes from, for positions and relative links.
pub(crate) struct Source<'a> {
    pub display_path: &'a std::path::Path,
    /// Line of the file where the body starts.
    pub body_line: usize,
    /// `../` repeated to climb from the page's folder to the site root.
    pub root: &'a str,
    /// Content-relative path of the source file (`van-ban/2026/x.md`).
    pub content_path: &'a str,
    /// Path of the page's HTML file from the site root
    /// (`van-ban/2026/x/index.html`), to place its relative links.
    pub page_path: &'a str,
}
