//! Tasks that directives assign to units, resolved against the site: which
//! unit each names, which are done, and for recurring ones the count of the
//! unit's products in each period (SPEC "What a build writes": units and
//! tasks). Part of the resolve stage; nothing here knows today's date
//! except [`overdue`], which only `noibo check` calls.

use std::collections::HashMap;

use crate::diagnostics::{Diagnostic, Diagnostics, Pos};
use crate::graph::Relations;
use crate::model::field::{Field, Named, TaskField};
use crate::model::{Date, KindMeta, Page, PageId, Schedule, TaskSpec};
use crate::units::UnitIndex;

mod overdue;
pub(crate) mod periods;

pub(crate) use overdue::{overdue, today};
pub(crate) use periods::Period;

/// One task of one directive.
#[derive(Debug, Clone)]
pub(crate) struct Task {
    /// The directive page that assigns it.
    pub directive: PageId,
    /// The unit page it is assigned to.
    pub unit: PageId,
    pub what: String,
    pub schedule: Schedule,
    /// The unit's directives that implement the assigning one, newest first.
    pub done_by: Vec<PageId>,
    /// For a recurring task, each period with its count.
    pub periods: Vec<Period>,
    /// A recurring task ended by a superseding directive or `until`.
    pub ended: bool,
    /// Where the task is written in the directive's file.
    pub pos: Pos,
}

impl Task {
    /// Still to do: a one-off task no directive of the unit answered yet,
    /// or a running recurring task whose last period is short of its quota.
    pub(crate) fn is_open(&self) -> bool {
        match self.schedule {
            Schedule::Due(_) => self.done_by.is_empty(),
            Schedule::Every { .. } => !self.ended && self.periods.last().is_some_and(|p| !p.met()),
        }
    }

    /// The day an open task is due: its `due`, or the end of the period
    /// that runs.
    pub(crate) fn deadline(&self) -> Option<Date> {
        match self.schedule {
            Schedule::Due(d) => Some(d),
            Schedule::Every { .. } => self.periods.last().map(|p| p.end),
        }
    }
}

/// What the site holds about one unit, page indexes newest first.
#[derive(Debug, Clone, Default)]
pub(crate) struct UnitLinks {
    /// Directives whose recipients name it.
    pub addressed: Vec<PageId>,
    /// Its tasks (indexes into [`Tasks::list`]).
    pub tasks: Vec<usize>,
    /// Its models, materials and media.
    pub products: Vec<PageId>,
    /// Directives it issued.
    pub issued: Vec<PageId>,
    pub parent: Option<PageId>,
    pub children: Vec<PageId>,
}

/// Units and tasks of the whole site.
#[derive(Debug, Default)]
pub(crate) struct Tasks {
    pub index: UnitIndex,
    /// Every task, directives newest first, each directive's in the order written.
    pub list: Vec<Task>,
    /// Unit page → what it holds.
    pub units: HashMap<PageId, UnitLinks>,
    /// Directive page → its tasks.
    pub of_directive: HashMap<PageId, Vec<usize>>,
}

impl Tasks {
    pub(crate) fn is_empty(&self) -> bool {
        self.index.pages.is_empty() && self.list.is_empty()
    }
}

/// Resolves the units and tasks of `pages`; `newest` lists them newest
/// first. Unknown units are errors at the place they are written.
pub(crate) fn resolve(
    pages: &[Page],
    relations: &[Relations],
    newest: &[PageId],
    diags: &mut Diagnostics,
) -> Tasks {
    let index = UnitIndex::new(pages, diags);
    let mut units: HashMap<PageId, UnitLinks> = index
        .pages
        .iter()
        .map(|&u| (u, UnitLinks::default()))
        .collect();
    link_pages(pages, &index, newest, &mut units);
    link_parents(pages, &index, &mut units, diags);
    let last_day = newest.iter().find_map(|&i| pages[i.0].front.date);
    let mut list = Vec::new();
    let mut of_directive: HashMap<PageId, Vec<usize>> = HashMap::new();
    for &d in newest {
        let KindMeta::Directive(meta) = &pages[d.0].front.meta else {
            continue;
        };
        for spec in &meta.tasks {
            let Some(unit) = index.find(&spec.unit) else {
                diags.push(Diagnostic::error(
                    pages[d.0].file.display_path(),
                    Some(spec.unit_pos),
                    index.unknown(TaskField::Unit.name(), &spec.unit),
                ));
                continue;
            };
            let at = Resolver {
                pages,
                relations,
                index: &index,
                last_day,
            };
            let task = at.task(d, unit, spec, &units[&unit]);
            units.get_mut(&unit).expect("a unit").tasks.push(list.len());
            of_directive.entry(d).or_default().push(list.len());
            list.push(task);
        }
    }
    Tasks {
        index,
        list,
        units,
        of_directive,
    }
}

/// Directives addressed to and issued by each unit, and its products.
fn link_pages(
    pages: &[Page],
    index: &UnitIndex,
    newest: &[PageId],
    units: &mut HashMap<PageId, UnitLinks>,
) {
    for &i in newest {
        let p = &pages[i.0];
        if let KindMeta::Directive(d) = &p.front.meta {
            let mut to: Vec<PageId> = d
                .recipients
                .iter()
                .flat_map(|r| index.mentioned_in(r))
                .collect();
            to.sort_unstable();
            to.dedup();
            for u in to {
                units.get_mut(&u).expect("a unit").addressed.push(i);
            }
            if let Some(u) = index.find(&d.issuer) {
                units.get_mut(&u).expect("a unit").issued.push(i);
            }
        } else if let Some(u) = periods::product(p).and_then(|(name, _, _)| index.find(name)) {
            units.get_mut(&u).expect("a unit").products.push(i);
        }
    }
}

fn link_parents(
    pages: &[Page],
    index: &UnitIndex,
    units: &mut HashMap<PageId, UnitLinks>,
    diags: &mut Diagnostics,
) {
    for &u in &index.pages {
        let KindMeta::Unit(meta) = &pages[u.0].front.meta else {
            continue;
        };
        let Some((name, pos)) = &meta.parent else {
            continue;
        };
        match index.find(name) {
            Some(p) if p == u => diags.push(Diagnostic::error(
                pages[u.0].file.display_path(),
                Some(*pos),
                format!("`{}` names this unit itself", Field::Parent),
            )),
            Some(p) => {
                units.get_mut(&u).expect("a unit").parent = Some(p);
                units.get_mut(&p).expect("a unit").children.push(u);
            }
            None => diags.push(Diagnostic::error(
                pages[u.0].file.display_path(),
                Some(*pos),
                index.unknown(&format!("`{}`", Field::Parent), name),
            )),
        }
    }
    for links in units.values_mut() {
        links
            .children
            .sort_by(|&a, &b| pages[a.0].front.title.cmp(&pages[b.0].front.title));
    }
}

/// What resolving one task needs to know of the site.
struct Resolver<'a> {
    pages: &'a [Page],
    relations: &'a [Relations],
    index: &'a UnitIndex,
    /// The newest date of the site's content.
    last_day: Option<Date>,
}

impl Resolver<'_> {
    /// One task resolved: who answered it, and its periods if it recurs.
    fn task(&self, directive: PageId, unit: PageId, spec: &TaskSpec, links: &UnitLinks) -> Task {
        let Resolver {
            pages,
            relations,
            index,
            last_day,
        } = *self;
        let done_by: Vec<PageId> = relations[directive.0]
            .cited_by
            .iter()
            .copied()
            .filter(|&c| {
                pages[c.0]
                    .front
                    .directive()
                    .is_some_and(|d| index.find(&d.issuer) == Some(unit))
            })
            .collect();
        let mut t = Task {
            directive,
            unit,
            what: spec.what.clone(),
            schedule: spec.schedule.clone(),
            done_by,
            periods: Vec::new(),
            ended: false,
            pos: spec.pos,
        };
        let (
            Schedule::Every {
                every,
                quota,
                until,
            },
            Some(from),
        ) = (&spec.schedule, pages[directive.0].front.date)
        else {
            return t;
        };
        // The last day a period may start on: the day before a superseding
        // directive, the `until` day, or the newest day of the site's content.
        let superseded = relations[directive.0]
            .superseded_by
            .iter()
            .filter_map(|&s| pages[s.0].front.date)
            .min()
            .and_then(|d| d.yesterday().ok());
        let end = [superseded, *until].into_iter().flatten().min();
        let last_start = match (end, last_day) {
            (Some(e), Some(l)) if e < l => {
                t.ended = true;
                e
            }
            (Some(e), None) => e,
            (_, Some(l)) => l,
            (None, None) => from,
        };
        let products: Vec<_> = links
            .products
            .iter()
            .filter_map(|&p| periods::product(&pages[p.0]).map(|(_, f, d)| (p, f, d)))
            .collect();
        t.periods = periods::count(periods::periods(*every, from, last_start), quota, &products);
        t
    }
}
