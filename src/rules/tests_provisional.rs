//! The rules' lookup by month of collection (issue 15): provisional values before a notice's publication
//! and the loader's checks of them.

use super::tests::{month, MANIFEST};
use super::*;

/// Jiangsu as the notices dated it (苏人社发〔2024〕43号 of 2024-09-30, 苏人社发〔2025〕33号 of 2025-09-18),
/// with an invented provisional floor for the first half of 2025 (4,900, known from 2025-01) to test
/// the lookup by month of collection.
const DATED: &str = r#"
format = 1
[region]
code = "320000"
zh = "江苏省"
en = "Jiangsu"

[sources.s24]
document = "苏人社发〔2024〕43号"
published = "2024-09-30"

[sources.s25]
document = "苏人社发〔2025〕33号"
published = "2025-09-18"

[sources.t]
document = "a provisional notice"
published = "2025-01-10"

[[param]]
name = "pension.base_floor"
from = "2024-01"
to = "2024-12"
value = "4879"
grade = "A"
source = "s24"

[[param]]
name = "pension.base_ceiling"
from = "2024-01"
to = "2024-12"
value = "24396"
grade = "A"
source = "s24"

[[param]]
name = "pension.base_floor"
from = "2025-01"
to = "2025-12"
value = "4952"
grade = "A"
source = "s25"

[[param]]
name = "pension.base_ceiling"
from = "2025-01"
to = "2025-12"
value = "24762"
grade = "A"
source = "s25"
"#;

const PROVISIONAL_FLOOR: &str = r#"
[[param]]
name = "pension.base_floor"
from = "2025-01"
to = "2025-06"
value = "4900"
provisional = true
grade = "B"
source = "t"
"#;

fn dated(extra: &str) -> Result<RuleSet, RulesError> {
    let text = format!("{DATED}\n{extra}");
    load_files([MANIFEST, ("region.toml", text.as_str())])
}

/// (value, carried forward, provisional) of `param` for `m` collected in `p`.
fn as_of(rules: &RuleSet, param: Param, m: &str, p: Option<&str>) -> (String, bool, bool) {
    let place = rules.resolve("320000").unwrap();
    let (found, span) = rules.find_as_of(&place, param, month(m), p.map(month)).unwrap();
    let f = found.unwrap();
    assert!(span.contains(month(m)), "the span holds the month itself");
    (f.decimal().unwrap().to_string(), f.carried_forward(), f.provisional())
}

#[test]
fn a_month_collected_before_its_notice_takes_the_value_collected_then() {
    let rules = dated(PROVISIONAL_FLOOR).unwrap();
    let floor = Param::PensionBaseFloor;
    let v = |m, p| as_of(&rules, floor, m, p);
    // The final values, whenever collected after the notice or when no month of collection is given.
    assert_eq!(v("2025-03", None), ("4952".into(), false, false));
    assert_eq!(v("2025-03", Some("2025-09")), ("4952".into(), false, false));
    // Before 2025-09: the explicit provisional entry where it covers the month …
    assert_eq!(v("2025-03", Some("2025-03")), ("4900".into(), false, true));
    // … else the 2024 value carried forward.
    assert_eq!(v("2025-08", Some("2025-08")), ("4879".into(), true, true));
    assert_eq!(
        as_of(&rules, Param::PensionBaseCeiling, "2025-03", Some("2025-03")),
        ("24396".into(), true, true)
    );
    // Collected before even the provisional notice and the 2024 notice: no earlier value is known,
    // the final one is used, unflagged.
    assert_eq!(v("2025-03", Some("2024-06")), ("4952".into(), false, false));
    // A 2024 month collected in 2024-06, before the 2024 notice: nothing earlier either.
    assert_eq!(v("2024-03", Some("2024-06")), ("4879".into(), false, false));
}

#[test]
fn rejects_provisional_values_without_their_final_one() {
    let rejected_dated = |extra: &str, needle: &str| match dated(extra) {
        Ok(_) => panic!("accepted, expected an error containing {needle:?}"),
        Err(e) => assert!(e.to_string().contains(needle), "error {e} lacks {needle:?}"),
    };
    let prov = |from: &str, to: &str, source: &str| {
        format!(
            "[[param]]\nname = \"pension.base_floor\"\nfrom = \"{from}\"\nto = \"{to}\"\nvalue = \"4900\"\nprovisional = true\ngrade = \"B\"\nsource = \"{source}\"\n"
        )
    };
    rejected_dated(&prov("2026-01", "2026-06", "t"), "needs a final value");
    rejected_dated(&prov("2025-07", "2026-03", "t"), "runs beyond the final entry");
    rejected_dated(&prov("2025-01", "2025-06", "s25"), "never collected");
    rejected_dated(
        &[PROVISIONAL_FLOOR, &prov("2025-06", "2025-08", "t")].concat(),
        "overlaps",
    );
    rejected_dated(
        "[[param]]\nname = \"pension.base_floor\"\nfrom = \"2025-01\"\nvalue = \"4900\"\nprovisional = true\ngrade = \"B\"\nsource = \"t\"\n",
        "needs `to`",
    );
    rejected_dated(
        "[[param]]\nname = \"pension.rate\"\nfrom = \"2025-01\"\nvalue = \"0.2\"\npublished = \"soon\"\ngrade = \"B\"\nsource = \"t\"\n",
        "is not YYYY-MM-DD",
    );
}
