//! noibo: builds the intranet of a Party committee — directives, exemplary
//! models, study materials — from a folder of Markdown files.
//!
//! The pipeline is `load` → `render::markdown` (bodies) → `graph` (resolve)
//! → `pipeline` (every file of the site, checked) → `output` (the only
//! writer). `build` runs it once into a folder, `serve` keeps it in memory
//! and runs it again as files change. See ARCHITECTURE.md.
//!
//! The binary (`main.rs`) parses the command line and calls [`cli`]; every
//! other module is private to the crate.

mod build;
mod cache;
mod check;
pub mod cli;
mod config;
mod diagnostics;
mod graph;
mod images;
mod import;
mod links;
mod load;
mod media;
mod model;
mod output;
mod parse;
mod pipeline;
mod progress;
mod render;
mod scaffold;
mod serve;
mod tasks;
#[cfg(test)]
mod test_site;
mod units;
