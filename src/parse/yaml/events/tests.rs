use proptest::prelude::*;

use super::super::parse_with_serde;
use super::*;

/// Front matter as the sample intranet and the benchmark corpus write it.
const DIRECTIVE: &str = "title: \"V/v phát huy vai trò của đội ngũ\"
number: \"10-CV/TW\"
type: Công văn
date: 2016-02-27
order: 2
draft: false
recipients:
  - Các chi bộ, đảng ủy cơ sở trực thuộc
signer:
  name: Nguyễn Văn A
  on_behalf: T/M BAN THƯỜNG VỤ
tags: [\"Dân vận\", Chuyển đổi số]
implements:
  - number: 5-TB/TW
    date: 2016-02-01
summary: |
  Dòng một.
  Dòng hai: có dấu hai chấm.
empty:
";

#[test]
fn reads_the_usual_front_matter_as_serde_saphyr_does() {
    let fast = parse(DIRECTIVE).expect("plain front matter is read from the events");
    assert_eq!(Ok(fast), parse_with_serde(DIRECTIVE).map_err(|e| e.message));
}

#[test]
fn leaves_the_rest_to_serde_saphyr() {
    for text in [
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "base: &b {x: 1}\nc:\n  <<: *b\n",
        "a: 1\na: 2\n",
        "? [a, b]\n: c\n",
        "a: 1.5\n",
        "a: 0x1F\n",
        "a: 007\n",
        "a: .inf\n",
        "a: +1\n",
        "a: 1_000\n",
        "a: 1e3\n",
        "title: [a\n",
        "a: 1\n---\nb: 2\n",
        "1.5: a\n",
        "~: a\n",
        "'False': nan\nFalse: \n",
        "1: a\n'1': b\n",
        "true: a\n",
    ] {
        assert_eq!(parse(text), None, "{text:?}");
    }
}

#[test]
fn scalars_that_start_like_numbers() {
    let cases = [
        ("2016-02-27", Some(Value::Str("2016-02-27".into()))),
        ("28-CV/BCĐ", Some(Value::Str("28-CV/BCĐ".into()))),
        ("12:30", Some(Value::Str("12:30".into()))),
        ("-7", Some(Value::Int(-7))),
        ("-0", Some(Value::Int(0))),
        ("0", Some(Value::Int(0))),
        ("1e-5", None),
        (".nan", None),
        ("-", Some(Value::Str("-".into()))),
    ];
    for (text, want) in cases {
        assert_eq!(scalar(text, ScalarStyle::Plain), want, "{text:?}");
    }
}

/// Scalars that YAML reads in different ways: text, null, booleans,
/// numbers of every spelling, things that only look like them.
const SCALARS: &[&str] = &[
    "",
    "~",
    "null",
    "Null",
    "NULL",
    "true",
    "False",
    "TRUE",
    "yes",
    "no",
    "Y",
    "on",
    "0",
    "-0",
    "+0",
    "7",
    "-7",
    "+7",
    "007",
    "0x1F",
    "0o17",
    "0b101",
    "1_000",
    "1e3",
    "1E-3",
    "-1.5",
    ".5",
    "1.",
    ".inf",
    "-.inf",
    ".NaN",
    "nan",
    "inf",
    "Infinity",
    "2016-02-27",
    "2016-02-27T10:00:00Z",
    "12:30",
    "28-CV/BCĐ",
    "10/2023",
    "1-2",
    "1e5x",
    "123456789012345678",
    "1234567890123456789",
    "99999999999999999999",
    "Hà Nội",
    "V/v phát huy",
    "a: b",
    "#x",
    "-",
    "[x]",
    "'q'",
    "\"q\"",
    "T/M BAN",
    "x # y",
    "<<",
    "Đảng ủy",
    "  lề  ",
];

/// One scalar, written plain, single-quoted or double-quoted.
fn scalar_text() -> impl Strategy<Value = String> {
    (prop::sample::select(SCALARS), 0..3u8).prop_map(|(s, style)| match style {
        0 => s.to_string(),
        1 => format!("'{}'", s.replace('\'', "''")),
        _ => format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"")),
    })
}

/// A mapping at `indent`, with values of every shape: scalars, block and
/// flow lists, mappings nested `depth` more levels.
fn mapping(indent: usize, depth: u32) -> BoxedStrategy<String> {
    let pad = " ".repeat(indent);
    let key = prop_oneof![
        prop::sample::select(
            &[
                "title", "number", "date", "tags", "signer", "1", "true", "Đảng"
            ][..]
        )
        .prop_map(str::to_string),
        scalar_text(),
    ];
    let nested = if depth == 0 {
        scalar_text().prop_map(|s| format!(" {s}\n")).boxed()
    } else {
        mapping(indent + 2, depth - 1)
            .prop_map(|m| format!("\n{m}"))
            .boxed()
    };
    let list_pad = pad.clone();
    let value = prop_oneof![
        scalar_text().prop_map(|s| format!(" {s}\n")),
        prop::collection::vec(scalar_text(), 0..4).prop_map(|v| format!(" [{}]\n", v.join(", "))),
        prop::collection::vec(scalar_text(), 1..4).prop_map(move |v| {
            v.iter()
                .map(|s| format!("\n{list_pad}  - {s}"))
                .collect::<String>()
                + "\n"
        }),
        nested,
    ];
    prop::collection::vec((key, value), 1..6)
        .prop_map(move |entries| {
            entries
                .iter()
                .map(|(k, v)| format!("{pad}{k}:{v}"))
                .collect()
        })
        .boxed()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10000))]

    /// Whatever the events reader reads, serde-saphyr reads the same:
    /// values, keys and every position.
    #[test]
    fn what_the_events_reader_reads_serde_saphyr_reads_the_same(text in mapping(0, 2)) {
        if let Some(fast) = parse(&text) {
            prop_assert_eq!(Ok(fast), parse_with_serde(&text).map_err(|e| e.message), "{}", text);
        }
    }
}
