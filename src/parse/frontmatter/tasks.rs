//! `tasks` of a directive and the fields of a unit page: each task checked
//! on its own (unit and `do` given, one deadline or a recurring quota of
//! known formats), every problem at its place. Whether the unit exists is
//! known only once every page is read (`crate::tasks`).

use super::Checker;
use crate::diagnostics::{Diagnostic, closest};
use crate::model::field::{Field, Named, TaskField};
use crate::model::{Date, Every, Format, Schedule, TaskSpec, UnitMeta};
use crate::parse::yaml::{Node, Value};

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
    written: Vec<TaskField>,
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
        let entries = self.map(Field::Tasks.name(), node, TaskField::ALL)?;
        let mut f = Fields::default();
        for (field, v) in entries {
            let name = field.name();
            match field {
                TaskField::Unit => {
                    f.unit = self
                        .nonempty_text(name, v)
                        .map(|u| (u, self.file_pos(v.pos)))
                }
                TaskField::Do => f.what = self.nonempty_text(name, v),
                TaskField::Due => f.due = self.date(name, v),
                TaskField::Until => f.until = self.date(name, v),
                TaskField::Every => f.every = self.every(v),
                TaskField::Quota => f.quota = self.quota(v),
            }
            if !matches!(field, TaskField::Unit | TaskField::Do) {
                f.written.push(field);
            }
        }
        self.task_whole(node, f)
    }

    /// The task as a whole: what is required, and which fields go together.
    fn task_whole(&mut self, node: &Node, f: Fields) -> Option<TaskSpec> {
        use TaskField::{Do, Due, Every, Quota, Unit, Until};
        let has = |field| f.written.contains(&field);
        let mut missing = Vec::new();
        if f.unit.is_none() {
            missing.push(format!("`{Unit}`"));
        }
        if f.what.is_none() {
            missing.push(format!("`{Do}`"));
        }
        if !missing.is_empty() {
            self.err(node.pos, format!("a task needs {}", missing.join(" and ")));
        }
        let schedule = match (has(Due), has(Every)) {
            (true, true) => {
                self.err(node.pos, format!("a task has either `{Due}` (one deadline) or `{Every}` with `{Quota}` (recurring), not both"));
                None
            }
            (false, false) => {
                self.err(
                    node.pos,
                    format!(
                        "a task needs `{Due}` (one deadline) or `{Every}` and `{Quota}` (recurring)"
                    ),
                );
                None
            }
            (true, false) => {
                if has(Quota) || has(Until) {
                    self.err(
                        node.pos,
                        format!("`{Quota}` and `{Until}` go with `{Every}`, not with `{Due}`"),
                    );
                }
                f.due.map(Schedule::Due)
            }
            (false, true) => {
                if !has(Quota) {
                    self.err(
                        node.pos,
                        format!(
                            "a recurring task needs a `{Quota}`, such as {{article: 3, video: 2}}"
                        ),
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
        let field = TaskField::Every;
        let text = self.text(field.name(), node)?;
        if let Some(e) = Every::parse(&text) {
            return Some(e);
        }
        let hint = closest(&text, Every::NAMES)
            .map(|c| format!("did you mean `{c}`? "))
            .unwrap_or_default();
        self.err(
            node.pos,
            format!(
                "`{field}: {text}`: {hint}a task recurs every {}",
                Every::NAMES.join(", ")
            ),
        );
        None
    }

    /// `quota`: formats with a whole number of products each.
    fn quota(&mut self, node: &Node) -> Option<Vec<(Format, u32)>> {
        let field = TaskField::Quota;
        let names = Format::ALL.map(Format::as_str);
        let entries = match &node.value {
            Value::Map(entries) => entries,
            other => {
                self.err(
                    node.pos,
                    format!("`{field}` must be a mapping of formats to counts, such as {{article: 3, video: 2}}, not {}", other.describe()),
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
                        "unknown format `{}` in `{field}` ({hint}formats: {})",
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
                            "`{field}.{}` must be a whole number above 0, not {what}",
                            k.name
                        ),
                    );
                    ok = false;
                }
            }
        }
        if out.is_empty() && ok {
            self.err(node.pos, format!("`{field}` is empty"));
            ok = false;
        }
        ok.then_some(out)
    }

    /// `short`, `aliases` and `parent` of a unit page.
    pub(super) fn unit_field(&mut self, unit: &mut UnitMeta, field: Field, node: &Node) {
        let name = field.name();
        match field {
            Field::Short => unit.short = self.nonempty_text(name, node),
            Field::Aliases => unit.aliases = self.text_list(name, node),
            Field::Parent => {
                unit.parent = self
                    .nonempty_text(name, node)
                    .map(|p| (p, self.file_pos(node.pos)))
            }
            other => unreachable!("`{other}` is not a field of units"),
        }
    }

    /// Deadlines and end dates before the directive's own date.
    pub(super) fn task_dates(&mut self, tasks: &[TaskSpec], date: Option<Date>) {
        let Some(date) = date else { return };
        for t in tasks {
            let (field, day) = match t.schedule {
                Schedule::Due(d) => (TaskField::Due, d),
                Schedule::Every { until: Some(d), .. } => (TaskField::Until, d),
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
