//! Writing a page bundle, all or nothing: `index.md` and the original file
//! are written into a hidden folder beside the bundle's, which is then
//! renamed into place. An existing bundle is replaced only when asked.

use std::path::Path;

/// Writes `dir/index.md` and `dir/<original>`; an error says what happened.
pub fn bundle(
    dir: &Path,
    page: &str,
    original: &Path,
    bytes: &[u8],
    force: bool,
) -> Result<(), String> {
    let exists = dir.join("index.md").exists();
    if exists && !force {
        return Err(format!(
            "{} already exists: not replaced (--force replaces it)",
            dir.join("index.md").display()
        ));
    }
    let parent = dir.parent().ok_or("no folder to write into")?;
    std::fs::create_dir_all(parent)
        .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = parent.join(format!(".{name}.import-{}", std::process::id()));
    let result = (|| {
        std::fs::create_dir_all(&tmp)?;
        std::fs::write(tmp.join("index.md"), page)?;
        std::fs::write(tmp.join(original), bytes)?;
        if dir.exists() {
            std::fs::remove_dir_all(dir)?;
        }
        std::fs::rename(&tmp, dir)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_dir_all(&tmp);
        format!("cannot write {}: {e}", dir.display())
    })
}
