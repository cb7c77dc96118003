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

// The layers, lowest first; each imports only from those above it in this list (`tests/layering.rs`,
// `docs/architecture.md`).
pub mod api;
#[cfg(feature = "batch")]
pub mod batch;
mod engine;
mod foundation;
mod model;
pub mod rules;
#[cfg(target_arch = "wasm32")]
mod wasm;

// The public surface: the paths the CLI, the benches, the tests and the docs name.
#[cfg(all(feature = "batch", not(target_arch = "wasm32")))]
pub use batch::synth;
pub use engine::base;
pub use engine::{
    assess, compare, context, injury, labor, medical, options, pension, projection, resident, retirement, scenario,
    subsidies,
};
#[cfg(feature = "decisions")]
pub use engine::{gap, where_to_insure};
pub use foundation::{error, json_read, json_write, money, month, names, sort, text};
pub use model::{request, response, trace};

pub use error::{ApiError, ErrorCode, Message};
pub use request::Request;
pub use response::Response;
pub use rules::RuleSet;

/// The engine version every result carries.
pub use model::ENGINE_VERSION;

/// Assesses a request against the given rules.
pub fn assess(rules: &RuleSet, request: &Request) -> Result<Response, ApiError> {
    engine::assess::assess(rules, request)
}
