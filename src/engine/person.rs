//! The person's blocks of a response: retirement, the pension projection and the resident schemes,
//! computed from the request's `person` and the months the assessment produced.

use crate::engine::projection::{self, LedgerSummary, ProjectionInfo};
use crate::engine::resident::{self, ResidentInfo};
use crate::engine::retirement::{self, Lookup, RetirementInfo};
use crate::foundation::error::{ApiError, ErrorCode};
use crate::foundation::money::{self};
use crate::foundation::month::YearMonth;
use crate::model::request::Request;
use crate::model::response::MonthResult;
use crate::model::trace::Tracer;
use crate::rules::{key, Param, Place, RuleSet};
use rust_decimal::Decimal;

/// The blocks a request with a `person` adds to the response.
#[derive(Debug, Default)]
pub struct PersonBlocks {
    pub retirement: Option<RetirementInfo>,
    pub projection: Option<ProjectionInfo>,
    pub resident: Option<ResidentInfo>,
    pub gap: Option<crate::model::results::GapInfo>,
}

/// The average wage of a month: the rules data's `average_wage`, else the ceiling divided by the top of
/// the percent range (the ceiling is 300 % of it).
fn average_wage(lk: &mut Lookup<'_, '_>, month: YearMonth) -> Result<Decimal, ApiError> {
    if let Some(f) = lk.rules.find(lk.place, Param::AverageWage, month)? {
        return Ok(f.get(key::AVERAGE_WAGE)?.value);
    }
    let ceiling = lk.require(key::PENSION_BASE_CEILING, month)?.value;
    let range = lk.require(key::PENSION_BASE_PERCENT_RANGE, month)?;
    let (_, max) = range.value;
    if max.is_zero() {
        return Err(range.wrong_kind());
    }
    money::div(
        money::mul(ceiling, Decimal::ONE_HUNDRED, "average wage")?,
        max,
        "average wage",
    )
}

/// Sums what the projection needs from the months of the response.
pub fn ledger_summary(lk: &mut Lookup<'_, '_>, months: &[MonthResult]) -> Result<LedgerSummary, ApiError> {
    let last = months.iter().max_by_key(|m| m.month).ok_or_else(|| {
        ApiError::invalid(
            "months",
            "请至少填写一个月份",
            "months is empty: give at least one month",
        )
    })?;
    let mut index_sum = Decimal::ZERO;
    let mut account = Decimal::ZERO;
    let mut paid = Decimal::ZERO;
    for m in months {
        let wage = average_wage(lk, m.month)?;
        if !wage.is_zero() {
            let ix = projection::round_index(money::div(m.pension.base.0, wage, "index")?);
            index_sum = money::add(index_sum, ix, "index")?;
        }
        account = money::add(account, m.pension.personal_account.0, "account")?;
        paid = money::add(paid, m.pension.worker.0, "contributions")?;
    }
    Ok(LedgerSummary {
        as_of: last.month,
        months: u32::try_from(months.len()).unwrap_or(u32::MAX),
        index_sum,
        account_credits: account,
        worker_paid: paid,
        base: last.pension.base.0,
        monthly_cost: last.pension.worker.0,
        monthly_credit: last.pension.personal_account.0,
        average_wage: average_wage(lk, last.month)?,
    })
}

/// Retirement, projection and resident blocks for a request with a `person`; empty without one.
pub fn person_blocks(
    rules: &RuleSet,
    place: &Place,
    req: &Request,
    months: &[MonthResult],
    notes: &mut crate::engine::context::Notes,
    tracer: &mut Tracer,
) -> Result<PersonBlocks, ApiError> {
    let Some(person) = &req.person else {
        return Ok(PersonBlocks::default());
    };
    let mut lk = Lookup {
        rules,
        place,
        notes,
        path: "person",
    };
    let ledger = ledger_summary(&mut lk, months)?;
    let as_of = ledger.as_of;
    person.validate(as_of)?;
    let cm0 = person
        .stated_record()
        .map_or(i64::from(ledger.months), |s| projection::whole_months(s.months()));
    let continuing = person.continue_contributing.unwrap_or(true);
    let gap = i64::from(person.gap_months.unwrap_or(0));
    let record = move |date: YearMonth| {
        cm0 + if continuing {
            projection::months_to_pay(as_of, date, gap)
        } else {
            0
        }
    };
    let ret = retirement::assess(&mut lk, person, &record, tracer)?;
    let proj = projection::project(&mut lk, person, &ledger, ret.date, ret.age.total_months(), tracer)?;
    // The resident schemes are shown beside when the rules data cover the month; never a reason to fail.
    let res = match resident::assess(&mut lk, person.birth, as_of, tracer) {
        Ok(r) => Some(r),
        Err(e) if matches!(e.code, ErrorCode::RulesNotAvailable | ErrorCode::ParameterRequired) => None,
        Err(e) => return Err(e),
    };
    // The decision blocks are left out of the core wasm module (feature `decisions`, Cargo.toml).
    #[cfg(feature = "decisions")]
    let gap = match person.gap_months {
        Some(months) if months > 0 => Some(crate::engine::gap::assess(&mut lk, months, as_of)?),
        _ => None,
    };
    #[cfg(not(feature = "decisions"))]
    let gap = None;
    Ok(PersonBlocks {
        retirement: Some(ret),
        projection: Some(proj),
        resident: res,
        gap,
    })
}
