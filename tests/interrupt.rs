//! A build killed part-way (deterministically, by a file-size limit) leaves
//! the previous site exactly as it was, and the next build cleans up after
//! it: the build writes into a temporary
//! folder beside the output folder and swaps it in only when complete.

mod safety_support;

use std::path::Path;
use std::process::{Command, Stdio};

use safety_support::{Sandbox, Tree, assert_same, directive, snapshot};

/// Writes `n` small directives, each citing the one before it.
fn generate(s: &Sandbox, n: usize) {
    for i in 0..n {
        let date = format!(
            "{}-{:02}-{:02}",
            2010 + i / 300,
            1 + (i / 25) % 12,
            1 + i % 25
        );
        let body = if i == 0 {
            "Văn bản đầu tiên.".to_string()
        } else {
            format!("Thực hiện Công văn số {i}-CV/TU. Nội dung {i}.")
        };
        s.write(
            &format!("content/van-ban/{i:04}.md"),
            &directive(
                &format!("{}-CV/TU", i + 1),
                &format!("Văn bản {i}"),
                &date,
                &body,
            ),
        );
    }
}

/// Temporary and old folders of builds beside `public/`.
fn leftovers(root: &Path) -> Vec<String> {
    std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public.noibo-"))
        .collect()
}

fn set_title(s: &Sandbox, title: &str) {
    s.write(
        "site.toml",
        &format!("title = \"{title}\"\nbase_url = \"http://intranet.local/\"\n"),
    );
}

/// Runs `noibo build ARGS` so that the kernel kills it part-way through
/// writing: with a limit on the size of the files it may write (`ulimit
/// -f`, 4 KiB), the first bigger file it writes ends it with SIGXFSZ, as
/// surely as a power cut at that point.
fn killed_build(s: &Sandbox, args: &str) {
    use std::os::unix::process::ExitStatusExt;
    let noibo = assert_cmd::cargo::cargo_bin("noibo");
    let status = Command::new("bash")
        .arg("-c")
        .arg(format!("ulimit -f 4 && exec \"$0\" build {args}"))
        .arg(&noibo)
        .current_dir(s.root())
        .env("HOME", s.path("home"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert_eq!(status.signal(), Some(libc::SIGXFSZ), "{status}");
}

/// A build killed while it writes the site's files (every page changed;
/// `--no-cache`, so that the first big file written is one of the site's,
/// not the cache's page bodies). Returns the temporary folder it left.
fn killed_while_writing(s: &Sandbox) -> String {
    killed_build(s, "--no-cache");
    let tmp: Vec<String> = leftovers(&s.root())
        .into_iter()
        .filter(|n| n.starts_with(".public.noibo-tmp-"))
        .collect();
    assert_eq!(tmp.len(), 1, "{tmp:?}");
    let files = std::fs::read_dir(s.root().join(&tmp[0])).unwrap().count();
    assert!(files > 0, "the killed build had written files");
    tmp[0].clone()
}

/// A site of 1,500 directives built once, then given a new title, which
/// changes every page (the next build rewrites every file); and what its
/// output held after that first build.
fn built_then_retitled() -> (Sandbox, Tree) {
    let s = Sandbox::new();
    generate(&s, 1_500);
    s.build_ok();
    set_title(&s, "Cổng lần hai");
    let before = snapshot(&s.root().join("public"));
    (s, before)
}

#[test]
fn killed_build_leaves_previous_site_and_next_build_cleans_up() {
    let (s, before) = built_then_retitled();
    assert!(before.len() > 1_500, "{} files", before.len());
    let tmp = killed_while_writing(&s);
    assert_same(
        &before,
        &snapshot(&s.root().join("public")),
        "killed build changed the previous site",
    );
    assert!(s.root().join(&tmp).is_dir(), "the killed build's folder");

    set_title(&s, "Cổng sau cùng");
    s.build_ok();
    assert_eq!(leftovers(&s.root()), Vec::<String>::new());
    let home = std::fs::read_to_string(s.root().join("public/index.html")).unwrap();
    assert!(home.contains("Cổng sau cùng"));
}

/// A build killed while it writes the build cache's page bodies (the first
/// big file a build with the cache writes) leaves the previous site as it
/// was; the next build removes the half-written file and is right.
#[test]
fn killed_while_writing_the_cache_the_next_build_cleans_up() {
    let (s, before) = built_then_retitled();
    killed_build(&s, "");
    assert_same(
        &before,
        &snapshot(&s.root().join("public")),
        "killed build changed the previous site",
    );
    let cache = s.root().join(".noibo-cache");
    let stale = || -> Vec<String> {
        std::fs::read_dir(&cache)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".tmp-"))
            .collect()
    };
    assert!(
        !stale().is_empty(),
        "the killed build left no half-written cache file"
    );
    s.build_ok();
    assert_eq!(stale(), Vec::<String>::new());
    assert_eq!(leftovers(&s.root()), Vec::<String>::new());
    let home = std::fs::read_to_string(s.root().join("public/index.html")).unwrap();
    assert!(home.contains("Cổng lần hai"));
}

#[test]
fn normal_and_failed_builds_leave_no_temporary_folder() {
    let s = Sandbox::new();
    s.build_ok();
    assert_eq!(leftovers(&s.root()), Vec::<String>::new());
    let before = snapshot(&s.root().join("public"));
    s.write("content/van-ban/hong.md", "---\ntitle: Hỏng\n---\n");
    let out = s.noibo(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert_same(&before, &snapshot(&s.root().join("public")), "failed build");
    assert_eq!(leftovers(&s.root()), Vec::<String>::new());
}

#[test]
fn site_left_aside_by_a_killed_swap_is_recovered() {
    let s = Sandbox::new();
    s.build_ok();
    // Killed between the two renames of the swap: the previous site is
    // only in the `old` folder, and a temporary folder lingers.
    std::fs::rename(
        s.root().join("public"),
        s.root().join(".public.noibo-old-4242424"),
    )
    .unwrap();
    std::fs::create_dir_all(s.root().join(".public.noibo-tmp-4242424/x")).unwrap();
    s.build_ok();
    assert!(s.root().join("public/index.html").is_file());
    assert_eq!(leftovers(&s.root()), Vec::<String>::new());
}
