//! What one rules file says, before validation, in a form that does not depend on TOML.
//!
//! A rules file is TOML (`docs/rules.md`). `build.rs` parses the embedded files at build time (this
//! module and `toml_file.rs` are compiled into the build script too) and embeds each as compact JSON
//! of [`FileData`], with the line of every `[[city]]` and `[[param]]` carried along, so that the
//! engine (and the WebAssembly module) reads them with `serde_json` and needs no TOML parser. A custom
//! rules file (`--rules FILE`, `loadRules`) is parsed by `toml_file.rs` (feature `custom-rules`) into
//! the same [`FileData`]. Either way the loader (`load.rs`) validates a [`FileData`], the same checks
//! for both.

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// A parameter's value as written: the TOML value types (a TOML datetime keeps its text).
#[derive(Clone, Debug, PartialEq)]
pub enum Tree {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Datetime(String),
    List(Vec<Tree>),
    Table(BTreeMap<String, Tree>),
}

/// The key under which TOML's deserializer hands over a datetime (and under which [`Tree`] writes
/// one to JSON, so that it reads back as a datetime, never as a string).
const DATETIME_KEY: &str = "$__toml_private_datetime";

impl Tree {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Tree::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&Vec<Tree>> {
        match self {
            Tree::List(l) => Some(l),
            _ => None,
        }
    }

    pub fn as_table(&self) -> Option<&BTreeMap<String, Tree>> {
        match self {
            Tree::Table(t) => Some(t),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Tree> {
        self.as_table()?.get(key)
    }
}

impl Serialize for Tree {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Tree::Str(v) => s.serialize_str(v),
            Tree::Int(v) => s.serialize_i64(*v),
            Tree::Float(v) => s.serialize_f64(*v),
            Tree::Bool(v) => s.serialize_bool(*v),
            Tree::Datetime(v) => {
                let mut m = s.serialize_map(Some(1))?;
                m.serialize_entry(DATETIME_KEY, v)?;
                m.end()
            }
            Tree::List(l) => {
                let mut seq = s.serialize_seq(Some(l.len()))?;
                for x in l {
                    seq.serialize_element(x)?;
                }
                seq.end()
            }
            Tree::Table(t) => {
                let mut m = s.serialize_map(Some(t.len()))?;
                for (k, v) in t {
                    m.serialize_entry(k, v)?;
                }
                m.end()
            }
        }
    }
}

struct TreeVisitor;

impl<'de> Visitor<'de> for TreeVisitor {
    type Value = Tree;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Tree, E> {
        Ok(Tree::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Tree, E> {
        Ok(Tree::Int(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Tree, E> {
        i64::try_from(v)
            .map(Tree::Int)
            .map_err(|_| E::custom("integer out of range"))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Tree, E> {
        Ok(Tree::Float(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Tree, E> {
        Ok(Tree::Str(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Tree, E> {
        Ok(Tree::Str(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Tree, A::Error> {
        let mut l = Vec::new();
        while let Some(x) = seq.next_element()? {
            l.push(x);
        }
        Ok(Tree::List(l))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tree, A::Error> {
        let mut t = BTreeMap::new();
        while let Some(k) = map.next_key::<String>()? {
            if k == DATETIME_KEY && t.is_empty() {
                // TOML's datetime (and its JSON form, see `Serialize`): its text, whatever carries it.
                let d: Tree = map.next_value()?;
                return match d {
                    Tree::Str(s) => Ok(Tree::Datetime(s)),
                    _ => Err(de::Error::custom("a datetime must be text")),
                };
            }
            let v = map.next_value()?;
            t.insert(k, v);
        }
        Ok(Tree::Table(t))
    }
}

impl<'de> Deserialize<'de> for Tree {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Tree, D::Error> {
        d.deserialize_any(TreeVisitor)
    }
}

/// `[region]` or a `[[city]]`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlace {
    pub code: String,
    pub zh: String,
    pub en: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

/// A `[sources.key]` table.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    /// A flexcalc convention where no rule is published (reported as such, not as a legal figure).
    #[serde(default, skip_serializing_if = "is_false")]
    pub convention: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A `[[param]]` entry.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawParam {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    pub from: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    pub value: Tree,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One rules file, with the (1-based) line where each city and each parameter entry was written.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileData {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<u32>,
    /// A custom rules file that adds to a region the embedded rules already define (its code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extends: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<RawPlace>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub city: Vec<(usize, RawPlace)>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub sources: BTreeMap<String, RawSource>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub param: Vec<(usize, RawParam)>,
}
