//! Pages edited in place: the files are the same, only their text
//! changed. The edited pages are parsed again, the bodies that may read
//! differently are rendered again, the graph is resolved again (reusing
//! what each unchanged page cites), and [`super::policy`] picks the HTML
//! files to render. If anything fails, the site is put back as it was.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rayon::prelude::*;

use super::files::{Over, put, replace_part};
use super::{Scope, SiteState, Update};
use crate::build::{self, BuildError};
use crate::cache::Previous;
use crate::diagnostics::Diagnostics;
use crate::graph::SiteGraph;
use crate::load;
use crate::model::{Page, PageId, SectionId};
use crate::output::{Memory, Output};
use crate::pipeline::{self, Request};
use crate::progress::Progress;
use crate::render::markdown::RenderedBody;
use crate::serve::policy;

impl SiteState {
    /// Page files edited in place.
    pub(super) fn rebuild_pages(&mut self, list: &[PathBuf]) -> Result<Update, BuildError> {
        let mut edits: Vec<(PageId, Page)> = Vec::new();
        let mut errors = Diagnostics::default();
        let mut hidden_edits = Vec::new();
        for rel in list {
            let g = self.graph();
            let found = match g
                .site
                .content
                .pages()
                .find(|(_, p)| p.file.display_path() == *rel)
            {
                Some((i, p)) => Some((p, Some(i))),
                None => self
                    .hidden
                    .iter()
                    .find(|p| p.file.display_path() == *rel)
                    .map(|p| (p, None)),
            };
            let Some((old, in_site)) = found else {
                return self.rebuild_full();
            };
            let attachments: Vec<PathBuf> =
                old.attachments.iter().map(|a| a.source.clone()).collect();
            let place = load::Place {
                url: &old.url,
                section: old.section,
                kind: old.kind,
            };
            let parsed =
                load::parse_page_file(&self.root, &self.root.join(rel), &place, &attachments);
            let new = match parsed {
                Ok(p) => p,
                Err(d) => {
                    errors.extend(d);
                    continue;
                }
            };
            let shown = self.drafts || !new.front.draft;
            match (in_site, shown) {
                (Some(i), true) => edits.push((i, new)),
                (None, false) => hidden_edits.push(new),
                // A page published or withdrawn: the set of pages changed.
                _ => return self.rebuild_full(),
            }
        }
        if errors.has_errors() {
            errors.sort();
            return Err(BuildError::Content(errors));
        }
        for new in hidden_edits {
            if let Some(p) = self
                .hidden
                .iter_mut()
                .find(|p| p.file.display_path() == new.file.display_path())
            {
                *p = new;
            }
        }
        if edits.is_empty() {
            return Ok(Update::nothing());
        }
        self.rebuild_edits(edits)
    }

    fn rebuild_edits(&mut self, mut edits: Vec<(PageId, Page)>) -> Result<Update, BuildError> {
        let g = self.graph.take().expect("the state always holds a graph");
        let edited: Vec<PageId> = edits.iter().map(|(i, _)| *i).collect();
        let numbers = policy::changed_numbers(edits.iter().map(|(i, p)| (g.page(*i), p)));
        let (body_set, section_set) = policy::bodies_to_render(&g, &edited, &numbers);
        let SiteGraph {
            site,
            mut bodies,
            mut section_bodies,
            relations,
            ..
        } = g;
        let (site, same_index) = site.replace_pages(&mut edits);
        let hl = self.highlighter.as_deref();
        let fresh: Vec<(PageId, RenderedBody)> = body_set
            .par_iter()
            .map(|&j| (j, build::render_page_body(&site, hl, j)))
            .collect();
        let mut diags = Diagnostics::default();
        let mut old_bodies = Vec::new();
        for (j, b) in fresh {
            diags.extend(b.problems.iter().cloned());
            old_bodies.push((j, std::mem::replace(&mut bodies[j.0], b)));
        }
        let mut old_sections = Vec::new();
        for &s in &section_set {
            let b = build::render_section_body(&site, hl, s);
            diags.extend(b.problems.iter().cloned());
            old_sections.push((s, std::mem::replace(&mut section_bodies[s.0], b)));
        }
        // What the other pages cite is the same, unless citations may now
        // resolve differently.
        let reuse = same_index.then(|| {
            let changed: HashSet<PageId> = body_set.iter().copied().collect();
            (relations, changed)
        });
        let graph = site.resolve_reusing(
            bodies,
            section_bodies,
            &mut diags,
            reuse.as_ref().map(|(r, c)| (r.as_slice(), c)),
        );
        let undo = Undo {
            pages: edits,
            bodies: old_bodies,
            sections: old_sections,
        };
        match self.render_edits(&graph, &edited, diags) {
            Ok(update) => {
                self.graph = Some(graph);
                Ok(update)
            }
            Err(e) => {
                self.graph = Some(undo.apply(graph));
                Err(e)
            }
        }
    }

    /// Renders and checks what depends on the edited pages: the HTML files
    /// whose fingerprint changed, the files derived from the whole site;
    /// keeps the result if all is well.
    fn render_edits(
        &mut self,
        graph: &SiteGraph,
        edited: &[PageId],
        mut diags: Diagnostics,
    ) -> Result<Update, BuildError> {
        if diags.has_errors() {
            diags.sort();
            return Err(BuildError::Content(diags));
        }
        let previous = Previous {
            pages: std::mem::take(&mut self.parts.pages),
            ..Previous::default()
        };
        let sink = Over {
            memory: Memory::default(),
            files: &self.files,
        };
        let request = Request {
            graph,
            theme: &self.theme,
            root: &self.root,
            only: None,
            search: None,
            previous: Some(&previous),
            cache: None,
        };
        let made = pipeline::render(request, &sink, &Progress::hidden());
        self.parts.pages = previous.pages;
        let made = made?;
        let html_paths: BTreeSet<String> = made.html.iter().cloned().collect();
        let derived_set: BTreeSet<&String> = made.derived.iter().collect();
        let rendered_paths: BTreeSet<String> = made.rendered.iter().cloned().collect();
        let mut files = (*self.files).clone();
        let mut changed_paths = BTreeSet::new();
        for p in self.parts.html.difference(&html_paths) {
            files.remove(p);
            changed_paths.insert(p.clone());
        }
        let mut derived = Output::default();
        for f in sink.memory.into_output().files {
            if rendered_paths.contains(&f.path) {
                put(&mut files, f.path, f.content, &mut changed_paths);
            } else if derived_set.contains(&f.path) {
                derived.files.push(f);
            }
        }
        let derived_paths =
            replace_part(&mut files, &self.parts.derived, derived, &mut changed_paths);
        diags.extend(made.warnings.into_vec());
        let shown: HashSet<&Path> = edited
            .iter()
            .map(|&i| graph.page(i).file.display_path())
            .collect();
        diags.sort();
        let warnings = diags
            .into_vec()
            .into_iter()
            .filter(|d| shown.contains(d.path.as_path()))
            .collect();
        self.files = Arc::new(files);
        self.parts.html = html_paths;
        self.parts.derived = derived_paths;
        self.parts.pages = made.pages.into_iter().collect();
        self.generation += 1;
        self.search_stale = graph.site.config.search.enabled;
        Ok(Update {
            scope: Scope::Pages,
            rendered: rendered_paths,
            changed: changed_paths,
            warnings,
            elapsed: Duration::ZERO,
        })
    }
}

/// What to put back if an edit cannot be built.
struct Undo {
    /// The pages before the edit, at their places.
    pages: Vec<(PageId, Page)>,
    bodies: Vec<(PageId, RenderedBody)>,
    sections: Vec<(SectionId, RenderedBody)>,
}

impl Undo {
    fn apply(mut self, graph: SiteGraph) -> SiteGraph {
        let SiteGraph {
            site,
            mut bodies,
            mut section_bodies,
            ..
        } = graph;
        let (site, _) = site.replace_pages(&mut self.pages);
        for (j, b) in self.bodies {
            bodies[j.0] = b;
        }
        for (s, b) in self.sections {
            section_bodies[s.0] = b;
        }
        let mut ignored = Diagnostics::default();
        site.resolve(bodies, section_bodies, &mut ignored)
    }
}
