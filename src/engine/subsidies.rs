//! Subsidies that reduce what the worker pays: the public subsidy for flexibly employed people with
//! employment difficulties (national frame 财社〔2023〕181号, regional variants as data) and platform
//! pension subsidies (Meituan's rider program). Eligibility is decided from the ledger and explained.

use crate::engine::context::MonthCtx;
use crate::foundation::error::{ApiError, Message};
use crate::foundation::money::{self, Fen};
use crate::foundation::month::YearMonth;
use crate::foundation::text::money_words as yuan;
use crate::model::request::{MedicalChoice, MedicalScheme, Request, SubsidyProgram, SubsidyRequest};
pub use crate::model::results::SubsidyResult;
use crate::model::trace::{Pairs, TraceStep, Tracer};
use crate::rules::{cite, key, Grade, Param, SubsidyRule};
use rust_decimal::Decimal;

/// What the worker pays in the month, per scheme, before subsidies.
#[derive(Clone, Copy, Debug)]
pub struct WorkerCost {
    pub pension: Decimal,
    pub medical: Decimal,
}

/// Contributions due at the floor base in a month, per scheme.
fn due_at_floor(ctx: &mut MonthCtx<'_, '_>, medical: &MedicalChoice) -> Result<(Decimal, Decimal, Decimal), ApiError> {
    let floor = ctx.require(key::PENSION_BASE_FLOOR)?.value;
    let mut silent = Tracer::off();
    let pension = crate::engine::pension::contribution(ctx, floor, &mut silent)?.total;
    let medical = match medical.scheme {
        MedicalScheme::Employee => crate::engine::medical::contribution(ctx, medical, floor, &mut silent)?.total,
        MedicalScheme::None => Decimal::ZERO,
    };
    Ok((floor, pension, medical))
}

/// Income from `platform` in a month of the ledger, if the month is in it.
fn platform_income(req: &Request, month: YearMonth, platform: &str) -> Option<Decimal> {
    let facts = req.months.iter().find(|m| m.month == month)?;
    Some(
        facts
            .work
            .iter()
            .filter(|w| w.platform.trim() == platform)
            .map(|w| w.income.0)
            .sum(),
    )
}

pub fn assess(
    ctx: &mut MonthCtx<'_, '_>,
    req: &Request,
    cost: WorkerCost,
    tracer: &mut Tracer,
) -> Result<Vec<SubsidyResult>, ApiError> {
    let mut out = Vec::with_capacity(req.subsidies.len());
    // What is still unsubsidised, per scheme: subsidies together never exceed what the worker pays for
    // a scheme, and a pension subsidy never pays for medical insurance.
    let mut left = cost;
    for sub in &req.subsidies {
        let (mut r, mut parts) = match sub.program {
            SubsidyProgram::EmploymentDifficulty => employment_difficulty(ctx, req, sub, cost, tracer)?,
            SubsidyProgram::PlatformPension => platform_pension(ctx, req, sub, cost, tracer)?,
        };
        parts.pension = parts.pension.min(left.pension);
        parts.medical = parts.medical.min(left.medical);
        left.pension = money::sub(left.pension, parts.pension, "subsidy")?;
        left.medical = money::sub(left.medical, parts.medical, "subsidy")?;
        r.amount = Fen(money::add(parts.pension, parts.medical, "subsidy")?);
        out.push(r);
    }
    Ok(out)
}

const NOTHING: WorkerCost = WorkerCost {
    pension: Decimal::ZERO,
    medical: Decimal::ZERO,
};

fn employment_difficulty(
    ctx: &mut MonthCtx<'_, '_>,
    req: &Request,
    sub: &SubsidyRequest,
    cost: WorkerCost,
    tracer: &mut Tracer,
) -> Result<(SubsidyResult, WorkerCost), ApiError> {
    let month = ctx.month;
    let base = SubsidyResult {
        program: sub.program,
        payer: "government",
        platform: None,
        eligible: false,
        amount: Fen(Decimal::ZERO),
        reason: Message::new("", ""),
        grade: Grade::C,
    };
    // Before the program's first period in the data: not eligible, and the month is still assessed.
    let Some(rule_p) = ctx.optional(key::SUBSIDY_EMPLOYMENT_DIFFICULTY)? else {
        let reason = Message::new(
            format!("{}尚无该补贴办法", month.words_zh()),
            format!("no such subsidy in {}", month.words_en()),
        );
        return Ok((SubsidyResult { reason, ..base }, NOTHING));
    };
    let rule = rule_p.value;
    let base = SubsidyResult {
        grade: rule_p.entry.grade,
        ..base
    };
    // Without a start month the subsidy is taken to start with the ledger (and the result says so):
    // a worker who ticks the subsidy without knowing the month still gets an answer (issue 17).
    let first_month = req.months.iter().map(|m| m.month).min().unwrap_or(month);
    let start = sub.start.unwrap_or(first_month);
    let max_months = match rule {
        SubsidyRule::ShareOfPaid { max_months, .. }
        | SubsidyRule::ShareOfFloorContribution { max_months, .. }
        | SubsidyRule::FixedMonthly { max_months, .. } => *max_months,
        SubsidyRule::PlatformPension { .. } => 0,
    };
    let elapsed = start.months_until(month);
    // The month's place in the whole subsidy period, counting months used before this ledger.
    let nth = elapsed + 1 + i64::from(sub.months_used_before);
    if elapsed < 0 {
        let reason = Message::new(
            format!("补贴自{}起", start.words_zh()),
            format!("the subsidy starts in {}", start.words_en()),
        );
        return Ok((SubsidyResult { reason, ..base }, NOTHING));
    }
    if nth > i64::from(max_months) {
        let reason = Message::new(
            format!("已超过最长 {max_months} 个月的补贴期限"),
            format!("past the longest subsidy period of {max_months} months"),
        );
        return Ok((SubsidyResult { reason, ..base }, NOTHING));
    }
    let (parts, how) = employment_difficulty_parts(ctx, req, rule, cost)?;
    let parts = WorkerCost {
        pension: parts.pension.min(cost.pension),
        medical: parts.medical.min(cost.medical),
    };
    let amount = money::add(parts.pension, parts.medical, "subsidy")?;
    tracer.step(|| TraceStep {
        month: Some(month),
        step: "subsidy.employment_difficulty",
        rule: Message::new(
            "就业困难人员灵活就业社会保险补贴：按地区办法计算，不超过实际缴费",
            "Employment-difficulty subsidy: by the region's rule, never more than what was paid",
        ),
        citations: vec![cite(&rule_p)],
        inputs: Pairs(vec![
            ("start", start.to_string()),
            ("month_of_subsidy", nth.to_string()),
        ]),
        result: Pairs(vec![("rule", how.en.clone()), ("amount", amount.to_string())]),
    });
    let assumed = match sub.start {
        Some(_) => Message::new("", ""),
        None => Message::new(
            format!("（未填写补贴开始月份，按{}起算）", start.words_zh()),
            format!(" (no start month given: counted from {})", start.words_en()),
        ),
    };
    let reason = Message::new(
        format!("补贴期第 {nth} 个月：{}{}", how.zh, assumed.zh),
        format!("month {nth} of the subsidy: {}{}", how.en, assumed.en),
    );
    Ok((
        SubsidyResult {
            eligible: true,
            amount: Fen(amount),
            reason,
            ..base
        },
        parts,
    ))
}

/// What the employment-difficulty program pays in a subsidised month, by the region's kind of rule, and
/// the rule in words (for the trace and the reason).
fn employment_difficulty_parts(
    ctx: &mut MonthCtx<'_, '_>,
    req: &Request,
    rule: &SubsidyRule,
    cost: WorkerCost,
) -> Result<(WorkerCost, Message), ApiError> {
    Ok(match rule {
        SubsidyRule::ShareOfPaid { share, monthly_cap, .. } => {
            // A share of what was paid is a maximum (rules data: rounding.subsidy_of_paid).
            let round = ctx.require(key::ROUNDING_SUBSIDY_OF_PAID)?.value;
            let mut pension = round.apply(share.of(cost.pension)?)?;
            let mut medical = round.apply(share.of(cost.medical)?)?;
            if let Some(cap) = monthly_cap {
                pension = pension.min(*cap);
                medical = medical.min(*cap - pension);
            }
            let paid = yuan(money::add(cost.pension, cost.medical, "subsidy")?);
            let how = match monthly_cap {
                Some(c) => Message::new(
                    format!("实缴 {paid} 元的 {share}，每月最多 {} 元", yuan(*c)),
                    format!("{share} × paid {paid} yuan, at most {} yuan", yuan(*c)),
                ),
                None => Message::new(
                    format!("实缴 {paid} 元的 {share}"),
                    format!("{share} × paid {paid} yuan"),
                ),
            };
            (WorkerCost { pension, medical }, how)
        }
        SubsidyRule::ShareOfFloorContribution {
            share,
            share_above_floor,
            ..
        } => {
            let (floor, pension_due, medical_due) = due_at_floor(ctx, &req.medical)?;
            let round = ctx.require(key::ROUNDING_SUBSIDY)?.value;
            let mut pension = round.apply(share.of(pension_due.min(cost.pension))?)?;
            let mut medical = round.apply(share.of(medical_due.min(cost.medical))?)?;
            let (f, pd, md) = (yuan(floor), yuan(pension_due), yuan(medical_due));
            let mut zh = format!("按缴费基数下限 {f} 元应缴费额的 {share}：养老 {pd} 元，医疗 {md} 元");
            let mut en = format!("{share} × due at the floor of {f} yuan: pension {pd}, medical {md} yuan");
            if let Some(above) = share_above_floor {
                let excess_pension = (cost.pension - pension_due).max(Decimal::ZERO);
                let excess_medical = (cost.medical - medical_due).max(Decimal::ZERO);
                pension = money::add(pension, round.apply(above.of(excess_pension)?)?, "subsidy")?;
                medical = money::add(medical, round.apply(above.of(excess_medical)?)?, "subsidy")?;
                let (ep, em) = (yuan(excess_pension), yuan(excess_medical));
                zh.push_str(&format!("，另加超出下限部分（{ep} + {em} 元）的 {above}"));
                en.push_str(&format!(" + {above} × paid above it ({ep} + {em} yuan)"));
            }
            (WorkerCost { pension, medical }, Message::new(zh, en))
        }
        SubsidyRule::FixedMonthly { pension, medical, .. } => (
            WorkerCost {
                pension: *pension,
                medical: *medical,
            },
            Message::new(
                format!("定额：养老 {} 元，医疗 {} 元", yuan(*pension), yuan(*medical)),
                format!("fixed: pension {}, medical {} yuan", yuan(*pension), yuan(*medical)),
            ),
        ),
        SubsidyRule::PlatformPension { .. } => (NOTHING, Message::new("不是公共补贴项目", "not a public program")),
    })
}

fn platform_pension(
    ctx: &mut MonthCtx<'_, '_>,
    req: &Request,
    sub: &SubsidyRequest,
    cost: WorkerCost,
    tracer: &mut Tracer,
) -> Result<(SubsidyResult, WorkerCost), ApiError> {
    let platform = sub.platform.as_deref().unwrap_or_default().trim().to_string();
    let month = ctx.month;
    let Some(rule_p) = ctx.optional(key::SUBSIDY_PLATFORM_PENSION)? else {
        let result = SubsidyResult {
            program: sub.program,
            payer: "platform",
            platform: Some(platform),
            eligible: false,
            amount: Fen(Decimal::ZERO),
            reason: Message::new(
                format!("{}尚无该平台补贴项目", month.words_zh()),
                format!("no such platform program in {}", month.words_en()),
            ),
            grade: Grade::C,
        };
        return Ok((result, NOTHING));
    };
    let SubsidyRule::PlatformPension {
        share,
        window_months,
        months_required,
    } = rule_p.value
    else {
        return Err(rule_p.wrong_kind());
    };
    let (share, window_months, months_required) = (*share, *window_months, *months_required);
    let grade = rule_p.entry.grade;
    let citation = cite(&rule_p);
    let (floor, pension_due, _) = due_at_floor(
        ctx,
        &MedicalChoice {
            scheme: MedicalScheme::None,
            ..Default::default()
        },
    )?;
    let income_now = platform_income(req, month, &platform).unwrap_or_default();
    let (met, looked) = months_reached(ctx, req, &platform, window_months, sub.months_reached_before);
    let now_ok = income_now >= floor;
    let eligible = now_ok && met >= months_required;
    let amount = if eligible {
        ctx.require(key::ROUNDING_SUBSIDY)?
            .value
            .apply(share.of(pension_due)?)?
            .min(cost.pension)
    } else {
        Decimal::ZERO
    };
    let (inc, fl, pd) = (yuan(income_now), yuan(floor), yuan(pension_due));
    let reason = if eligible {
        Message::new(
            format!("本月收入 {inc} 元达到下限 {fl} 元，前 {window_months} 个月中有 {met} 个月达到：补贴 {share} × {pd} 元"),
            format!("income of {inc} yuan reached the floor of {fl} yuan this month and in {met} of the {window_months} months before: {share} × {pd} yuan"),
        )
    } else if !now_ok {
        Message::new(
            format!("本月来自该平台的收入 {inc} 元未达到缴费基数下限 {fl} 元"),
            format!("this month's income from the platform, {inc} yuan, is below the floor of {fl} yuan"),
        )
    } else {
        Message::new(
            format!("前 {window_months} 个月中只有 {met} 个月收入达到下限，需要 {months_required} 个月（未填写的更早月份按未达到计，可填写之前有几个月达到）"),
            format!("only {met} of the {window_months} months before reached the floor; {months_required} are needed (earlier months not entered count as not reached: say how many of them did)"),
        )
    };
    tracer.step(|| TraceStep {
        month: Some(month),
        step: "subsidy.platform_pension",
        rule: Message::new(
            "平台养老保险补贴：当月及前6个月中至少3个月来自该平台的收入达到缴费基数下限时，平台补贴按下限计算的养老保险费的50%",
            "Platform pension subsidy: when income from the platform reached the floor this month and in at least 3 of the 6 months before, the platform pays 50 % of the pension due at the floor",
        ),
        citations: vec![citation],
        inputs: Pairs(vec![("platform", platform.clone()), ("income", income_now.to_string()), ("window", looked)]),
        result: Pairs(vec![("eligible", eligible.to_string()), ("amount", amount.to_string())]),
    });
    let result = SubsidyResult {
        program: sub.program,
        payer: "platform",
        platform: Some(platform),
        eligible,
        amount: Fen(amount),
        reason,
        grade,
    };
    Ok((
        result,
        WorkerCost {
            pension: amount,
            medical: Decimal::ZERO,
        },
    ))
}

/// How many of the `window` months before this one had income from `platform` at or above that
/// month's floor, and the months as looked at ("2025-01:yes 2025-02:no …") for the trace. A month of
/// the window before the ledger counts as reached for as many of them as the worker says
/// (`stated_before`), the latest first; a month after the ledger's first one but not in it, as not.
fn months_reached(
    ctx: &MonthCtx<'_, '_>,
    req: &Request,
    platform: &str,
    window: u32,
    stated_before: u32,
) -> (u32, String) {
    let month = ctx.month;
    let first = req.months.iter().map(|m| m.month).min().unwrap_or(month);
    let mut stated_left = stated_before;
    let mut met = 0u32;
    // "2025-01:yes 2025-02:no …", for the trace.
    let mut looked = String::new();
    for back in 1..=i64::from(window) {
        let Some(m) = month.plus(-back) else { continue };
        let reached = match platform_income(req, m, platform) {
            Some(inc) => {
                let floor_then = ctx
                    .rules
                    .find_collected(ctx.place, Param::PensionBaseFloor, m, ctx.collected_in())
                    .ok()
                    .and_then(|(f, _)| f)
                    .and_then(|f| f.get(key::PENSION_BASE_FLOOR).ok())
                    .map(|f| f.value);
                floor_then.is_some_and(|f| inc >= f)
            }
            None if m < first && stated_left > 0 => {
                stated_left -= 1;
                true
            }
            None => false,
        };
        if reached {
            met += 1;
        }
        if !looked.is_empty() {
            looked.push(' ');
        }
        m.push_to(&mut looked);
        looked.push_str(if reached { ":yes" } else { ":no" });
    }
    (met, looked)
}
