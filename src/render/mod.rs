//! The render stage: Markdown bodies, then pages, feeds and site files from
//! the site graph, into an in-memory [`crate::output::Output`].

pub mod context;
pub mod feeds;
pub mod highlight;
pub mod markdown;
pub mod media_view;
pub mod pages;
pub mod podcast;
pub mod sanitize;
pub mod site_files;
pub mod theme;
