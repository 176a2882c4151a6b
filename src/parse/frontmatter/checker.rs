//! Reading typed values out of front-matter YAML: every problem of a file
//! collected with its line and column in the file, none stopping the rest.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Pos, closest};
use crate::model::field::{Field, Named, names};
use crate::model::{Date, Format, RefSpec};
use crate::parse::split::Split;
use crate::parse::yaml::{Key, Node, Value};

/// Collects problems for one file.
pub(super) struct Checker<'a> {
    pub path: &'a Path,
    /// Added to YAML line numbers to get file line numbers.
    pub line_offset: usize,
    pub errors: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    pub fn new(path: &'a Path, split: &Split) -> Self {
        Checker {
            path,
            line_offset: split.yaml_line - 1,
            errors: Vec::new(),
        }
    }

    /// `value` if nothing was wrong, else every problem found.
    pub fn result<T>(self, value: T) -> Result<T, Vec<Diagnostic>> {
        if self.errors.is_empty() {
            Ok(value)
        } else {
            Err(self.errors)
        }
    }

    /// A problem at `pos`, a position in the YAML.
    pub fn err(&mut self, pos: Pos, message: impl Into<String>) {
        let pos = self.file_pos(pos);
        self.errors
            .push(Diagnostic::error(self.path, Some(pos), message));
    }

    /// A required field that is not written, reported at the file's start.
    pub fn missing(&mut self, field: Field) {
        self.err(Pos::new(1, 1), format!("missing required field `{field}`"));
    }

    /// A position in the YAML as a position in the file.
    pub fn file_pos(&self, pos: Pos) -> Pos {
        Pos::new(pos.line + self.line_offset, pos.col)
    }

    pub fn text(&mut self, field: &str, node: &Node) -> Option<String> {
        match &node.value {
            Value::Str(s) => Some(s.trim().to_string()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            other => {
                self.err(
                    node.pos,
                    format!("`{field}` must be text, not {}", other.describe()),
                );
                None
            }
        }
    }

    pub fn nonempty_text(&mut self, field: &str, node: &Node) -> Option<String> {
        let s = self.text(field, node)?;
        if s.is_empty() {
            self.err(node.pos, format!("`{field}` is empty"));
            return None;
        }
        Some(s)
    }

    pub fn text_list(&mut self, field: &str, node: &Node) -> Vec<String> {
        match &node.value {
            Value::Seq(items) => items
                .iter()
                .filter_map(|n| self.nonempty_text(field, n))
                .collect(),
            Value::Null => Vec::new(),
            _ => self.nonempty_text(field, node).into_iter().collect(),
        }
    }

    pub fn boolean(&mut self, field: &str, node: &Node) -> bool {
        match node.value {
            Value::Bool(b) => b,
            ref other => {
                self.err(
                    node.pos,
                    format!("`{field}` must be true or false, not {}", other.describe()),
                );
                false
            }
        }
    }

    pub fn date(&mut self, field: &str, node: &Node) -> Option<Date> {
        let s = self.text(field, node)?;
        match parse_date(&s) {
            Ok(d) => Some(d),
            Err(m) => {
                self.err(node.pos, format!("`{field}`: {m}"));
                None
            }
        }
    }

    /// The entries of the mapping `field` that are among `allowed`; each
    /// other entry is an error naming the closest allowed one.
    pub fn map<'n, F: Named>(
        &mut self,
        field: &str,
        node: &'n Node,
        allowed: &[F],
    ) -> Option<Vec<(F, &'n Node)>> {
        let Value::Map(entries) = &node.value else {
            self.err(
                node.pos,
                format!(
                    "`{field}` must be a mapping of {}, not {}",
                    join(allowed),
                    node.value.describe()
                ),
            );
            return None;
        };
        let mut out = Vec::new();
        for (key, value) in entries {
            match F::parse(&key.name).filter(|f| allowed.contains(f)) {
                Some(f) => out.push((f, value)),
                None => self.unknown_in(field, key, allowed),
            }
        }
        Some(out)
    }

    fn unknown_in<F: Named>(&mut self, field: &str, key: &Key, allowed: &[F]) {
        let hint = closest(&key.name, names(allowed))
            .map(|c| format!("; did you mean `{c}`?"))
            .unwrap_or_else(|| format!("; `{field}` has {}", join(allowed)));
        self.err(
            key.pos,
            format!("unknown field `{}` in `{field}`{hint}", key.name),
        );
    }

    /// `format`: one of the known formats; an unknown one names the closest.
    pub fn format(&mut self, node: &Node) -> Format {
        let Some(text) = self.text(Field::Format.name(), node) else {
            return Format::default();
        };
        if let Some(f) = Format::parse(&text) {
            return f;
        }
        let names = Format::ALL.map(Format::as_str);
        let hint = closest(&text, names)
            .map(|c| format!("did you mean `{c}`? "))
            .unwrap_or_default();
        self.err(
            node.pos,
            format!(
                "unknown format `{text}` ({hint}formats: {})",
                names.join(", ")
            ),
        );
        Format::default()
    }

    /// `implements`, `supersedes`, `related`: references to directives,
    /// each a bare number or a `{number, issuer, date}` mapping.
    pub fn refs(&mut self, field: &str, node: &Node) -> Vec<RefSpec> {
        let items: Vec<&Node> = match &node.value {
            Value::Seq(items) => items.iter().collect(),
            Value::Null => Vec::new(),
            _ => vec![node],
        };
        let out: Vec<RefSpec> = items
            .into_iter()
            .filter_map(|item| match &item.value {
                Value::Map(_) => self.ref_mapping(field, item),
                _ => self.nonempty_text(field, item).map(|number| RefSpec {
                    number,
                    issuer: None,
                    date: None,
                    pos: self.file_pos(item.pos),
                }),
            })
            .collect();
        for r in &out {
            if noibo_refs::parse_number(&r.number).is_none() {
                let pos = Pos::new(r.pos.line - self.line_offset, r.pos.col);
                self.err(pos, format!("`{}` in `{field}` is not a document number such as 58-CV/TCCS or 315/TTCS-TTCS", r.number));
            }
        }
        out
    }

    /// `{number, issuer, date}`: a reference that says which directive.
    fn ref_mapping(&mut self, field: &str, item: &Node) -> Option<RefSpec> {
        let entries = self.map(field, item, Field::REFERENCE)?;
        let mut r = RefSpec {
            number: String::new(),
            issuer: None,
            date: None,
            pos: self.file_pos(item.pos),
        };
        for (f, v) in entries {
            match f {
                Field::Number => r.number = self.nonempty_text(f.name(), v).unwrap_or_default(),
                Field::Issuer => r.issuer = self.nonempty_text(f.name(), v),
                _ => r.date = self.date(f.name(), v),
            }
        }
        if r.number.is_empty() {
            self.err(
                item.pos,
                format!(
                    "a reference in `{field}` needs a `{}`",
                    Field::Number.name()
                ),
            );
            return None;
        }
        Some(r)
    }
}

/// `a, b, c`: the names of `fields`.
fn join<F: Named>(fields: &[F]) -> String {
    names(fields).collect::<Vec<_>>().join(", ")
}

/// Parses `YYYY-MM-DD` into a real calendar date.
fn parse_date(s: &str) -> Result<Date, String> {
    let parts: Vec<&str> = s.trim().split('-').collect();
    let nums: Option<Vec<i32>> = parts.iter().map(|p| p.parse::<i32>().ok()).collect();
    match (parts.len(), nums) {
        (3, Some(n)) if parts[0].len() == 4 => Date::new(n[0] as i16, n[1] as i8, n[2] as i8)
            .map_err(|_| format!("{s} is not a date that exists")),
        _ => Err(format!("`{s}` is not a date written as YYYY-MM-DD")),
    }
}
