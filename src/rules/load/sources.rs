//! A rules file's `[sources]` and the publication dates they and the entries give.

use super::{rules_error, RulesError};
use crate::foundation::month::YearMonth;
use crate::rules::raw::RawSource;
use crate::rules::Source;
use std::sync::Arc;

/// A file's `[sources]`, by key (a file has a handful: a list is enough); each needs a document
/// number or a url.
pub(super) fn file_sources(
    file: &str,
    raw: Vec<(String, RawSource)>,
) -> Result<Vec<(String, Arc<Source>)>, RulesError> {
    let mut sources = Vec::with_capacity(raw.len());
    for (key, s) in raw {
        if s.document.is_none() && s.url.is_none() {
            return Err(rules_error(
                file,
                0,
                Some(["sources.", &key].concat()),
                why!("a source needs a document number or a url"),
            ));
        }
        let src = Source {
            convention: s.convention,
            document: s.document,
            title: s.title,
            url: s.url,
            published: s.published,
        };
        sources.push((key, Arc::new(src)));
    }
    Ok(sources)
}

/// The month of a date `YYYY-MM-DD` or `YYYY-MM`.
pub(super) fn published_month(d: &str) -> Option<YearMonth> {
    match d.len() {
        7 | 10 => d.get(..7)?.parse().ok(),
        _ => None,
    }
}
