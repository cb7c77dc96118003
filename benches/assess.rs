//! One assessment, compute only (the request is parsed before the clock starts): one month with two
//! platforms, and twelve months × two platforms, each with and without the trace. `cargo bench
//! --bench assess`; scripts/bench.sh prints the figures against the targets (docs/scale.md).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use flexcalc::request::Scenario;
use flexcalc::Request;
use std::hint::black_box;

/// The CLI's allocator, so that the benches measure what the CLI runs (Cargo.toml, docs/scale.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Nanjing, two platforms per month (the README's rider), `months` months from 2025-01.
pub fn request(months: u32, trace: bool, scenario: Scenario) -> Request {
    let ms: Vec<String> = (1..=months)
        .map(|m| {
            format!(
                r#"{{"month": "2025-{m:02}", "work": [
                    {{"platform": "美团", "hours": "150", "income": "6200.00", "orders": 400, "sector": "instant_delivery"}},
                    {{"platform": "滴滴", "hours": "40", "income": "1800.00", "orders": 60, "sector": "ride_hailing"}}]}}"#
            )
        })
        .collect();
    let text = format!(
        r#"{{"region": "320100", "scenario": "{}", "months": [{}], "trace": {trace}}}"#,
        scenario.name(),
        ms.join(",")
    );
    Request::from_json(&text).expect("bench request")
}

fn bench(c: &mut Criterion) {
    let rules = flexcalc::api::embedded_rules().expect("rules");
    let mut g = c.benchmark_group("assess");
    for (months, label) in [(1, "1_month"), (12, "12_months_x_2_platforms")] {
        g.throughput(Throughput::Elements(u64::from(months)));
        for scenario in [Scenario::CurrentLaw, Scenario::LaborFacts] {
            for trace in [false, true] {
                let req = request(months, trace, scenario);
                let name = format!(
                    "{label}/{}/{}",
                    scenario.name(),
                    if trace { "trace" } else { "no_trace" }
                );
                g.bench_function(name, |b| b.iter(|| flexcalc::assess(rules, black_box(&req)).unwrap()));
            }
        }
        // The batch's path (docs/batch.md): the same steps and figures, without the texts only a reader
        // needs (warnings, hourly incomes, shares).
        for scenario in [Scenario::CurrentLaw, Scenario::LaborFacts] {
            let req = request(months, false, scenario);
            g.bench_function(format!("{label}/{}/figures", scenario.name()), |b| {
                b.iter(|| flexcalc::assess::assess_figures(rules, black_box(&req), scenario).unwrap())
            });
        }
        let req = request(months, false, Scenario::CurrentLaw);
        g.bench_function(format!("{label}/compare/no_trace"), |b| {
            b.iter(|| flexcalc::compare::compare(rules, black_box(&req)).unwrap())
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
