//! Bad input never loses the user's work: each case runs the real binary on
//! a site in a temporary folder that was built once, and asserts the exit
//! status, a message naming the file (and `line:col` where there is one),
//! and that nothing in the temporary folder changed — sources, the previous
//! output and the files outside the site alike. Cases that must succeed
//! (links skipped, deep nesting) may change only the output folder.
//!
//! Every run is killed after `RUN_LIMIT`: a hang fails the test.

mod safety_support;

use safety_support::{Sandbox, built, built_safely, directive, refused};

/// "Nghị quyết Đảng ủy về công tác tuyên truyền" in three legacy encodings.
const TCVN3: &[u8] = b"Ngh\xde quy\xd5t \xa7\xb6ng \xf1y v\xd2 c\xabng t\xb8c tuy\xaan truy\xd2n";
const VNI: &[u8] =
    b"Ngh\xf2 quye\xe1t \xd1a\xfbng u\xfby ve\xe0 co\xe2ng ta\xf9c tuye\xe2n truye\xe0n";
const CP1258: &[u8] =
    b"Nghi\xf2 quy\xea\xect \xd0a\xd2ng u\xd2y v\xea\xcc c\xf4ng ta\xecc tuy\xean truy\xea\xccn";

fn legacy_file(title: &[u8]) -> Vec<u8> {
    let mut f = b"---\ntitle: \"".to_vec();
    f.extend_from_slice(title);
    f.extend_from_slice(b"\"\nnumber: \"5-NQ/TU\"\nissuer: X\ndate: 2025-01-01\n---\n\nA.\n");
    f
}

// ---------------------------------------------------------------- encodings

#[test]
fn tcvn3_file_is_named_with_its_encoding() {
    let s = built();
    s.write_bytes("content/van-ban/cu.md", &legacy_file(TCVN3));
    refused(
        &s,
        &["build"],
        1,
        &[
            "content/van-ban/cu.md:2:12: error: file is not UTF-8",
            "TCVN3",
            "nothing was written",
        ],
    );
}

#[test]
fn vni_file_is_named_with_its_encoding() {
    let s = built();
    s.write_bytes("content/van-ban/cu.md", &legacy_file(VNI));
    let err = refused(
        &s,
        &["build"],
        1,
        &[
            "content/van-ban/cu.md:2:12: error: file is not UTF-8",
            "VNI",
        ],
    );
    assert!(
        !err.contains("TCVN3") && !err.contains("Windows-1258"),
        "{err}"
    );
}

#[test]
fn windows_1258_file_is_named_with_its_encoding() {
    let s = built();
    s.write_bytes("content/van-ban/cu.md", &legacy_file(CP1258));
    let err = refused(
        &s,
        &["build"],
        1,
        &[
            "content/van-ban/cu.md:2:13: error: file is not UTF-8",
            "Windows-1258",
        ],
    );
    assert!(!err.contains("TCVN3") && !err.contains("VNI"), "{err}");
}

#[test]
fn utf16_file_is_named() {
    let s = built();
    let mut bytes = vec![0xFF, 0xFE];
    for u in "---\ntitle: Giới thiệu\n---\n".encode_utf16() {
        bytes.extend_from_slice(&u.to_le_bytes());
    }
    s.write_bytes("content/gioi-thieu.md", &bytes);
    refused(
        &s,
        &["build"],
        1,
        &["content/gioi-thieu.md:1:1: error: file is not UTF-8 (it looks like UTF-16)"],
    );
}

#[test]
fn check_reports_encoding_too_and_writes_nothing() {
    let s = built();
    s.write_bytes("content/van-ban/cu.md", &legacy_file(TCVN3));
    refused(
        &s,
        &["check"],
        1,
        &[
            "content/van-ban/cu.md:2:12: error: file is not UTF-8",
            "TCVN3",
        ],
    );
}

// ------------------------------------------------------- text of the files

#[test]
fn control_character_in_body_is_refused_at_its_place() {
    let s = built();
    s.write(
        "content/gioi-thieu.md",
        "---\ntitle: Giới thiệu\n---\n\nXin\u{7}chào.\n",
    );
    refused(
        &s,
        &["build"],
        1,
        &["content/gioi-thieu.md:5:4: error: control character U+0007"],
    );
}

#[test]
fn control_character_in_front_matter_is_refused_at_its_place() {
    let s = built();
    s.write(
        "content/van-ban/x.md",
        &directive("7-CV/TU", "Tiêu\u{1b}[31m đề", "2025-03-01", "A."),
    );
    refused(
        &s,
        &["build"],
        1,
        &["content/van-ban/x.md:2:13: error: control character U+001B"],
    );
}

#[test]
fn file_over_the_size_limit_is_refused() {
    let s = built();
    let mut big = "---\ntitle: Lớn\n---\n\n".to_string().into_bytes();
    big.resize(8 * 1024 * 1024 + 1, b'a');
    s.write_bytes("content/lon.md", &big);
    refused(
        &s,
        &["build"],
        1,
        &[
            "content/lon.md: error: file is 8388609 bytes; the largest content file noibo reads is 8388608 bytes",
        ],
    );
}

#[test]
fn missing_front_matter() {
    let s = built();
    s.write("content/van-ban/x.md", "Chỉ có nội dung.\n");
    refused(
        &s,
        &["build"],
        1,
        &["content/van-ban/x.md:1:1: error: missing front matter"],
    );
}

#[test]
fn unclosed_front_matter() {
    let s = built();
    s.write("content/van-ban/x.md", "---\ntitle: X\n\nNội dung.\n");
    refused(
        &s,
        &["build"],
        1,
        &["content/van-ban/x.md:1:1: error: front matter is not closed"],
    );
}

#[test]
fn yaml_syntax_error_has_its_place() {
    let s = built();
    s.write(
        "content/van-ban/x.md",
        "---\ntitle: [Tiêu đề\nissuer: X\n---\n",
    );
    let err = refused(
        &s,
        &["build"],
        1,
        &["content/van-ban/x.md:", "invalid YAML"],
    );
    let first = err.lines().next().unwrap();
    assert!(
        first.starts_with("content/van-ban/x.md:2:")
            || first.starts_with("content/van-ban/x.md:3:"),
        "{err}"
    );
}

#[test]
fn unknown_field_names_the_closest() {
    let s = built();
    s.write(
        "content/van-ban/x.md",
        "---\ntitel: X\nnumber: \"7-CV/TU\"\nissuer: X\ndate: 2025-03-01\n---\n",
    );
    refused(
        &s,
        &["build"],
        1,
        &["content/van-ban/x.md:2:1: error: unknown field `titel`; did you mean `title`?"],
    );
}

#[test]
fn duplicate_field_is_an_error() {
    let s = built();
    s.write(
        "content/van-ban/x.md",
        "---\ntitle: A\ntitle: B\nnumber: \"7-CV/TU\"\nissuer: X\ndate: 2025-03-01\n---\n",
    );
    refused(&s, &["build"], 1, &["content/van-ban/x.md:3:", "uplicate"]);
}

#[test]
fn deeply_nested_yaml_is_an_error_not_a_crash() {
    let s = built();
    let deep = format!(
        "---\ntitle: A\ntags: {}{}\n---\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    s.write("content/gioi-thieu.md", &deep);
    refused(
        &s,
        &["build"],
        1,
        &["content/gioi-thieu.md:3:", "invalid YAML"],
    );
}

// ------------------------------------------------- paths out of the site

fn model_with_image(image: &str) -> String {
    format!(
        "---\ntitle: Mô hình ảnh\ndate: 2025-02-03\nunit: Chi bộ 2\nimage: \"{image}\"\n---\n\nẢnh.\n"
    )
}

#[test]
fn image_climbing_out_of_the_site_is_refused() {
    let s = built();
    s.write(
        "content/mo-hinh/anh.md",
        &model_with_image("../../../etc/passwd"),
    );
    refused(
        &s,
        &["build"],
        1,
        &["content/mo-hinh/anh.md:5:8: error: `image: ../../../etc/passwd` contains `..`"],
    );
}

#[test]
fn image_with_encoded_dots_is_refused() {
    let s = built();
    s.write(
        "content/mo-hinh/anh.md",
        &model_with_image("a/%2E%2e/%2e%2e/x.jpg"),
    );
    refused(
        &s,
        &["build"],
        1,
        &["content/mo-hinh/anh.md:5:8: error: `image: a/%2E%2e/%2e%2e/x.jpg` contains `..`"],
    );
}

#[test]
fn absolute_image_path_is_refused() {
    let s = built();
    s.write("content/mo-hinh/anh.md", &model_with_image("/etc/passwd"));
    refused(
        &s,
        &["build"],
        1,
        &["content/mo-hinh/anh.md:5:8: error: `image: /etc/passwd` is an absolute path"],
    );
}

#[test]
fn image_address_is_refused() {
    let s = built();
    s.write(
        "content/mo-hinh/anh.md",
        &model_with_image("javascript:alert(1)"),
    );
    refused(
        &s,
        &["build"],
        1,
        &["content/mo-hinh/anh.md:5:8: error: `image: javascript:alert(1)` is an address"],
    );
}

#[test]
fn markdown_link_out_of_the_site_is_refused() {
    let s = built();
    s.write(
        "content/van-ban/x.md",
        &directive(
            "7-CV/TU",
            "Liên kết",
            "2025-03-01",
            "Xem [tệp](../../../../outside/secret.txt).",
        ),
    );
    refused(
        &s,
        &["build"],
        1,
        &["content/van-ban/x.md:9:5: error: link `../../../../outside/secret.txt` leaves the site"],
    );
}

#[test]
fn markdown_image_out_of_the_site_is_refused() {
    let s = built();
    s.write(
        "content/van-ban/x.md",
        &directive(
            "7-CV/TU",
            "Ảnh",
            "2025-03-01",
            "![ảnh](../../../%2e%2e/etc/passwd)",
        ),
    );
    refused(
        &s,
        &["build"],
        1,
        &["content/van-ban/x.md:9:1: error: link `../../../%2e%2e/etc/passwd` leaves the site"],
    );
}

#[test]
fn markdown_link_to_a_page_out_of_content_is_refused() {
    let s = built();
    s.write(
        "content/van-ban/x.md",
        &directive(
            "7-CV/TU",
            "Liên kết",
            "2025-03-01",
            "Xem [trang](../../site.md).",
        ),
    );
    refused(
        &s,
        &["build"],
        1,
        &["content/van-ban/x.md:9:5: error: link `../../site.md` leaves the content folder"],
    );
}

// ----------------------------------------- runs that succeed, safely

#[cfg(unix)]
#[test]
fn links_in_content_are_skipped_not_followed() {
    let s = built();
    let secret = s.path("outside/secret.txt");
    std::os::unix::fs::symlink(&secret, s.root().join("content/van-ban/secret.md")).unwrap();
    std::os::unix::fs::symlink(&secret, s.root().join("content/secret.txt")).unwrap();
    s.write(
        "content/mo-hinh/thu-muc/index.md",
        &model_with_image("mo-hinh/thu-muc/a.txt"),
    );
    s.write("content/mo-hinh/thu-muc/a.txt", "a\n");
    std::os::unix::fs::symlink(&secret, s.root().join("content/mo-hinh/thu-muc/b.txt")).unwrap();
    std::os::unix::fs::symlink(s.path("outside"), s.root().join("content/ngoai")).unwrap();
    let (err, after) = built_safely(&s);
    assert!(
        err.contains("content/van-ban/secret.md: warning: symbolic link skipped"),
        "{err}"
    );
    assert!(after.contains_key("site/public/mo-hinh/thu-muc/a.txt"));
    for (path, _) in after.iter().filter(|(p, _)| p.starts_with("site/public/")) {
        assert!(
            !path.contains("secret") && !path.contains("ngoai") && !path.ends_with("/b.txt"),
            "{path}"
        );
    }
}

#[cfg(unix)]
#[test]
fn named_pipe_in_content_does_not_block_the_build() {
    let s = built();
    let fifo = s.root().join("content/van-ban/pipe.md");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let (err, _) = built_safely(&s);
    assert!(
        err.contains("content/van-ban/pipe.md: warning: skipped: not a regular file"),
        "{err}"
    );
}

#[test]
fn decomposed_text_is_published_composed() {
    let s = built();
    let nfd = "Nghi\u{323} quye\u{302}\u{301}t \u{110}a\u{309}ng u\u{309}y";
    let nfc = "Nghị quyết Đảng ủy";
    s.write(
        "content/van-ban/nfd.md",
        &directive(
            "8-NQ/TU",
            nfd,
            "2025-04-01",
            &format!("{nfd} về tuyên truyền."),
        ),
    );
    let (_, after) = built_safely(&s);
    assert!(after.contains_key("site/public/van-ban/nfd/index.html"));
    let mut found = 0;
    for (path, _) in after.iter().filter(|(p, _)| p.starts_with("site/public/")) {
        let Ok(text) = std::fs::read_to_string(s.path(path)) else {
            continue; // folders
        };
        assert!(
            !text.chars().any(|c| ('\u{300}'..='\u{323}').contains(&c)),
            "combining mark in {path}"
        );
        found += usize::from(text.contains(nfc));
    }
    // The page, its section, the feeds, directives.json, the search index.
    assert!(found >= 5, "{found} files hold the composed title");
}

fn deep_page(body: &str) -> Sandbox {
    let s = built();
    s.write(
        "content/sau.md",
        &format!("---\ntitle: Sâu\n---\n\n{body}\n"),
    );
    s
}

#[test]
fn deeply_nested_quotes_do_not_crash() {
    let s = deep_page(&format!("{} trích dẫn", ">".repeat(50_000)));
    let (_, after) = built_safely(&s);
    assert!(after.contains_key("site/public/sau/index.html"));
}

#[test]
fn deeply_nested_lists_do_not_crash() {
    let s = deep_page(&format!("{} mục", "* ".repeat(50_000)));
    let (_, after) = built_safely(&s);
    assert!(after.contains_key("site/public/sau/index.html"));
}

#[test]
fn many_open_brackets_do_not_crash() {
    let s = deep_page(&format!(
        "{}x{}",
        "[".repeat(100_000),
        "](https://e.vn/)".repeat(10)
    ));
    let (_, after) = built_safely(&s);
    assert!(after.contains_key("site/public/sau/index.html"));
}

#[test]
fn deeply_nested_emphasis_and_html_do_not_crash() {
    let s = deep_page(&format!(
        "{}x{}\n\n{}",
        "*_".repeat(25_000),
        "_*".repeat(25_000),
        "<div>".repeat(50_000)
    ));
    let (_, after) = built_safely(&s);
    assert!(after.contains_key("site/public/sau/index.html"));
}
