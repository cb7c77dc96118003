//! Checks shared by the fuzz targets: what must hold of every document the API returns.

use rust_decimal::Decimal;
use serde_json::Value;
use std::str::FromStr;

/// The error codes of JSON API v1 that a request may legitimately produce with the embedded rules.
/// `invalid_rules` and `arithmetic_overflow` are not among them: with the embedded rules either
/// is a bug (the first a broken build, the second an input range that lets arithmetic overflow).
pub const REQUEST_ERROR_CODES: &[&str] = &[
    "invalid_input",
    "unknown_region",
    "rules_not_available",
    "parameter_required",
];

/// Panics (a libFuzzer crash) unless `doc` is a well-formed error document with one of `codes`.
pub fn check_error(doc: &str, codes: &[&str]) {
    let v: Value = serde_json::from_str(doc).unwrap_or_else(|e| panic!("error document is not JSON ({e}): {doc}"));
    let err = v.get("error").unwrap_or_else(|| panic!("no `error` in {doc}"));
    let code = err["code"].as_str().unwrap_or_else(|| panic!("no error.code in {doc}"));
    assert!(codes.contains(&code), "unexpected error code {code}: {doc}");
    if let Some(p) = err.get("path") {
        assert!(p.is_string(), "error.path is not a string: {doc}");
    }
    assert!(
        err["message"]["zh"].is_string() && err["message"]["en"].is_string(),
        "message: {doc}"
    );
}

fn money(v: &Value, what: &str) -> Decimal {
    let s = v.as_str().unwrap_or_else(|| panic!("{what} is not a string: {v}"));
    Decimal::from_str(s).unwrap_or_else(|_| panic!("{what} is not a decimal: {s}"))
}

fn platforms_sum(v: &Value, what: &str) -> Decimal {
    v.as_array()
        .unwrap_or_else(|| panic!("{what} is not an array"))
        .iter()
        .map(|p| money(&p["amount"], what))
        .sum()
}

/// Panics unless an assess response keeps the invariants of JSON API v1: pooled + personal account
/// = pension total; worker + platforms = total for pension and medical; the month's worker amount is
/// pension + medical; no money is negative; the totals are the sums of the months.
pub fn check_assess(doc: &str) {
    let v: Value = serde_json::from_str(doc).unwrap_or_else(|e| panic!("response is not JSON ({e})"));
    check_assess_value(&v);
}

pub fn check_assess_value(v: &Value) {
    assert_eq!(v["schema"], "flexcalc/v1");
    let months = v["months"].as_array().expect("months");
    let (mut pension_total, mut medical_total, mut worker_total) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    for m in months {
        let month = m["month"].as_str().unwrap_or("?");
        let p = &m["pension"];
        let total = money(&p["total"], "pension.total");
        let pooled = money(&p["pooled"], "pension.pooled");
        let personal = money(&p["personal_account"], "pension.personal_account");
        assert_eq!(
            pooled + personal,
            total,
            "{month}: pooled + personal account != pension total"
        );
        let pw = money(&p["worker"], "pension.worker");
        assert_eq!(
            pw + platforms_sum(&p["platforms"], "pension.platforms"),
            total,
            "{month}: pension split"
        );
        let md = &m["medical"];
        let mtotal = money(&md["total"], "medical.total");
        let mw = money(&md["worker"], "medical.worker");
        assert_eq!(
            mw + platforms_sum(&md["platforms"], "medical.platforms"),
            mtotal,
            "{month}: medical split"
        );
        assert_eq!(
            money(&m["worker"], "worker"),
            pw + mw,
            "{month}: worker != pension + medical"
        );
        for (x, what) in [
            (total, "pension"),
            (pooled, "pooled"),
            (personal, "personal"),
            (pw, "pension.worker"),
        ] {
            assert!(x >= Decimal::ZERO, "{month}: {what} negative");
        }
        assert!(
            mtotal >= Decimal::ZERO && mw >= Decimal::ZERO,
            "{month}: medical negative"
        );
        assert!(
            money(&m["net_worker_cost"], "net_worker_cost") >= Decimal::ZERO,
            "{month}: net cost negative"
        );
        pension_total += total;
        medical_total += mtotal;
        worker_total += pw + mw;
    }
    let t = &v["totals"];
    assert_eq!(
        money(&t["pension"]["total"], "totals.pension.total"),
        pension_total,
        "totals.pension"
    );
    assert_eq!(
        money(&t["medical"]["total"], "totals.medical.total"),
        medical_total,
        "totals.medical"
    );
    assert_eq!(money(&t["worker"], "totals.worker"), worker_total, "totals.worker");
    assert!(money(&t["net_worker_cost"], "totals.net_worker_cost") >= Decimal::ZERO);
}

/// Panics unless a compare document holds two valid assess responses.
pub fn check_compare(doc: &str) {
    let v: Value = serde_json::from_str(doc).unwrap_or_else(|e| panic!("compare is not JSON ({e})"));
    check_assess_value(&v["current_law"]);
    check_assess_value(&v["labor_facts"]);
}

/// Panics unless an options document keeps its invariants: each option's monthly pension is its basic
/// plus its account pension plus its transitional pension (when the region's formula gives one), and no
/// cost or pension is negative.
pub fn check_options(doc: &str) {
    let v: Value = serde_json::from_str(doc).unwrap_or_else(|e| panic!("options is not JSON ({e})"));
    assert_eq!(v["schema"], "flexcalc/v1/options");
    for o in v["options"].as_array().expect("options") {
        let cost = money(&o["monthly_cost"], "monthly_cost");
        let with_medical = money(&o["monthly_cost_with_medical"], "monthly_cost_with_medical");
        assert!(cost >= Decimal::ZERO && with_medical >= cost, "costs: {o}");
        let pension = money(&o["monthly_pension"], "monthly_pension");
        let transitional = match &o["transitional_pension"] {
            Value::Null => Decimal::ZERO,
            t => money(t, "transitional_pension"),
        };
        let parts = money(&o["basic_pension"], "basic_pension")
            + money(&o["account_pension"], "account_pension")
            + transitional;
        assert_eq!(pension, parts, "monthly pension != basic + account + transitional: {o}");
        assert!(pension >= Decimal::ZERO, "negative pension: {o}");
    }
}

/// Runs a verb on a request with the embedded rules and checks whatever comes back.
pub fn run_and_check(verb: &str, request: &str) {
    match flexcalc::api::run_command(verb, request).expect("verb and embedded rules") {
        Ok(doc) => match verb {
            "assess" => check_assess(&doc),
            "compare" => check_compare(&doc),
            _ => check_options(&doc),
        },
        Err(doc) => check_error(&doc, REQUEST_ERROR_CODES),
    }
}

/// A request that touches every step: two platforms, two months (one past the published figures),
/// both subsidy programs and a person; `REGION` and `SCENARIO` are filled in.
const RULES_REQUEST: &str = r#"{"region": "REGION", "scenario": "SCENARIO", "months": [
  {"month": "2025-09", "work": [{"platform": "A", "hours": "180", "income": "6200.00", "orders": 400, "sector": "instant_delivery"},
                                {"platform": "B", "hours": "20", "income": "800", "orders": 30, "sector": "ride_hailing"}]},
  {"month": "2026-01", "work": [{"platform": "A", "hours": "150", "income": "5000", "orders": 300, "sector": "instant_delivery"}]}],
  "subsidies": [{"program": "employment_difficulty", "start": "2025-01"}, {"program": "platform_pension", "platform": "A"}],
  "person": {"birth": "1990-05", "track": "male_60"}}"#;

/// Loads `text` as a custom rules file over the embedded rules (as `flexcalc --rules` and
/// `loadRules` do) and panics on anything but: an error that names the custom file, or rules that
/// compute the fixed request (for Nanjing and for each region the file names, under both scenarios,
/// and the options verb) into a result that keeps the invariants and names the file, or an error
/// document. Returns whether the file loaded.
pub fn check_rules_file(text: &str) -> bool {
    use flexcalc::api;
    let rules = match flexcalc::rules::load_embedded_with([("custom.toml", text)]) {
        Ok(r) => r,
        Err(e) => {
            // The error names the custom file: as its position, or (floor above an embedded ceiling)
            // in the message beside the embedded entry it contradicts.
            assert!(
                e.file == "custom.toml" || e.message.contains("custom.toml"),
                "error does not name the custom file: {e}"
            );
            check_error(&api::error_json(&api::rules_error(&e)), &["invalid_rules"]);
            return false;
        }
    };
    assert_eq!(rules.custom_files, vec!["custom.toml".to_string()]);
    let mut regions = vec!["320100".to_string()];
    regions.extend(
        rules
            .regions
            .iter()
            .map(|r| r.code.clone())
            .filter(|c| text.contains(c.as_str()))
            .take(3),
    );
    // Everything a custom file may break, an error may name (even an overflow, with extreme figures);
    // only a panic or a broken invariant is a finding.
    let codes = [
        "invalid_input",
        "unknown_region",
        "rules_not_available",
        "parameter_required",
        "arithmetic_overflow",
    ];
    for region in &regions {
        for scenario in ["current_law", "labor_facts"] {
            let req = RULES_REQUEST.replace("REGION", region).replace("SCENARIO", scenario);
            match api::assess_json(&rules, &req) {
                Ok(doc) => {
                    check_assess(&doc);
                    assert!(
                        doc.contains("custom.toml"),
                        "a result computed with custom rules names them"
                    );
                }
                Err(doc) => check_error(&doc, &codes),
            }
        }
        let req = RULES_REQUEST
            .replace("REGION", region)
            .replace("SCENARIO", "current_law");
        match api::options_json(&rules, &req) {
            Ok(doc) => check_options(&doc),
            Err(doc) => check_error(&doc, &codes),
        }
    }
    true
}
