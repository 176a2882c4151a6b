//! What the unit pages, `don-vi/`, `theo-doi/` and the directives'
//! "Phân công thực hiện" block show of units and tasks. Dates are written
//! into the HTML as they are; overdue and due-soon are marked in the
//! browser (`tasks.js`), so the pages do not change from day to day.

use serde::Serialize;

use crate::graph::SiteGraph;
use crate::model::{Every, Format, KindMeta, PageId, Schedule};
use crate::render::context::{DateView, Named, Summary, date_view, summary};
use crate::tasks::{Period, Task};

/// One task as listed.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TaskView {
    pub directive: Summary,
    pub unit: Named,
    pub what: String,
    /// `open`, `done` or `ended` (a recurring task that no longer runs).
    pub state: &'static str,
    pub due: Option<DateView>,
    pub every: Option<Every>,
    /// The due date, or the end of the period that runs.
    pub deadline: Option<DateView>,
    pub done_by: Vec<Summary>,
    pub periods: Vec<PeriodView>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct PeriodView {
    pub label: String,
    pub every: Every,
    /// Month or quarter number; none for a year.
    pub n: Option<i8>,
    pub year: i16,
    pub cells: Vec<Cell>,
    pub met: bool,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Cell {
    pub format: Format,
    pub count: u32,
    pub quota: u32,
    pub met: bool,
}

fn period_view(every: Every, p: &Period) -> PeriodView {
    let n = match every {
        Every::Month => Some(p.start.month()),
        Every::Quarter => Some((p.start.month() - 1) / 3 + 1),
        Every::Year => None,
    };
    PeriodView {
        label: p.label.clone(),
        every,
        n,
        year: p.start.year(),
        cells: p
            .counts
            .iter()
            .zip(&p.quota)
            .map(|(c, q)| Cell {
                format: c.0,
                count: c.1,
                quota: q.1,
                met: c.1 >= q.1,
            })
            .collect(),
        met: p.met(),
    }
}

pub(crate) fn task_view(g: &SiteGraph, t: &Task) -> TaskView {
    let pages = &g.site.content.pages;
    let (due, every) = match &t.schedule {
        Schedule::Due(d) => (Some(date_view(*d)), None),
        Schedule::Every { every, .. } => (None, Some(*every)),
    };
    let state = if t.is_open() {
        "open"
    } else if t.ended {
        "ended"
    } else {
        "done"
    };
    TaskView {
        directive: summary(g, t.directive),
        unit: Named {
            name: pages[t.unit.0].front.title.clone(),
            link: g.site.page_path(t.unit),
        },
        what: t.what.clone(),
        state,
        due,
        every,
        deadline: t.deadline().map(date_view),
        done_by: t.done_by.iter().map(|&d| summary(g, d)).collect(),
        periods: every
            .map(|e| t.periods.iter().map(|p| period_view(e, p)).collect())
            .unwrap_or_default(),
    }
}

/// Open tasks first, by deadline; then the others, by deadline.
fn by_deadline(g: &SiteGraph, mut tasks: Vec<usize>) -> Vec<TaskView> {
    let list = &g.tasks.list;
    tasks.sort_by_key(|&t| (!list[t].is_open(), list[t].deadline(), t));
    tasks.into_iter().map(|t| task_view(g, &list[t])).collect()
}

/// The "Phân công thực hiện" block of directive page `i`.
pub(crate) fn directive_tasks(g: &SiteGraph, i: PageId) -> Vec<TaskView> {
    g.tasks
        .of_directive
        .get(&i)
        .into_iter()
        .flatten()
        .map(|&t| task_view(g, &g.tasks.list[t]))
        .collect()
}

/// Everything a unit page shows besides its own text.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct UnitView {
    pub short: Option<String>,
    pub aliases: Vec<String>,
    pub parent: Option<Named>,
    pub children: Vec<Named>,
    pub addressed: Vec<Summary>,
    pub tasks: Vec<TaskView>,
    pub open: usize,
    pub issued: Vec<Summary>,
    pub products: Vec<Summary>,
}

fn named(g: &SiteGraph, i: PageId) -> Named {
    Named {
        name: g.page(i).front.title.clone(),
        link: g.site.page_path(i),
    }
}

/// The view of unit page `i`, if it is one.
pub(crate) fn unit_view(g: &SiteGraph, i: PageId) -> Option<UnitView> {
    let KindMeta::Unit(meta) = &g.page(i).front.meta else {
        return None;
    };
    let links = g.tasks.units.get(&i)?;
    let list = |v: &[PageId]| v.iter().map(|&j| summary(g, j)).collect::<Vec<_>>();
    Some(UnitView {
        short: meta.short.clone(),
        aliases: meta.aliases.clone(),
        parent: links.parent.map(|p| named(g, p)),
        children: links.children.iter().map(|&c| named(g, c)).collect(),
        addressed: list(&links.addressed),
        tasks: by_deadline(g, links.tasks.clone()),
        open: links
            .tasks
            .iter()
            .filter(|&&t| g.tasks.list[t].is_open())
            .count(),
        issued: list(&links.issued),
        products: list(&links.products),
    })
}

/// A unit in the list of `don-vi/`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct UnitItem {
    pub name: String,
    pub link: String,
    pub short: Option<String>,
    pub open: usize,
    pub tasks: usize,
    /// Nesting below its parents, for indenting.
    pub depth: usize,
}

/// Every unit, parents before their sub-units, by name.
pub(crate) fn unit_list(g: &SiteGraph) -> Vec<UnitItem> {
    let pages = &g.site.content.pages;
    let units = &g.tasks.units;
    let mut roots: Vec<PageId> = g
        .tasks
        .index
        .pages
        .iter()
        .copied()
        .filter(|u| units[u].parent.is_none())
        .collect();
    roots.sort_by(|&a, &b| pages[a.0].front.title.cmp(&pages[b.0].front.title));
    let mut out = Vec::new();
    let mut stack: Vec<(PageId, usize)> = roots.into_iter().rev().map(|u| (u, 0)).collect();
    let mut seen = std::collections::HashSet::new();
    while let Some((u, depth)) = stack.pop() {
        if !seen.insert(u) {
            continue;
        }
        let links = &units[&u];
        let short = match &pages[u.0].front.meta {
            KindMeta::Unit(m) => m.short.clone(),
            _ => None,
        };
        out.push(UnitItem {
            name: pages[u.0].front.title.clone(),
            link: g.site.page_path(u),
            short,
            open: links
                .tasks
                .iter()
                .filter(|&&t| g.tasks.list[t].is_open())
                .count(),
            tasks: links.tasks.len(),
            depth,
        });
        stack.extend(links.children.iter().rev().map(|&c| (c, depth + 1)));
    }
    out
}

/// `theo-doi/`: every open task by deadline, with the units and issuers to
/// filter by.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TrackingView {
    pub tasks: Vec<TaskView>,
    pub units: Vec<String>,
    pub issuers: Vec<String>,
}

pub(crate) fn tracking(g: &SiteGraph) -> TrackingView {
    let open: Vec<usize> = (0..g.tasks.list.len())
        .filter(|&t| g.tasks.list[t].is_open())
        .collect();
    let tasks = by_deadline(g, open);
    let mut units: Vec<String> = tasks.iter().map(|t| t.unit.name.clone()).collect();
    let mut issuers: Vec<String> = tasks
        .iter()
        .filter_map(|t| t.directive.issuer.clone())
        .collect();
    units.sort();
    units.dedup();
    issuers.sort();
    issuers.dedup();
    TrackingView {
        tasks,
        units,
        issuers,
    }
}
