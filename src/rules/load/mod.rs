//! Reading rules files and checking them before anything may compute with them.

mod consistency;
mod provisional;
mod sources;

use sources::{file_sources, published_month};

use super::gazetteer::{Division, Level};
use super::params::Value;
use super::raw::{FileData, RawParam, RawPlace};
use super::{normalise_name, City, Entry, Grade, Param, Region, RuleSet, Scope, SeriesKey, Source, FILE_CHECKS};
use crate::foundation::month::YearMonth;
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

include!(concat!(env!("OUT_DIR"), "/embedded_rules.rs"));

/// A rules file that failed validation: which file, which line, which entry, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RulesError {
    pub file: String,
    /// 1-based; 0 when the problem is not tied to a line.
    pub line: usize,
    pub entry: Option<String>,
    pub message: String,
}

impl fmt::Display for RulesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
        }
        if let Some(e) = &self.entry {
            write!(f, " ({e})")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for RulesError {}

/// The rules compiled into the crate: each embedded file as `build.rs` read it from `rules/**/*.toml`
/// (a [`FileData`], see `raw.rs`), validated here exactly as a custom file is.
pub fn load_embedded() -> Result<RuleSet, RulesError> {
    let mut b = Builder::new();
    b.add_embedded()?;
    b.finish()
}

/// Loads and validates a set of rules files given as (name, TOML text), without the embedded rules.
/// The manifest (`rules/manifest.toml`, or any file with a top-level `version`) gives the rules version.
#[cfg(feature = "custom-rules")]
pub fn load_files<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<RuleSet, RulesError> {
    load_with_custom(files, std::iter::empty(), Embedded::Omit)
}

/// The embedded rules plus an NGO's own files (newer figures, another city). A custom file may define a
/// new region, or add to an existing one with `extends = "<code>"` (new cities, new periods). A custom
/// entry may replace an embedded entry of exactly the same period; any other overlap is an error. Every
/// result computed with custom rules names the files.
#[cfg(feature = "custom-rules")]
pub fn load_embedded_with<'a>(custom: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<RuleSet, RulesError> {
    load_with_custom(std::iter::empty(), custom, Embedded::Include)
}

#[cfg(all(test, feature = "custom-rules"))]
pub(super) fn load_with_custom_for_tests<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
    custom: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<RuleSet, RulesError> {
    load_with_custom(files, custom, Embedded::Omit)
}

/// Whether a load starts from the compiled-in rules: custom files go over them, a test's or a tool's own
/// set of files goes in their place.
#[cfg(feature = "custom-rules")]
#[derive(Clone, Copy, PartialEq, Eq)]
enum Embedded {
    Include,
    Omit,
}

/// `files` (TOML text) are read as the embedded files are; with [`Embedded::Include`], the compiled-in
/// files come first.
#[cfg(feature = "custom-rules")]
fn load_with_custom<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a str)>,
    custom: impl IntoIterator<Item = (&'a str, &'a str)>,
    embedded: Embedded,
) -> Result<RuleSet, RulesError> {
    let mut b = Builder::new();
    if embedded == Embedded::Include {
        b.add_embedded()?;
    }
    for (name, text) in files {
        b.add_file(name, parse_toml(name, text)?, Origin::Base)?;
    }
    for (name, text) in custom {
        b.add_file(name, parse_toml(name, text)?, Origin::Custom)?;
        b.custom_files.push(name.to_string());
    }
    b.finish()
}

#[cfg(feature = "custom-rules")]
fn parse_toml(name: &str, text: &str) -> Result<FileData, RulesError> {
    super::toml_file::parse(text).map_err(|(line, message)| RulesError {
        file: name.to_string(),
        line,
        entry: None,
        message,
    })
}

#[derive(Default)]
struct Builder {
    version: Option<String>,
    custom_files: Vec<String>,
    regions: Vec<Region>,
    names: HashMap<String, (usize, Option<usize>)>,
    /// Each place's own Chinese and English names, which the gazetteer may find ambiguous (`Taizhou`):
    /// looked up after it, where the deliberate `names` (codes, aliases) come before it.
    display_names: HashMap<String, (usize, Option<usize>)>,
    series: Vec<(SeriesKey, Vec<Entry>)>,
    /// The provisional entries, by series as `series`.
    provisional: Vec<(SeriesKey, Vec<Entry>)>,
    /// The gazetteer, read once: scopes are checked against it and every prefecture becomes a city.
    divisions: Vec<Division>,
}

fn is_code(s: &str) -> bool {
    s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit())
}

/// Where a rules file stands. A custom file (an NGO's own, `--rules`) may extend a region and replace
/// a base entry of exactly the same period, and may not set the rules version; a base file (an embedded
/// one, or one read in their place by [`load_files`]) may set it and may not extend.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Origin {
    Base,
    Custom,
}

/// An error in `file`, at `line` (0 when not tied to a line), in `entry`. Never inlined: the loader
/// calls it from each of its checks, and inlined there its copy of the file name repeated itself in
/// the wasm module.
#[inline(never)]
fn rules_error(file: &str, line: usize, entry: Option<String>, message: String) -> RulesError {
    RulesError {
        file: file.to_string(),
        line,
        entry,
        message,
    }
}

/// What a file's `[[param]]` entries are read against: the file, its sources, its region and the codes
/// its entries may be scoped to.
struct FilePlace<'a> {
    file: &'a Arc<str>,
    sources: &'a [(String, Arc<Source>)],
    region_index: Option<usize>,
    scopes: &'a [String],
}

impl Builder {
    fn new() -> Builder {
        Builder {
            divisions: super::gazetteer::divisions(),
            ..Builder::default()
        }
    }

    /// Whether `code` is a prefecture-level division of the gazetteer under province `province`.
    fn is_prefecture_of(&self, code: &str, province: &str) -> bool {
        code.get(..2) == province.get(..2)
            && super::gazetteer::find(&self.divisions, code)
                .is_some_and(|i| self.divisions[i].level == Level::Prefecture)
    }

    /// Every embedded file, in the order `build.rs` listed them.
    fn add_embedded(&mut self) -> Result<(), RulesError> {
        for (name, embedded) in EMBEDDED {
            let data = super::raw::decode(embedded).ok_or_else(|| RulesError {
                file: name.to_string(),
                line: 0,
                entry: None,
                message: "embedded data unreadable".into(),
            })?;
            self.add_file(name, data, Origin::Base)?;
        }
        Ok(())
    }

    fn add_file(&mut self, file: &str, raw: FileData, origin: Origin) -> Result<(), RulesError> {
        let FileData {
            format,
            extends,
            version,
            region,
            city,
            sources,
            param,
        } = raw;
        let extends = self.check_header(file, format, extends, &region, version, origin)?;
        let file_arc: Arc<str> = Arc::from(file);
        let sources = file_sources(file, sources)?;
        let (region_index, file_scopes) = match (region, &extends) {
            (Some(r), _) => self.define_region(file, r, city)?,
            // `check_header` refused `extends` in a base file; matched on `origin` as well so that where
            // it is known `Base` (the embedded files) the compiler sees that this branch is never taken.
            (None, Some(code)) if origin == Origin::Custom => self.extend_region(file, code, city)?,
            (None, _) => {
                if !city.is_empty() {
                    return Err(rules_error(
                        file,
                        0,
                        None,
                        why!("[[city]] needs a [region] in the same file"),
                    ));
                }
                (None, Vec::new())
            }
        };
        let place = FilePlace {
            file: &file_arc,
            sources: &sources,
            region_index,
            scopes: &file_scopes,
        };
        for (line, p) in param {
            let label = Some(["param ", &p.name].concat());
            let e = |m: String| rules_error(file, line, label.clone(), m);
            let (key, entry) = self.param_entry(&place, line, p).map_err(e)?;
            self.insert_entry(key, entry, origin).map_err(e)?;
        }
        Ok(())
    }

    /// The file's header: its format, whether it extends a region (returned), and the rules version.
    fn check_header(
        &mut self,
        file: &str,
        format: Option<u32>,
        extends: Option<String>,
        region: &Option<RawPlace>,
        version: Option<String>,
        origin: Origin,
    ) -> Result<Option<String>, RulesError> {
        let err = |message: String| rules_error(file, 0, None, message);
        if let Some(f) = format {
            if f != 1 {
                return Err(err(why!("unsupported format {f}; this engine reads format 1")));
            }
        }
        let extends = match extends {
            Some(_) if origin == Origin::Base => return Err(err(why!("`extends` is for custom rules files only"))),
            extends => extends,
        };
        if extends.is_some() && region.is_some() {
            return Err(err(why!("a file either defines a [region] or extends one, not both")));
        }
        if let Some(v) = version {
            if origin == Origin::Custom {
                return Err(err(why!("a custom rules file cannot set the rules version")));
            }
            if self.version.replace(v).is_some() {
                return Err(err(why!("a second file declares the rules version")));
            }
        }
        Ok(extends)
    }

    /// A file's `[region]` and its `[[city]]` blocks, registered by code and name: the region's index
    /// and the codes the file's entries may be scoped to.
    fn define_region(
        &mut self,
        file: &str,
        r: RawPlace,
        raw_cities: Vec<(usize, RawPlace)>,
    ) -> Result<(Option<usize>, Vec<String>), RulesError> {
        if !is_code(&r.code) || !r.code.ends_with("0000") {
            return Err(rules_error(
                file,
                0,
                Some("region".into()),
                why!("\"{}\" is not a province-level GB/T 2260 code", r.code),
            ));
        }
        let idx = self.regions.len();
        let mut cities = Vec::new();
        for (line, c) in raw_cities {
            if !is_code(&c.code) || c.code[..2] != r.code[..2] || c.code == r.code {
                return Err(rules_error(
                    file,
                    line,
                    Some(["city ", &c.code].concat()),
                    why!("\"{}\" is not a code under {}", c.code, r.code),
                ));
            }
            cities.push(City {
                code: c.code,
                zh: c.zh,
                en: c.en,
                aliases: c.aliases,
            });
        }
        let region = Region {
            code: r.code,
            zh: r.zh,
            en: r.en,
            aliases: r.aliases,
            cities,
        };
        let mut file_scopes = Vec::new();
        self.register(idx, None, &region.code, &region.zh, &region.en, &region.aliases)
            .map_err(|m| rules_error(file, 0, Some("region".into()), m))?;
        for (ci, c) in region.cities.iter().enumerate() {
            self.register(idx, Some(ci), &c.code, &c.zh, &c.en, &c.aliases)
                .map_err(|m| rules_error(file, 0, Some(["city ", &c.code].concat()), m))?;
            file_scopes.push(c.code.clone());
        }
        file_scopes.push(region.code.clone());
        self.regions.push(region);
        Ok((Some(idx), file_scopes))
    }

    /// A custom file's new cities of the region it extends (`code`): the region's index and the codes
    /// the file's entries may be scoped to (the region and every city of it).
    fn extend_region(
        &mut self,
        file: &str,
        code: &str,
        raw_cities: Vec<(usize, RawPlace)>,
    ) -> Result<(Option<usize>, Vec<String>), RulesError> {
        let Some(idx) = self.regions.iter().position(|r| r.code == code) else {
            return Err(rules_error(
                file,
                0,
                Some("extends".into()),
                why!("no region {code} to extend"),
            ));
        };
        for (line, c) in raw_cities {
            if !is_code(&c.code) || c.code[..2] != code[..2] || c.code == code {
                return Err(rules_error(
                    file,
                    line,
                    Some(["city ", &c.code].concat()),
                    why!("\"{}\" is not a code under {code}", c.code),
                ));
            }
            let ci = self.regions[idx].cities.len();
            self.register(idx, Some(ci), &c.code, &c.zh, &c.en, &c.aliases)
                .map_err(|m| rules_error(file, line, Some(["city ", &c.code].concat()), m))?;
            self.regions[idx].cities.push(City {
                code: c.code,
                zh: c.zh,
                en: c.en,
                aliases: c.aliases,
            });
        }
        let mut file_scopes = vec![code.to_string()];
        file_scopes.extend(self.regions[idx].cities.iter().map(|c| c.code.clone()));
        Ok((Some(idx), file_scopes))
    }

    /// One `[[param]]` entry of a file, checked: its series key (scope and parameter) and the entry.
    fn param_entry(&self, place: &FilePlace<'_>, line: usize, p: RawParam) -> Result<(SeriesKey, Entry), String> {
        let name = Param::from_name(&p.name)
            .ok_or_else(|| why!("unknown parameter name \"{}\" (see docs/rules.md)", p.name))?;
        let kind = name.kind();
        let scope = match (&p.scope, place.region_index) {
            (None, None) => Scope::National,
            (None, Some(i)) => Scope::Code(self.regions[i].code.clone()),
            (Some(s), _) if place.scopes.contains(s) => Scope::Code(s.clone()),
            // Any prefecture of the file's province, by the gazetteer, without a [[city]] block.
            (Some(s), Some(r)) if self.is_prefecture_of(s, &self.regions[r].code) => Scope::Code(s.clone()),
            (Some(s), _) => {
                return Err(why!("scope \"{s}\" is not this file's region or one of its cities"));
            }
        };
        let from: YearMonth = p.from.parse().map_err(|_| why!("from \"{}\" is not YYYY-MM", p.from))?;
        let to = match &p.to {
            None => None,
            Some(t) => Some(t.parse::<YearMonth>().map_err(|_| why!("to \"{t}\" is not YYYY-MM"))?),
        };
        if to.is_some_and(|to| to < from) {
            return Err(why!("to {} is before from {from}", to.unwrap_or(from)));
        }
        let grade = match p.grade.as_deref() {
            Some("A") => Grade::A,
            Some("B") => Grade::B,
            Some("C") => Grade::C,
            Some(g) => return Err(why!("grade \"{g}\" is not A, B or C")),
            None => return Err(why!("a value needs a grade (A, B or C)")),
        };
        let source_key = p.source.ok_or_else(|| why!("a value needs a source"))?;
        let source = place
            .sources
            .iter()
            .find(|(k, _)| *k == source_key)
            .map(|(_, s)| s.clone());
        let source =
            source.ok_or_else(|| why!("source \"{source_key}\" is not defined under [sources] in this file"))?;
        let value = Value::from_tree(kind, &p.value).map_err(|m| why!("value: {m}"))?;
        // When the value became known: the entry's own date (it must be one), else its source's (a
        // source dated only by a year or a span says nothing usable), else the start of its period.
        let published = match &p.published {
            Some(d) => published_month(d).ok_or_else(|| why!("published \"{d}\" is not YYYY-MM-DD or YYYY-MM"))?,
            None => source.published.as_deref().and_then(published_month).unwrap_or(from),
        };
        if p.provisional && to.is_none() {
            return Err(why!(
                "a provisional value needs `to`: it lies within the period of a final value"
            ));
        }
        let entry = Entry {
            from,
            to,
            value,
            grade,
            source,
            note: p.note,
            file: place.file.clone(),
            line,
            published,
            provisional: p.provisional,
        };
        Ok(((scope, name), entry))
    }

    /// Puts an entry into its series, which stays sorted by `from` and free of overlaps; a custom
    /// file's entry replaces a base entry of exactly the same period.
    fn insert_entry(&mut self, key: SeriesKey, entry: Entry, origin: Origin) -> Result<(), String> {
        let all = match entry.provisional {
            true => &mut self.provisional,
            false => &mut self.series,
        };
        // Kept sorted by key: a binary search finds a series without a hash map of its own.
        let at = match all.binary_search_by(|(k, _)| k.cmp(&key)) {
            Ok(at) => at,
            Err(at) => {
                all.insert(at, (key, Vec::new()));
                at
            }
        };
        let series = &mut all[at].1;
        // The series stays sorted by `from` and free of overlaps, so a new entry can only overlap
        // its neighbours: a binary search keeps loading linear in practice, however long the file.
        if origin == Origin::Custom {
            // An NGO's correction of a published figure: the same period, replaced.
            let custom_files = &self.custom_files;
            if let Ok(pos) = series.binary_search_by_key(&entry.from, |o| o.from) {
                let o = &series[pos];
                if o.to == entry.to && !custom_files.iter().any(|f| **f == *o.file) {
                    series.remove(pos);
                }
            }
        }
        let pos = series.partition_point(|o| o.from < entry.from);
        if FILE_CHECKS {
            let mut neighbours = pos
                .checked_sub(1)
                .into_iter()
                .chain([pos])
                .filter_map(|i| series.get(i));
            if let Some(other) = neighbours.find(|o| overlaps(o, &entry)) {
                return Err(why!(
                    "period {}..{} overlaps the entry at {}:{}",
                    entry.from,
                    entry.to.map_or("".into(), |t| t.to_string()),
                    other.file,
                    other.line
                ));
            }
        }
        series.insert(pos, entry);
        Ok(())
    }

    /// Makes a place findable by its code, names and aliases; a name taken by another place is an error
    /// ([`FILE_CHECKS`]).
    fn register(
        &mut self,
        province: usize,
        city: Option<usize>,
        code: &str,
        zh: &str,
        en: &str,
        aliases: &[String],
    ) -> Result<(), String> {
        let deliberate = std::iter::once(code.to_string()).chain(aliases.iter().map(|a| normalise_name(a)));
        let display = [normalise_name(zh), normalise_name(en)];
        for (key, is_display) in deliberate
            .map(|k| (k, false))
            .chain(display.into_iter().map(|k| (k, true)))
        {
            if key.is_empty() {
                continue;
            }
            let existing = self.names.get(&key).or_else(|| self.display_names.get(&key));
            match existing {
                Some(&existing) if FILE_CHECKS && existing != (province, city) => {
                    if key == code {
                        return Err(why!("code {code} is defined twice"));
                    }
                    return Err(why!("the name \"{key}\" already names another region"));
                }
                _ if is_display => {
                    if !self.names.contains_key(&key) {
                        self.display_names.insert(key, (province, city));
                    }
                }
                _ => {
                    self.display_names.remove(&key);
                    self.names.insert(key, (province, city));
                }
            }
        }
        Ok(())
    }

    /// Every prefecture of the gazetteer becomes a city of its province, so that each has a scope its
    /// own rules can be given at and a name; a city the rules files declare keeps their names.
    fn add_gazetteer_cities(&mut self) {
        for d in &self.divisions {
            if d.level != Level::Prefecture {
                continue;
            }
            let Some(province) = self.regions.iter().position(|r| r.code == d.province_code()) else {
                continue;
            };
            if self.regions[province].cities.iter().any(|c| c.code == d.code) {
                continue;
            }
            let city = self.regions[province].cities.len();
            self.regions[province].cities.push(City {
                code: d.code.to_string(),
                zh: d.zh.to_string(),
                en: d.en.to_string(),
                aliases: Vec::new(),
            });
            self.names.entry(d.code.to_string()).or_insert((province, Some(city)));
        }
    }

    fn finish(mut self) -> Result<RuleSet, RulesError> {
        self.add_gazetteer_cities();
        if FILE_CHECKS {
            self.check_provisional()?;
        }
        let version = self.version.ok_or_else(|| RulesError {
            file: "rules/manifest.toml".into(),
            line: 0,
            entry: None,
            message: why!("no file declares the rules version"),
        })?;
        let rules = RuleSet::new(
            version,
            self.custom_files,
            self.regions,
            (self.series, self.provisional),
            self.names,
            self.display_names,
            self.divisions,
        );
        if FILE_CHECKS {
            consistency::check_consistency(&rules)?;
        }
        Ok(rules)
    }
}

fn overlaps(a: &Entry, b: &Entry) -> bool {
    let a_end = a.to.map_or(i64::MAX, YearMonth::index);
    let b_end = b.to.map_or(i64::MAX, YearMonth::index);
    a.from.index() <= b_end && b.from.index() <= a_end
}
