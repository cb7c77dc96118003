//! The model layer: the API's request and response types, the person, citations and the trace. It
//! knows the foundation and nothing of how a figure is computed or where the rules come from.

pub mod citation;
pub mod formulas;
pub mod person;
pub mod request;
pub mod response;
pub mod results;
pub mod trace;
mod validate;

/// The engine version every result carries.
pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");
