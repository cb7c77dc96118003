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

/// The lists the page's code offers (`export const NAME = ['a', 'b'];` in www/state.js), as written.
fn page_list(text: &str, name: &str) -> Vec<String> {
    let decl = format!("export const {name} = [");
    let line = text
        .lines()
        .find(|l| l.starts_with(&decl))
        .unwrap_or_else(|| panic!("www/state.js has no line starting {decl:?}"));
    line[decl.len()..]
        .split('\'')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The keys of every `name: { key: '…', … }` map in www/i18n.js (one per language), in order: the
/// identifiers followed by `:` outside the quoted labels.
fn label_maps(text: &str, name: &str) -> Vec<Vec<String>> {
    let opening = format!("{name}: {{");
    let mut maps = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(&opening) {
        let body = &rest[at + opening.len()..];
        let mut keys = Vec::new();
        let (mut quote, mut word) = (None, String::new());
        for c in body.chars() {
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if c == '\'' || c == '"' || c == '`' => quote = Some(c),
                None if c == '}' => break,
                None if c.is_ascii_alphanumeric() || c == '_' => word.push(c),
                None if c == ':' && !word.is_empty() => keys.push(std::mem::take(&mut word)),
                None => word.clear(),
            }
        }
        maps.push(keys);
        rest = body;
    }
    maps
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// The page's choices are the engine's names: every list www/state.js offers in a select holds the
/// engine's names (in the page's order; the tracks' '' is "not given"), and www/i18n-zh.js and -en.js word every
/// name in both languages, so no value the engine reads or returns goes unlabelled on the page.
#[test]
fn the_pages_lists_and_labels_name_the_engines_values() {
    let state = std::fs::read_to_string("www/state.js").unwrap();
    // One file of strings per language (the page loads only the one it shows).
    let i18n = ["www/i18n-zh.js", "www/i18n-en.js"]
        .map(|f| std::fs::read_to_string(f).unwrap())
        .join("\n");
    let engine = |names: &[&str]| sorted(names.iter().map(|s| s.to_string()).collect());
    for (list, names) in [
        ("SECTORS", Sector::NAME_LIST),
        ("BASE_KINDS", BaseKind::NAME_LIST),
        ("TRACKS", Track::NAME_LIST),
        ("MEDICAL_SCHEMES", MedicalScheme::NAME_LIST),
    ] {
        let on_page: Vec<String> = page_list(&state, list).into_iter().filter(|n| !n.is_empty()).collect();
        assert_eq!(
            sorted(on_page),
            engine(names),
            "www/state.js {list} differs from the engine's names"
        );
    }
    for (map, names) in [
        ("sectors", Sector::NAME_LIST),
        ("baseKinds", BaseKind::NAME_LIST),
        ("tracks", Track::NAME_LIST),
        ("medicalSchemes", MedicalScheme::NAME_LIST),
        ("programs", SubsidyProgram::NAME_LIST),
    ] {
        let maps = label_maps(&i18n, map);
        assert_eq!(maps.len(), 2, "www/i18n-zh.js and i18n-en.js should each have `{map}`");
        for keys in maps {
            for name in names {
                assert!(
                    keys.iter().any(|k| k == name),
                    "www/i18n-*.js `{map}` has no label for the engine's {name:?} (has {keys:?})"
                );
            }
        }
    }
}

#[test]
fn the_page_list_readers_read_what_they_should() {
    assert_eq!(page_list("export const X = ['', 'a_1', 'b'];\n", "X"), ["", "a_1", "b"]);
    let maps = label_maps(
        "zh: { m: { a: '甲：乙', b_2: 'x, y: z' } }, en: { m: {\n  a: \"A\",\n  b_2: 'B',\n} }",
        "m",
    );
    assert_eq!(maps, [vec!["a", "b_2"], vec!["a", "b_2"]]);
}
