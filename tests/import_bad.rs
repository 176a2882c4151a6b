//! `noibo import` on files it cannot read: each gets one line naming the
//! file and what to do, exit status 1, nothing written; the other files of
//! the same run are still imported.

mod common;
mod import_support;

use common::*;
use import_support::*;

/// The start of an OLE2 compound file (legacy .doc).
const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0];

/// (file name, bytes, what the message must say).
fn cases() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    vec![
        (
            "cu.doc",
            [OLE, &[0u8; 500]].concat(),
            "legacy Word file (.doc): save it as .docx in Word",
        ),
        (
            "doi-ten.docx",
            [OLE, &[0u8; 500]].concat(),
            "save it as .docx in Word",
        ),
        (
            "rong.txt",
            Vec::new(),
            "the file is empty: nothing to import",
        ),
        (
            "rong.docx",
            Vec::new(),
            "the file is empty: nothing to import",
        ),
        (
            "rong.pdf",
            b"  \n".to_vec(),
            "the file is empty: nothing to import",
        ),
        (
            "hong.docx",
            b"PK\x03\x04 this zip was cut short".to_vec(),
            "the file is broken",
        ),
        (
            "thuc-ra-la-pdf.docx",
            b"%PDF-1.4\n".to_vec(),
            "not a Word .docx file (it is not a zip package)",
        ),
        (
            "thuc-ra-la-chu.pdf",
            "Kính gửi: các chi bộ".as_bytes().to_vec(),
            "this is not a PDF file",
        ),
        (
            "hong.pdf",
            b"%PDF-1.7\n1 0 obj << /Type /Catalog".to_vec(),
            "the file is broken",
        ),
        ("latin1.txt", b"K\xednh g\xe1i".to_vec(), "not UTF-8 text"),
        (
            "bang.odt",
            b"PK\x03\x04".to_vec(),
            "cannot import .odt files",
        ),
    ]
}

/// Every file below the site's content folder.
fn content(site: &TestSite) -> Vec<String> {
    tree(&site.path().join("content")).into_keys().collect()
}

#[test]
fn each_bad_file_gets_one_line_and_nothing_is_written() {
    for (name, bytes, says) in cases() {
        let site = import_site();
        let before = content(&site);
        let file = site.path().join(name);
        std::fs::write(&file, &bytes).unwrap();
        let r = import(&site, &[path_str(&file)]);
        r.assert_code(1);
        let errors: Vec<&str> = r
            .stderr
            .lines()
            .filter(|l| l.starts_with("error: "))
            .collect();
        assert_eq!(errors.len(), 1, "{name}: {}", r.stderr);
        assert!(
            errors[0].contains(name) && errors[0].contains(says),
            "{name}: {}",
            r.stderr
        );
        assert!(written(&r).is_empty(), "{name}: {r:?}");
        assert_eq!(content(&site), before, "{name}: something was written");
    }
}

#[test]
fn the_other_files_are_still_imported() {
    let Some(dir) = seeds() else { return };
    let site = import_site();
    let bad = site.path().join("cu.doc");
    std::fs::write(&bad, OLE).unwrap();
    let good = seed(&dir, 2);
    let r = import(&site, &[path_str(&bad), path_str(&good)]);
    r.assert_code(1);
    assert_eq!(written(&r).len(), 1, "{r:?}");
    assert!(
        r.stderr.contains("cu.doc: this is a legacy Word file"),
        "{}",
        r.stderr
    );
    // no temporary folder is left beside the bundle
    let year = site.path().join("content/van-ban/2025");
    let names: Vec<String> = std::fs::read_dir(&year)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["28-cv-bcd"]);
}

#[test]
fn bad_usage_is_status_2() {
    let site = import_site();
    run(&["import"]).assert_code(2);
    let r = import(&site, &["--kind", "newsletter", "x.txt"]);
    r.assert_code(2);
    // no section of the kind, no --into
    let bare = TestSite::new();
    let Some(dir) = seeds() else { return };
    let r = import(&bare, &["--kind", "model", path_str(&seed(&dir, 2))]);
    r.assert_code(2);
    assert!(
        r.stderr.contains("no section of kind `models`"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_missing_file_is_named() {
    let site = import_site();
    let r = import(&site, &[path_str(&site.path().join("khong-co.docx"))]);
    r.assert_code(1);
    assert!(
        r.stderr.contains("khong-co.docx: cannot read it"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_pdf_that_trips_the_reader_is_reported_in_one_line() {
    // `Tj` with a number where a string belongs: the PDF reader gives up
    // on it (it panics inside), which is one line, not a panic message
    let site = import_site();
    let file = site.path().join("loi-noi-dung.pdf");
    let font = "<< /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>";
    std::fs::write(&file, pdf::one_page("BT /F1 12 Tf 72 720 Td 5 Tj ET", font)).unwrap();
    let r = import(&site, &[path_str(&file)]);
    r.assert_code(1);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("loi-noi-dung.pdf: the file is broken (its content cannot be read)"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    assert!(written(&r).is_empty());
}
