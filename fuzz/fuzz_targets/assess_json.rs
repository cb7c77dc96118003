//! Any text as a request (JSON API v1) through `flexcalc::api`: assess, compare and options must each
//! return a document, never panic, hang or exhaust memory; a result keeps the API's invariants
//! (pooled + personal = total, worker + platforms = total, no negative cost) and an error is a
//! structured error document with a code a request may produce.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for verb in ["assess", "compare", "options"] {
        flexcalc_fuzz::run_and_check(verb, text);
    }
});
