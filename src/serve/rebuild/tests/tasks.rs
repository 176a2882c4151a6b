//! Incremental rebuilds of a site with units and tasks: an edit of a
//! product or of a report renders the unit pages, `don-vi/`, `theo-doi/`
//! and the assigning directive again, and the site matches a full build.

use super::*;

fn task_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "site.toml",
        "title = \"Thử\"\nbase_url = \"http://x.test/\"\n",
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
        "content/don-vi/_index.md",
        "---\ntitle: \"Đơn vị\"\nkind: units\n---\n",
    );
    write(
        root,
        "content/don-vi/bao.md",
        "---\ntitle: \"Báo Cần Thơ\"\n---\n",
    );
    write(
        root,
        "content/don-vi/ban.md",
        "---\ntitle: \"Ban Tuyên giáo\"\n---\n",
    );
    write(
        root,
        "content/van-ban/giao.md",
        "---\ntitle: \"Giao việc\"\nnumber: \"01-CV/TU\"\nissuer: \"Thành ủy\"\ndate: 2026-04-01\ntasks:\n  - { unit: \"Báo Cần Thơ\", do: \"Bài hằng tháng\", every: month, quota: { video: 1 } }\n  - { unit: \"Ban Tuyên giáo\", do: \"Báo cáo\", due: 2026-05-30 }\n---\n\nGiao việc.\n",
    );
    write(
        root,
        "content/van-ban/bao-cao.md",
        "---\ntitle: \"Báo cáo\"\nnumber: \"02-BC/BTG\"\nissuer: \"Ban Tuyên giáo\"\ndate: 2026-04-20\n---\n\nBáo cáo kết quả.\n",
    );
    write(
        root,
        "content/mo-hinh/a.md",
        "---\ntitle: \"A\"\ndate: 2026-04-10\nunit: \"Báo Cần Thơ\"\n---\n\nBài.\n",
    );
    dir
}

#[test]
fn editing_a_product_or_a_report_renders_the_task_pages_again() {
    let dir = task_site();
    let root = dir.path();
    let mut s = state(root);
    // What shows the Báo's quota; the other unit's page does not change.
    let task_pages = [
        "don-vi/bao/index.html",
        "theo-doi/index.html",
        "van-ban/giao/index.html",
    ];

    // The product becomes a video: April's quota is met.
    write(
        root,
        "content/mo-hinh/a.md",
        "---\ntitle: \"A\"\ndate: 2026-04-10\nunit: \"Báo Cần Thơ\"\nformat: video\n---\n\nBài.\n",
    );
    let update = s.apply(&[root.join("content/mo-hinh/a.md")]).unwrap();
    for p in task_pages {
        assert!(
            update.rendered.contains(p),
            "{p} not rendered: {:?}",
            update.rendered
        );
    }
    assert!(!update.rendered.contains("don-vi/ban/index.html"));
    assert_same_as_full_build(&mut s, root);

    // The report now implements the assigning directive: the task is done.
    write(
        root,
        "content/van-ban/bao-cao.md",
        "---\ntitle: \"Báo cáo\"\nnumber: \"02-BC/BTG\"\nissuer: \"Ban Tuyên giáo\"\ndate: 2026-04-20\nimplements: [\"01-CV/TU\"]\n---\n\nBáo cáo kết quả.\n",
    );
    s.apply(&[root.join("content/van-ban/bao-cao.md")]).unwrap();
    assert_same_as_full_build(&mut s, root);
    let files = served(&s);
    let ban = String::from_utf8_lossy(&files["don-vi/ban/index.html"]).into_owned();
    assert!(ban.contains("task-done"), "{ban}");
}
