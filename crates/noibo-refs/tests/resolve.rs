//! Resolving references against the site's directives.

use noibo_refs::{DirectiveIndex, IndexItem, Query, Resolution, find_mentions, parse_number};

type Date = (i32, u8, u8);

fn index(items: &[(&str, &str, Date)]) -> DirectiveIndex {
    DirectiveIndex::new(
        items
            .iter()
            .map(|&(n, i, d)| (parse_number(n).unwrap().key(), i.to_owned(), d)),
    )
}

/// Resolves the single mention in `text`, cited by a page dated `citing`.
fn resolve_text(idx: &DirectiveIndex, text: &str, citing: Date) -> Resolution {
    let m = find_mentions(text);
    assert_eq!(m.len(), 1, "{text:?}");
    idx.resolve(&Query::from(&m[0]), Some(citing))
}

#[test]
fn same_number_and_symbol_from_different_issuers() {
    // seed 002: one Ban Chỉ đạo 35 cites 29-CV/BCĐ of another, a day earlier
    let idx = index(&[
        (
            "29-CV/BCĐ",
            "Ban Chỉ đạo 35 Đảng ủy Ủy ban nhân dân tỉnh Thái Nguyên",
            (2025, 11, 21),
        ),
        (
            "29-CV/BCĐ",
            "Ban Chỉ đạo 35 Tỉnh ủy Thái Nguyên",
            (2025, 11, 21),
        ),
        (
            "28-CV/BCĐ",
            "Ban Chỉ đạo 35 Đảng ủy Ủy ban nhân dân tỉnh Thái Nguyên",
            (2025, 11, 22),
        ),
    ]);
    let citing = (2025, 11, 22);
    assert_eq!(
        resolve_text(
            &idx,
            "Thực hiện Công văn số 29-CV/BCĐ, ngày 21/11/2025 của Ban Chỉ đạo 35 Tỉnh ủy về đẩy mạnh",
            citing
        ),
        Resolution::Found(1)
    );
    assert_eq!(
        resolve_text(
            &idx,
            "Công văn số 29-CV/BCĐ ngày 21/11/2025 của Ban Chỉ đạo 35 Đảng ủy Ủy ban nhân dân tỉnh Thái Nguyên;",
            citing
        ),
        Resolution::Found(0)
    );
    // the short name matches the longer one it begins, not the other body
    assert_eq!(
        resolve_text(
            &idx,
            "Công văn số 29-CV/BCĐ của Ban Chỉ đạo 35 Tỉnh ủy",
            citing
        ),
        Resolution::Found(1)
    );
    // same number, same date, no issuer: both fit
    assert_eq!(
        resolve_text(&idx, "Công văn số 29-CV/BCĐ ngày 21/11/2025", citing),
        Resolution::Ambiguous(vec![0, 1])
    );
    // an issuer that matches neither: not held
    assert_eq!(
        resolve_text(
            &idx,
            "Công văn số 29-CV/BCĐ của Ban Chỉ đạo 35 Thành ủy Cần Thơ",
            citing
        ),
        Resolution::NotHeld
    );
}

#[test]
fn issuer_must_not_match_the_other_ban_chi_dao() {
    let idx = index(&[(
        "29-CV/BCĐ",
        "Ban Chỉ đạo 35 Đảng ủy Ủy ban nhân dân tỉnh Thái Nguyên",
        (2025, 11, 21),
    )]);
    assert_eq!(
        resolve_text(
            &idx,
            "Công văn số 29-CV/BCĐ, ngày 21/11/2025 của Ban Chỉ đạo 35 Tỉnh ủy",
            (2025, 11, 22)
        ),
        Resolution::NotHeld
    );
}

#[test]
fn central_committee_and_politburo_told_apart() {
    let idx = index(&[
        ("21-KL/TW", "Ban Chấp hành Trung ương", (2021, 10, 25)),
        ("21-KL/TW", "Bộ Chính trị", (2021, 10, 25)),
    ]);
    let c = (2023, 6, 20);
    assert_eq!(
        resolve_text(
            &idx,
            "Kết luận số 21-KL/TW ngày 25/10/2021 của Ban Chấp hành Trung ương về",
            c
        ),
        Resolution::Found(0)
    );
    assert_eq!(
        resolve_text(
            &idx,
            "Kết luận số 21-KL/TW ngày 25/10/2021 của Bộ Chính trị về",
            c
        ),
        Resolution::Found(1)
    );
    assert_eq!(
        resolve_text(&idx, "Kết luận số 21-KL/TW ngày 25/10/2021 về", c),
        Resolution::Ambiguous(vec![0, 1])
    );
}

#[test]
fn same_number_in_different_years() {
    let idx = index(&[
        ("09-KH/TU", "Tỉnh ủy Thái Nguyên", (2021, 3, 2)),
        ("9-KH/TU", "Tỉnh ủy Thái Nguyên", (2024, 2, 5)),
        ("9-KH/TU", "Thành ủy Cần Thơ", (2024, 2, 5)),
    ]);
    let c = (2025, 1, 1);
    assert_eq!(
        resolve_text(
            &idx,
            "Kế hoạch số 09-KH/TU ngày 2/3/2021 của Tỉnh ủy Thái Nguyên",
            c
        ),
        Resolution::Found(0)
    );
    assert_eq!(
        resolve_text(
            &idx,
            "Kế hoạch số 9-KH/TU ngày 05/02/2024 của Tỉnh ủy Thái Nguyên",
            c
        ),
        Resolution::Found(1)
    );
    assert_eq!(
        resolve_text(
            &idx,
            "Kế hoạch số 9-KH/TU ngày 05/02/2024 của Thành ủy Cần Thơ",
            c
        ),
        Resolution::Found(2)
    );
    // a date that is neither: not held
    assert_eq!(
        resolve_text(
            &idx,
            "Kế hoạch số 9-KH/TU ngày 06/02/2024 của Thành ủy Cần Thơ",
            c
        ),
        Resolution::NotHeld
    );
    // no date, no issuer: three candidates
    assert_eq!(
        resolve_text(&idx, "Kế hoạch 09-KH/TU", c),
        Resolution::Ambiguous(vec![0, 1, 2])
    );
    // issuer without date: two of Tỉnh ủy Thái Nguyên
    assert_eq!(
        resolve_text(&idx, "Kế hoạch 09-KH/TU của Tỉnh ủy Thái Nguyên", c),
        Resolution::Ambiguous(vec![0, 1])
    );
    // ... but a page dated before 2024 can only mean the first
    assert_eq!(
        resolve_text(
            &idx,
            "Kế hoạch 09-KH/TU của Tỉnh ủy Thái Nguyên",
            (2023, 1, 1)
        ),
        Resolution::Found(0)
    );
}

#[test]
fn cited_documents_are_not_later_than_the_citing_one() {
    let idx = index(&[("58-CV/TCCS", "Tạp chí Cộng sản", (2026, 3, 25))]);
    let text = "Thực hiện Công văn số 58-CV/TCCS ngày 25/3/2026 của Tạp chí Cộng sản";
    assert_eq!(
        resolve_text(&idx, text, (2026, 3, 25)),
        Resolution::Found(0)
    );
    assert_eq!(resolve_text(&idx, text, (2026, 4, 2)), Resolution::Found(0));
    assert_eq!(resolve_text(&idx, text, (2026, 3, 24)), Resolution::NotHeld);
    assert_eq!(
        idx.resolve(&Query::new("58-CV/TCCS"), Some((2025, 1, 1))),
        Resolution::NotHeld
    );
    // pages without a date cite anything
    assert_eq!(
        idx.resolve(&Query::new("58-CV/TCCS"), None),
        Resolution::Found(0)
    );
}

#[test]
fn front_matter_queries() {
    let idx = index(&[
        ("58-CV/TCCS", "Tạp chí Cộng sản", (2026, 3, 25)),
        (
            "28-CV/BCĐ",
            "Ban Chỉ đạo 35 Đảng ủy Ủy ban nhân dân tỉnh Thái Nguyên",
            (2025, 11, 22),
        ),
        (
            "28-CV/BCĐ",
            "Ban Chỉ đạo 35 Tỉnh ủy Thái Nguyên",
            (2024, 5, 2),
        ),
    ]);
    // a bare number, as typed
    assert_eq!(
        idx.resolve(&Query::new("58-cv/tccs"), None),
        Resolution::Found(0)
    );
    assert_eq!(
        idx.resolve(&Query::new(" 058–CV/TCCS "), None),
        Resolution::Found(0)
    );
    assert_eq!(
        idx.resolve(&Query::new("59-CV/TCCS"), None),
        Resolution::NotHeld
    );
    assert_eq!(
        idx.resolve(&Query::new("not a number"), None),
        Resolution::NotHeld
    );
    assert_eq!(
        idx.resolve(&Query::new("28-CV/BCĐ"), None),
        Resolution::Ambiguous(vec![1, 2])
    );
    // {number, issuer, date}
    let q = Query::new("28-CV/BCĐ").with_issuer("Ban Chỉ đạo 35 Tỉnh ủy Thái Nguyên");
    assert_eq!(idx.resolve(&q, None), Resolution::Found(2));
    let q = Query::new("28-CV/BCĐ").with_date((2025, 11, 22));
    assert_eq!(idx.resolve(&q, None), Resolution::Found(1));
    assert_eq!(idx.with_number("28-CV/BCĐ"), [1, 2]);
    assert_eq!(idx.get(2).unwrap().date, (2024, 5, 2));
    assert_eq!(idx.len(), 3);
}

#[test]
fn quyet_dinh_and_quy_dinh_share_qd() {
    let idx = DirectiveIndex::from_items([
        IndexItem {
            number_key: "37-QĐ/TW".into(),
            issuer: "Bộ Chính trị".into(),
            date: (2021, 10, 25),
            type_name: Some("Quy định".into()),
        },
        IndexItem {
            number_key: "37-QĐ/TW".into(),
            issuer: "Bộ Chính trị".into(),
            date: (2021, 12, 1),
            type_name: Some("Quyết định".into()),
        },
    ]);
    let c = Some((2023, 1, 1));
    let q = |t: &str| Query::from(&find_mentions(t)[0]);
    assert_eq!(
        idx.resolve(&q("Quy định số 37-QĐ/TW về những điều"), c),
        Resolution::Found(0)
    );
    assert_eq!(
        idx.resolve(&q("Quyết định số 37-QĐ/TW về"), c),
        Resolution::Found(1)
    );
    // QĐi is written for Quy định
    assert_eq!(idx.resolve(&q("theo 37-QĐi/TW"), c), Resolution::Found(0));
    // the number alone never tells
    assert_eq!(
        idx.resolve(&q("theo 37-QĐ/TW"), c),
        Resolution::Ambiguous(vec![0, 1])
    );
}
