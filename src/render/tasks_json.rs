//! `tasks.json`: every task with its unit, deadline or quota, the directives
//! that answered it and, for recurring ones, each period's count; and the
//! same entries for the `tasks` of `directives.json`.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::graph::SiteGraph;
use crate::model::{Every, Format, PageId, Schedule};
use crate::tasks::Task;

#[derive(Serialize)]
pub(crate) struct TaskEntry<'a> {
    /// Left out in `directives.json`, where the task is under its directive.
    #[serde(skip_serializing_if = "Option::is_none")]
    directive: Option<&'a str>,
    unit: &'a str,
    unit_url: &'a str,
    #[serde(rename = "do")]
    what: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    due: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    every: Option<Every>,
    #[serde(skip_serializing_if = "Option::is_none")]
    quota: Option<BTreeMap<Format, u32>>,
    done_by: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    periods: Option<Vec<PeriodEntry>>,
}

#[derive(Serialize)]
struct PeriodEntry {
    period: String,
    counts: BTreeMap<Format, u32>,
    quota: BTreeMap<Format, u32>,
}

/// One task as JSON; `with_directive` for `tasks.json`.
pub(crate) fn entry<'a>(g: &'a SiteGraph, t: &'a Task, with_directive: bool) -> TaskEntry<'a> {
    let pages = &g.site.content.pages;
    let (due, every, quota) = match &t.schedule {
        Schedule::Due(d) => (Some(d.to_string()), None, None),
        Schedule::Every { every, quota, .. } => {
            (None, Some(*every), Some(quota.iter().copied().collect()))
        }
    };
    TaskEntry {
        directive: with_directive.then(|| pages[t.directive.0].url.as_str()),
        unit: &pages[t.unit.0].front.title,
        unit_url: &pages[t.unit.0].url,
        what: &t.what,
        due,
        every,
        quota,
        done_by: t.done_by.iter().map(|&d| pages[d.0].url.as_str()).collect(),
        periods: every.map(|_| {
            t.periods
                .iter()
                .map(|p| PeriodEntry {
                    period: p.label.clone(),
                    counts: p.counts.iter().copied().collect(),
                    quota: p.quota.iter().copied().collect(),
                })
                .collect()
        }),
    }
}

/// The entries of the tasks that directive page `i` assigns.
pub(crate) fn of_directive(g: &SiteGraph, i: PageId) -> Vec<TaskEntry<'_>> {
    g.tasks
        .of_directive
        .get(&i)
        .into_iter()
        .flatten()
        .map(|&t| entry(g, &g.tasks.list[t], false))
        .collect()
}

/// `tasks.json`: every task, directives newest first.
pub(crate) fn tasks_json(g: &SiteGraph) -> Vec<u8> {
    let list: Vec<TaskEntry> = g.tasks.list.iter().map(|t| entry(g, t, true)).collect();
    super::site_files::json_bytes(&list)
}
