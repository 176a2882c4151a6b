//! Sections within sections: what each lists and announces.

mod common;

use common::*;

#[test]
fn a_section_lists_the_pages_of_its_nested_sections() {
    let site = TestSite::new();
    site.write(
        "content/van-ban/nghi-quyet/_index.md",
        "---\ntitle: Nghị quyết\n---\n",
    );
    site.write(
        "content/van-ban/nghi-quyet/nq-05.md",
        directive(
            "Nghị quyết về công tác cán bộ",
            "05-CV/TU",
            "Tỉnh ủy Thái Nguyên",
            "2026-03-02",
            "",
        ),
    );
    site.write(
        "content/van-ban/2026/cv-12.md",
        directive(
            "Công văn về tuyên truyền",
            "12-CV/TU",
            "Tỉnh ủy Thái Nguyên",
            "2026-03-01",
            "",
        ),
    );
    let out = TestSite::empty();
    let t = site.build_into(out.path(), &[]);
    // The parent lists both, newest first; the nested section its own only.
    assert_eq!(
        listed(&t, "van-ban/index.html"),
        [
            "van-ban/nghi-quyet/nq-05/index.html",
            "van-ban/2026/cv-12/index.html"
        ]
    );
    assert_eq!(
        listed(&t, "van-ban/nghi-quyet/index.html"),
        ["van-ban/nghi-quyet/nq-05/index.html"]
    );
    // The parent's feed announces the nested section's page too.
    let feed = text(&t, "van-ban/rss.xml");
    assert!(feed.contains("van-ban/nghi-quyet/nq-05/"), "{feed}");
    assert!(feed.contains("van-ban/2026/cv-12/"), "{feed}");
}
