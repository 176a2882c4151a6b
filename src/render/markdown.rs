//! Markdown to HTML (pulldown-cmark), with what an intranet page needs on
//! top: heading ids and anchor links, footnote ids that cannot clash with
//! heading ids (`fn:1` — slugs never contain `:`), highlighted code (syntect,
//! CSS classes), raw HTML filtered, links between content files rewritten to
//! relative page links, and citations of directives in running text turned
//! into links to the cited directive.

use std::collections::HashMap;
use std::fmt::Write as _;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::check;
use crate::diagnostics::{Diagnostic, Pos, line_of_body};
use crate::links;
use crate::render::sanitize::{Sanitizer, is_dangerous_url};

mod body;
mod structure;

/// A Markdown image being read: its size, destination, title and alt text.
struct PendingImage {
    view: crate::images::ImageView,
    dest: String,
    title: String,
    alt: String,
}
pub(crate) use body::{
    Citation, FoundCitation, Heading, Linker, MarkdownOptions, RenderedBody, Source,
};

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders a Markdown body.
pub(crate) fn render(
    body: &str,
    src: &Source,
    opts: &MarkdownOptions,
    linker: &dyn Linker,
) -> RenderedBody {
    let mut r = Renderer {
        body,
        src,
        opts,
        linker,
        out: RenderedBody::default(),
        events: Vec::new(),
        run: String::new(),
        text: String::new(),
        run_map: Vec::new(),
        in_link: 0,
        sanitizer: Sanitizer::default(),
        ids: HashMap::new(),
        heading: None,
        code: None,
        paragraph: 0,
        first_done: false,
        footnotes: HashMap::new(),
        image: None,
    };
    let parser = Parser::new_ext(body, options()).into_offset_iter();
    for (event, range) in parser {
        r.event(event, range);
    }
    r.flush_run();
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, r.events.into_iter());
    // Kept until the page is rendered: no room to spare in it.
    html.shrink_to_fit();
    r.out.html = html;
    r.out.text = r.text.trim().into();
    r.out.first_paragraph = r.out.first_paragraph.trim().to_string();
    r.out
}

struct Renderer<'a, 'b> {
    body: &'a str,
    src: &'b Source<'b>,
    opts: &'b MarkdownOptions<'b>,
    linker: &'b dyn Linker,
    out: RenderedBody,
    events: Vec<Event<'a>>,
    /// Text of the current run of text events, and where its pieces came
    /// from in the source (offset in run, offset in body).
    run: String,
    /// Plain text of the body so far.
    text: String,
    run_map: Vec<(usize, usize)>,
    in_link: usize,
    sanitizer: Sanitizer,
    ids: HashMap<String, usize>,
    /// Index into `events` of the current heading start, and its text.
    heading: Option<(usize, String)>,
    code: Option<(Option<String>, String)>,
    /// Depth of paragraph-like blocks, to collect the first paragraph.
    paragraph: usize,
    first_done: bool,
    footnotes: HashMap<String, usize>,
    image: Option<PendingImage>,
}

impl<'a> Renderer<'a, '_> {
    fn pos(&self, offset: usize) -> Pos {
        let p = Pos::of_offset(self.body, offset);
        Pos::new(p.line + self.src.body_line - 1, p.col)
    }

    fn problem(&mut self, offset: usize, message: String, error: bool) {
        let pos = self.pos(offset);
        let mut d = if error {
            Diagnostic::error(self.src.display_path, Some(pos), message)
        } else {
            Diagnostic::warning(self.src.display_path, Some(pos), message)
        };
        // File line `pos.line` is line `pos.line - body_line` of the body.
        d.source_line = line_of_body(self.body, self.src.body_line, pos.line);
        self.out.problems.push(d);
    }

    fn push_text(&mut self, t: &str) {
        self.text.push_str(t);
        if let Some((_, h)) = &mut self.heading {
            h.push_str(t);
        }
        if self.paragraph > 0 && !self.first_done {
            self.out.first_paragraph.push_str(t);
        }
    }

    fn event(&mut self, event: Event<'a>, range: std::ops::Range<usize>) {
        if let Some((_, code)) = &mut self.code {
            match event {
                Event::Text(t) => code.push_str(&t),
                Event::End(TagEnd::CodeBlock) => self.end_code(),
                _ => {}
            }
            return;
        }
        if let Some(img) = &mut self.image {
            match event {
                Event::Text(t) | Event::Code(t) => img.alt.push_str(&t),
                Event::End(TagEnd::Image) => self.end_image(),
                _ => {}
            }
            return;
        }
        match event {
            Event::Text(t) => {
                self.push_text(&t);
                if self.in_link == 0 && self.heading.is_none() {
                    self.run_map.push((self.run.len(), range.start));
                    self.run.push_str(&t);
                } else {
                    self.events.push(Event::Text(t));
                }
            }
            Event::SoftBreak => {
                self.push_text(" ");
                if self.in_link == 0 && self.heading.is_none() {
                    self.run_map.push((self.run.len(), range.start));
                    self.run.push('\n');
                } else {
                    self.events.push(Event::SoftBreak);
                }
            }
            other => {
                self.flush_run();
                self.structural(other, range);
            }
        }
    }

    /// The `<img>` of an image of the site, with its size and lazy loading.
    fn end_image(&mut self) {
        let Some(img) = self.image.take() else {
            return;
        };
        let original = img
            .view
            .original
            .as_ref()
            .map(|o| format!("{}{o}", self.src.root));
        let html = crate::images::img_html(
            &img.dest,
            &img.alt,
            &img.title,
            &img.view,
            original.as_deref(),
        );
        self.events.push(Event::InlineHtml(html.into()));
    }

    fn footnote_number(&mut self, label: &str) -> usize {
        let next = self.footnotes.len() + 1;
        *self.footnotes.entry(label.to_string()).or_insert(next)
    }

    fn rewrite_dest(&mut self, link_type: LinkType, dest: CowStr<'a>, offset: usize) -> CowStr<'a> {
        if matches!(link_type, LinkType::Email) {
            return dest;
        }
        if !self.opts.unsafe_html && is_dangerous_url(&dest) {
            self.problem(
                offset,
                format!("link to `{dest}` removed: it would run a script"),
                false,
            );
            return CowStr::Borrowed("#");
        }
        match self.linker.internal(self.src.content_path, &dest) {
            None if !dest.starts_with("//") && climbs_out(self.src.root, &dest) => {
                self.problem(
                    offset,
                    format!("link `{dest}` leaves the site: link only to files inside it"),
                    true,
                );
                dest
            }
            None => {
                self.note_link(&dest, offset);
                dest
            }
            Some(Ok(path)) => {
                self.out.links.push((path.clone(), self.pos(offset)));
                format!("{}{}", self.src.root, path).into()
            }
            Some(Err(message)) => {
                self.problem(offset, message, true);
                dest
            }
        }
    }

    /// Notes where a relative link the linker leaves as written (a file
    /// that is not a page: an image, an attachment, an HTML path) leads, so
    /// that if it is broken the link check blames this place.
    fn note_link(&mut self, dest: &str, offset: usize) {
        if !links::is_relative(dest) {
            return;
        }
        if let Some(target) = links::target_of(self.src.page_path, dest) {
            self.out.links.push((target, self.pos(offset)));
        }
    }

    /// [`Self::note_link`] for the `href` and `src` of raw HTML (`raw`, as
    /// written at `offset`; `clean`, as it will be in the page).
    fn note_html_links(&mut self, raw: &str, clean: &str, offset: usize) {
        for link in check::links_in(clean) {
            let at = raw.find(link.as_str()).unwrap_or(0);
            self.note_link(&link, offset + at);
        }
    }

    fn end_heading(&mut self, level: HeadingLevel) {
        let Some((start, text)) = self.heading.take() else {
            return;
        };
        let text = text.trim().to_string();
        let written = match &self.events[start] {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            _ => None,
        };
        let base = written.unwrap_or_else(|| {
            let s = noibo_text::slugify(&text);
            if s.is_empty() { "muc".to_string() } else { s }
        });
        let n = self.ids.entry(base.clone()).or_insert(0);
        *n += 1;
        let id = if *n == 1 {
            base
        } else {
            format!("{base}-{}", *n - 1)
        };
        if let Event::Start(Tag::Heading { id: slot, .. }) = &mut self.events[start] {
            *slot = Some(id.clone().into());
        }
        self.events.push(Event::InlineHtml(
            format!(
                " <a class=\"anchor\" href=\"#{id}\" aria-label=\"Liên kết tới mục này\">#</a>"
            )
            .into(),
        ));
        self.events.push(Event::End(TagEnd::Heading(level)));
        self.text.push('\n');
        self.out.headings.push(Heading {
            level: level as u8,
            id,
            text,
        });
    }

    fn end_code(&mut self) {
        let Some((lang, code)) = self.code.take() else {
            return;
        };
        self.text.push_str(&code);
        self.text.push('\n');
        let highlighted = self
            .opts
            .highlighter
            .and_then(|h| h.highlight(lang.as_deref(), &code));
        let mut html = String::new();
        match (highlighted, &lang) {
            (Some(h), Some(l)) => {
                let _ = writeln!(
                    html,
                    "<pre class=\"code\" data-lang=\"{}\"><code>{h}</code></pre>",
                    escape(l)
                );
            }
            _ => {
                let class = lang
                    .as_ref()
                    .map(|l| format!(" data-lang=\"{}\"", escape(l)))
                    .unwrap_or_default();
                let _ = writeln!(
                    html,
                    "<pre class=\"code\"{class}><code>{}</code></pre>",
                    escape(&code)
                );
            }
        }
        self.events.push(Event::Html(html.into()));
    }

    /// Emits the pending run of text, with citations turned into links.
    fn flush_run(&mut self) {
        if self.run.is_empty() {
            return;
        }
        let run = std::mem::take(&mut self.run);
        let map = std::mem::take(&mut self.run_map);
        let mentions = if run.bytes().any(|b| b.is_ascii_digit()) {
            noibo_refs::find_mentions(&run)
        } else {
            Vec::new()
        };
        if mentions.is_empty() {
            self.events.push(Event::Html(escape_text(&run).into()));
            return;
        }
        let mut html = String::with_capacity(run.len() + 64 * mentions.len());
        let mut last = 0;
        for m in &mentions {
            let outcome = if m.header {
                Citation::Own
            } else {
                self.linker.citation(m)
            };
            let body_offset = map
                .iter()
                .rev()
                .find(|(run_off, _)| *run_off <= m.link.start)
                .map_or(0, |(run_off, body_off)| body_off + (m.link.start - run_off));
            let pos = self.pos(body_offset);
            html.push_str(&escape_text(&run[last..m.link.start]));
            let shown = escape_text(&run[m.link.clone()]);
            match &outcome {
                Citation::Held { path, .. } => {
                    let _ = write!(
                        html,
                        "<a class=\"citation\" href=\"{}{}\">{shown}</a>",
                        self.src.root,
                        escape(path)
                    );
                }
                Citation::Ambiguous(msg) => {
                    self.problem(body_offset, msg.clone(), false);
                    html.push_str(&shown);
                }
                Citation::NotHeld | Citation::Own => html.push_str(&shown),
            }
            last = m.link.end;
            if outcome != Citation::Own {
                self.out.citations.push(FoundCitation {
                    number: m.number.raw.clone(),
                    issuer: m.issuer.clone(),
                    date: m.date,
                    outcome,
                    pos,
                });
            }
        }
        html.push_str(&escape_text(&run[last..]));
        self.events.push(Event::Html(html.into()));
    }
}

/// True when the relative link `dest`, written in a page `root` (`../`
/// repeated) below the site root, climbs above the site root.
fn climbs_out(root: &str, dest: &str) -> bool {
    let path = dest.split(['?', '#']).next().unwrap_or("");
    if path.contains(':') {
        return false; // an address, such as https: or mailto:
    }
    let mut depth = root.matches("../").count() as i64;
    let path = path.to_ascii_lowercase().replace("%2e", ".");
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                depth -= 1;
                if depth < 0 {
                    return true;
                }
            }
            _ => depth += 1,
        }
    }
    false
}

fn footnote_id(label: &str) -> String {
    let s = noibo_text::slugify(label);
    if s.is_empty() { "x".into() } else { s }
}

/// Escapes text for HTML element content, keeping soft line breaks.
fn escape_text(s: &str) -> String {
    escape(s)
}

/// Escapes `& < > " '` for HTML text and attribute values.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut run = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // Only ASCII bytes are replaced, so runs end on character boundaries.
        out.push_str(&s[run..i]);
        out.push_str(entity);
        run = i + 1;
    }
    out.push_str(&s[run..]);
    out
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod proptests;
