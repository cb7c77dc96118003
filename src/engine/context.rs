//! What every engine step needs for one month: the rules, the place, the month, and somewhere to note
//! which values were carried forward or graded C, so that the result can say so.

use crate::foundation::error::{ApiError, ErrorCode, Message};
use crate::foundation::month::YearMonth;
use crate::model::citation::Citation;
use crate::model::trace::Tracing;
use crate::rules::{cite, Found, Got, Grade, Key, Param, ParamType, Place, RuleSet, Span};

/// Month flags of JSON API v1.
pub mod flag {
    pub const BASE_CLAMPED: &str = "base_clamped";
    pub const CARRIED_FORWARD: &str = "carried_forward";
    /// The request's `collected_in` is before the month's final value was published: the value
    /// collected then was used, and the month's `adjustment` says what the final value adds or returns.
    pub const PROVISIONAL: &str = "provisional";
    pub const GRADE_C: &str = "grade_c";
    /// No rule is published: a documented flexcalc convention was used (a warning, not a month flag).
    pub const CONVENTION: &str = "convention";
    pub const TIER_MAPPED: &str = "tier_mapped";
    pub const MEDICAL_RATE_FROM_REQUEST: &str = "medical_rate_from_request";
    /// No city has published a medical rule for the place: the figure is the rules data's estimate.
    pub const MEDICAL_ESTIMATE: &str = "medical_estimate";
    /// The city charges by yearly tier and the request chose none: the lowest tier was used.
    pub const MEDICAL_TIER_DEFAULT: &str = "medical_tier_default";
    /// Average weekly hours above the statutory week.
    pub const LONG_HOURS: &str = "long_hours";
    /// `retire_at` is outside the flexible window and accepted for the request's `retire_reason`.
    pub const RETIRE_REASON_APPLIED: &str = "retire_reason_applied";
}

/// Who reads a result, which decides what it carries beyond the figures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    /// A person: place names, hourly incomes, shares, warnings' texts, estimates, totals.
    Reader,
    /// The batch: each month's figures and flags only (see `assess::assess_figures`).
    Figures,
}

/// Facts about the values used, gathered over all months, turned into warnings at the end.
///
/// A handful of distinct notes per assessment, noted up to a dozen times a month: a short list searched
/// by the address of the static strings first is cheaper than a map keyed by their text.
#[derive(Debug, Default)]
pub struct Notes {
    /// (warning code, parameter) → months, in the order first noted.
    list: Vec<((&'static str, &'static str), Vec<YearMonth>)>,
    /// Room for each new entry's months: the request's number of months, so that a parameter carried
    /// forward through a whole year is one allocation instead of one per doubling.
    months_hint: usize,
    /// Notes become warnings' texts only; a result without them (the batch's) need not keep them.
    ignored: bool,
}

impl Notes {
    /// Notes for an assessment of `months` months.
    pub fn for_months(months: usize) -> Notes {
        Notes {
            list: Vec::new(),
            months_hint: months,
            ignored: false,
        }
    }

    /// Notes that keep nothing, for a result without warnings: a month's flags are set all the same.
    pub fn ignored() -> Notes {
        Notes {
            list: Vec::new(),
            months_hint: 0,
            ignored: true,
        }
    }

    pub fn note(&mut self, code: &'static str, parameter: &'static str, month: YearMonth) {
        if self.ignored {
            return;
        }
        // The same call site brings the same addresses; text equality is the fallback for another.
        let at = self
            .list
            .iter()
            .position(|((c, p), _)| std::ptr::eq(*c, code) && std::ptr::eq(*p, parameter))
            .or_else(|| self.list.iter().position(|((c, p), _)| *c == code && *p == parameter));
        let months = match at {
            Some(i) => &mut self.list[i].1,
            None => {
                self.list
                    .push(((code, parameter), Vec::with_capacity(self.months_hint)));
                &mut self.list.last_mut().expect("just pushed").1
            }
        };
        if months.last() != Some(&month) {
            months.push(month);
        }
    }

    /// Whether `month` is already noted for (code, parameter).
    pub fn has(&self, code: &str, parameter: &str, month: YearMonth) -> bool {
        self.list
            .iter()
            .any(|((c, p), months)| *c == code && *p == parameter && months.contains(&month))
    }

    /// (warning code, parameter) → months, sorted by code then parameter.
    pub fn by_param(&self) -> Vec<(&(&'static str, &'static str), &[YearMonth])> {
        let mut all: Vec<_> = self.list.iter().map(|(k, m)| (k, &m[..])).collect();
        // A handful of entries: the engine's insertion sort, not another copy of the standard library's.
        crate::foundation::sort::sort_by(&mut all, |a, b| a.0.cmp(b.0));
        all
    }
}

/// The parameters an assessment has looked up, each with the months over which the same value applies:
/// most requests cover months of one or two published periods, so most lookups are one probe of this
/// small table, indexed by parameter, instead of a search of the rules.
pub struct Lookups<'r> {
    slots: [Option<Slot<'r>>; Param::COUNT],
    /// The request's `collected_in`: the values as collected then (None: the final values).
    collected_in: Option<YearMonth>,
}

/// A parameter found, the months over which the answer holds, and whether the answer needs a note
/// (carried forward, a convention or grade C): worked out once, so that the usual answer (published,
/// graded A or B) costs no look at its entry on every probe.
#[derive(Clone, Copy)]
struct Slot<'r> {
    span: Span,
    found: Option<Found<'r>>,
    needs_note: bool,
}

impl Default for Lookups<'_> {
    fn default() -> Self {
        Lookups {
            slots: [None; Param::COUNT],
            collected_in: None,
        }
    }
}

impl Lookups<'_> {
    /// Lookups of the values as collected in `collected_in` (None: the final values).
    pub fn collected_in(collected_in: Option<YearMonth>) -> Self {
        Lookups {
            collected_in,
            ..Lookups::default()
        }
    }
}

impl<'r> Lookups<'r> {
    /// The answer a slot holds for `month`, else the rules' answer, kept. The usual case (the slot
    /// holds) is a handful of instructions, small enough to inline into every step natively.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn find(
        &mut self,
        rules: &'r RuleSet,
        place: &Place,
        param: Param,
        month: YearMonth,
    ) -> Result<(Option<Found<'r>>, bool), ApiError> {
        match &self.slots[param.index()] {
            Some(slot) if slot.span.contains(month) => Ok((slot.found, slot.needs_note)),
            _ => self.fill(rules, place, param, month),
        }
    }

    /// Asks the rules, and keeps the answer in the parameter's slot.
    #[inline(never)]
    fn fill(
        &mut self,
        rules: &'r RuleSet,
        place: &Place,
        param: Param,
        month: YearMonth,
    ) -> Result<(Option<Found<'r>>, bool), ApiError> {
        let (found, span) = rules.find_collected(place, param, month, self.collected_in)?;
        let needs_note = found.is_some_and(|f| f.flagged() || f.entry.source.convention || f.entry.grade == Grade::C);
        self.slots[param.index()] = Some(Slot {
            span,
            found,
            needs_note,
        });
        Ok((found, needs_note))
    }
}

/// What the batch keeps per place from one assessment to the next: the batch's workers of one place ask
/// the rules the same questions month after month, and a worker's two scenarios share most of them.
/// The answers depend on the place's province and city only (the rules' scopes), so what one place
/// keeps serves every request that resolves to it.
#[derive(Default)]
pub struct LookupCache<'r> {
    places: Vec<(PlaceKey, Box<PlaceCache<'r>>)>,
    /// The entry to replace next once the cache is full (round robin: the batch's places recur evenly).
    evict: usize,
}

/// One place's parameter lookups and month contributions on a shared base.
#[derive(Default)]
pub struct PlaceCache<'r> {
    pub lookups: Lookups<'r>,
    /// By (base, medical scheme).
    pub contributions: SharedContributions,
}

impl PlaceCache<'_> {
    fn collected_in(collected_in: Option<YearMonth>) -> Self {
        PlaceCache {
            lookups: Lookups::collected_in(collected_in),
            contributions: SharedContributions::default(),
        }
    }
}

/// A month's pension and medical contributions by (base, medical scheme).
pub type SharedContributions = SharedSteps<
    (Decimal128, crate::model::request::MedicalScheme),
    (crate::engine::figures::Pension, crate::engine::figures::Medical),
>;

/// Places kept: more than the regions a national file holds (31 provinces), few enough to stay small.
const CACHED_PLACES: usize = 64;

/// What the rules' answers depend on: the province and the city (the scopes searched), and the month
/// of collection.
type PlaceKey = (usize, Option<usize>, Option<YearMonth>);

impl<'r> LookupCache<'r> {
    /// What `place` keeps, empty the first time it is asked for.
    pub fn for_place(&mut self, place: &Place, collected_in: Option<YearMonth>) -> &mut PlaceCache<'r> {
        let key = (place.province, place.city, collected_in);
        let at = match self.places.iter().position(|(k, _)| *k == key) {
            Some(i) => i,
            None if self.places.len() < CACHED_PLACES => {
                self.places
                    .push((key, Box::new(PlaceCache::collected_in(collected_in))));
                self.places.len() - 1
            }
            None => {
                let i = self.evict;
                self.evict = (i + 1) % CACHED_PLACES;
                self.places[i] = (key, Box::new(PlaceCache::collected_in(collected_in)));
                i
            }
        };
        &mut self.places[at].1
    }
}

/// Results of a month's steps that depend on the place, the month and a key only, with the month flags
/// the steps set. Under current law every worker of a place pays on the same base in a month (the
/// floor, unless the request says otherwise), so the batch's workers of a place need those steps once
/// a month rather than once each.
pub struct SharedSteps<K, T> {
    entries: Vec<SharedStep<K, T>>,
    /// The entry to replace next once full.
    next: usize,
}

struct SharedStep<K, T> {
    month: YearMonth,
    key: K,
    value: T,
    flags: Vec<&'static str>,
}

/// A `Decimal` as its 16 bytes: equal only when the same number at the same scale (`Decimal`'s own
/// equality takes 1.0 for 1.00, and a step's result may keep its base's scale).
pub type Decimal128 = u128;

/// A year of months on a few shared bases (floor and ceiling, two medical schemes).
const SHARED_STEPS: usize = 64;

impl<K, T> Default for SharedSteps<K, T> {
    fn default() -> Self {
        SharedSteps {
            entries: Vec::new(),
            next: 0,
        }
    }
}

impl<K: PartialEq, T: Copy> SharedSteps<K, T> {
    /// The value kept for (`ctx`'s month, `key`), its flags set on `ctx`; else `step`'s, kept when
    /// it succeeds. `step` runs with no flags set so that all the flags it sets are seen and kept,
    /// then they are set on `ctx` after the month's earlier flags, as `step` would have set them.
    pub fn get_or_run<E>(
        &mut self,
        ctx: &mut MonthCtx<'_, '_>,
        key: K,
        step: impl FnOnce(&mut MonthCtx<'_, '_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let month = ctx.month;
        if let Some(e) = self.entries.iter().find(|e| e.month == month && e.key == key) {
            for f in &e.flags {
                ctx.flag(f);
            }
            return Ok(e.value);
        }
        let earlier = std::mem::take(&mut ctx.flags);
        let result = step(ctx);
        let flags = std::mem::replace(&mut ctx.flags, earlier);
        for f in &flags {
            ctx.flag(f);
        }
        let value = result?;
        let entry = SharedStep {
            month,
            key,
            value,
            flags,
        };
        if self.entries.len() < SHARED_STEPS {
            self.entries.push(entry);
        } else {
            self.entries[self.next] = entry;
            self.next = (self.next + 1) % SHARED_STEPS;
        }
        Ok(value)
    }
}

/// The citations of the values a step reads, gathered only when they will be shown (the trace): the
/// step says `cites.add(&value)` where it reads a value, and hands `cites.list` to its trace step.
pub struct Cites {
    tracing: Tracing,
    pub list: Vec<Citation>,
}

impl Cites {
    pub fn when(tracing: Tracing) -> Cites {
        Cites {
            tracing,
            list: Vec::new(),
        }
    }

    pub fn add(&mut self, found: &Found<'_>) {
        if self.tracing == Tracing::On {
            self.list.push(cite(found));
        }
    }
}

pub struct MonthCtx<'r, 'n> {
    pub rules: &'r RuleSet,
    pub place: &'n Place,
    pub month: YearMonth,
    /// Index of the month in the request, for error paths.
    pub index: usize,
    pub notes: &'n mut Notes,
    lookups: &'n mut Lookups<'r>,
    pub flags: Vec<&'static str>,
    /// The request refuses estimates (`no_estimates`): a step that has only an estimate answers
    /// `parameter_required` instead.
    pub no_estimates: bool,
}

impl<'r, 'n> MonthCtx<'r, 'n> {
    pub fn new(
        rules: &'r RuleSet,
        place: &'n Place,
        month: YearMonth,
        index: usize,
        notes: &'n mut Notes,
        lookups: &'n mut Lookups<'r>,
    ) -> Self {
        MonthCtx {
            rules,
            place,
            month,
            index,
            notes,
            lookups,
            flags: Vec::new(),
            no_estimates: false,
        }
    }

    pub fn flag(&mut self, f: &'static str) {
        if !self.has_flag(f) {
            self.flags.push(f);
        }
    }

    /// Whether the month carries flag `f`. Flags are the constants above, so the address nearly always
    /// answers; comparing the text of every flag (a `memcmp` each) was noticeable at a dozen probes a month.
    pub fn has_flag(&self, f: &str) -> bool {
        self.flags.iter().any(|g| std::ptr::eq(*g, f)) || self.flags.contains(&f)
    }

    /// The value of a parameter in this month, noting a carried-forward or grade-C value; `None` when
    /// the rules data have no series of it for the place.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub fn param<T: ParamType>(&mut self, key: Key<T>) -> Result<Option<Got<'r, T>>, ApiError> {
        match self.found(key.param)? {
            Some(found) => found.get(key).map(Some),
            None => Ok(None),
        }
    }

    /// [`MonthCtx::param`] untyped: one copy of the lookup for every value type (the typed part is a
    /// match on the value), which keeps the wasm module from holding a copy per type.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn found(&mut self, param: Param) -> Result<Option<Found<'r>>, ApiError> {
        let (found, needs_note) = match self.lookups.find(self.rules, self.place, param, self.month) {
            Ok(answer) => answer,
            Err(e) => return Err(self.dated(e)),
        };
        if let Some(f) = found.as_ref().filter(|_| needs_note) {
            self.attend(f);
        }
        Ok(found)
    }

    /// The request's `collected_in`: the month the contribution is collected in (None: the final values).
    pub fn collected_in(&self) -> Option<YearMonth> {
        self.lookups.collected_in
    }

    /// A rules error about this month names the month's field.
    #[inline(never)]
    fn dated(&self, mut e: ApiError) -> ApiError {
        if e.code == ErrorCode::RulesNotAvailable {
            e.path = Some(format!("months[{}].month", self.index));
        }
        e
    }

    /// Notes and flags a value carried forward, a convention or a value of grade C.
    #[inline(never)]
    fn attend(&mut self, f: &Found<'r>) {
        if f.carried_forward() {
            self.notes.note(flag::CARRIED_FORWARD, f.name, self.month);
            self.flag(flag::CARRIED_FORWARD);
        }
        if f.provisional() {
            self.notes.note(flag::PROVISIONAL, f.name, self.month);
            self.flag(flag::PROVISIONAL);
        }
        if f.entry.source.convention {
            self.notes.note(flag::CONVENTION, f.name, self.month);
        } else if f.entry.grade == Grade::C {
            self.notes.note(flag::GRADE_C, f.name, self.month);
            self.flag(flag::GRADE_C);
        }
    }

    /// A parameter that a region may or may not have (fixed tiers, a medical rule): a month before its
    /// first period means the region did not have it then, not that the rules are missing.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub fn optional<T: ParamType>(&mut self, key: Key<T>) -> Result<Option<Got<'r, T>>, ApiError> {
        match self.param(key) {
            Err(e) if e.code == ErrorCode::RulesNotAvailable => Ok(None),
            other => other,
        }
    }

    /// Like [`MonthCtx::param`]; a parameter the data lack for this region is `parameter_required`.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    pub fn require<T: ParamType>(&mut self, key: Key<T>) -> Result<Got<'r, T>, ApiError> {
        match self.param(key)? {
            Some(got) => Ok(got),
            None => Err(self.missing(key.name())),
        }
    }

    #[inline(never)]
    fn missing(&self, name: &str) -> ApiError {
        ApiError::new(
            ErrorCode::ParameterRequired,
            Some(format!("months[{}].month", self.index)),
            Message::new(
                format!("规则数据缺少该地区 {} 的参数 {name}", self.month),
                format!(
                    "the rules data have no value of {name} for this region in {}",
                    self.month
                ),
            ),
        )
    }
}
