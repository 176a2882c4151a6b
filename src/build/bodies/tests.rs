use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::*;

/// A site that knows some link targets and renders a body naming where
/// each link of the Markdown leads.
#[derive(Default)]
struct Links(HashMap<String, String>);

impl Linker for Links {
    fn internal(&self, _page_source: &str, dest: &str) -> Option<Result<String, String>> {
        Some(
            self.0
                .get(dest)
                .cloned()
                .ok_or_else(|| format!("no {dest}")),
        )
    }
    fn citation(&self, _m: &noibo_refs::Mention) -> Citation {
        Citation::NotHeld
    }
}

/// The hash of a page file holding `markdown`, as the body cache keys it.
fn file_of(markdown: &str) -> [u8; 16] {
    cache::short_hash(markdown.as_bytes())
}

fn src() -> Source<'static> {
    Source {
        display_path: Path::new("content/a.md"),
        body_line: 3,
        root: "../",
        content_path: "a.md",
        page_path: "a/index.html",
    }
}

/// Renders `markdown` (each word a link) through `linker`, counting renders.
fn render(markdown: &str, linker: &dyn Linker, count: &AtomicUsize) -> RenderedBody {
    count.fetch_add(1, Ordering::SeqCst);
    let html = markdown
        .split_whitespace()
        .map(|w| format!("{:?}", linker.internal("a.md", w)))
        .collect();
    RenderedBody {
        html,
        ..RenderedBody::default()
    }
}

/// The body of `markdown` rendered, written into a cache folder and read
/// back, as a rebuild finds it.
fn kept_of(markdown: &str, src: &Source, linker: &Links) -> Kept {
    let n = AtomicUsize::new(0);
    let (body, e) = render_or_keep(&file_of(markdown), src, linker, None, |l| {
        render(markdown, l, &n)
    });
    assert!(e.made);
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), &[1; 32], [("a.md", &e, &body)].into_iter()).unwrap();
    let (mut last, note) = Last::read(dir.path(), &[1; 32]);
    assert!(note.is_none());
    last.take("a.md").expect("the body written")
}

fn links(pairs: &[(&str, &str)]) -> Links {
    Links(
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect(),
    )
}

#[test]
fn a_kept_body_is_used_while_every_answer_holds() {
    let site = links(&[("b.md", "b/index.html"), ("c.md", "c/index.html")]);
    let k = kept_of("b.md c.md", &src(), &site);
    assert_eq!(k.asked.len(), 2, "both links noted");
    let n = AtomicUsize::new(0);
    let (body, e) = render_or_keep(&file_of("b.md c.md"), &src(), &site, Some(k), |l| {
        render("b.md c.md", l, &n)
    });
    assert_eq!(n.load(Ordering::SeqCst), 0, "rendered again");
    assert!(!e.made);
    // Its HTML is made only when needed; its hash stands for it.
    assert!(body.html.is_empty());
    let made = render("b.md c.md", &site, &n);
    assert_eq!(e.hashes, Hashes::of(&made));
}

#[test]
fn a_kept_body_is_rendered_again_when_an_answer_changes() {
    let before = links(&[("b.md", "b/index.html")]);
    let k = kept_of("b.md c.md", &src(), &before);
    // c.md is added to the site: the broken link of the body now leads there.
    let after = links(&[("b.md", "b/index.html"), ("c.md", "c/index.html")]);
    let n = AtomicUsize::new(0);
    let (body, e) = render_or_keep(&file_of("b.md c.md"), &src(), &after, Some(k), |l| {
        render("b.md c.md", l, &n)
    });
    assert_eq!(n.load(Ordering::SeqCst), 1);
    assert!(e.made);
    assert!(body.html.contains("c/index.html"), "{}", body.html);
}

#[test]
fn a_kept_body_is_rendered_again_when_its_markdown_or_place_changes() {
    let site = links(&[("b.md", "b/index.html")]);
    let mut moved = src();
    moved.body_line = 4;
    let mut elsewhere = src();
    elsewhere.page_path = "x/a/index.html";
    for (markdown, place) in [("b.md b.md", src()), ("b.md", moved), ("b.md", elsewhere)] {
        let k = kept_of("b.md", &src(), &site);
        let n = AtomicUsize::new(0);
        let (_, e) = render_or_keep(&file_of(markdown), &place, &site, Some(k), |l| {
            render(markdown, l, &n)
        });
        assert!(e.made, "{markdown} at line {} kept", place.body_line);
        assert_eq!(n.load(Ordering::SeqCst), 1);
    }
}

#[test]
fn the_file_reads_back_what_was_written_and_refuses_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let site = links(&[("b.md", "b/index.html")]);
    let n = AtomicUsize::new(0);
    let (body, entry) = render_or_keep(&file_of("b.md"), &src(), &site, None, |l| {
        render("b.md", l, &n)
    });
    write(dir.path(), &[1; 32], [("a.md", &entry, &body)].into_iter()).unwrap();
    let (mut last, note) = Last::read(dir.path(), &[1; 32]);
    assert!(note.is_none());
    assert_eq!(last.len(), 1);
    let k = last.take("a.md").expect("the body of a.md");
    assert_eq!(k.hashes, Hashes::of(&body));
    assert_eq!(k.asked, entry.asked);

    let (other, note) = Last::read(dir.path(), &[2; 32]);
    assert_eq!(other.len(), 0);
    assert!(note.unwrap().contains("another version"));
    let f = dir.path().join(cache::BODIES);
    let bytes = std::fs::read(&f).unwrap();
    std::fs::write(&f, &bytes[..bytes.len() - 3]).unwrap();
    let (damaged, note) = Last::read(dir.path(), &[1; 32]);
    assert_eq!(damaged.len(), 0);
    assert!(note.unwrap().contains("damaged"));
    std::fs::remove_file(&f).unwrap();
    let (none, note) = Last::read(dir.path(), &[1; 32]);
    assert_eq!((none.len(), note), (0, None));
}
