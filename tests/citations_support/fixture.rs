//! The test intranet of the citation tests: directives sharing numbers,
//! citing each other in running text and in front matter.

use std::collections::BTreeMap;

use super::write;

pub const BCD_TINH: &str = "Ban Chỉ đạo 35 Tỉnh ủy Thái Nguyên";
pub const BCD_DANG: &str = "Ban Chỉ đạo 35 Đảng ủy Ủy ban nhân dân tỉnh Thái Nguyên";
pub const CAN_THO: &str = "Thành ủy Cần Thơ";

/// (path under content/, front matter without the `---` lines, body).
pub type Fixture = (&'static str, String, &'static str);

pub fn fm(
    number: &str,
    doc_type: &str,
    issuer: &str,
    date: &str,
    title: &str,
    extra: &str,
) -> String {
    format!(
        "title: \"{title}\"\nnumber: \"{number}\"\ntype: \"{doc_type}\"\nissuer: \"{issuer}\"\ndate: {date}\n{extra}"
    )
}

/// Two `12-CV/BCĐ` of two issuers on the same day, two `05-KH/TU` of the same
/// issuer in different years, directives citing them in running text and in
/// front matter, an ambiguous citation, and a replaced regulation.
pub fn fixture() -> Vec<Fixture> {
    vec![
        (
            "van-ban/2025/12-cv-bcd-tinh-uy.md",
            fm(
                "12-CV/BCĐ",
                "Công văn",
                BCD_TINH,
                "2025-03-10",
                "V/v tuyên truyền của Ban Chỉ đạo Tỉnh ủy",
                "",
            ),
            "Ban Chỉ đạo 35 Tỉnh ủy đề nghị các cấp ủy đẩy mạnh tuyên truyền.",
        ),
        (
            "van-ban/2025/12-cv-bcd-dang-uy.md",
            fm(
                "12-CV/BCĐ",
                "Công văn",
                BCD_DANG,
                "2025-03-10",
                "V/v tuyên truyền của Ban Chỉ đạo Đảng ủy",
                "",
            ),
            "Ban Chỉ đạo 35 Đảng ủy đề nghị các chi bộ đẩy mạnh tuyên truyền.",
        ),
        (
            "van-ban/2021/05-kh-tu.md",
            fm(
                "05-KH/TU",
                "Kế hoạch",
                CAN_THO,
                "2021-02-01",
                "Kế hoạch tuyên truyền năm 2021",
                "",
            ),
            "Kế hoạch tuyên truyền của năm 2021.",
        ),
        (
            "van-ban/2026/05-kh-tu.md",
            fm(
                "05-KH/TU",
                "Kế hoạch",
                CAN_THO,
                "2026-01-15",
                "Kế hoạch tuyên truyền năm 2026",
                "",
            ),
            "Kế hoạch tuyên truyền của năm 2026.",
        ),
        (
            "van-ban/2026/20-cv-tu.md",
            fm(
                "20-CV/TU",
                "Công văn",
                CAN_THO,
                "2026-03-01",
                "V/v thực hiện các văn bản của cấp trên",
                "",
            ),
            "Thực hiện Công văn số 12-CV/BCĐ ngày 10/3/2025 của Ban Chỉ đạo 35 Tỉnh ủy Thái Nguyên về \
             tuyên truyền; Công văn số 12-CV/BCĐ ngày 10/3/2025 của Ban Chỉ đạo 35 Đảng ủy Ủy ban nhân \
             dân tỉnh Thái Nguyên về tuyên truyền, Ban Thường vụ Thành ủy yêu cầu:\n\n\
             1. Tiếp tục thực hiện Kế hoạch số 05-KH/TU ngày 01/02/2021 của Thành ủy Cần Thơ.\n\n\
             2. Triển khai Kế hoạch số 05-KH/TU ngày 15/01/2026 của Thành ủy Cần Thơ gắn với \
             Kết luận số 21-KL/TW ngày 25/10/2021 của Ban Chấp hành Trung ương về xây dựng Đảng.",
        ),
        (
            "van-ban/2026/21-cv-tu.md",
            fm(
                "21-CV/TU",
                "Công văn",
                CAN_THO,
                "2026-03-05",
                "V/v tổng kết công tác tuyên truyền",
                &format!(
                    "implements:\n  - number: \"12-CV/BCĐ\"\n    issuer: \"{BCD_TINH}\"\n    date: 2025-03-10\n  - number: \"05-KH/TU\"\n    date: 2021-02-01\n"
                ),
            ),
            "Ban Thường vụ Thành ủy yêu cầu tổng kết công tác tuyên truyền.",
        ),
        (
            "van-ban/2026/22-cv-tu.md",
            fm(
                "22-CV/TU",
                "Công văn",
                CAN_THO,
                "2026-03-06",
                "V/v sơ kết công tác tuyên truyền",
                &format!(
                    "implements:\n  - number: \"12-CV/BCĐ\"\n    issuer: \"{BCD_DANG}\"\n  - number: \"05-KH/TU\"\n    date: 2026-01-15\n"
                ),
            ),
            "Ban Thường vụ Thành ủy yêu cầu sơ kết công tác tuyên truyền.",
        ),
        (
            // Dated 2022: only the 2021 plan existed.
            "van-ban/2022/30-cv-tu.md",
            fm(
                "30-CV/TU",
                "Công văn",
                CAN_THO,
                "2022-05-01",
                "V/v thực hiện kế hoạch tuyên truyền",
                "implements:\n  - \"05-KH/TU\"\n",
            ),
            "Thực hiện Kế hoạch số 05-KH/TU của Thành ủy Cần Thơ, các chi bộ báo cáo kết quả.",
        ),
        (
            "van-ban/2026/40-cv-tu.md",
            fm(
                "40-CV/TU",
                "Công văn",
                CAN_THO,
                "2026-03-10",
                "V/v một trích dẫn không rõ",
                "implements:\n  - \"12-CV/BCĐ\"\n",
            ),
            "Thực hiện Công văn số 12-CV/BCĐ, các chi bộ tổ chức quán triệt.",
        ),
        (
            "van-ban/2020/15-qd-tu.md",
            fm(
                "15-QĐ/TU",
                "Quy định",
                CAN_THO,
                "2020-06-01",
                "Quy định về chế độ thông tin, báo cáo",
                "",
            ),
            "Quy định chế độ thông tin, báo cáo.",
        ),
        (
            "van-ban/2026/25-qd-tu.md",
            fm(
                "25-QĐ/TU",
                "Quy định",
                CAN_THO,
                "2026-02-10",
                "Quy định mới về chế độ thông tin, báo cáo",
                &format!("supersedes:\n  - number: \"15-QĐ/TU\"\n    issuer: \"{CAN_THO}\"\n"),
            ),
            "Quy định này thay thế Quy định số 15-QĐ/TU ngày 01/6/2020 của Thành ủy Cần Thơ.",
        ),
    ]
}

pub fn make_site() -> (tempfile::TempDir, BTreeMap<&'static str, String>) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "site.toml",
        "title = \"Cổng thử nghiệm\"\nbase_url = \"http://noibo.test/\"\n",
    );
    write(
        root,
        "content/van-ban/_index.md",
        "---\ntitle: Văn bản chỉ đạo\nkind: directives\n---\n",
    );
    let mut files = BTreeMap::new();
    for (path, front, body) in fixture() {
        let text = format!("---\n{front}---\n\n{body}\n");
        write(root, &format!("content/{path}"), &text);
        files.insert(path, text);
    }
    (dir, files)
}

pub const A: &str = "van-ban/2025/12-cv-bcd-tinh-uy/";
pub const B: &str = "van-ban/2025/12-cv-bcd-dang-uy/";
pub const C: &str = "van-ban/2021/05-kh-tu/";
pub const D: &str = "van-ban/2026/05-kh-tu/";
pub const E: &str = "van-ban/2026/20-cv-tu/";
pub const F: &str = "van-ban/2026/21-cv-tu/";
pub const G: &str = "van-ban/2026/22-cv-tu/";
pub const H: &str = "van-ban/2022/30-cv-tu/";
pub const I: &str = "van-ban/2026/40-cv-tu/";
pub const J: &str = "van-ban/2020/15-qd-tu/";
pub const K: &str = "van-ban/2026/25-qd-tu/";
