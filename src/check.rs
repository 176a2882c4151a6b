//! Checks the built site before anything is written: every internal link
//! of every HTML file (from Markdown or from templates) must reach a file of
//! the output, every `#anchor` an id in its target, and no link may start
//! with `/` (it would break `file://` and sub-path hosting).

use std::collections::{HashMap, HashSet};

use crate::diagnostics::{Diagnostic, Pos};
use crate::links::{has_scheme, resolve};

/// Where a broken link was written, when the Markdown stage knows.
pub(crate) type LinkOrigins = HashMap<String, Vec<(std::path::PathBuf, Pos)>>;

/// The `href`/`src` values and the ids of an HTML document, found in one
/// pass over its bytes.
struct Scan<'a> {
    links: Vec<&'a str>,
    ids: HashSet<&'a str>,
}

fn scan(bytes: &[u8]) -> Scan<'_> {
    let mut links = Vec::new();
    let mut ids = HashSet::new();
    for eq in memchr::memmem::find_iter(bytes, b"=\"") {
        let name_end = eq;
        let name_start = bytes[..name_end]
            .iter()
            .rposition(|b| !(b.is_ascii_alphanumeric() || *b == b'-'))
            .map_or(0, |i| i + 1);
        let name = &bytes[name_start..name_end];
        let is_link = name.eq_ignore_ascii_case(b"href") || name.eq_ignore_ascii_case(b"src");
        let is_id = name.eq_ignore_ascii_case(b"id");
        // The attribute name must follow whitespace (not `data-href=`,
        // not text such as `a=\"b\"` inside an attribute value).
        if !(is_link || is_id) || name_start == 0 || !bytes[name_start - 1].is_ascii_whitespace() {
            continue;
        }
        let start = eq + 2;
        let Some(len) = memchr::memchr(b'"', &bytes[start..]) else {
            continue;
        };
        let Ok(value) = std::str::from_utf8(&bytes[start..start + len]) else {
            continue;
        };
        if is_link {
            links.push(value);
        } else {
            ids.insert(value);
        }
    }
    Scan { links, ids }
}

/// The `href` and `src` values of an HTML fragment, unescaped.
pub(crate) fn links_in(html: &str) -> Vec<String> {
    scan(html.as_bytes())
        .links
        .into_iter()
        .map(|l| unescape(l).into_owned())
        .collect()
}

fn unescape(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('&') {
        return s.into();
    }
    s.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .into()
}

/// A link whose check needs more than its own page: to an anchor of
/// another page, or to a path not known (yet) to be a file of the site.
struct Pending<'a> {
    link: &'a str,
    target: &'a str,
    anchor: Option<&'a str>,
    /// Whether `target` was already known to be a file of the site.
    known: bool,
}

impl Pending<'_> {
    /// The problem of the link, if any, now that `exists` and `has_id`
    /// can answer for every page.
    fn settle(
        &self,
        page: &str,
        exists: &dyn Fn(&str) -> bool,
        has_id: &dyn Fn(&str, &str) -> bool,
        origins: &LinkOrigins,
    ) -> Option<Diagnostic> {
        let (link, target) = (self.link, self.target);
        if !self.known && !exists(target) {
            return Some(problem(
                origins,
                page,
                link,
                format!("link `{link}`: {target} is not part of the site"),
            ));
        }
        let anchor = self.anchor.filter(|a| !has_id(target, a))?;
        Some(missing_anchor(origins, page, link, target, anchor))
    }
}

/// A [`Pending`] kept past its page.
#[derive(Debug)]
struct Deferred {
    link: Box<str>,
    target: Box<str>,
    anchor: Option<Box<str>>,
    known: bool,
}

/// What the link check keeps of one HTML file once it has been read: the
/// problems found in it, its ids, and the links that wait for the other
/// pages. Small next to the page, so a build can write the page and let it
/// go.
#[derive(Debug, Default)]
pub(crate) struct PageLinks {
    page: String,
    problems: Vec<Diagnostic>,
    ids: Box<[Box<str>]>,
    deferred: Vec<Deferred>,
}

impl PageLinks {
    /// An HTML file kept from the last build: its links were checked then;
    /// its ids are what other pages' anchors are checked against.
    pub(crate) fn kept(page: &str, ids: &[String]) -> PageLinks {
        PageLinks {
            page: page.to_string(),
            ids: ids.iter().map(|s| Box::from(s.as_str())).collect(),
            ..PageLinks::default()
        }
    }

    pub(crate) fn page(&self) -> &str {
        &self.page
    }

    /// Its ids, sorted.
    pub(crate) fn ids(&self) -> Vec<String> {
        self.ids.iter().map(|s| s.to_string()).collect()
    }
}

/// Checks the links of the HTML file `page` whose bytes are `doc`: `exists`
/// says whether a path is known to be a file of the site. Anchors into
/// other pages, and paths not known yet (files still being made), wait for
/// [`finish_links`].
pub(crate) fn check_page_links(
    page: &str,
    doc: &[u8],
    exists: &(dyn Fn(&str) -> bool + Sync),
    origins: &LinkOrigins,
) -> PageLinks {
    let found = scan(doc);
    let mut deferred = Vec::new();
    let problems = if page == "404.html" {
        Vec::new() // its links are absolute from base_url on purpose
    } else {
        let mut later = |p: Pending| {
            deferred.push(Deferred {
                link: p.link.into(),
                target: p.target.into(),
                anchor: p.anchor.map(Box::from),
                known: p.known,
            });
            None
        };
        check_page(page, &found, exists, &mut later, origins)
    };
    let mut ids: Vec<Box<str>> = found.ids.into_iter().map(Box::from).collect();
    ids.sort_unstable();
    PageLinks {
        page: page.to_string(),
        problems,
        ids: ids.into_boxed_slice(),
        deferred,
    }
}

/// The problems of the links of every page: those found page by page, and
/// those that waited, now that `exists` knows every file of the site and
/// every page's ids are known.
pub(crate) fn finish_links(
    mut pages: Vec<PageLinks>,
    exists: &dyn Fn(&str) -> bool,
    origins: &LinkOrigins,
) -> Vec<Diagnostic> {
    let mut problems: Vec<Diagnostic> = Vec::new();
    for p in &mut pages {
        problems.append(&mut p.problems);
    }
    let ids: HashMap<&str, &[Box<str>]> =
        pages.iter().map(|p| (p.page.as_str(), &*p.ids)).collect();
    let has_id = |target: &str, id: &str| {
        ids.get(target)
            .is_none_or(|s| s.binary_search_by(|x| (**x).cmp(id)).is_ok())
    };
    for p in &pages {
        for d in &p.deferred {
            let pending = Pending {
                link: &d.link,
                target: &d.target,
                anchor: d.anchor.as_deref(),
                known: d.known,
            };
            problems.extend(pending.settle(&p.page, exists, &has_id, origins));
        }
    }
    problems.sort_by(|a, b| (&a.path, a.pos, &a.message).cmp(&(&b.path, b.pos, &b.message)));
    problems.dedup();
    problems
}

fn missing_anchor(
    origins: &LinkOrigins,
    page: &str,
    link: &str,
    target: &str,
    anchor: &str,
) -> Diagnostic {
    problem(
        origins,
        page,
        link,
        format!("link `{link}`: no anchor `#{anchor}` in {target}"),
    )
}

/// The problems of the links of one HTML file. A link that needs more than
/// the page (see [`Pending`]) goes to `later`, which checks it now
/// (returning a problem or `None`) or keeps it for later.
fn check_page(
    page: &str,
    found: &Scan,
    exists: &(dyn Fn(&str) -> bool + Sync),
    later: &mut dyn FnMut(Pending) -> Option<Diagnostic>,
    origins: &LinkOrigins,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for raw in &found.links {
        let link = unescape(raw);
        if let Some(id) = link.strip_prefix('#') {
            if !id.is_empty() && !found.ids.contains(id) {
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
        if has_scheme(&link) {
            continue; // http:, https:, mailto:, tel:, data:
        }
        let (path, anchor) = match link.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (&*link, None),
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
        let target = percent_decode(target);
        let known = exists(target.as_str());
        let anchor = anchor.filter(|a| !a.is_empty());
        if known && anchor.is_none() {
            continue;
        }
        if known && target == page {
            if let Some(a) = anchor.filter(|a| !found.ids.contains(a)) {
                out.push(missing_anchor(origins, page, &link, &target, a));
            }
            continue;
        }
        let pending = Pending {
            link: &link,
            target: &target,
            anchor,
            known,
        };
        out.extend(later(pending));
    }
    out
}

fn percent_decode(s: String) -> String {
    if !s.contains('%') {
        return s;
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let Some(v) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
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
    use crate::output::{FileContent, Output};
    use rayon::prelude::*;

    /// Runs the link checks over every HTML file of `output`.
    fn check_links(output: &Output, origins: &LinkOrigins) -> Vec<Diagnostic> {
        let paths: HashSet<&str> = output.files.iter().map(|f| f.path.as_str()).collect();
        let exists = |p: &str| paths.contains(p);
        let pages: Vec<PageLinks> = output
            .files
            .par_iter()
            .filter(|f| f.path.ends_with(".html"))
            .filter_map(|f| match &f.content {
                FileContent::Bytes(b) => Some((f.path.as_str(), b.as_slice())),
                FileContent::Copy(_) => None,
            })
            .map(|(page, doc)| check_page_links(page, doc, &exists, origins))
            .collect();
        finish_links(pages, &exists, origins)
    }

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

    #[test]
    fn scans_attributes_in_one_pass() {
        let doc = "<a class=\"x\" href=\"a.html\" data-href=\"no\"><img SRC=\"i.png\"><h2 id=\"h\">title=\"t\" href=\"text\"</h2><p title=\"x href=&quot;y\">";
        let s = scan(doc.as_bytes());
        assert_eq!(s.links, ["a.html", "i.png", "text"]);
        assert!(s.ids.contains("h") && s.ids.len() == 1);
    }

    #[test]
    fn checks_pages_one_at_a_time_then_anchors_across_pages() {
        let paths: HashSet<&str> = ["index.html", "a/index.html"].into_iter().collect();
        let exists = |p: &str| paths.contains(p);
        let origins = LinkOrigins::new();
        let home = check_page_links(
            "index.html",
            b"<a href=\"a/index.html#y\">ok</a><a href=\"a/index.html#z\">bad</a><a href=\"#self\" id=\"self\">s</a>",
            &exists,
            &origins,
        );
        assert!(home.problems.is_empty());
        assert_eq!(home.deferred.len(), 2);
        let a = check_page_links(
            "a/index.html",
            b"<h2 id=\"y\">Y</h2><a href=\"../late.js\">l</a><a href=\"../gone.js\">g</a>",
            &exists,
            &origins,
        );
        // A file made after the pages (the search index) is known at the end.
        let all = |p: &str| paths.contains(p) || p == "late.js";
        let problems = finish_links(vec![home, a], &all, &origins);
        let msgs: Vec<&str> = problems.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(msgs.len(), 2, "{msgs:?}");
        assert!(
            msgs.iter()
                .any(|m| m.contains("no anchor `#z` in a/index.html"))
        );
        assert!(
            msgs.iter()
                .any(|m| m.contains("gone.js is not part of the site"))
        );
    }
}
