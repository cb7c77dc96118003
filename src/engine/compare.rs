//! Both scenarios for one request, and what changes for each party.

use crate::engine::labor::PlatformName;
use crate::foundation::error::ApiError;
use crate::foundation::money::{self, Fen};
use crate::foundation::month::YearMonth;
use crate::model::request::{Request, Scenario};
use crate::model::response::{PlatformAmount, Response};
use crate::rules::RuleSet;
use rust_decimal::Decimal;
use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
pub struct Comparison {
    pub schema: &'static str,
    pub engine_version: &'static str,
    pub rules_version: String,
    pub current_law: Response,
    pub labor_facts: Response,
    /// labor_facts minus current_law, per party: negative for the worker means the worker pays less.
    pub differences: Differences,
}

#[derive(Clone, Debug, Serialize)]
pub struct Differences {
    pub months: Vec<MonthDifference>,
    pub totals: PartyDifference,
}

#[derive(Clone, Debug, Serialize)]
pub struct MonthDifference {
    pub month: YearMonth,
    #[serde(flatten)]
    pub parties: PartyDifference,
}

#[derive(Clone, Debug, Serialize)]
pub struct PartyDifference {
    pub worker: Fen,
    pub platforms: Vec<PlatformAmount>,
}

fn platform_costs(
    pension: &[PlatformAmount],
    medical: &[PlatformAmount],
) -> Result<Vec<(PlatformName, Decimal)>, ApiError> {
    let mut out: Vec<(PlatformName, Decimal)> = Vec::new();
    for p in pension.iter().chain(medical) {
        match out.iter_mut().find(|(n, _)| *n == p.platform) {
            Some((_, sum)) => *sum = money::add(*sum, p.amount.0, "compare")?,
            None => out.push((p.platform.clone(), p.amount.0)),
        }
    }
    Ok(out)
}

fn difference(
    worker_now: Decimal,
    worker_lf: Decimal,
    now: &[(PlatformName, Decimal)],
    lf: &[(PlatformName, Decimal)],
) -> Result<PartyDifference, ApiError> {
    let mut platforms = Vec::with_capacity(lf.len());
    for (name, amount) in lf {
        let before = now.iter().find(|(n, _)| n == name).map_or(Decimal::ZERO, |(_, a)| *a);
        platforms.push(PlatformAmount {
            platform: name.clone(),
            amount: Fen(money::sub(*amount, before, "compare")?),
        });
    }
    Ok(PartyDifference {
        worker: Fen(money::sub(worker_lf, worker_now, "compare")?),
        platforms,
    })
}

/// Runs the request under current law and under labor_facts (the request's own `scenario` is ignored;
/// its base choice, if any, applies to both, so the difference is only who pays).
pub fn compare(rules: &RuleSet, req: &Request) -> Result<Comparison, ApiError> {
    let mut now_req = req.clone();
    now_req.scenario = Scenario::CurrentLaw;
    let mut lf_req = req.clone();
    lf_req.scenario = Scenario::LaborFacts;
    let current_law = crate::engine::assess::assess(rules, &now_req)?;
    let labor_facts = crate::engine::assess::assess(rules, &lf_req)?;
    let mut months = Vec::with_capacity(current_law.months.len());
    for (a, b) in current_law.months.iter().zip(&labor_facts.months) {
        let now = platform_costs(&a.pension.platforms, &a.medical.platforms)?;
        let lf = platform_costs(&b.pension.platforms, &b.medical.platforms)?;
        months.push(MonthDifference {
            month: a.month,
            parties: difference(a.worker.0, b.worker.0, &now, &lf)?,
        });
    }
    let now = platform_costs(
        &current_law.totals.pension.platforms,
        &current_law.totals.medical.platforms,
    )?;
    let lf = platform_costs(
        &labor_facts.totals.pension.platforms,
        &labor_facts.totals.medical.platforms,
    )?;
    let totals = difference(current_law.totals.worker.0, labor_facts.totals.worker.0, &now, &lf)?;
    Ok(Comparison {
        schema: "flexcalc/v1/compare",
        engine_version: crate::model::ENGINE_VERSION,
        rules_version: rules.version.clone(),
        current_law,
        labor_facts,
        differences: Differences { months, totals },
    })
}
