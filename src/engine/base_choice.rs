//! The base each scenario computes on (issue 17: one scenario base on the page, in the batch and in
//! the API): under current law the worker's `pension_base`, else the floor; under labor_facts the
//! request's `scenario_base`, else the rules data's `labor_facts.default_base`; and the same in words
//! for the result's `scenario.base`.

use crate::engine::context::MonthCtx;
use crate::foundation::error::{ApiError, Message};
use crate::model::request::{BaseChoice, BaseKind, Request, Scenario};
use crate::model::response::ScenarioBase;
use crate::rules::key;

/// The base choice in force and the request's field that chose it. Under current law the worker's
/// `pension_base`, else the floor; under labor_facts the request's `scenario_base`, else the rules
/// data's `labor_facts.default_base` (the month's labor income): the worker's own choice never moves
/// the scenario's base, so the page (which always sends one) and the batch (which often does not) give
/// a platform the same share (issue 17).
pub fn base_choice(
    ctx: &mut MonthCtx<'_, '_>,
    req: &Request,
    scenario: Scenario,
) -> Result<(BaseChoice, ChosenBy), ApiError> {
    let chosen = match scenario {
        Scenario::CurrentLaw => &req.pension_base,
        Scenario::LaborFacts => &req.scenario_base,
    };
    if let Some(choice) = chosen {
        return Ok((choice.clone(), ChosenBy::Request));
    }
    if scenario == Scenario::CurrentLaw {
        return Ok((BaseChoice::default(), ChosenBy::Default));
    }
    let default = ctx.require(key::LABOR_FACTS_DEFAULT_BASE)?.value;
    let choice = BaseChoice {
        kind: default.kind(),
        value: None,
        tier_rule: None,
    };
    Ok((choice, ChosenBy::Default))
}

/// Whether the scenario's base was the request's choice or the scenario's default.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChosenBy {
    Request,
    Default,
}

/// The base a scenario computed on, for the result (`scenario.base`).
pub fn scenario_base_info(scenario: Scenario, choice: &BaseChoice, by: ChosenBy) -> ScenarioBase {
    let field = match scenario {
        Scenario::CurrentLaw => "pension_base",
        Scenario::LaborFacts => "scenario_base",
    };
    let kind = choice.kind;
    let what = match (kind, choice.value) {
        (BaseKind::Floor, _) => Message::new("缴费基数下限", "the lowest base (the floor)"),
        (BaseKind::Ceiling, _) => Message::new("缴费基数上限", "the highest base (the ceiling)"),
        (BaseKind::Income, _) => Message::new(
            "当月劳动收入（在上下限之间）",
            "the month's labor income (within the floor and the ceiling)",
        ),
        (BaseKind::Percent, v) => {
            let p = v.map(|v| v.0.normalize().to_string()).unwrap_or_default();
            Message::new(format!("社平工资的 {p}%"), format!("{p} % of the average wage"))
        }
        (BaseKind::Amount, v) => {
            let a = v.map(|v| crate::foundation::text::money_words(v.0)).unwrap_or_default();
            Message::new(format!("自选基数 {a} 元"), format!("a chosen base of {a} yuan"))
        }
    };
    let label = match (scenario, by) {
        (Scenario::CurrentLaw, ChosenBy::Request) => Message::new(
            format!("缴费基数：{}（本人选择）", what.zh),
            format!("Base: {} (the worker's choice)", what.en),
        ),
        (Scenario::CurrentLaw, ChosenBy::Default) => Message::new(
            format!("缴费基数：{}（未选择时）", what.zh),
            format!("Base: {} (when none is chosen)", what.en),
        ),
        (Scenario::LaborFacts, ChosenBy::Request) => Message::new(
            format!("情景测算的缴费基数：{}（请求中指定）", what.zh),
            format!("The scenario's base: {} (as requested)", what.en),
        ),
        (Scenario::LaborFacts, ChosenBy::Default) => Message::new(
            format!("情景测算的缴费基数：{}，与本人选择的缴费档次无关", what.zh),
            format!("The scenario's base: {}, whatever base the worker chose", what.en),
        ),
    };
    ScenarioBase {
        kind: kind.name(),
        chosen_by: match by {
            ChosenBy::Request => field,
            ChosenBy::Default => "default",
        },
        label,
    }
}
