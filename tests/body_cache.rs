//! The body cache (`.noibo-cache/bodies`): a rebuild renders again only
//! the bodies whose Markdown changed or whose questions to the site (links,
//! citations) get another answer, and the site it writes is the one a
//! build from nothing writes. The differential test of `incremental.rs`
//! checks the output after random edits; these check what was rendered.

mod common;

use common::{TestSite, directive, tree};

/// From `--timings`: the page bodies, and how many the body cache kept.
fn bodies_kept(stderr: &str) -> (usize, usize) {
    common::made_and_kept(stderr, "page bodies: ")
}

/// `site` built from nothing into a folder of its own matches its `public/`.
fn assert_clean_build_matches(site: &TestSite) {
    let clean = tempfile::tempdir().unwrap();
    let fresh = site.build_into(&clean.path().join("o"), &["--no-cache"]);
    assert_eq!(tree(&site.public()), fresh);
}

fn with_body(front_and_body: String, body: &str) -> String {
    let (front, _) = front_and_body.rsplit_once("\n\n").unwrap();
    format!("{front}\n\n{body}\n")
}

const DATE: &str = "2026-03-02";

fn site() -> TestSite {
    let a = directive("Công văn A", "1-CV/TU", "Thành ủy", DATE, "");
    let b = directive("Công văn B", "3-CV/TU", "Thành ủy", DATE, "");
    let c = directive("Công văn C", "4-CV/TU", "Thành ủy", DATE, "");
    TestSite::with_files(&[
        (
            "content/van-ban/a.md",
            &with_body(
                a,
                "Thực hiện Công văn số 2-CV/TU ngày 01/3/2026 của Thành ủy.",
            ),
        ),
        ("content/van-ban/b.md", &b),
        (
            "content/van-ban/c.md",
            &with_body(c, "Xem [Công văn B](b.md)."),
        ),
    ])
}

#[test]
fn a_rebuild_renders_only_the_bodies_that_changed_or_ask_about_what_changed() {
    let site = site();
    let first = site.build(&["--timings"]);
    first.assert_success();
    assert_eq!(bodies_kept(&first.stderr), (3, 0));
    let again = site.build(&["--timings"]);
    again.assert_success();
    assert_eq!(bodies_kept(&again.stderr), (3, 3), "nothing changed");

    // One body edited: only it is rendered.
    let b = directive("Công văn B", "3-CV/TU", "Thành ủy", DATE, "");
    site.write("content/van-ban/b.md", with_body(b, "Nội dung mới."));
    let edited = site.build(&["--timings"]);
    edited.assert_success();
    assert_eq!(bodies_kept(&edited.stderr), (3, 2), "{}", edited.stderr);
    let html = std::fs::read_to_string(site.public().join("van-ban/b/index.html")).unwrap();
    assert!(html.contains("Nội dung mới."));
    assert_clean_build_matches(&site);

    // The directive A cites arrives: A's citation now leads to it, so A is
    // rendered again (and the new page), C is kept.
    let d = directive("Công văn D", "2-CV/TU", "Thành ủy", "2026-03-01", "");
    site.write("content/van-ban/d.md", d);
    let added = site.build(&["--timings"]);
    added.assert_success();
    assert_eq!(bodies_kept(&added.stderr).0, 4);
    let a = std::fs::read_to_string(site.public().join("van-ban/a/index.html")).unwrap();
    assert!(a.contains("van-ban/d/index.html"), "A does not link to D");
    assert_clean_build_matches(&site);

    // C's link target is renamed away: C is rendered again, its link now
    // broken, which is an error at C's line.
    std::fs::rename(
        site.path().join("content/van-ban/b.md"),
        site.path().join("content/van-ban/e.md"),
    )
    .unwrap();
    let broken = site.build(&["--timings"]);
    broken.assert_code(1);
    assert!(broken.stderr.contains("c.md:"), "{}", broken.stderr);
}

#[test]
fn the_kept_bodies_of_pages_not_edited_are_not_rendered_again() {
    let site = site();
    site.build(&[]).assert_success();
    let c = directive("Công văn C", "4-CV/TU", "Thành ủy", DATE, "");
    site.write(
        "content/van-ban/c.md",
        with_body(c, "Xem [Công văn B](b.md). Thêm."),
    );
    let r = site.build(&["--timings"]);
    r.assert_success();
    assert_eq!(bodies_kept(&r.stderr), (3, 2));
    assert_clean_build_matches(&site);
}

#[test]
fn a_damaged_or_missing_body_file_renders_every_body() {
    let site = site();
    site.build(&[]).assert_success();
    let f = site.path().join(".noibo-cache/bodies");
    let mut bytes = std::fs::read(&f).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0x40;
    std::fs::write(&f, &bytes).unwrap();
    let damaged = site.build(&["--timings"]);
    damaged.assert_success();
    assert!(
        damaged.stderr.contains(
            "the file of page bodies in the build cache (.noibo-cache/bodies) is damaged"
        ),
        "{}",
        damaged.stderr
    );
    assert_eq!(bodies_kept(&damaged.stderr), (3, 0));
    assert_clean_build_matches(&site);
    std::fs::remove_file(&f).unwrap();
    let missing = site.build(&["--timings"]);
    missing.assert_success();
    assert_eq!(bodies_kept(&missing.stderr), (3, 0));
    assert!(!missing.stderr.contains("page bodies in the build cache"));
    assert_clean_build_matches(&site);
}
