//! Property tests of the engine core (issue 2): invariants that must hold for any ledger, and no
//! panic for any input.

use flexcalc::api::embedded_rules;
use flexcalc::rules::{Param, RuleSet};
use flexcalc::Request;
#[path = "support/requests.rs"]
mod requests;

use proptest::prelude::*;
use requests::ledger;
use rust_decimal::Decimal;
use serde_json::{json, Value};

fn rules() -> &'static RuleSet {
    embedded_rules().expect("embedded rules load")
}

fn d(v: &Value) -> Decimal {
    v.as_str().expect("decimal string").parse().expect("decimal")
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_text_gives_a_structured_error(s in "\\PC{0,64}") {
        if let Err(doc) = flexcalc::api::assess_json(rules(), &s) {
            let e: Value = serde_json::from_str(&doc).expect("error documents are JSON");
            prop_assert_eq!(e["error"]["code"].as_str(), Some("invalid_input"));
        }
    }

}
