//! The number cases of `tests/cases/text.json`, the one list of cases that
//! this crate, `noibo-search` and the search scripts are checked against:
//! numbers found in running text and numbers as written in front matter,
//! with their display form, their key and their search tokens.
//! `NOIBO_BLESS=1` rewrites the expected values from the inputs.

use std::path::PathBuf;

use noibo_refs::{DocNumber, find_numbers, parse_number};
use serde_json::{Value, json};

fn path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/cases/text.json")
}

fn number(n: &DocNumber) -> Value {
    let (full, short) = n.search_keys();
    json!({"raw": n.raw, "key": n.key(), "full": full, "short": short})
}

/// The number sections as this crate computes them from their inputs.
fn computed(cases: &Value) -> (Value, Value) {
    let text: Vec<Value> = cases["numbers_in_text"]
        .as_array()
        .expect("numbers_in_text")
        .iter()
        .map(|c| {
            let t = c["text"].as_str().expect("text");
            let found: Vec<Value> = find_numbers(t)
                .iter()
                .map(|(r, n)| {
                    let mut v = number(n);
                    v["written"] = json!(&t[r.clone()]);
                    v
                })
                .collect();
            json!({"text": t, "numbers": found})
        })
        .collect();
    let spellings: Vec<Value> = cases["number_spellings"]
        .as_array()
        .expect("number_spellings")
        .iter()
        .map(|c| {
            let s = c["spelling"].as_str().expect("spelling");
            json!({"spelling": s, "number": parse_number(s).as_ref().map(number)})
        })
        .collect();
    (Value::Array(text), Value::Array(spellings))
}

#[test]
fn numbers_agree_with_the_shared_cases() {
    let file = std::fs::read_to_string(path()).expect("tests/cases/text.json");
    let mut cases: Value = serde_json::from_str(&file).expect("valid JSON");
    let (text, spellings) = computed(&cases);
    if std::env::var_os("NOIBO_BLESS").is_some() {
        cases["numbers_in_text"] = text.clone();
        cases["number_spellings"] = spellings.clone();
        let out = serde_json::to_string_pretty(&cases).unwrap() + "\n";
        std::fs::write(path(), out).unwrap();
    }
    for (section, computed) in [("numbers_in_text", &text), ("number_spellings", &spellings)] {
        let want = cases[section].as_array().unwrap();
        let got = computed.as_array().unwrap();
        assert_eq!(want.len(), got.len());
        for (want, got) in want.iter().zip(got) {
            assert_eq!(
                want, got,
                "stale case: run NOIBO_BLESS=1 cargo test -p noibo-refs"
            );
        }
    }
}

#[test]
fn the_cases_cover_both_forms_rejections_and_wraps() {
    let file = std::fs::read_to_string(path()).unwrap();
    let cases: Value = serde_json::from_str(&file).unwrap();
    let spellings = cases["number_spellings"].as_array().unwrap();
    assert!(
        spellings.iter().any(|c| c["number"].is_null()),
        "a rejected spelling"
    );
    assert!(spellings.iter().any(|c| {
        c["spelling"].as_str().unwrap().contains('/')
            && c["number"]["raw"]
                .as_str()
                .is_some_and(|r| !r.contains('-') || r.find('/') < r.find('-'))
    }));
    let text = cases["numbers_in_text"].as_array().unwrap();
    assert!(
        text.iter()
            .any(|c| c["text"].as_str().unwrap().contains("-\n")
                && !c["numbers"].as_array().unwrap().is_empty()),
        "a number wrapped after its dash"
    );
    assert!(
        text.iter()
            .any(|c| c["numbers"].as_array().unwrap().is_empty()),
        "text with no number"
    );
}
