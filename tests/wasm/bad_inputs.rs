//! The bad-input matrix (`tests/bad-inputs.json`, issue 7) through the WebAssembly exports, and
//! `loadRules`/`resetRules`. Compiled into the lib's wasm tests from `src/wasm.rs`, like
//! `tests/wasm/golden.rs` (an integration test would make cargo build the native-only CLI for wasm32);
//! no clap, no file system: the data file is included at compile time.
//!
//! Every input goes through `runJson` (JSON text in, the error document thrown as a string) and,
//! where the text is a JSON object that JavaScript can hold, as a plain object through
//! `assess`/`compare`/`options`, whose thrown `Error` must carry the same `code`, `path` and messages.

#[path = "../support/bad_inputs.rs"]
mod support;

use serde_json::Value;
use support::{check, check_error_value, inputs};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn get(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn from_js(v: &JsValue) -> Value {
    let text = js_sys::JSON::stringify(v)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default();
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// The structured fields of a thrown `Error` as an API error object.
fn error_of(thrown: &JsValue) -> Value {
    let path = get(thrown, "path").as_string();
    let mut err = serde_json::json!({
        "code": get(thrown, "code").as_string(),
        "message": from_js(&get(thrown, "messages")),
    });
    if let Some(p) = path {
        err["path"] = Value::String(p);
    }
    err
}

/// Inputs a JavaScript object cannot carry as the text does: a repeated key keeps its last value.
const JS_OBJECT_OK: &[&str] = &["duplicate key", "duplicate key in a work entry"];

#[wasm_bindgen_test]
fn every_input_gives_the_expected_error_through_run_json() {
    let mut failures = Vec::new();
    for input in inputs() {
        let outcome = super::run_json(&input.command, &input.text).map_err(|e| e.as_string().unwrap_or_default());
        if let Err(m) = check(&input, &outcome) {
            failures.push(format!("{}: {m}", input.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[wasm_bindgen_test]
fn every_object_input_gives_the_expected_error_through_the_object_exports() {
    let mut failures = Vec::new();
    let mut tried = 0;
    for input in inputs() {
        // Only texts that JSON.parse turns into an object (not `[]`, `null`, a comment, a BOM...).
        let Ok(obj) = js_sys::JSON::parse(&input.text) else {
            continue;
        };
        if !obj.is_object() || js_sys::Array::is_array(&obj) {
            continue;
        }
        tried += 1;
        let result = match input.command.as_str() {
            "assess" => super::assess(obj),
            "compare" => super::compare(obj),
            "options" => super::options(obj),
            #[cfg(feature = "decisions")]
            "where" => super::where_to_insure(obj),
            other => panic!("unknown command {other}"),
        };
        let expect = if JS_OBJECT_OK.contains(&input.name.as_str()) {
            None
        } else {
            input.expect.clone()
        };
        let problem = match (&expect, &result) {
            (None, Ok(_)) => None,
            (None, Err(e)) => Some(format!("expected a result, got {}", error_of(e))),
            (Some(_), Ok(_)) => Some("expected an error, got a result".to_string()),
            (Some((code, path)), Err(e)) => {
                let err = error_of(e);
                let doc = from_js(&get(e, "document"));
                check_error_value(&err, code, path)
                    .and_then(|()| {
                        (doc["error"] == err)
                            .then_some(())
                            .ok_or("`document` differs from the fields".into())
                    })
                    .err()
                    .map(|m| format!("{m}: {err}"))
            }
        };
        if let Some(m) = problem {
            failures.push(format!("{}: {m}", input.name));
        }
    }
    assert!(tried >= 100, "only {tried} inputs went through the object exports");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A rules file of an NGO: Suzhou (a city the embedded rules do not know) with figures for 2026.
const NGO_RULES: &str = r#"format = 1
extends = "320000"

[sources.ngo-2026]
document = "NGO survey 2026"
url = "https://example.org/ngo-2026"

[[city]]
code = "320500"
zh = "苏州市"
en = "Suzhou"
aliases = ["suzhou", "苏州"]

[[param]]
name = "pension.base_floor"
scope = "320500"
from = "2026-01"
to = "2026-12"
value = "5050"
grade = "C"
source = "ngo-2026"
"#;

const SUZHOU: &str = r#"{"region": "suzhou", "medical": {"scheme": "none"}, "months": [{"month": "2026-03", "work": [{"platform": "A", "hours": "100", "income": "6000"}]}]}"#;

/// Puts the embedded rules back even when a test fails halfway.
struct Reset;
impl Drop for Reset {
    fn drop(&mut self) {
        super::reset_rules();
    }
}

#[wasm_bindgen_test]
fn load_rules_puts_an_ngo_file_in_force_until_reset() {
    let _reset = Reset;
    let v = from_js(&super::load_rules(NGO_RULES, Some("ngo-suzhou.toml".into())).expect("the NGO file loads"));
    assert_eq!(v["custom_rules"], serde_json::json!(["ngo-suzhou.toml"]));
    assert_eq!(from_js(&super::version().unwrap())["custom_rules"], v["custom_rules"]);

    // The object export and the text export both compute with the custom rules and say so.
    let resp = from_js(&super::assess(js_sys::JSON::parse(SUZHOU).unwrap()).expect("Suzhou is known now"));
    assert_eq!(resp["months"][0]["pension"]["base"], "5050.00");
    assert_eq!(resp["months"][0]["pension"]["total"], "1010.00");
    assert_eq!(resp["custom_rules"], serde_json::json!(["ngo-suzhou.toml"]));
    let codes: Vec<&str> = resp["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w["code"].as_str())
        .collect();
    assert!(codes.contains(&"custom_rules"), "{codes:?}");
    let text: Value = serde_json::from_str(&super::run_json("assess", SUZHOU).expect("text export")).unwrap();
    assert_eq!(text, resp);
    assert!(from_js(&super::regions().unwrap()).to_string().contains("320500"));
    let in_force = from_js(&super::rules("320500", "2026-03").unwrap());
    assert!(
        in_force.to_string().contains("ngo-suzhou.toml"),
        "the citation names the file"
    );

    super::reset_rules();
    assert_eq!(
        from_js(&super::version().unwrap())["custom_rules"],
        serde_json::json!([])
    );
    // Without the NGO's alias, `suzhou` is the gazetteer's again: 苏州, 宿州 and 肃州区 share it, so the
    // embedded rules list them rather than pick one (issue 15).
    let err = super::assess(js_sys::JSON::parse(SUZHOU).unwrap()).expect_err("suzhou is ambiguous again");
    assert_eq!(get(&err, "code").as_string().as_deref(), Some("ambiguous_region"));
}

#[wasm_bindgen_test]
fn load_rules_rejects_an_invalid_file_with_its_position_and_keeps_the_rules_in_force() {
    let _reset = Reset;
    super::load_rules(NGO_RULES, None).expect("loads");
    assert_eq!(
        from_js(&super::version().unwrap())["custom_rules"],
        serde_json::json!(["custom.toml"])
    );
    let cases: &[(String, &str, &str)] = &[
        // A rate outside [0, 1], in the entry that starts on line 6.
        (
            "format = 1\nextends = \"320000\"\n[sources.s]\nurl = \"https://example.org\"\n\n\
             [[param]]\nname = \"pension.rate\"\nfrom = \"2027-01\"\nvalue = \"1.5\"\ngrade = \"A\"\nsource = \"s\"\n"
                .to_string(),
            "bad.toml:6",
            "[0, 1]",
        ),
        // A value without a source.
        (
            NGO_RULES.replace("source = \"ngo-2026\"\n", ""),
            "bad.toml:14",
            "source",
        ),
        // Overlapping periods: the province's floor, from the middle of the embedded 2025 period.
        (
            NGO_RULES
                .replace("scope = \"320500\"\n", "")
                .replace("from = \"2026-01\"", "from = \"2025-06\""),
            "bad.toml:14",
            "overlaps",
        ),
        // Not TOML at all.
        ("format = 1\n[[param]\n".to_string(), "bad.toml:2", ""),
        // Floor above the ceiling in force.
        (NGO_RULES.replace("\"5050\"", "\"99999999\""), "bad.toml:14", "above"),
    ];
    // Over 1 MiB: rejected before parsing.
    let huge = format!("format = 1\n{}", "#".repeat(1 << 20));
    let err = super::load_rules(&huge, Some("huge.toml".into())).expect_err("too large");
    assert_eq!(get(&err, "code").as_string().as_deref(), Some("invalid_rules"));
    assert_eq!(get(&err, "path").as_string().as_deref(), Some("huge.toml"));
    for (text, path, message) in cases {
        let err = super::load_rules(text, Some("bad.toml".into())).expect_err("an invalid file is rejected");
        assert_eq!(
            get(&err, "code").as_string().as_deref(),
            Some("invalid_rules"),
            "{text}"
        );
        let got_path = get(&err, "path").as_string().unwrap_or_default();
        assert!(got_path.starts_with(path), "path {got_path}, want {path}");
        let en = from_js(&get(&err, "messages"))["en"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(en.contains(message), "message {en:?} lacks {message:?}");
        assert!(err.is_instance_of::<js_sys::Error>());
        // The rules in force are still the NGO's.
        assert_eq!(
            from_js(&super::version().unwrap())["custom_rules"],
            serde_json::json!(["custom.toml"])
        );
    }
}
