//! Each enum's names are declared once, in Rust (`named_enum!`); the request schema and the TypeScript
//! types that NGOs integrate against are written by hand, so this test holds them to the same lists:
//! a variant added, renamed or reordered in one place and not the others fails here.

use flexcalc::names::Named;
use flexcalc::request::{
    Apportion, BaseKind, InjuryFeeClass, MedicalScheme, Scenario, Sector, SubsidyProgram, TierRule,
};
use flexcalc::retirement::{DivisorLookup, RetireReason, Track};
use serde_json::Value;

/// (JSON pointer in schema/request.v1.json, how the TypeScript declares it, the Rust names).
fn contract() -> Vec<(&'static str, &'static str, &'static [&'static str])> {
    vec![
        (
            "/properties/scenario",
            "export type ScenarioName =",
            Scenario::NAME_LIST,
        ),
        (
            "/properties/pension_base/properties/kind",
            "export type BaseKind =",
            BaseKind::NAME_LIST,
        ),
        (
            "/properties/pension_base/properties/tier_rule",
            "export type TierRule =",
            TierRule::NAME_LIST,
        ),
        (
            "/properties/medical/properties/scheme",
            "scheme?:",
            MedicalScheme::NAME_LIST,
        ),
        (
            "/properties/subsidies/items/properties/program",
            "program:",
            SubsidyProgram::NAME_LIST,
        ),
        (
            "/properties/labor_facts/properties/apportion",
            "apportion?:",
            Apportion::NAME_LIST,
        ),
        (
            "/properties/person/properties/track",
            "export type Track =",
            Track::NAME_LIST,
        ),
        (
            "/properties/person/properties/divisor_lookup",
            "divisor_lookup?:",
            DivisorLookup::NAME_LIST,
        ),
        (
            "/properties/person/properties/retire_reason",
            "retire_reason?:",
            RetireReason::NAME_LIST,
        ),
        (
            "/$defs/work/properties/sector",
            "export type Sector =",
            Sector::NAME_LIST,
        ),
        (
            "/$defs/work/properties/injury_fee_class",
            "injury_fee_class?:",
            InjuryFeeClass::NAME_LIST,
        ),
    ]
}

/// The string literals of the first line of `text` that starts with `decl` (after indentation):
/// `scheme?: "employee" | "none";` → ["employee", "none"].
fn ts_union(text: &str, decl: &str) -> Vec<String> {
    let line = text
        .lines()
        .map(str::trim_start)
        .find(|l| l.starts_with(decl))
        .unwrap_or_else(|| panic!("www/flexcalc-types.d.ts has no line starting {decl:?}"));
    line[decl.len()..]
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

#[test]
fn schema_and_typescript_list_the_engines_names() {
    let schema: Value = serde_json::from_str(&std::fs::read_to_string("schema/request.v1.json").unwrap()).unwrap();
    let ts = std::fs::read_to_string("www/flexcalc-types.d.ts").unwrap();
    for (pointer, decl, names) in contract() {
        let in_schema: Vec<&str> = schema
            .pointer(&format!("{pointer}/enum"))
            .and_then(Value::as_array)
            .unwrap_or_else(|| panic!("schema/request.v1.json has no enum at {pointer}"))
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(
            in_schema, names,
            "schema/request.v1.json {pointer} differs from the engine's names"
        );
        assert_eq!(
            ts_union(&ts, decl),
            names,
            "www/flexcalc-types.d.ts `{decl}` differs from the engine's names"
        );
    }
}

#[test]
fn every_name_reads_back_as_its_variant() {
    fn round_trip<T: Named + PartialEq + std::fmt::Debug + serde::Serialize>() {
        for &(name, v) in T::NAMES {
            assert_eq!(T::from_name(name), Some(v));
            assert_eq!(serde_json::to_value(v).unwrap(), Value::from(name));
        }
    }
    round_trip::<Scenario>();
    round_trip::<BaseKind>();
    round_trip::<TierRule>();
    round_trip::<MedicalScheme>();
    round_trip::<SubsidyProgram>();
    round_trip::<Apportion>();
    round_trip::<Track>();
    round_trip::<DivisorLookup>();
    round_trip::<RetireReason>();
    round_trip::<Sector>();
    round_trip::<InjuryFeeClass>();
}
