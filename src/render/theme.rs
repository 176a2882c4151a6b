//! Themes: templates (Tera 2), static files and UI strings. The default theme
//! is built into the binary, so a site without a `themes/` folder builds; a
//! theme folder on disk wins over the built-in one, and the site's own
//! `templates/`, `static/` and `strings.toml` override the theme's files one
//! by one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Pos};

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Where a theme file came from, for messages and copying.
#[derive(Debug, Clone)]
pub(crate) enum ThemeSource {
    Embedded(&'static [u8]),
    Disk(PathBuf),
}

/// The merged theme of a site.
pub(crate) struct Theme {
    pub tera: tera::Tera,
    /// Static files by output path.
    pub statics: BTreeMap<String, ThemeSource>,
    /// UI strings (`t` in templates).
    pub strings: BTreeMap<String, String>,
    /// Hash of the templates' names and sources: what a page's HTML is
    /// made from besides its context.
    pub templates_key: blake3::Hash,
}

fn collect_embedded(dir: &'static Dir<'static>, out: &mut Vec<(String, ThemeSource)>) {
    for f in dir.files() {
        out.push((
            f.path().to_string_lossy().replace('\\', "/"),
            ThemeSource::Embedded(f.contents()),
        ));
    }
    for d in dir.dirs() {
        collect_embedded(d, out);
    }
}

fn collect_disk(dir: &Path, prefix: &str, out: &mut Vec<(String, ThemeSource)>) {
    if !dir.is_dir() {
        return;
    }
    for e in WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap_or(e.path())
                .to_string_lossy()
                .replace('\\', "/");
            if rel.split('/').any(|s| s.starts_with('.')) {
                continue;
            }
            out.push((
                format!("{prefix}{rel}"),
                ThemeSource::Disk(e.path().to_path_buf()),
            ));
        }
    }
}

fn read(src: &ThemeSource) -> Result<String, String> {
    match src {
        ThemeSource::Embedded(b) => {
            String::from_utf8(b.to_vec()).map_err(|_| "not UTF-8".to_string())
        }
        ThemeSource::Disk(p) => std::fs::read_to_string(p).map_err(|e| e.to_string()),
    }
}

/// How a template file is named in messages.
fn display_name(name: &str, src: &ThemeSource, root: &Path) -> String {
    match src {
        ThemeSource::Embedded(_) => format!("<built-in theme>/templates/{name}"),
        ThemeSource::Disk(p) => p.strip_prefix(root).unwrap_or(p).display().to_string(),
    }
}

impl Theme {
    /// Loads the theme named in the configuration, with the site's overrides.
    pub(crate) fn load(root: &Path, theme: &str) -> Result<Theme, Vec<Diagnostic>> {
        refuse_links(root, theme)?;
        let files = theme_files(root, theme)?;
        let mut errors = Vec::new();
        let mut templates: BTreeMap<String, ThemeSource> = BTreeMap::new();
        let mut statics = BTreeMap::new();
        let mut strings = BTreeMap::new();
        for (path, src) in files {
            if let Some(name) = path.strip_prefix("templates/") {
                templates.insert(name.to_string(), src);
            } else if let Some(name) = path.strip_prefix("static/") {
                statics.insert(name.to_string(), src);
            } else if path == "strings.toml" || path == "strings.toml#site" {
                match read_strings(&src) {
                    Ok(map) => strings.extend(map),
                    Err(e) => errors.push(Diagnostic::error(
                        strings_shown(&path, theme),
                        None,
                        format!("UI strings: {e}"),
                    )),
                }
            }
        }
        let (tera, templates_key) = compile(&templates, root, &mut errors);
        if errors.is_empty() {
            Ok(Theme {
                tera,
                statics,
                strings,
                templates_key,
            })
        } else {
            Err(errors)
        }
    }
}

/// Refuses theme, template and static folders that are symbolic links:
/// files inside them that are links are skipped by the walk, but the
/// folders themselves would be followed.
fn refuse_links(root: &Path, theme: &str) -> Result<(), Vec<Diagnostic>> {
    let links: Vec<Diagnostic> = [
        "themes",
        &format!("themes/{theme}"),
        "templates",
        "static",
        "strings.toml",
    ]
    .into_iter()
    .filter(|rel| {
        std::fs::symlink_metadata(root.join(rel)).is_ok_and(|m| m.file_type().is_symlink())
    })
    .map(|rel| {
        Diagnostic::error(
            rel,
            None,
            "symbolic link: noibo reads only files inside the site",
        )
    })
    .collect();
    if links.is_empty() { Ok(()) } else { Err(links) }
}

/// The theme's files, then the site's overrides file by file (a later
/// file of the same path wins): `templates/...`, `static/...`,
/// `strings.toml` and the site's `strings.toml#site`.
fn theme_files(root: &Path, theme: &str) -> Result<Vec<(String, ThemeSource)>, Vec<Diagnostic>> {
    let mut files: Vec<(String, ThemeSource)> = Vec::new();
    let theme_dir = root.join("themes").join(theme);
    if theme_dir.is_dir() {
        collect_disk(&theme_dir, "", &mut files);
    } else if theme == "default" {
        collect_embedded(&DEFAULT_THEME, &mut files);
    } else {
        return Err(vec![Diagnostic::error(
            "site.toml",
            None,
            format!("theme `{theme}` not found: no folder themes/{theme}/"),
        )]);
    }
    collect_disk(&root.join("templates"), "templates/", &mut files);
    collect_disk(&root.join("static"), "static/", &mut files);
    if root.join("strings.toml").is_file() {
        files.push((
            "strings.toml#site".into(),
            ThemeSource::Disk(root.join("strings.toml")),
        ));
    }
    Ok(files)
}

/// The UI strings of one `strings.toml`.
fn read_strings(src: &ThemeSource) -> Result<BTreeMap<String, String>, String> {
    let text = read(src)?;
    toml::from_str::<BTreeMap<String, String>>(&text).map_err(|e| e.message().to_string())
}

/// How a `strings.toml` is named in messages: the site's, or the theme's.
fn strings_shown(path: &str, theme: &str) -> String {
    if path.ends_with("#site") {
        "strings.toml".to_string()
    } else {
        format!("themes/{theme}/strings.toml")
    }
}

/// The templates compiled, and a key of their names and texts (for the
/// build cache); problems are added to `errors`.
fn compile(
    templates: &BTreeMap<String, ThemeSource>,
    root: &Path,
    errors: &mut Vec<Diagnostic>,
) -> (tera::Tera, blake3::Hash) {
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    let mut sources = Vec::new();
    for (name, src) in templates {
        match read(src) {
            Ok(text) => sources.push((name.clone(), text)),
            Err(e) => errors.push(Diagnostic::error(display_name(name, src, root), None, e)),
        }
    }
    if let Err(e) = tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
        errors.push(template_error(&e, templates, root));
    }
    let mut key = blake3::Hasher::new();
    for (name, text) in &sources {
        crate::render::fingerprint::feed(&mut key, &(name, text));
    }
    (tera, key.finalize())
}

/// A Tera error as a positioned diagnostic.
pub(crate) fn template_error(
    e: &tera::Error,
    templates: &BTreeMap<String, ThemeSource>,
    root: &Path,
) -> Diagnostic {
    use tera::ErrorKind;
    let mut err: &dyn std::error::Error = e;
    // Find the innermost report (rendering errors wrap the template's).
    loop {
        if let Some(te) = err.downcast_ref::<tera::Error>()
            && let ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) = te.kind()
        {
            let name = r.filename().to_string();
            let shown = templates
                .get(&name)
                .map_or(name.clone(), |s| display_name(&name, s, root));
            let span = r.span();
            let mut d = Diagnostic::error(
                shown,
                Some(Pos::new(span.start_line, span.start_col + 1)),
                r.message().to_string(),
            );
            if let Some(src) = templates.get(&name).and_then(|s| read(s).ok()) {
                d = d.with_source(&src);
            }
            return d;
        }
        match err.source() {
            Some(s) => err = s,
            None => break,
        }
    }
    Diagnostic::error("templates", None, e.to_string())
}

/// The theme's template sources, for error messages after loading.
pub(crate) fn template_sources(root: &Path, theme: &str) -> BTreeMap<String, ThemeSource> {
    let mut files = Vec::new();
    let theme_dir = root.join("themes").join(theme);
    if theme_dir.is_dir() {
        collect_disk(&theme_dir, "", &mut files);
    } else {
        collect_embedded(&DEFAULT_THEME, &mut files);
    }
    collect_disk(&root.join("templates"), "templates/", &mut files);
    files
        .into_iter()
        .filter_map(|(p, s)| p.strip_prefix("templates/").map(|n| (n.to_string(), s)))
        .collect()
}

/// Every file of the built-in theme, for `noibo init`.
pub(crate) fn default_theme_files() -> Vec<(String, &'static [u8])> {
    let mut files = Vec::new();
    collect_embedded(&DEFAULT_THEME, &mut files);
    files
        .into_iter()
        .filter_map(|(p, s)| match s {
            ThemeSource::Embedded(b) => Some((p, b)),
            ThemeSource::Disk(_) => None,
        })
        .collect()
}
