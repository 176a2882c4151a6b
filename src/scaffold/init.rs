//! `noibo init DIR`: a new site that builds as it is — `site.toml`, one
//! sample page in each section (a directive, a model, a study material, the
//! model and the material citing the directive), and the default theme
//! copied into `themes/default` to be changed at will.

use std::path::{Path, PathBuf};

use crate::config::SiteConfig;
use crate::diagnostics::FatalError;
use crate::model::field::{Field, SignerField};
use crate::model::{Date, Kind};
use crate::scaffold::front::Front;
use crate::scaffold::{quoted, write_new};

const SITE_TOML: &str = r#"# The site's configuration. Every key is optional; the values shown are
# the defaults unless said otherwise.

# Site name, shown in every page header and in feeds.
title = "Cổng thông tin nội bộ"
# One sentence about the site, for the home page and feeds.
description = "Văn bản chỉ đạo, mô hình hay và tài liệu học tập."
# The address the site is published at: feeds and the sitemap need it.
# Pages link to each other with relative links, so the site also works
# from a USB stick or a shared folder (file://).
base_url = "http://intranet.local/"
language = "vi"
# Folder the site is built into (replaced whole by each build).
output_dir = "public"
# Folder name under themes/.
theme = "default"
# UTC offset of dates in feeds.
timezone = "+07:00"
# Items per page of section and topic lists.
paginate_by = 20
# Keep <script> and on...= attributes written in Markdown (unsafe).
unsafe_html = false

[feed]
enabled = true
# Most items in one feed, newest first.
limit = 50

[search]
enabled = true

[highlight]
# Colours in code blocks.
enabled = true

[images]
# JPEG and PNG images wider than this (pixels) are written resized.
max_width = 1600
# Width of the thumbnails shown in lists.
thumb_width = 400
# Also publish the original of each resized image, linked from it.
keep_originals = false
"#;

/// The sample directive, which the sample model and material cite.
const NUMBER: &str = "01-CV/ĐU";
const ISSUER: &str = "Đảng ủy cơ quan";

/// The files of a new site, by path from its root, dated `date`.
fn sample_files(date: Date) -> Vec<(String, String)> {
    let year = date.year();
    vec![
        ("site.toml".into(), SITE_TOML.into()),
        (
            ".gitignore".into(),
            "# The built site and the build cache (resized images, what the last build made) are made again by `noibo build`.\npublic/\n.noibo-cache/\n".into(),
        ),
        (
            "content/_index.md".into(),
            Front::new()
                .set(Field::Title, &quoted("Cổng thông tin nội bộ"), "")
                .with_body("Văn bản chỉ đạo, mô hình hay, gương điển hình và tài liệu học tập của Đảng bộ.\n"),
        ),
        (
            "content/van-ban/_index.md".into(),
            section(
                "Văn bản chỉ đạo",
                Kind::Directives,
                Some("Văn bản của cấp ủy và cấp trên."),
            ),
        ),
        (
            format!("content/van-ban/{year}/01-cv-du.md"),
            sample_directive(date),
        ),
        (
            "content/mo-hinh/_index.md".into(),
            section("Mô hình hay, cách làm hiệu quả", Kind::Models, None),
        ),
        (
            "content/mo-hinh/so-tay-dang-vien-dien-tu.md".into(),
            sample_model(date),
        ),
        (
            "content/tai-lieu/_index.md".into(),
            section("Tài liệu học tập", Kind::Materials, None),
        ),
        (
            "content/tai-lieu/ky-nang-so-bai-1.md".into(),
            sample_material(date),
        ),
    ]
}

/// A section's `_index.md`.
fn section(title: &str, kind: Kind, description: Option<&str>) -> String {
    let mut f = Front::new();
    f.set(Field::Title, &quoted(title), "")
        .set(Field::Kind, kind.as_str(), "");
    if let Some(d) = description {
        f.set(Field::Description, &quoted(d), "");
    }
    f.finish()
}

fn sample_directive(date: Date) -> String {
    Front::new()
        .set(
            Field::Title,
            &quoted("V/v triển khai cổng thông tin nội bộ"),
            "",
        )
        .set(Field::Number, &quoted(NUMBER), "")
        .set(Field::Issuer, &quoted(ISSUER), "")
        .set(Field::Date, &date.to_string(), "")
        .set(Field::Place, &quoted("Thái Nguyên"), "")
        .set_list(Field::Recipients, &[quoted("Các chi bộ trực thuộc")])
        .set_map(
            Field::Signer,
            &[
                (SignerField::Name, quoted("Nguyễn Văn A")),
                (SignerField::Title, quoted("Bí thư")),
                (SignerField::OnBehalf, quoted("T/M ĐẢNG ỦY")),
            ],
        )
        .set_list(
            Field::Distribution,
            &[quoted("Như trên"), quoted("Lưu Văn phòng")],
        )
        .set_list(Field::Tags, &[quoted("Chuyển đổi số")])
        .with_body(
            "Để kịp thời cung cấp văn bản chỉ đạo, tài liệu học tập đến cán bộ, đảng viên, \
Đảng ủy cơ quan đề nghị các chi bộ trực thuộc thực hiện một số nội dung sau:\n\n\
1. Thường xuyên truy cập cổng thông tin nội bộ để nắm văn bản mới.\n\
2. Giới thiệu các mô hình hay, cách làm hiệu quả của chi bộ.\n",
        )
}

fn sample_model(date: Date) -> String {
    let short = format!("{}/{}/{}", date.day(), date.month(), date.year());
    Front::new()
        .set(
            Field::Title,
            &quoted("Sổ tay đảng viên điện tử ở Chi bộ Văn phòng"),
            "",
        )
        .set(Field::Date, &date.to_string(), "")
        .set(Field::Unit, &quoted("Chi bộ Văn phòng"), "")
        .set(Field::Locality, &quoted("Thái Nguyên"), "")
        .set_list(Field::Tags, &[quoted("Chuyển đổi số")])
        .set(
            Field::Summary,
            &quoted("Chi bộ đưa văn bản, tài liệu sinh hoạt lên sổ tay điện tử."),
            "",
        )
        .set_list(Field::Related, &[quoted(NUMBER)])
        .with_body(&format!(
            "Thực hiện Công văn số {NUMBER} ngày {short} của {ISSUER}, \
Chi bộ Văn phòng đưa toàn bộ tài liệu sinh hoạt chi bộ lên sổ tay điện tử.\n"
        ))
}

fn sample_material(date: Date) -> String {
    Front::new()
        .set(
            Field::Title,
            &quoted("Kỹ năng số cho cán bộ — Bài 1: Tra cứu văn bản"),
            "",
        )
        .set(Field::Date, &date.to_string(), "")
        .set(Field::Topic, &quoted("Chuyển đổi số"), "")
        .set(Field::Series, &quoted("Kỹ năng số cho cán bộ"), "")
        .set(Field::Order, "1", "")
        .set_list(Field::Audience, &[quoted("Cán bộ, đảng viên")])
        .with_body(&format!(
            "## Tìm theo số hiệu\n\n\
Gõ số hiệu vào ô tìm kiếm, có dấu hoặc không dấu: ví dụ Công văn số {NUMBER}.\n"
        ))
}

/// Makes a new site in `dir`, which must not exist or be empty. Returns the
/// paths written, from `dir`.
pub(crate) fn init(dir: &Path) -> Result<Vec<PathBuf>, FatalError> {
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(FatalError::new(format!(
                    "{} is not empty: noibo init makes a site only in a new or empty folder",
                    dir.display()
                )));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) if dir.is_file() => {
            return Err(FatalError::new(format!(
                "{} is a file, not a folder ({e})",
                dir.display()
            )));
        }
        Err(e) => return Err(FatalError::io(dir, e)),
    }
    let date = crate::tasks::today(SiteConfig::default().timezone);
    let mut written = Vec::new();
    for (path, text) in sample_files(date) {
        write_new(&dir.join(&path), &text, Path::new(&path))?;
        written.push(PathBuf::from(path));
    }
    for (path, bytes) in crate::render::theme::default_theme_files() {
        let rel = Path::new("themes/default").join(&path);
        let target = dir.join(&rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| FatalError::io(parent, e))?;
        }
        std::fs::write(&target, bytes).map_err(|e| FatalError::io(&target, e))?;
        written.push(rel);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::sample_files;

    /// The sample site of `noibo init`, kept as it is unless changed on purpose.
    #[test]
    fn sample_files_as_written() {
        for (path, text) in sample_files(jiff::civil::date(2026, 3, 25)) {
            let name = path.replace(['/', '.'], "_");
            insta::assert_snapshot!(name, text);
        }
    }
}
