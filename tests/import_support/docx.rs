//! Builds `.docx` files with the layout of a real directive: the header and
//! the signature as borderless two-column tables, Word list numbering for
//! numbered items, a real footnote (`word/footnotes.xml`), bold and italic
//! runs, line breaks inside paragraphs.
//!
//! Paragraph text is written in a small markup: `\n` a line break, `**b**`
//! bold, `*i*` italic, `[^1]` a footnote reference.

use std::io::Write as _;

/// A directive to lay out.
pub struct Layout<'a> {
    /// Header table: left cell, right cell (paragraphs). Empty: no header.
    pub header: (Vec<&'a str>, Vec<&'a str>),
    /// Paragraphs between the header and the body (subject, Kính gửi).
    pub before: Vec<&'a str>,
    /// The body as Markdown paragraphs (as in a sample page): "1. x" items
    /// become Word numbering, `[^1]: …` definitions footnotes.
    pub body: &'a str,
    /// Signature table: left cell (Nơi nhận), right cell (signature).
    pub tail: (Vec<&'a str>, Vec<&'a str>),
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Runs of one paragraph from the markup.
fn runs(text: &str) -> String {
    runs_sized(text, 26)
}

/// Runs in a font size of `half_points` (26: 13 pt, the body of a directive).
fn runs_sized(text: &str, half_points: u32) -> String {
    let mut out = String::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<w:r><w:br/></w:r>");
        }
        let mut rest = line;
        let mut bold = false;
        let mut italic = false;
        while !rest.is_empty() {
            if let Some(r) = rest.strip_prefix("**") {
                bold = !bold;
                rest = r;
                continue;
            }
            if let Some(r) = rest.strip_prefix('*') {
                italic = !italic;
                rest = r;
                continue;
            }
            if let Some(r) = rest.strip_prefix("[^") {
                let (id, after) = r.split_once(']').unwrap();
                out.push_str(&format!("<w:r><w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr><w:footnoteReference w:id=\"{id}\"/></w:r>"));
                rest = after;
                continue;
            }
            let end = rest
                .find(['*', '['])
                .map(|e| if e == 0 { 1 } else { e })
                .unwrap_or(rest.len());
            let (t, r) = rest.split_at(end);
            let mut pr = String::new();
            if bold {
                pr.push_str("<w:b/>");
            }
            if italic {
                pr.push_str("<w:i/>");
            }
            out.push_str(&format!(
                "<w:r><w:rPr><w:rFonts w:ascii=\"DejaVu Serif\" w:hAnsi=\"DejaVu Serif\"/>{pr}<w:sz w:val=\"{half_points}\"/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>",
                esc(t)
            ));
            rest = r;
        }
    }
    out
}

fn para(text: &str, center: bool) -> String {
    let jc = if center {
        "<w:jc w:val=\"center\"/>"
    } else {
        "<w:jc w:val=\"both\"/>"
    };
    format!(
        "<w:p><w:pPr>{jc}<w:spacing w:after=\"120\"/></w:pPr>{}</w:p>",
        runs(text)
    )
}

fn numbered(text: &str) -> String {
    format!(
        "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr><w:jc w:val=\"both\"/><w:spacing w:after=\"120\"/></w:pPr>{}</w:p>",
        runs(text)
    )
}

fn table(left: &[&str], right: &[&str]) -> String {
    let cell = |ps: &[&str], w: u32| {
        let body: String = if ps.is_empty() {
            para("", true)
        } else {
            ps.iter().map(|p| para(p, true)).collect()
        };
        format!("<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/></w:tcPr>{body}</w:tc>")
    };
    format!(
        "<w:tbl><w:tblPr><w:tblW w:w=\"9100\" w:type=\"dxa\"/><w:tblBorders><w:top w:val=\"nil\"/><w:left w:val=\"nil\"/><w:bottom w:val=\"nil\"/><w:right w:val=\"nil\"/><w:insideH w:val=\"nil\"/><w:insideV w:val=\"nil\"/></w:tblBorders></w:tblPr><w:tblGrid><w:gridCol w:w=\"3900\"/><w:gridCol w:w=\"5200\"/></w:tblGrid><w:tr>{}{}</w:tr></w:tbl>",
        cell(left, 3900),
        cell(right, 5200)
    )
}

const NS: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";

/// Splits `1. text` off as a Word-numbered item.
fn item(p: &str) -> Option<&str> {
    let (n, rest) = p.split_once(". ")?;
    (!n.is_empty() && n.len() <= 2 && n.chars().all(|c| c.is_ascii_digit())).then_some(rest)
}

/// The `.docx` bytes of `l`.
pub fn build(l: &Layout) -> Vec<u8> {
    let mut body = String::new();
    if !l.header.0.is_empty() || !l.header.1.is_empty() {
        body.push_str(&table(&l.header.0, &l.header.1));
    }
    for p in &l.before {
        body.push_str(&format!(
            "<w:p><w:pPr><w:spacing w:after=\"120\"/></w:pPr>{}</w:p>",
            runs(p)
        ));
    }
    let mut notes = String::new();
    for p in l.body.trim().split("\n\n") {
        if let Some(def) = p.strip_prefix("[^") {
            let (id, text) = def.split_once("]:").unwrap();
            let text = text.trim().replace("\\\n    ", "\n");
            notes.push_str(&format!("<w:footnote w:id=\"{id}\"><w:p><w:r><w:rPr><w:vertAlign w:val=\"superscript\"/><w:sz w:val=\"20\"/></w:rPr><w:footnoteRef/></w:r>{}</w:p></w:footnote>", runs_sized(&format!(" {text}"), 20)));
            continue;
        }
        match item(p) {
            Some(rest) => body.push_str(&numbered(rest)),
            None => body.push_str(&para(p, false)),
        }
    }
    body.push_str(&table(&l.tail.0, &l.tail.1));
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document {NS}><w:body>{body}<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1134\" w:right=\"1134\" w:bottom=\"1134\" w:left=\"1701\" w:header=\"0\" w:footer=\"0\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>"
    );
    let footnotes = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:footnotes {NS}><w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type=\"continuationSeparator\" w:id=\"0\"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>{notes}</w:footnotes>"
    );
    let numbering = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:numbering {NS}><w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"0\" w:firstLine=\"567\"/></w:pPr></w:lvl></w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>"
    );
    let parts: [(&str, String); 6] = [
        ("[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/><Override PartName=\"/word/numbering.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml\"/><Override PartName=\"/word/footnotes.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml\"/></Types>".into()),
        ("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>".into()),
        ("word/_rels/document.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering\" Target=\"numbering.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes\" Target=\"footnotes.xml\"/></Relationships>".into()),
        ("word/document.xml", document),
        ("word/footnotes.xml", footnotes),
        ("word/numbering.xml", numbering),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for (name, text) in parts {
        zip.start_file(name, opts).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}
