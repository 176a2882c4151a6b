//! Helpers shared by the `noibo import` tests: the seeds, front matter as
//! JSON values, a site to import into.

#![allow(dead_code)]

pub mod docx;
pub mod fixtures;
pub mod pdf;

use std::path::{Path, PathBuf};

use crate::common::*;

/// The folder of the five real documents, `../shared/seeds`. Without it the
/// test is skipped with a notice, except under CI, where it fails.
pub fn seeds() -> Option<PathBuf> {
    let dir = repo_root().join("../shared/seeds");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "../shared/seeds is missing: the import tests need the seed documents"
    );
    eprintln!("skipped: ../shared/seeds is missing");
    None
}

/// A seed by its number (0 to 4).
pub fn seed(dir: &Path, n: usize) -> PathBuf {
    let prefix = format!("{n:03}_");
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(&prefix)
        })
        .unwrap_or_else(|| panic!("no seed {prefix}* in {}", dir.display()))
}

/// The front matter of a page as a JSON value (dates as strings).
pub fn front_matter(page: &str) -> serde_json::Value {
    let rest = page
        .strip_prefix("---\n")
        .expect("front matter opens the page");
    let end = rest.find("\n---\n").expect("front matter closes");
    serde_saphyr::from_str(&rest[..end]).expect("front matter is YAML")
}

/// The body of a page (after its front matter).
pub fn body(page: &str) -> &str {
    let rest = page.strip_prefix("---\n").unwrap();
    &rest[rest.find("\n---\n").unwrap() + 5..]
}

/// A site with the three sections an import can write into.
pub fn import_site() -> TestSite {
    let site = TestSite::new();
    site.write("content/mo-hinh/_index.md", MODELS_INDEX);
    site.write("content/tai-lieu/_index.md", MATERIALS_INDEX);
    site
}

/// `noibo import --root SITE ARGS...`.
pub fn import(site: &TestSite, args: &[&str]) -> Run {
    let mut all = vec!["import", "--root", path_str(site.path())];
    all.extend_from_slice(args);
    run(&all)
}

/// The pages written, from the `wrote PATH` lines of a run.
pub fn written(r: &Run) -> Vec<PathBuf> {
    r.stdout
        .lines()
        .filter_map(|l| l.strip_prefix("wrote "))
        .map(PathBuf::from)
        .collect()
}

/// Every string of `v` in NFC (the importer writes NFC; some sample pages
/// keep the decomposed letters of their extract).
pub fn nfc(v: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    use unicode_normalization::UnicodeNormalization;
    match v {
        Value::String(s) => Value::String(s.nfc().collect()),
        Value::Array(a) => Value::Array(a.iter().map(nfc).collect()),
        Value::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), nfc(v))).collect()),
        other => other.clone(),
    }
}

/// Asserts that `got` holds each of `fields` as `want` has it (both NFC).
pub fn same_fields(got: &serde_json::Value, want: &serde_json::Value, fields: &[&str], what: &str) {
    let (got, want) = (&nfc(got), &nfc(want));
    for f in fields {
        assert_eq!(
            got.get(f),
            want.get(f),
            "{what}: field `{f}` differs\n got: {got:#}\nwant: {want:#}"
        );
    }
}

/// The directive fields `noibo import` fills in, in the spec's order: the
/// one list every import test compares from.
pub const FIELDS: &[&str] = &[
    "title",
    "number",
    "type",
    "issuer",
    "date",
    "place",
    "recipients",
    "signer",
    "distribution",
    "implements",
];

/// [`FIELDS`] without `skip` (the fields a source does not show).
pub fn fields_but(skip: &[&str]) -> Vec<&'static str> {
    for s in skip {
        assert!(FIELDS.contains(s), "`{s}` is not an imported field");
    }
    FIELDS
        .iter()
        .copied()
        .filter(|f| !skip.contains(f))
        .collect()
}

/// Asserts that the imported `page` has the `fields` of `want` (a sample
/// page), its body paragraphs whole (with their emphasis, or without it
/// when `emphasis` is false) and as many footnotes.
pub fn assert_like(page: &str, want: &str, fields: &[&str], what: &str, emphasis: bool) {
    same_fields(&front_matter(page), &front_matter(want), fields, what);
    let (got_p, got_n) = md_paragraphs(body(page));
    let (want_p, want_n) = md_paragraphs(body(want));
    let n = |p: &String| {
        let t = norm(p);
        if emphasis { t } else { t.replace('*', "") }
    };
    let got_p: Vec<String> = got_p.iter().map(n).collect();
    let want_p: Vec<String> = want_p.iter().map(n).collect();
    for (i, (g, w)) in got_p.iter().zip(&want_p).enumerate() {
        // where they part, with some text before
        let at = g.chars().zip(w.chars()).take_while(|(a, b)| a == b).count();
        let from = |t: &str| -> String { t.chars().skip(at.saturating_sub(20)).take(80).collect() };
        assert_eq!(
            g,
            w,
            "{what}: body paragraph {i} differs: got {:?} want {:?}",
            from(g),
            from(w)
        );
    }
    assert_eq!(
        got_p.len(),
        want_p.len(),
        "{what}: body paragraphs\n got: {got_p:#?}\nwant: {want_p:#?}"
    );
    assert_eq!(got_n.len(), want_n.len(), "{what}: footnotes {got_n:?}");
}

/// The paragraphs of a Markdown body as a sample page writes them: blank
/// lines, numbered items ("1. ") and list items ("- ") begin paragraphs, wrapped lines are
/// joined; footnote definitions (`[^1]: …` and their indented lines) are
/// returned apart.
pub fn md_paragraphs(md: &str) -> (Vec<String>, Vec<String>) {
    let (mut paras, mut notes): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
    let mut cur = String::new();
    let mut in_note = false;
    let flush =
        |cur: &mut String, in_note: bool, paras: &mut Vec<String>, notes: &mut Vec<String>| {
            if !cur.is_empty() {
                if in_note {
                    notes.push(std::mem::take(cur))
                } else {
                    paras.push(std::mem::take(cur))
                }
            }
        };
    for line in md.lines() {
        let item = line.split_once(". ").is_some_and(|(n, _)| {
            !n.is_empty() && n.len() <= 2 && n.chars().all(|c| c.is_ascii_digit())
        }) || line.trim_start().starts_with("- ");
        if line.trim().is_empty() || item || line.starts_with("[^") {
            flush(&mut cur, in_note, &mut paras, &mut notes);
            in_note = line.starts_with("[^") || (in_note && !line.trim().is_empty() && !item);
        }
        if line.trim().is_empty() {
            continue;
        }
        if in_note && line.starts_with("    ") {
            cur.push('\n');
        } else if !cur.is_empty() {
            cur.push(' ');
        }
        cur.push_str(line.trim());
    }
    flush(&mut cur, in_note, &mut paras, &mut notes);
    (paras, notes)
}

/// Text compared without Markdown escapes and autolink brackets (a Word
/// file holds "https://…" where a page writes "<https://…>").
pub fn norm(p: &str) -> String {
    p.replace(['\\', '<', '>'], "")
}
