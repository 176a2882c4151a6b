//! `tasks` of a directive and the fields of a unit page: each task checked
//! on its own (unit and `do` given, one deadline or a recurring quota of
//! known formats), every problem at its place. Whether the unit exists is
//! known only once every page is read (`crate::tasks`).

use super::Checker;
use crate::diagnostics::{Diagnostic, closest};
use crate::model::{Date, Every, Format, Schedule, TaskSpec, UnitMeta};
use crate::parse::yaml::{Node, Value};

const TASK: &[&str] = &["unit", "do", "due", "every", "quota", "until"];

/// What one task item says, before it is checked whole.
#[derive(Default)]
struct Fields {
    unit: Option<(String, crate::diagnostics::Pos)>,
    what: Option<String>,
    due: Option<Date>,
    every: Option<Every>,
    quota: Option<Vec<(Format, u32)>>,
    until: Option<Date>,
    /// Which of `due`, `every`, `quota`, `until` are written (even if wrong).
    written: Vec<&'static str>,
}

impl Checker<'_> {
    /// `tasks`: a list of `{unit, do, due}` or `{unit, do, every, quota}`.
    pub(super) fn tasks(&mut self, node: &Node) -> Vec<TaskSpec> {
        let items: Vec<&Node> = match &node.value {
            Value::Seq(items) => items.iter().collect(),
            Value::Null => Vec::new(),
            _ => vec![node],
        };
        items.into_iter().filter_map(|n| self.task(n)).collect()
    }

    fn task(&mut self, node: &Node) -> Option<TaskSpec> {
        let entries = self.map("tasks", node, TASK)?;
        let mut f = Fields::default();
        for (k, v) in entries {
            match k.name.as_str() {
                "unit" => {
                    f.unit = self
                        .nonempty_text("unit", v)
                        .map(|u| (u, self.file_pos(v.pos)))
                }
                "do" => f.what = self.nonempty_text("do", v),
                "due" => {
                    f.written.push("due");
                    f.due = self.date("due", v);
                }
                "until" => {
                    f.written.push("until");
                    f.until = self.date("until", v);
                }
                "every" => {
                    f.written.push("every");
                    f.every = self.every(v);
                }
                _ => {
                    f.written.push("quota");
                    f.quota = self.quota(v);
                }
            }
        }
        self.task_whole(node, f)
    }

    /// The task as a whole: what is required, and which fields go together.
    fn task_whole(&mut self, node: &Node, f: Fields) -> Option<TaskSpec> {
        let has = |name| f.written.contains(&name);
        let mut missing = Vec::new();
        if f.unit.is_none() {
            missing.push("`unit`");
        }
        if f.what.is_none() {
            missing.push("`do`");
        }
        if !missing.is_empty() {
            self.err(node.pos, format!("a task needs {}", missing.join(" and ")));
        }
        let schedule = match (has("due"), has("every")) {
            (true, true) => {
                self.err(node.pos, "a task has either `due` (one deadline) or `every` with `quota` (recurring), not both");
                None
            }
            (false, false) => {
                self.err(
                    node.pos,
                    "a task needs `due` (one deadline) or `every` and `quota` (recurring)",
                );
                None
            }
            (true, false) => {
                if has("quota") || has("until") {
                    self.err(
                        node.pos,
                        "`quota` and `until` go with `every`, not with `due`",
                    );
                }
                f.due.map(Schedule::Due)
            }
            (false, true) => {
                if !has("quota") {
                    self.err(
                        node.pos,
                        "a recurring task needs a `quota`, such as {article: 3, video: 2}",
                    );
                }
                match (f.every, f.quota) {
                    (Some(every), Some(quota)) => Some(Schedule::Every {
                        every,
                        quota,
                        until: f.until,
                    }),
                    _ => None,
                }
            }
        };
        let (unit, unit_pos) = f.unit?;
        Some(TaskSpec {
            unit,
            unit_pos,
            what: f.what?,
            schedule: schedule?,
            pos: self.file_pos(node.pos),
        })
    }

    fn every(&mut self, node: &Node) -> Option<Every> {
        let text = self.text("every", node)?;
        if let Some(e) = Every::parse(&text) {
            return Some(e);
        }
        let hint = closest(&text, Every::NAMES)
            .map(|c| format!("did you mean `{c}`? "))
            .unwrap_or_default();
        self.err(
            node.pos,
            format!(
                "`every: {text}`: {hint}a task recurs every {}",
                Every::NAMES.join(", ")
            ),
        );
        None
    }

    /// `quota`: formats with a whole number of products each.
    fn quota(&mut self, node: &Node) -> Option<Vec<(Format, u32)>> {
        let names = Format::ALL.map(Format::as_str);
        let entries = match &node.value {
            Value::Map(entries) => entries,
            other => {
                self.err(
                    node.pos,
                    format!("`quota` must be a mapping of formats to counts, such as {{article: 3, video: 2}}, not {}", other.describe()),
                );
                return None;
            }
        };
        let mut out = Vec::new();
        let mut ok = true;
        for (k, v) in entries {
            let Some(format) = Format::parse(&k.name) else {
                let hint = closest(&k.name, names)
                    .map(|c| format!("did you mean `{c}`? "))
                    .unwrap_or_default();
                self.err(
                    k.pos,
                    format!(
                        "unknown format `{}` in `quota` ({hint}formats: {})",
                        k.name,
                        names.join(", ")
                    ),
                );
                ok = false;
                continue;
            };
            match v.value {
                Value::Int(n) if (1..=u32::MAX as i64).contains(&n) => out.push((format, n as u32)),
                ref other => {
                    let what = if matches!(other, Value::Int(_)) {
                        "a number"
                    } else {
                        other.describe()
                    };
                    self.err(
                        v.pos,
                        format!(
                            "`quota.{}` must be a whole number above 0, not {what}",
                            k.name
                        ),
                    );
                    ok = false;
                }
            }
        }
        if out.is_empty() && ok {
            self.err(node.pos, "`quota` is empty");
            ok = false;
        }
        ok.then_some(out)
    }

    /// `short`, `aliases` and `parent` of a unit page.
    pub(super) fn unit_field(&mut self, unit: &mut UnitMeta, name: &str, node: &Node) {
        match name {
            "short" => unit.short = self.nonempty_text(name, node),
            "aliases" => unit.aliases = self.text_list(name, node),
            _ => {
                unit.parent = self
                    .nonempty_text(name, node)
                    .map(|p| (p, self.file_pos(node.pos)))
            }
        }
    }

    /// Deadlines and end dates before the directive's own date.
    pub(super) fn task_dates(&mut self, tasks: &[TaskSpec], date: Option<Date>) {
        let Some(date) = date else { return };
        for t in tasks {
            let (field, day) = match t.schedule {
                Schedule::Due(d) => ("due", d),
                Schedule::Every { until: Some(d), .. } => ("until", d),
                Schedule::Every { until: None, .. } => continue,
            };
            if day < date {
                self.errors.push(Diagnostic::error(
                    self.path,
                    Some(t.pos),
                    format!(
                        "task for {}: `{field}: {day}` is before the directive's date ({date})",
                        t.unit
                    ),
                ));
            }
        }
    }
}
