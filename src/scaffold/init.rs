//! `noibo init DIR`: a new site that builds as it is — `site.toml`, one
//! sample page in each section (a directive, a model, a study material, the
//! model and the material citing the directive), and the default theme
//! copied into `themes/default` to be changed at will.

use std::path::{Path, PathBuf};

use crate::config::SiteConfig;
use crate::diagnostics::FatalError;
use crate::model::Date;
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

/// The files of a new site, by path from its root, dated `date`.
fn sample_files(date: Date) -> Vec<(String, String)> {
    let year = date.year();
    let short = format!("{}/{}/{}", date.day(), date.month(), year);
    let number = "01-CV/ĐU";
    let issuer = "Đảng ủy cơ quan";
    vec![
        ("site.toml".into(), SITE_TOML.into()),
        (
            ".gitignore".into(),
            "# The built site and the build cache (resized images) are made again by `noibo build`.\npublic/\n.noibo-cache/\n".into(),
        ),
        (
            "content/_index.md".into(),
            "---\ntitle: \"Cổng thông tin nội bộ\"\n---\n\nVăn bản chỉ đạo, mô hình hay, gương điển hình và tài liệu học tập của Đảng bộ.\n".into(),
        ),
        (
            "content/van-ban/_index.md".into(),
            "---\ntitle: \"Văn bản chỉ đạo\"\nkind: directives\ndescription: \"Văn bản của cấp ủy và cấp trên.\"\n---\n".into(),
        ),
        (
            format!("content/van-ban/{year}/01-cv-du.md"),
            format!(
                "---\n\
title: \"V/v triển khai cổng thông tin nội bộ\"\n\
number: {number}\n\
issuer: {issuer}\n\
date: {date}\n\
place: \"Thái Nguyên\"\n\
recipients:\n  - \"Các chi bộ trực thuộc\"\n\
signer:\n  name: \"Nguyễn Văn A\"\n  title: \"Bí thư\"\n  on_behalf: \"T/M ĐẢNG ỦY\"\n\
distribution:\n  - \"Như trên\"\n  - \"Lưu Văn phòng\"\n\
tags:\n  - \"Chuyển đổi số\"\n\
---\n\n\
Để kịp thời cung cấp văn bản chỉ đạo, tài liệu học tập đến cán bộ, đảng viên, \
Đảng ủy cơ quan đề nghị các chi bộ trực thuộc thực hiện một số nội dung sau:\n\n\
1. Thường xuyên truy cập cổng thông tin nội bộ để nắm văn bản mới.\n\
2. Giới thiệu các mô hình hay, cách làm hiệu quả của chi bộ.\n",
                number = quoted(number),
                issuer = quoted(issuer),
            ),
        ),
        (
            "content/mo-hinh/_index.md".into(),
            "---\ntitle: \"Mô hình hay, cách làm hiệu quả\"\nkind: models\n---\n".into(),
        ),
        (
            "content/mo-hinh/so-tay-dang-vien-dien-tu.md".into(),
            format!(
                "---\n\
title: \"Sổ tay đảng viên điện tử ở Chi bộ Văn phòng\"\n\
date: {date}\n\
unit: \"Chi bộ Văn phòng\"\n\
locality: \"Thái Nguyên\"\n\
tags:\n  - \"Chuyển đổi số\"\n\
summary: \"Chi bộ đưa văn bản, tài liệu sinh hoạt lên sổ tay điện tử.\"\n\
related:\n  - {number}\n\
---\n\n\
Thực hiện Công văn số {number_text} ngày {short} của {issuer_text}, \
Chi bộ Văn phòng đưa toàn bộ tài liệu sinh hoạt chi bộ lên sổ tay điện tử.\n",
                number = quoted(number),
                number_text = number,
                issuer_text = issuer,
            ),
        ),
        (
            "content/tai-lieu/_index.md".into(),
            "---\ntitle: \"Tài liệu học tập\"\nkind: materials\n---\n".into(),
        ),
        (
            "content/tai-lieu/ky-nang-so-bai-1.md".into(),
            format!(
                "---\n\
title: \"Kỹ năng số cho cán bộ — Bài 1: Tra cứu văn bản\"\n\
date: {date}\n\
topic: \"Chuyển đổi số\"\n\
series: \"Kỹ năng số cho cán bộ\"\n\
order: 1\n\
audience:\n  - \"Cán bộ, đảng viên\"\n\
---\n\n\
## Tìm theo số hiệu\n\n\
Gõ số hiệu vào ô tìm kiếm, có dấu hoặc không dấu: ví dụ Công văn số {number}.\n",
            ),
        ),
    ]
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
