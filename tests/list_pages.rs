//! Builds real sites with the `noibo` binary and checks their list pages:
//! sections paginated newest first, taxonomy terms listing exactly their
//! pages, taxonomy indexes linking exactly their terms.

mod common;

use common::*;

/// 45 directives whose file names do not follow their dates.
fn forty_five() -> (TestSite, Vec<String>) {
    let site = TestSite::new();
    site.config("paginate_by = 20");
    let mut by_date = Vec::new();
    for k in 0..45u32 {
        let d = (k * 17) % 45; // a permutation of 0..45
        let date = format!("2024-{:02}-{:02}", 1 + d / 28, 1 + d % 28);
        let name = format!("cv-{k:02}");
        site.write(
            &format!("content/van-ban/{name}.md"),
            directive(
                &format!("Công văn thứ {k}"),
                &format!("{}-CV/VP", k + 1),
                "Văn phòng Thành ủy",
                &date,
                "",
            ),
        );
        by_date.push((date, format!("van-ban/{name}/index.html")));
    }
    by_date.sort();
    by_date.reverse();
    (site, by_date.into_iter().map(|(_, p)| p).collect())
}

#[test]
fn sections_paginate_newest_first() {
    let (site, newest) = forty_five();
    let out = TestSite::empty();
    let t = site.build_into(out.path(), &[]);
    let pages = [
        "van-ban/index.html",
        "van-ban/trang/2/index.html",
        "van-ban/trang/3/index.html",
    ];
    let lists: Vec<Vec<String>> = pages.iter().map(|p| listed(&t, p)).collect();
    assert_eq!(lists.iter().map(Vec::len).collect::<Vec<_>>(), [20, 20, 5]);
    assert_eq!(lists.concat(), newest, "newest first across pages");
    assert!(!t.contains_key("van-ban/trang/4/index.html"));
    assert!(!t.contains_key("van-ban/trang/1/index.html"));

    // Pager links lead to the neighbouring pages.
    let rel = |page: &str, rel: &str| -> Vec<String> {
        let html = text(&t, page);
        let pat = format!("rel=\"{rel}\" href=\"");
        html.match_indices(&pat)
            .map(|(i, _)| {
                let s = i + pat.len();
                resolve(page, &html[s..s + html[s..].find('"').unwrap()]).unwrap()
            })
            .collect()
    };
    assert_eq!(rel(pages[0], "next"), [pages[1]]);
    assert!(rel(pages[0], "prev").is_empty());
    assert_eq!(rel(pages[1], "prev"), [pages[0]]);
    assert_eq!(rel(pages[1], "next"), [pages[2]]);
    assert_eq!(rel(pages[2], "prev"), [pages[1]]);
    assert!(rel(pages[2], "next").is_empty());

    // Taxonomy terms paginate the same way.
    let term = [
        "loai/cong-van/index.html",
        "loai/cong-van/trang/2/index.html",
        "loai/cong-van/trang/3/index.html",
    ];
    let lists: Vec<Vec<String>> = term.iter().map(|p| listed(&t, p)).collect();
    assert_eq!(lists.concat(), newest);
    assert!(!t.contains_key("loai/cong-van/trang/4/index.html"));
}

/// Four directives, a model and a material, each with its type, issuer,
/// year and tags.
fn taxonomy_site() -> Tree {
    let site = TestSite::with_files(&[
        ("content/mo-hinh/_index.md", MODELS_INDEX),
        ("content/tai-lieu/_index.md", MATERIALS_INDEX),
    ]);
    let d = |name: &str, text: String| site.write(&format!("content/van-ban/{name}.md"), text);
    d(
        "a",
        directive(
            "Văn bản A",
            "10-CV/TU",
            "Thành ủy Cần Thơ",
            "2025-03-01",
            "tags: [\"Tuyên truyền\", \"Chuyển đổi số\"]\n",
        ),
    );
    d(
        "b",
        "---\ntitle: Văn bản B\nnumber: 05-HD/BTG\ntype: Hướng dẫn\nissuer: Ban Tuyên giáo Thành ủy\ndate: 2026-01-10\ntags: [Tuyên truyền]\n---\nB.\n".into(),
    );
    d(
        "c",
        directive(
            "Văn bản C",
            "12-CV/BTG",
            "Ban Tuyên giáo Thành ủy",
            "2026-02-20",
            "tags: [\"Xây dựng Đảng\"]\n",
        ),
    );
    d(
        "d",
        "---\ntitle: Văn bản D\ntype: Kế hoạch\nissuer: Thành ủy Cần Thơ\ndate: 2025-12-31\n---\nD.\n".into(),
    );
    site.write(
        "content/mo-hinh/m.md",
        "---\ntitle: Mô hình M\ndate: 2026-03-01\nunit: Chi bộ Văn phòng\ntags: [Tuyên truyền]\n---\nM.\n",
    );
    site.write(
        "content/tai-lieu/t.md",
        "---\ntitle: Tài liệu T\ndate: 2024-05-05\ntopic: Kỹ năng số\ntags: [Chuyển đổi số]\n---\nT.\n",
    );
    let out = TestSite::empty();
    site.build_into(out.path(), &[])
}

/// Every term of [`taxonomy_site`] and its pages, newest first.
const TERMS: &[(&str, &[&str])] = &[
    ("loai/cong-van", &["c", "a"]),
    ("loai/huong-dan", &["b"]),
    ("loai/ke-hoach", &["d"]),
    ("co-quan/thanh-uy-can-tho", &["d", "a"]),
    ("co-quan/ban-tuyen-giao-thanh-uy", &["c", "b"]),
    ("nam/2025", &["d", "a"]),
    ("nam/2026", &["c", "b"]),
    ("chu-de/tuyen-truyen", &["m", "b", "a"]),
    ("chu-de/chuyen-doi-so", &["a", "t"]),
    ("chu-de/xay-dung-dang", &["c"]),
];

/// The output path of a page of [`taxonomy_site`] by its short name.
fn page_path(name: &str) -> String {
    match name {
        "m" => "mo-hinh/m/index.html".to_string(),
        "t" => "tai-lieu/t/index.html".to_string(),
        x => format!("van-ban/{x}/index.html"),
    }
}

/// The terms of `tax` in [`TERMS`], sorted.
fn expected_terms(tax: &str) -> Vec<String> {
    let mut want: Vec<String> = TERMS
        .iter()
        .filter(|(term, _)| term.starts_with(&format!("{tax}/")))
        .map(|(term, _)| term.to_string())
        .collect();
    want.sort();
    want
}

/// The term pages of `tax` that were built, sorted.
fn built_terms(t: &Tree, tax: &str) -> Vec<String> {
    let mut built: Vec<String> = t
        .keys()
        .filter(|k| k.starts_with(&format!("{tax}/")) && k.ends_with("/index.html"))
        .filter(|k| k.matches('/').count() == 2)
        .map(|k| k.trim_end_matches("/index.html").to_string())
        .collect();
    built.sort();
    built
}

/// The terms linked from the list of terms on `index`, sorted.
fn linked_terms(t: &Tree, index: &str) -> Vec<String> {
    let html = text(t, index);
    let list = &html[at(html, "<ul class=\"terms\">")..];
    let list = &list[..at(list, "</ul>")];
    let mut linked: Vec<String> = attr_values(list, "href")
        .into_iter()
        .map(|l| {
            resolve(index, l)
                .unwrap()
                .trim_end_matches("/index.html")
                .to_string()
        })
        .collect();
    linked.sort();
    linked
}

#[test]
fn taxonomy_pages_list_exactly_their_pages() {
    let t = taxonomy_site();
    for (term, pages) in TERMS {
        let want: Vec<String> = pages.iter().map(|s| page_path(s)).collect();
        assert_eq!(listed(&t, &format!("{term}/index.html")), want, "{term}");
    }
}

#[test]
fn each_taxonomy_has_exactly_its_term_pages_and_links_them() {
    let t = taxonomy_site();
    for tax in ["loai", "co-quan", "nam", "chu-de"] {
        let want = expected_terms(tax);
        assert_eq!(built_terms(&t, tax), want, "term pages of {tax}");
        let index = format!("{tax}/index.html");
        assert_eq!(linked_terms(&t, &index), want, "terms listed on {index}");
    }
}

#[test]
fn a_directive_links_to_its_terms() {
    let t = taxonomy_site();
    let a = text(&t, "van-ban/a/index.html");
    let links: Vec<String> = attr_values(a, "href")
        .into_iter()
        .filter_map(|l| resolve("van-ban/a/index.html", l))
        .collect();
    for term in [
        "loai/cong-van",
        "co-quan/thanh-uy-can-tho",
        "nam/2025",
        "chu-de/tuyen-truyen",
        "chu-de/chuyen-doi-so",
    ] {
        assert!(links.contains(&format!("{term}/index.html")), "{term}");
    }
}
