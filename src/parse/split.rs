//! A content file cut at its `---` lines into front matter and body.

use crate::diagnostics::Pos;

/// A file cut into its front matter and body.
pub(crate) struct Split<'a> {
    /// YAML text (without the `---` lines).
    pub yaml: &'a str,
    /// Line of the file where the YAML starts.
    pub yaml_line: usize,
    pub body: &'a str,
    /// Line of the file where the body starts.
    pub body_line: usize,
}

/// Cuts `text` (BOM removed, LF line endings) at its `---` lines.
pub(crate) fn split(text: &str) -> Result<Split<'_>, (String, Pos)> {
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return Err((
            "missing front matter: the file must start with a `---` line".into(),
            Pos::new(1, 1),
        ));
    };
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Ok(Split {
                yaml: &rest[..offset],
                yaml_line: 2,
                body: &rest[offset + line.len()..],
                body_line: i + 3,
            });
        }
        offset += line.len();
    }
    Err((
        "front matter is not closed: no `---` line after it".into(),
        Pos::new(1, 1),
    ))
}
