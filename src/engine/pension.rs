//! Employee basic pension of a flexibly employed person for one month.
//!
//! The person pays the whole rate (20 %) on the base; 8 points are credited to the personal account
//! and the rest to the pooled fund (国发〔2005〕38号; Social Insurance Law art. 10 and 12).

use crate::engine::context::MonthCtx;
pub use crate::engine::figures::Pension;
use crate::foundation::error::{ApiError, Message};
use crate::foundation::money;
use crate::model::trace::{Pairs, TraceStep, Tracer};
use crate::rules::{cite, key};
use rust_decimal::Decimal;

/// The pension contribution on `base`. The personal-account part is rounded on its own and the pooled
/// fund takes the rest, so that pooled + personal account = total to the fen, always.
pub fn contribution(ctx: &mut MonthCtx<'_, '_>, base: Decimal, tracer: &mut Tracer) -> Result<Pension, ApiError> {
    let rate_p = ctx.require(key::PENSION_RATE)?;
    let account_p = ctx.require(key::PENSION_PERSONAL_ACCOUNT_RATE)?;
    let pooled_p = ctx.require(key::PENSION_POOLED_RATE)?;
    let (rate, account_rate) = (rate_p.value, account_p.value);
    let (rounding, rounding_p) = crate::engine::base::rounding(ctx)?;
    let total = rounding.apply(money::mul(base, rate, "pension")?)?;
    let personal_account = money::min(
        rounding.apply(money::mul(base, account_rate, "pension personal account")?)?,
        total,
    );
    let pooled = money::sub(total, personal_account, "pension pooled fund")?;
    let month = ctx.month;
    tracer.step(|| TraceStep {
        month: Some(month),
        step: "pension.contribution",
        rule: Message::new(
            "养老保险费 = 缴费基数 × 费率，全部由个人缴纳；个人账户部分单独取整，其余记入统筹基金",
            "Pension = base × rate, all paid by the worker; the personal-account part is rounded on its own and the rest goes to the pooled fund",
        ),
        citations: vec![cite(&rate_p), cite(&pooled_p), cite(&account_p), cite(&rounding_p)],
        inputs: Pairs(vec![
            ("base", base.to_string()),
            ("rate", rate.to_string()),
            ("personal_account_rate", account_rate.to_string()),
            ("rounding", format!("{} {:?}", rounding.unit, rounding.mode)),
        ]),
        result: Pairs(vec![
            ("total", total.to_string()),
            ("pooled", pooled.to_string()),
            ("personal_account", personal_account.to_string()),
        ]),
    });
    Ok(Pension {
        total,
        pooled,
        personal_account,
        rate,
    })
}
