//! Employee basic medical insurance of a flexibly employed person for one month.
//!
//! Each city sets its own rule, and they differ in kind: a rate on the chosen base (Shanghai), a rate on
//! a base the city fixes (Chengdu), a fixed monthly amount (Beijing), yearly tiers (Chongqing). The rules
//! data say which; where they have no rule the request must give a rate.

use crate::engine::context::{flag, MonthCtx};
pub use crate::engine::figures::Medical;
use crate::foundation::error::{ApiError, ErrorCode, Message};
use crate::foundation::money::Rounding;
use crate::foundation::money::{self, Fen};
use crate::model::request::{MedicalChoice, MedicalScheme};
use crate::model::response::MedicalEstimateInfo;
use crate::model::trace::{Pairs, TraceStep, Tracer, Tracing};
use crate::rules::{cite, key, ty, Found, Got, MedicalPart, MedicalRule, MedicalTier};
use rust_decimal::Decimal;

pub fn contribution(
    ctx: &mut MonthCtx<'_, '_>,
    choice: &MedicalChoice,
    pension_base: Decimal,
    tracer: &mut Tracer,
) -> Result<Medical, ApiError> {
    if choice.scheme == MedicalScheme::None {
        return Ok(Medical {
            base: None,
            total: Decimal::ZERO,
            rate: None,
            estimate: None,
        });
    }
    let (rounding, rounding_p) = crate::engine::base::rounding(ctx)?;
    let month = ctx.month;
    if let Some(rate) = choice.rate {
        return by_request_rate(ctx, rate.0, pension_base, (rounding, &rounding_p), tracer);
    }
    let rule_p = city_rule(ctx)?;
    let (rule, estimate) = rule_p.value;
    let charged = by_rule(ctx, rule, choice, pension_base, rounding, tracer.tracing())?;
    tracer.step(|| TraceStep {
        month: Some(month),
        step: "medical.contribution",
        rule: Message::new(
            "按当地灵活就业人员职工医保缴费办法计算",
            "By the city's employee medical rule for flexibly employed people",
        ),
        citations: vec![cite(&rule_p), cite(&rounding_p)],
        inputs: Pairs(vec![("pension_base", pension_base.to_string()), ("rule", charged.how)]),
        result: Pairs(vec![
            ("base", charged.base.map(|b| b.to_string()).unwrap_or_default()),
            ("total", charged.total.to_string()),
        ]),
    });
    let estimate = match estimate {
        None => None,
        Some(e) => {
            ctx.flag(flag::MEDICAL_ESTIMATE);
            ctx.notes
                .note(flag::MEDICAL_ESTIMATE, key::MEDICAL_FLEXIBLE.name(), month);
            // The range in yuan: the rule's base at the low and the high rate, or the amounts themselves.
            let at = |x: Decimal| -> Result<Decimal, ApiError> {
                match charged.base {
                    Some(b) if charged.rate.is_some() => rounding.apply(money::mul(b, x, "medical")?),
                    _ => rounding.apply(x),
                }
            };
            Some((at(e.low)?, at(e.high)?))
        }
    };
    Ok(Medical {
        base: charged.base,
        total: charged.total,
        rate: charged.rate,
        estimate,
    })
}

/// The request's own rate on the chosen base: for a city the data do not cover, or to override.
fn by_request_rate(
    ctx: &mut MonthCtx<'_, '_>,
    rate: Decimal,
    pension_base: Decimal,
    (rounding, rounding_p): (Rounding, &Found<'_>),
    tracer: &mut Tracer,
) -> Result<Medical, ApiError> {
    ctx.flag(flag::MEDICAL_RATE_FROM_REQUEST);
    let total = rounding.apply(money::mul(pension_base, rate, "medical")?)?;
    let month = ctx.month;
    tracer.step(|| TraceStep {
        month: Some(month),
        step: "medical.contribution",
        rule: Message::new(
            "医保费 = 缴费基数 × 请求中给定的费率",
            "Medical = base × the rate given in the request",
        ),
        citations: vec![cite(rounding_p)],
        inputs: Pairs(vec![("base", pension_base.to_string()), ("rate", rate.to_string())]),
        result: Pairs(vec![("total", total.to_string())]),
    });
    Ok(Medical {
        base: Some(pension_base),
        total,
        rate: Some(rate),
        estimate: None,
    })
}

/// The city's rule for the month; where the data have none, or only an estimate the request refuses,
/// the request must give a rate.
fn city_rule<'r>(ctx: &mut MonthCtx<'r, '_>) -> Result<Got<'r, ty::Medical>, ApiError> {
    let month = ctx.month;
    let Some(rule_p) = ctx.optional(key::MEDICAL_FLEXIBLE)? else {
        return Err(ApiError::new(
            ErrorCode::ParameterRequired,
            Some("medical.rate".into()),
            Message::new(
                format!("规则数据中没有该地区 {month} 灵活就业人员职工医保的缴费办法，请填写费率 medical.rate（例如 0.08）"),
                format!("the rules data have no employee medical rule for flexibly employed people in this region in {month}: give medical.rate (e.g. 0.08)"),
            ),
        ));
    };
    if rule_p.value.1.is_some() && ctx.no_estimates {
        return Err(ApiError::new(
            ErrorCode::ParameterRequired,
            Some("medical.rate".into()),
            Message::new(
                format!("该地区 {month} 没有公布的灵活就业人员职工医保缴费办法，只有估算；请求拒绝估算，请填写费率 medical.rate（例如 8%）"),
                format!("no city has published an employee medical rule for flexibly employed people here in {month}, only an estimate, and the request refuses estimates: give medical.rate (e.g. 8%)"),
            ),
        ));
    }
    Ok(rule_p)
}

/// What a city's rule charges: on which base, at which rate (none for amounts), and the rule in words
/// for the trace (empty when the trace is off: not formatted).
struct Charged {
    base: Option<Decimal>,
    total: Decimal,
    rate: Option<Decimal>,
    how: String,
}

fn by_rule(
    ctx: &mut MonthCtx<'_, '_>,
    rule: &MedicalRule,
    choice: &MedicalChoice,
    pension_base: Decimal,
    rounding: Rounding,
    tracing: Tracing,
) -> Result<Charged, ApiError> {
    // The words of how the contribution was charged are built only for the trace.
    let describe = |f: &dyn Fn() -> String| if tracing == Tracing::On { f() } else { String::new() };
    Ok(match rule {
        MedicalRule::RateOnBase {
            rate,
            base_floor,
            base_ceiling,
            parts,
        } => {
            let lo = base_floor.unwrap_or(Decimal::ZERO);
            let base = match base_ceiling {
                Some(hi) => money::clamp(pension_base, lo, *hi),
                None => money::max(pension_base, lo),
            };
            Charged {
                base: Some(base),
                total: charge(base, *rate, parts, rounding)?,
                rate: Some(*rate),
                how: describe(&|| format!("{base} × {}", in_parts(*rate, parts))),
            }
        }
        MedicalRule::RateOnFixedBase { rate, base, parts } => Charged {
            base: Some(*base),
            total: charge(*base, *rate, parts, rounding)?,
            rate: Some(*rate),
            how: describe(&|| format!("{base} × {} (fixed base)", in_parts(*rate, parts))),
        },
        MedicalRule::FixedMonthly { amount } => Charged {
            base: None,
            total: rounding.apply(*amount)?,
            rate: None,
            how: describe(&|| format!("fixed {amount} a month")),
        },
        MedicalRule::YearlyTiers { tiers } => {
            let tier = yearly_tier(ctx, tiers, choice)?;
            Charged {
                base: None,
                total: rounding.apply(money::div(tier.yearly_amount, Decimal::from(12), "medical")?)?,
                rate: None,
                how: describe(&|| format!("tier {} {} a year / 12", tier.id, tier.yearly_amount)),
            }
        }
    })
}

/// The tier the request chose; none chosen, the lowest, which every worker may pick, and the result
/// says so.
fn yearly_tier<'t>(
    ctx: &mut MonthCtx<'_, '_>,
    tiers: &'t [MedicalTier],
    choice: &MedicalChoice,
) -> Result<&'t MedicalTier, ApiError> {
    let chosen = match &choice.tier {
        Some(id) => tiers.iter().find(|t| &t.id == id),
        None => {
            ctx.flag(flag::MEDICAL_TIER_DEFAULT);
            ctx.notes
                .note(flag::MEDICAL_TIER_DEFAULT, key::MEDICAL_FLEXIBLE.name(), ctx.month);
            tiers.iter().min_by(|a, b| money::cmp(a.yearly_amount, b.yearly_amount))
        }
    };
    chosen.ok_or_else(|| {
        let id = choice.tier.as_deref().unwrap_or_default();
        let ids = tiers.iter().map(|t| t.id.as_str()).collect::<Vec<_>>().join(", ");
        ApiError::invalid(
            "medical.tier",
            format!("未知档次“{id}”，可选：{ids}"),
            format!("unknown tier \"{id}\": choose one of {ids}"),
        )
    })
}

/// base × rate rounded once, or, where the city charges in parts, each part rounded on its own and
/// added up.
fn charge(base: Decimal, rate: Decimal, parts: &[MedicalPart], rounding: Rounding) -> Result<Decimal, ApiError> {
    if parts.is_empty() {
        return rounding.apply(money::mul(base, rate, "medical")?);
    }
    let mut total = Decimal::ZERO;
    for part in parts {
        total = money::add(
            total,
            rounding.apply(money::mul(base, part.rate, "medical")?)?,
            "medical",
        )?;
    }
    Ok(total)
}

/// The rate as the trace shows it: `0.095`, or `0.0875 basic + 0.0075 serious_illness, each rounded`.
fn in_parts(rate: Decimal, parts: &[MedicalPart]) -> String {
    if parts.is_empty() {
        return rate.to_string();
    }
    let mut out = String::new();
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(" + ");
        }
        out.push_str(&p.rate.to_string());
        out.push(' ');
        out.push_str(p.name);
    }
    out.push_str(", each rounded");
    out
}

/// The estimate behind a month's medical figure, for the reader: its range and what it rests on.
pub fn estimate_info(
    ctx: &mut MonthCtx<'_, '_>,
    low: Decimal,
    high: Decimal,
) -> Result<Option<MedicalEstimateInfo>, ApiError> {
    let Some(found) = ctx.optional(key::MEDICAL_FLEXIBLE)? else {
        return Ok(None);
    };
    let (_, Some(e)) = found.value else {
        return Ok(None);
    };
    Ok(Some(MedicalEstimateInfo {
        low: Fen(low),
        high: Fen(high),
        basis: Message::new(e.basis_zh.clone(), e.basis_en.clone()),
        grade: found.entry.grade,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::foundation::money::RoundingMode;

    /// Chengdu's Q&A of 2025-04-16 (chengdu.gov.cn, 成医保办〔2025〕17号): on the base 6,015 the basic
    /// medical part 8.75 % is 526.3125 → 526.31 and the serious-illness part 0.75 % is 45.1125 → 45.11,
    /// 571.42 in all; 9.5 % rounded once would be 571.425 → 571.43.
    #[test]
    fn a_charge_in_parts_rounds_each_part() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        let fen = Rounding {
            unit: d("0.01"),
            mode: RoundingMode::HalfUp,
        };
        let parts = [
            MedicalPart {
                name: "basic",
                rate: d("0.0875"),
            },
            MedicalPart {
                name: "serious_illness",
                rate: d("0.0075"),
            },
        ];
        assert_eq!(charge(d("6015"), d("0.095"), &parts, fen).unwrap(), d("571.42"));
        assert_eq!(charge(d("6015"), d("0.095"), &[], fen).unwrap(), d("571.43"));
    }
}
