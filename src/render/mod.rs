//! The render stage: Markdown bodies, then pages, feeds and site files from
//! the site graph, into an in-memory [`crate::output::Output`].

pub(crate) mod context;
pub(crate) mod feeds;
pub(crate) mod fingerprint;
pub(crate) mod highlight;
pub(crate) mod markdown;
pub(crate) mod media_view;
pub(crate) mod newsletter;
pub(crate) mod pages;
pub(crate) mod podcast;
pub(crate) mod sanitize;
pub(crate) mod site_files;
pub(crate) mod tasks_json;
pub(crate) mod tasks_view;
pub(crate) mod theme;
