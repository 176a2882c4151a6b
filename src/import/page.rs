//! The page written for an imported document: its front matter (fields in
//! the order of the spec, strings quoted) and its place in the site.

use std::fmt::Write as _;

use super::layout::{Fields, Recognised};
use crate::model::field::{Field, SignerField};
use crate::scaffold::{NewKind, quoted};

fn list(out: &mut String, name: Field, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "{name}:");
    for it in items {
        let _ = writeln!(out, "  - {}", quoted(it));
    }
}

fn field(out: &mut String, name: Field, value: Option<&str>) {
    if let Some(v) = value {
        let _ = writeln!(out, "{name}: {}", quoted(v));
    }
}

/// Whether the page is a draft: the original leaves its number or its day
/// blank (not signed and numbered yet).
pub fn is_draft(f: &Fields) -> bool {
    f.number_blank || f.day_blank
}

/// The front matter and body of the page.
pub fn text(r: &Recognised, kind: NewKind, original: &str) -> String {
    let f = &r.fields;
    let mut out = String::from("---\n");
    let _ = writeln!(
        out,
        "# Imported from {original} by `noibo import`: check every field."
    );
    field(&mut out, Field::Title, f.title.as_deref());
    match kind {
        NewKind::Directive => directive(&mut out, f),
        NewKind::Model | NewKind::Material => {
            date(&mut out, f);
            field(&mut out, Field::Unit, f.unit.as_deref());
        }
    }
    if is_draft(f) {
        let _ = writeln!(out, "{}: true", Field::Draft);
    }
    out.push_str("---\n\n");
    out.push_str(&r.markdown);
    out
}

fn date(out: &mut String, f: &Fields) {
    if let Some(d) = f.date {
        let note = if f.day_blank {
            "  # the original leaves the day blank"
        } else {
            ""
        };
        let _ = writeln!(out, "{}: {d}{note}", Field::Date);
    }
}

fn directive(out: &mut String, f: &Fields) {
    field(out, Field::Number, f.number.as_deref());
    field(out, Field::Type, f.doc_type.as_deref());
    field(out, Field::Issuer, f.issuer.as_deref());
    date(out, f);
    field(out, Field::Place, f.place.as_deref());
    list(out, Field::Recipients, &f.recipients);
    if let Some(s) = &f.signer {
        let _ = writeln!(out, "{}:", Field::Signer);
        let _ = writeln!(out, "  {}: {}", SignerField::Name, quoted(&s.name));
        if let Some(t) = &s.title {
            let _ = writeln!(out, "  {}: {}", SignerField::Title, quoted(t));
        }
        if let Some(b) = &s.on_behalf {
            let _ = writeln!(out, "  {}: {}", SignerField::OnBehalf, quoted(b));
        }
    }
    list(out, Field::Distribution, &f.distribution);
    if !f.implements.is_empty() {
        let _ = writeln!(out, "{}:", Field::Implements);
        for c in &f.implements {
            match (&c.issuer, c.date) {
                (Some(i), Some(d)) => {
                    let _ = writeln!(out, "  - {}: {}", Field::Number, quoted(&c.number));
                    let _ = writeln!(out, "    {}: {}", Field::Issuer, quoted(i));
                    let _ = writeln!(out, "    {}: {d}", Field::Date);
                }
                _ => {
                    let _ = writeln!(out, "  - {}", quoted(&c.number));
                }
            }
        }
    }
}

/// The page's folder name: from the number, else from the title (its first
/// words), else from the original's name.
pub fn slug(f: &Fields, stem: &str) -> String {
    if let Some(n) = &f.number {
        return noibo_text::slugify(n);
    }
    let from = f.title.as_deref().unwrap_or(stem);
    let mut slug = String::new();
    for w in noibo_text::slugify(from).split('-') {
        if !slug.is_empty() && slug.len() + w.len() > 60 {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(w);
    }
    if slug.is_empty() {
        "van-ban".to_string()
    } else {
        slug
    }
}

/// The fields a page of `kind` should have and the layout did not show.
pub fn missing(f: &Fields, kind: NewKind) -> Vec<String> {
    let mut out = Vec::new();
    let need = |out: &mut Vec<String>, ok: bool, what: &str| {
        if !ok {
            out.push(what.to_string());
        }
    };
    need(
        &mut out,
        f.title.is_some(),
        "`title` (no subject line found)",
    );
    if f.day_blank {
        out.push(
            "`date`: the day is blank in the original; dated the 1st of the month, as a draft"
                .into(),
        );
    } else {
        need(
            &mut out,
            f.date.is_some(),
            "`date` (no \"…, ngày … tháng … năm …\" line found)",
        );
    }
    if kind != NewKind::Directive {
        return out;
    }
    if f.number_blank {
        out.push("`number`: blank in the original (\"Số -…\"); left out, as a draft".into());
    } else {
        need(
            &mut out,
            f.number.is_some(),
            "`number` (no \"Số …\" line found)",
        );
    }
    need(
        &mut out,
        f.doc_type.is_some(),
        "`type` (no type line, and the number does not show it)",
    );
    need(
        &mut out,
        f.issuer.is_some(),
        "`issuer` (no issuer lines in the header)",
    );
    need(&mut out, f.place.is_some(), "`place`");
    need(
        &mut out,
        f.signer.is_some(),
        "`signer` (no signature block found)",
    );
    out
}
