//! The fields of a directive: each read on its own, then checked together
//! (the issuer required, the type checked against the number's type code
//! or worked out from it, deadlines not before the directive's date).

use super::Checker;
use crate::diagnostics::Pos;
use crate::model::field::{Field, Named, SignerField};
use crate::model::{Date, DirectiveMeta, Signer, WrittenStatus};
use crate::parse::yaml::Node;

/// A directive's fields as they are read, before they are checked whole.
#[derive(Default)]
pub(super) struct DirectiveRead<'n> {
    pub meta: DirectiveMeta,
    doc_type: Option<(String, Pos)>,
    issuer: Option<String>,
    status: Option<&'n Node>,
}

impl<'n> Checker<'_> {
    /// Reads one field of [`Field::of`] directives.
    pub(super) fn directive_field(&mut self, d: &mut DirectiveRead<'n>, f: Field, v: &'n Node) {
        let name = f.name();
        let m = &mut d.meta;
        match f {
            Field::Number => {
                m.number = self
                    .nonempty_text(name, v)
                    .and_then(|n| self.number(n, v.pos))
            }
            Field::Type => d.doc_type = self.nonempty_text(name, v).map(|t| (t, v.pos)),
            Field::Issuer => d.issuer = self.nonempty_text(name, v),
            Field::Place => m.place = self.nonempty_text(name, v),
            Field::Recipients => m.recipients = self.text_list(name, v),
            Field::Signer => m.signer = self.signer(v),
            Field::Distribution => m.distribution = self.text_list(name, v),
            Field::Implements => m.implements = self.refs(name, v),
            Field::Supersedes => m.supersedes = self.refs(name, v),
            Field::Status => d.status = Some(v),
            Field::Tasks => m.tasks = self.tasks(v),
            other => unreachable!("`{other}` is not a field of directives"),
        }
    }

    /// The directive once every field is read: status, issuer and type
    /// checked, deadlines compared with its `date`.
    pub(super) fn directive_whole(
        &mut self,
        d: DirectiveRead,
        date: Option<Date>,
        written: impl Fn(Field) -> bool,
    ) -> DirectiveMeta {
        let mut m = d.meta;
        if let Some(v) = d.status {
            m.status = self.status(v).unwrap_or_default();
        }
        match d.issuer {
            Some(i) => m.issuer = i,
            None if !written(Field::Issuer) => self.missing(Field::Issuer),
            None => {}
        }
        m.doc_type = match d.doc_type {
            Some((t, pos)) => self.checked_type(m.number.as_deref(), t, pos),
            None if written(Field::Type) => String::new(),
            None => self.type_from_number(m.number.as_deref()),
        };
        self.task_dates(&m.tasks, date);
        m
    }

    fn status(&mut self, v: &Node) -> Option<WrittenStatus> {
        let status = Field::Status;
        match self.text(status.name(), v).as_deref() {
            Some("in-force") => Some(WrittenStatus::InForce),
            Some("expired") => Some(WrittenStatus::Expired),
            Some(other) => {
                let supersedes = Field::Supersedes;
                self.err(v.pos, format!("`{status}` is `in-force` or `expired`, not `{other}` (superseded is worked out from `{supersedes}`)"));
                None
            }
            None => None,
        }
    }

    fn signer(&mut self, node: &Node) -> Option<Signer> {
        let signer = Field::Signer;
        let entries = self.map(signer.name(), node, SignerField::ALL)?;
        let mut s = Signer::default();
        for (f, v) in entries {
            let name = format!("{signer}.{}", f.name());
            match f {
                SignerField::Name => s.name = self.nonempty_text(&name, v).unwrap_or_default(),
                SignerField::Title => s.title = self.nonempty_text(&name, v),
                SignerField::OnBehalf => s.on_behalf = self.nonempty_text(&name, v),
            }
        }
        if s.name.is_empty() {
            let name = SignerField::Name.name();
            self.err(node.pos, format!("`{signer}` needs a `{name}`"));
            return None;
        }
        Some(s)
    }

    /// `number`, in the form the document-number grammar gives it.
    fn number(&mut self, number: String, pos: Pos) -> Option<String> {
        match noibo_refs::parse_number(&number) {
            Some(n) => Some(n.raw),
            None => {
                self.err(
                    pos,
                    format!(
                        "`{number}` is not a document number such as 58-CV/TCCS or 315/TTCS-TTCS"
                    ),
                );
                None
            }
        }
    }

    /// The type as written, checked against the number's type code.
    fn checked_type(&mut self, number: Option<&str>, written: String, pos: Pos) -> String {
        let code_names = type_names(number);
        let fits = code_names
            .iter()
            .any(|n| noibo_text::fold(n) == noibo_text::fold(&written));
        if !code_names.is_empty() && !fits {
            self.err(
                pos,
                format!(
                    "type `{written}` does not match number {}, which is a {}",
                    number.unwrap_or(""),
                    code_names.join(" or ")
                ),
            );
        }
        written
    }

    /// The type of a directive that does not write one: the number's type
    /// code, when it names exactly one type.
    fn type_from_number(&mut self, number: Option<&str>) -> String {
        let field = Field::Type;
        match type_names(number) {
            [one] => return one.to_string(),
            [] => self.err(
                Pos::new(1, 1),
                format!("missing required field `{field}` (the number does not show it)"),
            ),
            several => self.err(
                Pos::new(1, 1),
                format!(
                    "missing required field `{field}`: number {} may be a {}",
                    number.unwrap_or(""),
                    several.join(" or ")
                ),
            ),
        }
        String::new()
    }
}

/// The document types the number's type code stands for (none without one).
fn type_names(number: Option<&str>) -> &'static [&'static str] {
    number
        .and_then(noibo_refs::parse_number)
        .and_then(|n| n.type_code)
        .map_or(&[], |c| noibo_refs::type_names_for_code(&c))
}
