//! Helpers shared by the integration tests: write a small site into a
//! temporary folder, run the real `noibo` binary on it, read what it built.

#![allow(dead_code)] // each test file uses its own share of these helpers

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;

/// A minimal `site.toml`; tests add keys with [`TestSite::config`].
pub const SITE_TOML: &str = "title = \"Cổng thử nghiệm\"\nbase_url = \"http://noibo.test/\"\n";

/// `_index.md` of the three kinds of sections.
pub const DIRECTIVES_INDEX: &str = "---\ntitle: Văn bản chỉ đạo\nkind: directives\n---\n";
pub const MODELS_INDEX: &str = "---\ntitle: Mô hình hay\nkind: models\n---\n";
pub const MATERIALS_INDEX: &str = "---\ntitle: Tài liệu học tập\nkind: materials\n---\n";

/// A real 1×1 PNG, for pages that need an image file the build can read.
pub const TINY_PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

/// A site in a temporary folder, removed when dropped.
pub struct TestSite {
    dir: tempfile::TempDir,
}

impl TestSite {
    /// A site with `site.toml` and a `van-ban` section of directives.
    pub fn new() -> TestSite {
        let site = TestSite::empty();
        site.write("site.toml", SITE_TOML);
        site.write("content/van-ban/_index.md", DIRECTIVES_INDEX);
        site
    }

    /// An empty folder.
    pub fn empty() -> TestSite {
        TestSite {
            dir: tempfile::tempdir().expect("temporary folder"),
        }
    }

    /// A site with [`TestSite::new`]'s files and `files` (path, contents).
    pub fn with_files(files: &[(&str, &str)]) -> TestSite {
        let site = TestSite::new();
        for (path, text) in files {
            site.write(path, text);
        }
        site
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `bytes` at `rel`, creating folders.
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let p = self.dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, bytes).unwrap();
    }

    /// Appends lines to `site.toml`.
    pub fn config(&self, extra: &str) {
        let p = self.dir.path().join("site.toml");
        let mut text = std::fs::read_to_string(&p).unwrap_or_default();
        text.push_str(extra);
        text.push('\n');
        std::fs::write(p, text).unwrap();
    }

    /// `noibo build --root SITE ARGS...`.
    pub fn build(&self, args: &[&str]) -> Run {
        let mut all = vec!["build", "--root", path_str(self.path())];
        all.extend_from_slice(args);
        run(&all)
    }

    /// `noibo build` into `out`, which must succeed; returns the built files.
    pub fn build_into(&self, out: &Path, args: &[&str]) -> Tree {
        let mut all = vec!["--output", path_str(out)];
        all.extend_from_slice(args);
        let r = self.build(&all);
        r.assert_success();
        tree(out)
    }

    /// The default output folder, `public/` in the site.
    pub fn public(&self) -> PathBuf {
        self.path().join("public")
    }
}

pub fn path_str(p: &Path) -> &str {
    p.to_str().expect("temporary paths are UTF-8")
}

/// How a run of the binary ended.
#[derive(Debug)]
pub struct Run {
    /// Exit code (`None` if killed by a signal).
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn assert_success(&self) {
        assert_eq!(
            self.code,
            Some(0),
            "noibo failed\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
    }

    pub fn assert_code(&self, code: i32) {
        assert_eq!(
            self.code,
            Some(code),
            "expected exit status {code}\nstdout:\n{}\nstderr:\n{}",
            self.stdout,
            self.stderr
        );
    }
}

/// The `noibo` binary built by cargo for these tests.
pub fn noibo() -> Command {
    let mut cmd = Command::cargo_bin("noibo").expect("the noibo binary");
    // Never let a test read the user's terminal or answer prompts.
    cmd.stdin(std::process::Stdio::null());
    cmd.env_remove("NO_COLOR");
    cmd
}

/// Runs `noibo ARGS...` and captures everything.
pub fn run(args: &[&str]) -> Run {
    let out = noibo().args(args).output().expect("noibo runs");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Every file below a folder: path from the folder (with `/`) to bytes.
pub type Tree = BTreeMap<String, Vec<u8>>;

/// Reads every file below `dir`; an absent folder is an empty tree.
pub fn tree(dir: &Path) -> Tree {
    let mut out = Tree::new();
    if !dir.exists() {
        return out;
    }
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e.path().strip_prefix(dir).unwrap();
            let key = rel.to_string_lossy().replace('\\', "/");
            out.insert(key, std::fs::read(e.path()).unwrap());
        }
    }
    out
}

/// The text of `path` in a built tree; panics, listing the tree, if absent.
pub fn text<'a>(tree: &'a Tree, path: &str) -> &'a str {
    let bytes = tree.get(path).unwrap_or_else(|| {
        panic!(
            "{path} was not built; built files:\n{}",
            tree.keys().cloned().collect::<Vec<_>>().join("\n")
        )
    });
    std::str::from_utf8(bytes).unwrap_or_else(|_| panic!("{path} is not UTF-8"))
}

/// The root of this repository (the sample site).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Front matter of a directive. `extra` holds more YAML lines.
pub fn directive(title: &str, number: &str, issuer: &str, date: &str, extra: &str) -> String {
    let number = if number.is_empty() {
        String::new()
    } else {
        format!("number: \"{number}\"\n")
    };
    format!(
        "---\ntitle: \"{title}\"\n{number}type: Công văn\nissuer: \"{issuer}\"\ndate: {date}\n{extra}---\n\nNội dung của văn bản {title}.\n"
    )
}

/// Values of the `attr="..."` attributes in `html`, in order (not those of
/// longer attribute names such as `data-href`).
pub fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let pat = format!("{attr}=\"");
    html.match_indices(&pat)
        .filter(|(i, _)| {
            html[..*i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_whitespace())
        })
        .filter_map(|(i, _)| {
            let start = i + pat.len();
            html[start..].find('"').map(|end| &html[start..start + end])
        })
        .collect()
}

/// The links of list items (`<a class="item-title" href=...>`) of a list
/// page at `page_path`, as paths from the site root.
pub fn listed(tree: &Tree, page_path: &str) -> Vec<String> {
    let html = text(tree, page_path);
    let pat = "class=\"item-title\" href=\"";
    html.match_indices(pat)
        .map(|(i, _)| {
            let start = i + pat.len();
            let end = start + html[start..].find('"').unwrap();
            resolve(page_path, &html[start..end])
                .unwrap_or_else(|| panic!("bad link in {page_path}"))
        })
        .collect()
}

/// Whether a link leaves the site or stays in the page.
pub fn is_external(link: &str) -> bool {
    let scheme = link
        .split_once(':')
        .is_some_and(|(s, _)| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric()));
    scheme || link.starts_with("//") || link.starts_with('#') || link.is_empty()
}

/// Resolves a relative `link` written in the file at `from` (both from the
/// site root) to a path from the site root, without query or fragment;
/// `None` if it climbs above the root.
pub fn resolve(from: &str, link: &str) -> Option<String> {
    let link = link.split(['#', '?']).next().unwrap_or("");
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for seg in link.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut p = parts.join("/");
    if link.ends_with('/') || link.is_empty() {
        if !p.is_empty() {
            p.push('/');
        }
        p.push_str("index.html");
    }
    Some(percent_decode(&p))
}

/// Decodes `%XX` escapes of a URL path.
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = b
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (b[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Files of `tree` whose bytes contain `needle`, ignoring ASCII case.
pub fn files_containing(tree: &Tree, needle: &str) -> Vec<String> {
    let needle = needle.to_ascii_lowercase().into_bytes();
    tree.iter()
        .filter(|(_, bytes)| {
            bytes
                .to_ascii_lowercase()
                .windows(needle.len())
                .any(|w| w == needle.as_slice())
        })
        .map(|(p, _)| p.clone())
        .collect()
}

/// The 28-CV/BCĐ seed: its front matter, and the last line of its body.
pub fn directive_28() -> String {
    "---
title: \"V/v đẩy mạnh tuyên truyền, lan tỏa thông tin trên các kênh truyền thông\"
number: \"28-CV/BCĐ\"
type: \"Công văn\"
issuer: \"Ban Chỉ đạo 35 Đảng ủy Ủy ban nhân dân tỉnh Thái Nguyên\"
date: 2025-11-22
place: \"Thái Nguyên\"
recipients:
  - \"Các chi bộ, đảng ủy cơ sở trực thuộc\"
  - \"Đoàn Thanh niên Cộng sản Hồ Chí Minh Đảng ủy Ủy ban nhân dân tỉnh\"
signer:
  name: \"Mai Thị Nhài\"
  title: \"Phó Trưởng Ban\"
  on_behalf: \"T/M Ban Chỉ đạo\"
distribution:
  - \"Thường trực Đảng ủy\"
  - \"Lưu Ban Chỉ đạo 35 Đảng ủy\"
tags: [\"Tuyên truyền\"]
---

Đề nghị các cơ quan, đơn vị nghiêm túc triển khai thực hiện.
"
    .to_string()
}

/// Byte offset of `needle` in `html`, which must hold it.
pub fn at(html: &str, needle: &str) -> usize {
    html.find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not in the page:\n{html}"))
}

/// Asserts the needles appear in `html` in this order.
pub fn in_order(html: &str, needles: &[&str]) {
    let pos: Vec<usize> = needles.iter().map(|n| at(html, n)).collect();
    for (w, n) in pos.windows(2).zip(needles.windows(2)) {
        assert!(w[0] < w[1], "`{}` should come before `{}`", n[0], n[1]);
    }
}

pub fn theme_file(rel: &str) -> Vec<u8> {
    std::fs::read(repo_root().join("themes/default").join(rel)).unwrap()
}

/// Every href, src and action value of every HTML file: (file, link, attribute).
pub fn all_links(t: &Tree) -> Vec<(String, String, &'static str)> {
    let mut out = Vec::new();
    for (path, bytes) in t {
        if !path.ends_with(".html") {
            continue;
        }
        let html = std::str::from_utf8(bytes).unwrap();
        for attr in ["href", "src", "action"] {
            for v in attr_values(html, attr) {
                out.push((path.clone(), v.replace("&amp;", "&"), attr));
            }
        }
    }
    out
}

/// Builds the sample intranet of this repository into `out`.
pub fn build_sample(out: &Path, args: &[&str]) -> Tree {
    let root = repo_root();
    let mut all = vec![
        "build",
        "--root",
        path_str(&root),
        "--output",
        path_str(out),
    ];
    all.extend_from_slice(args);
    let r = run(&all);
    r.assert_success();
    tree(out)
}

/// From `--timings`, the line that starts with `prefix` ("N of M made, K
/// kept from the last build"): M, and K, checked to add up.
pub fn made_and_kept(stderr: &str, prefix: &str) -> (usize, usize) {
    let line = stderr
        .lines()
        .find_map(|l| l.strip_prefix(prefix))
        .unwrap_or_else(|| panic!("no `{prefix}` line in {stderr}"));
    let n: Vec<usize> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|w| w.parse().ok())
        .collect();
    assert_eq!(n.len(), 3, "{line}");
    assert_eq!(n[0] + n[2], n[1], "{line}");
    (n[1], n[2])
}
