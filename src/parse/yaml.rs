//! YAML front matter as a tree whose every node knows its line and column,
//! so the schema can report all problems of a file at once, each at its place.
//!
//! serde-saphyr parses (YAML 1.2, safe Rust); its `Spanned` wrapper gives us
//! the positions.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use crate::diagnostics::Pos;

mod events;

/// A YAML value with the position where it is written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub value: Value,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

/// A mapping key with its position.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Key {
    pub name: String,
    pub pos: Pos,
}

impl Value {
    /// What the value is, in words, for messages.
    pub(crate) fn describe(&self) -> &'static str {
        match self {
            Value::Null => "nothing",
            Value::Bool(_) => "true/false",
            Value::Int(_) | Value::Float(_) => "a number",
            Value::Str(_) => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

/// The raw tree before positions are attached.
struct RawValue(Value);

impl<'de> Deserialize<'de> for RawValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor).map(RawValue)
    }
}

struct ValueVisitor;

fn to_node(s: Spanned<RawValue>) -> Node {
    let loc = s.referenced;
    Node {
        value: s.value.0,
        pos: Pos::new(loc.line() as usize, loc.column() as usize),
    }
}

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        i64::try_from(v)
            .map(Value::Int)
            .or(Ok(Value::Float(v as f64)))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<RawValue>>()? {
            out.push(to_node(item));
        }
        Ok(Value::Seq(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(key) = map.next_key::<Spanned<RawValue>>()? {
            let pos = Pos::new(
                key.referenced.line() as usize,
                key.referenced.column() as usize,
            );
            let name = match key.value.0 {
                Value::Str(s) => s,
                Value::Int(i) => i.to_string(),
                Value::Bool(b) => b.to_string(),
                other => {
                    return Err(de::Error::custom(format!(
                        "a key must be a name, not {}",
                        other.describe()
                    )));
                }
            };
            let value = map.next_value::<Spanned<RawValue>>()?;
            out.push((Key { name, pos }, to_node(value)));
        }
        Ok(Value::Map(out))
    }
}

/// A YAML syntax error, positioned in the YAML text.
#[derive(Debug, Clone)]
pub(crate) struct YamlError {
    pub message: String,
    pub pos: Option<Pos>,
}

/// Parses YAML text into a positioned tree. Positions are lines and columns of
/// `text` (1-based). Plain data is read from the parser's events
/// ([`events`]); the rest, errors included, by serde-saphyr.
pub(crate) fn parse(text: &str) -> Result<Node, YamlError> {
    match events::parse(text) {
        Some(node) => Ok(node),
        None => parse_with_serde(text),
    }
}

/// [`parse`] through serde-saphyr, whatever the YAML holds.
fn parse_with_serde(text: &str) -> Result<Node, YamlError> {
    // serde-saphyr's default budget bounds events, depth and aliases, so a
    // hostile file cannot exhaust memory.
    // YAML 1.2 booleans only: `name: Y` or `place: No` stay text.
    let options = serde_saphyr::options! { strict_booleans: true };
    match serde_saphyr::from_str_with_options::<Spanned<RawValue>>(text, options) {
        Ok(v) => Ok(to_node(v)),
        Err(e) => {
            let pos = e
                .location()
                .map(|l| Pos::new(l.line() as usize, l.column().max(1) as usize));
            let plain = e
                .without_snippet()
                .render_with_options(serde_saphyr::render_options! {
                    snippets: serde_saphyr::SnippetMode::Off,
                });
            let message = strip_location(&plain);
            Err(YamlError {
                message: format!("invalid YAML: {message}"),
                pos,
            })
        }
    }
}

/// serde-saphyr suffixes plain messages with their location; we print our own.
fn strip_location(s: &str) -> String {
    let s = s.lines().next().unwrap_or("").trim();
    match s.rfind(" at line ") {
        Some(i) => s[..i].trim_end_matches(',').to_string(),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_of_keys_and_values() {
        let n = parse("title: Xin chào\ntags:\n  - a\n  - b\nsigner:\n  name: X\n").unwrap();
        let Value::Map(entries) = n.value else {
            panic!()
        };
        assert_eq!(entries[0].0.name, "title");
        assert_eq!(entries[0].0.pos, Pos::new(1, 1));
        assert_eq!(entries[0].1.pos, Pos::new(1, 8));
        let Value::Seq(tags) = &entries[1].1.value else {
            panic!()
        };
        assert_eq!(tags[1].pos.line, 4);
        let Value::Map(signer) = &entries[2].1.value else {
            panic!()
        };
        assert_eq!(signer[0].0.pos, Pos::new(6, 3));
    }

    #[test]
    fn dates_and_numbers_stay_text_where_yaml_12_says() {
        let n = parse("date: 2025-11-22\nnumber: 28-CV/BCĐ\norder: 2\n").unwrap();
        let Value::Map(e) = n.value else { panic!() };
        assert_eq!(e[0].1.value, Value::Str("2025-11-22".into()));
        assert_eq!(e[1].1.value, Value::Str("28-CV/BCĐ".into()));
        assert_eq!(e[2].1.value, Value::Int(2));
        let n = parse("name: Y\nplace: No\ndraft: true\n").unwrap();
        let Value::Map(e) = n.value else { panic!() };
        assert_eq!(e[0].1.value, Value::Str("Y".into()));
        assert_eq!(e[1].1.value, Value::Str("No".into()));
        assert_eq!(e[2].1.value, Value::Bool(true));
    }

    #[test]
    fn syntax_error_has_position() {
        let e = parse("title: [a\nissuer: b\n").unwrap_err();
        assert!(e.pos.is_some(), "{e:?}");
        let e = parse("a: 1\na: 2\n").unwrap_err();
        assert!(
            e.message.contains("duplicate") || e.message.contains("Duplicate"),
            "{}",
            e.message
        );
    }
}
