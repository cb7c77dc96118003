//! The published JSON Schemas (schema/*.json) describe what the engine really accepts and returns:
//! every golden case's request that the engine accepts validates against the request schema, and every
//! document the engine prints validates against the response schema.

use serde_json::Value;
use std::path::Path;

fn load(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema").join(name);
    serde_json::from_str(&std::fs::read_to_string(path).expect("schema file")).expect("schema is JSON")
}

#[test]
fn golden_requests_and_responses_match_the_schemas() {
    let request_schema = jsonschema::validator_for(&load("request.v1.json")).expect("request schema compiles");
    let response_schema = jsonschema::validator_for(&load("response.v1.json")).expect("response schema compiles");
    let rules = flexcalc::api::embedded_rules().expect("rules");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut checked = 0;
    let mut problems = Vec::new();
    for entry in std::fs::read_dir(dir).expect("cases").flatten() {
        let case: Value = serde_json::from_str(&std::fs::read_to_string(entry.path()).expect("case")).expect("json");
        if case.get("command").and_then(Value::as_str).unwrap_or("assess") != "assess" {
            continue;
        }
        let name = entry.file_name().to_string_lossy().to_string();
        let out = flexcalc::api::assess_json(rules, &case["request"].to_string());
        let doc: Value = serde_json::from_str(out.as_ref().unwrap_or_else(|e| e)).expect("output JSON");
        if out.is_ok() {
            for e in request_schema.iter_errors(&case["request"]) {
                problems.push(format!("{name}: request: {e} at {}", e.instance_path()));
            }
        }
        for e in response_schema.iter_errors(&doc) {
            problems.push(format!("{name}: response: {e} at {}", e.instance_path()));
        }
        checked += 1;
    }
    assert!(checked >= 40, "only {checked} cases checked");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_request_schema_rejects_what_the_engine_rejects() {
    let schema = jsonschema::validator_for(&load("request.v1.json")).expect("request schema compiles");
    let good: Value = serde_json::from_str(include_str!("../examples/nanjing-rider.json")).expect("example");
    assert!(schema.is_valid(&good));
    for (pointer, bad) in [
        ("/months/0/work/0/incme", Value::from("1")),
        ("/months/0/month", Value::from("2025-13")),
        ("/scenario", Value::from("future_law")),
        ("/months/0/work/0/orders", Value::from("400")),
    ] {
        let mut req = good.clone();
        let (parent, key) = pointer.rsplit_once('/').expect("pointer");
        req.pointer_mut(parent)
            .and_then(Value::as_object_mut)
            .expect("parent")
            .insert(key.to_string(), bad);
        assert!(!schema.is_valid(&req), "schema accepts {pointer}");
        assert!(flexcalc::api::assess_json(flexcalc::api::embedded_rules().expect("rules"), &req.to_string()).is_err());
    }
}

/// A warning about a parameter names it by its label in plain sentences, in both languages, and
/// gives its name in the field `parameter` (the CLI's and the API's readers see the messages as they
/// are). A month past the published figures draws `carried_forward` warnings for several parameters.
#[test]
fn warnings_name_parameters_in_their_own_field_not_in_the_message() {
    let req = r#"{"region":"320100","months":[{"month":"2030-03","work":[{"platform":"A","income":"6000"}]}]}"#;
    let out = flexcalc::api::run_command("assess", req)
        .expect("runs")
        .expect("assesses");
    let doc: Value = serde_json::from_str(&out).unwrap();
    let warnings = doc["warnings"].as_array().unwrap();
    let with_parameter: Vec<&Value> = warnings.iter().filter(|w| w.get("parameter").is_some()).collect();
    assert!(
        with_parameter.iter().any(|w| w["code"] == "carried_forward"),
        "{warnings:?}"
    );
    for w in with_parameter {
        let name = w["parameter"].as_str().unwrap();
        for lang in ["zh", "en"] {
            let message = w["message"][lang].as_str().unwrap();
            assert!(!message.contains(name), "{lang} message names {name}: {message}");
        }
    }
}
