//! Round trip: each sample directive, built into the site and printed to
//! PDF by Chromium with the directive page's print stylesheet (which lays
//! the page out like the paper original), imported back, gives the front
//! matter fields and the paragraphs of its source page.

mod common;
mod import_support;

use std::process::Command;

use common::*;
use import_support::*;

/// (source page, fields that do not come back): every directive the site
/// publishes; the draft sample is not published, so not printed.
const PAGES: &[(&str, &[&str])] = &[
    // the sample names the cited issuer's province, the text does not
    ("content/van-ban/2025/28-cv-bcd.md", &["implements"]),
    // the sample leaves what it implements to the running text
    ("content/van-ban/2025/45-bc-dtn.md", &["implements"]),
    ("content/van-ban/2023/315-ttcs-ttcs.md", &[]),
    // these two have no number: the page prints "Số -…"
    (
        "content/van-ban/2026/trien-khai-chuyen-trang-xay-dung-dang-dien-tu.md",
        &[],
    ),
    (
        "content/van-ban/2026/tuyen-truyen-ket-qua-hoi-nghi-trung-uong-2-khoa-xiv.md",
        &[],
    ),
];

/// Chromium prints `html` to `pdf`.
fn print(
    chromium: &std::path::Path,
    html: &std::path::Path,
    pdf: &std::path::Path,
    profile: &std::path::Path,
) {
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--disable-background-networking",
            "--no-first-run",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("chromium runs");
    assert!(
        pdf.is_file(),
        "chromium printed nothing: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn printed_directives_import_back_to_their_front_matter_and_paragraphs() {
    let Some(chromium) = pdf::tool("chromium") else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    build_sample(&out, &[]);
    for (source, skip) in PAGES {
        let rel = source.strip_prefix("content/").unwrap().replace(".md", "");
        let name = rel.rsplit('/').next().unwrap();
        let pdf = tmp.path().join(format!("{name}.pdf"));
        print(
            &chromium,
            &out.join(&rel).join("index.html"),
            &pdf,
            &tmp.path().join("profile"),
        );
        let site = import_site();
        let r = import(&site, &[path_str(&pdf)]);
        let pages = written(&r);
        assert_eq!(pages.len(), 1, "{source}: {r:?}");
        let page = std::fs::read_to_string(&pages[0]).unwrap();
        let want = std::fs::read_to_string(repo_root().join(source)).unwrap();
        // emphasis and bullets come back from the PDF's fonts and drawing
        assert_like(&page, &want, &fields_but(skip), source, true);
        // a list inside a numbered item stays inside it
        let nested = |md: &str| md.lines().filter(|l| l.starts_with("   - ")).count();
        assert_eq!(
            nested(body(&page)),
            nested(body(&want)),
            "{source}: nested items\n{page}"
        );
    }
}
