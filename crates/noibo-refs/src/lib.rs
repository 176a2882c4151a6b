//! References between directives: document numbers, mentions of them in
//! running text, and resolving those against the site's directives.
//!
//! - [`parse_number`] reads a number as written in front matter (`28-CV/BCĐ`,
//!   `315/TTCS-TTCS`, `30/2020/NĐ-CP`); [`DocNumber::key`] is what numbers
//!   are compared by.
//! - [`find_mentions`] finds "Công văn số 58-CV/TCCS ngày 25/3/2026 của Tạp
//!   chí Cộng sản" in a page's text, with its type, date and issuer.
//! - [`DirectiveIndex`] holds the site's directives and
//!   [`resolve`](DirectiveIndex::resolve)s a [`Query`] to one of them, to
//!   several (ambiguous) or to none (not held).
//!
//! A number alone never identifies a directive: Party numbering restarts per
//! type with every committee term, and issuer codes (`TU`, `ĐU`, `BCĐ`) are
//! shared by many bodies. The date and the issuer named in the sentence
//! decide, and a directive cites only directives issued on or before its own
//! date.
//!
//! The type codes and their names are data, in `data/types.tsv`.
//!
//! ```
//! use noibo_refs::{DirectiveIndex, Query, Resolution, find_mentions, parse_number};
//!
//! let key = parse_number("58-CV/TCCS").unwrap().key();
//! let site = DirectiveIndex::new([(key, "Tạp chí Cộng sản".to_owned(), (2026, 3, 25))]);
//! let text = "Thực hiện Công văn số 58-CV/TCCS ngày 25/3/2026 của Tạp chí Cộng sản về ...";
//! let m = &find_mentions(text)[0];
//! assert_eq!(&text[m.link.clone()], "Công văn số 58-CV/TCCS");
//! assert_eq!(m.issuer.as_deref(), Some("Tạp chí Cộng sản"));
//! // cited by a directive of 2 April 2026
//! assert_eq!(site.resolve(&Query::from(m), Some((2026, 4, 2))), Resolution::Found(0));
//! ```

#![warn(missing_docs)]

mod find;
mod index;
mod number;
mod types;

pub use find::{Date, Mention, find_mentions, find_numbers, number_at, parse_date};
pub use index::{Candidate, DirectiveIndex, IndexItem, Query, Resolution, number_key};
pub use number::{
    DocNumber, NumberForm, infer_type, parse_number, type_names_for_code, type_names_for_code_in,
};
