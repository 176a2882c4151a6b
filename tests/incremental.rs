//! Rebuilds with the build cache give what a clean build gives.
//!
//! The differential test drives random sequences of edits (proptest) over
//! a generated site: pages added, deleted and renamed; numbers, dates,
//! `implements`, `supersedes`, tags, drafts and citations changed; a
//! template, a static file and `site.toml` edited; the build cache and the
//! output folder damaged. After each edit `noibo build` (incremental, into
//! the site's `public/`) must give a tree byte-identical to
//! `noibo build --no-cache` into a fresh folder, or fail as it fails,
//! leaving the last good site untouched.

mod common;

use std::path::Path;

use common::{TestSite, path_str, repo_root, tree};
use proptest::prelude::*;

/// One directive of the generated site.
#[derive(Debug, Clone)]
struct Doc {
    slug: u32,
    number: u32,
    day: u32,
    tag: u32,
    implements: Option<u32>,
    supersedes: Option<u32>,
    cites: Option<u32>,
    draft: bool,
    /// Which sentence of [`SENTENCES`] its body ends with.
    text: u32,
}

/// Sentences a body may end with: words of their own, shared and with
/// other diacritics, so that an edit adds and drops terms of the search
/// index.
const SENTENCES: [&str; 4] = [
    "",
    "Chuyển đổi số trong công tác Đảng.",
    "Đảng viên đang học tập, chuyển đổi số.",
    "Kiểm tra, giám sát việc thực hiện năm 2026.",
];

/// The generated site, as the test knows it.
#[derive(Debug, Clone)]
struct Model {
    docs: Vec<Doc>,
    next_slug: u32,
    template: u32,
    stylesheet: u32,
    title: u32,
}

#[derive(Debug, Clone)]
enum Edit {
    Add { number: u32, day: u32 },
    Delete(usize),
    Rename(usize),
    Number(usize, u32),
    Date(usize, u32),
    Implements(usize, Option<u32>),
    Supersedes(usize, Option<u32>),
    Cites(usize, Option<u32>),
    Tag(usize, u32),
    Text(usize, u32),
    Draft(usize),
    Template(u32),
    Stylesheet(u32),
    SiteTitle(u32),
    Cache(u32),
    Output(usize),
    Nothing,
}

fn edit() -> impl Strategy<Value = Edit> {
    let i = 0..64usize;
    let n = 1..9u32;
    prop_oneof![
        (n.clone(), 1..28u32).prop_map(|(number, day)| Edit::Add { number, day }),
        i.clone().prop_map(Edit::Delete),
        i.clone().prop_map(Edit::Rename),
        (i.clone(), n.clone()).prop_map(|(d, v)| Edit::Number(d, v)),
        (i.clone(), 1..28u32).prop_map(|(d, v)| Edit::Date(d, v)),
        (i.clone(), proptest::option::of(n.clone())).prop_map(|(d, v)| Edit::Implements(d, v)),
        (i.clone(), proptest::option::of(n.clone())).prop_map(|(d, v)| Edit::Supersedes(d, v)),
        (i.clone(), proptest::option::of(n.clone())).prop_map(|(d, v)| Edit::Cites(d, v)),
        (i.clone(), 0..3u32).prop_map(|(d, v)| Edit::Tag(d, v)),
        (i.clone(), 0..4u32).prop_map(|(d, v)| Edit::Text(d, v)),
        i.clone().prop_map(Edit::Draft),
        (0..3u32).prop_map(Edit::Template),
        (0..3u32).prop_map(Edit::Stylesheet),
        (0..2u32).prop_map(Edit::SiteTitle),
        (0..8u32).prop_map(Edit::Cache),
        i.prop_map(Edit::Output),
        Just(Edit::Nothing),
    ]
}

fn number(n: u32) -> String {
    format!("{n}-CV/VP")
}

fn doc_text(d: &Doc) -> String {
    let mut extra = String::new();
    if let Some(m) = d.implements {
        extra.push_str(&format!("implements: [\"{}\"]\n", number(m)));
    }
    if let Some(m) = d.supersedes {
        extra.push_str(&format!("supersedes: [\"{}\"]\n", number(m)));
    }
    if d.draft {
        extra.push_str("draft: true\n");
    }
    let cites = d.cites.map_or(String::new(), |m| {
        format!(
            " Thực hiện Công văn số {} của Văn phòng Tỉnh ủy.",
            number(m)
        )
    });
    format!(
        "---\ntitle: \"Văn bản {slug}\"\nnumber: \"{num}\"\ntype: Công văn\nissuer: \"Văn phòng Tỉnh ủy\"\ndate: 2026-03-{day:02}\ntags: [\"Chủ đề {tag}\"]\n{extra}---\n\nNội dung văn bản {slug}.{cites}\n\n## Mục {slug}\n\nChi tiết. {text}\n",
        slug = d.slug,
        text = SENTENCES[d.text as usize % SENTENCES.len()],
        num = number(d.number),
        day = d.day,
        tag = d.tag,
    )
}

fn doc_path(d: &Doc) -> String {
    format!("content/van-ban/vb-{}.md", d.slug)
}

impl Model {
    fn new() -> Model {
        let docs = (0..4)
            .map(|k| Doc {
                slug: k,
                number: k + 1,
                day: 2 + k,
                tag: k % 2,
                implements: None,
                supersedes: None,
                cites: (k > 0).then_some(k),
                draft: false,
                text: k % 4,
            })
            .collect();
        Model {
            docs,
            next_slug: 4,
            template: 0,
            stylesheet: 0,
            title: 0,
        }
    }

    fn write_all(&self, site: &TestSite) {
        site.write("site.toml", site_toml(self.title));
        site.write("content/van-ban/_index.md", common::DIRECTIVES_INDEX);
        site.write("content/mo-hinh/_index.md", common::MODELS_INDEX);
        site.write(
            "content/mo-hinh/mo-hinh-1.md",
            "---\ntitle: \"Mô hình dân vận khéo\"\ndate: 2026-03-05\nunit: \"Xã Phong Điền\"\nrelated: [\"1-CV/VP\"]\n---\n\nMô hình thực hiện [văn bản](../van-ban/vb-0.md).\n",
        );
        for d in &self.docs {
            site.write(&doc_path(d), doc_text(d));
        }
    }

    /// Applies `edit` to the model and to the files of `site`.
    fn apply(&mut self, edit: &Edit, site: &TestSite) {
        let len = self.docs.len();
        let pick = |i: usize| (len > 0).then(|| i % len);
        let root = site.path();
        match edit.clone() {
            Edit::Add { number, day } => self.add(number, day, site),
            Edit::Delete(i) => {
                if let Some(i) = pick(i) {
                    let d = self.docs.remove(i);
                    std::fs::remove_file(root.join(doc_path(&d))).unwrap();
                }
            }
            Edit::Rename(i) => {
                if let Some(i) = pick(i) {
                    let old = root.join(doc_path(&self.docs[i]));
                    self.docs[i].slug = self.next_slug;
                    self.next_slug += 1;
                    std::fs::rename(old, root.join(doc_path(&self.docs[i]))).unwrap();
                }
            }
            Edit::Template(v) => {
                self.template = v;
                write_template(site, v);
            }
            Edit::Stylesheet(v) => self.set_stylesheet(v, site),
            Edit::SiteTitle(v) => {
                self.title = v;
                site.write("site.toml", site_toml(v));
            }
            Edit::Cache(how) => damage_cache(root, how),
            Edit::Output(i) => damage_output(&root.join("public"), i),
            Edit::Nothing => {}
            field => {
                if let Some(i) = pick(doc_of(&field)) {
                    let d = &mut self.docs[i];
                    set_field(d, field);
                    site.write(&doc_path(d), doc_text(d));
                }
            }
        }
    }

    /// A new directive with a new file name.
    fn add(&mut self, number: u32, day: u32, site: &TestSite) {
        let d = Doc {
            slug: self.next_slug,
            number,
            day,
            tag: 0,
            implements: None,
            supersedes: None,
            cites: None,
            draft: false,
            text: number % 4,
        };
        self.next_slug += 1;
        site.write(&doc_path(&d), doc_text(&d));
        self.docs.push(d);
    }

    /// Stylesheet `v` of the site, none for 0.
    fn set_stylesheet(&mut self, v: u32, site: &TestSite) {
        self.stylesheet = v;
        let p = site.path().join("static/extra.css");
        if v == 0 {
            let _ = std::fs::remove_file(p);
        } else {
            site.write("static/extra.css", format!("body {{ margin: {v}px; }}\n"));
        }
    }
}

/// The directive an edit of one field is made to (before wrapping round).
fn doc_of(field: &Edit) -> usize {
    match field {
        Edit::Number(i, _)
        | Edit::Date(i, _)
        | Edit::Implements(i, _)
        | Edit::Supersedes(i, _)
        | Edit::Cites(i, _)
        | Edit::Tag(i, _)
        | Edit::Text(i, _)
        | Edit::Draft(i) => *i,
        _ => unreachable!(),
    }
}

/// Makes the edit of one field to `d`.
fn set_field(d: &mut Doc, field: Edit) {
    match field {
        Edit::Number(_, v) => d.number = v,
        Edit::Date(_, v) => d.day = v,
        Edit::Implements(_, v) => d.implements = v,
        Edit::Supersedes(_, v) => d.supersedes = v,
        Edit::Cites(_, v) => d.cites = v,
        Edit::Tag(_, v) => d.tag = v,
        Edit::Text(_, v) => d.text = v,
        Edit::Draft(_) => d.draft = !d.draft,
        _ => unreachable!(),
    }
}

fn site_toml(title: u32) -> String {
    let title = if title == 0 {
        "Cổng thử nghiệm"
    } else {
        "Cổng thông tin nội bộ"
    };
    format!("title = \"{title}\"\nbase_url = \"http://noibo.test/\"\n")
}

/// Overrides the directive template with the built-in one and a mark
/// (`v` > 0), or removes the override.
fn write_template(site: &TestSite, v: u32) {
    let p = site.path().join("templates/directive.html");
    if v == 0 {
        let _ = std::fs::remove_file(p);
        return;
    }
    let builtin =
        std::fs::read_to_string(repo_root().join("themes/default/templates/directive.html"))
            .unwrap();
    let marked = builtin.replacen(
        "{% block content %}",
        &format!("{{% block content %}}<p class=\"ban\">Bản {v}</p>"),
        1,
    );
    assert_ne!(
        marked, builtin,
        "the directive template has no content block"
    );
    site.write("templates/directive.html", marked);
}

/// Damages the build cache (`how` < 4) or the search index's store, in
/// one of four ways.
fn damage_cache(root: &Path, how: u32) {
    let name = if how < 4 { "build" } else { "search" };
    let how = how % 4;
    let f = root.join(".noibo-cache").join(name);
    let Ok(bytes) = std::fs::read(&f) else { return };
    match how {
        0 => std::fs::remove_file(&f).unwrap(),
        1 => std::fs::write(&f, &bytes[..bytes.len() / 2]).unwrap(),
        2 => {
            let mut b = bytes;
            let mid = b.len() / 2;
            b[mid] ^= 0x40;
            std::fs::write(&f, b).unwrap();
        }
        _ => std::fs::write(&f, b"not a cache").unwrap(),
    }
}

/// Deletes, changes or adds a file in the output folder, as a person
/// might by hand.
fn damage_output(public: &Path, i: usize) {
    let files: Vec<String> = tree(public).into_keys().collect();
    if files.is_empty() {
        return;
    }
    let f = public.join(&files[i % files.len()]);
    match i % 3 {
        0 => std::fs::remove_file(&f).unwrap(),
        1 => {
            let mut b = std::fs::read(&f).unwrap();
            b.extend_from_slice("<!-- sửa tay -->".as_bytes());
            std::fs::write(&f, b).unwrap();
        }
        _ => std::fs::write(public.join("thu-tay.txt"), "x").unwrap(),
    }
}

/// Builds `site` with the cache and without, and compares.
fn check_step(site: &TestSite, clean: &Path, step: &str) {
    let _ = std::fs::remove_dir_all(clean);
    let public = site.public();
    let before = tree(&public);
    let incremental = site.build(&[]);
    let fresh = site.build(&["--no-cache", "--output", path_str(clean)]);
    assert_eq!(
        incremental.code, fresh.code,
        "{step}: exit status differs\nincremental:\n{}\nclean:\n{}",
        incremental.stderr, fresh.stderr
    );
    let now = tree(&public);
    if incremental.code == Some(0) {
        let expected = tree(clean);
        if now != expected {
            let differ: Vec<&String> = now
                .keys()
                .chain(expected.keys())
                .filter(|k| now.get(*k) != expected.get(*k))
                .take(8)
                .collect();
            panic!("{step}: the incremental build differs from a clean build at {differ:?}");
        }
    } else {
        assert!(now == before, "{step}: a failed build changed the output");
    }
    let leftovers: Vec<String> = std::fs::read_dir(site.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public.noibo-"))
        .collect();
    assert!(leftovers.is_empty(), "{step}: left behind {leftovers:?}");
}

// 256 sequences by default (about 50 s in a debug build); PROPTEST_CASES
// sets more for a longer hunt (2,000 passed, about 9 minutes).
proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(256),
        max_shrink_iters: 64,
        ..ProptestConfig::default()
    })]

    #[test]
    fn incremental_builds_equal_clean_builds(edits in proptest::collection::vec(edit(), 1..7)) {
        let site = TestSite::empty();
        let mut model = Model::new();
        model.write_all(&site);
        let clean_dir = tempfile::tempdir().unwrap();
        let clean = clean_dir.path().join("clean");
        check_step(&site, &clean, "first build");
        for (k, e) in edits.iter().enumerate() {
            model.apply(e, &site);
            check_step(&site, &clean, &format!("step {k}: {e:?}"));
        }
    }
}

/// Files left alone long enough are trusted by their stamps (length,
/// inode, times), not read through again: edits of every kind made after
/// that must still be seen, each rebuild equal to a clean build.
#[test]
fn edits_to_settled_files_are_seen() {
    let site = TestSite::empty();
    let mut model = model_with_docs(12);
    model.write_all(&site);
    let clean_dir = tempfile::tempdir().unwrap();
    let clean = clean_dir.path().join("clean");
    check_step(&site, &clean, "first build");
    // the files settle; this build keeps their stamps for the next
    std::thread::sleep(std::time::Duration::from_millis(2500));
    check_step(&site, &clean, "settled");
    let edits = [
        Edit::Text(3, 2),
        Edit::Number(4, 7),
        Edit::Rename(5),
        Edit::Delete(6),
        Edit::Add { number: 8, day: 9 },
        Edit::Date(7, 21),
        Edit::Tag(8, 1),
        Edit::Cites(9, Some(2)),
        Edit::Draft(10),
        Edit::Nothing,
    ];
    for (k, e) in edits.iter().enumerate() {
        model.apply(e, &site);
        check_step(&site, &clean, &format!("step {k}: {e:?}"));
    }
}

/// The number in "N pages rendered" of a build's summary line.
fn rendered(stdout: &str) -> usize {
    let before = stdout
        .split(" pages rendered")
        .next()
        .expect("a summary line");
    before
        .rsplit(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count of pages rendered in {stdout}"))
}

/// The model with directives `4..end` added to the start.
fn model_with_docs(end: u32) -> Model {
    let mut model = Model::new();
    for k in 4..end {
        model.docs.push(Doc {
            slug: k,
            number: 100 + k,
            day: 1 + k % 27,
            tag: k % 3,
            implements: None,
            supersedes: None,
            cites: None,
            draft: false,
            text: k % 4,
        });
    }
    model.next_slug = end;
    model
}

#[test]
fn a_rebuild_renders_only_what_an_edit_touches() {
    let site = TestSite::empty();
    let mut model = model_with_docs(30);
    for d in &mut model.docs {
        d.text = 0;
    }
    model.write_all(&site);
    let first = site.build(&[]);
    first.assert_success();
    let total = rendered(&first.stdout);
    let again = site.build(&[]);
    again.assert_success();
    assert_eq!(rendered(&again.stdout), 0, "{}", again.stdout);
    // A paragraph of a body edited: its page, and what shows its text.
    let d = model.docs[20].clone();
    site.write(
        &doc_path(&d),
        doc_text(&d).replace("Chi tiết.", "Chi tiết mới."),
    );
    let edited = site.build(&[]);
    edited.assert_success();
    let n = rendered(&edited.stdout);
    assert!(n >= 1 && n * 4 < total, "{n} of {total} pages rendered");
    let clean = tempfile::tempdir().unwrap();
    let fresh = site.build_into(&clean.path().join("o"), &["--no-cache"]);
    assert_eq!(tree(&site.public()), fresh);
}

/// The chunk files of the search index's texts in `public`.
fn chunk_files(public: &Path) -> usize {
    std::fs::read_dir(public.join("search/idx"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("c-"))
        .count()
}

/// From `--timings`: the search index's files, and how many were kept as
/// the last build made them.
fn search_files_kept(stderr: &str) -> (usize, usize) {
    common::made_and_kept(stderr, "search index: ")
}

/// One body edited: the chunk file holding its text is made again, the
/// other chunks are kept as the last build left them (not made, not
/// written), and the site is a clean build's.
#[test]
fn a_rebuild_keeps_the_search_chunks_of_pages_not_edited() {
    let site = TestSite::empty();
    let model = model_with_docs(90);
    model.write_all(&site);
    let first = site.build(&["--timings"]);
    first.assert_success();
    let (_, kept) = search_files_kept(&first.stderr);
    assert_eq!(kept, 0, "a first build keeps nothing");
    let chunks = chunk_files(&site.public());
    assert!(chunks >= 4, "{chunks} chunk files");
    let d = model.docs[40].clone();
    site.write(
        &doc_path(&d),
        doc_text(&d).replace("Chi tiết.", "Chi tiết, sửa lại."),
    );
    let edited = site.build(&["--timings"]);
    edited.assert_success();
    let (_, kept) = search_files_kept(&edited.stderr);
    assert!(kept + 2 >= chunks, "{kept} kept of {chunks} chunks");
    assert!(kept < chunks, "the edited text's chunk was not made again");
    let clean = tempfile::tempdir().unwrap();
    let fresh = site.build_into(&clean.path().join("o"), &["--no-cache"]);
    assert_eq!(tree(&site.public()), fresh);
    // nothing changed: the whole index is kept
    let again = site.build(&["--timings"]);
    again.assert_success();
    let (files, kept) = search_files_kept(&again.stderr);
    assert_eq!(kept, files);
}

/// A build that fails after the search index was made (a broken link,
/// found at the end) leaves the output as it was but its own store: the
/// next build, whose pages the failed one had indexed the same, must not
/// take the output's files for that store's.
#[test]
fn a_failed_build_leaves_no_index_file_to_be_kept_wrongly() {
    let site = TestSite::empty();
    let model = model_with_docs(90);
    model.write_all(&site);
    site.build(&[]).assert_success();
    let d = model.docs[40].clone();
    let edited = doc_text(&d).replace("Chi tiết.", "Chi tiết mới hẳn.");
    // the same plain text, one word a link to nowhere: an error at the end
    let broken = edited.replace("mới hẳn", "[mới](../khong-co/) hẳn");
    site.write(&doc_path(&d), &broken);
    let failed = site.build(&[]);
    assert_eq!(failed.code, Some(1), "{}", failed.stderr);
    site.write(&doc_path(&d), &edited);
    site.build(&[]).assert_success();
    let clean = tempfile::tempdir().unwrap();
    let fresh = site.build_into(&clean.path().join("o"), &["--no-cache"]);
    assert_eq!(tree(&site.public()), fresh);
}

#[test]
fn a_damaged_cache_is_a_note_and_a_full_build() {
    let site = TestSite::empty();
    Model::new().write_all(&site);
    site.build(&[]).assert_success();
    damage_cache(site.path(), 2);
    let r = site.build(&[]);
    r.assert_success();
    assert!(
        r.stderr
            .contains("note: the build cache (.noibo-cache/) is damaged: building everything"),
        "{}",
        r.stderr
    );
    assert!(rendered(&r.stdout) > 0);
    let r = site.build(&["--base-url", "http://khac.test/"]);
    assert!(
        r.stderr
            .contains("another version of noibo or another configuration"),
        "{}",
        r.stderr
    );
    // the search index's store, read when a page's text changed
    let mut model = Model::new();
    for (how, why) in [(6, "is damaged"), (4, "is missing"), (5, "is damaged")] {
        site.build(&[]).assert_success();
        damage_cache(site.path(), how);
        model.apply(&Edit::Text(0, how), &site);
        let r = site.build(&[]);
        r.assert_success();
        let note = format!(
            "note: the search index's store (.noibo-cache/search) {why}: indexing every page"
        );
        assert!(r.stderr.contains(&note), "{how}: {}", r.stderr);
        assert_eq!(r.stderr.matches("note:").count(), 1, "{}", r.stderr);
    }
    // a store that is whole is used without a note
    model.apply(&Edit::Text(0, 3), &site);
    let r = site.build(&[]);
    assert!(!r.stderr.contains("note:"), "{}", r.stderr);
}

#[test]
fn init_keeps_the_cache_out_of_version_control() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("moi");
    common::run(&["init", path_str(&site)]).assert_success();
    let ignore = std::fs::read_to_string(site.join(".gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == ".noibo-cache/"), "{ignore}");
    common::run(&["build", "--root", path_str(&site)]).assert_success();
    assert!(site.join(".noibo-cache/build").is_file());
    let before = tree(&site.join("public"));
    let r = common::run(&["build", "--root", path_str(&site), "--no-cache"]);
    r.assert_success();
    assert_eq!(tree(&site.join("public")), before);
}
