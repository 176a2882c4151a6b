//! RSS 2.0 feeds: the whole site, each section, each issuer and each type.
//! Written with quick-xml, which escapes every text once. A feed's
//! `lastBuildDate` is its newest item's date, so unchanged content gives a
//! byte-identical feed.

use std::io::Cursor;

use jiff::tz::Offset;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use crate::graph::{SiteGraph, TaxonomyKind, Term};
use crate::model::{Date, Kind, PageId, SectionId};
use crate::output::Output;
use crate::render::context::FeedLink;

/// `Sat, 22 Nov 2025 00:00:00 +0700`: RFC 2822 in the site's timezone.
pub(crate) fn rfc2822(date: Date, offset: Offset) -> String {
    match date
        .to_datetime(jiff::civil::Time::midnight())
        .to_zoned(offset.to_time_zone())
    {
        Ok(z) => jiff::fmt::rfc2822::to_string(&z).unwrap_or_default(),
        Err(_) => String::new(),
    }
}

fn feed_link(g: &SiteGraph, title: String, path: String) -> FeedLink {
    FeedLink {
        title,
        href: format!("{}{path}", g.site.config.base_url),
        link: path,
    }
}

fn site_feed(g: &SiteGraph) -> Option<FeedLink> {
    g.site.config.feed.enabled.then(|| {
        feed_link(
            g,
            format!("{} — tất cả", g.site.config.title),
            "rss.xml".into(),
        )
    })
}

pub(crate) fn with_site_feed(g: &SiteGraph, mut v: Vec<FeedLink>) -> Vec<FeedLink> {
    if let Some(f) = site_feed(g) {
        v.insert(0, f);
    }
    v
}

pub(crate) fn section_feed(g: &SiteGraph, section: SectionId) -> Option<FeedLink> {
    let s = g.site.content.section(section);
    (g.site.config.feed.enabled
        && !s.url.is_empty()
        && !matches!(s.kind, Kind::Pages | Kind::Units | Kind::Newsletter))
    .then(|| {
        feed_link(
            g,
            format!("{} — {}", g.site.config.title, s.title),
            format!("{}rss.xml", s.url),
        )
    })
}

pub(crate) fn term_feed(g: &SiteGraph, taxonomy: TaxonomyKind, term: &Term) -> Option<FeedLink> {
    (g.site.config.feed.enabled && taxonomy.has_feeds()).then(|| {
        feed_link(
            g,
            format!("{} — {}", g.site.config.title, term.name),
            format!("{taxonomy}/{}/rss.xml", term.slug),
        )
    })
}

/// Feeds that concern a page: the site's, its section's, its issuer's and type's.
pub(crate) fn feeds_for_page(g: &SiteGraph, page: PageId) -> Vec<FeedLink> {
    let p = g.page(page);
    let mut v: Vec<FeedLink> = section_feed(g, p.section).into_iter().collect();
    v.extend(crate::render::podcast::feed_of_section(g, p.section));
    if let Some(d) = p.front.directive() {
        for (tax, name) in [
            (TaxonomyKind::Issuer, &d.issuer),
            (TaxonomyKind::Type, &d.doc_type),
        ] {
            let slug = noibo_text::slugify(name);
            if let Some(t) = g
                .taxonomies
                .iter()
                .find(|t| t.key == tax)
                .and_then(|t| t.terms.iter().find(|x| x.slug == slug))
            {
                v.extend(term_feed(g, tax, t));
            }
        }
    }
    with_site_feed(g, v)
}

pub(crate) fn feeds_for_section(g: &SiteGraph, section: SectionId) -> Vec<FeedLink> {
    let podcast = crate::render::podcast::feed_of_section(g, section);
    with_site_feed(
        g,
        section_feed(g, section)
            .into_iter()
            .chain(podcast)
            .collect(),
    )
}

/// Writes every feed into `out`.
pub(crate) fn render_feeds(g: &SiteGraph, out: &mut Output) {
    if !g.site.config.feed.enabled {
        return;
    }
    // Drafts (built with `--drafts` for a preview) are never announced.
    let feedable = |i: &PageId| {
        let p = g.page(*i);
        p.kind != Kind::Pages && p.front.date.is_some() && !p.front.draft
    };
    let all: Vec<PageId> = g.newest.iter().copied().filter(feedable).collect();
    if let Some(f) = site_feed(g) {
        out.add(
            f.link.clone(),
            channel(g, &f, &g.site.config.description, &all),
        );
    }
    for (s, _) in g.site.content.sections() {
        if let Some(f) = section_feed(g, s) {
            let items: Vec<PageId> = g
                .section_pages(s)
                .iter()
                .copied()
                .filter(feedable)
                .collect();
            out.add(
                f.link.clone(),
                channel(g, &f, &g.site.content.section(s).title, &items),
            );
        }
    }
    for tax in &g.taxonomies {
        for term in &tax.terms {
            if let Some(f) = term_feed(g, tax.key, term) {
                let items: Vec<PageId> = term.pages.iter().copied().filter(feedable).collect();
                out.add(f.link.clone(), channel(g, &f, &term.name, &items));
            }
        }
    }
}

/// The writer every feed of the site is written with.
pub(crate) type FeedWriter = Writer<Cursor<Vec<u8>>>;

/// An RSS 2.0 document: the XML declaration, `<rss>` with the Atom namespace
/// and any `extra` ones (after `version`, before Atom), and one `<channel>`
/// whose content `channel` writes. Site feeds, podcast feeds and the
/// newsletter's feed are all written through it.
pub(crate) fn rss_document(
    extra: &[(&str, &str)],
    channel: impl FnOnce(&mut FeedWriter) -> std::io::Result<()>,
) -> Vec<u8> {
    let mut w = Writer::new_with_indent(Cursor::new(Vec::new()), b' ', 2);
    let _ = w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
    let mut attributes = vec![("version", "2.0")];
    attributes.extend_from_slice(extra);
    attributes.push(("xmlns:atom", "http://www.w3.org/2005/Atom"));
    let _ = w
        .create_element("rss")
        .with_attributes(attributes)
        .write_inner_content(|w| {
            w.create_element("channel").write_inner_content(channel)?;
            Ok(())
        });
    let mut bytes = w.into_inner().into_inner();
    bytes.push(b'\n');
    bytes
}

pub(crate) fn text_element(w: &mut FeedWriter, name: &str, text: &str) {
    let _ = w
        .create_element(name)
        .write_text_content(BytesText::new(text));
}

/// A stable identifier that survives moving or renaming the file: for a
/// directive its number (or, before it has one, its title), issuer and date;
/// for other pages their address.
pub(crate) fn guid(g: &SiteGraph, i: PageId) -> (String, bool) {
    let p = g.page(i);
    match (p.front.directive(), p.front.date) {
        (Some(d), Some(date)) => {
            let id = d.number.as_deref().unwrap_or(&p.front.title);
            (
                format!(
                    "urn:noibo:{}:{}:{}",
                    noibo_text::slugify(id),
                    noibo_text::slugify(&d.issuer),
                    date
                ),
                false,
            )
        }
        _ => (format!("{}{}", g.site.config.base_url, p.url), true),
    }
}

fn channel(g: &SiteGraph, feed: &FeedLink, description: &str, items: &[PageId]) -> Vec<u8> {
    let cfg = &g.site.config;
    let offset = cfg.timezone;
    let items = &items[..items.len().min(cfg.feed.limit)];
    rss_document(&[], |w| {
        text_element(w, "title", &feed.title);
        // The page the feed belongs to: the home page, the section's
        // or the taxonomy term's.
        let page = feed.link.strip_suffix("rss.xml").unwrap_or_default();
        text_element(w, "link", &format!("{}{page}", cfg.base_url));
        text_element(
            w,
            "description",
            if description.is_empty() {
                &cfg.title
            } else {
                description
            },
        );
        text_element(w, "language", &cfg.language);
        if let Some(d) = items.first().and_then(|&i| g.page(i).front.date) {
            text_element(w, "lastBuildDate", &rfc2822(d, offset));
        }
        w.create_element("atom:link")
            .with_attributes([
                ("href", feed.href.as_str()),
                ("rel", "self"),
                ("type", "application/rss+xml"),
            ])
            .write_empty()?;
        for &i in items {
            item(g, w, i, offset);
        }
        Ok(())
    })
}

fn item(g: &SiteGraph, w: &mut Writer<Cursor<Vec<u8>>>, i: PageId, offset: Offset) {
    let p = g.page(i);
    let d = p.front.directive();
    let title = match d.and_then(|d| d.number.as_deref()) {
        Some(n) => format!(
            "{} {n}: {}",
            d.map_or("", |d| d.doc_type.as_str()),
            p.front.title
        ),
        None => p.front.title.clone(),
    };
    let first = &g.body(i).first_paragraph;
    let description = match &p.front.summary {
        Some(s) => s.clone(),
        None if d.is_some() => format!(
            "{}. {}",
            p.front.title,
            crate::render::context::truncate(first, 400)
        ),
        None => crate::render::context::truncate(first, 400),
    };
    let (id, permalink) = guid(g, i);
    let _ = w.create_element("item").write_inner_content(|w| {
        text_element(w, "title", &title);
        text_element(w, "link", &format!("{}{}", g.site.config.base_url, p.url));
        w.create_element("guid")
            .with_attribute(("isPermaLink", if permalink { "true" } else { "false" }))
            .write_text_content(BytesText::new(&id))?;
        if let Some(date) = p.front.date {
            text_element(w, "pubDate", &rfc2822(date, offset));
        }
        text_element(w, "description", &description);
        if let Some(d) = d {
            text_element(w, "category", &d.doc_type);
            text_element(w, "category", &d.issuer);
        }
        for t in &p.front.tags {
            text_element(w, "category", t);
        }
        Ok(())
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc2822_in_site_timezone() {
        assert_eq!(
            rfc2822(jiff::civil::date(2025, 11, 22), Offset::constant(7)),
            "Sat, 22 Nov 2025 00:00:00 +0700"
        );
    }
}
