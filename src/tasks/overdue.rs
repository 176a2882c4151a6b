//! `noibo check`'s warning about open tasks past their deadline: the only
//! place where today's date enters a build.

use super::Tasks;
use crate::diagnostics::Diagnostic;
use crate::model::{Date, Page};

/// A warning for each open task whose deadline is before `today`.
pub(crate) fn overdue(tasks: &Tasks, pages: &[Page], today: Date) -> Vec<Diagnostic> {
    tasks
        .list
        .iter()
        .filter(|t| t.is_open())
        .filter_map(|t| {
            let due = t.deadline().filter(|d| *d < today)?;
            Some(Diagnostic::warning(
                pages[t.directive.0].file.display_path(),
                Some(t.pos),
                format!(
                    "task for {} is overdue: due {due}, still open on {today} ({})",
                    pages[t.unit.0].front.title, t.what
                ),
            ))
        })
        .collect()
}

/// Today in the site's timezone (`timezone` in `site.toml`).
pub(crate) fn today(offset: jiff::tz::Offset) -> Date {
    jiff::Timestamp::now()
        .to_zoned(offset.to_time_zone())
        .date()
}
