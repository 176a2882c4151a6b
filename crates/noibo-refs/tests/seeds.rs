//! The finder on the five real documents in `shared/seeds`.
//!
//! Every number mention in the seeds, counted by hand (12 in all: 11
//! citations of other documents, plus seed 002's own number in its header):
//!
//! | seed | number        | type written | date       | issuer written after "của"                |
//! |------|---------------|--------------|------------|-------------------------------------------|
//! | 000  | 58-CV/TCCS    | Công văn     | 25/3/2026  | Tạp chí Cộng sản                          |
//! | 000  | 58-CV/TCCS    | Công văn     | 25/3/2026  | Tạp chí Cộng sản  (the "Đính kèm" line)   |
//! | 001  | 13-HD/BTGDVTW | Hướng dẫn    | 27/3/2026  | Ban Tuyên giáo và Dân vận Trung ương      |
//! | 002  | 28-CV/BCĐ     | -            | -          | -  (header "Số 28-CV/BCĐ": its own number)|
//! | 002  | 29-CV/BCĐ     | Công văn     | 21/11/2025 | Ban Chỉ đạo 35 Tỉnh ủy                    |
//! | 004  | 108-HD/BTGTW  | Hướng dẫn    | 20/6/2023  | Ban Tuyên giáo Trung ương (wrapped)       |
//! | 004  | 21-KL/TW      | Kết luận     | 25/10/2021 | Ban Chấp hành Trung ương                  |
//! | 004  | 21-NQ/TW      | Nghị quyết   | 16/6/2022  | -  (number wrapped after the dash)        |
//! | 004  | 28-NQ/TW      | Nghị quyết   | 17/11/2022 | -  (number wrapped after the dash)        |
//! | 004  | 37-QĐ/TW      | Quy định     | 25/10/2021 | -  (type name wrapped: "Quy / định")      |
//! | 004  | 01-KL/TW      | Kết luận     | 18/5/2021  | -                                         |
//! | 004  | 05-CT/TW      | Chỉ thị      | -          | Bộ Chính trị                              |
//!
//! Seed 003 has none. Not references: "Số -CV/TU" (a draft without its
//! number, 001), "HTTH - 123" and "TTTHO-252" (filing marks, 000 and 001),
//! "nhiệm kỳ 2025 - 2030" (001) and "nhiệm kỳ 2020-2025" (003, NFD), dates,
//! "03 Fanpage", "**1.**", URLs (000, 002).
//!
//! The passages below are copied verbatim from the seed files (seed 004 is a
//! PDF copy: every line is followed by a blank line, and lines end in spaces).

mod support;

use noibo_refs::{Mention, find_mentions};

type Date = (i32, u8, u8);

/// (number, type written, date, issuer, header)
type Want<'a> = (
    &'a str,
    Option<&'a str>,
    Option<Date>,
    Option<&'a str>,
    bool,
);

fn check(text: &str, want: &[Want<'_>]) -> Vec<Mention> {
    let got = find_mentions(text);
    let summary: Vec<_> = got
        .iter()
        .map(|m| {
            (
                m.number.raw.as_str(),
                m.type_name.as_deref(),
                m.date,
                m.issuer.as_deref(),
                m.header,
            )
        })
        .collect();
    assert_eq!(summary, want, "in {text:?}");
    for m in &got {
        assert!(m.whole.start <= m.link.start && m.link.end <= m.whole.end);
        assert!(text.is_char_boundary(m.link.start) && text.is_char_boundary(m.whole.end));
    }
    got
}

/// Markdown content keeps a wrapped line as one line break: drop the blank
/// lines a PDF copy puts between lines.
fn unblank(s: &str) -> String {
    s.split('\n')
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

const S000_A: &str = "Thực hiện Công văn số 58-CV/TCCS ngày 25/3/2026 của Tạp chí Cộng sản về xuất bản Chuyên trang Xây dựng Đảng điện tử và các phương tiện truyền thông xã hội của Tạp chí Cộng sản; Ban Thường vụ Thành ủy yêu cầu các cơ quan, đơn vị, địa phương triển khai thực hiện tốt một số nội dung sau:";

const S000_B: &str = "*(Đính kèm Công văn số 58-CV/TCCS ngày 25/3/2026 của Tạp chí Cộng sản).*";

const S000_C: &str =
    "- Như trên,\n- Thường trực Thành ủy (để báo cáo),\n- Lưu Văn phòng Thành ủy. HTTH - 123";

const S001_A: &str = "\n\nTHÀNH ỦY CẦN THƠ\n\n*\n\nSố -CV/TU\n\nVề chỉ đạo tổ chức quán triệt, triển khai công tác\ntuyên truyền kết quả Hội nghị lần thứ hai\nBan Chấp hành Trung ương Đảng khóa XIV\n\nĐẢNG CỘNG SẢN VIỆT NAM\n";

const S001_B: &str = "Thực hiện Hướng dẫn số 13-HD/BTGDVTW ngày 27/3/2026 của Ban Tuyên giáo và Dân vận Trung ương về tuyên truyền kết quả Hội nghị lần thứ hai Ban Chấp hành Trung ương Đảng khóa XIV (viết tắt là Hội nghị lần thứ hai), Ban Thường vụ Thành ủy đề nghị các cơ quan, đơn vị, địa phương tập trung lãnh đạo, chỉ đạo, triển khai thực hiện tốt một số nhiệm vụ trọng tâm sau:";

const S001_C: &str = "1. Cấp ủy, tổ chức đảng, chính quyền lãnh đạo, chỉ đạo, quán triệt, tuyên truyền kết quả Hội nghị lần thứ hai cũng như lãnh đạo, chỉ đạo, xây dựng chương trình, kế hoạch hành động; cụ thể hóa, triển khai thực hiện các chủ trương, định hướng lớn được Hội nghị lần thứ hai thống nhất; qua đó, nâng cao nhận thức và phát huy vai trò, trách nhiệm của cấp ủy đảng, chính quyền trong lãnh đạo, chỉ đạo thực hiện tốt nhiệm vụ chính trị của cơ quan, đơn vị, địa phương. Chỉ đạo tổ chức các phong trào thi đua; cổ vũ, động viên toàn Đảng, toàn dân, toàn quân thành phố tận dụng thời cơ, nỗ lực phấn đấu, vượt qua khó khăn, thách thức, quyết tâm thực hiện thắng lợi các nhiệm vụ phát triển kinh tế - xã hội năm 2026 và các mục tiêu Nghị quyết Đại hội XIV của Đảng và Nghị quyết Đại hội đại biểu Đảng bộ thành phố Cần Thơ lần thứ I, nhiệm kỳ 2025 - 2030 để đưa đất nước bước vào giai đoạn phát triển mới nhanh hơn, bền vững hơn và toàn diện hơn.";

const S001_D: &str = "- Vụ Địa phương 3,\nBan Tuyên giáo và Dân vận Trung ương,\n- Các đồng chí Ủy viên Ban Thường vụ Thành ủy,\n- Hội Nhà báo thành phố,\n- Lưu Văn phòng Thành ủy. TTTHO-252";

const S002_A: &str = "\n\nĐẢNG ỦY ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN\nBAN CHỈ ĐẠO 35\n\nĐẢNG CỘNG SẢN VIỆT NAM\n\nThái Nguyên, ngày 22 tháng 11 năm 2025\n\n*\n\nSố 28-CV/BCĐ\n\n*V/v đẩy mạnh tuyên truyền, lan tỏa thông tin\ntrên các kênh truyền thông*\n";

const S002_B: &str = "Thực hiện Công văn số 29-CV/BCĐ, ngày 21/11/2025 của Ban Chỉ đạo 35 Tỉnh ủy về đẩy mạnh tuyên truyền, lan tỏa thông tin trên các kênh truyền thông; để tiếp tục nâng cao hiệu quả công tác thông tin tuyên truyền, thống nhất nguồn thông tin chính thống trên nền tảng mạng xã hội từ các kênh truyền thông nêu trên, Ban Chỉ đạo 35 Đảng ủy đề nghị các chi bộ, đảng ủy trực thuộc, Đoàn Thanh niên Cộng sản Hồ Chí Minh Đảng ủy Ủy ban nhân dân tỉnh thực hiện các nội dung sau:";

const S003_A: &str = "\nVề ưu điểm: Trong nhiệm kỳ 2020-2025, dưới sự lãnh đạo sâu sát của Đảng ủy, \nBan Biên tập và sự nỗ lực không ngừng của các chi bộ, công tác tuyên truyền, vận \nđộng cán bộ, đảng viên tại Đảng bộ cơ quan Tạp chí Cộng sản đã đạt được nhiều kết \nquả đáng khích lệ, tạo nên những mảng màu sáng trong bức tranh chung, đóng góp \ntích cực vào việc hoàn thành nhiệm vụ chính trị của Tạp chí.";

const S004_A: &str = "               Kính gửi:    Sở Thông tin và Truyền thông các tỉnh, thành phố \n\ntrực thuộc Trung ương \n\n \nThực hiện Hướng dẫn số 108-HD/BTGTW ngày 20/6/2023 của Ban Tuyên \n\ngiáo Trung ương về đẩy mạnh thông tin, tuyên truyền về công tác xây dựng Đảng \n\nvà hệ thống chính trị. Cục Thông tin cơ sở đề nghị Sở Thông tin và Truyền thông \n\ncác tỉnh, thành phố trực thuộc Trung ương chỉ đạo, hướng dẫn hệ thống thông tin \n\ncơ sở thực hiện các nội dung sau: \n\n1. Tập trung thông tin, truyên truyền về các nội dung sau: \n\n- Các quan điểm, chủ trương, nhiệm vụ, giải pháp về công tác xây dựng \n\nĐảng, xây dựng hệ thống chính trị trong sạch, vững mạnh được nêu trong văn \n\nkiện Đại hội Đảng toàn quốc, các nghị quyết, chỉ thị, kết luận của Ban Chấp hành \n\nTrung ương, Bộ Chính trị qua các nhiệm kỳ, nhất là Nghị quyết Đại hội XIII của \n\nĐảng, Kết luận số 21-KL/TW ngày 25/10/2021 của Ban Chấp hành Trung ương \n\nvề đẩy mạnh xây dựng, chỉnh đốn Đảng về hệ thống chính trị; kiên quyết ngăn \n\nchặn, đẩy lùi, xử lý nghiêm cán bộ, đảng viên suy thoái về tư tưởng chính trị, đạo \n\nđức, lối sống, biểu hiện \"tự diễn biến”, “tự chuyển hóa\"; Nghị quyết số 21-\n\nNQ/TW ngày 16/6/2022 về tăng cường củng cố, xây dựng tổ chức cơ sở đảng và \n\nnâng cao chất lượng đội ngũ đảng viên trong giai đoạn mới; Nghị quyết số 28-\n\nNQ/TW ngày 17/11/2022 về tiếp tục đổi mới phương thức lãnh đạo, cầm quyền \n\ncủa Đảng; các quy định về trách nhiệm nêu gương của cán bộ, đảng viên; Quy \n\nđịnh số 37-QĐ/TW, ngày 25/10/2021 về những điều đảng viên không được làm…  \n\n- Kết quả, thành tựu đã đạt được của công tác xây dựng, chỉnh đốn Đảng \n\nvà hệ thống chính trị từ đầu nhiệm kỳ Đại hội XIII của Đảng đến nay. \n\n- Giới thiệu, biểu dương những mô hình hay, cách làm hiệu quả, gương cán \n\nbộ, đảng viên và Nhân dân tiêu biểu trong công tác xây dựng, chỉnh đốn Đảng và \n\nhệ thống chính trị gắn với thực hiện Kết luận số 01-KL/TW ngày 18/5/2021 về tiếp \n\ntục thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị về đẩy mạnh học tập và làm \n\ntheo tư tưởng, đạo đức, phong cách Hồ Chí Minh; những mô hình mới, sáng tạo \n trong đổi mới nội dung, hình thức sinh hoạt chi bộ, giáo dục chính trị, tổ chức học \n\ntập, quán triệt, tuyên truyền nghị quyết, chỉ thị của Đảng. \n";

const TCCS: Want = (
    "58-CV/TCCS",
    Some("Công văn"),
    Some((2026, 3, 25)),
    Some("Tạp chí Cộng sản"),
    false,
);

#[test]
fn seed_000() {
    let m = check(S000_A, &[TCCS]);
    assert_eq!(&S000_A[m[0].link.clone()], "Công văn số 58-CV/TCCS");
    assert_eq!(
        &S000_A[m[0].whole.clone()],
        "Công văn số 58-CV/TCCS ngày 25/3/2026 của Tạp chí Cộng sản"
    );
    let m = check(S000_B, &[TCCS]);
    assert_eq!(
        &S000_B[m[0].whole.clone()],
        "Công văn số 58-CV/TCCS ngày 25/3/2026 của Tạp chí Cộng sản"
    );
    check(S000_C, &[]);
}

#[test]
fn seed_001() {
    check(S001_A, &[]);
    let m = check(
        S001_B,
        &[(
            "13-HD/BTGDVTW",
            Some("Hướng dẫn"),
            Some((2026, 3, 27)),
            Some("Ban Tuyên giáo và Dân vận Trung ương"),
            false,
        )],
    );
    assert_eq!(&S001_B[m[0].link.clone()], "Hướng dẫn số 13-HD/BTGDVTW");
    check(S001_C, &[]);
    check(S001_D, &[]);
}

#[test]
fn seed_002() {
    let m = check(S002_A, &[("28-CV/BCĐ", None, None, None, true)]);
    assert_eq!(&S002_A[m[0].link.clone()], "28-CV/BCĐ");
    let m = check(
        S002_B,
        &[(
            "29-CV/BCĐ",
            Some("Công văn"),
            Some((2025, 11, 21)),
            Some("Ban Chỉ đạo 35 Tỉnh ủy"),
            false,
        )],
    );
    assert_eq!(
        &S002_B[m[0].whole.clone()],
        "Công văn số 29-CV/BCĐ, ngày 21/11/2025 của Ban Chỉ đạo 35 Tỉnh ủy"
    );
}

#[test]
fn seed_003() {
    check(S003_A, &[]);
}

fn seed_004_want(hd_issuer: &str) -> Vec<Want<'_>> {
    vec![
        (
            "108-HD/BTGTW",
            Some("Hướng dẫn"),
            Some((2023, 6, 20)),
            Some(hd_issuer),
            false,
        ),
        (
            "21-KL/TW",
            Some("Kết luận"),
            Some((2021, 10, 25)),
            Some("Ban Chấp hành Trung ương"),
            false,
        ),
        (
            "21-NQ/TW",
            Some("Nghị quyết"),
            Some((2022, 6, 16)),
            None,
            false,
        ),
        (
            "28-NQ/TW",
            Some("Nghị quyết"),
            Some((2022, 11, 17)),
            None,
            false,
        ),
        (
            "37-QĐ/TW",
            Some("Quy định"),
            Some((2021, 10, 25)),
            None,
            false,
        ),
        (
            "01-KL/TW",
            Some("Kết luận"),
            Some((2021, 5, 18)),
            None,
            false,
        ),
        (
            "05-CT/TW",
            Some("Chỉ thị"),
            None,
            Some("Bộ Chính trị"),
            false,
        ),
    ]
}

#[test]
fn seed_004_verbatim() {
    // the blank line after "của Ban Tuyên" ends the issuer's name
    let m = check(S004_A, &seed_004_want("Ban Tuyên"));
    assert_eq!(&S004_A[m[2].link.clone()], "Nghị quyết số 21-\n\nNQ/TW");
    assert_eq!(&S004_A[m[4].link.clone()], "Quy \n\nđịnh số 37-QĐ/TW");
}

#[test]
fn seed_004_as_markdown() {
    let text = unblank(S004_A);
    assert!(text.contains("Nghị quyết số 21-\nNQ/TW ngày 16/6/2022"));
    let m = check(&text, &seed_004_want("Ban Tuyên giáo Trung ương"));
    assert_eq!(&text[m[2].link.clone()], "Nghị quyết số 21-\nNQ/TW");
    assert_eq!(&text[m[3].link.clone()], "Nghị quyết số 28-\nNQ/TW");
    assert_eq!(
        &text[m[0].whole.clone()],
        "Hướng dẫn số 108-HD/BTGTW ngày 20/6/2023 của Ban Tuyên \ngiáo Trung ương"
    );
    // the same text joined into one line, as the bench generator does
    let joined = text.replace(" \n", " ").replace("-\n", "-");
    check(&joined, &seed_004_want("Ban Tuyên giáo Trung ương"));
}

/// The whole seed files, when the shared folder is beside the workspace.
#[test]
fn whole_seed_files() {
    let dir = std::env::var_os("NOIBO_SEEDS").map_or_else(
        || std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds"),
        std::path::PathBuf::from,
    );
    let Ok(rd) = std::fs::read_dir(&dir) else {
        support::missing(&format!("no seeds at {}", dir.display()));
        return;
    };
    let mut paths: Vec<_> = rd.filter_map(|e| e.ok()).map(|e| e.path()).collect();
    paths.sort();
    let mut all = Vec::new();
    for p in &paths {
        let text = std::fs::read_to_string(p).unwrap();
        for m in find_mentions(&text) {
            all.push(m.number.raw.clone());
        }
    }
    assert_eq!(
        all,
        [
            "58-CV/TCCS",
            "58-CV/TCCS",
            "13-HD/BTGDVTW",
            "28-CV/BCĐ",
            "29-CV/BCĐ",
            "108-HD/BTGTW",
            "21-KL/TW",
            "21-NQ/TW",
            "28-NQ/TW",
            "37-QĐ/TW",
            "01-KL/TW",
            "05-CT/TW",
        ]
    );
}
