use super::*;
use crate::model::Format;

fn parse(kind: Kind, yaml: &str) -> Result<FrontMatter, Vec<Diagnostic>> {
    let text = format!("---\ntitle: \"Bài\"\ndate: 2026-04-02\n{yaml}---\nNội dung.\n");
    let split = split(&text).expect("front matter");
    parse_page(Path::new("content/mo-hinh/a.md"), &split, kind)
}

#[test]
fn format_defaults_to_article_and_reads_known_names() {
    let fm = parse(Kind::Models, "").unwrap();
    let KindMeta::Model(m) = fm.meta else {
        panic!("a model")
    };
    assert_eq!(m.format, Format::Article);
    let fm = parse(Kind::Materials, "format: video\nunit: \"Báo Cần Thơ\"\n").unwrap();
    let KindMeta::Material(m) = fm.meta else {
        panic!("a material")
    };
    assert_eq!(
        (m.format, m.unit.as_deref()),
        (Format::Video, Some("Báo Cần Thơ"))
    );
}

#[test]
fn unknown_format_names_the_closest_at_its_position() {
    let errors = parse(Kind::Models, "format: vidoe\n").unwrap_err();
    assert_eq!(errors.len(), 1);
    let e = errors[0].to_string();
    assert!(
        e.contains("unknown format `vidoe`") && e.contains("`video`"),
        "{e}"
    );
    assert_eq!(errors[0].pos, Some(Pos::new(4, 9)));
}
