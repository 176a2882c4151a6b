//! The parse stage: front matter (YAML, checked per kind) of every file read
//! by the load stage.

pub(crate) mod frontmatter;
pub(crate) mod split;
pub(crate) mod yaml;
