//! The usual front matter read straight from the YAML parser's events.
//!
//! serde-saphyr reads front matter through serde, one `Spanned` value at a
//! time, and that costs about three times what its parser (granit-parser)
//! does alone: on the 10,000-directive corpus 477 ms against 148 ms for the
//! 12,000 front matters. Front matter is mostly plain data: mappings,
//! lists, text, whole numbers, true/false. This reader builds the tree from
//! the same parser's events for such data, and gives up (`None`) on
//! anything else, which [`super::parse`] then reads with serde-saphyr as
//! before: syntax errors, tags, anchors and aliases, merge keys, repeated
//! keys, keys that are not names, more than one document, and any plain
//! scalar that might be a number other than a plain whole one (`1.5`,
//! `0x1F`, `007`, `.inf`...). What it does read, it reads as serde-saphyr
//! does, positions included; the tests below hold the two to that.

use granit_parser::{Event, Parser, ScalarStyle};

use super::{Key, Node, Value};
use crate::diagnostics::Pos;

/// Deeper nesting is left to serde-saphyr's budget.
const MAX_DEPTH: usize = 64;
/// A mapping with more keys is left to serde-saphyr (repeated keys are
/// looked for one by one here).
const MAX_KEYS: usize = 256;

/// A collection being read.
enum Open {
    Seq(Pos, Vec<Node>),
    /// A mapping, with the key read whose value comes next.
    Map(Pos, Vec<(Key, Node)>, Option<Key>),
}

/// The tree of `text`, or `None` where serde-saphyr must read it.
pub(super) fn parse(text: &str) -> Option<Node> {
    let mut stack: Vec<Open> = Vec::new();
    let mut root = None;
    let mut documents = 0;
    for event in Parser::new_from_str(text) {
        let (event, span) = event.ok()?;
        let pos = Pos::new(span.start.line(), span.start.col() + 1);
        let node = match event {
            Event::StreamStart | Event::DocumentEnd => continue,
            Event::StreamEnd => break,
            Event::DocumentStart(..) => {
                documents += 1;
                if documents > 1 {
                    return None;
                }
                continue;
            }
            Event::Scalar(v, style, anchor, tag) => {
                if anchor != 0 || tag.is_some() {
                    return None;
                }
                Node {
                    value: scalar(&v, style)?,
                    pos,
                }
            }
            Event::SequenceStart(_, anchor, ref tag) | Event::MappingStart(_, anchor, ref tag) => {
                if anchor != 0 || tag.is_some() || stack.len() >= MAX_DEPTH {
                    return None;
                }
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    Open::Seq(pos, Vec::new())
                } else {
                    Open::Map(pos, Vec::new(), None)
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop()? {
                Open::Seq(pos, items) => Node {
                    value: Value::Seq(items),
                    pos,
                },
                Open::Map(pos, entries, None) => Node {
                    value: Value::Map(entries),
                    pos,
                },
                Open::Map(_, _, Some(_)) => return None,
            },
            _ => return None,
        };
        match stack.last_mut() {
            None if root.is_none() => root = Some(node),
            None => return None,
            Some(Open::Seq(_, items)) => items.push(node),
            Some(Open::Map(_, entries, pending)) => match pending.take() {
                Some(key) => entries.push((key, node)),
                None => *pending = Some(new_key(node, entries)?),
            },
        }
    }
    if stack.is_empty() { root } else { None }
}

/// The key a scalar node makes in a mapping holding `entries`, if it is a
/// text not yet there and not the merge key. A key that reads as a number or
/// a boolean is left to serde-saphyr, whose duplicate check compares keys by
/// their spelling (`'False'` and `False` are one key to it).
fn new_key(node: Node, entries: &[(Key, Node)]) -> Option<Key> {
    let Value::Str(name) = node.value else {
        return None;
    };
    let fresh =
        name != "<<" && entries.len() < MAX_KEYS && entries.iter().all(|(k, _)| k.name != name);
    fresh.then_some(Key {
        name,
        pos: node.pos,
    })
}

/// A scalar's value as YAML 1.2's core schema reads it (booleans spelled
/// `true`/`false` only), or `None` for a plain scalar that may be a number
/// other than a plain whole one.
fn scalar(v: &str, style: ScalarStyle) -> Option<Value> {
    if style != ScalarStyle::Plain {
        return Some(Value::Str(v.to_string()));
    }
    match v {
        "" | "~" | "null" | "Null" | "NULL" => return Some(Value::Null),
        "true" | "True" | "TRUE" => return Some(Value::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Value::Bool(false)),
        _ => {}
    }
    let b = v.as_bytes();
    let unsigned = b.strip_prefix(b"-").unwrap_or(b);
    let unsigned = unsigned.strip_prefix(b"+").unwrap_or(unsigned);
    if !unsigned
        .first()
        .is_some_and(|c| c.is_ascii_digit() || *c == b'.')
    {
        return Some(Value::Str(v.to_string()));
    }
    let whole = b[0] != b'+'
        && unsigned.len() <= 18
        && (unsigned == b"0" || unsigned[0] != b'0')
        && unsigned.iter().all(u8::is_ascii_digit);
    if whole {
        return v.parse().ok().map(Value::Int);
    }
    surely_text(b).then(|| Value::Str(v.to_string()))
}

/// Whether a scalar that starts like a number is no number in any spelling
/// YAML or Rust reads (decimal, `0x`/`0o`/`0b`, `_` separators, exponents,
/// `inf`, `nan`): it has a byte no number has, or a sign neither at its
/// start nor after an exponent's `e` ("2016-02-27", "28-CV/BCĐ", "12:30").
fn surely_text(b: &[u8]) -> bool {
    b.iter().enumerate().any(|(i, &c)| match c {
        b'0'..=b'9' | b'a'..=b'f' | b'A'..=b'F' | b'.' | b'_' => false,
        b'x' | b'X' | b'o' | b'O' | b'i' | b'I' | b'n' | b'N' | b't' | b'T' | b'y' | b'Y' => false,
        b'+' | b'-' => i > 0 && !matches!(b[i - 1], b'e' | b'E'),
        _ => true,
    })
}

#[cfg(test)]
mod tests;
