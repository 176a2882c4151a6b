//! Front matter, once split from the body (`parse::split`): checked against
//! the fields the page's kind has (SPEC "Front matter"), collecting every problem of the
//! file, each with its line and column.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Pos, closest};
use crate::model::{
    Date, DirectiveMeta, Format, FrontMatter, Kind, KindMeta, MaterialMeta, ModelMeta, RefSpec,
    Signer, UnitMeta, WrittenStatus,
};
use crate::parse::yaml::{self, Key, Node, Value};

pub(crate) use crate::parse::split::{Split, split};

const COMMON: &[&str] = &["title", "date", "tags", "summary", "draft"];
const DIRECTIVE: &[&str] = &[
    "number",
    "type",
    "issuer",
    "place",
    "recipients",
    "signer",
    "distribution",
    "implements",
    "supersedes",
    "status",
    "tasks",
];
const MODEL: &[&str] = &["unit", "locality", "image", "related", "format"];
const MATERIAL: &[&str] = &["topic", "series", "order", "audience", "unit", "format"];
const UNIT: &[&str] = &["short", "aliases", "parent"];
const SECTION: &[&str] = &["title", "kind", "description"];

fn fields_of(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Directives => DIRECTIVE,
        Kind::Models => MODEL,
        Kind::Materials => MATERIAL,
        Kind::Units => UNIT,
        Kind::Media => media::MEDIA,
        Kind::Newsletter => media::NEWSLETTER,
        Kind::Pages => &[],
    }
}

/// Collects problems for one file.
struct Checker<'a> {
    path: &'a Path,
    /// Added to YAML line numbers to get file line numbers.
    line_offset: usize,
    errors: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn err(&mut self, pos: Pos, message: impl Into<String>) {
        let pos = Pos::new(pos.line + self.line_offset, pos.col);
        self.errors
            .push(Diagnostic::error(self.path, Some(pos), message));
    }

    fn text(&mut self, field: &str, node: &Node) -> Option<String> {
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

    fn nonempty_text(&mut self, field: &str, node: &Node) -> Option<String> {
        let s = self.text(field, node)?;
        if s.is_empty() {
            self.err(node.pos, format!("`{field}` is empty"));
            return None;
        }
        Some(s)
    }

    fn text_list(&mut self, field: &str, node: &Node) -> Vec<String> {
        match &node.value {
            Value::Seq(items) => items
                .iter()
                .filter_map(|n| self.nonempty_text(field, n))
                .collect(),
            Value::Null => Vec::new(),
            _ => self.nonempty_text(field, node).into_iter().collect(),
        }
    }

    fn boolean(&mut self, field: &str, node: &Node) -> bool {
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

    fn date(&mut self, field: &str, node: &Node) -> Option<Date> {
        let s = self.text(field, node)?;
        match parse_date(&s) {
            Ok(d) => Some(d),
            Err(m) => {
                self.err(node.pos, format!("`{field}`: {m}"));
                None
            }
        }
    }

    fn map<'n>(
        &mut self,
        field: &str,
        node: &'n Node,
        allowed: &[&str],
    ) -> Option<Vec<&'n (Key, Node)>> {
        let Value::Map(entries) = &node.value else {
            self.err(
                node.pos,
                format!(
                    "`{field}` must be a mapping of {}, not {}",
                    allowed.join(", "),
                    node.value.describe()
                ),
            );
            return None;
        };
        let mut out = Vec::new();
        for e in entries {
            if allowed.contains(&e.0.name.as_str()) {
                out.push(e);
            } else {
                let hint = closest(&e.0.name, allowed.iter().copied())
                    .map(|c| format!("; did you mean `{c}`?"))
                    .unwrap_or_else(|| format!("; `{field}` has {}", allowed.join(", ")));
                self.err(
                    e.0.pos,
                    format!("unknown field `{}` in `{field}`{hint}", e.0.name),
                );
            }
        }
        Some(out)
    }

    /// `format`: one of the known formats; an unknown one names the closest.
    fn format(&mut self, node: &Node) -> Format {
        let Some(text) = self.text("format", node) else {
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

    fn signer(&mut self, node: &Node) -> Option<Signer> {
        let entries = self.map("signer", node, &["name", "title", "on_behalf"])?;
        let mut s = Signer::default();
        for (k, v) in entries {
            match k.name.as_str() {
                "name" => s.name = self.nonempty_text("signer.name", v).unwrap_or_default(),
                "title" => s.title = self.nonempty_text("signer.title", v),
                _ => s.on_behalf = self.nonempty_text("signer.on_behalf", v),
            }
        }
        if s.name.is_empty() {
            self.err(node.pos, "`signer` needs a `name`");
            return None;
        }
        Some(s)
    }

    fn refs(&mut self, field: &str, node: &Node) -> Vec<RefSpec> {
        let items: Vec<&Node> = match &node.value {
            Value::Seq(items) => items.iter().collect(),
            Value::Null => Vec::new(),
            _ => vec![node],
        };
        let mut out = Vec::new();
        for item in items {
            match &item.value {
                Value::Map(_) => {
                    let Some(entries) = self.map(field, item, &["number", "issuer", "date"]) else {
                        continue;
                    };
                    let mut r = RefSpec {
                        number: String::new(),
                        issuer: None,
                        date: None,
                        pos: self.file_pos(item.pos),
                    };
                    for (k, v) in entries {
                        match k.name.as_str() {
                            "number" => {
                                r.number = self.nonempty_text("number", v).unwrap_or_default()
                            }
                            "issuer" => r.issuer = self.nonempty_text("issuer", v),
                            _ => r.date = self.date("date", v),
                        }
                    }
                    if r.number.is_empty() {
                        self.err(
                            item.pos,
                            format!("a reference in `{field}` needs a `number`"),
                        );
                    } else {
                        out.push(r);
                    }
                }
                _ => {
                    if let Some(number) = self.nonempty_text(field, item) {
                        out.push(RefSpec {
                            number,
                            issuer: None,
                            date: None,
                            pos: self.file_pos(item.pos),
                        });
                    }
                }
            }
        }
        for r in &out {
            if noibo_refs::parse_number(&r.number).is_none() {
                let pos = Pos::new(r.pos.line - self.line_offset, r.pos.col);
                self.err(pos, format!("`{}` in `{field}` is not a document number such as 58-CV/TCCS or 315/TTCS-TTCS", r.number));
            }
        }
        out
    }

    fn file_pos(&self, pos: Pos) -> Pos {
        Pos::new(pos.line + self.line_offset, pos.col)
    }
}

/// Parses `YYYY-MM-DD` into a real calendar date.
pub(crate) fn parse_date(s: &str) -> Result<Date, String> {
    let parts: Vec<&str> = s.trim().split('-').collect();
    let nums: Option<Vec<i32>> = parts.iter().map(|p| p.parse::<i32>().ok()).collect();
    match (parts.len(), nums) {
        (3, Some(n)) if parts[0].len() == 4 => Date::new(n[0] as i16, n[1] as i8, n[2] as i8)
            .map_err(|_| format!("{s} is not a date that exists")),
        _ => Err(format!("`{s}` is not a date written as YYYY-MM-DD")),
    }
}

/// Parses the front matter of a page of `kind`. Errors carry file positions.
pub(crate) fn parse_page(
    path: &Path,
    split: &Split,
    kind: Kind,
) -> Result<FrontMatter, Vec<Diagnostic>> {
    let mut c = Checker {
        path,
        line_offset: split.yaml_line - 1,
        errors: Vec::new(),
    };
    let Some(root) = parse_root(&mut c, split) else {
        return Err(c.errors);
    };
    let entries: Vec<&(Key, Node)> = root.iter().collect();
    let own = fields_of(kind);
    let mut title = None;
    let mut date = None;
    let mut fm = FrontMatter {
        title: String::new(),
        date: None,
        tags: Vec::new(),
        summary: None,
        draft: false,
        meta: KindMeta::Page,
    };
    let mut d = DirectiveMeta::default();
    let (mut doc_type, mut issuer) = (None, None);
    let mut status_node = None;
    let mut m = ModelMeta::default();
    let mut mat = MaterialMeta::default();
    let mut unit = UnitMeta::default();
    let mut extra = media::Extra::default();
    for (key, v) in &entries {
        let name = key.name.as_str();
        if !COMMON.contains(&name) && !own.contains(&name) {
            unknown_field(&mut c, key, kind);
            continue;
        }
        if matches!(kind, Kind::Media | Kind::Newsletter) && own.contains(&name) {
            extra.field(&mut c, name, v);
            continue;
        }
        match name {
            "title" => title = c.nonempty_text(name, v),
            "date" => date = c.date(name, v),
            "tags" => fm.tags = c.text_list(name, v),
            "summary" => fm.summary = c.nonempty_text(name, v),
            "draft" => fm.draft = c.boolean(name, v),
            "number" => {
                d.number = c
                    .nonempty_text(name, v)
                    .map(|n| (n, v.pos))
                    .and_then(|(n, p)| check_number(&mut c, n, p))
            }
            "type" => doc_type = c.nonempty_text(name, v).map(|t| (t, v.pos)),
            "issuer" => issuer = c.nonempty_text(name, v),
            "place" => d.place = c.nonempty_text(name, v),
            "recipients" => d.recipients = c.text_list(name, v),
            "signer" => d.signer = c.signer(v),
            "distribution" => d.distribution = c.text_list(name, v),
            "implements" => d.implements = c.refs(name, v),
            "supersedes" => d.supersedes = c.refs(name, v),
            "status" => status_node = Some(v),
            "tasks" => d.tasks = c.tasks(v),
            "short" | "aliases" | "parent" => c.unit_field(&mut unit, name, v),
            "unit" => {
                m.unit = c.nonempty_text(name, v);
                mat.unit = m.unit.clone();
            }
            "format" => {
                let format = c.format(v);
                (m.format, mat.format) = (format, format);
            }
            "locality" => m.locality = c.nonempty_text(name, v),
            "image" => {
                m.image = c
                    .nonempty_text(name, v)
                    .and_then(|t| check_image(&mut c, t, v.pos));
                m.image_pos = c.file_pos(v.pos);
            }
            "related" => m.related = c.refs(name, v),
            "topic" => mat.topic = c.nonempty_text(name, v),
            "series" => mat.series = c.nonempty_text(name, v),
            "order" => match v.value {
                Value::Int(i) if (0..=u32::MAX as i64).contains(&i) => mat.order = Some(i as u32),
                ref other => c.err(
                    v.pos,
                    format!("`order` must be a whole number, not {}", other.describe()),
                ),
            },
            "audience" => mat.audience = c.text_list(name, v),
            _ => unreachable!("every known field is handled"),
        }
    }
    let whole = Pos::new(1, 1);
    match title {
        Some(t) => fm.title = t,
        None if !has(&entries, "title") => c.err(whole, "missing required field `title`"),
        None => {}
    }
    fm.date = date;
    if date.is_none() && !matches!(kind, Kind::Pages | Kind::Units) && !has(&entries, "date") {
        c.err(whole, "missing required field `date`");
    }
    if kind == Kind::Directives {
        if let Some(v) = status_node {
            match c.text("status", v).as_deref() {
                Some("in-force") => d.status = WrittenStatus::InForce,
                Some("expired") => d.status = WrittenStatus::Expired,
                Some(other) => c.err(v.pos, format!("`status` is `in-force` or `expired`, not `{other}` (superseded is worked out from `supersedes`)")),
                None => {}
            }
        }
        match issuer {
            Some(i) => d.issuer = i,
            None if !has(&entries, "issuer") => c.err(whole, "missing required field `issuer`"),
            None => {}
        }
        d.doc_type = resolve_type(&mut c, d.number.as_deref(), doc_type, &entries);
        c.task_dates(&d.tasks, date);
    }
    fm.meta = match kind {
        Kind::Directives => KindMeta::Directive(d),
        Kind::Models => KindMeta::Model(m),
        Kind::Materials => KindMeta::Material(mat),
        Kind::Units => KindMeta::Unit(unit),
        Kind::Media => KindMeta::Media(extra.media),
        Kind::Newsletter => KindMeta::Newsletter(extra.newsletter),
        Kind::Pages => KindMeta::Page,
    };
    if c.errors.is_empty() {
        Ok(fm)
    } else {
        Err(c.errors)
    }
}

fn has(entries: &[&(Key, Node)], name: &str) -> bool {
    entries.iter().any(|e| e.0.name == name)
}

/// Parses the YAML of the front matter; it must be a mapping.
fn parse_root(c: &mut Checker, split: &Split) -> Option<Vec<(Key, Node)>> {
    match yaml::parse(split.yaml) {
        Ok(Node {
            value: Value::Map(entries),
            ..
        }) => Some(entries),
        Ok(Node {
            value: Value::Null, ..
        }) => Some(Vec::new()),
        Ok(other) => {
            c.err(
                other.pos,
                format!(
                    "front matter must be a mapping of fields, not {}",
                    other.value.describe()
                ),
            );
            None
        }
        Err(e) => {
            c.err(e.pos.unwrap_or(Pos::new(1, 1)), e.message);
            None
        }
    }
}

fn unknown_field(c: &mut Checker, key: &Key, kind: Kind) {
    let own = fields_of(kind);
    let mut msg = format!("unknown field `{}`", key.name);
    if let Some(best) = closest(&key.name, COMMON.iter().chain(own).copied()) {
        msg.push_str(&format!("; did you mean `{best}`?"));
    } else if let Some(other) = [
        Kind::Directives,
        Kind::Models,
        Kind::Materials,
        Kind::Media,
        Kind::Units,
    ]
    .into_iter()
    .find(|k| fields_of(*k).contains(&key.name.as_str()))
    {
        msg.push_str(&format!(
            "; `{}` is a field of {}, and this page is in a section of {}",
            key.name,
            other.as_str(),
            kind.as_str()
        ));
    }
    c.err(key.pos, msg);
}

/// `image` is a path from the site root to a file of the site: nothing
/// absolute, no `..`, no address, so it cannot point outside the site.
fn check_image(c: &mut Checker, image: String, pos: Pos) -> Option<String> {
    let bad = if image.starts_with('/') || image.starts_with('\\') {
        Some("is an absolute path")
    } else if crate::links::has_scheme(&image) {
        Some("is an address, not a file of the site")
    } else if image.contains('\\') {
        Some("contains `\\`; separate folders with `/`")
    } else if image
        .to_ascii_lowercase()
        .replace("%2e", ".")
        .split('/')
        .any(|s| s == "..")
    {
        Some("contains `..`")
    } else if image.chars().any(char::is_control) {
        Some("contains a control character")
    } else {
        None
    };
    match bad {
        None => Some(image),
        Some(why) => {
            c.err(
                pos,
                format!("`image: {image}` {why}: give the path of an image of the site from its root, such as mo-hinh/anh.jpg"),
            );
            None
        }
    }
}

fn check_number(c: &mut Checker, number: String, pos: Pos) -> Option<String> {
    match noibo_refs::parse_number(&number) {
        Some(n) => Some(n.raw),
        None => {
            c.err(
                pos,
                format!("`{number}` is not a document number such as 58-CV/TCCS or 315/TTCS-TTCS"),
            );
            None
        }
    }
}

/// The document type: as written, checked against the number's type code,
/// or inferred from the code when that is unambiguous.
fn resolve_type(
    c: &mut Checker,
    number: Option<&str>,
    written: Option<(String, Pos)>,
    entries: &[&(Key, Node)],
) -> String {
    let parsed = number.and_then(noibo_refs::parse_number);
    let code_names: &[&str] = parsed
        .as_ref()
        .and_then(|n| n.type_code.as_deref())
        .map(noibo_refs::type_names_for_code)
        .unwrap_or(&[]);
    match written {
        Some((t, pos)) => {
            if !code_names.is_empty()
                && !code_names
                    .iter()
                    .any(|n| noibo_text::fold(n) == noibo_text::fold(&t))
            {
                c.err(
                    pos,
                    format!(
                        "type `{t}` does not match number {}, which is a {}",
                        number.unwrap_or(""),
                        code_names.join(" or ")
                    ),
                );
            }
            t
        }
        None if has(entries, "type") => String::new(),
        None => match code_names {
            [one] => one.to_string(),
            [] => {
                c.err(
                    Pos::new(1, 1),
                    "missing required field `type` (the number does not show it)",
                );
                String::new()
            }
            several => {
                c.err(
                    Pos::new(1, 1),
                    format!(
                        "missing required field `type`: number {} may be a {}",
                        number.unwrap_or(""),
                        several.join(" or ")
                    ),
                );
                String::new()
            }
        },
    }
}

/// Parses the front matter of a section's `_index.md`.
pub(crate) fn parse_section(
    path: &Path,
    split: &Split,
) -> Result<(Option<String>, Option<(Kind, Pos)>, Option<String>), Vec<Diagnostic>> {
    let mut c = Checker {
        path,
        line_offset: split.yaml_line - 1,
        errors: Vec::new(),
    };
    let Some(root) = parse_root(&mut c, split) else {
        return Err(c.errors);
    };
    let entries: Vec<&(Key, Node)> = root.iter().collect();
    let (mut title, mut kind, mut description) = (None, None, None);
    for (key, v) in &entries {
        match key.name.as_str() {
            "title" => title = c.nonempty_text("title", v),
            "description" => description = c.nonempty_text("description", v),
            "kind" => {
                if let Some(k) = c.text("kind", v) {
                    match Kind::parse(&k) {
                        Some(kd) => kind = Some((kd, c.file_pos(v.pos))),
                        None => {
                            let hint = closest(&k, Kind::NAMES)
                                .map(|b| format!("; did you mean `{b}`?"))
                                .unwrap_or_default();
                            c.err(
                                v.pos,
                                format!(
                                    "unknown kind `{k}`: use one of {}{hint}",
                                    Kind::NAMES.join(", ")
                                ),
                            );
                        }
                    }
                }
            }
            other => {
                let hint = closest(other, SECTION.iter().copied())
                    .map(|b| format!("; did you mean `{b}`?"))
                    .unwrap_or_default();
                c.err(
                    key.pos,
                    format!("unknown field `{other}` in a section's _index.md{hint}"),
                );
            }
        }
    }
    if c.errors.is_empty() {
        Ok((title, kind, description))
    } else {
        Err(c.errors)
    }
}

mod media;

#[cfg(test)]
mod proptests;
mod tasks;
#[cfg(test)]
mod tasks_tests;

#[cfg(test)]
mod format_tests;
