//! The employee pension a person's record buys at retirement, in today's money unless a wage growth
//! is assumed.
//!
//! basic pension = 计发基数 × (1 + average index) / 2 × years × 1 % (国发〔2005〕38号);
//! personal-account pension = balance at retirement / months divisor for the age at retirement.
//! The account earns the published yearly rates (`pension.account_interest`) and, after the last
//! published year, the request's assumed rate or the last published one carried forward. Contributions
//! continue at the chosen base until the month before retirement unless the request says otherwise.
//! Every assumption is listed in the result.

use crate::engine::benefit::{self, BaseChoice};
use crate::engine::retirement::{DivisorLookup, Lookup, Person};
use crate::engine::transitional;
use crate::foundation::error::{ApiError, ErrorCode, Message};
use crate::foundation::money::{self, Dec, Fen};
use crate::foundation::month::YearMonth;
use crate::model::citation::Citation;
use crate::model::person::Stated;
pub use crate::model::results::{Assumption, ProjectionInfo};
use crate::model::trace::{Pairs, TraceStep, Tracer};
use crate::rules::{cite, key, ty, Got, Param};
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

/// The months divisor for an age in months at retirement.
pub fn divisor(rows: &[(String, Decimal)], age_months: i64, how: DivisorLookup) -> Option<Decimal> {
    let row = |y: i64| {
        rows.iter()
            .find(|(k, _)| k.parse::<i64>().ok() == Some(y))
            .map(|(_, v)| *v)
    };
    let (years, months) = (age_months.div_euclid(12), age_months.rem_euclid(12));
    let lower = row(years)?;
    match how {
        DivisorLookup::WholeYears => Some(lower),
        DivisorLookup::Interpolated => {
            if months == 0 {
                return Some(lower);
            }
            // Past the last row there is nothing to interpolate towards: the row of the completed years.
            let Some(upper) = row(years + 1) else {
                return Some(lower);
            };
            let step = (upper - lower)
                .checked_mul(Decimal::from(months))?
                .checked_div(Decimal::from(12))?;
            lower.checked_add(step)
        }
    }
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
    let as_of = ledger.as_of;
    let g = person.wage_growth.map_or(Decimal::ZERO, |d| d.0);
    let continuing = person.continue_contributing.unwrap_or(true);
    let twelve = Decimal::from(12);

    // The record so far: months (half months kept), or years as stated on a form.
    let stated = person.stated_record();
    let cm0_dec = stated.map_or(Decimal::from(ledger.months), |s| s.months());
    let stated_years = match stated {
        Some(Stated::Years(y)) => Some(y),
        _ => None,
    };
    let cm0 = whole_months(cm0_dec);
    let idx0 = match person.average_index {
        Some(d) => d.0,
        None if ledger.months > 0 => round_index(money::div(ledger.index_sum, Decimal::from(ledger.months), "index")?),
        None => Decimal::ZERO,
    };
    let bal0 = person.account_balance.map_or(ledger.account_credits, |d| d.0);
    if stated.is_none() || person.average_index.is_none() || person.account_balance.is_none() {
        assumption(
            &mut assumptions,
            "record_from_ledger",
            format!("{cm0} months, index {idx0}, balance {}", Fen(bal0)),
            "未填写的缴费记录（缴费月数、平均缴费指数、个人账户余额）按本次台账计算",
            "The parts of the record the request does not give (contribution months, average index, account balance) are taken from this ledger alone",
        );
    }

    // Months still to pay: from the month after the ledger to the month before retirement.
    let future = if continuing {
        (as_of.months_until(retire) - 1).max(0)
    } else {
        0
    };
    let future_index = if ledger.average_wage.is_zero() {
        Decimal::ZERO
    } else {
        round_index(money::div(ledger.base, ledger.average_wage, "index")?)
    };
    let cm = cm0 + future;
    let cm_dec = money::add(cm0_dec, Decimal::from(future), "months")?;
    let weighted = money::add(
        money::mul(idx0, Decimal::from(cm0), "index")?,
        money::mul(future_index, Decimal::from(future), "index")?,
        "index",
    )?;
    // An index the request gives is used at the precision given when no month is added to it (forms
    // print indexes with up to 8 decimals); an average computed here is rounded to four.
    let index_as_given = future == 0 && person.average_index.is_some_and(|d| d.0.scale() > 4);
    let avg_index = if future == 0 && person.average_index.is_some() {
        idx0
    } else if cm > 0 {
        round_index(money::div(weighted, Decimal::from(cm), "index")?)
    } else {
        Decimal::ZERO
    };
    assumption(
        &mut assumptions,
        "continue_contributing",
        if continuing {
            format!("{future} months at base {} (index {future_index})", Fen(ledger.base))
        } else {
            "none".into()
        },
        if continuing {
            format!(
                "假定自 {} 起按当前缴费基数 {} 元（指数 {future_index}）继续缴费至退休前一个月，共 {future} 个月",
                as_of.plus(1).unwrap_or(as_of),
                Fen(ledger.base)
            )
        } else {
            "假定不再缴费".to_string()
        },
        if continuing {
            format!("Contributions continue at today's base {} (index {future_index}) until the month before retirement: {future} months", Fen(ledger.base))
        } else {
            "No further contributions".to_string()
        },
    );
    assumption(
        &mut assumptions,
        "wage_growth",
        g.to_string(),
        if g.is_zero() {
            "工资增长率假定为 0：结果为今天的货币价值".to_string()
        } else {
            format!("假定工资、缴费基数和计发基数每年增长 {g}")
        },
        if g.is_zero() {
            "Wage growth 0: the result is in today's money".to_string()
        } else {
            format!("Wages, bases and the 计发基数 grow by {g} a year")
        },
    );

    // The personal account: published yearly rates, then the assumed one.
    let mut citations = Vec::new();
    let Account {
        balance,
        credited,
        future_cost,
        last_published,
    } = account(
        lk,
        person,
        ledger,
        bal0,
        retire,
        (continuing, g),
        tracer,
        &mut citations,
    )?;
    if let Some((to, r)) = last_published {
        let after = match person.assumed_interest {
            Some(a) => format!("{}", a.0),
            None => format!("{r} (carried forward)"),
        };
        assumption(
            &mut assumptions,
            "account_interest",
            after.clone(),
            format!("个人账户按各年公布的记账利率计息（最后公布至 {to}）；此后假定为 {after}"),
            format!("The personal account earns the published yearly rates (last published through {to}); after that {after}"),
        );
    }
    assumption(
        &mut assumptions,
        "interest_convention",
        "monthly_simple_yearly_compound",
        "个人账户利息按月单利累计、每年末及退休时计入本金（本工具的约定）",
        "Interest accrues monthly on the balance, simple within a year, and is credited at each year end and at retirement (a flexcalc convention)",
    );

    // The 计发基数 (and the wage the index multiplies, where the region has one of its own).
    let base = match person.benefit_base {
        Some(b) => BaseChoice::given(b.0),
        None => benefit::bases(lk, retire, as_of, ledger.average_wage)?,
    };
    citations.extend(base.citations.iter().cloned());
    let grow = growth(g, base.grow_years)?;
    let bb = money::mul(base.benefit_base, grow, "benefit base")?;
    let iwb = money::mul(base.indexed_wage_base, grow, "benefit base")?;
    let bb_what = &base.what;
    assumption(
        &mut assumptions,
        "benefit_base",
        format!("{} from {bb_what}", Fen(base.benefit_base)),
        format!(
            "计发基数取 {}（{bb_what}），按工资增长率推至退休年份",
            Fen(base.benefit_base)
        ),
        format!(
            "The 计发基数 is {} ({bb_what}), grown by the wage growth to the year of retirement",
            Fen(base.benefit_base)
        ),
    );

    let (div, divisor_rounded, table_p) = months_divisor(lk, person, retire, age_months, &mut assumptions)?;
    let record = benefit::Record {
        months: cm_dec,
        stated_years: if future == 0 { stated_years } else { None },
        credited: person.stated_credited(),
        pre_account_paid: person.pre_account_paid_years.map(|d| d.0),
        index: avg_index,
        transitional_index: person.transitional_index.map(|d| d.0),
        balance,
        divisor: div,
    };
    let bases = benefit::Bases {
        benefit_base: bb,
        indexed_wage_base: iwb,
    };
    let mut ben = benefit::compute(lk, retire, &record, bases)?;
    let terms = transitional::Terms {
        years_convention: ben.years_convention,
        years: ben.years,
        indexed_wage_rounding: ben.indexed_wage_rounding,
        rounding: ben.rounding,
    };
    let (ben_transitional, credited_years) =
        transitional::transitional(lk, retire, &record, bases, terms, &mut ben.used)?;
    if let Some(p) = &divisor_rounded {
        if !div.fract().is_zero() || age_months % 12 != 0 {
            ben.used.list.push(benefit::Convention {
                code: "rounding.divisor",
                value: String::new(),
                grade: Some(p.entry.grade),
                message: benefit::words_divisor(&div.normalize().to_string()),
            });
        }
    }
    if base.provisional {
        ben.used.list.push(benefit::Convention {
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
    if index_as_given {
        ben.used.list.push(benefit::Convention {
            code: "average_index",
            value: String::new(),
            grade: None,
            message: benefit::words_index(&avg_index.to_string()),
        });
    }
    if record.credited.is_none() && record.pre_account_paid.is_none() {
        assumption(
            &mut assumptions,
            "credited_time",
            "none",
            "未填写视同缴费年限：按没有视同缴费年限计算，过渡性养老金为 0",
            "No credited time before the personal account is given: none is assumed, and the transitional pension is 0",
        );
    }
    let (basic, account) = (ben.basic, ben.account);
    let transitional = ben_transitional.unwrap_or(Decimal::ZERO);
    let monthly = money::add(money::add(basic, account, "pension")?, transitional, "pension")?;

    // The worker's own contributions and how long the pension takes to repay them.
    let past = if stated.is_none() && person.average_index.is_none() {
        ledger.worker_paid
    } else {
        let rate = lk.require(key::PENSION_RATE, as_of)?.value;
        let est = money::mul(
            money::mul(
                money::mul(Decimal::from(cm0), idx0, "paid")?,
                ledger.average_wage,
                "paid",
            )?,
            rate,
            "paid",
        )?;
        assumption(
            &mut assumptions,
            "past_contributions_estimated",
            Fen(est).to_string(),
            "既往个人缴费按缴费月数 × 平均指数 × 当前社平工资 × 费率估算（今天的货币价值）",
            "Past own contributions are estimated as months × average index × today's average wage × the rate (today's money)",
        );
        est
    };
    let own = money::add(past, future_cost, "contributions")?;
    let yearly = money::mul(monthly, twelve, "repay")?;
    let repay = if yearly.is_zero() {
        None
    } else {
        Some(Dec(
            money::div(own, yearly, "repay")?.round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero)
        ))
    };

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
        inputs: Pairs(vec![
            ("benefit_base", bb.to_string()),
            ("indexed_wage", ben.indexed_wage.to_string()),
            ("average_index", avg_index.to_string()),
            ("years", ben.years.to_string()),
            ("contribution_months", cm.to_string()),
            ("account_balance", balance.to_string()),
            ("account_credited", credited.to_string()),
            ("months_divisor", div.to_string()),
        ]),
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
        contribution_months: cm,
        average_index: Dec(avg_index.normalize()),
        account_balance: Fen(balance),
        benefit_base: Fen(bb),
        months_divisor: Dec(div.normalize()),
        own_contributions: Fen(own),
        repay_years: repay,
        assumptions,
        transitional_pension: ben_transitional.map(Fen),
        credited_years: credited_years.map(|y| Dec(y.normalize())),
        indexed_wage: Fen(ben.indexed_wage),
        benefit_base_period: base.period,
        benefit_base_provisional: base.provisional,
        conventions: ben.used.list,
    })
}

/// Warning code: no 计发基数 in the rules data, the average wage stands in for it.
pub const BENEFIT_BASE_FROM_WAGE: &str = benefit::BENEFIT_BASE_FROM_WAGE;

/// The personal account from the ledger's last month to retirement: each year's published interest
/// rate (the assumed one once the rules data carry the last forward), the credits of the months still
/// paid, grown by the wage growth, and interest credited at each year end and at retirement.
struct Account {
    balance: Decimal,
    /// What the months still to pay add to the account (before interest).
    credited: Decimal,
    /// What the worker pays for them.
    future_cost: Decimal,
    /// The last published rate and the month it runs to.
    last_published: Option<(YearMonth, Decimal)>,
}

#[allow(clippy::too_many_arguments)]
fn account(
    lk: &mut Lookup<'_, '_>,
    person: &Person,
    ledger: &LedgerSummary,
    bal0: Decimal,
    retire: YearMonth,
    (continuing, g): (bool, Decimal),
    tracer: &Tracer,
    citations: &mut Vec<Citation>,
) -> Result<Account, ApiError> {
    let as_of = ledger.as_of;
    let twelve = Decimal::from(12);
    let mut balance = bal0;
    let mut interest = Decimal::ZERO;
    let mut year_rate: Option<(i32, Decimal)> = None;
    let mut carried_noted = false;
    let mut last_published: Option<(YearMonth, Decimal)> = None;
    let mut m = as_of;
    let mut credited = Decimal::ZERO;
    let mut future_cost = Decimal::ZERO;
    for _ in 0..as_of.months_until(retire).max(0) - 1 {
        m = m.plus(1).ok_or_else(|| ApiError::overflow("projection months"))?;
        let rate = match year_rate {
            Some((y, r)) if y == m.year() => r,
            _ => {
                let found = match lk.rules.find(lk.place, Param::PensionAccountInterest, m) {
                    Err(e) if e.code == ErrorCode::RulesNotAvailable => {
                        return Err(ApiError::new(
                            ErrorCode::RulesNotAvailable,
                            Some("months".into()),
                            Message::new(
                                format!("规则数据中的个人账户记账利率不含 {}", m.year()),
                                format!("the rules data have no personal-account interest rate for {}", m.year()),
                            ),
                        ))
                    }
                    other => other?,
                };
                let f = found.ok_or_else(|| {
                    ApiError::new(
                        ErrorCode::ParameterRequired,
                        Some("person.assumed_interest".into()),
                        Message::new(
                            "规则数据缺少个人账户记账利率",
                            "the rules data have no personal-account interest rate",
                        ),
                    )
                })?;
                let value = f.get(key::PENSION_ACCOUNT_INTEREST)?.value;
                let r = if f.carried_forward() {
                    match person.assumed_interest {
                        Some(a) => a.0,
                        None => {
                            if !carried_noted {
                                lk.note(&f, m);
                                carried_noted = true;
                            }
                            value
                        }
                    }
                } else {
                    if tracer.enabled() && citations.len() < 20 {
                        citations.push(cite(&f));
                    }
                    last_published = Some((f.entry.to.unwrap_or(m), value));
                    value
                };
                if f.carried_forward() && last_published.is_none() {
                    last_published = Some((f.entry.to.unwrap_or(f.entry.from), value));
                }
                year_rate = Some((m.year(), r));
                r
            }
        };
        let monthly = money::div(rate, twelve, "account interest")?;
        interest = money::add(
            interest,
            money::mul(balance, monthly, "account interest")?,
            "account interest",
        )?;
        if continuing {
            let factor = growth(g, i64::from(m.year() - as_of.year()))?;
            let credit = money::mul(ledger.monthly_credit, factor, "account")?;
            balance = money::add(balance, credit, "account")?;
            credited = money::add(credited, credit, "account")?;
            future_cost = money::add(
                future_cost,
                money::mul(ledger.monthly_cost, factor, "contributions")?,
                "contributions",
            )?;
        }
        if m.month() == 12 {
            balance = money::add(balance, interest, "account")?;
            interest = Decimal::ZERO;
        }
    }
    balance = money::add(balance, interest, "account")?;
    Ok(Account {
        balance,
        credited,
        future_cost,
        last_published,
    })
}

/// The months divisor for an age at retirement, by the request's lookup or the rules data's, rounded
/// as published where it falls between two rows; with the entries to cite.
fn months_divisor<'r>(
    lk: &mut Lookup<'r, '_>,
    person: &Person,
    retire: YearMonth,
    age_months: i64,
    assumptions: &mut Vec<Assumption>,
) -> Result<Divisor<'r>, ApiError> {
    let table_p = lk.require(key::PENSION_MONTHS_DIVISOR, retire)?;
    let rows = table_p.value;
    let how = match person.divisor_lookup {
        Some(h) => h,
        None => lk.require(key::PENSION_DIVISOR_LOOKUP, retire)?.value,
    };
    let div = divisor(rows, age_months, how).ok_or_else(|| {
        ApiError::new(
            ErrorCode::ParameterRequired,
            Some("person.retire_at".into()),
            Message::new(
                format!("计发月数表中没有 {} 岁的数值", age_months / 12),
                format!("the months divisor table has no row for age {}", age_months / 12),
            ),
        )
    })?;
    // A divisor between two rows, as published since the 2025 reform (to one decimal in the tables
    // provinces publish); none before the rule's first period.
    let mut divisor_rounded = None;
    let div = match lk.param(key::ROUNDING_DIVISOR, retire) {
        Ok(Some(p)) if how == DivisorLookup::Interpolated => {
            let d = p.value.apply(div)?;
            divisor_rounded = Some(p);
            d
        }
        Ok(_) => div,
        Err(e) if e.code == ErrorCode::RulesNotAvailable => div,
        Err(e) => return Err(e),
    };
    assumption(
        assumptions,
        "divisor_lookup",
        how.name(),
        format!(
            "计发月数：退休年龄 {} 岁 {} 个月按“{}”取 {div}",
            age_months / 12,
            age_months % 12,
            how.name()
        ),
        format!(
            "Months divisor for {}y{}m by {}: {div}",
            age_months / 12,
            age_months % 12,
            how.name()
        ),
    );
    Ok((div, divisor_rounded, table_p))
}

/// A months divisor, the rounding applied to it where it lies between two rows, and its table.
type Divisor<'r> = (Decimal, Option<Got<'r, ty::Rounding>>, Got<'r, ty::Table>);

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Vec<(String, Decimal)> {
        [("59", 145), ("60", 139), ("61", 132), ("70", 56)]
            .iter()
            .map(|(k, v)| (k.to_string(), Decimal::from(*v)))
            .collect()
    }

    #[test]
    fn divisor_lookup_options() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        // 60y3m: whole years -> 139; interpolated 139 - 7 x 3/12 = 137.25.
        assert_eq!(divisor(&rows(), 723, DivisorLookup::WholeYears), Some(d("139")));
        assert_eq!(divisor(&rows(), 723, DivisorLookup::Interpolated), Some(d("137.25")));
        // 59y6m: 145 - 6 x 6/12 = 142.
        assert_eq!(divisor(&rows(), 714, DivisorLookup::Interpolated), Some(d("142")));
        // Past the last row: the row of the completed years; before the first: none.
        assert_eq!(
            divisor(&rows(), 70 * 12 + 5, DivisorLookup::Interpolated),
            Some(d("56"))
        );
        assert_eq!(divisor(&rows(), 58 * 12, DivisorLookup::WholeYears), None);
    }

    #[test]
    fn growth_compounds() {
        assert_eq!(
            growth("0.1".parse().unwrap(), 2).unwrap(),
            "1.21".parse::<Decimal>().unwrap()
        );
        assert_eq!(growth(Decimal::ZERO, 40).unwrap(), Decimal::ONE);
    }
}
