//! The finder and resolver on the generated benchmark corpus, against the
//! generator's `truth.json`.

mod support;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use noibo_refs::{DirectiveIndex, IndexItem, Query, Resolution, find_mentions, parse_date};

struct Doc {
    slug: String,
    number: String,
    issuer: String,
    date: (i32, u8, u8),
    body: String,
}

fn gen_corpus_script() -> PathBuf {
    match std::env::var_os("NOIBO_GEN_CORPUS") {
        Some(p) => PathBuf::from(p),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench/gen_corpus.py"),
    }
}

fn md_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            md_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "md") {
            out.push(p);
        }
    }
}

/// A top-level `key: value` of the front matter; values are JSON strings or bare.
fn field(front: &str, key: &str) -> Option<String> {
    front.lines().find_map(|l| {
        let v = l.strip_prefix(key)?.strip_prefix(':')?.trim();
        Some(serde_json::from_str::<String>(v).unwrap_or_else(|_| v.to_owned()))
    })
}

fn read_doc(root: &Path, path: &Path) -> Option<Doc> {
    let text = std::fs::read_to_string(path).unwrap();
    let rest = text.strip_prefix("---\n")?;
    let end = rest.find("\n---\n")?;
    let (front, body) = (&rest[..end], &rest[end + 5..]);
    let rel = path.strip_prefix(root).unwrap().with_extension("");
    Some(Doc {
        slug: rel.to_string_lossy().replace('\\', "/"),
        number: field(front, "number")?,
        issuer: field(front, "issuer")?,
        date: parse_date(&field(front, "date")?)?,
        body: body.to_owned(),
    })
}

#[test]
fn generated_corpus_matches_truth() {
    let script = gen_corpus_script();
    if !script.is_file() {
        support::missing(&format!("no corpus generator at {}", script.display()));
        return;
    }
    let out = std::env::temp_dir().join(format!("noibo-refs-corpus-{}", std::process::id()));
    let status = Command::new("python3")
        .arg(&script)
        .args(["--directives", "1000", "--only", "noibo", "--out"])
        .arg(&out)
        .status();
    match status {
        Err(e) => {
            support::missing(&format!("cannot run python3: {e}"));
            return;
        }
        Ok(s) => assert!(s.success(), "gen_corpus.py failed: {s}"),
    }
    let result = std::panic::catch_unwind(|| check_corpus(&out));
    let _ = std::fs::remove_dir_all(&out);
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}

/// The directives of the generated corpus, in path order, with their types.
fn corpus_docs(root: &Path) -> (Vec<Doc>, Vec<Option<String>>) {
    let mut paths = Vec::new();
    md_files(root, &mut paths);
    paths.sort();
    let mut docs = Vec::new();
    let mut types = Vec::new();
    for p in &paths {
        if p.file_name().is_some_and(|n| n == "_index.md") {
            continue;
        }
        let text = std::fs::read_to_string(p).unwrap();
        let front = text.split("\n---\n").next().unwrap();
        types.push(field(front, "type"));
        docs.push(
            read_doc(root, p).unwrap_or_else(|| panic!("bad front matter in {}", p.display())),
        );
    }
    (docs, types)
}

fn check_corpus(out: &Path) {
    let root = out.join("noibo/content/van-ban");
    let (docs, types) = corpus_docs(&root);
    assert_eq!(docs.len(), 1000);

    let idx = DirectiveIndex::from_items(docs.iter().zip(&types).map(|(d, t)| IndexItem {
        number_key: d.number.clone(),
        issuer: d.issuer.clone(),
        date: d.date,
        type_name: t.clone(),
    }));

    let truth: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("truth.json")).unwrap()).unwrap();
    let truth: HashMap<&str, &serde_json::Value> = truth
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["slug"].as_str().unwrap(), t))
        .collect();
    let all: Vec<_> = docs.iter().map(|d| find_mentions(&d.body)).collect();

    let (mut resolved, mut external) = (0, 0);
    for (d, mentions) in docs.iter().zip(&all) {
        let t = truth[d.slug.as_str()];
        assert_eq!(t["number"], d.number.as_str());
        let implements = t["implements"].as_array().unwrap();
        let externals = t["external"].as_array().unwrap();
        let found: Vec<&str> = mentions.iter().map(|m| m.number.raw.as_str()).collect();
        assert_eq!(
            mentions.len(),
            implements.len() + externals.len(),
            "{}: found {found:?}, truth {t}",
            d.slug
        );
        for (k, m) in mentions.iter().enumerate() {
            let r = idx.resolve(&Query::from(m), Some(d.date));
            if let Some(want) = implements.get(k) {
                let Resolution::Found(i) = r else {
                    panic!(
                        "{}: {:?} resolved to {r:?}, want {want}",
                        d.slug, m.number.raw
                    );
                };
                let got = &docs[i];
                assert_eq!(want["number"], got.number.as_str(), "{}", d.slug);
                assert_eq!(want["issuer"], got.issuer.as_str(), "{}", d.slug);
                let (y, mo, da) = got.date;
                assert_eq!(
                    want["date"],
                    format!("{y:04}-{mo:02}-{da:02}").as_str(),
                    "{}",
                    d.slug
                );
                resolved += 1;
            } else {
                let want = &externals[k - implements.len()];
                assert_eq!(*want, m.number.raw.as_str(), "{}", d.slug);
                assert_eq!(r, Resolution::NotHeld, "{}: {:?}", d.slug, m.number.raw);
                external += 1;
            }
        }
    }
    println!("resolved {resolved} references, {external} external ones not held");
    assert!(resolved > 0 && external > 0);
}
