use std::path::PathBuf;

use super::*;
use crate::model::{FrontMatter, Kind, SectionId, SourceFile, UnitMeta};

fn unit(title: &str, short: Option<&str>, aliases: &[&str]) -> Page {
    Page {
        file: SourceFile::new(PathBuf::from(format!(
            "content/don-vi/{}.md",
            noibo_text::slugify(title)
        ))),
        url: format!("don-vi/{}/", noibo_text::slugify(title)),
        kind: Kind::Units,
        section: SectionId(0),
        front: FrontMatter {
            title: title.to_string(),
            date: None,
            tags: Vec::new(),
            summary: None,
            draft: false,
            meta: KindMeta::Unit(UnitMeta {
                short: short.map(str::to_string),
                aliases: aliases.iter().map(|a| a.to_string()).collect(),
                parent: None,
            }),
        },
        body: String::new(),
        body_line: 1,
        attachments: Vec::new(),
        hash: [0; 16],
        unread: None,
    }
}

fn index(pages: &[Page]) -> UnitIndex {
    let mut d = Diagnostics::default();
    let i = UnitIndex::new(pages, &mut d);
    assert!(!d.has_errors());
    i
}

#[test]
fn keys_fold_and_shorten_abbreviations() {
    assert_eq!(
        key("Ban Chỉ đạo 35 Đảng ủy Ủy ban nhân dân tỉnh Thái Nguyên"),
        key("BCĐ 35 ĐU UBND tỉnh Thái Nguyên")
    );
    assert_eq!(
        key("Ban Tuyên giáo và Dân vận Thành ủy"),
        "ban tuyen giao va dan van tu"
    );
    assert_eq!(
        key("ban tuyen giao va dan van TU"),
        "ban tuyen giao va dan van tu"
    );
    assert_eq!(
        key("Báo và Phát thanh, Truyền hình Cần Thơ"),
        "bao va phat thanh truyen hinh can tho"
    );
}

#[test]
fn a_unit_answers_to_its_title_short_name_and_aliases() {
    let pages = [
        unit(
            "Báo và Phát thanh, Truyền hình Cần Thơ",
            Some("Báo Cần Thơ"),
            &["Đài PT-TH Cần Thơ"],
        ),
        unit(
            "Ban Chỉ đạo 35 Đảng ủy Ủy ban nhân dân tỉnh Thái Nguyên",
            None,
            &[],
        ),
    ];
    let ix = index(&pages);
    assert_eq!(
        ix.find("bao va phat thanh, truyen hinh can tho"),
        Some(PageId(0))
    );
    assert_eq!(ix.find("BÁO CẦN THƠ"), Some(PageId(0)));
    assert_eq!(ix.find("Đài PT-TH Cần Thơ"), Some(PageId(0)));
    assert_eq!(
        ix.find("BCĐ 35 Đảng ủy UBND tỉnh Thái Nguyên"),
        Some(PageId(1))
    );
    assert_eq!(ix.find("Báo Hậu Giang"), None);
    assert_eq!(
        ix.closest("Bao va Phat thanh Truyen hinh Can Tho TP"),
        Some("Báo và Phát thanh, Truyền hình Cần Thơ")
    );
}

#[test]
fn long_names_are_found_inside_recipient_lines_short_ones_only_whole() {
    let pages = [
        unit("Báo và Phát thanh, Truyền hình Cần Thơ", Some("TU"), &[]),
        unit("Các đảng ủy xã, phường", None, &[]),
    ];
    let ix = index(&pages);
    assert_eq!(
        ix.mentioned_in("Các cơ quan báo chí Trung ương đóng tại địa phương, Báo và Phát thanh, Truyền hình Cần Thơ"),
        vec![PageId(0)]
    );
    assert_eq!(ix.mentioned_in("Các đảng ủy xã, phường"), vec![PageId(1)]);
    assert_eq!(ix.mentioned_in("Hội Nhà báo tư nhân"), Vec::<PageId>::new());
}

#[test]
fn two_units_sharing_a_name_is_an_error() {
    let pages = [
        unit("Báo Cần Thơ", None, &[]),
        unit("Đài Cần Thơ", None, &["bao can tho"]),
    ];
    let mut d = Diagnostics::default();
    UnitIndex::new(&pages, &mut d);
    let e: Vec<String> = d.errors().map(|e| e.message.clone()).collect();
    assert_eq!(e, vec!["the name `bao can tho` is also a name of the unit Báo Cần Thơ (content/don-vi/bao-can-tho.md)".to_string()]);
}
