//! `flexcalc rules status` (issue 15, freshness): what it says of the embedded rules, checked against
//! the rules files themselves.

use flexcalc::api::rules_status;
use flexcalc::rules::load_embedded;

#[test]
fn every_prefecture_has_a_medical_rule_and_stale_series_are_named() {
    let rules = load_embedded().unwrap();
    let status = rules_status(&rules, "2026-11".parse().unwrap()).unwrap();
    let t = &status.totals;
    // 365 prefecture-level divisions in the gazetteer plus the four municipalities.
    assert_eq!(t.prefectures, 369);
    assert_eq!(
        t.medical_cited + t.medical_single_source + t.medical_estimate,
        t.prefectures,
        "every one has a rule"
    );
    // Jiangsu's 2025 notice covers the calendar year 2025 (rules/regions/320000-jiangsu.toml) and no
    // 2026 notice is in the data: its floor in 2026-11 is carried forward from 2025-12.
    assert!(t.provinces_floor_carried_forward.contains(&"320000".to_string()));
    let jiangsu = status.places.iter().find(|p| p.code == "320000").unwrap();
    let floor = &jiangsu.series[0];
    assert_eq!((floor.name, floor.state), ("pension.base_floor", "carried_forward"));
    assert_eq!(floor.last_published.map(|m| m.to_string()).as_deref(), Some("2025-12"));
    // Henan has no published flexible-worker medical rule: its prefectures are estimates.
    let henan = status.places.iter().find(|p| p.code == "410000").unwrap();
    let medical = henan.series.iter().find(|s| s.name == "medical.flexible").unwrap();
    assert_eq!(medical.state, "estimate");
    // Shenzhen has its own medical rule for 2026 (rules/regions/440000-guangdong.toml), and is listed.
    let shenzhen = status.places.iter().find(|p| p.code == "440300").unwrap();
    let medical = shenzhen.series.iter().find(|s| s.name == "medical.flexible").unwrap();
    assert_eq!(medical.scope.as_deref(), Some("440300"));
    assert_ne!(medical.state, "estimate");
}
