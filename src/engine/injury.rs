//! Occupational injury protection for platform workers (the pilot of 2022, widened in 2025): the
//! platform pays a fee per order in the pilot provinces and sectors. It is never a cost to the worker
//! and it is the same under every scenario.

use crate::engine::context::MonthCtx;
use crate::engine::labor::MonthLabor;
use crate::foundation::error::{ApiError, Message};
use crate::foundation::money::{self, Fen};
use crate::model::request::{InjuryFeeClass, MonthFacts, Sector};
pub use crate::model::results::{Injury, InjuryPlatform};
use crate::model::trace::{Pairs, TraceStep, Tracer};
use crate::rules::{cite, key};
use rust_decimal::Decimal;

/// The key in `injury.fee_per_order` for a work entry.
fn fee_key(sector: Sector, class: Option<InjuryFeeClass>) -> Option<&'static str> {
    match (sector, class.unwrap_or_default()) {
        (Sector::RideHailing, _) => Some("ride_hailing"),
        (Sector::InstantDelivery, InjuryFeeClass::Standard) => Some("instant_delivery"),
        (Sector::InstantDelivery, InjuryFeeClass::High) => Some("instant_delivery_high"),
        (Sector::Freight, _) => Some("freight"),
        (Sector::Other, _) => None,
    }
}

pub fn assess(
    ctx: &mut MonthCtx<'_, '_>,
    facts: &MonthFacts,
    labor: &MonthLabor,
    tracer: &mut Tracer,
) -> Result<Injury, ApiError> {
    let province = ctx.rules.region(ctx.place).code.clone();
    // Before the pilot began there is simply no protection.
    let pilot = ctx.optional(key::INJURY_PILOT_PROVINCES)?;
    let covered = pilot.is_some_and(|p| p.value.iter().any(|c| c == "*" || *c == province));
    let mut platforms = Vec::with_capacity(facts.work.len());
    let mut total = Decimal::ZERO;
    let mut fees_p = None;
    if covered {
        let f = ctx.require(key::INJURY_FEE_PER_ORDER)?;
        let fees = f.value;
        for (w, pl) in facts.work.iter().zip(&labor.platforms) {
            let Some(key) = fee_key(w.sector, w.injury_fee_class) else {
                continue;
            };
            let Some((_, fee)) = fees.iter().find(|(k, _)| k == key) else {
                continue;
            };
            let amount = money::mul(Decimal::from(w.orders), *fee, "injury fee")?;
            total = money::add(total, amount, "injury fee")?;
            platforms.push(InjuryPlatform {
                platform: pl.name.clone(),
                orders: w.orders,
                fee: Fen(*fee),
                amount: Fen(amount),
            });
        }
        fees_p = Some(f.found);
    }
    let month = ctx.month;
    tracer.step(|| TraceStep {
        month: Some(month),
        step: "injury.fee",
        rule: Message::new(
            "职业伤害保障：试点省份内，平台按单量 × 每单缴费基准额缴费，劳动者不缴费",
            "Occupational injury protection: in pilot provinces the platform pays orders × the fee per order; the worker pays nothing",
        ),
        citations: pilot.iter().map(|p| &p.found).chain(fees_p.iter()).map(cite).collect(),
        inputs: Pairs(vec![("province", province.clone()), ("covered", covered.to_string())]),
        result: Pairs(vec![("total", total.to_string())]),
    });
    Ok(Injury {
        covered,
        platforms,
        total: Fen(total),
    })
}
