//! Embeds every `rules/**/*.toml` file into the crate, so that adding a region or a year of figures
//! needs no code change. The list is sorted so that builds are reproducible.
//!
//! Each file is parsed here, at build time, with the same code the engine uses for a custom rules
//! file (`src/rules/toml_file.rs` into `src/rules/raw.rs`'s `FileData`), and embedded in a compact
//! form of that structure with each entry's line (`raw::encode`): the engine then reads the embedded
//! rules without a TOML parser (the WebAssembly module has none unless built with the `custom-rules` feature) and
//! validates them exactly as before. A TOML syntax error, an unknown key or a wrong type in an
//! embedded file stops the build with the file and line; every other check runs when the rules load.

#[allow(dead_code)]
#[path = "src/rules/raw.rs"]
mod raw;
#[allow(dead_code)]
#[path = "src/rules/toml_file.rs"]
mod toml_file;

use std::fs;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(read) = fs::read_dir(dir) else { return };
    for entry in read.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let rules = root.join("rules");
    println!("cargo:rerun-if-changed=rules");
    let mut files = Vec::new();
    collect(&rules, &mut files);
    files.sort();
    let mut code = String::from("/// Every rules file: (path relative to the repository, its `FileData` as `raw::encode` wrote it).\npub static EMBEDDED: &[(&str, &str)] = &[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let rel = f
            .strip_prefix(&root)
            .expect("under the manifest dir")
            .to_string_lossy()
            .replace('\\', "/");
        code.push_str(&format!("    ({rel:?}, {:?}),\n", compile(&rel, f)));
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded_rules.rs");
    fs::write(out, code).expect("write embedded_rules.rs");
    gazetteer(&root);
    golden_cases(&root);
}

/// `rules/gazetteer/divisions.tsv` in the compact form `src/rules/gazetteer.rs` reads, which leaves out
/// what follows from the rest (about 40 % fewer bytes once compressed, in every page's wasm module):
/// one line per division, `code \t level[prefecture] \t short \t zh \t pinyin \t en`, where the level
/// is `p`, `c` or `x` (province, prefecture, county) and is followed by the prefecture's code only
/// when it is not the county's own `xxxx00` (municipalities' districts); `zh` is the part after the
/// short name (`市`), or `|` and the whole name where it does not begin with it; `en` is empty where
/// it is the pinyin with a capital.
fn gazetteer(root: &Path) {
    let path = root.join("rules/gazetteer/divisions.tsv");
    println!("cargo:rerun-if-changed={}", path.display());
    let text = fs::read_to_string(&path).expect("read rules/gazetteer/divisions.tsv");
    let mut out = String::with_capacity(text.len() / 2);
    for line in text.lines().filter(|l| !l.is_empty() && !l.starts_with('#')).skip(1) {
        let c: Vec<&str> = line.split('\t').collect();
        let [code, level, prefecture, zh, short, pinyin, en] = c[..] else {
            panic!("divisions.tsv: not 7 columns: {line}")
        };
        let (tag, derived) = match level {
            "province" => ("p", String::new()),
            "prefecture" => ("c", code.to_string()),
            "county" => ("x", format!("{}00", &code[..4])),
            other => panic!("divisions.tsv: unknown level {other}"),
        };
        let prefecture = if prefecture == derived { "" } else { prefecture };
        let zh = match zh.strip_prefix(short) {
            Some(rest) => rest.to_string(),
            None => format!("|{zh}"),
        };
        let capitalised: String = pinyin
            .chars()
            .take(1)
            .flat_map(char::to_uppercase)
            .chain(pinyin.chars().skip(1))
            .collect();
        let en = if en == capitalised { "" } else { en };
        out.push_str(
            &[
                code, "\t", tag, prefecture, "\t", short, "\t", &zh, "\t", pinyin, "\t", en, "\n",
            ]
            .concat(),
        );
    }
    let dest = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("gazetteer.txt");
    fs::write(dest, out).expect("write gazetteer.txt");
}

/// A rules file in its embedded form (`raw::encode`); a file TOML cannot read stops the build.
fn compile(rel: &str, path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{rel}: cannot read: {e}"));
    let mut data = toml_file::parse(&text).unwrap_or_else(|(line, message)| panic!("{rel}:{line}: {message}"));
    // The maintainers' notes on each entry ("single compilation", "derived: ceiling / 3") reach a
    // result only in a traced citation's `note`, which the page never shows: the page's core module
    // (built without the default feature `rule-notes`) leaves them out for the first answer's weight.
    // The scenario files' notes stay: every compare result lists the scenario's parameters with them.
    if std::env::var_os("CARGO_FEATURE_RULE_NOTES").is_none() && !rel.starts_with("rules/scenarios/") {
        for (_, p) in &mut data.param {
            p.note = None;
        }
    }
    let embedded = raw::encode(&data);
    // What the engine will read back must be what was written (a NaN would not compare equal).
    assert!(
        raw::decode(&embedded).as_ref() == Some(&data),
        "{rel}: the file does not survive the embedding (a NaN value?)"
    );
    embedded
}

/// The golden cases (`tests/cases/*.json`) as a list for the WebAssembly tests
/// (`tests/wasm/golden.rs`), which run in a browser and cannot read files. Only those tests include it.
fn golden_cases(root: &Path) {
    let dir = root.join("tests").join("cases");
    println!("cargo:rerun-if-changed=tests/cases");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .map(|r| {
            r.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "json"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut code =
        String::from("/// Every golden case: (file name, contents).\npub static CASES: &[(&str, &str)] = &[\n");
    for f in &files {
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        code.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            f.display().to_string()
        ));
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("golden_cases.rs");
    fs::write(out, code).expect("write golden_cases.rs");
}
