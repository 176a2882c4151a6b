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

/// The hash of a value in a fingerprint (a page's list entry, the
/// site-wide values), as [`Hasher`] makes it.
pub(crate) type Digest = [u8; 16];

/// The hasher of fingerprints: xxh3 with 128 bits. A rebuild fingerprints
/// every HTML file, each from a few kilobytes of JSON, and on inputs that
/// short xxh3 costs a fraction of blake3, which hashes them one 64-byte
/// block at a time. What a fingerprint guards against is an edit, not an
/// adversary (whoever can craft a collision can edit the page), and 128
/// bits keep an accidental one out of reach. Cache files and their keys
/// stay blake3.
#[derive(Default)]
pub(crate) struct Hasher(xxhash_rust::xxh3::Xxh3Default);

impl Hasher {
    pub(crate) fn new() -> Hasher {
        Hasher::default()
    }

    pub(crate) fn update(&mut self, bytes: &[u8]) -> &mut Hasher {
        self.0.update(bytes);
        self
    }

    pub(crate) fn finish(&self) -> Digest {
        self.0.digest128().to_le_bytes()
    }
}

impl std::io::Write for Hasher {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The hash of a page as the search index sees it: every field, each
/// with its length first, hashed straight rather than as JSON, the body
/// by `body_hash` (blake3 of its text, which the build cache keeps for a
/// body whose text it has not made).
pub(crate) fn search_doc_hash(d: &noibo_search::SearchDoc, body_hash: &[u8; 32]) -> blake3::Hash {
    let mut h = blake3::Hasher::new();
    let mut put = |s: &str| {
        h.update(&(s.len() as u64).to_le_bytes());
        h.update(s.as_bytes());
    };
    let noibo_search::SearchDoc {
        url,
        kind,
        title,
        number,
        doc_type,
        issuer,
        signer,
        date,
        tags,
        body: _,
    } = d;
    for s in [url, kind, title, date] {
        put(s);
    }
    for o in [number, doc_type, issuer, signer] {
        match o {
            Some(s) => {
                put("1");
                put(s);
            }
            None => put("0"),
        }
    }
    put(&tags.len().to_string());
    for t in tags {
        put(t);
    }
    h.update(body_hash);
    h.finalize()
}

/// The hash of `value` as JSON, for fingerprints.
pub(crate) fn hash_of<T: Serialize + ?Sized>(value: &T) -> Digest {
    let mut h = Hasher::new();
    feed(&mut h, value);
    h.finish()
}

/// Adds `value` as JSON to `h` (a [`Hasher`], or blake3's for cache
/// keys). The JSON goes through a buffer, so that the hasher sees long
/// runs rather than the few bytes of each token (blake3 hashes a long
/// input several blocks at a time).
pub(crate) fn feed<T: Serialize + ?Sized>(h: &mut impl std::io::Write, value: &T) {
    let mut w = std::io::BufWriter::with_capacity(16 * 1024, &mut *h);
    // Writing into a hasher cannot fail, and the values rendered are all
    // plain data (strings, numbers, lists, structs, ordered maps).
    let _ = serde_json::to_writer(&mut w, value);
    let _ = std::io::Write::flush(&mut w);
    drop(w);
    let _ = h.write_all(b"\0");
}

/// A value for a template, converted to Tera's form only if the page is
/// rendered.
trait Lazy: Sync {
    fn value(&self) -> Value;
}

impl<T: Serialize + Sync> Lazy for T {
    fn value(&self) -> Value {
        Value::from_serializable(self)
    }
}

/// The values one job hands its template, beside the site-wide ones, and
/// the bytes they hash from. They are turned into Tera values only when
/// the page is rendered: a page kept from the last build costs its hash.
pub(crate) struct JobContext<'a> {
    site: Digest,
    values: Vec<(&'static str, Box<dyn Lazy + 'a>)>,
    made: Vec<(&'static str, MakeValue<'a>)>,
    hashed: Vec<u8>,
}

/// What makes a value for a template when the page is rendered.
pub(crate) type MakeValue<'a> = Box<dyn FnOnce() -> Value + Sync + 'a>;

impl<'a> JobContext<'a> {
    /// An empty context whose fingerprint starts from the site-wide one.
    pub(crate) fn new(site: &Digest) -> JobContext<'a> {
        JobContext {
            site: *site,
            values: Vec::new(),
            made: Vec::new(),
            hashed: Vec::with_capacity(4096),
        }
    }

    /// Hands `value` to the template as `key`.
    pub(crate) fn insert<T: Serialize + Sync + 'a>(&mut self, key: &'static str, value: T) {
        self.hashed.extend_from_slice(key.as_bytes());
        // Writing into a vector cannot fail; the values are plain data.
        let _ = serde_json::to_writer(&mut self.hashed, &value);
        self.hashed.push(0);
        self.values.push((key, Box::new(value)));
    }

    /// Hands the value `make` makes to the template as `key`, made only if
    /// the page is rendered; `hash` stands for it in the fingerprint.
    pub(crate) fn insert_made(&mut self, key: &'static str, make: MakeValue<'a>, hash: &Digest) {
        self.hashed.extend_from_slice(key.as_bytes());
        self.hashed.extend_from_slice(hash);
        self.made.push((key, make));
    }

    /// The fingerprint of rendering `template` with this context.
    pub(crate) fn fingerprint(&self, template: &str) -> Fingerprint {
        let mut h = Hasher::new();
        h.update(&self.site).update(&self.hashed);
        h.update(template.as_bytes());
        h.finish()
    }

    /// The context to render with: the site-wide values of `global` under
    /// this job's own.
    pub(crate) fn into_context(self, global: &Context) -> Context {
        let mut ctx = global.clone();
        for (k, v) in self.values {
            ctx.insert_value(k, v.value());
        }
        for (k, make) in self.made {
            ctx.insert_value(k, make());
        }
        ctx
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fp(site: &str, key: &'static str, v: &str, template: &str) -> Fingerprint {
        let mut j = JobContext::new(&hash_of(site));
        j.insert(key, v);
        j.fingerprint(template)
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
        let mut j = JobContext::new(&hash_of("s"));
        j.insert("root", "../");
        let ctx = j.into_context(&global);
        assert_eq!(ctx.get("root").and_then(|v| v.as_str()), Some("../"));
    }
}
