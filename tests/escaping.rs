//! Text from front matter and `site.toml` is escaped wherever it appears —
//! pages, attributes, feeds, `directives.json`, the search index — exactly
//! once; and raw HTML in Markdown loses scripts, event handlers and script
//! URLs unless `unsafe_html = true`.

mod safety_support;

use std::collections::BTreeMap;
use std::path::Path;

use safety_support::Sandbox;

/// A hostile title: markup, both quotes, an ampersand.
const EVIL: &str = r#"<script>alert("x")</script> & "q" 'a'"#;
/// The same, as YAML and TOML double-quoted strings.
const EVIL_QUOTED: &str = r#""<script>alert(\"x\")</script> & \"q\" 'a'""#;
/// How HTML shows it: escaped once.
const EVIL_HTML: &str =
    "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;q&quot; &#39;a&#39;";

fn files(dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        if e.file_type().unwrap().is_dir() {
            files(&e.path(), out);
        } else {
            out.insert(
                e.path().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            );
        }
    }
}

fn hostile_site() -> Sandbox {
    let s = Sandbox::new();
    s.write(
        "site.toml",
        &format!("title = {EVIL_QUOTED}\ndescription = {EVIL_QUOTED}\nbase_url = \"http://intranet.local/\"\n"),
    );
    s.write(
        "content/van-ban/ac.md",
        &format!(
            "---\ntitle: {EVIL_QUOTED}\nnumber: \"9-CV/TU\"\nissuer: {EVIL_QUOTED}\ndate: 2025-05-06\nplace: {EVIL_QUOTED}\nrecipients: [{EVIL_QUOTED}]\nsigner:\n  name: {EVIL_QUOTED}\n  title: {EVIL_QUOTED}\ntags: [{EVIL_QUOTED}]\n---\n\nNội dung có {} trong văn bản.\n",
            "`</script><!--`"
        ),
    );
    s.write(
        "content/mo-hinh/ac.md",
        &format!("---\ntitle: {EVIL_QUOTED}\ndate: 2025-05-07\nunit: {EVIL_QUOTED}\nlocality: {EVIL_QUOTED}\nsummary: {EVIL_QUOTED}\ntags: [{EVIL_QUOTED}]\n---\n\nMô hình.\n"),
    );
    s.build_ok();
    s
}

#[test]
fn no_raw_markup_from_front_matter_in_any_file() {
    let s = hostile_site();
    let mut all = BTreeMap::new();
    files(&s.root().join("public"), &mut all);
    assert!(all.len() > 20, "{} files", all.len());
    for (path, bytes) in &all {
        let text = String::from_utf8_lossy(bytes).to_ascii_lowercase();
        assert!(!text.contains("<script>alert"), "raw title in {path}");
        assert!(!text.contains("</script><!--"), "raw body text in {path}");
        if path.ends_with(".html") {
            for twice in ["&amp;lt;", "&amp;quot;", "&amp;amp;", "&amp;#"] {
                assert!(!text.contains(twice), "escaped twice ({twice}) in {path}");
            }
        }
    }
}

#[test]
fn pages_show_the_text_escaped_once() {
    let s = hostile_site();
    let page = std::fs::read_to_string(s.root().join("public/van-ban/ac/index.html")).unwrap();
    assert!(
        page.contains(&format!("<title>9-CV/TU — {EVIL_HTML}")),
        "{page}"
    );
    // In attributes (feed titles in <head>) too.
    assert!(page.contains(&format!("title=\"{EVIL_HTML}")), "{page}");
    assert!(page.contains("&lt;/script&gt;&lt;!--"), "body code span");
    let model = std::fs::read_to_string(s.root().join("public/mo-hinh/ac/index.html")).unwrap();
    assert!(model.matches(EVIL_HTML).count() >= 3, "{model}");
}

#[test]
fn feeds_give_back_the_exact_text() {
    let s = hostile_site();
    let rss = std::fs::read(s.root().join("public/rss.xml")).unwrap();
    let feed = feed_rs::parser::parse(rss.as_slice()).unwrap();
    assert_eq!(feed.title.unwrap().content, format!("{EVIL} — tất cả"));
    let titles: Vec<String> = feed
        .entries
        .iter()
        .filter_map(|e| e.title.as_ref().map(|t| t.content.clone()))
        .collect();
    assert!(
        titles.contains(&format!("Công văn 9-CV/TU: {EVIL}")),
        "{titles:?}"
    );
    assert!(titles.contains(&EVIL.to_string()), "{titles:?}");
    let terms: Vec<&str> = feed
        .entries
        .iter()
        .flat_map(|e| e.categories.iter().map(|c| c.term.as_str()))
        .collect();
    assert!(terms.contains(&EVIL), "{terms:?}");
    let summaries: Vec<String> = feed
        .entries
        .iter()
        .filter_map(|e| e.summary.as_ref().map(|t| t.content.clone()))
        .collect();
    assert!(summaries.contains(&EVIL.to_string()), "{summaries:?}");
}

#[test]
fn directives_json_gives_back_the_exact_text() {
    let s = hostile_site();
    let raw = std::fs::read_to_string(s.root().join("public/directives.json")).unwrap();
    assert!(!raw.contains('<') && !raw.contains('>'), "{raw}");
    let list: serde_json::Value = serde_json::from_str(&raw).unwrap();
    let d = list
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["number"] == "9-CV/TU")
        .unwrap();
    assert_eq!(d["title"], EVIL);
    assert_eq!(d["issuer"], EVIL);
}

/// The data of one search index part: `__noiboSearchPart(NAME, DATA);`.
fn part_data(js: &str) -> serde_json::Value {
    let inner = js
        .trim_start_matches('\u{feff}')
        .strip_prefix("__noiboSearchPart(")
        .and_then(|s| s.trim_end().strip_suffix(");"))
        .expect("a search index part");
    // NAME is a JSON string; DATA follows the first comma after it.
    let mut de = serde_json::Deserializer::from_str(inner).into_iter::<serde_json::Value>();
    let _name = de.next().unwrap().unwrap();
    let rest = inner[de.byte_offset()..]
        .trim_start()
        .strip_prefix(',')
        .unwrap();
    serde_json::from_str(rest).unwrap()
}

fn strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        serde_json::Value::Object(o) => {
            for (k, x) in o {
                out.push(k.clone());
                strings(x, out);
            }
        }
        _ => {}
    }
}

#[test]
fn search_index_holds_the_text_but_no_markup() {
    let s = hostile_site();
    let mut all = BTreeMap::new();
    files(&s.root().join("public/search"), &mut all);
    let mut found = Vec::new();
    for (path, bytes) in all
        .iter()
        .filter(|(p, _)| p.ends_with(".js") && p.contains("/idx/"))
    {
        let js = String::from_utf8(bytes.clone()).unwrap();
        // Nothing that could end a script element or open an HTML comment,
        // even if the part were ever inlined in a page.
        assert!(!js.contains("</") && !js.contains("<!--"), "{path}");
        strings(&part_data(&js), &mut found);
    }
    assert!(
        found.iter().any(|x| x.contains(EVIL)),
        "the title is searchable"
    );
    assert!(
        found.iter().any(|x| x.contains("</script><!--")),
        "the body text too"
    );
}

// ---------------------------------------------------------- raw HTML

const RAW_HTML: &str = r#"
<script>alert(1)</script>

<img src="https://e.vn/a.png" onerror="alert(2)"> <IMG SRC="https://e.vn/b.png" ONERROR=alert(3)>
<svg onload="alert(4)"><circle r="1"/></svg>
<iframe src="https://e.vn/"></iframe>
<a href="jav&#x61;script:alert(5)">a</a> <a href="&#106avascript:alert(6)">b</a>
<a href=" JavaScript:alert(7)">c</a>

<div>
<SCRIPT>
alert(8)
</SCRIPT>
</div>

<!-- x --!><script>alert(9)</script> -->

# Mục {onclick=alert(10)}

[d](javascript:alert(11)) ![e](javascript:alert(12))
"#;

fn raw_html_page(unsafe_html: bool) -> String {
    let s = Sandbox::new();
    s.write(
        "site.toml",
        &format!(
            "title = \"X\"\nbase_url = \"http://intranet.local/\"\nunsafe_html = {unsafe_html}\n"
        ),
    );
    let body = if unsafe_html {
        // Links the link check cannot follow are left out.
        RAW_HTML
            .lines()
            .filter(|l| !l.contains("&#") && !l.contains(" JavaScript"))
            .collect::<Vec<_>>()
            .join("\n")
    } else {
        RAW_HTML.to_string()
    };
    s.write("content/html.md", &format!("---\ntitle: HTML\n---\n{body}"));
    s.build_ok();
    std::fs::read_to_string(s.root().join("public/html/index.html")).unwrap()
}

#[test]
fn raw_html_loses_scripts_handlers_and_script_urls() {
    let page = raw_html_page(false);
    let body = &page[page.find("<article").unwrap()..page.find("</article>").unwrap()];
    let lower = body.to_ascii_lowercase();
    for (n, bad) in [
        "<script",
        "<iframe",
        "onerror",
        "onload",
        "onclick",
        "javascript",
        "alert(",
    ]
    .iter()
    .enumerate()
    {
        assert!(!lower.contains(bad), "{n}: `{bad}` left in:\n{body}");
    }
    // What is harmless stays.
    assert!(body.contains("<img src=\"https://e.vn/a.png\">"), "{body}");
    assert!(body.contains("<svg><circle r=\"1\" /></svg>"), "{body}");
    assert!(body.contains("<h1 id=\"muc\">Mục"), "{body}");
}

#[test]
fn unsafe_html_keeps_everything() {
    let page = raw_html_page(true);
    for kept in [
        "<script>alert(1)</script>",
        "onerror=\"alert(2)\"",
        "<svg onload=\"alert(4)\">",
        "<iframe src=\"https://e.vn/\"></iframe>",
        "onclick=\"alert(10)\"",
        "href=\"javascript:alert(11)\"",
    ] {
        assert!(page.contains(kept), "`{kept}` removed:\n{page}");
    }
}
