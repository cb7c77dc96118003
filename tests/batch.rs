//! `flexcalc batch` and `flexcalc synth` end to end, through the CLI binary: CSV and JSONL round
//! trips, bad rows reported with line and field, input order kept, summary totals equal to the sum
//! of the rows, and a synthetic population that is deterministic and plausible. Nothing is timed here
//! (the benchmarks are in benches/ and scripts/bench.sh).

use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_flexcalc"))
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("flexcalc-batch-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn batch(args: &[&str]) -> std::process::Output {
    let out = bin().arg("batch").args(args).arg("--quiet").output().unwrap();
    assert!(
        out.status.success(),
        "batch failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Rows of a CSV file as maps from column name to cell.
fn read_csv(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut rdr = csv::Reader::from_path(path).unwrap();
    let headers = rdr.headers().unwrap().clone();
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

const INPUT: &str = "\
worker_id,region,month,platform,hours,income,orders,sector
w1,320100,2025-09,美团,150,6200.00,400,instant_delivery
w1,320100,2025-09,滴滴,40,1800.00,60,ride_hailing
w1,320100,2025-10,美团,120,5000.00,300,instant_delivery
w2,310000,2025-09,抖音,100,9000.00,,other
w3,320100,2025-09,美团,abc,6200.00,400,instant_delivery
w3,320100,2025-10,美团,100,,400,flying
w4,nowhere,2025-09,美团,100,6200.00,400,instant_delivery
w5,320100,2025-09,美团,100,3000.00,200,instant_delivery
";

#[test]
fn csv_round_trip_with_errors_and_summary() {
    let dir = tmp("csv");
    let input = dir.join("in.csv");
    std::fs::write(&input, INPUT).unwrap();
    let output = dir.join("out.csv");
    let summary = dir.join("summary.json");
    batch(&[
        "--input",
        input.to_str().unwrap(),
        "--output",
        output.to_str().unwrap(),
        "--summary",
        summary.to_str().unwrap(),
    ]);
    let rows = read_csv(&output);
    // Order: w1's two months, w2, w5; the bad workers w3 and w4 are left out.
    let keys: Vec<(String, String)> = rows
        .iter()
        .map(|r| (r["worker_id"].clone(), r["month"].clone()))
        .collect();
    assert_eq!(
        keys,
        [
            ("w1", "2025-09"),
            ("w1", "2025-10"),
            ("w2", "2025-09"),
            ("w5", "2025-09")
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );

    // The first row equals the engine's own compare of the same request.
    let req = r#"{"region": "320100", "months": [
        {"month": "2025-09", "work": [
            {"platform": "美团", "hours": "150", "income": "6200.00", "orders": 400, "sector": "instant_delivery"},
            {"platform": "滴滴", "hours": "40", "income": "1800.00", "orders": 60, "sector": "ride_hailing"}]},
        {"month": "2025-10", "work": [
            {"platform": "美团", "hours": "120", "income": "5000.00", "orders": 300, "sector": "instant_delivery"}]}]}"#;
    let rules = flexcalc::api::embedded_rules().unwrap();
    let cmp = flexcalc::compare::compare(rules, &flexcalc::Request::from_json(req).unwrap()).unwrap();
    let doc = serde_json::to_value(&cmp).unwrap();
    for (i, row) in rows.iter().take(2).enumerate() {
        for (prefix, scen) in [("cl", "current_law"), ("lf", "labor_facts")] {
            let m = &doc[scen]["months"][i];
            assert_eq!(
                row[&format!("{prefix}_pension_base")],
                m["pension"]["base"].as_str().unwrap()
            );
            assert_eq!(
                row[&format!("{prefix}_pension_total")],
                m["pension"]["total"].as_str().unwrap()
            );
            assert_eq!(
                row[&format!("{prefix}_pension_worker")],
                m["pension"]["worker"].as_str().unwrap()
            );
            assert_eq!(
                row[&format!("{prefix}_medical_total")],
                m["medical"]["total"].as_str().unwrap()
            );
            assert_eq!(row[&format!("{prefix}_worker")], m["worker"].as_str().unwrap());
        }
        assert_eq!(
            row["injury_platforms"],
            doc["current_law"]["months"][i]["injury"]["total"].as_str().unwrap()
        );
    }
    assert_eq!(rows[0]["platforms"], "2");
    assert_eq!(rows[0]["cl_pension_platforms"], "0.00");

    // Errors: line (1 = header) and field of each bad cell; the good workers were not stopped.
    let errors = read_csv(&dir.join("out.errors.csv"));
    let found: Vec<(String, String, String)> = errors
        .iter()
        .map(|e| (e["line"].clone(), e["worker_id"].clone(), e["field"].clone()))
        .collect();
    for want in [
        ("6", "w3", "hours"),
        ("7", "w3", "income"),
        ("7", "w3", "sector"),
        ("8", "w4", "region"),
    ] {
        let want = (want.0.to_string(), want.1.to_string(), want.2.to_string());
        assert!(found.contains(&want), "{want:?} not in {found:?}");
    }

    // The summary's totals are the sums of the rows' columns.
    let s: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&summary).unwrap()).unwrap();
    assert_eq!(s["rows"], 8);
    assert_eq!(s["workers_failed"], 2);
    assert_eq!(s["totals"]["workers"], 3);
    assert_eq!(s["totals"]["worker_months"], 4);
    for (prefix, scen) in [("cl", "current_law"), ("lf", "labor_facts")] {
        for col in [
            "pension_total",
            "pension_worker",
            "pension_platforms",
            "medical_total",
            "medical_worker",
            "medical_platforms",
            "worker",
            "platforms",
        ] {
            let sum: Decimal = rows.iter().map(|r| d(&r[&format!("{prefix}_{col}")])).sum();
            let total = d(s["totals"][scen][col].as_str().unwrap());
            assert_eq!(sum, total, "{scen}.{col}");
        }
        let injury: Decimal = rows.iter().map(|r| d(&r["injury_platforms"])).sum();
        assert_eq!(d(s["totals"][scen]["injury_platforms"].as_str().unwrap()), injury);
    }
    // Per region: Jiangsu (w1, w5) and Shanghai (w2).
    let regions: Vec<&str> = s["regions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert_eq!(regions, ["310000", "320000"]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn jsonl_gives_the_same_figures_as_csv() {
    let dir = tmp("jsonl");
    let csv_in = dir.join("in.csv");
    std::fs::write(&csv_in, INPUT).unwrap();
    // The same rows as JSONL (numbers as numbers or strings, both accepted).
    let mut rdr = csv::Reader::from_path(&csv_in).unwrap();
    let headers = rdr.headers().unwrap().clone();
    let mut jsonl = String::new();
    for r in rdr.records() {
        let r = r.unwrap();
        let mut obj = serde_json::Map::new();
        for (h, v) in headers.iter().zip(r.iter()) {
            if h == "orders" && !v.is_empty() {
                obj.insert(h.into(), serde_json::Value::from(v.parse::<u64>().unwrap()));
            } else {
                obj.insert(h.into(), v.into());
            }
        }
        jsonl.push_str(&serde_json::Value::Object(obj).to_string());
        jsonl.push('\n');
    }
    let jsonl_in = dir.join("in.jsonl");
    std::fs::write(&jsonl_in, jsonl).unwrap();
    batch(&[
        "--input",
        csv_in.to_str().unwrap(),
        "--output",
        dir.join("a.csv").to_str().unwrap(),
    ]);
    batch(&[
        "--input",
        jsonl_in.to_str().unwrap(),
        "--output",
        dir.join("b.jsonl").to_str().unwrap(),
    ]);
    let a = read_csv(&dir.join("a.csv"));
    let b: Vec<serde_json::Value> = std::fs::read_to_string(dir.join("b.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        for (k, v) in x {
            let j = &y[k];
            let jv = match j {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Null => String::new(),
                other => other.to_string(),
            };
            assert_eq!(v, &jv, "{k}");
        }
    }
    // The JSONL run reports the same bad rows, by the JSONL file's own lines (no header line).
    let errors = read_csv(&dir.join("b.errors.csv"));
    assert!(errors.iter().any(|e| e["line"] == "5" && e["field"] == "hours"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn order_is_kept_across_chunks_and_threads() {
    let dir = tmp("order");
    let input = dir.join("pop.csv");
    let st = bin()
        .args([
            "synth",
            "--workers",
            "300",
            "--seed",
            "5",
            "--output",
            input.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(st.status.success());
    let out = dir.join("out.csv");
    // Tiny chunks: many chunks and tasks in flight at once.
    batch(&[
        "--input",
        input.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
        "--chunk-rows",
        "7",
    ]);
    let rows = read_csv(&out);
    let inputs = read_csv(&input);
    let mut want: Vec<(String, String)> = Vec::new();
    for r in &inputs {
        let k = (r["worker_id"].clone(), r["month"].clone());
        if want.last() != Some(&k) {
            want.push(k);
        }
    }
    let got: Vec<(String, String)> = rows
        .iter()
        .map(|r| (r["worker_id"].clone(), r["month"].clone()))
        .collect();
    assert_eq!(got, want);
    assert_eq!(read_csv(&dir.join("out.errors.csv")).len(), 0);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bad_header_is_fatal() {
    let dir = tmp("header");
    let input = dir.join("in.csv");
    std::fs::write(
        &input,
        "worker_id,region,month,platform,income,colour\nw1,320100,2025-09,a,1,red\n",
    )
    .unwrap();
    let out = bin()
        .args(["batch", "--input", input.to_str().unwrap(), "--output"])
        .arg(dir.join("o.csv"))
        .arg("--quiet")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("colour"));
    let _ = std::fs::remove_dir_all(&dir);
}

fn synth(workers: &str, seed: &str, extra: &[&str]) -> Vec<u8> {
    let out = bin()
        .args(["synth", "--workers", workers, "--seed", seed])
        .args(extra)
        .output()
        .unwrap();
    assert!(out.status.success());
    out.stdout
}

#[test]
fn synth_is_deterministic_for_a_seed() {
    assert_eq!(synth("200", "42", &[]), synth("200", "42", &[]));
    assert_ne!(synth("200", "42", &[]), synth("200", "43", &[]));
    // A worker's rows do not depend on how many workers are drawn.
    let small = String::from_utf8(synth("50", "42", &[])).unwrap();
    let large = String::from_utf8(synth("200", "42", &[])).unwrap();
    assert!(large.starts_with(&small));
}

#[test]
fn synth_distributions_are_plausible() {
    let text = String::from_utf8(synth("4000", "7", &["--person"])).unwrap();
    let mut rdr = csv::Reader::from_reader(text.as_bytes());
    let headers = rdr.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (w, m, p, h, inc, role) = (
        col("worker_id"),
        col("month"),
        col("platform"),
        col("hours"),
        col("income"),
        col("role"),
    );
    // Per worker-month: total hours and income; per worker: platforms and role.
    let mut months: BTreeMap<(String, String), (f64, f64)> = BTreeMap::new();
    let mut platforms: BTreeMap<String, std::collections::BTreeSet<String>> = BTreeMap::new();
    let mut roles: BTreeMap<String, String> = BTreeMap::new();
    for r in rdr.records() {
        let r = r.unwrap();
        let e = months.entry((r[w].to_string(), r[m].to_string())).or_default();
        e.0 += r[h].parse::<f64>().unwrap();
        e.1 += r[inc].parse::<f64>().unwrap();
        platforms.entry(r[w].to_string()).or_default().insert(r[p].to_string());
        roles.insert(r[w].to_string(), r[role].to_string());
    }
    let n = months.len() as f64;
    let weekly: Vec<f64> = months
        .iter()
        .map(|((_, month), (hours, _))| {
            let ym: flexcalc::month::YearMonth = month.parse().unwrap();
            hours * 7.0 / f64::from(ym.days())
        })
        .collect();
    let mean = weekly.iter().sum::<f64>() / n;
    let over_40 = weekly.iter().filter(|x| **x > 40.0).count() as f64 / n;
    let over_5000 = months.values().filter(|(_, i)| *i > 5000.0).count() as f64 / n;
    let multi = platforms.values().filter(|s| s.len() > 1).count() as f64 / platforms.len() as f64;
    assert!((35.0..40.0).contains(&mean), "mean weekly hours {mean}");
    assert!((0.36..0.48).contains(&over_40), "share above 40 h {over_40}");
    assert!((0.58..0.75).contains(&over_5000), "share above 5000 yuan {over_5000}");
    assert!((0.3..0.5).contains(&multi), "multi-platform share {multi}");
    for r in ["rider", "driver", "creator", "editor", "narrator"] {
        assert!(roles.values().any(|x| x == r), "no {r}");
    }
    // Every synthetic worker is assessable.
    let dir = tmp("synth-batch");
    let input = dir.join("pop.csv");
    std::fs::write(&input, &text).unwrap();
    batch(&[
        "--input",
        input.to_str().unwrap(),
        "--output",
        dir.join("o.csv").to_str().unwrap(),
    ]);
    assert_eq!(read_csv(&dir.join("o.errors.csv")).len(), 0);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn one_scenario_leaves_the_other_blank() {
    let dir = tmp("scenarios");
    let input = dir.join("in.csv");
    std::fs::write(&input, INPUT).unwrap();
    batch(&[
        "--input",
        input.to_str().unwrap(),
        "--output",
        dir.join("both.csv").to_str().unwrap(),
    ]);
    batch(&[
        "--input",
        input.to_str().unwrap(),
        "--output",
        dir.join("cl.csv").to_str().unwrap(),
        "--scenarios",
        "current_law",
    ]);
    let both = read_csv(&dir.join("both.csv"));
    let cl = read_csv(&dir.join("cl.csv"));
    assert_eq!(both.len(), cl.len());
    for (a, b) in both.iter().zip(&cl) {
        for (k, v) in b {
            if k.starts_with("lf_") {
                assert_eq!(v, "", "{k}");
            } else {
                assert_eq!(v, &a[k], "{k}");
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// An error names the line of its own row, however many blank lines (LF or CRLF) or quoted line breaks
/// come before it, and also on a last row without a line break; the page's reader (fed in pieces of
/// every size) names the same lines as the CLI.
#[test]
fn errors_name_the_row_line_after_blank_lines() {
    const HEADER: &str = "worker_id,region,month,platform,hours,income,orders,sector";
    let good = |w: &str| format!("{w},320100,2025-01,美团,100,5000.00,300,instant_delivery");
    let bad = |w: &str| format!("{w},320100,2025-01,美团,abc,5000.00,300,instant_delivery");
    // Expected lines counted by hand from the layout: the header is line 1.
    let cases: Vec<(String, Vec<&str>)> = vec![
        // 1 header, 2 good, 3 blank, 4 bad
        (format!("{HEADER}\n{}\n\n{}\n", good("a"), bad("b")), vec!["4"]),
        // 1 header, 2 blank, 3 blank, 4 bad, 5 good, 6 blank, 7 bad (no final line break)
        (
            format!("{HEADER}\n\n\n{}\n{}\n\n{}", bad("a"), good("b"), bad("c")),
            vec!["4", "7"],
        ),
        // CRLF: 1 header, 2 blank, 3 bad, 4 blank, 5 bad
        (
            format!("{HEADER}\r\n\r\n{}\r\n\r\n{}\r\n", bad("a"), bad("b")),
            vec!["3", "5"],
        ),
        // a quoted platform name over lines 2-3 (refused: a line break is a control character), then
        // 4 blank, 5 bad
        (
            format!(
                "{HEADER}\na,320100,2025-01,\"美\n团\",100,5000.00,300,instant_delivery\n\n{}\n",
                bad("b")
            ),
            vec!["2", "5"],
        ),
    ];
    let dir = tmp("blank-lines");
    for (i, (text, lines)) in cases.iter().enumerate() {
        let input = dir.join(format!("in{i}.csv"));
        let errors = dir.join(format!("errors{i}.csv"));
        std::fs::write(&input, text).unwrap();
        batch(&[
            "--input",
            input.to_str().unwrap(),
            "--output",
            dir.join(format!("out{i}.csv")).to_str().unwrap(),
            "--errors",
            errors.to_str().unwrap(),
        ]);
        let cli: Vec<String> = read_csv(&errors).iter().map(|r| r["line"].clone()).collect();
        assert_eq!(cli, *lines, "case {i}: {text:?}");

        // The same text through standard input, where the reader cannot look at the end of the file
        // first: the last row without a line break is still dated by its own line.
        let mut child = bin()
            .args(["batch", "--input", "-", "--output", "-", "--quiet", "--errors"])
            .arg(&errors)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
        assert!(child.wait().unwrap().success(), "case {i} through standard input");
        let piped: Vec<String> = read_csv(&errors).iter().map(|r| r["line"].clone()).collect();
        assert_eq!(piped, *lines, "case {i} through standard input: {text:?}");

        let rules = flexcalc::api::embedded_rules().unwrap();
        for size in 1..=text.len() {
            let mut stream = flexcalc::batch::CsvStream::new(flexcalc::batch::Scenarios::Both);
            // As www/batch-worker.js feeds it: a piece from the first unconsumed byte, twice as long when
            // one worker filled the last one.
            let (mut at, mut len, mut errors_csv) = (0, size, Vec::new());
            let bytes = text.as_bytes();
            loop {
                let end = (at + len).min(bytes.len());
                let last = end == bytes.len();
                let piece = stream.push(rules, &bytes[at..end], last).unwrap();
                errors_csv.extend_from_slice(&piece.errors);
                at += piece.consumed;
                if last {
                    break;
                }
                len = if piece.consumed == 0 { len * 2 } else { size };
            }
            let page: Vec<String> = csv::Reader::from_reader(&errors_csv[..])
                .records()
                .map(|r| r.unwrap()[0].to_string())
                .collect();
            assert_eq!(page, *lines, "case {i}, pieces of {size} bytes");
        }
    }
}

/// The page's batch reads the file in pieces (www/batch-worker.js, `BatchCsv`): whatever the piece
/// size, and wherever a piece ends (inside a worker's id, between two rows of one worker, inside a
/// person cell), its output, errors and summary must be the whole file's. A piece that ended inside
/// the id of a worker's next row used to split that worker in two.
#[test]
fn the_page_batch_in_pieces_gives_the_whole_files_output() {
    let rules = flexcalc::api::embedded_rules().unwrap();
    let text = synth("60", "7", &["--months", "6", "--person"]);
    let whole = |bytes: &[u8]| {
        let mut stream = flexcalc::batch::CsvStream::new(flexcalc::batch::Scenarios::Both);
        let p = stream.push(rules, bytes, true).unwrap();
        let summary = flexcalc::json_write::to_string(&stream.summary(rules)).unwrap();
        (p.output, p.errors, summary)
    };
    let (output, errors, summary) = whole(&text);
    assert!(
        output.len() > 10_000 && errors.len() < 100,
        "the synthetic file assesses cleanly"
    );
    for size in (40..400).step_by(7) {
        let mut stream = flexcalc::batch::CsvStream::new(flexcalc::batch::Scenarios::Both);
        let (mut at, mut len) = (0, size);
        let (mut out, mut errs) = (Vec::new(), Vec::new());
        loop {
            let end = (at + len).min(text.len());
            let last = end == text.len();
            let piece = stream.push(rules, &text[at..end], last).unwrap();
            out.extend_from_slice(&piece.output);
            errs.extend_from_slice(&piece.errors);
            at += piece.consumed;
            if last {
                break;
            }
            // As the page does: twice as long when the piece held one worker only.
            len = if piece.consumed == 0 { len * 2 } else { size };
        }
        assert!(
            out == output,
            "pieces of {size} bytes: the output differs from the whole file's"
        );
        assert_eq!(errs, errors, "pieces of {size} bytes: errors");
        let s = flexcalc::json_write::to_string(&stream.summary(rules)).unwrap();
        assert_eq!(s, summary, "pieces of {size} bytes: summary");
    }
}

/// The optional `scenario_base` column (issue 17 item 6: the API's `scenario_base`, one scenario base
/// everywhere): absent, the labor-facts scenario computes on the month's income (the rules data's
/// default); `floor` and `amount:9000` move it there, while the current-law figures stay the worker's;
/// a bad value is an error naming its row's line and the column. Shanghai 2025-08 (the golden case
/// compare-worker-floor-scenario-income): floor 7,460 from 2025-07, pension 20 % (国发〔2005〕38号);
/// income 6,000 + 2,000 = 8,000, within 7,460..37,302.
#[test]
fn the_scenario_base_column_sets_the_labor_facts_base() {
    let input = "\
worker_id,region,month,platform,hours,income,orders,sector,scenario_base
w1,310000,2025-08,A,150,6000.00,0,other,
w1,310000,2025-08,B,20,2000.00,0,other,
w2,310000,2025-08,A,150,6000.00,0,other,floor
w2,310000,2025-08,B,20,2000.00,0,other,
w3,310000,2025-08,A,150,6000.00,0,other,amount：9000
w3,310000,2025-08,B,20,2000.00,0,other,
w4,310000,2025-08,A,150,6000.00,0,other,percent
w5,310000,2025-08,A,150,6000.00,0,other,lowest
w6,310000,2025-08,A,150,6000.00,0,other,floor:5
w7,310000,2025-08,A,150,6000.00,0,other,amount:abc
";
    let dir = tmp("scenario-base");
    let (inp, out, errors) = (dir.join("in.csv"), dir.join("out.csv"), dir.join("errors.csv"));
    std::fs::write(&inp, input).unwrap();
    batch(&[
        "--input",
        inp.to_str().unwrap(),
        "--output",
        out.to_str().unwrap(),
        "--errors",
        errors.to_str().unwrap(),
    ]);
    let rows = read_csv(&out);
    let row = |w: &str| {
        rows.iter()
            .find(|r| r["worker_id"] == w)
            .unwrap_or_else(|| panic!("{w} missing"))
    };
    // By hand: the base, and the pension at 20 % of it.
    for (w, base, pension) in [
        ("w1", "8000.00", "1600.00"),
        ("w2", "7460.00", "1492.00"),
        ("w3", "9000.00", "1800.00"),
    ] {
        assert_eq!(row(w)["lf_pension_base"], base, "{w}");
        assert_eq!(d(&row(w)["lf_pension_total"]), d(pension), "{w}");
        // Current law is the worker's own choice (none: the floor), whatever the scenario's base.
        assert_eq!(row(w)["cl_pension_base"], "7460.00", "{w}");
    }
    let errs = read_csv(&errors);
    let got: Vec<(&str, &str, &str)> = errs
        .iter()
        .map(|r| (r["line"].as_str(), r["worker_id"].as_str(), r["field"].as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("8", "w4", "scenario_base"),
            ("9", "w5", "scenario_base"),
            ("10", "w6", "scenario_base"),
            ("11", "w7", "scenario_base"),
        ]
    );
    assert!(
        errs[0]["message"].contains("percent:60") || errs[0]["message"].contains("after a colon"),
        "{:?}",
        errs[0]
    );
    assert!(errs[1]["message"].contains("lowest"), "{:?}", errs[1]);
    // The Chinese column name is accepted too.
    std::fs::write(&inp, input.replace("scenario_base", "情景缴费基数")).unwrap();
    batch(&["--input", inp.to_str().unwrap(), "--output", out.to_str().unwrap()]);
    let zh = read_csv(&out);
    assert_eq!(
        zh.iter().find(|r| r["worker_id"] == "w2").unwrap()["lf_pension_base"],
        "7460.00"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
