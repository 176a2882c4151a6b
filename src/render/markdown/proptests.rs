//! Random text and random Markdown into the renderer: it never panics, and
//! with `unsafe_html` off no script element or event handler comes out.

use proptest::prelude::*;

use super::{Citation, Linker, MarkdownOptions, RenderedBody, Source, render};
use crate::render::sanitize::proptests::active_content;

struct Links;

impl Linker for Links {
    fn internal(&self, _: &str, dest: &str) -> Option<Result<String, String>> {
        dest.ends_with(".md").then(|| {
            if dest.contains("..") {
                Err("no such page".into())
            } else {
                Ok("x/index.html#a".into())
            }
        })
    }

    fn citation(&self, m: &noibo_refs::Mention) -> Citation {
        if m.number.raw.starts_with("58") {
            Citation::Held {
                path: "van-ban/58/index.html".into(),
                target: crate::model::PageId(0),
            }
        } else {
            Citation::Ambiguous("two of them".into())
        }
    }
}

/// Pieces of Markdown, raw HTML and citations.
const PIECES: &[&str] = &[
    "*",
    "**",
    "_",
    "__",
    "`",
    "```",
    "~~~",
    "~~",
    "[",
    "]",
    "(",
    ")",
    "<",
    ">",
    "#",
    "# ",
    "## ",
    "\n",
    "\n\n",
    " ",
    "    ",
    "\t",
    "|",
    "|---|",
    "-",
    "- ",
    "+ ",
    "1. ",
    "!",
    "\\",
    "&",
    "&amp;",
    "&#106;",
    "&#x61",
    "{#",
    "{onclick=x}",
    "{.c}",
    "}",
    "[^1]",
    "[^1]: ",
    "58-CV/TCCS",
    "Công văn số 58-CV/TCCS",
    "số 12-KL/TW",
    "ngày 25/3/2026",
    "<!--",
    "-->",
    "--!>",
    "<div>",
    "</div>",
    "<script>",
    "</script>",
    "<SCRIPT>",
    "<scr",
    "ipt>",
    "<img src=x onerror=y>",
    "<svg onload=y>",
    "<a href=\"",
    "\">",
    "javascript:",
    "jav",
    "ascript:",
    "x.md",
    "../x.md",
    "[a](b.md)",
    "[a](javascript:x)",
    "![i](x.png)",
    "<https://e.vn>",
    "<x@e.vn>",
    "Đảng",
    "ủy",
    "\u{301}",
    "\u{200b}",
    "$",
    "^",
    "=",
];

fn markdown() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..48).prop_map(|v| v.concat())
}

fn md(text: &str, unsafe_html: bool) -> RenderedBody {
    let src = Source {
        display_path: std::path::Path::new("content/a.md"),
        body_line: 4,
        root: "../",
        content_path: "a.md",
        page_path: "a/index.html",
    };
    let opts = MarkdownOptions {
        highlighter: None,
        unsafe_html,
    };
    render(text, &src, &opts, &Links)
}

/// What must never come out of the safe renderer, outside comments.
fn check_safe(text: &str) -> Result<(), TestCaseError> {
    let r = md(text, false);
    let active = active_content(&r.html);
    prop_assert!(active.is_none(), "{active:?} in {:?} from {text:?}", r.html);
    let lines = text.split('\n').count() + 3;
    for p in &r.problems {
        prop_assert!(p.pos.is_some_and(|p| p.line >= 4 && p.line <= lines), "{p}");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    #[test]
    fn random_text(s in any::<String>()) {
        check_safe(&s)?;
        md(&s, true);
    }

    #[test]
    fn random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        check_safe(&String::from_utf8_lossy(&bytes))?;
    }

    #[test]
    fn markdown_like(s in markdown()) {
        check_safe(&s)?;
        md(&s, true);
    }
}
