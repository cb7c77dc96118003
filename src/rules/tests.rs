//! Loader validation: each mistake a rules editor can make is rejected with its file and line.

use super::*;

pub(super) const MANIFEST: (&str, &str) = ("manifest.toml", "version = \"test\"\n");

const REGION: &str = r#"
format = 1
[region]
code = "320000"
zh = "江苏省"
en = "Jiangsu"
aliases = ["jiangsu", "江苏"]

[[city]]
code = "320100"
zh = "南京市"
en = "Nanjing"
aliases = ["nanjing", "南京"]

[sources.s]
document = "doc 1"

[[param]]
name = "pension.base_floor"
from = "2025-01"
to = "2025-12"
value = "4952"
grade = "A"
source = "s"

[[param]]
name = "pension.base_ceiling"
from = "2025-01"
to = "2025-12"
value = "24762"
grade = "A"
source = "s"
"#;

fn load(extra: &str) -> Result<RuleSet, RulesError> {
    let text = format!("{REGION}\n{extra}");
    load_files([MANIFEST, ("region.toml", text.as_str())])
}

fn param(name: &str, from: &str, to: Option<&str>, value: &str) -> String {
    let to = to.map(|t| format!("to = \"{t}\"\n")).unwrap_or_default();
    format!("[[param]]\nname = \"{name}\"\nfrom = \"{from}\"\n{to}value = {value}\ngrade = \"B\"\nsource = \"s\"\n")
}

pub(super) fn month(s: &str) -> YearMonth {
    s.parse().unwrap()
}

#[test]
fn the_embedded_rules_load() {
    let rules = load_embedded().unwrap_or_else(|e| panic!("embedded rules invalid: {e}"));
    assert!(!rules.regions.is_empty());
}

#[test]
fn resolves_codes_names_and_counties() {
    let rules = load("").unwrap();
    for name in ["320100", "nanjing", "Nan Jing", "南京", "南京市", "320115"] {
        let place = rules.resolve(name).unwrap_or_else(|| panic!("{name}"));
        assert_eq!(rules.city(&place).map(|c| c.code.as_str()), Some("320100"), "{name}");
    }
    // A county resolves to its prefecture by the gazetteer (昆山市 → 苏州市) and keeps its own code.
    let county = rules.resolve("320583").unwrap();
    assert_eq!(rules.city(&county).map(|c| c.code.as_str()), Some("320500"));
    assert_eq!(county.requested, "320583");
    for name in ["昆山", "昆山市", "kunshan", "Kūn Shān"] {
        assert_eq!(
            rules.resolve(name).map(|p| p.requested),
            Some("320583".to_string()),
            "{name}"
        );
    }
    // Only Jiangsu is loaded here, so a Zhejiang city is unknown.
    assert!(rules.resolve("330100").is_none());
    assert!(rules.resolve("atlantis").is_none());
}

#[test]
fn lookup_carries_forward_and_refuses_the_past() {
    let rules = load("").unwrap();
    let place = rules.resolve("320100").unwrap();
    let found = rules
        .find(&place, Param::PensionBaseFloor, month("2025-06"))
        .unwrap()
        .unwrap();
    assert!(!found.carried_forward());
    let later = rules
        .find(&place, Param::PensionBaseFloor, month("2026-03"))
        .unwrap()
        .unwrap();
    assert!(later.carried_forward());
    assert_eq!(later.decimal().unwrap(), "4952".parse().unwrap());
    let err = rules
        .find(&place, Param::PensionBaseFloor, month("2024-12"))
        .unwrap_err();
    assert_eq!(err.code, crate::ErrorCode::RulesNotAvailable);
}

#[test]
fn a_city_value_overrides_the_province() {
    let extra = "[[param]]\nname = \"pension.base_floor\"\nscope = \"320100\"\nfrom = \"2025-01\"\nto = \"2025-12\"\nvalue = \"5000\"\ngrade = \"B\"\nsource = \"s\"\n";
    let rules = load(extra).unwrap();
    let nanjing = rules.resolve("nanjing").unwrap();
    let province = rules.resolve("jiangsu").unwrap();
    let m = month("2025-03");
    assert_eq!(
        rules
            .find(&nanjing, Param::PensionBaseFloor, m)
            .unwrap()
            .unwrap()
            .decimal()
            .unwrap(),
        "5000".parse().unwrap()
    );
    assert_eq!(
        rules
            .find(&province, Param::PensionBaseFloor, m)
            .unwrap()
            .unwrap()
            .decimal()
            .unwrap(),
        "4952".parse().unwrap()
    );
}

fn rejected(extra: &str, needle: &str) {
    match load(extra) {
        Ok(_) => panic!("accepted, expected an error containing {needle:?}"),
        Err(e) => {
            let text = e.to_string();
            assert!(text.contains(needle), "error {text:?} lacks {needle:?}");
            assert!(text.starts_with("region.toml"), "error {text:?} does not name the file");
        }
    }
}

#[test]
fn rejects_overlapping_periods() {
    rejected(
        &param("pension.base_floor", "2025-06", Some("2026-05"), "\"5000\""),
        "overlaps",
    );
}

#[test]
fn rejects_a_value_without_grade_or_source() {
    rejected(
        "[[param]]\nname = \"average_wage\"\nfrom = \"2025-01\"\nvalue = \"8000\"\nsource = \"s\"\n",
        "grade",
    );
    rejected(
        "[[param]]\nname = \"average_wage\"\nfrom = \"2025-01\"\nvalue = \"8000\"\ngrade = \"A\"\n",
        "source",
    );
    rejected("[[param]]\nname = \"average_wage\"\nfrom = \"2025-01\"\nvalue = \"8000\"\ngrade = \"A\"\nsource = \"nowhere\"\n", "not defined");
    rejected(
        "[[param]]\nname = \"average_wage\"\nfrom = \"2025-01\"\nvalue = \"8000\"\ngrade = \"A+\"\nsource = \"s\"\n",
        "grade",
    );
}

#[test]
fn rejects_a_floor_above_the_ceiling() {
    let extra = param("pension.base_floor", "2026-01", Some("2026-12"), "\"30000\"")
        + &param("pension.base_ceiling", "2026-01", Some("2026-12"), "\"25000\"");
    rejected(&extra, "above");
}

#[test]
fn rejects_rates_outside_zero_one() {
    rejected(
        &param(
            "medical.flexible",
            "2025-01",
            None,
            "{ kind = \"rate_on_base\", rate = \"8\" }",
        ),
        "[0, 1]",
    );
    rejected(&param("pension.rate", "2025-01", None, "\"1.2\""), "[0, 1]");
    rejected(&param("pension.rate", "2025-01", None, "\"-0.1\""), "negative");
}

#[test]
fn rejects_unknown_names_kinds_and_floats() {
    rejected(
        &param("pension.base_flor", "2025-01", None, "\"1\""),
        "unknown parameter",
    );
    rejected(
        &param("medical.flexible", "2025-01", None, "{ kind = \"per_visit\" }"),
        "unknown medical rule kind",
    );
    rejected(&param("average_wage", "2026-01", None, "8000.5"), "string");
    rejected(
        &param("pension.base_tiers", "2026-01", None, "[\"5000\", \"4000\"]"),
        "ascending",
    );
}

#[test]
fn rejects_bad_periods_and_scopes() {
    rejected(&param("average_wage", "2025-13", None, "\"1\""), "YYYY-MM");
    rejected(&param("average_wage", "2025-06", Some("2025-01"), "\"1\""), "before");
    rejected("[[param]]\nname = \"average_wage\"\nscope = \"330100\"\nfrom = \"2025-01\"\nvalue = \"1\"\ngrade = \"A\"\nsource = \"s\"\n", "scope");
}

#[test]
fn rejects_unknown_keys_and_names_the_line() {
    let err = load("[[param]]\nname = \"average_wage\"\nfrom = \"2025-01\"\nvalu = \"1\"\n").unwrap_err();
    assert!(err.line > 30, "line {} should point into the appended entry", err.line);
}

#[test]
fn rejects_a_region_defined_twice_and_shared_aliases() {
    let twice = load_files([MANIFEST, ("a.toml", REGION), ("b.toml", REGION)]).unwrap_err();
    assert!(
        twice.to_string().contains("twice") || twice.to_string().contains("another region"),
        "{twice}"
    );
    let zj = "[region]\ncode = \"330000\"\nzh = \"浙江省\"\nen = \"Zhejiang\"\naliases = [\"nanjing\"]\n";
    let clash = load_files([MANIFEST, ("a.toml", REGION), ("b.toml", zj)]).unwrap_err();
    assert!(clash.to_string().contains("another region"), "{clash}");
}

#[test]
fn rejects_a_pension_split_that_does_not_add_up() {
    let extra = param("pension.rate", "2025-01", None, "\"0.20\"")
        + &param("pension.pooled_rate", "2025-01", None, "\"0.12\"")
        + &param("pension.personal_account_rate", "2025-01", None, "\"0.09\"");
    rejected(&extra, "must equal");
}

#[test]
fn requires_a_version() {
    let err = load_files([("region.toml", REGION)]).unwrap_err();
    assert!(err.message.contains("version"));
}

#[test]
fn a_city_series_that_starts_later_falls_back_to_the_province() {
    let extra = "[[param]]\nname = \"pension.base_floor\"\nscope = \"320100\"\nfrom = \"2025-07\"\nto = \"2025-12\"\nvalue = \"5000\"\ngrade = \"B\"\nsource = \"s\"\n";
    let rules = load(extra).unwrap();
    let nanjing = rules.resolve("nanjing").unwrap();
    let early = rules
        .find(&nanjing, Param::PensionBaseFloor, month("2025-03"))
        .unwrap()
        .unwrap();
    assert_eq!(early.decimal().unwrap(), "4952".parse().unwrap());
    let late = rules
        .find(&nanjing, Param::PensionBaseFloor, month("2025-08"))
        .unwrap()
        .unwrap();
    assert_eq!(late.decimal().unwrap(), "5000".parse().unwrap());
}

fn with_custom(custom: &str) -> Result<RuleSet, RulesError> {
    let base = format!("{REGION}\n");
    super::load::load_with_custom_for_tests([MANIFEST, ("region.toml", base.as_str())], [("ngo.toml", custom)])
}

const EXTEND: &str = "format = 1\nextends = \"320000\"\n[sources.n]\ndocument = \"ngo\"\n";

#[test]
fn a_custom_file_adds_periods_and_cities_to_an_existing_region() {
    let custom = format!(
        "{EXTEND}[[city]]\ncode = \"320500\"\nzh = \"苏州市\"\nen = \"Suzhou\"\naliases = [\"suzhou\"]\n\
         [[param]]\nname = \"pension.base_floor\"\nfrom = \"2026-01\"\nto = \"2026-12\"\nvalue = \"5050\"\ngrade = \"C\"\nsource = \"n\"\n"
    );
    let rules = with_custom(&custom).unwrap();
    assert_eq!(rules.custom_files, vec!["ngo.toml".to_string()]);
    let suzhou = rules.resolve("suzhou").unwrap();
    let f = rules
        .find(&suzhou, Param::PensionBaseFloor, month("2026-03"))
        .unwrap()
        .unwrap();
    assert_eq!(
        (f.decimal().unwrap(), f.carried_forward()),
        ("5050".parse().unwrap(), false)
    );
}

#[test]
fn a_custom_entry_replaces_an_embedded_entry_of_the_same_period_only() {
    let same = format!(
        "{EXTEND}[[param]]\nname = \"pension.base_floor\"\nfrom = \"2025-01\"\nto = \"2025-12\"\nvalue = \"5000\"\ngrade = \"C\"\nsource = \"n\"\n"
    );
    let rules = with_custom(&same).unwrap();
    let place = rules.resolve("320000").unwrap();
    assert_eq!(
        rules
            .find(&place, Param::PensionBaseFloor, month("2025-05"))
            .unwrap()
            .unwrap()
            .decimal()
            .unwrap(),
        "5000".parse().unwrap()
    );
    let partial = same.replace("2025-01", "2025-06").replace("2025-12", "2026-05");
    let err = with_custom(&partial).unwrap_err();
    assert!(
        err.to_string().starts_with("ngo.toml") && err.message.contains("overlaps"),
        "{err}"
    );
}

#[test]
fn a_custom_file_may_not_set_the_version_or_redefine_a_region() {
    assert!(with_custom("version = \"mine\"\n")
        .unwrap_err()
        .message
        .contains("version"));
    assert!(with_custom(REGION).is_err());
    assert!(with_custom("extends = \"330000\"\n")
        .unwrap_err()
        .message
        .contains("no region"));
}

/// `find_spanned`'s span is exact enough to cache by: for every place in the embedded rules, every
/// parameter and every month from 2010 to 2035, the month lies in its own span, and a month that lies
/// in the span of the month before gets the very same entry and carried-forward verdict.
#[test]
fn spans_hold_the_same_answer() {
    let rules = crate::api::embedded_rules().expect("embedded rules");
    let mut places = Vec::new();
    for (p, region) in rules.regions.iter().enumerate() {
        places.push(Place {
            province: p,
            city: None,
            requested: region.code.clone(),
        });
        for (c, city) in region.cities.iter().enumerate() {
            places.push(Place {
                province: p,
                city: Some(c),
                requested: city.code.clone(),
            });
        }
    }
    let same = |a: &Option<Found<'_>>, b: &Option<Found<'_>>| match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => std::ptr::eq(a.entry, b.entry) && a.carried_forward() == b.carried_forward(),
        _ => false,
    };
    let months: Vec<YearMonth> = (0..26 * 12)
        .map(|i| YearMonth::new(2010, 1).unwrap().plus(i).unwrap())
        .collect();
    let mut checked = 0;
    for place in &places {
        for &name in Param::ALL {
            let mut previous: Option<(Option<Found<'_>>, Span)> = None;
            for &m in &months {
                let now = rules.find_spanned(place, name, m);
                let plain = rules.find(place, name, m);
                match (now, plain) {
                    (Ok((found, span)), Ok(plain)) => {
                        assert!(span.contains(m), "{name} at {m} for {}: {span:?}", place.requested);
                        assert!(same(&found, &plain));
                        if let Some((before, before_span)) = &previous {
                            if before_span.contains(m) {
                                assert!(same(before, &found), "{name} at {m} for {}", place.requested);
                                checked += 1;
                            }
                        }
                        previous = Some((found, span));
                    }
                    (Err(a), Err(b)) => {
                        assert_eq!(a.code, b.code);
                        previous = None;
                    }
                    _ => panic!("find and find_spanned disagree on {name} at {m}"),
                }
            }
        }
    }
    assert!(checked > 100_000, "only {checked} months checked against a span");
}

#[test]
fn every_embedded_file_reads_back_as_its_toml_says() {
    // build.rs embeds each rules file in raw.rs's compact form; what the engine reads back must be
    // exactly what the TOML parser (the custom-rules path) makes of the file on disk, lines included.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(super::load::EMBEDDED.len() >= 30);
    for (name, embedded) in super::load::EMBEDDED {
        let text = std::fs::read_to_string(root.join(name)).unwrap();
        let from_toml = super::toml_file::parse(&text).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let embedded = super::raw::decode(embedded).unwrap_or_else(|| panic!("{name}: unreadable"));
        assert_eq!(embedded, from_toml, "{name}");
    }
}

#[test]
fn a_damaged_embedded_form_is_refused_not_a_panic() {
    let (_, embedded) = super::load::EMBEDDED
        .iter()
        .find(|(n, _)| n.ends_with("320000-jiangsu.toml"))
        .unwrap();
    assert!(super::raw::decode(embedded).is_some());
    // Every truncation, and a stray byte at a few places.
    for cut in (0..embedded.len()).filter(|&i| embedded.is_char_boundary(i)).step_by(7) {
        assert!(super::raw::decode(&embedded[..cut]).is_none(), "cut at {cut}");
    }
    for at in [0, 1, 5, embedded.len() / 2] {
        if embedded.is_char_boundary(at) {
            let damaged = format!("{}x{}", &embedded[..at], &embedded[at..]);
            let _ = super::raw::decode(&damaged);
        }
    }
}

#[test]
fn embedded_names_fold_the_same_in_ascii() {
    // The core wasm module folds only ASCII case (`normalise_name`); that is only right while every
    // embedded code, name and alias is folded the same by Unicode's mapping.
    let rules = load_embedded().unwrap();
    let ascii = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace() && *c != '-' && *c != '\'')
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let mut names = 0;
    for r in &rules.regions {
        let places = std::iter::once((&r.code, &r.zh, &r.en, &r.aliases))
            .chain(r.cities.iter().map(|c| (&c.code, &c.zh, &c.en, &c.aliases)));
        for (code, zh, en, aliases) in places {
            for name in [code, zh, en].into_iter().chain(aliases) {
                assert_eq!(normalise_name(name), ascii(name), "{name:?} needs Unicode case folding");
                names += 1;
            }
        }
    }
    assert!(names > 100, "{names}");
    assert_eq!(normalise_name("Nan Jing"), "nanjing");
}

#[test]
fn a_medical_estimate_must_hold_its_figure_and_name_its_basis() {
    let ok = "{ kind = \"rate_on_base\", rate = \"0.08\", estimate = { low = \"0.06\", high = \"0.10\", basis_zh = \"依据\", basis_en = \"basis\" } }";
    let rules = load(&param("medical.flexible", "2026-01", None, ok)).expect("a well-formed estimate loads");
    let place = rules.resolve("320000").unwrap();
    let found = rules
        .find(&place, Param::MedicalFlexible, month("2026-03"))
        .unwrap()
        .unwrap();
    let Value::Medical(_, Some(e)) = &found.entry.value else {
        panic!("the estimate is kept with the rule");
    };
    assert_eq!((e.low.to_string(), e.high.to_string()), ("0.06".into(), "0.10".into()));
    // The range must contain the rule's own rate.
    rejected(
        &param(
            "medical.flexible",
            "2026-01",
            None,
            "{ kind = \"rate_on_base\", rate = \"0.12\", estimate = { low = \"0.06\", high = \"0.10\", basis_zh = \"依据\", basis_en = \"basis\" } }",
        ),
        "must contain",
    );
    // An estimate without its basis in words is refused.
    rejected(
        &param(
            "medical.flexible",
            "2026-01",
            None,
            "{ kind = \"rate_on_base\", rate = \"0.08\", estimate = { low = \"0.06\", high = \"0.10\", basis_zh = \" \", basis_en = \"basis\" } }",
        ),
        "rests on",
    );
}

#[test]
fn the_gazetteer_answers_every_name_or_lists_the_candidates() {
    let rules = load_embedded().unwrap();
    let code = |name: &str| match rules.lookup(name) {
        Resolution::Found(p) => (p.requested.clone(), rules.city(&p).map(|c| c.code.clone())),
        other => panic!("{name}: {other:?}"),
    };
    // Short names, full names, toned pinyin; a county or district names its prefecture's rules.
    assert_eq!(code("苏州"), ("320500".into(), Some("320500".into())));
    assert_eq!(code("余杭区"), ("330110".into(), Some("330100".into())));
    assert_eq!(code("金水区"), ("410105".into(), Some("410100".into())));
    assert_eq!(code("延边"), ("222400".into(), Some("222400".into())));
    assert_eq!(code("锡林郭勒"), ("152500".into(), Some("152500".into())));
    assert_eq!(code("Zhèng Zhōu"), ("410100".into(), Some("410100".into())));
    // A prefecture wins over a district of the same name elsewhere (辽源's 西安区).
    assert_eq!(code("西安"), ("610100".into(), Some("610100".into())));
    // A special area resolves to the administration that serves it; a municipality's district to it.
    assert_eq!(code("两江新区"), ("500000".into(), None));
    assert_eq!(code("110105"), ("110105".into(), None));
    // Names several administrations share are never guessed.
    for (name, codes) in [
        ("朝阳", vec!["110105", "211300"]),
        ("taizhou", vec!["321200", "331000"]),
    ] {
        let Resolution::Ambiguous(c) = rules.lookup(name) else {
            panic!("{name} is ambiguous")
        };
        let found: Vec<&str> = c.iter().map(|&i| rules.divisions[i].code).collect();
        for code in codes {
            assert!(found.contains(&code), "{name}: {found:?}");
        }
    }
    // Every division resolves by its code, and by its full name or the candidates listing it.
    for (i, d) in rules.divisions.iter().enumerate() {
        assert!(matches!(rules.lookup(d.code), Resolution::Found(_)), "{}", d.code);
        match rules.lookup(&d.zh) {
            Resolution::Found(_) => {}
            Resolution::Ambiguous(c) => assert!(
                c.iter().any(|&j| rules.divisions[j].zh == d.zh || j == i),
                "{} missing from its candidates",
                d.zh
            ),
            Resolution::Unknown => panic!("{} unknown", d.zh),
        }
    }
}

/// The embedded files' codes, names and aliases win over the gazetteer (they are looked up first), so
/// none of them may settle a name the gazetteer finds ambiguous, or send a name elsewhere than the
/// gazetteer does: `taizhou` must list 泰州 and 台州, never pick one because a file said so.
#[test]
fn embedded_names_agree_with_the_gazetteer() {
    let rules = load_embedded().unwrap();
    let mut wrong = Vec::new();
    for (key, &(province, city)) in &rules.names {
        match rules.lookup_gazetteer(key) {
            None => {}
            Some(Resolution::Found(p)) if (p.province, p.city) == (province, city) => {}
            Some(other) => wrong.push(format!(
                "{key}: files say {:?}, the gazetteer {other:?}",
                (province, city)
            )),
        }
    }
    wrong.sort();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn medical_parts_must_add_up_to_the_rate() {
    let ok = "{ kind = \"rate_on_fixed_base\", rate = \"0.095\", base = \"6015\", parts = [{ name = \"basic\", rate = \"0.0875\" }, { name = \"serious_illness\", rate = \"0.0075\" }] }";
    load(&param("medical.flexible", "2026-01", None, ok)).expect("parts adding up to the rate load");
    rejected(
        &param(
            "medical.flexible",
            "2026-01",
            None,
            "{ kind = \"rate_on_base\", rate = \"0.095\", parts = [{ name = \"basic\", rate = \"0.0875\" }] }",
        ),
        "add up",
    );
    rejected(
        &param(
            "medical.flexible",
            "2026-01",
            None,
            "{ kind = \"rate_on_base\", rate = \"0.01\", parts = [{ name = \"dental\", rate = \"0.01\" }] }",
        ),
        "unknown medical part",
    );
}
