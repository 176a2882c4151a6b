//! `site.toml`: the site's configuration, parsed strictly.
//!
//! Every key is documented here; an unknown key is an error that names the
//! closest known one (exit status 2, like any configuration problem).

use std::path::{Path, PathBuf};

use jiff::tz::Offset;
use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Pos, closest};

/// The whole of `site.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct SiteConfig {
    /// Site name, shown in every page header and feed.
    pub title: String,
    /// One sentence about the site, for the home page and feeds.
    pub description: String,
    /// Absolute address the site is published at; feeds and the sitemap need
    /// absolute links. Pages themselves only use relative links.
    pub base_url: String,
    /// Language of the content (`vi`).
    pub language: String,
    /// Folder the site is built into, relative to the site root.
    pub output_dir: PathBuf,
    /// Theme folder name under `themes/`; `default` is built in.
    pub theme: String,
    /// UTC offset of the publisher, for feed dates and today's date:
    /// `+07:00` in the file, parsed once when the file is read.
    #[serde(deserialize_with = "offset_from_text")]
    pub timezone: Offset,
    /// Items per list page (sections and taxonomy terms).
    pub paginate_by: usize,
    /// Keep scripts and event handlers in raw HTML from Markdown.
    pub unsafe_html: bool,
    pub feed: FeedConfig,
    pub search: SearchConfig,
    pub highlight: HighlightConfig,
    pub images: ImagesConfig,
}

/// `[images]`: resizing of the site's JPEG and PNG images.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ImagesConfig {
    /// Images wider than this (pixels) are written resized to it.
    pub max_width: u32,
    /// Width of the thumbnails lists show.
    pub thumb_width: u32,
    /// Also write each resized image's original, and link to it.
    pub keep_originals: bool,
    /// JPEG quality of resized images (1 to 100).
    pub quality: u8,
}

impl Default for ImagesConfig {
    fn default() -> Self {
        ImagesConfig {
            max_width: 1600,
            thumb_width: 400,
            keep_originals: false,
            quality: 82,
        }
    }
}

/// `[feed]`: RSS feeds.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct FeedConfig {
    /// Write feeds at all.
    pub enabled: bool,
    /// Most items in one feed, newest first.
    pub limit: usize,
}

/// `[search]`: the full-text search index and page.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct SearchConfig {
    pub enabled: bool,
}

/// `[highlight]`: syntax highlighting of fenced code blocks.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct HighlightConfig {
    pub enabled: bool,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: "Cổng thông tin nội bộ".into(),
            description: String::new(),
            base_url: "http://localhost:1111/".into(),
            language: "vi".into(),
            output_dir: PathBuf::from("public"),
            theme: "default".into(),
            timezone: Offset::constant(7),
            paginate_by: 20,
            unsafe_html: false,
            feed: FeedConfig::default(),
            search: SearchConfig::default(),
            highlight: HighlightConfig::default(),
            images: ImagesConfig::default(),
        }
    }
}

impl Default for FeedConfig {
    fn default() -> Self {
        FeedConfig {
            enabled: true,
            limit: 50,
        }
    }
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig { enabled: true }
    }
}

impl Default for HighlightConfig {
    fn default() -> Self {
        HighlightConfig { enabled: true }
    }
}

const TOP_KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "output_dir",
    "theme",
    "timezone",
    "paginate_by",
    "unsafe_html",
    "feed",
    "search",
    "highlight",
    "images",
];
const IMAGES_KEYS: &[&str] = &["max_width", "thumb_width", "keep_originals", "quality"];
const FEED_KEYS: &[&str] = &["enabled", "limit"];
const SEARCH_KEYS: &[&str] = &["enabled"];

impl SiteConfig {
    /// Reads and checks `site.toml` in `root`.
    pub(crate) fn load(root: &Path) -> Result<SiteConfig, Diagnostic> {
        let path = root.join("site.toml");
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Diagnostic::error(
                "site.toml",
                None,
                format!("cannot read site configuration: {e}"),
            )
        })?;
        SiteConfig::parse(&text)
    }

    /// Parses the text of `site.toml`.
    pub(crate) fn parse(text: &str) -> Result<SiteConfig, Diagnostic> {
        let mut config: SiteConfig = toml::from_str(text).map_err(|e| {
            let pos = e.span().map(|s| Pos::of_offset(text, s.start));
            let mut message = e.message().trim().to_string();
            if let Some(field) = unknown_field(&message) {
                let known = TOP_KEYS
                    .iter()
                    .chain(FEED_KEYS)
                    .chain(SEARCH_KEYS)
                    .chain(IMAGES_KEYS)
                    .copied();
                message = match closest(&field, known) {
                    Some(c) => format!("unknown key `{field}`; did you mean `{c}`?"),
                    None => format!("unknown key `{field}`; known keys: {}", TOP_KEYS.join(", ")),
                };
            }
            Diagnostic::error("site.toml", pos, message).with_source(text)
        })?;
        config
            .validate()
            .map_err(|m| Diagnostic::error("site.toml", None, m))?;
        if !config.base_url.ends_with('/') {
            config.base_url.push('/');
        }
        Ok(config)
    }

    fn validate(&self) -> Result<(), String> {
        if !(self.base_url.starts_with("http://") || self.base_url.starts_with("https://")) {
            return Err(format!(
                "base_url must be an absolute http(s) address, not `{}`",
                self.base_url
            ));
        }
        let plain_name = !self.theme.is_empty()
            && !self.theme.starts_with('.')
            && !self.theme.contains(['/', '\\', ':']);
        if !plain_name {
            return Err(format!(
                "theme must be the name of a folder in themes/, not `{}`",
                self.theme
            ));
        }
        let im = &self.images;
        if im.max_width < 16 || im.thumb_width < 16 || im.thumb_width > im.max_width {
            return Err("[images] max_width and thumb_width must be at least 16, thumb_width at most max_width".into());
        }
        if !(1..=100).contains(&im.quality) {
            return Err("[images] quality must be between 1 and 100".into());
        }
        if self.paginate_by == 0 {
            return Err("paginate_by must be at least 1".into());
        }
        Ok(())
    }
}

/// Reads `timezone = "+07:00"`; a bad value is an error at its place in
/// `site.toml`.
fn offset_from_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Offset, D::Error> {
    let text = String::deserialize(d)?;
    parse_offset(&text)
        .and_then(|s| Offset::from_seconds(s).ok())
        .ok_or_else(|| {
            serde::de::Error::custom(format!(
                "timezone must be an offset such as `+07:00`, not `{text}`"
            ))
        })
}

fn unknown_field(message: &str) -> Option<String> {
    let rest = message.split("unknown field `").nth(1)?;
    Some(rest.split('`').next()?.to_string())
}

/// `+07:00` → 25200.
fn parse_offset(s: &str) -> Option<i32> {
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let (h, m) = rest.split_once(':').unwrap_or((rest, "0"));
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    (h <= 14 && m < 60).then_some(sign * (h * 3600 + m * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_apply() {
        let c = SiteConfig::parse("title = \"X\"\nbase_url = \"http://a.b\"\n").unwrap();
        assert_eq!(c.base_url, "http://a.b/");
        assert_eq!(c.feed.limit, 50);
        assert_eq!(c.output_dir, PathBuf::from("public"));
    }

    #[test]
    fn unknown_key_names_closest() {
        let e = SiteConfig::parse("title = \"X\"\nbase_ulr = \"http://a\"\n").unwrap_err();
        assert!(
            e.message.contains("`base_ulr`") && e.message.contains("`base_url`"),
            "{}",
            e.message
        );
        assert_eq!(e.pos.unwrap().line, 2);
        let e = SiteConfig::parse("[feed]\nlimt = 3\n").unwrap_err();
        assert!(e.message.contains("`limit`"), "{}", e.message);
    }

    #[test]
    fn offsets() {
        assert_eq!(parse_offset("+07:00"), Some(25200));
        assert_eq!(parse_offset("-03:30"), Some(-12600));
        assert_eq!(parse_offset("7"), None);
    }

    #[test]
    fn timezone_is_parsed_once_and_a_bad_one_is_placed() {
        let c = SiteConfig::parse("timezone = \"-03:30\"\n").unwrap();
        assert_eq!(c.timezone.seconds(), -12600);
        assert_eq!(SiteConfig::default().timezone.seconds(), 7 * 3600);
        let e = SiteConfig::parse("title = \"X\"\ntimezone = \"GMT+7\"\n").unwrap_err();
        assert!(e.message.contains("`GMT+7`"), "{}", e.message);
        let pos = e.pos.unwrap();
        assert_eq!((pos.line, pos.col), (2, 12));
    }
}
