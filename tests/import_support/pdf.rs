//! PDFs for the import tests, made by LibreOffice from the `.docx`
//! fixtures: one `soffice --headless --convert-to pdf` call for all of them,
//! with a private profile, once per test binary.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// A tool the tests need: its path, or `None` (skipped with a notice)
/// outside CI; under CI a missing tool fails the test.
pub fn tool(name: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(name))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "`{name}` is missing: install it (.ci/run does) to run this test"
        );
        eprintln!("skipped: `{name}` is not installed");
    }
    found
}

static PDFS: OnceLock<PathBuf> = OnceLock::new();

/// Converts `files` (name, bytes of a .docx) to PDF, once; returns the
/// folder holding `NAME.docx` and `NAME.pdf` for each.
pub fn converted(soffice: &Path, files: &[(&str, Vec<u8>)]) -> &'static Path {
    PDFS.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("import-pdf-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let mut args: Vec<PathBuf> = Vec::new();
        for (name, bytes) in files {
            let p = dir.join(name);
            std::fs::write(&p, bytes).unwrap();
            args.push(p);
        }
        let profile = dir.join("profile");
        let out = Command::new(soffice)
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.display()
            ))
            .args([
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
            ])
            .arg(&dir)
            .args(&args)
            .output()
            .expect("soffice runs");
        assert!(
            out.status.success(),
            "soffice failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        dir
    })
}

/// A one-page PDF drawing `content`, with `resources` as its resource
/// dictionary, written object by object with its cross-reference table.
pub fn one_page(content: &str, resources: &str) -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources {resources} >>"
        ),
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .bytes(),
    );
    out
}
