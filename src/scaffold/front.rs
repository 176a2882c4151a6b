//! Front matter as `noibo new` and `noibo init` write it: fields set or
//! shown commented out, each with an optional note, names taken from
//! [`crate::model::field`]. Values are YAML already (see [`super::quoted`]).

use crate::model::field::Named;

/// One file's front matter, written field by field.
pub(crate) struct Front {
    text: String,
}

/// Whether a field is set, or shown as an example to uncomment.
#[derive(Clone, Copy)]
enum Line {
    Set,
    Example,
}

impl Line {
    fn prefix(self) -> &'static str {
        match self {
            Line::Set => "",
            Line::Example => "# ",
        }
    }
}

impl Front {
    pub(crate) fn new() -> Front {
        Front {
            text: "---\n".to_string(),
        }
    }

    /// `name: value  # note`.
    pub(crate) fn set(&mut self, field: impl Named, value: &str, note: &str) -> &mut Front {
        self.scalar(Line::Set, field.name(), value, note)
    }

    /// `# name: value  # note`: a field the page may have.
    pub(crate) fn example(&mut self, field: impl Named, value: &str, note: &str) -> &mut Front {
        self.scalar(Line::Example, field.name(), value, note)
    }

    /// `name:  # note` and an item per line.
    pub(crate) fn set_list(&mut self, field: impl Named, items: &[String]) -> &mut Front {
        self.list(Line::Set, field.name(), items, "")
    }

    /// The same, commented out.
    pub(crate) fn example_list(
        &mut self,
        field: impl Named,
        items: &[String],
        note: &str,
    ) -> &mut Front {
        self.list(Line::Example, field.name(), items, note)
    }

    /// `name:` and a `key: value` per line.
    pub(crate) fn set_map<F: Named>(
        &mut self,
        field: impl Named,
        entries: &[(F, String)],
    ) -> &mut Front {
        self.map(Line::Set, field.name(), entries)
    }

    /// The same, commented out.
    pub(crate) fn example_map<F: Named>(
        &mut self,
        field: impl Named,
        entries: &[(F, String)],
    ) -> &mut Front {
        self.map(Line::Example, field.name(), entries)
    }

    /// The whole file: the front matter, then `body`.
    pub(crate) fn with_body(&mut self, body: &str) -> String {
        format!("{}---\n\n{body}", self.text)
    }

    /// Only the front matter.
    pub(crate) fn finish(&mut self) -> String {
        format!("{}---\n", self.text)
    }

    fn scalar(&mut self, line: Line, name: &str, value: &str, note: &str) -> &mut Front {
        let p = line.prefix();
        self.text
            .push_str(&format!("{p}{name}: {value}{}\n", note_text(note)));
        self
    }

    fn list(&mut self, line: Line, name: &str, items: &[String], note: &str) -> &mut Front {
        let p = line.prefix();
        self.text
            .push_str(&format!("{p}{name}:{}\n", note_text(note)));
        for item in items {
            self.text.push_str(&format!("{p}  - {item}\n"));
        }
        self
    }

    fn map<F: Named>(&mut self, line: Line, name: &str, entries: &[(F, String)]) -> &mut Front {
        let p = line.prefix();
        self.text.push_str(&format!("{p}{name}:\n"));
        for (key, value) in entries {
            self.text
                .push_str(&format!("{p}  {}: {value}\n", key.name()));
        }
        self
    }
}

/// `  # note`, or nothing.
fn note_text(note: &str) -> String {
    if note.is_empty() {
        String::new()
    } else {
        format!("  # {note}")
    }
}

/// `{ a: 1, b: 2 }`: a mapping written on one line, as a list item.
pub(crate) fn inline_map<F: Named>(entries: &[(F, &str)]) -> String {
    let inner: Vec<String> = entries
        .iter()
        .map(|(k, v)| format!("{}: {v}", k.name()))
        .collect();
    format!("{{ {} }}", inner.join(", "))
}
