//! Bodies a caller leaves out of its documents, asked for only where a
//! file made now needs them.

use std::borrow::Cow;

use crate::{SearchDoc, text};

/// Bodies the caller left out of their documents (given empty), to be
/// asked for only where a file made now needs one: a document indexed now,
/// or a chunk of texts made again (see [`crate::build_index_reusing`]).
#[derive(Clone, Copy)]
pub struct Later<'a> {
    /// Whether each document's body (in the order of `docs`) was left out.
    pub left_out: &'a [bool],
    /// The body of document `i` of `docs`.
    pub body: &'a (dyn Fn(usize) -> std::sync::Arc<str> + Sync),
}

/// The NFC body of a document number, as the writer takes it: here, or
/// to be asked of [`Later`] (`nfc`: whether it is NFC as it comes).
pub(crate) enum Body<'a> {
    Here(Cow<'a, str>),
    Later { doc: usize, nfc: bool },
}

impl Body<'_> {
    /// The body itself.
    pub(crate) fn get(&self, later: Option<&Later<'_>>) -> Cow<'_, str> {
        match self {
            Body::Here(b) => Cow::Borrowed(b),
            Body::Later { doc, nfc } => {
                let l = later.expect("a body left out comes with its Later");
                let text = (l.body)(*doc);
                if *nfc {
                    Cow::Owned(text.to_string())
                } else {
                    Cow::Owned(text::nfc(&text).into_owned())
                }
            }
        }
    }
}

/// `docs` with the bodies `later` left out put in, for indexing them all;
/// `None` if none was left out, so that `docs` is indexed as it is (a copy
/// of every body would double the bodies' memory while the index is made).
pub(crate) fn filled(docs: &[SearchDoc], later: Option<&Later<'_>>) -> Option<Vec<SearchDoc>> {
    let later = later.filter(|l| l.left_out.contains(&true))?;
    let fill = |(i, d): (usize, &SearchDoc)| match later.left_out[i] {
        true => SearchDoc {
            body: (later.body)(i),
            ..d.clone()
        },
        false => d.clone(),
    };
    Some(docs.iter().enumerate().map(fill).collect())
}
