//! The parse stage: front matter (YAML, checked per kind) of every file read
//! by the load stage.

pub mod frontmatter;
pub mod split;
pub mod yaml;
