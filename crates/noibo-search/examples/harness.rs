//! A stand-in for the noibo pipeline, to try the search client in a browser:
//! reads a content folder crudely (front matter fields line by line, Markdown
//! left almost as is), builds the index and writes a small site: the search
//! page (from the theme's search.html, rendered by hand), one page per
//! document, `directives.json`, the theme's static files.
//!
//! cargo run -p noibo-search --example harness -- CONTENT_DIR OUT_DIR

use std::fs;
use std::path::{Path, PathBuf};

use noibo_search::build_index;

mod common;
use common::walk;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let content = args
        .get(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| repo.join("content"));
    let out = args
        .get(2)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/tmp/noibo-harness/public"));
    let _ = fs::remove_dir_all(&out);
    fs::create_dir_all(&out).unwrap();

    let mut docs = Vec::new();
    walk(&content, &content, &mut docs);
    docs.sort_by(|a, b| a.url.cmp(&b.url));
    eprintln!("{} documents", docs.len());

    let t = std::time::Instant::now();
    let files = build_index(&docs);
    eprintln!("index: {} files in {:?}", files.len(), t.elapsed());
    for f in &files {
        write(&out.join(&f.path), &f.bytes);
    }
    let theme = repo.join("themes/default");
    for e in fs::read_dir(theme.join("static")).unwrap() {
        let e = e.unwrap();
        fs::copy(e.path(), out.join(e.file_name())).unwrap();
    }
    // search page: the template's blocks in a minimal base
    let tpl = fs::read_to_string(theme.join("templates/search.html")).unwrap();
    let block = |name: &str| {
        let start = tpl.find(&format!("{{% block {name} %}}")).unwrap();
        let body = &tpl[start..];
        let body = &body[body.find("%}").unwrap() + 2..];
        body[..body.find("{% endblock %}").unwrap()].replace("{{ root }}", "../")
    };
    let page = format!(
        "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Tìm kiếm</title></head><body><main>{}</main>{}</body></html>\n",
        block("content"),
        block("scripts")
    );
    write(&out.join("search/index.html"), page.as_bytes());
    let mut dj = Vec::new();
    for d in &docs {
        let depth = d.url.matches('/').count();
        let root = "../".repeat(depth);
        let html = format!(
            "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>{t}</title></head><body><form action=\"{root}search/index.html\"><input name=q></form><h1>{t}</h1><pre>{b}</pre></body></html>\n",
            t = esc(&d.title),
            b = esc(&d.body)
        );
        write(&out.join(&d.url).join("index.html"), html.as_bytes());
        if d.kind == "directives" {
            dj.push(serde_json::json!({"url": d.url, "number": d.number, "type": d.doc_type, "issuer": d.issuer, "date": d.date, "title": d.title}));
        }
    }
    write(
        &out.join("directives.json"),
        serde_json::to_string_pretty(&dj).unwrap().as_bytes(),
    );
    eprintln!("wrote {}", out.display());
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn write(p: &Path, b: &[u8]) {
    fs::create_dir_all(p.parent().unwrap()).unwrap();
    fs::write(p, b).unwrap();
}
