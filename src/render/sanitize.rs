//! Raw HTML written in Markdown is kept for the webmaster, but what would run
//! code in a reader's browser is removed: `<script>` and other active
//! elements with their content, `on…` event-handler attributes, and
//! `javascript:`/`vbscript:`/`data:` URLs. `unsafe_html = true` turns this off.
//!
//! The filter is a small tag scanner rather than a DOM sanitizer such as
//! ammonia: Markdown hands raw HTML over in fragments (an opening tag in one
//! event, its closing tag in another), which a DOM sanitizer would "repair".

/// Elements removed together with everything inside them.
const ACTIVE: &[&str] = &[
    "script", "iframe", "object", "embed", "applet", "frame", "frameset", "base", "noscript",
];
/// Attributes that hold a URL.
const URL_ATTRS: &[&str] = &[
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
];

/// True for a URL that would run code when followed.
pub fn is_dangerous_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    cleaned.starts_with("javascript:")
        || cleaned.starts_with("vbscript:")
        || cleaned.starts_with("data:text/html")
        || cleaned.starts_with("data:image/svg")
}

/// A filter that remembers, across fragments, that it is inside an element
/// being removed.
#[derive(Debug, Default)]
pub struct Sanitizer {
    dropping: Option<String>,
}

impl Sanitizer {
    /// Cleans one fragment of raw HTML.
    pub fn clean(&mut self, html: &str) -> String {
        let mut out = String::with_capacity(html.len());
        let mut rest = html;
        while !rest.is_empty() {
            if let Some(tag) = &self.dropping {
                // Skip to the closing tag of the element being dropped.
                let lower = rest.to_ascii_lowercase();
                let close = format!("</{tag}");
                match lower.find(&close) {
                    Some(i) => {
                        let after = &rest[i..];
                        let end = after.find('>').map_or(after.len(), |j| j + 1);
                        rest = &after[end..];
                        self.dropping = None;
                    }
                    None => return out,
                }
                continue;
            }
            match rest.find('<') {
                None => {
                    out.push_str(rest);
                    break;
                }
                Some(i) => {
                    out.push_str(&rest[..i]);
                    rest = &rest[i..];
                    if rest.starts_with("<!--") {
                        let end = rest.find("-->").map_or(rest.len(), |j| j + 3);
                        out.push_str(&rest[..end]);
                        rest = &rest[end..];
                        continue;
                    }
                    let end = tag_end(rest);
                    let tag = &rest[..end];
                    rest = &rest[end..];
                    self.tag(tag, &mut out);
                }
            }
        }
        out
    }

    fn tag(&mut self, tag: &str, out: &mut String) {
        let inner = tag.trim_start_matches('<');
        let closing = inner.starts_with('/');
        let inner = inner.trim_start_matches('/');
        let name_len = inner
            .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .unwrap_or(inner.len());
        let name = inner[..name_len].to_ascii_lowercase();
        if name.is_empty() || !name.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
            // Not a tag ("a < b"): keep as escaped text.
            out.push_str(&tag.replace('<', "&lt;"));
            return;
        }
        if ACTIVE.contains(&name.as_str()) {
            let self_closing = tag.trim_end_matches('>').ends_with('/');
            if !closing && !self_closing && name != "base" {
                self.dropping = Some(name);
            }
            return;
        }
        if closing {
            out.push_str(&format!("</{name}>"));
            return;
        }
        out.push('<');
        out.push_str(&inner[..name_len]);
        for (attr, value) in attributes(&inner[name_len..]) {
            let lower = attr.to_ascii_lowercase();
            if lower.starts_with("on")
                || lower == "style"
                    && value
                        .as_deref()
                        .is_some_and(|v| v.to_ascii_lowercase().contains("expression("))
            {
                continue;
            }
            if URL_ATTRS.contains(&lower.as_str()) && value.as_deref().is_some_and(is_dangerous_url)
            {
                continue;
            }
            out.push(' ');
            out.push_str(attr);
            if let Some(v) = value {
                out.push_str("=\"");
                out.push_str(&v.replace('"', "&quot;"));
                out.push('"');
            }
        }
        if inner.trim_end_matches('>').trim_end().ends_with('/') {
            out.push_str(" /");
        }
        out.push('>');
    }
}

/// Length of the tag starting at `s[0] == '<'`, quotes respected.
fn tag_end(s: &str) -> usize {
    let mut quote = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return i + 1,
            (None, '<') => return i,
            _ => {}
        }
    }
    s.len()
}

/// Attributes of a tag body: `name`, `name=value`, `name="value"`.
fn attributes(s: &str) -> Vec<(&str, Option<String>)> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/' || b[i] == b'>') {
            i += 1;
        }
        let start = i;
        while i < b.len()
            && !b[i].is_ascii_whitespace()
            && b[i] != b'='
            && b[i] != b'>'
            && b[i] != b'/'
        {
            i += 1;
        }
        if start == i {
            break;
        }
        let name = &s[start..i];
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let value = if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let vs = i + 1;
                i = vs;
                while i < b.len() && b[i] != q {
                    i += 1;
                }
                let v = &s[vs..i.min(b.len())];
                i += 1;
                v
            } else {
                let vs = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                &s[vs..i]
            };
            out.push((name, Some(decode_entities(value))));
        } else {
            out.push((name, None));
        }
    }
    out
}

/// Decodes the character references browsers would decode in an attribute,
/// so `&#106;avascript:` is seen for what it is.
fn decode_entities(v: &str) -> String {
    if !v.contains('&') {
        return v.to_string();
    }
    let mut out = String::new();
    let mut rest = v;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find(';').filter(|&e| e < 12);
        let decoded = end.and_then(|e| {
            let ent = &rest[1..e];
            let c = if let Some(hex) = ent.strip_prefix("#x").or_else(|| ent.strip_prefix("#X")) {
                u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
            } else if let Some(dec) = ent.strip_prefix('#') {
                dec.parse().ok().and_then(char::from_u32)
            } else {
                match ent {
                    "amp" => Some('&'),
                    "quot" => Some('"'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "apos" => Some('\''),
                    "colon" => Some(':'),
                    "Tab" => Some('\t'),
                    "NewLine" => Some('\n'),
                    _ => None,
                }
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(s: &str) -> String {
        Sanitizer::default().clean(s)
    }

    #[test]
    fn removes_scripts_handlers_and_js_urls() {
        assert_eq!(clean("<p>a<script>alert(1)</script>b</p>"), "<p>ab</p>");
        assert_eq!(clean("<img src=x onerror=alert(1)>"), "<img src=\"x\">");
        assert_eq!(clean("<a href=\"javascript:alert(1)\">x</a>"), "<a>x</a>");
        assert_eq!(
            clean("<a href=\"&#106;avascript:alert(1)\">x</a>"),
            "<a>x</a>"
        );
        assert_eq!(clean("<a href=' JaVaScRiPt:x'>x</a>"), "<a>x</a>");
        assert_eq!(clean("<SCRIPT src=//evil></SCRIPT>ok"), "ok");
    }

    #[test]
    fn keeps_ordinary_html() {
        assert_eq!(
            clean("<div class=\"note\">x</div>"),
            "<div class=\"note\">x</div>"
        );
        assert_eq!(
            clean("<a href=\"../x/\" title=\"T\">x</a>"),
            "<a href=\"../x/\" title=\"T\">x</a>"
        );
        assert_eq!(clean("<br/>"), "<br />");
        assert_eq!(clean("<!-- note -->"), "<!-- note -->");
    }

    #[test]
    fn script_across_fragments() {
        let mut s = Sanitizer::default();
        assert_eq!(s.clean("<script>\n"), "");
        assert_eq!(s.clean("alert(1)\n"), "");
        assert_eq!(s.clean("</script>\n<p>x</p>"), "\n<p>x</p>");
    }
}
