//! References between directives, end to end: citations in running text and
//! in front matter become links to the right directive, through the real
//! `noibo` binary, and are listed on pages, in `directives.json` and in the
//! build's summary and warnings.

mod citations_support;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command as Process;

use citations_support::fixture::*;
use citations_support::*;
use serde_json::Value;

#[test]
fn same_numbers_resolve_by_issuer_and_date_in_text_and_front_matter() {
    let (site, _) = make_site();
    let (run, out) = build(site.path());
    let dj = directives(&out);
    // url, implements, implemented_by, unresolved
    type Expected<'a> = (&'a str, &'a [&'a str], &'a [&'a str], &'a [&'a str]);
    let expect: [Expected; 11] = [
        (A, &[], &[E, F], &[]),
        (B, &[], &[E, G], &[]),
        (C, &[], &[E, F, H], &[]),
        (D, &[], &[E, G], &[]),
        (E, &[A, B, C, D], &[], &["21-KL/TW"]),
        (F, &[A, C], &[], &[]),
        (G, &[B, D], &[], &[]),
        (H, &[C], &[], &[]),
        (I, &[], &[], &[]),
        (J, &[], &[K], &[]),
        (K, &[J], &[], &[]),
    ];
    assert_eq!(dj.len(), expect.len());
    for (u, implements, implemented_by, unresolved) in expect {
        let d = &dj[u];
        assert_eq!(
            set(d, "implements"),
            strings(implements),
            "implements of {u}"
        );
        assert_eq!(
            set(d, "implemented_by"),
            strings(implemented_by),
            "implemented_by of {u}"
        );
        assert_eq!(
            set(d, "unresolved"),
            strings(unresolved),
            "unresolved of {u}"
        );
    }
    assert_eq!(summary_counts(&run.stdout), (10, 1), "{}", run.stdout);

    // Every held citation in running text is a link to the right page.
    let links = |page: &str| -> Vec<(String, String)> {
        citation_links(page, &read(&out, &format!("{page}index.html")))
    };
    let page = |p: &str| format!("{p}index.html");
    assert_eq!(
        links(E),
        vec![
            (page(A), "Công văn số 12-CV/BCĐ".to_string()),
            (page(B), "Công văn số 12-CV/BCĐ".to_string()),
            (page(C), "Kế hoạch số 05-KH/TU".to_string()),
            (page(D), "Kế hoạch số 05-KH/TU".to_string()),
        ]
    );
    assert_eq!(
        links(H),
        vec![(page(C), "Kế hoạch số 05-KH/TU".to_string())]
    );
    assert_eq!(
        links(K),
        vec![(page(J), "Quy định số 15-QĐ/TU".to_string())]
    );
    let e_html = read(&out, &page(E));
    assert!(
        e_html.contains("Kết luận số 21-KL/TW") && !e_html.contains("21-KL/TW</a>"),
        "a directive the site does not hold stays text"
    );
}

#[test]
fn a_citation_that_fits_two_directives_warns_naming_both_and_links_nowhere() {
    let (site, files) = make_site();
    let (run, out) = build(site.path());
    let text = &files["van-ban/2026/40-cv-tu.md"];
    let (line, col) = line_col(text, "Công văn số 12-CV/BCĐ");
    let at = format!("content/van-ban/2026/40-cv-tu.md:{line}:{col}: warning: ");
    let warning = run
        .stderr
        .lines()
        .find(|l| l.starts_with(&at))
        .unwrap_or_else(|| panic!("no warning at {at}:\n{}", run.stderr));
    for name in [
        "ambiguous",
        BCD_TINH,
        BCD_DANG,
        "content/van-ban/2025/12-cv-bcd-tinh-uy.md",
        "content/van-ban/2025/12-cv-bcd-dang-uy.md",
    ] {
        assert!(warning.contains(name), "`{name}` missing from: {warning}");
    }
    // The same in front matter, at the line of the reference.
    let (fm_line, _) = line_col(text, "  - \"12-CV/BCĐ\"");
    let fm_at = format!("content/van-ban/2026/40-cv-tu.md:{fm_line}:");
    let fm_warning = run
        .stderr
        .lines()
        .find(|l| l.starts_with(&fm_at))
        .unwrap_or_else(|| panic!("no warning at {fm_at}:\n{}", run.stderr));
    assert!(
        fm_warning.contains("ambiguous")
            && fm_warning.contains(BCD_TINH)
            && fm_warning.contains(BCD_DANG),
        "{fm_warning}"
    );
    let html = read(&out, &format!("{I}index.html"));
    assert!(
        citation_links(I, &html).is_empty(),
        "an ambiguous citation is not a link"
    );
    assert!(html.contains("Công văn số 12-CV/BCĐ"));
    assert!(relation_items(&html, "Văn bản căn cứ").is_empty());
}

#[test]
fn pages_list_what_they_cite_held_or_not() {
    let (site, _) = make_site();
    let (_, out) = build(site.path());
    let html = |p: &str| read(&out, &format!("{p}index.html"));

    let cites = relation_items(&html(E), "Văn bản căn cứ");
    assert_eq!(cites.len(), 5, "{cites:#?}");
    let entries = [
        (
            A,
            "12-CV/BCĐ",
            "10/03/2025",
            BCD_TINH,
            "V/v tuyên truyền của Ban Chỉ đạo Tỉnh ủy",
        ),
        (
            B,
            "12-CV/BCĐ",
            "10/03/2025",
            BCD_DANG,
            "V/v tuyên truyền của Ban Chỉ đạo Đảng ủy",
        ),
        (
            C,
            "05-KH/TU",
            "01/02/2021",
            CAN_THO,
            "Kế hoạch tuyên truyền năm 2021",
        ),
        (
            D,
            "05-KH/TU",
            "15/01/2026",
            CAN_THO,
            "Kế hoạch tuyên truyền năm 2026",
        ),
    ];
    for (target, number, date, issuer, title) in entries {
        let href = format!("href=\"../../../{target}index.html\"");
        let li = cites
            .iter()
            .find(|li| li.contains(&href))
            .unwrap_or_else(|| panic!("{E} does not list {target}: {cites:#?}"));
        for part in [number, date, issuer, title] {
            assert!(li.contains(part), "`{part}` missing from {li}");
        }
    }
    let not_held = cites
        .iter()
        .find(|li| li.contains("21-KL/TW"))
        .expect("unresolved reference listed");
    assert!(not_held.contains("chưa có trên cổng nội bộ"), "{not_held}");
    assert!(!not_held.contains("<a "), "listed as text: {not_held}");
    assert!(
        not_held.contains("25/10/2021") && not_held.contains("Ban Chấp hành Trung ương"),
        "the date and issuer the text gives: {not_held}"
    );
}

#[test]
fn pages_list_what_implements_them() {
    let (site, _) = make_site();
    let (_, out) = build(site.path());
    let html = |p: &str| read(&out, &format!("{p}index.html"));

    let implemented = relation_items(&html(A), "Văn bản triển khai thực hiện");
    assert_eq!(implemented.len(), 2, "{implemented:#?}");
    for (source, number, date, title) in [
        (
            E,
            "20-CV/TU",
            "01/03/2026",
            "V/v thực hiện các văn bản của cấp trên",
        ),
        (
            F,
            "21-CV/TU",
            "05/03/2026",
            "V/v tổng kết công tác tuyên truyền",
        ),
    ] {
        let href = format!("href=\"../../../{source}index.html\"");
        let li = implemented
            .iter()
            .find(|li| li.contains(&href))
            .unwrap_or_else(|| panic!("{A} does not list {source}: {implemented:#?}"));
        for part in [number, date, CAN_THO, title] {
            assert!(li.contains(part), "`{part}` missing from {li}");
        }
    }
    let c_by = relation_items(&html(C), "Văn bản triển khai thực hiện");
    assert_eq!(c_by.len(), 3, "{c_by:#?}");
    assert!(relation_items(&html(D), "Văn bản triển khai thực hiện").len() == 2);
}

#[test]
fn a_replaced_directive_is_superseded_everywhere() {
    let (site, _) = make_site();
    let (_, out) = build(site.path());
    let dj = directives(&out);
    assert_eq!(dj[J]["status"], "superseded");
    assert_eq!(dj[K]["status"], "in-force");
    for (u, d) in &dj {
        if u != J {
            assert_eq!(d["status"], "in-force", "{u}");
        }
    }
    let old = read(&out, &format!("{J}index.html"));
    let notice_at = old
        .find("đã được thay thế bởi")
        .expect("replacement notice");
    let notice = &old[notice_at..notice_at + old[notice_at..].find("</div>").unwrap()];
    assert!(
        notice.contains(&format!("href=\"../../../{K}index.html\"")) && notice.contains("25-QĐ/TU"),
        "{notice}"
    );
    assert!(old.contains("status-superseded") && old.contains("Đã bị thay thế"));
    let new = read(&out, &format!("{K}index.html"));
    let replaced = relation_items(&new, "Văn bản này thay thế");
    assert_eq!(replaced.len(), 1);
    assert!(replaced[0].contains(&format!("href=\"../../../{J}index.html\"")));
    assert!(!new.contains("Đã bị thay thế"));

    // List badges: the section, the issuer's and the type's lists.
    for list in [
        "van-ban/index.html",
        "co-quan/thanh-uy-can-tho/index.html",
        "loai/quy-dinh/index.html",
    ] {
        let html = read(&out, list);
        let items: Vec<&str> = html.split("<li class=\"item ").skip(1).collect();
        let item = |target: &str| {
            *items
                .iter()
                .find(|li| li.contains(&format!("{target}index.html\"")))
                .unwrap_or_else(|| panic!("{list} does not list {target}"))
        };
        let j = item(J);
        assert!(
            j.contains("is-superseded") && j.contains("Đã bị thay thế"),
            "{list}: {j}"
        );
        let k = item(K);
        assert!(
            !k.contains("is-superseded") && !k.contains("Đã bị thay thế"),
            "{list}: {k}"
        );
    }
}

#[test]
fn directives_json_has_the_fields_the_spec_names() {
    let (site, _) = make_site();
    let (_, out) = build(site.path());
    let dj = directives(&out);
    for (u, d) in &dj {
        let keys: BTreeSet<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, FIELDS.iter().copied().collect(), "{u}");
        assert!(
            out.join(u).join("index.html").is_file(),
            "{u} is not a page"
        );
    }
    let b = &dj[B];
    assert_eq!(b["number"], "12-CV/BCĐ");
    assert_eq!(b["type"], "Công văn");
    assert_eq!(b["issuer"], BCD_DANG);
    assert_eq!(b["date"], "2025-03-10");
    assert_eq!(b["title"], "V/v tuyên truyền của Ban Chỉ đạo Đảng ủy");
    assert_eq!(dj[J]["type"], "Quy định");
}

#[test]
fn check_lists_unresolved_references_with_their_place() {
    let (site, files) = make_site();
    let run = noibo(site.path(), "check", &[]);
    let (line, col) = line_col(&files["van-ban/2026/20-cv-tu.md"], "Kết luận số 21-KL/TW");
    let at = format!("content/van-ban/2026/20-cv-tu.md:{line}:{col}: warning: ");
    assert!(
        run.stderr.lines().any(|l| l.starts_with(&at)
            && l.contains("21-KL/TW")
            && l.contains("not on this intranet")),
        "no warning at {at}:\n{}",
        run.stderr
    );
    assert_eq!(summary_counts(&run.stdout), (10, 1), "{}", run.stdout);
    assert!(!site.path().join("public").exists(), "check writes nothing");
}

#[test]
fn sample_site_references() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    for sub in ["content", "themes", "templates", "static"] {
        if repo.join(sub).is_dir() {
            copy_dir(&repo.join(sub), &dir.path().join(sub));
        }
    }
    std::fs::copy(repo.join("site.toml"), dir.path().join("site.toml")).unwrap();
    let (_, out) = build(dir.path());
    let dj = directives(&out);
    let expect: [(&str, &[&str]); 5] = [
        ("van-ban/2025/28-cv-bcd/", &["29-CV/BCĐ"]),
        ("van-ban/2025/45-bc-dtn/", &[]),
        (
            "van-ban/2023/315-ttcs-ttcs/",
            &[
                "108-HD/BTGTW",
                "21-KL/TW",
                "21-NQ/TW",
                "28-NQ/TW",
                "37-QĐ/TW",
                "01-KL/TW",
                "05-CT/TW",
            ],
        ),
        (
            "van-ban/2026/trien-khai-chuyen-trang-xay-dung-dang-dien-tu/",
            &["58-CV/TCCS"],
        ),
        (
            "van-ban/2026/tuyen-truyen-ket-qua-hoi-nghi-trung-uong-2-khoa-xiv/",
            &["13-HD/BTGDVTW"],
        ),
    ];
    assert_eq!(
        dj.keys().map(String::as_str).collect::<BTreeSet<_>>(),
        expect.iter().map(|e| e.0).collect(),
        "the sample's published directives (the draft is not one)"
    );
    // The sample's report implements 28-CV/BCĐ in its running text.
    let (report, assigning) = ("van-ban/2025/45-bc-dtn/", "van-ban/2025/28-cv-bcd/");
    for (u, unresolved) in expect {
        let d = &dj[u];
        let (implements, implemented_by): (&[&str], &[&str]) = match u {
            _ if u == report => (&[assigning], &[]),
            _ if u == assigning => (&[], &[report]),
            _ => (&[], &[]),
        };
        assert_eq!(set(d, "unresolved"), strings(unresolved), "{u}");
        assert_eq!(set(d, "implements"), strings(implements), "{u}");
        assert_eq!(set(d, "implemented_by"), strings(implemented_by), "{u}");
        assert_eq!(d["status"], "in-force");
    }
    // Models cite 315/TTCS-TTCS in front matter and in running text.
    let model = "mo-hinh/guong-tuyen-truyen-vien-to-dan-pho/";
    let links = citation_links(model, &read(&out, &format!("{model}index.html")));
    assert!(
        links.contains(&(
            "van-ban/2023/315-ttcs-ttcs/index.html".to_string(),
            "Công văn số 315/TTCS-TTCS".to_string()
        )),
        "{links:?}"
    );
    let page = read(&out, "van-ban/2023/315-ttcs-ttcs/index.html");
    let related = relation_items(&page, "Mô hình, tài liệu liên quan");
    assert!(
        related.iter().any(|li| li.contains(model)) && related.len() >= 2,
        "{related:#?}"
    );
    let not_held = relation_items(&page, "Văn bản căn cứ");
    assert_eq!(not_held.len(), 7, "{not_held:#?}");
    assert!(
        not_held
            .iter()
            .all(|li| li.contains("chưa có trên cổng nội bộ"))
    );
}

/// A reference of the generated corpus's truth file: number, issuer, date.
type RefKey = (String, String, String);

fn ref_key(e: &Value) -> RefKey {
    (
        e["number"].to_string(),
        e["issuer"].to_string(),
        e["date"].to_string(),
    )
}

fn slug_url(t: &Value) -> String {
    format!("van-ban/{}/", t["slug"].as_str().unwrap())
}

/// The pages of the directives `t` implements, as the truth lists them.
fn implemented_urls(t: &Value, url_of: &BTreeMap<RefKey, String>) -> BTreeSet<String> {
    t["implements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| url_of[&ref_key(e)].clone())
        .collect()
}

/// Checks that in the page `u` of directive `t` each cited directive is a
/// link to its page, and nothing else is.
fn assert_citation_links(out: &Path, u: &str, t: &Value, url_of: &BTreeMap<RefKey, String>) {
    let expected = implemented_urls(t, url_of);
    let links = citation_links(u, &read(out, &format!("{u}index.html")));
    let targets: BTreeSet<String> = links.iter().map(|(t, _)| t.clone()).collect();
    let pages: BTreeSet<String> = expected.iter().map(|e| format!("{e}index.html")).collect();
    assert_eq!(targets, pages, "citation links of {u}");
    for e in t["implements"].as_array().unwrap() {
        let target = format!("{}index.html", url_of[&ref_key(e)]);
        let number = e["number"].as_str().unwrap();
        assert!(
            links
                .iter()
                .any(|(t, text)| *t == target && text.ends_with(number)),
            "{u}: no link `{number}` to {target}: {links:?}"
        );
    }
}

#[test]
fn generated_corpus_resolves_every_reference_to_the_right_directive() {
    let dir = tempfile::tempdir().unwrap();
    let status = Process::new("python3")
        .arg(gen_corpus_script())
        .args(["--directives", "1000", "--only", "noibo", "--out"])
        .arg(dir.path())
        .status()
        .expect("python3 runs");
    assert!(status.success());
    let (run, out) = build(&dir.path().join("noibo"));
    let truth: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("truth.json")).unwrap())
            .unwrap();
    let url_of: BTreeMap<RefKey, String> =
        truth.iter().map(|t| (ref_key(t), slug_url(t))).collect();
    let dj = directives(&out);
    assert_eq!(dj.len(), truth.len());
    let (mut refs, mut external) = (0, 0);
    for t in &truth {
        let u = slug_url(t);
        let d = dj
            .get(&u)
            .unwrap_or_else(|| panic!("{u} not in directives.json"));
        let expected = implemented_urls(t, &url_of);
        assert_eq!(set(d, "implements"), expected, "implements of {u}");
        let ext: BTreeSet<String> = t["external"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_str().unwrap().to_string())
            .collect();
        assert_eq!(set(d, "unresolved"), ext, "unresolved of {u}");
        refs += expected.len();
        external += ext.len();
        assert_citation_links(&out, &u, t, &url_of);
    }
    for (u, d) in &dj {
        for target in set(d, "implements") {
            assert!(
                set(&dj[&target], "implemented_by").contains(u),
                "{target} misses {u}"
            );
        }
    }
    assert!(
        refs > 500 && external > 100,
        "the corpus cites: {refs} {external}"
    );
    assert_eq!(
        summary_counts(&run.stdout),
        (refs, external),
        "{}",
        run.stdout
    );
}
