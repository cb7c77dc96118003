//! The bad-input matrix (issue 7, `tests/bad-inputs.json`): every input gives the expected structured
//! error (code and path) through the library (`flexcalc::api::run_command`) and through the CLI
//! binary (request on standard input, exit code 2, the same error document on stdout). The inputs
//! marked `ok` are the accepted edges of the limits (600 months, 50 platforms, 64 characters).
//! The WebAssembly exports run the same file in `tests/wasm/bad_inputs.rs`.

#[path = "support/bad_inputs.rs"]
mod support;

use std::io::Write;
use std::process::{Command, Stdio};
use support::{check, inputs};

#[test]
fn the_matrix_has_at_least_sixty_inputs_with_unique_names() {
    let all = inputs();
    assert!(all.len() >= 60, "only {} inputs", all.len());
    let mut names: Vec<&str> = all.iter().map(|i| i.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), all.len(), "duplicate input names");
}

#[test]
fn every_input_gives_the_expected_error_through_the_library() {
    let mut failures = Vec::new();
    for input in inputs() {
        let outcome = flexcalc::api::run_command(&input.command, &input.text).expect("known verb");
        if let Err(m) = check(&input, &outcome) {
            failures.push(format!("{}: {m}", input.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_input_gives_the_expected_error_through_the_cli() {
    let mut failures = Vec::new();
    for input in inputs() {
        let mut child = Command::new(env!("CARGO_BIN_EXE_flexcalc"))
            .args([input.command.as_str(), "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn flexcalc");
        // A request the CLI rejects early may close stdin before all is written: not a failure.
        let _ = child.stdin.take().expect("stdin").write_all(input.text.as_bytes());
        let out = child.wait_with_output().expect("wait for flexcalc");
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let code = out.status.code();
        let outcome = if code == Some(0) { Ok(stdout) } else { Err(stdout) };
        let want_code = if input.expect.is_some() { Some(2) } else { Some(0) };
        if code != want_code {
            failures.push(format!(
                "{}: exit {code:?}, want {want_code:?}; stderr: {}",
                input.name,
                String::from_utf8_lossy(&out.stderr)
                    .chars()
                    .take(200)
                    .collect::<String>()
            ));
            continue;
        }
        if let Err(m) = check(&input, &outcome) {
            failures.push(format!("{}: {m}", input.name));
        }
        // The document on stdout is the library's, byte for byte.
        let lib = flexcalc::api::run_command(&input.command, &input.text).expect("known verb");
        let lib_doc = match lib {
            Ok(d) | Err(d) => d,
        };
        if outcome.as_ref().map_or_else(|d| d.trim_end(), |d| d.trim_end()) != lib_doc {
            failures.push(format!("{}: the CLI's document differs from the library's", input.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// An error quotes at most an excerpt of the value at fault: a 100,000-character value pasted into any
/// quoted field gives an error document of at most a few hundred bytes, naming the field.
#[test]
fn a_huge_value_is_quoted_as_an_excerpt() {
    let huge = "9".repeat(100_000);
    let work = |field: &str, value: &str| {
        format!(
            r#"{{"region":"310000","months":[{{"month":"2025-09","work":[{{"platform":"A","income":"100",{field}:{value}}}]}}]}}"#
        )
    };
    let cases = [
        (
            "region",
            format!(r#"{{"region":"{huge}","months":[{{"month":"2025-09","work":[]}}]}}"#),
        ),
        (
            "months[0].month",
            format!(r#"{{"region":"310000","months":[{{"month":"{huge}","work":[]}}]}}"#),
        ),
        ("months[0].work[0].hours", work(r#""hours""#, &format!("\"{huge}\""))),
        ("months[0].work[0].hours", work(r#""hours""#, &huge)),
        ("months[0].work[0].orders", work(r#""orders""#, &huge)),
        ("months[0].work[0].sector", work(r#""sector""#, &format!("\"{huge}\""))),
        (
            &*format!("months[0].work[0].{}…", &huge[..40]),
            work(&format!("\"{huge}\""), "1"),
        ),
    ];
    for (path, text) in cases {
        let doc = match flexcalc::api::run_command("assess", &text).expect("known verb") {
            Ok(_) => panic!("{path}: accepted"),
            Err(doc) => doc,
        };
        let v: serde_json::Value = serde_json::from_str(&doc).expect("error document is JSON");
        assert_eq!(v["error"]["path"], path, "{doc}");
        assert!(doc.len() < 1_000, "{path}: error document of {} bytes", doc.len());
    }
}
