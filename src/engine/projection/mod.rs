//! The employee pension a person's record buys at retirement, in today's money unless a wage growth
//! is assumed.
//!
//! basic pension = 计发基数 × (1 + average index) / 2 × years × 1 % (国发〔2005〕38号);
//! personal-account pension = balance at retirement / months divisor for the age at retirement.
//! The account earns the published yearly rates (`pension.account_interest`) and, after the last
//! published year, the request's assumed rate or the last published one carried forward. Contributions
//! continue at the chosen base until the month before retirement unless the request says otherwise.
//! Every assumption is listed in the result.

mod account;
mod divisor;
mod record;

use account::Continuing;
pub use divisor::divisor;
use divisor::months_divisor;

use crate::engine::benefit::{self, BaseChoice};
use crate::engine::retirement::{Lookup, Person};
use crate::engine::transitional;
use crate::foundation::error::{ApiError, Message};
use crate::foundation::money::{self, Dec, Fen};
use crate::foundation::month::YearMonth;
pub use crate::model::results::{Assumption, ProjectionInfo};
use crate::model::trace::{Pairs, TraceStep, Tracer};
use crate::rules::{cite, key, ty, Got};
use rust_decimal::{Decimal, RoundingStrategy};

/// What the ledger of the request says about the person's contributions, for the projection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LedgerSummary {
    /// The last month of the ledger: "today".
    pub as_of: YearMonth,
    pub months: u32,
    /// Sum of the ledger months' contribution indexes (each base / that month's average wage).
    pub index_sum: Decimal,
    /// Personal-account credits over the ledger.
    pub account_credits: Decimal,
    /// The worker's own pension contributions over the ledger.
    pub worker_paid: Decimal,
    /// The base, the worker's pension contribution and the personal-account credit of the last month:
    /// what continuing contributions cost and credit each month in today's money.
    pub base: Decimal,
    pub monthly_cost: Decimal,
    pub monthly_credit: Decimal,
    /// The average wage of the last month (indexes are bases divided by it).
    pub average_wage: Decimal,
}

/// Whole months of a record given in months with halves or in years: half a month or more counts as one
/// (for the minimum-years check and the estimate of past contributions).
pub fn whole_months(m: Decimal) -> i64 {
    use rust_decimal::prelude::ToPrimitive;
    m.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
        .to_i64()
        .unwrap_or(0)
}

/// Rounds an index to four decimals, the precision indexes are published with (flexcalc convention).
pub fn round_index(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero)
}

fn assumption(
    list: &mut Vec<Assumption>,
    code: &'static str,
    value: impl Into<String>,
    zh: impl Into<String>,
    en: impl Into<String>,
) {
    list.push(Assumption {
        code,
        value: value.into(),
        message: Message::new(zh, en),
    });
}

/// (1 + g)^n, checked.
fn growth(g: Decimal, n: i64) -> Result<Decimal, ApiError> {
    let mut f = Decimal::ONE;
    let step = money::add(Decimal::ONE, g, "wage growth")?;
    for _ in 0..n.max(0) {
        f = money::mul(f, step, "wage growth")?;
    }
    Ok(f)
}

/// Projects the pension at `retire` for a person whose retirement age then is `age_months`.
pub fn project(
    lk: &mut Lookup<'_, '_>,
    person: &Person,
    ledger: &LedgerSummary,
    retire: YearMonth,
    age_months: i64,
    tracer: &mut Tracer,
) -> Result<ProjectionInfo, ApiError> {
    let mut assumptions = Vec::new();
    let g = person.wage_growth.map_or(Decimal::ZERO, |d| d.0);
    let continuing = Continuing {
        contributing: person.continue_contributing.unwrap_or(true),
        wage_growth: g,
    };
    let rec = record::at_retirement(person, ledger, retire, continuing.contributing, &mut assumptions)?;
    note_wage_growth(g, &mut assumptions);

    let mut citations = Vec::new();
    let acct = account::account(
        lk,
        person,
        ledger,
        rec.so_far.balance,
        retire,
        continuing,
        tracer.enabled().then_some(&mut citations),
    )?;
    note_account_interest(person, acct.last_published, &mut assumptions);

    let base = benefit_base(lk, person, ledger, retire, g, &mut assumptions)?;
    citations.extend(base.choice.citations.iter().cloned());
    let (div, divisor_rounded, table_p) = months_divisor(lk, person, retire, age_months, &mut assumptions)?;
    let record = benefit::Record {
        months: rec.months_exact,
        stated_years: if rec.future == 0 { rec.so_far.stated_years } else { None },
        credited: person.stated_credited(),
        pre_account_paid: person.pre_account_paid_years.map(|d| d.0),
        index: rec.average_index,
        stated_indexed_wage: if rec.future == 0 {
            person.indexed_wage.map(|d| d.0)
        } else {
            None
        },
        transitional_index: person.transitional_index.map(|d| d.0),
        credited_account: person.credited_account_balance.map(|d| d.0),
        intellectual: person.intellectual == Some(true),
        balance: acct.balance,
        divisor: div,
    };
    let mut ben = benefit::compute(lk, retire, &record, base.grown)?;
    let (ben_transitional, credited_years) = transitional_pension(lk, retire, &record, base.grown, &mut ben)?;
    let rounded = divisor_rounded.filter(|_| !div.fract().is_zero() || age_months % 12 != 0);
    list_conventions(&mut ben.used.list, rounded.as_ref(), div, &base.choice, &rec);
    note_credited_time(&record, &mut assumptions);
    let (basic, account) = (ben.basic, ben.account);
    let transitional = ben_transitional.unwrap_or(Decimal::ZERO);
    let monthly = money::add(money::add(basic, account, "pension")?, transitional, "pension")?;

    let past = past_contributions(lk, person, ledger, &rec.so_far, &mut assumptions)?;
    let own = money::add(past, acct.future_cost, "contributions")?;

    citations.push(cite(&table_p));
    citations.extend(ben.used.citations.iter().cloned());
    tracer.step(|| TraceStep {
        month: Some(retire),
        step: "projection.pension",
        rule: Message::new(
            "基础养老金 =（计发基数 + 指数化月平均缴费工资）÷ 2 × 缴费年限 × 1%；个人账户养老金 = 个人账户储存额 ÷ 计发月数；过渡性养老金按本地办法",
            "Basic pension = (计发基数 + indexed wage) / 2 × years × 1 %; account pension = balance / months divisor; transitional pension by the region's formula",
        ),
        citations,
        inputs: trace_inputs(&base.grown, &ben, &rec, &acct, div),
        result: Pairs(vec![
            ("basic", basic.to_string()),
            ("account", account.to_string()),
            ("transitional", transitional.to_string()),
            ("monthly", monthly.to_string()),
        ]),
    });

    Ok(ProjectionInfo {
        retirement_date: retire,
        basic_pension: Fen(basic),
        account_pension: Fen(account),
        monthly_pension: Fen(monthly),
        years: Dec(ben
            .years
            .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
            .normalize()),
        contribution_months: rec.months,
        average_index: Dec(rec.average_index.normalize()),
        account_balance: Fen(acct.balance),
        benefit_base: Fen(base.grown.benefit_base),
        months_divisor: Dec(div.normalize()),
        own_contributions: Fen(own),
        repay_years: repay_years(own, monthly)?,
        assumptions,
        transitional_pension: ben_transitional.map(Fen),
        credited_years: credited_years.map(|y| Dec(y.normalize())),
        indexed_wage: Fen(ben.indexed_wage),
        benefit_base_period: base.choice.period,
        benefit_base_provisional: base.choice.provisional,
        conventions: ben.used.list,
    })
}

/// The inputs of the projection's step in the trace.
fn trace_inputs(
    grown: &benefit::Bases,
    ben: &benefit::Benefit,
    rec: &record::AtRetirement,
    acct: &account::Account,
    div: Decimal,
) -> Pairs {
    Pairs(vec![
        ("benefit_base", grown.benefit_base.to_string()),
        ("indexed_wage", ben.indexed_wage.to_string()),
        ("average_index", rec.average_index.to_string()),
        ("years", ben.years.to_string()),
        ("contribution_months", rec.months.to_string()),
        ("account_balance", acct.balance.to_string()),
        ("account_credited", acct.credited.to_string()),
        ("months_divisor", div.to_string()),
    ])
}

/// Warning code: no 计发基数 in the rules data, the average wage stands in for it.
pub const BENEFIT_BASE_FROM_WAGE: &str = benefit::BENEFIT_BASE_FROM_WAGE;

/// The assumption about wage growth: none means the result is in today's money.
fn note_wage_growth(g: Decimal, assumptions: &mut Vec<Assumption>) {
    let (zh, en) = if g.is_zero() {
        (
            "工资增长率假定为 0：结果为今天的货币价值".to_string(),
            "Wage growth 0: the result is in today's money".to_string(),
        )
    } else {
        (
            format!("假定工资、缴费基数和计发基数每年增长 {g}"),
            format!("Wages, bases and the 计发基数 grow by {g} a year"),
        )
    };
    assumption(assumptions, "wage_growth", g.to_string(), zh, en);
}

/// The assumptions about the account's interest: the rate after the last published year (when the
/// years to retirement reach past it) and how interest is credited.
fn note_account_interest(
    person: &Person,
    last_published: Option<(YearMonth, Decimal)>,
    assumptions: &mut Vec<Assumption>,
) {
    if let Some((to, r)) = last_published {
        let after = match person.assumed_interest {
            Some(a) => format!("{}", a.0),
            None => format!("{r} (carried forward)"),
        };
        assumption(
            assumptions,
            "account_interest",
            after.clone(),
            format!(
                "个人账户按各年公布的记账利率计息（最后公布至{}）；此后假定为 {after}",
                to.words_zh()
            ),
            format!(
                "The personal account earns the published yearly rates (last published through {}); after that {after}",
                to.words_en()
            ),
        );
    }
    assumption(
        assumptions,
        "interest_convention",
        "monthly_simple_yearly_compound",
        "个人账户利息按月单利累计、每年末及退休时计入本金（本工具的约定）",
        "Interest accrues monthly on the balance, simple within a year, and is credited at each year end and at retirement (a flexcalc convention)",
    );
}

/// The 计发基数 as chosen (the request's, the rules data's or a stand-in) and as grown to retirement.
struct BenefitBase {
    choice: BaseChoice,
    grown: benefit::Bases,
}

/// The 计发基数 (and the wage the index multiplies, where the region has one of its own), grown by
/// the wage growth to the year of retirement; with the assumption that names its source.
fn benefit_base(
    lk: &mut Lookup<'_, '_>,
    person: &Person,
    ledger: &LedgerSummary,
    retire: YearMonth,
    g: Decimal,
    assumptions: &mut Vec<Assumption>,
) -> Result<BenefitBase, ApiError> {
    let choice = match person.benefit_base {
        Some(b) => BaseChoice::given(b.0),
        None => benefit::bases(lk, retire, ledger.as_of, ledger.average_wage)?,
    };
    let grow = growth(g, choice.grow_years)?;
    let grown = benefit::Bases {
        benefit_base: money::mul(choice.benefit_base, grow, "benefit base")?,
        indexed_wage_base: money::mul(choice.indexed_wage_base, grow, "benefit base")?,
    };
    let (figure, what) = (Fen(choice.benefit_base), &choice.what);
    assumption(
        assumptions,
        "benefit_base",
        format!("{figure} from {what}"),
        format!("计发基数取 {} 元（{what}），按工资增长率推至退休年份", figure.words()),
        format!(
            "The 计发基数 is {} yuan ({what}), grown by the wage growth to the year of retirement",
            figure.words()
        ),
    );
    Ok(BenefitBase { choice, grown })
}

/// The transitional pension for credited time before the personal account, by the region's formula
/// on the benefit's terms (years, roundings), and the credited years it counted; its conventions join
/// the benefit's.
fn transitional_pension(
    lk: &mut Lookup<'_, '_>,
    retire: YearMonth,
    record: &benefit::Record,
    bases: benefit::Bases,
    ben: &mut benefit::Benefit,
) -> Result<(Option<Decimal>, Option<Decimal>), ApiError> {
    let terms = transitional::Terms {
        years_convention: ben.years_convention,
        years: ben.years,
        indexed_wage_rounding: ben.indexed_wage_rounding,
        rounding: ben.rounding,
    };
    transitional::transitional(lk, retire, record, bases, terms, &mut ben.used)
}

/// The assumption when the request gives no credited time: none, so no transitional pension.
fn note_credited_time(record: &benefit::Record, assumptions: &mut Vec<Assumption>) {
    if record.credited.is_none() && record.pre_account_paid.is_none() && record.credited_account.is_none() {
        assumption(
            assumptions,
            "credited_time",
            "none",
            "未填写视同缴费年限：按没有视同缴费年限计算，过渡性养老金为 0",
            "No credited time before the personal account is given: none is assumed, and the transitional pension is 0",
        );
    }
}

/// The conventions the projection adds to the benefit's: a months divisor rounded between two rows,
/// a provisional 计发基数, an average index used at the precision the request gives.
fn list_conventions(
    list: &mut Vec<benefit::Convention>,
    divisor_rounded: Option<&Got<'_, ty::Rounding>>,
    div: Decimal,
    base: &BaseChoice,
    rec: &record::AtRetirement,
) {
    if let Some(p) = divisor_rounded {
        list.push(benefit::Convention {
            code: "rounding.divisor",
            value: String::new(),
            grade: Some(p.entry.grade),
            message: benefit::words_divisor(&div.normalize().to_string()),
        });
    }
    if base.provisional {
        list.push(benefit::Convention {
            code: "pension.benefit_base",
            value: "provisional".into(),
            grade: None,
            message: benefit::words(
                "pension.benefit_base",
                "provisional",
                &Fen(base.benefit_base).to_string(),
            ),
        });
    }
    if rec.index_as_given {
        list.push(benefit::Convention {
            code: "average_index",
            value: String::new(),
            grade: None,
            message: benefit::words_index(&rec.average_index.to_string()),
        });
    }
}

/// The worker's own pension contributions so far: the ledger's, or, when the request states the
/// record, an estimate from it at today's average wage and rate (an assumption says so).
fn past_contributions(
    lk: &mut Lookup<'_, '_>,
    person: &Person,
    ledger: &LedgerSummary,
    so_far: &record::SoFar,
    assumptions: &mut Vec<Assumption>,
) -> Result<Decimal, ApiError> {
    if person.stated_record().is_none() && person.average_index.is_none() {
        return Ok(ledger.worker_paid);
    }
    let rate = lk.require(key::PENSION_RATE, ledger.as_of)?.value;
    let est = money::mul(
        money::mul(
            money::mul(Decimal::from(so_far.whole_months), so_far.average_index, "paid")?,
            ledger.average_wage,
            "paid",
        )?,
        rate,
        "paid",
    )?;
    assumption(
        assumptions,
        "past_contributions_estimated",
        Fen(est).to_string(),
        "既往个人缴费按缴费月数 × 平均指数 × 当前社平工资 × 费率估算（今天的货币价值）",
        "Past own contributions are estimated as months × average index × today's average wage × the rate (today's money)",
    );
    Ok(est)
}

/// Years of pension that repay the worker's own contributions, to one decimal; none without a pension.
fn repay_years(own: Decimal, monthly: Decimal) -> Result<Option<Dec>, ApiError> {
    let yearly = money::mul(monthly, Decimal::from(12), "repay")?;
    if yearly.is_zero() {
        return Ok(None);
    }
    let years = money::div(own, yearly, "repay")?;
    Ok(Some(Dec(
        years.round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero)
    )))
}

/// Months paid from the month after `as_of` to the month before `retire`, less a planned gap of `gap`
/// months at the start (never below zero): the record's growth in the retirement check, the projection
/// and the personal account alike.
pub fn months_to_pay(as_of: YearMonth, retire: YearMonth, gap: i64) -> i64 {
    (as_of.months_until(retire) - 1 - gap).max(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn growth_compounds() {
        assert_eq!(
            growth("0.1".parse().unwrap(), 2).unwrap(),
            "1.21".parse::<Decimal>().unwrap()
        );
        assert_eq!(growth(Decimal::ZERO, 40).unwrap(), Decimal::ONE);
    }
}
