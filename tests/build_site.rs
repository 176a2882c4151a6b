//! Builds real sites into temporary folders with the `noibo` binary and
//! checks what users see: the layout of a directive and its attachments,
//! theme overrides, drafts, command-line options, relative links, the
//! sample intranet, and reproducible output.

mod common;

use common::*;

const ISSUER_BCD: &str = "Ban Chỉ đạo 35 Đảng ủy Ủy ban nhân dân tỉnh Thái Nguyên";

const PAGE_28: &str = "van-ban/2025/28-cv-bcd/index.html";
const PDF_28: &str = "van-ban/2025/28-cv-bcd/cong-van-28.pdf";
const DOCX_28: &str = "van-ban/2025/28-cv-bcd/Phụ lục kèm theo.docx";

fn pdf_bytes() -> Vec<u8> {
    (0..3000u32).map(|i| (i % 251) as u8).collect()
}

fn docx_bytes() -> Vec<u8> {
    vec![7u8; 1_300_000]
}

/// Directive 28-CV/BCĐ with a PDF and a Word attachment, and a directive of
/// February 3rd.
fn party_documents() -> Tree {
    let site = TestSite::new();
    site.write("content/van-ban/2025/28-cv-bcd/index.md", directive_28());
    site.write(&format!("content/{PDF_28}"), pdf_bytes());
    site.write(&format!("content/{DOCX_28}"), docx_bytes());
    site.write(
        "content/van-ban/2026/thang-hai.md",
        directive(
            "Về công tác tháng Hai",
            "3-CV/VP",
            "Văn phòng",
            "2026-02-03",
            "place: \"Cần Thơ\"\n",
        ),
    );
    let out = TestSite::empty();
    site.build_into(out.path(), &[])
}

#[test]
fn directive_page_has_the_layout_of_a_party_document() {
    let t = party_documents();
    let html = text(&t, PAGE_28);

    in_order(
        html,
        &[
            "<div class=\"issuer-name\">BAN CHỈ ĐẠO 35 ĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN</div>",
            "Số 28-CV/BCĐ",
            "ĐẢNG CỘNG SẢN VIỆT NAM",
            "Thái Nguyên, ngày 22 tháng 11 năm 2025",
            "Kính gửi",
            "Các chi bộ, đảng ủy cơ sở trực thuộc",
            "Đoàn Thanh niên Cộng sản Hồ Chí Minh Đảng ủy Ủy ban nhân dân tỉnh",
            "Đề nghị các cơ quan, đơn vị nghiêm túc triển khai thực hiện.",
            "Nơi nhận",
            "Thường trực Đảng ủy",
            "Lưu Ban Chỉ đạo 35 Đảng ủy",
        ],
    );
    in_order(
        html,
        &[
            "<p class=\"on-behalf\">T/M BAN CHỈ ĐẠO</p>",
            "<p class=\"signer-title\">PHÓ TRƯỞNG BAN</p>",
            "<p class=\"signer-name\">Mai Thị Nhài</p>",
        ],
    );
    assert!(html.contains("<time datetime=\"2025-11-22\">"), "{html}");
    assert!(
        html.contains(ISSUER_BCD),
        "facts list the issuer as written"
    );
}

/// The attachments section of directive 28 and the pages it links to.
fn attachments_28(t: &Tree) -> (&str, Vec<String>) {
    let html = text(t, PAGE_28);
    let section = &html[at(html, "class=\"attachments\"")..];
    let links: Vec<String> = attr_values(section, "href")
        .into_iter()
        .filter_map(|l| resolve(PAGE_28, l))
        .collect();
    (section, links)
}

#[test]
fn attachments_are_listed_with_their_size_and_copied_unchanged() {
    let t = party_documents();
    let (section, links) = attachments_28(&t);
    assert!(section.contains(">cong-van-28.pdf</a>"), "{section}");
    assert!(section.contains("(3 KB)"), "{section}");
    assert!(links.iter().any(|l| l == PDF_28), "{links:?}");
    assert_eq!(
        t.get(PDF_28),
        Some(&pdf_bytes()),
        "attachment copied byte for byte"
    );
}

#[test]
fn an_attachment_name_with_spaces_is_a_working_link() {
    // A name with spaces, as officials save them: a valid, working link.
    let t = party_documents();
    let (section, links) = attachments_28(&t);
    assert!(section.contains(">Phụ lục kèm theo.docx</a>"), "{section}");
    assert!(section.contains("(1,2 MB)"), "{section}");
    assert!(!attr_values(section, "href").iter().any(|l| l.contains(' ')));
    assert!(links.iter().any(|l| l == DOCX_28), "{links:?}");
    assert_eq!(t.get(DOCX_28), Some(&docx_bytes()));
}

#[test]
fn days_and_months_under_ten_are_written_with_a_zero() {
    let t = party_documents();
    let feb = text(&t, "van-ban/2026/thang-hai/index.html");
    assert!(feb.contains("Cần Thơ, ngày 03 tháng 02 năm 2026"), "{feb}");
    assert!(!feb.contains("class=\"attachments\""));
}

const OWN_DIRECTIVE: &str = "{% extends \"base.html\" %}
{% block content %}<p class=\"own\">Mẫu riêng của đơn vị: {{ page.number }}</p>{% endblock content %}
";

const OWN_BASE: &str = "<!DOCTYPE html>
<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>{% block title %}{% endblock title %}</title>{% block head %}{% endblock head %}</head>
<body data-base=\"own\" class=\"{% block body_class %}{% endblock body_class %}\">{% block content %}{% endblock content %}{% block scripts %}{% endblock scripts %}</body></html>
";

const OWN_CSS: &str = "/* style of the site itself */\nbody { color: #222; }\n";

#[test]
fn site_templates_and_static_files_override_the_theme() {
    let site = TestSite::with_files(&[
        ("templates/directive.html", OWN_DIRECTIVE),
        ("static/style.css", OWN_CSS),
    ]);
    site.write("content/van-ban/28.md", directive_28());
    let out = TestSite::empty();
    let t = site.build_into(out.path(), &[]);
    let page = text(&t, "van-ban/28/index.html");
    assert!(page.contains("<p class=\"own\">Mẫu riêng của đơn vị: 28-CV/BCĐ</p>"));
    assert!(
        !page.contains("doc-issuer"),
        "the theme's directive.html was used"
    );
    assert!(
        page.contains("class=\"site-header\""),
        "base.html comes from the theme"
    );
    assert!(text(&t, "van-ban/index.html").contains("class=\"list-count\""));
    assert_eq!(text(&t, "style.css"), OWN_CSS);
    for theme_static in ["print.css", "search.js", "highlight.css"] {
        assert_eq!(
            t.get(theme_static),
            Some(&theme_file(&format!("static/{theme_static}"))),
            "{theme_static} comes from the theme"
        );
    }

    let site = TestSite::with_files(&[("templates/base.html", OWN_BASE)]);
    site.write("content/van-ban/28.md", directive_28());
    let out = TestSite::empty();
    let t = site.build_into(out.path(), &[]);
    let page = text(&t, "van-ban/28/index.html");
    assert!(page.contains("<body data-base=\"own\" class=\"is-directive\">"));
    assert!(
        page.contains("Số 28-CV/BCĐ"),
        "directive.html comes from the theme"
    );
    assert!(!page.contains("class=\"site-header\""));
    assert!(text(&t, "index.html").contains("data-base=\"own\""));
    assert_eq!(t.get("style.css"), Some(&theme_file("static/style.css")));
}

#[test]
fn drafts_are_published_only_with_the_drafts_flag() {
    let site = TestSite::new();
    site.write(
        "content/van-ban/da-ban-hanh.md",
        directive(
            "Văn bản đã ban hành",
            "7-CV/VP",
            "Văn phòng",
            "2025-06-01",
            "tags: [\"Tuyên truyền\"]\n",
        ),
    );
    site.write(
        "content/van-ban/du-thao-quokka.md",
        "---\ntitle: Dự thảo kế hoạch Quokka\ntype: Kế hoạch\nissuer: Ban Quokka\ndate: 2026-01-02\ntags: [Chủ đề Quokka, Tuyên truyền]\ndraft: true\n---\n\nNội dung dự thảo.\n",
    );
    let out = TestSite::empty();
    let t = site.build_into(out.path(), &[]);
    assert!(t.contains_key("van-ban/da-ban-hanh/index.html"));
    assert_eq!(
        files_containing(&t, "quokka"),
        Vec::<String>::new(),
        "a draft shows nowhere: page, lists, feeds, sitemap, search index"
    );
    assert!(!t.contains_key("nam/2026/index.html"));

    let out = TestSite::empty();
    let t = site.build_into(out.path(), &["--drafts"]);
    let page = "van-ban/du-thao-quokka/index.html";
    assert!(text(&t, page).contains("Dự thảo kế hoạch Quokka"));
    let found = files_containing(&t, "quokka");
    for f in [
        "van-ban/index.html",
        "index.html",
        "sitemap.xml",
        "directives.json",
        "loai/ke-hoach/index.html",
        "co-quan/ban-quokka/index.html",
        "nam/2026/index.html",
        "chu-de/chu-de-quokka/index.html",
        "chu-de/tuyen-truyen/index.html",
    ] {
        assert!(found.iter().any(|x| x == f), "{f} should list the draft");
    }
    assert!(
        found
            .iter()
            .any(|f| f.starts_with("search/") && f != "search/index.html"),
        "the search index holds the draft: {found:?}"
    );
    // A preview never announces a draft to subscribers.
    let in_feeds: Vec<String> = files_containing(&t, "du-thao-quokka")
        .into_iter()
        .filter(|f| f.ends_with(".xml") && f != "sitemap.xml")
        .collect();
    assert_eq!(in_feeds, Vec::<String>::new(), "feeds list the draft");
}

#[test]
fn output_and_base_url_options_win_over_site_toml() {
    let site = TestSite::new();
    site.write("content/van-ban/28.md", directive_28());
    let elsewhere = TestSite::empty();
    let out = elsewhere.path().join("ban-in");
    let t = site.build_into(&out, &["--base-url", "https://noibo.example.vn/cong"]);
    assert!(!site.public().exists(), "nothing written to output_dir");
    assert!(t.contains_key("van-ban/28/index.html"));
    for f in [
        "rss.xml",
        "sitemap.xml",
        "van-ban/rss.xml",
        "van-ban/28/index.html",
    ] {
        let s = text(&t, f);
        assert!(
            s.contains("https://noibo.example.vn/cong/"),
            "{f} uses the new base URL"
        );
        assert!(!s.contains("noibo.test"), "{f} still uses base_url");
    }
    assert!(
        text(&t, "sitemap.xml").contains("<loc>https://noibo.example.vn/cong/van-ban/28/</loc>")
    );
    assert!(text(&t, "rss.xml").contains("https://noibo.example.vn/cong/van-ban/28/"));

    // Without options: output_dir and base_url of site.toml.
    site.build(&[]).assert_success();
    let t = tree(&site.public());
    assert!(text(&t, "rss.xml").contains("http://noibo.test/van-ban/28/"));
    // output_dir from site.toml, relative to the site root.
    site.config("output_dir = \"dist/site\"");
    site.build(&[]).assert_success();
    assert!(
        site.path()
            .join("dist/site/van-ban/28/index.html")
            .is_file()
    );
}

#[test]
fn build_ends_with_a_one_line_summary() {
    let site = TestSite::new();
    site.write("content/van-ban/28.md", directive_28());
    site.write(
        "content/gioi-thieu.md",
        "---\ntitle: Giới thiệu\n---\nXin chào.\n",
    );
    let r = site.build(&[]);
    r.assert_success();
    let t = tree(&site.public());
    let html = t.keys().filter(|k| k.ends_with(".html")).count();
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "stdout: {}", r.stdout);
    let line = lines[0];
    assert!(line.starts_with(&format!("Built {html} pages (")), "{line}");
    assert!(line.contains(&format!("{} files", t.len())), "{line}");
    assert!(
        line.contains(path_str(&site.public())) || line.contains("public"),
        "{line}"
    );
    let secs = line
        .split(" in ")
        .nth(1)
        .and_then(|s| s.split(" s").next())
        .unwrap_or("");
    assert!(secs.parse::<f64>().is_ok(), "time in seconds: {line}");
}

#[test]
fn every_internal_link_is_relative_and_reaches_a_file() {
    let out = TestSite::empty();
    let t = build_sample(out.path(), &["--drafts"]);
    let links = all_links(&t);
    assert!(links.len() > 500, "only {} links found", links.len());
    for (page, link, attr) in &links {
        assert!(
            !link.starts_with('/'),
            "{page}: {attr}=\"{link}\" is absolute"
        );
        if page == "404.html" {
            continue; // served at any depth, so it links from base_url
        }
        if *attr != "href" && !link.starts_with("data:") {
            // Scripts, images and form targets never leave the site (a
            // `data:` URL, as captions are written, is inside the page).
            assert!(!is_external(link), "{page}: {attr}=\"{link}\"");
        }
        if is_external(link) {
            continue;
        }
        let target =
            resolve(page, link).unwrap_or_else(|| panic!("{page}: {link} climbs above the site"));
        assert!(t.contains_key(&target), "{page}: {link} → {target} missing");
    }
    // Stylesheets come from the site, not from the network.
    for (path, bytes) in &t {
        if path.ends_with(".html") && path != "404.html" {
            let html = std::str::from_utf8(bytes).unwrap();
            for tag in html.split("<link ").skip(1) {
                let tag = &tag[..tag.find('>').unwrap()];
                if tag.contains("rel=\"stylesheet\"") {
                    let href = attr_values(&format!(" {tag}"), "href")[0].to_string();
                    assert!(!is_external(&href), "{path}: stylesheet {href}");
                }
            }
        }
        if path.ends_with(".css") {
            let css = std::str::from_utf8(bytes).unwrap();
            assert!(!css.contains("@import"), "{path} imports");
            assert!(
                !css.contains("url(http")
                    && !css.contains("url(\"http")
                    && !css.contains("url('http")
                    && !css.contains("url(/"),
                "{path} loads from outside"
            );
        }
    }
}

#[test]
fn sample_intranet_builds_with_the_five_seed_documents() {
    let out = TestSite::empty();
    let t = build_sample(out.path(), &[]);
    let seeds = [
        (
            "van-ban/2025/28-cv-bcd/index.html",
            "Số 28-CV/BCĐ",
            "Thái Nguyên, ngày 22 tháng 11 năm 2025",
        ),
        (
            "van-ban/2023/315-ttcs-ttcs/index.html",
            "315/TTCS-TTCS",
            "CỤC THÔNG TIN CƠ SỞ",
        ),
        (
            "van-ban/2026/trien-khai-chuyen-trang-xay-dung-dang-dien-tu/index.html",
            "Về triển khai thực hiện Chuyên trang Xây dựng Đảng điện tử",
            "THÀNH ỦY CẦN THƠ",
        ),
        (
            "van-ban/2026/tuyen-truyen-ket-qua-hoi-nghi-trung-uong-2-khoa-xiv/index.html",
            "Hội nghị lần thứ hai Ban Chấp hành Trung ương Đảng khóa XIV",
            "THÀNH ỦY CẦN THƠ",
        ),
        (
            "tai-lieu/tham-luan-doi-moi-cong-tac-tuyen-truyen-van-dong/index.html",
            "Đổi mới, nâng cao chất lượng công tác tuyên truyền, vận động cán bộ, đảng viên",
            "Tạp chí Cộng sản",
        ),
    ];
    for (path, a, b) in seeds {
        let html = text(&t, path);
        assert!(html.contains(a), "{path} lacks {a}");
        assert!(html.contains(b), "{path} lacks {b}");
    }
    let listed_directives = listed(&t, "van-ban/index.html");
    for (path, _, _) in &seeds[..4] {
        assert!(
            listed_directives.iter().any(|l| l == path),
            "{path} not listed"
        );
    }
    for f in [
        "rss.xml",
        "sitemap.xml",
        "directives.json",
        "404.html",
        "search/index.html",
    ] {
        assert!(t.contains_key(f), "{f} missing");
    }
    let json: serde_json::Value = serde_json::from_slice(&t["directives.json"]).unwrap();
    let numbers: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["number"].as_str())
        .collect();
    assert!(
        numbers.contains(&"28-CV/BCĐ") && numbers.contains(&"315/TTCS-TTCS"),
        "{numbers:?}"
    );
    // The sample's draft stays out.
    assert!(!t.keys().any(|k| k.contains("ky-niem-136-nam")));
}

#[test]
fn the_same_input_gives_byte_identical_output() {
    let (a, b) = (TestSite::empty(), TestSite::empty());
    let ta = build_sample(&a.path().join("public"), &[]);
    let tb = build_sample(&b.path().join("out"), &[]);
    assert_eq!(
        ta.keys().collect::<Vec<_>>(),
        tb.keys().collect::<Vec<_>>(),
        "same files"
    );
    for (path, bytes) in &ta {
        assert!(tb[path] == *bytes, "{path} differs between two builds");
    }
    // Building again over a previous build changes nothing either.
    let tc = build_sample(&a.path().join("public"), &[]);
    assert!(ta == tc, "a rebuild in place differs");
}
