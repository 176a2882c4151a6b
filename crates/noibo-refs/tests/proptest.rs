//! Random text into the parser and the finder: no panic, valid ranges.

use noibo_refs::{DirectiveIndex, Query, find_mentions, parse_number};
use proptest::prelude::*;

/// Pieces that look like parts of mentions, so random joins come close to
/// real ones (and to every way of being almost one).
const PIECES: &[&str] = &[
    "Công văn",
    "công văn",
    "Quy",
    "định",
    "Quy định",
    "Kết luận",
    "Kế hoạch",
    "số",
    "Số",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\r\n",
    ",",
    ".",
    ";",
    "(",
    ")",
    "*",
    "/",
    "-",
    "–",
    "—",
    "‐",
    "58",
    "09",
    "2020",
    "2025",
    "1",
    "123456789",
    "CV",
    "cv",
    "TCCS",
    "BCĐ",
    "Đ",
    "QĐi",
    "CTr",
    "NĐ",
    "CP",
    "TTCS",
    "TW",
    "ngày",
    "ngày ",
    "25/3/2026",
    "29/2/2023",
    "31",
    "tháng",
    "năm",
    "của",
    "của ",
    "Ban Chỉ đạo 35 Tỉnh ủy",
    "về",
    "và",
    "và các",
    "https://",
    "www.",
    "HTTH",
    "\u{301}",
    "\u{323}",
    "\u{302}",
    "o\u{302}\u{301}",
    "ư",
    "Ủ",
    "ệ",
    "\u{a0}",
    "é",
    "🙂",
];

fn pieces() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..24).prop_map(|v| v.concat())
}

fn chars() -> impl Strategy<Value = String> {
    "[0-9a-zA-ZĐđăâêôơưáàảãạếềểễệốồổỗộớờởỡợủỷ \\-–—‐/\\n.,;:()\u{300}\u{301}\u{303}\u{309}\u{323}]{0,80}"
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![pieces(), chars(), any::<String>()]
}

fn check_mentions(t: &str) -> Result<(), TestCaseError> {
    let ms = find_mentions(t);
    let mut prev_end = 0;
    for m in &ms {
        for r in [&m.link, &m.whole] {
            prop_assert!(r.start <= r.end && r.end <= t.len());
            prop_assert!(t.is_char_boundary(r.start) && t.is_char_boundary(r.end));
        }
        prop_assert!(m.whole.start == m.link.start && m.link.end <= m.whole.end);
        prop_assert!(prev_end <= m.whole.start, "overlap in {:?}", t);
        prev_end = m.whole.end;
        // what was found parses again to the same number
        let again = parse_number(&m.number.raw);
        prop_assert_eq!(again.map(|n| n.key()), Some(m.number.key()));
        let _ = DirectiveIndex::new([]).resolve(&Query::from(m), None);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    #[test]
    fn parse_number_never_panics(s in text()) {
        if let Some(n) = parse_number(&s) {
            // canonical: parsing the display form again gives the same number
            let again = parse_number(&n.raw);
            prop_assert_eq!(again.as_ref(), Some(&n));
            prop_assert!(!n.raw.contains(char::is_whitespace));
            let _ = noibo_refs::infer_type(&n);
            let _ = noibo_refs::type_names_for_code(n.type_code.as_deref().unwrap_or(""));
        }
        let _ = noibo_refs::parse_date(&s);
        let _ = noibo_refs::type_names_for_code(&s);
    }

    #[test]
    fn find_mentions_never_panics(s in text()) {
        check_mentions(&s)?;
    }
}

/// A mention built from parts, in some surrounding text.
/// (text, number, date, issuer)
type Built = (String, String, Option<(i32, u8, u8)>, Option<String>);

fn built() -> impl Strategy<Value = Built> {
    let ty = prop::sample::select(
        &[
            ("Công văn", "CV"),
            ("Kế hoạch", "KH"),
            ("Hướng dẫn", "HD"),
            ("Nghị quyết", "NQ"),
        ][..],
    );
    let issuer_code = prop::sample::select(&["TU", "BCĐ", "TCCS", "ĐU", "BTGDVTW"][..]);
    let dash = prop::sample::select(&["-", "–", "—", "‐", "-\n", "- \n ", "-\n\n"][..]);
    let so = prop::sample::select(&["số ", "", "Số "][..]);
    let sep = prop::sample::select(&[" ", ", ", "\n"][..]);
    let issuer = prop::sample::select(
        &[
            "Tạp chí Cộng sản",
            "Ban Chỉ đạo 35 Tỉnh ủy",
            "Ban Tuyên giáo và Dân vận Trung ương",
        ][..],
    );
    let after = prop::sample::select(&["", ";", ", Ban", " về việc", ".", "\n\n- X"][..]);
    (
        ty,
        so,
        1u32..2000,
        dash,
        issuer_code,
        prop::option::of((sep.clone(), 1u8..=28, 1u8..=12, 1990i32..2100)),
        prop::option::of((sep, issuer)),
        after,
        "[a-zA-Zđ ,.]{0,20}",
    )
        .prop_map(|((ty, c), so, n, dash, ic, date, iss, after, lead)| {
            let mut s = format!("{lead} {ty} {so}{n}{dash}{c}/{ic}");
            if let Some((sep, d, m, y)) = date {
                s += &format!("{sep}ngày {d}/{m}/{y}");
            }
            if let Some((sep, i)) = iss {
                s += &format!("{sep}của {i}");
            }
            s += after;
            (
                s,
                format!("{n}-{c}/{ic}"),
                date.map(|(_, d, m, y)| (y, m, d)),
                iss.map(|(_, i)| i.to_owned()),
            )
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    #[test]
    fn built_mentions_are_found((s, number, date, issuer) in built()) {
        check_mentions(&s)?;
        let ms = find_mentions(&s);
        prop_assert_eq!(ms.len(), 1, "{:?}", s);
        let m = &ms[0];
        prop_assert_eq!(&m.number.raw, &number);
        prop_assert_eq!(m.date, date, "{:?}", s);
        prop_assert_eq!(m.issuer.as_ref(), issuer.as_ref(), "{:?}", s);
        prop_assert!(m.type_name.is_some());
    }
}
