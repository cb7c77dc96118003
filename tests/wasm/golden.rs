//! The golden cases through the WebAssembly exports, in headless Chromium (wasm-bindgen-test): each
//! request crosses the JS boundary as a plain object, and the document that comes back must be value
//! for value, string for string, the one the engine's JSON API (the CLI's code path) gives; errors
//! must carry the same code, path and document. The case's own `expect` figures are checked on the
//! JS object too, by the native test's checker (`tests/support/golden.rs`). Compiled into the lib's tests from `src/wasm.rs` (an integration test would make
//! cargo build the native-only CLI for wasm32); the case list comes from `build.rs`.

use crate::api;
use serde_json::Value;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

include!(concat!(env!("OUT_DIR"), "/golden_cases.rs"));

#[path = "../support/golden.rs"]
mod golden;
#[path = "../support/json_path.rs"]
mod json_path;

/// A JS value as a serde_json value, through JSON.stringify in JS.
fn from_js(v: &JsValue) -> Value {
    let text = js_sys::JSON::stringify(v)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default();
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// The path of the first value where two documents differ, with both values, for the failure message.
fn first_difference(got: &Value, want: &Value, path: String) -> String {
    match (got, want) {
        (Value::Object(g), Value::Object(w)) => {
            for (k, wv) in w {
                match g.get(k) {
                    Some(gv) if gv == wv => {}
                    Some(gv) => return first_difference(gv, wv, format!("{path}.{k}")),
                    None => return format!("{path}.{k}: missing from the JS object"),
                }
            }
            match g.keys().find(|k| !w.contains_key(*k)) {
                Some(k) => format!("{path}.{k}: only in the JS object"),
                None => format!("{path}: same keys, different order or values"),
            }
        }
        (Value::Array(g), Value::Array(w)) if g.len() == w.len() => match g.iter().zip(w).position(|(a, b)| a != b) {
            Some(i) => first_difference(&g[i], &w[i], format!("{path}[{i}]")),
            None => path,
        },
        _ => format!("{path}: JS {got}, engine {want}"),
    }
}

fn run_case(name: &str, text: &str) -> Result<(), String> {
    let case: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let req_text = case["request"].to_string();
    let command = case.get("command").and_then(Value::as_str).unwrap_or("assess");
    let reference = api::run_command(command, &req_text).map_err(|e| format!("cannot run: {e}"))?;
    let request = js_sys::JSON::parse(&req_text).map_err(|_| "JSON.parse failed".to_string())?;
    let through_js = match command {
        "assess" => super::assess(request),
        "compare" => super::compare(request),
        "options" => super::options(request),
        #[cfg(feature = "decisions")]
        "where" => super::where_to_insure(request),
        other => return Err(format!("unknown command {other}")),
    };
    // The text export must be the reference text byte for byte.
    let text_out = super::run_json(command, &req_text);
    let doc = match (&reference, through_js) {
        (Ok(doc), Ok(js)) => {
            let want: Value = serde_json::from_str(doc).map_err(|e| e.to_string())?;
            let got = from_js(&js);
            if got != want {
                return Err(format!(
                    "{name}: the JS object differs from the engine's document at {}",
                    first_difference(&got, &want, String::new())
                ));
            }
            if text_out.as_deref() != Ok(doc.as_str()) {
                return Err(format!("{name}: runJson differs from the engine's text"));
            }
            got
        }
        (Err(doc), Err(e)) => {
            let want: Value = serde_json::from_str(doc).map_err(|e| e.to_string())?;
            let code = get(&e, "code").as_string();
            let path = get(&e, "path").as_string();
            if code.as_deref() != want["error"]["code"].as_str() || path.as_deref() != want["error"]["path"].as_str() {
                return Err(format!(
                    "{name}: thrown code/path {code:?}/{path:?}, engine {}",
                    want["error"]
                ));
            }
            if from_js(&get(&e, "document")) != want {
                return Err(format!("{name}: thrown document differs"));
            }
            if get(&e, "messages").is_undefined() || get(&e, "message_zh").as_string().is_none() {
                return Err(format!("{name}: thrown error lacks its messages"));
            }
            match &text_out {
                Err(t) if t.as_string().as_deref() == Some(doc.as_str()) => {}
                _ => return Err(format!("{name}: runJson did not throw the error document")),
            }
            want
        }
        (Ok(_), Err(e)) => {
            return Err(format!(
                "{name}: engine answered, the JS export threw {:?}",
                from_js(&get(&e, "document"))
            ))
        }
        (Err(doc), Ok(_)) => return Err(format!("{name}: engine gave an error {doc}, the JS export answered")),
    };
    // The same expectations as the native test, warnings included, on the document that crossed.
    let problems = golden::problems(&case, &doc, reference.is_ok());
    if !problems.is_empty() {
        return Err(format!("{name}: {}", problems.join("; ")));
    }
    Ok(())
}

#[wasm_bindgen_test]
fn golden_cases_are_exact_across_the_js_boundary() {
    assert!(CASES.len() >= 10, "the golden cases were not embedded");
    let failures: Vec<String> = CASES
        .iter()
        .filter_map(|(name, text)| run_case(name, text).err())
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

#[wasm_bindgen_test]
fn the_nanjing_floor_pension_is_990_40() {
    let req = r#"{"region":"320100","months":[{"month":"2025-09","work":[{"platform":"美团","hours":"150","income":"6200.00","orders":400,"sector":"instant_delivery"}]}]}"#;
    let resp = from_js(&super::assess(js_sys::JSON::parse(req).unwrap()).unwrap());
    assert_eq!(resp["months"][0]["pension"]["total"], "990.40");
    assert_eq!(resp["months"][0]["worker"], "1386.56");
}

#[wasm_bindgen_test]
fn an_input_error_is_thrown_with_its_path() {
    let req =
        r#"{"region":"320100","months":[{"month":"2025-09","work":[{"platform":"A","hours":"-1","income":"1"}]}]}"#;
    let e = super::assess(js_sys::JSON::parse(req).unwrap()).unwrap_err();
    assert!(e.is_instance_of::<js_sys::Error>());
    assert_eq!(get(&e, "code").as_string().as_deref(), Some("invalid_input"));
    assert_eq!(get(&e, "path").as_string().as_deref(), Some("months[0].work[0].hours"));
}

#[wasm_bindgen_test]
fn a_request_that_is_not_an_object_is_an_input_error() {
    let e = super::assess(JsValue::from_f64(3.0)).unwrap_err();
    assert_eq!(get(&e, "code").as_string().as_deref(), Some("invalid_input"));
}

#[wasm_bindgen_test]
fn regions_rules_and_version_answer() {
    let regions = from_js(&super::regions().unwrap());
    assert!(regions.as_array().is_some_and(|r| r.len() >= 31));
    let rules = from_js(&super::rules("320100", "2025-09").unwrap());
    assert_eq!(rules["schema"], "flexcalc/v1/rules");
    let v = from_js(&super::version().unwrap());
    assert_eq!(v["schema"], "flexcalc/v1");
}
