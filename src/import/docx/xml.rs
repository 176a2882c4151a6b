//! A small element tree over quick-xml, enough to walk WordprocessingML.

use quick_xml::events::{BytesStart, Event};

/// An element: its name (with prefix, `w:p`), attributes, children, text.
#[derive(Debug, Default)]
pub struct El {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub children: Vec<El>,
    pub text: String,
}

impl El {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn child(&self, name: &str) -> Option<&El> {
        self.children.iter().find(|c| c.name == name)
    }

    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a El> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// `<w:b/>` and `<w:b w:val="true"/>` are on; `w:val="0"`/`"false"` off.
    pub fn flag(&self, name: &str) -> bool {
        self.child(name)
            .is_some_and(|c| !matches!(c.attr("w:val"), Some("0" | "false" | "none")))
    }
}

fn open(e: &BytesStart) -> Result<El, String> {
    let mut attrs = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|e| e.to_string())?;
        let v = a.unescape_value().map_err(|e| e.to_string())?;
        attrs.push((
            String::from_utf8_lossy(a.key.as_ref()).into_owned(),
            v.into_owned(),
        ));
    }
    Ok(El {
        name: String::from_utf8_lossy(e.name().as_ref()).into_owned(),
        attrs,
        ..El::default()
    })
}

/// Parses a whole XML document into its root element.
pub fn parse(text: &str) -> Result<El, String> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack: Vec<El> = vec![El::default()];
    loop {
        let top = stack.len() - 1;
        match reader
            .read_event()
            .map_err(|e| format!("malformed XML: {e}"))?
        {
            Event::Eof => break,
            Event::Start(e) => stack.push(open(&e)?),
            Event::Empty(e) => {
                let el = open(&e)?;
                stack[top].children.push(el);
            }
            Event::End(_) => {
                let el = stack.pop().ok_or("unbalanced XML")?;
                stack.last_mut().ok_or("unbalanced XML")?.children.push(el);
            }
            Event::Text(t) => stack[top]
                .text
                .push_str(&t.decode().map_err(|e| e.to_string())?),
            Event::GeneralRef(r) => {
                if let Some(c) = r.resolve_char_ref().map_err(|e| e.to_string())? {
                    stack[top].text.push(c);
                } else {
                    let name = r.decode().map_err(|e| e.to_string())?;
                    let s = quick_xml::escape::resolve_predefined_entity(&name).unwrap_or("");
                    stack[top].text.push_str(s);
                }
            }
            _ => {}
        }
    }
    let mut doc = stack.pop().ok_or("empty XML")?;
    if !stack.is_empty() {
        return Err("unclosed XML elements".into());
    }
    doc.children
        .pop()
        .ok_or_else(|| "no root element".to_string())
}
