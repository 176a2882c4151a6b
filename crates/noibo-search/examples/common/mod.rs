//! Crude content reading shared by the examples: front matter fields line by
//! line, Markdown mostly left as is. Not the real pipeline.

use std::fs;
use std::path::Path;

use noibo_search::SearchDoc;

pub fn walk(root: &Path, dir: &Path, docs: &mut Vec<SearchDoc>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(root, &p, docs);
        } else if p.extension().is_some_and(|e| e == "md")
            && !p.ends_with("_index.md")
            && let Some(d) = read(root, &p)
        {
            docs.push(d);
        }
    }
}

pub fn unquote(v: &str) -> String {
    let v = v.trim();
    serde_json::from_str::<String>(v).unwrap_or_else(|_| v.to_string())
}

pub fn read(root: &Path, p: &Path) -> Option<SearchDoc> {
    let text = fs::read_to_string(p).ok()?;
    let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    let rest = text.strip_prefix("---\n")?;
    let end = rest.find("\n---\n")?;
    let (fm, body) = (&rest[..end], &rest[end + 5..]);
    let rel = p
        .strip_prefix(root)
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/");
    let section = rel.split('/').next().unwrap_or("");
    let kind = match section {
        "van-ban" => "directives",
        "mo-hinh" => "models",
        "tai-lieu" => "materials",
        _ => "pages",
    };
    let url = if rel.ends_with("/index.md") {
        rel.trim_end_matches("index.md").to_string()
    } else {
        format!("{}/", rel.trim_end_matches(".md"))
    };
    let mut d = SearchDoc {
        url,
        kind: kind.into(),
        ..Default::default()
    };
    let mut in_signer = false;
    for line in fm.lines() {
        if line.trim_start().starts_with('#') {
            continue;
        }
        if !line.starts_with(' ') {
            in_signer = line.starts_with("signer:");
        }
        let Some((k, v)) = line.split_once(':') else {
            continue;
        };
        let v = v.trim();
        match k {
            "title" => d.title = unquote(v),
            "number" => d.number = Some(unquote(v)),
            "type" => d.doc_type = Some(unquote(v)),
            "issuer" => d.issuer = Some(unquote(v)),
            "date" => d.date = v.to_string(),
            "draft" if v == "true" => return None,
            "tags" => d.tags = serde_json::from_str(v).unwrap_or_default(),
            "  name" if in_signer => d.signer = Some(unquote(v)),
            _ => {}
        }
    }
    let mut plain = String::new();
    for line in body.lines() {
        let l = line
            .trim()
            .trim_start_matches('#')
            .trim()
            .replace("**", "")
            .replace('*', "");
        if !l.is_empty() {
            plain.push_str(&l);
            plain.push('\n');
        }
    }
    d.body = noibo_text::nfc(&plain).into();
    Some(d)
}
