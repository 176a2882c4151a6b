//! How many threads the index is built with.

use crate::SearchDoc;

/// Whether the index is built with the processors to itself, or beside
/// other work as heavy as it (a build renders its pages meanwhile).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Share {
    /// Up to four threads, one a processor.
    #[default]
    Alone,
    /// Half as many, at least one: on two processors the index takes one
    /// thread, so it splits no work it must merge again, and the other
    /// work keeps the other processor.
    Half,
}

impl Share {
    /// Documents are indexed in contiguous slices of the document order,
    /// one thread each, then merged in order: the output does not depend
    /// on the number of threads (every list is written sorted by key).
    /// NOIBO_SEARCH_THREADS sets the number (for measurements).
    pub(crate) fn threads(self, docs: &[SearchDoc]) -> usize {
        let env = std::env::var("NOIBO_SEARCH_THREADS").ok();
        if let Some(t) = env.and_then(|t| t.parse().ok()) {
            return t;
        }
        if docs.len() < 2_000 {
            return 1;
        }
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        match self {
            Share::Alone => cores.min(4),
            Share::Half => (cores / 2).clamp(1, 4),
        }
    }
}
