//! Reading, resizing and encoding images, and their cache. The cache holds
//! the bytes noibo would make anyway, under a key of the source bytes and
//! the settings, so it never changes what is written; a file is put there
//! whole or not at all (`output::write_cache_file`).

use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};

use super::{ImageInfo, Images, fit, original_path, thumb_path};
use crate::config::ImagesConfig;
use crate::output::{self, FileContent};

/// Changes whenever the way images are made changes, so older cache
/// entries are never used.
const VERSION: &str = "noibo-images-1";

/// The cache folder of a site.
pub fn cache_dir(root: &Path) -> PathBuf {
    root.join(".noibo-cache").join("images")
}

/// Reads the image at `source`: its shown size and orientation, and the
/// hash of its bytes. A file that cannot be decoded whole is an error.
/// Whatever is to be written resized is made now, once, into the cache.
pub fn read_info(source: &Path, cfg: &ImagesConfig, cache: &Path) -> Result<ImageInfo, String> {
    let bytes = std::fs::read(source).map_err(|e| format!("cannot read it: {e}"))?;
    let hash = blake3::hash(&bytes).to_hex().to_string();
    let reader = ImageReader::new(Cursor::new(&bytes[..]))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let mut decoder = reader.into_decoder().map_err(not_an_image)?;
    let (w, h) = decoder.dimensions();
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let (width, height) = if matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    ) {
        (h, w)
    } else {
        (w, h)
    };
    let info = ImageInfo {
        source: source.to_path_buf(),
        hash,
        width,
        height,
        orientation: orientation.to_exif(),
    };
    let wanted = wanted(&info, cfg, source);
    if wanted
        .iter()
        .all(|(_, width)| cached(&cache_file(cache, &info, *width, cfg, source)).is_some())
    {
        return Ok(info);
    }
    // Decoding the whole image finds files that are damaged past their header.
    let mut img = DynamicImage::from_decoder(decoder).map_err(not_an_image)?;
    if wanted.is_empty() {
        return Ok(info);
    }
    img.apply_orientation(orientation);
    for (bytes, width) in render(&img, &info, cfg, source, &wanted)? {
        // A cache that cannot be written only costs time: the output stage
        // makes the image again.
        let _ = output::write_cache_file(&cache_file(cache, &info, width, cfg, source), &bytes);
    }
    Ok(info)
}

fn not_an_image(e: image::ImageError) -> String {
    let e = e.to_string();
    format!(
        "it is not a readable image ({})",
        e.split_whitespace().collect::<Vec<_>>().join(" ")
    )
}

/// What is made of an image: `(kind, width)` for the resized image and
/// the thumbnail, when they differ from the file itself.
fn wanted(info: &ImageInfo, cfg: &ImagesConfig, _source: &Path) -> Vec<(&'static str, u32)> {
    let mut v = Vec::new();
    if info.processed(cfg) {
        v.push(("image", cfg.max_width));
    }
    if info.has_thumb(cfg) {
        v.push(("thumb", cfg.thumb_width));
    }
    v
}

/// The encoded bytes of each of `wanted`, from the upright image.
fn render(
    img: &DynamicImage,
    info: &ImageInfo,
    cfg: &ImagesConfig,
    source: &Path,
    wanted: &[(&str, u32)],
) -> Result<Vec<(Vec<u8>, u32)>, String> {
    let png = is_png(source);
    let mut out = Vec::new();
    for &(_, max) in wanted {
        let (w, h) = fit(info.width, info.height, max);
        let resized = if (w, h) == (img.width(), img.height()) {
            img.clone()
        } else {
            img.resize_exact(w, h, FilterType::Triangle)
        };
        out.push((encode(&resized, png, cfg.quality)?, max));
    }
    Ok(out)
}

fn encode(img: &DynamicImage, png: bool, quality: u8) -> Result<Vec<u8>, String> {
    let mut buf = Vec::new();
    let result = if png {
        img.write_to(&mut Cursor::new(&mut buf), ImageFormat::Png)
    } else {
        JpegEncoder::new_with_quality(&mut buf, quality)
            .encode_image(&DynamicImage::ImageRgb8(img.to_rgb8()))
    };
    result.map_err(|e| format!("cannot encode it: {e}"))?;
    Ok(buf)
}

fn is_png(source: &Path) -> bool {
    source
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("png"))
}

/// Where the cache keeps the image of `info` made at `width`.
fn cache_file(
    cache: &Path,
    info: &ImageInfo,
    width: u32,
    cfg: &ImagesConfig,
    source: &Path,
) -> PathBuf {
    let key = format!("{VERSION}:{}:{width}:{}", info.hash, cfg.quality);
    let name = blake3::hash(key.as_bytes()).to_hex();
    let ext = if is_png(source) { "png" } else { "jpg" };
    cache.join(format!("{}.{ext}", &name.as_str()[..32]))
}

/// A cache entry that can be used: present and not empty.
fn cached(path: &Path) -> Option<PathBuf> {
    std::fs::metadata(path)
        .is_ok_and(|m| m.is_file() && m.len() > 0)
        .then(|| path.to_path_buf())
}

/// The files written for the image at site path `path`: the image (copied,
/// or resized from the cache), its thumbnail and, if kept, its original.
pub fn output_files(
    images: &Images,
    cfg: &ImagesConfig,
    path: &str,
    source: &Path,
) -> Vec<(String, FileContent)> {
    let Some(Ok(info)) = images.files.get(path) else {
        return vec![(path.to_string(), FileContent::Copy(source.to_path_buf()))];
    };
    let mut out = Vec::new();
    let made = |width: u32| -> FileContent {
        let file = cache_file(&images.cache, info, width, cfg, source);
        match cached(&file) {
            Some(p) => FileContent::Copy(p),
            None => FileContent::Bytes(make_again(info, cfg, source, width).unwrap_or_default()),
        }
    };
    if info.processed(cfg) {
        out.push((path.to_string(), made(cfg.max_width)));
        if cfg.keep_originals {
            out.push((original_path(path), FileContent::Copy(source.to_path_buf())));
        }
    } else {
        out.push((path.to_string(), FileContent::Copy(source.to_path_buf())));
    }
    if info.has_thumb(cfg) {
        out.push((thumb_path(path), made(cfg.thumb_width)));
    }
    out
}

/// The image at `width` when the cache could not keep it.
fn make_again(
    info: &ImageInfo,
    cfg: &ImagesConfig,
    source: &Path,
    width: u32,
) -> Result<Vec<u8>, String> {
    let mut decoder = ImageReader::open(source)
        .map_err(|e| e.to_string())?
        .with_guessed_format()
        .map_err(|e| e.to_string())?
        .into_decoder()
        .map_err(not_an_image)?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(not_an_image)?;
    img.apply_orientation(orientation);
    let mut v = render(&img, info, cfg, source, &[("", width)])?;
    Ok(v.pop().map(|x| x.0).unwrap_or_default())
}
