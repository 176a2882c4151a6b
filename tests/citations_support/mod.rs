//! Helpers of the citation tests: sites in temporary folders, the `noibo`
//! binary run on them, and readers for `directives.json` and the pages.

#![allow(dead_code)] // each test uses its own share of these helpers

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

pub mod fixture;

pub fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            fs::copy(e.path(), target).unwrap();
        }
    }
}

/// What one run of the binary said.
pub struct Run {
    pub stdout: String,
    pub stderr: String,
}

/// Runs `noibo <cmd> --root <root> <args>`, asserting it succeeds.
pub fn noibo(root: &Path, cmd: &str, args: &[&str]) -> Run {
    let out = Command::cargo_bin("noibo")
        .unwrap()
        .arg(cmd)
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .unwrap();
    let run = Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        out.status.success(),
        "noibo {cmd} failed:\n{}\n{}",
        run.stdout,
        run.stderr
    );
    run
}

/// Builds `root` into `root/public`; returns the run and the output folder.
pub fn build(root: &Path) -> (Run, PathBuf) {
    let out = root.join("public");
    let run = noibo(root, "build", &["--output", out.to_str().unwrap()]);
    (run, out)
}

pub fn read(out: &Path, rel: &str) -> String {
    fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// `directives.json`, by url.
pub fn directives(out: &Path) -> BTreeMap<String, Value> {
    let list: Vec<Value> = serde_json::from_str(&read(out, "directives.json")).unwrap();
    list.into_iter()
        .map(|d| (d["url"].as_str().unwrap().to_string(), d))
        .collect()
}

/// A list of strings of a `directives.json` entry, as a set.
pub fn set(d: &Value, field: &str) -> BTreeSet<String> {
    d[field]
        .as_array()
        .unwrap_or_else(|| panic!("`{field}` is not a list: {d}"))
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

pub fn strings(v: &[&str]) -> BTreeSet<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// `(N, M)` from the summary's "N references resolved, M not on the intranet".
pub fn summary_counts(stdout: &str) -> (usize, usize) {
    let i = stdout
        .find(" references resolved, ")
        .unwrap_or_else(|| panic!("no reference counts in: {stdout}"));
    let resolved = stdout[..i].rsplit(' ').next().unwrap().parse().unwrap();
    let rest = &stdout[i + " references resolved, ".len()..];
    let unresolved = rest.split(' ').next().unwrap().parse().unwrap();
    (resolved, unresolved)
}

/// Citation links of a page's HTML as (target from the site root, text), in
/// document order; `page` is the page's folder (`van-ban/2026/x/`).
pub fn citation_links(page: &str, html: &str) -> Vec<(String, String)> {
    html.split("<a class=\"citation\" href=\"")
        .skip(1)
        .map(|s| {
            let (href, rest) = s.split_once('"').unwrap();
            let text = &rest[1..rest.find("</a>").unwrap()];
            (resolve_href(page, href), text.to_string())
        })
        .collect()
}

/// A relative link of the page in folder `page`, as a path from the site root.
pub fn resolve_href(page: &str, href: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').filter(|s| !s.is_empty()).collect();
    for seg in href.split('/') {
        match seg {
            ".." => {
                assert!(parts.pop().is_some(), "{href} leaves the site from {page}");
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// The `<li>`s of the section of `<aside class="relations">` headed `heading`.
pub fn relation_items(html: &str, heading: &str) -> Vec<String> {
    let Some(start) = html.find("<aside class=\"relations\"") else {
        return Vec::new();
    };
    let aside = &html[start..start + html[start..].find("</aside>").unwrap()];
    let Some(h) = aside.find(&format!("<h2>{heading}</h2>")) else {
        return Vec::new();
    };
    let section = &aside[h..h + aside[h..].find("</section>").unwrap()];
    section
        .split("<li")
        .skip(1)
        .map(|li| li[..li.find("</li>").unwrap()].to_string())
        .collect()
}

/// Line and column (in characters) of the first `needle` in `text`.
pub fn line_col(text: &str, needle: &str) -> (usize, usize) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("`{needle}` not in fixture"));
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    (line, col)
}

/// The fields every entry of `directives.json` has.
pub const FIELDS: [&str; 11] = [
    "url",
    "number",
    "type",
    "issuer",
    "date",
    "title",
    "status",
    "implements",
    "implemented_by",
    "unresolved",
    "tasks",
];

/// The corpus generator of the benchmarks, found through `NOIBO_GEN_CORPUS`
/// or beside the repository.
pub fn gen_corpus_script() -> PathBuf {
    if let Some(p) = std::env::var_os("NOIBO_GEN_CORPUS") {
        return PathBuf::from(p);
    }
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/gen_corpus.py");
    assert!(
        p.is_file(),
        "{} not found: set NOIBO_GEN_CORPUS to gen_corpus.py",
        p.display()
    );
    p
}
