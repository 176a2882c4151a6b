//! Rebuilds the search index of an already built site with this crate's
//! current code, taking the documents back from the site's own index chunks
//! (url, title, kind, number, date, type, issuer, body; signers and tags are
//! not kept there, so they are left out). For trying index changes against a
//! site built by an older noibo binary.
//!
//! cargo run --release -p noibo-search --example reindex -- SITE_DIR

use std::fs;
use std::path::PathBuf;

use noibo_search::{SearchDoc, build_index};

fn main() {
    let site = PathBuf::from(std::env::args().nth(1).expect("usage: reindex SITE_DIR"));
    let idx = site.join("search/idx");
    let mut docs = Vec::new();
    let mut names: Vec<_> = fs::read_dir(&idx)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("c-"))
        .collect();
    names.sort();
    for n in names {
        let s = fs::read_to_string(idx.join(&n)).unwrap();
        let s = s.trim_start_matches('\u{feff}');
        let start = s.find(',').unwrap() + 1;
        let end = s.rfind(");").unwrap();
        let chunk: Vec<Vec<String>> = serde_json::from_str(&s[start..end]).unwrap();
        for d in chunk {
            let opt = |s: &String| (!s.is_empty()).then(|| s.clone());
            docs.push(SearchDoc {
                url: d[0].clone(),
                title: d[1].clone(),
                kind: d[2].clone(),
                number: opt(&d[3]),
                date: d[4].clone(),
                doc_type: opt(&d[5]),
                issuer: opt(&d[6]),
                body: d[7].as_str().into(),
                ..Default::default()
            });
        }
    }
    let t = std::time::Instant::now();
    let files = build_index(&docs);
    eprintln!(
        "{} documents, {} files in {:?}",
        docs.len(),
        files.len(),
        t.elapsed()
    );
    fs::remove_dir_all(&idx).unwrap();
    for f in &files {
        let p = site.join(&f.path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, &f.bytes).unwrap();
    }
}
