//! Errors and warnings as values: every problem noibo reports carries the
//! file, line and column it is about, and shows the offending line.
//!
//! The first line of a report is always `path:line:col: message`, the form
//! editors and terminals turn into a jump to the place; the source line and a
//! caret follow. (annotate-snippets prints rustc's `--> path` layout instead,
//! which is why this small formatter is our own.)

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is: errors stop the build, warnings are listed.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub(crate) enum Severity {
    Error,
    Warning,
}

/// A 1-based line and column (columns count characters, not bytes).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
pub(crate) struct Pos {
    pub line: usize,
    pub col: usize,
}

impl Pos {
    pub(crate) fn new(line: usize, col: usize) -> Self {
        Pos { line, col }
    }

    /// The position of byte `offset` in `text`.
    pub(crate) fn of_offset(text: &str, offset: usize) -> Pos {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let before = &text[..offset];
        let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Pos {
            line,
            col: text[line_start..offset].chars().count() + 1,
        }
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One problem, ready to print.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct Diagnostic {
    pub severity: Severity,
    /// Path as shown to the user (relative to the site root where possible).
    pub path: PathBuf,
    pub pos: Option<Pos>,
    pub message: String,
    /// The source line the position points into, when known.
    pub source_line: Option<String>,
}

/// Line `line` of a file whose body `body` starts at line `body_line`.
pub(crate) fn line_of_body(body: &str, body_line: usize, line: usize) -> Option<String> {
    body.split('\n')
        .nth(line.checked_sub(body_line)?)
        .map(|l| l.trim_end_matches('\r').to_string())
}

impl Diagnostic {
    pub(crate) fn error(
        path: impl Into<PathBuf>,
        pos: Option<Pos>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            pos,
            message: message.into(),
            source_line: None,
        }
    }

    pub(crate) fn warning(
        path: impl Into<PathBuf>,
        pos: Option<Pos>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, pos, message)
        }
    }

    /// Attaches the line at `self.pos` from the file's full text.
    pub(crate) fn with_source(mut self, text: &str) -> Self {
        if let Some(pos) = self.pos {
            self.source_line = text
                .split('\n')
                .nth(pos.line.saturating_sub(1))
                .map(|l| l.trim_end_matches('\r').to_string());
        }
        self
    }

    pub(crate) fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl Diagnostic {
    /// The diagnostic without its severity label (`path:line:col: message`
    /// and the source line), for a message that gets its label elsewhere:
    /// a `site.toml` error is printed after `error: ` like every fatal error.
    pub(crate) fn unlabelled(&self) -> String {
        let mut s = String::new();
        let _ = self.write(&mut s, None);
        s
    }

    fn write(&self, f: &mut dyn fmt::Write, level: Option<&str>) -> fmt::Result {
        let level = level.map(|l| format!("{l}: ")).unwrap_or_default();
        match self.pos {
            Some(p) => write!(
                f,
                "{}:{}:{}: {level}{}",
                self.path.display(),
                p.line,
                p.col,
                self.message
            )?,
            None => write!(f, "{}: {level}{}", self.path.display(), self.message)?,
        }
        if let (Some(line), Some(p)) = (&self.source_line, self.pos) {
            let gutter = p.line.to_string();
            let shown: String = line
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            write!(f, "\n {gutter} | {shown}")?;
            let pad: String = shown
                .chars()
                .take(p.col.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            write!(f, "\n {} | {pad}^", " ".repeat(gutter.len()))?;
        }
        Ok(())
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        self.write(f, Some(level))
    }
}

/// All problems found in one run, errors and warnings, in a stable order.
#[derive(Debug, Default, Clone)]
pub(crate) struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub(crate) fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub(crate) fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub(crate) fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub(crate) fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.is_error())
    }

    pub(crate) fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| !d.is_error())
    }

    /// Sorts by path, then position, then message, so reports are stable
    /// whatever order parallel stages finished in.
    pub(crate) fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            (a.severity, &a.path, a.pos, &a.message).cmp(&(b.severity, &b.path, b.pos, &b.message))
        });
        self.items.dedup();
    }

    pub(crate) fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

/// A failure that stops a command before content is looked at: bad
/// configuration, an unsafe output folder, an I/O error. Exit status 2.
#[derive(Debug)]
pub(crate) struct FatalError {
    pub message: String,
}

impl FatalError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        FatalError {
            message: message.into(),
        }
    }

    pub(crate) fn io(path: &Path, err: std::io::Error) -> Self {
        FatalError::new(format!("{}: {err}", path.display()))
    }
}

/// A problem that stops everything, such as an error in `site.toml`: its
/// place and source line kept, its label left to the printer (`error: `).
impl From<Diagnostic> for FatalError {
    fn from(d: Diagnostic) -> Self {
        FatalError::new(d.unlabelled())
    }
}

impl fmt::Display for FatalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FatalError {}

/// The closest of `candidates` to a misspelt `word`, if close enough to be a
/// plausible typo.
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters() {
        let text = "a: 1\nđịa: x\n";
        let off = text.find('x').unwrap();
        assert_eq!(Pos::of_offset(text, off), Pos::new(2, 6));
    }

    #[test]
    fn display_starts_with_path_line_col() {
        let d = Diagnostic::error("content/a.md", Some(Pos::new(3, 2)), "bad")
            .with_source("x\ny\n zz\n");
        let s = d.to_string();
        assert!(s.starts_with("content/a.md:3:2: error: bad"), "{s}");
        assert!(s.contains(" 3 |  zz"));
        assert!(s.ends_with("|  ^"), "{s}");
    }

    #[test]
    fn suggests_closest() {
        assert_eq!(
            closest("isuer", ["issuer", "title", "date"]),
            Some("issuer")
        );
        assert_eq!(closest("zzzz", ["issuer", "title"]), None);
    }
}
