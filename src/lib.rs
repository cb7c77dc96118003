//! flexcalc: social insurance for flexibly employed and platform workers in China, from the facts of
//! their work.
//!
//! The engine is pure: no I/O, no bindings. [`assess`] turns a [`Request`] (a monthly ledger of hours,
//! income and orders per platform, and the worker's choices) into a [`Response`] (each month's pension
//! and medical contributions, who pays what, the legal source of every figure). The rules (rates, floors,
//! ceilings, …) are data under `rules/`, embedded at build time and validated on first use.
//!
//! The CLI (`src/bin/flexcalc.rs`) and the WebAssembly bindings (`src/wasm.rs`) are thin layers over
//! [`api`].

pub mod api;
pub mod assess;
pub mod base;
#[cfg(feature = "batch")]
pub mod batch;
pub mod compare;
pub mod context;
pub mod error;
pub mod injury;
pub mod json_read;
pub mod json_write;
pub mod labor;
pub mod medical;
pub mod money;
pub mod month;
pub mod options;
pub mod pension;
pub mod projection;
pub mod request;
pub mod resident;
pub mod response;
pub mod retirement;
pub mod rules;
pub mod scenario;
pub mod sort;
pub mod subsidies;
#[cfg(all(feature = "batch", not(target_arch = "wasm32")))]
pub mod synth;
pub mod trace;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use error::{ApiError, ErrorCode, Message};
pub use request::Request;
pub use response::Response;
pub use rules::RuleSet;

/// The engine version every result carries.
pub const ENGINE_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Assesses a request against the given rules.
pub fn assess(rules: &RuleSet, request: &Request) -> Result<Response, ApiError> {
    assess::assess(rules, request)
}
