//! Which font shows each string of text in a PDF, so that bold and italic
//! survive the text layer.
//!
//! `pdf-extract` hands over glyphs without their font, but it announces
//! every string it shows (each `Tj`, each string of a `TJ` array, also
//! inside form XObjects) with `begin_word`, in drawing order. This walk goes
//! through the same content streams in the same order and notes the font
//! of each of those strings; the reader pairs them by count. A page where
//! the counts differ keeps its text and loses its emphasis.

use pdf_extract::content::Content;
use pdf_extract::{Dictionary, Document, Object, ObjectId};

/// How a font draws its letters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Style {
    pub bold: bool,
    pub italic: bool,
}

/// Nesting of form XObjects followed; deeper ones are not read for styles.
const MAX_DEPTH: usize = 8;

/// For each page, in page order, the style of every string shown on it.
pub fn page_styles(doc: &Document) -> Vec<Vec<Style>> {
    doc.get_pages()
        .values()
        .map(|&id| {
            let mut out = Vec::new();
            if let (Ok(bytes), Some(res)) = (doc.get_page_content(id), page_resources(doc, id)) {
                walk(doc, &bytes, res, 0, &mut out);
            }
            out
        })
        .collect()
}

/// The page's resources, its own or inherited from the page tree.
fn page_resources(doc: &Document, id: ObjectId) -> Option<&Dictionary> {
    let (own, inherited) = doc.get_page_resources(id).ok()?;
    own.or_else(|| {
        inherited
            .into_iter()
            .find_map(|r| doc.get_dictionary(r).ok())
    })
}

fn dict<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    let obj = d.get(key).ok()?;
    doc.dereference(obj).ok()?.1.as_dict().ok()
}

fn walk(doc: &Document, bytes: &[u8], res: &Dictionary, depth: usize, out: &mut Vec<Style>) {
    let Ok(content) = Content::decode(bytes) else {
        return;
    };
    let mut current = Style::default();
    for op in &content.operations {
        match op.operator.as_str() {
            "Tf" => {
                current = op
                    .operands
                    .first()
                    .and_then(|n| n.as_name().ok())
                    .map(|name| font_style(doc, res, name))
                    .unwrap_or_default();
            }
            "Tj" => out.push(current),
            "TJ" => {
                if let Some(Object::Array(items)) = op.operands.first() {
                    let strings = items
                        .iter()
                        .filter(|o| matches!(o, Object::String(..)))
                        .count();
                    out.extend(std::iter::repeat_n(current, strings));
                }
            }
            "Do" if depth < MAX_DEPTH => form(doc, res, op.operands.first(), depth, out),
            _ => {}
        }
    }
}

/// A form XObject's strings, read with its own resources (or the page's).
fn form(
    doc: &Document,
    res: &Dictionary,
    name: Option<&Object>,
    depth: usize,
    out: &mut Vec<Style>,
) {
    let Some(name) = name.and_then(|n| n.as_name().ok()) else {
        return;
    };
    let Some(stream) = dict(doc, res, b"XObject")
        .and_then(|x| x.get(name).ok())
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_stream().ok())
    else {
        return;
    };
    let inner = dict(doc, &stream.dict, b"Resources").unwrap_or(res);
    let bytes = stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone());
    walk(doc, &bytes, inner, depth + 1, out);
}

/// The style of the font named `name` in `res`: from its PostScript name
/// ("AAAAAA+DejaVuSerif-BoldItalic", "TimesNewRomanPS-BoldMT",
/// "Arial,Italic"), else from its descriptor's flags and weight.
fn font_style(doc: &Document, res: &Dictionary, name: &[u8]) -> Style {
    let Some(font) = dict(doc, res, b"Font").and_then(|f| dict(doc, f, name)) else {
        return Style::default();
    };
    let base = font
        .get(b"BaseFont")
        .ok()
        .and_then(|b| b.as_name().ok())
        .map(|b| String::from_utf8_lossy(b).to_lowercase())
        .unwrap_or_default();
    let mut style = style_from_name(&base);
    if let Some(desc) = descriptor(doc, font) {
        let flags = desc.get(b"Flags").and_then(Object::as_i64).unwrap_or(0);
        let weight = desc
            .get(b"FontWeight")
            .ok()
            .and_then(|w| {
                w.as_float()
                    .ok()
                    .or_else(|| w.as_i64().ok().map(|i| i as f32))
            })
            .unwrap_or(0.0);
        style.italic |= flags & 64 != 0;
        style.bold |= flags & 0x40000 != 0 || weight >= 600.0;
    }
    style
}

/// A font's descriptor, also that of a composite font's descendant.
fn descriptor<'a>(doc: &'a Document, font: &'a Dictionary) -> Option<&'a Dictionary> {
    dict(doc, font, b"FontDescriptor").or_else(|| {
        let kids = font.get(b"DescendantFonts").ok()?;
        let kids = doc.dereference(kids).ok()?.1.as_array().ok()?;
        let first = doc.dereference(kids.first()?).ok()?.1.as_dict().ok()?;
        dict(doc, first, b"FontDescriptor")
    })
}

/// Bold and italic as a font's name says them (lower case, subset prefix
/// allowed).
pub fn style_from_name(base: &str) -> Style {
    let name = base.split_once('+').map_or(base, |(_, n)| n);
    // the family part does not count: "Boldonse" is a family, "-Bold" a face
    let face = name.rsplit_once(['-', ',']).map_or("", |(_, face)| face);
    Style {
        bold: ["bold", "black", "heavy", "semibold", "demi"]
            .iter()
            .any(|w| face.contains(w)),
        italic: face.contains("italic") || face.contains("oblique"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn font_names_say_bold_and_italic() {
        let s = |n: &str| style_from_name(&n.to_lowercase());
        assert_eq!(
            s("AAAAAA+DejaVuSerif-Bold"),
            Style {
                bold: true,
                italic: false
            }
        );
        assert_eq!(
            s("DejaVuSerif-BoldItalic"),
            Style {
                bold: true,
                italic: true
            }
        );
        assert_eq!(
            s("TimesNewRomanPS-ItalicMT"),
            Style {
                bold: false,
                italic: true
            }
        );
        assert_eq!(
            s("Arial,BoldItalic"),
            Style {
                bold: true,
                italic: true
            }
        );
        assert_eq!(s("LiberationSerif"), Style::default());
        assert_eq!(
            s("Helvetica-Oblique"),
            Style {
                bold: false,
                italic: true
            }
        );
    }
}
