//! `noibo serve`: builds the site in memory, serves it on the loopback
//! interface, watches its sources and rebuilds what changed, and reloads the
//! pages open in browsers. Nothing is written to disk.
//!
//! * [`rebuild`]: the site in memory and how a change updates it; the
//!   [`policy`] says which outputs depend on which inputs;
//! * [`watch`]: file events, debounced (or polling with `--poll`);
//! * [`http`]: the server and the live-reload endpoint.
//!
//! Rebuilds run on their own thread, one at a time; the search index is
//! rebuilt on another thread after the pages are served, since it is the
//! slow part and pages do not need it.

pub(crate) mod http;
pub(crate) mod policy;
pub(crate) mod rebuild;
pub(crate) mod watch;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use tokio::sync::watch as channel;

use crate::build::{self, BuildError, BuildOptions};
use crate::cli::{print_errors, print_warnings};
use crate::serve::http::Snapshot;
use crate::serve::rebuild::{Scope, SearchIndex, SiteState};

/// What the user asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub drafts: bool,
    pub bind: String,
    pub port: u16,
    pub base_url: Option<String>,
    pub poll: bool,
}

/// What the rebuild thread waits for.
enum Message {
    Files(watch::Event),
    Search(SearchIndex),
}

/// Quiet time after the last rebuild before the search index is rebuilt.
const SEARCH_DELAY: Duration = Duration::from_millis(1000);

/// Most warnings printed after a full build.
const WARNINGS_SHOWN: usize = 20;

/// Runs the server until Ctrl-C or SIGTERM.
pub(crate) fn serve(opts: ServeOptions) -> ExitCode {
    match run(opts) {
        Ok(()) => {
            println!("Stopped.");
            ExitCode::SUCCESS
        }
        Err(code) => code,
    }
}

/// Prints a fatal problem; the exit status for it.
fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

fn run(opts: ServeOptions) -> Result<(), ExitCode> {
    let probe = BuildOptions {
        root: opts.root.clone(),
        base_url: opts.base_url.clone(),
        ..Default::default()
    };
    build::load_config(&probe).map_err(fatal)?;
    let (listener, url) = listen(&opts)?;
    let base_url = opts.base_url.clone().unwrap_or_else(|| url.clone());
    let (site_tx, site_rx) = channel::channel(Arc::new(Snapshot::default()));
    let state = first_build(&opts, &base_url, &site_tx)?;

    let abs_root = std::fs::canonicalize(&opts.root).unwrap_or_else(|_| opts.root.clone());
    let (tx, rx) = mpsc::channel::<Message>();
    let events = tx.clone();
    let watcher = watch::Watcher::start(&abs_root, opts.poll, move |e| {
        let _ = events.send(Message::Files(e));
    })
    .map_err(fail)?;
    let rebuilder = Rebuilder {
        opts: opts.clone(),
        base_url,
        state,
        site: site_tx,
        messages: tx,
        watcher,
        search_running: false,
    };
    std::thread::Builder::new()
        .name("rebuild".into())
        .spawn(move || rebuilder.run(rx))
        .map_err(fail)?;

    println!(
        "Serving {url} from memory{}; watching {} (Ctrl-C to stop)",
        if opts.poll {
            ", polling for changes"
        } else {
            ""
        },
        opts.root.display()
    );
    serve_http(listener, site_rx)
}

/// The listening socket (loopback unless told otherwise) and the address
/// to show.
fn listen(opts: &ServeOptions) -> Result<(std::net::TcpListener, String), ExitCode> {
    let ip: IpAddr = match opts.bind.as_str() {
        "localhost" => IpAddr::V4(Ipv4Addr::LOCALHOST),
        s => s.parse().map_err(|_| {
            fail(format_args!(
                "--bind {s}: not an IP address such as 127.0.0.1"
            ))
        })?,
    };
    let listener = std::net::TcpListener::bind(SocketAddr::new(ip, opts.port)).map_err(|e| {
        fail(format_args!(
            "cannot listen on {ip}:{}: {e} (choose another with --port)",
            opts.port
        ))
    })?;
    listener.set_nonblocking(true).map_err(fail)?;
    let addr = listener.local_addr().map_err(fail)?;
    let shown = if addr.ip().is_unspecified() {
        SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), addr.port())
    } else {
        addr
    };
    Ok((listener, format!("http://{shown}/")))
}

/// Builds the site a first time and publishes it, or its errors (the
/// server then shows them until they are fixed).
fn first_build(
    opts: &ServeOptions,
    base_url: &str,
    site: &channel::Sender<Arc<Snapshot>>,
) -> Result<Option<SiteState>, ExitCode> {
    let start = Instant::now();
    match SiteState::new(&opts.root, opts.drafts, Some(base_url.to_string())) {
        Ok((state, warnings)) => {
            print_warnings(&warnings, WARNINGS_SHOWN);
            let files = state.files();
            println!(
                "Built {} pages in {:.2} s",
                files.keys().filter(|p| p.ends_with(".html")).count(),
                start.elapsed().as_secs_f64()
            );
            site.send_modify(|s| *s = Arc::new(s.with_site(files, Default::default())));
            Ok(Some(state))
        }
        Err(BuildError::Fatal(e)) => Err(fatal(BuildError::Fatal(e))),
        Err(BuildError::Content(d)) => {
            let text = report_errors(&d);
            site.send_modify(|s| *s = Arc::new(s.with_error(text)));
            Ok(None)
        }
    }
}

/// Serves the site over HTTP until Ctrl-C or SIGTERM.
fn serve_http(
    listener: std::net::TcpListener,
    site: channel::Receiver<Arc<Snapshot>>,
) -> Result<(), ExitCode> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(fail)?;
    runtime
        .block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener)?;
            let (stop_tx, stop_rx) = channel::channel(false);
            let app = http::App {
                site,
                stopping: stop_rx,
            };
            axum::serve(listener, http::router(app))
                .with_graceful_shutdown(async move {
                    stop_signal().await;
                    let _ = stop_tx.send(true);
                })
                .await
        })
        .map_err(fail)
}

/// Ctrl-C, or SIGTERM on Unix.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {},
                _ = term.recv() => {},
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

fn fatal(e: BuildError) -> ExitCode {
    match e {
        BuildError::Fatal(e) => eprintln!("error: {e}"),
        BuildError::Content(d) => {
            report_errors(&d);
        }
    }
    ExitCode::from(2)
}

/// Prints a failed build's errors; returns them as one text for browsers.
fn report_errors(d: &crate::diagnostics::Diagnostics) -> String {
    let text = print_errors(d);
    let n = d.errors().count();
    eprintln!(
        "error: {n} problem{} in the content; still serving the last good site",
        if n == 1 { "" } else { "s" }
    );
    text
}

/// The rebuild thread: applies file changes one batch at a time and
/// publishes each new site or error.
struct Rebuilder {
    opts: ServeOptions,
    base_url: String,
    state: Option<SiteState>,
    site: channel::Sender<Arc<Snapshot>>,
    messages: mpsc::Sender<Message>,
    watcher: watch::Watcher,
    search_running: bool,
}

impl Rebuilder {
    fn run(mut self, rx: mpsc::Receiver<Message>) {
        loop {
            // The search index waits for a quiet moment: saves often come
            // in bursts, and pages come first.
            let wants_search =
                !self.search_running && self.state.as_ref().is_some_and(SiteState::search_stale);
            let first = if wants_search {
                match rx.recv_timeout(SEARCH_DELAY) {
                    Ok(m) => m,
                    Err(mpsc::RecvTimeoutError::Timeout) => {
                        self.start_search();
                        continue;
                    }
                    Err(mpsc::RecvTimeoutError::Disconnected) => return,
                }
            } else {
                match rx.recv() {
                    Ok(m) => m,
                    Err(_) => return,
                }
            };
            // Take every change already waiting: one rebuild for all.
            let mut paths = Vec::new();
            let mut rescan = false;
            let mut search = None;
            for m in std::iter::once(first).chain(rx.try_iter()) {
                match m {
                    Message::Files(watch::Event::Paths(p)) => paths.extend(p),
                    Message::Files(watch::Event::Rescan) => rescan = true,
                    Message::Search(built) => {
                        self.search_running = false;
                        search = Some(built);
                    }
                }
            }
            if let (Some(built), Some(state)) = (search, self.state.as_mut())
                && let Some(changed) = state.install_search(built)
            {
                let files = state.files();
                self.publish(files, changed);
            }
            if rescan || !paths.is_empty() {
                self.watcher.refresh();
                self.rebuild(&paths, rescan);
            }
        }
    }

    fn publish(&self, files: Arc<rebuild::Files>, changed: std::collections::BTreeSet<String>) {
        self.site
            .send_modify(|s| *s = Arc::new(s.with_site(files, changed)));
    }

    fn rebuild(&mut self, paths: &[PathBuf], rescan: bool) {
        let start = Instant::now();
        let result = match self.state.as_mut() {
            Some(state) if rescan => state.rebuild_all(),
            Some(state) => state.apply(paths),
            None => match SiteState::new(
                &self.opts.root,
                self.opts.drafts,
                Some(self.base_url.clone()),
            ) {
                Ok((state, warnings)) => {
                    self.state = Some(state);
                    Ok(rebuild::Update {
                        scope: Scope::Full,
                        rendered: Default::default(),
                        changed: Default::default(),
                        warnings,
                        elapsed: start.elapsed(),
                    })
                }
                Err(e) => Err(e),
            },
        };
        let had_error = self.site.borrow().error.is_some();
        match result {
            Ok(update) if update.scope == Scope::Nothing && !had_error => {}
            Ok(update) => {
                let most = if update.scope == Scope::Full {
                    WARNINGS_SHOWN
                } else {
                    usize::MAX
                };
                print_warnings(&update.warnings, most);
                let files = self.state.as_ref().map(SiteState::files);
                if let Some(files) = files {
                    println!(
                        "Rebuilt ({}): {} pages rendered, {} files changed in {} ms",
                        match update.scope {
                            Scope::Nothing => "nothing to do",
                            Scope::Pages => "pages",
                            Scope::Theme => "theme",
                            Scope::Full => "everything",
                        },
                        update.rendered.len(),
                        update.changed.len(),
                        update.elapsed.as_millis()
                    );
                    self.publish(files, update.changed);
                }
            }
            Err(BuildError::Content(d)) => {
                let text = report_errors(&d);
                self.site.send_modify(|s| *s = Arc::new(s.with_error(text)));
            }
            Err(BuildError::Fatal(e)) => {
                eprintln!("error: {e}");
                let text = format!("error: {e}");
                self.site.send_modify(|s| *s = Arc::new(s.with_error(text)));
            }
        }
    }

    /// Starts rebuilding the search index on another thread, if needed.
    fn start_search(&mut self) {
        if self.search_running {
            return;
        }
        let Some(job) = self.state.as_ref().and_then(SiteState::search_job) else {
            return;
        };
        self.search_running = true;
        let tx = self.messages.clone();
        let spawned = std::thread::Builder::new()
            .name("search-index".into())
            .spawn(move || {
                lower_priority();
                let _ = tx.send(Message::Search(job.run()));
            });
        if spawned.is_err() {
            self.search_running = false;
        }
    }
}

/// Lowers the priority of the calling thread (and of the threads it
/// starts), so that rebuilds of pages go first.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority only changes the scheduling of the calling thread
    // (on Linux, PRIO_PROCESS with 0 names the calling thread).
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}
