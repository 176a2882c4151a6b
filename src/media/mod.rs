//! Media pages (kind `media`): the file a page plays or offers, found
//! among its attachments, its type and its duration read from the file.
//! Done at load, so a file that is missing or cannot be read is a content
//! error at the field that names it.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Pos};
use crate::model::field::Field;
use crate::model::{Attachment, Format, FrontMatter, KindMeta, MediaFile, MediaMeta};

pub mod probe;

pub use probe::clock;

/// Files a media page may offer that are not played: still images and
/// documents (an infographic, an e-magazine).
const OTHER_TYPES: &[(&str, &str)] = &[
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("png", "image/png"),
    ("webp", "image/webp"),
    ("gif", "image/gif"),
    ("svg", "image/svg+xml"),
    ("pdf", "application/pdf"),
];

fn other_type(name: &str) -> &'static str {
    let ext = name
        .rsplit_once('.')
        .map(|e| e.1.to_ascii_lowercase())
        .unwrap_or_default();
    OTHER_TYPES
        .iter()
        .find(|t| t.0 == ext)
        .map_or("application/octet-stream", |t| t.1)
}

/// Fills in what the front matter of a media page leaves to the files:
/// the media file, its format if not written, and its duration. Every
/// problem is an error at the field it concerns (or the top of the file).
pub fn complete(
    front: &mut FrontMatter,
    attachments: &[Attachment],
    path: &Path,
) -> Result<(), Vec<Diagnostic>> {
    let KindMeta::Media(m) = &mut front.meta else {
        return Ok(());
    };
    let mut errors = Vec::new();
    let mut err = |pos: Option<Pos>, msg: String| {
        errors.push(Diagnostic::error(path, pos.or(Some(Pos::new(1, 1))), msg))
    };
    let held = |name: &str| attachments.iter().any(|a| a.file_name == name);
    for (field, value) in [(Field::Poster, &m.poster), (Field::Captions, &m.captions)] {
        if let Some((name, pos)) = value
            && !held(name)
        {
            err(
                Some(*pos),
                format!("`{field}: {name}`: no such file in the page's folder"),
            );
        }
    }
    if let Some((name, pos)) = &m.captions
        && !name.to_ascii_lowercase().ends_with(".vtt")
    {
        err(
            Some(*pos),
            format!("`{}: {name}` must be a WebVTT file (.vtt)", Field::Captions),
        );
    }
    let captions = m.captions.as_ref().and_then(|(name, pos)| {
        let a = attachments.iter().find(|a| &a.file_name == name)?;
        match std::fs::read_to_string(&a.source) {
            Ok(text) if text.trim_start_matches('\u{feff}').starts_with("WEBVTT") => Some(text),
            Ok(_) => {
                err(
                    Some(*pos),
                    format!(
                        "`{}: {name}` is not a WebVTT file (its first line must be WEBVTT)",
                        Field::Captions
                    ),
                );
                None
            }
            Err(e) => {
                err(
                    Some(*pos),
                    format!(
                        "`{}: {name}`: cannot read it as UTF-8 text: {e}",
                        Field::Captions
                    ),
                );
                None
            }
        }
    });
    match find_file(m, attachments) {
        Ok(a) => {
            if let Err((pos, msg)) = describe(m, a) {
                err(pos, msg);
            }
        }
        Err((pos, msg)) => err(pos, msg),
    }
    if let Some(f) = &mut m.media {
        f.captions = captions;
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The attachment the page is about: `file`, or the only one that is not
/// its poster or captions.
fn find_file<'a>(
    m: &MediaMeta,
    attachments: &'a [Attachment],
) -> Result<&'a Attachment, (Option<Pos>, String)> {
    if let Some((name, pos)) = &m.file {
        return attachments
            .iter()
            .find(|a| &a.file_name == name)
            .ok_or_else(|| {
                (
                    Some(*pos),
                    format!(
                        "`{}: {name}`: no such file in the page's folder",
                        Field::File
                    ),
                )
            });
    }
    let own = |n: &str| {
        Some(n) == m.poster.as_ref().map(|p| p.0.as_str())
            || n.to_ascii_lowercase().ends_with(".vtt")
    };
    let candidates: Vec<&Attachment> = attachments.iter().filter(|a| !own(&a.file_name)).collect();
    match candidates.as_slice() {
        [one] => Ok(one),
        [] => Err((None, "a media page needs its file: make the page a folder (x/index.md) and put the file beside it".into())),
        several => Err((
            None,
            format!(
                "the page's folder holds several files ({}): say which one it plays with `{}`",
                several.iter().map(|a| a.file_name.as_str()).collect::<Vec<_>>().join(", "),
                Field::File,
            ),
        )),
    }
}

/// Reads the type and duration of the page's file, and checks them against
/// the format written.
fn describe(m: &mut MediaMeta, a: &Attachment) -> Result<(), (Option<Pos>, String)> {
    let pos = m.file.as_ref().map(|f| f.1);
    let name = &a.file_name;
    let (mime, video, playable) = match probe::media_type(name) {
        Some((mime, video)) => (mime, video, true),
        None => (other_type(name), false, false),
    };
    let inferred = match (playable, video) {
        (true, true) => Format::Video,
        (true, false) => Format::Audio,
        _ if mime.starts_with("image/") => Format::Infographic,
        _ => Format::Emagazine,
    };
    if m.format == Format::Article {
        m.format = inferred;
    }
    let fits = match m.format {
        Format::Video => playable && video,
        Format::Audio | Format::Podcast => playable && !video,
        _ => true,
    };
    if !fits {
        let kinds = probe::TYPES
            .iter()
            .filter(|t| t.2 == (m.format == Format::Video))
            .map(|t| t.0)
            .collect::<Vec<_>>()
            .join(", ");
        return Err((
            pos,
            format!("`{name}` is not a {} file ({kinds})", m.format.as_str()),
        ));
    }
    let duration = match (playable, m.duration) {
        (_, Some(d)) => Some(d),
        (true, None) => {
            Some(probe::duration_secs(&a.source).map_err(|e| (pos, format!("`{name}`: {e}")))?)
        }
        (false, None) => None,
    };
    m.media = Some(MediaFile {
        file_name: name.clone(),
        size: a.size,
        mime,
        video,
        duration,
        captions: None,
    });
    Ok(())
}
