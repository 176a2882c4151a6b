//! A small intranet with units, tasks, a report and products, shared by the
//! tests of units and tasks.

use crate::common::*;

pub const UNITS_INDEX: &str = "---\ntitle: Đơn vị\nkind: units\n---\n";

/// The site: Thành ủy Cần Thơ assigns the Báo a monthly quota and a one-off
/// task, and the Ban Tuyên giáo a follow-up that its report closes. April
/// meets the quota, May does not.
pub fn task_site() -> TestSite {
    let site = TestSite::with_files(&[
        ("content/don-vi/_index.md", UNITS_INDEX),
        ("content/mo-hinh/_index.md", MODELS_INDEX),
        ("content/tai-lieu/_index.md", MATERIALS_INDEX),
        (
            "content/don-vi/thanh-uy.md",
            "---\ntitle: \"Thành ủy Cần Thơ\"\nshort: \"TU Cần Thơ\"\n---\nCơ quan lãnh đạo của Đảng bộ thành phố.\n",
        ),
        (
            "content/don-vi/bao.md",
            "---\ntitle: \"Báo và Phát thanh, Truyền hình Cần Thơ\"\nshort: \"Báo Cần Thơ\"\naliases: [\"Đài PT-TH Cần Thơ\"]\nparent: \"Thành ủy Cần Thơ\"\n---\n",
        ),
        (
            "content/don-vi/ban-tuyen-giao.md",
            "---\ntitle: \"Ban Tuyên giáo và Dân vận Thành ủy\"\nparent: \"TU Cần Thơ\"\n---\n",
        ),
        (
            "content/van-ban/chuyen-trang.md",
            &directive(
                "Về chuyên trang",
                "12-CV/TU",
                "Thành ủy Cần Thơ",
                "2026-04-08",
                "recipients:\n  - \"Các cơ quan báo chí Trung ương đóng tại địa phương, Báo và Phát thanh, Truyền hình Cần Thơ\"\n  - \"Ban Tuyên giáo và Dân vận TU\"\ntasks:\n  - unit: \"Báo Cần Thơ\"\n    do: \"Cung cấp bài viết, video, podcast\"\n    every: month\n    quota: { article: 3, video: 2, podcast: 1 }\n  - { unit: \"Ban Tuyên giáo và Dân vận Thành ủy\", do: \"Theo dõi, đôn đốc\", due: 2026-06-30 }\n  - { unit: \"Đài PT-TH Cần Thơ\", do: \"Mở chuyên mục\", due: 2026-05-15 }\n",
            ),
        ),
        (
            "content/van-ban/bao-cao.md",
            "---\ntitle: \"Kết quả theo dõi chuyên trang\"\nnumber: \"05-BC/BTGDVTU\"\ntype: \"Báo cáo\"\nissuer: \"Ban Tuyên giáo và Dân vận Thành ủy\"\ndate: 2026-05-25\n---\n\nThực hiện Công văn số 12-CV/TU ngày 08/4/2026 của Thành ủy Cần Thơ, Ban báo cáo như sau.\n",
        ),
    ]);
    let products = [
        ("mo-hinh/a1", "article", "2026-04-02", "Báo Cần Thơ"),
        ("mo-hinh/a2", "article", "2026-04-15", "Đài PT-TH Cần Thơ"),
        (
            "tai-lieu/a3",
            "article",
            "2026-04-30",
            "bao va phat thanh, truyen hinh can tho",
        ),
        ("mo-hinh/v1", "video", "2026-04-10", "Báo Cần Thơ"),
        ("tai-lieu/v2", "video", "2026-04-20", "Báo Cần Thơ"),
        ("mo-hinh/p1", "podcast", "2026-04-25", "Báo Cần Thơ"),
        ("mo-hinh/b1", "article", "2026-05-05", "Báo Cần Thơ"),
        ("mo-hinh/b2", "video", "2026-05-06", "Báo Cần Thơ"),
        ("mo-hinh/b3", "video", "2026-05-07", "Báo Cần Thơ"),
        ("mo-hinh/x1", "podcast", "2026-05-08", "Một đơn vị khác"),
    ];
    for (path, format, date, unit) in products {
        site.write(
            &format!("content/{path}.md"),
            format!("---\ntitle: \"Sản phẩm {path}\"\ndate: {date}\nunit: \"{unit}\"\nformat: {format}\n---\nNội dung.\n"),
        );
    }
    site
}
