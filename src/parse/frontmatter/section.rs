//! The front matter of a section's `_index.md`: its title, its `kind`
//! (which every folder below inherits) and a description.

use std::path::Path;

use super::{Checker, Split, parse_root};
use crate::diagnostics::{Diagnostic, Pos, closest};
use crate::model::Kind;
use crate::model::field::{Field, Named, names};
use crate::parse::yaml::Node;

/// What a section's `_index.md` says: title, kind (with where it is
/// written) and description.
pub(crate) type SectionFront = (Option<String>, Option<(Kind, Pos)>, Option<String>);

/// Parses the front matter of a section's `_index.md`.
pub(crate) fn parse_section(path: &Path, split: &Split) -> Result<SectionFront, Vec<Diagnostic>> {
    let mut c = Checker::new(path, split);
    let Some(root) = parse_root(&mut c, split) else {
        return Err(c.errors);
    };
    let (mut title, mut kind, mut description) = (None, None, None);
    for (key, v) in &root {
        match Field::parse(&key.name).filter(|f| Field::SECTION.contains(f)) {
            Some(f @ Field::Title) => title = c.nonempty_text(f.name(), v),
            Some(f @ Field::Description) => description = c.nonempty_text(f.name(), v),
            Some(_) => kind = c.section_kind(v),
            None => {
                let hint = closest(&key.name, names(Field::SECTION))
                    .map(|b| format!("; did you mean `{b}`?"))
                    .unwrap_or_default();
                c.err(
                    key.pos,
                    format!(
                        "unknown field `{}` in a section's _index.md{hint}",
                        key.name
                    ),
                );
            }
        }
    }
    c.result((title, kind, description))
}

impl Checker<'_> {
    /// `kind`: one of the known kinds; an unknown one names the closest.
    fn section_kind(&mut self, v: &Node) -> Option<(Kind, Pos)> {
        let k = self.text(Field::Kind.name(), v)?;
        if let Some(kind) = Kind::parse(&k) {
            return Some((kind, self.file_pos(v.pos)));
        }
        let hint = closest(&k, Kind::NAMES)
            .map(|b| format!("; did you mean `{b}`?"))
            .unwrap_or_default();
        self.err(
            v.pos,
            format!(
                "unknown kind `{k}`: use one of {}{hint}",
                Kind::NAMES.join(", ")
            ),
        );
        None
    }
}
