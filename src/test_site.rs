//! Sites written into temporary folders, for the unit tests.

use std::path::Path;

/// Writes `text` at `rel` under `root`, making the folders it needs.
pub(crate) fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// A temporary site root holding only `site.toml`, with `toml` in it.
pub(crate) fn with_config(toml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "site.toml", toml);
    dir
}
