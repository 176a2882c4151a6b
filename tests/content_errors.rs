//! Content with mistakes: every error is reported at once as
//! `path:line:col: ` with the offending line, the exit status is 1 and
//! nothing is written; configuration and usage mistakes exit with 2.

mod common;

use common::*;

/// One expected error: the file, where, and words the message must hold.
struct Expected {
    path: String,
    line: usize,
    col: usize,
    words: Vec<&'static str>,
    /// The source line as it must be shown.
    shown: String,
}

/// 1-based line and column (in characters) of the first `needle` in `text`.
fn pos_of(text: &str, needle: &str) -> (usize, usize) {
    let off = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not in\n{text}"));
    let before = &text[..off];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn line_of(text: &str, line: usize) -> String {
    text.lines().nth(line - 1).unwrap().to_string()
}

/// Where an error must be: at the first occurrence of a text in the file,
/// or at a given line and column; and words its message must hold.
type ErrorAt<'a> = (&'a str, Option<(usize, usize)>, &'a [&'static str]);

/// A broken site and the errors it must produce.
struct Broken {
    site: TestSite,
    expected: Vec<Expected>,
}

impl Broken {
    fn new() -> Broken {
        let site = TestSite::new();
        site.write(
            "content/van-ban/tot.md",
            directive("Văn bản đúng", "1-CV/VP", "Văn phòng", "2025-01-01", ""),
        );
        Broken {
            site,
            expected: Vec::new(),
        }
    }

    /// Writes `content/van-ban/NAME` and expects an error at the first
    /// occurrence of `at` (or at `pos` when given).
    fn file(&mut self, name: &str, text: &str, errors: &[ErrorAt]) {
        let path = format!("content/van-ban/{name}");
        self.site.write(&path, text);
        for (at, pos, words) in errors {
            let (line, col) = pos.unwrap_or_else(|| pos_of(text, at));
            self.expected.push(Expected {
                path: path.clone(),
                line,
                col,
                words: words.to_vec(),
                shown: line_of(text, line),
            });
        }
    }
}

/// Where required fields are missing, errors point at the front matter's
/// first line.
const FRONT: Option<(usize, usize)> = Some((2, 1));

fn broken_site() -> Broken {
    let mut b = Broken::new();
    b.file(
        "cu-phap.md",
        "---\ntitle: \"Văn bản lỗi cú pháp\"\nsummary: Tuyên truyền: đợt 1\ntype: Công văn\nissuer: Văn phòng\ndate: 2025-01-01\n---\nNội dung.\n",
        &[(": đợt 1", None, &["invalid YAML"])],
    );
    b.file(
        "thieu-co-quan.md",
        "---\ntitle: \"Thiếu cơ quan ban hành\"\ntype: Công văn\ndate: 2025-01-01\n---\nNội dung.\n",
        &[("", FRONT, &["missing required field `issuer`"])],
    );
    b.file(
        "sai-chinh-ta.md",
        "---\ntitle: \"Sai chính tả\"\ntype: Công văn\nisuer: Văn phòng\ndate: 2025-01-01\n---\nNội dung.\n",
        &[
            ("isuer:", None, &["unknown field `isuer`", "`issuer`"]),
            ("", FRONT, &["missing required field `issuer`"]),
        ],
    );
    b.file(
        "ngay-sai.md",
        "---\ntitle: \"Ngày không có thật\"\ntype: Công văn\nissuer: Văn phòng\ndate: 2025-02-30\n---\nNội dung.\n",
        &[("2025-02-30", None, &["2025-02-30", "not a date"])],
    );
    b.file(
        "sai-loai.md",
        "---\ntitle: \"Sai loại văn bản\"\ntype: Nghị quyết\nnumber: 12-CV/TU\nissuer: Thành ủy\ndate: 2025-03-04\ntags: {a: 1}\n---\nNội dung.\n",
        &[
            ("Nghị quyết", None, &["`Nghị quyết`", "12-CV/TU", "Công văn"]),
            ("{a: 1}", None, &["`tags`", "mapping"]),
        ],
    );
    // `name: Y` is text (YAML 1.2), not a boolean: no error for it.
    b.file(
        "nguoi-ky.md",
        "---\ntitle: [x]\ntype: Công văn\nissuer: Văn phòng\ndate: 2025-01-01\nsigner:\n  name: Y\n  chuc_vu: Bí thư\n---\nNội dung.\n",
        &[
            ("[x]", None, &["`title`", "a list"]),
            ("chuc_vu", None, &["unknown field `chuc_vu`", "`signer`"]),
        ],
    );
    // "Công văn số 5" in TCVN3 (ABC), as old Word files save it.
    let tcvn3: &[u8] = b"---\ntitle: \"C\xabng v\xb5n s\xe8 5\"\ntype: C\xabng v\xb5n\n---\n";
    b.site.write("content/van-ban/tcvn3.md", tcvn3);
    let lossy = String::from_utf8_lossy(tcvn3);
    b.expected.push(Expected {
        path: "content/van-ban/tcvn3.md".into(),
        line: 2,
        col: 10,
        words: vec!["not UTF-8", "TCVN3"],
        shown: line_of(&lossy, 2),
    });
    let links = "---\ntitle: \"Liên kết hỏng\"\ntype: Công văn\nissuer: Văn phòng\ndate: 2025-01-01\n---\n\nXem [văn bản đúng](tot.md), [văn bản lỗi](ngay-sai.md) và [văn bản không có](khong-co.md).\n";
    b.file(
        "lien-ket.md",
        links,
        &[("[văn bản không có]", None, &["`khong-co.md`"])],
    );
    b
}

/// `path:line:col: ` headers of the error reports in `stderr`.
fn headers(stderr: &str) -> Vec<(String, usize, usize, String)> {
    stderr
        .lines()
        .filter_map(|l| {
            let (path, rest) = l.split_once(':')?;
            let (line, rest) = rest.split_once(':')?;
            let (col, rest) = rest.split_once(": ")?;
            Some((
                path.to_string(),
                line.parse().ok()?,
                col.parse().ok()?,
                rest.to_string(),
            ))
        })
        .collect()
}

#[test]
fn every_content_error_is_reported_at_once_with_its_place() {
    let b = broken_site();
    let r = b.site.build(&[]);
    r.assert_code(1);
    let found = headers(&r.stderr);
    let mut got: Vec<(String, usize, usize)> =
        found.iter().map(|h| (h.0.clone(), h.1, h.2)).collect();
    let mut want: Vec<(String, usize, usize)> = b
        .expected
        .iter()
        .map(|e| (e.path.clone(), e.line, e.col))
        .collect();
    got.sort();
    want.sort();
    assert_eq!(got, want, "stderr:\n{}", r.stderr);

    let lines: Vec<&str> = r.stderr.lines().collect();
    for e in &b.expected {
        let head = format!("{}:{}:{}: ", e.path, e.line, e.col);
        let i = lines
            .iter()
            .position(|l| l.starts_with(&head) && e.words.iter().all(|w| l.contains(w)))
            .unwrap_or_else(|| panic!("no `{head}` error with {:?} in:\n{}", e.words, r.stderr));
        assert!(lines[i].contains("error"), "{}", lines[i]);
        let shown = format!(" {} | {}", e.line, e.shown);
        assert_eq!(
            lines.get(i + 1).copied(),
            Some(shown.as_str()),
            "line shown after {head}"
        );
        let caret = lines.get(i + 2).copied().unwrap_or("");
        let caret_col = caret.chars().count() - format!(" {} | ", e.line).chars().count();
        assert!(
            caret.ends_with('^') && caret_col == e.col,
            "caret under column {}: `{caret}`",
            e.col
        );
    }
    assert!(
        r.stderr
            .contains(&format!("{} problems in the content", b.expected.len())),
        "{}",
        r.stderr
    );
    assert!(!b.site.public().exists(), "nothing is written");
    let mut entries: Vec<String> = std::fs::read_dir(b.site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    entries.sort();
    assert_eq!(
        entries,
        ["content", "site.toml"],
        "no temporary folder left"
    );

    // `check` finds the same errors.
    let r2 = run(&["check", "--root", path_str(b.site.path())]);
    r2.assert_code(1);
    let mut got2: Vec<(String, usize, usize)> = headers(&r2.stderr)
        .iter()
        .map(|h| (h.0.clone(), h.1, h.2))
        .collect();
    got2.sort();
    assert_eq!(got2, want);
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let site = TestSite::new();
    site.write(
        "content/van-ban/tot.md",
        directive("Văn bản đúng", "1-CV/VP", "Văn phòng", "2025-01-01", ""),
    );
    site.build(&[]).assert_success();
    let before = tree(&site.public());
    assert!(before.contains_key("van-ban/tot/index.html"));
    let entries = |dir: &std::path::Path| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    let root_before = entries(site.path());

    // A new page with an impossible date, and a fix to the good one.
    site.write(
        "content/van-ban/moi.md",
        directive("Văn bản mới", "2-CV/VP", "Văn phòng", "2025-02-30", ""),
    );
    site.write(
        "content/van-ban/tot.md",
        directive(
            "Văn bản đúng, đã sửa",
            "1-CV/VP",
            "Văn phòng",
            "2025-01-01",
            "",
        ),
    );
    let r = site.build(&[]);
    r.assert_code(1);
    let (line, col) = pos_of(
        &std::fs::read_to_string(site.path().join("content/van-ban/moi.md")).unwrap(),
        "2025-02-30",
    );
    assert!(
        r.stderr
            .contains(&format!("content/van-ban/moi.md:{line}:{col}: ")),
        "{}",
        r.stderr
    );
    assert!(tree(&site.public()) == before, "the previous site changed");
    assert_eq!(
        entries(site.path()),
        root_before,
        "no temporary folder left"
    );
}

#[test]
fn a_bad_key_in_site_toml_exits_2_naming_the_closest_key() {
    let site = TestSite::new();
    site.write(
        "site.toml",
        "title = \"Cổng\"\nbase_ulr = \"http://noibo.test/\"\n",
    );
    let r = site.build(&[]);
    r.assert_code(2);
    assert!(r.stderr.contains("site.toml:2:1: "), "{}", r.stderr);
    assert!(
        r.stderr.contains("`base_ulr`") && r.stderr.contains("`base_url`"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(" 2 | base_ulr = \"http://noibo.test/\""),
        "{}",
        r.stderr
    );
    assert!(!site.public().exists());

    site.write("site.toml", "title = \"Cổng\"\n\n[feed]\nlimt = 5\n");
    let r = site.build(&[]);
    r.assert_code(2);
    assert!(r.stderr.contains("site.toml:4:1: "), "{}", r.stderr);
    assert!(r.stderr.contains("`limit`"), "{}", r.stderr);

    site.write(
        "site.toml",
        "title = \"Cổng\"\npaginate_by = \"hai mươi\"\n",
    );
    site.build(&[]).assert_code(2);
    let r = run(&["check", "--root", path_str(site.path())]);
    r.assert_code(2);
}

#[test]
fn bad_usage_exits_2() {
    let site = TestSite::with_files(&[(
        "content/van-ban/tot.md",
        &directive("Văn bản đúng", "1-CV/VP", "Văn phòng", "2025-01-01", ""),
    )]);
    let root = path_str(site.path());
    for args in [
        &[][..],
        &["dung-lenh-la"],
        &["build", "--khong-co-tuy-chon"],
        &["build", "--root"],
        &["build", "--root", root, "--output", "content"],
        &["build", "--root", root, "--output", "."],
        &["build", "--root", root, "--output", root],
        &["build", "--root", root, "--base-url", "khong-phai-dia-chi"],
    ] {
        let r = run(args);
        assert_eq!(r.code, Some(2), "noibo {args:?}\n{}", r.stderr);
        assert!(!r.stderr.is_empty(), "noibo {args:?} says why");
    }
    let missing = site.path().join("khong-co");
    run(&["build", "--root", path_str(&missing)]).assert_code(2);
    // Nothing of the site was touched by the refused runs.
    assert!(site.path().join("content/van-ban/tot.md").is_file());
    assert!(!site.public().exists());
    run(&["--help"]).assert_success();
    run(&["build", "--root", root]).assert_success();
}

#[test]
fn broken_links_to_files_are_reported_where_they_are_written() {
    let site = TestSite::with_files(&[("content/mo-hinh/_index.md", MODELS_INDEX)]);
    let text = "---\ntitle: \"Mô hình có liên kết hỏng\"\ndate: 2025-01-01\n---\n\nXem [trang khác](../khong-co/index.html).\n\n![](mat.png)\n\n<p>Ảnh: <img src=\"khong-co.png\" alt=\"\"></p>\n";
    site.write("content/mo-hinh/x.md", text);
    let r = site.build(&[]);
    r.assert_code(1);
    let lines: Vec<&str> = r.stderr.lines().collect();
    for needle in ["[trang khác]", "![](mat.png)", "khong-co.png"] {
        let (line, col) = pos_of(text, needle);
        let head = format!("content/mo-hinh/x.md:{line}:{col}: error: ");
        let i = lines
            .iter()
            .position(|l| l.starts_with(&head))
            .unwrap_or_else(|| panic!("no `{head}` in:\n{}", r.stderr));
        assert!(!lines[i].contains("template"), "{}", lines[i]);
        let shown = format!(" {line} | {}", line_of(text, line));
        assert_eq!(lines.get(i + 1).copied(), Some(shown.as_str()), "{}", r.stderr);
    }
    assert!(!r.stderr.contains("output "), "{}", r.stderr);
    assert!(r.stderr.contains("3 problems in the content"), "{}", r.stderr);
}
