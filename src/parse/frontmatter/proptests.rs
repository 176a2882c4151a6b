//! Random text, random bytes and random YAML-like front matter into the
//! front matter parser: it never panics, and every error it reports points
//! into the file.

use std::path::Path;

use proptest::prelude::*;

use super::{parse_page, parse_section, split};
use crate::diagnostics::Diagnostic;
use crate::model::Kind;
use crate::model::field::{Field, Named, SignerField, TaskField, names};

/// Names that are no field of front matter.
const NOT_FIELDS: &[&str] = &["titel", "Đảng", "1", "\"q\""];

/// Field names of every kind and of the mappings inside front matter, and
/// some that are none.
fn keys() -> Vec<&'static str> {
    names(Field::ALL)
        .chain(names(SignerField::ALL))
        .chain(names(TaskField::ALL))
        .chain(NOT_FIELDS.iter().copied())
        .collect()
}

/// Values, well and badly formed.
const VALUES: &[&str] = &[
    "",
    "X",
    "\"a\"",
    "'b'",
    "\"",
    "2025-11-22",
    "2025-02-30",
    "20250101",
    "58-CV/TCCS",
    "28-CV/BCĐ",
    "QĐ",
    "1",
    "-1",
    "1e9",
    "99999999999999999999",
    "true",
    "no",
    "null",
    "~",
    "[a, b]",
    "[",
    "]",
    "{",
    "}",
    "{number: 1-CV/TW, date: 2025-01-01}",
    "- a",
    "|",
    ">-",
    "&a x",
    "*a",
    "!!str 1",
    "!!binary x",
    "!tag y",
    "? x",
    ": x",
    "#c",
    "../../etc/passwd",
    "/etc/passwd",
    "javascript:x",
    "%2e%2e/x",
    "a\\b",
    "in-force",
    "expired",
    "directives",
    "ngày 25/3/2026",
    "<script>alert(1)</script>",
    "---",
    "...",
];

fn yaml_like() -> impl Strategy<Value = String> {
    let line = (
        0usize..4,
        any::<bool>(),
        prop::sample::select(keys()),
        prop::sample::select(VALUES),
    );
    prop::collection::vec(line, 0..14).prop_map(|lines| {
        lines
            .iter()
            .map(|(indent, dash, k, v)| {
                format!(
                    "{}{}{k}: {v}\n",
                    "  ".repeat(*indent),
                    if *dash { "- " } else { "" }
                )
            })
            .collect()
    })
}

/// Errors must name a place inside the file (or none).
fn check_positions(text: &str, errors: &[Diagnostic]) -> Result<(), TestCaseError> {
    let lines = text.split('\n').count();
    for e in errors {
        if let Some(p) = e.pos {
            prop_assert!(p.line >= 1 && p.line <= lines, "{e} in {text:?}");
            prop_assert!(p.col >= 1, "{e}");
        }
    }
    Ok(())
}

fn parse_all(text: &str) -> Result<(), TestCaseError> {
    let Ok(split) = split(text) else {
        return Ok(());
    };
    for kind in [Kind::Directives, Kind::Models, Kind::Materials, Kind::Pages] {
        if let Err(errors) = parse_page(Path::new("content/a.md"), &split, kind) {
            prop_assert!(!errors.is_empty());
            check_positions(text, &errors)?;
        }
    }
    if let Err(errors) = parse_section(Path::new("content/_index.md"), &split) {
        check_positions(text, &errors)?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    #[test]
    fn random_text(s in any::<String>()) {
        parse_all(&s)?;
        parse_all(&format!("---\n{s}\n---\n"))?;
    }

    #[test]
    fn random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let mut file = b"---\n".to_vec();
        file.extend_from_slice(&bytes);
        file.extend_from_slice(b"\n---\n");
        if let Ok(text) = crate::load::decode(file, Path::new("content/a.md")) {
            parse_all(&text)?;
        }
    }

    #[test]
    fn yaml_like_front_matter(yaml in yaml_like(), body in ".{0,40}") {
        parse_all(&format!("---\n{yaml}---\n{body}"))?;
    }
}
