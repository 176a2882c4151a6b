//! The monthly newsletter through the real binary: one issue per month with
//! published content, the right pages in each, the foreword first,
//! previous and next issues, the index of issues and `ban-tin/rss.xml`.

mod common;

use common::*;

const NEWSLETTER_INDEX: &str = "---\ntitle: Bản tin điện tử\nkind: newsletter\n---\n";

fn newsletter_site() -> TestSite {
    TestSite::with_files(&[
        ("content/mo-hinh/_index.md", MODELS_INDEX),
        ("content/tai-lieu/_index.md", MATERIALS_INDEX),
        ("content/ban-tin/_index.md", NEWSLETTER_INDEX),
        (
            "content/van-ban/a.md",
            &directive(
                "Tuyên truyền tháng ba",
                "12-CV/ĐU",
                "Đảng ủy cơ quan",
                "2026-03-10",
                "",
            ),
        ),
        (
            "content/van-ban/b.md",
            &directive(
                "Tuyên truyền tháng tư",
                "20-CV/ĐU",
                "Đảng ủy cơ quan",
                "2026-04-05",
                "",
            ),
        ),
        (
            "content/van-ban/c.md",
            &directive(
                "Bản nháp tháng tư",
                "21-CV/ĐU",
                "Đảng ủy cơ quan",
                "2026-04-06",
                "draft: true\n",
            ),
        ),
        (
            "content/mo-hinh/m.md",
            "---\ntitle: Chi bộ số hóa sổ sách\ndate: 2026-04-20\nunit: Chi bộ Văn phòng\nsummary: Số hóa sổ ghi biên bản sinh hoạt chi bộ.\n---\nNội dung.\n",
        ),
        (
            "content/tai-lieu/t.md",
            "---\ntitle: Chuyên đề kỹ năng số\ndate: 2026-06-01\n---\nNội dung.\n",
        ),
        (
            "content/ban-tin/2026-04.md",
            "---\ntitle: \"Lời mở đầu tháng Tư <i>\"\ndate: 2026-04-30\nsummary: Tháng Tư, các chi bộ đẩy mạnh tuyên truyền.\nfeatured: [mo-hinh/m.md]\n---\nTháng Tư kỷ niệm ngày giải phóng miền Nam.\n",
        ),
    ])
}

#[test]
fn each_month_with_content_has_an_issue_with_its_pages_grouped() {
    let site = newsletter_site();
    let t = site.build_into(&site.path().join("out"), &[]);
    let issues: Vec<&String> = t.keys().filter(|k| k.starts_with("ban-tin/20")).collect();
    assert_eq!(
        issues,
        [
            "ban-tin/2026-03/index.html",
            "ban-tin/2026-04/index.html",
            "ban-tin/2026-06/index.html"
        ],
        "no issue for May, which has nothing"
    );
    let april = text(&t, "ban-tin/2026-04/index.html");
    assert!(
        april.contains("Số 2") && april.contains("Tháng 4/2026"),
        "masthead"
    );
    assert!(
        april.contains("Lời mở đầu tháng Tư &lt;i&gt;")
            && april.contains("kỷ niệm ngày giải phóng"),
        "foreword"
    );
    assert!(
        april.contains("van-ban/b/index.html"),
        "the month's directive"
    );
    assert!(
        !april.contains("van-ban/a/index.html") && !april.contains("tai-lieu/t/index.html"),
        "other months' pages"
    );
    assert!(
        !april.contains("van-ban/c/index.html"),
        "drafts are not published"
    );
    // The featured model comes first, not again in its group.
    let featured = april.find("Tiêu điểm").expect("featured block");
    let model = april.find("mo-hinh/m/index.html").unwrap();
    assert!(model > featured && april.matches("mo-hinh/m/index.html").count() == 1);
    assert!(
        april.find("Văn bản chỉ đạo <span").is_some(),
        "directives group"
    );
    // Previous and next issue.
    assert!(april.contains("rel=\"prev\" href=\"../../ban-tin/2026-03/index.html\""));
    assert!(april.contains("rel=\"next\" href=\"../../ban-tin/2026-06/index.html\""));
    let march = text(&t, "ban-tin/2026-03/index.html");
    assert!(!march.contains("rel=\"prev\"") && march.contains("Số 1"));
    // The index lists every issue, newest first.
    let index = text(&t, "ban-tin/index.html");
    let (j, a, m) = (
        index.find("2026-06/index.html").unwrap(),
        index.find("2026-04/index.html").unwrap(),
        index.find("2026-03/index.html").unwrap(),
    );
    assert!(j < a && a < m, "newest first");
    assert!(text(&t, "sitemap.xml").contains("http://noibo.test/ban-tin/2026-04/</loc>"));
}

#[test]
fn the_newsletter_feed_lists_the_issues() {
    let site = newsletter_site();
    let t = site.build_into(&site.path().join("out"), &[]);
    let feed = feed_rs::parser::parse(&t["ban-tin/rss.xml"][..]).expect("a readable feed");
    let links: Vec<String> = feed
        .entries
        .iter()
        .map(|e| e.links[0].href.clone())
        .collect();
    assert_eq!(
        links,
        [
            "http://noibo.test/ban-tin/2026-06/",
            "http://noibo.test/ban-tin/2026-04/",
            "http://noibo.test/ban-tin/2026-03/"
        ]
    );
    let april = &feed.entries[1];
    assert_eq!(april.id, "urn:noibo:ban-tin:2026-04");
    assert_eq!(
        april.summary.as_ref().unwrap().content,
        "Tháng Tư, các chi bộ đẩy mạnh tuyên truyền."
    );
    // Issue pages announce it.
    assert!(
        text(&t, "ban-tin/2026-04/index.html")
            .contains("href=\"http://noibo.test/ban-tin/rss.xml\"")
    );
}

#[test]
fn forewords_are_checked() {
    let site = newsletter_site();
    site.write(
        "content/ban-tin/loi-noi-dau.md",
        "---\ntitle: Sai tên\ndate: 2026-04-01\n---\nX.\n",
    );
    site.write(
        "content/ban-tin/2026-06.md",
        "---\ntitle: Tháng Sáu\ndate: 2026-06-30\nfeatured:\n  - mo-hinh/khong-co.md\n---\nX.\n",
    );
    let r = site.build(&[]);
    r.assert_code(1);
    for at in [
        "content/ban-tin/loi-noi-dau.md:1:1: error: a newsletter foreword is named after its month",
        "content/ban-tin/2026-06.md:5:5: error: `featured`: no page `mo-hinh/khong-co.md`",
    ] {
        assert!(r.stderr.contains(at), "missing `{at}` in\n{}", r.stderr);
    }
}
