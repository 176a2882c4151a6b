//! `noibo import` on the seeds' own text extracts: each gives the front
//! matter that the sample page written from it by hand has (for the fields
//! the extract holds), whole body paragraphs and its footnotes.

mod common;
mod import_support;

use common::*;
use import_support::*;

/// (seed, sample page, fields the extract does not show).
const CASES: &[(usize, &str, &[&str])] = &[
    (
        0,
        "content/van-ban/2026/trien-khai-chuyen-trang-xay-dung-dang-dien-tu.md",
        // the extract begins under the header
        &["number", "issuer", "date", "place"],
    ),
    (
        1,
        "content/van-ban/2026/tuyen-truyen-ket-qua-hoi-nghi-trung-uong-2-khoa-xiv.md",
        // "Số -CV/TU": blank in the original
        &["number"],
    ),
    (
        2,
        "content/van-ban/2025/28-cv-bcd.md",
        // the sample names the cited issuer's province, the text does not
        &["implements"],
    ),
    (
        4,
        "content/van-ban/2023/315-ttcs-ttcs.md",
        // the extract begins at "Kính gửi"
        &["title", "number", "type", "issuer", "date", "place"],
    ),
];

/// A paper without a header (seed 3) and the sample material made from it.
const PAPER: &str = "content/tai-lieu/tham-luan-doi-moi-cong-tac-tuyen-truyen-van-dong.md";

#[test]
fn seeds_give_the_sample_pages_front_matter() {
    let Some(dir) = seeds() else { return };
    let paper: &[(usize, &str, &[&str])] = &[(3, PAPER, &[])];
    for &(n, sample, skip) in CASES.iter().chain(paper) {
        // a material has a title only of these fields
        let fields = if n == 3 {
            vec!["title"]
        } else {
            fields_but(skip)
        };
        let site = import_site();
        let r = import(&site, &[path_str(&seed(&dir, n))]);
        let pages = written(&r);
        assert_eq!(pages.len(), 1, "seed {n}: {r:?}");
        let page = std::fs::read_to_string(&pages[0]).unwrap();
        let want = std::fs::read_to_string(repo_root().join(sample)).unwrap();
        same_fields(
            &front_matter(&page),
            &front_matter(&want),
            &fields,
            &format!("seed {n}"),
        );
        // the original is kept beside the page
        let original = pages[0]
            .parent()
            .unwrap()
            .join(seed(&dir, n).file_name().unwrap());
        assert_eq!(
            std::fs::read(original).unwrap(),
            std::fs::read(seed(&dir, n)).unwrap()
        );
    }
}

#[test]
fn number_date_and_blank_fields() {
    let Some(dir) = seeds() else { return };
    let site = import_site();
    let r = import(&site, &[path_str(&seed(&dir, 2)), path_str(&seed(&dir, 1))]);
    r.assert_success();
    let pages = written(&r);
    assert!(
        pages[0].ends_with("content/van-ban/2025/28-cv-bcd/index.md"),
        "{pages:?}"
    );
    let fm = front_matter(&std::fs::read_to_string(&pages[0]).unwrap());
    assert_eq!(fm["number"], "28-CV/BCĐ");
    assert_eq!(fm["date"], "2025-11-22");
    assert_eq!(fm.get("draft"), None);
    // "Số -CV/TU", "ngày   tháng 4 năm 2026": a draft, number left out, warned
    let fm = front_matter(&std::fs::read_to_string(&pages[1]).unwrap());
    assert_eq!(fm.get("number"), None);
    assert_eq!(fm["draft"], true);
    assert_eq!(fm["date"], "2026-04-01");
    let seed1 = seed(&dir, 1);
    for field in ["`number`", "`date`"] {
        assert!(
            r.stderr.lines().any(|l| l.starts_with("warning: ")
                && l.contains(path_str(&seed1))
                && l.contains(field)),
            "no warning for {field}:\n{}",
            r.stderr
        );
    }
}

#[test]
fn body_paragraphs_are_whole_and_footnotes_kept() {
    let Some(dir) = seeds() else { return };
    let site = import_site();
    let r = import(
        &site,
        &[
            path_str(&seed(&dir, 0)),
            path_str(&seed(&dir, 1)),
            path_str(&seed(&dir, 4)),
        ],
    );
    let pages = written(&r);
    assert_eq!(pages.len(), 3, "{r:?}");
    let p0 = std::fs::read_to_string(&pages[0]).unwrap();
    // the sentence broken by the footnote at the page end is one paragraph
    assert!(body(&p0).contains("\n**2.** Báo và Phát thanh, Truyền hình Cần Thơ chủ động kết nối trực tiếp với Tạp chí Cộng sản để cung cấp thông tin, bài viết, sản phẩm truyền thông bảo đảm thường xuyên, liên tục; định kỳ hằng tháng phấn đấu cung cấp 03 bài viết, 02 video, 01 podcast; lựa chọn, biên tập các tác phẩm báo chí có chất lượng; tăng cường sản xuất sản phẩm đa phương tiện, bảo đảm phù hợp yêu cầu tuyên truyền trên nền tảng số.\n"), "{p0}");
    assert!(body(&p0).contains("Tạp chí Cộng sản[^1]; gắn với"));
    assert_eq!(body(&p0).matches("\n[^1]: Chuyên trang Xây dựng Đảng điện tử: <https://xaydungdang.tapchicongsan.org.vn/>\\\n    Trang Facebook:").count(), 1);
    assert!(!body(&p0).contains("<sup>"));
    // a paragraph split by a page break
    let p1 = std::fs::read_to_string(&pages[1]).unwrap();
    assert!(
        body(&p1)
            .contains("phù hợp với từng ngành, địa phương, cơ quan, đơn vị; biểu dương tập thể")
    );
    assert_eq!(body(&p1).matches("\n\n").count() + 1, 9, "{}", body(&p1));
    // an extract with every line followed by a blank line
    let p4 = std::fs::read_to_string(&pages[2]).unwrap();
    assert!(body(&p4).contains("\n\n- Kết quả, thành tựu đã đạt được của công tác xây dựng, chỉnh đốn Đảng và hệ thống chính trị từ đầu nhiệm kỳ Đại hội XIII của Đảng đến nay.\n\n"), "{p4}");
    assert!(body(&p4).contains("Nghị quyết số 21-NQ/TW ngày 16/6/2022"));
    assert!(body(&p4).trim_end().ends_with("Trân trọng./."));
}

#[test]
fn a_paper_without_a_header_is_a_material() {
    let Some(dir) = seeds() else { return };
    let site = import_site();
    let r = import(&site, &[path_str(&seed(&dir, 3))]);
    let pages = written(&r);
    assert!(
        pages[0].starts_with(site.path().join("content/tai-lieu")),
        "{pages:?}"
    );
    let fm = front_matter(&std::fs::read_to_string(&pages[0]).unwrap());
    assert_eq!(fm["unit"], "Chi bộ Văn phòng");
    assert!(r.stderr.contains("`date`"), "{}", r.stderr);
}

#[test]
fn imported_pages_build_and_their_citations_resolve() {
    let Some(dir) = seeds() else { return };
    let site = import_site();
    site.write(
        "content/van-ban/2026/13-hd.md",
        directive(
            "Hướng dẫn tuyên truyền",
            "13-HD/BTGDVTW",
            "Ban Tuyên giáo và Dân vận Trung ương",
            "2026-03-27",
            "",
        )
        .replace("type: Công văn", "type: Hướng dẫn"),
    );
    site.write(
        "content/van-ban/2025/29-cv.md",
        directive(
            "Về đẩy mạnh tuyên truyền",
            "29-CV/BCĐ",
            "Ban Chỉ đạo 35 Tỉnh ủy",
            "2025-11-21",
            "",
        ),
    );
    import(&site, &[path_str(&seed(&dir, 1)), path_str(&seed(&dir, 2))]).assert_success();
    let out = site.path().join("public");
    let t = site.build_into(&out, &["--drafts"]);
    let list: serde_json::Value = serde_json::from_str(text(&t, "directives.json")).unwrap();
    let by_url = |u: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|d| d["url"].as_str().unwrap().contains(u))
            .cloned()
            .unwrap()
    };
    let d28 = by_url("28-cv-bcd");
    assert_eq!(
        d28["implements"][0].as_str().unwrap(),
        by_url("29-cv")["url"].as_str().unwrap()
    );
    let d1 = by_url("ve-chi-dao");
    assert_eq!(
        d1["implements"][0].as_str().unwrap(),
        by_url("13-hd")["url"].as_str().unwrap()
    );
    // the original is offered from the page
    let html = t
        .keys()
        .find(|k| k.contains("28-cv-bcd") && k.ends_with("index.html"))
        .unwrap();
    assert!(text(&t, html).contains("002_7600c3ffdde343f7.txt"));
}

#[test]
fn dry_run_writes_nothing_and_force_replaces() {
    let Some(dir) = seeds() else { return };
    let site = import_site();
    let s2 = seed(&dir, 2);
    let r = import(&site, &["--dry-run", path_str(&s2)]);
    r.assert_success();
    assert!(r.stdout.starts_with("---\n"));
    assert!(!site.path().join("content/van-ban/2025").exists());
    import(&site, &[path_str(&s2)]).assert_success();
    let r = import(&site, &[path_str(&s2)]);
    r.assert_code(1);
    assert!(
        r.stderr.contains("already exists") && r.stderr.contains("--force"),
        "{}",
        r.stderr
    );
    import(&site, &["--force", path_str(&s2)]).assert_success();
    // --kind and --into
    let into = site.path().join("elsewhere");
    let r = import(
        &site,
        &[
            "--kind",
            "material",
            "--into",
            path_str(&into),
            path_str(&s2),
        ],
    );
    r.assert_success();
    assert!(into.join("2025").is_dir(), "{r:?}");
}

/// The names the seeds print in capitals, in normal case, field by field.
#[test]
fn capitals_become_normal_case_on_every_seed() {
    let Some(dir) = seeds() else { return };
    let cases: [(usize, &str, &str); 5] = [
        (0, "/signer/title", "Phó Bí thư"),
        (1, "/issuer", "Thành ủy Cần Thơ"),
        (
            2,
            "/issuer",
            "Ban Chỉ đạo 35 Đảng ủy Ủy ban nhân dân tỉnh Thái Nguyên",
        ),
        (3, "/unit", "Chi bộ Văn phòng"),
        (4, "/signer/title", "Phó Cục trưởng"),
    ];
    let more: [(usize, &str, &str); 4] = [
        (1, "/signer/title", "Phó Bí thư"),
        (1, "/place", "Cần Thơ"),
        (2, "/signer/title", "Phó Trưởng Ban Chỉ đạo kiêm Phó Bí thư"),
        (
            3,
            "/title",
            "Đổi mới, nâng cao chất lượng công tác tuyên truyền, vận động cán bộ, đảng viên trong thực hiện nhiệm vụ chính trị tại Đảng bộ cơ quan Tạp chí Cộng sản",
        ),
    ];
    for (n, field, want) in cases.into_iter().chain(more) {
        let site = import_site();
        let r = import(&site, &["--dry-run", path_str(&seed(&dir, n))]);
        r.assert_success();
        let fm = front_matter(&r.stdout);
        assert_eq!(
            fm.pointer(field).and_then(|v| v.as_str()),
            Some(want),
            "seed {n} {field}"
        );
    }
}
