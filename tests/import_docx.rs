//! `noibo import` on Word files built by the test from the seeds, with the
//! real layout: header and signature in borderless two-column tables, Word
//! list numbering, a real footnote. The body of each is the body of the
//! sample page written from that seed; importing gives it back, paragraph
//! by paragraph, with the front matter of the sample page.

mod common;
mod import_support;

use import_support::fixtures::*;

#[test]
fn word_files_give_the_sample_pages() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes, sample_rel, fields) in fixtures() {
        std::fs::write(dir.path().join(name), bytes).unwrap();
        let page = import_page(dir.path(), name);
        assert_like_sample(&page, sample_rel, &fields, name, true);
    }
}

#[test]
fn word_numbering_and_footnotes_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let (name, bytes, ..) = fixtures().remove(0);
    std::fs::write(dir.path().join(name), bytes).unwrap();
    let page = import_page(dir.path(), name);
    assert!(page.contains("Tạp chí Cộng sản[^1]; gắn với"), "{page}");
    assert_eq!(
        page.matches("\n[^1]: Chuyên trang Xây dựng Đảng điện tử:")
            .count(),
        1,
        "{page}"
    );
    let (name, bytes, ..) = fixtures().remove(2);
    std::fs::write(dir.path().join(name), bytes).unwrap();
    let page = import_page(dir.path(), name);
    assert!(page.contains("\n\n1. Có hình thức phù hợp"), "{page}");
    assert!(page.contains("\n\n3. Chủ động cung cấp"), "{page}");
}
