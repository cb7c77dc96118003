//! A fixed workload for profilers (valgrind --tool=callgrind counts instructions, whatever the load):
//! `cargo run --release --example profile_assess -- [months] [iterations] [scenario] [figures]`, the
//! bench's Nanjing rider (two platforms a month); `figures`: the batch's path (`assess_figures`, no
//! warnings' texts, citations or totals) instead of the full result. Prints nothing but a checksum so the work is not optimised away.

use flexcalc::request::Scenario;

/// The CLI's allocator, so that the profile is the CLI's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use flexcalc::Request;

fn main() {
    let mut args = std::env::args().skip(1);
    let months: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(12);
    let iterations: u32 = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let scenario = args.next().map_or(Scenario::CurrentLaw, |a| {
        if a == "labor_facts" {
            Scenario::LaborFacts
        } else {
            Scenario::CurrentLaw
        }
    });
    let ms: Vec<String> = (1..=months)
        .map(|m| {
            format!(
                r#"{{"month": "{}-{:02}", "work": [
                    {{"platform": "美团", "hours": "150", "income": "6200.00", "orders": 400, "sector": "instant_delivery"}},
                    {{"platform": "滴滴", "hours": "40", "income": "1800.00", "orders": 60, "sector": "ride_hailing"}}]}}"#,
                2025 + (m - 1) / 12,
                (m - 1) % 12 + 1
            )
        })
        .collect();
    let text = format!(
        r#"{{"region": "320100", "scenario": "{}", "months": [{}]}}"#,
        scenario.name(),
        ms.join(",")
    );
    let figures = args.next().is_some_and(|a| a == "figures");
    let req = Request::from_json(&text).expect("request");
    let rules = flexcalc::api::embedded_rules().expect("rules");
    let mut months_seen = 0usize;
    for _ in 0..iterations {
        let req = std::hint::black_box(&req);
        let r = match figures {
            true => flexcalc::assess::assess_figures(rules, req, req.scenario),
            false => flexcalc::assess(rules, req),
        }
        .expect("assess");
        months_seen += r.months.len();
    }
    println!("{months_seen}");
}
