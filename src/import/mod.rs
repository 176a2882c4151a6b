//! `noibo import FILE...`: received documents (`.docx`, `.pdf` with a text
//! layer, `.txt`/`.md` extracts) become page bundles with their front
//! matter filled in from the document's own layout.
//!
//! Pipeline, per file: read (one reader per format, all yielding the
//! [`doc::Doc`] model) → recognise the layout ([`layout`]) → the page text
//! ([`page`]) → write the bundle ([`write`]): `index.md` and the original
//! beside it, all or nothing.

pub mod doc;
pub mod docx;
pub mod layout;
pub mod page;
pub mod pdf;
pub mod text;
mod write;

use std::path::{Path, PathBuf};

use crate::diagnostics::FatalError;
use crate::model::Kind;
use crate::scaffold::{self, NewKind};

/// Why a file could not be read. Each message says what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    Empty,
    NotText,
    LegacyDoc,
    NotDocx(String),
    NotPdf,
    Scan,
    Broken(String),
    Unsupported(String),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Empty => write!(f, "the file is empty: nothing to import"),
            ReadError::NotText => write!(
                f,
                "this is not UTF-8 text: open it and save it as UTF-8, or import the .docx or .pdf it came from"
            ),
            ReadError::LegacyDoc => write!(
                f,
                "this is a legacy Word file (.doc): save it as .docx in Word (File > Save As > Word Document) and import the .docx"
            ),
            ReadError::NotDocx(why) => write!(
                f,
                "this is not a Word .docx file ({why}): open it in Word and save it as .docx"
            ),
            ReadError::NotPdf => write!(
                f,
                "this is not a PDF file: check that it is the document you meant, or give it its right extension"
            ),
            ReadError::Scan => write!(
                f,
                "this PDF is a scan: it has no text to import (type it in, or import the .docx it was printed from)"
            ),
            ReadError::Broken(why) => write!(
                f,
                "the file is broken ({why}): ask the sender for a new copy"
            ),
            ReadError::Unsupported(ext) => write!(
                f,
                "cannot import .{ext} files: import a .docx, a .pdf with text, or a .txt/.md extract"
            ),
        }
    }
}

/// Reads one file with the reader its extension and its bytes call for.
pub fn read(path: &Path, bytes: &[u8]) -> Result<doc::Doc, ReadError> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ReadError::Empty);
    }
    let ole = bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    let doc = match ext.as_str() {
        "doc" | "docx" if ole => return Err(ReadError::LegacyDoc),
        "doc" => return Err(ReadError::LegacyDoc),
        "docx" => docx::read(bytes)?,
        "pdf" => pdf::read(bytes)?,
        "txt" | "md" | "markdown" | "text" => text::read(bytes)?,
        other => return Err(ReadError::Unsupported(other.to_string())),
    };
    if doc.is_empty() {
        return Err(if ext == "pdf" {
            ReadError::Scan
        } else {
            ReadError::Empty
        });
    }
    Ok(doc)
}

/// What the user asked for.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub files: Vec<PathBuf>,
    pub kind: Option<NewKind>,
    pub into: Option<PathBuf>,
    pub dry_run: bool,
    pub force: bool,
    pub root: PathBuf,
}

/// A document read and recognised, ready to write.
pub struct Imported {
    pub kind: NewKind,
    pub recognised: layout::Recognised,
    pub text: String,
    pub warnings: Vec<String>,
}

/// Reads and recognises one file (no writing).
pub fn import_one(path: &Path, bytes: &[u8], kind: Option<NewKind>) -> Result<Imported, ReadError> {
    let doc = read(path, bytes)?;
    let recognised = layout::recognise(&doc);
    let kind = kind.unwrap_or(if recognised.fields.looks_like_directive() {
        NewKind::Directive
    } else {
        NewKind::Material
    });
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let text = page::text(&recognised, kind, &name);
    let warnings = page::missing(&recognised.fields, kind);
    Ok(Imported {
        kind,
        recognised,
        text,
        warnings,
    })
}

fn section_kind(k: NewKind) -> Kind {
    match k {
        NewKind::Directive => Kind::Directives,
        NewKind::Model => Kind::Models,
        NewKind::Material => Kind::Materials,
    }
}

/// The folder (from the site root, or under `--into`) the bundle goes to.
fn bundle_dir(opts: &ImportOptions, im: &Imported, stem: &str) -> Result<PathBuf, FatalError> {
    let base = match &opts.into {
        Some(dir) => dir.clone(),
        None => {
            let kind = section_kind(im.kind);
            let section = scaffold::section_folder(&opts.root, kind)?.ok_or_else(|| {
                FatalError::new(format!(
                    "no section of kind `{}` in content/: add `kind: {}` to the _index.md of a folder, or give --into DIR",
                    kind.as_str(),
                    kind.as_str()
                ))
            })?;
            opts.root.join(section)
        }
    };
    let year = im.recognised.fields.date.map(|d| d.year().to_string());
    let slug = page::slug(&im.recognised.fields, stem);
    Ok(match year {
        Some(y) => base.join(y).join(slug),
        None => base.join(slug),
    })
}

/// Runs `noibo import`; returns the exit status (0, 1 when a file could not
/// be imported, 2 for bad usage).
pub fn run(opts: &ImportOptions) -> u8 {
    let mut failed = false;
    for path in &opts.files {
        match import_file(opts, path) {
            Ok(()) => {}
            Err(Failure::File(msg)) => {
                eprintln!("error: {}: {msg}", path.display());
                failed = true;
            }
            Err(Failure::Usage(e)) => {
                eprintln!("error: {e}");
                return 2;
            }
        }
    }
    u8::from(failed)
}

enum Failure {
    File(String),
    Usage(FatalError),
}

fn import_file(opts: &ImportOptions, path: &Path) -> Result<(), Failure> {
    let bytes = std::fs::read(path).map_err(|e| Failure::File(format!("cannot read it: {e}")))?;
    let im = import_one(path, &bytes, opts.kind).map_err(|e| Failure::File(e.to_string()))?;
    for w in &im.warnings {
        eprintln!("warning: {}: no {w}", path.display());
    }
    if opts.dry_run {
        print!("{}", im.text);
        return Ok(());
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = bundle_dir(opts, &im, &stem).map_err(Failure::Usage)?;
    let original = path
        .file_name()
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("original"));
    write::bundle(&dir, &im.text, &original, &bytes, opts.force).map_err(Failure::File)?;
    println!("wrote {}", dir.join("index.md").display());
    Ok(())
}
