//! What one rules file says, before validation, in a form that does not depend on TOML.
//!
//! A rules file is TOML (`docs/rules.md`). `build.rs` parses the embedded files at build time (this
//! module and `toml_file.rs` are compiled into the build script too) and embeds each in a compact
//! form of [`FileData`] ([`encode`]), with the line of every `[[city]]` and `[[param]]` carried
//! along, so that the engine (and the WebAssembly module) reads them back ([`decode`]) with no TOML
//! parser. A custom
//! rules file (`--rules FILE`, `loadRules`) is parsed by `toml_file.rs` (feature `custom-rules`) into
//! the same [`FileData`]. Either way the loader (`load.rs`) validates a [`FileData`], the same checks
//! for both.

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
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
    Table(Table),
}

/// A table's entries, sorted by key (keys are unique: TOML refuses a repeated key). A sorted list
/// rather than a `BTreeMap`, whose code the WebAssembly module would carry for this type alone.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table(pub Vec<(String, Tree)>);

impl Table {
    pub fn get(&self, key: &str) -> Option<&Tree> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &Tree)> {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

/// The key under which TOML's deserializer hands over a datetime.
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

    pub fn as_table(&self) -> Option<&Table> {
        match self {
            Tree::Table(t) => Some(t),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Tree> {
        self.as_table()?.get(key)
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
                // TOML's datetime: its text.
                let d: Tree = map.next_value()?;
                return match d {
                    Tree::Str(s) => Ok(Tree::Datetime(s)),
                    _ => Err(de::Error::custom("a datetime must be text")),
                };
            }
            let v = map.next_value()?;
            t.insert(k, v);
        }
        Ok(Tree::Table(Table(t.into_iter().collect())))
    }
}

impl<'de> Deserialize<'de> for Tree {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Tree, D::Error> {
        d.deserialize_any(TreeVisitor)
    }
}

/// `[region]` or a `[[city]]`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlace {
    pub code: String,
    pub zh: String,
    pub en: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// A `[sources.key]` table.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    /// A flexcalc convention where no rule is published (reported as such, not as a legal figure).
    #[serde(default)]
    pub convention: bool,
    #[serde(default)]
    pub document: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub published: Option<String>,
}

/// A `[[param]]` entry.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawParam {
    pub name: String,
    #[serde(default)]
    pub scope: Option<String>,
    pub from: String,
    #[serde(default)]
    pub to: Option<String>,
    pub value: Tree,
    #[serde(default)]
    pub grade: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    /// A value collected before the final one was published (`docs/rules.md`, "Provisional values").
    #[serde(default)]
    pub provisional: bool,
    /// When the value became known, where that is not its source's `published` (YYYY-MM-DD or YYYY-MM).
    #[serde(default)]
    pub published: Option<String>,
}

/// One rules file, with the (1-based) line where each city and each parameter entry was written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FileData {
    pub format: Option<u32>,
    /// A custom rules file that adds to a region the embedded rules already define (its code).
    pub extends: Option<String>,
    pub version: Option<String>,
    pub region: Option<RawPlace>,
    pub city: Vec<(usize, RawPlace)>,
    /// By key, sorted.
    pub sources: Vec<(String, RawSource)>,
    pub param: Vec<(usize, RawParam)>,
}

// The embedded form: `build.rs` writes each file's `FileData` with `encode`, the engine reads it back
// with `decode`. A plain token stream with no field names (the order is the struct's):
//   text      <byte length>:<bytes>             number   <digits>;
//   optional  - (absent) or the value           list     <count>; then the items
//   value     s text | i [-]digits; | f <f64 bits>; | t | F | d text | l count; values
//             | m count; (text value)…
// Small to embed and a few hundred bytes of code to read, where JSON would need serde_json's
// deserializer instantiated for every one of these types.

/// The embedded form of a file (see above).
pub fn encode(f: &FileData) -> String {
    let mut o = String::new();
    match f.format {
        Some(n) => num(&mut o, n as u64),
        None => o.push('-'),
    }
    opt(&mut o, &f.extends);
    opt(&mut o, &f.version);
    match &f.region {
        Some(p) => {
            o.push('+');
            place(&mut o, p);
        }
        None => o.push('-'),
    }
    num(&mut o, f.city.len() as u64);
    for (line, c) in &f.city {
        num(&mut o, *line as u64);
        place(&mut o, c);
    }
    num(&mut o, f.sources.len() as u64);
    for (key, s) in &f.sources {
        text(&mut o, key);
        o.push(if s.convention { 't' } else { 'F' });
        for x in [&s.document, &s.title, &s.url, &s.published] {
            opt(&mut o, x);
        }
    }
    num(&mut o, f.param.len() as u64);
    for (line, p) in &f.param {
        num(&mut o, *line as u64);
        text(&mut o, &p.name);
        opt(&mut o, &p.scope);
        text(&mut o, &p.from);
        opt(&mut o, &p.to);
        tree(&mut o, &p.value);
        for x in [&p.grade, &p.source, &p.note] {
            opt(&mut o, x);
        }
        o.push(if p.provisional { 't' } else { 'F' });
        opt(&mut o, &p.published);
    }
    o
}

fn num(o: &mut String, n: u64) {
    o.push_str(&n.to_string());
    o.push(';');
}

fn text(o: &mut String, s: &str) {
    o.push_str(&s.len().to_string());
    o.push(':');
    o.push_str(s);
}

fn opt(o: &mut String, s: &Option<String>) {
    match s {
        Some(s) => text(o, s),
        None => o.push('-'),
    }
}

fn place(o: &mut String, p: &RawPlace) {
    text(o, &p.code);
    text(o, &p.zh);
    text(o, &p.en);
    num(o, p.aliases.len() as u64);
    for a in &p.aliases {
        text(o, a);
    }
}

fn tree(o: &mut String, t: &Tree) {
    match t {
        Tree::Str(s) => {
            o.push('s');
            text(o, s);
        }
        Tree::Int(i) => {
            o.push('i');
            if *i < 0 {
                o.push('-');
            }
            num(o, i.unsigned_abs());
        }
        Tree::Float(f) => {
            o.push('f');
            num(o, f.to_bits());
        }
        Tree::Bool(b) => o.push(if *b { 't' } else { 'F' }),
        Tree::Datetime(s) => {
            o.push('d');
            text(o, s);
        }
        Tree::List(l) => {
            o.push('l');
            num(o, l.len() as u64);
            for x in l {
                tree(o, x);
            }
        }
        Tree::Table(m) => {
            o.push('m');
            num(o, m.0.len() as u64);
            for (k, v) in m.iter() {
                text(o, k);
                tree(o, v);
            }
        }
    }
}

/// Reads the embedded form back; `None` when it is malformed (never for what `encode` wrote).
pub fn decode(s: &str) -> Option<FileData> {
    let mut r = Reader { s, i: 0 };
    let format = match r.peek()? {
        b'-' => r.skip(None),
        _ => Some(u32::try_from(r.num()?).ok()?),
    };
    let extends = r.opt()?;
    let version = r.opt()?;
    let region = match r.byte()? {
        b'+' => Some(r.place()?),
        _ => None,
    };
    let mut city = Vec::new();
    for _ in 0..r.num()? {
        city.push((r.num()? as usize, r.place()?));
    }
    let mut sources = Vec::new();
    for _ in 0..r.num()? {
        let key = r.text()?;
        let convention = r.byte()? == b't';
        let source = RawSource {
            convention,
            document: r.opt()?,
            title: r.opt()?,
            url: r.opt()?,
            published: r.opt()?,
        };
        sources.push((key, source));
    }
    let mut param = Vec::new();
    for _ in 0..r.num()? {
        let line = r.num()? as usize;
        let p = RawParam {
            name: r.text()?,
            scope: r.opt()?,
            from: r.text()?,
            to: r.opt()?,
            value: r.tree(0)?,
            grade: r.opt()?,
            source: r.opt()?,
            note: r.opt()?,
            provisional: r.byte()? == b't',
            published: r.opt()?,
        };
        param.push((line, p));
    }
    (r.i == s.len()).then_some(FileData {
        format,
        extends,
        version,
        region,
        city,
        sources,
        param,
    })
}

struct Reader<'a> {
    s: &'a str,
    i: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.as_bytes().get(self.i).copied()
    }

    fn byte(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.i += 1;
        Some(b)
    }

    fn skip<T>(&mut self, v: T) -> T {
        self.i += 1;
        v
    }

    /// Digits up to `end`.
    fn digits(&mut self, end: u8) -> Option<u64> {
        let mut n: u64 = 0;
        loop {
            match self.byte()? {
                b if b == end => return Some(n),
                b @ b'0'..=b'9' => n = n.checked_mul(10)?.checked_add(u64::from(b - b'0'))?,
                _ => return None,
            }
        }
    }

    fn num(&mut self) -> Option<u64> {
        self.digits(b';')
    }

    fn text(&mut self) -> Option<String> {
        let len = usize::try_from(self.digits(b':')?).ok()?;
        let t = self.s.get(self.i..self.i.checked_add(len)?)?;
        self.i += len;
        Some(t.to_string())
    }

    fn opt(&mut self) -> Option<Option<String>> {
        match self.peek()? {
            b'-' => Some(self.skip(None)),
            _ => self.text().map(Some),
        }
    }

    fn place(&mut self) -> Option<RawPlace> {
        let (code, zh, en) = (self.text()?, self.text()?, self.text()?);
        let mut aliases = Vec::new();
        for _ in 0..self.num()? {
            aliases.push(self.text()?);
        }
        Some(RawPlace { code, zh, en, aliases })
    }

    fn tree(&mut self, depth: usize) -> Option<Tree> {
        if depth > 64 {
            return None;
        }
        Some(match self.byte()? {
            b's' => Tree::Str(self.text()?),
            b'i' => {
                let neg = self.peek()? == b'-';
                if neg {
                    self.i += 1;
                }
                let n = self.num()?;
                let v = if neg {
                    0i64.checked_sub_unsigned(n)?
                } else {
                    i64::try_from(n).ok()?
                };
                Tree::Int(v)
            }
            b'f' => Tree::Float(f64::from_bits(self.num()?)),
            b't' => Tree::Bool(true),
            b'F' => Tree::Bool(false),
            b'd' => Tree::Datetime(self.text()?),
            b'l' => {
                let mut l = Vec::new();
                for _ in 0..self.num()? {
                    l.push(self.tree(depth + 1)?);
                }
                Tree::List(l)
            }
            b'm' => {
                let mut m = Vec::new();
                for _ in 0..self.num()? {
                    let k = self.text()?;
                    m.push((k, self.tree(depth + 1)?));
                }
                Tree::Table(Table(m))
            }
            _ => return None,
        })
    }
}
