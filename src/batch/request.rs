//! One worker's rows to one [`Request`], every bad cell reported; and an engine error mapped back to
//! the row and column it came from.

use super::{BadRow, Col, Record, WorkerRequest, MAX_ROWS_PER_WORKER, N_COLS, WORKER_LEVEL};
use crate::foundation::error::{excerpt, ApiError, ErrorCode, Message};
use crate::foundation::money::{parse_decimal, Dec};
use crate::foundation::month::YearMonth;
use crate::model::request::{
    BaseChoice, BaseKind, InjuryFeeClass, MedicalChoice, MedicalScheme, MonthFacts, Request, Scenario, Sector,
    WorkEntry,
};
use rust_decimal::Decimal;
use serde::de::IntoDeserializer;
use serde::{Deserialize, Serialize};

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
    fn push(&mut self, line: u64, col: Col, message: Message) {
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
                let zh = format!("“{}”（{}）不能为空", col.zh_name(), col.name());
                self.push(r.line(), col, Message::new(zh, format!("{} is required", col.name())));
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
                let zh = format!("“{}”不是数字", excerpt(text));
                self.push(r.line(), col, Message::new(zh, e));
                None
            }
        }
    }

    fn parsed<'r, T: Deserialize<'r> + Serialize, R: Record>(&mut self, r: &'r R, col: Col, all: &[T]) -> Option<T> {
        let text = self.cell(r, col)?;
        let v = enum_value(text);
        if v.is_none() {
            let all = choices(all);
            let zh = format!("“{}”不是可选的值：{all}", excerpt(text));
            self.push(
                r.line(),
                col,
                Message::new(zh, format!("\"{text}\" is not one of: {all}")),
            );
        }
        v
    }
}

/// Builds one worker's request from its rows (consecutive rows with the same `worker_id`). Rows of
/// one month are grouped into one month in the order the months first appear. Every bad cell of every
/// row is reported, not only the first.
pub fn build_request<R: Record>(rows: &[R]) -> Result<WorkerRequest, Vec<BadRow>> {
    let worker_id = rows[0].field(Col::WorkerId).ok().flatten().unwrap_or("").to_string();
    let mut errs = RowErrors {
        worker_id: &worker_id,
        out: Vec::new(),
    };
    if !rows_usable(rows, &mut errs) {
        return Err(errs.out);
    }
    let worker = worker_cells(rows, &mut errs);
    let choices = worker_choices(rows, &worker, &mut errs);
    let (months, lines) = month_facts(rows, &mut errs);
    if !errs.out.is_empty() {
        return Err(errs.out);
    }
    Ok(WorkerRequest {
        worker_id,
        request: Request {
            no_estimates: false,
            collected_in: None,
            region: choices.region,
            scenario: Scenario::CurrentLaw,
            pension_base: choices.pension_base,
            scenario_base: choices.scenario_base,
            medical: choices.medical,
            months,
            subsidies: Vec::new(),
            labor_facts: None,
            trace: false,
            person: choices.person,
            places: Vec::new(),
        },
        lines,
        first_line: rows[0].line(),
    })
}

/// The checks that make the rest pointless: a worker id, at most [`MAX_ROWS_PER_WORKER`] rows, and
/// rows that are rows (a JSONL line that is an object). `false` when one fails (noted in `errs`).
fn rows_usable<R: Record>(rows: &[R], errs: &mut RowErrors<'_>) -> bool {
    if errs.worker_id.is_empty() {
        for r in rows {
            errs.push(
                r.line(),
                Col::WorkerId,
                Message::new("“编号”（worker_id）不能为空", "worker_id is required"),
            );
        }
        return false;
    }
    if rows.len() > MAX_ROWS_PER_WORKER {
        errs.push(
            rows[MAX_ROWS_PER_WORKER].line(),
            Col::WorkerId,
            Message::new(
                format!("同一编号的行数超过 {MAX_ROWS_PER_WORKER}"),
                format!("more than {MAX_ROWS_PER_WORKER} rows for one worker"),
            ),
        );
        return false;
    }
    for r in rows {
        if let Some((field, msg)) = r.problem() {
            errs.out.push(BadRow {
                line: r.line(),
                worker_id: errs.worker_id.to_string(),
                field: field.to_string(),
                code: ErrorCode::InvalidInput.as_str(),
                message: Message::new(format!("这一行无法读取：{msg}"), msg),
            });
        }
    }
    errs.out.is_empty()
}

/// Worker-level columns: the first non-blank value; a different one on a later row is an error.
fn worker_cells<'r, R: Record>(rows: &'r [R], errs: &mut RowErrors<'_>) -> [Option<&'r str>; N_COLS] {
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
                    Message::new(
                        format!("“{v}”与同一编号前面一行的“{prev}”不同（这一列在同一劳动者的各行须相同）"),
                        format!("\"{v}\" differs from \"{prev}\" on an earlier row of the same worker"),
                    ),
                ),
            }
        }
    }
    worker
}

/// What the worker-level columns ask for.
struct WorkerChoices {
    region: String,
    pension_base: Option<BaseChoice>,
    scenario_base: Option<BaseChoice>,
    medical: MedicalChoice,
    person: Option<crate::engine::retirement::Person>,
}

fn worker_choices<R: Record>(rows: &[R], worker: &[Option<&str>; N_COLS], errs: &mut RowErrors<'_>) -> WorkerChoices {
    let line0 = rows[0].line();
    let region = match worker[Col::Region as usize] {
        Some(r) => r.to_string(),
        None => {
            errs.push(
                line0,
                Col::Region,
                Message::new("“地区”（region）不能为空", "region is required"),
            );
            String::new()
        }
    };
    let pension_base = pension_base(rows, worker, errs);
    let scenario_base =
        worker[Col::ScenarioBase as usize].and_then(|_| scenario_base(first_with(rows, Col::ScenarioBase), errs));
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
    let person = person(line0, worker[Col::Birth as usize], worker[Col::Track as usize], errs);
    WorkerChoices {
        region,
        pension_base,
        scenario_base,
        medical,
        person,
    }
}

fn pension_base<R: Record>(
    rows: &[R],
    worker: &[Option<&str>; N_COLS],
    errs: &mut RowErrors<'_>,
) -> Option<BaseChoice> {
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
        errs.push(
            rows[0].line(),
            Col::BaseKind,
            Message::new(
                "填写了“缴费基数”（base_value），也须填写“缴费基数类型”（base_kind）",
                "base_kind is required with base_value",
            ),
        );
    }
    base_kind.map(|kind| BaseChoice {
        kind,
        value: base_value.map(Dec),
        tier_rule: None,
    })
}

/// The `scenario_base` cell: the API's kinds, `floor`, `ceiling` and `income` alone, `percent` and
/// `amount` with their value after a colon (`percent:60`, `amount:5000`; a full-width colon too), the
/// value as the API's `scenario_base.value`.
fn scenario_base<R: Record>(r: &R, errs: &mut RowErrors<'_>) -> Option<BaseChoice> {
    let text = errs.cell(r, Col::ScenarioBase)?;
    let (kind_text, value_text) = match text.split_once([':', '：']) {
        Some((k, v)) => (k.trim(), Some(v.trim())),
        None => (text.trim(), None),
    };
    let kinds = [
        BaseKind::Floor,
        BaseKind::Ceiling,
        BaseKind::Income,
        BaseKind::Percent,
        BaseKind::Amount,
    ];
    let Some(kind) = enum_value::<BaseKind>(kind_text) else {
        let all = choices(&kinds);
        errs.push(
            r.line(),
            Col::ScenarioBase,
            Message::new(
                format!(
                    "“{}”不是可选的值：{all}（percent 和 amount 在冒号后写数值，例如 percent:60）",
                    excerpt(text)
                ),
                format!(
                    "\"{text}\" is not one of: {all} (percent and amount take a value after a colon, e.g. percent:60)"
                ),
            ),
        );
        return None;
    };
    let needs_value = matches!(kind, BaseKind::Percent | BaseKind::Amount);
    let value = match (needs_value, value_text) {
        (true, Some(v)) => match parse_decimal(v) {
            Ok(d) => Some(Dec(d)),
            Err(e) => {
                errs.push(
                    r.line(),
                    Col::ScenarioBase,
                    Message::new(format!("“{}”不是数字", excerpt(v)), e),
                );
                return None;
            }
        },
        (true, None) => {
            errs.push(
                r.line(),
                Col::ScenarioBase,
                Message::new(
                    format!("“{kind_text}”须在冒号后写数值，例如 {kind_text}:60"),
                    format!("{kind_text} needs a value after a colon, e.g. {kind_text}:60"),
                ),
            );
            return None;
        }
        (false, Some(_)) => {
            errs.push(
                r.line(),
                Col::ScenarioBase,
                Message::new(
                    format!("“{kind_text}”不带数值，请只写 {kind_text}"),
                    format!("{kind_text} takes no value: write {kind_text} alone"),
                ),
            );
            return None;
        }
        (false, None) => None,
    };
    Some(BaseChoice {
        kind,
        value,
        tier_rule: None,
    })
}

/// The person columns, read as the JSON API reads `person`, so that both accept the same values.
fn person(
    line0: u64,
    birth: Option<&str>,
    track: Option<&str>,
    errs: &mut RowErrors<'_>,
) -> Option<crate::engine::retirement::Person> {
    if birth.is_none() && track.is_none() {
        return None;
    }
    let mut obj = serde_json::Map::new();
    if let Some(b) = birth {
        obj.insert("birth".into(), b.into());
    }
    if let Some(t) = track {
        obj.insert("track".into(), t.into());
    }
    let text = serde_json::Value::Object(obj).to_string();
    match crate::foundation::json_read::from_str::<crate::engine::retirement::Person>(&text) {
        Ok(p) => Some(p),
        Err(e) => {
            let col = if e.path.as_deref() == Some("track") {
                Col::Track
            } else {
                Col::Birth
            };
            errs.push(
                line0,
                col,
                Message::new(
                    format!("出生年月或退休类别：{}", e.message.zh),
                    format!("person: {}", e.message.en),
                ),
            );
            None
        }
    }
}

/// The months and their work entries, with the line of each entry. After the first error the rows
/// are still read (to report every bad cell) but no longer kept.
fn month_facts<R: Record>(rows: &[R], errs: &mut RowErrors<'_>) -> (Vec<MonthFacts>, Vec<Vec<u64>>) {
    let mut months: Vec<MonthFacts> = Vec::new();
    let mut lines: Vec<Vec<u64>> = Vec::new();
    for r in rows {
        let Some((month, entry)) = work_entry(r, errs) else {
            continue;
        };
        if !errs.out.is_empty() {
            continue;
        }
        let line = r.line();
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
    (months, lines)
}

/// One row's month and work entry; `None` when a required cell is missing or bad (noted in `errs`).
fn work_entry<R: Record>(r: &R, errs: &mut RowErrors<'_>) -> Option<(YearMonth, WorkEntry)> {
    let line = r.line();
    let month = errs.required(r, Col::Month).and_then(|m| match m.parse::<YearMonth>() {
        Ok(m) => Some(m),
        Err(_) => {
            let zh = format!("“{}”不是年月（格式如 2025-09）", excerpt(m));
            errs.push(
                line,
                Col::Month,
                Message::new(zh, format!("\"{m}\" is not a month YYYY-MM")),
            );
            None
        }
    });
    let platform = errs.required(r, Col::Platform).map(str::to_string);
    let hours = errs.decimal(r, Col::Hours).unwrap_or_default();
    let income = errs.required(r, Col::Income).and_then(|t| match parse_decimal(t) {
        Ok(d) => Some(d),
        Err(e) => {
            errs.push(line, Col::Income, Message::new(format!("“{}”不是数字", excerpt(t)), e));
            None
        }
    });
    let orders = errs.cell(r, Col::Orders).and_then(|o| match o.parse::<u64>() {
        Ok(n) => Some(n),
        Err(_) => {
            let zh = format!("“{}”不是整数（订单数）", excerpt(o));
            errs.push(
                line,
                Col::Orders,
                Message::new(zh, format!("\"{o}\" is not a whole number of orders")),
            );
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
    let entry = WorkEntry {
        platform: platform?,
        hours: Dec(hours),
        income: Dec(income?),
        orders: orders.unwrap_or(0),
        sector,
        injury_fee_class,
    };
    Some((month?, entry))
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
        message: e.message.clone(),
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
        p if p.starts_with("scenario_base") => "scenario_base",
        p if p.starts_with("person.track") => "track",
        p if p.starts_with("person") => "birth",
        "" => "worker_id",
        other => other,
    };
    (w.first_line, field.to_string())
}
