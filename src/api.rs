//! The JSON API v1 as the CLI and the bindings use it: text or values in, documents out.

use crate::error::{ApiError, ErrorCode, Message};
use crate::month::YearMonth;
use crate::request::Request;
use crate::rules::{self, Place, RuleSet};
use serde::Serialize;
use std::sync::OnceLock;

/// The embedded rules, loaded and validated once. A failure is a broken build (the test suite loads
/// them), reported as `invalid_rules` rather than a panic.
pub fn embedded_rules() -> Result<&'static RuleSet, ApiError> {
    static RULES: OnceLock<Result<RuleSet, rules::RulesError>> = OnceLock::new();
    RULES.get_or_init(rules::load_embedded).as_ref().map_err(rules_error)
}

pub fn rules_error(e: &rules::RulesError) -> ApiError {
    ApiError::new(
        ErrorCode::InvalidRules,
        Some(if e.line > 0 {
            format!("{}:{}", e.file, e.line)
        } else {
            e.file.clone()
        }),
        Message::new(format!("规则文件有误：{e}"), format!("invalid rules file: {e}")),
    )
}

/// Parses and assesses a JSON request; `Ok` is the response document, `Err` the error document.
pub fn assess_json(rules: &RuleSet, text: &str) -> Result<String, String> {
    let result = Request::from_json(text).and_then(|req| crate::assess(rules, &req));
    match result {
        Ok(resp) => serde_json::to_string_pretty(&resp).map_err(|e| internal(&e.to_string())),
        Err(e) => Err(error_json(&e)),
    }
}

/// Parses a request and returns both scenarios with their differences.
pub fn compare_json(rules: &RuleSet, text: &str) -> Result<String, String> {
    let result = Request::from_json(text).and_then(|req| crate::compare::compare(rules, &req));
    match result {
        Ok(doc) => serde_json::to_string_pretty(&doc).map_err(|e| internal(&e.to_string())),
        Err(e) => Err(error_json(&e)),
    }
}

/// Parses a request with a `person` and compares the base choices (60–300 % and actual income): the
/// monthly cost today and the projected monthly pension of each.
pub fn options_json(rules: &RuleSet, text: &str) -> Result<String, String> {
    let result = Request::from_json(text).and_then(|req| crate::options::options(rules, &req));
    match result {
        Ok(doc) => serde_json::to_string_pretty(&doc).map_err(|e| internal(&e.to_string())),
        Err(e) => Err(error_json(&e)),
    }
}

pub fn error_json(e: &ApiError) -> String {
    serde_json::to_string_pretty(&e.to_document()).unwrap_or_else(|_| internal("serialisation"))
}

/// The error document for a failure that is the engine's, not the input's (a response that cannot be
/// serialised). The text is escaped by serde_json's string serialiser, not as Rust debug output.
fn internal(what: &str) -> String {
    let en = serde_json::to_string(what).unwrap_or_else(|_| "\"\"".to_string());
    format!("{{\"error\":{{\"code\":\"internal\",\"message\":{{\"zh\":\"内部错误\",\"en\":{en}}}}}}}")
}

/// A region as listed by `regions()`.
#[derive(Serialize)]
pub struct RegionListing {
    pub code: String,
    pub zh: String,
    pub en: String,
    pub aliases: Vec<String>,
    pub cities: Vec<RegionListing>,
}

pub fn regions(rules: &RuleSet) -> Vec<RegionListing> {
    rules
        .regions
        .iter()
        .map(|r| RegionListing {
            code: r.code.clone(),
            zh: r.zh.clone(),
            en: r.en.clone(),
            aliases: r.aliases.clone(),
            cities: r
                .cities
                .iter()
                .map(|c| RegionListing {
                    code: c.code.clone(),
                    zh: c.zh.clone(),
                    en: c.en.clone(),
                    aliases: c.aliases.clone(),
                    cities: vec![],
                })
                .collect(),
        })
        .collect()
}

/// The parameters in force for a region and month, with their citations.
#[derive(Serialize)]
pub struct RulesInForce {
    pub schema: &'static str,
    pub rules_version: String,
    pub region: String,
    pub month: YearMonth,
    pub parameters: Vec<ParameterInForce>,
}

#[derive(Serialize)]
pub struct ParameterInForce {
    pub name: &'static str,
    pub description: &'static str,
    pub scope: String,
    pub value: serde_json::Value,
    #[serde(flatten)]
    pub citation: crate::response::Citation,
}

pub fn rules_in_force(rules: &RuleSet, region: &str, month: &str) -> Result<RulesInForce, ApiError> {
    let place: Place = rules.resolve(region).ok_or_else(|| {
        ApiError::new(
            ErrorCode::UnknownRegion,
            Some("region".into()),
            Message::new(format!("未知地区“{region}”"), format!("unknown region \"{region}\"")),
        )
    })?;
    let m: YearMonth = month.parse().map_err(|_| {
        ApiError::invalid(
            "month",
            format!("月份“{month}”格式应为 YYYY-MM"),
            format!("month \"{month}\" is not YYYY-MM"),
        )
    })?;
    let found = rules.in_force(&place, m)?;
    Ok(RulesInForce {
        schema: "flexcalc/v1/rules",
        rules_version: rules.version.clone(),
        region: place.requested.clone(),
        month: m,
        parameters: found
            .iter()
            .map(|f| ParameterInForce {
                name: f.name,
                description: rules::params::CATALOGUE
                    .iter()
                    .find(|(n, _, _)| *n == f.name)
                    .map_or("", |(_, _, d)| d),
                scope: f.scope.label().to_string(),
                value: value_json(&f.entry.value),
                citation: crate::trace::cite(f),
            })
            .collect(),
    })
}

fn value_json(v: &rules::Value) -> serde_json::Value {
    use rules::Value;
    use serde_json::json;
    match v {
        Value::Decimal(d) => json!(d.to_string()),
        Value::MoneyList(l) => json!(l.iter().map(|d| d.to_string()).collect::<Vec<_>>()),
        Value::Range { min, max } => json!({"min": min.to_string(), "max": max.to_string()}),
        Value::Rounding(r) => json!({"unit": r.unit.to_string(), "mode": r.mode}),
        Value::TierRule(t) => json!(t.name()),
        Value::Medical(m) => serde_json::to_value(m).unwrap_or_default(),
        Value::Table(rows) => json!(rows
            .iter()
            .map(|(k, v)| (k.clone(), json!(v.to_string())))
            .collect::<serde_json::Map<_, _>>()),
        Value::Text(t) => json!(t),
        Value::TextList(l) => json!(l),
        Value::Subsidy(r) => serde_json::to_value(r).unwrap_or_default(),
    }
}

/// Runs an API verb on a JSON request with the embedded rules: `assess` (more verbs join as they are
/// added). The outer `Err` is an unknown verb or broken embedded rules.
pub fn run_command(command: &str, request: &str) -> Result<Result<String, String>, String> {
    run_command_with(embedded_rules().map_err(|e| e.to_string())?, command, request)
}

/// [`run_command`] with the given rules (the embedded rules plus custom files, say).
pub fn run_command_with(rules: &RuleSet, command: &str, request: &str) -> Result<Result<String, String>, String> {
    match command {
        "assess" => Ok(assess_json(rules, request)),
        "compare" => Ok(compare_json(rules, request)),
        "options" => Ok(options_json(rules, request)),
        other => Err(format!("unknown command \"{other}\"")),
    }
}

/// The versions a client shows and pins against.
#[derive(Serialize)]
pub struct Version {
    pub schema: &'static str,
    pub engine_version: &'static str,
    pub rules_version: String,
    pub custom_rules: Vec<String>,
}

pub fn version(rules: &RuleSet) -> Version {
    Version {
        schema: crate::response::SCHEMA,
        engine_version: crate::ENGINE_VERSION,
        rules_version: rules.version.clone(),
        custom_rules: rules.custom_files.clone(),
    }
}
