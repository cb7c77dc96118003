//! The bad-input matrix (`tests/bad-inputs.json`, issue 7) as request texts: shared by the native test
//! (`tests/bad_inputs.rs`: library and CLI) and the WebAssembly test (`tests/wasm/bad_inputs.rs`),
//! which runs in a browser and so reads the data file at compile time.

use serde_json::{Map, Value};

pub const DATA: &str = include_str!("../bad-inputs.json");

/// One input of the matrix, ready to send.
pub struct Input {
    pub name: String,
    pub command: String,
    /// The request text exactly as sent.
    pub text: String,
    /// `None` when the input must be accepted; else the error's (code, path).
    pub expect: Option<(String, String)>,
}

pub fn inputs() -> Vec<Input> {
    let doc: Value = serde_json::from_str(DATA).expect("tests/bad-inputs.json is JSON");
    let base = &doc["base"];
    doc["inputs"]
        .as_array()
        .expect("inputs")
        .iter()
        .map(|e| {
            let name = e["name"].as_str().expect("name").to_string();
            let command = e.get("command").and_then(Value::as_str).unwrap_or("assess").to_string();
            let ex = &e["expect"];
            let expect = if ex.get("ok").and_then(Value::as_bool) == Some(true) {
                None
            } else {
                let code = ex["code"].as_str().unwrap_or_else(|| panic!("{name}: expect.code"));
                let path = ex["path"].as_str().unwrap_or_else(|| panic!("{name}: expect.path"));
                Some((code.to_string(), path.to_string()))
            };
            let text = build(base, e).unwrap_or_else(|m| panic!("{name}: {m}"));
            Input {
                name,
                command,
                text,
                expect,
            }
        })
        .collect()
}

fn build(base: &Value, e: &Value) -> Result<String, String> {
    if let Some(body) = e.get("body") {
        return body
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| "body is not a string".into());
    }
    let mut req = base.clone();
    if let Some(g) = e.get("generate") {
        if let Some(depth) = g.get("nest").and_then(Value::as_u64) {
            let depth = depth as usize;
            let text = serde_json::to_string(&req).map_err(|x| x.to_string())?;
            let nested = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
            return Ok(text.replacen("\"310000\"", &nested, 1));
        }
        if let Some(n) = g.get("months").and_then(Value::as_u64) {
            let from = g["from"].as_str().ok_or("generate.from")?;
            let (y, m) = from.split_once('-').ok_or("generate.from is YYYY-MM")?;
            let start =
                y.parse::<i64>().map_err(|x| x.to_string())? * 12 + m.parse::<i64>().map_err(|x| x.to_string())? - 1;
            let same = g.get("same").and_then(Value::as_bool).unwrap_or(false);
            let template = req["months"][0].clone();
            let months: Vec<Value> = (0..n as i64)
                .map(|i| {
                    let k = if same { start } else { start + i };
                    let mut mf = template.clone();
                    mf["month"] = Value::String(format!("{:04}-{:02}", k / 12, k % 12 + 1));
                    mf
                })
                .collect();
            req["months"] = Value::Array(months);
        }
        if let Some(n) = g.get("platforms").and_then(Value::as_u64) {
            let work: Vec<Value> = (0..n)
                .map(|j| serde_json::json!({"platform": format!("P{j}"), "hours": "0.5", "income": "10", "orders": 1}))
                .collect();
            req["months"][0]["work"] = Value::Array(work);
        }
        if let Some(s) = g.get("string") {
            let path = s["path"].as_str().ok_or("generate.string.path")?;
            let unit = s["repeat"].as_str().ok_or("generate.string.repeat")?;
            let count = s["count"].as_u64().ok_or("generate.string.count")? as usize;
            set(&mut req, path, Value::String(unit.repeat(count)))?;
        }
    }
    if let Some(sets) = e.get("set").and_then(Value::as_object) {
        for (path, v) in sets {
            set(&mut req, path, v.clone())?;
        }
    }
    if let Some(unsets) = e.get("unset").and_then(Value::as_array) {
        for path in unsets {
            unset(&mut req, path.as_str().ok_or("unset takes paths")?)?;
        }
    }
    let mut raw = Vec::new();
    if let Some(sets) = e.get("body_set").and_then(Value::as_object) {
        for (i, (path, v)) in sets.iter().enumerate() {
            let marker = format!("@@RAW{i}@@");
            set(&mut req, path, Value::String(marker.clone()))?;
            raw.push((
                format!("\"{marker}\""),
                v.as_str().ok_or("body_set takes raw JSON text")?.to_string(),
            ));
        }
    }
    let mut text = serde_json::to_string_pretty(&req).map_err(|x| x.to_string())?;
    for (marker, v) in raw {
        text = text.replace(&marker, &v);
    }
    Ok(text)
}

/// `a.b[2].c` as steps.
enum Step {
    Key(String),
    Index(usize),
}

fn steps(path: &str) -> Result<Vec<Step>, String> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (key, rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            out.push(Step::Key(key.to_string()));
        }
        for idx in rest.split('[').filter(|s| !s.is_empty()) {
            out.push(Step::Index(
                idx.trim_end_matches(']')
                    .parse()
                    .map_err(|_| format!("bad index in {path}"))?,
            ));
        }
    }
    Ok(out)
}

fn walk<'a>(mut cur: &'a mut Value, steps: &[Step], path: &str) -> Result<&'a mut Value, String> {
    for s in steps {
        cur = match s {
            Step::Key(k) => {
                if !cur.is_object() {
                    *cur = Value::Object(Map::new());
                }
                cur.as_object_mut()
                    .ok_or("object")?
                    .entry(k.clone())
                    .or_insert(Value::Null)
            }
            Step::Index(i) => cur.get_mut(*i).ok_or_else(|| format!("{path}: no element {i}"))?,
        };
    }
    Ok(cur)
}

fn set(req: &mut Value, path: &str, v: Value) -> Result<(), String> {
    let st = steps(path)?;
    *walk(req, &st, path)? = v;
    Ok(())
}

fn unset(req: &mut Value, path: &str) -> Result<(), String> {
    let mut st = steps(path)?;
    let Some(Step::Key(last)) = st.pop() else {
        return Err(format!("{path}: unset needs a key"));
    };
    walk(req, &st, path)?
        .as_object_mut()
        .ok_or_else(|| format!("{path}: parent is not an object"))?
        .remove(&last);
    Ok(())
}

/// Checks an outcome of the API (`Ok` a result document, `Err` an error document) against the
/// input's expectation; `Err` says what is wrong.
pub fn check(input: &Input, outcome: &Result<String, String>) -> Result<(), String> {
    match (&input.expect, outcome) {
        (None, Ok(_)) => Ok(()),
        (None, Err(doc)) => Err(format!("expected a result, got {}", short(doc))),
        (Some(_), Ok(_)) => Err("expected an error, got a result".into()),
        (Some((code, path)), Err(doc)) => {
            let v: Value = serde_json::from_str(doc).map_err(|e| format!("error document is not JSON: {e}"))?;
            check_error_value(&v["error"], code, path).map_err(|m| format!("{m} in {}", short(doc)))
        }
    }
}

/// Checks an error object (`{code, path, message: {zh, en}}`) against the expected code and path.
pub fn check_error_value(err: &Value, code: &str, path: &str) -> Result<(), String> {
    let got_code = err["code"].as_str().unwrap_or("(none)");
    let got_path = err.get("path").and_then(Value::as_str).unwrap_or("");
    if got_code != code || got_path != path {
        return Err(format!("want {code} at \"{path}\", got {got_code} at \"{got_path}\""));
    }
    let (zh, en) = (err["message"]["zh"].as_str(), err["message"]["en"].as_str());
    if zh.is_none_or(str::is_empty) || en.is_none_or(str::is_empty) {
        return Err("the message lacks zh or en".into());
    }
    Ok(())
}

fn short(doc: &str) -> String {
    let one_line: String = doc.split_whitespace().collect::<Vec<_>>().join(" ");
    one_line.chars().take(300).collect()
}
