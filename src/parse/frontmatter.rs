//! Front matter, once split from the body (`parse::split`): checked against
//! the fields the page's kind has (SPEC "Front matter", names in
//! [`crate::model::field`]), collecting every problem of the file, each with
//! its line and column.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Pos, closest};
use crate::model::field::{Field, Named, names};
use crate::model::{Date, FrontMatter, Kind, KindMeta, MaterialMeta, ModelMeta, UnitMeta};
use crate::parse::yaml::{self, Key, Node, Value};

pub(crate) use crate::parse::split::{Split, split};
pub(crate) use section::parse_section;

use checker::Checker;
use directive::DirectiveRead;

/// The fields of one page as they are read, before they are checked whole.
#[derive(Default)]
struct PageRead<'n> {
    title: Option<String>,
    date: Option<Date>,
    tags: Vec<String>,
    summary: Option<String>,
    draft: bool,
    directive: DirectiveRead<'n>,
    model: ModelMeta,
    material: MaterialMeta,
    unit: UnitMeta,
    extra: media::Extra,
}

/// Parses the front matter of a page of `kind`. Errors carry file positions.
pub(crate) fn parse_page(
    path: &Path,
    split: &Split,
    kind: Kind,
) -> Result<FrontMatter, Vec<Diagnostic>> {
    let mut c = Checker::new(path, split);
    let Some(root) = parse_root(&mut c, split) else {
        return Err(c.errors);
    };
    let mut read = PageRead::default();
    for (key, v) in &root {
        match Field::parse(&key.name).filter(|f| f.belongs_to(kind)) {
            None => unknown_field(&mut c, key, kind),
            Some(f) if read_by_extra(kind, f) => read.extra.field(&mut c, f, v),
            Some(f) => c.page_field(&mut read, f, v),
        }
    }
    let written = |f: Field| root.iter().any(|(k, _)| k.name == f.name());
    let front = c.page_whole(read, kind, written);
    c.result(front)
}

/// Media pages and newsletter forewords read their own fields in
/// [`media::Extra`], even those they share with models.
fn read_by_extra(kind: Kind, field: Field) -> bool {
    matches!(kind, Kind::Media | Kind::Newsletter) && Field::of(kind).contains(&field)
}

impl<'n> Checker<'_> {
    /// Reads one field a page of its kind may have.
    fn page_field(&mut self, r: &mut PageRead<'n>, f: Field, v: &'n Node) {
        use Field::*;
        let name = f.name();
        match f {
            Title => r.title = self.nonempty_text(name, v),
            Date => r.date = self.date(name, v),
            Tags => r.tags = self.text_list(name, v),
            Summary => r.summary = self.nonempty_text(name, v),
            Draft => r.draft = self.boolean(name, v),
            Number | Type | Issuer | Place | Recipients | Signer | Distribution | Implements
            | Supersedes | Status | Tasks => self.directive_field(&mut r.directive, f, v),
            Short | Aliases | Parent => self.unit_field(&mut r.unit, f, v),
            Unit | Locality | Image | Related | Format | Topic | Series | Order | Audience => {
                self.article_field(r, f, v)
            }
            File | Poster | Captions | Duration | Featured | Kind | Description => {
                unreachable!("`{f}` is read by media::Extra or parse_section")
            }
        }
    }

    /// Reads one field of models and materials (`unit` and `format` are
    /// fields of both).
    fn article_field(&mut self, r: &mut PageRead, f: Field, v: &Node) {
        let name = f.name();
        let (m, mat) = (&mut r.model, &mut r.material);
        match f {
            Field::Unit => {
                m.unit = self.nonempty_text(name, v);
                mat.unit = m.unit.clone();
            }
            Field::Format => {
                let format = self.format(v);
                (m.format, mat.format) = (format, format);
            }
            Field::Locality => m.locality = self.nonempty_text(name, v),
            Field::Image => {
                m.image = self
                    .nonempty_text(name, v)
                    .and_then(|t| check_image(self, t, v.pos));
                m.image_pos = self.file_pos(v.pos);
            }
            Field::Related => m.related = self.refs(name, v),
            Field::Topic => mat.topic = self.nonempty_text(name, v),
            Field::Series => mat.series = self.nonempty_text(name, v),
            Field::Order => mat.order = self.order(v),
            Field::Audience => mat.audience = self.text_list(name, v),
            other => unreachable!("`{other}` is not a field of models or materials"),
        }
    }

    /// `order`: the place of a material in its series.
    fn order(&mut self, v: &Node) -> Option<u32> {
        match v.value {
            Value::Int(i) if (0..=u32::MAX as i64).contains(&i) => Some(i as u32),
            ref other => {
                let field = Field::Order;
                let what = other.describe();
                self.err(
                    v.pos,
                    format!("`{field}` must be a whole number, not {what}"),
                );
                None
            }
        }
    }

    /// The page once every field is read: required fields present, and
    /// what its kind checks across fields.
    fn page_whole(
        &mut self,
        r: PageRead,
        kind: Kind,
        written: impl Fn(Field) -> bool,
    ) -> FrontMatter {
        if r.title.is_none() && !written(Field::Title) {
            self.missing(Field::Title);
        }
        let dated = !matches!(kind, Kind::Pages | Kind::Units);
        if r.date.is_none() && dated && !written(Field::Date) {
            self.missing(Field::Date);
        }
        let meta = match kind {
            Kind::Directives => {
                KindMeta::Directive(self.directive_whole(r.directive, r.date, written))
            }
            Kind::Models => KindMeta::Model(r.model),
            Kind::Materials => KindMeta::Material(r.material),
            Kind::Units => KindMeta::Unit(r.unit),
            Kind::Media => KindMeta::Media(r.extra.media),
            Kind::Newsletter => KindMeta::Newsletter(r.extra.newsletter),
            Kind::Pages => KindMeta::Page,
        };
        FrontMatter {
            title: r.title.unwrap_or_default(),
            date: r.date,
            tags: r.tags,
            summary: r.summary,
            draft: r.draft,
            meta,
        }
    }
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

/// An unknown field: the closest field of the page's kind, or the kind
/// the field belongs to.
fn unknown_field(c: &mut Checker, key: &Key, kind: Kind) {
    let mut msg = format!("unknown field `{}`", key.name);
    let own = names(Field::COMMON).chain(names(Field::of(kind)));
    if let Some(best) = closest(&key.name, own) {
        msg.push_str(&format!("; did you mean `{best}`?"));
    } else if let Some(other) = [
        Kind::Directives,
        Kind::Models,
        Kind::Materials,
        Kind::Media,
        Kind::Units,
    ]
    .into_iter()
    .find(|k| names(Field::of(*k)).any(|n| n == key.name))
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
                format!("`{}: {image}` {why}: give the path of an image of the site from its root, such as mo-hinh/anh.jpg", Field::Image),
            );
            None
        }
    }
}

mod checker;
mod directive;
mod media;
mod section;
mod tasks;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tasks_tests;

#[cfg(test)]
mod format_tests;
