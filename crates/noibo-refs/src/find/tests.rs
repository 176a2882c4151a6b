use super::*;

fn nums(text: &str) -> Vec<String> {
    find_mentions(text)
        .into_iter()
        .map(|m| m.number.raw)
        .collect()
}

#[test]
fn simple_mention() {
    let t = "Thực hiện Công văn số 58-CV/TCCS ngày 25/3/2026 của Tạp chí Cộng sản về xuất bản";
    let m = find_mentions(t);
    assert_eq!(m.len(), 1);
    let m = &m[0];
    assert_eq!(m.number.raw, "58-CV/TCCS");
    assert_eq!(m.type_name.as_deref(), Some("Công văn"));
    assert_eq!(m.date, Some((2026, 3, 25)));
    assert_eq!(m.issuer.as_deref(), Some("Tạp chí Cộng sản"));
    assert_eq!(&t[m.link.clone()], "Công văn số 58-CV/TCCS");
    assert_eq!(
        &t[m.whole.clone()],
        "Công văn số 58-CV/TCCS ngày 25/3/2026 của Tạp chí Cộng sản"
    );
    assert!(!m.header);
}

#[test]
fn forms_of_mentions() {
    let t = "Công văn số: 58-CV/TCCS";
    assert_eq!(&t[find_mentions(t)[0].link.clone()], t);
    let m = &find_mentions("theo Kế hoạch 09-KH/TU.")[0];
    assert_eq!(m.type_name.as_deref(), Some("Kế hoạch"));
    assert_eq!(m.number.seq, "09");
    assert_eq!(m.date, None);
    assert_eq!(m.issuer, None);

    let t = "Quy định số 37-QĐ/TW, ngày 25/10/2021 về những điều";
    let m = &find_mentions(t)[0];
    assert_eq!(m.type_name.as_deref(), Some("Quy định"));
    assert_eq!(m.date, Some((2021, 10, 25)));
    assert_eq!(&t[m.whole.clone()], "Quy định số 37-QĐ/TW, ngày 25/10/2021");

    let m = &find_mentions("Chỉ thị số 05-CT/TW của Bộ Chính trị về đẩy mạnh")[0];
    assert_eq!(m.issuer.as_deref(), Some("Bộ Chính trị"));
    assert_eq!(m.date, None);

    let m = &find_mentions("Nghị quyết số 12-NQ/TU ngày 03 tháng 4 năm 2018 của Tỉnh ủy")[0];
    assert_eq!(m.date, Some((2018, 4, 3)));
    assert_eq!(m.issuer.as_deref(), Some("Tỉnh ủy"));

    // issuer before the date
    let m = &find_mentions("Công văn số 5-CV/TU của Thành ủy Cần Thơ ngày 2/1/2024 về")[0];
    assert_eq!(m.issuer.as_deref(), Some("Thành ủy Cần Thơ"));
    assert_eq!(m.date, Some((2024, 1, 2)));

    // a dash of another kind, lower-case type word
    let m = &find_mentions("thực hiện công văn số 58–CV/TCCS")[0];
    assert_eq!(m.number.raw, "58-CV/TCCS");
    assert_eq!(m.type_name.as_deref(), Some("Công văn"));

    // State numbers
    let t = "Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ; Công văn số 315/TTCS-TTCS của Cục Thông tin cơ sở.";
    let m = find_mentions(t);
    assert_eq!(m.len(), 2);
    assert_eq!(m[0].number.raw, "30/2020/NĐ-CP");
    assert_eq!(m[0].type_name.as_deref(), Some("Nghị định"));
    assert_eq!(m[0].date, Some((2020, 3, 5)));
    assert_eq!(m[0].issuer.as_deref(), Some("Chính phủ"));
    assert_eq!(m[1].number.raw, "315/TTCS-TTCS");
    assert_eq!(m[1].type_name.as_deref(), Some("Công văn"));
    assert_eq!(m[1].issuer.as_deref(), Some("Cục Thông tin cơ sở"));
}

#[test]
fn line_wraps() {
    let t = "Nghị quyết số 21-\nNQ/TW ngày 16/6/2022 về tăng cường";
    let m = &find_mentions(t)[0];
    assert_eq!(m.number.raw, "21-NQ/TW");
    assert_eq!(&t[m.link.clone()], "Nghị quyết số 21-\nNQ/TW");
    let t = "Nghị quyết số 28- \n NQ/TW ngày 17/11/2022";
    assert_eq!(nums(t), ["28-NQ/TW"]);
    // the issuer goes on over a soft line break in lower case
    let t = "Hướng dẫn số 108-HD/BTGTW ngày 20/6/2023 của Ban Tuyên\ngiáo Trung ương về đẩy mạnh";
    let m = &find_mentions(t)[0];
    assert_eq!(m.issuer.as_deref(), Some("Ban Tuyên giáo Trung ương"));
    // but not over a blank line, nor into a list
    let t = "Kế hoạch 09-KH/TU của Tỉnh ủy\n- Các chi bộ";
    assert_eq!(find_mentions(t)[0].issuer.as_deref(), Some("Tỉnh ủy"));
    // a type name split by a line break
    let t = "các quy định về trách nhiệm nêu gương; Quy\nđịnh số 37-QĐ/TW, ngày 25/10/2021";
    let m = &find_mentions(t)[0];
    assert_eq!(m.type_name.as_deref(), Some("Quy định"));
    assert_eq!(&t[m.link.clone()], "Quy\nđịnh số 37-QĐ/TW");
}

#[test]
fn not_mentions() {
    for t in [
        "nhiệm kỳ 2020-2025",
        "nhiệm kỳ 2025 - 2030 để",
        "Lưu Văn phòng Thành ủy. HTTH - 123",
        "Lưu Văn phòng Thành ủy. TTTHO-252",
        "ngày 25/3/2026",
        "ngày 21/11/2025 của Ban",
        "**1.** Cấp ủy",
        "Số -CV/TU",
        "<https://example.org/van-ban/58-CV/TCCS>",
        "[Công văn](https://example.org/58-CV/TCCS)",
        "www.example.org/58-CV/TCCS",
        "tệp 58-CV/TCCS.pdf",
        "A58-CV/TCCS",
        "2026-03-25",
        "58-cv/tccs",
        "cung cấp 03 bài viết, 02 video, 01 podcast",
        "Chủ nghĩa Mác - Lênin",
        "Giải Búa liềm vàng năm 2023;",
    ] {
        assert!(nums(t).is_empty(), "{t:?} gave {:?}", nums(t));
    }
}

#[test]
fn header_number() {
    let t = "*\n\nSố 28-CV/BCĐ\n\n*V/v đẩy mạnh";
    let m = find_mentions(t);
    assert_eq!(m.len(), 1);
    assert!(m[0].header);
    assert_eq!(&t[m[0].link.clone()], "28-CV/BCĐ");
    assert!(!find_mentions("theo số 28-CV/BCĐ của Ban")[0].header);
}

#[test]
fn contradicting_type_word_is_dropped() {
    let t = "Thông báo kết luận số 12-TB/TU ngày 1/2/2024";
    let m = &find_mentions(t)[0];
    assert_eq!(m.type_name, None);
    assert_eq!(&t[m.link.clone()], "12-TB/TU");
}

#[test]
fn several_mentions_do_not_overlap() {
    let t = "Thực hiện Công văn số 1-CV/TU ngày 2/3/2024 của Tỉnh ủy Thái Nguyên và Kế hoạch số 2-KH/TU của Tỉnh ủy; Nghị quyết 3-NQ/TW";
    let m = find_mentions(t);
    assert_eq!(m.len(), 3);
    for w in m.windows(2) {
        assert!(w[0].whole.end <= w[1].whole.start);
    }
    assert_eq!(m[0].issuer.as_deref(), Some("Tỉnh ủy Thái Nguyên"));
    assert_eq!(m[1].issuer.as_deref(), Some("Tỉnh ủy"));
    assert_eq!(m[2].type_name.as_deref(), Some("Nghị quyết"));
}

#[test]
fn issuer_with_va() {
    let t = "Hướng dẫn số 13-HD/BTGDVTW ngày 27/3/2026 của Ban Tuyên giáo và Dân vận Trung ương về tuyên truyền";
    assert_eq!(
        find_mentions(t)[0].issuer.as_deref(),
        Some("Ban Tuyên giáo và Dân vận Trung ương")
    );
}

#[test]
fn nfd_text() {
    let t = nfd(
        "Thực hiện Công văn số 29-CV/BCĐ, ngày 21/11/2025 của Ban Chỉ đạo 35 Tỉnh ủy về đẩy mạnh",
    );
    let m = &find_mentions(&t)[0];
    assert_eq!(m.type_name.as_deref(), Some("Công văn"));
    assert_eq!(m.date, Some((2025, 11, 21)));
    assert_eq!(m.issuer.as_deref(), Some("Ban Chỉ đạo 35 Tỉnh ủy"));
    assert!(t[m.link.clone()].starts_with("C"));
}

/// NFD without a dependency: decompose the few letters these tests use.
fn nfd(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            'ự' => out.push_str("u\u{31b}\u{323}"),
            'ệ' => out.push_str("e\u{302}\u{323}"),
            'ô' => out.push_str("o\u{302}"),
            'ă' => out.push_str("a\u{306}"),
            'ố' => out.push_str("o\u{302}\u{301}"),
            'à' => out.push_str("a\u{300}"),
            'ủ' => out.push_str("u\u{309}"),
            'ỉ' => out.push_str("i\u{309}"),
            'ạ' => out.push_str("a\u{323}"),
            'ề' => out.push_str("e\u{302}\u{300}"),
            'ẩ' => out.push_str("a\u{302}\u{309}"),
            'ỷ' => out.push_str("y\u{309}"),
            'ả' => out.push_str("a\u{309}"),
            'ơ' => out.push_str("o\u{31b}"),
            'ư' => out.push_str("u\u{31b}"),
            'ừ' => out.push_str("u\u{31b}\u{300}"),
            _ => out.push(c),
        }
    }
    out
}

#[test]
fn dates() {
    assert_eq!(parse_date("2025-11-22"), Some((2025, 11, 22)));
    assert_eq!(parse_date("25/3/2026"), Some((2026, 3, 25)));
    assert_eq!(parse_date("ngày 03 tháng 4 năm 2018"), Some((2018, 4, 3)));
    assert_eq!(parse_date("03 tháng 4 năm 2018"), Some((2018, 4, 3)));
    assert_eq!(parse_date("31/4/2026"), None);
    assert_eq!(parse_date("29/2/2024"), Some((2024, 2, 29)));
    assert_eq!(parse_date("29/2/2023"), None);
    assert_eq!(parse_date("25/3/2026 x"), None);
    assert_eq!(parse_date("25/3-2026"), None);
    assert_eq!(parse_date(""), None);
    assert_eq!(parse_date("ngày tháng 4 năm 2026"), None);
}
