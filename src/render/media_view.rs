//! What templates see of a media page: its player, file and duration.

use serde::Serialize;

use crate::graph::SiteGraph;
use crate::media::clock;
use crate::model::{Format, MediaMeta, PageId};
use crate::render::context::{href_path, human_size};

/// How a media item shows in lists: its format and duration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MediaBadge {
    pub format: Format,
    /// `1:35`
    pub duration: Option<String>,
}

pub fn badge(m: &MediaMeta) -> MediaBadge {
    MediaBadge {
        format: m.format,
        duration: m.media.as_ref().and_then(|f| f.duration).map(clock),
    }
}

/// The player and download of a media page. Paths are from the site root.
#[derive(Debug, Clone, Serialize)]
pub struct MediaView {
    /// `video`, `audio`, `image` or `document`: what the page shows.
    pub player: &'static str,
    pub format: Format,
    pub file_name: String,
    pub src: String,
    pub mime: &'static str,
    pub size: String,
    pub poster: Option<String>,
    pub captions: Option<String>,
    /// The captions as a `data:` URL for `<track>`, which browsers load
    /// from `file://` only in this form.
    pub captions_data: Option<String>,
    /// `1:35`, and `PT95S` for `<time datetime>`.
    pub duration: Option<String>,
    pub duration_iso: Option<String>,
    pub podcast_feed: Option<String>,
}

pub fn view(g: &SiteGraph, page: PageId, m: &MediaMeta) -> Option<MediaView> {
    let p = g.page(page);
    let f = m.media.as_ref()?;
    let at = |name: &str| href_path(&format!("{}{name}", p.url));
    let player = if f.duration.is_some() {
        if f.video { "video" } else { "audio" }
    } else if f.mime.starts_with("image/") {
        "image"
    } else {
        "document"
    };
    Some(MediaView {
        player,
        format: m.format,
        file_name: f.file_name.clone(),
        src: at(&f.file_name),
        mime: f.mime,
        size: human_size(f.size),
        poster: m.poster.as_ref().map(|(n, _)| at(n)),
        captions: m.captions.as_ref().map(|(n, _)| at(n)),
        captions_data: f.captions.as_deref().map(data_url),
        duration: f.duration.map(clock),
        duration_iso: f.duration.map(|d| format!("PT{d}S")),
        podcast_feed: crate::render::podcast::feed_of_section(g, p.section).map(|f| f.link),
    })
}

/// `data:text/vtt` URL of a WebVTT text: every byte but letters, digits
/// and `-._~` percent-encoded.
fn data_url(text: &str) -> String {
    let mut out = String::from("data:text/vtt;charset=utf-8,");
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn captions_as_data_urls() {
        assert_eq!(
            super::data_url("WEBVTT\n\nĐ"),
            "data:text/vtt;charset=utf-8,WEBVTT%0A%0A%C4%90"
        );
    }
}
