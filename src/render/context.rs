//! What templates see: plain serialisable views of the site graph. Links are
//! paths from the site root (`van-ban/x/index.html`); templates put `root`
//! (`../../`) in front, so every link is relative and works from `file://`.

use serde::Serialize;

use crate::graph::{Relations, SiteGraph, Status, TaxonomyKind};
use crate::model::{Date, DirectiveMeta, Kind, KindMeta, Page, PageId, Signer};
use crate::render::markdown::Heading;
use crate::render::media_view;

/// `../` repeated for each folder of `url`.
pub(crate) fn root_of(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

pub(crate) fn term_path(taxonomy: TaxonomyKind, name: &str) -> String {
    format!("{taxonomy}/{}/index.html", noibo_text::slugify(name))
}

/// A date in the forms pages use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct DateView {
    /// `2025-11-22`
    pub iso: String,
    /// `22/11/2025`
    pub short: String,
    /// Day and month as documents print them: zero before days under 10 and
    /// before months 1 and 2 (`ngày 03 tháng 02 năm 2026`).
    pub day: String,
    pub month: String,
    pub year: i16,
}

pub(crate) fn date_view(d: Date) -> DateView {
    let (y, m, day) = (d.year(), d.month(), d.day());
    DateView {
        iso: format!("{y:04}-{m:02}-{day:02}"),
        short: format!("{day:02}/{m:02}/{y}"),
        day: format!("{day:02}"),
        month: if m <= 2 {
            format!("{m:02}")
        } else {
            m.to_string()
        },
        year: y,
    }
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct Named {
    pub name: String,
    pub link: String,
}

/// A page as it appears in lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Summary {
    pub title: String,
    pub link: String,
    pub kind: Kind,
    pub date: Option<DateView>,
    pub number: Option<String>,
    pub doc_type: Option<String>,
    pub issuer: Option<String>,
    pub status: Option<Status>,
    pub summary: String,
    pub unit: Option<String>,
    pub topic: Option<String>,
    pub media: Option<media_view::MediaBadge>,
    /// The thumbnail lists show: a model's image, a media item's poster.
    pub thumb: Option<crate::images::ImageView>,
}

pub(crate) fn summary(g: &SiteGraph, i: PageId) -> Summary {
    let p = g.page(i);
    let d = p.front.directive();
    let text = p
        .front
        .summary
        .clone()
        .unwrap_or_else(|| truncate(&g.body(i).first_paragraph, 240));
    let (unit, topic) = match &p.front.meta {
        KindMeta::Model(m) => (m.unit.clone(), None),
        KindMeta::Material(m) => (None, m.topic.clone()),
        KindMeta::Media(m) => (m.unit.clone(), None),
        _ => (None, None),
    };
    Summary {
        title: p.front.title.clone(),
        link: g.site.page_path(i),
        kind: p.kind,
        date: p.front.date.map(date_view),
        number: d.and_then(|d| d.number.clone()),
        doc_type: d.map(|d| d.doc_type.clone()),
        issuer: d.map(|d| d.issuer.clone()),
        status: g.status(i),
        summary: text,
        unit,
        topic,
        media: p.front.media().map(media_view::badge),
        thumb: list_image(g, i).and_then(|path| g.site.images.thumb(&g.site.config.images, &path)),
    }
}

/// Path from the site root of the image that stands for page `i`.
pub fn list_image(g: &SiteGraph, i: PageId) -> Option<String> {
    let p = g.page(i);
    match &p.front.meta {
        KindMeta::Model(m) => m.image.clone(),
        KindMeta::Media(m) => m.poster.as_ref().map(|(n, _)| format!("{}{n}", p.url)),
        _ => None,
    }
}

/// Cuts text at a word boundary near `max` characters.
pub(crate) fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    let cut = cut
        .rsplit_once(' ')
        .map_or(cut.as_str(), |(a, _)| a)
        .trim_end_matches([',', ';', ':']);
    format!("{cut}…")
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct AttachmentView {
    pub name: String,
    pub link: String,
    pub size: String,
}

/// `1,2 MB`, `245 KB`: Vietnamese decimal comma.
pub(crate) fn human_size(bytes: u64) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else if bytes < 1024 * 1024 {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        format!("{:.1} MB", bytes as f64 / 1048576.0).replace('.', ",")
    }
}

/// A path written into an `href`: characters a URL may not hold (spaces,
/// as in `Phụ lục 1.pdf`, quotes, `#`, `?`, `%`) percent-encoded; letters
/// with diacritics stay as they are.
pub(crate) fn href_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        if c.is_control() || " \"#%<>?[\\]^`{|}".contains(c) {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct UnresolvedView {
    pub number: String,
    pub issuer: Option<String>,
    pub date: Option<String>,
}

/// Everything about one page for its own template.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PageView {
    #[serde(flatten)]
    pub summary: Summary,
    /// The body's HTML: left empty by [`page_view`], put in by the page's
    /// job only when the page is rendered (its hash stands for it in the
    /// fingerprint).
    pub content: String,
    pub headings: Vec<Heading>,
    pub tags: Vec<Named>,
    pub attachments: Vec<AttachmentView>,
    // directives
    pub place: Option<String>,
    pub recipients: Vec<String>,
    pub signer: Option<Signer>,
    pub distribution: Vec<String>,
    pub type_link: Option<String>,
    pub issuer_link: Option<String>,
    pub year_link: Option<String>,
    pub cites: Vec<Summary>,
    /// Directives that implement or cite this one.
    pub cited_by: Vec<Summary>,
    /// Models, materials and pages that cite it.
    pub cited_in: Vec<Summary>,
    pub supersedes: Vec<Summary>,
    pub superseded_by: Vec<Summary>,
    pub unresolved: Vec<UnresolvedView>,
    // models
    pub locality: Option<String>,
    pub image: Option<String>,
    /// The image's size as written, when noibo read it.
    pub image_view: Option<crate::images::ImageView>,
    // materials
    pub series: Option<String>,
    pub order: Option<u32>,
    pub audience: Vec<String>,
    pub prev: Option<Summary>,
    pub next: Option<Summary>,
    pub media: Option<media_view::MediaView>,
    pub section_title: String,
    pub section_link: String,
    /// A State document (`315/TTCS-TTCS`): its header carries the national
    /// motto instead of the Party's.
    pub is_state: bool,
}

pub(crate) fn page_view(g: &SiteGraph, i: PageId, own: Summary) -> (PageView, Listed) {
    let p = g.page(i);
    let rel = g.relations(i);
    let section = g.site.content.section(p.section);
    let mut listed = Listed {
        cites: rel.cites.clone(),
        cited_by: cited_by(g, rel, |k| k == Kind::Directives),
        cited_in: cited_by(g, rel, |k| k != Kind::Directives),
        supersedes: rel.supersedes.clone(),
        superseded_by: rel.superseded_by.clone(),
        prev: None,
        next: None,
    };
    let mut v = PageView {
        summary: own,
        content: String::new(),
        headings: g.body(i).headings.clone(),
        tags: tag_links(p),
        attachments: attachment_views(p),
        place: None,
        recipients: Vec::new(),
        signer: None,
        distribution: Vec::new(),
        type_link: None,
        issuer_link: None,
        year_link: None,
        cites: Vec::new(),
        cited_by: Vec::new(),
        cited_in: Vec::new(),
        supersedes: Vec::new(),
        superseded_by: Vec::new(),
        unresolved: unresolved_views(rel),
        locality: None,
        image: None,
        image_view: None,
        series: None,
        order: None,
        audience: Vec::new(),
        prev: None,
        next: None,
        media: None,
        section_title: section.title.clone(),
        section_link: format!("{}index.html", section.url),
        is_state: false,
    };
    match &p.front.meta {
        KindMeta::Directive(d) => directive_fields(&mut v, p, d),
        KindMeta::Model(m) => {
            v.locality = m.locality.clone();
            v.image = m.image.clone();
            v.image_view = m
                .image
                .as_ref()
                .and_then(|im| g.site.images.view(&g.site.config.images, im));
        }
        KindMeta::Material(m) => {
            v.series = m.series.clone();
            v.order = m.order;
            v.audience = m.audience.clone();
            if let Some(&(prev, next)) = g.series_nav.get(&i) {
                (listed.prev, listed.next) = (prev, next);
            }
        }
        KindMeta::Media(m) => v.media = media_view::view(g, i, m),
        KindMeta::Newsletter(_) | KindMeta::Page | KindMeta::Unit(_) => {}
    }
    (v, listed)
}

/// The other pages a page's view lists (what it cites, what cites it,
/// what it supersedes and is superseded by, its neighbours in a series),
/// by id: their entries are made once a build, and hashed once, for every
/// page that lists them.
pub(crate) struct Listed {
    cites: Vec<PageId>,
    cited_by: Vec<PageId>,
    cited_in: Vec<PageId>,
    supersedes: Vec<PageId>,
    superseded_by: Vec<PageId>,
    prev: Option<PageId>,
    next: Option<PageId>,
}

impl Listed {
    /// Every list, in one fixed order (the neighbours as lists of none or
    /// one), for the page's fingerprint.
    pub(crate) fn each(&self) -> [&[PageId]; 7] {
        [
            &self.cites,
            &self.cited_by,
            &self.cited_in,
            &self.supersedes,
            &self.superseded_by,
            self.prev.as_slice(),
            self.next.as_slice(),
        ]
    }

    /// Puts the entries of the pages listed into `v`, as `entry` makes them.
    pub(crate) fn fill(&self, v: &mut PageView, entry: impl Fn(PageId) -> Summary) {
        let list = |ids: &[PageId]| ids.iter().map(|&j| entry(j)).collect::<Vec<_>>();
        v.cites = list(&self.cites);
        v.cited_by = list(&self.cited_by);
        v.cited_in = list(&self.cited_in);
        v.supersedes = list(&self.supersedes);
        v.superseded_by = list(&self.superseded_by);
        v.prev = self.prev.map(&entry);
        v.next = self.next.map(&entry);
    }
}

/// A page's tags, each with the link to its term page.
fn tag_links(p: &Page) -> Vec<Named> {
    p.front
        .tags
        .iter()
        .map(|t| Named {
            name: t.clone(),
            link: term_path(TaxonomyKind::Tag, t),
        })
        .collect()
}

fn attachment_views(p: &Page) -> Vec<AttachmentView> {
    p.attachments
        .iter()
        .map(|a| AttachmentView {
            name: a.file_name.clone(),
            link: href_path(&format!("{}{}", p.url, a.file_name)),
            size: human_size(a.size),
        })
        .collect()
}

/// The pages citing this one whose kind is `keep`-ed, in their order.
fn cited_by(g: &SiteGraph, rel: &Relations, keep: impl Fn(Kind) -> bool) -> Vec<PageId> {
    let kept = rel.cited_by.iter().filter(|&&j| keep(g.page(j).kind));
    kept.copied().collect()
}

fn unresolved_views(rel: &Relations) -> Vec<UnresolvedView> {
    rel.unresolved
        .iter()
        .map(|u| UnresolvedView {
            number: u.number.clone(),
            issuer: u.issuer.clone(),
            date: u.date.clone(),
        })
        .collect()
}

/// What a directive's page shows beyond every page's: its header and the
/// links to its type, issuer and year.
fn directive_fields(v: &mut PageView, p: &Page, d: &DirectiveMeta) {
    v.is_state = d
        .number
        .as_deref()
        .and_then(noibo_refs::parse_number)
        .is_some_and(|n| n.form == noibo_refs::NumberForm::State);
    v.place = d.place.clone();
    v.recipients = d.recipients.clone();
    v.signer = d.signer.clone();
    v.distribution = d.distribution.clone();
    v.type_link = Some(term_path(TaxonomyKind::Type, &d.doc_type));
    v.issuer_link = Some(term_path(TaxonomyKind::Issuer, &d.issuer));
    v.year_link = p
        .front
        .date
        .map(|dt| term_path(TaxonomyKind::Year, &dt.year().to_string()));
}

/// A feed announced in a page's `<head>` and linked from it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub(crate) struct FeedLink {
    pub title: String,
    /// Absolute, from `base_url`.
    pub href: String,
    /// Path from the site root, for visible links.
    pub link: String,
}

/// Pagination of a list page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Paginator {
    pub current: usize,
    pub total_pages: usize,
    pub total_items: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub first: String,
    pub last: String,
    /// The page list to show: the first and last pages, the pages up to
    /// [`PAGER_WINDOW`] away from the current one, and a gap (`gap: true`,
    /// no link) where pages are left out. Its length is bounded, so a list
    /// of thousands of pages does not cost thousands of links on each page.
    pub pages: Vec<PagerLink>,
}

/// How many pages on each side of the current one the page list shows.
pub(crate) const PAGER_WINDOW: usize = 2;

#[derive(Debug, Clone, Serialize)]
pub(crate) struct PagerLink {
    pub number: usize,
    pub link: String,
    pub current: bool,
    /// Stands for the pages left out here (shown as "…"); no link.
    pub gap: bool,
}

/// Folder of page `n` (1-based) of a list whose first page is in `base`.
pub(crate) fn pager_url(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}trang/{n}/")
    }
}

pub(crate) fn paginator(
    base: &str,
    current: usize,
    total_pages: usize,
    total_items: usize,
) -> Paginator {
    let link = |n: usize| format!("{}index.html", pager_url(base, n));
    Paginator {
        current,
        total_pages,
        total_items,
        prev: (current > 1).then(|| link(current - 1)),
        next: (current < total_pages).then(|| link(current + 1)),
        first: link(1),
        last: link(total_pages),
        pages: pager_window(current, total_pages)
            .into_iter()
            .map(|n| match n {
                Some(n) => PagerLink {
                    number: n,
                    link: link(n),
                    current: n == current,
                    gap: false,
                },
                None => PagerLink {
                    number: 0,
                    link: String::new(),
                    current: false,
                    gap: true,
                },
            })
            .collect(),
    }
}

/// Page numbers the page list shows, `None` for a gap: 1, the window
/// around `current`, `total`.
fn pager_window(current: usize, total: usize) -> Vec<Option<usize>> {
    let lo = current.saturating_sub(PAGER_WINDOW).max(1);
    let hi = (current + PAGER_WINDOW).min(total);
    let mut out = Vec::with_capacity(2 * PAGER_WINDOW + 5);
    if lo > 1 {
        out.push(Some(1));
        // A single left-out page is shown rather than a gap standing for it.
        if lo == 3 {
            out.push(Some(2));
        } else if lo > 3 {
            out.push(None);
        }
    }
    out.extend((lo..=hi).map(Some));
    if hi < total {
        if hi + 2 == total {
            out.push(Some(total - 1));
        } else if hi + 2 < total {
            out.push(None);
        }
        out.push(Some(total));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_documents_print_them() {
        let d = date_view(jiff::civil::date(2026, 2, 3));
        assert_eq!(
            (d.day.as_str(), d.month.as_str(), d.short.as_str()),
            ("03", "02", "03/02/2026")
        );
        let d = date_view(jiff::civil::date(2025, 11, 22));
        assert_eq!((d.day.as_str(), d.month.as_str()), ("22", "11"));
    }

    #[test]
    fn roots_and_pagers() {
        assert_eq!(root_of("van-ban/2026/x/"), "../../../");
        assert_eq!(root_of(""), "");
        assert_eq!(pager_url("van-ban/", 2), "van-ban/trang/2/");
        let p = paginator("van-ban/", 2, 3, 50);
        assert_eq!(p.prev.as_deref(), Some("van-ban/index.html"));
        assert_eq!(p.next.as_deref(), Some("van-ban/trang/3/index.html"));
    }

    #[test]
    fn page_lists_stay_short_however_long_the_list() {
        let shown = |c, t| -> Vec<String> {
            pager_window(c, t)
                .iter()
                .map(|n| n.map_or("…".to_string(), |n| n.to_string()))
                .collect()
        };
        assert_eq!(shown(1, 1), ["1"]);
        assert_eq!(shown(1, 4), ["1", "2", "3", "4"]);
        assert_eq!(shown(1, 5), ["1", "2", "3", "4", "5"]);
        assert_eq!(shown(1, 9), ["1", "2", "3", "…", "9"]);
        assert_eq!(shown(5, 9), ["1", "2", "3", "4", "5", "6", "7", "8", "9"]);
        assert_eq!(
            shown(50, 2500),
            ["1", "…", "48", "49", "50", "51", "52", "…", "2500"]
        );
        assert_eq!(shown(2500, 2500), ["1", "…", "2498", "2499", "2500"]);
        for total in 1..200 {
            for current in 1..=total {
                let w = pager_window(current, total);
                assert!(w.len() <= 2 * PAGER_WINDOW + 5);
                assert!(
                    w.contains(&Some(current)) && w.contains(&Some(1)) && w.contains(&Some(total))
                );
                // Numbers rise, and a gap always stands for two or more pages.
                let nums: Vec<usize> = w.iter().flatten().copied().collect();
                assert!(nums.windows(2).all(|p| p[0] < p[1]));
                for (i, n) in w.iter().enumerate() {
                    if n.is_none() {
                        let (a, b) = (w[i - 1].unwrap(), w[i + 1].unwrap());
                        assert!(b - a > 2, "gap for one page in {w:?}");
                    } else if i > 0
                        && let (Some(a), Some(b)) = (w[i - 1], *n)
                    {
                        assert_eq!(b, a + 1, "pages left out without a gap in {w:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn attachment_links_are_encoded() {
        assert_eq!(
            href_path("van-ban/x/Phụ lục 1 (50%).pdf"),
            "van-ban/x/Phụ%20lục%201%20(50%25).pdf"
        );
    }

    #[test]
    fn sizes() {
        assert_eq!(human_size(300), "300 B");
        assert_eq!(human_size(250_000), "245 KB");
        assert_eq!(human_size(1_300_000), "1,2 MB");
    }
}
