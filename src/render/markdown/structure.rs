//! The events of a Markdown body other than running text: blocks, links,
//! images, raw HTML and footnotes.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Tag, TagEnd};

use super::{PendingImage, Renderer, footnote_id};
use crate::render::sanitize::attribute_allowed;

impl<'a> Renderer<'a, '_> {
    pub(super) fn structural(&mut self, event: Event<'a>, range: std::ops::Range<usize>) {
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => self.start_heading(level, id, classes, attrs),
            Event::End(TagEnd::Heading(level)) => self.end_heading(level),
            Event::Start(Tag::Paragraph) => {
                self.paragraph += 1;
                self.events.push(Event::Start(Tag::Paragraph));
            }
            Event::End(TagEnd::Paragraph) => self.end_paragraph(),
            Event::End(TagEnd::Item | TagEnd::TableCell | TagEnd::BlockQuote(_)) => {
                self.text.push('\n');
                self.events.push(event);
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => l.split_whitespace().next().map(str::to_string),
                    CodeBlockKind::Indented => None,
                };
                self.code = Some((lang, String::new()));
            }
            Event::Code(c) => {
                self.push_text(&c);
                self.events.push(Event::Code(c));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.in_link += 1;
                let dest_url = self.rewrite_dest(link_type, dest_url, range.start);
                self.events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => self.start_image(link_type, dest_url, title, id, range.start),
            Event::End(end @ (TagEnd::Link | TagEnd::Image)) => {
                self.in_link = self.in_link.saturating_sub(1);
                self.events.push(Event::End(end));
            }
            html @ (Event::Html(_) | Event::InlineHtml(_)) => self.html(html, range.start),
            Event::FootnoteReference(label) => self.footnote_reference(&label),
            Event::Start(Tag::FootnoteDefinition(label)) => self.footnote_definition(&label),
            Event::End(TagEnd::FootnoteDefinition) => {
                self.events.push(Event::Html("</div>\n".into()))
            }
            other => self.events.push(other),
        }
    }

    fn start_heading(
        &mut self,
        level: HeadingLevel,
        id: Option<CowStr<'a>>,
        classes: Vec<CowStr<'a>>,
        attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    ) {
        self.heading = Some((self.events.len(), String::new()));
        // `{onclick=…}` after a heading is raw HTML by another name.
        let attrs = if self.opts.unsafe_html {
            attrs
        } else {
            attrs
                .into_iter()
                .filter(|(k, v)| attribute_allowed(k, v.as_deref()))
                .collect()
        };
        self.events.push(Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }));
    }

    fn end_paragraph(&mut self) {
        self.paragraph = self.paragraph.saturating_sub(1);
        if !self.out.first_paragraph.trim().is_empty() {
            self.first_done = true;
        }
        self.text.push('\n');
        self.events.push(Event::End(TagEnd::Paragraph));
    }

    /// An image of the site is held until its alt text is read (see
    /// `end_image`); any other image is passed on like a link.
    fn start_image(
        &mut self,
        link_type: LinkType,
        dest_url: CowStr<'a>,
        title: CowStr<'a>,
        id: CowStr<'a>,
        offset: usize,
    ) {
        let dest_url = self.rewrite_dest(link_type, dest_url, offset);
        match self.linker.image(&dest_url) {
            Some(Ok(view)) => {
                let (dest, title) = (dest_url.to_string(), title.to_string());
                let alt = String::new();
                self.image = Some(PendingImage {
                    view,
                    dest,
                    title,
                    alt,
                });
                return;
            }
            Some(Err(message)) => self.problem(offset, message, true),
            None => {}
        }
        self.in_link += 1;
        self.events.push(Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }));
    }

    /// Raw HTML, filtered unless the site allows it as written; its links
    /// are noted either way.
    fn html(&mut self, event: Event<'a>, offset: usize) {
        match event {
            Event::Html(h) | Event::InlineHtml(h) if !self.opts.unsafe_html => {
                let clean = self.sanitizer.clean(&h);
                self.note_html_links(&h, &clean, offset);
                self.events.push(Event::Html(clean.into()));
            }
            raw => {
                if let Event::Html(h) | Event::InlineHtml(h) = &raw {
                    self.note_html_links(h, h, offset);
                }
                self.events.push(raw);
            }
        }
    }

    fn footnote_reference(&mut self, label: &str) {
        let n = self.footnote_number(label);
        let id = footnote_id(label);
        self.events.push(Event::InlineHtml(
            format!(
                "<sup class=\"footnote-ref\"><a href=\"#fn:{id}\" id=\"fnref:{id}\">{n}</a></sup>"
            )
            .into(),
        ));
    }

    fn footnote_definition(&mut self, label: &str) {
        let n = self.footnote_number(label);
        let id = footnote_id(label);
        self.events.push(Event::Html(
            format!("<div class=\"footnote\" id=\"fn:{id}\"><span class=\"footnote-label\"><a href=\"#fnref:{id}\">{n}</a></span>").into(),
        ));
    }
}
