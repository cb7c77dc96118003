//! The house rule of `src/`: each layer imports only from the layers below it, and no group of modules
//! imports each other in a circle (issue 14; `docs/architecture.md` draws the layers).
//!
//! The test reads every `crate::…`, `$crate::…` and `super::…` path in `src/**/*.rs` (comments and
//! string literals left out), maps it to the module it names, and fails on an import that runs upward or
//! closes a cycle, naming the file and line. It reads source text rather than compiled items, so it sees
//! paths in `use` lines and in code alike, and costs no build.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The layers, lowest first. A module belongs to the layer of its top-level module under `src/`.
const LAYERS: &[(&str, &[&str])] = &[
    ("foundation", &["foundation"]),
    ("model", &["model"]),
    ("rules", &["rules"]),
    ("engine", &["engine"]),
    ("api", &["api"]),
    ("batch", &["batch"]),
    ("bindings", &["wasm", "bin"]),
];

/// `lib.rs` is the facade: it declares the layers and re-exports a curated surface, so it may name any
/// of them; nothing in `src/` may import from it.
const FACADE: &str = "";

fn layer_of(module: &str) -> Option<usize> {
    let top = module.split("::").next().unwrap_or("");
    LAYERS.iter().position(|(_, tops)| tops.contains(&top))
}

/// `src/engine/medical.rs` → `engine::medical`; `src/rules/mod.rs` → `rules`; `src/lib.rs` → facade.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let last = parts.pop().unwrap();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_string());
    }
    parts.join("::")
}

/// The module a path names: the longest prefix of its segments that is a module of the crate.
fn resolve(path: &[&str], modules: &BTreeSet<String>) -> Option<String> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].join("::"))
        .find(|m| modules.contains(m))
}

/// The source with comments and string/char literals blanked (lines kept), so that a path in a doc
/// comment or an error message is not an import.
fn code_only(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b"//") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i..].starts_with(b"/*") {
            while i < b.len() && !b[i..].starts_with(b"*/") {
                if b[i] == b'\n' {
                    out.push('\n');
                }
                i += 1;
            }
            i += 2;
        } else if b[i] == b'"' || (b[i] == b'r' && b.get(i + 1).is_some_and(|&c| c == b'"' || c == b'#')) {
            // A string literal, raw or not.
            let mut hashes = 0;
            if b[i] == b'r' {
                i += 1;
                while b[i] == b'#' {
                    hashes += 1;
                    i += 1;
                }
            }
            i += 1;
            loop {
                if i >= b.len() {
                    break;
                }
                if b[i] == b'\n' {
                    out.push('\n');
                }
                if hashes == 0 && b[i] == b'\\' {
                    i += 2;
                    continue;
                }
                if b[i] == b'"' && b[i + 1..].iter().take(hashes).filter(|&&c| c == b'#').count() == hashes {
                    i += 1 + hashes;
                    break;
                }
                i += 1;
            }
            out.push_str("\"\"");
        } else if b[i] == b'\'' && char_literal_len(&text[i..]) > 0 {
            // A char literal ('{', '\''), not a lifetime ('a).
            i += char_literal_len(&text[i..]);
            out.push_str("' '");
        } else {
            let ch = text[i..].chars().next().unwrap();
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

/// The code with every `#[cfg(test)] mod … { … }` block blanked (lines kept): test code is outside the
/// layers, and may drive a layer through the ones above it (a rules test through the API).
fn without_test_modules(code: &str) -> String {
    let mut out = code.to_string();
    let mut from = 0;
    while let Some(at) = out[from..].find("#[cfg(test)]").map(|p| p + from) {
        let after = at + "#[cfg(test)]".len();
        let rest = out[after..].trim_start();
        let body_start = after + (out[after..].len() - rest.len());
        if !(rest.starts_with("mod ") || rest.starts_with("pub mod ")) {
            from = after;
            continue;
        }
        let Some(open) = out[body_start..].find(['{', ';']).map(|p| p + body_start) else {
            break;
        };
        if out.as_bytes()[open] == b';' {
            from = open;
            continue;
        }
        let mut depth = 0;
        let mut end = open;
        for (i, c) in out[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        let blank: String = out[at..end]
            .chars()
            .map(|c| if c == '\n' { '\n' } else { ' ' })
            .collect();
        out.replace_range(at..end, &blank);
        from = at + blank.len();
    }
    out
}

/// Whether a module is test code: a `tests.rs` file module (declared `#[cfg(test)] mod tests;`).
fn is_test_module(module: &str) -> bool {
    module == "tests" || module.ends_with("::tests")
}

/// The length of the char literal `s` starts with, or 0 when its quote opens a lifetime or a label.
fn char_literal_len(s: &str) -> usize {
    let mut chars = s.char_indices().skip(1);
    match chars.next() {
        Some((_, '\\')) => s[2..].find('\'').map_or(0, |p| p + 3),
        Some((_, c)) => {
            let after = 1 + c.len_utf8();
            if s[after..].starts_with('\'') {
                after + 1
            } else {
                0
            }
        }
        None => 0,
    }
}

struct Import {
    from: String,
    to: String,
    file: PathBuf,
    line: usize,
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every path that follows `crate::`, `$crate::` or `super::`, as its segments and its line, with `use`
/// groups (`crate::{a, b::{c, d}}`, over several lines too) expanded.
fn paths_in(code: &str, module: &str) -> Vec<(usize, Vec<String>)> {
    let mut found = Vec::new();
    let b = code.as_bytes();
    let line_at = |pos: usize| code[..pos].bytes().filter(|&c| c == b'\n').count() + 1;
    let mut i = 0;
    while i < b.len() {
        let kw = if b[i..].starts_with(b"crate::") {
            "crate::"
        } else if b[i..].starts_with(b"super::") {
            "super::"
        } else {
            i += 1;
            continue;
        };
        let before = code[..i].chars().last();
        let start = i;
        i += kw.len();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let mut base: Vec<String> = Vec::new();
        if kw == "super::" {
            base = module.split("::").filter(|s| !s.is_empty()).map(String::from).collect();
            base.pop();
            while b[i..].starts_with(b"super::") {
                base.pop();
                i += "super::".len();
            }
        }
        let line = line_at(start);
        i = expand(code, i, base, line, &mut found);
    }
    found
}

/// Reads one path tree at `i` (segments, then maybe a `{…}` group), pushing each leaf path; returns
/// the position after it.
fn expand(
    code: &str,
    mut i: usize,
    mut prefix: Vec<String>,
    line: usize,
    out: &mut Vec<(usize, Vec<String>)>,
) -> usize {
    let b = code.as_bytes();
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i < b.len() && b[i] == b'{' {
            i += 1;
            loop {
                while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b',') {
                    i += 1;
                }
                if i >= b.len() || b[i] == b'}' {
                    return i + 1;
                }
                let item_line = code[..i].bytes().filter(|&c| c == b'\n').count() + 1;
                i = expand(code, i, prefix.clone(), item_line, out);
            }
        }
        let seg: String = code[i..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if seg.is_empty() {
            out.push((line, prefix));
            return i;
        }
        i += seg.len();
        if seg != "self" {
            prefix.push(seg);
        }
        if code[i..].starts_with("::") {
            i += 2;
        } else {
            out.push((line, prefix));
            return i;
        }
    }
}

fn imports() -> (Vec<Import>, BTreeSet<String>) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let modules: BTreeSet<String> = files.iter().map(|f| module_of(&src, f)).collect();
    let mut out = Vec::new();
    for file in &files {
        let module = module_of(&src, file);
        if is_test_module(&module) {
            continue;
        }
        let code = without_test_modules(&code_only(&fs::read_to_string(file).unwrap()));
        for (line, segs) in paths_in(&code, &module) {
            let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
            // A path that names no module names an item of the facade (`crate::Request`).
            let to = resolve(&segs, &modules).unwrap_or_else(|| FACADE.to_string());
            if to == module {
                continue;
            }
            out.push(Import {
                from: module.clone(),
                to,
                file: file.strip_prefix(src.parent().unwrap()).unwrap().to_path_buf(),
                line,
            });
        }
    }
    (out, modules)
}

#[test]
fn no_import_runs_upward() {
    let (imports, _) = imports();
    let mut wrong = Vec::new();
    for i in &imports {
        if i.from == FACADE {
            continue;
        }
        let from = layer_of(&i.from);
        let to = if i.to == FACADE { None } else { layer_of(&i.to) };
        match (from, to) {
            (Some(f), Some(t)) if t <= f => {}
            (Some(_), None) if i.to == FACADE => wrong.push(format!(
                "{}:{}: {} imports from the crate root (lib.rs is the facade; import the layer itself)",
                i.file.display(),
                i.line,
                i.from
            )),
            (Some(f), Some(t)) => wrong.push(format!(
                "{}:{}: {} ({}) imports {} ({}), a layer above it",
                i.file.display(),
                i.line,
                i.from,
                LAYERS[f].0,
                i.to,
                LAYERS[t].0
            )),
            _ => wrong.push(format!(
                "{}:{}: {} or {} is in no layer (add its folder to LAYERS in tests/layering.rs)",
                i.file.display(),
                i.line,
                i.from,
                i.to
            )),
        }
    }
    assert!(wrong.is_empty(), "imports that run upward:\n{}", wrong.join("\n"));
}

#[test]
fn no_modules_import_each_other_in_a_circle() {
    let (imports, _) = imports();
    // Edges between modules, children folded into their file's module (a `mod tests` is its parent).
    let mut edges: BTreeMap<&str, BTreeMap<&str, &Import>> = BTreeMap::new();
    for i in &imports {
        if i.from == FACADE || i.to == FACADE || i.from.starts_with(&format!("{}::", i.to)) {
            // A child naming its parent folder's module (`super::Entry`) is part of one unit.
            continue;
        }
        edges
            .entry(i.from.as_str())
            .or_default()
            .entry(i.to.as_str())
            .or_insert(i);
    }
    // Depth-first search for a back edge; report the first cycle found with every edge's file and line.
    fn visit<'a>(
        node: &'a str,
        edges: &BTreeMap<&'a str, BTreeMap<&'a str, &'a Import>>,
        state: &mut BTreeMap<&'a str, u8>,
        stack: &mut Vec<&'a str>,
    ) -> Option<Vec<&'a str>> {
        state.insert(node, 1);
        stack.push(node);
        for &next in edges
            .get(node)
            .map(|m| m.keys().copied().collect::<Vec<_>>())
            .unwrap_or_default()
            .iter()
        {
            match state.get(next).copied() {
                Some(1) => {
                    let start = stack.iter().position(|&n| n == next).unwrap();
                    let mut cycle = stack[start..].to_vec();
                    cycle.push(next);
                    return Some(cycle);
                }
                Some(_) => {}
                None => {
                    if let Some(c) = visit(next, edges, state, stack) {
                        return Some(c);
                    }
                }
            }
        }
        stack.pop();
        state.insert(node, 2);
        None
    }
    let mut state = BTreeMap::new();
    let nodes: Vec<&str> = edges.keys().copied().collect();
    for node in nodes {
        if state.contains_key(node) {
            continue;
        }
        if let Some(cycle) = visit(node, &edges, &mut state, &mut Vec::new()) {
            let steps: Vec<String> = cycle
                .windows(2)
                .map(|w| {
                    let i = edges[w[0]][w[1]];
                    format!("  {} -> {} ({}:{})", w[0], w[1], i.file.display(), i.line)
                })
                .collect();
            panic!("modules that import each other in a circle:\n{}", steps.join("\n"));
        }
    }
}

#[test]
fn the_checker_sees_paths_in_code_and_not_in_comments_or_strings() {
    let code = code_only("use crate::a::b; // crate::c::d\nlet s = \"crate::e\"; x = super::f::g;\n/* crate::h */");
    let module = "engine::x";
    let paths: Vec<String> = paths_in(&code, module).into_iter().map(|(_, p)| p.join("::")).collect();
    assert_eq!(paths, ["a::b", "engine::f::g"]);
    let grouped = paths_in(
        "use crate::{model::request,\n    foundation::money::{self, Fen}};",
        module,
    );
    let grouped: Vec<String> = grouped.into_iter().map(|(_, p)| p.join("::")).collect();
    assert_eq!(
        grouped,
        ["model::request", "foundation::money", "foundation::money::Fen"]
    );
    let tested =
        without_test_modules("use crate::a;\n#[cfg(test)]\nmod tests {\n    use crate::api;\n}\nuse crate::b;");
    let paths: Vec<String> = paths_in(&tested, module)
        .into_iter()
        .map(|(_, p)| p.join("::"))
        .collect();
    assert_eq!(paths, ["a", "b"]);
    assert_eq!(
        tested.lines().count(),
        6,
        "lines are kept, so that line numbers stay right"
    );
}
