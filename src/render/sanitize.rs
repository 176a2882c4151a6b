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
pub(crate) fn is_dangerous_url(url: &str) -> bool {
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

/// Attributes whose value becomes a URL: SVG animations (`<animate
/// attributeName="href" values="javascript:…">`) set one from these.
const ANIMATION_ATTRS: &[&str] = &["values", "to", "from", "by"];

/// True when an attribute may stay on an element: a plain name (letters,
/// digits, `-`, `_`, `:`, `.`), no `on…` event handler, no script URL, no
/// CSS `expression(`. Also used for the attributes of Markdown headings.
pub(crate) fn attribute_allowed(name: &str, value: Option<&str>) -> bool {
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_:.".contains(c));
    if !plain {
        return false;
    }
    let lower = name.to_ascii_lowercase();
    if lower.starts_with("on") {
        return false;
    }
    let Some(value) = value else { return true };
    if lower == "style" && value.to_ascii_lowercase().contains("expression(") {
        return false;
    }
    let holds_url =
        URL_ATTRS.contains(&lower.as_str()) || ANIMATION_ATTRS.contains(&lower.as_str());
    !(holds_url && value.split(';').any(is_dangerous_url))
}

/// Length of the comment starting at `s` (`<!--`), up to where a browser
/// ends it: `-->`, `--!>`, or the `>` of `<!-->` and `<!--->`.
fn comment_end(s: &str) -> usize {
    let ends = [s.find("-->").map(|j| j + 3), s.find("--!>").map(|j| j + 4)];
    ends.into_iter().flatten().min().unwrap_or(s.len())
}

/// A filter that remembers, across fragments, that it is inside an element
/// being removed.
#[derive(Debug, Default)]
pub(crate) struct Sanitizer {
    dropping: Option<String>,
}

impl Sanitizer {
    /// Cleans one fragment of raw HTML.
    pub(crate) fn clean(&mut self, html: &str) -> String {
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
                        let end = comment_end(rest);
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
        let plain_name = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ':');
        if !plain_name {
            // Not a tag ("a < b"), or one with a name no element has
            // (`<script&colon;>`): keep as escaped text.
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
            if !attribute_allowed(attr, value.as_deref()) {
                continue;
            }
            out.push(' ');
            out.push_str(attr);
            if let Some(v) = value {
                out.push_str("=\"");
                // The value was decoded; written back escaped.
                out.push_str(
                    &v.replace('&', "&amp;")
                        .replace('"', "&quot;")
                        .replace('<', "&lt;")
                        .replace('>', "&gt;"),
                );
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
/// so `&#106;avascript:` is seen for what it is. Numeric references need no
/// `;` and may have any number of leading zeros, as in browsers.
fn decode_entities(v: &str) -> String {
    if !v.contains('&') {
        return v.to_string();
    }
    let mut out = String::with_capacity(v.len());
    let mut rest = v;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let decoded = if let Some(number) = rest.strip_prefix("&#") {
            numeric_reference(number).map(|(c, len)| (c, len + 2))
        } else {
            named_reference(rest)
        };
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

/// `106;` or `x6A` (after `&#`): the character and the length read.
fn numeric_reference(s: &str) -> Option<(char, usize)> {
    let (hex, start) = match s.as_bytes().first() {
        Some(b'x' | b'X') => (true, 1),
        _ => (false, 0),
    };
    let digits = s[start..]
        .bytes()
        .take_while(|b| {
            if hex {
                b.is_ascii_hexdigit()
            } else {
                b.is_ascii_digit()
            }
        })
        .count();
    if digits == 0 {
        return None;
    }
    let text = s[start..start + digits].trim_start_matches('0');
    let value = if text.len() > 8 {
        None
    } else if text.is_empty() {
        Some(0)
    } else {
        u32::from_str_radix(text, if hex { 16 } else { 10 }).ok()
    };
    let c = value
        .filter(|&v| v != 0)
        .and_then(char::from_u32)
        .unwrap_or('\u{fffd}');
    let mut len = start + digits;
    if s[len..].starts_with(';') {
        len += 1;
    }
    Some((c, len))
}

/// `&colon;` and the other named references that can hide a scheme.
fn named_reference(s: &str) -> Option<(char, usize)> {
    let end = s.find(';').filter(|&e| e < 12)?;
    let c = match &s[1..end] {
        "amp" => '&',
        "quot" => '"',
        "lt" => '<',
        "gt" => '>',
        "apos" => '\'',
        "colon" => ':',
        "Tab" => '\t',
        "NewLine" => '\n',
        _ => return None,
    };
    Some((c, end + 1))
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
    fn sees_through_what_browsers_decode_and_end() {
        // Numeric references need no `;` and may have leading zeros.
        assert_eq!(clean("<a href=\"&#106avascript:x\">a</a>"), "<a>a</a>");
        assert_eq!(
            clean("<a href=\"&#0000000106;avascript:x\">a</a>"),
            "<a>a</a>"
        );
        // `--!>` ends a comment too.
        assert_eq!(clean("<!-- a --!><script>alert(1)</script>"), "<!-- a --!>");
        // SVG animations can set a link to a script URL.
        assert_eq!(
            clean("<animate attributeName=\"href\" values=\"x;javascript:alert(1)\"/>"),
            "<animate attributeName=\"href\" />"
        );
        // A tag whose name no element has stays text.
        assert_eq!(clean("<script&colon;>x"), "&lt;script&colon;>x");
        // Values are written back escaped.
        assert_eq!(
            clean("<a title='\"><script>' href=\"?a=1&amp;b=2\">x</a>"),
            "<a title=\"&quot;&gt;&lt;script&gt;\" href=\"?a=1&amp;b=2\">x</a>"
        );
    }

    #[test]
    fn script_across_fragments() {
        let mut s = Sanitizer::default();
        assert_eq!(s.clean("<script>\n"), "");
        assert_eq!(s.clean("alert(1)\n"), "");
        assert_eq!(s.clean("</script>\n<p>x</p>"), "\n<p>x</p>");
    }
}

#[cfg(test)]
pub(crate) mod proptests;
