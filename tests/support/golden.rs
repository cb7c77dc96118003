//! What a golden case (`tests/cases/*.json`) expects of the document its request produces: shared by
//! the native test (`tests/golden.rs`, the JSON API) and the WebAssembly test (`tests/wasm/golden.rs`,
//! the same requests through the JS exports), so both hold every case to the same expectations:
//! `expect` (exact JSON values at paths), `expect_error` (code and path), `expect_warnings` and
//! `expect_no_warnings` (warning codes). The includer declares `json_path` beside this module.

use super::json_path::at;
use serde_json::Value;

/// Every way `doc` (the result, or the error document when `answered` is false) falls short of the
/// case; empty when it meets it.
pub fn problems(case: &Value, doc: &Value, answered: bool) -> Vec<String> {
    let mut problems = Vec::new();
    match (case.get("expect_error"), answered) {
        (Some(expected), true) => return vec![format!("expected error {expected}, got a result")],
        (Some(expected), false) => {
            for key in ["code", "path"] {
                if let Some(want) = expected.get(key) {
                    let got = &doc["error"][key];
                    if got != want {
                        problems.push(format!("error.{key}: want {want}, got {got}"));
                    }
                }
            }
        }
        (None, false) => return vec![format!("unexpected error: {doc}")],
        (None, true) => {}
    }
    if let Some(expect) = case.get("expect").and_then(Value::as_object) {
        for (path, want) in expect {
            match at(doc, path) {
                Some(got) if got == want => {}
                Some(got) => problems.push(format!("{path}: want {want}, got {got}")),
                None => problems.push(format!("{path}: missing (want {want})")),
            }
        }
    }
    let codes: Vec<&str> = doc
        .get("warnings")
        .and_then(Value::as_array)
        .map(|w| w.iter().filter_map(|x| x["code"].as_str()).collect())
        .unwrap_or_default();
    let listed = |key: &str| -> Vec<String> {
        case.get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect()
    };
    for want in listed("expect_warnings") {
        if !codes.contains(&want.as_str()) {
            problems.push(format!("warning {want} missing (got {codes:?})"));
        }
    }
    for unwanted in listed("expect_no_warnings") {
        if codes.contains(&unwanted.as_str()) {
            problems.push(format!("warning {unwanted} present"));
        }
    }
    problems
}
