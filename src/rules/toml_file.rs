//! A rules file's TOML text read into [`FileData`](super::raw::FileData): used by `build.rs` for the
//! embedded files, and by the engine for custom rules files (feature `custom-rules`), so both see
//! exactly the same structure. Unknown keys and wrong types are refused here, with the line.

use super::raw::{FileData, RawParam, RawPlace, RawSource};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    format: Option<u32>,
    extends: Option<String>,
    version: Option<String>,
    region: Option<RawPlace>,
    #[serde(default)]
    city: Vec<toml::Spanned<RawPlace>>,
    #[serde(default)]
    sources: BTreeMap<String, RawSource>,
    #[serde(default)]
    param: Vec<toml::Spanned<RawParam>>,
}

/// The 1-based line of a byte offset (0 when the offset is not in the text).
pub fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(0, |t| t.bytes().filter(|&b| b == b'\n').count() + 1)
}

/// Parses a rules file; the error is (line, message), line 0 when TOML gives no position.
pub fn parse(text: &str) -> Result<FileData, (usize, String)> {
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(0, |s| line_of(text, s.start));
        (line, e.message().to_string())
    })?;
    Ok(FileData {
        format: raw.format,
        extends: raw.extends,
        version: raw.version,
        region: raw.region,
        city: raw
            .city
            .into_iter()
            .map(|c| (line_of(text, c.span().start), c.into_inner()))
            .collect(),
        sources: raw.sources.into_iter().collect(),
        param: raw
            .param
            .into_iter()
            .map(|p| (line_of(text, p.span().start), p.into_inner()))
            .collect(),
    })
}
