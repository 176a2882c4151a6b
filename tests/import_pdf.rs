//! `noibo import` on PDFs with a text layer, printed by LibreOffice from the
//! `.docx` fixtures: the header and the signature side by side, a footnote
//! at the page end, paragraphs broken across pages. Each gives back the
//! sample page's front matter and paragraphs, emphasis included (read from
//! the PDF's fonts). `pdftotext -layout` extracts of the same PDFs are read
//! as text extracts.

mod common;
mod import_support;

use common::*;
use import_support::fixtures::*;
use import_support::*;

fn pdfs() -> Option<&'static std::path::Path> {
    let soffice = pdf::tool("soffice")?;
    let files: Vec<(&str, Vec<u8>)> = fixtures().into_iter().map(|(n, b, ..)| (n, b)).collect();
    Some(pdf::converted(&soffice, &files))
}

#[test]
fn pdfs_printed_from_word_give_the_sample_pages() {
    let Some(dir) = pdfs() else { return };
    for (name, _, sample_rel, fields) in fixtures() {
        let pdf = name.replace(".docx", ".pdf");
        let page = import_page(dir, &pdf);
        assert_like_sample(&page, sample_rel, &fields, &pdf, true);
    }
}

#[test]
fn footnotes_at_the_page_end_are_footnotes() {
    let Some(dir) = pdfs() else { return };
    assert_footnote_kept(&import_page(dir, "000.pdf"));
}

/// The page of fixture 000 has its footnote, its mark, and the paragraph
/// that the footnote interrupted at the page end whole again.
fn assert_footnote_kept(page: &str) {
    assert!(page.contains("Tạp chí Cộng sản[^1]; gắn với"), "{page}");
    assert_eq!(
        page.matches("\n[^1]: Chuyên trang Xây dựng Đảng điện tử:")
            .count(),
        1,
        "{page}"
    );
    assert!(
        page.contains("những vấn đề đặt ra trong công tác xây dựng Đảng.\n"),
        "{page}"
    );
}

#[test]
fn bold_and_italic_come_from_the_fonts() {
    let Some(dir) = pdfs() else { return };
    let page = import_page(dir, "000.pdf");
    assert!(page.contains("\n**1.** Cấp ủy, tổ chức đảng"), "{page}");
    assert!(
        page.contains(
            "\n*(Đính kèm Công văn số 58-CV/TCCS ngày 25/3/2026 của Tạp chí Cộng sản).*\n"
        ),
        "{page}"
    );
}

/// `pdftotext -layout` run on `pdf`, into `txt`.
fn layout_text(pdf: &std::path::Path, txt: &std::path::Path) -> Option<()> {
    let pdftotext = pdf::tool("pdftotext")?;
    let out = std::process::Command::new(pdftotext)
        .arg("-layout")
        .arg(pdf)
        .arg(txt)
        .output()
        .expect("pdftotext runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(())
}

#[test]
fn layout_extracts_give_the_sample_pages_and_their_footnotes() {
    let Some(dir) = pdfs() else { return };
    let tmp = tempfile::tempdir().unwrap();
    for (name, _, sample_rel, fields) in fixtures() {
        let txt = tmp.path().join(name.replace(".docx", ".txt"));
        let Some(()) = layout_text(&dir.join(name.replace(".docx", ".pdf")), &txt) else {
            return;
        };
        let page = import_page(tmp.path(), txt.file_name().unwrap().to_str().unwrap());
        assert_like_sample(
            &page,
            sample_rel,
            &fields,
            &format!("{name} as text"),
            false,
        );
    }
    // the mark printed as a raised "1" comes out glued to the word
    assert_footnote_kept(&import_page(tmp.path(), "000.txt"));
}

#[test]
fn a_scanned_pdf_has_no_text_to_import() {
    let site = import_site();
    let scan = site.path().join("scan.pdf");
    std::fs::write(&scan, pdf_without_text()).unwrap();
    let r = import(&site, &[path_str(&scan)]);
    r.assert_code(1);
    assert!(
        r.stderr
            .contains("scan.pdf: this PDF is a scan: it has no text to import"),
        "{}",
        r.stderr
    );
    assert!(written(&r).is_empty());
    assert!(
        !site
            .path()
            .join("content/van-ban")
            .read_dir()
            .unwrap()
            .any(|e| e.unwrap().path().is_dir())
    );
}

/// A one-page PDF that only draws a filled rectangle (what a scan's page
/// is to a text reader: no text operators).
fn pdf_without_text() -> Vec<u8> {
    pdf::one_page("0.5 g 72 72 451 698 re f", "<< >>")
}
