//! Shared by the safety suites (bad input, interrupted builds, reproducible
//! output): a small site in a temporary folder, and snapshots of a whole
//! folder tree to prove what a run did or did not touch.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use tempfile::TempDir;

/// Longest a single run may take: a build that hangs fails its test.
pub const RUN_LIMIT: Duration = Duration::from_secs(60);

/// A temporary folder holding a site (`site/`), a stand-in home folder
/// (`home/`) and files outside the site (`outside/`) that links point at.
pub struct Sandbox {
    pub dir: TempDir,
}

impl Sandbox {
    /// The small valid site: a directive, a model, sections.
    pub fn new() -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        let s = Sandbox { dir };
        s.write(
            "site.toml",
            "title = \"Cổng thử nghiệm\"\nbase_url = \"http://intranet.local/\"\n",
        );
        s.write(
            "content/_index.md",
            "---\ntitle: Trang chủ\n---\n\nXin chào.\n",
        );
        s.write(
            "content/van-ban/_index.md",
            "---\ntitle: Văn bản\nkind: directives\n---\n",
        );
        s.write(
            "content/mo-hinh/_index.md",
            "---\ntitle: Mô hình\nkind: models\n---\n",
        );
        s.write(
            "content/van-ban/12-cv-tu.md",
            &directive("12-CV/TU", "Tuyên truyền", "2025-01-02", ""),
        );
        s.write(
            "content/mo-hinh/mau.md",
            "---\ntitle: Mô hình mẫu\ndate: 2025-02-03\nunit: Chi bộ 1\n---\n\nThực hiện Công văn số 12-CV/TU ngày 02/01/2025.\n",
        );
        s.write("outside/secret.txt", "bí mật\n");
        std::fs::create_dir_all(s.path("home")).unwrap();
        s
    }

    /// A path inside the sandbox.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// The site root.
    pub fn root(&self) -> PathBuf {
        self.path("site")
    }

    /// Writes a file of the site (path relative to the site root).
    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let p = if rel.starts_with("outside/") || rel.starts_with("home/") {
            self.path(rel)
        } else {
            self.root().join(rel)
        };
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    /// `noibo ARGS` run in the site root, with `home/` as the home folder.
    pub fn noibo(&self, args: &[&str]) -> std::process::Output {
        Command::cargo_bin("noibo")
            .unwrap()
            .current_dir(self.root())
            .env("HOME", self.path("home"))
            .env("NO_COLOR", "1")
            .args(args)
            .timeout(RUN_LIMIT)
            .output()
            .unwrap()
    }

    /// Builds, expecting success; returns stderr.
    pub fn build_ok(&self) -> String {
        let out = self.noibo(&["build"]);
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(0), "build failed:\n{err}");
        err
    }

    /// Every entry of the sandbox.
    pub fn snapshot(&self) -> Tree {
        snapshot(self.dir.path())
    }
}

/// A sandbox whose site was built once, so there is a previous output.
pub fn built() -> Sandbox {
    let s = Sandbox::new();
    s.build_ok();
    assert!(s.root().join("public/index.html").is_file());
    s
}

/// Runs `noibo ARGS`, expecting exit status `code` and every piece of
/// `expected` in stderr; asserts the sandbox is exactly as before.
pub fn refused(s: &Sandbox, args: &[&str], code: i32, expected: &[&str]) -> String {
    let before = s.snapshot();
    let out = s.noibo(args);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(code), "stderr:\n{err}");
    for e in expected {
        assert!(err.contains(e), "expected `{e}` in stderr:\n{err}");
    }
    assert_same(&before, &s.snapshot(), "a refused run changed files");
    err
}

/// Runs `noibo build`, expecting success; asserts nothing but the output
/// folder and the build cache (`.noibo-cache/`, in the site root) changed.
pub fn built_safely(s: &Sandbox) -> (String, Tree) {
    let before = s.snapshot();
    let err = s.build_ok();
    let after = s.snapshot();
    let outside = |t: &Tree| without(&without(t, "site/public"), "site/.noibo-cache");
    assert_same(
        &outside(&before),
        &outside(&after),
        "a build changed files outside its output folder",
    );
    (err, after)
}

/// A directive's file text.
pub fn directive(number: &str, title: &str, date: &str, body: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\nnumber: \"{number}\"\nissuer: \"Tỉnh ủy Thái Nguyên\"\ndate: {date}\ntags: [\"Tuyên truyền\"]\n---\n\n{body}\n"
    )
}

/// What one path of a tree is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Dir,
    /// Length and FNV-1a hash of the bytes.
    File(u64, u64),
    Link(PathBuf),
    Other,
}

/// Every path below a folder (relative, `/`-separated) and what it is.
pub type Tree = BTreeMap<String, Entry>;

fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Snapshots `dir` without following links.
pub fn snapshot(dir: &Path) -> Tree {
    let mut tree = Tree::new();
    walk(dir, dir, &mut tree);
    tree
}

fn walk(base: &Path, dir: &Path, tree: &mut Tree) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        let rel = p
            .strip_prefix(base)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let meta = std::fs::symlink_metadata(&p).unwrap();
        let t = meta.file_type();
        if t.is_symlink() {
            tree.insert(rel, Entry::Link(std::fs::read_link(&p).unwrap()));
        } else if t.is_dir() {
            tree.insert(rel, Entry::Dir);
            walk(base, &p, tree);
        } else if t.is_file() {
            let bytes = std::fs::read(&p).unwrap();
            tree.insert(rel, Entry::File(bytes.len() as u64, fnv(&bytes)));
        } else {
            tree.insert(rel, Entry::Other);
        }
    }
}

/// The entries of `tree` below `prefix/` (the prefix removed).
pub fn subtree(tree: &Tree, prefix: &str) -> Tree {
    let p = format!("{prefix}/");
    tree.iter()
        .filter_map(|(k, v)| k.strip_prefix(&p).map(|r| (r.to_string(), v.clone())))
        .collect()
}

/// `tree` without the entries at or below `prefix`.
pub fn without(tree: &Tree, prefix: &str) -> Tree {
    let p = format!("{prefix}/");
    tree.iter()
        .filter(|(k, _)| *k != prefix && !k.starts_with(&p))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// Asserts two trees are the same, naming the first difference.
pub fn assert_same(before: &Tree, after: &Tree, what: &str) {
    if before == after {
        return;
    }
    let changed: Vec<&String> = before
        .keys()
        .chain(after.keys())
        .filter(|k| before.get(*k) != after.get(*k))
        .take(10)
        .collect();
    panic!("{what}: these paths changed: {changed:?}");
}

/// Copies a folder tree (files and folders only).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let t = e.file_type().unwrap();
        let dest = to.join(e.file_name());
        if t.is_dir() {
            copy_tree(&e.path(), &dest);
        } else if t.is_file() {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}
