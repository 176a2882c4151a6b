//! The names of front-matter fields, listed once: the parser, the check of
//! unknown fields, the messages and the files `noibo new` and `noibo init`
//! write all take them from here.

use super::Kind;

/// A field name of front matter or of a mapping inside it.
pub(crate) trait Named: Copy + Eq + 'static {
    /// Every field of this mapping, in the order files show them.
    const ALL: &'static [Self];

    /// The name as written in YAML.
    fn name(self) -> &'static str;

    /// The field written `name`, if there is one.
    fn parse(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|f| f.name() == name)
    }
}

/// The names of `fields`, for messages and suggestions.
pub(crate) fn names<F: Named>(fields: &[F]) -> impl Iterator<Item = &'static str> + Clone + '_ {
    fields.iter().map(|f| f.name())
}

/// An enum of field names, with its [`Named`] and `Display` implementations.
macro_rules! field_names {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $text:literal,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub(crate) enum $name {
            $($variant,)*
        }

        impl Named for $name {
            const ALL: &'static [Self] = &[$($name::$variant,)*];

            fn name(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)*
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

field_names! {
    /// A field of a page's front matter, or of a section's `_index.md`.
    Field {
        Title = "title",
        Date = "date",
        Tags = "tags",
        Summary = "summary",
        Draft = "draft",
        Number = "number",
        Type = "type",
        Issuer = "issuer",
        Place = "place",
        Recipients = "recipients",
        Signer = "signer",
        Distribution = "distribution",
        Implements = "implements",
        Supersedes = "supersedes",
        Status = "status",
        Tasks = "tasks",
        Unit = "unit",
        Locality = "locality",
        Image = "image",
        Related = "related",
        Format = "format",
        Topic = "topic",
        Series = "series",
        Order = "order",
        Audience = "audience",
        Short = "short",
        Aliases = "aliases",
        Parent = "parent",
        File = "file",
        Poster = "poster",
        Captions = "captions",
        Duration = "duration",
        Featured = "featured",
        Kind = "kind",
        Description = "description",
    }
}

field_names! {
    /// A field of `signer`.
    SignerField {
        Name = "name",
        Title = "title",
        OnBehalf = "on_behalf",
    }
}

field_names! {
    /// A field of one item of `tasks`.
    TaskField {
        Unit = "unit",
        Do = "do",
        Due = "due",
        Every = "every",
        Quota = "quota",
        Until = "until",
    }
}

impl Field {
    /// The fields every page may have, whatever its kind.
    pub(crate) const COMMON: &'static [Field] = &[
        Field::Title,
        Field::Date,
        Field::Tags,
        Field::Summary,
        Field::Draft,
    ];

    /// The fields of a section's `_index.md`.
    pub(crate) const SECTION: &'static [Field] = &[Field::Title, Field::Kind, Field::Description];

    /// The fields of a reference written as a mapping (`{number, issuer, date}`).
    pub(crate) const REFERENCE: &'static [Field] = &[Field::Number, Field::Issuer, Field::Date];

    /// The fields a page of `kind` has besides [`Field::COMMON`].
    pub(crate) fn of(kind: Kind) -> &'static [Field] {
        // `Field::*` would hide the type `Kind` behind the field `kind`.
        use Field::*;
        match kind {
            super::Kind::Directives => &[
                Number,
                Type,
                Issuer,
                Place,
                Recipients,
                Signer,
                Distribution,
                Implements,
                Supersedes,
                Status,
                Tasks,
            ],
            super::Kind::Models => &[Unit, Locality, Image, Related, Format],
            super::Kind::Materials => &[Topic, Series, Order, Audience, Unit, Format],
            super::Kind::Units => &[Short, Aliases, Parent],
            super::Kind::Media => &[Unit, Format, File, Poster, Captions, Duration, Related],
            super::Kind::Newsletter => &[Featured],
            super::Kind::Pages => &[],
        }
    }

    /// Whether a page of `kind` may have this field.
    pub(crate) fn belongs_to(self, kind: Kind) -> bool {
        Field::COMMON.contains(&self) || Field::of(kind).contains(&self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_parse_back() {
        fn check<F: Named + std::fmt::Debug>() {
            for (i, f) in F::ALL.iter().enumerate() {
                assert_eq!(F::parse(f.name()), Some(*f));
                assert!(!F::ALL[..i].iter().any(|g| g.name() == f.name()), "{f:?}");
            }
        }
        check::<Field>();
        check::<SignerField>();
        check::<TaskField>();
        assert_eq!(Field::parse("titel"), None);
    }

    #[test]
    fn every_page_field_belongs_to_a_kind() {
        let kinds = Kind::NAMES.map(|k| Kind::parse(k).unwrap());
        for f in Field::ALL {
            let page = kinds.iter().any(|k| f.belongs_to(*k));
            assert!(page || Field::SECTION.contains(f), "{f}");
        }
        assert!(Field::Unit.belongs_to(Kind::Media) && !Field::Unit.belongs_to(Kind::Directives));
    }
}
