//! The floor of a build: what any static-site generator must do at the
//! least, and nothing else. It walks `content/`, reads each Markdown file,
//! drops the front matter, renders the body with pulldown-cmark and writes
//! `OUT/<path>/index.html`, one thread, no templates, no links, no search.
//!
//!     noibo-floor CONTENT_DIR OUT_DIR

use std::fs;
use std::path::Path;

fn body(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("---\n") else {
        return text;
    };
    match rest.find("\n---\n") {
        Some(end) => &rest[end + 5..],
        None => text,
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, content, out] = &args[..] else {
        eprintln!("usage: noibo-floor CONTENT_DIR OUT_DIR");
        std::process::exit(2);
    };
    let (content, out) = (Path::new(content), Path::new(out));
    let mut pages = 0usize;
    let mut html = String::new();
    for entry in walkdir::WalkDir::new(content).sort_by_file_name() {
        let entry = entry.expect("content folder is readable");
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = fs::read_to_string(path).expect("content file is UTF-8");
        html.clear();
        html.push_str("<!doctype html><meta charset=utf-8><body>");
        let parser = pulldown_cmark::Parser::new_ext(body(&text), pulldown_cmark::Options::all());
        pulldown_cmark::html::push_html(&mut html, parser);
        let rel = path.strip_prefix(content).expect("below content").with_extension("");
        let dir = out.join(rel);
        fs::create_dir_all(&dir).expect("output folder can be made");
        fs::write(dir.join("index.html"), &html).expect("page can be written");
        pages += 1;
    }
    println!("{pages} pages");
}
