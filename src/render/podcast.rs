//! `SECTION/podcast.xml`: the podcast feed of a media section, RSS 2.0 with
//! the iTunes namespace, listing its audio and podcast items with their
//! enclosures and durations, and the channel tags podcast directories ask
//! for (`itunes:image`, `itunes:category`, `itunes:explicit`, `itunes:author`).

use quick_xml::events::BytesText;

use crate::graph::SiteGraph;
use crate::model::{Format, Kind, PageId, SectionId};
use crate::output::Output;
use crate::render::context::{FeedLink, href_path};
use crate::render::feeds::{FeedWriter, guid, rfc2822, rss_document, text_element as text};

/// The channel image, a static file of the theme (square, 1400 px, as
/// podcast directories require).
pub const COVER: &str = "podcast-cover.png";
/// The iTunes category of every channel: the committee's own publications.
const CATEGORY: &str = "Government";

type W = FeedWriter;

/// The podcast feed of section `s`, if it is a media section.
pub fn feed_of_section(g: &SiteGraph, s: SectionId) -> Option<FeedLink> {
    let cfg = &g.site.config;
    let sec = g.site.content.section(s);
    (cfg.feed.enabled && sec.kind == Kind::Media && !sec.url.is_empty()).then(|| {
        let link = format!("{}podcast.xml", sec.url);
        FeedLink {
            title: format!("{} — {} (podcast)", cfg.title, sec.title),
            href: format!("{}{link}", cfg.base_url),
            link,
        }
    })
}

/// The items of a podcast feed: dated audio and podcast pages, newest first.
fn episodes(g: &SiteGraph, s: SectionId) -> Vec<PageId> {
    let pages = &g.site.content.pages;
    g.section_pages(s)
        .iter()
        .copied()
        .filter(|&i| {
            let p = &pages[i.0];
            p.front.date.is_some()
                && !p.front.draft
                && p.front.media().is_some_and(|m| {
                    matches!(m.format, Format::Audio | Format::Podcast)
                        && m.media.as_ref().is_some_and(|f| f.duration.is_some())
                })
        })
        .take(g.site.config.feed.limit)
        .collect()
}

/// Writes the podcast feed of every media section into `out`.
pub fn render(g: &SiteGraph, out: &mut Output) {
    for (s, _) in g.site.content.sections() {
        if let Some(feed) = feed_of_section(g, s) {
            let bytes = channel(g, s, &feed, &episodes(g, s));
            out.add(feed.link, bytes);
        }
    }
}

/// `00:01:35`: `itunes:duration` as Apple's podcast guide writes it.
fn hhmmss(secs: u64) -> String {
    format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
}

fn channel(g: &SiteGraph, s: SectionId, feed: &FeedLink, items: &[PageId]) -> Vec<u8> {
    let cfg = &g.site.config;
    let sec = g.site.content.section(s);
    let page = format!("{}{}", cfg.base_url, sec.url);
    let cover = format!("{}{COVER}", cfg.base_url);
    let description = sec
        .description
        .clone()
        .unwrap_or_else(|| format!("{} — {}", sec.title, cfg.title));
    let itunes = [("xmlns:itunes", "http://www.itunes.com/dtds/podcast-1.0.dtd")];
    rss_document(&itunes, |w| {
        text(w, "title", &sec.title);
        text(w, "link", &page);
        text(w, "description", &description);
        text(w, "language", "vi");
        if let Some(d) = items.first().and_then(|&i| g.page(i).front.date) {
            text(w, "lastBuildDate", &rfc2822(d, cfg.timezone));
        }
        w.create_element("atom:link")
            .with_attributes([
                ("href", feed.href.as_str()),
                ("rel", "self"),
                ("type", "application/rss+xml"),
            ])
            .write_empty()?;
        w.create_element("image").write_inner_content(|w| {
            text(w, "url", &cover);
            text(w, "title", &sec.title);
            text(w, "link", &page);
            Ok(())
        })?;
        text(w, "itunes:author", &cfg.title);
        text(w, "itunes:summary", &description);
        w.create_element("itunes:image")
            .with_attribute(("href", cover.as_str()))
            .write_empty()?;
        w.create_element("itunes:category")
            .with_attribute(("text", CATEGORY))
            .write_empty()?;
        text(w, "itunes:explicit", "false");
        text(w, "itunes:type", "episodic");
        for &i in items {
            episode(g, w, i);
        }
        Ok(())
    })
}

fn episode(g: &SiteGraph, w: &mut W, i: PageId) {
    let cfg = &g.site.config;
    let p = g.page(i);
    let Some((m, f)) = p.front.media().and_then(|m| Some((m, m.media.as_ref()?))) else {
        return;
    };
    let description = p
        .front
        .summary
        .clone()
        .unwrap_or_else(|| crate::render::context::truncate(&g.body(i).first_paragraph, 400));
    let (id, permalink) = guid(g, i);
    let url = format!(
        "{}{}",
        cfg.base_url,
        href_path(&format!("{}{}", p.url, f.file_name))
    );
    let _ = w.create_element("item").write_inner_content(|w| {
        text(w, "title", &p.front.title);
        text(w, "link", &format!("{}{}", cfg.base_url, p.url));
        w.create_element("guid")
            .with_attribute(("isPermaLink", if permalink { "true" } else { "false" }))
            .write_text_content(BytesText::new(&id))?;
        if let Some(date) = p.front.date {
            text(w, "pubDate", &rfc2822(date, cfg.timezone));
        }
        text(w, "description", &description);
        w.create_element("enclosure")
            .with_attributes([
                ("url", url.as_str()),
                ("length", f.size.to_string().as_str()),
                ("type", f.mime),
            ])
            .write_empty()?;
        text(w, "itunes:duration", &hhmmss(f.duration.unwrap_or(0)));
        if let Some(unit) = &m.unit {
            text(w, "itunes:author", unit);
        }
        if let Some((poster, _)) = &m.poster {
            let href = format!(
                "{}{}",
                cfg.base_url,
                href_path(&format!("{}{poster}", p.url))
            );
            w.create_element("itunes:image")
                .with_attribute(("href", href.as_str()))
                .write_empty()?;
        }
        text(w, "itunes:explicit", "false");
        Ok(())
    });
}

#[cfg(test)]
mod tests {
    #[test]
    fn durations_as_hours_minutes_seconds() {
        assert_eq!(super::hhmmss(95), "00:01:35");
        assert_eq!(super::hhmmss(3723), "01:02:03");
    }
}
