//! What a link is, decided once for the whole program: whether it is an
//! address with a scheme (left to the browser), and where a relative link
//! written in a page leads, as a path from the site root. Markdown, the
//! link check and front matter all ask here.

/// Whether `link` starts with a URL scheme (`https:`, `mailto:`, `tel:`,
/// `data:`...): a letter, then letters, digits, `+`, `-` or `.`, then `:`.
pub(crate) fn has_scheme(link: &str) -> bool {
    let Some((scheme, _)) = link.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
}

/// Whether `link` is relative to the page it is written in: not empty, not
/// an anchor of the page itself, no scheme, not from the root (`/x`, `//x`).
pub(crate) fn is_relative(link: &str) -> bool {
    !(link.is_empty() || link.starts_with('#') || link.starts_with('/') || has_scheme(link))
}

/// Resolves the path `link` (no anchor, no query) written in the page at
/// `page_path` (`van-ban/x/index.html`) to a path from the site root; a
/// folder is its `index.html`. `None` if it climbs above the root.
pub(crate) fn resolve(page_path: &str, link: &str) -> Option<String> {
    // the page's folder, each segment of the link then taken on it
    let folder = page_path.rfind('/').map_or("", |i| &page_path[..i]);
    let mut p = String::with_capacity(folder.len() + link.len() + "/index.html".len());
    p.push_str(folder);
    for seg in link.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if p.is_empty() {
                    return None;
                }
                p.truncate(p.rfind('/').unwrap_or(0));
            }
            s => {
                if !p.is_empty() {
                    p.push('/');
                }
                p.push_str(s);
            }
        }
    }
    if link.ends_with('/') || link.is_empty() {
        if !p.is_empty() {
            p.push('/');
        }
        p.push_str("index.html");
    }
    Some(p)
}

/// Where a relative `link` written in the page at `page_path` leads, with
/// its anchor, as the link check names it: the key of where it was written.
pub(crate) fn target_of(page_path: &str, link: &str) -> Option<String> {
    let (path, anchor) = match link.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (link, None),
    };
    let path = path.split('?').next().unwrap_or("");
    let target = resolve(page_path, path)?;
    Some(match anchor {
        Some(a) => format!("{target}#{a}"),
        None => target,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_and_relative_links() {
        for s in [
            "https://x",
            "mailto:a@b",
            "tel:1",
            "data:image/png;base64,",
            "a+b.c-d:x",
        ] {
            assert!(has_scheme(s), "{s}");
            assert!(!is_relative(s), "{s}");
        }
        for s in ["a.png", "../x/index.html", "x:y/../z", "1a:b", ":x", "đ:x"] {
            assert!(!has_scheme(s) || s == "x:y/../z", "{s}");
        }
        for s in ["", "#top", "/abs", "//host/x"] {
            assert!(!is_relative(s), "{s}");
        }
        assert!(is_relative("mat.png"));
    }

    #[test]
    fn resolves_from_the_page() {
        let page = "mo-hinh/x/index.html";
        assert_eq!(
            resolve(page, "mat.png").as_deref(),
            Some("mo-hinh/x/mat.png")
        );
        assert_eq!(
            resolve(page, "../khong-co/").as_deref(),
            Some("mo-hinh/khong-co/index.html")
        );
        assert_eq!(resolve(page, "../../../x"), None);
        assert_eq!(
            target_of(page, "../y/index.html?a=1#b").as_deref(),
            Some("mo-hinh/y/index.html#b")
        );
    }

    /// The path as the list of its folders says it: each `..` takes the
    /// last off, each other segment goes on.
    fn resolve_by_segments(page_path: &str, link: &str) -> Option<String> {
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

    proptest::proptest! {
        #[test]
        fn resolves_as_the_segments_say(
            page in "([a-z]{1,3}/){0,3}(index\\.html|[a-z]{1,2}\\.html)",
            link in "((\\.\\.|\\.|[a-zđ]{1,3}|)/){0,5}([a-z]{1,3}(\\.png)?|\\.\\.|)",
        ) {
            proptest::prop_assert_eq!(resolve(&page, &link), resolve_by_segments(&page, &link));
        }
    }
}
