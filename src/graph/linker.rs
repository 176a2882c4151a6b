//! How a page's links and citations become paths of the site, as the
//! Markdown stage asks for them.

use noibo_refs::{DirectiveIndex, IndexItem, Query};

use super::Site;
use crate::links::has_scheme;
use crate::model::{Content, KindMeta, PageId};
use crate::render::markdown::{Citation, Linker};

/// Links and citations as seen from one page (or a section body).
pub(crate) struct PageLinker<'a> {
    pub(super) site: &'a Site,
    pub(super) page: Option<PageId>,
}

impl Linker for PageLinker<'_> {
    fn internal(&self, page_source: &str, dest: &str) -> Option<Result<String, String>> {
        if dest.is_empty() || dest.starts_with('#') || dest.starts_with("//") || has_scheme(dest) {
            return None;
        }
        let (path, anchor) = match dest.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (dest, None),
        };
        let with_anchor = |s: String| match anchor {
            Some(a) => format!("{s}#{a}"),
            None => s,
        };
        let base: Vec<&str> = if let Some(abs) = path.strip_prefix('/') {
            return Some(Ok(with_anchor(site_path(abs))));
        } else {
            page_source.split('/').collect::<Vec<_>>()[..page_source.matches('/').count()].to_vec()
        };
        if !path.ends_with(".md") {
            return None;
        }
        let mut parts = base;
        for seg in path.split('/') {
            match seg {
                "" | "." => {}
                ".." => {
                    if parts.pop().is_none() {
                        return Some(Err(format!("link `{dest}` leaves the content folder")));
                    }
                }
                s => parts.push(s),
            }
        }
        let target = parts.join("/");
        let target_index = target
            .strip_suffix(".md")
            .map(|t| format!("{t}/index.md"))
            .unwrap_or_default();
        match self
            .site
            .by_source
            .get(&target)
            .or_else(|| self.site.by_source.get(&target_index))
        {
            Some(&p) => Some(Ok(with_anchor(self.site.page_path(p)))),
            None if [&target, &target_index]
                .iter()
                .any(|t| self.site.content.unloaded.contains(t)) =>
            {
                None // the target's own errors are reported
            }
            None => {
                let section = target.strip_suffix("_index.md").map(str::to_string);
                match section.filter(|s| self.site.content.sections.iter().any(|x| &x.url == s)) {
                    Some(s) => Some(Ok(with_anchor(format!("{s}index.html")))),
                    None => Some(Err(format!(
                        "link to `{dest}`: no such page in content/ (or it is a draft)"
                    ))),
                }
            }
        }
    }

    fn citation(&self, m: &noibo_refs::Mention) -> Citation {
        let citing = self.page.and_then(|p| self.site.content.page(p).front.date);
        match self.site.resolve_query(&Query::from_mention(m), citing) {
            Ok(Some(t)) if Some(t) == self.page => Citation::Own,
            Ok(Some(t)) => Citation::Held {
                path: self.site.page_path(t),
                target: t,
            },
            Ok(None) => Citation::NotHeld,
            Err(c) => Citation::Ambiguous(self.site.ambiguity(&m.number.raw, &c)),
        }
    }

    fn image(&self, dest: &str) -> Option<Result<crate::images::ImageView, String>> {
        if dest.starts_with('/') || has_scheme(dest) {
            return None;
        }
        let page = self.site.content.page(self.page?);
        let path = crate::images::site_path(&page.url, dest)?;
        let images = &self.site.images;
        if let Some(why) = images.problem(&path) {
            return Some(Err(format!("image `{dest}`: {why}")));
        }
        images.view(&self.site.config.images, &path).map(Ok)
    }
}

/// A site-absolute path written in Markdown (`/van-ban/`) as a path from the
/// root that works from `file://` (`van-ban/index.html`).
fn site_path(p: &str) -> String {
    if p.is_empty() || p.ends_with('/') {
        format!("{p}index.html")
    } else {
        p.to_string()
    }
}

/// The directives of `content` that citations can resolve to (those with
/// a date and a number), and their index.
pub(super) fn directive_index(content: &Content) -> (Vec<PageId>, DirectiveIndex) {
    let mut directive_pages = Vec::new();
    let mut items = Vec::new();
    for (i, p) in content.pages() {
        if let (KindMeta::Directive(d), Some(date), Some(number)) = (
            &p.front.meta,
            p.front.date,
            &p.front.directive().and_then(|d| d.number.clone()),
        ) {
            directive_pages.push(i);
            items.push(IndexItem {
                number_key: noibo_refs::number_key(number),
                issuer: d.issuer.clone(),
                date: super::to_refs_date(date),
                type_name: Some(d.doc_type.clone()),
            });
        }
    }
    (directive_pages, DirectiveIndex::from_items(items))
}
