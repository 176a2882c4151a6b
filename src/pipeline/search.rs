//! The search index of the render stage: kept whole if the last build
//! made it from the same documents, else built, with the store of the last
//! build when the build cache has one (only the pages whose document
//! changed are read again), each file handed to the sink as it is made.

use rayon::prelude::*;

use crate::cache::{self, Cache, Previous, SearchRecord};
use crate::diagnostics::FatalError;
use crate::graph::SiteGraph;
use crate::model::PageId;
use crate::output::{FileContent, Sink};
use crate::render::fingerprint;
use noibo_search::SearchDoc;

/// The search index as written.
#[derive(Default)]
pub(super) struct SearchFiles {
    /// The paths of its files.
    pub(super) paths: Vec<String>,
    /// What the cache keeps of it.
    pub(super) record: Option<SearchRecord>,
    /// A note if the store of the last build could not be used.
    pub(super) note: Option<String>,
    /// How many of its files were kept as the last build left them, not
    /// made again.
    pub(super) kept: usize,
}

/// The search index of `docs`: kept if the last build made it from the
/// same documents and `sink` still holds its files, else built.
pub(super) fn search_index(
    docs: &[SearchDoc],
    graph: &SiteGraph,
    previous: Option<&Previous>,
    cache: Option<&Cache>,
    sink: &dyn Sink,
) -> Result<SearchFiles, FatalError> {
    let keys = search_doc_keys(docs, Some(graph));
    let mut all = blake3::Hasher::new();
    for k in &keys {
        all.update(k);
    }
    let key = short_key(all.finalize().as_bytes());
    if let Some(old) = previous.and_then(|p| p.search.as_ref())
        && old.key == key
        && old.paths.iter().all(|p| sink.holds(p))
    {
        return Ok(SearchFiles {
            paths: old.paths.clone(),
            record: Some(old.clone()),
            note: None,
            kept: old.paths.len(),
        });
    }
    let (paths, index, problem, kept) = match cache {
        Some(cache) => {
            let (store, mut problem) = cache.search_store();
            let had = store.is_some();
            let holds = |p: &str| sink.holds(p);
            let left = previous
                .and_then(|p| p.search.as_ref()?.index)
                .map(|index| noibo_search::Left {
                    index,
                    holds: &holds,
                });
            let left_out: Vec<bool> = (0..docs.len())
                .map(|i| graph.body_is_later(PageId(i)))
                .collect();
            let body = |i: usize| graph.body_text(PageId(i));
            let later = noibo_search::Later {
                left_out: &left_out,
                body: &body,
            };
            let (paths, reused) = cache.write_search_store(|next| {
                let at = SearchFrom {
                    previous: store,
                    left,
                    later: Some(later),
                };
                write_search_index_reusing(docs, &keys, at, BESIDE_PAGES, next, sink)
            })??;
            if had && !reused.store_used {
                problem = Some("is damaged");
            }
            (paths, Some(reused.index), problem, reused.kept)
        }
        None => (write_search_index(docs, sink)?, None, None, 0),
    };
    // only a store the last build's cache speaks of is missed
    let note = problem
        .filter(|_| previous.is_some_and(|p| p.search.is_some()))
        .map(|why| {
            format!(
                "the search index's store ({}/{}) {why}: indexing every page",
                cache::DIR,
                cache::SEARCH_STORE
            )
        });
    let record = SearchRecord {
        key,
        paths: paths.clone(),
        index,
    };
    Ok(SearchFiles {
        paths,
        record: Some(record),
        note,
        kept,
    })
}

/// The first 16 bytes of a hash.
fn short_key(h: &[u8; 32]) -> [u8; 16] {
    let mut k = [0u8; 16];
    k.copy_from_slice(&h[..16]);
    k
}

/// Builds the search index of `docs`, handing each file to `sink` soon
/// after it is made, a batch at a time on every thread, so the index is
/// never whole in memory. Returns the paths of its files.
fn write_search_index(docs: &[SearchDoc], sink: &dyn Sink) -> Result<Vec<String>, FatalError> {
    emit_batched(sink, &mut |emit| {
        noibo_search::build_index_each(docs, BESIDE_PAGES, emit)
    })
}

/// The key of each search document (blake3 of its fields, cut short).
/// With `graph` (whose pages `docs` are, in order), each body is known by
/// the hash of its text the graph gives (a body left out, by the hash the
/// body cache kept).
pub(crate) fn search_doc_keys(
    docs: &[SearchDoc],
    graph: Option<&SiteGraph>,
) -> Vec<noibo_search::DocKey> {
    let body_hash = |i: usize, d: &SearchDoc| match graph {
        Some(g) => g.body_text_hash(PageId(i)),
        None => *blake3::hash(d.body.as_bytes()).as_bytes(),
    };
    docs.par_iter()
        .enumerate()
        .map(|(i, d)| short_key(fingerprint::search_doc_hash(d, &body_hash(i, d)).as_bytes()))
        .collect()
}

/// Builds the search index as [`write_search_index`] does, reading again
/// only the documents whose key (`keys`, from [`search_doc_keys`]) the
/// store `previous` of an earlier build does not hold, and writes the store
/// of this one to `next`. A file of the output `left` (of the build that
/// wrote `previous`) that would be made again the same is kept, not
/// handed to `sink`. Returns the paths of the files and what was done;
/// the outer error is `next`'s, the inner `sink`'s.
pub(crate) fn write_search_index_reusing(
    docs: &[SearchDoc],
    keys: &[noibo_search::DocKey],
    from: SearchFrom<'_>,
    share: noibo_search::Share,
    next: &mut dyn std::io::Write,
    sink: &dyn Sink,
) -> std::io::Result<Result<(Vec<String>, noibo_search::Reused), FatalError>> {
    let mut stored = Ok(noibo_search::Reused::default());
    // called once: the store is taken by the one build
    let mut from = Some(from);
    let written = emit_parts_batched(sink, &mut |emit| {
        if let Some(from) = from.take() {
            stored = noibo_search::build_index_reusing(docs, keys, from, share, next, emit);
        }
    });
    stored.map(|reused| written.map(|paths| (paths, reused)))
}

/// What a rebuild of the search index starts from: the store of the last
/// build, the output it left, and the bodies left out of the documents.
pub(crate) type SearchFrom<'a> = noibo_search::Reuse<'a>;

/// A build makes its search index beside its pages
/// (`pipeline::pages_and_search`), which need the processors as much.
const BESIDE_PAGES: noibo_search::Share = noibo_search::Share::Half;

/// What takes the files of the search index as they are made.
type EmitFile<'a> = dyn FnMut(noibo_search::IndexFile) + 'a;

/// What takes the parts of a rebuilt search index as they come.
type EmitPart<'a> = dyn FnMut(noibo_search::Part) + 'a;

/// [`emit_batched`] for a rebuild: a part kept is only listed.
fn emit_parts_batched(
    sink: &dyn Sink,
    build: &mut dyn FnMut(&mut EmitPart),
) -> Result<Vec<String>, FatalError> {
    let mut kept = Vec::new();
    let mut paths = emit_batched(sink, &mut |emit| {
        build(&mut |part| match part {
            noibo_search::Part::File(f) => emit(f),
            noibo_search::Part::Kept(path) => kept.push(path),
        })
    })?;
    paths.append(&mut kept);
    Ok(paths)
}

/// Runs `build`, handing each file it emits to `sink` in batches written
/// on every thread. Returns the paths of the files.
fn emit_batched(
    sink: &dyn Sink,
    build: &mut dyn FnMut(&mut EmitFile),
) -> Result<Vec<String>, FatalError> {
    const BATCH_BYTES: usize = 4 << 20;
    let mut paths = Vec::new();
    let mut batch: Vec<(String, FileContent)> = Vec::new();
    let mut batch_bytes = 0;
    let mut result = Ok(());
    let flush = |batch: &mut Vec<(String, FileContent)>, result: &mut Result<(), FatalError>| {
        let files = std::mem::take(batch);
        if result.is_ok() {
            *result = files.into_par_iter().try_for_each(|(p, c)| sink.put(p, c));
        }
    };
    build(&mut |f| {
        paths.push(f.path.clone());
        batch_bytes += f.bytes.len();
        batch.push((f.path, FileContent::Bytes(f.bytes)));
        if batch_bytes >= BATCH_BYTES {
            flush(&mut batch, &mut result);
            batch_bytes = 0;
        }
    });
    flush(&mut batch, &mut result);
    result.map(|()| paths)
}
