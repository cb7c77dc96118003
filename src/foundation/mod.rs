//! The foundation layer: what every other layer stands on and which knows nothing of social insurance.
//! Errors with their bilingual messages, months, exact money, the small sort the engine uses, and the
//! generic JSON reader and writer (the model implements them for its types, as types implement serde).

pub mod error;
pub mod json_read;
pub mod json_write;
pub mod money;
pub mod month;
pub mod names;
pub mod sort;
pub mod text;
