//! The monthly pension at retirement as a province's approval form (养老金待遇核定表) computes it: the
//! basic pension, the personal-account pension and the transitional pension, under the region's
//! conventions.
//!
//! Every convention is rules data (`pension.years_convention`, `pension.basic_formula`,
//! `pension.transitional_formula`, `rounding.*`), looked up for the place and the month of retirement;
//! this module only applies the named kinds:
//! - basic = (计发基数 + indexed wage) / 2 × years × 1 % (国发〔2005〕38号), where the indexed wage is
//!   `pension.indexed_wage_base` (default: the 计发基数) × the average index;
//! - `low_index_scaled`: below the threshold the first term is the 计发基数 × index / threshold;
//! - `year_and_month_rates`: 1 % per whole year and a rate per remaining month instead of years × 1 %;
//! - transitional = base × index × credited years × coefficient (`indexed_wage`) or
//!   (计发基数 + indexed wage) / 2 × credited years × coefficient (`average_of_bases`).

use crate::engine::retirement::Lookup;
use crate::foundation::error::{ApiError, Message};
use crate::foundation::money::{self, Rounding, RoundingMode};
use crate::foundation::month::YearMonth;
use crate::model::citation::Citation;
use crate::model::person::Stated;
pub use crate::model::results::Convention;
use crate::rules::{cite, key, Found};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

/// The contribution record at retirement.
#[derive(Clone, Copy, Debug)]
pub struct Record {
    /// All contribution months at retirement, half months allowed.
    pub months: Decimal,
    /// Years as stated on a form, used as they are, when no month is added to them.
    pub stated_years: Option<Decimal>,
    /// Time credited before the personal account (the transitional pension's years).
    pub credited: Option<Stated>,
    /// Years paid before the personal account that the province counts apart (Beijing), else with the
    /// credited years.
    pub pre_account_paid: Option<Decimal>,
    pub index: Decimal,
    /// The indexed wage as a form prints it, used instead of base × index (the office's index has more
    /// decimals than the form shows).
    pub stated_indexed_wage: Option<Decimal>,
    pub transitional_index: Option<Decimal>,
    /// The balance credited for time before the personal account (虚账实记), as a form prints it.
    pub credited_account: Option<Decimal>,
    /// The person counts as a 知识分子 for the transitional coefficient (`person.intellectual`).
    pub intellectual: bool,
    pub balance: Decimal,
    pub divisor: Decimal,
}

/// The bases: the 计发基数 and the wage the index multiplies (the same unless the region says).
#[derive(Clone, Copy, Debug)]
pub struct Bases {
    pub benefit_base: Decimal,
    pub indexed_wage_base: Decimal,
}

/// The basic and account pensions with the figures they came from.
#[derive(Clone, Debug)]
pub struct Benefit {
    pub years: Decimal,
    pub indexed_wage: Decimal,
    pub basic: Decimal,
    pub account: Decimal,
    /// What the transitional pension uses too: the years convention, the roundings.
    pub years_convention: &'static str,
    pub indexed_wage_rounding: Option<Rounding>,
    pub rounding: Rounding,
    /// The conventions applied, with their citations.
    pub used: Used,
}

/// A rounding to `places` decimals (a fen is 2, a jiao 1): built from integers, not parsed, so that the
/// core module needs no decimal parser for it.
fn rounding(places: u32, mode: RoundingMode) -> Rounding {
    Rounding {
        unit: Decimal::new(1, places),
        mode,
    }
}

/// Years from months by a named convention; `credited` is the credited part, for the conventions that
/// round it on its own.
pub fn years_of(conv: &str, months: Decimal, credited: Option<Decimal>) -> Result<Decimal, ApiError> {
    let exact = money::div(months, Decimal::from(12), "years")?;
    let two = rounding(2, RoundingMode::HalfUp);
    match conv {
        "half_up_2" => two.apply(exact),
        "half_up_4" => rounding(4, RoundingMode::HalfUp).apply(exact),
        "up_2" => rounding(2, RoundingMode::Up).apply(exact),
        "up_1" => rounding(1, RoundingMode::Up).apply(exact),
        "parts_half_up_2" => match credited {
            Some(c) if c <= months => {
                let own = money::sub(months, c, "years")?;
                money::add(
                    two.apply(money::div(c, Decimal::from(12), "years")?)?,
                    two.apply(money::div(own, Decimal::from(12), "years")?)?,
                    "years",
                )
            }
            _ => two.apply(exact),
        },
        _ => Ok(exact),
    }
}

/// Warning code: no 计发基数 in the rules data, the average wage stands in for it.
pub const BENEFIT_BASE_FROM_WAGE: &str = "benefit_base_from_average_wage";
/// Warning code: a pension that started before the rules data's first 计发基数 for the place is computed
/// with that first (later) base; the month is the pension's first.
pub const BENEFIT_BASE_LATER_YEAR: &str = "benefit_base_later_year";

/// The 计发基数 a computation uses, and where it comes from.
#[derive(Clone, Debug)]
pub struct BaseChoice {
    pub benefit_base: Decimal,
    pub indexed_wage_base: Decimal,
    /// The first month of the rules entry used.
    pub period: Option<YearMonth>,
    pub provisional: bool,
    /// Years of wage growth to apply up to the year of retirement.
    pub grow_years: i64,
    /// Where the figure comes from, in words for the assumption.
    pub what: String,
    pub citations: Vec<Citation>,
}

impl BaseChoice {
    /// The figure the request gives.
    pub fn given(b: Decimal) -> BaseChoice {
        BaseChoice {
            benefit_base: b,
            indexed_wage_base: b,
            period: None,
            provisional: false,
            grow_years: 0,
            what: "request".into(),
            citations: Vec::new(),
        }
    }
}

/// The month a source says it was published (`2025-11-07` → 2025-11), when it says.
fn published(f: &Found<'_>) -> Option<YearMonth> {
    let p = f.entry.source.published.as_deref()?;
    p.get(..7)?.parse().ok()
}

/// When a year's 计发基数 is taken as published where the rules data do not date its notice: the month of
/// its year `pension.benefit_base_notice_month` gives (the approval forms print the previous year's base
/// until about then), or None where the rules data have no such month.
fn usual_notice(lk: &mut Lookup<'_, '_>, f: &Found<'_>) -> Result<Option<YearMonth>, ApiError> {
    let at = f.entry.from;
    let Some(month) = lk.param_begun(key::PENSION_BENEFIT_BASE_NOTICE_MONTH, at)? else {
        return Ok(None);
    };
    let m = month
        .value
        .to_u32()
        .filter(|m| (1..=12).contains(m) && month.value.fract().is_zero())
        .ok_or_else(|| month.found.wrong_kind())?;
    Ok(YearMonth::new(at.year(), m))
}

/// The 计发基数 for a retirement in `retire`, as known in `known` (the last month of the ledger).
///
/// A retirement within the next calendar year (or already past) takes the base of its own year, as a form does: where
/// that year's base is not yet in the rules data, or its notice was published after `known`, the
/// previous year's applies provisionally (forms issued before a notice are recomputed and the
/// difference paid afterwards). A later retirement takes today's base grown by the wage growth.
pub fn bases(
    lk: &mut Lookup<'_, '_>,
    retire: YearMonth,
    known: YearMonth,
    wage: Decimal,
) -> Result<BaseChoice, ApiError> {
    let near = known < retire && retire.year() <= known.year() + 1;
    // A pension that started before the ledger's last month took the base of its own month, where the
    // rules data reach back to it.
    let at = if near || retire <= known { retire } else { known };
    let found = match lk.param(key::PENSION_BENEFIT_BASE, at) {
        Err(e) if e.code == crate::foundation::error::ErrorCode::RulesNotAvailable && at != known => {
            lk.param(key::PENSION_BENEFIT_BASE, known)?
        }
        other => other?,
    };
    let Some(mut f) = found else {
        lk.note_once(BENEFIT_BASE_FROM_WAGE, key::PENSION_BENEFIT_BASE.name(), known);
        return Ok(BaseChoice {
            benefit_base: wage,
            indexed_wage_base: wage,
            period: None,
            provisional: false,
            grow_years: i64::from(retire.year() - known.year()),
            what: "average wage (no 计发基数 in the rules data)".into(),
            citations: Vec::new(),
        });
    };
    if retire < f.entry.from {
        // The rules data do not reach back to the pension's year: say so rather than pass a later
        // year's base off as the pension's own.
        lk.note_once(BENEFIT_BASE_LATER_YEAR, key::PENSION_BENEFIT_BASE.name(), retire);
    }
    let mut provisional = near && f.carried_forward();
    // Only a notice of the entry's own year dates it: a page of a later year that quotes the figure says
    // nothing about when it was first published.
    let own_notice = match published(&f).filter(|p| p.year() == f.entry.from.year()) {
        Some(p) => Some(p),
        None => usual_notice(lk, &f)?,
    };
    if !f.carried_forward() && own_notice.is_some_and(|p| p > known) {
        if let Some(before) = f.entry.from.plus(-1) {
            // Before the first entry there is nothing to apply provisionally: the entry stands.
            if let Some(prev) = lk.param_begun(key::PENSION_BENEFIT_BASE, before)? {
                f = prev;
                provisional = near;
            }
        }
    }
    let iw = lk.param(
        key::PENSION_INDEXED_WAGE_BASE,
        f.entry.from.max(at.min(f.entry.to.unwrap_or(at))),
    )?;
    let value = f.value;
    let mut citations = vec![cite(&f)];
    let indexed_wage_base = match &iw {
        Some(w) => {
            citations.push(cite(w));
            w.value
        }
        None => value,
    };
    let own_year = !provisional && f.entry.from.year() == retire.year();
    let state = if provisional {
        "provisional: the year's own base is not yet published"
    } else if f.carried_forward() {
        "carried forward"
    } else {
        "published"
    };
    Ok(BaseChoice {
        benefit_base: value,
        indexed_wage_base,
        period: Some(f.entry.from),
        provisional,
        grow_years: if own_year {
            0
        } else {
            i64::from(retire.year() - known.year())
        },
        what: format!("rules data {} ({state})", f.entry.from),
        citations,
    })
}

/// Plain words for the months divisor rounded to one decimal.
pub fn words_divisor(div: &str) -> Message {
    words("rounding.divisor", "", div)
}

/// Plain words for an index used at the precision given.
pub fn words_index(ix: &str) -> Message {
    words("average_index", "", ix)
}

/// Plain words for a named convention, in both languages.
pub fn words(code: &str, value: &str, detail: &str) -> Message {
    let (zh, en) = match (code, value) {
        ("pension.years_convention", "exact") => ("缴费年限按月数除以12计算，不取整", "Contribution years are the months divided by 12, not rounded"),
        ("pension.years_convention", "half_up_2") => ("缴费年限按月数除以12后四舍五入保留两位小数", "Contribution years are the months divided by 12, rounded to two decimals"),
        ("pension.years_convention", "half_up_4") => ("缴费年限按月数除以12后四舍五入保留四位小数", "Contribution years are the months divided by 12, rounded to four decimals"),
        ("pension.years_convention", "up_2") => ("缴费年限保留两位小数，第三位起进位", "Contribution years are kept to two decimals, rounded up"),
        ("pension.years_convention", "up_1") => ("缴费年限保留一位小数，第二位起进位", "Contribution years are kept to one decimal, rounded up"),
        ("pension.years_convention", "parts_half_up_2") => ("视同缴费年限和实际缴费年限分别保留两位小数后相加", "Credited and paid years are each rounded to two decimals, then added"),
        ("pension.years_convention", "stated") => ("缴费年限按填写的数值计算", "Contribution years as stated in the request"),
        ("pension.basic_formula", "standard") => ("基础养老金 =（计发基数 + 指数化月平均缴费工资）÷ 2 × 缴费年限 × 1%", "Basic pension = (benefit base + indexed wage) / 2 × years × 1 %"),
        ("pension.basic_formula", "two_bases") => ("基础养老金 =（计发基数 + 另一基数 × 平均缴费指数）÷ 2 × 缴费年限 × 1%：两项使用不同的基数", "Basic pension = (benefit base + another base × average index) / 2 × years × 1 %: the two terms use different bases"),
        ("pension.basic_formula", "year_and_month_rates") => ("基础养老金按每满一年1%、不满一年的每月另计比例计发", "Basic pension: 1 % for each whole year and a smaller rate for each remaining month"),
        ("pension.basic_formula", "low_index_scaled") => ("平均缴费指数低于界限时，计发基数部分按指数与界限之比折算", "With an average index below the threshold, the benefit-base term is scaled by the index over the threshold"),
        ("pension.benefit_base", "provisional") => ("退休当年的计发基数尚未公布，暂按上一年度的计发基数计算；公布后重新核定，多退少补", "This year's benefit base is not yet published: last year's applies for now; the pension is recomputed after publication and the difference paid or recovered"),
        ("pension.indexed_wage", "stated") => ("指数化月平均缴费工资按核定表上的金额计算", "The indexed wage is the amount printed on the approval form"),
        ("pension.indexed_wage_base", _) => ("指数化月平均缴费工资按另一基数计算", "The indexed wage uses a base of its own"),
        ("rounding.divisor", _) => ("计发月数按岁和月确定，保留一位小数", "The months divisor for an age in years and months, to one decimal"),
        ("pension.transitional_formula", "indexed_wage") => ("过渡性养老金 = 基数 × 指数 × 视同缴费年限 × 系数", "Transitional pension = base × index × credited years × coefficient"),
        ("pension.transitional_formula", "indexed_wage_index_at_least_one") => ("过渡性养老金 = 基数 × 指数（低于1的按1计）× 视同缴费年限 × 系数", "Transitional pension = base × index (at least 1) × credited years × coefficient"),
        ("pension.transitional_formula", "credited_at_one_plus_paid_indexed") => ("过渡性养老金 = 计发基数 ×（视同缴费年限 × 1 + 建账前实际缴费年限 × 过渡性指数）× 系数", "Transitional pension = benefit base × (credited years × 1 + years paid before the account × transitional index) × coefficient"),
        ("pension.transitional_formula", "average_of_bases") => ("过渡性养老金 =（计发基数 + 指数化月平均缴费工资）÷ 2 × 视同缴费年限 × 系数", "Transitional pension = (benefit base + indexed wage) / 2 × credited years × coefficient"),
        ("pension.transitional_formula", "fixed_plus_per_whole_year") => ("过渡性养老金 = 固定金额 + 每满一年缴费年限的金额 + 视同缴费账户 ÷ 计发月数", "Transitional pension = a fixed amount + an amount per whole year of contributions + the credited account ÷ its months"),
        ("pension.transitional_formula", "base_per_credited_year") => ("过渡性养老金 = 计发基数 × 视同缴费年限 × 系数（指数按1计）+ 虚账实记 ÷ 计发月数", "Transitional pension = benefit base × credited years × coefficient (index counted as 1) + the credited account ÷ its months"),
        ("pension.transitional_coefficient_intellectual", "applied") => ("过渡性养老金按知识分子的过渡系数计算", "The transitional pension uses the coefficient for intellectuals (知识分子)"),
        ("pension.transitional_coefficient_intellectual", _) => ("本地区的过渡性养老金没有知识分子的系数，按一般系数计算", "This region's transitional pension has no coefficient of its own for intellectuals (知识分子): the general one applies"),
        ("pension.credited_account_divisor", "none_given") => ("未填写视同缴费账户（虚账实记）金额，该部分按 0 计算", "No credited account balance is given: that part is counted as 0"),
        ("pension.credited_account_divisor", "not_used") => ("本地区的过渡性养老金不计视同缴费账户（虚账实记），填写的金额未使用", "This region's transitional pension does not count a credited account: the balance given is not used"),
        ("pension.transitional_formula", _) => ("本地区的过渡性养老金办法尚未收录，未计算", "This region's transitional pension is not in the rules data: not computed"),
        ("average_index", _) => ("平均缴费指数按填写的精度使用，不再取整", "The average index is used as given, not rounded"),
        _ => ("", ""),
    };
    if detail.is_empty() {
        Message::new(zh, en)
    } else {
        Message::new(format!("{zh}（{detail}）"), format!("{en} ({detail})"))
    }
}

/// The conventions a computation used, with their citations.
#[derive(Clone, Debug, Default)]
pub struct Used {
    pub list: Vec<Convention>,
    pub citations: Vec<Citation>,
}

impl Used {
    /// Records a rounding convention in plain words.
    pub fn add_rounding(&mut self, code: &'static str, r: &Rounding, f: &Found<'_>) {
        self.citations.push(cite(f));
        self.list.push(Convention {
            code,
            value: String::new(),
            grade: Some(f.entry.grade),
            message: rounding_words(code, r),
        });
    }

    pub fn add(&mut self, code: &'static str, value: &str, detail: &str, f: Option<&Found<'_>>) {
        if let Some(f) = f {
            self.citations.push(cite(f));
        }
        self.list.push(Convention {
            code,
            value: value.to_string(),
            grade: f.map(|f| f.entry.grade),
            message: words(code, value, detail),
        });
    }
}

/// Plain words for a rounding parameter: what is rounded, to what unit, which way.
pub fn rounding_words(code: &str, r: &Rounding) -> Message {
    let (what_zh, what_en) = match code {
        "rounding.indexed_wage" => ("指数化月平均缴费工资先", "The indexed wage is first"),
        "rounding.basic_pension" => ("基础养老金", "The basic pension is"),
        _ => ("各项养老金", "Each pension amount is"),
    };
    let (mode_zh, mode_en) = match r.mode {
        RoundingMode::HalfUp => ("四舍五入", "rounded half up"),
        RoundingMode::Up => ("进位（见分进角）", "rounded up"),
        RoundingMode::Down => ("舍去", "rounded down"),
    };
    Message::new(
        format!("{what_zh}{mode_zh}到 {} 元", r.unit),
        format!("{what_en} {mode_en} to {} yuan", r.unit),
    )
}

/// Computes the three parts at `retire` for the record and bases, under the region's conventions.
pub fn compute(lk: &mut Lookup<'_, '_>, retire: YearMonth, r: &Record, b: Bases) -> Result<Benefit, ApiError> {
    let mut used = Used {
        list: Vec::new(),
        citations: Vec::new(),
    };
    let (years, conv) = contribution_years(lk, retire, r, &mut used)?;
    let (indexed_wage, iw_round) = indexed_wage(lk, retire, r, b, &mut used)?;
    let basic_raw = basic_unrounded(lk, retire, r, b, years, indexed_wage, &mut used)?;

    let benefit_p = lk.require(key::ROUNDING_BENEFIT, retire)?;
    let benefit_r = benefit_p.value;
    used.add_rounding("rounding.benefit", &benefit_r, &benefit_p);
    let basic = match lk.param(key::ROUNDING_BASIC_PENSION, retire)? {
        Some(f) => {
            let rr = f.value;
            used.add_rounding("rounding.basic_pension", &rr, &f);
            rr.apply(basic_raw)?
        }
        None => benefit_r.apply(basic_raw)?,
    };
    let account = if r.divisor.is_zero() {
        Decimal::ZERO
    } else {
        benefit_r.apply(money::div(r.balance, r.divisor, "account pension")?)?
    };

    Ok(Benefit {
        years,
        indexed_wage,
        basic,
        account,
        years_convention: conv,
        indexed_wage_rounding: iw_round,
        rounding: benefit_r,
        used,
    })
}

/// The contribution years of the basic pension: as stated on a form, else the months by the province's
/// years convention (`pension.years_convention`); and the convention's name.
fn contribution_years(
    lk: &mut Lookup<'_, '_>,
    retire: YearMonth,
    r: &Record,
    used: &mut Used,
) -> Result<(Decimal, &'static str), ApiError> {
    let credited_months = r.credited.map(Stated::months);
    let conv_p = lk.param(key::PENSION_YEARS_CONVENTION, retire)?;
    let conv = conv_p.map_or("exact", |f| f.value.name());
    let years = match r.stated_years {
        Some(y) => {
            used.add("pension.years_convention", "stated", &y.normalize().to_string(), None);
            y
        }
        None => {
            let y = years_of(conv, r.months, credited_months)?;
            used.add(
                "pension.years_convention",
                conv,
                &y.normalize().to_string(),
                conv_p.as_ref().map(|g| &g.found),
            );
            y
        }
    };
    Ok((years, conv))
}

/// The indexed wage (the wage the index multiplies × the index), rounded where the province rounds it
/// (`rounding.indexed_wage`), and that rounding.
fn indexed_wage(
    lk: &mut Lookup<'_, '_>,
    retire: YearMonth,
    r: &Record,
    b: Bases,
    used: &mut Used,
) -> Result<(Decimal, Option<Rounding>), ApiError> {
    let iw_round = lk.param_begun(key::ROUNDING_INDEXED_WAGE, retire)?;
    if let Some(w) = r.stated_indexed_wage {
        used.add("pension.indexed_wage", "stated", &w.normalize().to_string(), None);
        return Ok((w, iw_round.map(|f| f.value)));
    }
    let mut indexed_wage = money::mul(b.indexed_wage_base, r.index, "indexed wage")?;
    if let Some(f) = &iw_round {
        let rr = f.value;
        indexed_wage = rr.apply(indexed_wage)?;
        used.add_rounding("rounding.indexed_wage", &rr, f);
    }
    if b.indexed_wage_base != b.benefit_base {
        used.add(
            "pension.indexed_wage_base",
            "",
            &b.indexed_wage_base.normalize().to_string(),
            None,
        );
    }
    Ok((indexed_wage, iw_round.map(|f| f.value)))
}

/// The basic pension before rounding, by the province's named formula (`pension.basic_formula`):
/// (base term + indexed wage) / 2 × years × the rate a year (国发〔2005〕38号), the base term scaled
/// below an index threshold (`low_index_scaled`), or the rate by whole years and remaining months
/// (`year_and_month_rates`).
fn basic_unrounded(
    lk: &mut Lookup<'_, '_>,
    retire: YearMonth,
    r: &Record,
    b: Bases,
    years: Decimal,
    indexed_wage: Decimal,
    used: &mut Used,
) -> Result<Decimal, ApiError> {
    let rate = lk.require(key::PENSION_BASIC_RATE_PER_YEAR, retire)?;
    let rate_y = rate.value;
    used.citations.push(cite(&rate));
    let formula_p = lk.param(key::PENSION_BASIC_FORMULA, retire)?;
    let formula = formula_p.map_or("standard", |f| f.value.name());
    let mut first = b.benefit_base;
    let mut percent = None;
    let mut detail = String::new();
    match formula {
        "low_index_scaled" => {
            let t = lk.require(key::PENSION_LOW_INDEX_THRESHOLD, retire)?;
            let threshold = t.value;
            if !threshold.is_zero() && r.index < threshold {
                // The forms print the scale factor to four decimals (0.4520 / 0.6 → 0.7533).
                let a = money::div(r.index, threshold, "basic")?
                    .round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero);
                first = money::mul(first, a, "basic")?;
                detail = format!("{} / {threshold} = {a}", r.index);
            }
            used.citations.push(cite(&t));
        }
        "year_and_month_rates" => {
            let per_month = lk.require(key::PENSION_BASIC_RATE_PER_MONTH, retire)?;
            let months = match r.stated_years {
                Some(y) => money::mul(y, Decimal::from(12), "basic")?
                    .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero),
                None => r.months,
            };
            let whole = (months / Decimal::from(12)).floor();
            let rest = money::sub(months, whole * Decimal::from(12), "basic")?;
            percent = Some(money::add(
                money::mul(whole, rate_y, "basic")?,
                money::mul(rest, per_month.value, "basic")?,
                "basic",
            )?);
            detail = format!("{whole} × {rate_y} + {rest} × {}", per_month.value);
            used.citations.push(cite(&per_month));
        }
        _ => {}
    }
    used.add(
        "pension.basic_formula",
        formula,
        &detail,
        formula_p.as_ref().map(|g| &g.found),
    );
    let half = money::div(money::add(first, indexed_wage, "basic")?, Decimal::TWO, "basic")?;
    match percent {
        Some(p) => money::mul(half, p, "basic"),
        None => money::mul(money::mul(half, years, "basic")?, rate_y, "basic"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn years_by_convention() {
        // 515 months = 42.91667 years: 42.92 half up (most provinces' forms); 31y1m = 31.0833: 31.09 rounded
        // up at the third decimal (Guangxi); 30y8m = 30.667: 30.7 up to 0.1 (Anhui).
        assert_eq!(years_of("half_up_2", d("515"), None).unwrap(), d("42.92"));
        assert_eq!(years_of("up_2", d("373"), None).unwrap(), d("31.09"));
        assert_eq!(years_of("half_up_2", d("373"), None).unwrap(), d("31.08"));
        assert_eq!(years_of("up_1", d("368"), None).unwrap(), d("30.7"));
        assert_eq!(years_of("exact", d("6"), None).unwrap(), d("0.5"));
        // Jiangxi: 506 months = 42.16666… -> 42.1667; 19 months = 1.58333… -> 1.5833 (jx-2023-8, jx-2024-1).
        assert_eq!(years_of("half_up_4", d("506"), None).unwrap(), d("42.1667"));
        assert_eq!(years_of("half_up_4", d("19"), None).unwrap(), d("1.5833"));
        // Beijing: 12y1m credited (12.08) + 32y9m paid (32.75) = 44.83, each rounded on its own.
        assert_eq!(
            years_of("parts_half_up_2", d("538"), Some(d("145"))).unwrap(),
            d("44.83")
        );
        // Half months (Hebei, Heilongjiang): 30 years 5.5 months = 365.5 months = 30.458 -> 30.46.
        assert_eq!(years_of("half_up_2", d("365.5"), None).unwrap(), d("30.46"));
    }
}
