//! Syntax highlighting of fenced code blocks with syntect, as CSS classes
//! (`hl-` prefixed) so the colours live in the theme's `highlight.css`.
//! syntect runs on fancy-regex: no C library in the build.

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// The class prefix used in the theme's stylesheet.
pub(crate) const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

pub(crate) struct Highlighter {
    syntaxes: SyntaxSet,
}

impl Highlighter {
    pub(crate) fn new() -> Self {
        Highlighter {
            syntaxes: SyntaxSet::load_defaults_newlines(),
        }
    }

    /// Highlighted HTML for `code` in `lang`, or `None` for an unknown language.
    pub(crate) fn highlight(&self, lang: Option<&str>, code: &str) -> Option<String> {
        let lang = lang?;
        let syntax = self.syntaxes.find_syntax_by_token(lang).or_else(|| {
            if lang == "toml" {
                self.syntaxes.find_syntax_by_extension("ini")
            } else {
                None
            }
        })?;
        let mut generator =
            ClassedHTMLGenerator::new_with_class_style(syntax, &self.syntaxes, CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            generator
                .parse_html_for_line_which_includes_newline(line)
                .ok()?;
        }
        Some(generator.finalize())
    }
}

impl Default for Highlighter {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_known_languages_with_classes() {
        let h = Highlighter::new();
        let html = h
            .highlight(Some("bash"), "rsync -av public/ /mnt/x\n")
            .unwrap();
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(h.highlight(Some("no-such-language"), "x").is_none());
    }
}
