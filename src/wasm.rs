//! WebAssembly bindings: the JSON API v1 on plain JavaScript objects, decimals as strings.
//!
//! A thin layer: every function takes a plain object, hands it to the same JSON entry points as the
//! CLI (the object crosses the boundary as JSON text, so the engine sees exactly what the CLI sees and
//! the output strings are identical), and returns a plain object. An input error is thrown as an
//! `Error` whose `code`, `path`, `message_zh` and `messages` (`{zh, en}`) properties carry the
//! structured error, and whose `document` is the CLI's error document.
//!
//! Built with every feature (the default) the module also has `loadRules`/`resetRules` (feature
//! `custom-rules`) and `BatchCsv` (feature `batch`): that is the page's tools module
//! (`www/pkg/tools/`); the core module (`www/pkg/flexcalc.js`) is built without them.
//!
//! Going through JSON text rather than a serde bridge to JS values also keeps the module small: the
//! request and response types are (de)serialised by one serde backend only. Building the response
//! with `serde-wasm-bindgen` instead is no faster and larger (docs/toolchain.md, docs/perf-log.md).

use crate::api;
use crate::foundation::error::ApiError;
use crate::model::request::Request;
use crate::rules::RuleSet;
use serde::Serialize;
#[cfg(feature = "custom-rules")]
use std::cell::RefCell;
#[cfg(feature = "custom-rules")]
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// The core module's allocator: talc instead of the standard library's dlmalloc, about 2 kB smaller
/// gzipped (issue 5's size target) and no slower for an assessment's few dozen small allocations. The
/// tools module (built with the `batch` feature, for speed) keeps dlmalloc: over a batch's millions of
/// allocations it is faster (the page batch, labor facts: 56.5-59.0 ms with talc, 52.3-54.6 ms with
/// dlmalloc per 1,000 workers, interleaved runs; 320 bytes more gzipped).
// SAFETY: `new_global` requires a single-threaded WebAssembly instance, which this module is (built
// without the atomics target feature, so no thread can share its memory).
#[cfg(not(feature = "batch"))]
#[global_allocator]
static ALLOCATOR: talc::TalckWasm = unsafe { talc::TalckWasm::new_global() };

/// The TypeScript types of every request and response shape, in the package's `flexcalc.d.ts`.
#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = include_str!("../www/flexcalc-types.d.ts");

#[cfg(feature = "custom-rules")]
thread_local! {
    /// The rules `loadRules` put in force (the embedded rules plus the user's file) until
    /// `resetRules`; `None`: the embedded rules.
    static CUSTOM_RULES: RefCell<Option<Rc<RuleSet>>> = const { RefCell::new(None) };
}

/// Runs `f` with the rules in force: the custom rules when loaded, else the embedded rules.
#[cfg(feature = "custom-rules")]
fn with_rules<T>(f: impl FnOnce(&RuleSet) -> Result<T, JsValue>) -> Result<T, JsValue> {
    match CUSTOM_RULES.with(|c| c.borrow().clone()) {
        Some(rules) => f(&rules),
        None => f(api::embedded_rules().map_err(|e| throw(&e))?),
    }
}

/// Runs `f` with the embedded rules (the core module cannot load others).
#[cfg(not(feature = "custom-rules"))]
fn with_rules<T>(f: impl FnOnce(&RuleSet) -> Result<T, JsValue>) -> Result<T, JsValue> {
    f(api::embedded_rules().map_err(|e| throw(&e))?)
}

fn js_error(message: &str) -> JsValue {
    js_sys::Error::new(message).into()
}

/// A value as a plain JS object, through compact JSON text: half the bytes of the indented text, so
/// half the UTF-8 decoding and parsing on the JavaScript side (`runJson` keeps the CLI's indented text).
fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let text = crate::foundation::json_write::to_string(value).map_err(|e| js_error(&e.to_string()))?;
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

/// Parses the request and runs `verb` on it with the rules in force.
fn run<T: Serialize>(
    request: &JsValue,
    verb: impl FnOnce(&RuleSet, &Request) -> Result<T, ApiError>,
) -> Result<JsValue, JsValue> {
    with_rules(|rules| {
        let text = request_text(request)?;
        let req = Request::from_json(&text).map_err(|e| throw(&e))?;
        to_js(&verb(rules, &req).map_err(|e| throw(&e))?)
    })
}

/// Assesses a request object; returns the response object.
#[wasm_bindgen(unchecked_return_type = "Response")]
pub fn assess(#[wasm_bindgen(unchecked_param_type = "Request")] request: JsValue) -> Result<JsValue, JsValue> {
    run(&request, crate::engine::assess::assess)
}

/// Both scenarios for a request, with the differences per party.
#[wasm_bindgen(unchecked_return_type = "Comparison")]
pub fn compare(#[wasm_bindgen(unchecked_param_type = "Request")] request: JsValue) -> Result<JsValue, JsValue> {
    run(&request, crate::engine::compare::compare)
}

/// The base choices compared (monthly cost and projected pension); the request needs a `person`.
#[wasm_bindgen(unchecked_return_type = "OptionsResponse")]
pub fn options(#[wasm_bindgen(unchecked_param_type = "Request")] request: JsValue) -> Result<JsValue, JsValue> {
    run(&request, crate::engine::options::options)
}

/// Where to insure: the request's `places` side by side (cost now, pension later, where it is drawn).
#[cfg(feature = "decisions")]
#[wasm_bindgen(js_name = whereToInsure, unchecked_return_type = "WhereResponse")]
pub fn where_to_insure(#[wasm_bindgen(unchecked_param_type = "Request")] request: JsValue) -> Result<JsValue, JsValue> {
    run(&request, crate::engine::where_to_insure::where_to_insure)
}

/// The regions the rules data cover, with their cities and aliases.
#[wasm_bindgen(unchecked_return_type = "RegionListing[]")]
pub fn regions() -> Result<JsValue, JsValue> {
    with_rules(|rules| to_js(&api::regions(rules)))
}

/// The places whose code, name, short name or pinyin begins with `query`, at most `limit` (for the
/// page's place box: the engine's own index, so the box offers what the engine resolves).
#[wasm_bindgen(js_name = searchPlaces, unchecked_return_type = "PlaceListing[]")]
pub fn search_places(query: &str, limit: u32) -> Result<JsValue, JsValue> {
    with_rules(|rules| to_js(&api::places(rules, query, limit.min(50) as usize)))
}

/// The parameters in force for a region and month (`"2025-09"`), with citations.
#[wasm_bindgen(unchecked_return_type = "RulesInForce")]
pub fn rules(region: &str, month: &str) -> Result<JsValue, JsValue> {
    with_rules(|rules| to_js(&api::rules_in_force(rules, region, month).map_err(|e| throw(&e))?))
}

/// `{schema, engine_version, rules_version, custom_rules}`.
#[wasm_bindgen(unchecked_return_type = "Version")]
pub fn version() -> Result<JsValue, JsValue> {
    with_rules(|rules| to_js(&api::version(rules)))
}

/// Loads an NGO's own rules file (TOML text, as `flexcalc --rules FILE`) over the embedded rules,
/// validated as strictly; every later call uses them until `resetRules()` or another `loadRules`.
/// `name` (default `custom.toml`) is how results name the file: `custom_rules` and the warning
/// `custom_rules`. A file that fails validation throws an `Error` with code `invalid_rules` and `path`
/// `name:line`, and the rules in force stay as they were. Returns what `version()` returns.
/// A file over 1 MiB is rejected: the largest embedded file is about 10 kB, and loading time grows
/// faster than the number of entries (about 1 s for 6,000), so a mistaken upload cannot freeze the page.
#[cfg(feature = "custom-rules")]
#[wasm_bindgen(js_name = loadRules, unchecked_return_type = "Version")]
pub fn load_rules(text: &str, name: Option<String>) -> Result<JsValue, JsValue> {
    let name = name
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "custom.toml".into());
    if text.len() > MAX_RULES_TEXT {
        return Err(throw(&ApiError::new(
            crate::foundation::error::ErrorCode::InvalidRules,
            Some(name),
            crate::foundation::error::Message::new(
                format!("规则文件过大：最多 {MAX_RULES_TEXT} 字节"),
                format!("the rules file is too large: at most {MAX_RULES_TEXT} bytes"),
            ),
        )));
    }
    let rules = crate::rules::load_embedded_with([(name.as_str(), text)]).map_err(|e| throw(&api::rules_error(&e)))?;
    CUSTOM_RULES.with(|c| *c.borrow_mut() = Some(Rc::new(rules)));
    version()
}

/// Largest rules text `loadRules` accepts, in bytes.
#[cfg(feature = "custom-rules")]
const MAX_RULES_TEXT: usize = 1 << 20;

/// Back to the embedded rules.
#[cfg(feature = "custom-rules")]
#[wasm_bindgen(js_name = resetRules)]
pub fn reset_rules() {
    CUSTOM_RULES.with(|c| *c.borrow_mut() = None);
}

/// Runs an API verb (`assess`, `compare`, `options`, `where`) on JSON text and returns the document as JSON
/// text, byte for byte what the CLI prints; an error document is thrown as a string.
#[wasm_bindgen(js_name = runJson)]
pub fn run_json(command: &str, request: &str) -> Result<String, JsValue> {
    match with_rules(|rules| Ok(api::run_command_with(rules, command, request)))? {
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

/// `flexcalc batch` on a CSV file read in pieces, for the page's batch (a Web Worker, docs/batch.md):
/// the same Rust code as the CLI reads the rows, assesses the workers and writes the output and
/// errors rows, so the files are byte for byte the CLI's. Only the bytes cross the boundary.
#[cfg(feature = "batch")]
#[wasm_bindgen]
pub struct BatchCsv(crate::batch::CsvStream);

// The browser's TextDecoder (in the batch's Web Worker): GBK and UTF-16 files are decoded by the
// Encoding Standard's decoders, which encoding_rs implements natively; linking encoding_rs's tables
// into the tools module would cost 130 kB gzipped.
#[cfg(feature = "batch")]
#[wasm_bindgen]
extern "C" {
    type TextDecoder;
    #[wasm_bindgen(constructor, catch)]
    fn new(label: &str) -> Result<TextDecoder, JsValue>;
    #[wasm_bindgen(method, catch)]
    fn decode(this: &TextDecoder, input: &[u8], options: &JsValue) -> Result<String, JsValue>;
}

#[cfg(feature = "batch")]
struct BrowserDecoder(TextDecoder);

#[cfg(feature = "batch")]
impl BrowserDecoder {
    fn factory(enc: crate::batch::encoding::TextEncoding) -> Result<Box<dyn crate::batch::encoding::Decode>, String> {
        TextDecoder::new(enc.label())
            .map(|d| Box::new(BrowserDecoder(d)) as Box<dyn crate::batch::encoding::Decode>)
            .map_err(|e| {
                e.as_string()
                    .unwrap_or_else(|| format!("no TextDecoder for {}", enc.label()))
            })
    }
}

#[cfg(feature = "batch")]
impl crate::batch::encoding::Decode for BrowserDecoder {
    fn decode(&mut self, bytes: &[u8], last: bool, out: &mut Vec<u8>) {
        let options = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&options, &JsValue::from_str("stream"), &JsValue::from_bool(!last));
        // Without `fatal`, decode only throws on a detached buffer: nothing to report then.
        if let Ok(text) = self.0.decode(bytes, &options) {
            out.extend_from_slice(text.as_bytes());
        }
    }
}

#[cfg(feature = "batch")]
fn batch_scenarios(name: Option<String>) -> Result<crate::batch::Scenarios, JsValue> {
    let name = name.unwrap_or_else(|| "both".into());
    crate::batch::Scenarios::from_name(&name).ok_or_else(|| {
        js_error(&format!(
            "unknown scenarios \"{name}\": both, current_law or labor_facts"
        ))
    })
}

#[cfg(feature = "batch")]
#[wasm_bindgen]
impl BatchCsv {
    /// `scenarios`: `both` (the default), `current_law` or `labor_facts`, as `flexcalc batch --scenarios`;
    /// `lang`: `zh` or `en` as `flexcalc batch --lang` (labels rows, messages in the language with
    /// their column, and `shownErrors` in each piece), none for the CLI's default files.
    #[wasm_bindgen(constructor)]
    pub fn new(scenarios: Option<String>, lang: Option<String>) -> Result<BatchCsv, JsValue> {
        let lang = match lang.as_deref() {
            None => None,
            Some(l) => Some(
                crate::batch::Lang::from_name(l).ok_or_else(|| js_error(&format!("unknown lang \"{l}\": zh or en")))?,
            ),
        };
        Ok(BatchCsv(crate::batch::CsvStream::with_decoders(
            batch_scenarios(scenarios)?,
            lang,
            BrowserDecoder::factory,
        )))
    }

    /// Feeds the file's bytes from the first byte not consumed yet (`last`: they run to the end of
    /// the file). Assesses the workers complete in them and returns `{output, errors, consumed, rows,
    /// workers, workerMonths, errorRows}`: `output` and `errors` are CSV rows (`Uint8Array`, UTF-8;
    /// each file's header row comes with the piece that held the input's header), `consumed` how many
    /// bytes the next call must skip (0: give a longer piece). A bad header throws an `Error` with
    /// the CLI's message.
    #[wasm_bindgen(unchecked_return_type = "BatchPiece")]
    pub fn push(&mut self, bytes: &[u8], last: bool) -> Result<JsValue, JsValue> {
        let lang = self.0.lang();
        let p = with_rules(|rules| {
            self.0.push(rules, bytes, last).map_err(|e| {
                js_error(match lang {
                    Some(crate::batch::Lang::Zh) => &e.zh,
                    _ => &e.en,
                })
            })
        })?;
        let obj = js_sys::Object::new();
        let set = |k: &str, v: JsValue| js_sys::Reflect::set(&obj, &JsValue::from_str(k), &v).map(|_| ());
        set("output", js_sys::Uint8Array::from(&p.output[..]).into())?;
        set("errors", js_sys::Uint8Array::from(&p.errors[..]).into())?;
        let shown = js_sys::Array::new();
        for m in &p.shown_errors {
            shown.push(&JsValue::from_str(m));
        }
        set("shownErrors", shown.into())?;
        let encoding = self.0.encoding().map_or(JsValue::NULL, |e| JsValue::from_str(e.name()));
        set("encoding", encoding)?;
        for (k, n) in [
            ("consumed", p.consumed as u64),
            ("rows", p.rows),
            ("workers", p.workers),
            ("workerMonths", p.worker_months),
            ("errorRows", p.error_rows),
        ] {
            set(k, JsValue::from_f64(n as f64))?;
        }
        Ok(obj.into())
    }

    /// The summary so far as JSON text (`flexcalc/v1/batch-summary`), as `flexcalc batch --summary` writes it.
    pub fn summary(&self) -> Result<String, JsValue> {
        with_rules(|rules| {
            crate::foundation::json_write::to_string_pretty(&self.0.summary(rules))
                .map(|s| s + "\n")
                .map_err(|e| js_error(&e.to_string()))
        })
    }
}

#[cfg(test)]
#[path = "../tests/wasm/golden.rs"]
mod golden;

#[cfg(all(test, feature = "custom-rules"))]
#[path = "../tests/wasm/bad_inputs.rs"]
mod bad_inputs;
