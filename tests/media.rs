//! Media pages end to end: a site with every media type the spec names,
//! built by the real binary; the players, the durations read from the
//! files, and the podcast feed read back by feed-rs and Python's feedparser.

mod common;
mod media_support;

use std::process::Command;

use common::*;
use media_support::*;

const MEDIA_INDEX: &str = "---\ntitle: Truyền thông\nkind: media\ndescription: Video, podcast và infographic của Đảng bộ\n---\n";

/// (folder, file, seconds, MIME type, video)
const FILES: &[(&str, &str, u32, &str, bool)] = &[
    ("tap-mp3", "tap-1.mp3", 3, "audio/mpeg", false),
    ("tap-m4a", "tap-2.m4a", 4, "audio/mp4", false),
    ("tap-ogg", "tap-3.ogg", 5, "audio/ogg", false),
    ("tap-opus", "tap-4.opus", 6, "audio/ogg", false),
    ("clip-mp4", "clip.mp4", 2, "video/mp4", true),
    ("clip-webm", "clip.webm", 3, "video/webm", true),
];

/// A site with one media page per file of [`FILES`]; the MP3 is a podcast
/// episode with captions, the MP4 has a poster.
fn media_site() -> TestSite {
    let site = TestSite::new();
    site.write("content/truyen-thong/_index.md", MEDIA_INDEX);
    for (k, (folder, file, secs, _, video)) in FILES.iter().enumerate() {
        let dir = site.path().join("content/truyen-thong").join(folder);
        let target = dir.join(file);
        if *video {
            media_support::video(&target, *secs);
        } else {
            audio(&target, *secs);
        }
        let mut extra = String::new();
        if *folder == "tap-mp3" {
            site.write(&format!("content/truyen-thong/{folder}/tap-1.vtt"), VTT);
            extra.push_str(
                "format: podcast\ncaptions: tap-1.vtt\nunit: \"Ban Tuyên giáo Đảng ủy\"\n",
            );
        }
        if *folder == "clip-mp4" {
            poster(&dir.join("poster.png"));
            extra.push_str("poster: poster.png\nfile: clip.mp4\n");
        }
        site.write(
            &format!("content/truyen-thong/{folder}/index.md"),
            format!("---\ntitle: \"Sản phẩm {k} <b>\"\ndate: 2026-04-0{}\n{extra}---\n\nBản ghi lời thoại: tuyên truyền lan tỏa thông tin chính thống số {k}.\n", k + 1),
        );
    }
    site
}

#[test]
fn each_media_page_plays_its_file_inline_with_the_duration_read_from_it() {
    if !have("ffmpeg", "media pages") {
        return;
    }
    let site = media_site();
    let out = site.path().join("out");
    let t = site.build_into(&out, &[]);
    for (folder, file, secs, mime, video) in FILES {
        let html = text(&t, &format!("truyen-thong/{folder}/index.html"));
        let tag = if *video {
            "<video controls"
        } else {
            "<audio controls"
        };
        assert!(html.contains(tag), "{folder}: no {tag}");
        assert!(
            html.contains(&format!(
                "<source src=\"../../truyen-thong/{folder}/{file}\" type=\"{mime}\">"
            )),
            "{folder}: no relative <source> of type {mime}"
        );
        // Copied as it is, and offered for download with its size.
        let source = std::fs::read(
            site.path()
                .join("content/truyen-thong")
                .join(folder)
                .join(file),
        )
        .unwrap();
        assert_eq!(
            t[&format!("truyen-thong/{folder}/{file}")],
            source,
            "{folder}: file not copied"
        );
        assert!(
            html.contains(&format!("download>Tải về {file}</a>")),
            "{folder}: no download link"
        );
        assert!(
            html.contains(&format!("<time datetime=\"PT{secs}S\">0:0{secs}</time>")),
            "{folder}: duration {secs} s not shown"
        );
        assert!(
            html.contains("&lt;b&gt;") && !html.contains("<b>\""),
            "{folder}: title not escaped"
        );
    }
    let podcast = text(&t, "truyen-thong/tap-mp3/index.html");
    // Captions are written into the page (browsers load no <track> file
    // from file://), and offered for download.
    assert!(podcast.contains("<track kind=\"captions\" src=\"data:text/vtt;charset=utf-8,WEBVTT%0A%0A00%3A00.000%20--%3E%2000%3A02.000%0ATh%E1%BB%B1c"), "{podcast}");
    assert!(podcast.contains("href=\"../../truyen-thong/tap-mp3/tap-1.vtt\" download"));
    assert!(podcast.contains("Ban Tuyên giáo Đảng ủy") && podcast.contains(">Podcast<"));
    assert!(t.contains_key("truyen-thong/tap-mp3/tap-1.vtt"));
    let clip = text(&t, "truyen-thong/clip-mp4/index.html");
    assert!(clip.contains("poster=\"../../truyen-thong/clip-mp4/poster.png\""));
    // Pages announce the podcast feed.
    assert!(clip.contains("href=\"http://noibo.test/truyen-thong/podcast.xml\""));
}

#[test]
fn media_items_are_listed_searched_fed_and_mapped() {
    if !have("ffmpeg", "media listings") {
        return;
    }
    let site = media_site();
    let out = site.path().join("out");
    let t = site.build_into(&out, &[]);
    let list = text(&t, "truyen-thong/index.html");
    assert_eq!(list.matches("class=\"item item-media").count(), FILES.len());
    assert!(
        list.contains("<span class=\"badge\">Podcast</span><span class=\"duration\">0:03</span>")
    );
    let home = text(&t, "index.html");
    assert!(
        home.contains("Sản phẩm truyền thông")
            && home.contains("truyen-thong/clip-webm/index.html")
    );
    assert!(text(&t, "sitemap.xml").contains("http://noibo.test/truyen-thong/tap-ogg/</loc>"));
    assert!(text(&t, "rss.xml").contains("http://noibo.test/truyen-thong/clip-mp4/</link>"));
    assert!(text(&t, "truyen-thong/rss.xml").contains("Sản phẩm 5"));
    // The transcript is searched like any page body.
    let index: String = t
        .iter()
        .filter(|(p, _)| p.starts_with("search/"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(index.contains("truyen-thong/tap-opus/index.html"));
    assert!(index.contains("chinh thong") || index.contains("chính thống"));
}

#[test]
fn the_podcast_feed_reads_in_feed_rs_with_enclosures_of_the_right_size_and_type() {
    if !have("ffmpeg", "podcast feed") {
        return;
    }
    let site = media_site();
    let out = site.path().join("out");
    let t = site.build_into(&out, &[]);
    let feed = feed_rs::parser::parse(&t["truyen-thong/podcast.xml"][..])
        .expect("feed-rs reads the podcast feed");
    assert_eq!(feed.language.as_deref(), Some("vi"));
    assert!(feed.logo.is_some() || feed.icon.is_some(), "channel image");
    let audio: Vec<_> = FILES.iter().filter(|f| !f.4).collect();
    assert_eq!(
        feed.entries.len(),
        audio.len(),
        "only audio and podcast items"
    );
    for (folder, file, secs, mime, _) in audio {
        let url = format!("http://noibo.test/truyen-thong/{folder}/{file}");
        let entry = feed
            .entries
            .iter()
            .find(|e| {
                e.media
                    .iter()
                    .flat_map(|m| &m.content)
                    .any(|c| c.url.as_ref().map(|u| u.as_str()) == Some(url.as_str()))
            })
            .unwrap_or_else(|| panic!("no enclosure {url}"));
        let content = &entry.media[0].content[0];
        let size = t[&format!("truyen-thong/{folder}/{file}")].len() as u64;
        assert_eq!(content.size, Some(size), "{folder}: enclosure length");
        assert_eq!(
            content.content_type.as_ref().map(|m| m.to_string()),
            Some(mime.to_string())
        );
        assert_eq!(
            entry.media[0].duration,
            Some(std::time::Duration::from_secs(*secs as u64)),
            "{folder}: itunes:duration"
        );
        assert!(entry.published.is_some() && !entry.id.is_empty());
    }
    let xml = text(&t, "truyen-thong/podcast.xml");
    for tag in [
        "<itunes:image href=\"http://noibo.test/podcast-cover.png\"/>",
        "<itunes:category text=",
        "<itunes:explicit>false</itunes:explicit>",
        "<itunes:author>",
    ] {
        assert!(xml.contains(tag), "channel lacks {tag}");
    }
    assert!(t.contains_key("podcast-cover.png"));
}

const FEEDPARSER: &str = r#"
import json, sys, feedparser
d = feedparser.parse(sys.argv[1])
print(json.dumps({
    "bozo": d.bozo,
    "language": d.feed.get("language"),
    "image": d.feed.get("image", {}).get("href"),
    "author": d.feed.get("author"),
    "explicit": "itunes_explicit" in d.feed,
    "categories": [t["term"] for t in d.feed.get("tags", [])],
    "entries": [{
        "id": e.get("id"),
        "duration": e.get("itunes_duration"),
        "enclosures": [[x.get("href"), x.get("length"), x.get("type")] for x in e.get("enclosures", [])],
    } for e in d.entries],
}))
"#;

#[test]
fn the_podcast_feed_reads_as_a_podcast_in_python_feedparser() {
    if !have("ffmpeg", "podcast feed") || !have("python3", "podcast feed") {
        return;
    }
    let importable = Command::new("python3")
        .args(["-c", "import feedparser"])
        .status()
        .is_ok_and(|s| s.success());
    if !importable {
        let why = "the podcast feed test needs Python's feedparser (pip install feedparser)";
        assert!(std::env::var_os("CI").is_none_or(|v| v.is_empty()), "{why}");
        eprintln!("SKIPPED: {why}");
        return;
    }
    let site = media_site();
    let out = site.path().join("out");
    let t = site.build_into(&out, &[]);
    let run = Command::new("python3")
        .args(["-c", FEEDPARSER])
        .arg(out.join("truyen-thong/podcast.xml"))
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(v["bozo"], false, "well-formed: {v}");
    assert_eq!(v["language"], "vi");
    assert_eq!(v["image"], "http://noibo.test/podcast-cover.png");
    assert_eq!(v["author"], "Cổng thử nghiệm");
    assert_eq!(v["explicit"], true, "itunes:explicit is given");
    assert_eq!(v["categories"], serde_json::json!(["Government"]));
    let entries = v["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 4);
    for (folder, file, secs, mime, _) in FILES.iter().filter(|f| !f.4) {
        let url = format!("http://noibo.test/truyen-thong/{folder}/{file}");
        let e = entries
            .iter()
            .find(|e| e["enclosures"][0][0] == url.as_str())
            .unwrap_or_else(|| panic!("feedparser finds no enclosure {url}: {v}"));
        let size = t[&format!("truyen-thong/{folder}/{file}")]
            .len()
            .to_string();
        assert_eq!(e["enclosures"][0][1], size.as_str(), "{folder}: length");
        assert_eq!(e["enclosures"][0][2], *mime);
        assert_eq!(e["duration"], format!("00:00:0{secs}").as_str());
        assert_eq!(
            e["id"],
            format!("http://noibo.test/truyen-thong/{folder}/").as_str()
        );
    }
}

#[test]
fn media_problems_are_content_errors_at_their_place() {
    let site = TestSite::new();
    site.write("content/truyen-thong/_index.md", MEDIA_INDEX);
    site.write(
        "content/truyen-thong/hong/index.md",
        "---\ntitle: Hỏng\ndate: 2026-04-01\nformat: audio\nfile: hong.mp3\n---\nX.\n",
    );
    site.write("content/truyen-thong/hong/hong.mp3", b"this is not audio");
    site.write(
        "content/truyen-thong/thieu/index.md",
        "---\ntitle: Thiếu\ndate: 2026-04-01\ncaptions: phu-de.vtt\n---\nX.\n",
    );
    site.write("content/truyen-thong/thieu/tap.mp3", b"x");
    site.write(
        "content/truyen-thong/vtt/index.md",
        "---\ntitle: Phụ đề\ndate: 2026-04-01\nduration: 5\ncaptions: a.vtt\n---\nX.\n",
    );
    site.write("content/truyen-thong/vtt/a.mp3", b"x");
    site.write(
        "content/truyen-thong/vtt/a.vtt",
        "1\n00:00 --> 00:01\nkhông phải WebVTT\n",
    );
    site.write(
        "content/truyen-thong/hai/index.md",
        "---\ntitle: Hai\ndate: 2026-04-01\n---\nX.\n",
    );
    site.write("content/truyen-thong/hai/a.mp3", b"x");
    site.write("content/truyen-thong/hai/b.mp3", b"x");
    site.write(
        "content/truyen-thong/sai/index.md",
        "---\ntitle: Sai\ndate: 2026-04-01\nformat: video\nduration: \"1:99\"\n---\nX.\n",
    );
    site.write("content/truyen-thong/sai/a.mp3", b"x");
    let r = site.build(&[]);
    r.assert_code(1);
    for line in [
        "content/truyen-thong/hong/index.md:5:7: error: `hong.mp3`: it is not a readable mp3 file",
        "content/truyen-thong/thieu/index.md:4:11: error: `captions: phu-de.vtt`: no such file in the page's folder",
        "content/truyen-thong/hai/index.md:1:1: error: the page's folder holds several files (a.mp3, b.mp3)",
        "content/truyen-thong/sai/index.md:5:11: error: `duration` is seconds",
        "content/truyen-thong/vtt/index.md:5:11: error: `captions: a.vtt` is not a WebVTT file",
    ] {
        assert!(r.stderr.contains(line), "missing `{line}` in\n{}", r.stderr);
    }
    assert!(!site.public().exists(), "nothing written");
}
