//! Resolves a path such as `months[0].pension.total` in a JSON value: the path syntax of the API's
//! error paths and of the golden cases' `expect` keys. Shared by the native golden runner
//! (tests/golden.rs) and the wasm one (tests/wasm/golden.rs), which include this file by path.

use serde_json::Value;

pub fn at<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    let mut cur = v;
    for part in path.split('.') {
        let (key, indexes) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            cur = cur.get(key)?;
        }
        for idx in indexes.split('[').filter(|s| !s.is_empty()) {
            cur = cur.get(idx.trim_end_matches(']').parse::<usize>().ok()?)?;
        }
    }
    Some(cur)
}
