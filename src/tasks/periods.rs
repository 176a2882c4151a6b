//! Periods of recurring tasks and the products counted in them.
//!
//! A period is a month ("2026-04"), a quarter ("2026-Q2") or a year
//! ("2026"). A task's periods run from the one holding the directive's date
//! to the last one that has started before the directive superseding it,
//! or on or before its `until`; with neither, to the one holding the newest
//! date of the site's content (never today's date, so that the output does
//! not depend on the day it is built).

use crate::model::{Date, Every, Format, KindMeta, Page, PageId};

/// One period of a recurring task, with its products counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Period {
    /// "2026-04", "2026-Q2", "2026".
    pub label: String,
    pub start: Date,
    /// The period's last day.
    pub end: Date,
    /// Products of the unit in the period for each format of the quota, in
    /// the quota's order.
    pub counts: Vec<(Format, u32)>,
    pub quota: Vec<(Format, u32)>,
    /// Pages counted.
    pub products: Vec<PageId>,
}

impl Period {
    /// Every format of the quota is reached.
    pub(crate) fn met(&self) -> bool {
        self.counts.iter().zip(&self.quota).all(|(c, q)| c.1 >= q.1)
    }
}

/// What a page is as a product of a unit: its unit's name, its format and
/// its date. Directives, units and plain pages are no products.
pub(crate) fn product(page: &Page) -> Option<(&str, Format, Date)> {
    let (unit, format) = match &page.front.meta {
        KindMeta::Model(m) => (m.unit.as_deref()?, m.format),
        KindMeta::Material(m) => (m.unit.as_deref()?, m.format),
        KindMeta::Media(m) => (m.unit.as_deref()?, m.format),
        KindMeta::Directive(_) | KindMeta::Unit(_) | KindMeta::Newsletter(_) | KindMeta::Page => {
            return None;
        }
    };
    Some((unit, format, page.front.date?))
}

/// The first day of the period of `every` holding `d`.
pub(crate) fn period_start(every: Every, d: Date) -> Date {
    let month = match every {
        Every::Month => d.month(),
        Every::Quarter => (d.month() - 1) / 3 * 3 + 1,
        Every::Year => 1,
    };
    jiff::civil::date(d.year(), month, 1)
}

/// The first day of the period after the one starting on `start`.
fn next_start(every: Every, start: Date) -> Date {
    let months = match every {
        Every::Month => 1,
        Every::Quarter => 3,
        Every::Year => 12,
    };
    let total = start.year() as i32 * 12 + (start.month() as i32 - 1) + months;
    jiff::civil::date((total / 12) as i16, (total % 12 + 1) as i8, 1)
}

pub(crate) fn label(every: Every, start: Date) -> String {
    match every {
        Every::Month => format!("{:04}-{:02}", start.year(), start.month()),
        Every::Quarter => format!("{:04}-Q{}", start.year(), (start.month() - 1) / 3 + 1),
        Every::Year => format!("{:04}", start.year()),
    }
}

/// The periods from the one holding `from` to the last one whose first day
/// is on or before `last_start_by`.
pub(crate) fn periods(every: Every, from: Date, last_start_by: Date) -> Vec<(String, Date, Date)> {
    let mut out = Vec::new();
    let mut start = period_start(every, from);
    while start <= last_start_by {
        let next = next_start(every, start);
        let end = next.yesterday().expect("a period ends after it starts");
        out.push((label(every, start), start, end));
        start = next;
    }
    out
}

/// Counts `products` (page, format, date) in each period for each format of
/// `quota`.
pub(crate) fn count(
    spans: Vec<(String, Date, Date)>,
    quota: &[(Format, u32)],
    products: &[(PageId, Format, Date)],
) -> Vec<Period> {
    spans
        .into_iter()
        .map(|(label, start, end)| {
            let inside: Vec<&(PageId, Format, Date)> = products
                .iter()
                .filter(|(_, f, d)| (start..=end).contains(d) && quota.iter().any(|q| q.0 == *f))
                .collect();
            let counts = quota
                .iter()
                .map(|&(f, _)| (f, inside.iter().filter(|p| p.1 == f).count() as u32))
                .collect();
            Period {
                label,
                start,
                end,
                counts,
                quota: quota.to_vec(),
                products: inside.iter().map(|p| p.0).collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn labels_and_bounds_of_each_kind_of_period() {
        assert_eq!(
            periods(Every::Month, date(2026, 4, 8), date(2026, 5, 20)),
            vec![
                ("2026-04".into(), date(2026, 4, 1), date(2026, 4, 30)),
                ("2026-05".into(), date(2026, 5, 1), date(2026, 5, 31)),
            ]
        );
        assert_eq!(
            periods(Every::Quarter, date(2025, 11, 22), date(2026, 4, 1)),
            vec![
                ("2025-Q4".into(), date(2025, 10, 1), date(2025, 12, 31)),
                ("2026-Q1".into(), date(2026, 1, 1), date(2026, 3, 31)),
                ("2026-Q2".into(), date(2026, 4, 1), date(2026, 6, 30)),
            ]
        );
        assert_eq!(
            periods(Every::Year, date(2025, 12, 31), date(2026, 1, 1)),
            vec![
                ("2025".into(), date(2025, 1, 1), date(2025, 12, 31)),
                ("2026".into(), date(2026, 1, 1), date(2026, 12, 31)),
            ]
        );
    }

    #[test]
    fn counts_by_format_within_each_period() {
        let quota = [(Format::Article, 2), (Format::Video, 1)];
        let products = [
            (PageId(1), Format::Article, date(2026, 4, 30)),
            (PageId(2), Format::Article, date(2026, 4, 1)),
            (PageId(3), Format::Video, date(2026, 5, 1)),
            (PageId(4), Format::Podcast, date(2026, 4, 10)),
        ];
        let p = count(
            periods(Every::Month, date(2026, 4, 8), date(2026, 5, 1)),
            &quota,
            &products,
        );
        assert_eq!(p[0].counts, vec![(Format::Article, 2), (Format::Video, 0)]);
        assert_eq!(p[0].products, vec![PageId(1), PageId(2)]);
        assert!(!p[0].met());
        assert_eq!(p[1].counts, vec![(Format::Article, 0), (Format::Video, 1)]);
    }
}
