//! Checks the built site before anything is written: every internal link
//! of every HTML file (from Markdown or from templates) must reach a file of
//! the output, every `#anchor` an id in its target, and no link may start
//! with `/` (it would break `file://` and sub-path hosting).

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Pos};
use crate::output::{FileContent, Output};

/// Where a broken link was written, when the Markdown stage knows.
pub type LinkOrigins = HashMap<String, Vec<(std::path::PathBuf, Pos)>>;

/// Attribute values of `href=` and `src=` in an HTML document.
fn links(html: &str) -> impl Iterator<Item = &str> {
    ["href=\"", "src=\""].into_iter().flat_map(move |attr| {
        html.match_indices(attr).filter_map(move |(i, _)| {
            let start = i + attr.len();
            let before = html[..i].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '-') {
                return None; // data-href= and the like
            }
            html[start..].find('"').map(|end| &html[start..start + end])
        })
    })
}

/// Ids defined in an HTML document.
fn ids(html: &str) -> HashSet<&str> {
    html.match_indices(" id=\"")
        .filter_map(|(i, m)| {
            let start = i + m.len();
            html[start..].find('"').map(|end| &html[start..start + end])
        })
        .collect()
}

fn unescape(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

/// Resolves `link` written in the page at `page_path` to a path from the root.
fn resolve(page_path: &str, link: &str) -> Option<String> {
    let mut parts: Vec<&str> = page_path.split('/').collect();
    parts.pop();
    for seg in link.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut p = parts.join("/");
    if link.ends_with('/') || link.is_empty() {
        if !p.is_empty() {
            p.push('/');
        }
        p.push_str("index.html");
    }
    Some(p)
}

/// Runs the link checks over every HTML file of `output`.
pub fn check_links(output: &Output, origins: &LinkOrigins) -> Vec<Diagnostic> {
    let paths: HashSet<&str> = output.files.iter().map(|f| f.path.as_str()).collect();
    let html: HashMap<&str, &str> = output
        .files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .filter_map(|f| match &f.content {
            FileContent::Bytes(b) => std::str::from_utf8(b).ok().map(|s| (f.path.as_str(), s)),
            FileContent::Copy(_) => None,
        })
        .collect();
    let id_sets: HashMap<&str, HashSet<&str>> =
        html.par_iter().map(|(p, h)| (*p, ids(h))).collect();
    let exists = |p: &str| paths.contains(p);
    let has_id = |target: &str, id: &str| id_sets.get(target).is_none_or(|s| s.contains(id));
    let mut problems: Vec<Diagnostic> = html
        .par_iter()
        .filter(|(p, _)| **p != "404.html")
        .flat_map_iter(|(page, doc)| {
            check_page(page, doc, &id_sets[page], &exists, &has_id, origins)
        })
        .collect();
    problems.sort_by(|a, b| (&a.path, a.pos, &a.message).cmp(&(&b.path, b.pos, &b.message)));
    problems.dedup();
    problems
}

/// Runs the link checks over some HTML files of a site only: `html` gives
/// the text of any HTML file of the site, `exists` says whether a path is a
/// file of the site. The same problems as [`check_links`] finds in them.
pub fn check_links_of<'a>(
    pages: &[&'a str],
    html: &(dyn Fn(&str) -> Option<&'a str> + Sync),
    exists: &(dyn Fn(&str) -> bool + Sync),
    origins: &LinkOrigins,
) -> Vec<Diagnostic> {
    let has_id = |target: &str, id: &str| html(target).is_none_or(|doc| ids(doc).contains(id));
    let mut problems: Vec<Diagnostic> = pages
        .par_iter()
        .filter(|p| **p != "404.html")
        .filter_map(|p| html(p).map(|doc| (*p, doc)))
        .flat_map_iter(|(page, doc)| check_page(page, doc, &ids(doc), exists, &has_id, origins))
        .collect();
    problems.sort_by(|a, b| (&a.path, a.pos, &a.message).cmp(&(&b.path, b.pos, &b.message)));
    problems.dedup();
    problems
}

/// The problems of the links of one HTML file.
fn check_page(
    page: &str,
    doc: &str,
    own_ids: &HashSet<&str>,
    exists: &(dyn Fn(&str) -> bool + Sync),
    has_id: &(dyn Fn(&str, &str) -> bool + Sync),
    origins: &LinkOrigins,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for raw in links(doc) {
        let link = unescape(raw);
        if let Some(id) = link.strip_prefix('#') {
            if !id.is_empty() && !own_ids.contains(id) {
                out.push(problem(
                    origins,
                    page,
                    &link,
                    format!("link to `{link}`: no such anchor on the page"),
                ));
            }
            continue;
        }
        if link.starts_with("//") || link.starts_with('/') {
            out.push(problem(
                origins,
                page,
                &link,
                format!("link `{link}` starts with `/`: it breaks file:// and sub-path hosting"),
            ));
            continue;
        }
        if link.contains(':')
            && link.split(':').next().is_some_and(|s| {
                s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            })
        {
            continue; // http:, https:, mailto:, tel:, data:
        }
        let (path, anchor) = match link.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (link.as_str(), None),
        };
        let path = path.split('?').next().unwrap_or("");
        let Some(target) = resolve(page, path) else {
            out.push(problem(
                origins,
                page,
                &link,
                format!("link `{link}` leaves the site"),
            ));
            continue;
        };
        let target = percent_decode(&target);
        if !exists(target.as_str()) {
            out.push(problem(
                origins,
                page,
                &link,
                format!("link `{link}`: {target} is not part of the site"),
            ));
            continue;
        }
        if let Some(a) = anchor.filter(|a| !a.is_empty())
            && !has_id(target.as_str(), a)
        {
            out.push(problem(
                origins,
                page,
                &link,
                format!("link `{link}`: no anchor `#{a}` in {target}"),
            ));
        }
    }
    out
}

fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Some(v) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn problem(origins: &LinkOrigins, page: &str, link: &str, message: String) -> Diagnostic {
    // Links from Markdown are recorded from the root; find where it was written.
    let root_relative = resolve(page, link.split('#').next().unwrap_or("")).unwrap_or_default();
    let anchor = link
        .split_once('#')
        .map(|(_, a)| format!("#{a}"))
        .unwrap_or_default();
    if let Some((path, pos)) = origins
        .get(&format!("{root_relative}{anchor}"))
        .and_then(|v| v.first())
    {
        return Diagnostic::error(path, Some(*pos), message);
    }
    Diagnostic::error(
        format!("output {page}"),
        None,
        format!("{message} (written by a template)"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_broken_links_and_anchors() {
        let mut o = Output::default();
        o.add("index.html", "<a href=\"a/index.html#x\">a</a><a href=\"b/index.html\">b</a><a href=\"https://x\">c</a><a href=\"/abs\">d</a><a href=\"#top\">t</a>");
        o.add(
            "a/index.html",
            "<h2 id=\"y\">Y</h2><a href=\"../index.html\">up</a>",
        );
        let p = check_links(&o, &LinkOrigins::new());
        let msgs: Vec<String> = p.iter().map(|d| d.message.clone()).collect();
        assert_eq!(p.len(), 4, "{msgs:?}");
        assert!(msgs.iter().any(|m| m.contains("no anchor `#x`")));
        assert!(msgs.iter().any(|m| m.contains("b/index.html is not part")));
        assert!(msgs.iter().any(|m| m.contains("starts with `/`")));
        assert!(msgs.iter().any(|m| m.contains("`#top`")));
    }

    #[test]
    fn resolves_relative_links() {
        assert_eq!(
            resolve("van-ban/x/index.html", "../../loai/cv/index.html").unwrap(),
            "loai/cv/index.html"
        );
        assert_eq!(
            resolve("index.html", "van-ban/").unwrap(),
            "van-ban/index.html"
        );
        assert!(resolve("index.html", "../x").is_none());
    }
}
