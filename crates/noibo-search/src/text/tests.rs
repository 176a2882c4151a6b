use super::*;

fn keys(s: &str) -> (String, String) {
    let (mut f, mut x) = (String::new(), String::new());
    folded_key(s, &mut f);
    exact_key(s, &mut x);
    (f, x)
}

fn numbers(text: &str) -> Vec<String> {
    let text = noibo_text::nfc(text);
    let mut w = Vec::new();
    scan(&text, &mut w);
    let mut n = Vec::new();
    find_numbers(&text, &w, &mut n);
    n.into_iter().flat_map(|n| [n.full, n.short]).collect()
}

#[test]
fn exact_keys_normalise_tone_placement() {
    assert_eq!(keys("Đảng"), ("dang".into(), "đang_3".into()));
    assert_eq!(keys("uỷ").1, keys("ủy").1);
    assert_eq!(keys("hoà").1, keys("hòa").1);
    assert_eq!(keys("HOÀ").1, keys("hòa").1);
    assert_ne!(keys("cần").1, keys("cán").1);
    assert_eq!(keys("cần").0, keys("cán").0);
    assert_eq!(keys("truyền").1, "truyên_2");
    assert_eq!(keys("03"), ("3".into(), "3".into()));
    assert_eq!(keys("0"), ("0".into(), "0".into()));
}

#[test]
fn nfd_words_are_one_word() {
    let nfd: String = "Đảng viên".nfd().collect();
    let mut w = Vec::new();
    scan(&nfd, &mut w);
    assert_eq!(w.len(), 2);
    assert_eq!(keys(&nfd[w[0].start..w[0].end]), keys("Đảng"));
}

#[test]
fn fast_paths_agree_with_unicode() {
    use unicode_normalization::{IsNormalized, is_nfc_quick};
    for c in (0..=0x2fffu32)
        .chain(0x1e00..=0x206f)
        .filter_map(char::from_u32)
    {
        assert_eq!(
            is_word_char(c),
            c.is_alphanumeric() || is_combining_mark(c),
            "{c:?}"
        );
        let s = c.to_string();
        if noibo_text::surely_nfc(c) {
            assert_eq!(is_nfc_quick(s.chars()), IsNormalized::Yes, "{c:?}");
            // and with a combining mark before: still no composition
            let t = format!("a\u{301}{c}");
            assert_eq!(noibo_text::nfc(&t).chars().last(), Some(c), "{c:?}");
        }
    }
}

proptest::proptest! {
    #[test]
    fn quick_nfc_is_nfc(s in "[a-zA-Z đĐươƯƠ\u{1ea0}-\u{1ef9}\u{300}-\u{303}\u{309}\u{323}\u{306}\u{31b}\u{1100}-\u{1112}\u{1161}-\u{1175}가-힣,.–“]{0,40}") {
        proptest::prop_assert_eq!(nfc(&s).into_owned(), s.nfc().collect::<String>());
    }

    /// The scan that checks for NFC on the way gives up on every text that
    /// is not NFC, and otherwise finds the words [`scan`] finds.
    #[test]
    fn scan_if_nfc_is_scan_of_nfc_text(s in "[a-zA-Z0-9 đĐươƯƠ\u{1ea0}-\u{1ef9}\u{300}-\u{303}\u{309}\u{323}\u{306}\u{31b}가-힣,./–-]{0,40}") {
        let mut checked = Vec::new();
        let mut plain = Vec::new();
        let is_nfc = nfc(&s) == s.as_str();
        if scan_if_nfc(&s, &mut checked) {
            proptest::prop_assert!(is_nfc);
            scan(&s, &mut plain);
            proptest::prop_assert_eq!(checked, plain);
        } else {
            // it gave up at a character that may need normalising
            proptest::prop_assert!(s.chars().any(|c| !noibo_text::surely_nfc(c)));
        }
    }
}

#[test]
fn scan_if_nfc_gives_up_on_decomposed_letters() {
    let mut w = Vec::new();
    assert!(scan_if_nfc("Đảng ủy", &mut w));
    assert_eq!(w.len(), 2);
    assert!(!scan_if_nfc("Đa\u{309}ng", &mut w));
}

#[test]
fn separators() {
    let t = "tuyên truyền, lan tỏa; kinh tế - xã hội 58-CV/TCCS";
    let mut w = Vec::new();
    scan(t, &mut w);
    let seps: Vec<Sep> = w.iter().map(|w| w.sep).collect();
    use Sep::*;
    assert_eq!(
        seps,
        [
            Start, Space, Break, Space, Break, Space, Joiner, Space, Space, Joiner, Joiner
        ]
    );
}

#[test]
fn numbers_in_every_spelling_of_running_text() {
    assert_eq!(
        numbers("Công văn số 58-CV/TCCS ngày 25/3/2026"),
        ["58-cv-tccs", "58-cv"]
    );
    assert_eq!(
        numbers("số 58 - CV / TCCS,"),
        Vec::<String>::new(),
        "spaced out is no number in text"
    );
    assert_eq!(numbers("số 58–CV/TCCS"), ["58-cv-tccs", "58-cv"]);
    assert_eq!(
        numbers("Nghị quyết số 21-\n\nNQ/TW ngày"),
        ["21-nq-tw", "21-nq"]
    );
    assert_eq!(numbers("Quy định số 37-QĐ/TW,"), ["37-qd-tw", "37-qd"]);
    assert_eq!(numbers("Chỉ thị số 05-CT/TW"), ["5-ct-tw", "5-ct"]);
    assert_eq!(
        numbers("Nghị định 12/2023/NĐ-CP"),
        ["12-2023-nd-cp", "12-nd"]
    );
    assert_eq!(numbers("Số 315/TTCS-TTCS"), ["315-ttcs-ttcs", "315-ttcs"]);
    assert_eq!(numbers("Chương trình số 3-CTr/TU"), ["3-ctr-tu", "3-ctr"]);
    assert_eq!(
        numbers("ngày 25/10/2021, nhiệm kỳ 2025 - 2030"),
        Vec::<String>::new()
    );
    assert_eq!(numbers("Số -CV/TU"), Vec::<String>::new());
    assert_eq!(
        numbers("58-cv/tccs"),
        Vec::<String>::new(),
        "lower case is no symbol in text"
    );
}

#[test]
fn numbers_of_the_number_field() {
    let f = |s: &str| {
        let mut n = Vec::new();
        field_numbers(s, &mut n);
        n.into_iter()
            .flat_map(|n| [n.full, n.short])
            .collect::<Vec<_>>()
    };
    for s in [
        "58-CV/TCCS",
        "58-cv/tccs",
        "58 CV TCCS",
        "58–CV/TCCS",
        "058-CV/TCCS",
    ] {
        assert_eq!(f(s), ["58-cv-tccs", "58-cv"], "{s}");
    }
    assert_eq!(f("28-CV/BCĐ"), ["28-cv-bcd", "28-cv"]);
    assert_eq!(f("1234/QĐ-UBND"), ["1234-qd-ubnd", "1234-qd"]);
}
