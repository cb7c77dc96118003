//! Property tests of the pension projection: it never decreases with a higher base, more contribution
//! months or a larger account balance, whatever the person (birth, track, record) and wage growth; a
//! longer record never leaves more months short of the minimum, a longer planned gap never fewer (issue 17).
//! The request is one fixed ledger with the person varied (monotonicity needs every other field held),
//! so it is built here; the tracks are the request generator's.

#[path = "support/requests.rs"]
mod requests;

use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};

fn monthly_pension(
    base: u32,
    contribution_months: u32,
    balance: u32,
    birth: &str,
    track: &str,
    index: &str,
    growth: &str,
) -> Decimal {
    let req = json!({
        "region": "320100",
        "pension_base": {"kind": "amount", "value": base.to_string()},
        "medical": {"scheme": "none"},
        "months": [{"month": "2025-09", "work": [{"platform": "A", "income": "6200.00"}]}],
        "person": {
            "birth": birth, "track": track, "contribution_months": contribution_months,
            "average_index": index, "account_balance": balance.to_string(), "wage_growth": growth
        }
    });
    let out = flexcalc::api::run_command("assess", &req.to_string())
        .expect("runs")
        .expect("assesses");
    let doc: Value = serde_json::from_str(&out).expect("JSON");
    doc["projection"]["monthly_pension"]
        .as_str()
        .expect("monthly_pension")
        .parse()
        .expect("decimal")
}

fn person() -> impl Strategy<Value = (String, &'static str, String, String)> {
    (
        1960i32..=1985, // at least 40 at the ledger: 480 months, more than any record drawn
        1u32..=12,
        prop::sample::select(requests::TRACKS),
        prop::sample::select(vec!["0.6", "0.85", "1", "1.7", "3"]),
        prop::sample::select(vec!["0", "0.02", "-0.01"]),
    )
        .prop_map(|(y, m, t, ix, g)| (format!("{y:04}-{m:02}"), t, ix.to_string(), g.to_string()))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn higher_base_never_lowers_the_pension(p in person(), a in 4952u32..=24762, b in 4952u32..=24762, cm in 0u32..=300, bal in 0u32..=300_000) {
        let (birth, track, ix, g) = p;
        let (lo, hi) = (a.min(b), a.max(b));
        let cm = cm.min(12 * 35);
        let low = monthly_pension(lo, cm, bal, &birth, track, &ix, &g);
        let high = monthly_pension(hi, cm, bal, &birth, track, &ix, &g);
        prop_assert!(low <= high, "base {lo} -> {low}, base {hi} -> {high}");
    }

    #[test]
    fn more_years_never_lower_the_pension(p in person(), base in 4952u32..=24762, a in 0u32..=360, b in 0u32..=360, bal in 0u32..=300_000) {
        let (birth, track, ix, g) = p;
        let (lo, hi) = (a.min(b), a.max(b));
        let low = monthly_pension(base, lo, bal, &birth, track, &ix, &g);
        let high = monthly_pension(base, hi, bal, &birth, track, &ix, &g);
        prop_assert!(low <= high, "{lo} months -> {low}, {hi} months -> {high}");
    }

    #[test]
    fn larger_balance_never_lowers_the_pension(p in person(), base in 4952u32..=24762, cm in 0u32..=360, a in 0u32..=1_000_000, b in 0u32..=1_000_000) {
        let (birth, track, ix, g) = p;
        let (lo, hi) = (a.min(b), a.max(b));
        let low = monthly_pension(base, cm, lo, &birth, track, &ix, &g);
        let high = monthly_pension(base, cm, hi, &birth, track, &ix, &g);
        prop_assert!(low <= high, "balance {lo} -> {low}, balance {hi} -> {high}");
    }
}

/// The retirement block of the fixed ledger for a person with `contribution_months` and `gap_months`:
/// (months short of the minimum, monthly pension).
fn shortfall(contribution_months: u32, gap: u32, birth: &str, track: &str) -> (i64, Decimal) {
    let req = json!({
        "region": "320100",
        "medical": {"scheme": "none"},
        "months": [{"month": "2025-09", "work": [{"platform": "A", "income": "6200.00"}]}],
        "person": {"birth": birth, "track": track, "contribution_months": contribution_months, "gap_months": gap}
    });
    let out = flexcalc::api::run_command("assess", &req.to_string())
        .expect("runs")
        .expect("assesses");
    let doc: Value = serde_json::from_str(&out).expect("JSON");
    let short = doc["retirement"]["months_short"].as_i64().expect("months_short");
    let pension = doc["projection"]["monthly_pension"]
        .as_str()
        .expect("pension")
        .parse()
        .expect("decimal");
    (short, pension)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// More months already paid never leave more months short; a longer gap never fewer, and never a
    /// higher pension.
    #[test]
    fn the_record_and_a_gap_move_the_shortfall_the_right_way(
        p in person(), a in 1u32..=400, b in 1u32..=400, g1 in 0u32..=120, g2 in 0u32..=120,
    ) {
        let (birth, track, _, _) = p;
        let (lo, hi) = (a.min(b), a.max(b));
        prop_assert!(shortfall(hi, 0, &birth, track).0 <= shortfall(lo, 0, &birth, track).0);
        let (short, long) = (g1.min(g2), g1.max(g2));
        let (s_short, p_short) = shortfall(lo, short, &birth, track);
        let (s_long, p_long) = shortfall(lo, long, &birth, track);
        prop_assert!(s_long >= s_short, "gap {long} short {s_long} < gap {short} short {s_short}");
        prop_assert!(p_long <= p_short, "gap {long} pension {p_long} > gap {short} pension {p_short}");
    }
}
