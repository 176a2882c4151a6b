//! Watching the site's sources: `content/`, `themes/`, `templates/`,
//! `static/` (each with everything below it) and the files of the site root
//! (`site.toml`, `strings.toml`). Events are debounced, so the several
//! writes of one save make one rebuild. `--poll` scans the folders instead,
//! for network shares where file events do not arrive.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use notify_debouncer_full::notify::{
    self, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode,
};
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, NoCache, RecommendedCache, new_debouncer_opt,
};

/// Quiet time after the last event before a change is reported.
const DEBOUNCE: Duration = Duration::from_millis(30);
/// How often `--poll` scans the sources.
const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// The folders below the site root that are watched with all they hold.
const FOLDERS: [&str; 4] = ["content", "themes", "templates", "static"];

/// What the watcher reports.
pub(crate) enum Event {
    /// These paths (absolute) changed.
    Paths(Vec<PathBuf>),
    /// Events were lost: look at everything again.
    Rescan,
}

enum Inner {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, NoCache>),
}

/// Watches a site's sources while it lives.
pub(crate) struct Watcher {
    inner: Inner,
    root: PathBuf,
    watched: BTreeSet<PathBuf>,
}

impl Watcher {
    /// Starts watching the site at `root` (absolute), calling `report` from
    /// the watcher's thread.
    pub(crate) fn start(
        root: &Path,
        poll: bool,
        report: impl Fn(Event) + Send + 'static,
    ) -> Result<Watcher, String> {
        let handler = move |result: DebounceEventResult| match result {
            Ok(events) => {
                if events.iter().any(|e| e.need_rescan()) {
                    report(Event::Rescan);
                    return;
                }
                // Reading a file is no change (and the rebuild reads them).
                let paths: Vec<PathBuf> = events
                    .into_iter()
                    .filter(|e| !matches!(e.event.kind, EventKind::Access(_)))
                    .flat_map(|e| e.event.paths)
                    .collect();
                if !paths.is_empty() {
                    report(Event::Paths(paths));
                }
            }
            Err(errors) => {
                for e in errors {
                    eprintln!("warning: watching files: {e}");
                }
                report(Event::Rescan);
            }
        };
        let inner = if poll {
            let config = notify::Config::default().with_poll_interval(POLL_INTERVAL);
            Inner::Poll(
                new_debouncer_opt(DEBOUNCE, None, handler, NoCache, config)
                    .map_err(|e| e.to_string())?,
            )
        } else {
            Inner::Native(
                new_debouncer_opt(
                    DEBOUNCE,
                    None,
                    handler,
                    RecommendedCache::new(),
                    notify::Config::default(),
                )
                .map_err(|e| e.to_string())?,
            )
        };
        let mut w = Watcher {
            inner,
            root: root.to_path_buf(),
            watched: BTreeSet::new(),
        };
        w.watch(root.to_path_buf(), RecursiveMode::NonRecursive)?;
        w.refresh();
        Ok(w)
    }

    fn watch(&mut self, path: PathBuf, mode: RecursiveMode) -> Result<(), String> {
        let result = match &mut self.inner {
            Inner::Native(d) => d.watch(&path, mode),
            Inner::Poll(d) => d.watch(&path, mode),
        };
        result.map_err(|e| format!("cannot watch {}: {e}", path.display()))?;
        self.watched.insert(path);
        Ok(())
    }

    /// Watches the source folders that exist now (one may have been made
    /// or made again since the last call).
    pub(crate) fn refresh(&mut self) {
        for name in FOLDERS {
            let dir = self.root.join(name);
            let exists = dir.is_dir();
            if exists && !self.watched.contains(&dir) {
                if let Err(e) = self.watch(dir, RecursiveMode::Recursive) {
                    eprintln!("warning: {e}");
                }
            } else if !exists && self.watched.remove(&dir) {
                let _ = match &mut self.inner {
                    Inner::Native(d) => d.unwatch(&dir),
                    Inner::Poll(d) => d.unwatch(&dir),
                };
            }
        }
    }
}
