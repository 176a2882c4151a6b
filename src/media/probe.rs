//! Reads what a media file holds, from the file itself: its type (by
//! extension, confirmed by the container) and its duration. No external
//! program: MP4 video through the `mp4` crate, everything else through
//! Symphonia's demuxers (MP3, M4A, Ogg Vorbis and Opus, WebM).

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use symphonia::core::formats::probe::Hint;
use symphonia::core::formats::{FormatOptions, FormatReader};
use symphonia::core::io::{MediaSourceStream, MediaSourceStreamOptions};
use symphonia::core::meta::MetadataOptions;

/// The media files noibo plays, by extension: MIME type, and whether it is
/// video. Opus is served as `audio/ogg` (its container), which every
/// browser and podcast client accepts.
pub const TYPES: &[(&str, &str, bool)] = &[
    ("mp3", "audio/mpeg", false),
    ("m4a", "audio/mp4", false),
    ("ogg", "audio/ogg", false),
    ("opus", "audio/ogg", false),
    ("mp4", "video/mp4", true),
    ("webm", "video/webm", true),
];

/// A media file's type from its name, if noibo plays it.
pub fn media_type(file_name: &str) -> Option<(&'static str, bool)> {
    let ext = file_name.rsplit_once('.')?.1.to_ascii_lowercase();
    TYPES
        .iter()
        .find(|t| t.0 == ext)
        .map(|&(_, mime, video)| (mime, video))
}

/// Duration of the media file at `path`, in whole seconds (rounded), or
/// why it cannot be read.
pub fn duration_secs(path: &Path) -> Result<u64, String> {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let ext = name
        .rsplit_once('.')
        .map(|e| e.1.to_ascii_lowercase())
        .unwrap_or_default();
    let seconds = if ext == "mp4" {
        mp4_seconds(path)?
    } else {
        symphonia_seconds(path, &ext)?
    };
    if !seconds.is_finite() || seconds <= 0.0 {
        return Err("its duration cannot be read (an empty or damaged file?)".into());
    }
    Ok(seconds.round().max(1.0) as u64)
}

fn mp4_seconds(path: &Path) -> Result<f64, String> {
    let file = File::open(path).map_err(|e| format!("cannot read it: {e}"))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let reader = mp4::Mp4Reader::read_header(BufReader::new(file), size)
        .map_err(|e| format!("it is not a readable MP4 file: {e}"))?;
    Ok(reader.duration().as_secs_f64())
}

fn symphonia_seconds(path: &Path, ext: &str) -> Result<f64, String> {
    let file = File::open(path).map_err(|e| format!("cannot read it: {e}"))?;
    let mss = MediaSourceStream::new(Box::new(file), MediaSourceStreamOptions::default());
    let mut hint = Hint::new();
    hint.with_extension(ext);
    let reader = symphonia::default::get_probe()
        .probe(
            &hint,
            mss,
            FormatOptions::default(),
            MetadataOptions::default(),
        )
        .map_err(|e| format!("it is not a readable {ext} file: {e}"))?;
    longest_track(reader.as_ref()).ok_or_else(|| "its duration cannot be read".to_string())
}

/// The duration of the media as a whole in seconds, as the container gives
/// it, or else the longest track's, from its duration in time base units or
/// its frame count.
fn longest_track(reader: &dyn FormatReader) -> Option<f64> {
    let info = reader.media_info();
    if let (Some(tb), Some(d)) = (info.time_base, info.duration)
        && let Some(t) = tb.calc_duration(d)
    {
        return Some(t.as_secs_f64());
    }
    reader
        .tracks()
        .iter()
        .filter_map(|t| {
            let tb = t.time_base?;
            let dur = t.duration.or_else(|| t.num_frames.map(Into::into))?;
            tb.calc_duration(dur).map(|time| time.as_secs_f64())
        })
        .reduce(f64::max)
}

/// `1:05`, `1:02:03`: a duration as players and `itunes:duration` show it.
pub fn clock(secs: u64) -> String {
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_by_extension() {
        assert_eq!(media_type("tap-1.MP3"), Some(("audio/mpeg", false)));
        assert_eq!(media_type("x.opus"), Some(("audio/ogg", false)));
        assert_eq!(media_type("clip.webm"), Some(("video/webm", true)));
        assert_eq!(media_type("anh.jpg"), None);
        assert_eq!(media_type("README"), None);
    }

    #[test]
    fn clocks() {
        assert_eq!(clock(5), "0:05");
        assert_eq!(clock(65), "1:05");
        assert_eq!(clock(3723), "1:02:03");
    }

    #[test]
    fn a_file_that_is_not_media_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("hong.mp3");
        std::fs::write(&p, b"not audio at all").unwrap();
        assert!(duration_secs(&p).is_err());
        let p = dir.path().join("hong.mp4");
        std::fs::write(&p, b"not video at all").unwrap();
        assert!(duration_secs(&p).is_err());
    }
}
