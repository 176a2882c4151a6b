//! The HTTP side of `serve`: the site from memory, never a file outside it,
//! and a long-polling endpoint that tells open pages when to reload or
//! which build error to show over them.
//!
//! Request paths are decoded once and looked up in the site's files; a
//! path with a `.` or `..` segment, a backslash or a NUL, in any encoding,
//! is answered 404. Folders are answered with their `index.html`.

use std::collections::{BTreeSet, VecDeque};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::Response;
use tokio::sync::watch;

use crate::output::FileContent;
use crate::serve::rebuild::Files;

/// Where pages ask what changed.
pub(crate) const EVENTS_PATH: &str = "/__noibo/events";

/// How long a page's question may wait for an answer.
const POLL_WAIT: Duration = Duration::from_secs(25);

/// How many versions of the site are remembered with what changed in them.
const HISTORY: usize = 64;

/// What is served at one moment.
#[derive(Clone, Default)]
pub(crate) struct Snapshot {
    /// Counts the versions of the site served; 0 before the first good build.
    pub version: u64,
    /// The last good site.
    pub files: Option<Arc<Files>>,
    /// The error of the last build, if it failed, as shown in a terminal.
    pub error: Option<Arc<str>>,
    /// Counts the errors shown (and their removal).
    pub error_seq: u64,
    /// What changed to make each recent version.
    pub history: VecDeque<(u64, Arc<BTreeSet<String>>)>,
}

impl Snapshot {
    /// The next snapshot with a new site.
    pub(crate) fn with_site(&self, files: Arc<Files>, changed: BTreeSet<String>) -> Snapshot {
        let mut next = self.clone();
        next.version += 1;
        next.files = Some(files);
        next.history.push_back((next.version, Arc::new(changed)));
        while next.history.len() > HISTORY {
            next.history.pop_front();
        }
        if next.error.take().is_some() {
            next.error_seq += 1;
        }
        next
    }

    /// The next snapshot with an error shown over the pages.
    pub(crate) fn with_error(&self, error: String) -> Snapshot {
        let mut next = self.clone();
        if next.error.as_deref() != Some(error.as_str()) {
            next.error = Some(error.into());
            next.error_seq += 1;
        }
        next
    }

    /// What changed since version `since`, or `None` if not known.
    fn changes_since(&self, since: u64) -> Option<BTreeSet<String>> {
        // Version 0 had no site at all (its pages showed only an error).
        if since > self.version || (since == 0 && self.version > 0) {
            return None;
        }
        if since == self.version {
            return Some(BTreeSet::new());
        }
        let oldest = self.history.front()?.0;
        if since + 1 < oldest {
            return None;
        }
        let mut all = BTreeSet::new();
        for (v, changed) in &self.history {
            if *v > since {
                all.extend(changed.iter().cloned());
            }
        }
        Some(all)
    }
}

/// Shared by every request.
#[derive(Clone)]
pub(crate) struct App {
    pub site: watch::Receiver<Arc<Snapshot>>,
    /// Becomes true when the server stops.
    pub stopping: watch::Receiver<bool>,
}

pub(crate) fn router(app: App) -> Router {
    Router::new().fallback(handle).with_state(app)
}

async fn handle(State(app): State<App>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n");
    }
    let raw = uri.path();
    if raw == EVENTS_PATH {
        return events(app, uri.query().unwrap_or("")).await;
    }
    let snap = app.site.borrow().clone();
    let Some(files) = snap.files.clone() else {
        return error_page(&snap);
    };
    match lookup(raw, &files) {
        Lookup::File(key) => match file_bytes(&files, &key).await {
            Some(bytes) => respond(StatusCode::OK, &key, bytes, &snap),
            None => not_found(&files, &snap).await,
        },
        Lookup::Folder(location) => Response::builder()
            .status(StatusCode::MOVED_PERMANENTLY)
            .header(header::LOCATION, location)
            .body(Body::empty())
            .unwrap_or_default(),
        Lookup::Missing => not_found(&files, &snap).await,
    }
}

/// What a request path names.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Lookup {
    /// A file of the site, by its key.
    File(String),
    /// A folder asked without its final `/`: where to redirect.
    Folder(String),
    Missing,
}

/// Finds what a raw (still percent-encoded) request path names.
pub(crate) fn lookup(raw: &str, files: &Files) -> Lookup {
    let Some(key) = request_key(raw) else {
        return Lookup::Missing;
    };
    if key.is_empty() || key.ends_with('/') {
        let index = format!("{key}index.html");
        return if files.contains_key(&index) {
            Lookup::File(index)
        } else {
            Lookup::Missing
        };
    }
    if files.contains_key(&key) {
        Lookup::File(key)
    } else if files.contains_key(&format!("{key}/index.html")) {
        Lookup::Folder(format!("{raw}/"))
    } else {
        Lookup::Missing
    }
}

/// The key of a request path in the site's files: decoded once, without
/// its leading `/`; `None` for anything that could name a file outside.
pub(crate) fn request_key(raw: &str) -> Option<String> {
    let rel = raw.strip_prefix('/')?;
    let decoded = percent_decode(rel)?;
    let bad_segment = decoded.split('/').any(|s| s == "." || s == "..");
    if bad_segment || decoded.contains(['\\', '\0']) || decoded.starts_with('/') {
        return None;
    }
    Some(decoded)
}

/// Decodes `%XX` escapes; `None` if one is malformed or the result is not
/// UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

async fn file_bytes(files: &Files, key: &str) -> Option<Vec<u8>> {
    match &**files.get(key)? {
        FileContent::Bytes(b) => Some(b.clone()),
        // Attachments and static files are read from the site's sources.
        FileContent::Copy(path) => {
            let path = path.clone();
            tokio::task::spawn_blocking(move || std::fs::read(path))
                .await
                .ok()?
                .ok()
        }
    }
}

async fn not_found(files: &Files, snap: &Snapshot) -> Response {
    match file_bytes(files, "404.html").await {
        Some(bytes) => respond(StatusCode::NOT_FOUND, "404.html", bytes, snap),
        None => plain(StatusCode::NOT_FOUND, "not found\n"),
    }
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
        .body(Body::from(text))
        .unwrap_or_default()
}

fn respond(status: StatusCode, key: &str, mut bytes: Vec<u8>, snap: &Snapshot) -> Response {
    if key.ends_with(".html") {
        bytes = inject_reload(bytes, key, snap.version);
    }
    Response::builder()
        .status(status)
        .header(
            header::CONTENT_TYPE,
            HeaderValue::from_static(content_type(key)),
        )
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from(bytes))
        .unwrap_or_default()
}

/// The page shown for every path while no build has succeeded yet.
fn error_page(snap: &Snapshot) -> Response {
    let text = snap.error.as_deref().unwrap_or("The site is being built.");
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>noibo: build error</title></head>\n<body><h1>The site could not be built</h1>\n<pre>{}</pre>\n</body></html>\n",
        crate::render::markdown::escape(text)
    );
    let bytes = inject_reload(html.into_bytes(), "", snap.version);
    Response::builder()
        .status(StatusCode::SERVICE_UNAVAILABLE)
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from(bytes))
        .unwrap_or_default()
}

/// The live-reload client: asks [`EVENTS_PATH`] what changed since the
/// version the page was served from; reloads when the page (or a style or
/// script) changed, and shows the build error over the page while there is
/// one. Text is set with `textContent`, never parsed as HTML.
const RELOAD_JS: &str = r#"(function(){
var v=__VERSION__,p=__PATH__,e=0;
function show(t){var o=document.getElementById('__noibo_error');
if(!t){if(o)o.parentNode.removeChild(o);return;}
if(!o){o=document.createElement('div');o.id='__noibo_error';o.setAttribute('role','alert');
o.setAttribute('style','position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;padding:1.5em;background:rgba(20,20,20,.94);color:#fff;font:14px/1.5 monospace;white-space:pre-wrap');
document.body.appendChild(o);}
o.textContent='noibo: the site could not be rebuilt; the last good version is shown below this message.\n\n'+t;}
function needs(c){for(var i=0;i<c.length;i++){var f=c[i];
if(f===p||(/\.(css|js|png|jpe?g|gif|svg|webp|woff2?)$/.test(f)&&f.indexOf('search/idx/')!==0))return true;}return false;}
function poll(){fetch('__EVENTS__?v='+v+'&e='+e,{cache:'no-store'}).then(function(r){if(!r.ok)throw r.status;return r.json();}).then(function(s){
if(s.e!==e){e=s.e;show(s.error);}
if(s.v!==v){if(s.all||needs(s.changed)){location.reload();return;}v=s.v;}
poll();}).catch(function(){setTimeout(poll,1000);});}
poll();})();"#;

/// Puts the live-reload client at the end of an HTML page's body.
pub(crate) fn inject_reload(mut html: Vec<u8>, key: &str, version: u64) -> Vec<u8> {
    let script = format!(
        "<script>{}</script>\n",
        RELOAD_JS
            .replace("__VERSION__", &version.to_string())
            .replace(
                "__PATH__",
                &serde_json::to_string(key).unwrap_or_else(|_| "\"\"".into())
            )
            .replace("__EVENTS__", EVENTS_PATH)
    );
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    html.splice(at..at, script.into_bytes());
    html
}

/// Answers when the site's version or error differs from what the page
/// knows (`v`, `e` in the query), or after [`POLL_WAIT`].
async fn events(app: App, query: &str) -> Response {
    let param = |name: &str| {
        query
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .find(|(k, _)| *k == name)
            .and_then(|(_, v)| v.parse::<u64>().ok())
            .unwrap_or(0)
    };
    let (v, e) = (param("v"), param("e"));
    let mut site = app.site.clone();
    let mut stopping = app.stopping.clone();
    let deadline = tokio::time::sleep(POLL_WAIT);
    tokio::pin!(deadline);
    loop {
        {
            let snap = site.borrow_and_update();
            if snap.version != v || snap.error_seq != e || *stopping.borrow() {
                break;
            }
        }
        tokio::select! {
            r = site.changed() => if r.is_err() { break },
            _ = &mut deadline => break,
            _ = stopping.changed() => break,
        }
    }
    let snap = site.borrow().clone();
    let changes = snap.changes_since(v);
    let all = changes.as_ref().is_none_or(|c| c.len() > 2000);
    let body = serde_json::json!({
        "v": snap.version,
        "e": snap.error_seq,
        "error": snap.error.as_deref(),
        "all": all,
        "changed": if all { Vec::new() } else { changes.unwrap_or_default().into_iter().collect() },
    });
    Response::builder()
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from(body.to_string()))
        .unwrap_or_default()
}

fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ppt" => "application/vnd.ms-powerpoint",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Files {
        let mut f = Files::new();
        for p in ["index.html", "van-ban/index.html", "style.css", "a b/x.txt"] {
            f.insert(
                p.into(),
                Arc::new(FileContent::Bytes(p.as_bytes().to_vec())),
            );
        }
        f
    }

    #[test]
    fn folders_and_files() {
        let f = site();
        assert_eq!(lookup("/", &f), Lookup::File("index.html".into()));
        assert_eq!(
            lookup("/van-ban/", &f),
            Lookup::File("van-ban/index.html".into())
        );
        assert_eq!(lookup("/van-ban", &f), Lookup::Folder("/van-ban/".into()));
        assert_eq!(lookup("/a%20b/x.txt", &f), Lookup::File("a b/x.txt".into()));
        assert_eq!(lookup("/nope", &f), Lookup::Missing);
    }

    #[test]
    fn traversal_in_any_encoding_is_refused() {
        for raw in [
            "/../secret",
            "/van-ban/../index.html",
            "/%2e%2e/secret",
            "/%2E%2E%2Fsecret",
            "/..%2fsecret",
            "/%252e%252e/secret",
            "/..\\secret",
            "/%5c..%5csecret",
            "/./index.html",
            "/%00",
            "//etc/passwd",
            "/%zz",
        ] {
            assert_eq!(
                request_key(raw).filter(|k| k.contains("..") || k.contains('\\')),
                None,
                "{raw}"
            );
            assert_eq!(lookup(raw, &site()), Lookup::Missing, "{raw}");
        }
    }

    #[test]
    fn reload_script_goes_before_body_end() {
        let html = inject_reload(
            b"<html><body><p>x</p></body></html>".to_vec(),
            "a/index.html",
            7,
        );
        let s = String::from_utf8(html).unwrap();
        assert!(s.ends_with("</script>\n</body></html>"), "{s}");
        assert!(s.contains("var v=7,p=\"a/index.html\""));
    }

    #[test]
    fn history_gives_changes_since_a_version() {
        let s = Snapshot::default();
        let mut a = BTreeSet::new();
        a.insert("a".to_string());
        let s = s.with_site(Arc::new(Files::new()), a);
        let mut b = BTreeSet::new();
        b.insert("b".to_string());
        let s = s.with_site(Arc::new(Files::new()), b);
        assert_eq!(s.changes_since(1).unwrap().len(), 1);
        assert_eq!(s.changes_since(2).unwrap().len(), 0);
        assert!(s.changes_since(0).is_none());
        assert!(s.changes_since(5).is_none());
        let s = s.with_error("bad".into());
        assert_eq!((s.error_seq, s.error.as_deref()), (1, Some("bad")));
        let s = s.with_site(Arc::new(Files::new()), BTreeSet::new());
        assert_eq!((s.error_seq, s.error.as_deref()), (2, None));
    }
}
