//! Units and the tasks directives assign to them, as written in front matter
//! (SPEC "Front matter": kind `units`, `tasks`).

use super::{Date, Format};
use crate::diagnostics::Pos;

/// A unit page's own fields (`don-vi/`): `title` is its full name.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct UnitMeta {
    pub short: Option<String>,
    pub aliases: Vec<String>,
    /// Another unit, by any of its names, with where it is written.
    pub parent: Option<(String, Pos)>,
}

/// How often a recurring task comes round.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Every {
    Month,
    Quarter,
    Year,
}

impl Every {
    pub(crate) const NAMES: [&'static str; 3] = ["month", "quarter", "year"];

    pub(crate) fn parse(s: &str) -> Option<Every> {
        Some(match s {
            "month" => Every::Month,
            "quarter" => Every::Quarter,
            "year" => Every::Year,
            _ => return None,
        })
    }
}

/// When a task is due: once, or every period with a quota of products.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) enum Schedule {
    Due(Date),
    Every {
        every: Every,
        /// Products per period by format, in the order written.
        quota: Vec<(Format, u32)>,
        /// The last day it runs, if the directive says.
        until: Option<Date>,
    },
}

/// One item of a directive's `tasks`. Positions are in the file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub(crate) struct TaskSpec {
    pub unit: String,
    pub unit_pos: Pos,
    /// What is to be done (`do`).
    pub what: String,
    pub schedule: Schedule,
    /// Where the task starts, for messages.
    pub pos: Pos,
}
