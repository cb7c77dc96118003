//! Structured errors: a stable code, the JSON path of the offending field, and a message in Chinese
//! and English. The same shape reaches the CLI (stdout, exit 2) and the browser (a thrown Error).

use serde::Serialize;
use std::fmt;

/// Stable error codes of JSON API v1. New codes may be added; none is renamed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The request is malformed or a value is out of range; `path` names the field.
    InvalidInput,
    /// The region is not known to the rules data.
    UnknownRegion,
    /// Several administrations share the region's name (朝阳, taizhou): the message lists them, with
    /// their codes, so that the worker can pick one.
    AmbiguousRegion,
    /// The month precedes the first period the rules data cover for a parameter.
    RulesNotAvailable,
    /// The rules data have no value for a parameter the request must then supply.
    ParameterRequired,
    /// A rules file failed validation.
    InvalidRules,
    /// Arithmetic left the representable range (only reachable through extreme custom rules).
    ArithmeticOverflow,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidInput => "invalid_input",
            ErrorCode::UnknownRegion => "unknown_region",
            ErrorCode::AmbiguousRegion => "ambiguous_region",
            ErrorCode::RulesNotAvailable => "rules_not_available",
            ErrorCode::ParameterRequired => "parameter_required",
            ErrorCode::InvalidRules => "invalid_rules",
            ErrorCode::ArithmeticOverflow => "arithmetic_overflow",
        }
    }
}

/// A text in both languages of the product.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Message {
    pub zh: String,
    pub en: String,
}

impl Message {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Message {
            zh: zh.into(),
            en: en.into(),
        }
    }
}

/// The error body: `{"error": {"code", "path", "message": {"zh", "en"}}}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ErrorBody {
    pub code: ErrorCode,
    /// JSON path of the field at fault (`months[0].work[0].hours`); absent when no field is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    pub message: Message,
}

/// An error of the API, its body boxed: every engine step returns `Result<_, ApiError>` and errors are
/// rare, so a pointer-sized error keeps the common `Ok` path from copying eighty bytes per call (a
/// fifth of the cost of a money addition). Fields read through `Deref` (`e.code`, `e.path`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError(Box<ErrorBody>);

impl std::ops::Deref for ApiError {
    type Target = ErrorBody;
    fn deref(&self) -> &ErrorBody {
        &self.0
    }
}

impl std::ops::DerefMut for ApiError {
    fn deref_mut(&mut self) -> &mut ErrorBody {
        &mut self.0
    }
}

impl Serialize for ApiError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl ApiError {
    pub fn new(code: ErrorCode, path: Option<String>, message: Message) -> Self {
        ApiError(Box::new(ErrorBody { code, path, message }))
    }

    pub fn invalid(path: impl Into<String>, zh: impl Into<String>, en: impl Into<String>) -> Self {
        ApiError::new(ErrorCode::InvalidInput, Some(path.into()), Message::new(zh, en))
    }

    /// Out of line natively: the checked operations inlined into every step only call it (the wasm
    /// module inlines neither; marking it there cost 300 bytes gzipped).
    #[cfg_attr(not(target_arch = "wasm32"), cold, inline(never))]
    pub fn overflow(what: &str) -> Self {
        ApiError::new(
            ErrorCode::ArithmeticOverflow,
            None,
            Message::new(
                format!("计算超出数值范围：{what}"),
                format!("arithmetic overflow while computing {what}"),
            ),
        )
    }

    /// The same error with its path's leading field `from` named `to` (a step shared by two fields of
    /// the request reports the one the caller used).
    pub fn renamed(mut self, from: &str, to: &str) -> Self {
        if let Some(rest) = self.0.path.as_deref().and_then(|p| p.strip_prefix(from)) {
            self.0.path = Some(format!("{to}{rest}"));
        }
        self
    }

    /// The error wrapped as the API's error document.
    pub fn to_document(&self) -> ErrorDocument<'_> {
        ErrorDocument { error: self }
    }
}

#[derive(Serialize)]
pub struct ErrorDocument<'a> {
    pub error: &'a ApiError,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code.as_str())?;
        if let Some(p) = &self.path {
            write!(f, " at {p}")?;
        }
        write!(f, ": {}", self.message.en)
    }
}

impl std::error::Error for ApiError {}

/// At most the first 40 characters of what the user gave, for messages that quote it: an error
/// message names the value at fault, but must not carry back a megabyte that was pasted by mistake.
pub fn excerpt(text: &str) -> std::borrow::Cow<'_, str> {
    const MAX: usize = 40;
    match text.char_indices().nth(MAX) {
        None => text.into(),
        Some((cut, _)) => format!("{}…", &text[..cut]).into(),
    }
}
