//! Images through the real binary: a phone photo (4000×3000 JPEG with an
//! EXIF orientation tag) is written at most `max_width` wide, the right way
//! up and smaller, with a thumbnail in lists; the bytes are the same from
//! build to build, with or without the cache; a broken image is a content
//! error where it is named.

mod common;

use common::*;
use image::{ImageReader, Rgb, RgbImage};

/// A 4000×3000 JPEG whose top-left quarter is red and the rest blue, with
/// noise like a photo's, tagged with EXIF orientation 6 (turn 90° clockwise
/// to show it), as phones write portrait photos.
fn phone_photo() -> Vec<u8> {
    let mut seed = 12345u32;
    let img = RgbImage::from_fn(4000, 3000, |x, y| {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
        let n = (seed >> 24) as u8 / 8;
        if x < 2000 && y < 1500 {
            Rgb([220 + n / 2, n, n])
        } else {
            Rgb([n, n, 200 + n])
        }
    });
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 95)
        .encode_image(&img)
        .unwrap();
    // APP1 "Exif": a big-endian TIFF header and one IFD entry, Orientation = 6.
    let app1: &[u8] = &[
        0xFF, 0xE1, 0x00, 0x22, b'E', b'x', b'i', b'f', 0, 0, b'M', b'M', 0x00, 0x2A, 0, 0, 0, 8,
        0x00, 0x01, 0x01, 0x12, 0x00, 0x03, 0, 0, 0, 1, 0x00, 0x06, 0, 0, 0, 0, 0, 0,
    ];
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(app1);
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn photo_site() -> (TestSite, Vec<u8>) {
    let site = TestSite::new();
    site.write("content/mo-hinh/_index.md", MODELS_INDEX);
    let photo = phone_photo();
    site.write("content/mo-hinh/chi-bo/anh.jpg", &photo);
    site.write(
        "content/mo-hinh/chi-bo/index.md",
        "---\ntitle: Chi bộ kiểu mẫu\ndate: 2026-04-02\nimage: mo-hinh/chi-bo/anh.jpg\n---\n\nẢnh buổi sinh hoạt:\n\n![Sinh hoạt chi bộ](anh.jpg)\n",
    );
    (site, photo)
}

fn decode(bytes: &[u8]) -> image::DynamicImage {
    ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .unwrap()
        .decode()
        .expect("a readable image")
}

fn is_red(p: &Rgb<u8>) -> bool {
    p[0] > 150 && p[2] < 100
}

#[test]
fn a_phone_photo_is_written_smaller_upright_and_thumbnailed() {
    let (site, photo) = photo_site();
    let t = site.build_into(&site.path().join("out"), &[]);
    let written = &t["mo-hinh/chi-bo/anh.jpg"];
    assert!(
        written.len() < photo.len(),
        "{} bytes, not smaller than {}",
        written.len(),
        photo.len()
    );
    let img = decode(written).to_rgb8();
    // Turned upright: 3000×4000 shown, so 1600×2133 written.
    assert_eq!(img.dimensions(), (1600, 2133));
    // The red quarter, top-left in the file, is top-right once turned.
    assert!(is_red(img.get_pixel(1200, 500)), "top right should be red");
    assert!(!is_red(img.get_pixel(400, 500)), "top left should be blue");
    assert!(
        !is_red(img.get_pixel(1200, 1600)),
        "bottom right should be blue"
    );
    let thumb = decode(&t["mo-hinh/chi-bo/anh.thumb.jpg"]);
    assert_eq!((thumb.width(), thumb.height()), (400, 533));
    // The list shows the thumbnail with its size, loaded lazily.
    let list = text(&t, "mo-hinh/index.html");
    assert!(list.contains("<img class=\"item-thumb\" src=\"../mo-hinh/chi-bo/anh.thumb.jpg\" width=\"400\" height=\"533\" alt=\"\" loading=\"lazy\">"), "{list}");
    let page = text(&t, "mo-hinh/chi-bo/index.html");
    assert!(page.contains("<img src=\"anh.jpg\" alt=\"Sinh hoạt chi bộ\" width=\"1600\" height=\"2133\" loading=\"lazy\">"), "{page}");
    // Originals are not published unless asked for.
    assert!(!t.contains_key("mo-hinh/chi-bo/anh.original.jpg"));
}

#[test]
fn images_are_the_same_bytes_with_a_cold_or_a_warm_cache() {
    let (site, _) = photo_site();
    let first = site.build_into(&site.path().join("a"), &[]);
    let cache = site.path().join(".noibo-cache/images");
    let entries = std::fs::read_dir(&cache)
        .expect("the cache is written")
        .count();
    assert_eq!(entries, 2, "the resized image and the thumbnail");
    let warm = site.build_into(&site.path().join("b"), &[]);
    std::fs::remove_dir_all(&cache).unwrap();
    let cold = site.build_into(&site.path().join("c"), &[]);
    assert_eq!(first, warm, "a build from the cache differs");
    assert_eq!(first, cold, "a build without the cache differs");
}

#[test]
fn originals_are_kept_and_linked_when_asked() {
    let (site, photo) = photo_site();
    site.config("[images]\nkeep_originals = true\nmax_width = 1200\n");
    let t = site.build_into(&site.path().join("out"), &[]);
    assert_eq!(t["mo-hinh/chi-bo/anh.original.jpg"], photo);
    assert_eq!(decode(&t["mo-hinh/chi-bo/anh.jpg"]).width(), 1200);
    let page = text(&t, "mo-hinh/chi-bo/index.html");
    assert!(page.contains("<a class=\"original\" href=\"../../mo-hinh/chi-bo/anh.original.jpg\"><img src=\"anh.jpg\""), "{page}");
}

#[test]
fn a_broken_image_is_a_content_error_where_it_is_named() {
    let site = TestSite::new();
    site.write("content/mo-hinh/_index.md", MODELS_INDEX);
    site.write(
        "content/mo-hinh/hong/hong.jpg",
        b"\xFF\xD8\xFF\xE0 not really a photo",
    );
    site.write(
        "content/mo-hinh/hong/index.md",
        "---\ntitle: Hỏng\ndate: 2026-04-02\nimage: mo-hinh/hong/hong.jpg\n---\n\nẢnh:\n\nXem ![ảnh](hong.jpg) này.\n",
    );
    let r = site.build(&[]);
    r.assert_code(1);
    for at in [
        "content/mo-hinh/hong/index.md:4:8: error: `image`: it is not a readable image",
        "content/mo-hinh/hong/index.md:9:5: error: image `hong.jpg`: it is not a readable image",
    ] {
        assert!(r.stderr.contains(at), "missing `{at}` in\n{}", r.stderr);
    }
    assert!(!site.public().exists());
}
