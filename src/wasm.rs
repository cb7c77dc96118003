//! WebAssembly bindings: the JSON API v1 on plain JavaScript objects, decimals as strings.
//!
//! A thin layer: every function converts its arguments, calls the same library function as the CLI,
//! and converts the result back. An input error is thrown as an `Error` whose `code`, `path` and
//! `message` (`{zh, en}`) properties carry the structured error.

use crate::api;
use crate::error::ApiError;
use serde::Serialize;
use wasm_bindgen::prelude::*;

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsValue::from(js_sys::Error::new(&e.to_string())))
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

fn request_from(value: JsValue) -> Result<crate::Request, JsValue> {
    crate::request::from_deserializer(serde_wasm_bindgen::Deserializer::from(value)).map_err(|e| throw(&e))
}

/// Assesses a request object; returns the response object.
#[wasm_bindgen]
pub fn assess(request: JsValue) -> Result<JsValue, JsValue> {
    let rules = api::embedded_rules().map_err(|e| throw(&e))?;
    let req = request_from(request)?;
    let resp = crate::assess(rules, &req).map_err(|e| throw(&e))?;
    to_js(&resp)
}

/// Both scenarios for a request, with the differences per party.
#[wasm_bindgen]
pub fn compare(request: JsValue) -> Result<JsValue, JsValue> {
    let rules = api::embedded_rules().map_err(|e| throw(&e))?;
    let req = request_from(request)?;
    let doc = crate::compare::compare(rules, &req).map_err(|e| throw(&e))?;
    to_js(&doc)
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

/// `{engine_version, rules_version, schema}`.
#[wasm_bindgen]
pub fn version() -> Result<JsValue, JsValue> {
    let rules = api::embedded_rules().map_err(|e| throw(&e))?;
    to_js(&api::version(rules))
}

/// JSON text in, JSON text out: for hosts that prefer strings (and for exactness tests).
#[wasm_bindgen(js_name = assessJson)]
pub fn assess_json(request: &str) -> Result<String, JsValue> {
    let rules = api::embedded_rules().map_err(|e| throw(&e))?;
    api::assess_json(rules, request).map_err(|doc| JsValue::from_str(&doc))
}
