//! Units and tasks through the binary: `tasks.json` and the `tasks` of
//! `directives.json`, unit pages, `don-vi/` and `theo-doi/`, names matched
//! by alias and abbreviation, unknown units, and output that does not
//! depend on the day of the build.

mod common;
mod tasks_support;

use common::*;
use tasks_support::*;

const TASKS_JSON: &str = r#"[
  {
    "directive": "van-ban/chuyen-trang/",
    "unit": "Báo và Phát thanh, Truyền hình Cần Thơ",
    "unit_url": "don-vi/bao/",
    "do": "Cung cấp bài viết, video, podcast",
    "every": "month",
    "quota": {
      "article": 3,
      "video": 2,
      "podcast": 1
    },
    "done_by": [],
    "periods": [
      {
        "period": "2026-04",
        "counts": {
          "article": 3,
          "video": 2,
          "podcast": 1
        },
        "quota": {
          "article": 3,
          "video": 2,
          "podcast": 1
        }
      },
      {
        "period": "2026-05",
        "counts": {
          "article": 1,
          "video": 2,
          "podcast": 0
        },
        "quota": {
          "article": 3,
          "video": 2,
          "podcast": 1
        }
      }
    ]
  },
  {
    "directive": "van-ban/chuyen-trang/",
    "unit": "Ban Tuyên giáo và Dân vận Thành ủy",
    "unit_url": "don-vi/ban-tuyen-giao/",
    "do": "Theo dõi, đôn đốc",
    "due": "2026-06-30",
    "done_by": [
      "van-ban/bao-cao/"
    ]
  },
  {
    "directive": "van-ban/chuyen-trang/",
    "unit": "Báo và Phát thanh, Truyền hình Cần Thơ",
    "unit_url": "don-vi/bao/",
    "do": "Mở chuyên mục",
    "due": "2026-05-15",
    "done_by": []
  }
]
"#;

#[test]
fn tasks_json_holds_every_task_with_done_by_and_period_counts() {
    let site = task_site();
    let out = site.path().join("out");
    let tree = site.build_into(&out, &[]);
    assert_eq!(text(&tree, "tasks.json"), TASKS_JSON);
    let directives: serde_json::Value =
        serde_json::from_str(text(&tree, "directives.json")).unwrap();
    let list = directives.as_array().unwrap();
    let assigning = list
        .iter()
        .find(|d| d["url"] == "van-ban/chuyen-trang/")
        .unwrap();
    let tasks = assigning["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 3);
    assert_eq!(tasks[1]["unit_url"], "don-vi/ban-tuyen-giao/");
    assert_eq!(tasks[1]["done_by"][0], "van-ban/bao-cao/");
    assert!(tasks[0].get("directive").is_none(), "{}", tasks[0]);
    let report = list
        .iter()
        .find(|d| d["url"] == "van-ban/bao-cao/")
        .unwrap();
    assert_eq!(report["tasks"], serde_json::json!([]));
}

/// The `<li class="task ...">` items of a page, each as its text.
fn task_items(html: &str) -> Vec<&str> {
    html.split("<li class=\"task ")
        .skip(1)
        .map(|s| s.split("</li>").next().unwrap())
        .collect()
}

#[test]
fn unit_pages_list_their_tasks_open_first_and_what_they_made() {
    let site = task_site();
    let out = site.path().join("out");
    let tree = site.build_into(&out, &[]);
    let bao = text(&tree, "don-vi/bao/index.html");
    let items = task_items(bao);
    assert_eq!(items.len(), 2, "{bao}");
    // Open tasks by deadline: the one-off due 15/05, then May's quota (ends 31/05).
    assert!(
        items[0].contains("Mở chuyên mục") && items[0].contains("data-deadline=\"2026-05-15\""),
        "{}",
        items[0]
    );
    assert!(
        items[1].contains("data-deadline=\"2026-05-31\""),
        "{}",
        items[1]
    );
    assert!(items[1].contains("Tháng 4/2026</th><td><span class=\"cell\">bài viết 3/3</span> · <span class=\"cell\">video 2/2</span> · <span class=\"cell\">podcast 1/1</span></td><td>Đạt chỉ tiêu</td>"), "{}", items[1]);
    assert!(items[1].contains("Tháng 5/2026</th><td><span class=\"cell short\">bài viết 1/3</span> · <span class=\"cell\">video 2/2</span> · <span class=\"cell short\">podcast 0/1</span></td><td>Chưa đạt</td>"), "{}", items[1]);
    // Addressed by the directive (named inside a longer recipient line).
    assert!(bao.contains("href=\"../../van-ban/chuyen-trang/index.html\""));
    // Its nine products (by title, short name and alias), not the other unit's.
    for p in [
        "mo-hinh/a1",
        "mo-hinh/a2",
        "tai-lieu/a3",
        "mo-hinh/v1",
        "tai-lieu/v2",
        "mo-hinh/p1",
        "mo-hinh/b1",
        "mo-hinh/b2",
        "mo-hinh/b3",
    ] {
        assert!(
            bao.contains(&format!("href=\"../../{p}/index.html\"")),
            "{p}"
        );
    }
    assert!(!bao.contains("mo-hinh/x1"));
    // Parent and sub-units.
    assert!(bao.contains("href=\"../../don-vi/thanh-uy/index.html\">Thành ủy Cần Thơ</a>"));
    let tu = text(&tree, "don-vi/thanh-uy/index.html");
    assert!(tu.contains(
        "href=\"../../don-vi/bao/index.html\">Báo và Phát thanh, Truyền hình Cần Thơ</a>"
    ));
    assert!(tu.contains("href=\"../../don-vi/ban-tuyen-giao/index.html\">"));
    // The done task links the report that answered it.
    let btg = text(&tree, "don-vi/ban-tuyen-giao/index.html");
    // Addressed as "Ban Tuyên giáo và Dân vận TU": TU is Thành ủy.
    let addressed = btg.split("<h2>Văn bản gửi đơn vị</h2>").nth(1).unwrap();
    let addressed = addressed.split("</section>").next().unwrap();
    assert!(
        addressed.contains("href=\"../../van-ban/chuyen-trang/index.html\""),
        "{addressed}"
    );
    let items = task_items(btg);
    assert_eq!(items.len(), 1);
    assert!(items[0].starts_with("task-done\""), "{}", items[0]);
    assert!(!items[0].contains("data-deadline"));
    assert!(
        items[0].contains("href=\"../../van-ban/bao-cao/index.html\">Báo cáo số 05-BC/BTGDVTU</a>"),
        "{}",
        items[0]
    );
}

#[test]
fn tracking_lists_open_tasks_by_deadline_and_units_their_counts() {
    let site = task_site();
    let out = site.path().join("out");
    let tree = site.build_into(&out, &[]);
    let html = text(&tree, "theo-doi/index.html");
    let items = task_items(html);
    let deadlines: Vec<&str> = items
        .iter()
        .map(|i| {
            i.split("data-deadline=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
        })
        .collect();
    assert_eq!(deadlines, ["2026-05-15", "2026-05-31"]);
    assert!(items.iter().all(
        |i| i.contains("data-unit=\"Báo và Phát thanh, Truyền hình Cần Thơ\"")
            && i.contains("data-issuer=\"Thành ủy Cần Thơ\"")
    ));
    assert!(html.contains("<option value=\"Thành ủy Cần Thơ\">"));
    let units = text(&tree, "don-vi/index.html");
    let rows: Vec<&str> = units.split("<tr class=\"unit-row").skip(1).collect();
    assert_eq!(rows.len(), 3);
    assert!(
        rows[0].contains("Thành ủy Cần Thơ") && rows[0].contains("<td class=\"open-count\">0</td>")
    );
    assert!(
        rows[1].starts_with(" depth-1\"")
            && rows[1].contains("Ban Tuyên giáo")
            && rows[1].contains("<td class=\"open-count\">0</td><td>1</td>"),
        "{}",
        rows[1]
    );
    assert!(
        rows[2].contains("Báo và Phát thanh")
            && rows[2].contains("<td class=\"open-count\">2</td><td>2</td>"),
        "{}",
        rows[2]
    );
    // The assigning directive shows its tasks, with units linked.
    let d = text(&tree, "van-ban/chuyen-trang/index.html");
    assert!(d.contains("<h2>Phân công thực hiện</h2>"));
    assert_eq!(task_items(d).len(), 3);
    assert!(d.contains("class=\"task-unit\" href=\"../../don-vi/ban-tuyen-giao/index.html\""));
    assert!(d.contains("Đã hoàn thành"));
}

#[test]
fn an_unknown_unit_is_reported_at_its_place_with_the_closest_name() {
    let site = task_site();
    site.write(
        "content/van-ban/sai.md",
        directive("Sai", "13-CV/TU", "Thành ủy Cần Thơ", "2026-04-09", "tasks:\n  - { unit: \"Ban Tuyen giao va Dan van Thanh uy TP\", do: \"X\", due: 2026-05-01 }\n"),
    );
    let r = site.build(&[]);
    r.assert_code(1);
    assert!(
        r.stderr.contains("content/van-ban/sai.md:8:13: error: unit `Ban Tuyen giao va Dan van Thanh uy TP` is not a unit of the site; did you mean `Ban Tuyên giáo và Dân vận Thành ủy`?"),
        "{}",
        r.stderr
    );
    // A deadline before the directive is found when the file is read.
    site.write(
        "content/van-ban/sai.md",
        directive("Sai", "13-CV/TU", "Thành ủy Cần Thơ", "2026-04-09", "tasks:\n  - { unit: \"Báo Cần Thơ\", do: \"X\", due: 2026-05-01 }\n  - { unit: \"Báo Cần Thơ\", do: \"Y\", due: 2026-04-01 }\n"),
    );
    let r = site.build(&[]);
    r.assert_code(1);
    assert!(
        r.stderr.contains("content/van-ban/sai.md:9:5: error: task for Báo Cần Thơ: `due: 2026-04-01` is before the directive's date (2026-04-09)"),
        "{}",
        r.stderr
    );
}

/// `faketime`, which must be there under CI.
fn faketime() -> Option<&'static str> {
    let ok = std::process::Command::new("faketime")
        .arg("--version")
        .output()
        .is_ok();
    if !ok && std::env::var_os("CI").is_some_and(|v| !v.is_empty()) {
        panic!("faketime is missing (Debian package faketime)");
    }
    ok.then_some("faketime")
}

fn run_on(day: &str, args: &[&str]) -> Run {
    let bin = assert_cmd::cargo::cargo_bin("noibo");
    let out = std::process::Command::new("faketime")
        .arg(day)
        .arg(bin)
        .args(args)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("faketime runs");
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn the_output_is_the_same_whatever_the_day_of_the_build() {
    if faketime().is_none() {
        eprintln!("SKIPPED the_output_is_the_same_whatever_the_day_of_the_build: no faketime");
        return;
    }
    let site = task_site();
    let (a, b) = (site.path().join("a"), site.path().join("b"));
    let root = path_str(site.path());
    for (day, out) in [("2026-05-01 09:00:00", &a), ("2027-01-20 23:30:00", &b)] {
        run_on(day, &["build", "--root", root, "--output", path_str(out)]).assert_success();
    }
    let (ta, tb) = (tree(&a), tree(&b));
    assert!(ta.contains_key("tasks.json") && ta.len() > 20);
    assert_eq!(ta.keys().collect::<Vec<_>>(), tb.keys().collect::<Vec<_>>());
    for (path, bytes) in &ta {
        assert!(
            bytes == &tb[path],
            "{path} differs between builds on different days"
        );
    }
}

#[test]
fn check_warns_about_open_tasks_past_their_deadline_as_of_today() {
    if faketime().is_none() {
        eprintln!(
            "SKIPPED check_warns_about_open_tasks_past_their_deadline_as_of_today: no faketime"
        );
        return;
    }
    let site = task_site();
    let root = path_str(site.path());
    let early = run_on("2026-05-10 12:00:00", &["check", "--root", root]);
    early.assert_success();
    assert!(!early.stderr.contains("overdue"), "{}", early.stderr);
    let late = run_on("2026-06-01 12:00:00", &["check", "--root", root]);
    late.assert_success();
    let warnings: Vec<&str> = late
        .stderr
        .lines()
        .filter(|l| l.contains("overdue"))
        .collect();
    assert_eq!(
        warnings,
        [
            "content/van-ban/chuyen-trang.md:11:5: warning: task for Báo và Phát thanh, Truyền hình Cần Thơ is overdue: due 2026-05-31, still open on 2026-06-01 (Cung cấp bài viết, video, podcast)",
            "content/van-ban/chuyen-trang.md:16:5: warning: task for Báo và Phát thanh, Truyền hình Cần Thơ is overdue: due 2026-05-15, still open on 2026-06-01 (Mở chuyên mục)",
        ],
        "{}",
        late.stderr
    );
    // `build` never looks at the day.
    let built = run_on(
        "2026-06-01 12:00:00",
        &[
            "build",
            "--root",
            root,
            "--output",
            path_str(&site.path().join("o")),
        ],
    );
    built.assert_success();
    assert!(!built.stderr.contains("overdue"), "{}", built.stderr);
}

#[test]
fn a_superseding_directive_or_until_ends_the_periods() {
    let site = TestSite::with_files(&[
        ("content/don-vi/_index.md", UNITS_INDEX),
        ("content/mo-hinh/_index.md", MODELS_INDEX),
        (
            "content/don-vi/bao.md",
            "---\ntitle: \"Báo Cần Thơ\"\n---\n",
        ),
        (
            "content/van-ban/a.md",
            &directive(
                "Giao chỉ tiêu",
                "01-CV/TU",
                "Thành ủy Cần Thơ",
                "2026-01-10",
                "tasks:\n  - { unit: \"Báo Cần Thơ\", do: \"Bài theo quý\", every: quarter, quota: { article: 1 } }\n  - { unit: \"Báo Cần Thơ\", do: \"Bài theo tháng\", every: month, quota: { article: 1 }, until: 2026-03-15 }\n",
            ),
        ),
        (
            "content/van-ban/b.md",
            &directive(
                "Thay thế",
                "02-CV/TU",
                "Thành ủy Cần Thơ",
                "2026-05-02",
                "supersedes: [\"01-CV/TU\"]\n",
            ),
        ),
        (
            "content/mo-hinh/x.md",
            "---\ntitle: \"X\"\ndate: 2026-02-01\nunit: \"Báo Cần Thơ\"\n---\n",
        ),
        (
            "content/mo-hinh/y.md",
            "---\ntitle: \"Y\"\ndate: 2026-08-01\nunit: \"Báo Cần Thơ\"\n---\n",
        ),
    ]);
    let out = site.path().join("out");
    let tree = site.build_into(&out, &[]);
    let tasks: serde_json::Value = serde_json::from_str(text(&tree, "tasks.json")).unwrap();
    let periods = |t: usize| -> Vec<(String, u64)> {
        tasks[t]["periods"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["period"].as_str().unwrap().to_string(),
                    p["counts"]["article"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    // Q3 starts after the superseding directive's date: not a period of the task.
    assert_eq!(
        periods(0),
        [("2026-Q1".to_string(), 1), ("2026-Q2".to_string(), 0)]
    );
    assert_eq!(
        periods(1),
        [
            ("2026-01".to_string(), 0),
            ("2026-02".to_string(), 1),
            ("2026-03".to_string(), 0)
        ]
    );
    // Ended tasks are not open: nothing to follow up.
    let tracking = text(&tree, "theo-doi/index.html");
    assert!(!tracking.contains("<li class=\"task "), "{tracking}");
    assert!(text(&tree, "don-vi/bao/index.html").contains("Đã kết thúc"));
}
