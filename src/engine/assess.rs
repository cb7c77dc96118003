//! One assessment: the engine's steps month by month, then the totals and warnings.

use crate::engine::context::{flag, LookupCache, Lookups, MonthCtx, Notes};
use crate::engine::labor::{self, MonthLabor, Names, PlatformFacts, PlatformName};
use crate::engine::scenario::{self, Liability, Split};
use crate::engine::{base, injury, medical, pension, subsidies};
use crate::foundation::error::{ApiError, ErrorCode, Message};
use crate::foundation::money::{self, Dec, Fen};
use crate::model::request::{BaseChoice, BaseKind, MedicalScheme, MonthFacts, Request, Scenario};
use crate::model::response::*;
use crate::model::trace::{Pairs, TraceStep, Tracer};
use crate::rules::{Place, Resolution, RuleSet, Value};
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

pub fn resolve(rules: &RuleSet, region: &str) -> Result<Place, ApiError> {
    let candidates = match rules.lookup(region) {
        Resolution::Found(place) => return Ok(place),
        Resolution::Ambiguous(candidates) => candidates,
        Resolution::Unknown => {
            let region = crate::foundation::error::excerpt(region);
            return Err(ApiError::new(
                ErrorCode::UnknownRegion,
                Some("region".into()),
                Message::new(
                    format!("未知地区“{region}”：请使用行政区划代码（如 320100）、拼音或中文名称"),
                    format!("unknown region \"{region}\": use a GB/T 2260 code (e.g. 320100), pinyin or Chinese name"),
                ),
            ));
        }
    };
    // Each candidate as "朝阳区（北京市，110105）".
    let describe = |zh: bool| {
        candidates
            .iter()
            .map(|&i| {
                let d = &rules.divisions[i];
                let province = rules.division(&d.province_code()).map(|p| &rules.divisions[p]);
                let (name, prov) = match zh {
                    true => (d.zh.as_str(), province.map_or("", |p| p.zh.as_str())),
                    false => (d.en.as_str(), province.map_or("", |p| p.en.as_str())),
                };
                match (zh, d.level == crate::rules::gazetteer::Level::Province) {
                    (true, true) => [name, "（", d.code, "）"].concat(),
                    (true, false) => [name, "（", prov, "，", d.code, "）"].concat(),
                    (false, true) => [name, " (", d.code, ")"].concat(),
                    (false, false) => [name, " (", prov, ", ", d.code, ")"].concat(),
                }
            })
            .collect::<Vec<_>>()
    };
    let region = crate::foundation::error::excerpt(region);
    Err(ApiError::new(
        ErrorCode::AmbiguousRegion,
        Some("region".into()),
        Message::new(
            format!(
                "“{region}”可指多个地方，请选择其一（或填写代码）：{}",
                describe(true).join("、")
            ),
            format!(
                "\"{region}\" names several places: choose one (or give its code): {}",
                describe(false).join("; ")
            ),
        ),
    ))
}

/// The base choice in force: the request's, else the scenario's default (the floor under current
/// law; under labor_facts the rules data's `labor_facts.default_base`, the month's labor income).
fn base_choice(ctx: &mut MonthCtx<'_, '_>, req: &Request, scenario: Scenario) -> Result<BaseChoice, ApiError> {
    if let Some(choice) = &req.pension_base {
        return Ok(choice.clone());
    }
    if scenario == Scenario::CurrentLaw {
        return Ok(BaseChoice::default());
    }
    let p = ctx.require("labor_facts.default_base")?;
    let kind = match &p.entry.value {
        Value::Text(t) if t == "income" => BaseKind::Income,
        Value::Text(t) if t == "ceiling" => BaseKind::Ceiling,
        Value::Text(_) => BaseKind::Floor,
        _ => return Err(p.wrong_kind()),
    };
    Ok(BaseChoice {
        kind,
        value: None,
        tier_rule: None,
    })
}

/// Computes contributions for every month of a request.
pub fn assess(rules: &RuleSet, req: &Request) -> Result<Response, ApiError> {
    assess_as(rules, req, req.scenario)
}

/// Like [`assess`], under `scenario` whatever the request's own (compare runs both without cloning
/// the request).
pub fn assess_as(rules: &RuleSet, req: &Request, scenario: Scenario) -> Result<Response, ApiError> {
    assess_detail(rules, req, scenario, true, None)
}

/// The same steps and each month's figures, without what only a reader needs: the texts of the
/// warnings (`warnings` is empty; each month's flags remain), each month's hourly incomes and platform
/// shares (`None`), the scenario's citations (empty), the region's names (empty; its code remains) and
/// the totals over the months (zero: the batch adds up its own). The batch keeps only the figures;
/// the texts were a fifth of its cost, the hourly incomes (a division each) a tenth, the citations and
/// the totals a few per cent more.
pub fn assess_figures(rules: &RuleSet, req: &Request, scenario: Scenario) -> Result<Response, ApiError> {
    assess_detail(rules, req, scenario, false, None)
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
    assess_detail(rules, req, scenario, false, Some(cache))
}

fn assess_detail<'r>(
    rules: &'r RuleSet,
    req: &Request,
    scenario: Scenario,
    for_reader: bool,
    cache: Option<&mut LookupCache<'r>>,
) -> Result<Response, ApiError> {
    req.validate()?;
    let place = resolve(rules, &req.region)?;
    let mut tracer = Tracer::new(req.trace);
    let mut notes = match for_reader {
        true => Notes::for_months(req.months.len()),
        false => Notes::ignored(),
    };
    let mut own_lookups;
    let (lookups, mut shared) = match cache {
        Some(cache) => {
            let kept = cache.for_place(&place);
            // Steps on a shared base are kept only where nothing but the figures is wanted (no notes'
            // texts, no trace): what they would note or trace is not kept.
            let shared = (!for_reader && !req.trace).then_some(&mut kept.contributions);
            (&mut kept.lookups, shared)
        }
        None => {
            own_lookups = Lookups::default();
            (&mut own_lookups, None)
        }
    };
    // The medical step depends on the request's choice too: only the usual choices (a scheme, no rate
    // or tier of the request's own) are shared, with the scheme in the key.
    let medical_key = match (&req.medical.rate, &req.medical.tier) {
        (None, None) => Some(req.medical.scheme),
        _ => None,
    };
    let mut names = Names::default();
    let mut months = Vec::with_capacity(req.months.len());
    let (mut pension_ledger, mut medical_ledger, mut injury_ledger) =
        (Ledger::default(), Ledger::default(), Ledger::default());
    let mut scenario_parameters = Vec::new();
    let mut subsidy_totals: Vec<SubsidyTotal> = Vec::new();
    let mut net_total = Decimal::ZERO;

    for (i, facts) in req.months.iter().enumerate() {
        let mut ctx = MonthCtx::new(rules, &place, facts.month, i, &mut notes, lookups);
        ctx.no_estimates = req.no_estimates;
        let labor = labor::summarise(facts, &mut names)?;
        let choice = base_choice(&mut ctx, req, scenario)?;
        let base = base::pension_base(&mut ctx, &choice, labor.income, &mut tracer)?;
        let mut contributions = |ctx: &mut MonthCtx<'_, '_>| -> Result<_, ApiError> {
            let pension = pension::contribution(ctx, base.amount, &mut tracer)?;
            let medical = medical::contribution(ctx, &req.medical, base.amount, &mut tracer)?;
            Ok((pension, medical))
        };
        // The floor or the ceiling is the base of many workers of the place in the month; any other
        // base is a worker's own, not worth keeping.
        let on_shared_base = base.amount == base.floor || base.amount == base.ceiling;
        let (pension, medical) = match (shared.as_deref_mut(), medical_key) {
            (Some(kept), Some(scheme)) if on_shared_base => {
                let key = (u128::from_le_bytes(base.amount.serialize()), scheme);
                kept.get_or_run(&mut ctx, key, contributions)?
            }
            _ => contributions(&mut ctx)?,
        };

        let (pension_split, medical_split, liab) = match scenario {
            Scenario::CurrentLaw => (
                Split::worker_pays_all(pension.total, &labor),
                Split::worker_pays_all(medical.total, &labor),
                None,
            ),
            Scenario::LaborFacts => {
                let with_citations = (for_reader && scenario_parameters.is_empty()) || tracer.enabled();
                let p = scenario::params(&mut ctx, req.labor_facts.as_ref(), with_citations)?;
                let liab = scenario::liabilities(&labor, base.floor, &p)?;
                let pension_split = scenario::split(
                    pension.total,
                    base.amount,
                    // A liable platform never pays more than the whole pension rate.
                    p.platform_pension_rate.min(pension.rate),
                    &labor,
                    &liab,
                )?;
                let medical_split = match (medical.base, medical.rate) {
                    (Some(mbase), Some(mrate)) => {
                        let platform_rate = (mrate - p.platform_medical_rate_cut).max(Decimal::ZERO);
                        scenario::split(medical.total, mbase, platform_rate, &labor, &liab)?
                    }
                    _ => {
                        if req.medical.scheme == MedicalScheme::Employee {
                            ctx.notes.note("medical_not_shared", "medical.flexible", facts.month);
                        }
                        Split::worker_pays_all(medical.total, &labor)
                    }
                };
                trace_liability(&mut tracer, facts, &labor, &liab, &p, base.floor);
                if scenario_parameters.is_empty() {
                    scenario_parameters = p.citations;
                }
                (pension_split, medical_split, Some(liab))
            }
        };
        let cost = subsidies::WorkerCost {
            pension: pension_split.worker,
            medical: medical_split.worker,
        };
        let subsidies = subsidies::assess(&mut ctx, req, cost, &mut tracer)?;
        let worker = money::add(pension_split.worker, medical_split.worker, "worker")?;
        let subsidised = money::sum(subsidies.iter().map(|s| s.amount.0), "subsidies")?;
        for s in &subsidies {
            add_subsidy(&mut subsidy_totals, s)?;
        }
        net_total = money::add(net_total, money::sub(worker, subsidised, "net cost")?, "net cost")?;
        let injury = injury::assess(&mut ctx, facts, &labor, &mut tracer)?;
        working_time(&mut ctx, &labor)?;

        if for_reader {
            pension_ledger.add(pension.total, &pension_split)?;
            medical_ledger.add(medical.total, &medical_split)?;
            injury_ledger.total = money::add(injury_ledger.total, injury.total.0, "injury")?;
            for p in &injury.platforms {
                injury_ledger.add_platform(&p.platform, p.amount.0)?;
            }
        }

        months.push(MonthResult {
            month: facts.month,
            labor: summary(facts, &labor, liab.as_deref(), ctx.has_flag(LONG_HOURS), for_reader)?,
            pension: PensionResult {
                base: Fen(base.amount),
                total: Fen(pension.total),
                pooled: Fen(pension.pooled),
                personal_account: Fen(pension.personal_account),
                worker: Fen(pension_split.worker),
                platforms: into_amounts(pension_split.platforms),
            },
            medical: MedicalResult {
                scheme: match req.medical.scheme {
                    MedicalScheme::Employee => "employee",
                    MedicalScheme::None => "none",
                },
                base: medical.base.map(Fen),
                rate: medical.rate.map(Dec),
                total: Fen(medical.total),
                worker: Fen(medical_split.worker),
                platforms: into_amounts(medical_split.platforms),
                estimate: match medical.estimate {
                    Some((low, high)) if for_reader => medical_estimate(&mut ctx, low, high)?,
                    _ => None,
                },
            },
            injury,
            worker: Fen(worker),
            net_worker_cost: Fen(money::sub(worker, subsidised, "net cost")?),
            subsidies,
            flags: ctx.flags,
        });
    }

    let mut all_platforms = Ledger::default();
    for (name, amount) in pension_ledger.platforms.iter().chain(&medical_ledger.platforms) {
        all_platforms.add_platform(name, *amount)?;
    }
    let region = rules.region(&place);
    let city = rules.city(&place);
    let name = |n: &String| if for_reader { n.clone() } else { String::new() };
    let mut info = scenario_info(scenario);
    info.parameters = scenario_parameters;
    let person = crate::engine::person::person_blocks(rules, &place, req, &months, &mut notes, &mut tracer)?;
    Ok(Response {
        schema: SCHEMA,
        engine_version: crate::model::ENGINE_VERSION,
        rules_version: rules.version.clone(),
        custom_rules: rules.custom_files.clone(),
        region: RegionInfo {
            code: place.requested.clone(),
            zh: name(city.map_or(&region.zh, |c| &c.zh)),
            en: name(city.map_or(&region.en, |c| &c.en)),
            province: PlaceName {
                code: region.code.clone(),
                zh: name(&region.zh),
                en: name(&region.en),
            },
            city: city.map(|c| PlaceName {
                code: c.code.clone(),
                zh: name(&c.zh),
                en: name(&c.en),
            }),
            place: (if for_reader {
                rules.division(&place.requested)
            } else {
                None
            })
            .map(|i| {
                let d = &rules.divisions[i];
                NamedPlace {
                    code: d.code.to_string(),
                    zh: d.zh.to_string(),
                    en: d.en.to_string(),
                    level: d.level.name(),
                }
            }),
        },
        scenario: info,
        months,
        totals: Totals {
            pension: pension_ledger.to_party(),
            medical: medical_ledger.to_party(),
            injury: InjuryTotals {
                total: Fen(injury_ledger.total),
                platforms: amounts(&injury_ledger.platforms),
            },
            worker: Fen(money::add(pension_ledger.worker, medical_ledger.worker, "totals")?),
            platforms: amounts(&all_platforms.platforms),
            subsidies: subsidy_totals,
            net_worker_cost: Fen(net_total),
        },
        warnings: if for_reader {
            warnings(&notes, scenario, &rules.custom_files)
        } else {
            Vec::new()
        },
        trace: tracer.finish(),
        retirement: person.retirement,
        projection: person.projection,
        resident: person.resident,
    })
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

/// One static string for the flag, so that looking it up compares addresses.
const LONG_HOURS: &str = "long_hours";

/// Notes a month whose average weekly hours exceed the statutory week.
fn working_time(ctx: &mut MonthCtx<'_, '_>, labor: &MonthLabor) -> Result<(), ApiError> {
    let limit = ctx.require("working_time.weekly_hours_limit")?.decimal()?;
    if money::gt(labor.weekly_hours, limit) {
        ctx.flag(LONG_HOURS);
        ctx.notes.note(LONG_HOURS, "working_time.weekly_hours_limit", ctx.month);
    }
    Ok(())
}

fn summary(
    facts: &MonthFacts,
    labor: &MonthLabor,
    liab: Option<&[Liability]>,
    long_hours: bool,
    for_reader: bool,
) -> Result<LaborSummary, ApiError> {
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

pub fn scenario_info(s: Scenario) -> ScenarioInfo {
    let (is_current_law, label) = match s {
        Scenario::CurrentLaw => (true, Message::new("现行法律", "Current law")),
        Scenario::LaborFacts => (
            false,
            Message::new(
                "情景测算：按劳动事实参保（非现行法律）",
                "Scenario: coverage follows the facts of labor (not current law)",
            ),
        ),
    };
    ScenarioInfo {
        name: s.name(),
        is_current_law,
        label,
        parameters: Vec::new(),
    }
}

/// The estimate behind a month's medical figure, for the reader: its range and what it rests on.
fn medical_estimate(
    ctx: &mut MonthCtx<'_, '_>,
    low: Decimal,
    high: Decimal,
) -> Result<Option<MedicalEstimateInfo>, ApiError> {
    let Some(found) = ctx.optional("medical.flexible")? else {
        return Ok(None);
    };
    let crate::rules::Value::Medical(_, Some(e)) = &found.entry.value else {
        return Ok(None);
    };
    Ok(Some(MedicalEstimateInfo {
        low: Fen(low),
        high: Fen(high),
        basis: Message::new(e.basis_zh.clone(), e.basis_en.clone()),
        grade: found.entry.grade,
    }))
}

fn warnings(notes: &Notes, scenario: Scenario, custom_files: &[String]) -> Vec<Warning> {
    let mut out = Vec::new();
    if !custom_files.is_empty() {
        // Joined as `&str`s: the other joins of the engine are, and a second `join` for `String`s is
        // another copy of its code in the wasm module.
        let files = custom_files.iter().map(String::as_str).collect::<Vec<_>>().join(", ");
        out.push(Warning {
            code: "custom_rules",
            message: Message::new(
                format!("本结果使用了自定义规则文件：{files}"),
                format!("this result used custom rules files: {files}"),
            ),
            parameter: None,
            months: Vec::new(),
        });
    }
    if scenario == Scenario::LaborFacts {
        out.push(Warning {
            code: "scenario_not_law",
            message: Message::new(
                "这是按劳动事实参保的情景测算，不是现行法律：现行法律下平台无需为灵活就业人员缴纳养老和医疗保险费",
                "This is a labor-facts scenario, not current law: under current law platforms pay no pension or medical contributions for flexibly employed people",
            ),
            parameter: None,
            months: Vec::new(),
        });
    }
    out.extend(notes.by_param().into_iter().map(|(&(code, parameter), months)| {
        let mut list = String::with_capacity(months.len() * 9);
        for (i, m) in months.iter().enumerate() {
            if i > 0 {
                list.push_str(", ");
            }
            m.push_to(&mut list);
        }
        let (zh, en) = crate::rules::params::labels(parameter);
        // Joined with `concat` rather than `format!`: a dozen of these per assessment.
        let message = match code {
            flag::CARRIED_FORWARD => Message::new(
                [zh, "（", parameter, "）尚无 ", &list, " 的公布值，沿用最近一期数值"].concat(),
                [en, " (", parameter, ") has no published value for ", &list, ": the latest published value is carried forward"].concat(),
            ),
            flag::GRADE_C => Message::new(
                [zh, "（", parameter, "）的来源可信度为 C（单一或有冲突的来源），请核实：", &list].concat(),
                [en, " (", parameter, ") uses a value of grade C (a single or conflicting source); check it: ", &list].concat(),
            ),
            flag::CONVENTION => Message::new(
                [zh, "（", parameter, "）没有公布的规则，采用本工具写明的约定：", &list].concat(),
                ["no published rule for the ", en, " (", parameter, "): flexcalc's documented convention is used: ", &list].concat(),
            ),
            flag::BASE_CLAMPED => Message::new(
                ["所选缴费基数超出上下限，已按上下限计算：", &list].concat(),
                ["the chosen base was outside the floor and ceiling and was clamped: ", &list].concat(),
            ),
            "long_hours" => Message::new(
                // The limit itself is rules data (`working_time.weekly_hours_limit`), so the text names the
                // law rather than repeating a figure that could change.
                ["周均工作时间超过法定每周工作时间（劳动法第三十六条）：", &list].concat(),
                ["average weekly hours exceed the statutory working week (Labor Law art. 36): ", &list].concat(),
            ),
            flag::MEDICAL_ESTIMATE => Message::new(
                ["当地没有查到公布的灵活就业人员职工医保缴费办法，医保费为估算，见各月的估算区间和依据：", &list].concat(),
                ["no published employee medical rule for flexibly employed people was found here: the medical charge is an estimate (see each month's range and basis): ", &list].concat(),
            ),
            flag::MEDICAL_TIER_DEFAULT => Message::new(
                ["当地职工医保按年度档次缴费，未选择档次，按最低档计算（可另选档次）：", &list].concat(),
                ["the city charges medical insurance by yearly tier and none was chosen: the lowest tier is used (another may be chosen): ", &list].concat(),
            ),
            "medical_not_shared" => Message::new(
                ["当地职工医保按固定金额或档次缴费，情景中平台不分担医保费：", &list].concat(),
                ["the city charges medical insurance as a fixed amount or tier, so the scenario gives platforms no medical share: ", &list].concat(),
            ),
            other => Message::new(other, other),
        };
        let parameter = (code != flag::BASE_CLAMPED).then_some(parameter);
        Warning { code, message, parameter, months: months.to_vec() }
    }));
    out
}
