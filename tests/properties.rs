//! Property tests of the engine core (issue 2): invariants that must hold for any ledger, and no
//! panic for any input.

use flexcalc::api::embedded_rules;
use flexcalc::rules::{Param, RuleSet};
use flexcalc::Request;
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};

fn rules() -> &'static RuleSet {
    embedded_rules().expect("embedded rules load")
}

fn d(v: &Value) -> Decimal {
    v.as_str().expect("decimal string").parse().expect("decimal")
}

/// Regions with data for every month of 2025, and their medical needs.
const REGIONS: &[(&str, Option<&str>)] = &[
    ("320100", None),
    ("310000", None),
    ("440100", None),
    ("110000", None),
    ("510100", None),
    ("500000", Some("1")),
    ("330100", None),
    ("370000", Some("rate")),
];

const SECTORS: &[&str] = &["instant_delivery", "ride_hailing", "freight", "other"];

fn money() -> impl Strategy<Value = String> {
    (0u64..5_000_000).prop_map(|fen| format!("{}.{:02}", fen / 100, fen % 100))
}

fn base_choice() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!({"kind": "floor"})),
        Just(json!({"kind": "ceiling"})),
        Just(json!({"kind": "income"})),
        (60u32..=300).prop_map(|p| json!({"kind": "percent", "value": p.to_string()})),
        (1u64..5_000_000).prop_map(|fen| json!({"kind": "amount", "value": format!("{}.{:02}", fen / 100, fen % 100)})),
    ]
}

prop_compose! {
    fn ledger()(region in 0..REGIONS.len(),
                start in 1u32..=12,
                months in prop::collection::vec(prop::collection::vec((money(), 0u32..200, 0u64..800), 0..4), 1..12),
                base in base_choice())
               -> Value {
        let (code, medical) = REGIONS[region];
        let months: Vec<Value> = months.iter().enumerate().map(|(i, work)| {
            let index = start - 1 + i as u32;
            let (y, m) = (2025 + index / 12, index % 12 + 1);
            // 2026 figures are carried forward where unpublished: still a valid ledger.
            let work: Vec<Value> = work.iter().enumerate().map(|(j, (income, hours, orders))| {
                let sector = SECTORS[j % SECTORS.len()];
                json!({"platform": format!("P{j}"), "hours": hours.to_string(), "income": income, "orders": orders,
                       "sector": sector})
            }).collect();
            json!({"month": format!("{y:04}-{m:02}"), "work": work})
        }).collect();
        let medical = match medical {
            Some("rate") => json!({"scheme": "employee", "rate": "0.08"}),
            Some(tier) => json!({"scheme": "employee", "tier": tier}),
            None => json!({"scheme": "employee"}),
        };
        json!({"region": code, "pension_base": base, "medical": medical, "months": months})
    }
}

fn assess(v: &Value) -> Value {
    let req = Request::from_json(&v.to_string()).expect("generated requests are valid");
    let resp = flexcalc::assess(rules(), &req).unwrap_or_else(|e| panic!("{e}\nrequest: {v}"));
    serde_json::to_value(&resp).expect("serialises")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn pooled_plus_personal_account_is_the_total(req in ledger()) {
        let r = assess(&req);
        for m in r["months"].as_array().unwrap() {
            let p = &m["pension"];
            prop_assert_eq!(d(&p["pooled"]) + d(&p["personal_account"]), d(&p["total"]));
        }
    }

    #[test]
    fn the_base_stays_within_floor_and_ceiling(req in ledger()) {
        let r = assess(&req);
        let place = rules().resolve(req["region"].as_str().unwrap()).unwrap();
        for m in r["months"].as_array().unwrap() {
            let month = m["month"].as_str().unwrap().parse().unwrap();
            let floor = rules().find(&place, Param::PensionBaseFloor, month).unwrap().unwrap().decimal().unwrap();
            let ceiling = rules().find(&place, Param::PensionBaseCeiling, month).unwrap().unwrap().decimal().unwrap();
            let base = d(&m["pension"]["base"]);
            prop_assert!(floor <= base && base <= ceiling, "{} not in [{}, {}]", base, floor, ceiling);
        }
    }

    #[test]
    fn totals_are_the_sums_of_the_months(req in ledger()) {
        let r = assess(&req);
        let months = r["months"].as_array().unwrap();
        let sum = |f: &dyn Fn(&Value) -> Decimal| months.iter().map(f).sum::<Decimal>();
        prop_assert_eq!(sum(&|m| d(&m["pension"]["total"])), d(&r["totals"]["pension"]["total"]));
        prop_assert_eq!(sum(&|m| d(&m["medical"]["total"])), d(&r["totals"]["medical"]["total"]));
        prop_assert_eq!(sum(&|m| d(&m["worker"])), d(&r["totals"]["worker"]));
        prop_assert_eq!(sum(&|m| d(&m["injury"]["total"])), d(&r["totals"]["injury"]["total"]));
    }

    #[test]
    fn contributions_never_fall_as_income_rises(req in ledger(), raise_fen in 1u64..2_000_000) {
        let mut req = req;
        req["pension_base"] = json!({"kind": "income"});
        let before = assess(&req);
        // Raise the first platform's income in the first month that has work.
        let Some(month) = req["months"].as_array_mut().unwrap().iter_mut().find(|m| !m["work"].as_array().unwrap().is_empty()) else {
            return Ok(());
        };
        let income = d(&month["work"][0]["income"]) + Decimal::new(raise_fen as i64, 2);
        month["work"][0]["income"] = json!(income.to_string());
        let after = assess(&req);
        for (a, b) in before["months"].as_array().unwrap().iter().zip(after["months"].as_array().unwrap()) {
            prop_assert!(d(&b["pension"]["total"]) >= d(&a["pension"]["total"]));
            prop_assert!(d(&b["medical"]["total"]) >= d(&a["medical"]["total"]));
        }
    }
}

/// Any JSON value, nested a little, with the request's own field names mixed in so that the parser is
/// pushed past the first field.
fn arbitrary_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        "[ -~]{0,12}".prop_map(Value::String),
        prop_oneof![
            Just("2025-09"),
            Just("320100"),
            Just("1e30"),
            Just("-0"),
            Just("NaN"),
            Just("99999999999")
        ]
        .prop_map(|s| Value::String(s.to_string())),
    ];
    let keys = prop_oneof![
        Just("region"),
        Just("months"),
        Just("month"),
        Just("work"),
        Just("platform"),
        Just("hours"),
        Just("income"),
        Just("orders"),
        Just("sector"),
        Just("pension_base"),
        Just("kind"),
        Just("value"),
        Just("medical"),
        Just("scheme"),
        Just("rate"),
        Just("tier"),
        Just("scenario"),
        Just("trace"),
        Just("subsidies"),
        Just("program"),
        Just("labor_facts"),
        Just("person"),
        Just("x"),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((keys.clone(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_json_gives_a_result_or_a_structured_error(v in arbitrary_json()) {
        match flexcalc::api::assess_json(rules(), &v.to_string()) {
            Ok(doc) => prop_assert!(serde_json::from_str::<Value>(&doc).is_ok()),
            Err(doc) => {
                let e: Value = serde_json::from_str(&doc).expect("error documents are JSON");
                prop_assert!(e["error"]["code"].is_string());
                prop_assert!(e["error"]["message"]["zh"].is_string() && e["error"]["message"]["en"].is_string());
            }
        }
    }

    #[test]
    fn any_text_gives_a_structured_error(s in "\\PC{0,64}") {
        if let Err(doc) = flexcalc::api::assess_json(rules(), &s) {
            let e: Value = serde_json::from_str(&doc).expect("error documents are JSON");
            prop_assert_eq!(e["error"]["code"].as_str(), Some("invalid_input"));
        }
    }

    #[test]
    fn mutated_valid_requests_never_panic(req in ledger(), path_pick in 0usize..8, junk in arbitrary_json()) {
        let mut req = req;
        let target = match path_pick {
            0 => req.get_mut("region"),
            1 => req.pointer_mut("/months/0/month"),
            2 => req.pointer_mut("/months/0/work"),
            3 => req.get_mut("pension_base"),
            4 => req.get_mut("medical"),
            5 => req.pointer_mut("/months/0/work/0"),
            6 => req.as_object_mut().map(|o| o.entry("scenario").or_insert(Value::Null)),
            _ => req.as_object_mut().map(|o| o.entry("subsidies").or_insert(Value::Null)),
        };
        if let Some(t) = target {
            *t = junk;
        }
        let _ = flexcalc::api::assess_json(rules(), &req.to_string());
        let _ = flexcalc::api::compare_json(rules(), &req.to_string());
    }
}
