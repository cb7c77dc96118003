//! Property tests of issue 3 (labor-facts scenario, injury protection, subsidies, compare): invariants
//! that must hold for any valid ledger.
//!
//! A generated ledger: one region with data (Nanjing, Shanghai, Guangzhou, Beijing), 1–12 consecutive
//! months within 2024-07..2025-12, 1–5 platforms a month with random hours (never more than the month
//! has), incomes 0–50,000 with two decimals (often near the base floor, where the liability test
//! turns), orders and sectors, a random base choice, random overrides of the scenario's parameters and
//! random subsidies. Requests are built as JSON and parsed with `Request::from_json`, as clients do.

use flexcalc::api::embedded_rules;
use flexcalc::request::Request;
use flexcalc::response::{PlatformAmount, Response};
use flexcalc::rules::RuleSet;
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};

fn rules() -> &'static RuleSet {
    embedded_rules().expect("embedded rules load")
}

/// Regions whose rules data cover every month of 2024-07..2025-12 (floor, ceiling, medical rule).
const REGIONS: &[&str] = &["320100", "310000", "440100", "110000"];
/// The first month a ledger may start in, as months since year 0 (2024-07), and how many follow.
const FIRST_MONTH: u32 = 2024 * 12 + 6;
const MONTH_SPAN: u32 = 18;
const PLATFORMS: &[&str] = &["美团", "Didi", "Lalamove", "饿了么", "Uber"];
const SECTORS: &[&str] = &["instant_delivery", "ride_hailing", "freight", "other"];

fn days(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

fn fen_text(fen: u64) -> String {
    format!("{}.{:02}", fen / 100, fen % 100)
}

/// Income in fen: anything up to 50,000.00, often zero or near the floors (4,952–7,460).
fn income() -> impl Strategy<Value = u64> {
    prop_oneof![
        3 => 0u64..=5_000_000,
        2 => 450_000u64..=800_000,
        1 => Just(0u64),
    ]
}

#[derive(Clone, Debug)]
struct Entry {
    /// Hours as a fraction (0–10,000 ten-thousandths) of a fifth of the month's hours.
    hours_part: u32,
    income: u64,
    orders: u64,
    sector: usize,
    high_fee: bool,
}

fn entry() -> impl Strategy<Value = Entry> {
    (0u32..=10_000, income(), 0u64..5_000, 0..SECTORS.len(), any::<bool>()).prop_map(
        |(hours_part, income, orders, sector, high_fee)| Entry {
            hours_part,
            income,
            orders,
            sector,
            high_fee,
        },
    )
}

/// One month: the rotation of the platform pool (so platforms come and go) and 1–5 entries.
fn month() -> impl Strategy<Value = (usize, Vec<Entry>)> {
    (0..PLATFORMS.len(), prop::collection::vec(entry(), 1..=5))
}

fn base_choice() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!({"kind": "floor"})),
        Just(json!({"kind": "ceiling"})),
        Just(json!({"kind": "income"})),
        (600u32..=3000).prop_map(|p| json!({"kind": "percent", "value": format!("{}.{}", p / 10, p % 10)})),
        (1u64..6_000_000).prop_map(|fen| json!({"kind": "amount", "value": fen_text(fen)})),
    ]
}

fn overrides() -> impl Strategy<Value = Option<Value>> {
    let some = (
        prop::option::of(0u32..=16_800),
        prop::option::of(0u32..=300),
        prop::option::of(0u32..=300),
        prop::option::of(0u32..=100),
        prop::option::of(any::<bool>()),
    )
        .prop_map(|(hours, share, pension, cut, hours_key)| {
            let mut o = serde_json::Map::new();
            if let Some(h) = hours {
                o.insert("weekly_hours_threshold".into(), json!(fen_text(u64::from(h))));
            }
            if let Some(s) = share {
                o.insert("income_floor_share".into(), json!(fen_text(u64::from(s))));
            }
            if let Some(p) = pension {
                o.insert("platform_pension_rate".into(), json!(format!("0.{p:03}")));
            }
            if let Some(c) = cut {
                o.insert("platform_medical_rate_cut".into(), json!(format!("0.{c:03}")));
            }
            if let Some(k) = hours_key {
                o.insert("apportion".into(), json!(if k { "hours" } else { "income" }));
            }
            Value::Object(o)
        });
    prop_oneof![Just(None), some.prop_map(Some)]
}

/// Subsidies: the employment-difficulty subsidy with a start within 40 months before to 12 after the
/// first month and some months already used; the platform pension subsidy of one pool platform.
fn subsidies() -> impl Strategy<Value = Vec<Value>> {
    (
        prop::option::of((0u32..52, 0u32..40)),
        prop::option::of(0..PLATFORMS.len()),
    )
        .prop_map(|(difficulty, platform)| {
            let mut out = Vec::new();
            if let Some((offset, used)) = difficulty {
                let index = FIRST_MONTH + offset - 40;
                let start = format!("{:04}-{:02}", index / 12, index % 12 + 1);
                out.push(json!({"program": "employment_difficulty", "start": start, "months_used_before": used}));
            }
            if let Some(p) = platform {
                out.push(json!({"program": "platform_pension", "platform": PLATFORMS[p]}));
            }
            out
        })
}

#[derive(Clone, Debug)]
struct Ledger {
    region: usize,
    start: u32,
    months: Vec<(usize, Vec<Entry>)>,
    base: Option<Value>,
    employee_medical: bool,
    overrides: Option<Value>,
    subsidies: Vec<Value>,
}

prop_compose! {
    fn ledger()(region in 0..REGIONS.len(),
                months in prop::collection::vec(month(), 1..=12),
                start_part in 0u32..1000,
                base in prop::option::of(base_choice()),
                employee_medical in prop::bool::weighted(0.85),
                overrides in overrides(),
                subsidies in subsidies())
               -> Ledger {
        let room = MONTH_SPAN - months.len() as u32;
        Ledger { region, start: start_part % (room + 1), months, base, employee_medical, overrides, subsidies }
    }
}

/// The request as JSON, under `scenario`, with `base` (the ledger's own choice when `None`).
fn request(l: &Ledger, scenario: &str, base: Option<&Value>, zero_orders: bool) -> Value {
    let months: Vec<Value> = l
        .months
        .iter()
        .enumerate()
        .map(|(i, (rotation, entries))| {
            let index = FIRST_MONTH + l.start + i as u32;
            let (y, m) = (index / 12, index % 12 + 1);
            let month_centi_hours = u64::from(days(y, m) * 24 * 100);
            let work: Vec<Value> = entries
                .iter()
                .enumerate()
                .map(|(j, e)| {
                    // Each entry gets at most a fifth of the month, so the month's hours always fit.
                    let centi = month_centi_hours / 5 * u64::from(e.hours_part) / 10_000;
                    let sector = SECTORS[e.sector];
                    let mut w = json!({
                        "platform": PLATFORMS[(rotation + j) % PLATFORMS.len()],
                        "hours": fen_text(centi),
                        "income": fen_text(e.income),
                        "orders": if zero_orders { 0 } else { e.orders },
                        "sector": sector,
                    });
                    if sector == "instant_delivery" && e.high_fee {
                        w["injury_fee_class"] = json!("high");
                    }
                    w
                })
                .collect();
            json!({"month": format!("{y:04}-{m:02}"), "work": work})
        })
        .collect();
    let mut r = json!({
        "region": REGIONS[l.region],
        "scenario": scenario,
        "medical": {"scheme": if l.employee_medical { "employee" } else { "none" }},
        "months": months,
    });
    if let Some(b) = base.or(l.base.as_ref()) {
        r["pension_base"] = b.clone();
    }
    if let Some(o) = &l.overrides {
        r["labor_facts"] = o.clone();
    }
    // A platform pension subsidy must name a platform of the ledger (the engine rejects any other):
    // keep the generated one when it works there, else take the ledger's first platform.
    let names: Vec<&str> = r["months"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|m| m["work"].as_array().into_iter().flatten())
        .filter_map(|w| w["platform"].as_str())
        .collect();
    let subsidies: Vec<Value> = l
        .subsidies
        .iter()
        .filter_map(|s| match s["platform"].as_str() {
            None => Some(s.clone()),
            Some(p) if names.contains(&p) => Some(s.clone()),
            Some(_) => names
                .first()
                .map(|first| json!({"program": "platform_pension", "platform": first})),
        })
        .collect();
    if !subsidies.is_empty() {
        r["subsidies"] = json!(subsidies);
    }
    r
}

fn parse(v: &Value) -> Request {
    Request::from_json(&v.to_string()).unwrap_or_else(|e| panic!("generated request rejected: {e:?}\n{v}"))
}

fn assess(v: &Value) -> Response {
    flexcalc::assess(rules(), &parse(v)).unwrap_or_else(|e| panic!("assess failed: {e:?}\nrequest: {v}"))
}

fn sum(list: &[PlatformAmount]) -> Decimal {
    list.iter().map(|p| p.amount.0).sum()
}

/// Adds `amount` to `name`'s running total, keeping the order of first appearance.
fn add_to(list: &mut Vec<(String, Decimal)>, name: &str, amount: Decimal) {
    match list.iter_mut().find(|(n, _)| n == name) {
        Some((_, a)) => *a += amount,
        None => list.push((name.to_string(), amount)),
    }
}

fn as_pairs(list: &[PlatformAmount]) -> Vec<(String, Decimal)> {
    list.iter().map(|p| (p.platform.to_string(), p.amount.0)).collect()
}

const SCENARIOS: [&str; 2] = ["current_law", "labor_facts"];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// The worker's part plus every platform's part is the total, to the fen, in every month.
    #[test]
    fn parts_add_up_to_the_total(l in ledger()) {
        for scenario in SCENARIOS {
            let req = request(&l, scenario, None, false);
            let r = assess(&req);
            for m in &r.months {
                prop_assert!(m.pension.worker.0 >= Decimal::ZERO, "{} pension worker negative: {req}", m.month);
                prop_assert!(m.medical.worker.0 >= Decimal::ZERO, "{} medical worker negative: {req}", m.month);
                prop_assert!(m.pension.platforms.iter().chain(&m.medical.platforms).all(|p| p.amount.0 >= Decimal::ZERO));
                prop_assert_eq!(m.pension.worker.0 + sum(&m.pension.platforms), m.pension.total.0,
                    "{} {} pension parts: {}", scenario, m.month, req);
                prop_assert_eq!(m.medical.worker.0 + sum(&m.medical.platforms), m.medical.total.0,
                    "{} {} medical parts: {}", scenario, m.month, req);
                prop_assert_eq!(m.worker.0, m.pension.worker.0 + m.medical.worker.0);
                // Every amount is whole fen.
                for a in m.pension.platforms.iter().chain(&m.medical.platforms) {
                    prop_assert_eq!(a.amount.0, a.amount.0.round_dp(2));
                }
            }
        }
    }

    /// Under current law no platform pays anything for pension or medical.
    #[test]
    fn no_platform_pays_under_current_law(l in ledger()) {
        let req = request(&l, "current_law", None, false);
        let r = assess(&req);
        prop_assert!(r.scenario.is_current_law);
        for m in &r.months {
            prop_assert!(m.pension.platforms.iter().chain(&m.medical.platforms).all(|p| p.amount.0.is_zero()),
                "{}: {}", m.month, req);
            prop_assert_eq!(m.pension.worker.0, m.pension.total.0);
            prop_assert_eq!(m.medical.worker.0, m.medical.total.0);
            prop_assert!(m.labor.platforms.iter().all(|p| p.liable.is_none()));
        }
        prop_assert!(r.totals.platforms.iter().all(|p| p.amount.0.is_zero()));
    }

    /// With the same base choice in both scenarios, the worker never pays more under labor_facts than under current
    /// law, month by month and in total; the totals are the same, only who pays changes.
    #[test]
    fn the_worker_never_pays_more_under_labor_facts(l in ledger(), base in base_choice()) {
        let mut req = request(&l, "current_law", Some(&base), false);
        // The scenario computes on its own base unless the request gives it one (issue 17): here the
        // same as the worker's, so that only who pays differs.
        if !req["pension_base"].is_null() {
            req["scenario_base"] = req["pension_base"].clone();
        }
        let c = flexcalc::compare::compare(rules(), &parse(&req))
            .unwrap_or_else(|e| panic!("compare failed: {e:?}\n{req}"));
        for ((now, lf), diff) in c.current_law.months.iter().zip(&c.labor_facts.months).zip(&c.differences.months) {
            prop_assert_eq!(now.pension.total.0, lf.pension.total.0, "{}: {}", now.month, req);
            prop_assert_eq!(now.medical.total.0, lf.medical.total.0, "{}: {}", now.month, req);
            prop_assert!(lf.worker.0 <= now.worker.0, "{}: worker {} > {}: {}", now.month, lf.worker.0, now.worker.0, req);
            prop_assert_eq!(diff.parties.worker.0, lf.worker.0 - now.worker.0);
            prop_assert!(diff.parties.platforms.iter().all(|p| p.amount.0 >= Decimal::ZERO));
            // What the worker saves, the platforms pay.
            prop_assert_eq!(-diff.parties.worker.0, sum(&diff.parties.platforms));
        }
        prop_assert!(c.labor_facts.totals.worker.0 <= c.current_law.totals.worker.0);
        prop_assert_eq!(-c.differences.totals.worker.0, sum(&c.differences.totals.platforms));
    }

    /// One scenario base everywhere (issue 17): without a `scenario_base` the labor-facts scenario's
    /// months are the same whatever base the worker chose for current law, and the result says the
    /// base was the scenario's default.
    #[test]
    fn the_scenario_base_does_not_follow_the_workers_choice(l in ledger(), base in base_choice()) {
        let mut chosen = request(&l, "labor_facts", Some(&base), false);
        let mut none = request(&l, "labor_facts", None, false);
        for r in [&mut chosen, &mut none] {
            if let Some(o) = r.as_object_mut() {
                o.remove("pension_base");
            }
        }
        chosen["pension_base"] = base.clone();
        let (a, b) = (assess(&chosen), assess(&none));
        prop_assert_eq!(a.scenario.base.as_ref().map(|b| b.chosen_by), Some("default"));
        for (x, y) in a.months.iter().zip(&b.months) {
            prop_assert_eq!(x.pension.base.0, y.pension.base.0, "{}: {}", x.month, chosen);
            prop_assert_eq!(x.worker.0, y.worker.0, "{}: {}", x.month, chosen);
            prop_assert_eq!(as_pairs(&x.pension.platforms), as_pairs(&y.pension.platforms));
        }
    }

    /// Totals are the sums of the months: per party, per platform, injury, subsidies and net cost.
    #[test]
    fn totals_are_the_sums_of_the_months(l in ledger()) {
        for scenario in SCENARIOS {
            let req = request(&l, scenario, None, false);
            let r = assess(&req);
            let t = &r.totals;
            let mut pension = Vec::new();
            let mut medical = Vec::new();
            let mut injury = Vec::new();
            let mut all = Vec::new();
            let mut subsidies: Vec<(String, Decimal, usize)> = Vec::new();
            let (mut p_total, mut p_worker, mut m_total, mut m_worker) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
            let (mut worker, mut net, mut injury_total) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
            for m in &r.months {
                p_total += m.pension.total.0;
                p_worker += m.pension.worker.0;
                m_total += m.medical.total.0;
                m_worker += m.medical.worker.0;
                worker += m.worker.0;
                net += m.net_worker_cost.0;
                injury_total += m.injury.total.0;
                for p in &m.pension.platforms {
                    add_to(&mut pension, &p.platform, p.amount.0);
                }
                for p in &m.medical.platforms {
                    add_to(&mut medical, &p.platform, p.amount.0);
                }
                for p in &m.injury.platforms {
                    add_to(&mut injury, &p.platform, p.amount.0);
                }
                for s in &m.subsidies {
                    let key = format!("{:?}/{:?}", s.program, s.platform);
                    match subsidies.iter_mut().find(|(k, _, _)| *k == key) {
                        Some((_, a, n)) => {
                            *a += s.amount.0;
                            *n += usize::from(s.eligible);
                        }
                        None => subsidies.push((key, s.amount.0, usize::from(s.eligible))),
                    }
                }
            }
            for (n, a) in pension.iter().chain(&medical) {
                add_to(&mut all, n, *a);
            }
            prop_assert_eq!(t.pension.total.0, p_total, "{}: {}", scenario, req);
            prop_assert_eq!(t.pension.worker.0, p_worker);
            prop_assert_eq!(t.medical.total.0, m_total);
            prop_assert_eq!(t.medical.worker.0, m_worker);
            prop_assert_eq!(t.worker.0, worker);
            prop_assert_eq!(t.net_worker_cost.0, net);
            prop_assert_eq!(t.injury.total.0, injury_total);
            prop_assert_eq!(as_pairs(&t.pension.platforms), pension);
            prop_assert_eq!(as_pairs(&t.medical.platforms), medical);
            prop_assert_eq!(as_pairs(&t.injury.platforms), injury);
            prop_assert_eq!(as_pairs(&t.platforms), all);
            let got: Vec<(String, Decimal, usize)> = t.subsidies.iter()
                .map(|s| (format!("{:?}/{:?}", s.program, s.platform), s.amount.0, s.months))
                .collect();
            prop_assert_eq!(got, subsidies);
        }
    }

    /// Injury protection fees are the platforms': the same ledger without orders costs the worker
    /// exactly the same, month by month, before and after subsidies.
    #[test]
    fn injury_fees_never_reach_the_worker(l in ledger()) {
        for scenario in SCENARIOS {
            let with = assess(&request(&l, scenario, None, false));
            let without = assess(&request(&l, scenario, None, true));
            prop_assert!(without.totals.injury.total.0.is_zero());
            for (a, b) in with.months.iter().zip(&without.months) {
                prop_assert_eq!(a.worker.0, b.worker.0, "{}", a.month);
                prop_assert_eq!(a.pension.worker.0, b.pension.worker.0);
                prop_assert_eq!(a.medical.worker.0, b.medical.worker.0);
                prop_assert_eq!(a.net_worker_cost.0, b.net_worker_cost.0);
                prop_assert_eq!(as_pairs(&a.pension.platforms), as_pairs(&b.pension.platforms));
                prop_assert_eq!(as_pairs(&a.medical.platforms), as_pairs(&b.medical.platforms));
                // The fee is orders × the fee per order, never negative.
                for p in &a.injury.platforms {
                    prop_assert_eq!(p.amount.0, Decimal::from(p.orders) * p.fee.0);
                }
            }
            prop_assert_eq!(with.totals.worker.0, without.totals.worker.0);
        }
    }

    /// Subsidies never make the worker's net cost negative; net = worker − subsidies; a subsidy the
    /// worker is not eligible for is zero.
    #[test]
    fn subsidies_never_make_the_net_cost_negative(l in ledger()) {
        for scenario in SCENARIOS {
            let req = request(&l, scenario, None, false);
            let r = assess(&req);
            for m in &r.months {
                prop_assert_eq!(m.subsidies.len(), l.subsidies.len());
                let subsidised: Decimal = m.subsidies.iter().map(|s| s.amount.0).sum();
                for s in &m.subsidies {
                    prop_assert!(s.amount.0 >= Decimal::ZERO);
                    prop_assert!(s.eligible || s.amount.0.is_zero(), "{}: ineligible but {}", m.month, s.amount.0);
                }
                prop_assert!(m.net_worker_cost.0 >= Decimal::ZERO, "{} {}: net {}: {}", scenario, m.month, m.net_worker_cost.0, req);
                prop_assert_eq!(m.net_worker_cost.0, m.worker.0 - subsidised);
                // Net never above gross (issue 17): a subsidy only ever lowers what the worker pays.
                prop_assert!(m.net_worker_cost.0 <= m.worker.0, "{} {}: net above gross: {}", scenario, m.month, req);
            }
            prop_assert!(r.totals.net_worker_cost.0 >= Decimal::ZERO);
        }
    }
}
