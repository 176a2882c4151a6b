//! The same input gives byte-identical output: built twice into two output
//! folders, again into the same one, from another copy of the site, and
//! with a different number of worker threads.

mod safety_support;

use std::collections::BTreeMap;
use std::path::Path;

use assert_cmd::Command;
use safety_support::{RUN_LIMIT, copy_tree, directive};

/// Every file of an output folder with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    collect(dir, dir, &mut out);
    out
}

fn collect(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if e.file_type().unwrap().is_dir() {
            collect(base, &p, out);
        } else {
            let rel = p.strip_prefix(base).unwrap().to_string_lossy().into_owned();
            out.insert(rel, std::fs::read(&p).unwrap());
        }
    }
}

fn build(root: &Path, output: &Path, threads: &str) {
    let out = Command::cargo_bin("noibo")
        .unwrap()
        .current_dir(root)
        .env("RAYON_NUM_THREADS", threads)
        .args(["build", "--output"])
        .arg(output)
        .timeout(RUN_LIMIT)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn assert_identical(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>, what: &str) {
    let only: Vec<&String> = a
        .keys()
        .filter(|k| !b.contains_key(*k))
        .chain(b.keys().filter(|k| !a.contains_key(*k)))
        .collect();
    assert!(
        only.is_empty(),
        "{what}: files in one output only: {only:?}"
    );
    let differ: Vec<&String> = a.keys().filter(|k| a[*k] != b[*k]).collect();
    assert!(differ.is_empty(), "{what}: files that differ: {differ:?}");
}

/// Builds the site at `root` five ways and compares every output.
fn check_reproducible(root: &Path, work: &Path) {
    build(root, &work.join("a"), "1");
    build(root, &work.join("b"), "4");
    let a = files(&work.join("a"));
    assert!(
        a.len() > 10 && a.contains_key("index.html"),
        "{} files",
        a.len()
    );
    assert_identical(&a, &files(&work.join("b")), "two output folders");
    // Again into the same folder, which now holds the previous build.
    build(root, &work.join("a"), "3");
    assert_identical(&a, &files(&work.join("a")), "rebuilt in place");
    // From another copy of the site, at another path.
    let copy = work.join("copy");
    copy_tree(root, &copy);
    build(&copy, &work.join("c"), "2");
    assert_identical(&a, &files(&work.join("c")), "another copy of the site");
}

#[test]
fn sample_site_is_reproducible() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    for part in ["content", "themes"] {
        copy_tree(&repo.join(part), &site.join(part));
    }
    std::fs::copy(repo.join("site.toml"), site.join("site.toml")).unwrap();
    check_reproducible(&site, work.path());
}

#[test]
fn generated_site_is_reproducible() {
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    let write = |rel: &str, text: &str| {
        let p = site.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write(
        "site.toml",
        "title = \"Cổng sinh tự động\"\nbase_url = \"http://intranet.local/\"\npaginate_by = 7\n",
    );
    write(
        "content/_index.md",
        "---\ntitle: Trang chủ\n---\n\nXin chào.\n",
    );
    write(
        "content/van-ban/_index.md",
        "---\ntitle: Văn bản\nkind: directives\n---\n",
    );
    write(
        "content/mo-hinh/_index.md",
        "---\ntitle: Mô hình\nkind: models\n---\n",
    );
    write(
        "content/tai-lieu/_index.md",
        "---\ntitle: Tài liệu\nkind: materials\n---\n",
    );
    let types = ["CV", "KH", "HD", "TB"];
    for i in 0..400 {
        let date = format!(
            "{}-{:02}-{:02}",
            2018 + i / 80,
            1 + (i / 7) % 12,
            1 + i % 27
        );
        let number = format!("{}-{}/TU", i + 1, types[i % 4]);
        let body = (1..=3)
            .filter(|k| i >= *k * 5)
            .map(|k| {
                let j = i - k * 5;
                format!(
                    "Thực hiện văn bản số {}-{}/TU. Đoạn {k} của văn bản {i}.\n\n",
                    j + 1,
                    types[j % 4]
                )
            })
            .collect::<String>();
        write(
            &format!("content/van-ban/{}/{i:03}.md", 2018 + i / 80),
            &directive(&number, &format!("Về việc thứ {i}"), &date, &body),
        );
    }
    for i in 0..60 {
        write(
            &format!("content/mo-hinh/m{i:02}.md"),
            &format!(
                "---\ntitle: \"Mô hình {i}\"\ndate: 2024-{:02}-{:02}\nunit: \"Chi bộ {i}\"\ntags: [\"Chuyển đổi số\", \"Nhóm {}\"]\nrelated: [\"{}-CV/TU\"]\n---\n\nMô hình thực hiện Công văn số {}-CV/TU.\n",
                1 + i % 12,
                1 + i % 28,
                i % 5,
                4 * i + 1,
                4 * i + 1
            ),
        );
    }
    for i in 0..30 {
        write(
            &format!("content/tai-lieu/t{i:02}.md"),
            &format!(
                "---\ntitle: \"Bài {i}\"\ndate: 2025-01-{:02}\nseries: \"Chuyên đề {}\"\norder: {}\n---\n\n## Phần một\n\nNội dung {i}.\n",
                1 + i % 28,
                i % 3,
                i / 3
            ),
        );
    }
    check_reproducible(&site, work.path());
}
