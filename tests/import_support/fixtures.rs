//! The `.docx` fixtures made from the seeds, and what importing one of
//! them (or a PDF printed from it) must give: the sample page written from
//! that seed.

use super::docx::{Layout, build};
use super::*;
use crate::common::*;

pub fn sample(rel: &str) -> String {
    std::fs::read_to_string(repo_root().join(rel)).unwrap()
}

const P000: &str = "content/van-ban/2026/trien-khai-chuyen-trang-xay-dung-dang-dien-tu.md";
const P001: &str = "content/van-ban/2026/tuyen-truyen-ket-qua-hoi-nghi-trung-uong-2-khoa-xiv.md";
const P002: &str = "content/van-ban/2025/28-cv-bcd.md";

/// A fixture: file name, bytes, sample page, fields compared.
pub type Fixture = (&'static str, Vec<u8>, &'static str, Vec<&'static str>);

/// The three fixtures, made from seeds 000, 001 and 002.
pub fn fixtures() -> Vec<Fixture> {
    vec![fixture_000(), fixture_001(), fixture_002()]
}

/// Seed 000: no header in the extract, a footnote, bold item numbers.
fn fixture_000() -> Fixture {
    (
        "000.docx",
        build(&Layout {
            header: (vec![], vec![]),
            before: vec![
                "**Về triển khai thực hiện Chuyên trang\nXây dựng Đảng điện tử và các nền tảng\ntruyền thông của Tạp chí Cộng sản**",
                "*Kính gửi:* - Các cơ quan tham mưu, giúp việc Thành ủy,\n- Các đảng ủy, đơn vị sự nghiệp trực thuộc Thành ủy,\n- Các đảng ủy xã, phường.",
            ],
            body: body(&sample(P000)),
            tail: (
                vec![
                    "**Nơi nhận:**\n- Như trên,\n- Thường trực Thành ủy (để báo cáo),\n- Lưu Văn phòng Thành ủy. HTTH - 123",
                ],
                vec![
                    "**T/M BAN THƯỜNG VỤ**\n**PHÓ BÍ THƯ**",
                    "",
                    "**Trần Văn Huyền**",
                ],
            ),
        }),
        P000,
        // the seed's extract has no header
        fields_but(&["number", "issuer", "date", "place"]),
    )
}

/// Seed 001: a Party header with a blank number and day.
fn fixture_001() -> Fixture {
    (
        "001.docx",
        build(&Layout {
            header: (
                vec![
                    "THÀNH ỦY CẦN THƠ",
                    "*",
                    "Số -CV/TU",
                    "*Về chỉ đạo tổ chức quán triệt, triển khai công tác*\n*tuyên truyền kết quả Hội nghị lần thứ hai*\n*Ban Chấp hành Trung ương Đảng khóa XIV*",
                ],
                vec![
                    "**ĐẢNG CỘNG SẢN VIỆT NAM**",
                    "*Cần Thơ, ngày    tháng 4 năm 2026*",
                ],
            ),
            before: vec![
                "Kính gửi:\n- Các cơ quan tham mưu, giúp việc Thành ủy,\n- Các đảng ủy xã, phường,\n- Các đảng ủy, đơn vị sự nghiệp trực thuộc Thành ủy,\n- Ủy ban Mặt trận Tổ quốc Việt Nam\nvà các tổ chức chính trị - xã hội thành phố,\n- Các sở, ban, ngành thành phố,\n- Các cơ quan báo chí Trung ương đóng tại địa phương,\nBáo và Phát thanh, Truyền hình Cần Thơ.",
            ],
            body: body(&sample(P001)),
            tail: (
                vec![
                    "**Nơi nhận:**\n- Như trên,\n- Ban Tuyên giáo và Dân vận Trung ương,\n- Vụ Địa phương 3,\nBan Tuyên giáo và Dân vận Trung ương,\n- Các đồng chí Ủy viên Ban Thường vụ Thành ủy,\n- Hội Nhà báo thành phố,\n- Lưu Văn phòng Thành ủy. TTTHO-252",
                ],
                vec![
                    "**T/M BAN THƯỜNG VỤ**\n**PHÓ BÍ THƯ**",
                    "",
                    "Trần Văn Huyền",
                ],
            ),
        }),
        P001,
        // the number is blank in the original
        fields_but(&["number"]),
    )
}

/// Seed 002: a two-body issuer, a signer title on three lines.
fn fixture_002() -> Fixture {
    (
        "002.docx",
        build(&Layout {
            header: (
                vec![
                    "ĐẢNG ỦY ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN",
                    "**BAN CHỈ ĐẠO 35**",
                    "*",
                    "Số 28-CV/BCĐ",
                    "*V/v đẩy mạnh tuyên truyền, lan tỏa thông tin*\n*trên các kênh truyền thông*",
                ],
                vec![
                    "**ĐẢNG CỘNG SẢN VIỆT NAM**",
                    "*Thái Nguyên, ngày 22 tháng 11 năm 2025*",
                ],
            ),
            before: vec![
                "*Kính gửi: - Các chi bộ, đảng ủy cơ sở trực thuộc,*\n*- Đoàn Thanh niên Cộng sản Hồ Chí Minh Đảng ủy*\n*Ủy ban nhân dân tỉnh.*",
            ],
            body: body(&sample(P002)),
            tail: (
                vec![
                    "**Nơi nhận:**\n- Thường trực Đảng ủy,\n- Thành viên BCD 35 Đảng ủy,\n- Các chi bộ, đảng ủy cơ sở trực thuộc,\n- Đoàn Thanh niên Cộng sản Hồ Chí Minh Đảng ủy UBND tỉnh,\n- Lưu Ban Chỉ đạo 35 Đảng ủy.",
                ],
                vec![
                    "**PHÓ TRƯỞNG BAN CHỈ ĐẠO**",
                    "kiêm",
                    "**PHÓ BÍ THƯ**",
                    "",
                    "**Mai Thị Nhài**",
                ],
            ),
        }),
        P002,
        // the sample names the cited issuer's province, the text does not
        fields_but(&["implements"]),
    )
}

/// Imports `file` into a new site and returns the page written.
pub fn import_page(dir: &std::path::Path, name: &str) -> String {
    let site = import_site();
    let r = import(&site, &[path_str(&dir.join(name))]);
    let pages = written(&r);
    assert_eq!(pages.len(), 1, "{name}: {r:?}");
    std::fs::read_to_string(&pages[0]).unwrap()
}

/// Asserts the imported page has the sample's fields, paragraphs and footnotes.
pub fn assert_like_sample(
    page: &str,
    sample_rel: &str,
    fields: &[&str],
    what: &str,
    emphasis: bool,
) {
    assert_like(page, &sample(sample_rel), fields, what, emphasis);
}
