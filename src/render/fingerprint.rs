//! What an HTML file is made from, hashed: the template's name, the
//! templates of the theme and every value handed to the template. Two
//! renders with the same fingerprint give the same bytes (templates read
//! nothing but their context), so a rebuild skips a page whose fingerprint
//! is the one its file was made from last time.
//!
//! Values are hashed as the Rust values they are made from (serialised as
//! JSON into the hasher), never as Tera values, whose maps have no stable
//! order.

use serde::Serialize;
use tera::{Context, Value};

/// The hash of everything one HTML file is made from.
pub(crate) type Fingerprint = [u8; 16];

/// The hash of `value` as JSON, for fingerprints and cache keys.
pub(crate) fn hash_of<T: Serialize + ?Sized>(value: &T) -> blake3::Hash {
    let mut h = blake3::Hasher::new();
    feed(&mut h, value);
    h.finalize()
}

/// Adds `value` as JSON to `h`.
pub(crate) fn feed<T: Serialize + ?Sized>(h: &mut blake3::Hasher, value: &T) {
    // Writing into a hasher cannot fail, and the values rendered are all
    // plain data (strings, numbers, lists, structs, ordered maps).
    let _ = serde_json::to_writer(&mut *h, value);
    h.update(b"\0");
}

/// The values one job hands its template, beside the site-wide ones, and
/// their running hash.
pub(crate) struct JobContext {
    ctx: Context,
    hasher: blake3::Hasher,
}

impl JobContext {
    /// An empty context whose fingerprint starts from the site-wide one.
    pub(crate) fn new(site: &blake3::Hash) -> JobContext {
        let mut hasher = blake3::Hasher::new();
        hasher.update(site.as_bytes());
        JobContext {
            ctx: Context::new(),
            hasher,
        }
    }

    /// Hands `value` to the template as `key`.
    pub(crate) fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.hasher.update(key.as_bytes());
        feed(&mut self.hasher, value);
        self.ctx.insert(key, value);
    }

    /// Hands an already converted `value` to the template as `key`;
    /// `hash` stands for it in the fingerprint.
    pub(crate) fn insert_value(&mut self, key: &'static str, value: Value, hash: &blake3::Hash) {
        self.hasher.update(key.as_bytes());
        self.hasher.update(hash.as_bytes());
        self.ctx.insert_value(key, value);
    }

    /// The context to render `template` with (the site-wide values of
    /// `global` under this job's own), and its fingerprint.
    pub(crate) fn finish(mut self, global: &Context, template: &str) -> (Context, Fingerprint) {
        self.hasher.update(template.as_bytes());
        let hash = self.hasher.finalize();
        let mut fp = [0u8; 16];
        fp.copy_from_slice(&hash.as_bytes()[..16]);
        let mut ctx = global.clone();
        ctx.extend(self.ctx);
        (ctx, fp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fp(site: &str, key: &'static str, v: &str, template: &str) -> Fingerprint {
        let mut j = JobContext::new(&blake3::hash(site.as_bytes()));
        j.insert(key, v);
        j.finish(&Context::new(), template).1
    }

    #[test]
    fn fingerprints_change_with_every_input() {
        let base = fp("s", "page", "a", "page.html");
        assert_eq!(base, fp("s", "page", "a", "page.html"));
        assert_ne!(base, fp("t", "page", "a", "page.html"));
        assert_ne!(base, fp("s", "pages", "a", "page.html"));
        assert_ne!(base, fp("s", "page", "b", "page.html"));
        assert_ne!(base, fp("s", "page", "a", "section.html"));
    }

    #[test]
    fn job_values_win_over_site_values() {
        let mut global = Context::new();
        global.insert("root", "site");
        let mut j = JobContext::new(&blake3::hash(b"s"));
        j.insert("root", "../");
        let (ctx, _) = j.finish(&global, "x.html");
        assert_eq!(ctx.get("root").and_then(|v| v.as_str()), Some("../"));
    }
}
