//! Site-wide files that are not templates: `sitemap.xml`,
//! `directives.json`, the search index, static files and attachments.

use serde::Serialize;

use crate::graph::SiteGraph;
use crate::model::{Kind, PageId};
use crate::output::Output;
use crate::render::theme::{Theme, ThemeSource};

/// `sitemap.xml`: every page with an absolute address, sorted.
pub(crate) fn sitemap(g: &SiteGraph, html_paths: &[String]) -> Vec<u8> {
    let base = &g.site.config.base_url;
    let mut urls: Vec<String> = html_paths
        .iter()
        .filter(|p| *p != "404.html")
        .map(|p| format!("{base}{}", p.strip_suffix("index.html").unwrap_or(p)))
        .collect();
    urls.sort();
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for u in urls {
        s.push_str("  <url><loc>");
        s.push_str(&crate::render::markdown::escape(&u));
        s.push_str("</loc></url>\n");
    }
    s.push_str("</urlset>\n");
    s.into_bytes()
}

#[derive(Serialize)]
struct DirectiveEntry<'a> {
    url: &'a str,
    number: Option<&'a str>,
    #[serde(rename = "type")]
    doc_type: &'a str,
    issuer: &'a str,
    date: String,
    title: &'a str,
    status: &'static str,
    implements: Vec<&'a str>,
    implemented_by: Vec<&'a str>,
    unresolved: Vec<&'a str>,
    tasks: Vec<super::tasks_json::TaskEntry<'a>>,
}

/// `directives.json`: every directive with its links to others.
pub(crate) fn directives_json(g: &SiteGraph) -> Vec<u8> {
    let url = |i: PageId| g.page(i).url.as_str();
    let mut list = Vec::new();
    for &i in &g.newest {
        let p = g.page(i);
        let Some(d) = p.front.directive() else {
            continue;
        };
        let rel = g.relations(i);
        list.push(DirectiveEntry {
            url: &p.url,
            number: d.number.as_deref(),
            doc_type: &d.doc_type,
            issuer: &d.issuer,
            date: p.front.date.map(|d| d.to_string()).unwrap_or_default(),
            title: &p.front.title,
            status: g.status(i).map_or("in-force", |s| s.as_str()),
            implements: rel
                .cites
                .iter()
                .filter(|&&c| g.page(c).kind == Kind::Directives)
                .map(|&c| url(c))
                .collect(),
            implemented_by: rel
                .cited_by
                .iter()
                .filter(|&&c| g.page(c).kind == Kind::Directives)
                .map(|&c| url(c))
                .collect(),
            unresolved: rel.unresolved.iter().map(|u| u.number.as_str()).collect(),
            tasks: super::tasks_json::of_directive(g, i),
        });
    }
    json_bytes(&list)
}

/// Pretty JSON, HTML-safe, with a final newline.
pub fn json_bytes(value: &impl Serialize) -> Vec<u8> {
    let json = serde_json::to_vec_pretty(value).unwrap_or_default();
    let mut bytes = html_safe_json(json);
    bytes.push(b'\n');
    bytes
}

/// JSON with `<`, `>` and `&` written as `\u003c`, `\u003e`, `\u0026`: the
/// same data, but no `</script>` or `<!--` even if it is pasted into a page.
/// Those characters only occur inside strings, where the escapes are valid.
/// One pass, copying the runs between the characters escaped; the JSON
/// itself when there is none.
fn html_safe_json(json: Vec<u8>) -> Vec<u8> {
    let escaped = |b: &u8| matches!(b, b'<' | b'>' | b'&');
    if !json.iter().any(escaped) {
        return json;
    }
    let mut out = Vec::with_capacity(json.len() + json.len() / 64);
    let mut rest = &json[..];
    while let Some(at) = rest.iter().position(escaped) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(match rest[at] {
            b'<' => b"\\u003c",
            b'>' => b"\\u003e",
            _ => b"\\u0026",
        });
        rest = &rest[at + 1..];
    }
    out.extend_from_slice(rest);
    out
}

/// Each page as the search index sees it, its text that of its rendered
/// body (the graph is left as it is); left empty for a body whose text is
/// made only when asked for (`SiteGraph::body_is_later`), which the
/// search index asks for if it needs it.
pub(crate) fn search_docs(g: &SiteGraph) -> Vec<noibo_search::SearchDoc> {
    g.site
        .content
        .pages()
        .map(|(i, p)| {
            let d = p.front.directive();
            noibo_search::SearchDoc {
                url: g.site.page_path(i),
                kind: p.kind.as_str().to_string(),
                title: p.front.title.clone(),
                number: d.and_then(|d| d.number.clone()),
                doc_type: d.map(|d| d.doc_type.clone()),
                issuer: d.map(|d| d.issuer.clone()),
                signer: d.and_then(|d| d.signer.as_ref().map(|s| s.name.clone())),
                date: p.front.date.map(|d| d.to_string()).unwrap_or_default(),
                tags: p.front.tags.clone(),
                body: match g.body_is_later(i) {
                    true => "".into(),
                    false => g.body(i).text.clone(),
                },
            }
        })
        .collect()
}

/// Static files of the theme and the site, and attachments and assets of
/// the content.
pub(crate) fn copy_files(g: &SiteGraph, theme: &Theme, out: &mut Output) {
    for (path, src) in &theme.statics {
        match src {
            ThemeSource::Embedded(b) => out.add(path.clone(), b.to_vec()),
            ThemeSource::Disk(p) => out.copy(path.clone(), p.clone()),
        }
    }
    let files: Vec<(String, &std::path::PathBuf)> = g
        .site
        .content
        .pages
        .iter()
        .flat_map(|p| {
            p.attachments
                .iter()
                .map(|a| (format!("{}{}", p.url, a.file_name), &a.source))
        })
        .chain(
            g.site
                .content
                .assets
                .iter()
                .map(|a| (a.url_path.clone(), &a.source)),
        )
        .collect();
    // Images are written resized (from the cache), the rest as they are.
    let (images, cfg) = (&g.site.images, &g.site.config.images);
    for (path, source) in files {
        if crate::images::is_image(&path) {
            for (p, content) in crate::images::process::output_files(images, cfg, &path, source) {
                out.files
                    .push(crate::output::OutputFile { path: p, content });
            }
        } else {
            out.copy(path, source.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_made_safe_to_paste_into_a_page() {
        let value = serde_json::json!({"title": "<b>A & B</b> --> x", "n": 1});
        let bytes = json_bytes(&value);
        let text = std::str::from_utf8(&bytes).unwrap();
        assert!(!text.contains(['<', '>', '&']), "{text}");
        assert!(text.ends_with("}\n"));
        let back: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(back, value);
        let plain = json_bytes(&serde_json::json!(["a"]));
        assert_eq!(plain, b"[\n  \"a\"\n]\n");
    }
}
