//! How kinds flow down `content/`: a folder has the kind its `_index.md`
//! gives, else the kind of the nearest folder above it that has one, and
//! `pages` when none does (SPEC "Site layout"). The one place this rule is
//! written; the walks of `content/` record folders parents first.

use std::collections::BTreeMap;

use super::Kind;

/// The kinds of the folders walked so far, by folder url (`""` for
/// `content/`, `van-ban/2026/` below it).
#[derive(Debug, Default)]
pub(crate) struct KindTree {
    kinds: BTreeMap<String, Kind>,
}

impl KindTree {
    /// The kind the folder at `url` inherits: that of its nearest recorded
    /// ancestor, `pages` when there is none.
    pub(crate) fn inherited(&self, url: &str) -> Kind {
        let mut at = parent_folder(url);
        while let Some(folder) = at {
            if let Some(kind) = self.kinds.get(folder) {
                return *kind;
            }
            at = parent_folder(folder);
        }
        Kind::Pages
    }

    /// Records the folder at `url`, whose `_index.md` gives the kind `own`
    /// (`None`: no `_index.md`, or one without `kind`); returns its kind.
    pub(crate) fn record(&mut self, url: &str, own: Option<Kind>) -> Kind {
        let kind = own.unwrap_or_else(|| self.inherited(url));
        self.kinds.insert(url.to_string(), kind);
        kind
    }
}

/// The url of the folder above the folder at `url`: `van-ban/` for
/// `van-ban/2026/`, `""` for `van-ban/`, none for `content/` itself.
pub(crate) fn parent_folder(url: &str) -> Option<&str> {
    if url.is_empty() {
        return None;
    }
    let trimmed = url.trim_end_matches('/');
    Some(trimmed.rfind('/').map_or("", |i| &trimmed[..=i]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_flow_down_to_folders_without_their_own() {
        let mut t = KindTree::default();
        assert_eq!(t.record("", None), Kind::Pages);
        assert_eq!(
            t.record("van-ban/", Some(Kind::Directives)),
            Kind::Directives
        );
        // A year folder with no _index.md, and one deeper still, not recorded.
        assert_eq!(t.inherited("van-ban/2026/"), Kind::Directives);
        assert_eq!(t.inherited("van-ban/2026/q1/"), Kind::Directives);
        assert_eq!(t.record("van-ban/mau/", Some(Kind::Pages)), Kind::Pages);
        assert_eq!(t.inherited("van-ban/mau/x/"), Kind::Pages);
        assert_eq!(t.inherited("mo-hinh/"), Kind::Pages);
    }

    #[test]
    fn parent_folders() {
        assert_eq!(parent_folder("van-ban/2026/x/"), Some("van-ban/2026/"));
        assert_eq!(parent_folder("van-ban/"), Some(""));
        assert_eq!(parent_folder(""), None);
    }
}
