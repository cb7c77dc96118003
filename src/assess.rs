//! One assessment: the steps of the engine, month by month, and the totals.

use crate::base;
use crate::context::{flag, MonthCtx, Notes};
use crate::error::{ApiError, ErrorCode, Message};
use crate::medical;
use crate::money::{self, Fen};
use crate::pension;
use crate::request::{MedicalScheme, MonthFacts, Request, Scenario};
use crate::response::*;
use crate::rules::RuleSet;
use crate::trace::Tracer;
use rust_decimal::Decimal;

/// Who pays a month's contribution: the worker's part and each platform's, in the order of the
/// month's work entries. The parts add up to the total exactly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Split {
    pub worker: Decimal,
    pub platforms: Vec<(String, Decimal)>,
}

impl Split {
    /// Current law: flexibly employed people pay their whole contribution themselves (Social
    /// Insurance Law art. 10); platforms pay nothing.
    pub fn worker_pays_all(total: Decimal, facts: &MonthFacts) -> Split {
        Split {
            worker: total,
            platforms: facts.work.iter().map(|w| (w.platform.trim().to_string(), Decimal::ZERO)).collect(),
        }
    }
}

/// Running totals per party, with platforms in the order they first appear.
#[derive(Default)]
struct Ledger {
    total: Decimal,
    worker: Decimal,
    platforms: Vec<(String, Decimal)>,
}

impl Ledger {
    fn add(&mut self, total: Decimal, split: &Split) -> Result<(), ApiError> {
        self.total = money::add(self.total, total, "totals")?;
        self.worker = money::add(self.worker, split.worker, "totals")?;
        for (name, amount) in &split.platforms {
            match self.platforms.iter_mut().find(|(n, _)| n == name) {
                Some((_, sum)) => *sum = money::add(*sum, *amount, "totals")?,
                None => self.platforms.push((name.clone(), *amount)),
            }
        }
        Ok(())
    }

    fn to_party(&self) -> PartyTotals {
        PartyTotals { total: Fen(self.total), worker: Fen(self.worker), platforms: amounts(&self.platforms) }
    }
}

fn amounts(list: &[(String, Decimal)]) -> Vec<PlatformAmount> {
    list.iter().map(|(p, a)| PlatformAmount { platform: p.clone(), amount: Fen(*a) }).collect()
}

/// Computes contributions for every month of a validated request.
pub fn assess(rules: &RuleSet, req: &Request) -> Result<Response, ApiError> {
    req.validate()?;
    let place = rules.resolve(&req.region).ok_or_else(|| {
        ApiError::new(
            ErrorCode::UnknownRegion,
            Some("region".into()),
            Message::new(
                format!("未知地区“{}”：请使用行政区划代码（如 320100）、拼音或中文名称", req.region),
                format!("unknown region \"{}\": use a GB/T 2260 code (e.g. 320100), pinyin or Chinese name", req.region),
            ),
        )
    })?;
    if req.scenario == Scenario::LaborFacts {
        return Err(ApiError::invalid("scenario", "劳动事实情景尚未实现", "the labor_facts scenario is not available in this build"));
    }
    let mut tracer = Tracer::new(req.trace);
    let mut notes = Notes::default();
    let mut months = Vec::with_capacity(req.months.len());
    let (mut pension_ledger, mut medical_ledger) = (Ledger::default(), Ledger::default());

    for (i, facts) in req.months.iter().enumerate() {
        let mut ctx = MonthCtx::new(rules, &place, facts.month, i, &mut notes);
        let income = money::sum(facts.work.iter().map(|w| w.income.0), "income")?;
        let hours = money::sum(facts.work.iter().map(|w| w.hours.0), "hours")?;
        let orders = facts.work.iter().map(|w| w.orders).sum();

        let base = base::pension_base(&mut ctx, &req.pension_base, income, &mut tracer)?;
        let pension = pension::contribution(&mut ctx, base.amount, &mut tracer)?;
        let medical = medical::contribution(&mut ctx, &req.medical, base.amount, &mut tracer)?;
        let pension_split = Split::worker_pays_all(pension.total, facts);
        let medical_split = Split::worker_pays_all(medical.total, facts);
        pension_ledger.add(pension.total, &pension_split)?;
        medical_ledger.add(medical.total, &medical_split)?;

        months.push(MonthResult {
            month: facts.month,
            labor: LaborSummary { hours: Fen(hours), income: Fen(income), orders, platforms: facts.work.len() },
            pension: PensionResult {
                base: Fen(base.amount),
                total: Fen(pension.total),
                pooled: Fen(pension.pooled),
                personal_account: Fen(pension.personal_account),
                worker: Fen(pension_split.worker),
                platforms: amounts(&pension_split.platforms),
            },
            medical: MedicalResult {
                scheme: match req.medical.scheme {
                    MedicalScheme::Employee => "employee",
                    MedicalScheme::None => "none",
                },
                base: medical.base.map(Fen),
                total: Fen(medical.total),
                worker: Fen(medical_split.worker),
                platforms: amounts(&medical_split.platforms),
            },
            worker: Fen(money::add(pension_split.worker, medical_split.worker, "worker")?),
            flags: ctx.flags,
        });
    }

    let mut all_platforms: Vec<(String, Decimal)> = pension_ledger.platforms.clone();
    for (name, amount) in &medical_ledger.platforms {
        match all_platforms.iter_mut().find(|(n, _)| n == name) {
            Some((_, sum)) => *sum = money::add(*sum, *amount, "totals")?,
            None => all_platforms.push((name.clone(), *amount)),
        }
    }
    let region = rules.region(&place);
    let city = rules.city(&place);
    Ok(Response {
        schema: SCHEMA,
        engine_version: crate::ENGINE_VERSION,
        rules_version: rules.version.clone(),
        custom_rules: rules.custom_files.clone(),
        region: RegionInfo {
            code: place.requested.clone(),
            zh: city.map_or(&region.zh, |c| &c.zh).clone(),
            en: city.map_or(&region.en, |c| &c.en).clone(),
            province: PlaceName { code: region.code.clone(), zh: region.zh.clone(), en: region.en.clone() },
            city: city.map(|c| PlaceName { code: c.code.clone(), zh: c.zh.clone(), en: c.en.clone() }),
        },
        scenario: scenario_info(req.scenario),
        months,
        totals: Totals {
            pension: pension_ledger.to_party(),
            medical: medical_ledger.to_party(),
            worker: Fen(money::add(pension_ledger.worker, medical_ledger.worker, "totals")?),
            platforms: amounts(&all_platforms),
        },
        warnings: warnings(&notes),
        trace: tracer.finish(),
    })
}

pub fn scenario_info(s: Scenario) -> ScenarioInfo {
    match s {
        Scenario::CurrentLaw => ScenarioInfo {
            name: s.name(),
            is_current_law: true,
            label: Message::new("现行法律", "Current law"),
        },
        Scenario::LaborFacts => ScenarioInfo {
            name: s.name(),
            is_current_law: false,
            label: Message::new("情景测算：按劳动事实参保（非现行法律）", "Scenario: coverage follows the facts of labor (not current law)"),
        },
    }
}

fn warnings(notes: &Notes) -> Vec<Warning> {
    notes
        .by_param
        .iter()
        .map(|(&(code, parameter), months)| {
            let list = months.iter().map(|m| m.to_string()).collect::<Vec<_>>().join(", ");
            let message = match code {
                flag::CARRIED_FORWARD => Message::new(
                    format!("{parameter} 尚无 {list} 的公布值，沿用最近一期数值"),
                    format!("{parameter} has no published value for {list}: the latest published value is carried forward"),
                ),
                flag::GRADE_C => Message::new(
                    format!("{parameter} 的取值来源可信度为 C（单一或有冲突的来源、或本工具的约定），请核实：{list}"),
                    format!("{parameter} uses a value of grade C (a single or conflicting source, or a flexcalc convention); check it: {list}"),
                ),
                flag::BASE_CLAMPED => Message::new(
                    format!("所选缴费基数超出上下限，已按上下限计算：{list}"),
                    format!("the chosen base was outside the floor and ceiling and was clamped: {list}"),
                ),
                other => Message::new(other, other),
            };
            Warning { code, message, parameter: (code != flag::BASE_CLAMPED).then_some(parameter), months: months.clone() }
        })
        .collect()
}
