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

#[path = "support/requests.rs"]
mod requests;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use requests::{any_json, request};
use serde_json::Value;
use std::cell::Cell;

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
