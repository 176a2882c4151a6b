//! The page bodies of the last build, kept in `.noibo-cache/bodies`, so
//! that a rebuild renders again only the Markdown that changed.
//!
//! What is kept of a body is all but its HTML and plain text, which stand
//! there by their hashes (they are nine tenths of its bytes, and reading
//! them back cost more than rendering them): its citations, links,
//! headings, first paragraph and messages. A page whose body is kept gets
//! its HTML and text made only if something needs them
//! (`graph::later`): rendered again, its search chunk made again.
//!
//! Rendering a body reads three things: its Markdown, where it stands (the
//! paths and first line its links and messages are placed by) and the
//! answers the site gives to its questions: where a link leads, which
//! directive a citation names, how big an image is. Each body is kept
//! with the key of the first two (the Markdown by the hash of its file's
//! bytes, so that a file left unread has its key) and every question it
//! asked, with its answer. A rebuild takes a kept body only if its key is
//! the same and each of those questions, asked again of this build's site,
//! gets the same answer: rendering would then ask the same questions in the same
//! order and give the same body. A page added, renamed or given another
//! number changes only the answers that speak of it, so only the bodies
//! that link to it or cite it are rendered again.
//!
//! The file checks itself (`cache::write_checked`): one that is damaged or
//! was written by another version or configuration is a one-line note and
//! every body is rendered.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::cache::{self, StoreFound};
use crate::diagnostics::{Diagnostic, FatalError, Pos};
use crate::images::ImageView;
use crate::render::markdown::{Citation, FoundCitation, Heading, Linker, RenderedBody, Source};

/// Changes whenever the layout of what is kept does.
const FORMAT: &str = "noibo bodies 3";

/// One question a body asked the site, with the answer it got.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) enum Asked {
    Internal {
        page_source: String,
        dest: String,
        answer: Option<Result<String, String>>,
    },
    Citation {
        mention: noibo_refs::Mention,
        answer: Citation,
    },
    Image {
        dest: String,
        answer: Option<Result<ImageView, String>>,
    },
}

impl Asked {
    /// Whether `linker` gives the same answer.
    fn holds(&self, linker: &dyn Linker) -> bool {
        match self {
            Asked::Internal {
                page_source,
                dest,
                answer,
            } => linker.internal(page_source, dest) == *answer,
            Asked::Citation { mention, answer } => linker.citation(mention) == *answer,
            Asked::Image { dest, answer } => linker.image(dest) == *answer,
        }
    }
}

/// A linker that notes every question it is asked and its answer.
struct Recorder<'a> {
    linker: &'a dyn Linker,
    asked: Mutex<Vec<Asked>>,
}

impl Recorder<'_> {
    fn note(&self, a: Asked) {
        // A poisoned lock means a render panicked: the build fails anyway.
        if let Ok(mut v) = self.asked.lock() {
            v.push(a);
        }
    }
}

impl Linker for Recorder<'_> {
    fn internal(&self, page_source: &str, dest: &str) -> Option<Result<String, String>> {
        let answer = self.linker.internal(page_source, dest);
        self.note(Asked::Internal {
            page_source: page_source.to_string(),
            dest: dest.to_string(),
            answer: answer.clone(),
        });
        answer
    }

    fn citation(&self, mention: &noibo_refs::Mention) -> Citation {
        let answer = self.linker.citation(mention);
        self.note(Asked::Citation {
            mention: mention.clone(),
            answer: answer.clone(),
        });
        answer
    }

    fn image(&self, dest: &str) -> Option<Result<ImageView, String>> {
        let answer = self.linker.image(dest);
        self.note(Asked::Image {
            dest: dest.to_string(),
            answer: answer.clone(),
        });
        answer
    }
}

/// A body as kept: the key of its Markdown and place, its questions, the
/// hashes of its HTML and text, and the rest of it.
#[derive(Serialize, Deserialize)]
pub(crate) struct Kept {
    key: [u8; 16],
    asked: Vec<Asked>,
    hashes: Hashes,
    parts: Parts,
}

/// The blake3 of a body's HTML and of its plain text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Hashes {
    pub(crate) html: [u8; 32],
    pub(crate) text: [u8; 32],
}

impl Hashes {
    pub(crate) fn of(body: &RenderedBody) -> Hashes {
        Hashes {
            html: *blake3::hash(body.html.as_bytes()).as_bytes(),
            text: *blake3::hash(body.text.as_bytes()).as_bytes(),
        }
    }
}

/// A body but its HTML and text.
#[derive(Serialize, Deserialize)]
struct Parts {
    first_paragraph: String,
    headings: Vec<Heading>,
    citations: Vec<FoundCitation>,
    links: Vec<(String, Pos)>,
    problems: Vec<Diagnostic>,
}

impl Parts {
    /// The body, its HTML and text left empty.
    fn into_body(self) -> RenderedBody {
        RenderedBody {
            html: String::new(),
            text: "".into(),
            first_paragraph: self.first_paragraph,
            headings: self.headings,
            citations: self.citations,
            links: self.links,
            problems: self.problems,
        }
    }
}

/// What is written of one body: [`Kept`], borrowed.
#[derive(Serialize)]
struct KeptRef<'a> {
    key: &'a [u8; 16],
    asked: &'a [Asked],
    hashes: &'a Hashes,
    parts: PartsRef<'a>,
}

/// [`Parts`], borrowed.
#[derive(Serialize)]
struct PartsRef<'a> {
    first_paragraph: &'a str,
    headings: &'a [Heading],
    citations: &'a [FoundCitation],
    links: &'a [(String, Pos)],
    problems: &'a [Diagnostic],
}

/// The file: its format, then each page file's content path and body
/// (`P` and `K` owned when read, borrowed when written).
#[derive(Serialize, Deserialize)]
struct Stored<P, K> {
    format: String,
    bodies: Vec<(P, K)>,
}

/// The bodies the last build left, by content path (`van-ban/x.md`).
#[derive(Default)]
pub(crate) struct Last(HashMap<String, Kept>);

impl Last {
    /// What the cache folder `dir` holds for a build keyed `key`, and a
    /// note if it holds bodies that cannot be used.
    pub(crate) fn read(dir: &Path, key: &[u8; 32]) -> (Last, Option<String>) {
        let why = match cache::read_checked(dir, cache::BODIES, key) {
            StoreFound::Missing => return (Last::default(), None),
            StoreFound::Rejected(why) => why,
            StoreFound::Usable(s) => {
                match postcard::from_bytes::<Stored<String, Kept>>(s.bytes()) {
                    Ok(st) if st.format == FORMAT => {
                        return (Last(st.bodies.into_iter().collect()), None);
                    }
                    _ => "is damaged",
                }
            }
        };
        let note = format!(
            "the file of page bodies in the build cache ({}/{}) {why}: rendering every body",
            cache::DIR,
            cache::BODIES
        );
        (Last::default(), Some(note))
    }

    /// The kept body of the page file at `content_path`, taken out.
    pub(crate) fn take(&mut self, content_path: &str) -> Option<Kept> {
        self.0.remove(content_path)
    }

    /// How many bodies are left in it.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }
}

/// What this build keeps of one body for the next.
pub(crate) struct Entry {
    key: [u8; 16],
    asked: Vec<Asked>,
    pub(crate) hashes: Hashes,
    /// Rendered now (not taken from the last build).
    pub(crate) made: bool,
}

/// The key of a body: its file's bytes (by their hash, `file_hash`) and
/// every part of its place.
fn key_of(file_hash: &[u8; 16], src: &Source) -> [u8; 16] {
    let mut h = blake3::Hasher::new();
    h.update(file_hash);
    let display = src.display_path.to_string_lossy();
    let parts = [&display, src.root, src.content_path, src.page_path];
    for p in parts {
        h.update(&(p.len() as u64).to_le_bytes());
        h.update(p.as_bytes());
    }
    h.update(&(src.body_line as u64).to_le_bytes());
    cache::short_hash(h.finalize().as_bytes())
}

/// The body at `src` of the file whose bytes hash to `file_hash`: `kept`
/// if it still holds for `linker` (its HTML and text left empty, to be
/// made when needed), else rendered by `render` with every question noted.
pub(crate) fn render_or_keep(
    file_hash: &[u8; 16],
    src: &Source,
    linker: &dyn Linker,
    kept: Option<Kept>,
    render: impl FnOnce(&dyn Linker) -> RenderedBody,
) -> (RenderedBody, Entry) {
    let key = key_of(file_hash, src);
    if let Some(k) = kept
        && k.key == key
        && k.asked.iter().all(|a| a.holds(linker))
    {
        let entry = Entry {
            key,
            asked: k.asked,
            hashes: k.hashes,
            made: false,
        };
        return (k.parts.into_body(), entry);
    }
    let recorder = Recorder {
        linker,
        asked: Mutex::new(Vec::new()),
    };
    let body = render(&recorder);
    let asked = recorder.asked.into_inner().unwrap_or_default();
    let entry = Entry {
        key,
        asked,
        hashes: Hashes::of(&body),
        made: true,
    };
    (body, entry)
}

/// Writes the bodies of this build for the next one, into the cache folder
/// `dir` under `key`: each page's content path, its entry and its body
/// (all but its HTML and text, which the entry's hashes stand for).
pub(crate) fn write<'a>(
    dir: &Path,
    key: &[u8; 32],
    bodies: impl Iterator<Item = (&'a str, &'a Entry, &'a RenderedBody)>,
) -> Result<(), FatalError> {
    let stored: Stored<&str, KeptRef> = Stored {
        format: FORMAT.to_string(),
        bodies: bodies
            .map(|(path, e, body)| {
                let parts = PartsRef {
                    first_paragraph: &body.first_paragraph,
                    headings: &body.headings,
                    citations: &body.citations,
                    links: &body.links,
                    problems: &body.problems,
                };
                let k = KeptRef {
                    key: &e.key,
                    asked: &e.asked,
                    hashes: &e.hashes,
                    parts,
                };
                (path, k)
            })
            .collect(),
    };
    cache::write_checked(dir, cache::BODIES, key, |w| {
        postcard::to_io(&stored, w).map_err(std::io::Error::other)?;
        Ok(())
    })
}

#[cfg(test)]
mod tests;
