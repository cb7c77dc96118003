//! The law as data: regions, dated parameter series with citations and grades, and lookup by region
//! and month.
//!
//! The rules are plain TOML files under `rules/` (see `docs/rules.md`), read by `build.rs` and embedded
//! in a compact form ([`raw::FileData`], see `raw.rs`), and validated by [`load`] before any computation may
//! use them. Custom rules files (feature `custom-rules`) are TOML read at run time into the same form.

/// The reason a rules file is refused, for the person who wrote it: `format!`'s arguments.
///
/// Only a build with feature `custom-rules` reads rules files at run time, so only it says why. The core
/// wasm module's only rules are the embedded ones, which `cargo test` loads with every reason
/// (`the_embedded_rules_load`); there every reason is one fixed text, so that the module carries
/// neither the messages nor the formatting they need (f64's Display alone is about 14 kB). The checks
/// themselves run in both: an embedded file that fails one is still an error, never a wrong figure.
#[cfg(feature = "custom-rules")]
macro_rules! why {
    ($($arg:tt)*) => {
        format!($($arg)*)
    };
}

#[cfg(not(feature = "custom-rules"))]
macro_rules! why {
    ($($arg:tt)*) => {{
        // Type-checked (so the arguments count as used), never compiled in.
        if false {
            let _ = format!($($arg)*);
        }
        String::from("fails validation; `cargo test` says why")
    }};
}

/// Whether the loader runs the checks that only a mistaken rules *file* fails, and that the engine does
/// not need to compute safely: two entries of a series over overlapping months, a code or a name given to
/// two places, an unknown key in a value's table, a base floor above its ceiling or a pension split that
/// does not add up to the rate. With feature `custom-rules` they run, for every file. The core wasm
/// module reads only the embedded rules, which `cargo test` loads with these checks
/// (`the_embedded_rules_load`), so it leaves them out (about 3 kB gzipped). The checks a value needs to be
/// used (its type, its range, its period, grade and source) run in every build.
const FILE_CHECKS: bool = cfg!(feature = "custom-rules");

pub mod catalogue;
pub mod gazetteer;
mod index;
mod load;
pub mod params;
pub mod raw;
mod resolve;
#[cfg(feature = "custom-rules")]
mod toml_file;

pub use catalogue::{key, ty, Key, Param, ParamType};
pub use load::{load_embedded, RulesError};
#[cfg(feature = "custom-rules")]
pub use load::{load_embedded_with, load_files};
pub use params::{Fraction, Kind, MedicalEstimate, MedicalPart, MedicalRule, MedicalTier, SubsidyRule, Value};
pub use resolve::normalise_name;

use crate::foundation::error::{ApiError, ErrorCode, Message};
use crate::foundation::month::YearMonth;
pub use crate::model::citation::{Grade, Source};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// One value of a parameter, valid over a period of months.
#[derive(Clone, Debug)]
pub struct Entry {
    pub from: YearMonth,
    /// Last month of the published period; `None` for a standing rule in force until changed.
    pub to: Option<YearMonth>,
    pub value: Value,
    pub grade: Grade,
    pub source: Arc<Source>,
    pub note: Option<String>,
    /// Where the entry was written, for error messages and the trace.
    pub file: Arc<str>,
    pub line: usize,
    /// The month the value became known: the entry's own `published`, else its source's, else its
    /// `from` (an undated notice is taken as known from the start of its period, so that nothing is
    /// provisional for it). A contribution collected before this month was collected on another value.
    pub published: YearMonth,
    /// A value collected before the final one of the same months was published (`provisional = true`
    /// in the file: a notice that says so, e.g. "暂按上年度"). Kept apart from the final series.
    pub provisional: bool,
}

impl Entry {
    pub fn covers(&self, m: YearMonth) -> bool {
        self.from <= m && self.to.is_none_or(|to| m <= to)
    }
}

/// Where a parameter applies: everywhere, or one province or city by its code.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    National,
    Code(String),
}

impl Scope {
    pub fn label(&self) -> &str {
        match self {
            Scope::National => "national",
            Scope::Code(c) => c,
        }
    }
}

/// A parameter's series is found by its scope and its catalogue name.
type SeriesKey = (Scope, Param);

/// Series as the loader builds them, sorted by key.
type SeriesList = Vec<(SeriesKey, Vec<Entry>)>;

/// A city (or county) with values or a name of its own.
#[derive(Clone, Debug, Serialize)]
pub struct City {
    pub code: String,
    pub zh: String,
    pub en: String,
    pub aliases: Vec<String>,
}

/// A province-level region.
#[derive(Clone, Debug, Serialize)]
pub struct Region {
    pub code: String,
    pub zh: String,
    pub en: String,
    pub aliases: Vec<String>,
    pub cities: Vec<City>,
}

/// A request's region resolved against the rules: the province, and the city when the data know it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub province: usize,
    pub city: Option<usize>,
    /// The code of the place the request named (a county keeps its own code: its prefecture's rules
    /// apply); [`RuleSet::division`] finds it in the gazetteer.
    pub requested: String,
}

/// What a name resolves to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Resolution {
    Found(Place),
    /// Several administrations share the name: the candidates (division indices), never a guess.
    Ambiguous(Vec<usize>),
    Unknown,
}

/// A value found for a month, with what the result must say about it.
#[derive(Clone, Copy, Debug)]
pub struct Found<'a> {
    pub name: &'static str,
    pub entry: &'a Entry,
    pub scope: &'a Scope,
    /// Whether the value is carried forward ([`Found::carried_forward`]) and whether it is provisional
    /// ([`Found::provisional`]), as bits of a whole word: with a `bool` the compiler tags
    /// `Option<Found>` and `Result`s of it in that byte, and the engine's dozen probes a month then
    /// copied the found value in odd-sized pieces that the processor cannot forward from store to load
    /// (measured: the slowest instructions of a contribution were these reloads).
    carried: usize,
}

/// [`Found::carried`]'s bits.
const CARRIED: usize = 1;
const PROVISIONAL: usize = 2;

impl Found<'_> {
    /// The month lies after the last published period: the last value is carried forward.
    pub fn carried_forward(&self) -> bool {
        self.carried & CARRIED != 0
    }

    /// The value collected before the month's final value was published (an assessment `collected_in`
    /// a month before that notice): the final value, known later, replaces it.
    pub fn provisional(&self) -> bool {
        self.carried & PROVISIONAL != 0
    }

    /// Whether the result must say something about the value (carried forward, provisional).
    pub fn flagged(&self) -> bool {
        self.carried != 0
    }
}

/// A parameter's value read through its typed key, with where it was found (for the citation and
/// the notes): `got.value` is typed, `got.found` (or `*got`) the entry.
pub struct Got<'a, T: ParamType> {
    pub value: T::Out<'a>,
    pub found: Found<'a>,
}

impl<'a, T: ParamType> Clone for Got<'a, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<'a, T: ParamType> Copy for Got<'a, T> {}

impl<'a, T: ParamType> std::ops::Deref for Got<'a, T> {
    type Target = Found<'a>;
    fn deref(&self) -> &Found<'a> {
        &self.found
    }
}

/// A closed range of months.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub first: YearMonth,
    pub last: YearMonth,
}

impl Span {
    pub const ALL: Span = Span {
        first: YearMonth::MIN,
        last: YearMonth::MAX,
    };

    pub fn contains(self, m: YearMonth) -> bool {
        self.first <= m && m <= self.last
    }
}

/// The loaded, validated rules.
#[derive(Clone, Debug)]
pub struct RuleSet {
    pub version: String,
    /// Files loaded beside the embedded data (an NGO's own rules).
    pub custom_files: Vec<String>,
    pub regions: Vec<Region>,
    /// Normalised alias or code → (province, city).
    names: HashMap<String, (usize, Option<usize>)>,
    /// Each place's own Chinese and English names from the files, looked up after the gazetteer.
    display_names: HashMap<String, (usize, Option<usize>)>,
    /// Every series by scope and parameter number, for the lookups of every month.
    index: index::Index,
    /// Every division of the gazetteer, in code order.
    pub divisions: Vec<gazetteer::Division>,
    /// What [`RuleSet::served_by`] found for each division.
    served: Vec<Option<(usize, Option<usize>)>>,
    /// Normalised code, name, short name or pinyin → the divisions it names (a special area names
    /// the division that serves it).
    places: OnceLock<HashMap<String, Vec<usize>>>,
}

impl RuleSet {
    fn new(
        version: String,
        custom_files: Vec<String>,
        regions: Vec<Region>,
        // The final series and the provisional entries, each by series.
        (series, provisional): (SeriesList, SeriesList),
        names: HashMap<String, (usize, Option<usize>)>,
        display_names: HashMap<String, (usize, Option<usize>)>,
        divisions: Vec<gazetteer::Division>,
    ) -> RuleSet {
        let series: Vec<(SeriesKey, Arc<[Entry]>)> = series.into_iter().map(|(k, v)| (k, Arc::from(v))).collect();
        let provisional: Vec<(SeriesKey, Arc<[Entry]>)> =
            provisional.into_iter().map(|(k, v)| (k, Arc::from(v))).collect();
        let index = index::Index::build(&regions, &series, &provisional);
        let served = Self::served_by(&regions, &divisions);
        RuleSet {
            version,
            custom_files,
            regions,
            names,
            display_names,
            index,
            divisions,
            served,
            places: OnceLock::new(),
        }
    }

    pub fn region(&self, place: &Place) -> &Region {
        &self.regions[place.province]
    }

    pub fn city(&self, place: &Place) -> Option<&City> {
        place.city.map(|c| &self.regions[place.province].cities[c])
    }

    /// The series that applies to `place` for parameter `name`: the city's, else the province's, else
    /// the national one.
    pub fn series_for(&self, place: &Place, param: Param) -> Option<(&Scope, &[Entry])> {
        self.index
            .scopes(place.province, place.city)
            .into_iter()
            .flatten()
            .find_map(|scope| self.index.get(scope, param.index()))
    }

    /// The value of `name` for `place` in `month`, or `None` when the data have no series for it.
    ///
    /// The most specific scope whose series has begun by `month` wins: a city's own series applies from
    /// its first entry, and before that the province's (a city often gains its own figures only in a
    /// later year). A month before every series' first period is `rules_not_available`.
    pub fn find(&self, place: &Place, param: Param, month: YearMonth) -> Result<Option<Found<'_>>, ApiError> {
        self.find_spanned(place, param, month).map(|(found, _)| found)
    }

    /// [`RuleSet::find`], with the months around `month` over which it gives the same answer (the same
    /// entry, the same carried-forward verdict), so that an assessment of many months looks each
    /// parameter up once per period instead of once per month (see `context::Lookups`).
    pub fn find_spanned(
        &self,
        place: &Place,
        param: Param,
        month: YearMonth,
    ) -> Result<(Option<Found<'_>>, Span), ApiError> {
        self.final_spanned(place, param, month)
            .map(|(found, span)| (found.map(|(f, _, _)| f), span))
    }

    /// [`RuleSet::find_as_of`] with Cargo feature `provisional`; without it (the page's core module, which
    /// refuses a request's `collected_in`) the final values of [`RuleSet::find_spanned`].
    #[inline]
    pub fn find_collected(
        &self,
        place: &Place,
        param: Param,
        month: YearMonth,
        collected_in: Option<YearMonth>,
    ) -> Result<(Option<Found<'_>>, Span), ApiError> {
        #[cfg(feature = "provisional")]
        {
            self.find_as_of(place, param, month, collected_in)
        }
        #[cfg(not(feature = "provisional"))]
        {
            let _ = collected_in;
            self.find_spanned(place, param, month)
        }
    }

    /// [`RuleSet::find_spanned`] for a contribution collected in `collected_in` (None: the final
    /// values, every notice in the data applied back to the start of its period).
    ///
    /// Where the final value of `month` was published after `collected_in`, the value collected then
    /// applies, flagged provisional: the provisional entry that covers the month (a notice that said
    /// "暂按…"), else the latest entry of the same series already published by then, carried forward.
    /// Where the data know no earlier value, the final one is used, unflagged.
    #[inline]
    pub fn find_as_of(
        &self,
        place: &Place,
        param: Param,
        month: YearMonth,
        collected_in: Option<YearMonth>,
    ) -> Result<(Option<Found<'_>>, Span), ApiError> {
        let (found, span) = self.final_spanned(place, param, month)?;
        let Some((fin, scope_no, k)) = found else {
            return Ok((None, span));
        };
        match collected_in {
            Some(p) if fin.entry.published > p => Ok(self.provisional_of(fin, (scope_no, param, k), month, p, span)),
            _ => Ok((Some(fin), span)),
        }
    }

    /// The value collected in `p` for `month`, whose final value `fin` (entry `k` of its scope's
    /// series) was published after `p`; the answer holds over the months of `span` it returns.
    #[cold]
    fn provisional_of<'s>(
        &'s self,
        fin: Found<'s>,
        (scope_no, param, k): (usize, Param, usize),
        month: YearMonth,
        p: YearMonth,
        span: Span,
    ) -> (Option<Found<'s>>, Span) {
        let marked = |entry: &'s Entry, bits: usize| Found {
            name: fin.name,
            entry,
            scope: fin.scope,
            carried: bits,
        };
        let explicit = self.index.provisional(scope_no, param.index());
        if let Some(e) = explicit.iter().find(|e| e.covers(month) && e.published <= p) {
            let last = e.to.map_or(span.last, |to| to.min(span.last));
            let span = Span {
                first: e.from.max(span.first),
                last,
            };
            return (Some(marked(e, PROVISIONAL)), span);
        }
        // Around an explicit provisional entry the answer changes at its edges: this month alone.
        let span = if explicit.is_empty() {
            span
        } else {
            Span {
                first: month,
                last: month,
            }
        };
        let entries = self.index.get(scope_no, param.index()).map_or(&[][..], |(_, e)| e);
        match entries[..k.min(entries.len())].iter().rev().find(|e| e.published <= p) {
            Some(prev) => (Some(marked(prev, CARRIED | PROVISIONAL)), span),
            None => (Some(fin), span),
        }
    }

    /// The final value of `param` for `month` with the number of the scope it was found in and its
    /// position in that scope's series.
    #[allow(clippy::type_complexity)]
    fn final_spanned(
        &self,
        place: &Place,
        param: Param,
        month: YearMonth,
    ) -> Result<(Option<(Found<'_>, usize, usize)>, Span), ApiError> {
        let name = param.name();
        let mut earliest: Option<YearMonth> = None;
        // A more specific scope whose series begins later takes over from its first month on.
        let mut last = YearMonth::MAX;
        for scope_no in self.index.scopes(place.province, place.city).into_iter().flatten() {
            let Some((scope, entries)) = self.index.get(scope_no, param.index()) else {
                continue;
            };
            let Some(first) = entries.first() else { continue };
            if month < first.from {
                earliest = Some(earliest.map_or(first.from, |e| e.min(first.from)));
                last = last.min(first.from.plus(-1).unwrap_or(month));
                continue;
            }
            // Entries are sorted by `from` and never overlap (the loader checks), so the latest entry that
            // has begun by `month` is the one covering it, if any; else, between two published periods or
            // after the last, its value carries forward.
            let k = entries.partition_point(|e| e.from <= month).max(1) - 1;
            let latest = &entries[k];
            let before_next = entries
                .get(k + 1)
                .map_or(YearMonth::MAX, |next| next.from.plus(-1).unwrap_or(month));
            let covers = latest.covers(month);
            let span = if covers {
                Span {
                    first: latest.from,
                    last: latest.to.map_or(before_next, |to| to.min(before_next)),
                }
            } else {
                Span {
                    first: latest.to.and_then(|to| to.plus(1)).unwrap_or(month),
                    last: before_next,
                }
            };
            let found = Found {
                name,
                entry: latest,
                carried: if covers { 0 } else { CARRIED },
                scope,
            };
            return Ok((
                Some((found, scope_no, k)),
                Span {
                    first: span.first,
                    last: span.last.min(last),
                },
            ));
        }
        match earliest {
            None => Ok((None, Span::ALL)),
            Some(first) => Err(ApiError::new(
                ErrorCode::RulesNotAvailable,
                None,
                Message::new(
                    format!("{month} 早于规则数据中 {name} 的最早期间（{first}）"),
                    format!("{month} is before the first period of {name} in the rules data ({first})"),
                ),
            )),
        }
    }

    /// Like [`RuleSet::find`], but a missing series is `parameter_required`.
    pub fn require(&self, place: &Place, param: Param, month: YearMonth) -> Result<Found<'_>, ApiError> {
        let name = param.name();
        self.find(place, param, month)?.ok_or_else(|| {
            ApiError::new(
                ErrorCode::ParameterRequired,
                None,
                Message::new(
                    format!("规则数据缺少该地区的参数 {name}"),
                    format!("the rules data have no value of {name} for this region"),
                ),
            )
        })
    }

    /// All parameters known for a place in a month, for `flexcalc rules`.
    pub fn in_force(&self, place: &Place, month: YearMonth) -> Result<Vec<Found<'_>>, ApiError> {
        let mut out = Vec::new();
        for &param in Param::ALL {
            match self.find(place, param, month) {
                Ok(Some(found)) => out.push(found),
                Ok(None) => {}
                // A parameter that starts later than the month is simply not in force yet.
                Err(e) if e.code == ErrorCode::RulesNotAvailable => {}
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }
}

impl<'a> Found<'a> {
    /// The value typed by `key`. The loader checked the value against the same type, so a mismatch
    /// could only be a bug; it is reported, never a panic.
    pub fn get<T: ParamType>(self, _key: Key<T>) -> Result<Got<'a, T>, ApiError> {
        match T::read(&self.entry.value) {
            Some(value) => Ok(Got { value, found: self }),
            None => Err(self.wrong_kind()),
        }
    }

    /// The value as a decimal; a rules file that gives another type is caught at load time, so a
    /// mismatch here is a parameter used under the wrong kind: reported, never a panic.
    pub fn decimal(&self) -> Result<rust_decimal::Decimal, ApiError> {
        match &self.entry.value {
            Value::Decimal(d) => Ok(*d),
            _ => Err(self.wrong_kind()),
        }
    }

    #[cold]
    #[inline(never)]
    pub fn wrong_kind(&self) -> ApiError {
        ApiError::new(
            ErrorCode::InvalidRules,
            None,
            Message::new(
                format!(
                    "参数 {} 的取值类型不符（{}:{}）",
                    self.name, self.entry.file, self.entry.line
                ),
                format!(
                    "parameter {} has a value of the wrong type ({}:{})",
                    self.name, self.entry.file, self.entry.line
                ),
            ),
        )
    }
}

#[cfg(all(test, feature = "custom-rules"))]
mod tests;
#[cfg(all(test, feature = "custom-rules", feature = "provisional"))]
mod tests_provisional;

/// The citation shown for a value found in the rules.
pub fn cite(found: &Found<'_>) -> crate::model::citation::Citation {
    let e = found.entry;
    crate::model::citation::Citation {
        parameter: found.name,
        grade: e.grade,
        source: (*e.source).clone(),
        period: match e.to {
            Some(to) => format!("{}..{}", e.from, to),
            None => format!("{}..", e.from),
        },
        carried_forward: found.carried_forward(),
        note: e.note.clone(),
        file: e.file.to_string(),
        line: e.line,
    }
}
