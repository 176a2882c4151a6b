use std::path::Path;

use super::{parse_page, split};
use crate::diagnostics::{Diagnostic, Pos};
use crate::model::{Every, Format, FrontMatter, Kind, KindMeta, Schedule};

fn directive(tasks: &str) -> Result<FrontMatter, Vec<Diagnostic>> {
    let text = format!(
        "---\ntitle: \"Về chuyên trang\"\ntype: \"Công văn\"\nissuer: \"Thành ủy Cần Thơ\"\ndate: 2026-04-08\ntasks:\n{tasks}---\nNội dung.\n"
    );
    let split = split(&text).expect("front matter");
    parse_page(Path::new("content/van-ban/a.md"), &split, Kind::Directives)
}

fn messages(errors: &[Diagnostic]) -> Vec<(Option<Pos>, String)> {
    errors.iter().map(|e| (e.pos, e.message.clone())).collect()
}

#[test]
fn reads_a_deadline_and_a_recurring_quota() {
    let fm = directive(
        "  - { unit: \"Ban Tuyên giáo và Dân vận Thành ủy\", do: \"Theo dõi, đôn đốc\", due: 2026-06-30 }\n  - unit: \"Báo Cần Thơ\"\n    do: \"Cung cấp bài viết\"\n    every: month\n    quota: { article: 3, video: 2, podcast: 1 }\n",
    )
    .unwrap();
    let d = fm.directive().unwrap();
    assert_eq!(d.tasks.len(), 2);
    assert_eq!(d.tasks[0].unit, "Ban Tuyên giáo và Dân vận Thành ủy");
    assert_eq!(
        d.tasks[0].schedule,
        Schedule::Due(jiff::civil::date(2026, 6, 30))
    );
    assert_eq!(d.tasks[0].pos, Pos::new(7, 5));
    assert_eq!(d.tasks[1].unit_pos, Pos::new(8, 11));
    assert_eq!(
        d.tasks[1].schedule,
        Schedule::Every {
            every: Every::Month,
            quota: vec![
                (Format::Article, 3),
                (Format::Video, 2),
                (Format::Podcast, 1)
            ],
            until: None
        }
    );
}

#[test]
fn a_deadline_before_the_directive_is_an_error() {
    let errors =
        directive("  - { unit: \"Báo Cần Thơ\", do: \"Báo cáo\", due: 2026-03-01 }\n").unwrap_err();
    assert_eq!(
        messages(&errors),
        vec![(
            Some(Pos::new(7, 5)),
            "task for Báo Cần Thơ: `due: 2026-03-01` is before the directive's date (2026-04-08)"
                .to_string()
        )]
    );
}

#[test]
fn an_unknown_quota_format_names_the_closest() {
    let errors = directive(
        "  - { unit: \"Báo Cần Thơ\", do: \"Cung cấp\", every: month, quota: { artcle: 3 } }\n",
    )
    .unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].pos, Some(Pos::new(7, 67)));
    assert!(
        errors[0]
            .message
            .starts_with("unknown format `artcle` in `quota` (did you mean `article`?"),
        "{}",
        errors[0].message
    );
}

#[test]
fn a_task_needs_its_parts_and_one_schedule() {
    let errors = directive(
        "  - { do: \"Báo cáo\", due: 2026-05-01 }\n  - { unit: \"A\", do: \"B\" }\n  - { unit: \"A\", do: \"B\", due: 2026-05-01, every: month }\n  - { unit: \"A\", do: \"B\", every: weekly, quota: { video: 1 } }\n",
    )
    .unwrap_err();
    let m: Vec<String> = errors.iter().map(|e| e.message.clone()).collect();
    assert_eq!(m.len(), 4, "{m:?}");
    assert_eq!(m[0], "a task needs `unit`");
    assert!(m[1].starts_with("a task needs `due`"), "{}", m[1]);
    assert!(m[2].contains("not both"), "{}", m[2]);
    assert!(
        m[3].contains("every: weekly") && m[3].contains("month, quarter, year"),
        "{}",
        m[3]
    );
}

#[test]
fn unit_pages_have_names_and_no_date() {
    let text = "---\ntitle: \"Báo và Phát thanh, Truyền hình Cần Thơ\"\nshort: \"Báo Cần Thơ\"\naliases: [\"Đài PT-TH Cần Thơ\"]\nparent: \"Thành ủy Cần Thơ\"\n---\n";
    let fm = parse_page(
        Path::new("content/don-vi/b.md"),
        &split(text).unwrap(),
        Kind::Units,
    )
    .unwrap();
    let KindMeta::Unit(u) = fm.meta else {
        panic!("a unit")
    };
    assert_eq!(u.short.as_deref(), Some("Báo Cần Thơ"));
    assert_eq!(u.aliases, vec!["Đài PT-TH Cần Thơ".to_string()]);
    assert_eq!(
        u.parent,
        Some(("Thành ủy Cần Thơ".to_string(), Pos::new(5, 9)))
    );
}
