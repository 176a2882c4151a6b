//! Normal case for names printed in capitals: "THÀNH ỦY CẦN THƠ" →
//! "Thành ủy Cần Thơ", "PHÓ TRƯỞNG BAN CHỈ ĐẠO" → "Phó Trưởng Ban Chỉ đạo".
//!
//! The rules are those of Vietnamese official naming: the first syllable of
//! a body's name is capitalised ("Ban Tuyên giáo", "Cục Thông tin cơ sở"),
//! fixed names keep their own case ("Ủy ban nhân dân", "Bí thư"), and a
//! place name after "tỉnh", "thành phố" or "Thành ủy" has every syllable
//! capitalised.

/// What a phrase does to the words after it.
#[derive(Clone, Copy, PartialEq)]
enum Then {
    Nothing,
    /// The next word starts a name: capitalised.
    Name,
    /// A place name follows: every word capitalised.
    Place,
}

/// (phrase in its normal case, effect), longest first where they overlap.
const PHRASES: &[(&str, Then)] = &[
    ("Ủy ban Mặt trận Tổ quốc Việt Nam", Then::Nothing),
    ("Mặt trận Tổ quốc Việt Nam", Then::Nothing),
    ("Đoàn Thanh niên Cộng sản Hồ Chí Minh", Then::Nothing),
    ("Đoàn Thanh niên", Then::Nothing),
    ("Đảng ủy Ủy ban nhân dân", Then::Nothing),
    ("Đảng ủy Khối", Then::Nothing),
    ("Hội Liên hiệp Phụ nữ", Then::Nothing),
    ("Liên đoàn Lao động", Then::Nothing),
    ("Bộ Chỉ huy Quân sự", Then::Nothing),
    ("Cựu chiến binh", Then::Nothing),
    ("Ủy ban nhân dân", Then::Nothing),
    ("Hội đồng nhân dân", Then::Nothing),
    ("Ủy ban Kiểm tra", Then::Nothing),
    ("Tạp chí Cộng sản", Then::Nothing),
    ("Đảng Cộng sản Việt Nam", Then::Nothing),
    ("Chủ tịch Hồ Chí Minh", Then::Nothing),
    ("Ban Chấp hành Trung ương", Then::Nothing),
    ("Ban Thường vụ", Then::Nothing),
    ("Bộ Chính trị", Then::Nothing),
    ("Ban Bí thư", Then::Nothing),
    ("Phó Trưởng Ban", Then::Name),
    ("Trưởng Ban", Then::Name),
    ("Phó Bí thư", Then::Nothing),
    ("Bí thư", Then::Nothing),
    ("Phó Chủ tịch", Then::Nothing),
    ("Chủ tịch", Then::Nothing),
    ("Phó Cục trưởng", Then::Nothing),
    ("Cục trưởng", Then::Nothing),
    ("Phó Giám đốc", Then::Nothing),
    ("Giám đốc", Then::Nothing),
    ("Phó Vụ trưởng", Then::Nothing),
    ("Vụ trưởng", Then::Nothing),
    ("Chánh Văn phòng", Then::Nothing),
    ("Phó Chánh Văn phòng", Then::Nothing),
    ("Tổng Biên tập", Then::Nothing),
    ("Phó Tổng Biên tập", Then::Nothing),
    ("Ủy viên", Then::Nothing),
    ("Thường trực", Then::Nothing),
    ("Trung ương", Then::Nothing),
    ("Việt Nam", Then::Nothing),
    ("Nhà nước", Then::Nothing),
    ("Đảng ủy", Then::Nothing),
    ("Đảng bộ", Then::Nothing),
    ("Chi bộ", Then::Name),
    ("Thành ủy", Then::Place),
    ("Tỉnh ủy", Then::Place),
    ("Huyện ủy", Then::Place),
    ("Quận ủy", Then::Place),
    ("Thị ủy", Then::Place),
    ("xã hội", Then::Nothing),
    ("thành phố", Then::Place),
    ("thị xã", Then::Place),
    ("thị trấn", Then::Place),
    ("tỉnh", Then::Place),
    ("huyện", Then::Place),
    ("quận", Then::Place),
    ("xã", Then::Place),
    ("phường", Then::Place),
    ("Văn phòng", Then::Name),
    ("Trung tâm", Then::Name),
    ("Ban", Then::Name),
    ("Cục", Then::Name),
    ("Sở", Then::Name),
    ("Bộ", Then::Name),
    ("Vụ", Then::Name),
    ("Viện", Then::Name),
    ("Báo", Then::Name),
    ("Hội", Then::Name),
    ("Trường", Then::Name),
    ("Phó", Then::Nothing),
    ("kiêm", Then::Nothing),
];

fn is_head(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase) && !matches!(w, "Phó" | "Thành ủy" | "Tỉnh ủy")
}

fn lower(w: &str) -> String {
    w.chars().flat_map(char::to_lowercase).collect()
}

fn capitalised(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f
            .to_uppercase()
            .chain(c.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

/// The phrase of [`PHRASES`] that `words` begin with.
fn phrase_at(words: &[&str]) -> Option<(Vec<&'static str>, Then)> {
    PHRASES.iter().find_map(|(p, then)| {
        let pw: Vec<&str> = p.split(' ').collect();
        let matches =
            pw.len() <= words.len() && pw.iter().zip(words).all(|(a, b)| lower(a) == lower(b));
        matches.then_some((pw, *then))
    })
}

/// Whether a fixed name runs from the end of `before` into `after`: a
/// line broken inside "ỦY / BAN NHÂN DÂN" is one name.
pub fn spans_phrase(before: &str, after: &str) -> bool {
    let b: Vec<String> = before.split_whitespace().map(lower).collect();
    let a: Vec<String> = after.split_whitespace().map(lower).collect();
    PHRASES.iter().any(|(p, _)| {
        let pw: Vec<String> = p.split(' ').map(lower).collect();
        (1..pw.len()).any(|k| {
            b.len() >= k
                && a.len() >= pw.len() - k
                && b[b.len() - k..] == pw[..k]
                && a[..pw.len() - k] == pw[k..]
        })
    })
}

/// `s` (printed in capitals) in normal case. Text already in mixed case is
/// returned as it is.
pub fn normal_case(s: &str) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().any(char::is_lowercase) {
        return s;
    }
    let words: Vec<&str> = s.split(' ').collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut then = Then::Nothing;
    let mut after_phrase = true;
    // inside a body's name begun by a head ("Ban", "Sở")
    let mut in_name = false;
    let mut i = 0;
    while i < words.len() {
        // a one-word head ("Ban", "Cục", "Vụ") begins a name only at the
        // start or after another name: "nhiệm vụ" is not "Vụ".
        if let Some((pw, effect)) =
            phrase_at(&words[i..]).filter(|(pw, _)| pw.len() > 1 || after_phrase || !is_head(pw[0]))
        {
            out.extend(pw.iter().map(|w| w.to_string()));
            i += pw.len();
            then = effect;
            after_phrase = true;
            in_name = false;
            continue;
        }
        after_phrase = false;
        let w = words[i];
        out.push(match then {
            Then::Name | Then::Place => capitalised(w),
            Then::Nothing => lower(w),
        });
        match then {
            Then::Name => {
                then = Then::Nothing;
                in_name = true;
            }
            // "Sở Thông tin và Truyền thông", "Ban Tuyên giáo và Dân vận":
            // a body's name of two fields names both
            Then::Nothing if in_name && lower(w) == "và" => then = Then::Name,
            Then::Nothing if w.ends_with(',') => in_name = false,
            _ => {}
        }
        i += 1;
    }
    let joined = out.join(" ");
    let mut c = joined.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => joined,
    }
}

#[cfg(test)]
mod tests {
    use super::normal_case;

    #[test]
    fn issuers_and_titles() {
        assert_eq!(normal_case("THÀNH ỦY CẦN THƠ"), "Thành ủy Cần Thơ");
        assert_eq!(
            normal_case("BAN CHỈ ĐẠO 35 ĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN"),
            "Ban Chỉ đạo 35 Đảng ủy Ủy ban nhân dân tỉnh Thái Nguyên"
        );
        assert_eq!(normal_case("CỤC THÔNG TIN CƠ SỞ"), "Cục Thông tin cơ sở");
        assert_eq!(normal_case("PHÓ BÍ THƯ"), "Phó Bí thư");
        assert_eq!(normal_case("PHÓ CỤC TRƯỞNG"), "Phó Cục trưởng");
        assert_eq!(
            normal_case("PHÓ TRƯỞNG BAN CHỈ ĐẠO"),
            "Phó Trưởng Ban Chỉ đạo"
        );
        assert_eq!(
            normal_case(
                "ĐỔI MỚI CÔNG TÁC TUYÊN TRUYỀN, VẬN ĐỘNG CÁN BỘ THỰC HIỆN NHIỆM VỤ TẠI ĐẢNG BỘ CƠ QUAN TẠP CHÍ CỘNG SẢN"
            ),
            "Đổi mới công tác tuyên truyền, vận động cán bộ thực hiện nhiệm vụ tại Đảng bộ cơ quan Tạp chí Cộng sản"
        );
        assert_eq!(
            normal_case("BAN TUYÊN GIÁO TỈNH ỦY"),
            "Ban Tuyên giáo Tỉnh ủy"
        );
        assert_eq!(normal_case("CHI BỘ VĂN PHÒNG"), "Chi bộ Văn phòng");
        assert_eq!(
            normal_case("ĐOÀN THANH NIÊN CỘNG SẢN HỒ CHÍ MINH ĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH"),
            "Đoàn Thanh niên Cộng sản Hồ Chí Minh Đảng ủy Ủy ban nhân dân tỉnh"
        );
        assert_eq!(
            normal_case("BÍ THƯ ĐOÀN THANH NIÊN"),
            "Bí thư Đoàn Thanh niên"
        );
        assert_eq!(normal_case("Thành ủy Cần Thơ"), "Thành ủy Cần Thơ");
        assert!(super::spans_phrase(
            "ĐOÀN THANH NIÊN CỘNG SẢN HỒ CHÍ MINH ĐẢNG ỦY",
            "ỦY BAN NHÂN DÂN TỈNH"
        ));
        assert!(super::spans_phrase(
            "BAN CHỈ ĐẠO 35 ĐẢNG ỦY ỦY",
            "BAN NHÂN DÂN TỈNH"
        ));
        assert!(!super::spans_phrase("TỈNH THÁI NGUYÊN", "BAN CHỈ ĐẠO 35"));
    }

    /// Names of provinces, cities and units beyond the seeds: every
    /// syllable of a place capitalised, a body's name of two fields
    /// naming both, fixed names in their own case.
    #[test]
    fn provinces_and_units() {
        let cases = [
            ("TỈNH ỦY BÀ RỊA - VŨNG TÀU", "Tỉnh ủy Bà Rịa - Vũng Tàu"),
            (
                "ỦY BAN NHÂN DÂN TỈNH THỪA THIÊN HUẾ",
                "Ủy ban nhân dân tỉnh Thừa Thiên Huế",
            ),
            ("THÀNH ỦY HÀ NỘI", "Thành ủy Hà Nội"),
            ("HUYỆN ỦY CHÂU THÀNH", "Huyện ủy Châu Thành"),
            ("ĐẢNG ỦY XÃ TÂN PHÚ", "Đảng ủy xã Tân Phú"),
            (
                "BAN TUYÊN GIÁO VÀ DÂN VẬN THÀNH ỦY",
                "Ban Tuyên giáo và Dân vận Thành ủy",
            ),
            (
                "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
                "Sở Thông tin và Truyền thông",
            ),
            ("BAN TỔ CHỨC TỈNH ỦY", "Ban Tổ chức Tỉnh ủy"),
            ("VĂN PHÒNG TỈNH ỦY", "Văn phòng Tỉnh ủy"),
            ("ỦY BAN KIỂM TRA THÀNH ỦY", "Ủy ban Kiểm tra Thành ủy"),
            (
                "ĐẢNG ỦY KHỐI CÁC CƠ QUAN TỈNH",
                "Đảng ủy Khối các cơ quan tỉnh",
            ),
            (
                "HỘI LIÊN HIỆP PHỤ NỮ TỈNH AN GIANG",
                "Hội Liên hiệp Phụ nữ tỉnh An Giang",
            ),
            (
                "LIÊN ĐOÀN LAO ĐỘNG THÀNH PHỐ CẦN THƠ",
                "Liên đoàn Lao động thành phố Cần Thơ",
            ),
            ("CÔNG AN TỈNH ĐỒNG THÁP", "Công an tỉnh Đồng Tháp"),
            ("PHÓ CHÁNH VĂN PHÒNG", "Phó Chánh Văn phòng"),
            ("TỔNG BIÊN TẬP", "Tổng Biên tập"),
            ("PHÓ CHỦ TỊCH", "Phó Chủ tịch"),
        ];
        for (caps, want) in cases {
            assert_eq!(normal_case(caps), want, "{caps}");
        }
    }
}
