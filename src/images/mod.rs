//! Images of the site (JPEG and PNG files among attachments and assets):
//! read once at the resolve stage for their size and EXIF orientation, so
//! pages can give every `<img>` its `width` and `height`; written at the
//! output stage resized to `[images] max_width` and turned the right way
//! up, with thumbnails for lists, through a cache of resized images
//! (`.noibo-cache/images/`) keyed by the source bytes and the settings.

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;

use crate::config::ImagesConfig;
use crate::model::Content;

pub mod process;

/// What the resolve stage knows of one image file of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageInfo {
    pub source: PathBuf,
    /// blake3 of the source bytes, hex.
    pub hash: String,
    /// Size as shown, EXIF orientation applied.
    pub width: u32,
    pub height: u32,
    /// EXIF orientation (1 to 8; 1 is upright).
    pub orientation: u8,
}

impl ImageInfo {
    /// Whether the file is written re-encoded rather than copied.
    pub fn processed(&self, cfg: &ImagesConfig) -> bool {
        self.width > cfg.max_width || self.orientation != 1
    }

    /// Size of the image as written.
    pub fn written_size(&self, cfg: &ImagesConfig) -> (u32, u32) {
        fit(self.width, self.height, cfg.max_width)
    }

    /// Size of its thumbnail (the image itself when it is small enough).
    pub fn thumb_size(&self, cfg: &ImagesConfig) -> (u32, u32) {
        fit(self.width, self.height, cfg.thumb_width)
    }

    pub fn has_thumb(&self, cfg: &ImagesConfig) -> bool {
        self.width > cfg.thumb_width || self.orientation != 1
    }
}

/// `(w, h)` scaled down to at most `max` wide, keeping the aspect ratio.
pub fn fit(w: u32, h: u32, max: u32) -> (u32, u32) {
    if w <= max {
        return (w, h);
    }
    let h2 = (u64::from(h) * u64::from(max) + u64::from(w) / 2) / u64::from(w);
    (max, h2.max(1) as u32)
}

/// Every image of the site by its path from the site root, or why it
/// cannot be read; and the cache folder of resized images.
#[derive(Debug, Clone, Default)]
pub struct Images {
    pub files: BTreeMap<String, Result<ImageInfo, String>>,
    pub cache: PathBuf,
}

/// An image as a template shows it; paths from the site root.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ImageView {
    pub src: String,
    pub width: u32,
    pub height: u32,
    /// The original, when it is kept beside a resized image.
    pub original: Option<String>,
}

impl Images {
    fn info(&self, path: &str) -> Option<&ImageInfo> {
        self.files.get(path)?.as_ref().ok()
    }

    /// The image at site path `path` as written.
    pub fn view(&self, cfg: &ImagesConfig, path: &str) -> Option<ImageView> {
        let info = self.info(path)?;
        let (width, height) = info.written_size(cfg);
        let original = (cfg.keep_originals && info.processed(cfg)).then(|| original_path(path));
        Some(ImageView {
            src: path.to_string(),
            width,
            height,
            original,
        })
    }

    /// The thumbnail of the image at site path `path`, for lists.
    pub fn thumb(&self, cfg: &ImagesConfig, path: &str) -> Option<ImageView> {
        let info = self.info(path)?;
        let (width, height) = info.thumb_size(cfg);
        let src = if info.has_thumb(cfg) {
            thumb_path(path)
        } else {
            path.to_string()
        };
        Some(ImageView {
            src,
            width,
            height,
            original: None,
        })
    }

    /// Why the image at site path `path` cannot be shown, if it is broken.
    pub fn problem(&self, path: &str) -> Option<&str> {
        self.files.get(path)?.as_ref().err().map(String::as_str)
    }
}

/// Whether noibo resizes files of this name.
pub fn is_image(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".jpg", ".jpeg", ".png"].iter().any(|e| lower.ends_with(e))
}

/// Path of the thumbnail of the image at `path` (`x/anh.jpg` → `x/anh.thumb.jpg`).
pub fn thumb_path(path: &str) -> String {
    with_infix(path, "thumb")
}

/// Path of the kept original of the image at `path`.
pub fn original_path(path: &str) -> String {
    with_infix(path, "original")
}

fn with_infix(path: &str, infix: &str) -> String {
    match path.rsplit_once('.') {
        Some((stem, ext)) if !ext.contains('/') => format!("{stem}.{infix}.{ext}"),
        _ => format!("{path}.{infix}"),
    }
}

/// Reads every image of `content` (in parallel): size, orientation, hash;
/// what is written resized is made into the cache below `root` if it is
/// not there yet.
pub fn scan(content: &Content, cfg: &ImagesConfig, root: &std::path::Path) -> Images {
    let cache = process::cache_dir(root);
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    for p in &content.pages {
        for a in &p.attachments {
            if is_image(&a.file_name) {
                files.push((format!("{}{}", p.url, a.file_name), a.source.clone()));
            }
        }
    }
    for a in &content.assets {
        if is_image(&a.url_path) {
            files.push((a.url_path.clone(), a.source.clone()));
        }
    }
    let files = files
        .into_par_iter()
        .map(|(path, source)| {
            let info = process::read_info(&source, cfg, &cache);
            (path, info)
        })
        .collect();
    Images { files, cache }
}

/// The `<img>` of a Markdown image: `src` as written (relative), its size,
/// lazy loading, and a link to the original when it is kept.
pub fn img_html(
    src: &str,
    alt: &str,
    title: &str,
    view: &ImageView,
    original_href: Option<&str>,
) -> String {
    use crate::render::markdown::escape;
    let title = if title.is_empty() {
        String::new()
    } else {
        format!(" title=\"{}\"", escape(title))
    };
    let img = format!(
        "<img src=\"{}\" alt=\"{}\"{title} width=\"{}\" height=\"{}\" loading=\"lazy\">",
        escape(src),
        escape(alt),
        view.width,
        view.height
    );
    match original_href {
        Some(href) => format!("<a class=\"original\" href=\"{}\">{img}</a>", escape(href)),
        None => img,
    }
}

/// Errors for the images named in front matter (a model's `image`, a media
/// item's `poster`) that cannot be read, at the field that names them.
pub fn front_matter_problems(
    content: &Content,
    images: &Images,
) -> Vec<crate::diagnostics::Diagnostic> {
    use crate::model::KindMeta;
    use crate::model::field::Field;
    let mut out = Vec::new();
    for p in &content.pages {
        let named = match &p.front.meta {
            KindMeta::Model(m) => m.image.clone().map(|i| (i, m.image_pos, Field::Image)),
            KindMeta::Media(m) => m
                .poster
                .as_ref()
                .map(|(n, pos)| (format!("{}{n}", p.url), *pos, Field::Poster)),
            _ => None,
        };
        if let Some((path, pos, field)) = named
            && let Some(why) = images.problem(&path)
        {
            out.push(crate::diagnostics::Diagnostic::error(
                p.file.display_path(),
                Some(pos),
                format!("`{field}`: {why}"),
            ));
        }
    }
    out
}

/// The site path of `dest`, a relative link written on the page whose
/// folder is `page_url`; `None` if it climbs out of the site.
pub fn site_path(page_url: &str, dest: &str) -> Option<String> {
    let dest = dest.split(['#', '?']).next().unwrap_or(dest);
    let mut parts: Vec<&str> = page_url.split('/').filter(|s| !s.is_empty()).collect();
    for seg in dest.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_keep_the_aspect_ratio() {
        assert_eq!(fit(4000, 3000, 1600), (1600, 1200));
        assert_eq!(fit(3000, 4000, 1600), (1600, 2133));
        assert_eq!(fit(800, 600, 1600), (800, 600));
        assert_eq!(fit(5000, 1, 400), (400, 1));
    }

    #[test]
    fn relative_links_to_site_paths() {
        assert_eq!(
            site_path("mo-hinh/x/", "anh.jpg").as_deref(),
            Some("mo-hinh/x/anh.jpg")
        );
        assert_eq!(
            site_path("mo-hinh/x/", "../../anh/a.png").as_deref(),
            Some("anh/a.png")
        );
        assert_eq!(site_path("x/", "../../a.png"), None);
    }

    #[test]
    fn derived_paths() {
        assert_eq!(thumb_path("mo-hinh/x/anh.jpg"), "mo-hinh/x/anh.thumb.jpg");
        assert_eq!(original_path("a.b/anh.PNG"), "a.b/anh.original.PNG");
        assert!(is_image("ANH.JPEG") && !is_image("a.pdf"));
    }
}
