//! `noibo serve` through the real binary: it serves the site from memory,
//! never a file outside it (whatever the encoding of `..`), tells open pages
//! when to reload and which error to show, keeps the last good site, and
//! stops cleanly on Ctrl-C.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::{DIRECTIVES_INDEX, SITE_TOML, directive, noibo, path_str};

/// Longest wait for anything the server should do; a failure guard only.
const PATIENCE: Duration = Duration::from_secs(60);

/// A folder holding a site (`site/`) and a secret file beside it.
struct Fixture {
    dir: tempfile::TempDir,
}

const SECRET: &str = "SECRET-THAT-MUST-NOT-LEAK";

impl Fixture {
    fn new() -> Fixture {
        let f = Fixture {
            dir: tempfile::tempdir().unwrap(),
        };
        f.write("secret.txt", SECRET);
        f.write("site/site.toml", SITE_TOML);
        f.write("site/content/van-ban/_index.md", DIRECTIVES_INDEX);
        f.write(
            "site/content/van-ban/58-cv-tccs.md",
            &directive(
                "Về việc thử nghiệm",
                "58-CV/TCCS",
                "Tạp chí Cộng sản",
                "2026-03-25",
                "",
            ),
        );
        f.write("site/content/van-ban/a b.txt", "an asset with a space");
        f
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    fn write(&self, rel: &str, text: &str) {
        let p = self.dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

/// A running `noibo serve`, killed when dropped.
struct Server {
    child: Child,
    port: u16,
    stdout: mpsc::Receiver<String>,
}

impl Server {
    fn start(root: &Path, extra: &[&str]) -> Server {
        let mut child = noibo()
            .args(["serve", "--root", path_str(root), "--port", "0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("noibo serve starts");
        let (tx, rx) = mpsc::channel();
        let out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let err = child.stderr.take().unwrap();
        std::thread::spawn(move || {
            // Keep stderr drained (warnings, errors).
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                eprintln!("[serve] {line}");
            }
        });
        let mut port = None;
        while port.is_none() {
            let line = rx
                .recv_timeout(PATIENCE)
                .expect("serve prints the address it serves");
            if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                port = rest.split('/').next().and_then(|p| p.parse().ok());
            }
        }
        Server {
            child,
            port: port.unwrap(),
            stdout: rx,
        }
    }

    /// `GET raw_path` exactly as written (no client normalisation):
    /// status and body.
    fn get(&self, raw_path: &str) -> (u16, String) {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(
            s,
            "GET {raw_path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        let text = String::from_utf8_lossy(&raw).into_owned();
        let status = text
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let body = text
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default();
        (status, body)
    }

    /// Live-reload answers, from version `v` and error `e` on, until one
    /// satisfies `done`.
    fn wait_event(
        &self,
        mut v: u64,
        mut e: u64,
        done: impl Fn(&serde_json::Value) -> bool,
    ) -> serde_json::Value {
        loop {
            let (status, body) = self.get(&format!("/__noibo/events?v={v}&e={e}"));
            assert_eq!(status, 200, "{body}");
            let ev: serde_json::Value = serde_json::from_str(&body).unwrap();
            if done(&ev) {
                return ev;
            }
            v = ev["v"].as_u64().unwrap();
            e = ev["e"].as_u64().unwrap();
        }
    }

    fn wait_exit(&mut self) -> Option<i32> {
        for _ in 0..(PATIENCE.as_millis() / 50) {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status.code().unwrap_or(-1));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The version a served page was made from (in its live-reload script).
fn page_version(html: &str) -> u64 {
    html.split("var v=")
        .nth(1)
        .and_then(|s| s.split(',').next())
        .and_then(|v| v.parse().ok())
        .expect("the page carries the live-reload script")
}

#[test]
fn serves_the_site_and_nothing_outside_it() {
    let f = Fixture::new();
    let server = Server::start(&f.root(), &[]);

    let (status, home) = server.get("/");
    assert_eq!(status, 200);
    assert!(home.contains("/__noibo/events"), "live reload injected");
    let (status, page) = server.get("/van-ban/58-cv-tccs/");
    assert_eq!(status, 200);
    assert!(page.contains("Về việc thử nghiệm"));
    let (status, _) = server.get("/van-ban/58-cv-tccs");
    assert_eq!(status, 301, "a folder without its slash is redirected");
    let (status, asset) = server.get("/van-ban/a%20b.txt");
    assert_eq!((status, asset.as_str()), (200, "an asset with a space"));
    assert!(!asset.contains("__noibo"), "only HTML gets the script");

    for raw in [
        "/../secret.txt",
        "/../../secret.txt",
        "/van-ban/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/van-ban/..%2F..%2Fsecret.txt",
        "/%252e%252e/secret.txt",
        "/%252e%252e%252fsecret.txt",
        "/..\\secret.txt",
        "/%5c..%5csecret.txt",
        "/..%5c..%5csecret.txt",
        "/.%2e/secret.txt",
        "/%2e%2e%2f%2e%2e%2fsecret.txt",
        "//secret.txt",
        "/site.toml",
        "/content/van-ban/58-cv-tccs.md",
        "/../site/site.toml",
        "/%2e%2e/site/site.toml",
    ] {
        let (status, body) = server.get(raw);
        assert_eq!(status, 404, "{raw} answered {status}");
        assert!(!body.contains(SECRET), "{raw} leaked the secret");
        assert!(!body.contains("base_url"), "{raw} leaked site.toml");
    }
    // Nothing was written: serving is from memory.
    assert!(!f.root().join("public").exists());
}

#[test]
fn edits_reload_pages_and_errors_show_over_the_last_good_site() {
    let f = Fixture::new();
    let server = Server::start(&f.root(), &[]);
    let (_, page) = server.get("/van-ban/58-cv-tccs/");
    let v = page_version(&page);

    let file = "site/content/van-ban/58-cv-tccs.md";
    f.write(
        file,
        &directive(
            "Tiêu đề đã sửa",
            "58-CV/TCCS",
            "Tạp chí Cộng sản",
            "2026-03-25",
            "",
        ),
    );
    // (The search index, rebuilt after the pages, may land meanwhile.)
    let ev = server.wait_event(v, 0, |ev| {
        ev["all"] == true
            || ev["changed"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c == "van-ban/58-cv-tccs/index.html")
    });
    let v = ev["v"].as_u64().unwrap();
    let (_, page) = server.get("/van-ban/58-cv-tccs/");
    assert!(page.contains("Tiêu đề đã sửa"), "the edit is served");

    // A broken front matter: the error is announced, the page stays.
    f.write(file, "---\ntitle: \"x\"\nisuer: \"<b>y</b>\"\n---\n");
    let ev = server.wait_event(v, 0, |ev| ev["error"].is_string());
    let error = ev["error"].as_str().unwrap();
    assert!(
        error.contains("content/van-ban/58-cv-tccs.md:3:1") && error.contains("isuer"),
        "{error}"
    );
    let (v, e) = (ev["v"].as_u64().unwrap(), ev["e"].as_u64().unwrap());
    let (status, page) = server.get("/van-ban/58-cv-tccs/");
    assert_eq!(status, 200);
    assert!(
        page.contains("Tiêu đề đã sửa"),
        "the last good page is served"
    );

    // Fixed: the error goes away and the new page is served.
    f.write(
        file,
        &directive(
            "Tiêu đề lần ba",
            "58-CV/TCCS",
            "Tạp chí Cộng sản",
            "2026-03-25",
            "",
        ),
    );
    server.wait_event(v, e, |ev| ev["error"].is_null());
    let (_, page) = server.get("/van-ban/58-cv-tccs/");
    assert!(page.contains("Tiêu đề lần ba"));
}

#[test]
fn stops_cleanly_on_ctrl_c_and_leaves_the_site_alone() {
    let f = Fixture::new();
    let before = common::tree(&f.root());
    let mut server = Server::start(&f.root(), &[]);
    assert_eq!(server.get("/").0, 200);
    let status = std::process::Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(server.wait_exit(), Some(0), "serve exits with 0");
    let said: Vec<String> = server.stdout.try_iter().collect();
    assert!(said.iter().any(|l| l == "Stopped."), "{said:?}");
    assert_eq!(common::tree(&f.root()), before, "the site is untouched");
    assert!(f.dir.path().join("secret.txt").exists());
}

#[test]
fn bad_configuration_or_busy_port_is_exit_2() {
    let f = Fixture::new();
    f.write(
        "site/site.toml",
        "title = \"x\"\nbase_ulr = \"http://a/\"\n",
    );
    let out = noibo()
        .args(["serve", "--root", path_str(&f.root()), "--port", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("base_url"));

    let busy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = busy.local_addr().unwrap().port().to_string();
    let g = Fixture::new();
    let out = noibo()
        .args(["serve", "--root", path_str(&g.root()), "--port", &port])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot listen"));
}

/// The allocator's options compiled into noibo (`src/main.rs`) are read:
/// its background thread, which gives freed memory back to the system,
/// runs beside the server's own.
#[cfg(target_os = "linux")]
#[test]
fn the_allocator_gives_memory_back_from_its_own_thread() {
    let f = Fixture::new();
    let server = Server::start(&f.root(), &[]);
    assert_eq!(server.get("/").0, 200);
    let tasks = std::fs::read_dir(format!("/proc/{}/task", server.child.id())).unwrap();
    let names: Vec<String> = tasks
        .filter_map(|t| std::fs::read_to_string(t.ok()?.path().join("comm")).ok())
        .map(|name| name.trim().to_string())
        .collect();
    assert!(names.iter().any(|n| n == "jemalloc_bg_thd"), "{names:?}");
}
