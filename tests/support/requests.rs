//! The request generator of the property tests: `request()` draws any request of JSON API v1 (every
//! field, values inside and now and then outside their ranges), `any_json()` any JSON value with the
//! request's field names mixed in, and `ledger()` a valid ledger of a region whose rules cover every
//! month it draws, for the invariants that need a result. Shared by `tests/properties.rs` and
//! `tests/properties_api.rs`; `tests/properties_scenario.rs` draws its own structured ledger, because
//! its properties compare one ledger under several scenarios and bases.

#![allow(dead_code)]

use proptest::prelude::*;
use serde_json::{json, Map, Value};

/// Regions: covered provinces and cities, aliases, a county code, and (rarely) names no data know.
pub const REGIONS: &[&str] = &[
    "320100",
    "310000",
    "440100",
    "440300",
    "110000",
    "510100",
    "500000",
    "330100",
    "370000",
    "120000",
    "420100",
    "nanjing",
    "南京",
    "Shang Hai",
    "320583",
    "999999",
    "atlantis",
    "",
];
pub const SECTORS: &[&str] = &["instant_delivery", "ride_hailing", "freight", "other"];
/// Drawn now and then instead of the month's own `P<j>`: real names, markup, a name equal to `P0`
/// after trimming, and invalid ones.
pub const ODD_PLATFORMS: &[&str] = &["美团", "饿了么", "<script>alert(1)</script>", " P0 ", "", "x\u{1}y"];

/// A decimal as JSON: mostly in the usual range, as a string or now and then a JSON number; rarely
/// at or beyond the edges (negative, huge, too many decimals, exponent, not a number, wrong type).
pub fn decimal(typical_max: u64, scale: u32) -> impl Strategy<Value = Value> {
    let unit = 10u64.pow(scale);
    prop_oneof![
        300 => (0..=typical_max * unit).prop_map(move |n| {
            json!(format!("{}.{:0w$}", n / unit, n % unit, w = scale as usize).trim_end_matches('.'))
        }),
        40 => (0..=typical_max).prop_map(|n| json!(n)),
        1 => prop::sample::select(vec![
            json!("-1"), json!("-0"), json!("1e30"), json!("1e-30"), json!("NaN"), json!("Infinity"),
            json!("12345678901234567890123456789"), json!("0.000000001"), json!("100000000000"), json!(-0.0),
            json!(1.5e300), json!(""), json!("6,200"), json!(null), json!(true),
        ]),
    ]
}

pub fn month_text(index: i64) -> String {
    format!("{:04}-{:02}", index.div_euclid(12), index.rem_euclid(12) + 1)
}

/// A month between 2016 and 2030, or rarely a malformed one.
pub fn month_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        30 => (2016 * 12..2031 * 12i64).prop_map(|i| json!(month_text(i))),
        1 => prop::sample::select(vec![json!("2025-13"), json!("2025-00"), json!("25-09"), json!(202509), json!("1899-12")]),
    ]
}

pub fn work_entry() -> impl Strategy<Value = Value> {
    (
        prop::option::weighted(0.01, prop::sample::select(ODD_PLATFORMS)),
        decimal(160, 1),
        decimal(30_000, 2),
        prop_oneof![300 => (0u64..2000).prop_map(|n| json!(n)), 1 => Just(json!(-1)), 1 => Just(json!(2_000_000))],
        prop::sample::select(SECTORS),
        prop::option::weighted(
            0.3,
            prop_oneof![100 => prop::sample::select(vec!["standard", "high"]), 1 => Just("extreme")],
        ),
        prop::bool::weighted(0.01),
    )
        .prop_map(|(platform, hours, income, orders, sector, class, any_sector)| {
            // `P?` is numbered per month by `months()`.
            let platform = platform.unwrap_or("P?");
            let mut w =
                json!({"platform": platform, "hours": hours, "income": income, "orders": orders, "sector": sector});
            // The fee class belongs to instant delivery; elsewhere it is an error, drawn rarely.
            if let Some(c) = class.filter(|_| any_sector || sector == "instant_delivery") {
                w["injury_fee_class"] = json!(c);
            }
            w
        })
}

pub fn months() -> impl Strategy<Value = Value> {
    (
        prop_oneof![4 => 2024 * 12..2031 * 12i64, 1 => 2016 * 12..2024 * 12i64],
        prop::collection::vec(prop::collection::vec(work_entry(), 0..4), 1..8),
        prop::option::weighted(0.03, month_value()),
        prop::bool::weighted(0.03),
    )
        .prop_map(|(start, months, odd_month, duplicate)| {
            let mut out: Vec<Value> = months
                .into_iter()
                .enumerate()
                .map(|(i, mut work)| {
                    for (j, w) in work.iter_mut().enumerate() {
                        if w["platform"] == "P?" {
                            w["platform"] = json!(format!("P{j}"));
                        }
                    }
                    json!({"month": month_text(start + i as i64), "work": work})
                })
                .collect();
            if let Some(m) = odd_month {
                out[0]["month"] = m;
            }
            if duplicate && out.len() > 1 {
                out[1]["month"] = out[0]["month"].clone();
            }
            json!(out)
        })
}

pub fn pension_base() -> impl Strategy<Value = Option<Value>> {
    prop::option::of(prop_oneof![
        4 => Just(json!({"kind": "floor"})),
        4 => Just(json!({"kind": "ceiling"})),
        4 => Just(json!({"kind": "income"})),
        4 => (60u32..=300).prop_map(|v| json!({"kind": "percent", "value": v.to_string()})),
        1 => decimal(320, 0).prop_map(|v| json!({"kind": "percent", "value": v})),
        4 => decimal(40_000, 2).prop_map(|v| json!({"kind": "amount", "value": v})),
        2 => (decimal(40_000, 2), prop::sample::select(vec!["highest_not_above", "lowest_not_below", "nearest"]))
            .prop_map(|(v, r)| json!({"kind": "amount", "value": v, "tier_rule": r})),
        1 => Just(json!({"kind": "income", "tier_rule": "up"})),
        1 => Just(json!({"kind": "percent"})),
    ])
}

pub fn medical() -> impl Strategy<Value = Option<Value>> {
    prop::option::of(prop_oneof![
        3 => Just(json!({"scheme": "employee"})),
        3 => Just(json!({"scheme": "none"})),
        3 => decimal(0, 3).prop_map(|r| json!({"scheme": "employee", "rate": r})),
        1 => prop::sample::select(vec!["1", "2", "3"]).prop_map(|t| json!({"tier": t})),
        1 => Just(json!({"scheme": "none", "rate": "0.08"})),
    ])
}

pub fn subsidies() -> impl Strategy<Value = Option<Value>> {
    let one = prop_oneof![
        10 => (month_value(), prop_oneof![20 => 0u32..60, 1 => 1000u32..1300])
            .prop_map(|(start, used)| json!({"program": "employment_difficulty", "start": start, "months_used_before": used})),
        10 => prop_oneof![10 => Just("P0"), 1 => prop::sample::select(ODD_PLATFORMS)]
            .prop_map(|p| json!({"program": "platform_pension", "platform": p})),
        1 => Just(json!({"program": "employment_difficulty"})),
        1 => Just(json!({"program": "housing"})),
    ];
    prop::option::weighted(0.4, prop::collection::vec(one, 0..3).prop_map(Value::from))
}

pub fn labor_facts() -> impl Strategy<Value = Option<Value>> {
    prop::option::weighted(
        0.4,
        (
            prop::option::of(decimal(160, 1)),
            prop::option::of(decimal(1, 2)),
            prop::option::of(decimal(0, 3)),
            prop::option::of(decimal(0, 3)),
            prop::option::of(prop_oneof![10 => prop::sample::select(vec!["income", "hours"]), 1 => Just("orders")]),
        )
            .prop_map(|(threshold, share, pension_rate, cut, apportion)| {
                let mut o = Map::new();
                let mut put = |k: &str, v: Option<Value>| {
                    if let Some(v) = v {
                        o.insert(k.into(), v);
                    }
                };
                put("weekly_hours_threshold", threshold);
                put("income_floor_share", share);
                put("platform_pension_rate", pension_rate);
                put("platform_medical_rate_cut", cut);
                put("apportion", apportion.map(Value::from));
                Value::Object(o)
            }),
    )
}

/// The retirement tracks a person may name (`male_65` is drawn beside them as an invalid one).
pub const TRACKS: &[&str] = &["male_60", "female_55", "female_50", "female"];

pub fn person() -> impl Strategy<Value = Option<Value>> {
    let track = prop_oneof![
        20 => prop::sample::select(TRACKS),
        1 => Just("male_65"),
    ];
    let optional = (
        prop::option::weighted(0.4, prop_oneof![20 => 0u32..300, 1 => 300u32..2000]),
        prop::option::weighted(0.4, decimal(2, 2)),
        prop::option::weighted(0.4, decimal(300_000, 2)),
        prop::option::weighted(0.3, (2020 * 12..2060 * 12i64).prop_map(|i| json!(month_text(i)))),
        prop::option::of(any::<bool>()),
        prop::option::weighted(
            0.3,
            prop::sample::select(vec!["0", "0.03", "-0.05", "0.2", "0.25", "-0.3"]),
        ),
        prop::option::weighted(0.3, prop::sample::select(vec!["0", "0.015", "0.2", "0.3", "-0.01"])),
        prop::option::weighted(
            0.3,
            prop_oneof![20 => prop::sample::select(vec!["whole_years", "interpolated"]), 1 => Just("linear")],
        ),
        prop::option::weighted(0.3, decimal(20_000, 2)),
    );
    prop::option::weighted(
        0.5,
        (
            prop_oneof![20 => 1960 * 12..2000 * 12i64, 1 => 1900 * 12..2031 * 12i64],
            track,
            optional,
        )
            .prop_map(|(birth, track, o)| {
                let mut p = json!({"birth": month_text(birth), "track": track});
                let (cm, ix, bal, retire, cont, growth, interest, lookup, bb) = o;
                let mut put = |k: &str, v: Option<Value>| {
                    if let Some(v) = v {
                        p[k] = v;
                    }
                };
                put("contribution_months", cm.map(Value::from));
                put("average_index", ix);
                put("account_balance", bal);
                put("retire_at", retire);
                put("continue_contributing", cont.map(Value::from));
                put("wage_growth", growth.map(Value::from));
                put("assumed_interest", interest.map(Value::from));
                put("divisor_lookup", lookup.map(Value::from));
                put("benefit_base", bb);
                p
            }),
    )
}

pub fn request() -> impl Strategy<Value = Value> {
    (
        prop_oneof![30 => prop::sample::select(&REGIONS[..11]), 1 => prop::sample::select(REGIONS)],
        prop::sample::select(vec!["current_law", "labor_facts"]),
        months(),
        (pension_base(), medical(), subsidies(), labor_facts(), person()),
        prop::option::weighted(0.03, prop::sample::select(vec!["regoin", "tips"])),
        prop::bool::weighted(0.1),
    )
        .prop_map(
            |(region, scenario, months, (base, medical, subsidies, lf, person), unknown, trace)| {
                let mut r = json!({"region": region, "scenario": scenario, "months": months, "trace": trace});
                if let Some(k) = unknown {
                    r[k] = json!("1");
                }
                for (k, v) in [
                    ("pension_base", base),
                    ("medical", medical),
                    ("subsidies", subsidies),
                    ("labor_facts", lf),
                    ("person", person),
                ] {
                    if let Some(v) = v {
                        r[k] = v;
                    }
                }
                r
            },
        )
}

/// Any JSON value, nested a little, with the request's own field names mixed in so that the parser
/// is pushed past the first field.
pub fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        "[ -~\u{4e00}-\u{4e10}]{0,12}".prop_map(Value::from),
        prop::sample::select(vec!["2025-09", "310000", "floor", "labor_facts", "6200.00", "male_60"])
            .prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            prop::collection::btree_map(
                prop::sample::select(vec![
                    "region",
                    "months",
                    "month",
                    "work",
                    "platform",
                    "income",
                    "hours",
                    "person",
                    "birth",
                    "track",
                    "subsidies",
                    "program",
                    "scenario",
                    "x",
                ])
                .prop_map(String::from),
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Regions with data for every month of 2025, and their medical needs.
const LEDGER_REGIONS: &[(&str, Option<&str>)] = &[
    ("320100", None),
    ("310000", None),
    ("440100", None),
    ("110000", None),
    ("510100", None),
    ("500000", Some("1")),
    ("330100", None),
    ("370000", Some("rate")),
];

pub fn money() -> impl Strategy<Value = String> {
    (0u64..5_000_000).prop_map(|fen| format!("{}.{:02}", fen / 100, fen % 100))
}

pub fn base_choice() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!({"kind": "floor"})),
        Just(json!({"kind": "ceiling"})),
        Just(json!({"kind": "income"})),
        (60u32..=300).prop_map(|p| json!({"kind": "percent", "value": p.to_string()})),
        (1u64..5_000_000).prop_map(|fen| json!({"kind": "amount", "value": format!("{}.{:02}", fen / 100, fen % 100)})),
    ]
}

prop_compose! {
    pub fn ledger()(region in 0..LEDGER_REGIONS.len(),
                start in 1u32..=12,
                months in prop::collection::vec(prop::collection::vec((money(), 0u32..200, 0u64..800), 0..4), 1..12),
                base in base_choice())
               -> Value {
        let (code, medical) = LEDGER_REGIONS[region];
        let months: Vec<Value> = months.iter().enumerate().map(|(i, work)| {
            let index = start - 1 + i as u32;
            let (y, m) = (2025 + index / 12, index % 12 + 1);
            // 2026 figures are carried forward where unpublished: still a valid ledger.
            let work: Vec<Value> = work.iter().enumerate().map(|(j, (income, hours, orders))| {
                let sector = SECTORS[j % SECTORS.len()];
                json!({"platform": format!("P{j}"), "hours": hours.to_string(), "income": income, "orders": orders,
                       "sector": sector})
            }).collect();
            json!({"month": format!("{y:04}-{m:02}"), "work": work})
        }).collect();
        let medical = match medical {
            Some("rate") => json!({"scheme": "employee", "rate": "0.08"}),
            Some(tier) => json!({"scheme": "employee", "tier": tier}),
            None => json!({"scheme": "employee"}),
        };
        json!({"region": code, "pension_base": base, "medical": medical, "months": months})
    }
}
