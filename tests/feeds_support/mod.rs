//! The intranet the feed tests build, and readers for what it writes.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use tempfile::TempDir;

/// A base URL with a sub-path, as when the intranet is served from a folder.
pub const BASE: &str = "https://intranet.example.vn/noibo/";

/// A subject line with every character XML and HTML escape.
pub const TRICKY_DIRECTIVE: &str = "V/v \"Chuyên trang\" <Xây dựng Đảng> & 'nền tảng' điện tử";
pub const TRICKY_MODEL: &str = "Mô hình \"Dân vận khéo\" <đẹp> & 'hay' ở A&B";
pub const TRICKY_SUMMARY: &str = "Tóm tắt có <b>thẻ</b> & \"ngoặc\" của 'đơn vị'";
pub const DRAFT_TITLE: &str = "BẢN NHÁP KHÔNG ĐƯỢC XUẤT BẢN";
pub const SUBSCRIBE_NOTE: &str = "phần mềm đọc tin";

pub const CAN_THO: &str = "Thành ủy Cần Thơ";
pub const BCD: &str = "Ban Chỉ đạo 35 Đảng ủy Ủy ban nhân dân tỉnh Thái Nguyên";
pub const TCCS: &str = "Tạp chí Cộng sản";

pub fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// A YAML single-quoted scalar.
pub fn yq(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

pub struct Doc<'a> {
    pub number: Option<&'a str>,
    pub title: &'a str,
    pub doc_type: &'a str,
    pub issuer: &'a str,
    pub date: &'a str,
    pub extra: &'a str,
    pub body: &'a str,
}

pub fn directive(d: &Doc) -> String {
    let number = d
        .number
        .map(|n| format!("number: {}\n", yq(n)))
        .unwrap_or_default();
    format!(
        "---\ntitle: {}\n{number}type: {}\nissuer: {}\ndate: {}\n{}---\n\n{}\n",
        yq(d.title),
        yq(d.doc_type),
        yq(d.issuer),
        d.date,
        d.extra,
        d.body
    )
}

/// The test intranet: three sections, directives of three issuers and three
/// types, a draft, a model with a tricky title and summary, a material and a
/// plain page.
pub fn make_site(feed_toml: &str) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "site.toml",
        &format!(
            "title = \"Cổng thử nghiệm\"\ndescription = \"Trang nội bộ để thử bản tin.\"\n\
             base_url = \"{BASE}\"\nlanguage = \"vi\"\ntimezone = \"+07:00\"\n{feed_toml}\n"
        ),
    );
    write(
        root,
        "content/_index.md",
        "---\ntitle: Trang chủ\n---\n\nChào mừng.\n",
    );
    write(
        root,
        "content/van-ban/_index.md",
        "---\ntitle: Văn bản chỉ đạo\nkind: directives\n---\n",
    );
    write(
        root,
        "content/mo-hinh/_index.md",
        "---\ntitle: Mô hình hay\nkind: models\n---\n",
    );
    write(
        root,
        "content/tai-lieu/_index.md",
        "---\ntitle: Tài liệu học tập\nkind: materials\n---\n",
    );
    write(
        root,
        "content/gioi-thieu.md",
        "---\ntitle: Giới thiệu\n---\n\nTrang giới thiệu.\n",
    );
    let docs = [
        (
            "content/van-ban/2024/05-hd-tu.md",
            Doc {
                number: Some("05-HD/TU"),
                title: "Hướng dẫn học tập chuyên đề năm 2024",
                doc_type: "Hướng dẫn",
                issuer: CAN_THO,
                date: "2024-01-15",
                extra: "",
                body: "Hướng dẫn các chi bộ tổ chức học tập chuyên đề năm 2024.",
            },
        ),
        (
            "content/van-ban/2025/28-cv-bcd.md",
            Doc {
                number: Some("28-CV/BCĐ"),
                title: "V/v đẩy mạnh tuyên truyền, lan tỏa thông tin trên các kênh truyền thông",
                doc_type: "Công văn",
                issuer: BCD,
                date: "2025-11-22",
                extra: "tags: [\"Tuyên truyền\"]\n",
                body: "Ban Chỉ đạo đề nghị các chi bộ đẩy mạnh tuyên truyền.\n\nĐoạn thứ hai.",
            },
        ),
        (
            "content/van-ban/2026/58-cv-tccs.md",
            Doc {
                number: Some("58-CV/TCCS"),
                title: TRICKY_DIRECTIVE,
                doc_type: "Công văn",
                issuer: TCCS,
                date: "2026-03-25",
                extra: "",
                body: "Tạp chí Cộng sản xuất bản Chuyên trang <Xây dựng Đảng> & các nền tảng.",
            },
        ),
        (
            "content/van-ban/2026/12-kh-tu.md",
            Doc {
                number: Some("12-KH/TU"),
                title: "Kế hoạch tuyên truyền kỷ niệm ngày thành lập Đảng",
                doc_type: "Kế hoạch",
                issuer: CAN_THO,
                date: "2026-01-20",
                extra: "",
                body: "Thành ủy ban hành kế hoạch tuyên truyền.",
            },
        ),
        (
            "content/van-ban/2026/chua-so.md",
            Doc {
                number: None,
                title: "Về triển khai Chuyên trang Xây dựng Đảng điện tử",
                doc_type: "Công văn",
                issuer: CAN_THO,
                date: "2026-04-08",
                extra: "",
                body: "Ban Thường vụ Thành ủy yêu cầu các cơ quan triển khai.",
            },
        ),
        (
            "content/van-ban/2026/du-thao.md",
            Doc {
                number: None,
                title: DRAFT_TITLE,
                doc_type: "Kế hoạch",
                issuer: CAN_THO,
                date: "2026-06-01",
                extra: "draft: true\n",
                body: "Dự thảo chưa ban hành.",
            },
        ),
    ];
    for (path, d) in &docs {
        write(root, path, &directive(d));
    }
    write(
        root,
        "content/mo-hinh/dan-van-kheo.md",
        &format!(
            "---\ntitle: {}\ndate: 2026-05-20\nunit: \"Chi bộ Văn phòng\"\nsummary: {}\n---\n\nNội dung mô hình.\n",
            yq(TRICKY_MODEL),
            yq(TRICKY_SUMMARY)
        ),
    );
    write(
        root,
        "content/mo-hinh/phu-xanh/index.md",
        "---\ntitle: Phủ xanh không gian mạng\ndate: 2025-12-01\n---\n\nĐoạn đầu của mô hình phủ xanh.\n\nĐoạn sau.\n",
    );
    write(
        root,
        "content/tai-lieu/chuyen-de-1.md",
        "---\ntitle: Chuyên đề một\ndate: 2026-02-01\ntopic: Xây dựng Đảng\nseries: Học tập 2026\norder: 1\n---\n\nNội dung chuyên đề.\n",
    );
    dir
}

/// Builds `root` into `root/<out>` and returns that folder.
pub fn build(root: &Path, out: &str, args: &[&str]) -> PathBuf {
    let output = root.join(out);
    let result = Command::cargo_bin("noibo")
        .unwrap()
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--output")
        .arg(&output)
        .args(args)
        .output()
        .unwrap();
    assert!(
        result.status.success(),
        "build failed:\n{}\n{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
    output
}

/// Every `rss.xml` under `out`, as paths from the site root.
pub fn feed_paths(out: &Path) -> BTreeSet<String> {
    fn walk(dir: &Path, base: &Path, acc: &mut BTreeSet<String>) {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, base, acc);
            } else if p.file_name().unwrap() == "rss.xml" {
                let rel = p.strip_prefix(base).unwrap().to_string_lossy();
                acc.insert(rel.replace('\\', "/"));
            }
        }
    }
    let mut acc = BTreeSet::new();
    walk(out, out, &mut acc);
    acc
}

pub fn read(out: &Path, rel: &str) -> String {
    fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

pub fn parse_feed(out: &Path, rel: &str) -> feed_rs::model::Feed {
    feed_rs::parser::parse(read(out, rel).as_bytes()).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

// ---- a small XML tree, to check the RSS structure element by element ----

#[derive(Debug, Default, Clone)]
pub struct El {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub text: String,
    pub children: Vec<El>,
}

impl El {
    pub fn child(&self, name: &str) -> Option<&El> {
        self.children.iter().find(|c| c.name == name)
    }
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a El> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
    pub fn text_of(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.as_str())
    }
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Parses a whole XML document, panicking on anything malformed.
pub fn parse_xml(text: &str, what: &str) -> El {
    use quick_xml::events::{BytesStart, Event};
    fn open(e: &BytesStart) -> El {
        El {
            name: String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
            attrs: e
                .attributes()
                .map(|a| {
                    let a = a.unwrap();
                    (
                        String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                        a.unescape_value().unwrap().into_owned(),
                    )
                })
                .collect(),
            ..El::default()
        }
    }
    assert!(
        text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
        "{what}: no XML declaration"
    );
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack: Vec<El> = Vec::new();
    let mut root = None;
    loop {
        match reader.read_event() {
            Err(e) => panic!("{what}: malformed XML at {}: {e}", reader.buffer_position()),
            Ok(Event::Eof) => break,
            Ok(Event::Start(e)) => stack.push(open(&e)),
            Ok(Event::Empty(e)) => {
                let el = open(&e);
                match stack.last_mut() {
                    Some(top) => top.children.push(el),
                    None => root = Some(el),
                }
            }
            Ok(Event::End(_)) => {
                let mut el = stack.pop().unwrap();
                el.text = el.text.trim().to_string();
                match stack.last_mut() {
                    Some(top) => top.children.push(el),
                    None => {
                        assert!(root.is_none(), "{what}: two root elements");
                        root = Some(el);
                    }
                }
            }
            Ok(Event::Text(t)) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.decode().unwrap());
                }
            }
            Ok(Event::GeneralRef(r)) => {
                let top = stack.last_mut().expect("entity outside the root element");
                if let Some(c) = r.resolve_char_ref().unwrap() {
                    top.text.push(c);
                } else {
                    let name = r.decode().unwrap();
                    let s = quick_xml::escape::resolve_predefined_entity(&name)
                        .unwrap_or_else(|| panic!("{what}: unknown entity &{name};"));
                    top.text.push_str(s);
                }
            }
            Ok(Event::CData(c)) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&String::from_utf8_lossy(&c));
                }
            }
            Ok(_) => {}
        }
    }
    assert!(stack.is_empty(), "{what}: unclosed elements");
    root.unwrap_or_else(|| panic!("{what}: no root element"))
}

/// `channel` of a feed, after checking the RSS 2.0 envelope.
pub fn channel(out: &Path, rel: &str) -> El {
    let rss = parse_xml(&read(out, rel), rel);
    assert_eq!(rss.name, "rss", "{rel}");
    assert_eq!(rss.attr("version"), Some("2.0"), "{rel}");
    assert_eq!(
        rss.attr("xmlns:atom"),
        Some("http://www.w3.org/2005/Atom"),
        "{rel}"
    );
    assert_eq!(rss.children.len(), 1, "{rel}: one channel");
    rss.child("channel").unwrap().clone()
}

/// The page a feed belongs to: the site root for `rss.xml`, else its folder.
pub fn feed_page(rel: &str) -> String {
    rel.strip_suffix("rss.xml").unwrap().to_string()
}

/// `https://…/noibo/van-ban/x/` → `van-ban/x/index.html`, asserting the
/// address is absolute, under the base URL, and a file of the output.
pub fn local_page(out: &Path, url: &str, what: &str) -> String {
    let path = url
        .strip_prefix(BASE)
        .unwrap_or_else(|| panic!("{what}: `{url}` is not absolute under {BASE}"));
    let file = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    };
    assert!(
        out.join(&file).is_file(),
        "{what}: `{url}` points at {file}, which the build did not write"
    );
    file
}

pub fn titles(feed: &feed_rs::model::Feed) -> Vec<String> {
    feed.entries
        .iter()
        .map(|e| {
            e.title
                .as_ref()
                .map(|t| t.content.clone())
                .unwrap_or_default()
        })
        .collect()
}

pub fn guids_by_title(out: &Path, rel: &str) -> BTreeMap<String, String> {
    let feed = parse_feed(out, rel);
    feed.entries
        .iter()
        .map(|e| (e.title.as_ref().unwrap().content.clone(), e.id.clone()))
        .collect()
}

/// `href`s of the `<link rel="alternate" type="application/rss+xml">` of a
/// page's `<head>`.
pub fn announced_feeds(html: &str) -> Vec<String> {
    let head = &html[..html.find("</head>").expect("no </head>")];
    head.split("<link ")
        .skip(1)
        .filter(|l| l.contains("rel=\"alternate\"") && l.contains("application/rss+xml"))
        .map(|l| {
            let h = &l[l.find("href=\"").expect("alternate link without href") + 6..];
            h[..h.find('"').unwrap()].to_string()
        })
        .collect()
}

/// The text of some HTML, tags (and their attributes) removed.
pub fn text_only(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

pub const ISSUER_FEEDS: [&str; 3] = [
    "co-quan/ban-chi-dao-35-dang-uy-uy-ban-nhan-dan-tinh-thai-nguyen/rss.xml",
    "co-quan/tap-chi-cong-san/rss.xml",
    "co-quan/thanh-uy-can-tho/rss.xml",
];
pub const TYPE_FEEDS: [&str; 3] = [
    "loai/cong-van/rss.xml",
    "loai/huong-dan/rss.xml",
    "loai/ke-hoach/rss.xml",
];
