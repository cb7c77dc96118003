//! The person's blocks of a response (retirement, projection, resident schemes) and the base-choice
//! comparison of `flexcalc options`: for 60, 80, 100, 150, 200 and 300 % of the average wage and for
//! the worker's actual income, the monthly cost today and the projected monthly pension, ready for a
//! chart.

use crate::error::{ApiError, ErrorCode, Message};
use crate::money::{self, Dec, Fen};
use crate::month::YearMonth;
use crate::projection::{self, LedgerSummary, ProjectionInfo};
use crate::request::{BaseChoice, BaseKind, Request};
use crate::resident::{self, ResidentInfo};
use crate::response::{MonthResult, RegionInfo, Warning};
use crate::retirement::{self, Lookup, RetirementInfo};
use crate::rules::{Place, RuleSet, Value};
use crate::trace::Tracer;
use rust_decimal::Decimal;
use serde::Serialize;

/// The chart's points in percent of the average wage (issue 4); each must lie within the region's
/// legal range (`pension.base_percent_range`), else it is left out.
pub const CHART_PERCENTS: [u32; 6] = [60, 80, 100, 150, 200, 300];

/// The blocks a request with a `person` adds to the response.
#[derive(Debug, Default)]
pub struct PersonBlocks {
    pub retirement: Option<RetirementInfo>,
    pub projection: Option<ProjectionInfo>,
    pub resident: Option<ResidentInfo>,
}

/// The average wage of a month: the rules data's `average_wage`, else the ceiling divided by the top of
/// the percent range (the ceiling is 300 % of it).
fn average_wage(lk: &mut Lookup<'_, '_>, month: YearMonth) -> Result<Decimal, ApiError> {
    if let Some(f) = lk.rules.find(lk.place, "average_wage", month)? {
        return f.decimal();
    }
    let ceiling = lk.require("pension.base_ceiling", month)?.decimal()?;
    let range = lk.require("pension.base_percent_range", month)?;
    let Value::Range { max, .. } = range.entry.value else {
        return Err(range.wrong_kind());
    };
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
    notes: &mut crate::context::Notes,
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
    let cm0 = person.contribution_months.map_or(i64::from(ledger.months), i64::from);
    let continuing = person.continue_contributing.unwrap_or(true);
    let record = move |date: YearMonth| {
        cm0 + if continuing {
            (as_of.months_until(date) - 1).max(0)
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
    Ok(PersonBlocks {
        retirement: Some(ret),
        projection: Some(proj),
        resident: res,
    })
}

/// One point of the comparison.
#[derive(Clone, Debug, Serialize)]
pub struct OptionPoint {
    /// `percent` or `income`.
    pub choice: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub percent: Option<Dec>,
    pub label: Message,
    /// The base of the last month of the ledger under this choice (after clamping and tiers).
    pub base: Fen,
    /// The worker's pension contribution a month today under this choice.
    pub monthly_cost: Fen,
    /// The worker's pension and medical contributions a month today.
    pub monthly_cost_with_medical: Fen,
    pub monthly_pension: Fen,
    pub basic_pension: Fen,
    pub account_pension: Fen,
    pub repay_years: Option<Dec>,
}

/// The response of `flexcalc options`.
#[derive(Clone, Debug, Serialize)]
pub struct OptionsResponse {
    pub schema: &'static str,
    pub engine_version: &'static str,
    pub rules_version: String,
    pub region: RegionInfo,
    pub retirement: RetirementInfo,
    pub options: Vec<OptionPoint>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resident: Option<ResidentInfo>,
    pub warnings: Vec<Warning>,
}

pub const OPTIONS_SCHEMA: &str = "flexcalc/v1/options";

/// Compares the base choices for a request with a `person`.
pub fn options(rules: &RuleSet, req: &Request) -> Result<OptionsResponse, ApiError> {
    if req.person.is_none() {
        return Err(ApiError::invalid(
            "person",
            "比较缴费档次需要填写 person（出生年月和退休类别）",
            "options needs a person (birth and track)",
        ));
    }
    let tier_rule = req.pension_base.as_ref().and_then(|b| b.tier_rule.clone());
    let mut choices: Vec<(BaseChoice, Option<u32>)> = CHART_PERCENTS
        .iter()
        .map(|&p| {
            (
                BaseChoice {
                    kind: BaseKind::Percent,
                    value: Some(Dec(Decimal::from(p))),
                    tier_rule: tier_rule.clone(),
                },
                Some(p),
            )
        })
        .collect();
    choices.push((
        BaseChoice {
            kind: BaseKind::Income,
            value: None,
            tier_rule: tier_rule.clone(),
        },
        None,
    ));

    let mut points = Vec::with_capacity(choices.len());
    let mut first = None;
    let mut warnings: Vec<Warning> = Vec::new();
    for (choice, percent) in choices {
        let mut r = req.clone();
        r.pension_base = Some(choice);
        r.trace = false;
        let resp = match crate::assess(rules, &r) {
            Ok(resp) => resp,
            // A chart point outside the region's legal range is left out.
            Err(e) if percent.is_some() && e.path.as_deref() == Some("pension_base.value") => continue,
            Err(e) => return Err(e),
        };
        let last = resp
            .months
            .iter()
            .max_by_key(|m| m.month)
            .ok_or_else(|| ApiError::overflow("options"))?;
        let proj = resp
            .projection
            .as_ref()
            .ok_or_else(|| ApiError::overflow("options projection"))?;
        points.push(OptionPoint {
            choice: if percent.is_some() { "percent" } else { "income" },
            percent: percent.map(|p| Dec(Decimal::from(p))),
            label: match percent {
                Some(p) => Message::new(format!("社平工资的 {p}%"), format!("{p} % of the average wage")),
                None => Message::new("按实际劳动收入", "actual labor income"),
            },
            base: last.pension.base,
            monthly_cost: last.pension.worker,
            monthly_cost_with_medical: last.worker,
            monthly_pension: proj.monthly_pension,
            basic_pension: proj.basic_pension,
            account_pension: proj.account_pension,
            repay_years: proj.repay_years,
        });
        for w in &resp.warnings {
            if !warnings.iter().any(|x| x.code == w.code && x.parameter == w.parameter) {
                warnings.push(w.clone());
            }
        }
        if first.is_none() {
            first = Some(resp);
        }
    }
    let first = first.ok_or_else(|| ApiError::overflow("options"))?;
    Ok(OptionsResponse {
        schema: OPTIONS_SCHEMA,
        engine_version: crate::ENGINE_VERSION,
        rules_version: first.rules_version,
        region: first.region,
        retirement: first
            .retirement
            .ok_or_else(|| ApiError::overflow("options retirement"))?,
        options: points,
        resident: first.resident,
        warnings,
    })
}
