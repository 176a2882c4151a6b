//! Unit tests of the Markdown renderer.

use super::*;

struct NoLinks;
impl Linker for NoLinks {
    fn internal(&self, _: &str, dest: &str) -> Option<Result<String, String>> {
        dest.ends_with(".md").then(|| {
            if dest == "missing.md" {
                Err("no such page".into())
            } else {
                Ok("x/index.html".into())
            }
        })
    }
    fn citation(&self, m: &noibo_refs::Mention) -> Citation {
        if m.number.raw == "58-CV/TCCS" {
            Citation::Held {
                path: "van-ban/58/index.html".into(),
                target: crate::model::PageId(0),
            }
        } else {
            Citation::NotHeld
        }
    }
}

fn md(s: &str) -> RenderedBody {
    let src = Source {
        display_path: std::path::Path::new("content/a.md"),
        body_line: 5,
        root: "../../",
        content_path: "a.md",
        page_path: "a/index.html",
    };
    render(
        s,
        &src,
        &MarkdownOptions {
            highlighter: None,
            unsafe_html: false,
        },
        &NoLinks,
    )
}

#[test]
fn heading_ids_unique_and_anchored() {
    let r = md("## Mục tiêu\n\n## Mục tiêu\n");
    assert!(r.html.contains("<h2 id=\"muc-tieu\">"), "{}", r.html);
    assert!(r.html.contains("<h2 id=\"muc-tieu-1\">"));
    assert!(r.html.contains("href=\"#muc-tieu\""));
}

#[test]
fn footnote_ids_cannot_clash_with_headings() {
    let r = md("## fn 1\n\nText[^1].\n\n[^1]: Note.\n");
    assert!(r.html.contains("id=\"fn-1\""));
    assert!(
        r.html.contains("id=\"fn:1\"") && r.html.contains("href=\"#fn:1\""),
        "{}",
        r.html
    );
}

#[test]
fn citations_become_links_and_are_recorded() {
    let r = md(
        "Thực hiện Công văn số 58-CV/TCCS ngày 25/3/2026 của Tạp chí Cộng sản; Kết luận số 21-KL/TW ngày 25/10/2021.\n",
    );
    assert!(
        r.html.contains(
            "<a class=\"citation\" href=\"../../van-ban/58/index.html\">Công văn số 58-CV/TCCS</a>"
        ),
        "{}",
        r.html
    );
    assert_eq!(r.citations.len(), 2);
    assert_eq!(r.citations[1].outcome, Citation::NotHeld);
    assert_eq!(r.citations[0].pos, Pos::new(5, 11));
}

#[test]
fn internal_links_rewritten_and_broken_reported() {
    let r = md("[a](b.md) [c](missing.md) [d](https://x.vn/)\n");
    assert!(r.html.contains("href=\"../../x/index.html\""));
    assert!(r.html.contains("href=\"https://x.vn/\""));
    assert_eq!(r.problems.len(), 1);
    assert_eq!(r.problems[0].pos, Some(Pos::new(5, 11)));
}

#[test]
fn raw_html_is_filtered_and_text_escaped() {
    let r = md(
        "<script>alert(1)</script>\n\nA <b onclick=\"x()\">b</b> & c [x](javascript:alert(1))\n",
    );
    assert!(!r.html.contains("alert"), "{}", r.html);
    assert!(!r.html.contains("onclick"));
    assert!(r.html.contains("&amp; c"));
}

#[test]
fn heading_attributes_lose_event_handlers() {
    let r = md("# T {#t .c onclick=alert(1) data-x=y}\n");
    assert!(
        r.html.contains("<h1 id=\"t\" class=\"c\" data-x=\"y\">"),
        "{}",
        r.html
    );
    assert!(!r.html.contains("onclick"), "{}", r.html);
}

#[test]
fn links_climbing_out_of_the_site_are_errors() {
    // The page is two folders down (`../../`).
    let r = md("[a](../../x.pdf) [b](../../../x.pdf) [c](../%2E%2e/%2e%2e/x)\n");
    let messages: Vec<&str> = r.problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages[0].starts_with("link `../../../x.pdf` leaves the site"));
    assert_eq!(r.problems[0].pos, Some(Pos::new(5, 18)));
    assert!(climbs_out("", "../x") && !climbs_out("../", "../x"));
    assert!(!climbs_out("", "https://e.vn/../../x") && !climbs_out("", "a/../b"));
}

#[test]
fn plain_text_and_first_paragraph() {
    let r = md("# T\n\nĐoạn một\ntiếp.\n\nĐoạn hai.\n");
    assert_eq!(r.first_paragraph, "Đoạn một tiếp.");
    assert!(r.text.contains("Đoạn hai."));
}
