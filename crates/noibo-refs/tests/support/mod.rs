//! What the integration tests of this crate share.

/// Something a test needs (a tool, the shared seed files) is missing:
/// under CI (`CI` set) the test fails; elsewhere it is skipped with a
/// notice on stderr.
pub fn missing(what: &str) {
    if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) {
        panic!("{what} (required under CI)");
    }
    eprintln!("SKIPPED: {what}");
}
