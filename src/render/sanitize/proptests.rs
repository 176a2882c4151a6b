//! Random text and random HTML, cut into random fragments as Markdown hands
//! them over, into the sanitizer: it never panics, and what comes out has no
//! script element, event handler or script URL.

use proptest::prelude::*;

use super::{Sanitizer, decode_entities, is_dangerous_url};

const PIECES: &[&str] = &[
    "<",
    ">",
    "/",
    "/>",
    "=",
    "\"",
    "'",
    " ",
    "\n",
    "\t",
    "<!--",
    "-->",
    "--!>",
    "<!",
    "<?",
    "<script",
    "</script",
    "<SCRIPT",
    "</ScRiPt",
    "<scr",
    "ipt",
    "<iframe",
    "</iframe",
    "<svg",
    "<img",
    "<a",
    "</a",
    "<div",
    "<style",
    "<base",
    "<animate",
    "<set",
    " src=",
    " href=",
    " HREF=",
    " onerror=",
    " OnLoad=",
    " onclick",
    " values=",
    " to=",
    " style=",
    "expression(",
    "javascript:",
    "JaVaScRiPt:",
    "java\tscript:",
    "&#106;",
    "&#x6a",
    "&#0000106",
    "&#x6A;",
    "&colon;",
    "&Tab;",
    "&",
    "#",
    ";",
    "x",
    "alert(1)",
    "data:text/html,",
    "vbscript:",
    "Đảng",
    "\u{0}",
    "\u{7f}",
    "\u{fffd}",
];

fn html() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|v| v.concat())
}

/// `html` without its comments, ended where a browser ends them: at `-->`,
/// `--!>`, the `>` of `<!-->` or `<!--->`, or the end.
fn without_comments(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find("<!--") {
        out.push_str(&rest[..i]);
        let body = &rest[i + 4..];
        let end = if body.starts_with('>') {
            1
        } else if body.starts_with("->") {
            2
        } else {
            [
                body.find("-->").map(|j| j + 3),
                body.find("--!>").map(|j| j + 4),
            ]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(body.len())
        };
        rest = &body[end..];
    }
    out.push_str(rest);
    out
}

/// A start tag as a browser reads it: lowercase name, attributes with their
/// values (character references `&amp;`, `&quot;`, `&lt;`, `&gt;`, `&#…;`
/// decoded).
pub(crate) struct StartTag {
    pub name: String,
    pub attrs: Vec<(String, String)>,
}

/// The start tags of `html`, outside comments, following the tokenizer of
/// the HTML standard closely enough for names and attributes.
pub(crate) fn start_tags(html: &str) -> Vec<StartTag> {
    let html = without_comments(html);
    let b = html.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !(b[i] == b'<' && b.get(i + 1).is_some_and(u8::is_ascii_alphabetic)) {
            i += 1;
            continue;
        }
        let start = i + 1;
        i = start;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'/' && b[i] != b'>' {
            i += 1;
        }
        let name = html[start..i].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                i += 1;
                break;
            }
            let ns = i;
            i += 1; // a name may start with `=`
            while i < b.len() && !b[i].is_ascii_whitespace() && !b"/>=".contains(&b[i]) {
                i += 1;
            }
            let attr = html[ns..i].to_ascii_lowercase();
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let mut value = String::new();
            if i < b.len() && b[i] == b'=' {
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                let vs;
                if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                    let q = b[i];
                    vs = i + 1;
                    i = vs;
                    while i < b.len() && b[i] != q {
                        i += 1;
                    }
                    value = html[vs..i].to_string();
                    i += 1;
                } else {
                    vs = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    value = html[vs..i].to_string();
                }
            }
            attrs.push((attr, decode_entities(&value)));
        }
        tags.push(StartTag { name, attrs });
    }
    tags
}

/// Attributes whose URL a browser follows or loads, or that SVG animations
/// copy into one.
const SCRIPT_URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "srcset",
    "background",
    "lowsrc",
    "dynsrc",
    "values",
    "to",
    "from",
    "by",
];

/// The first thing in `html` that could run a script, if any.
pub(crate) fn active_content(html: &str) -> Option<String> {
    for t in start_tags(html) {
        if ["script", "iframe", "object", "embed", "frame", "base"].contains(&t.name.as_str()) {
            return Some(format!("<{}>", t.name));
        }
        for (a, v) in &t.attrs {
            if a.starts_with("on") || SCRIPT_URL_ATTRS.contains(&a.as_str()) && is_dangerous_url(v)
            {
                return Some(format!("<{} {a}=\"{v}\">", t.name));
            }
        }
    }
    None
}

/// Cleans `text` cut at `cuts` (byte offsets, moved to char boundaries).
fn clean_in_fragments(text: &str, cuts: &[usize]) -> String {
    let mut bounds: Vec<usize> = cuts
        .iter()
        .map(|&c| {
            let mut c = c % (text.len() + 1);
            while !text.is_char_boundary(c) {
                c -= 1;
            }
            c
        })
        .collect();
    bounds.push(0);
    bounds.push(text.len());
    bounds.sort_unstable();
    bounds.dedup();
    let mut s = Sanitizer::default();
    bounds
        .windows(2)
        .map(|w| s.clean(&text[w[0]..w[1]]))
        .collect()
}

fn check(text: &str, cuts: &[usize]) -> Result<(), TestCaseError> {
    let out = clean_in_fragments(text, cuts);
    let active = active_content(&out);
    prop_assert!(active.is_none(), "{active:?} in {out:?} from {text:?}");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    #[test]
    fn random_text(s in any::<String>(), cuts in prop::collection::vec(any::<usize>(), 0..4)) {
        check(&s, &cuts)?;
        let _ = is_dangerous_url(&s);
        let _ = decode_entities(&s);
    }

    #[test]
    fn html_like(s in html(), cuts in prop::collection::vec(any::<usize>(), 0..4)) {
        check(&s, &cuts)?;
    }

    #[test]
    fn decoded_urls_are_judged_like_plain_ones(
        prefix in "[ \t]{0,2}",
        scheme in prop::sample::select(&["javascript:", "JAVASCRIPT:", "vbscript:"][..]),
        rest in "[a-z()0-9]{0,10}",
    ) {
        // Each letter of the scheme written as a character reference.
        let encoded: String = scheme.chars().map(|c| format!("&#{};", c as u32)).collect();
        let url = decode_entities(&format!("{prefix}{encoded}{rest}"));
        prop_assert!(is_dangerous_url(&url), "{url}");
    }
}
