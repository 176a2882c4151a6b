//! `noibo check`, `noibo new` and `noibo init` through the real binary:
//! exit statuses (0 ok, 1 content errors, 2 bad usage or configuration),
//! new files where they belong that build, no file ever overwritten.

mod common;

use std::path::Path;

use common::{MATERIALS_INDEX, MODELS_INDEX, TestSite, directive, path_str, run, tree};

fn check(root: &Path) -> common::Run {
    run(&["check", "--root", path_str(root)])
}

// ---- check

#[test]
fn check_passes_a_good_site_and_writes_nothing() {
    let site = TestSite::with_files(&[(
        "content/van-ban/a.md",
        &directive("A", "1-CV/ĐU", "Đảng ủy", "2026-01-05", ""),
    )]);
    let r = check(site.path());
    r.assert_success();
    assert!(r.stdout.starts_with("Checked "), "{}", r.stdout);
    assert!(r.stdout.contains("no errors"), "{}", r.stdout);
    assert!(!site.public().exists(), "check writes nothing");
}

#[test]
fn check_lists_every_content_error_with_exit_1() {
    let site = TestSite::with_files(&[
        (
            "content/van-ban/a.md",
            "---\ntitle: \"A\"\nissuer: \"Đảng ủy\"\ntype: Công văn\ndate: 2026-13-01\n---\n",
        ),
        (
            "content/van-ban/b.md",
            "---\ntitle: \"B\"\nisuer: \"Đảng ủy\"\ntype: Công văn\ndate: 2026-01-01\n---\n",
        ),
    ]);
    let r = check(site.path());
    r.assert_code(1);
    assert!(
        r.stderr.contains("content/van-ban/a.md:5:7: error:"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("content/van-ban/b.md:3:1: error: unknown field `isuer`"),
        "{}",
        r.stderr
    );
    assert!(!site.public().exists());
}

#[test]
fn check_bad_configuration_and_bad_usage_are_exit_2() {
    let site = TestSite::new();
    site.write("site.toml", "title = \"x\"\npaginate_by = 0\n");
    let r = check(site.path());
    r.assert_code(2);
    assert!(r.stderr.contains("paginate_by"), "{}", r.stderr);

    let empty = TestSite::empty();
    check(empty.path()).assert_code(2);

    run(&["check", "--no-such-flag"]).assert_code(2);
    run(&["no-such-command"]).assert_code(2);
}

// ---- new

/// A site with one section of each kind.
fn three_sections() -> TestSite {
    TestSite::with_files(&[
        ("content/mo-hinh/_index.md", MODELS_INDEX),
        ("content/tai-lieu/_index.md", MATERIALS_INDEX),
    ])
}

fn new(site: &TestSite, args: &[&str]) -> common::Run {
    let mut all = vec!["new"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--root", path_str(site.path())]);
    run(&all)
}

/// The path `new` printed, from the site root.
fn printed(site: &TestSite, r: &common::Run) -> String {
    r.assert_success();
    let line = r.stdout.trim();
    let root = format!("{}/", path_str(site.path()));
    line.strip_prefix(&root).unwrap_or(line).to_string()
}

#[test]
fn new_directive_goes_in_a_year_folder_named_from_its_number() {
    let site = three_sections();
    let r = new(
        &site,
        &[
            "directive",
            "--number",
            "58-CV/TCCS",
            "--title",
            "V/v \"thử\" nghiệm",
        ],
    );
    let rel = printed(&site, &r);
    let text = std::fs::read_to_string(site.path().join(&rel)).unwrap();
    let year = text
        .lines()
        .find_map(|l| l.strip_prefix("date: "))
        .map(|d| d[..4].to_string())
        .expect("a date line");
    assert_eq!(rel, format!("content/van-ban/{year}/58-cv-tccs.md"));
    for field in [
        "title:",
        "number:",
        "type:",
        "issuer:",
        "date:",
        "# place:",
        "# recipients:",
        "# signer:",
        "# distribution:",
        "# implements:",
        "# supersedes:",
        "# status:",
        "# tags:",
        "draft: true",
    ] {
        assert!(text.contains(field), "{field} missing:\n{text}");
    }

    // A draft: the site builds without it, and with it under --drafts.
    let out = site.path().join("out");
    let built = site.build_into(&out, &[]);
    assert!(!built.keys().any(|k| k.contains("58-cv-tccs")));
    let built = site.build_into(&out, &["--drafts"]);
    let page = common::text(&built, &format!("van-ban/{year}/58-cv-tccs/index.html"));
    assert!(page.contains("V/v &quot;thử&quot; nghiệm") || page.contains("V/v \"thử\" nghiệm"));

    // Never overwritten.
    std::fs::write(site.path().join(&rel), "mine").unwrap();
    let again = new(&site, &["directive", "--number", "58-CV/TCCS"]);
    again.assert_code(2);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    assert_eq!(
        std::fs::read_to_string(site.path().join(&rel)).unwrap(),
        "mine"
    );
}

#[test]
fn new_model_and_material_go_in_their_sections_and_build() {
    let site = three_sections();
    let model = printed(&site, &new(&site, &["model", "--title", "Dân vận khéo"]));
    assert_eq!(model, "content/mo-hinh/dan-van-kheo.md");
    let material = printed(&site, &new(&site, &["material"]));
    assert!(material.starts_with("content/tai-lieu/"), "{material}");
    for (rel, fields) in [
        (
            &model,
            &["# unit:", "# locality:", "# image:", "# related:"][..],
        ),
        (
            &material,
            &["# topic:", "# series:", "# order:", "# audience:"][..],
        ),
    ] {
        let text = std::fs::read_to_string(site.path().join(rel)).unwrap();
        for f in fields
            .iter()
            .chain(&["title:", "date:", "# tags:", "# summary:"])
        {
            assert!(text.contains(f), "{f} missing in {rel}:\n{text}");
        }
    }
    let built = site.build_into(&site.path().join("out"), &["--drafts"]);
    assert!(built.contains_key("mo-hinh/dan-van-kheo/index.html"));
    let r = check(site.path());
    r.assert_success();
    assert!(r.stdout.contains("0 warnings"), "{}", r.stdout);
}

#[test]
fn new_refuses_what_it_cannot_do_with_exit_2() {
    let site = TestSite::new(); // directives only
    let r = new(&site, &["model"]);
    r.assert_code(2);
    assert!(
        r.stderr.contains("no section of kind `models`"),
        "{}",
        r.stderr
    );
    let r = new(&site, &["directive", "--number", "not a number"]);
    r.assert_code(2);
    assert!(r.stderr.contains("not a document number"), "{}", r.stderr);
    new(&site, &["model", "--number", "1-CV/ĐU"]).assert_code(2);
    new(&site, &["report"]).assert_code(2);
    let nothing = tree(&site.path().join("content"));
    assert_eq!(nothing.len(), 1, "nothing written: {nothing:?}");
}

#[test]
fn a_bad_configuration_is_labelled_once_by_every_command() {
    let site = TestSite::new();
    site.write("site.toml", "title = \"x\"\npaginate_by = \"năm\"\n");
    for r in [check(site.path()), new(&site, &["directive"])] {
        r.assert_code(2);
        assert!(
            r.stderr.starts_with("error: site.toml:2:") && r.stderr.matches("error:").count() == 1,
            "{}",
            r.stderr
        );
    }
}

// ---- init

#[test]
fn init_makes_a_site_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("intranet");
    let r = run(&["init", path_str(&root)]);
    r.assert_success();
    for f in [
        "site.toml",
        "content/_index.md",
        "content/van-ban/_index.md",
        "content/mo-hinh/_index.md",
        "content/tai-lieu/_index.md",
        "themes/default/templates/base.html",
        "themes/default/strings.toml",
        "themes/default/static/style.css",
    ] {
        assert!(root.join(f).is_file(), "{f} missing");
    }
    let pages = tree(&root.join("content"));
    for section in ["van-ban/", "mo-hinh/", "tai-lieu/"] {
        let samples = pages
            .keys()
            .filter(|k| k.starts_with(section) && !k.ends_with("_index.md"))
            .count();
        assert_eq!(samples, 1, "one sample in {section}");
    }

    let c = check(&root);
    c.assert_success();
    assert!(c.stdout.contains("no errors, 0 warnings"), "{}", c.stdout);
    let built = TestSite::empty(); // only for its temporary folder
    let out = built.path().join("public");
    run(&[
        "build",
        "--root",
        path_str(&root),
        "--output",
        path_str(&out),
    ])
    .assert_success();
    let site = tree(&out);
    // The model cites the sample directive, which links back to it.
    let directive = site
        .iter()
        .find(|(k, _)| k.starts_with("van-ban/") && k.ends_with("01-cv-du/index.html"))
        .map(|(_, v)| String::from_utf8_lossy(v).into_owned())
        .expect("the sample directive is built");
    assert!(
        directive.contains("so-tay-dang-vien-dien-tu"),
        "{directive}"
    );

    // And `new` works in it.
    let r = run(&[
        "new",
        "directive",
        "--root",
        path_str(&root),
        "--title",
        "Kế hoạch mới",
    ]);
    r.assert_success();
    check(&root).assert_success();
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let r = run(&["init", path_str(dir.path())]);
    r.assert_code(2);
    assert!(r.stderr.contains("not empty"), "{}", r.stderr);
    assert!(!dir.path().join("site.toml").exists());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "mine"
    );
    run(&["init"]).assert_code(2);
}
