//! Property tests of the whole JSON API v1 (issue 7): any request (every field, with person,
//! subsidies and labor_facts overrides, values inside and outside their ranges) either succeeds or
//! returns a structured error, for each verb (`assess`, `compare`, `options` through
//! `flexcalc::api::run_command`), and on success the invariants of the earlier issues hold:
//! pooled + personal account = pension total, worker + platforms = total (pension and medical), the
//! month's worker amount is pension + medical, no net cost is negative, totals are the sums of the
//! months, an option's pension is its basic plus its account pension.
//!
//! The invariant checks are the fuzz targets' own (`fuzz/src/lib.rs`), so the fuzzer and these
//! tests hold the engine to the same rules.

#[path = "../fuzz/src/lib.rs"]
#[allow(dead_code)]
mod invariants;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{json, Map, Value};
use std::cell::Cell;

/// Regions: covered provinces and cities, aliases, a county code, and (rarely) names no data know.
const REGIONS: &[&str] = &[
    "320100",
    "310000",
    "440100",
    "440300",
    "110000",
    "510100",
    "500000",
    "330100",
    "370000",
    "120000",
    "420100",
    "nanjing",
    "南京",
    "Shang Hai",
    "320583",
    "999999",
    "atlantis",
    "",
];
const SECTORS: &[&str] = &["instant_delivery", "ride_hailing", "freight", "other"];
/// Drawn now and then instead of the month's own `P<j>`: real names, markup, a name equal to `P0`
/// after trimming, and invalid ones.
const ODD_PLATFORMS: &[&str] = &["美团", "饿了么", "<script>alert(1)</script>", " P0 ", "", "x\u{1}y"];

/// A decimal as JSON: mostly in the usual range, as a string or now and then a JSON number; rarely
/// at or beyond the edges (negative, huge, too many decimals, exponent, not a number, wrong type).
fn decimal(typical_max: u64, scale: u32) -> impl Strategy<Value = Value> {
    let unit = 10u64.pow(scale);
    prop_oneof![
        300 => (0..=typical_max * unit).prop_map(move |n| {
            json!(format!("{}.{:0w$}", n / unit, n % unit, w = scale as usize).trim_end_matches('.'))
        }),
        40 => (0..=typical_max).prop_map(|n| json!(n)),
        1 => prop::sample::select(vec![
            json!("-1"), json!("-0"), json!("1e30"), json!("1e-30"), json!("NaN"), json!("Infinity"),
            json!("12345678901234567890123456789"), json!("0.000000001"), json!("100000000000"), json!(-0.0),
            json!(1.5e300), json!(""), json!("6,200"), json!(null), json!(true),
        ]),
    ]
}

fn month_text(index: i64) -> String {
    format!("{:04}-{:02}", index.div_euclid(12), index.rem_euclid(12) + 1)
}

/// A month between 2016 and 2030, or rarely a malformed one.
fn month_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        30 => (2016 * 12..2031 * 12i64).prop_map(|i| json!(month_text(i))),
        1 => prop::sample::select(vec![json!("2025-13"), json!("2025-00"), json!("25-09"), json!(202509), json!("1899-12")]),
    ]
}

fn work_entry() -> impl Strategy<Value = Value> {
    (
        prop::option::weighted(0.01, prop::sample::select(ODD_PLATFORMS)),
        decimal(160, 1),
        decimal(30_000, 2),
        prop_oneof![300 => (0u64..2000).prop_map(|n| json!(n)), 1 => Just(json!(-1)), 1 => Just(json!(2_000_000))],
        prop::sample::select(SECTORS),
        prop::option::weighted(
            0.3,
            prop_oneof![100 => prop::sample::select(vec!["standard", "high"]), 1 => Just("extreme")],
        ),
        prop::bool::weighted(0.01),
    )
        .prop_map(|(platform, hours, income, orders, sector, class, any_sector)| {
            // `P?` is numbered per month by `months()`.
            let platform = platform.unwrap_or("P?");
            let mut w =
                json!({"platform": platform, "hours": hours, "income": income, "orders": orders, "sector": sector});
            // The fee class belongs to instant delivery; elsewhere it is an error, drawn rarely.
            if let Some(c) = class.filter(|_| any_sector || sector == "instant_delivery") {
                w["injury_fee_class"] = json!(c);
            }
            w
        })
}

fn months() -> impl Strategy<Value = Value> {
    (
        prop_oneof![4 => 2024 * 12..2031 * 12i64, 1 => 2016 * 12..2024 * 12i64],
        prop::collection::vec(prop::collection::vec(work_entry(), 0..4), 1..8),
        prop::option::weighted(0.03, month_value()),
        prop::bool::weighted(0.03),
    )
        .prop_map(|(start, months, odd_month, duplicate)| {
            let mut out: Vec<Value> = months
                .into_iter()
                .enumerate()
                .map(|(i, mut work)| {
                    for (j, w) in work.iter_mut().enumerate() {
                        if w["platform"] == "P?" {
                            w["platform"] = json!(format!("P{j}"));
                        }
                    }
                    json!({"month": month_text(start + i as i64), "work": work})
                })
                .collect();
            if let Some(m) = odd_month {
                out[0]["month"] = m;
            }
            if duplicate && out.len() > 1 {
                out[1]["month"] = out[0]["month"].clone();
            }
            json!(out)
        })
}

fn pension_base() -> impl Strategy<Value = Option<Value>> {
    prop::option::of(prop_oneof![
        4 => Just(json!({"kind": "floor"})),
        4 => Just(json!({"kind": "ceiling"})),
        4 => Just(json!({"kind": "income"})),
        4 => (60u32..=300).prop_map(|v| json!({"kind": "percent", "value": v.to_string()})),
        1 => decimal(320, 0).prop_map(|v| json!({"kind": "percent", "value": v})),
        4 => decimal(40_000, 2).prop_map(|v| json!({"kind": "amount", "value": v})),
        2 => (decimal(40_000, 2), prop::sample::select(vec!["highest_not_above", "lowest_not_below", "nearest"]))
            .prop_map(|(v, r)| json!({"kind": "amount", "value": v, "tier_rule": r})),
        1 => Just(json!({"kind": "income", "tier_rule": "up"})),
        1 => Just(json!({"kind": "percent"})),
    ])
}

fn medical() -> impl Strategy<Value = Option<Value>> {
    prop::option::of(prop_oneof![
        3 => Just(json!({"scheme": "employee"})),
        3 => Just(json!({"scheme": "none"})),
        3 => decimal(0, 3).prop_map(|r| json!({"scheme": "employee", "rate": r})),
        1 => prop::sample::select(vec!["1", "2", "3"]).prop_map(|t| json!({"tier": t})),
        1 => Just(json!({"scheme": "none", "rate": "0.08"})),
    ])
}

fn subsidies() -> impl Strategy<Value = Option<Value>> {
    let one = prop_oneof![
        10 => (month_value(), prop_oneof![20 => 0u32..60, 1 => 1000u32..1300])
            .prop_map(|(start, used)| json!({"program": "employment_difficulty", "start": start, "months_used_before": used})),
        10 => prop_oneof![10 => Just("P0"), 1 => prop::sample::select(ODD_PLATFORMS)]
            .prop_map(|p| json!({"program": "platform_pension", "platform": p})),
        1 => Just(json!({"program": "employment_difficulty"})),
        1 => Just(json!({"program": "housing"})),
    ];
    prop::option::weighted(0.4, prop::collection::vec(one, 0..3).prop_map(Value::from))
}

fn labor_facts() -> impl Strategy<Value = Option<Value>> {
    prop::option::weighted(
        0.4,
        (
            prop::option::of(decimal(160, 1)),
            prop::option::of(decimal(1, 2)),
            prop::option::of(decimal(0, 3)),
            prop::option::of(decimal(0, 3)),
            prop::option::of(prop_oneof![10 => prop::sample::select(vec!["income", "hours"]), 1 => Just("orders")]),
        )
            .prop_map(|(threshold, share, pension_rate, cut, apportion)| {
                let mut o = Map::new();
                let mut put = |k: &str, v: Option<Value>| {
                    if let Some(v) = v {
                        o.insert(k.into(), v);
                    }
                };
                put("weekly_hours_threshold", threshold);
                put("income_floor_share", share);
                put("platform_pension_rate", pension_rate);
                put("platform_medical_rate_cut", cut);
                put("apportion", apportion.map(Value::from));
                Value::Object(o)
            }),
    )
}

fn person() -> impl Strategy<Value = Option<Value>> {
    let track = prop_oneof![
        20 => prop::sample::select(vec!["male_60", "female_55", "female_50", "female"]),
        1 => Just("male_65"),
    ];
    let optional = (
        prop::option::weighted(0.4, prop_oneof![20 => 0u32..300, 1 => 300u32..2000]),
        prop::option::weighted(0.4, decimal(2, 2)),
        prop::option::weighted(0.4, decimal(300_000, 2)),
        prop::option::weighted(0.3, (2020 * 12..2060 * 12i64).prop_map(|i| json!(month_text(i)))),
        prop::option::of(any::<bool>()),
        prop::option::weighted(
            0.3,
            prop::sample::select(vec!["0", "0.03", "-0.05", "0.2", "0.25", "-0.3"]),
        ),
        prop::option::weighted(0.3, prop::sample::select(vec!["0", "0.015", "0.2", "0.3", "-0.01"])),
        prop::option::weighted(
            0.3,
            prop_oneof![20 => prop::sample::select(vec!["whole_years", "interpolated"]), 1 => Just("linear")],
        ),
        prop::option::weighted(0.3, decimal(20_000, 2)),
    );
    prop::option::weighted(
        0.5,
        (
            prop_oneof![20 => 1960 * 12..2000 * 12i64, 1 => 1900 * 12..2031 * 12i64],
            track,
            optional,
        )
            .prop_map(|(birth, track, o)| {
                let mut p = json!({"birth": month_text(birth), "track": track});
                let (cm, ix, bal, retire, cont, growth, interest, lookup, bb) = o;
                let mut put = |k: &str, v: Option<Value>| {
                    if let Some(v) = v {
                        p[k] = v;
                    }
                };
                put("contribution_months", cm.map(Value::from));
                put("average_index", ix);
                put("account_balance", bal);
                put("retire_at", retire);
                put("continue_contributing", cont.map(Value::from));
                put("wage_growth", growth.map(Value::from));
                put("assumed_interest", interest.map(Value::from));
                put("divisor_lookup", lookup.map(Value::from));
                put("benefit_base", bb);
                p
            }),
    )
}

fn request() -> impl Strategy<Value = Value> {
    (
        prop_oneof![30 => prop::sample::select(&REGIONS[..11]), 1 => prop::sample::select(REGIONS)],
        prop::sample::select(vec!["current_law", "labor_facts"]),
        months(),
        (pension_base(), medical(), subsidies(), labor_facts(), person()),
        prop::option::weighted(0.03, prop::sample::select(vec!["regoin", "tips"])),
        prop::bool::weighted(0.1),
    )
        .prop_map(
            |(region, scenario, months, (base, medical, subsidies, lf, person), unknown, trace)| {
                let mut r = json!({"region": region, "scenario": scenario, "months": months, "trace": trace});
                if let Some(k) = unknown {
                    r[k] = json!("1");
                }
                for (k, v) in [
                    ("pension_base", base),
                    ("medical", medical),
                    ("subsidies", subsidies),
                    ("labor_facts", lf),
                    ("person", person),
                ] {
                    if let Some(v) = v {
                        r[k] = v;
                    }
                }
                r
            },
        )
}

/// Runs one verb and checks the outcome; returns whether it succeeded. A request that is a
/// well-formed JSON object must name the field of any `invalid_input` error.
fn run_checked(verb: &str, text: &str) -> bool {
    let outcome = flexcalc::api::run_command(verb, text).expect("known verb, embedded rules");
    match &outcome {
        Ok(doc) => match verb {
            "assess" => invariants::check_assess(doc),
            "compare" => invariants::check_compare(doc),
            _ => invariants::check_options(doc),
        },
        Err(doc) => {
            invariants::check_error(doc, invariants::REQUEST_ERROR_CODES);
            let v: Value = serde_json::from_str(doc).expect("error JSON");
            if v["error"]["code"] == "invalid_input" {
                let path = v["error"]["path"].as_str().unwrap_or("");
                assert!(
                    !path.is_empty(),
                    "invalid_input without a path for a JSON object: {doc}\n{text}"
                );
            }
        }
    }
    outcome.is_ok()
}

#[test]
fn any_request_succeeds_or_gives_a_structured_error_and_results_keep_their_invariants() {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(384);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let ok = [Cell::new(0u32), Cell::new(0u32), Cell::new(0u32)];
    runner
        .run(&request(), |req| {
            let text = req.to_string();
            for (k, verb) in ["assess", "compare", "options"].into_iter().enumerate() {
                if run_checked(verb, &text) {
                    ok[k].set(ok[k].get() + 1);
                }
            }
            Ok(())
        })
        .unwrap_or_else(|e| panic!("{e}"));
    // The generator must reach the engine's computations, not only its input checks.
    let [assess, compare, options] = ok.map(Cell::into_inner);
    eprintln!("{cases} requests: {assess} assessed, {compare} compared, {options} gave options");
    assert!(assess * 10 >= cases, "only {assess} of {cases} requests assessed");
    assert!(compare * 10 >= cases, "only {compare} of {cases} requests compared");
    assert!(options * 40 >= cases, "only {options} of {cases} requests gave options");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any JSON value at all (not only request-shaped ones) gives a document, never a panic.
    #[test]
    fn any_json_value_gives_a_document(v in any_json()) {
        let text = v.to_string();
        for verb in ["assess", "compare", "options"] {
            run_checked_loose(verb, &text);
        }
    }

    /// A valid request with one field replaced by an arbitrary JSON value still gives a document.
    #[test]
    fn a_request_with_any_field_replaced_gives_a_document(req in request(), field in 0usize..9, v in any_json()) {
        let mut req = req;
        let keys = ["region", "scenario", "months", "pension_base", "medical", "subsidies", "labor_facts", "person", "trace"];
        req[keys[field]] = v;
        let text = req.to_string();
        for verb in ["assess", "compare", "options"] {
            run_checked_loose(verb, &text);
        }
    }
}

/// Like [`run_checked`], without the path rule (a non-object has no field to name).
fn run_checked_loose(verb: &str, text: &str) {
    match flexcalc::api::run_command(verb, text).expect("known verb, embedded rules") {
        Ok(doc) if verb == "assess" => invariants::check_assess(&doc),
        Ok(doc) if verb == "compare" => invariants::check_compare(&doc),
        Ok(doc) => invariants::check_options(&doc),
        Err(doc) => invariants::check_error(&doc, invariants::REQUEST_ERROR_CODES),
    }
}

fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        "[ -~\u{4e00}-\u{4e10}]{0,12}".prop_map(Value::from),
        prop::sample::select(vec!["2025-09", "310000", "floor", "labor_facts", "6200.00", "male_60"])
            .prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            prop::collection::btree_map(
                prop::sample::select(vec![
                    "region",
                    "months",
                    "month",
                    "work",
                    "platform",
                    "income",
                    "hours",
                    "person",
                    "birth",
                    "track",
                    "subsidies",
                    "program",
                    "scenario",
                    "x",
                ])
                .prop_map(String::from),
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// The fuzzers' committed seeds (and any minimised finding added there) pass the fuzzers' checks on
/// every `cargo test`, not only when someone fuzzes.
#[test]
fn the_fuzz_seeds_pass_the_fuzz_checks() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
    let read = |target: &str| -> Vec<(String, String)> {
        let mut files: Vec<_> = std::fs::read_dir(root.join(target))
            .unwrap_or_else(|e| panic!("fuzz/seeds/{target}: {e}"))
            .flatten()
            .map(|e| e.path())
            .collect();
        files.sort();
        files
            .into_iter()
            .map(|p| (p.display().to_string(), std::fs::read_to_string(&p).unwrap_or_default()))
            .collect()
    };
    let requests = read("assess_json");
    assert!(requests.len() >= 10);
    for (_, text) in &requests {
        for verb in ["assess", "compare", "options"] {
            invariants::run_and_check(verb, text);
        }
    }
    let files = read("rules_file");
    let loaded = files
        .iter()
        .filter(|(_, text)| invariants::check_rules_file(text))
        .count();
    assert!(loaded >= 3, "only {loaded} of the rules seeds load");
}
