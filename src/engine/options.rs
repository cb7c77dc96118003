//! The base-choice comparison of `flexcalc options`: for 60, 80, 100, 150, 200 and 300 % of the average wage, the
//! worker's actual income and the region's floor, the monthly cost today (before and after subsidies, and
//! as a share of income) and the projected monthly pension, ready for a chart.

use crate::engine::benefit::Convention;
use crate::engine::projection::ProjectionInfo;
use crate::engine::resident::ResidentInfo;
use crate::engine::retirement::RetirementInfo;
use crate::foundation::error::{ApiError, Message};
use crate::foundation::money::{Dec, Fen};
use crate::model::person::{Person, Track};
use crate::model::request::{BaseChoice, BaseKind, Request};
use crate::model::response::{RegionInfo, Response, Warning};
pub use crate::model::results::{SchemeOutcome, Schemes};
use crate::rules::RuleSet;
use rust_decimal::Decimal;
use serde::Serialize;

/// The chart's points in percent of the average wage (issue 4); each must lie within the region's
/// legal range (`pension.base_percent_range`), else it is left out.
pub const CHART_PERCENTS: [u32; 6] = [60, 80, 100, 150, 200, 300];

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
    /// The transitional pension (issue 18): `0.00` without credited time, absent where the region's
    /// formula is not in the rules data; included in `monthly_pension`.
    pub transitional_pension: Option<Fen>,
    pub repay_years: Option<Dec>,
    /// What the worker pays a month today, pension and medical, after every subsidy that applies
    /// (issue 17: the cost that decides whether insuring is worth it).
    pub net_monthly_cost: Fen,
    /// `net_monthly_cost` as a share of the month's labor income (`"0.1587"`, four decimals); absent
    /// without income. Riders judge a choice by it (issue 17).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share_of_income: Option<Dec>,
    /// Whether the minimum contribution years are met at the retirement month (the same for every
    /// choice: the years do not depend on the base).
    pub meets_minimum_years: bool,
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
    /// The region's pension conventions the projections applied, in plain words (the same for every
    /// choice).
    pub conventions: Vec<Convention>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resident: Option<ResidentInfo>,
    /// The employee schemes at the lowest base beside the resident schemes at their lowest tier, for
    /// this worker (issue 17 item 4); absent where the resident schemes are not in the rules data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schemes: Option<Schemes>,
    /// What the comparison assumed for want of an input (a birth month), in words; empty when nothing
    /// was assumed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assumptions: Vec<Message>,
    pub warnings: Vec<Warning>,
}

pub const OPTIONS_SCHEMA: &str = "flexcalc/v1/options";

/// Without a birth month, the pension each choice buys is shown for a worker of this age today (issue
/// 17: the comparison must not wait for a birth month), on [`ASSUMED_TRACK`], and the response says so.
/// Not a legal figure: a middle working age that leaves the minimum years within reach.
pub const ASSUMED_AGE_YEARS: i64 = 40;
/// The track of the assumed worker: the men's, whose statutory age (63 for anyone 40 today) is the
/// latest, so the assumed pension is not flattered by a longer retirement.
pub const ASSUMED_TRACK: Track = Track::Male60;

/// The request's person, or the assumed one (and the assumption in words) when it has none.
pub(crate) fn person_or_assumed(req: &Request) -> Result<(Option<Person>, Vec<Message>), ApiError> {
    if req.person.is_some() {
        return Ok((None, Vec::new()));
    }
    let last = req.months.iter().map(|m| m.month).max().ok_or_else(|| {
        ApiError::invalid(
            "months",
            "请至少填写一个月份",
            "months is empty: give at least one month",
        )
    })?;
    let birth = last
        .plus(-ASSUMED_AGE_YEARS * 12)
        .ok_or_else(|| ApiError::overflow("options assumed birth"))?;
    Ok((Some(Person::with_birth(birth, ASSUMED_TRACK)), Vec::new()))
}

/// The assumed person in words, with the retirement the engine found for them.
pub(crate) fn assumed_in_words(retirement: &RetirementInfo) -> Message {
    let (y, m) = (retirement.age.years, retirement.age.months);
    let (zh_age, en_age) = match m {
        0 => (format!("{y} 岁"), format!("{y}")),
        _ => (format!("{y} 岁 {m} 个月"), format!("{y} years {m} months")),
    };
    Message::new(
        format!("未填写出生年月：养老金按今年 {ASSUMED_AGE_YEARS} 岁的男性、{zh_age}退休、一直缴到退休估算；填写出生年月可得到您自己的数字"),
        format!("No birth month given: the pension is estimated for a man aged {ASSUMED_AGE_YEARS} today who pays until he retires at {en_age}; give your birth month for your own figure"),
    )
}

/// The choices compared, each with its percent of the average wage where it is one: the chart's
/// percents, the worker's income, and the region's floor last (the points before keep their places):
/// the true lowest option where the floor lies under 60 % of the average wage (Shenzhen's 4,775, issue
/// 17). The request's tier rule goes with each.
fn choices(req: &Request) -> Vec<(BaseChoice, Option<u32>)> {
    let tier_rule = req.pension_base.as_ref().and_then(|b| b.tier_rule.clone());
    let choice = |kind, value| BaseChoice {
        kind,
        value,
        tier_rule: tier_rule.clone(),
    };
    let mut out: Vec<(BaseChoice, Option<u32>)> = CHART_PERCENTS
        .iter()
        .map(|&p| (choice(BaseKind::Percent, Some(Dec(Decimal::from(p)))), Some(p)))
        .collect();
    out.push((choice(BaseKind::Income, None), None));
    out.push((choice(BaseKind::Floor, None), None));
    out
}

/// A person's assessment's last month and projection: what the options and the places compare.
pub(crate) fn last_and_projection<'a>(
    resp: &'a Response,
    what: &str,
) -> Result<(&'a crate::model::response::MonthResult, &'a ProjectionInfo), ApiError> {
    let last = resp
        .months
        .iter()
        .max_by_key(|m| m.month)
        .ok_or_else(|| ApiError::overflow(what))?;
    let proj = resp.projection.as_ref().ok_or_else(|| ApiError::overflow(what))?;
    Ok((last, proj))
}

/// One point of the comparison from the assessment under its choice.
fn point(resp: &Response, kind: BaseKind, percent: Option<u32>) -> Result<OptionPoint, ApiError> {
    let (last, proj) = last_and_projection(resp, "options")?;
    let income = last.labor.income.0;
    let share_of_income = (!income.is_zero())
        .then(|| crate::foundation::money::div(last.net_worker_cost.0, income, "share of income"))
        .transpose()?
        .map(|s| {
            let mut s = s.round_dp_with_strategy(4, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
            s.rescale(4);
            Dec(s)
        });
    Ok(OptionPoint {
        choice: kind.name(),
        percent: percent.map(|p| Dec(Decimal::from(p))),
        label: match (percent, kind) {
            (Some(p), _) => Message::new(format!("社平工资的 {p}%"), format!("{p} % of the average wage")),
            (None, BaseKind::Floor) => Message::new("缴费基数下限", "the lowest base (the floor)"),
            (None, _) => Message::new("按实际劳动收入", "actual labor income"),
        },
        base: last.pension.base,
        monthly_cost: last.pension.worker,
        monthly_cost_with_medical: last.worker,
        monthly_pension: proj.monthly_pension,
        basic_pension: proj.basic_pension,
        account_pension: proj.account_pension,
        transitional_pension: proj.transitional_pension,
        repay_years: proj.repay_years,
        net_monthly_cost: last.net_worker_cost,
        share_of_income,
        meets_minimum_years: resp.retirement.as_ref().is_some_and(|r| r.meets_minimum),
    })
}

/// Adds `from`'s warnings to `into`, each code and parameter once.
pub(crate) fn merge_warnings(into: &mut Vec<Warning>, from: &[Warning]) {
    for w in from {
        if !into.iter().any(|x| x.code == w.code && x.parameter == w.parameter) {
            into.push(w.clone());
        }
    }
}

/// Compares the base choices for a request; without a `person`, for an assumed one (named in
/// `assumptions`).
pub fn options(rules: &RuleSet, req: &Request) -> Result<OptionsResponse, ApiError> {
    req.validate()?;
    let (assumed, mut assumptions) = person_or_assumed(req)?;
    let choices = choices(req);
    let mut points = Vec::with_capacity(choices.len());
    let mut first = None;
    let mut warnings: Vec<Warning> = Vec::new();
    for (choice, percent) in choices {
        let kind = choice.kind;
        let mut r = req.clone();
        if let Some(p) = &assumed {
            r.person = Some(p.clone());
        }
        r.pension_base = Some(choice);
        r.trace = false;
        let resp = match crate::engine::assess::assess(rules, &r) {
            Ok(resp) => resp,
            // A chart point outside the region's legal range is left out.
            Err(e) if percent.is_some() && e.path.as_deref() == Some("pension_base.value") => continue,
            Err(e) => return Err(e),
        };
        points.push(point(&resp, kind, percent)?);
        merge_warnings(&mut warnings, &resp.warnings);
        if first.is_none() {
            first = Some(resp);
        }
    }
    let first = first.ok_or_else(|| ApiError::overflow("options"))?;
    if let (Some(_), Some(r)) = (&assumed, &first.retirement) {
        assumptions.push(assumed_in_words(r));
    }
    // Left out of the core wasm module, as the other decision blocks (feature `decisions`).
    #[cfg(not(feature = "decisions"))]
    let schemes = None;
    #[cfg(feature = "decisions")]
    let schemes = match (
        points.iter().find(|p| p.choice == BaseKind::Floor.name()),
        &first.resident,
    ) {
        (Some(floor), Some(resident)) => {
            let as_of = req
                .months
                .iter()
                .map(|m| m.month)
                .max()
                .ok_or_else(|| ApiError::overflow("options"))?;
            let retire = first.retirement.as_ref().map_or(as_of, |r| r.date);
            Some(crate::engine::schemes::schemes(
                rules,
                req,
                (as_of, retire),
                (floor.net_monthly_cost, floor.monthly_pension),
                resident,
            )?)
        }
        _ => None,
    };
    let conventions = first
        .projection
        .as_ref()
        .map(|p| p.conventions.clone())
        .unwrap_or_default();
    Ok(OptionsResponse {
        schema: OPTIONS_SCHEMA,
        engine_version: crate::model::ENGINE_VERSION,
        rules_version: first.rules_version,
        region: first.region,
        retirement: first
            .retirement
            .ok_or_else(|| ApiError::overflow("options retirement"))?,
        options: points,
        conventions,
        schemes,
        resident: first.resident,
        assumptions,
        warnings,
    })
}
