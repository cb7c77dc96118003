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

/// The place box's search (issue 15 item 1): the engine's own index by prefix, provinces before
/// prefectures before counties, an exact name first; what it offers resolves.
#[test]
fn the_place_search_offers_what_the_engine_resolves() {
    let rules = flexcalc::api::embedded_rules().unwrap();
    let codes = |q: &str| -> Vec<&'static str> { flexcalc::api::places(rules, q, 8).iter().map(|p| p.code).collect() };
    assert_eq!(codes("昆山").first(), Some(&"320583"), "a county by its short name");
    assert_eq!(
        codes("suzhou")[..2],
        ["320500", "341300"],
        "苏州 (Jiangsu) and 宿州 (Anhui), prefectures in code order"
    );
    assert!(codes("zheng").contains(&"410100"), "a pinyin prefix: 郑州");
    assert_eq!(codes("4101").first(), Some(&"410100"), "a code prefix");
    assert!(
        codes("雄安").contains(&"130600"),
        "a special area offers the administration that serves it"
    );
    assert!(codes("").is_empty() && codes("火星").is_empty());
    let chaoyang = flexcalc::api::places(rules, "朝阳", 8);
    assert!(chaoyang.iter().any(|p| p.province_zh == "北京市") && chaoyang.iter().any(|p| p.province_zh == "辽宁省"));
    for q in ["昆山", "suzhou", "zheng", "4101", "雄安"] {
        for p in flexcalc::api::places(rules, q, 8) {
            assert!(rules.resolve(p.code).is_some(), "{q}: {} does not resolve", p.code);
        }
    }
}
