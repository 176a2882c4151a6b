//! How `noibo build` writes: with the build cache, into the output folder
//! the last build left (only what changed), or through a staging folder
//! swapped in whole (a first build, a cache that cannot be used,
//! `--no-cache`); and what it leaves in the cache for the next build.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::BuildOptions;
use crate::cache::{self, Cache, Entry, Found, Previous};
use crate::diagnostics::FatalError;
use crate::output::{Patch, Sink, Staging, WriteStats};
use crate::pipeline::Rendered;

/// Where the files of a build go.
pub(super) enum Writer {
    /// `noibo check`: nowhere.
    Nothing,
    /// A staging folder, swapped in whole.
    Staging(Staging, Option<Cache>),
    /// The output folder itself, updated file by file.
    Patch(Patch, Cache),
}

/// The options that change what a build makes, besides site.toml.
#[derive(serde::Serialize)]
struct KeyOptions<'a> {
    base_url: &'a Option<String>,
    drafts: bool,
}

/// The key of the build cache for these options.
pub(super) fn cache_key(opts: &BuildOptions) -> [u8; 32] {
    let site_toml = std::fs::read(opts.root.join("site.toml")).unwrap_or_default();
    let key_options = KeyOptions {
        base_url: &opts.base_url,
        drafts: opts.drafts,
    };
    cache::key(&site_toml, &key_options)
}

/// What the last build left, if the cache is to be used; a note if one was
/// found that cannot be. `key` is [`cache_key`]'s.
pub(super) fn previous(
    opts: &BuildOptions,
    out: Option<&Path>,
    key: [u8; 32],
) -> (Option<Previous>, Option<String>) {
    let Some(out) = out.filter(|_| !opts.no_cache) else {
        return (None, None);
    };
    match cache::peek(&opts.root, key, out) {
        Found::Usable(p) => (Some(p), None),
        Found::Missing => (None, None),
        Found::Rejected(why) => (
            None,
            Some(format!(
                "the build cache ({}/) {why}: building everything",
                cache::DIR
            )),
        ),
    }
}

impl Writer {
    /// Takes the cache's lock (unless `--no-cache`) and picks how to write
    /// into `out`: over the last build's files if the cache listed them
    /// (`files`, taken from [`Previous::files`]), else through a staging
    /// folder.
    pub(super) fn open(
        opts: &BuildOptions,
        out: Option<&Path>,
        key: [u8; 32],
        files: Option<HashMap<String, Entry>>,
    ) -> Result<Writer, FatalError> {
        let Some(out) = out else {
            return Ok(Writer::Nothing);
        };
        if opts.no_cache {
            return Ok(Writer::Staging(Staging::begin(out, false)?, None));
        }
        let cache = Cache::open(&opts.root, key, out)?;
        match files {
            Some(files) if out.is_dir() => {
                let patch = Patch::begin(out, files)?;
                cache.read_search_store_ahead();
                Ok(Writer::Patch(patch, cache))
            }
            _ => Ok(Writer::Staging(Staging::begin(out, true)?, Some(cache))),
        }
    }

    /// The build cache, unless `--no-cache` or `noibo check`.
    pub(super) fn cache(&self) -> Option<&Cache> {
        match self {
            Writer::Nothing | Writer::Staging(_, None) => None,
            Writer::Staging(_, Some(c)) | Writer::Patch(_, c) => Some(c),
        }
    }

    pub(super) fn sink(&self) -> Option<&dyn Sink> {
        match self {
            Writer::Nothing => None,
            Writer::Staging(s, _) => Some(s),
            Writer::Patch(p, _) => Some(p),
        }
    }

    /// Puts the files in place, then writes the cache for the next build.
    /// All of the cache but its table of output files is encoded while
    /// the files are put in place.
    pub(super) fn commit(
        self,
        rendered: Rendered,
        fronts: crate::load::Keep<'_>,
    ) -> Result<WriteStats, FatalError> {
        let (files, cache) = match self {
            Writer::Nothing => return Ok(WriteStats::default()),
            Writer::Staging(staging, cache) => (Placing::Staging(staging), cache),
            Writer::Patch(patch, cache) => (Placing::Patch(patch), Some(cache)),
        };
        let cache = cache.as_ref();
        let head =
            || cache.map(|c| c.encode_head(&rendered.pages, &rendered.search_record, &fronts));
        let (head, placed) = rayon::join(head, || files.place(&rendered, cache));
        let (stats, files) = placed?;
        if let (Some(cache), Some(head)) = (cache, head) {
            cache.write(head?, &files)?;
        }
        Ok(stats)
    }
}

/// The files of a build, to be put in place.
enum Placing {
    Staging(Staging),
    Patch(Patch),
}

impl Placing {
    /// Puts the files in place, the cache removed first; the table of
    /// output files for the next one.
    fn place(
        self,
        rendered: &Rendered,
        cache: Option<&Cache>,
    ) -> Result<(WriteStats, HashMap<String, Entry>), FatalError> {
        let forget = || cache.map_or(Ok(()), Cache::forget);
        match self {
            Placing::Staging(staging) => staging.commit(forget),
            Placing::Patch(patch) => {
                let all: HashSet<&str> = rendered
                    .html
                    .iter()
                    .chain(&rendered.derived)
                    .chain(&rendered.copied)
                    .chain(&rendered.search)
                    .map(String::as_str)
                    .collect();
                patch.commit(&all, forget)
            }
        }
    }
}
