//! RSS feeds, end to end: builds real sites with the `noibo` binary and reads
//! every feed back with a real feed parser (feed-rs) and an XML parser.

mod feeds_support;

use std::collections::BTreeSet;
use std::fs;

use feeds_support::*;

#[test]
fn feeds_are_written_for_the_site_each_section_issuer_and_type() {
    let site = make_site("");
    let out = build(site.path(), "public", &[]);
    let mut expected: BTreeSet<String> = [
        "rss.xml",
        "van-ban/rss.xml",
        "mo-hinh/rss.xml",
        "tai-lieu/rss.xml",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    expected.extend(
        ISSUER_FEEDS
            .iter()
            .chain(&TYPE_FEEDS)
            .map(|s| s.to_string()),
    );
    assert_eq!(feed_paths(&out), expected);
    for rel in ISSUER_FEEDS.iter().chain(&TYPE_FEEDS) {
        assert!(
            out.join(feed_page(rel)).join("index.html").is_file(),
            "{rel} has no taxonomy page beside it"
        );
    }
}

#[test]
fn every_feed_is_valid_rss_that_readers_accept() {
    let site = make_site("");
    let out = build(site.path(), "public", &[]);
    let feeds = feed_paths(&out);
    assert!(feeds.len() >= 10, "{feeds:?}");
    for rel in &feeds {
        let ch = channel(&out, rel);
        for required in ["title", "link", "description"] {
            let v = ch.text_of(required).unwrap_or_default();
            assert!(
                !v.is_empty(),
                "{rel}: channel <{required}> missing or empty"
            );
        }
        assert_eq!(ch.text_of("language"), Some("vi"), "{rel}");
        local_page(&out, ch.text_of("link").unwrap(), rel);
        let me = ch
            .all("atom:link")
            .find(|l| l.attr("rel") == Some("self"))
            .unwrap_or_else(|| panic!("{rel}: no atom:link rel=self"));
        assert_eq!(me.attr("href"), Some(format!("{BASE}{rel}").as_str()));
        assert_eq!(me.attr("type"), Some("application/rss+xml"));

        let items: Vec<&El> = ch.all("item").collect();
        assert!(!items.is_empty(), "{rel}: no items");
        let mut dates = Vec::new();
        let mut guids = BTreeSet::new();
        for it in &items {
            let title = it.text_of("title").unwrap_or_default();
            assert!(!title.is_empty(), "{rel}: item without title");
            local_page(&out, it.text_of("link").unwrap_or_default(), rel);
            let guid = it.text_of("guid").unwrap_or_default();
            assert!(!guid.is_empty(), "{rel}: item without guid");
            assert!(guids.insert(guid.to_string()), "{rel}: guid {guid} twice");
            if it.child("guid").unwrap().attr("isPermaLink") != Some("false") {
                local_page(&out, guid, rel);
            }
            assert!(
                !it.text_of("description").unwrap_or_default().is_empty(),
                "{rel}: `{title}` has no description"
            );
            let pub_date = it.text_of("pubDate").unwrap_or_default();
            let z = jiff::fmt::rfc2822::parse(pub_date)
                .unwrap_or_else(|e| panic!("{rel}: pubDate `{pub_date}` is not RFC 2822: {e}"));
            assert!(pub_date.ends_with(" +0700"), "{rel}: {pub_date}");
            assert_eq!(z.offset().seconds(), 7 * 3600);
            dates.push(z.timestamp());
        }
        assert!(
            dates.windows(2).all(|w| w[0] >= w[1]),
            "{rel}: items not newest first"
        );
        let last = ch.text_of("lastBuildDate").unwrap_or_default();
        assert_eq!(
            Some(last),
            items[0].text_of("pubDate"),
            "{rel}: lastBuildDate is not the newest item's date"
        );
        jiff::fmt::rfc2822::parse(last).unwrap();

        // A real reader's view of the same feed.
        let feed = parse_feed(&out, rel);
        assert_eq!(feed.feed_type, feed_rs::model::FeedType::RSS2, "{rel}");
        assert_eq!(feed.entries.len(), items.len(), "{rel}");
        assert_eq!(feed.language.as_deref(), Some("vi"));
        assert_eq!(feed.updated, feed.entries[0].published, "{rel}");
        for e in &feed.entries {
            assert!(e.published.is_some(), "{rel}: {:?} has no date", e.title);
            assert_eq!(e.links.len(), 1, "{rel}");
        }
    }
}

#[test]
fn the_site_feed_holds_every_kind_newest_first() {
    let site = make_site("");
    let out = build(site.path(), "public", &[]);
    let all = parse_feed(&out, "rss.xml");
    let links: Vec<&str> = all
        .entries
        .iter()
        .map(|e| e.links[0].href.as_str())
        .collect();
    let expected: Vec<String> = [
        "mo-hinh/dan-van-kheo/",
        "van-ban/2026/chua-so/",
        "van-ban/2026/58-cv-tccs/",
        "tai-lieu/chuyen-de-1/",
        "van-ban/2026/12-kh-tu/",
        "mo-hinh/phu-xanh/",
        "van-ban/2025/28-cv-bcd/",
        "van-ban/2024/05-hd-tu/",
    ]
    .iter()
    .map(|p| format!("{BASE}{p}"))
    .collect();
    assert_eq!(links, expected, "site feed: every kind, newest first");
    assert_eq!(
        all.title
            .as_ref()
            .map(|t| t.content.contains("Cổng thử nghiệm")),
        Some(true)
    );
}

#[test]
fn feed_items_describe_their_pages() {
    let site = make_site("");
    let out = build(site.path(), "public", &[]);
    let all = parse_feed(&out, "rss.xml");
    // A directive's title: its type, number and subject.
    let t = titles(&all);
    assert_eq!(
        t[6],
        "Công văn 28-CV/BCĐ: V/v đẩy mạnh tuyên truyền, lan tỏa thông tin trên các kênh truyền thông"
    );
    let bcd = &all.entries[6];
    let desc = &bcd.summary.as_ref().unwrap().content;
    assert!(
        desc.contains("V/v đẩy mạnh tuyên truyền")
            && desc.contains("Ban Chỉ đạo đề nghị các chi bộ đẩy mạnh tuyên truyền.")
            && !desc.contains("Đoạn thứ hai"),
        "description is the subject and the first paragraph: {desc}"
    );
    let cats: BTreeSet<&str> = bcd.categories.iter().map(|c| c.term.as_str()).collect();
    assert!(cats.contains("Công văn") && cats.contains(BCD), "{cats:?}");
    // A model's description is its summary.
    assert_eq!(
        all.entries[0].summary.as_ref().unwrap().content,
        TRICKY_SUMMARY
    );
    // A folder page's description is its first paragraph.
    assert_eq!(
        all.entries[5].summary.as_ref().unwrap().content,
        "Đoạn đầu của mô hình phủ xanh."
    );
}

#[test]
fn section_and_term_feeds_hold_their_own_pages_newest_first() {
    let site = make_site("");
    let out = build(site.path(), "public", &[]);
    let section = |rel: &str| -> Vec<String> {
        parse_feed(&out, rel)
            .entries
            .iter()
            .map(|e| e.links[0].href.strip_prefix(BASE).unwrap().to_string())
            .collect()
    };
    assert_eq!(
        section("van-ban/rss.xml"),
        [
            "van-ban/2026/chua-so/",
            "van-ban/2026/58-cv-tccs/",
            "van-ban/2026/12-kh-tu/",
            "van-ban/2025/28-cv-bcd/",
            "van-ban/2024/05-hd-tu/"
        ]
    );
    assert_eq!(
        section("mo-hinh/rss.xml"),
        ["mo-hinh/dan-van-kheo/", "mo-hinh/phu-xanh/"]
    );
    assert_eq!(section("tai-lieu/rss.xml"), ["tai-lieu/chuyen-de-1/"]);
    assert_eq!(
        section("co-quan/thanh-uy-can-tho/rss.xml"),
        [
            "van-ban/2026/chua-so/",
            "van-ban/2026/12-kh-tu/",
            "van-ban/2024/05-hd-tu/"
        ]
    );
    assert_eq!(
        section("loai/cong-van/rss.xml"),
        [
            "van-ban/2026/chua-so/",
            "van-ban/2026/58-cv-tccs/",
            "van-ban/2025/28-cv-bcd/"
        ]
    );
    assert_eq!(section("loai/ke-hoach/rss.xml"), ["van-ban/2026/12-kh-tu/"]);
}

#[test]
fn channel_links_point_at_the_page_of_their_feed() {
    let site = make_site("");
    let out = build(site.path(), "public", &[]);
    // Channel links point at the page each feed belongs to.
    for rel in feed_paths(&out) {
        let ch = channel(&out, &rel);
        assert_eq!(
            ch.text_of("link"),
            Some(format!("{BASE}{}", feed_page(&rel)).as_str()),
            "{rel}"
        );
    }
}

#[test]
fn front_matter_text_is_escaped_exactly_once() {
    let site = make_site("");
    let out = build(site.path(), "public", &[]);
    for rel in ["rss.xml", "mo-hinh/rss.xml"] {
        let feed = parse_feed(&out, rel);
        let model = feed
            .entries
            .iter()
            .find(|e| e.links[0].href.ends_with("mo-hinh/dan-van-kheo/"))
            .unwrap();
        assert_eq!(model.title.as_ref().unwrap().content, TRICKY_MODEL, "{rel}");
        assert_eq!(model.summary.as_ref().unwrap().content, TRICKY_SUMMARY);
    }
    for rel in [
        "rss.xml",
        "van-ban/rss.xml",
        "co-quan/tap-chi-cong-san/rss.xml",
        "loai/cong-van/rss.xml",
    ] {
        let ch = channel(&out, rel);
        let item = ch
            .all("item")
            .find(|i| i.text_of("link").unwrap().ends_with("58-cv-tccs/"))
            .unwrap();
        assert_eq!(
            item.text_of("title").unwrap(),
            format!("Công văn 58-CV/TCCS: {TRICKY_DIRECTIVE}"),
            "{rel}"
        );
        let desc = item.text_of("description").unwrap();
        assert!(
            desc.starts_with(TRICKY_DIRECTIVE)
                && desc.contains("Chuyên trang <Xây dựng Đảng> & các nền tảng."),
            "{rel}: {desc}"
        );
        let raw = read(&out, rel);
        assert!(raw.contains("&lt;Xây dựng Đảng&gt; &amp; "), "{rel}");
        for wrong in [
            "<Xây dựng Đảng>",
            "<đẹp>",
            "&amp;lt;",
            "&amp;amp;",
            "&amp;quot;",
            "&amp;#",
        ] {
            assert!(!raw.contains(wrong), "{rel} contains `{wrong}`");
        }
    }
    // Pages: the same text, escaped once in the body, the <title> and the
    // feed titles of the <head>.
    for page in [
        "van-ban/2026/58-cv-tccs/index.html",
        "mo-hinh/dan-van-kheo/index.html",
        "index.html",
        "co-quan/tap-chi-cong-san/index.html",
    ] {
        let html = read(&out, page);
        assert!(html.contains("&lt;"), "{page}: tricky title not shown");
        for wrong in [
            "<Xây dựng Đảng>",
            "<đẹp>",
            "&amp;lt;",
            "&amp;amp;",
            "&amp;quot;",
            "&amp;#",
        ] {
            assert!(!html.contains(wrong), "{page} contains `{wrong}`");
        }
    }
}

#[test]
fn drafts_never_appear_in_feeds() {
    let site = make_site("");
    for (out_name, args) in [("public", &[][..]), ("preview", &["--drafts"][..])] {
        let out = build(site.path(), out_name, args);
        if args.is_empty() {
            assert!(!out.join("van-ban/2026/du-thao/index.html").exists());
        } else {
            assert!(
                out.join("van-ban/2026/du-thao/index.html").is_file(),
                "--drafts builds the draft's page"
            );
        }
        for rel in feed_paths(&out) {
            let raw = read(&out, &rel);
            assert!(
                !raw.contains(DRAFT_TITLE) && !raw.contains("du-thao"),
                "{rel} ({args:?}) lists the draft"
            );
        }
        // The draft's issuer and type still have their feeds, without it.
        let can_tho = parse_feed(&out, "co-quan/thanh-uy-can-tho/rss.xml");
        assert_eq!(can_tho.entries.len(), 3, "{args:?}");
        let all = parse_feed(&out, "rss.xml");
        assert_eq!(all.entries.len(), 8, "{args:?}");
        assert_eq!(
            all.updated, all.entries[0].published,
            "lastBuildDate from the newest published item ({args:?})"
        );
    }
}

#[test]
fn item_limit_is_honoured() {
    let site = make_site("[feed]\nlimit = 2\n");
    let out = build(site.path(), "public", &[]);
    for rel in feed_paths(&out) {
        let feed = parse_feed(&out, &rel);
        assert!(feed.entries.len() <= 2, "{rel}: {}", feed.entries.len());
    }
    let all = parse_feed(&out, "rss.xml");
    let links: Vec<&str> = all
        .entries
        .iter()
        .map(|e| e.links[0].href.as_str())
        .collect();
    assert_eq!(
        links,
        [
            format!("{BASE}mo-hinh/dan-van-kheo/"),
            format!("{BASE}van-ban/2026/chua-so/")
        ],
        "the two newest"
    );
    assert_eq!(parse_feed(&out, "van-ban/rss.xml").entries.len(), 2);
    assert_eq!(parse_feed(&out, "tai-lieu/rss.xml").entries.len(), 1);

    // Default: 50.
    let big = tempfile::tempdir().unwrap();
    let root = big.path();
    write(
        root,
        "site.toml",
        &format!("title = \"Nhiều văn bản\"\nbase_url = \"{BASE}\"\n"),
    );
    write(
        root,
        "content/van-ban/_index.md",
        "---\ntitle: Văn bản\nkind: directives\n---\n",
    );
    for i in 1..=55 {
        let day = jiff::civil::date(2025, 1, 1) + jiff::Span::new().days(i);
        write(
            root,
            &format!("content/van-ban/{i}-tb-tu.md"),
            &directive(&Doc {
                number: Some(&format!("{i}-TB/TU")),
                title: &format!("Thông báo số {i}"),
                doc_type: "Thông báo",
                issuer: CAN_THO,
                date: &day.to_string(),
                extra: "",
                body: "Nội dung.",
            }),
        );
    }
    let out = build(root, "public", &[]);
    let all = parse_feed(&out, "rss.xml");
    assert_eq!(all.entries.len(), 50);
    assert_eq!(titles(&all)[0], "Thông báo 55-TB/TU: Thông báo số 55");
    assert_eq!(titles(&all)[49], "Thông báo 6-TB/TU: Thông báo số 6");
}

#[test]
fn guids_are_stable_across_builds_and_when_a_directive_moves() {
    let site = make_site("");
    let first = build(site.path(), "public", &[]);
    let second = build(site.path(), "again", &[]);
    for rel in feed_paths(&first) {
        assert_eq!(guids_by_title(&first, &rel), guids_by_title(&second, &rel));
    }
    let before = guids_by_title(&first, "rss.xml");

    // Move and rename directives, one of them without a number yet.
    let root = site.path();
    fs::create_dir_all(root.join("content/van-ban/luu-tru")).unwrap();
    for (from, to) in [
        ("2026/58-cv-tccs.md", "luu-tru/cong-van-58-tccs.md"),
        ("2025/28-cv-bcd.md", "2025/cong-van-28.md"),
        ("2026/chua-so.md", "luu-tru/chuyen-trang.md"),
    ] {
        let van_ban = root.join("content/van-ban");
        fs::rename(van_ban.join(from), van_ban.join(to)).unwrap();
    }
    let moved = build(site.path(), "moved", &[]);
    let after = guids_by_title(&moved, "rss.xml");
    assert_eq!(before.len(), after.len());
    for (title, guid) in &before {
        assert_eq!(after.get(title), Some(guid), "guid of `{title}` changed");
    }
    let feed = parse_feed(&moved, "rss.xml");
    let moved_item = feed
        .entries
        .iter()
        .find(|e| e.title.as_ref().unwrap().content.contains("58-CV/TCCS"))
        .unwrap();
    assert_eq!(
        moved_item.links[0].href,
        format!("{BASE}van-ban/luu-tru/cong-van-58-tccs/"),
        "the link follows the file, the guid does not"
    );
}

#[test]
fn unchanged_content_gives_byte_identical_feeds() {
    let site = make_site("");
    let a = build(site.path(), "public", &[]);
    let b = build(site.path(), "again", &[]);
    let feeds = feed_paths(&a);
    assert_eq!(feeds, feed_paths(&b));
    for rel in &feeds {
        assert!(
            fs::read(a.join(rel)).unwrap() == fs::read(b.join(rel)).unwrap(),
            "{rel} differs between two builds"
        );
    }
    // Rebuilding into the same folder leaves them as they were.
    let before: Vec<Vec<u8>> = feeds.iter().map(|r| fs::read(a.join(r)).unwrap()).collect();
    let a2 = build(site.path(), "public", &[]);
    let after: Vec<Vec<u8>> = feeds
        .iter()
        .map(|r| fs::read(a2.join(r)).unwrap())
        .collect();
    assert!(before == after);
}

#[test]
fn pages_announce_the_feeds_that_concern_them() {
    let site = make_site("");
    let out = build(site.path(), "public", &[]);
    let abs =
        |rels: &[&str]| -> Vec<String> { rels.iter().map(|r| format!("{BASE}{r}")).collect() };
    let cases: [(&str, Vec<String>); 8] = [
        (
            "van-ban/2025/28-cv-bcd/index.html",
            abs(&[
                "rss.xml",
                "van-ban/rss.xml",
                ISSUER_FEEDS[0],
                "loai/cong-van/rss.xml",
            ]),
        ),
        (
            "van-ban/2024/05-hd-tu/index.html",
            abs(&[
                "rss.xml",
                "van-ban/rss.xml",
                "co-quan/thanh-uy-can-tho/rss.xml",
                "loai/huong-dan/rss.xml",
            ]),
        ),
        (
            "mo-hinh/dan-van-kheo/index.html",
            abs(&["rss.xml", "mo-hinh/rss.xml"]),
        ),
        (
            "tai-lieu/chuyen-de-1/index.html",
            abs(&["rss.xml", "tai-lieu/rss.xml"]),
        ),
        ("van-ban/index.html", abs(&["rss.xml", "van-ban/rss.xml"])),
        (
            "co-quan/tap-chi-cong-san/index.html",
            abs(&["rss.xml", "co-quan/tap-chi-cong-san/rss.xml"]),
        ),
        ("index.html", abs(&["rss.xml"])),
        ("gioi-thieu/index.html", abs(&["rss.xml"])),
    ];
    for (page, expected) in &cases {
        let got = announced_feeds(&read(&out, page));
        let got: BTreeSet<&String> = got.iter().collect();
        let want: BTreeSet<&String> = expected.iter().collect();
        assert_eq!(got, want, "{page}");
        for href in expected {
            let rel = href.strip_prefix(BASE).unwrap();
            assert!(out.join(rel).is_file(), "{page} announces missing {href}");
        }
    }
}

#[test]
fn each_feed_is_linked_visibly_from_its_page_with_a_note() {
    let site = make_site("");
    let out = build(site.path(), "public", &[]);
    for rel in feed_paths(&out) {
        let page = format!("{}index.html", feed_page(&rel));
        let html = read(&out, &page);
        // What shows without opening the footer's feed list.
        let visible = match (html.find("<details"), html.find("</details>")) {
            (Some(a), Some(b)) => format!("{}{}", &html[..a], &html[b..]),
            _ => html.clone(),
        };
        let body = &visible[visible.find("<body").unwrap()..];
        let up = "../".repeat(feed_page(&rel).matches('/').count());
        assert!(
            body.contains(&format!("href=\"{up}{rel}\"")),
            "{page} has no visible link to {rel}"
        );
        assert!(
            text_only(body).contains(SUBSCRIBE_NOTE),
            "{page}: no visible note on how to subscribe"
        );
    }
}
