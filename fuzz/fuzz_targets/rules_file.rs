//! Any text as an NGO's custom rules file (`flexcalc --rules FILE`, `loadRules(text)`): loading it over
//! the embedded rules either succeeds or fails with a positioned error, never a panic or hang; rules
//! that load must then compute a fixed request (for Nanjing, and for each region the file names)
//! without panicking, returning either a result that keeps the API's invariants or an error document.
//! The checks are `flexcalc_fuzz::check_rules_file` (`fuzz/src/lib.rs`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        flexcalc_fuzz::check_rules_file(text);
    }
});
