//! The batch keeps, per place, the rules' answers and the month contributions on a shared base (the
//! floor or the ceiling) from one worker to the next (`context::LookupCache`). Whatever the order of
//! places, and after the cache has had to drop places, a cached assessment must be the uncached one
//! exactly: the same figures, flags and months.
#![cfg(feature = "batch")]

use flexcalc::assess::{assess_figures, assess_figures_cached};
use flexcalc::context::LookupCache;
use flexcalc::request::Scenario;
use flexcalc::Request;

/// 2025-01 to 2026-04 (across mid-year changes of bases, and into months whose values are carried
/// forward), two platforms a month earning `incomes`, one of them liable under the labor-facts scenario
/// when they earn enough; `medical` is the request's medical choice (JSON, may be empty).
fn request(region: &str, incomes: (&str, &str), medical: &str) -> Request {
    let (a, b) = incomes;
    let months: Vec<String> = (0..16)
        .map(|i| {
            let (y, m) = (2025 + i / 12, i % 12 + 1);
            format!(
                r#"{{"month": "{y}-{m:02}", "work": [
                    {{"platform": "A", "hours": "150", "income": "{a}", "orders": 400, "sector": "instant_delivery"}},
                    {{"platform": "B", "hours": "40", "income": "{b}", "orders": 60, "sector": "ride_hailing"}}]}}"#
            )
        })
        .collect();
    Request::from_json(&format!(
        r#"{{"region": "{region}", {medical} "months": [{}]}}"#,
        months.join(",")
    ))
    .unwrap()
}

/// Incomes under the labor-facts scenario's default base (the month's income): below every floor (the
/// base is the floor, as under current law), between floor and ceiling, above every ceiling.
const INCOMES: [(&str, &str); 3] = [("900.00", "300.00"), ("6200.00", "1800.00"), ("90000.00", "30000.00")];

/// The medical choices: the region's rule, none, a rate of the request's own (needed where the rules
/// have no rule for flexibly employed people), and Chongqing's yearly tier.
const MEDICAL: [&str; 4] = [
    "",
    r#""medical": {"scheme": "none"},"#,
    r#""medical": {"rate": "0.08"},"#,
    r#""medical": {"tier": "1"},"#,
];

fn codes(rules: &flexcalc::RuleSet) -> Vec<String> {
    let mut out = Vec::new();
    for r in flexcalc::api::regions(rules) {
        out.push(r.code.clone());
        out.extend(r.cities.iter().map(|c| c.code.clone()));
    }
    out
}

#[test]
fn cached_lookups_give_the_uncached_result() {
    let rules = flexcalc::api::embedded_rules().unwrap();
    let codes = codes(rules);
    // More places than the cache keeps (64), so that it also drops and refills places; each place is
    // visited twice, the second time after many others.
    assert!(
        codes.len() > 64,
        "only {} places: the test would not evict",
        codes.len()
    );
    let mut cache = LookupCache::default();
    let mut compared = 0;
    for code in codes.iter().chain(codes.iter().rev()) {
        for (incomes, medical) in INCOMES.iter().flat_map(|i| MEDICAL.iter().map(move |m| (*i, *m))) {
            let req = request(code, incomes, medical);
            for scenario in [Scenario::CurrentLaw, Scenario::LaborFacts] {
                let fresh = assess_figures(rules, &req, scenario);
                let cached = assess_figures_cached(rules, &req, scenario, &mut cache);
                match (fresh, cached) {
                    (Ok(a), Ok(b)) => {
                        let text = |r| flexcalc::json_write::to_string(&r).unwrap();
                        assert_eq!(text(a), text(b), "{code} {scenario:?}");
                        compared += 1;
                    }
                    (Err(a), Err(b)) => assert_eq!((a.code, &a.path), (b.code, &b.path), "{code} {scenario:?}"),
                    (a, b) => panic!(
                        "{code} {scenario:?}: uncached ok {}, cached ok {}",
                        a.is_ok(),
                        b.is_ok()
                    ),
                }
            }
        }
    }
    // Most of the places must have given a result (else the test compares errors only).
    assert!(compared > codes.len() * 4, "only {compared} results compared");
}

/// The answers depend on the month of collection too (`collected_in`): the same place asked as collected
/// in 2025-04 (before the 2025 notices of Jiangsu, Sichuan, Fujian and Guangdong) and with the final
/// values, turn about, through one cache, gives each time what an uncached assessment gives, and the two
/// differ where a notice came later (Nantong 2025-04: 4,879 collected, 4,952 final).
#[test]
fn cached_lookups_keep_the_month_of_collection_apart() {
    let rules = flexcalc::api::embedded_rules().unwrap();
    let mut cache = LookupCache::default();
    let mut differed = 0;
    for round in 0..2 {
        for code in ["320600", "510100", "350500", "440300", "330100"] {
            for collected in ["", r#""collected_in": "2025-04","#] {
                let req = request(code, INCOMES[0], collected);
                let fresh = assess_figures(rules, &req, Scenario::CurrentLaw).unwrap();
                let cached = assess_figures_cached(rules, &req, Scenario::CurrentLaw, &mut cache).unwrap();
                let text = |r: &flexcalc::Response| flexcalc::json_write::to_string(r).unwrap();
                assert_eq!(text(&fresh), text(&cached), "{code} {collected} round {round}");
                if !collected.is_empty() && fresh.months[3].flags.contains(&"provisional") {
                    differed += 1;
                }
            }
        }
    }
    // Nantong, Chengdu, Quanzhou (2025-04 before their 2025 notices), twice; Shenzhen's 2025-04 is in the
    // 2024-07 period, Hangzhou's 2025 notice came in 2025-09 (so it differs too).
    assert!(differed >= 6, "only {differed} provisional months");
}
