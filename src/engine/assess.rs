//! One assessment: the engine's steps month by month, then the totals and warnings.

use crate::engine::base_choice::{base_choice, scenario_base_info, ChosenBy};
use crate::engine::context::{flag, Audience, LookupCache, Lookups, MonthCtx, Notes, SharedContributions};
use crate::engine::figures::{Medical, Pension};
use crate::engine::labor::{self, MonthLabor, Names, PlatformFacts, PlatformName};
use crate::engine::scenario::{self, Liability, Split};
use crate::engine::{base, injury, medical, pension, region, subsidies, warnings};
use crate::foundation::error::{ApiError, Message};
use crate::foundation::money::{self, Dec, Fen};
use crate::model::request::{MedicalScheme, MonthFacts, Request, Scenario};
use crate::model::response::*;
use crate::model::trace::{Pairs, TraceStep, Tracer, Tracing};
use crate::rules::{key, Place, RuleSet};
use rust_decimal::Decimal;
use std::sync::Arc;

/// Running totals per party, with platforms in the order they first appear.
#[derive(Default)]
struct Ledger {
    total: Decimal,
    worker: Decimal,
    platforms: Vec<(PlatformName, Decimal)>,
}

impl Ledger {
    fn add_platform(&mut self, name: &PlatformName, amount: Decimal) -> Result<(), ApiError> {
        // Names are shared within an assessment: the same platform is the same pointer.
        // By pointer over the whole list first: comparing texts platform by platform costs a `memcmp` for
        // every earlier platform.
        let at = self
            .platforms
            .iter()
            .position(|(n, _)| Arc::ptr_eq(n, name))
            .or_else(|| self.platforms.iter().position(|(n, _)| n == name));
        match at.and_then(|i| self.platforms.get_mut(i)) {
            Some((_, sum)) => *sum = money::add(*sum, amount, "totals")?,
            None => self.platforms.push((name.clone(), amount)),
        }
        Ok(())
    }

    fn add(&mut self, total: Decimal, split: &Split) -> Result<(), ApiError> {
        self.total = money::add(self.total, total, "totals")?;
        self.worker = money::add(self.worker, split.worker, "totals")?;
        for (name, amount) in &split.platforms {
            self.add_platform(name, *amount)?;
        }
        Ok(())
    }

    fn to_party(&self) -> PartyTotals {
        PartyTotals {
            total: Fen(self.total),
            worker: Fen(self.worker),
            platforms: amounts(&self.platforms),
        }
    }
}

/// The split's own list as the result's: the same layout, so the vector is reused, not copied.
fn into_amounts(list: Vec<(PlatformName, Decimal)>) -> Vec<PlatformAmount> {
    list.into_iter()
        .map(|(platform, amount)| PlatformAmount {
            platform,
            amount: Fen(amount),
        })
        .collect()
}

fn amounts(list: &[(PlatformName, Decimal)]) -> Vec<PlatformAmount> {
    into_amounts(list.to_vec())
}

/// Computes contributions for every month of a request.
pub fn assess(rules: &RuleSet, req: &Request) -> Result<Response, ApiError> {
    assess_as(rules, req, req.scenario)
}

/// Like [`assess`], under `scenario` whatever the request's own (compare runs both without cloning
/// the request).
pub fn assess_as(rules: &RuleSet, req: &Request, scenario: Scenario) -> Result<Response, ApiError> {
    assess_detail(rules, req, scenario, Audience::Reader, None)
}

/// The same steps and each month's figures, without what only a reader needs: the texts of the
/// warnings (`warnings` is empty; each month's flags remain), each month's hourly incomes and platform
/// shares (`None`), the scenario's citations (empty), the region's names (empty; its code remains) and
/// the totals over the months (zero: the batch adds up its own). The batch keeps only the figures;
/// the texts were a fifth of its cost, the hourly incomes (a division each) a tenth, the citations and
/// the totals a few per cent more.
pub fn assess_figures(rules: &RuleSet, req: &Request, scenario: Scenario) -> Result<Response, ApiError> {
    assess_detail(rules, req, scenario, Audience::Figures, None)
}

/// [`assess_figures`] with the parameter lookups kept in `cache` for the next assessment of the same
/// place: the batch's workers (and a worker's two scenarios) ask the rules the same questions.
#[cfg(feature = "batch")]
pub fn assess_figures_cached<'r>(
    rules: &'r RuleSet,
    req: &Request,
    scenario: Scenario,
    cache: &mut LookupCache<'r>,
) -> Result<Response, ApiError> {
    assess_detail(rules, req, scenario, Audience::Figures, Some(cache))
}

/// What one assessment carries from month to month.
struct Run<'q> {
    req: &'q Request,
    scenario: Scenario,
    audience: Audience,
    /// The medical step depends on the request's choice too: only the usual choices (a scheme, no rate
    /// or tier of the request's own) are shared between workers, with the scheme in the key.
    medical_key: Option<MedicalScheme>,
    names: Names,
    tracer: Tracer,
    pension: Ledger,
    medical: Ledger,
    injury: Ledger,
    subsidies: Vec<SubsidyTotal>,
    net_total: Decimal,
    scenario_parameters: Vec<crate::model::response::Citation>,
    /// The base of the first month, as the result states it (a reader's result only).
    base_used: Option<ScenarioBase>,
}

impl<'q> Run<'q> {
    fn new(req: &'q Request, scenario: Scenario, audience: Audience, trace: bool) -> Run<'q> {
        Run {
            req,
            scenario,
            audience,
            medical_key: match (&req.medical.rate, &req.medical.tier) {
                (None, None) => Some(req.medical.scheme),
                _ => None,
            },
            names: Names::default(),
            tracer: Tracer::start(Tracing::requested(trace)),
            pension: Ledger::default(),
            medical: Ledger::default(),
            injury: Ledger::default(),
            subsidies: Vec::new(),
            net_total: Decimal::ZERO,
            scenario_parameters: Vec::new(),
            base_used: None,
        }
    }
}

fn assess_detail<'r>(
    rules: &'r RuleSet,
    req: &Request,
    scenario: Scenario,
    audience: Audience,
    cache: Option<&mut LookupCache<'r>>,
) -> Result<Response, ApiError> {
    req.validate()?;
    #[cfg(not(feature = "provisional"))]
    if req.collected_in.is_some() {
        return Err(ApiError::invalid(
            "collected_in",
            "本模块不按缴费月份计算，请用完整版（命令行或工具模块）",
            "this module does not compute by month of collection: use the CLI or the tools module",
        ));
    }
    let place = region::resolve(rules, &req.region)?;
    let for_reader = audience == Audience::Reader;
    let mut notes = match for_reader {
        true => Notes::for_months(req.months.len()),
        false => Notes::ignored(),
    };
    let mut own_lookups;
    let (lookups, mut shared) = match cache {
        Some(cache) => {
            let kept = cache.for_place(&place, req.collected_in);
            // Steps on a shared base are kept only where nothing but the figures is wanted (no notes'
            // texts, no trace): what they would note or trace is not kept.
            let shared = (!for_reader && !req.trace).then_some(&mut kept.contributions);
            (&mut kept.lookups, shared)
        }
        None => {
            own_lookups = Lookups::collected_in(req.collected_in);
            (&mut own_lookups, None)
        }
    };
    let mut run = Run::new(req, scenario, audience, req.trace);
    let mut months = Vec::with_capacity(req.months.len());
    for (i, facts) in req.months.iter().enumerate() {
        let mut ctx = MonthCtx::new(rules, &place, facts.month, i, &mut notes, lookups);
        ctx.no_estimates = req.no_estimates;
        run.month(&mut ctx, facts, shared.as_deref_mut(), &mut months)?;
        // Only a request that names its month of collection can be provisional.
        #[cfg(feature = "provisional")]
        if req.collected_in.is_some() {
            if let Some(m) = months.last_mut().filter(|m| m.flags.contains(&flag::PROVISIONAL)) {
                m.adjustment = Some(run.adjustment(rules, &place, i, facts, m)?);
            }
        }
    }
    let person = crate::engine::person::person_blocks(rules, &place, req, &months, &mut notes, &mut run.tracer)?;
    run.response(rules, &place, months, &notes, person)
}

impl Run<'_> {
    /// One month: labor facts, base, contributions, the scenario's split, subsidies, injury; its result
    /// is pushed onto `months` where it is built (returning it would copy its few hundred bytes, 1 % of
    /// the batch's instructions).
    fn month(
        &mut self,
        ctx: &mut MonthCtx<'_, '_>,
        facts: &MonthFacts,
        shared: Option<&mut SharedContributions>,
        months: &mut Vec<MonthResult>,
    ) -> Result<(), ApiError> {
        let for_reader = self.audience == Audience::Reader;
        let labor = labor::summarise(facts, &mut self.names)?;
        let (choice, by) = base_choice(ctx, self.req, self.scenario)?;
        let base = base::pension_base(ctx, &choice, labor.income, &mut self.tracer).map_err(|e| match by {
            // The base step names the worker's field; the scenario's own choice has its own.
            ChosenBy::Request if self.scenario == Scenario::LaborFacts => e.renamed("pension_base", "scenario_base"),
            _ => e,
        })?;
        if self.base_used.is_none() && for_reader {
            self.base_used = Some(scenario_base_info(self.scenario, &choice, by));
        }
        let (pension, medical) = self.contributions(ctx, &base, shared)?;
        let (pension_split, medical_split, liab) = self.splits(ctx, facts, &labor, &base, &pension, &medical)?;
        let cost = subsidies::WorkerCost {
            pension: pension_split.worker,
            medical: medical_split.worker,
        };
        let subsidies = subsidies::assess(ctx, self.req, cost, &mut self.tracer)?;
        let worker = money::add(pension_split.worker, medical_split.worker, "worker")?;
        let subsidised = money::sum(subsidies.iter().map(|s| s.amount.0), "subsidies")?;
        for s in &subsidies {
            add_subsidy(&mut self.subsidies, s)?;
        }
        self.net_total = money::add(self.net_total, money::sub(worker, subsidised, "net cost")?, "net cost")?;
        let injury = injury::assess(ctx, facts, &labor, &mut self.tracer)?;
        working_time(ctx, &labor)?;

        if for_reader {
            self.pension.add(pension.total, &pension_split)?;
            self.medical.add(medical.total, &medical_split)?;
            self.injury.total = money::add(self.injury.total, injury.total.0, "injury")?;
            for p in &injury.platforms {
                self.injury.add_platform(&p.platform, p.amount.0)?;
            }
        }

        months.push(MonthResult {
            month: facts.month,
            labor: summary(
                facts,
                &labor,
                liab.as_deref(),
                ctx.has_flag(flag::LONG_HOURS),
                self.audience,
            )?,
            pension: PensionResult {
                base: Fen(base.amount),
                total: Fen(pension.total),
                pooled: Fen(pension.pooled),
                personal_account: Fen(pension.personal_account),
                worker: Fen(pension_split.worker),
                platforms: into_amounts(pension_split.platforms),
            },
            medical: MedicalResult {
                scheme: self.req.medical.scheme.name(),
                base: medical.base.map(Fen),
                rate: medical.rate.map(Dec),
                total: Fen(medical.total),
                worker: Fen(medical_split.worker),
                platforms: into_amounts(medical_split.platforms),
                estimate: match medical.estimate {
                    Some((low, high)) if for_reader => medical::estimate_info(ctx, low, high)?,
                    _ => None,
                },
            },
            injury,
            worker: Fen(worker),
            net_worker_cost: Fen(money::sub(worker, subsidised, "net cost")?),
            subsidies,
            flags: std::mem::take(&mut ctx.flags),
            #[cfg(feature = "provisional")]
            adjustment: None,
        });
        Ok(())
    }

    /// What the final values add to a month collected on provisional ones: the month again on the final
    /// values (a run of its own that keeps nothing: figures only, no notes, no trace), less what was
    /// collected. The same `Run::month`, so that no step gains a second caller (a second caller of the
    /// base step made the compiler stop inlining it and its neighbours into every month: +0.9 % of the
    /// batch's instructions, callgrind 2026-12-02).
    #[cfg(feature = "provisional")]
    #[cold]
    #[inline(never)]
    fn adjustment(
        &self,
        rules: &RuleSet,
        place: &Place,
        index: usize,
        facts: &MonthFacts,
        collected: &MonthResult,
    ) -> Result<Adjustment, ApiError> {
        let mut notes = Notes::ignored();
        let mut lookups = Lookups::default();
        let mut ctx = MonthCtx::new(rules, place, facts.month, index, &mut notes, &mut lookups);
        ctx.no_estimates = self.req.no_estimates;
        let mut run = Run::new(self.req, self.scenario, Audience::Figures, false);
        let mut months = Vec::with_capacity(1);
        run.month(&mut ctx, facts, None, &mut months)?;
        let Some(fin) = months.first() else {
            return Err(ApiError::invalid("months", "内部错误", "internal error"));
        };
        let p = money::sub(fin.pension.total.0, collected.pension.total.0, "adjustment")?;
        let m = money::sub(fin.medical.total.0, collected.medical.total.0, "adjustment")?;
        Ok(Adjustment {
            pension: Fen(p),
            medical: Fen(m),
            total: Fen(money::add(p, m, "adjustment")?),
        })
    }

    /// The month's pension and medical contributions on `base`, from `shared` when another worker of
    /// the place already paid on the same base this month.
    fn contributions(
        &mut self,
        ctx: &mut MonthCtx<'_, '_>,
        base: &base::Base,
        shared: Option<&mut SharedContributions>,
    ) -> Result<(Pension, Medical), ApiError> {
        let (req, tracer) = (self.req, &mut self.tracer);
        let mut contributions = |ctx: &mut MonthCtx<'_, '_>| -> Result<_, ApiError> {
            let pension = pension::contribution(ctx, base.amount, tracer)?;
            let medical = medical::contribution(ctx, &req.medical, base.amount, tracer)?;
            Ok((pension, medical))
        };
        // The floor or the ceiling is the base of many workers of the place in the month; any other
        // base is a worker's own, not worth keeping.
        let on_shared_base = base.amount == base.floor || base.amount == base.ceiling;
        match (shared, self.medical_key) {
            (Some(kept), Some(scheme)) if on_shared_base => {
                let key = (u128::from_le_bytes(base.amount.serialize()), scheme);
                kept.get_or_run(ctx, key, contributions)
            }
            _ => contributions(ctx),
        }
    }

    /// Who pays what of the month's contributions: the worker everything under current law; under the
    /// labor-facts scenario, liable platforms their parts.
    fn splits(
        &mut self,
        ctx: &mut MonthCtx<'_, '_>,
        facts: &MonthFacts,
        labor: &MonthLabor,
        base: &base::Base,
        pension: &Pension,
        medical: &Medical,
    ) -> Result<(Split, Split, Option<Vec<Liability>>), ApiError> {
        if self.scenario == Scenario::CurrentLaw {
            return Ok((
                Split::worker_pays_all(pension.total, labor),
                Split::worker_pays_all(medical.total, labor),
                None,
            ));
        }
        // A reader sees the scenario's parameters once, with their citations; the trace, every month.
        let citing =
            if (self.audience == Audience::Reader && self.scenario_parameters.is_empty()) || self.tracer.enabled() {
                scenario::Citing::Cite
            } else {
                scenario::Citing::Skip
            };
        let p = scenario::params(ctx, self.req.labor_facts.as_ref(), citing)?;
        let liab = scenario::liabilities(labor, base.floor, &p)?;
        let pension_split = scenario::split(
            pension.total,
            base.amount,
            // A liable platform never pays more than the whole pension rate.
            p.platform_pension_rate.min(pension.rate),
            labor,
            &liab,
        )?;
        let medical_split = match (medical.base, medical.rate) {
            (Some(mbase), Some(mrate)) => {
                let platform_rate = (mrate - p.platform_medical_rate_cut).max(Decimal::ZERO);
                scenario::split(medical.total, mbase, platform_rate, labor, &liab)?
            }
            _ => {
                if self.req.medical.scheme == MedicalScheme::Employee {
                    ctx.notes
                        .note("medical_not_shared", key::MEDICAL_FLEXIBLE.name(), facts.month);
                }
                Split::worker_pays_all(medical.total, labor)
            }
        };
        trace_liability(&mut self.tracer, facts, labor, &liab, &p, base.floor);
        if self.scenario_parameters.is_empty() {
            self.scenario_parameters = p.citations;
        }
        Ok((pension_split, medical_split, Some(liab)))
    }

    /// The result: the months, the totals over them, the person's blocks and the warnings.
    fn response(
        self,
        rules: &RuleSet,
        place: &Place,
        months: Vec<MonthResult>,
        notes: &Notes,
        person: crate::engine::person::PersonBlocks,
    ) -> Result<Response, ApiError> {
        let mut all_platforms = Ledger::default();
        for (name, amount) in self.pension.platforms.iter().chain(&self.medical.platforms) {
            all_platforms.add_platform(name, *amount)?;
        }
        let mut info = ScenarioInfo::of(self.scenario);
        info.parameters = self.scenario_parameters;
        info.base = self.base_used;
        Ok(Response {
            schema: SCHEMA,
            engine_version: crate::model::ENGINE_VERSION,
            rules_version: rules.version.clone(),
            custom_rules: rules.custom_files.clone(),
            region: region::region_info(rules, place, self.audience),
            scenario: info,
            months,
            totals: Totals {
                pension: self.pension.to_party(),
                medical: self.medical.to_party(),
                injury: InjuryTotals {
                    total: Fen(self.injury.total),
                    platforms: amounts(&self.injury.platforms),
                },
                worker: Fen(money::add(self.pension.worker, self.medical.worker, "totals")?),
                platforms: amounts(&all_platforms.platforms),
                subsidies: self.subsidies,
                net_worker_cost: Fen(self.net_total),
            },
            warnings: match self.audience {
                Audience::Reader => warnings::warnings(notes, self.scenario, &rules.custom_files),
                Audience::Figures => Vec::new(),
            },
            trace: self.tracer.finish(),
            retirement: person.retirement,
            projection: person.projection,
            resident: person.resident,
            gap: person.gap,
        })
    }
}

fn add_subsidy(totals: &mut Vec<SubsidyTotal>, s: &subsidies::SubsidyResult) -> Result<(), ApiError> {
    let pos = match totals
        .iter()
        .position(|t| t.program == s.program && t.platform == s.platform)
    {
        Some(p) => p,
        None => {
            totals.push(SubsidyTotal {
                program: s.program,
                payer: s.payer,
                platform: s.platform.clone(),
                amount: Fen(Decimal::ZERO),
                months: 0,
            });
            totals.len() - 1
        }
    };
    let t = &mut totals[pos];
    t.amount = Fen(money::add(t.amount.0, s.amount.0, "subsidies")?);
    if s.eligible {
        t.months += 1;
    }
    Ok(())
}

/// Notes a month whose average weekly hours exceed the statutory week.
fn working_time(ctx: &mut MonthCtx<'_, '_>, labor: &MonthLabor) -> Result<(), ApiError> {
    let limit = ctx.require(key::WORKING_TIME_WEEKLY_HOURS_LIMIT)?.value;
    if money::gt(labor.weekly_hours, limit) {
        ctx.flag(flag::LONG_HOURS);
        ctx.notes
            .note(flag::LONG_HOURS, key::WORKING_TIME_WEEKLY_HOURS_LIMIT.name(), ctx.month);
    }
    Ok(())
}

fn summary(
    facts: &MonthFacts,
    labor: &MonthLabor,
    liab: Option<&[Liability]>,
    long_hours: bool,
    audience: Audience,
) -> Result<LaborSummary, ApiError> {
    let for_reader = audience == Audience::Reader;
    let hourly = |income, hours| match for_reader {
        true => labor::hourly_income(income, hours).map(|h| h.map(Fen)),
        false => Ok(None),
    };
    let mut platforms = Vec::with_capacity(labor.platforms.len());
    for (j, (p, w)) in labor.platforms.iter().zip(&facts.work).enumerate() {
        let l = liab.and_then(|l| l.get(j));
        platforms.push(PlatformFacts {
            platform: p.name.clone(),
            sector: w.sector,
            hours: Fen(p.hours),
            weekly_hours: labor::WeeklyHours(p.weekly_hours),
            income: Fen(p.income),
            hourly_income: hourly(p.income, p.hours)?,
            orders: w.orders,
            liable: l.map(Liability::liable),
            liable_by: l.map(Liability::tests).unwrap_or_default(),
            share: l
                .filter(|_| for_reader)
                .map(|l| l.share().round_dp(6).normalize().to_string()),
        });
    }
    Ok(LaborSummary {
        hours: Fen(labor.hours),
        income: Fen(labor.income),
        orders: labor.orders,
        weekly_hours: labor::WeeklyHours(labor.weekly_hours),
        hourly_income: hourly(labor.income, labor.hours)?,
        above_statutory_week: long_hours,
        platforms,
    })
}

fn trace_liability(
    tracer: &mut Tracer,
    facts: &MonthFacts,
    labor: &MonthLabor,
    liab: &[Liability],
    p: &scenario::Params,
    floor: Decimal,
) {
    tracer.step(|| {
        let mut result = Vec::new();
        for (pl, l) in labor.platforms.iter().zip(liab) {
            let why = if l.liable() { l.tests().join("+") } else { "none".to_string() };
            result.push((
                "platform",
                format!(
                    "{}: weekly hours {} (> {}? {}), income {} (≥ {} × {}? {}) → liable: {} ({why}), share {}",
                    pl.name,
                    labor::weekly_hours_as_divided(pl.hours, facts.month)
                        .unwrap_or(pl.weekly_hours)
                        .round_dp(2),
                    p.weekly_hours_threshold,
                    l.by_hours,
                    pl.income,
                    floor,
                    p.income_floor_share,
                    l.by_income,
                    l.liable(),
                    l.share().round_dp(6)
                ),
            ));
        }
        TraceStep {
            month: Some(facts.month),
            step: "labor_facts.liability",
            rule: Message::new(
                "情景：平台周均工时超过24小时（劳动合同法第六十八条）或当月来自该平台的收入达到缴费基数下限时，平台按其收入（或工时）占比承担单位部分",
                "Scenario: a platform is liable when average weekly hours for it exceed 24 (Labor Contract Law art. 68) or the month's income from it reaches the base floor; it pays the platform share on its part of the base",
            ),
            citations: p.citations.clone(),
            inputs: Pairs(vec![
                ("apportion", p.apportion.name().to_string()),
                ("platform_pension_rate", p.platform_pension_rate.to_string()),
                ("platform_medical_rate_cut", p.platform_medical_rate_cut.to_string()),
            ]),
            result: Pairs(result),
        }
    });
}
