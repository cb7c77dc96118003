//! The contribution base: what the rates apply to.
//!
//! Flexibly employed people choose their base between 60 % and 300 % of the provincial average wage
//! (国办发〔2019〕13号); some regions let them choose only among fixed tiers (Jiangsu). Whatever the
//! choice, the base ends within [floor, ceiling] of the month.

use crate::engine::context::{flag, MonthCtx};
use crate::foundation::error::ApiError;
use crate::foundation::error::Message;
use crate::foundation::money::{self, Rounding};
use crate::foundation::names::Named;
use crate::model::request::{BaseChoice, BaseKind, TierRule};
use crate::model::trace::{Pairs, TraceStep, Tracer};
use crate::rules::{cite, key};
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
    let tracing = tracer.enabled();
    let mut citations = vec![];
    let mut extra_citations = |f: &crate::rules::Found<'_>| {
        if tracing {
            citations.push(cite(f));
        }
    };
    extra_citations(&floor_p);
    extra_citations(&ceiling_p);

    let requested = match choice.kind {
        BaseKind::Floor => floor,
        BaseKind::Ceiling => ceiling,
        BaseKind::Income => income,
        BaseKind::Amount => choice.value.map(|v| v.0).unwrap_or(floor),
        BaseKind::Percent => {
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
            let rounding = rounding_p.value;
            extra_citations(&range);
            extra_citations(&wage_p);
            extra_citations(&rounding_p);
            let raw = money::div(money::mul(wage_p.value, percent, "base")?, Decimal::ONE_HUNDRED, "base")?;
            rounding.apply(raw)?
        }
    };

    let clamped_amount = money::clamp(requested, floor, ceiling);
    let clamped = money::cmp(clamped_amount, requested) != std::cmp::Ordering::Equal;
    let mut amount = clamped_amount;
    let mut tier_mapped = false;
    let mut tier_rule_used = None;
    // The floor and ceiling are tiers themselves; only a chosen figure needs mapping.
    let chosen_figure = matches!(choice.kind, BaseKind::Income | BaseKind::Amount | BaseKind::Percent);
    let tiers_p = if chosen_figure {
        ctx.optional(key::PENSION_BASE_TIERS)?
    } else {
        None
    };
    if let Some(tiers_p) = tiers_p {
        let tiers = tiers_p.value;
        let rule = match &choice.tier_rule {
            Some(name) => TierRule::from_name(name).unwrap_or(TierRule::HighestNotAbove),
            None => {
                let rule_p = ctx.require(key::PENSION_TIER_RULE)?;
                extra_citations(&rule_p);
                rule_p.value
            }
        };
        extra_citations(&tiers_p);
        let tier = map_to_tier(amount, tiers, rule);
        tier_mapped = tier != amount;
        amount = tier;
        tier_rule_used = Some(rule);
    }
    if clamped {
        ctx.flag(flag::BASE_CLAMPED);
        ctx.notes
            .note(flag::BASE_CLAMPED, key::PENSION_BASE_FLOOR.name(), ctx.month);
    }
    if tier_mapped {
        ctx.flag(flag::TIER_MAPPED);
    }

    let month = ctx.month;
    tracer.step(|| {
        let mut inputs = vec![
            ("choice", kind_name(choice.kind).to_string()),
            ("requested", requested.to_string()),
            ("floor", floor.to_string()),
            ("ceiling", ceiling.to_string()),
        ];
        if choice.kind == BaseKind::Income {
            inputs.push(("labor_income", income.to_string()));
        }
        if let Some(r) = tier_rule_used {
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
                ("base", amount.to_string()),
                ("clamped", clamped.to_string()),
                ("tier_mapped", tier_mapped.to_string()),
            ]),
        }
    });
    Ok(Base {
        amount,
        floor,
        ceiling,
        clamped,
        tier_mapped,
    })
}

pub fn kind_name(k: BaseKind) -> &'static str {
    match k {
        BaseKind::Floor => "floor",
        BaseKind::Ceiling => "ceiling",
        BaseKind::Income => "income",
        BaseKind::Percent => "percent",
        BaseKind::Amount => "amount",
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
