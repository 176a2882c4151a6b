//! Media fixtures made for the tests with Debian's `ffmpeg`: short tones and
//! test-pattern clips of known length. Without ffmpeg a test is skipped
//! with a notice, except under CI (`CI` set), where it fails.

#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

/// Whether `tool` runs; under CI a missing tool fails the test.
pub fn have(tool: &str, test: &str) -> bool {
    let ok = Command::new(tool)
        .arg(if tool == "python3" {
            "--version"
        } else {
            "-version"
        })
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        let why = format!("{test} needs `{tool}` (apt-get install ffmpeg / python3)");
        if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) {
            panic!("{why}");
        }
        eprintln!("SKIPPED {test}: {why}");
    }
    ok
}

fn ffmpeg(args: &[&str], out: &Path) {
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    let status = Command::new("ffmpeg")
        .args(["-loglevel", "error", "-y"])
        .args(args)
        .arg(out)
        .status()
        .expect("ffmpeg runs");
    assert!(status.success(), "ffmpeg could not make {}", out.display());
}

/// A tone of `secs` seconds, in the format of `out`'s extension.
pub fn audio(out: &Path, secs: u32) {
    let src = format!("sine=frequency=440:duration={secs}");
    ffmpeg(&["-f", "lavfi", "-i", &src, "-ac", "1", "-b:a", "32k"], out);
}

/// A test-pattern clip of `secs` seconds (MP4 with H.264, WebM with VP9).
pub fn video(out: &Path, secs: u32) {
    let src = "testsrc=size=160x90:rate=10";
    let t = secs.to_string();
    let codec: &[&str] = if out.extension().is_some_and(|e| e == "webm") {
        &["-c:v", "libvpx-vp9", "-b:v", "50k"]
    } else {
        &["-c:v", "libx264", "-pix_fmt", "yuv420p"]
    };
    let mut args = vec!["-f", "lavfi", "-i", src, "-t", &t];
    args.extend_from_slice(codec);
    ffmpeg(&args, out);
}

/// A still frame of the test pattern, as a poster.
pub fn poster(out: &Path) {
    ffmpeg(
        &["-f", "lavfi", "-i", "testsrc=size=160x90", "-frames:v", "1"],
        out,
    );
}

/// A WebVTT captions file.
pub const VTT: &str = "WEBVTT\n\n00:00.000 --> 00:02.000\nThực hiện Công văn số 58-CV/TCCS\n";
