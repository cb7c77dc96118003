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
