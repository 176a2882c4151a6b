//! Tests of the rebuild policy and of incremental rebuilds: after each
//! change the site in memory must be byte for byte what a full build of the
//! files gives, and an edit must render only the pages that depend on it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::*;
use crate::render::pages;
use crate::test_site::{with_config, write};

/// Rebuilds the search index here and now; returns the files that changed.
fn refresh_search(s: &mut SiteState) -> BTreeSet<String> {
    match s.search_job() {
        Some(job) => s.install_search(job.run()).unwrap_or_default(),
        None => BTreeSet::new(),
    }
}

/// The site in memory, each file's bytes by its path, as served.
fn served(s: &SiteState) -> BTreeMap<String, Vec<u8>> {
    s.files()
        .iter()
        .map(|(p, c)| {
            let bytes = match &**c {
                FileContent::Bytes(b) => b.clone(),
                FileContent::Copy(src) => std::fs::read(src).unwrap(),
            };
            (p.clone(), bytes)
        })
        .collect()
}

/// Directives 1..=40, five models, five materials in one series.
const DIRECTIVES: u32 = 40;
const PER_PAGE: usize = 5;

fn number(k: u32) -> String {
    if k.is_multiple_of(5) {
        format!("{k}-KH/ĐU")
    } else {
        format!("{k}-CV/ĐU")
    }
}

fn issuer(k: u32) -> &'static str {
    if k.is_multiple_of(2) {
        "Đảng ủy cơ quan"
    } else {
        "Chi bộ Văn phòng"
    }
}

fn tag(k: u32) -> &'static str {
    if k.is_multiple_of(3) {
        "Tuyên truyền"
    } else {
        "Chuyển đổi số"
    }
}

/// `2025-01-01` for 1, one day more for each.
fn date(k: u32) -> String {
    let d = jiff::civil::date(2025, 1, 1) + jiff::Span::new().days(i64::from(k) - 1);
    d.to_string()
}

fn directive_path(k: u32) -> String {
    format!(
        "content/van-ban/2025/{}.md",
        noibo_text::slugify(&number(k))
    )
}

fn directive(k: u32, title: &str, extra_body: &str) -> String {
    let implements = if k == 23 {
        "implements:\n  - \"21-CV/ĐU\"\n"
    } else {
        ""
    };
    let cites = match k {
        24 | 30 => "Thực hiện Công văn số 23-CV/ĐU của Chi bộ Văn phòng, ".to_string(),
        _ => String::new(),
    };
    format!(
        "---\ntitle: \"{title}\"\nnumber: \"{}\"\nissuer: \"{}\"\ndate: {}\ntags:\n  - \"{}\"\n{implements}---\n\n{cites}nội dung văn bản số {k}. {extra_body}\n\n## Mục một\n\nĐoạn văn.\n",
        number(k),
        issuer(k),
        date(k),
        tag(k)
    )
}

fn site() -> tempfile::TempDir {
    let dir = with_config(&format!(
        "title = \"Thử\"\nbase_url = \"http://x.test/\"\npaginate_by = {PER_PAGE}\n"
    ));
    let root = dir.path();
    write(
        root,
        "content/_index.md",
        "---\ntitle: \"Trang chủ\"\n---\n\nChào.\n",
    );
    write(
        root,
        "content/van-ban/_index.md",
        "---\ntitle: \"Văn bản\"\nkind: directives\n---\n",
    );
    write(
        root,
        "content/mo-hinh/_index.md",
        "---\ntitle: \"Mô hình\"\nkind: models\n---\n",
    );
    write(
        root,
        "content/tai-lieu/_index.md",
        "---\ntitle: \"Tài liệu\"\nkind: materials\n---\n",
    );
    for k in 1..=DIRECTIVES {
        write(
            root,
            &directive_path(k),
            &directive(k, &format!("Văn bản thứ {k}"), ""),
        );
    }
    for m in 1..=5 {
        let related = if m == 3 {
            "related:\n  - \"23-CV/ĐU\"\n"
        } else {
            ""
        };
        write(
            root,
            &format!("content/mo-hinh/mo-hinh-{m}.md"),
            &format!(
                "---\ntitle: \"Mô hình {m}\"\ndate: 2025-03-{m:02}\n{related}---\n\nMô hình số {m}.\n"
            ),
        );
        write(
            root,
            &format!("content/tai-lieu/bai-{m}.md"),
            &format!(
                "---\ntitle: \"Bài {m}\"\ndate: 2025-03-{m:02}\nseries: \"Khóa học\"\norder: {m}\n---\n\nBài số {m}.\n"
            ),
        );
    }
    dir
}

fn state(root: &Path) -> SiteState {
    let (mut s, _) = SiteState::new(root, false, None).unwrap();
    refresh_search(&mut s);
    s
}

/// The bytes `noibo build` writes from the files as they are now, by path.
fn full_build(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let out = tempfile::tempdir().unwrap();
    let opts = BuildOptions {
        root: root.to_path_buf(),
        output: Some(out.path().join("public")),
        ..Default::default()
    };
    match build::build(&opts) {
        Ok(_) => {}
        Err(BuildError::Content(d)) => panic!("{:?}", d.into_vec()),
        Err(BuildError::Fatal(e)) => panic!("{e}"),
    }
    let public = out.path().join("public");
    walkdir::WalkDir::new(&public)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(&public).unwrap();
            let rel = rel.to_string_lossy().replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

fn assert_same_as_full_build(s: &mut SiteState, root: &Path) {
    refresh_search(s);
    let ours = served(s);
    let full = full_build(root);
    assert_eq!(
        ours.keys().collect::<Vec<_>>(),
        full.keys().collect::<Vec<_>>(),
        "not the same files"
    );
    for (path, bytes) in &ours {
        assert!(bytes == &full[path], "{path} differs from `noibo build`");
    }
}

/// The page (1-based) of a newest-first list of directives that holds
/// directive `k`, where `member` says which directives are in the list.
fn list_page(k: u32, member: impl Fn(u32) -> bool) -> usize {
    let before = (k + 1..=DIRECTIVES).filter(|&j| member(j)).count();
    before / PER_PAGE + 1
}

fn pager(base: &str, page: usize) -> String {
    if page == 1 {
        format!("{base}index.html")
    } else {
        format!("{base}trang/{page}/index.html")
    }
}

fn page_of(k: u32) -> String {
    format!(
        "van-ban/2025/{}/index.html",
        noibo_text::slugify(&number(k))
    )
}

#[test]
fn editing_one_directive_renders_exactly_what_depends_on_it() {
    let dir = site();
    let root = dir.path();
    let mut s = state(root);
    let pages_before = s.files().keys().filter(|p| p.ends_with(".html")).count();
    assert!(pages_before > 80, "{pages_before}");

    write(
        root,
        &directive_path(23),
        &directive(23, "Văn bản thứ 23, đã sửa", "Thêm một câu."),
    );
    let update = s.apply(&[root.join(directive_path(23))]).unwrap();
    assert_eq!(update.scope, Scope::Pages);

    let all = |_| true;
    let expected: BTreeSet<String> = [
        // the page itself
        page_of(23),
        // pages that list it: what cites it in its text (24, 30), what it
        // implements (21), the model related to it
        page_of(24),
        page_of(30),
        page_of(21),
        "mo-hinh/mo-hinh-3/index.html".to_string(),
        // the one page of each list it is on
        pager("van-ban/", list_page(23, all)),
        pager("loai/cong-van/", list_page(23, |j| j % 5 != 0)),
        pager("co-quan/chi-bo-van-phong/", list_page(23, |j| j % 2 == 1)),
        pager("nam/2025/", list_page(23, all)),
        pager("chu-de/chuyen-doi-so/", list_page(23, |j| j % 3 != 0)),
    ]
    .into_iter()
    .collect();
    assert_eq!(update.rendered, expected);
    assert!(update.changed.contains(&page_of(23)));
    assert!(update.changed.contains("directives.json"));
    assert!(
        !update.changed.contains("index.html"),
        "not on the home page"
    );
    assert!(s.search_stale());
    // the search index reads again only the page edited: the rest comes
    // from the store of the index put in before
    let built = s.search_job().unwrap().run();
    assert_eq!(built.indexed, 1);
    assert!(s.install_search(built).is_some());
    assert_same_as_full_build(&mut s, root);
}

#[test]
fn renumbering_a_directive_renders_the_bodies_that_cite_it() {
    let dir = site();
    let root = dir.path();
    let mut s = state(root);
    let old = directive_path(23);
    // Same file, another number: the citations of 23-CV/ĐU no longer hold.
    let text = directive(23, "Văn bản thứ 23", "").replace("\"23-CV/ĐU\"", "\"123-CV/ĐU\"");
    write(root, &old, &text);
    let update = s.apply(&[root.join(&old)]).unwrap();
    assert_eq!(update.scope, Scope::Pages);
    for k in [23, 24, 30, 21] {
        assert!(update.rendered.contains(&page_of(k)), "{k}");
    }
    let d24 = s.files().get(&page_of(24)).cloned().unwrap();
    let FileContent::Bytes(html) = &*d24 else {
        panic!()
    };
    let html = String::from_utf8_lossy(html);
    assert!(!html.contains("class=\"citation\""), "{html}");
    assert_same_as_full_build(&mut s, root);
}

#[test]
fn a_failed_rebuild_keeps_the_last_good_site_then_recovers() {
    let dir = site();
    let root = dir.path();
    let mut s = state(root);
    let good = served(&s);
    let path = directive_path(10);

    // A broken front matter, then a broken link: errors, nothing changes.
    write(root, &path, "---\ntitle: \"x\"\nisuer: \"y\"\n---\n");
    assert!(matches!(
        s.apply(&[root.join(&path)]),
        Err(BuildError::Content(_))
    ));
    let broken_link = directive(10, "Văn bản thứ 10", "[liên kết](khong-co.md)");
    write(root, &path, &broken_link);
    match s.apply(&[root.join(&path)]) {
        Err(BuildError::Content(d)) => {
            let text: Vec<String> = d.errors().map(|e| e.to_string()).collect();
            assert!(text.iter().any(|t| t.contains("khong-co.md")), "{text:?}");
        }
        other => panic!("{:?}", other.map(|u| u.scope)),
    }
    assert!(served(&s) == good, "the last good site is kept");

    write(root, &path, &directive(10, "Văn bản thứ 10 (sửa)", ""));
    let update = s.apply(&[root.join(&path)]).unwrap();
    assert_eq!(update.scope, Scope::Pages);
    assert_same_as_full_build(&mut s, root);
}

#[test]
fn template_and_file_set_changes_rebuild_correctly() {
    let dir = site();
    let root = dir.path();
    let mut s = state(root);
    a_site_template_renders_every_page(&mut s, root);
    pages_come_and_go(&mut s, root);
    drafts_and_temporary_files_change_nothing(&mut s, root);
    a_folder_moved_in_is_built(&mut s, root);
}

fn a_site_template_renders_every_page(s: &mut SiteState, root: &Path) {
    // A site template overriding the theme's: every page again.
    let base = crate::render::theme::default_theme_files()
        .into_iter()
        .find(|(p, _)| p == "templates/base.html")
        .map(|(_, b)| String::from_utf8(b.to_vec()).unwrap())
        .unwrap();
    write(
        root,
        "templates/base.html",
        &base.replace("</footer>", "<p>MARK</p></footer>"),
    );
    let update = s.apply(&[root.join("templates/base.html")]).unwrap();
    assert_eq!(update.scope, Scope::Theme);
    assert_eq!(
        update.rendered.len(),
        s.files().keys().filter(|p| p.ends_with(".html")).count()
    );
    assert_same_as_full_build(s, root);
}

fn pages_come_and_go(s: &mut SiteState, root: &Path) {
    // A new page, a page removed, a page withdrawn as a draft.
    write(
        root,
        "content/mo-hinh/moi.md",
        "---\ntitle: \"Mới\"\ndate: 2025-04-01\n---\n\nMới.\n",
    );
    let update = s.apply(&[root.join("content/mo-hinh/moi.md")]).unwrap();
    assert_eq!(update.scope, Scope::Full);
    assert!(s.files().contains_key("mo-hinh/moi/index.html"));
    assert_same_as_full_build(s, root);

    std::fs::remove_file(root.join("content/mo-hinh/mo-hinh-5.md")).unwrap();
    s.apply(&[root.join("content/mo-hinh/mo-hinh-5.md")])
        .unwrap();
    assert!(!s.files().contains_key("mo-hinh/mo-hinh-5/index.html"));
    assert_same_as_full_build(s, root);

    write(
        root,
        "content/mo-hinh/mo-hinh-4.md",
        "---\ntitle: \"M4\"\ndate: 2025-03-04\ndraft: true\n---\n\nNháp.\n",
    );
    s.apply(&[root.join("content/mo-hinh/mo-hinh-4.md")])
        .unwrap();
    assert!(!s.files().contains_key("mo-hinh/mo-hinh-4/index.html"));
    assert_same_as_full_build(s, root);
}

fn drafts_and_temporary_files_change_nothing(s: &mut SiteState, root: &Path) {
    // Editing a draft changes nothing published; an editor's temporary
    // file that is gone changes nothing.
    write(
        root,
        "content/mo-hinh/mo-hinh-4.md",
        "---\ntitle: \"M4 bis\"\ndate: 2025-03-04\ndraft: true\n---\n\nNháp.\n",
    );
    let update = s
        .apply(&[
            root.join("content/mo-hinh/mo-hinh-4.md"),
            root.join("content/mo-hinh/4913"),
        ])
        .unwrap();
    assert_eq!(update.scope, Scope::Nothing);
    assert_same_as_full_build(s, root);
}

fn a_folder_moved_in_is_built(s: &mut SiteState, root: &Path) {
    // A folder is reported: it matters only if files came or went (a
    // folder of pages moved in, as `mv` does, reports only the folder).
    let update = s.apply(&[root.join("content/mo-hinh")]).unwrap();
    assert_eq!(update.scope, Scope::Nothing);
    let moved = tempfile::tempdir().unwrap();
    write(
        moved.path(),
        "khoa/index.md",
        "---\ntitle: \"Khóa\"\ndate: 2025-04-02\n---\n\nMới.\n",
    );
    write(moved.path(), "khoa/de-cuong.pdf", "%PDF");
    std::fs::rename(
        moved.path().join("khoa"),
        root.join("content/tai-lieu/khoa"),
    )
    .unwrap();
    let update = s.apply(&[root.join("content/tai-lieu/khoa")]).unwrap();
    assert_eq!(update.scope, Scope::Full);
    assert!(s.files().contains_key("tai-lieu/khoa/de-cuong.pdf"));
    assert_same_as_full_build(s, root);
}

#[test]
fn jobs_render_to_their_paths() {
    let dir = site();
    let root = dir.path();
    let s = state(root);
    let g = s.graph();
    let jobs = pages::jobs(g);
    let rendered =
        pages::render_each(g, &s.theme, &jobs, &|_, _| false, |path, _, _| path).unwrap();
    for (job, path) in jobs.iter().zip(&rendered) {
        assert_eq!(&pages::job_path(g, job), path);
    }
}

#[test]
fn edits_that_move_pages_in_lists_match_a_full_build() {
    let dir = site();
    let root = dir.path();
    let mut s = state(root);

    // Newer date and a new tag: first on the home page, a new term.
    let text = directive(23, "Văn bản thứ 23", "")
        .replace(&format!("date: {}", date(23)), "date: 2025-03-20")
        .replace("tags:\n", "tags:\n  - \"Chủ đề mới\"\n");
    write(root, &directive_path(23), &text);
    let update = s.apply(&[root.join(directive_path(23))]).unwrap();
    assert_eq!(update.scope, Scope::Pages);
    for p in [
        "index.html",
        "chu-de/chu-de-moi/index.html",
        "chu-de/index.html",
    ] {
        assert!(update.rendered.contains(p), "{p} not rendered");
    }
    assert_same_as_full_build(&mut s, root);

    // Another spelling of an issuer on its newest page (23 now) renames
    // the term, whose name every page of that issuer shows (its feed's
    // title).
    let renamed = text.replace("Chi bộ Văn phòng", "Chi bộ Văn Phòng");
    write(root, &directive_path(23), &renamed);
    let update = s.apply(&[root.join(directive_path(23))]).unwrap();
    assert!(
        update.rendered.contains(&page_of(1)),
        "an old page of the issuer"
    );
    assert!(!update.rendered.contains(&page_of(2)), "another issuer's");
    assert_same_as_full_build(&mut s, root);

    // A lesson of a series renamed: its neighbours link to it by title.
    write(
        root,
        "content/tai-lieu/bai-3.md",
        "---\ntitle: \"Bài ba\"\ndate: 2025-03-03\nseries: \"Khóa học\"\norder: 3\n---\n\nBài số 3.\n",
    );
    let update = s.apply(&[root.join("content/tai-lieu/bai-3.md")]).unwrap();
    for p in ["tai-lieu/bai-2/index.html", "tai-lieu/bai-4/index.html"] {
        assert!(update.rendered.contains(p), "{p} not rendered");
    }
    assert!(!update.rendered.contains("tai-lieu/bai-1/index.html"));
    assert_same_as_full_build(&mut s, root);
}

#[test]
fn static_files_templates_and_the_configuration_match_a_full_build() {
    let dir = site();
    let root = dir.path();
    write(root, "static/extra.css", "body { color: #111; }\n");
    let mut s = state(root);
    assert_same_as_full_build(&mut s, root);

    // A static file edited in place: same path, new bytes (same length).
    write(root, "static/extra.css", "body { color: #222; }\n");
    let update = s.apply(&[root.join("static/extra.css")]).unwrap();
    assert_eq!(update.scope, Scope::Theme);
    assert!(update.changed.contains("extra.css"), "{:?}", update.changed);
    assert_same_as_full_build(&mut s, root);

    // The theme's own style sheet, overridden by the site.
    write(root, "static/style.css", "main { margin: 0; }\n");
    let update = s.apply(&[root.join("static/style.css")]).unwrap();
    assert!(update.changed.contains("style.css"), "{:?}", update.changed);
    assert_same_as_full_build(&mut s, root);

    // A template of the site.
    write(
        root,
        "templates/base.html",
        &crate::render::theme::default_theme_files()
            .into_iter()
            .find(|(p, _)| p == "templates/base.html")
            .map(|(_, b)| String::from_utf8(b.to_vec()).unwrap())
            .unwrap()
            .replace("</footer>", "<p>MARK</p></footer>"),
    );
    s.apply(&[root.join("templates/base.html")]).unwrap();
    assert_same_as_full_build(&mut s, root);

    // The configuration.
    write(
        root,
        "site.toml",
        &format!("title = \"Thử lại\"\nbase_url = \"http://x.test/\"\npaginate_by = {PER_PAGE}\n"),
    );
    let update = s.apply(&[root.join("site.toml")]).unwrap();
    assert_eq!(update.scope, Scope::Full);
    assert!(update.changed.contains("index.html"));
    assert_same_as_full_build(&mut s, root);
}

/// Sites with units and tasks.
mod tasks;
