//! The transitional pension (过渡性养老金) for time credited before the personal account began, by the
//! province's named formula in the rules data (`pension.transitional_formula`):
//! - `indexed_wage`: base × index × credited years × coefficient (most provinces);
//! - `indexed_wage_index_at_least_one`: the same with an index below 1 counted as 1 (Inner Mongolia);
//! - `average_of_bases`: (计发基数 + base × index) / 2 × credited years × coefficient (Liaoning, Sichuan…);
//! - `credited_at_one_plus_paid_indexed`: 计发基数 × (credited years × 1 + years paid before the account ×
//!   transitional index) × coefficient (Beijing's G同 + G实);
//! - `fixed_plus_per_whole_year`: a fixed amount plus an amount per whole contribution year (Guangdong's
//!   allowance), plus the credited account ÷ `pension.credited_account_divisor` (the original method's
//!   part for credited time); with credited time but no credited account stated the result is absent;
//! - `base_per_credited_year`: 计发基数 × credited years × coefficient (the index counted as 1), plus the
//!   credited account ÷ `pension.credited_account_divisor` (Shanghai's 虚账实记);
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
    let account_given = r.credited_account.is_some_and(|b| !b.is_zero());
    let (Some(f), Some(kind)) = (formula, kind) else {
        if none_credited && !account_given {
            return Ok((Some(Decimal::ZERO), credited));
        }
        used.add("pension.transitional_formula", "not_modelled", "", None);
        return Ok((None, credited));
    };
    let with_account = matches!(kind, "fixed_plus_per_whole_year" | "base_per_credited_year");
    match kind {
        "not_modelled" => {
            used.add("pension.transitional_formula", kind, "", Some(&f));
            return Ok((None, credited));
        }
        "fixed_plus_per_whole_year" if !none_credited && r.credited_account.is_none() => {
            // The part for credited time is the credited account ÷ its months: without the account the
            // office's figure cannot be reproduced.
            used.add("pension.transitional_formula", "not_modelled", "", Some(&f));
            return Ok((None, credited));
        }
        _ => {}
    }
    if account_given && !with_account {
        used.add("pension.credited_account_divisor", "not_used", "", None);
    }
    if none_credited && !(with_account && account_given) && kind != "fixed_plus_per_whole_year" {
        return Ok((Some(Decimal::ZERO), credited));
    }
    if with_account {
        let own = match kind {
            "fixed_plus_per_whole_year" => fixed_plus_per_whole_year(lk, retire, &t, used)?,
            _ => base_per_credited_year(lk, retire, b, credited.unwrap_or(Decimal::ZERO), used)?,
        };
        let (part, part_words) = if r.credited_account.is_some() || !none_credited {
            match credited_account_part(lk, retire, r, used)? {
                Some(p) => p,
                None => {
                    // No divisor for the month: the part for credited time is another method then
                    // (Guangdong's new method from 2026), not in the rules data.
                    used.add("pension.transitional_formula", "not_modelled", "", Some(&f));
                    return Ok((None, credited));
                }
            }
        } else {
            (Decimal::ZERO, String::new())
        };
        let amount = money::add(own.0, part, "transitional")?;
        used.add(
            "pension.transitional_formula",
            kind,
            &format!("{}{part_words}", own.1),
            Some(&f),
        );
        return Ok((Some(t.rounding.apply(amount)?), credited));
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

/// 计发基数 × credited years × coefficient, the index counted as 1 (Shanghai), unrounded, and the
/// computation in words.
fn base_per_credited_year(
    lk: &mut Lookup<'_, '_>,
    retire: YearMonth,
    b: Bases,
    credited: Decimal,
    used: &mut Used,
) -> Result<(Decimal, String), ApiError> {
    let coef = lk.require(key::PENSION_TRANSITIONAL_COEFFICIENT, retire)?;
    let amount = money::mul(
        money::mul(b.benefit_base, credited, "transitional")?,
        coef.value,
        "transitional",
    )?;
    used.citations.push(cite(&coef));
    Ok((amount, format!("{} × {credited} × {}", b.benefit_base, coef.value)))
}

/// The credited account (虚账实记) ÷ `pension.credited_account_divisor`, unrounded, and the computation
/// in words; 0 when the request states none (the conventions then say so); None when the rules data have
/// no divisor for the month.
fn credited_account_part(
    lk: &mut Lookup<'_, '_>,
    retire: YearMonth,
    r: &Record,
    used: &mut Used,
) -> Result<Option<(Decimal, String)>, ApiError> {
    let Some(div) = lk.param(key::PENSION_CREDITED_ACCOUNT_DIVISOR, retire)? else {
        return Ok(None);
    };
    let Some(balance) = r.credited_account else {
        used.add("pension.credited_account_divisor", "none_given", "", Some(&div));
        return Ok(Some((Decimal::ZERO, String::new())));
    };
    if div.value <= Decimal::ZERO {
        return Ok(None);
    }
    let part = money::div(balance, div.value, "transitional")?;
    used.citations.push(cite(&div));
    Ok(Some((part, format!(" + {balance} ÷ {}", div.value))))
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
    let mut coef_p = lk.require(key::PENSION_TRANSITIONAL_COEFFICIENT, retire)?;
    if r.intellectual {
        // Ningxia's forms: "×1.3%(知识分子1.43%)"; elsewhere the flag changes nothing, and says so.
        match lk.param(key::PENSION_TRANSITIONAL_COEFFICIENT_INTELLECTUAL, retire)? {
            Some(own) => {
                used.add("pension.transitional_coefficient_intellectual", "applied", "", None);
                coef_p = own;
            }
            None => used.add("pension.transitional_coefficient_intellectual", "not_used", "", None),
        }
    }
    let coef = coef_p.value;
    let mut ti = r.transitional_index.unwrap_or(r.index);
    if kind == "indexed_wage_index_at_least_one" {
        ti = ti.max(Decimal::ONE);
    }
    let mut tw = money::mul(b.indexed_wage_base, ti, "transitional")?;
    if let Some(rr) = &t.indexed_wage_rounding {
        tw = rr.apply(tw)?;
    }
    // The form's printed indexed wage stands for base × average index wherever the formula takes it;
    // a transitional index of another value, or one raised to 1, is a different figure.
    if ti == r.index {
        tw = r.stated_indexed_wage.unwrap_or(tw);
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
