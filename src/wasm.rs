//! WebAssembly bindings: the JSON API v1 on plain JavaScript objects, decimals as strings.
//!
//! A thin layer: every function takes a plain object, hands it to the same JSON entry points as the
//! CLI (the object crosses the boundary as JSON text, so the engine sees exactly what the CLI sees and
//! the output strings are identical), and returns a plain object. An input error is thrown as an
//! `Error` whose `code`, `path`, `message_zh` and `messages` (`{zh, en}`) properties carry the
//! structured error, and whose `document` is the CLI's error document.
//!
//! Going through JSON text rather than a serde bridge to JS values also keeps the module small: the
//! request and response types are (de)serialised by one serde backend only.

use crate::api;
use crate::error::ApiError;
use crate::request::Request;
use serde::Serialize;
use wasm_bindgen::prelude::*;

fn js_error(message: &str) -> JsValue {
    js_sys::Error::new(message).into()
}

/// A value as a plain JS object, through JSON text.
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value).map_err(|e| js_error(&e.to_string()))?;
    js_sys::JSON::parse(&text)
}

/// An `Error` carrying the structured fields, so pages can show the message next to the field.
fn throw(e: &ApiError) -> JsValue {
    let err = js_sys::Error::new(&e.message.en);
    let obj: &JsValue = err.as_ref();
    let set = |k: &str, v: JsValue| {
        let _ = js_sys::Reflect::set(obj, &JsValue::from_str(k), &v);
    };
    set("code", JsValue::from_str(e.code.as_str()));
    set("path", e.path.as_deref().map_or(JsValue::NULL, JsValue::from_str));
    set("message_zh", JsValue::from_str(&e.message.zh));
    if let Ok(m) = to_js(&e.message) {
        set("messages", m);
    }
    if let Ok(doc) = to_js(&e.to_document()) {
        set("document", doc);
    }
    err.into()
}

/// The request object as JSON text (an object that JSON cannot express is an input error).
fn request_text(value: &JsValue) -> Result<String, JsValue> {
    let invalid = || {
        throw(&ApiError::invalid(
            "",
            "请求必须是一个对象",
            "the request must be a plain object",
        ))
    };
    if !value.is_object() {
        return Err(invalid());
    }
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(invalid)
}

/// Parses the request and runs `verb` on it with the embedded rules.
fn run<T: Serialize>(
    request: &JsValue,
    verb: impl FnOnce(&'static crate::RuleSet, &Request) -> Result<T, ApiError>,
) -> Result<JsValue, JsValue> {
    let rules = api::embedded_rules().map_err(|e| throw(&e))?;
    let text = request_text(request)?;
    let req = Request::from_json(&text).map_err(|e| throw(&e))?;
    to_js(&verb(rules, &req).map_err(|e| throw(&e))?)
}

/// Assesses a request object; returns the response object.
#[wasm_bindgen]
pub fn assess(request: JsValue) -> Result<JsValue, JsValue> {
    run(&request, crate::assess)
}

/// Both scenarios for a request, with the differences per party.
#[wasm_bindgen]
pub fn compare(request: JsValue) -> Result<JsValue, JsValue> {
    run(&request, crate::compare::compare)
}

/// The base choices compared (monthly cost and projected pension); the request needs a `person`.
#[wasm_bindgen]
pub fn options(request: JsValue) -> Result<JsValue, JsValue> {
    run(&request, crate::options::options)
}

/// The regions the rules data cover, with their cities and aliases.
#[wasm_bindgen]
pub fn regions() -> Result<JsValue, JsValue> {
    let rules = api::embedded_rules().map_err(|e| throw(&e))?;
    to_js(&api::regions(rules))
}

/// The parameters in force for a region and month (`"2025-09"`), with citations.
#[wasm_bindgen]
pub fn rules(region: &str, month: &str) -> Result<JsValue, JsValue> {
    let rules = api::embedded_rules().map_err(|e| throw(&e))?;
    to_js(&api::rules_in_force(rules, region, month).map_err(|e| throw(&e))?)
}

/// `{schema, engine_version, rules_version, custom_rules}`.
#[wasm_bindgen]
pub fn version() -> Result<JsValue, JsValue> {
    let rules = api::embedded_rules().map_err(|e| throw(&e))?;
    to_js(&api::version(rules))
}

/// Runs an API verb (`assess`, `compare`, `options`) on JSON text and returns the document as JSON
/// text, byte for byte what the CLI prints; an error document is thrown as a string.
#[wasm_bindgen(js_name = runJson)]
pub fn run_json(command: &str, request: &str) -> Result<String, JsValue> {
    match api::run_command(command, request) {
        Ok(Ok(doc)) => Ok(doc),
        Ok(Err(doc)) => Err(JsValue::from_str(&doc)),
        Err(e) => Err(js_error(&e)),
    }
}

/// JSON text in, JSON text out: for hosts that prefer strings (and for exactness tests).
#[wasm_bindgen(js_name = assessJson)]
pub fn assess_json(request: &str) -> Result<String, JsValue> {
    run_json("assess", request)
}
