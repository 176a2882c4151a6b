//! Bad input never loses the user's work: each case runs the real binary on
//! a site in a temporary folder that was built once, and asserts the exit
//! status, a message naming the file (and `line:col` where there is one),
//! and that nothing in the temporary folder changed — sources, the previous
//! output and the files outside the site alike. Cases that must succeed
//! (links skipped, deep nesting) may change only the output folder.
//!
//! Every run is killed after `RUN_LIMIT`: a hang fails the test.

mod safety_support;

use safety_support::{Sandbox, Tree, assert_same, directive, without};

/// A sandbox whose site was built once, so there is a previous output.
fn built() -> Sandbox {
    let s = Sandbox::new();
    s.build_ok();
    assert!(s.root().join("public/index.html").is_file());
    s
}

/// Runs `noibo ARGS`, expecting exit status `code` and every piece of
/// `expected` in stderr; asserts the sandbox is exactly as before.
fn refused(s: &Sandbox, args: &[&str], code: i32, expected: &[&str]) -> String {
    let before = s.snapshot();
    let out = s.noibo(args);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(code), "stderr:\n{err}");
    for e in expected {
        assert!(err.contains(e), "expected `{e}` in stderr:\n{err}");
    }
    assert_same(&before, &s.snapshot(), "a refused run changed files");
    err
}

/// Runs `noibo build`, expecting success; asserts nothing but the output
/// folder changed.
fn built_safely(s: &Sandbox) -> (String, Tree) {
    let before = s.snapshot();
    let err = s.build_ok();
    let after = s.snapshot();
    assert_same(
        &without(&before, "site/public"),
        &without(&after, "site/public"),
        "a build changed files outside its output folder",
    );
    (err, after)
}

/// "Nghị quyết Đảng ủy về công tác tuyên truyền" in three legacy encodings.
const TCVN3: &[u8] =
    b"Ngh\xde quy\xd5t \xa7\xb6ng \xf1y v\xd2 c\xabng t\xb8c tuy\xaan truy\xd2n";
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
        &["content/van-ban/cu.md:2:12: error: file is not UTF-8", "VNI"],
    );
    assert!(!err.contains("TCVN3") && !err.contains("Windows-1258"), "{err}");
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
        &["content/van-ban/cu.md:2:12: error: file is not UTF-8", "TCVN3"],
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
        &["content/lon.md: error: file is 8388609 bytes; the largest content file noibo reads is 8388608 bytes"],
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
    let err = refused(&s, &["build"], 1, &["content/van-ban/x.md:", "invalid YAML"]);
    let first = err.lines().next().unwrap();
    assert!(
        first.starts_with("content/van-ban/x.md:2:") || first.starts_with("content/van-ban/x.md:3:"),
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
    format!("---\ntitle: Mô hình ảnh\ndate: 2025-02-03\nunit: Chi bộ 2\nimage: \"{image}\"\n---\n\nẢnh.\n")
}

#[test]
fn image_climbing_out_of_the_site_is_refused() {
    let s = built();
    s.write("content/mo-hinh/anh.md", &model_with_image("../../../etc/passwd"));
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
    s.write("content/mo-hinh/anh.md", &model_with_image("a/%2E%2e/%2e%2e/x.jpg"));
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
    s.write("content/mo-hinh/anh.md", &model_with_image("javascript:alert(1)"));
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
        &directive("7-CV/TU", "Liên kết", "2025-03-01", "Xem [tệp](../../../../outside/secret.txt)."),
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
        &directive("7-CV/TU", "Ảnh", "2025-03-01", "![ảnh](../../../%2e%2e/etc/passwd)"),
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
        &directive("7-CV/TU", "Liên kết", "2025-03-01", "Xem [trang](../../site.md)."),
    );
    refused(
        &s,
        &["build"],
        1,
        &["content/van-ban/x.md:9:5: error: link `../../site.md` leaves the content folder"],
    );
}

// ------------------------------------------------------- output folder

fn refused_output(s: &Sandbox, output: &str, why: &str) {
    refused(
        s,
        &["build", "--output", output],
        2,
        &["error: refusing output folder ", why],
    );
}

#[test]
fn output_root_of_file_system_is_refused() {
    refused_output(&built(), "/", "it is the root of the file system");
}

#[test]
fn output_home_folder_is_refused() {
    let s = built();
    let home = s.path("home").to_string_lossy().into_owned();
    refused_output(&s, &home, "it is the home folder");
}

#[test]
fn output_above_home_folder_is_refused() {
    let s = built();
    refused_output(&s, "..", "it is the home folder or a folder above it");
}

#[test]
fn output_site_root_is_refused() {
    refused_output(&built(), ".", "it is the site root or a folder above it");
}

#[test]
fn output_inside_sources_is_refused() {
    let s = built();
    s.write("static/logo.txt", "logo\n");
    std::fs::create_dir_all(s.root().join("templates")).unwrap();
    s.build_ok();
    for (out, folder) in [
        ("content", "content/"),
        ("content/van-ban/public", "content/"),
        ("themes/default/x", "themes/"),
        ("static", "static/"),
        ("templates/out", "templates/"),
    ] {
        refused_output(&s, out, &format!("it is inside the site's {folder} folder"));
    }
}

#[test]
fn output_holding_another_site_is_refused() {
    let s = built();
    s.write("outside/other/site.toml", "title = \"Khác\"\n");
    s.write("outside/third/content/a.md", "---\ntitle: A\n---\n");
    for other in ["../outside/other", "../outside/third"] {
        refused_output(&s, other, "it holds a site (site.toml or content/)");
    }
}

#[test]
fn output_from_site_toml_is_checked_too() {
    let s = built();
    s.write(
        "site.toml",
        "title = \"Cổng thử nghiệm\"\nbase_url = \"http://intranet.local/\"\noutput_dir = \"content/public\"\n",
    );
    refused(
        &s,
        &["build"],
        2,
        &["error: refusing output folder ", "inside the site's content/ folder"],
    );
}

#[test]
fn output_that_is_a_file_is_refused() {
    let s = built();
    refused_output(&s, "site.toml", "it is a file, not a folder");
    refused_output(&s, "../outside/secret.txt", "it is a file, not a folder");
}

#[cfg(unix)]
#[test]
fn output_that_is_a_link_is_refused() {
    let s = built();
    std::os::unix::fs::symlink(s.path("outside"), s.root().join("out-link")).unwrap();
    refused_output(&s, "out-link", "it is a symbolic link");
}

#[cfg(unix)]
#[test]
fn output_through_a_link_into_the_sources_is_refused() {
    let s = built();
    std::os::unix::fs::symlink(s.root().join("content"), s.path("outside/to-content")).unwrap();
    refused_output(
        &s,
        "../outside/to-content/new/deeper",
        "it is inside the site's content/ folder",
    );
}

// ------------------------------------------- configuration and theme

#[test]
fn unknown_site_toml_key_has_its_place() {
    let s = built();
    s.write(
        "site.toml",
        "title = \"X\"\nbase_url = \"http://intranet.local/\"\noutptu_dir = \"x\"\n",
    );
    refused(
        &s,
        &["build"],
        2,
        &["site.toml:3:1: error: unknown key `outptu_dir`; did you mean `output_dir`?"],
    );
}

#[test]
fn theme_name_cannot_leave_themes() {
    let s = built();
    s.write(
        "site.toml",
        "title = \"X\"\nbase_url = \"http://intranet.local/\"\ntheme = \"../../outside\"\n",
    );
    refused(
        &s,
        &["build"],
        2,
        &["theme must be the name of a folder in themes/, not `../../outside`"],
    );
}

#[cfg(unix)]
#[test]
fn linked_source_folders_are_refused() {
    for folder in ["static", "templates", "content"] {
        let s = built();
        if folder == "content" {
            std::fs::rename(s.root().join("content"), s.path("outside/content")).unwrap();
            std::os::unix::fs::symlink(s.path("outside/content"), s.root().join("content")).unwrap();
        } else {
            std::os::unix::fs::symlink(s.path("outside"), s.root().join(folder)).unwrap();
        }
        refused(&s, &["build"], 1, &[&format!("{folder}: error: "), "symbolic link"]);
    }
}

// ----------------------------------------- runs that succeed, safely

#[cfg(unix)]
#[test]
fn links_in_content_are_skipped_not_followed() {
    let s = built();
    let secret = s.path("outside/secret.txt");
    std::os::unix::fs::symlink(&secret, s.root().join("content/van-ban/secret.md")).unwrap();
    std::os::unix::fs::symlink(&secret, s.root().join("content/secret.txt")).unwrap();
    s.write("content/mo-hinh/thu-muc/index.md", &model_with_image("mo-hinh/thu-muc/a.txt"));
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
        assert!(!path.contains("secret") && !path.contains("ngoai") && !path.ends_with("/b.txt"), "{path}");
    }
}

#[cfg(unix)]
#[test]
fn named_pipe_in_content_does_not_block_the_build() {
    let s = built();
    let fifo = s.root().join("content/van-ban/pipe.md");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let (err, _) = built_safely(&s);
    assert!(
        err.contains("content/van-ban/pipe.md: warning: skipped: not a regular file"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn replacing_the_old_output_does_not_follow_links_inside_it() {
    let s = built();
    std::os::unix::fs::symlink(s.path("outside"), s.root().join("public/ngoai")).unwrap();
    std::os::unix::fs::symlink(
        s.path("outside/secret.txt"),
        s.root().join("public/van-ban/index.html.bak"),
    )
    .unwrap();
    let stale = s.root().join(".public.noibo-tmp-999999");
    std::fs::create_dir_all(&stale).unwrap();
    std::os::unix::fs::symlink(s.path("outside"), stale.join("ngoai")).unwrap();
    let before = s.snapshot();
    s.build_ok();
    let after = s.snapshot();
    // Only the output folder and the stale folder beside it changed.
    let others = |t: &Tree| without(&without(t, "site/public"), "site/.public.noibo-tmp-999999");
    assert_same(&others(&before), &others(&after), "outside the output");
    assert!(after.contains_key("outside/secret.txt"));
    assert!(!s.root().join("public/ngoai").exists());
    assert!(!stale.exists(), "stale temporary folder left");
}

fn deep_page(body: &str) -> Sandbox {
    let s = built();
    s.write("content/sau.md", &format!("---\ntitle: Sâu\n---\n\n{body}\n"));
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
    let s = deep_page(&format!("{}x{}", "[".repeat(100_000), "](https://e.vn/)".repeat(10)));
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
