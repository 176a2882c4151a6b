//! The built sample intranet, and a small site that uses every template,
//! pass the Nu HTML checker (vnu.jar) with no errors.
//!
//! The checker comes from npm (`npm ci` in tests/browser installs vnu-jar)
//! or from `NOIBO_VNU_JAR`. Without it, or without `java`, the test is
//! skipped with a notice, except under CI (`CI` set), where it fails.

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::*;

fn vnu_jar() -> Option<PathBuf> {
    let jar = std::env::var_os("NOIBO_VNU_JAR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            repo_root().join("tests/browser/node_modules/vnu-jar/build/dist/vnu.jar")
        });
    jar.is_file().then_some(jar)
}

fn java_works() -> bool {
    Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A directive with every block of the party-document layout and every
/// Markdown construct: table, footnote, code, raw HTML, quote, image.
const GUIDANCE: &str = "---
title: \"Hướng dẫn tuyên truyền năm 2025 <có dấu & ký tự đặc biệt>\"
number: \"05-HD/BTG\"
type: Hướng dẫn
issuer: Ban Tuyên giáo Thành ủy
date: 2025-02-03
place: Cần Thơ
recipients: [\"Các chi bộ trực thuộc\"]
signer:
  name: Nguyễn Văn A
  title: Phó Trưởng ban
  on_behalf: KT. Trưởng ban
distribution: [\"Như trên\", \"Lưu VT\"]
supersedes: [\"3-CV/VP\"]
implements:
  - number: \"1-CV/VP\"
    issuer: Văn phòng Thành ủy
    date: 2024-03-01
---

Thực hiện Công văn số 2-CV/VP ngày 02/3/2024 của Văn phòng Thành ủy, và Kết luận số 21-KL/TW.

## I. Mục đích, yêu cầu

| Nội dung | Thời gian |
|---|---|
| Quán triệt | Quý I |

Ghi chú[^1].

[^1]: Theo kế hoạch năm.

```rust
fn main() { println!(\"xin chào\"); }
```

<details><summary>Chi tiết</summary><p>Nội dung ẩn.</p></details>

> Trích dẫn.

![Sơ đồ](so-do.png)
";

/// A site that reaches the templates and Markdown the sample does not:
/// pagination, attachments, superseded and expired directives, a State
/// document, a material series with a table of contents, a model with an
/// image, tables, footnotes, code and raw HTML.
fn every_template_site() -> TestSite {
    let site = TestSite::with_files(&[
        ("content/mo-hinh/_index.md", MODELS_INDEX),
        ("content/tai-lieu/_index.md", MATERIALS_INDEX),
        (
            "content/_index.md",
            "---\ntitle: Trang chủ\n---\nChào mừng đến cổng **nội bộ**.\n",
        ),
    ]);
    site.config("paginate_by = 3");
    for k in 1..=16 {
        site.write(
            &format!("content/van-ban/2024/cv-{k}.md"),
            directive(
                &format!("Công văn số {k} về công tác tuyên truyền"),
                &format!("{k}-CV/VP"),
                "Văn phòng Thành ủy",
                &format!("2024-03-{k:02}"),
                "tags: [\"Tuyên truyền\", \"Chuyển đổi số\"]\n",
            ),
        );
    }
    site.write("content/van-ban/2025/huong-dan/index.md", GUIDANCE);
    site.write("content/van-ban/2025/huong-dan/phu-luc-1.pdf", [0u8; 2048]);
    site.write("content/van-ban/2025/huong-dan/so-do.png", TINY_PNG);
    site.write(
        "content/van-ban/2025/huong-dan/Phụ lục 2 (bảng).xlsx",
        [0u8; 64],
    );
    site.write(
        "content/van-ban/2023/315.md",
        "---\ntitle: Về việc thông tin tuyên truyền\nnumber: 315/TTCS-TTCS\ntype: Công văn\nissuer: Cục Thông tin cơ sở\ndate: 2023-07-26\nstatus: expired\n---\n\nNội dung.\n",
    );
    site.write(
        "content/mo-hinh/mo-hinh-a.md",
        "---\ntitle: Mô hình A\ndate: 2025-05-01\nunit: Chi bộ Văn phòng\nlocality: Cần Thơ\nimage: mo-hinh/anh.png\nsummary: Tóm tắt mô hình.\nrelated: [\"05-HD/BTG\"]\ntags: [Tuyên truyền]\n---\n\nNội dung mô hình, xem [hướng dẫn](../van-ban/2025/huong-dan/index.md).\n",
    );
    site.write("content/mo-hinh/anh.png", TINY_PNG);
    for (k, order) in [(1, 1), (2, 2)] {
        site.write(
            &format!("content/tai-lieu/bai-{k}.md"),
            format!(
                "---\ntitle: Bài {k}\ndate: 2025-06-0{k}\ntopic: Kỹ năng số\nseries: Bồi dưỡng kỹ năng số\norder: {order}\naudience: [Cán bộ, Đảng viên]\n---\n\n## Phần một\n\nA.\n\n## Phần hai\n\nB.\n\n## Phần ba\n\nC.\n"
            ),
        );
    }
    site.write(
        "content/gioi-thieu.md",
        "---\ntitle: Giới thiệu\n---\n\nTrang giới thiệu.\n",
    );
    site
}

#[test]
fn built_sites_pass_the_nu_html_checker() {
    let (Some(jar), true) = (vnu_jar(), java_works()) else {
        let why = "the Nu HTML checker needs java and vnu.jar (`npm ci` in tests/browser, or NOIBO_VNU_JAR)";
        if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) {
            panic!("{why}");
        }
        eprintln!("SKIPPED built_sites_pass_the_nu_html_checker: {why}");
        return;
    };
    let out = TestSite::empty();
    let sample = out.path().join("sample");
    build_sample(&sample, &["--drafts"]);
    let synthetic = out.path().join("synthetic");
    let site = every_template_site();
    let t = site.build_into(&synthetic, &[]);
    // The site does reach the templates it is meant to.
    for f in [
        "van-ban/trang/6/index.html",
        "van-ban/2025/huong-dan/phu-luc-1.pdf",
        "tai-lieu/bai-2/index.html",
        "mo-hinh/mo-hinh-a/index.html",
        "loai/huong-dan/index.html",
    ] {
        assert!(t.contains_key(f), "{f} not built");
    }
    let html_files = tree(&sample)
        .keys()
        .chain(t.keys())
        .filter(|k| k.ends_with(".html"))
        .count();
    assert!(html_files > 60, "only {html_files} pages to check");

    let o = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html"])
        .arg(&sample)
        .arg(&synthetic)
        .output()
        .expect("java runs");
    let report = String::from_utf8_lossy(&o.stderr);
    let report = report
        .replace(&format!("file:{}/", sample.display()), "sample/")
        .replace(&format!("file:{}/", synthetic.display()), "synthetic/");
    assert!(
        o.status.success() && !report.contains("error"),
        "the Nu HTML checker found errors:\n{report}"
    );
}
