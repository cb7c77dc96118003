//! Batch: many workers from a table of rows (one row per worker, month and platform), each worker
//! assessed under current law and under the labor-facts scenario, one result row per worker-month.
//!
//! This module and [`table`] are the part that does no I/O and starts no thread (so that the page
//! uses them too, in a Web Worker): the column layout, turning one worker's rows into a [`Request`],
//! computing the key figures with [`crate::engine::compare::compare`] (the same engine steps as `flexcalc
//! compare`), the output columns, the run summary, and reading a CSV file piece by piece
//! ([`CsvStream`]). The native CLI's streaming, parallel CSV/JSONL driver is [`run`] (rayon,
//! indicatif: native only). The layout is documented in `docs/batch.md`.

#[cfg(not(target_arch = "wasm32"))]
mod chunk;
mod columns;
pub mod encoding;
mod figures;
mod format;
#[cfg(not(target_arch = "wasm32"))]
mod jsonl;
mod request;
#[cfg(not(target_arch = "wasm32"))]
pub mod run;
mod stream;
#[cfg(not(target_arch = "wasm32"))]
pub mod synth;
pub mod table;
mod totals;

use columns::WORKER_LEVEL;
pub use columns::{
    header_key, Col, Lang, ERROR_LABELS_EN, ERROR_LABELS_ZH, INPUT_COLUMNS, N_COLS, OUTPUT_COLUMNS, OUTPUT_LABELS_EN,
    OUTPUT_LABELS_ZH, REQUIRED, ZH_NAMES,
};
pub use figures::{assess_worker, Figures, MonthRow, WorkerResult};
pub use format::{cells, write_cell, write_fen, write_int, Cell, CellSink};
pub use request::{build_request, locate};
pub use stream::{CsvStream, Piece};
pub use totals::{GroupTotals, RegionTotals, RunningSum, ScenarioTotals, Summary, Totals};

use crate::foundation::error::Message;
use crate::model::request::Request;
use serde::Serialize;

/// Rows of one worker at most: 600 months × 50 platforms, the request's own limits.
pub const MAX_ROWS_PER_WORKER: usize =
    crate::model::request::MAX_MONTHS * crate::model::request::MAX_PLATFORMS_PER_MONTH;

/// One input row, whatever the file format.
pub trait Record {
    /// The 1-based line of the row in the input file.
    fn line(&self) -> u64;
    /// The trimmed cell of a column; `Ok(None)` when the column is absent or the cell blank; `Err` when
    /// the cell cannot be read as text (invalid UTF-8, a JSON value that is not a string or number).
    fn field(&self, col: Col) -> Result<Option<&str>, Message>;
    /// A problem with the row as a whole (a JSONL line that is not a JSON object): `(field, message)`.
    fn problem(&self) -> Option<(&str, &str)> {
        None
    }
}

/// A row or worker that could not be assessed: reported in the errors file, the run goes on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BadRow {
    pub line: u64,
    pub worker_id: String,
    /// The input column at fault (or the request path when no column matches).
    pub field: String,
    pub code: &'static str,
    /// In both languages: the errors file has the English one, or the one of `--lang`.
    pub message: Message,
}

/// A request built from one worker's rows, with the input line of each work entry.
pub struct WorkerRequest {
    pub worker_id: String,
    pub request: Request,
    /// `lines[i][j]`: the line of `request.months[i].work[j]`.
    pub lines: Vec<Vec<u64>>,
    pub first_line: u64,
}

/// Which scenarios a batch computes: both by default, as `flexcalc compare` does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Scenarios {
    #[default]
    Both,
    CurrentLaw,
    LaborFacts,
}

impl Scenarios {
    pub fn from_name(name: &str) -> Option<Scenarios> {
        match name {
            "both" => Some(Scenarios::Both),
            "current_law" => Some(Scenarios::CurrentLaw),
            "labor_facts" => Some(Scenarios::LaborFacts),
            _ => None,
        }
    }
}
