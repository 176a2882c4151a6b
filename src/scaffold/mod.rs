//! `noibo new`: a new content file with every front matter field of its
//! kind, filled in or commented out, ready to edit; and `noibo init` (in
//! [`init`]): a new site.
//!
//! A new file is a draft (`draft: true`): half-written work is not
//! published until the webmaster removes that line, and `noibo serve
//! --drafts` shows it meanwhile.

mod front;
pub(crate) mod init;

use std::io::Write as _;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::config::SiteConfig;
use crate::diagnostics::FatalError;
use crate::load;
use crate::model::field::{Field, SignerField};
use crate::model::{Date, Kind, KindTree};
use front::{Front, inline_map};

/// What `noibo new` makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewKind {
    Directive,
    Model,
    Material,
}

impl NewKind {
    fn kind(self) -> Kind {
        match self {
            NewKind::Directive => Kind::Directives,
            NewKind::Model => Kind::Models,
            NewKind::Material => Kind::Materials,
        }
    }

    /// Title used when none is given.
    fn placeholder_title(self) -> &'static str {
        match self {
            NewKind::Directive => "Trích yếu nội dung văn bản",
            NewKind::Model => "Tên mô hình",
            NewKind::Material => "Tên tài liệu",
        }
    }
}

/// What the user asked for.
#[derive(Debug, Clone)]
pub struct NewOptions {
    pub kind: NewKind,
    pub title: Option<String>,
    pub number: Option<String>,
    pub root: PathBuf,
}

/// The folder (from the site root) of the first section of `kind`: the
/// shallowest, then in name order.
pub(crate) fn section_folder(root: &Path, kind: Kind) -> Result<Option<PathBuf>, FatalError> {
    let content = root.join("content");
    if !content.is_dir() {
        return Err(FatalError::new(format!(
            "no content/ folder in {}: is it a site? (`noibo init DIR` makes one)",
            root.display()
        )));
    }
    // Kinds flow down from parent folders: the walk visits parents first.
    let mut kinds = KindTree::default();
    let mut found: Vec<(usize, PathBuf)> = Vec::new();
    let walk = WalkDir::new(&content)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walk.flatten() {
        if !entry.file_type().is_dir() {
            continue;
        }
        let dir = entry.path();
        let index = dir.join("_index.md");
        if !index.is_file() {
            continue;
        }
        let display = load::display_path(root, &index);
        let url = load::url_of_dir(dir.strip_prefix(&content).unwrap_or(Path::new("")));
        let inherited = kinds.inherited(&url);
        let section = load::parse_section_file(&index, &display, &url, inherited).map_err(|d| {
            let text: Vec<String> = d.iter().map(|x| x.unlabelled()).collect();
            FatalError::new(text.join("\n"))
        })?;
        kinds.record(&url, Some(section.kind));
        if section.kind == kind && entry.depth() > 0 {
            found.push((entry.depth(), load::display_path(root, dir)));
        }
    }
    found.sort();
    Ok(found.into_iter().next().map(|(_, p)| p))
}

/// Writes the new file; returns its path from the site root.
pub(crate) fn new_page(opts: &NewOptions) -> Result<PathBuf, FatalError> {
    let config = SiteConfig::load(&opts.root)?;
    let kind = opts.kind.kind();
    if opts.number.is_some() && opts.kind != NewKind::Directive {
        return Err(FatalError::new("--number is for directives only"));
    }
    let number = match &opts.number {
        Some(n) => Some(
            noibo_refs::parse_number(n)
                .ok_or_else(|| {
                    FatalError::new(format!(
                        "--number `{n}` is not a document number such as 58-CV/TCCS or 315/TTCS-TTCS"
                    ))
                })?
                .raw,
        ),
        None => None,
    };
    let title = match opts.title.as_deref().map(str::trim) {
        Some("") => return Err(FatalError::new("--title is empty")),
        Some(t) => t.to_string(),
        None => opts.kind.placeholder_title().to_string(),
    };
    let Some(section) = section_folder(&opts.root, kind)? else {
        return Err(FatalError::new(format!(
            "no section of kind `{}` in content/: add `{}: {}` to the _index.md of a folder",
            kind.as_str(),
            Field::Kind,
            kind.as_str()
        )));
    };
    let date = crate::tasks::today(config.timezone);
    let folder = match opts.kind {
        NewKind::Directive => section.join(date.year().to_string()),
        _ => section,
    };
    let slug = noibo_text::slugify(number.as_deref().unwrap_or(&title));
    let slug = if slug.is_empty() {
        "moi".to_string()
    } else {
        slug
    };
    let rel = folder.join(format!("{slug}.md"));
    let text = match opts.kind {
        NewKind::Directive => directive(&title, number.as_deref(), date),
        NewKind::Model => model(&title, date),
        NewKind::Material => material(&title, date),
    };
    write_new(&opts.root.join(&rel), &text, &rel)?;
    Ok(rel)
}

/// Writes a file that must not exist yet.
pub(crate) fn write_new(path: &Path, text: &str, shown: &Path) -> Result<(), FatalError> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| FatalError::io(parent, e))?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => FatalError::new(format!(
                "{} already exists: not overwritten (give another --title or --number)",
                shown.display()
            )),
            _ => FatalError::io(path, e),
        })?;
    f.write_all(text.as_bytes())
        .map_err(|e| FatalError::io(path, e))
}

/// A YAML double-quoted string (JSON's syntax is valid YAML).
pub(crate) fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

/// `draft: true`, with what it means.
fn draft_line(front: &mut Front) -> &mut Front {
    front.set(
        Field::Draft,
        "true",
        "not published until you remove this line (`noibo serve --drafts` shows it)",
    )
}

/// `"a"`, `"b"`: items of a list, quoted.
fn quoted_all(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| quoted(s)).collect()
}

/// The document type a new directive starts with, and the note beside it:
/// the type its number shows, else the usual one and the others.
fn directive_type(number: Option<&str>) -> (&'static str, String) {
    let names: &[&str] = number
        .and_then(noibo_refs::parse_number)
        .and_then(|n| n.type_code)
        .map_or(&[], |c| noibo_refs::type_names_for_code(&c));
    match names {
        [] => (
            "Công văn",
            "Công văn, Hướng dẫn, Nghị quyết, Kết luận, Chỉ thị, Quyết định, Quy định, Kế hoạch, Thông báo, Báo cáo, Chương trình, ...".to_string(),
        ),
        [one] => (*one, "as the number shows".to_string()),
        [first, rest @ ..] => (*first, format!("or: {}", rest.join(", "))),
    }
}

fn directive(title: &str, number: Option<&str>, date: Date) -> String {
    let (doc_type, type_note) = directive_type(number);
    let mut f = Front::new();
    f.set(Field::Title, &quoted(title), "");
    match number {
        Some(n) => f.set(Field::Number, &quoted(n), "số và ký hiệu"),
        None => f.example(
            Field::Number,
            &quoted("58-CV/ĐU"),
            "số và ký hiệu, once the document has one",
        ),
    };
    f.set(Field::Type, &quoted(doc_type), &type_note)
        .set(
            Field::Issuer,
            &quoted("Tên cơ quan ban hành"),
            "the issuing committee, as the document names it",
        )
        .set(Field::Date, &date.to_string(), "")
        .example(Field::Place, &quoted("Thái Nguyên"), "")
        .example_list(
            Field::Recipients,
            &quoted_all(&["Các chi bộ trực thuộc"]),
            "Kính gửi",
        )
        .example_map(
            Field::Signer,
            &[
                (SignerField::Name, quoted("Nguyễn Văn A")),
                (SignerField::Title, quoted("Bí thư")),
                (SignerField::OnBehalf, quoted("T/M BAN THƯỜNG VỤ")),
            ],
        )
        .example_list(
            Field::Distribution,
            &quoted_all(&["Như trên", "Lưu Văn phòng"]),
            "Nơi nhận",
        );
    let cited = inline_map(&[
        (Field::Number, quoted("21-KL/TW").as_str()),
        (Field::Issuer, quoted("Ban Chấp hành Trung ương").as_str()),
        (Field::Date, "2021-10-25"),
    ]);
    f.example_list(
        Field::Implements,
        &[quoted("58-CV/TCCS"), cited],
        "documents it implements or cites",
    )
    .example_list(
        Field::Supersedes,
        &quoted_all(&["12-CV/ĐU"]),
        "documents it replaces",
    )
    .example(Field::Status, "expired", "in-force unless it has expired")
    .example_list(Field::Tags, &quoted_all(&["Tuyên truyền"]), "")
    .example(Field::Summary, &quoted(SUMMARY), "");
    draft_line(&mut f).with_body("Nội dung văn bản.\n")
}

/// The example `summary` of new files.
const SUMMARY: &str = "One or two sentences for lists and feeds.";

fn model(title: &str, date: Date) -> String {
    let mut f = Front::new();
    f.set(Field::Title, &quoted(title), "")
        .set(Field::Date, &date.to_string(), "")
        .example(
            Field::Unit,
            &quoted("Chi bộ Văn phòng"),
            "the collective or person",
        )
        .example(Field::Locality, &quoted("Thái Nguyên"), "")
        .example_list(Field::Tags, &quoted_all(&["Dân vận khéo"]), "")
        .example(
            Field::Image,
            &quoted("anh.jpg"),
            "a file beside this page (make it a folder x/index.md)",
        )
        .example(Field::Summary, &quoted(SUMMARY), "")
        .example_list(
            Field::Related,
            &quoted_all(&["58-CV/TCCS"]),
            "directives it carries out",
        );
    draft_line(&mut f).with_body("Giới thiệu mô hình, cách làm và kết quả.\n")
}

fn material(title: &str, date: Date) -> String {
    let mut f = Front::new();
    f.set(Field::Title, &quoted(title), "")
        .set(Field::Date, &date.to_string(), "")
        .example(Field::Topic, &quoted("Chuyển đổi số"), "")
        .example(
            Field::Series,
            &quoted("Bồi dưỡng kỹ năng số"),
            "a course read in order",
        )
        .example(Field::Order, "1", "")
        .example_list(Field::Audience, &quoted_all(&["Cán bộ, đảng viên"]), "")
        .example_list(Field::Tags, &quoted_all(&["Học tập"]), "")
        .example(Field::Summary, &quoted(SUMMARY), "");
    draft_line(&mut f).with_body("Nội dung tài liệu.\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::frontmatter;

    fn parses(text: &str, kind: Kind) -> crate::model::FrontMatter {
        let split = frontmatter::split(text).unwrap();
        frontmatter::parse_page(Path::new("x.md"), &split, kind)
            .unwrap_or_else(|e| panic!("{e:?}\n{text}"))
    }

    #[test]
    fn new_files_have_valid_front_matter() {
        let date = jiff::civil::date(2026, 3, 25);
        let d = parses(
            &directive("V/v \"thử\" \\ x", Some("58-CV/TCCS"), date),
            Kind::Directives,
        );
        assert_eq!(d.title, "V/v \"thử\" \\ x");
        assert!(d.draft);
        let m = d.directive().unwrap();
        assert_eq!(
            (m.doc_type.as_str(), m.number.as_deref()),
            ("Công văn", Some("58-CV/TCCS"))
        );
        let d = parses(&directive("T", Some("37-QĐ/TW"), date), Kind::Directives);
        assert_eq!(d.directive().unwrap().doc_type, "Quyết định");
        let d = parses(&directive("T", None, date), Kind::Directives);
        assert_eq!(d.directive().unwrap().number, None);
        assert_eq!(parses(&model("M", date), Kind::Models).date, Some(date));
        assert_eq!(parses(&material("T", date), Kind::Materials).title, "T");
    }

    /// Every field a new file shows as an example is a field of its kind:
    /// the file parses with each example line uncommented.
    #[test]
    fn example_fields_belong_to_the_kind() {
        let date = jiff::civil::date(2026, 3, 25);
        let uncomment = |text: String| -> String {
            text.lines()
                .map(|l| l.strip_prefix("# ").unwrap_or(l))
                .map(|l| format!("{l}\n"))
                .collect()
        };
        let d = parses(&uncomment(directive("T", None, date)), Kind::Directives);
        let d = d.directive().unwrap();
        assert_eq!(d.number.as_deref(), Some("58-CV/ĐU"));
        assert_eq!((d.implements.len(), d.supersedes.len()), (2, 1));
        assert_eq!(
            d.signer.as_ref().unwrap().on_behalf.as_deref(),
            Some("T/M BAN THƯỜNG VỤ")
        );
        let m = parses(&uncomment(model("M", date)), Kind::Models);
        assert_eq!(m.summary.as_deref(), Some(SUMMARY));
        let t = parses(&uncomment(material("T", date)), Kind::Materials);
        assert_eq!(t.tags, ["Học tập"]);
    }

    /// What `noibo new` writes, kept as it is unless changed on purpose.
    #[test]
    fn new_files_as_written() {
        let date = jiff::civil::date(2026, 3, 25);
        insta::assert_snapshot!(
            "directive",
            directive("Trích yếu", Some("58-CV/TCCS"), date)
        );
        insta::assert_snapshot!(
            "directive_without_number",
            directive("Trích yếu", None, date)
        );
        insta::assert_snapshot!(
            "directive_qd",
            directive("Trích yếu", Some("37-QĐ/TW"), date)
        );
        insta::assert_snapshot!("model", model("Tên mô hình", date));
        insta::assert_snapshot!("material", material("Tên tài liệu", date));
    }
}
