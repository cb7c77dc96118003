//! The JSON API v1 as the CLI and the bindings use it: text or values in, documents out.

use crate::foundation::error::{ApiError, ErrorCode, Message};
use crate::foundation::month::YearMonth;
use crate::model::request::Request;
use crate::rules::{self, Place, RuleSet};
use serde::Serialize;

mod status;
pub use status::{rules_status, RulesStatus};
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
    let result = Request::from_json(text).and_then(|req| crate::engine::assess::assess(rules, &req));
    match result {
        Ok(resp) => crate::foundation::json_write::to_string_pretty(&resp).map_err(|e| internal(&e.to_string())),
        Err(e) => Err(error_json(&e)),
    }
}

/// Parses a request and returns both scenarios with their differences.
pub fn compare_json(rules: &RuleSet, text: &str) -> Result<String, String> {
    let result = Request::from_json(text).and_then(|req| crate::engine::compare::compare(rules, &req));
    match result {
        Ok(doc) => crate::foundation::json_write::to_string_pretty(&doc).map_err(|e| internal(&e.to_string())),
        Err(e) => Err(error_json(&e)),
    }
}

/// Parses a request with a `person` and compares the base choices (60–300 % and actual income): the
/// monthly cost today and the projected monthly pension of each.
pub fn options_json(rules: &RuleSet, text: &str) -> Result<String, String> {
    let result = Request::from_json(text).and_then(|req| crate::engine::options::options(rules, &req));
    match result {
        Ok(doc) => crate::foundation::json_write::to_string_pretty(&doc).map_err(|e| internal(&e.to_string())),
        Err(e) => Err(error_json(&e)),
    }
}

/// The `where` verb: the request's `places` side by side (issue 17).
#[cfg(feature = "decisions")]
pub fn where_json(rules: &RuleSet, text: &str) -> Result<String, String> {
    let result = Request::from_json(text).and_then(|req| crate::engine::where_to_insure::where_to_insure(rules, &req));
    match result {
        Ok(doc) => crate::foundation::json_write::to_string_pretty(&doc).map_err(|e| internal(&e.to_string())),
        Err(e) => Err(error_json(&e)),
    }
}

pub fn error_json(e: &ApiError) -> String {
    crate::foundation::json_write::to_string_pretty(&e.to_document()).unwrap_or_else(|_| internal("serialisation"))
}

/// The error document for a failure that is the engine's, not the input's (a response that cannot be
/// serialised). The text is escaped as a JSON string, not as Rust debug output.
fn internal(what: &str) -> String {
    let en = crate::foundation::json_write::quoted(what);
    format!("{{\"error\":{{\"code\":\"internal\",\"message\":{{\"zh\":\"内部错误\",\"en\":{en}}}}}}}")
}

/// A place offered by [`places`]: the division, its level, and the province it lies in (to tell 朝阳区
/// of Beijing from 朝阳市 of Liaoning).
#[derive(Serialize)]
pub struct PlaceListing {
    pub code: &'static str,
    pub zh: String,
    pub en: String,
    pub level: &'static str,
    pub province_zh: String,
    pub province_en: String,
}

/// The places whose code, name, short name or pinyin begins with `query` (the engine's own index of the
/// gazetteer, so a search box offers what the engine resolves), at most `limit`.
pub fn places(rules: &RuleSet, query: &str, limit: usize) -> Vec<PlaceListing> {
    rules
        .suggest(query, limit)
        .into_iter()
        .map(|i| {
            let d = &rules.divisions[i];
            let province = rules.division(&d.province_code()).map(|p| &rules.divisions[p]);
            PlaceListing {
                code: d.code,
                zh: d.zh.clone(),
                en: d.en.clone(),
                level: d.level.name(),
                province_zh: province.map_or_else(String::new, |p| p.zh.clone()),
                province_en: province.map_or_else(String::new, |p| p.en.clone()),
            }
        })
        .collect()
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
pub struct RulesInForce<'a> {
    pub schema: &'static str,
    pub rules_version: String,
    pub region: String,
    pub month: YearMonth,
    pub parameters: Vec<ParameterInForce<'a>>,
}

#[derive(Serialize)]
pub struct ParameterInForce<'a> {
    pub name: &'static str,
    pub description: &'static str,
    pub scope: String,
    pub value: ValueOut<'a>,
    #[serde(flatten)]
    pub citation: crate::model::response::Citation,
}

pub fn rules_in_force<'a>(rules: &'a RuleSet, region: &str, month: &str) -> Result<RulesInForce<'a>, ApiError> {
    let place: Place = crate::engine::region::resolve(rules, region)?;
    let m: YearMonth = month.parse().map_err(|_| {
        let month = crate::foundation::error::excerpt(month);
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
                description: rules::Param::from_name(f.name).map_or("", rules::Param::description),
                scope: f.scope.label().to_string(),
                value: ValueOut(&f.entry.value),
                citation: crate::rules::cite(f),
            })
            .collect(),
    })
}

/// A parameter's value as `flexcalc rules` shows it: decimals as strings, tables and rules as objects
/// with their keys in alphabetical order, an absent optional figure as `null`.
///
/// Written straight to the serializer rather than built as a `serde_json::Value` (whose map, tree
/// and value serializer the WebAssembly module would otherwise carry for this alone); the output is
/// the same, key order included.
pub struct ValueOut<'a>(pub &'a rules::Value);

/// One `key: value` of an object whose keys are given in order.
type Field<'a> = (&'a str, Out<'a>);

/// The pieces a value is made of.
enum Out<'a> {
    Dec(rust_decimal::Decimal),
    OptDec(Option<rust_decimal::Decimal>),
    Str(&'a str),
    Count(u32),
    Fraction(&'a rules::Fraction),
    OptFraction(Option<&'a rules::Fraction>),
    Tiers(&'a [rules::MedicalTier]),
    Estimate(&'a rules::MedicalEstimate),
    Parts(&'a [rules::MedicalPart]),
}

impl Serialize for Out<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Out::Dec(d) => crate::foundation::money::serialize_decimal(*d, s),
            Out::OptDec(None) | Out::OptFraction(None) => s.serialize_unit(),
            Out::OptDec(Some(d)) => crate::foundation::money::serialize_decimal(*d, s),
            Out::Str(t) => s.serialize_str(t),
            Out::Count(n) => s.serialize_u32(*n),
            Out::Fraction(f) | Out::OptFraction(Some(f)) => object(
                s,
                [
                    ("denominator", Out::Dec(f.denominator)),
                    ("numerator", Out::Dec(f.numerator)),
                ],
            ),
            Out::Tiers(tiers) => s.collect_seq(tiers.iter().map(Tier)),
            Out::Parts(parts) => s.collect_seq(parts.iter().map(Part)),
            Out::Estimate(e) => object(
                s,
                [
                    ("basis_en", Out::Str(&e.basis_en)),
                    ("basis_zh", Out::Str(&e.basis_zh)),
                    ("high", Out::Dec(e.high)),
                    ("low", Out::Dec(e.low)),
                ],
            ),
        }
    }
}

struct Part<'a>(&'a rules::MedicalPart);

impl Serialize for Part<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        object(s, [("name", Out::Str(self.0.name)), ("rate", Out::Dec(self.0.rate))])
    }
}

struct Tier<'a>(&'a rules::MedicalTier);

impl Serialize for Tier<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let t = self.0;
        object(
            s,
            [
                ("en", Out::Str(&t.en)),
                ("id", Out::Str(&t.id)),
                ("yearly_amount", Out::Dec(t.yearly_amount)),
                ("zh", Out::Str(&t.zh)),
            ],
        )
    }
}

fn object<'a, S: serde::Serializer>(s: S, fields: impl IntoIterator<Item = Field<'a>>) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut m = s.serialize_map(None)?;
    for (k, v) in fields {
        m.serialize_entry(k, &v)?;
    }
    m.end()
}

impl Serialize for ValueOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use rules::Value;
        match self.0 {
            Value::Decimal(d) => crate::foundation::money::serialize_decimal(*d, s),
            Value::MoneyList(l) => s.collect_seq(l.iter().map(|d| Out::Dec(*d))),
            Value::Range { min, max } => object(s, [("max", Out::Dec(*max)), ("min", Out::Dec(*min))]),
            Value::Rounding(r) => object(s, [("mode", Out::Str(r.mode.name())), ("unit", Out::Dec(r.unit))]),
            Value::Medical(m, estimate) => object(s, medical_fields(m, estimate.as_deref())),
            Value::Table(rows) => object(s, rows.iter().map(|(k, v)| (k.as_str(), Out::Dec(*v)))),
            Value::Choice { name, .. } => s.serialize_str(name),
            Value::TextList(l) => s.collect_seq(l),
            Value::Subsidy(r) => serialize_subsidy(s, r),
        }
    }
}

/// A medical rule's fields, in key order: its kind's own, then its parts and its estimate where it has
/// them.
fn medical_fields<'a>(m: &'a rules::MedicalRule, estimate: Option<&'a rules::MedicalEstimate>) -> Vec<Field<'a>> {
    use rules::MedicalRule as M;
    let mut fields: Vec<Field<'_>> = match m {
        M::RateOnBase {
            rate,
            base_floor,
            base_ceiling,
            ..
        } => vec![
            ("base_ceiling", Out::OptDec(*base_ceiling)),
            ("base_floor", Out::OptDec(*base_floor)),
            ("kind", Out::Str("rate_on_base")),
            ("rate", Out::Dec(*rate)),
        ],
        M::RateOnFixedBase { rate, base, .. } => vec![
            ("base", Out::Dec(*base)),
            ("kind", Out::Str("rate_on_fixed_base")),
            ("rate", Out::Dec(*rate)),
        ],
        M::FixedMonthly { amount } => {
            vec![("amount", Out::Dec(*amount)), ("kind", Out::Str("fixed_monthly"))]
        }
        M::YearlyTiers { tiers } => vec![("kind", Out::Str("yearly_tiers")), ("tiers", Out::Tiers(tiers))],
    };
    if let M::RateOnBase { parts, .. } | M::RateOnFixedBase { parts, .. } = m {
        if !parts.is_empty() {
            fields.push(("parts", Out::Parts(parts)));
        }
    }
    if let Some(e) = estimate {
        fields.push(("estimate", Out::Estimate(e)));
    }
    fields.sort_by_key(|(k, _)| *k);
    fields
}

/// A subsidy rule as an object of its kind's fields, in key order.
fn serialize_subsidy<S: serde::Serializer>(s: S, r: &rules::SubsidyRule) -> Result<S::Ok, S::Error> {
    use rules::SubsidyRule as R;
    match r {
        R::ShareOfPaid {
            share,
            monthly_cap,
            max_months,
        } => object(
            s,
            [
                ("kind", Out::Str("share_of_paid")),
                ("max_months", Out::Count(*max_months)),
                ("monthly_cap", Out::OptDec(*monthly_cap)),
                ("share", Out::Fraction(share)),
            ],
        ),
        R::ShareOfFloorContribution {
            share,
            share_above_floor,
            max_months,
        } => object(
            s,
            [
                ("kind", Out::Str("share_of_floor_contribution")),
                ("max_months", Out::Count(*max_months)),
                ("share", Out::Fraction(share)),
                ("share_above_floor", Out::OptFraction(share_above_floor.as_ref())),
            ],
        ),
        R::FixedMonthly {
            pension,
            medical,
            max_months,
        } => object(
            s,
            [
                ("kind", Out::Str("fixed_monthly")),
                ("max_months", Out::Count(*max_months)),
                ("medical", Out::Dec(*medical)),
                ("pension", Out::Dec(*pension)),
            ],
        ),
        R::PlatformPension {
            share,
            window_months,
            months_required,
        } => object(
            s,
            [
                ("kind", Out::Str("platform_pension")),
                ("months_required", Out::Count(*months_required)),
                ("share", Out::Fraction(share)),
                ("window_months", Out::Count(*window_months)),
            ],
        ),
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
        #[cfg(feature = "decisions")]
        "where" => Ok(where_json(rules, request)),
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
        schema: crate::model::response::SCHEMA,
        engine_version: crate::model::ENGINE_VERSION,
        rules_version: rules.version.clone(),
        custom_rules: rules.custom_files.clone(),
    }
}
