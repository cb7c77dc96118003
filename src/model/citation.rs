//! Where a figure comes from: the document, its confidence grade, and the citation a result shows.

use serde::Serialize;

/// Confidence in a value: A official, B corroborated, C single, conflicting or conventional.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Grade {
    A,
    B,
    C,
}

/// A document a value is taken from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Source {
    /// True for a flexcalc convention used where no rule is published.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub convention: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
}

/// A legal source as shown with a value.
#[derive(Clone, Debug, Serialize)]
pub struct Citation {
    pub parameter: &'static str,
    pub grade: Grade,
    #[serde(flatten)]
    pub source: Source,
    pub period: String,
    pub carried_forward: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub file: String,
    pub line: usize,
}
