//! The transitional pension (过渡性养老金) for time credited before the personal account began, by the
//! province's named formula in the rules data (`pension.transitional_formula`):
//! - `indexed_wage`: base × index × credited years × coefficient (most provinces);
//! - `indexed_wage_index_at_least_one`: the same with an index below 1 counted as 1 (Inner Mongolia);
//! - `average_of_bases`: (计发基数 + base × index) / 2 × credited years × coefficient (Liaoning, Sichuan…);
//! - `credited_at_one_plus_paid_indexed`: 计发基数 × (credited years × 1 + years paid before the account ×
//!   transitional index) × coefficient (Beijing's G同 + G实);
//! - `fixed_plus_per_whole_year`: a fixed amount plus an amount per whole contribution year (Guangdong's
//!   allowance); the part for credited time is not modelled, so with credited time the result is absent;
//! - `not_modelled`: the province's method is not in the rules data (Shenzhen).
//!
//! Without a formula in the rules data and without credited time the transitional pension is 0; with
//! credited time it is absent and the conventions say so.

use crate::engine::benefit::{years_of, Bases, Record, Used};
use crate::engine::retirement::Lookup;
use crate::foundation::error::ApiError;
use crate::foundation::money::{self, Rounding};
use crate::foundation::month::YearMonth;
use crate::model::person::Stated;
use crate::rules::{cite, key};
use rust_decimal::Decimal;

/// What the basic pension's computation settled that the transitional pension uses too.
pub struct Terms<'a> {
    pub years_convention: &'a str,
    /// The contribution years of the basic pension.
    pub years: Decimal,
    pub indexed_wage_rounding: Option<Rounding>,
    pub rounding: Rounding,
}

/// The transitional pension and the credited years it counts.
pub fn transitional(
    lk: &mut Lookup<'_, '_>,
    retire: YearMonth,
    r: &Record,
    b: Bases,
    t: Terms<'_>,
    used: &mut Used,
) -> Result<(Option<Decimal>, Option<Decimal>), ApiError> {
    let formula = lk.param(key::PENSION_TRANSITIONAL_FORMULA, retire)?;
    let kind = formula.as_ref().map(|f| f.value.name());
    let apart = kind == Some("credited_at_one_plus_paid_indexed");
    let (credited, paid_apart) = credited_years(r, &t, apart)?;
    let none_credited = credited.is_none_or(|c| c.is_zero()) && paid_apart.is_zero();
    let (Some(f), Some(kind)) = (formula, kind) else {
        if none_credited {
            return Ok((Some(Decimal::ZERO), credited));
        }
        used.add("pension.transitional_formula", "not_modelled", "", None);
        return Ok((None, credited));
    };
    match kind {
        "not_modelled" => {
            used.add("pension.transitional_formula", kind, "", Some(&f));
            return Ok((None, credited));
        }
        "fixed_plus_per_whole_year" => {
            if !none_credited {
                used.add("pension.transitional_formula", "not_modelled", "", Some(&f));
                return Ok((None, credited));
            }
            let amount = fixed_plus_per_whole_year(lk, retire, &t, used)?;
            used.add("pension.transitional_formula", kind, &amount.1, Some(&f));
            return Ok((Some(t.rounding.apply(amount.0)?), credited));
        }
        _ => {}
    }
    if none_credited {
        return Ok((Some(Decimal::ZERO), credited));
    }
    let c = credited.unwrap_or(Decimal::ZERO);
    let (amount, detail) = for_credited_time(lk, retire, r, b, &t, kind, c, paid_apart, used)?;
    used.add("pension.transitional_formula", kind, &detail, Some(&f));
    Ok((Some(t.rounding.apply(amount)?), credited))
}

/// The credited years the transitional pension counts (the time credited before the account, with the
/// years paid before it unless the formula counts them apart) and the years counted apart.
fn credited_years(r: &Record, t: &Terms<'_>, apart: bool) -> Result<(Option<Decimal>, Decimal), ApiError> {
    let credited_only = match r.credited {
        Some(Stated::Years(y)) => Some(y),
        Some(Stated::Months(m)) => {
            let conv = if t.years_convention == "parts_half_up_2" {
                "half_up_2"
            } else {
                t.years_convention
            };
            Some(years_of(conv, m, None)?)
        }
        None => None,
    };
    // Years paid before the account add to the credited years unless the formula counts them apart.
    let credited = match (credited_only, r.pre_account_paid) {
        (c, Some(p)) if !apart => Some(money::add(c.unwrap_or(Decimal::ZERO), p, "transitional")?),
        (None, Some(_)) => Some(Decimal::ZERO),
        (c, _) => c,
    };
    let paid_apart = if apart {
        r.pre_account_paid.unwrap_or(Decimal::ZERO)
    } else {
        Decimal::ZERO
    };
    Ok((credited, paid_apart))
}

/// A fixed amount plus an amount per whole contribution year (Guangdong's allowance), unrounded, and the
/// computation in words.
fn fixed_plus_per_whole_year(
    lk: &mut Lookup<'_, '_>,
    retire: YearMonth,
    t: &Terms<'_>,
    used: &mut Used,
) -> Result<(Decimal, String), ApiError> {
    let fixed = lk.require(key::PENSION_TRANSITIONAL_FIXED, retire)?;
    let per = lk.require(key::PENSION_TRANSITIONAL_PER_YEAR, retire)?;
    let whole = t.years.floor();
    let amount = money::add(
        fixed.value,
        money::mul(per.value, whole, "transitional")?,
        "transitional",
    )?;
    used.citations.push(cite(&fixed));
    used.citations.push(cite(&per));
    Ok((amount, format!("{} + {} × {whole}", fixed.value, per.value)))
}

/// The transitional pension for credited time by the formulas with a coefficient a credited year,
/// unrounded, and the computation in words.
#[allow(clippy::too_many_arguments)]
fn for_credited_time(
    lk: &mut Lookup<'_, '_>,
    retire: YearMonth,
    r: &Record,
    b: Bases,
    t: &Terms<'_>,
    kind: &str,
    c: Decimal,
    paid_apart: Decimal,
    used: &mut Used,
) -> Result<(Decimal, String), ApiError> {
    let coef_p = lk.require(key::PENSION_TRANSITIONAL_COEFFICIENT, retire)?;
    let coef = coef_p.value;
    let mut ti = r.transitional_index.unwrap_or(r.index);
    if kind == "indexed_wage_index_at_least_one" {
        ti = ti.max(Decimal::ONE);
    }
    let mut tw = money::mul(b.indexed_wage_base, ti, "transitional")?;
    if let Some(rr) = &t.indexed_wage_rounding {
        tw = rr.apply(tw)?;
    }
    let amount = match kind {
        "credited_at_one_plus_paid_indexed" => {
            let years = money::add(c, money::mul(paid_apart, ti, "transitional")?, "transitional")?;
            money::mul(money::mul(b.benefit_base, years, "transitional")?, coef, "transitional")?
        }
        "average_of_bases" => {
            let base = money::div(
                money::add(b.benefit_base, tw, "transitional")?,
                Decimal::TWO,
                "transitional",
            )?;
            money::mul(money::mul(base, c, "transitional")?, coef, "transitional")?
        }
        _ => money::mul(money::mul(tw, c, "transitional")?, coef, "transitional")?,
    };
    used.citations.push(cite(&coef_p));
    let detail = if kind == "credited_at_one_plus_paid_indexed" {
        format!("{c} × 1 + {paid_apart} × {ti}; × {coef}")
    } else {
        format!("× {c} × {coef}")
    };
    Ok((amount, detail))
}
