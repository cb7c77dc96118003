//! The contribution base: what the rates apply to.
//!
//! Flexibly employed people choose their base between 60 % and 300 % of the provincial average wage
//! (国办发〔2019〕13号); some regions let them choose only among fixed tiers (Jiangsu). Whatever the
//! choice, the base ends within [floor, ceiling] of the month.

use crate::engine::context::Cites;
use crate::engine::context::{flag, MonthCtx};
use crate::foundation::error::ApiError;
use crate::foundation::error::Message;
use crate::foundation::money::{self, Rounding};
use crate::foundation::month::YearMonth;
use crate::foundation::names::Named;
use crate::model::citation::Citation;
use crate::model::request::{BaseChoice, BaseKind, TierRule};
use crate::model::trace::{Pairs, TraceStep, Tracer};
use crate::rules::key;
use rust_decimal::Decimal;

/// The base of one month and how it was reached.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Base {
    pub amount: Decimal,
    pub floor: Decimal,
    pub ceiling: Decimal,
    pub clamped: bool,
    pub tier_mapped: bool,
}

/// The pension base for the month, from the request's choice and the month's labor income.
pub fn pension_base(
    ctx: &mut MonthCtx<'_, '_>,
    choice: &BaseChoice,
    income: Decimal,
    tracer: &mut Tracer,
) -> Result<Base, ApiError> {
    let floor_p = ctx.require(key::PENSION_BASE_FLOOR)?;
    let ceiling_p = ctx.require(key::PENSION_BASE_CEILING)?;
    let (floor, ceiling) = (floor_p.value, ceiling_p.value);
    let mut cites = Cites::when(tracer.tracing());
    cites.add(&floor_p);
    cites.add(&ceiling_p);

    let requested = match choice.kind {
        BaseKind::Floor => floor,
        BaseKind::Ceiling => ceiling,
        BaseKind::Income => income,
        BaseKind::Amount => choice.value.map(|v| v.0).unwrap_or(floor),
        BaseKind::Percent => percent_of_wage(ctx, choice, &mut cites)?,
    };
    let clamped_amount = money::clamp(requested, floor, ceiling);
    let clamped = money::cmp(clamped_amount, requested) != std::cmp::Ordering::Equal;
    let tier = to_tier(ctx, choice, clamped_amount, &mut cites)?;
    let amount = tier.map_or(clamped_amount, |(t, _)| t);
    let tier_mapped = amount != clamped_amount;
    if clamped {
        ctx.flag(flag::BASE_CLAMPED);
        ctx.notes
            .note(flag::BASE_CLAMPED, key::PENSION_BASE_FLOOR.name(), ctx.month);
    }
    if tier_mapped {
        ctx.flag(flag::TIER_MAPPED);
    }
    let base = Base {
        amount,
        floor,
        ceiling,
        clamped,
        tier_mapped,
    };
    let month = ctx.month;
    tracer.step(|| {
        trace(
            month,
            choice,
            income,
            requested,
            &base,
            tier.map(|(_, r)| r),
            cites.list,
        )
    });
    Ok(base)
}

/// A percent of the average wage, within the legal range, rounded by the region's rule.
fn percent_of_wage(ctx: &mut MonthCtx<'_, '_>, choice: &BaseChoice, cites: &mut Cites) -> Result<Decimal, ApiError> {
    let percent = choice.value.map(|v| v.0).unwrap_or_default();
    let range = ctx.require(key::PENSION_BASE_PERCENT_RANGE)?;
    let (min, max) = range.value;
    if percent < min || percent > max {
        return Err(ApiError::invalid(
            "pension_base.value",
            format!("缴费比例须在社平工资的 {min}% 至 {max}% 之间"),
            format!("the percent must be within {min}–{max} of the average wage"),
        ));
    }
    let wage_p = ctx.require(key::AVERAGE_WAGE)?;
    let rounding_p = ctx.require(key::ROUNDING_BASE)?;
    cites.add(&range);
    cites.add(&wage_p);
    cites.add(&rounding_p);
    let raw = money::div(money::mul(wage_p.value, percent, "base")?, Decimal::ONE_HUNDRED, "base")?;
    rounding_p.value.apply(raw)
}

/// Where the region offers fixed tiers, the tier a chosen figure maps to and the rule that mapped it.
/// The floor and ceiling are tiers themselves; only a chosen figure needs mapping.
fn to_tier(
    ctx: &mut MonthCtx<'_, '_>,
    choice: &BaseChoice,
    amount: Decimal,
    cites: &mut Cites,
) -> Result<Option<(Decimal, TierRule)>, ApiError> {
    if !matches!(choice.kind, BaseKind::Income | BaseKind::Amount | BaseKind::Percent) {
        return Ok(None);
    }
    let Some(tiers_p) = ctx.optional(key::PENSION_BASE_TIERS)? else {
        return Ok(None);
    };
    let rule = match &choice.tier_rule {
        Some(name) => TierRule::from_name(name).unwrap_or(TierRule::HighestNotAbove),
        None => {
            let rule_p = ctx.require(key::PENSION_TIER_RULE)?;
            cites.add(&rule_p);
            rule_p.value
        }
    };
    cites.add(&tiers_p);
    Ok(Some((map_to_tier(amount, tiers_p.value, rule), rule)))
}

fn trace(
    month: YearMonth,
    choice: &BaseChoice,
    income: Decimal,
    requested: Decimal,
    base: &Base,
    tier_rule: Option<TierRule>,
    citations: Vec<Citation>,
) -> TraceStep {
    let mut inputs = vec![
        ("choice", choice.kind.name().to_string()),
        ("requested", requested.to_string()),
        ("floor", base.floor.to_string()),
        ("ceiling", base.ceiling.to_string()),
    ];
    if choice.kind == BaseKind::Income {
        inputs.push(("labor_income", income.to_string()));
    }
    if let Some(r) = tier_rule {
        inputs.push(("tier_rule", r.name().to_string()));
    }
    TraceStep {
        month: Some(month),
        step: "pension.base",
        rule: Message::new(
            "缴费基数按所选方式确定，并限定在当期缴费基数上下限之间；实行固定档次的地区按档次规则取档",
            "The base follows the chosen option, clamped to the month's floor and ceiling; where the region offers fixed tiers it maps to a tier by the named rule",
        ),
        citations,
        inputs: Pairs(inputs),
        result: Pairs(vec![
            ("base", base.amount.to_string()),
            ("clamped", base.clamped.to_string()),
            ("tier_mapped", base.tier_mapped.to_string()),
        ]),
    }
}

/// Maps an amount to one of the ascending `tiers` by `rule`.
pub fn map_to_tier(amount: Decimal, tiers: &[Decimal], rule: TierRule) -> Decimal {
    let (Some(&lowest), Some(&highest)) = (tiers.first(), tiers.last()) else {
        return amount;
    };
    // Tiers are ascending (the loader checks MoneyList order), so both neighbours are binary searches,
    // comparing in 64-bit integers (`money::cmp`; `Decimal`'s own comparison was most of this step).
    use std::cmp::Ordering::Greater;
    let not_above = tiers.partition_point(|&t| money::cmp(t, amount) != Greater);
    let below = not_above.checked_sub(1).map(|i| tiers[i]);
    let above = tiers
        .get(tiers.partition_point(|&t| money::cmp(t, amount) == std::cmp::Ordering::Less))
        .copied();
    match rule {
        TierRule::HighestNotAbove => below.unwrap_or(lowest),
        TierRule::LowestNotBelow => above.unwrap_or(highest),
        TierRule::Nearest => match (below, above) {
            (Some(b), Some(a)) => {
                if money::cmp(a - amount, amount - b) == std::cmp::Ordering::Less {
                    a
                } else {
                    b
                }
            }
            (Some(b), None) => b,
            (None, Some(a)) => a,
            (None, None) => amount,
        },
    }
}

/// Rounds a contribution by the region's rule.
pub fn rounding<'r>(ctx: &mut MonthCtx<'r, '_>) -> Result<(Rounding, crate::rules::Found<'r>), ApiError> {
    let p = ctx.require(key::ROUNDING_CONTRIBUTION)?;
    Ok((p.value, p.found))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    /// Jiangsu 2025 tiers (苏人社发〔2025〕33号).
    fn jiangsu() -> Vec<Decimal> {
        [
            "4952", "6000", "7000", "8000", "9000", "10000", "12000", "14000", "16000", "18000", "20000", "24762",
        ]
        .iter()
        .map(|s| d(s))
        .collect()
    }

    #[test]
    fn tier_rules() {
        let t = jiangsu();
        assert_eq!(map_to_tier(d("6200"), &t, TierRule::HighestNotAbove), d("6000"));
        assert_eq!(map_to_tier(d("6200"), &t, TierRule::LowestNotBelow), d("7000"));
        assert_eq!(map_to_tier(d("6200"), &t, TierRule::Nearest), d("6000"));
        assert_eq!(map_to_tier(d("6600"), &t, TierRule::Nearest), d("7000"));
        // A tie goes to the lower tier.
        assert_eq!(map_to_tier(d("6500"), &t, TierRule::Nearest), d("6000"));
        assert_eq!(map_to_tier(d("4952"), &t, TierRule::LowestNotBelow), d("4952"));
        assert_eq!(map_to_tier(d("1000"), &t, TierRule::HighestNotAbove), d("4952"));
        assert_eq!(map_to_tier(d("99999"), &t, TierRule::LowestNotBelow), d("24762"));
    }
}
