//! The output folder is never one that holds the user's work, and links
//! never lead noibo to read or delete outside the site: each case runs the
//! real binary on a site in a temporary folder that was built once, and
//! asserts the exit status, the message, and that nothing in the temporary
//! folder changed (or, for a build that must succeed, nothing but the
//! output folder).

mod safety_support;

use safety_support::{Sandbox, Tree, assert_same, built, refused, without};

// ------------------------------------------------------- output folder

fn refused_output(s: &Sandbox, output: &str, why: &str) {
    refused(
        s,
        &["build", "--output", output],
        2,
        &["error: refusing output folder ", why],
    );
}

#[test]
fn output_root_of_file_system_is_refused() {
    refused_output(&built(), "/", "it is the root of the file system");
}

#[test]
fn output_home_folder_is_refused() {
    let s = built();
    let home = s.path("home").to_string_lossy().into_owned();
    refused_output(&s, &home, "it is the home folder");
}

#[test]
fn output_above_home_folder_is_refused() {
    let s = built();
    refused_output(&s, "..", "it is the home folder or a folder above it");
}

#[test]
fn output_site_root_is_refused() {
    refused_output(&built(), ".", "it is the site root or a folder above it");
}

#[test]
fn output_inside_sources_is_refused() {
    let s = built();
    s.write("static/logo.txt", "logo\n");
    std::fs::create_dir_all(s.root().join("templates")).unwrap();
    s.build_ok();
    for (out, folder) in [
        ("content", "content/"),
        ("content/van-ban/public", "content/"),
        ("themes/default/x", "themes/"),
        ("static", "static/"),
        ("templates/out", "templates/"),
    ] {
        refused_output(&s, out, &format!("it is inside the site's {folder} folder"));
    }
}

#[test]
fn output_holding_another_site_is_refused() {
    let s = built();
    s.write("outside/other/site.toml", "title = \"Khác\"\n");
    s.write("outside/third/content/a.md", "---\ntitle: A\n---\n");
    for other in ["../outside/other", "../outside/third"] {
        refused_output(&s, other, "it holds a site (site.toml or content/)");
    }
}

#[test]
fn output_from_site_toml_is_checked_too() {
    let s = built();
    s.write(
        "site.toml",
        "title = \"Cổng thử nghiệm\"\nbase_url = \"http://intranet.local/\"\noutput_dir = \"content/public\"\n",
    );
    refused(
        &s,
        &["build"],
        2,
        &[
            "error: refusing output folder ",
            "inside the site's content/ folder",
        ],
    );
}

#[test]
fn output_that_is_a_file_is_refused() {
    let s = built();
    refused_output(&s, "site.toml", "it is a file, not a folder");
    refused_output(&s, "../outside/secret.txt", "it is a file, not a folder");
}

#[cfg(unix)]
#[test]
fn output_that_is_a_link_is_refused() {
    let s = built();
    std::os::unix::fs::symlink(s.path("outside"), s.root().join("out-link")).unwrap();
    refused_output(&s, "out-link", "it is a symbolic link");
}

#[cfg(unix)]
#[test]
fn output_through_a_link_into_the_sources_is_refused() {
    let s = built();
    std::os::unix::fs::symlink(s.root().join("content"), s.path("outside/to-content")).unwrap();
    refused_output(
        &s,
        "../outside/to-content/new/deeper",
        "it is inside the site's content/ folder",
    );
}

// ------------------------------------------- configuration and theme

#[test]
fn unknown_site_toml_key_has_its_place() {
    let s = built();
    s.write(
        "site.toml",
        "title = \"X\"\nbase_url = \"http://intranet.local/\"\noutptu_dir = \"x\"\n",
    );
    refused(
        &s,
        &["build"],
        2,
        &["error: site.toml:3:1: unknown key `outptu_dir`; did you mean `output_dir`?"],
    );
}

#[test]
fn theme_name_cannot_leave_themes() {
    let s = built();
    s.write(
        "site.toml",
        "title = \"X\"\nbase_url = \"http://intranet.local/\"\ntheme = \"../../outside\"\n",
    );
    refused(
        &s,
        &["build"],
        2,
        &["theme must be the name of a folder in themes/, not `../../outside`"],
    );
}

#[cfg(unix)]
#[test]
fn linked_source_folders_are_refused() {
    for folder in ["static", "templates", "content"] {
        let s = built();
        if folder == "content" {
            std::fs::rename(s.root().join("content"), s.path("outside/content")).unwrap();
            std::os::unix::fs::symlink(s.path("outside/content"), s.root().join("content"))
                .unwrap();
        } else {
            std::os::unix::fs::symlink(s.path("outside"), s.root().join(folder)).unwrap();
        }
        refused(
            &s,
            &["build"],
            1,
            &[&format!("{folder}: error: "), "symbolic link"],
        );
    }
}

#[cfg(unix)]
#[test]
fn replacing_the_old_output_does_not_follow_links_inside_it() {
    let s = built();
    std::os::unix::fs::symlink(s.path("outside"), s.root().join("public/ngoai")).unwrap();
    std::os::unix::fs::symlink(
        s.path("outside/secret.txt"),
        s.root().join("public/van-ban/index.html.bak"),
    )
    .unwrap();
    let stale = s.root().join(".public.noibo-tmp-999999");
    std::fs::create_dir_all(&stale).unwrap();
    std::os::unix::fs::symlink(s.path("outside"), stale.join("ngoai")).unwrap();
    let before = s.snapshot();
    s.build_ok();
    let after = s.snapshot();
    // Only the output folder, the stale folder beside it and the build
    // cache changed.
    let others = |t: &Tree| {
        let t = without(&without(t, "site/public"), "site/.public.noibo-tmp-999999");
        without(&t, "site/.noibo-cache")
    };
    assert_same(&others(&before), &others(&after), "outside the output");
    assert!(after.contains_key("outside/secret.txt"));
    assert!(!s.root().join("public/ngoai").exists());
    assert!(!stale.exists(), "stale temporary folder left");
}
