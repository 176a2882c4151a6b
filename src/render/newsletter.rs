//! The newsletter ("bản tin điện tử"): one issue per month with published
//! content, at `ban-tin/YYYY-MM/index.html` in the site's newsletter
//! section, grouping that month's directives, models, materials and media
//! after the month's foreword (`ban-tin/YYYY-MM.md`) if there is one; an
//! index of the issues, and `ban-tin/rss.xml` listing them.

use std::collections::BTreeMap;

use quick_xml::events::BytesText;
use serde::Serialize;

use crate::diagnostics::{Diagnostic, Pos};
use crate::graph::{Site, SiteGraph};
use crate::model::field::Field;
use crate::model::{Date, Kind, KindMeta, PageId, SectionId};
use crate::output::Output;
use crate::render::context::{FeedLink, Summary, summary};
use crate::render::feeds::{FeedWriter, rfc2822, rss_document, text_element as text};

/// The kinds an issue groups, in the order it shows them.
const GROUPS: [Kind; 4] = [Kind::Directives, Kind::Models, Kind::Materials, Kind::Media];

/// One month's issue. `number` counts issues from the first (1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Issue {
    pub year: i16,
    pub month: i8,
    pub number: usize,
    pub foreword: Option<PageId>,
    /// The month's pages, newest first.
    pub pages: Vec<PageId>,
    /// The newest date of the month's pages (or the foreword's): the issue's date.
    pub date: Date,
}

/// The site's newsletter section: the first of kind `newsletter`.
pub(crate) fn section(site: &Site) -> Option<SectionId> {
    site.content
        .sections()
        .find(|(_, s)| s.kind == Kind::Newsletter && !s.url.is_empty())
        .map(|(id, _)| id)
}

/// `2026-04` from a foreword's URL folder (`ban-tin/2026-04/`).
fn month_of_url(url: &str) -> Option<(i16, i8)> {
    let last = url.trim_end_matches('/').rsplit('/').next()?;
    let (y, m) = last.split_once('-')?;
    let (y, m): (i16, i8) = (y.parse().ok()?, m.parse().ok()?);
    (y.to_string().len() == 4
        && m.to_string().len() <= 2
        && last.len() == 7
        && (1..=12).contains(&m))
    .then_some((y, m))
}

/// Every issue, oldest first; none if the site has no newsletter section.
pub(crate) fn issues(g: &SiteGraph) -> Vec<Issue> {
    if section(&g.site).is_none() {
        return Vec::new();
    }
    let pages = &g.site.content.pages;
    let mut months: BTreeMap<(i16, i8), Issue> = BTreeMap::new();
    fn entry(months: &mut BTreeMap<(i16, i8), Issue>, y: i16, m: i8, date: Date) -> &mut Issue {
        let e = months.entry((y, m)).or_insert(Issue {
            year: y,
            month: m,
            number: 0,
            foreword: None,
            pages: Vec::new(),
            date,
        });
        e.date = e.date.max(date);
        e
    }
    for &i in &g.newest {
        let p = &pages[i.0];
        let Some(date) = p.front.date.filter(|_| !p.front.draft) else {
            continue;
        };
        if GROUPS.contains(&p.kind) {
            entry(&mut months, date.year(), date.month(), date)
                .pages
                .push(i);
        } else if p.kind == Kind::Newsletter
            && let Some((y, m)) = month_of_url(&p.url)
        {
            entry(&mut months, y, m, date).foreword = Some(i);
        }
    }
    let mut out: Vec<Issue> = months.into_values().collect();
    for (k, issue) in out.iter_mut().enumerate() {
        issue.number = k + 1;
    }
    out
}

/// Errors of the newsletter's forewords: a name that is not a month, and
/// `featured` pages the site does not hold.
pub(crate) fn check(site: &Site) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for p in &site.content.pages {
        let KindMeta::Newsletter(n) = &p.front.meta else {
            continue;
        };
        if month_of_url(&p.url).is_none() {
            out.push(Diagnostic::error(
                p.file.display_path(),
                Some(Pos::new(1, 1)),
                "a newsletter foreword is named after its month, YYYY-MM.md (2026-04.md)",
            ));
        }
        for (path, pos) in &n.featured {
            if site.page_by_source(path).is_none() {
                out.push(Diagnostic::error(p.file.display_path(), Some(*pos), format!("`{}`: no page `{path}` in content/ (give its path from content/, such as mo-hinh/x.md)", Field::Featured)));
            }
        }
    }
    out
}

/// Folder of an issue (`ban-tin/2026-04/`).
pub(crate) fn issue_url(g: &SiteGraph, issue: &Issue) -> String {
    let base = section(&g.site).map_or("", |s| g.site.content.section(s).url.as_str());
    format!("{base}{:04}-{:02}/", issue.year, issue.month)
}

/// Folder of the index of issues: the newsletter section's.
pub(crate) fn index_url(g: &SiteGraph) -> String {
    section(&g.site).map_or_else(String::new, |s| g.site.content.section(s).url.clone())
}

/// `ban-tin/rss.xml`, announced on the newsletter's pages.
pub(crate) fn feed(g: &SiteGraph) -> Option<FeedLink> {
    let s = section(&g.site)?;
    let cfg = &g.site.config;
    cfg.feed.enabled.then(|| {
        let link = format!("{}rss.xml", g.site.content.section(s).url);
        FeedLink {
            title: format!("{} — {}", cfg.title, g.site.content.section(s).title),
            href: format!("{}{link}", cfg.base_url),
            link,
        }
    })
}

#[derive(Debug, Serialize)]
pub(crate) struct Group {
    pub kind: Kind,
    pub items: Vec<Summary>,
}

#[derive(Debug, Serialize)]
pub(crate) struct IssueLink {
    pub number: usize,
    pub year: i16,
    pub month: i8,
    pub link: String,
    pub count: usize,
    pub title: Option<String>,
}

/// Everything the issue template shows.
#[derive(Debug, Serialize)]
pub(crate) struct IssueView {
    #[serde(flatten)]
    pub head: IssueLink,
    pub date: String,
    pub foreword_title: Option<String>,
    pub foreword: Option<String>,
    pub featured: Vec<Summary>,
    pub groups: Vec<Group>,
    pub prev: Option<IssueLink>,
    pub next: Option<IssueLink>,
    pub index_link: String,
}

pub(crate) fn issue_link(g: &SiteGraph, issue: &Issue) -> IssueLink {
    IssueLink {
        number: issue.number,
        year: issue.year,
        month: issue.month,
        link: format!("{}index.html", issue_url(g, issue)),
        count: issue.pages.len(),
        title: issue.foreword.map(|f| g.page(f).front.title.clone()),
    }
}

pub(crate) fn issue_view(g: &SiteGraph, issues: &[Issue], k: usize) -> IssueView {
    let issue = &issues[k];
    let featured: Vec<PageId> = issue
        .foreword
        .and_then(|f| match &g.page(f).front.meta {
            KindMeta::Newsletter(n) => Some(
                n.featured
                    .iter()
                    .filter_map(|(p, _)| g.site.page_by_source(p))
                    .collect(),
            ),
            _ => None,
        })
        .unwrap_or_default();
    let groups = GROUPS
        .iter()
        .map(|&kind| Group {
            kind,
            items: issue
                .pages
                .iter()
                .filter(|&&i| g.page(i).kind == kind && !featured.contains(&i))
                .map(|&i| summary(g, i))
                .collect(),
        })
        .filter(|grp| !grp.items.is_empty())
        .collect();
    IssueView {
        head: issue_link(g, issue),
        date: crate::render::context::date_view(issue.date).short,
        foreword_title: issue.foreword.map(|f| g.page(f).front.title.clone()),
        foreword: issue.foreword.map(|f| g.body_html(f)),
        featured: featured.iter().map(|&i| summary(g, i)).collect(),
        groups,
        prev: k.checked_sub(1).map(|j| issue_link(g, &issues[j])),
        next: issues.get(k + 1).map(|i| issue_link(g, i)),
        index_link: format!("{}index.html", index_url(g)),
    }
}

/// Writes `ban-tin/rss.xml`: the issues, newest first.
pub(crate) fn render_feed(g: &SiteGraph, out: &mut Output) {
    let Some(feed) = feed(g) else {
        return;
    };
    let cfg = &g.site.config;
    let issues = issues(g);
    let sec = &g
        .site
        .content
        .section(section(&g.site).expect("the newsletter has a section"));
    let bytes = rss_document(&[], |w| {
        text(w, "title", &feed.title);
        text(w, "link", &format!("{}{}", cfg.base_url, sec.url));
        text(
            w,
            "description",
            sec.description.as_deref().unwrap_or(&sec.title),
        );
        text(w, "language", &cfg.language);
        if let Some(last) = issues.last() {
            text(w, "lastBuildDate", &rfc2822(last.date, cfg.timezone));
        }
        w.create_element("atom:link")
            .with_attributes([
                ("href", feed.href.as_str()),
                ("rel", "self"),
                ("type", "application/rss+xml"),
            ])
            .write_empty()?;
        for issue in issues.iter().rev().take(cfg.feed.limit) {
            feed_item(g, w, issue);
        }
        Ok(())
    });
    out.add(feed.link, bytes);
}

fn feed_item(g: &SiteGraph, w: &mut FeedWriter, issue: &Issue) {
    let cfg = &g.site.config;
    let url = format!("{}{}", cfg.base_url, issue_url(g, issue));
    let title = format!(
        "{} số {}, tháng {}/{}",
        g.site
            .content
            .section(section(&g.site).expect("the newsletter has a section"))
            .title,
        issue.number,
        issue.month,
        issue.year
    );
    let foreword = issue.foreword.map(|f| g.page(f));
    let description = foreword
        .and_then(|f| f.front.summary.clone())
        .unwrap_or_else(|| {
            let titles: Vec<&str> = issue
                .pages
                .iter()
                .take(5)
                .map(|&i| g.page(i).front.title.as_str())
                .collect();
            titles.join("; ")
        });
    let _ = w.create_element("item").write_inner_content(|w| {
        text(w, "title", &title);
        text(w, "link", &url);
        w.create_element("guid")
            .with_attribute(("isPermaLink", "false"))
            .write_text_content(BytesText::new(&format!(
                "urn:noibo:ban-tin:{:04}-{:02}",
                issue.year, issue.month
            )))?;
        text(w, "pubDate", &rfc2822(issue.date, cfg.timezone));
        text(w, "description", &description);
        Ok(())
    });
}

#[cfg(test)]
mod tests {
    use super::month_of_url;

    #[test]
    fn months_from_foreword_folders() {
        assert_eq!(month_of_url("ban-tin/2026-04/"), Some((2026, 4)));
        assert_eq!(month_of_url("ban-tin/2026-13/"), None);
        assert_eq!(month_of_url("ban-tin/loi-noi-dau/"), None);
        assert_eq!(month_of_url("ban-tin/2026-4/"), None);
    }
}
