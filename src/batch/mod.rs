//! Batch: many workers from a table of rows (one row per worker, month and platform), each worker
//! assessed under current law and under the labor-facts scenario, one result row per worker-month.
//!
//! This module and [`table`] are the part that does no I/O and starts no thread (so that the page
//! uses them too, in a Web Worker): the column layout, turning one worker's rows into a [`Request`],
//! computing the key figures with [`crate::engine::compare::compare`] (the same engine steps as `flexcalc
//! compare`), the output columns, the run summary, and reading a CSV file piece by piece
//! ([`table::CsvStream`]). The native CLI's streaming, parallel CSV/JSONL driver is [`run`] (rayon,
//! indicatif: native only). The layout is documented in `docs/batch.md`.

#[cfg(not(target_arch = "wasm32"))]
pub mod run;
#[cfg(not(target_arch = "wasm32"))]
pub mod synth;
pub mod table;

use crate::engine::context::LookupCache;
use crate::foundation::error::{ApiError, ErrorCode};
use crate::foundation::money::{parse_decimal, Dec};
use crate::foundation::month::YearMonth;
use crate::model::request::{
    BaseChoice, BaseKind, InjuryFeeClass, MedicalChoice, MedicalScheme, MonthFacts, Request, Scenario, Sector,
    WorkEntry,
};
use crate::model::response::MonthResult;
use crate::rules::RuleSet;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::de::IntoDeserializer;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::ops::AddAssign;

/// The input columns. Names are a public contract (docs/batch.md): add columns, never rename one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Col {
    WorkerId,
    Region,
    Month,
    Platform,
    Hours,
    Income,
    Orders,
    Sector,
    InjuryFeeClass,
    Role,
    BaseKind,
    BaseValue,
    MedicalScheme,
    MedicalRate,
    MedicalTier,
    Birth,
    Track,
}

/// Number of input columns.
pub const N_COLS: usize = 17;

/// Every input column in the order of [`Col`], with its name.
pub const INPUT_COLUMNS: [(Col, &str); N_COLS] = [
    (Col::WorkerId, "worker_id"),
    (Col::Region, "region"),
    (Col::Month, "month"),
    (Col::Platform, "platform"),
    (Col::Hours, "hours"),
    (Col::Income, "income"),
    (Col::Orders, "orders"),
    (Col::Sector, "sector"),
    (Col::InjuryFeeClass, "injury_fee_class"),
    (Col::Role, "role"),
    (Col::BaseKind, "base_kind"),
    (Col::BaseValue, "base_value"),
    (Col::MedicalScheme, "medical_scheme"),
    (Col::MedicalRate, "medical_rate"),
    (Col::MedicalTier, "medical_tier"),
    (Col::Birth, "birth"),
    (Col::Track, "track"),
];

/// Columns every input must have.
pub const REQUIRED: [Col; 5] = [Col::WorkerId, Col::Region, Col::Month, Col::Platform, Col::Income];

/// Columns that describe the worker rather than one month's work: equal on all of a worker's rows
/// (a blank cell on a later row means "as above").
const WORKER_LEVEL: [Col; 8] = [
    Col::Region,
    Col::BaseKind,
    Col::BaseValue,
    Col::MedicalScheme,
    Col::MedicalRate,
    Col::MedicalTier,
    Col::Birth,
    Col::Track,
];

/// Rows of one worker at most: 600 months × 50 platforms, the request's own limits.
pub const MAX_ROWS_PER_WORKER: usize =
    crate::model::request::MAX_MONTHS * crate::model::request::MAX_PLATFORMS_PER_MONTH;

impl Col {
    pub fn name(self) -> &'static str {
        INPUT_COLUMNS[self as usize].1
    }

    pub fn from_name(name: &str) -> Option<Col> {
        INPUT_COLUMNS.iter().find(|(_, n)| *n == name).map(|(c, _)| *c)
    }
}

/// One input row, whatever the file format.
pub trait Record {
    /// The 1-based line of the row in the input file.
    fn line(&self) -> u64;
    /// The trimmed cell of a column; `Ok(None)` when the column is absent or the cell blank; `Err` when
    /// the cell cannot be read as text (invalid UTF-8, a JSON value that is not a string or number).
    fn field(&self, col: Col) -> Result<Option<&str>, String>;
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
    pub message: String,
}

/// A request built from one worker's rows, with the input line of each work entry.
pub struct WorkerRequest {
    pub worker_id: String,
    pub request: Request,
    /// `lines[i][j]`: the line of `request.months[i].work[j]`.
    pub lines: Vec<Vec<u64>>,
    pub first_line: u64,
}

fn enum_value<'de, T: Deserialize<'de>>(text: &'de str) -> Option<T> {
    let de: serde::de::value::StrDeserializer<'de, serde::de::value::Error> = text.into_deserializer();
    T::deserialize(de).ok()
}

fn choices<T: Serialize>(all: &[T]) -> String {
    all.iter()
        .filter_map(|v| serde_json::to_value(v).ok())
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect::<Vec<_>>()
        .join(", ")
}

struct RowErrors<'a> {
    worker_id: &'a str,
    out: Vec<BadRow>,
}

impl RowErrors<'_> {
    fn push(&mut self, line: u64, col: Col, message: String) {
        self.out.push(BadRow {
            line,
            worker_id: self.worker_id.to_string(),
            field: col.name().to_string(),
            code: ErrorCode::InvalidInput.as_str(),
            message,
        });
    }

    /// The cell, or `None` after noting why it cannot be read.
    fn cell<'r, R: Record>(&mut self, r: &'r R, col: Col) -> Option<&'r str> {
        match r.field(col) {
            Ok(v) => v,
            Err(e) => {
                self.push(r.line(), col, e);
                None
            }
        }
    }

    /// A cell that must not be blank.
    fn required<'r, R: Record>(&mut self, r: &'r R, col: Col) -> Option<&'r str> {
        match r.field(col) {
            Ok(Some(v)) => Some(v),
            Ok(None) => {
                self.push(r.line(), col, format!("{} is required", col.name()));
                None
            }
            Err(e) => {
                self.push(r.line(), col, e);
                None
            }
        }
    }

    fn decimal<R: Record>(&mut self, r: &R, col: Col) -> Option<Decimal> {
        let text = self.cell(r, col)?;
        match parse_decimal(text) {
            Ok(d) => Some(d),
            Err(e) => {
                self.push(r.line(), col, e);
                None
            }
        }
    }

    fn parsed<'r, T: Deserialize<'r> + Serialize, R: Record>(&mut self, r: &'r R, col: Col, all: &[T]) -> Option<T> {
        let text = self.cell(r, col)?;
        let v = enum_value(text);
        if v.is_none() {
            self.push(r.line(), col, format!("\"{text}\" is not one of: {}", choices(all)));
        }
        v
    }
}

/// Builds one worker's request from its rows (consecutive rows with the same `worker_id`). Rows of
/// one month are grouped into one month in the order the months first appear. Every bad cell of every
/// row is reported, not only the first.
pub fn build_request<R: Record>(rows: &[R]) -> Result<WorkerRequest, Vec<BadRow>> {
    let first = &rows[0];
    let worker_id = first.field(Col::WorkerId).ok().flatten().unwrap_or("").to_string();
    let mut errs = RowErrors {
        worker_id: &worker_id,
        out: Vec::new(),
    };
    if worker_id.is_empty() {
        for r in rows {
            errs.push(r.line(), Col::WorkerId, "worker_id is required".into());
        }
        return Err(errs.out);
    }
    if rows.len() > MAX_ROWS_PER_WORKER {
        errs.push(
            rows[MAX_ROWS_PER_WORKER].line(),
            Col::WorkerId,
            format!("more than {MAX_ROWS_PER_WORKER} rows for one worker"),
        );
        return Err(errs.out);
    }
    for r in rows {
        if let Some((field, msg)) = r.problem() {
            errs.out.push(BadRow {
                line: r.line(),
                worker_id: worker_id.clone(),
                field: field.to_string(),
                code: ErrorCode::InvalidInput.as_str(),
                message: msg.to_string(),
            });
        }
    }
    if !errs.out.is_empty() {
        return Err(errs.out);
    }

    // Worker-level columns: the first non-blank value; a different one on a later row is an error.
    let mut worker: [Option<&str>; N_COLS] = [None; N_COLS];
    for r in rows {
        for col in WORKER_LEVEL {
            let Some(v) = errs.cell(r, col) else { continue };
            match worker[col as usize] {
                None => worker[col as usize] = Some(v),
                Some(prev) if prev == v => {}
                Some(prev) => errs.push(
                    r.line(),
                    col,
                    format!("\"{v}\" differs from \"{prev}\" on an earlier row of the same worker"),
                ),
            }
        }
    }
    let line0 = first.line();
    let region = match worker[Col::Region as usize] {
        Some(r) => r.to_string(),
        None => {
            errs.push(line0, Col::Region, "region is required".into());
            String::new()
        }
    };
    let base_kind = worker[Col::BaseKind as usize].and_then(|_| {
        errs.parsed(
            first_with(rows, Col::BaseKind),
            Col::BaseKind,
            &[
                BaseKind::Floor,
                BaseKind::Ceiling,
                BaseKind::Income,
                BaseKind::Percent,
                BaseKind::Amount,
            ],
        )
    });
    let base_value =
        worker[Col::BaseValue as usize].and_then(|_| errs.decimal(first_with(rows, Col::BaseValue), Col::BaseValue));
    if base_value.is_some() && base_kind.is_none() && errs.out.is_empty() {
        errs.push(line0, Col::BaseKind, "base_kind is required with base_value".into());
    }
    let pension_base = base_kind.map(|kind| BaseChoice {
        kind,
        value: base_value.map(Dec),
        tier_rule: None,
    });
    let scheme = worker[Col::MedicalScheme as usize].and_then(|_| {
        errs.parsed(
            first_with(rows, Col::MedicalScheme),
            Col::MedicalScheme,
            &[MedicalScheme::Employee, MedicalScheme::None],
        )
    });
    let medical = MedicalChoice {
        scheme: scheme.unwrap_or_default(),
        rate: worker[Col::MedicalRate as usize]
            .and_then(|_| errs.decimal(first_with(rows, Col::MedicalRate), Col::MedicalRate))
            .map(crate::model::request::Rate),
        tier: worker[Col::MedicalTier as usize].map(str::to_string),
    };
    let person = match (worker[Col::Birth as usize], worker[Col::Track as usize]) {
        (None, None) => None,
        (birth, track) => {
            let mut obj = serde_json::Map::new();
            if let Some(b) = birth {
                obj.insert("birth".into(), b.into());
            }
            if let Some(t) = track {
                obj.insert("track".into(), t.into());
            }
            // Read as the JSON API reads `person`, so that both accept the same values.
            let text = serde_json::Value::Object(obj).to_string();
            match crate::foundation::json_read::from_str::<crate::engine::retirement::Person>(&text) {
                Ok(p) => Some(p),
                Err(e) => {
                    let col = if e.path.as_deref() == Some("track") {
                        Col::Track
                    } else {
                        Col::Birth
                    };
                    errs.push(line0, col, format!("person: {}", e.message.en));
                    None
                }
            }
        }
    };

    let mut months: Vec<MonthFacts> = Vec::new();
    let mut lines: Vec<Vec<u64>> = Vec::new();
    for r in rows {
        let line = r.line();
        let month = errs.required(r, Col::Month).and_then(|m| match m.parse::<YearMonth>() {
            Ok(m) => Some(m),
            Err(_) => {
                errs.push(line, Col::Month, format!("\"{m}\" is not a month YYYY-MM"));
                None
            }
        });
        let platform = errs.required(r, Col::Platform).map(str::to_string);
        let hours = errs.decimal(r, Col::Hours).unwrap_or_default();
        let income = errs.required(r, Col::Income).and_then(|t| match parse_decimal(t) {
            Ok(d) => Some(d),
            Err(e) => {
                errs.push(line, Col::Income, e);
                None
            }
        });
        let orders = errs.cell(r, Col::Orders).and_then(|o| match o.parse::<u64>() {
            Ok(n) => Some(n),
            Err(_) => {
                errs.push(line, Col::Orders, format!("\"{o}\" is not a whole number of orders"));
                None
            }
        });
        let sector = r
            .field(Col::Sector)
            .ok()
            .flatten()
            .and_then(|_| {
                errs.parsed(
                    r,
                    Col::Sector,
                    &[
                        Sector::InstantDelivery,
                        Sector::RideHailing,
                        Sector::Freight,
                        Sector::Other,
                    ],
                )
            })
            .unwrap_or_default();
        let injury_fee_class = r.field(Col::InjuryFeeClass).ok().flatten().and_then(|_| {
            errs.parsed(
                r,
                Col::InjuryFeeClass,
                &[InjuryFeeClass::Standard, InjuryFeeClass::High],
            )
        });
        let (Some(month), Some(platform), Some(income)) = (month, platform, income) else {
            continue;
        };
        if !errs.out.is_empty() {
            continue;
        }
        let entry = WorkEntry {
            platform,
            hours: Dec(hours),
            income: Dec(income),
            orders: orders.unwrap_or(0),
            sector,
            injury_fee_class,
        };
        match months.iter().position(|m| m.month == month) {
            Some(i) => {
                months[i].work.push(entry);
                lines[i].push(line);
            }
            None => {
                months.push(MonthFacts {
                    month,
                    work: vec![entry],
                });
                lines.push(vec![line]);
            }
        }
    }
    if !errs.out.is_empty() {
        return Err(errs.out);
    }
    Ok(WorkerRequest {
        worker_id,
        request: Request {
            no_estimates: false,
            region,
            scenario: Scenario::CurrentLaw,
            pension_base,
            medical,
            months,
            subsidies: Vec::new(),
            labor_facts: None,
            trace: false,
            person,
        },
        lines,
        first_line: line0,
    })
}

/// The first row where a column is not blank (worker-level columns may be given on any row).
fn first_with<R: Record>(rows: &[R], col: Col) -> &R {
    rows.iter()
        .find(|r| r.field(col).ok().flatten().is_some())
        .unwrap_or(&rows[0])
}

/// Maps an engine error to the input line and column it concerns.
pub fn locate(e: &ApiError, w: &WorkerRequest) -> BadRow {
    let path = e.path.as_deref().unwrap_or("");
    let (line, field) = locate_path(path, w);
    BadRow {
        line,
        worker_id: w.worker_id.clone(),
        field,
        code: e.code.as_str(),
        message: e.message.en.clone(),
    }
}

fn locate_path(path: &str, w: &WorkerRequest) -> (u64, String) {
    fn index(s: &str) -> Option<(usize, &str)> {
        let (n, rest) = s.split_once(']')?;
        Some((n.parse().ok()?, rest))
    }
    if let Some((i, rest)) = path.strip_prefix("months[").and_then(index) {
        let month_line = w.lines.get(i).and_then(|l| l.first()).copied().unwrap_or(w.first_line);
        if let Some((j, rest)) = rest.strip_prefix(".work[").and_then(index) {
            let line = w.lines.get(i).and_then(|l| l.get(j)).copied().unwrap_or(month_line);
            let field = rest.trim_start_matches('.');
            let field = if Col::from_name(field).is_some() {
                field
            } else {
                "platform"
            };
            return (line, field.to_string());
        }
        return (
            month_line,
            if rest == ".work" { "platform" } else { "month" }.to_string(),
        );
    }
    let field = match path {
        "pension_base.value" => "base_value",
        "pension_base.kind" | "pension_base" => "base_kind",
        "medical.rate" => "medical_rate",
        "medical.tier" => "medical_tier",
        "medical.scheme" => "medical_scheme",
        "months" => "month",
        p if p.starts_with("person.track") => "track",
        p if p.starts_with("person") => "birth",
        "" => "worker_id",
        other => other,
    };
    (w.first_line, field.to_string())
}

/// What each party pays in one month under one scenario.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Figures {
    pub pension_base: Decimal,
    pub pension_total: Decimal,
    pub pension_worker: Decimal,
    pub pension_platforms: Decimal,
    pub medical_total: Decimal,
    pub medical_worker: Decimal,
    pub medical_platforms: Decimal,
    /// Pension + medical paid by the worker.
    pub worker: Decimal,
    /// Pension + medical paid by platforms (injury protection apart).
    pub platforms: Decimal,
}

/// The key figures of one worker-month.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MonthRow {
    pub month: YearMonth,
    pub platforms: usize,
    pub hours: Decimal,
    pub income: Decimal,
    pub orders: u64,
    pub weekly_hours: Decimal,
    /// `None` when the run left the scenario out (`--scenarios`).
    pub current_law: Option<Figures>,
    pub labor_facts: Option<Figures>,
    /// Platforms liable under labor_facts.
    pub liable_platforms: Option<usize>,
    /// Occupational injury protection fees, paid by platforms (the same under both scenarios).
    pub injury: Decimal,
    pub flags: Vec<&'static str>,
}

/// One worker's result: the resolved region and a row per month, in the order of the input.
#[derive(Clone, Debug)]
pub struct WorkerResult {
    pub worker_id: String,
    /// The code the region resolved to, and its province (for the summary).
    pub region: String,
    pub province: usize,
    pub months: Vec<MonthRow>,
    /// With person columns: the retirement month and the projected monthly pension (current law).
    pub retirement: Option<YearMonth>,
    pub monthly_pension: Option<Decimal>,
}

fn sum_amounts(list: &[crate::model::response::PlatformAmount]) -> Decimal {
    list.iter().map(|p| p.amount.0).sum()
}

fn figures(m: &MonthResult) -> Figures {
    let pension_platforms = sum_amounts(&m.pension.platforms);
    let medical_platforms = sum_amounts(&m.medical.platforms);
    Figures {
        pension_base: m.pension.base.0,
        pension_total: m.pension.total.0,
        pension_worker: m.pension.worker.0,
        pension_platforms,
        medical_total: m.medical.total.0,
        medical_worker: m.medical.worker.0,
        medical_platforms,
        worker: m.worker.0,
        platforms: pension_platforms + medical_platforms,
    }
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

/// Assesses one worker under the scenarios asked for (both: as the engine's `compare` does, without
/// the warnings' texts and the differences) and keeps the key figures.
/// `cache` keeps the rules' answers for the next workers of the same place.
pub fn assess_worker<'r>(
    rules: &'r RuleSet,
    w: &WorkerRequest,
    scenarios: Scenarios,
    cache: &mut LookupCache<'r>,
) -> Result<WorkerResult, ApiError> {
    let mut run = |s: Scenario| crate::engine::assess::assess_figures_cached(rules, &w.request, s, cache);
    let current_law = match scenarios {
        Scenarios::LaborFacts => None,
        _ => Some(run(Scenario::CurrentLaw)?),
    };
    let labor_facts = match scenarios {
        Scenarios::CurrentLaw => None,
        _ => Some(run(Scenario::LaborFacts)?),
    };
    // The month's facts, flags and the person's projection come from the first scenario computed.
    let Some(first) = current_law.as_ref().or(labor_facts.as_ref()) else {
        unreachable!("at least one scenario is computed")
    };
    let place = rules.resolve(&w.request.region);
    let months = first
        .months
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let lf = labor_facts.as_ref().map(|r| &r.months[i]);
            MonthRow {
                month: a.month,
                platforms: a.labor.platforms.len(),
                hours: a.labor.hours.0,
                income: a.labor.income.0,
                orders: a.labor.orders,
                weekly_hours: a.labor.weekly_hours.0,
                current_law: current_law.as_ref().map(|r| figures(&r.months[i])),
                labor_facts: lf.map(figures),
                liable_platforms: lf.map(|b| b.labor.platforms.iter().filter(|p| p.liable == Some(true)).count()),
                injury: a.injury.total.0,
                flags: a.flags.clone(),
            }
        })
        .collect();
    Ok(WorkerResult {
        worker_id: w.worker_id.clone(),
        province: place.map_or(0, |p| p.province),
        months,
        retirement: first.retirement.as_ref().map(|r| r.date),
        monthly_pension: first.projection.as_ref().map(|p| p.monthly_pension.0),
        region: first.region.code.clone(),
    })
}

/// A value of an output cell.
pub enum Cell<'a> {
    Text(&'a str),
    /// Money or hours: two decimals, rounded half away from zero (as the JSON API prints money).
    Fen(Decimal),
    Int(u64),
    Flags(&'a [&'static str]),
    Month(Option<YearMonth>),
    OptFen(Option<Decimal>),
    /// A figure of a scenario the run left out.
    Blank,
}

/// The output columns, in order. Names are a public contract (docs/batch.md).
pub const OUTPUT_COLUMNS: [&str; 31] = [
    "worker_id",
    "month",
    "region",
    "platforms",
    "hours",
    "income",
    "orders",
    "weekly_hours",
    "cl_pension_base",
    "cl_pension_total",
    "cl_pension_worker",
    "cl_pension_platforms",
    "cl_medical_total",
    "cl_medical_worker",
    "cl_medical_platforms",
    "cl_worker",
    "cl_platforms",
    "lf_pension_base",
    "lf_pension_total",
    "lf_pension_worker",
    "lf_pension_platforms",
    "lf_medical_total",
    "lf_medical_worker",
    "lf_medical_platforms",
    "lf_worker",
    "lf_platforms",
    "lf_liable_platforms",
    "injury_platforms",
    "flags",
    "retirement_month",
    "monthly_pension",
];

/// Where [`cells`] puts a row's cells, in the output columns' order: a closure, or a writer of its own.
pub trait CellSink<'a> {
    fn put(&mut self, c: Cell<'a>);
}

impl<'a, F: FnMut(Cell<'a>)> CellSink<'a> for F {
    #[inline(always)]
    fn put(&mut self, c: Cell<'a>) {
        self(c)
    }
}

/// The cells of one output row, in the order of [`OUTPUT_COLUMNS`].
pub fn cells<'a>(w: &'a WorkerResult, m: &'a MonthRow, mut sink: impl CellSink<'a>) {
    sink.put(Cell::Text(&w.worker_id));
    sink.put(Cell::Month(Some(m.month)));
    sink.put(Cell::Text(&w.region));
    sink.put(Cell::Int(m.platforms as u64));
    sink.put(Cell::Fen(m.hours));
    sink.put(Cell::Fen(m.income));
    sink.put(Cell::Int(m.orders));
    sink.put(Cell::Fen(m.weekly_hours));
    for f in [&m.current_law, &m.labor_facts] {
        match f {
            Some(f) => {
                sink.put(Cell::Fen(f.pension_base));
                sink.put(Cell::Fen(f.pension_total));
                sink.put(Cell::Fen(f.pension_worker));
                sink.put(Cell::Fen(f.pension_platforms));
                sink.put(Cell::Fen(f.medical_total));
                sink.put(Cell::Fen(f.medical_worker));
                sink.put(Cell::Fen(f.medical_platforms));
                sink.put(Cell::Fen(f.worker));
                sink.put(Cell::Fen(f.platforms));
            }
            None => (0..9).for_each(|_| sink.put(Cell::Blank)),
        }
    }
    sink.put(m.liable_platforms.map_or(Cell::Blank, |n| Cell::Int(n as u64)));
    sink.put(Cell::Fen(m.injury));
    sink.put(Cell::Flags(&m.flags));
    sink.put(Cell::Month(w.retirement));
    sink.put(Cell::OptFen(w.monthly_pension));
}

/// Writes a decimal with exactly two decimals, rounded half away from zero, as the API's `Fen` does,
/// without going through `Display` or `Decimal` rounding (the batch writes tens of millions of them).
pub fn write_fen(d: Decimal, out: &mut Vec<u8>) {
    let Some(fen) = fen_magnitude(d) else {
        return write_large_fen(d, out);
    };
    let negative = d.is_sign_negative() && fen != 0;
    if fen < SHORT_FEN_LIMIT && !negative {
        // The usual amount: "0.00" to "99999.99", eight bytes at most.
        let (whole, len) = packed_short(fen / 100);
        let text =
            whole | u64::from(b'.') << (8 * len) | u64::from(PACKED_PAIRS[(fen % 100) as usize]) << (8 * len + 8);
        return append_short(text, len + 3, out);
    }
    // Written backwards from the end: the integer digits, the point, two decimals, and the sign.
    let mut text = [0u8; LONGEST_NUMBER];
    let mut start = text.len() - 2;
    text[start..].copy_from_slice(&digit_pair(fen % 100));
    start -= 1;
    text[start] = b'.';
    start = put_digits(fen / 100, &mut text[..start]);
    if negative {
        start -= 1;
        text[start] = b'-';
    }
    out.extend_from_slice(&text[start..]);
}

/// Fen below this are written by [`append_short`]: at most five digits, the point and two decimals.
const SHORT_FEN_LIMIT: u64 = 10_000_000;

/// The digits of `n` (below 10^8) packed into a u64, the first digit in the lowest byte, and their
/// number: built in a register, so that the text reaches the output in one 8-byte store.
fn packed_short(mut n: u64) -> (u64, usize) {
    let (mut text, mut len) = (0u64, 0);
    while n >= 100 {
        text = text << 16 | u64::from(PACKED_PAIRS[(n % 100) as usize]);
        n /= 100;
        len += 2;
    }
    if n >= 10 {
        (text << 16 | u64::from(PACKED_PAIRS[n as usize]), len + 2)
    } else {
        (text << 8 | (u64::from(b'0') + n), len + 1)
    }
}

/// Appends the `len` (at most 8) lowest bytes of `text`: one 8-byte store and a truncation, where
/// copying a few bytes from a buffer was a `memcpy` call (a twentieth of the batch's time, perf).
#[inline(always)]
fn append_short(text: u64, len: usize, out: &mut Vec<u8>) {
    let end = out.len() + len;
    out.extend_from_slice(&text.to_le_bytes());
    out.truncate(end);
}

/// "00" to "99" as the two bytes of a little-endian u16 (the tens digit first in the text).
const PACKED_PAIRS: [u16; 100] = {
    let mut pairs = [0u16; 100];
    let mut i = 0;
    while i < 100 {
        pairs[i] = u16::from_le_bytes([b'0' + (i / 10) as u8, b'0' + (i % 10) as u8]);
        i += 1;
    }
    pairs
};

/// |`d`| in fen, rounded half away from zero, when it fits a u64 (every real amount does): integer
/// division instead of `Decimal::round_dp_with_strategy`.
fn fen_magnitude(d: Decimal) -> Option<u64> {
    let mantissa = u64::try_from(d.mantissa().unsigned_abs()).ok()?;
    match d.scale() {
        scale @ 0..=2 => mantissa.checked_mul(10u64.pow(2 - scale)),
        scale => {
            let unit = 10u64.checked_pow(scale - 2)?;
            let (fen, rest) = (mantissa / unit, mantissa % unit);
            // Half a fen or more rounds away from zero (`rest * 2 >= unit`, without overflow).
            Some(fen + u64::from(rest >= unit - rest))
        }
    }
}

/// [`write_fen`] for the amounts beyond a u64 of fen, through `Decimal` rounding and u128 text.
#[cold]
fn write_large_fen(d: Decimal, out: &mut Vec<u8>) {
    let r = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    let fen = r.mantissa().unsigned_abs() * 10u128.pow(2 - r.scale());
    if r.is_sign_negative() && fen != 0 {
        out.push(b'-');
    }
    out.extend_from_slice((fen / 100).to_string().as_bytes());
    out.push(b'.');
    out.extend_from_slice(&digit_pair((fen % 100) as u64));
}

/// Writes a whole number.
pub fn write_int(n: u64, out: &mut Vec<u8>) {
    if n < 100_000_000 {
        let (text, len) = packed_short(n);
        return append_short(text, len, out);
    }
    let mut text = [0u8; LONGEST_NUMBER];
    let start = put_digits(n, &mut text);
    out.extend_from_slice(&text[start..]);
}

/// The longest text [`write_fen`] and [`write_int`] write themselves: a sign, the 20 digits of a u64,
/// a point and two decimals.
const LONGEST_NUMBER: usize = 24;

/// The two digits of `n` (below 100), from the same table as the packed writer's.
fn digit_pair(n: u64) -> [u8; 2] {
    PACKED_PAIRS[n as usize].to_le_bytes()
}

/// Writes the digits of `n` at the end of `text` and returns where they start.
fn put_digits(mut n: u64, text: &mut [u8]) -> usize {
    let mut start = text.len();
    while n >= 100 {
        start -= 2;
        text[start..start + 2].copy_from_slice(&digit_pair(n % 100));
        n /= 100;
    }
    if n >= 10 {
        start -= 2;
        text[start..start + 2].copy_from_slice(&digit_pair(n));
    } else {
        start -= 1;
        text[start] = b'0' + n as u8;
    }
    start
}

/// Writes a cell's text (unquoted) into `out`. Always inlined into the writers' closures, which
/// have just made the cell: its variant is then matched there, without a call (an eighth of the CSV
/// row's instructions).
#[inline(always)]
pub fn write_cell(cell: &Cell<'_>, out: &mut Vec<u8>) {
    match cell {
        Cell::Text(t) => out.extend_from_slice(t.as_bytes()),
        Cell::Fen(d) | Cell::OptFen(Some(d)) => write_fen(*d, out),
        Cell::Int(n) => write_int(*n, out),
        Cell::Flags(f) => {
            for (i, flag) in f.iter().enumerate() {
                if i > 0 {
                    out.push(b'|');
                }
                out.extend_from_slice(flag.as_bytes());
            }
        }
        Cell::Month(Some(m)) => {
            write_int(m.year() as u64, out);
            out.extend_from_slice(&[b'-', b'0' + (m.month() / 10) as u8, b'0' + (m.month() % 10) as u8]);
        }
        Cell::Month(None) | Cell::OptFen(None) | Cell::Blank => {}
    }
}

/// A running sum of decimals that is exactly the `Decimal` that adding them one by one with `+`
/// gives, scale and sign included: the summary prints `0` for a column of zeros, `1.50` for fen, and
/// `-0.00` for `0 + -0.00`, as `Decimal` does.
///
/// Each worker-month adds to 38 sums (nine columns and the difference, for two scenarios, for the
/// run and its province), and a `Decimal` addition is a call that checks its operands' sizes and
/// scales and the result's size. Here the usual step, two non-zero amounts of the same scale (fen),
/// is an inlined addition of integers, and every other step is left to `Decimal`: the totals take a
/// third fewer instructions (callgrind, a batch of `flexcalc synth --workers 3000`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RunningSum {
    /// The sum is `mantissa` × 10^-`scale`, as in a `Decimal` (so |`mantissa`| < 2^96).
    mantissa: i128,
    scale: u32,
    /// A zero that `Decimal` holds as negative.
    negative_zero: bool,
}

impl RunningSum {
    /// `Decimal` keeps its mantissa in 96 bits.
    const MANTISSA_LIMIT: u128 = 1 << 96;

    /// The rare step (scales that differ, a sum beyond 96 bits), apart so that the usual one stays
    /// a few instructions.
    #[cold]
    #[inline(never)]
    fn add_as_decimal(&mut self, d: Decimal) {
        *self = RunningSum::from(self.value() + d);
    }

    /// The sum as a `Decimal`.
    pub fn value(&self) -> Decimal {
        let mut d = Decimal::from_i128_with_scale(self.mantissa, self.scale);
        if self.negative_zero {
            d.set_sign_negative(true);
        }
        d
    }
}

impl From<Decimal> for RunningSum {
    fn from(d: Decimal) -> RunningSum {
        RunningSum {
            mantissa: d.mantissa(),
            scale: d.scale(),
            negative_zero: d.is_zero() && d.is_sign_negative(),
        }
    }
}

impl AddAssign<Decimal> for RunningSum {
    fn add_assign(&mut self, d: Decimal) {
        let m = d.mantissa();
        // Zeros as `Decimal` adds them: a zero sum becomes what is added to it (scale and sign
        // included), and adding a zero to any other sum leaves it as it is.
        if self.mantissa == 0 {
            *self = RunningSum::from(d);
            return;
        }
        if m == 0 {
            return;
        }
        if d.scale() == self.scale {
            // Both below 2^96: no overflow of an i128.
            let sum = self.mantissa + m;
            if sum.unsigned_abs() < Self::MANTISSA_LIMIT {
                self.mantissa = sum;
                return;
            }
        }
        self.add_as_decimal(d);
    }
}

/// Two partial sums (of two threads' workers) together: the `Decimal` sum of their values.
impl AddAssign for RunningSum {
    fn add_assign(&mut self, o: RunningSum) {
        *self += o.value();
    }
}

/// Written as the `Decimal` it is.
impl Serialize for RunningSum {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Serialize::serialize(&self.value(), serializer)
    }
}

/// Totals of one scenario: the sums of the output columns of the same names.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ScenarioTotals {
    pub pension_total: RunningSum,
    pub pension_worker: RunningSum,
    pub pension_platforms: RunningSum,
    pub medical_total: RunningSum,
    pub medical_worker: RunningSum,
    pub medical_platforms: RunningSum,
    pub worker: RunningSum,
    pub platforms: RunningSum,
    /// Injury protection fees (platforms; the same under both scenarios).
    pub injury_platforms: RunningSum,
}

impl ScenarioTotals {
    fn add(&mut self, f: &Figures, injury: Decimal) {
        self.pension_total += f.pension_total;
        self.pension_worker += f.pension_worker;
        self.pension_platforms += f.pension_platforms;
        self.medical_total += f.medical_total;
        self.medical_worker += f.medical_worker;
        self.medical_platforms += f.medical_platforms;
        self.worker += f.worker;
        self.platforms += f.platforms;
        self.injury_platforms += injury;
    }

    fn merge(&mut self, o: &ScenarioTotals) {
        self.pension_total += o.pension_total;
        self.pension_worker += o.pension_worker;
        self.pension_platforms += o.pension_platforms;
        self.medical_total += o.medical_total;
        self.medical_worker += o.medical_worker;
        self.medical_platforms += o.medical_platforms;
        self.worker += o.worker;
        self.platforms += o.platforms;
        self.injury_platforms += o.injury_platforms;
    }
}

/// Counts and totals for a group of workers (all, or one region).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct GroupTotals {
    pub workers: u64,
    pub worker_months: u64,
    pub current_law: ScenarioTotals,
    pub labor_facts: ScenarioTotals,
    /// labor_facts minus current_law for the worker: negative means the worker pays less.
    pub worker_difference: RunningSum,
}

impl GroupTotals {
    fn add(&mut self, w: &WorkerResult) {
        self.workers += 1;
        for m in &w.months {
            self.worker_months += 1;
            if let Some(f) = &m.current_law {
                self.current_law.add(f, m.injury);
            }
            if let Some(f) = &m.labor_facts {
                self.labor_facts.add(f, m.injury);
            }
            if let (Some(a), Some(b)) = (&m.current_law, &m.labor_facts) {
                self.worker_difference += b.worker - a.worker;
            }
        }
    }

    fn merge(&mut self, o: &GroupTotals) {
        self.workers += o.workers;
        self.worker_months += o.worker_months;
        self.merge_sums(o);
    }

    /// `o`'s sums, not its counts.
    fn merge_sums(&mut self, o: &GroupTotals) {
        self.current_law.merge(&o.current_law);
        self.labor_facts.merge(&o.labor_facts);
        self.worker_difference += o.worker_difference;
    }
}

/// Totals of a run, built up worker by worker and merged across threads.
#[derive(Clone, Debug, Default)]
pub struct Totals {
    pub rows: u64,
    pub rows_failed: u64,
    pub workers_failed: u64,
    /// Every worker. Its counts grow as workers are added; its sums only as totals are merged, from
    /// the provinces' sums: a month is added to its province alone, not twice (the sums were a twentieth
    /// of the batch's instructions). The run's totals are merged ones.
    pub all: GroupTotals,
    /// By province (index into the rules' regions).
    pub by_province: BTreeMap<usize, GroupTotals>,
}

impl Totals {
    pub fn add(&mut self, w: &WorkerResult) {
        self.all.workers += 1;
        self.all.worker_months += w.months.len() as u64;
        self.by_province.entry(w.province).or_default().add(w);
    }

    pub fn merge(&mut self, o: &Totals) {
        self.rows += o.rows;
        self.rows_failed += o.rows_failed;
        self.workers_failed += o.workers_failed;
        self.all.workers += o.all.workers;
        self.all.worker_months += o.all.worker_months;
        for (k, v) in &o.by_province {
            self.by_province.entry(*k).or_default().merge(v);
            self.all.merge_sums(v);
        }
    }

    /// The summary document (`flexcalc/v1/batch-summary`).
    pub fn summary(&self, rules: &RuleSet) -> Summary {
        Summary {
            schema: "flexcalc/v1/batch-summary",
            engine_version: crate::model::ENGINE_VERSION,
            rules_version: rules.version.clone(),
            rows: self.rows,
            rows_failed: self.rows_failed,
            workers_failed: self.workers_failed,
            totals: self.all.clone(),
            regions: self
                .by_province
                .iter()
                .filter_map(|(&p, t)| {
                    let r = rules.regions.get(p)?;
                    Some(RegionTotals {
                        code: r.code.clone(),
                        zh: r.zh.clone(),
                        en: r.en.clone(),
                        totals: t.clone(),
                    })
                })
                .collect(),
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    pub schema: &'static str,
    pub engine_version: &'static str,
    pub rules_version: String,
    pub rows: u64,
    pub rows_failed: u64,
    pub workers_failed: u64,
    pub totals: GroupTotals,
    /// Per province, by code.
    pub regions: Vec<RegionTotals>,
}

#[derive(Clone, Debug, Serialize)]
pub struct RegionTotals {
    pub code: String,
    pub zh: String,
    pub en: String,
    #[serde(flatten)]
    pub totals: GroupTotals,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fen(s: &str) -> String {
        fen_text(s.parse().unwrap())
    }

    fn fen_text(d: Decimal) -> String {
        let mut out = Vec::new();
        write_fen(d, &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn fen_formatting_matches_the_api() {
        for s in [
            "0",
            "990.4",
            "990.405",
            "-3.004",
            "4952",
            "0.5",
            "123456789.99",
            "-0.005",
            "0.004",
        ] {
            let d: Decimal = s.parse().unwrap();
            let api = serde_json::to_string(&crate::foundation::money::Fen(d)).unwrap();
            assert_eq!(fen(s), api.trim_matches('"'), "{s}");
        }
        assert_eq!(fen("-0.001"), "0.00");
        assert_eq!(fen("-0.00"), "0.00");
        // Either side of the short writer's limits (eight bytes: 99999.99 and 99,999,999): the same
        // texts as Decimal's rounding and Display.
        for s in [
            "99999.99",
            "99999.994",
            "99999.995",
            "100000.00",
            "-99999.99",
            "0.005",
            "9.999",
        ] {
            assert_eq!(fen(s), fen_by_decimal(s.parse().unwrap()), "{s}");
        }
        for n in [0, 9, 10, 99, 100, 99_999_999, 100_000_000, u64::MAX] {
            let mut out = b"x".to_vec();
            write_int(n, &mut out);
            assert_eq!(out, format!("x{n}").into_bytes());
        }
    }

    /// The decimals a running sum is checked on: amounts in fen and in other scales, zeros of every
    /// scale and sign, and mantissas near the 96 bits of a `Decimal`.
    #[cfg(not(target_arch = "wasm32"))]
    fn any_decimal() -> impl proptest::strategy::Strategy<Value = Decimal> {
        use proptest::prelude::*;
        prop_oneof![
            4 => (-10_000_000_000i64..10_000_000_000).prop_map(|fen| Decimal::new(fen, 2)),
            2 => (-1_000_000i64..1_000_000, 0u32..=6).prop_map(|(m, scale)| Decimal::new(m, scale)),
            1 => (any::<bool>(), 0u32..=4).prop_map(|(negative, scale)| {
                let mut zero = Decimal::new(0, scale);
                zero.set_sign_negative(negative);
                zero
            }),
            1 => (any::<u32>(), any::<u32>(), any::<u32>(), any::<bool>(), 0u32..=28)
                .prop_map(|(lo, mid, hi, negative, scale)| Decimal::from_parts(lo, mid, hi, negative, scale)),
        ]
    }

    /// Same value, scale and sign (of zero too) as the `Decimal`, and so the same text.
    #[cfg(not(target_arch = "wasm32"))]
    fn same(sum: RunningSum, d: Decimal) -> Result<(), proptest::test_runner::TestCaseError> {
        let v = sum.value();
        proptest::prop_assert_eq!(
            (v.to_string(), v.scale(), v.is_sign_negative()),
            (d.to_string(), d.scale(), d.is_sign_negative())
        );
        Ok(())
    }

    // proptest is a native-only dev-dependency (it does not build for wasm32).
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn a_running_sum_is_the_decimal_sum(
            a in proptest::collection::vec(any_decimal(), 0..40),
            b in proptest::collection::vec(any_decimal(), 0..40),
        ) {
            // A sum beyond a `Decimal`'s range panics, a `Decimal`'s and a running sum's alike.
            let fold = |list: &[Decimal]| list.iter().try_fold(Decimal::ZERO, |s, d| s.checked_add(*d));
            let (Some(da), Some(db)) = (fold(&a), fold(&b)) else { return Ok(()) };
            let Some(total) = da.checked_add(db) else { return Ok(()) };
            let (mut sa, mut sb) = (RunningSum::default(), RunningSum::default());
            for d in &a {
                sa += *d;
            }
            for d in &b {
                sb += *d;
            }
            same(sa, da)?;
            same(sb, db)?;
            sa += sb;
            same(sa, total)?;
        }
    }

    /// What `write_fen` must write, by `Decimal` rounding and `Display`: two decimals, a minus sign
    /// only on a non-zero amount.
    fn fen_by_decimal(d: Decimal) -> String {
        let r = d.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        let text = r.abs().to_string();
        let (int, dec) = text.split_once('.').unwrap_or((&text, ""));
        let sign = if r.is_sign_negative() && !r.is_zero() { "-" } else { "" };
        format!("{sign}{int}.{dec:0<2}")
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn fen_text_is_decimal_rounding(lo: u32, mid: u32, hi: u32, negative: bool, scale in 0u32..=28) {
            let d = Decimal::from_parts(lo, mid, hi, negative, scale);
            proptest::prop_assert_eq!(fen_text(d), fen_by_decimal(d));
        }

        /// Amounts within a u64 of fen, midpoints (…5 at three decimals) among them.
        #[test]
        fn fen_text_of_amounts_is_decimal_rounding(mantissa: i64, scale in 0u32..=6) {
            let d = Decimal::new(mantissa, scale);
            proptest::prop_assert_eq!(fen_text(d), fen_by_decimal(d));
        }

        #[test]
        fn fen_text_of_everyday_amounts_is_decimal_rounding(mantissa in -20_000_000i64..20_000_000, scale in 0u32..=4) {
            let d = Decimal::new(mantissa, scale);
            proptest::prop_assert_eq!(fen_text(d), fen_by_decimal(d));
        }

        #[test]
        fn short_whole_numbers_as_display_writes_them(n in 0u64..200_000_000) {
            let mut out = b"x".to_vec();
            write_int(n, &mut out);
            proptest::prop_assert_eq!(out, format!("x{n}").into_bytes());
        }

        #[test]
        fn whole_numbers_as_display_writes_them(n: u64) {
            let mut out = Vec::new();
            write_int(n, &mut out);
            proptest::prop_assert_eq!(out, n.to_string().into_bytes());
        }
    }

    #[test]
    fn columns_round_trip_by_name() {
        for (c, n) in INPUT_COLUMNS {
            assert_eq!(Col::from_name(n), Some(c));
            assert_eq!(c.name(), n);
        }
    }
}
