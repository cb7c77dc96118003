//! One worker assessed under the scenarios asked for, and the key figures the batch keeps of it.

use super::{Scenarios, WorkerRequest};
use crate::engine::context::LookupCache;
use crate::foundation::error::ApiError;
use crate::foundation::month::YearMonth;
use crate::model::request::Scenario;
use crate::model::response::MonthResult;
use crate::rules::RuleSet;
use rust_decimal::Decimal;
use serde::Serialize;

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
