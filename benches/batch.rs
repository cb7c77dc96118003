//! Batch throughput: a synthetic population (flexcalc synth) through the batch pipeline, on one core
//! (the rayon pool limited to one thread) and on all cores, in worker-months per second.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use flexcalc::batch::run::{run, Format, Options, Progress};
use flexcalc::synth::{write, Columns, SynthOptions};

/// The CLI's allocator, so that the benches measure what the CLI runs (Cargo.toml, docs/scale.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn bench(c: &mut Criterion) {
    let rules = flexcalc::api::embedded_rules().expect("rules");
    let dir = std::env::temp_dir().join(format!("flexcalc-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let input = dir.join("pop.csv");
    let synth = SynthOptions {
        workers: 2_000,
        seed: 1,
        start: "2025-01".parse().expect("month"),
        months: 12,
        columns: Columns::Ledger,
        format: Format::Csv,
    };
    let mut f = std::io::BufWriter::new(std::fs::File::create(&input).expect("input"));
    write(&synth, &mut f).expect("synth");
    drop(f);
    let mut opts = Options::new(&input, dir.join("out.csv"));
    opts.progress = Progress::Hidden;
    let months = run(rules, &opts).expect("batch").totals.all.worker_months;

    let mut g = c.benchmark_group("batch");
    g.throughput(Throughput::Elements(months));
    g.sample_size(10);
    let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("pool");
    g.bench_function("csv_end_to_end/1_thread", |b| {
        b.iter(|| one.install(|| run(rules, &opts).expect("batch")))
    });
    g.bench_function("csv_end_to_end/all_cores", |b| {
        b.iter(|| run(rules, &opts).expect("batch"))
    });
    g.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, bench);
criterion_main!(benches);
