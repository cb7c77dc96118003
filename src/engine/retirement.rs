//! Retirement under the 2025 reform: the statutory retirement month and age by birth month and track,
//! the flexible early and late window, and the minimum contribution years for a monthly pension.
//!
//! Every figure (original ages, the delay step and cap, the window, the minimum years by year of
//! retirement) is rules data (`rules/national/retirement.toml`); this module only applies the rule of
//! article 1 of the State Council measures: delay = ⌊months from the reform start to the original
//! retirement month / step⌋ + 1, capped, and none when the original retirement month is earlier.

use crate::engine::context::{flag, Notes};
use crate::foundation::error::{ApiError, ErrorCode, Message};
pub use crate::model::results::{Age, DateAge, RetirementInfo};

use crate::foundation::money::Dec;
use crate::foundation::month::YearMonth;
use crate::model::trace::{Pairs, TraceStep, Tracer};
use crate::rules::{cite, key, ty, Found, Got, Grade, Key, Param, ParamType, Place, RuleSet};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

pub use crate::model::person::{DivisorLookup, Person, RetireReason, Track, MAX_AGE_YEARS, MAX_GROWTH};

/// Looks parameters up for the person's place at any month, noting carried-forward and grade-C
/// values (like [`crate::engine::context::MonthCtx`], but not tied to a month of the ledger).
pub struct Lookup<'r, 'n> {
    pub rules: &'r RuleSet,
    pub place: &'r Place,
    pub notes: &'n mut Notes,
    /// The request path an error about a missing period points to.
    pub path: &'static str,
}

impl<'r> Lookup<'r, '_> {
    pub fn param<T: ParamType>(&mut self, key: Key<T>, month: YearMonth) -> Result<Option<Got<'r, T>>, ApiError> {
        match self.found(key.param, month)? {
            Some(found) => found.get(key).map(Some),
            None => Ok(None),
        }
    }

    /// A parameter whose series may begin after `month`, where that means "not yet in force" rather than
    /// a missing figure: a convention a region adopts from some month on (a rounding a province's forms
    /// show only from 2026), a base's previous period, a notice month. Before its first period: `None`.
    pub fn param_begun<T: ParamType>(&mut self, key: Key<T>, month: YearMonth) -> Result<Option<Got<'r, T>>, ApiError> {
        let found = match self.found(key.param, month) {
            Err(e) if e.code == ErrorCode::RulesNotAvailable => None,
            other => other?,
        };
        found.map(|f| f.get(key)).transpose()
    }

    /// [`Lookup::param`] untyped: one copy of the lookup for every value type.
    fn found(&mut self, param: Param, month: YearMonth) -> Result<Option<Found<'r>>, ApiError> {
        let path = self.path;
        let found = self.rules.find(self.place, param, month).map_err(|mut e| {
            if e.code == ErrorCode::RulesNotAvailable {
                e.path = Some(path.to_string());
            }
            e
        })?;
        if let Some(f) = &found {
            self.note(f, month);
        }
        Ok(found)
    }

    /// Records a carried-forward or grade-C value for `month`.
    pub fn note(&mut self, f: &Found<'_>, month: YearMonth) {
        if f.carried_forward() {
            self.note_once(flag::CARRIED_FORWARD, f.name, month);
        }
        if f.entry.source.convention {
            self.note_once(flag::CONVENTION, f.name, month);
        } else if f.entry.grade == Grade::C {
            self.note_once(flag::GRADE_C, f.name, month);
        }
    }

    /// Notes `month` for a warning unless the months of the ledger already did.
    pub fn note_once(&mut self, code: &'static str, name: &'static str, month: YearMonth) {
        if !self.notes.has(code, name, month) {
            self.notes.note(code, name, month);
        }
    }

    pub fn require<T: ParamType>(&mut self, key: Key<T>, month: YearMonth) -> Result<Got<'r, T>, ApiError> {
        match self.param(key, month)? {
            Some(got) => Ok(got),
            None => Err(self.missing(key.param, month)),
        }
    }

    #[inline(never)]
    fn missing(&self, param: Param, month: YearMonth) -> ApiError {
        ApiError::new(
            ErrorCode::ParameterRequired,
            Some(self.path.to_string()),
            Message::new(
                format!("规则数据缺少该地区 {month} 的参数 {param}"),
                format!("the rules data have no value of {param} for this region in {month}"),
            ),
        )
    }
}

/// The row `key` of a table-valued parameter.
pub fn table_row(f: &Got<'_, ty::Table>, key: &str) -> Result<Decimal, ApiError> {
    f.value.iter().find(|(k, _)| k == key).map(|(_, v)| *v).ok_or_else(|| {
        ApiError::new(
            ErrorCode::InvalidRules,
            None,
            Message::new(
                format!("参数 {} 缺少“{key}”一行（{}:{}）", f.name, f.entry.file, f.entry.line),
                format!(
                    "parameter {} has no row \"{key}\" ({}:{})",
                    f.name, f.entry.file, f.entry.line
                ),
            ),
        )
    })
}

/// A whole number of months from rules data (a step, a cap, an age in years × 12).
pub fn whole(f: &Found<'_>, d: Decimal) -> Result<i64, ApiError> {
    if !d.fract().is_zero() {
        return Err(f.wrong_kind());
    }
    d.to_i64()
        .filter(|v| (0..=1200).contains(v))
        .ok_or_else(|| f.wrong_kind())
}

fn month_plus(m: YearMonth, n: i64, path: &str) -> Result<YearMonth, ApiError> {
    m.plus(n).ok_or_else(|| {
        ApiError::invalid(
            path,
            "月份超出支持范围",
            format!("{m} + {n} months is outside the supported range"),
        )
    })
}

/// The statutory retirement of a person on a resolved track.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statutory {
    pub track: Track,
    pub original: DateAge,
    pub delay_months: i64,
    pub statutory: DateAge,
}

/// Resolves the `female` track by the region's rule; other tracks are themselves.
pub fn resolve_track(
    lk: &mut Lookup<'_, '_>,
    track: Track,
    birth: YearMonth,
    tracer: &mut Tracer,
) -> Result<Track, ApiError> {
    if track != Track::Female {
        return Ok(track);
    }
    // The rule that applies when the person reaches the earliest original age (50).
    let month = month_plus(birth, 50 * 12, "person.birth")?;
    let f = lk.require(key::RETIREMENT_FLEXIBLE_FEMALE_TRACK, month)?;
    let resolved = f.value.track();
    let name = resolved.name();
    tracer.step(|| TraceStep {
        month: None,
        step: "retirement.track",
        rule: Message::new(
            "灵活就业女性适用的退休年龄类别由地区规则确定",
            "The track of a flexibly employed woman follows the region's rule",
        ),
        citations: vec![cite(&f)],
        inputs: Pairs(vec![("track", "female".into())]),
        result: Pairs(vec![("track", name.to_string())]),
    });
    Ok(resolved)
}

/// The months the 2025 reform delays an original retirement month by, for a track (`key`): article 1
/// of the State Council measures. None when the original month is before the start of the step series
/// (the rules data then have no step for it).
fn delay_months(
    lk: &mut Lookup<'_, '_>,
    key: &str,
    original_date: YearMonth,
    citations: &mut Vec<crate::model::citation::Citation>,
) -> Result<i64, ApiError> {
    match lk.rules.find(lk.place, Param::RetirementDelayStepMonths, original_date) {
        Err(e) if e.code == ErrorCode::RulesNotAvailable => Ok(0),
        Err(e) => Err(e),
        Ok(None) => Ok(0),
        Ok(Some(step_p)) => {
            lk.note(&step_p, original_date);
            let step_p = step_p.get(key::RETIREMENT_DELAY_STEP_MONTHS)?;
            let cap_p = lk.require(key::RETIREMENT_MAX_DELAY_MONTHS, original_date)?;
            let step = whole(&step_p, table_row(&step_p, key)?)?;
            let cap = whole(&cap_p, table_row(&cap_p, key)?)?;
            if step == 0 {
                return Err(step_p.wrong_kind());
            }
            let since = step_p.entry.from.months_until(original_date);
            citations.push(cite(&step_p));
            citations.push(cite(&cap_p));
            Ok((since / step + 1).min(cap))
        }
    }
}

/// The months a retirement for `reason` may be approved in, or None when the window already holds it:
/// special-type work and illness from their own original age (国发〔1978〕104号), delayed as the track's
/// age is (the special-type age is delayed like the statutory one: 55 by a month every 4 months up to 58,
/// 45 by a month every 2 up to 50, per the ministries' answers, grade C), until the latest month of the
/// window; a late claim from the statutory month on.
fn reason_window(
    lk: &mut Lookup<'_, '_>,
    person: &Person,
    s: &Statutory,
    latest: YearMonth,
    reason: RetireReason,
) -> Result<(YearMonth, YearMonth, &'static str), ApiError> {
    let birth = person.birth;
    let track = s.track.name();
    let k = match reason {
        RetireReason::SpecialWork => key::RETIREMENT_SPECIAL_WORK_AGE,
        RetireReason::Illness => key::RETIREMENT_ILLNESS_AGE,
        RetireReason::LateClaim => {
            let last = month_plus(birth, MAX_AGE_YEARS * 12, "person.birth")?;
            return Ok((s.statutory.date, last, "retirement.late_max_months"));
        }
    };
    let at45 = month_plus(birth, 45 * 12, "person.birth")?;
    let p = lk.require(k, at45)?;
    let orig = whole(&p, table_row(&p, track)?)? * 12;
    let original_date = month_plus(birth, orig, "person.birth")?;
    let mut citations = Vec::new();
    let mut delay = delay_months(lk, track, original_date, &mut citations)?;
    if reason == RetireReason::SpecialWork {
        // A region whose forms retire high-altitude workers at the undelayed age (Tibet, 2025).
        if let Some(cap) = lk.param_begun(key::RETIREMENT_SPECIAL_WORK_MAX_DELAY_MONTHS, original_date)? {
            delay = delay.min(whole(&cap, table_row(&cap, track)?)?);
        }
    }
    let earliest = month_plus(birth, orig + delay, "person.birth")?;
    Ok((earliest, latest.max(s.statutory.date), p.found.name))
}

fn reason_zh(reason: RetireReason) -> &'static str {
    match reason {
        RetireReason::SpecialWork => "特殊工种",
        RetireReason::Illness => "因病完全丧失劳动能力",
        RetireReason::LateClaim => "延后领取",
    }
}

/// The statutory retirement month and age for a birth month on a (resolved) track.
pub fn statutory(
    lk: &mut Lookup<'_, '_>,
    birth: YearMonth,
    track: Track,
    tracer: &mut Tracer,
) -> Result<Statutory, ApiError> {
    if track == Track::Female {
        return resolve_track(lk, track, birth, tracer).and_then(|t| statutory(lk, birth, t, tracer));
    }
    let key = track.name();
    let at50 = month_plus(birth, 50 * 12, "person.birth")?;
    let orig_p = lk.require(key::RETIREMENT_ORIGINAL_AGE, at50)?;
    let orig_months = whole(&orig_p, table_row(&orig_p, key)?)? * 12;
    let original_date = month_plus(birth, orig_months, "person.birth")?;
    let mut citations = vec![cite(&orig_p)];
    let delay = delay_months(lk, key, original_date, &mut citations)?;
    let age = orig_months + delay;
    let date = month_plus(birth, age, "person.birth")?;
    tracer.step(|| TraceStep {
        month: Some(date),
        step: "retirement.statutory",
        rule: Message::new(
            "改革后法定退休年龄 = 原法定退休年龄 + 延迟月数；延迟月数 = ⌊自改革起始月至原退休月的月数 ÷ 步长⌋ + 1，不超过上限；原退休月早于改革起始月的不延迟",
            "Statutory age = original age + delay; delay = ⌊months from the reform start to the original retirement month ÷ step⌋ + 1, capped; none when the original month is before the reform",
        ),
        citations,
        inputs: Pairs(vec![("birth", birth.to_string()), ("track", key.to_string())]),
        result: Pairs(vec![
            ("original_date", original_date.to_string()),
            ("delay_months", delay.to_string()),
            ("date", date.to_string()),
            ("age", format!("{}y{}m", age / 12, age % 12)),
        ]),
    });
    Ok(Statutory {
        track,
        original: DateAge {
            date: original_date,
            age: Age::from_months(orig_months),
        },
        delay_months: delay,
        statutory: DateAge {
            date,
            age: Age::from_months(age),
        },
    })
}

/// The window of flexible retirement: the earliest and latest months the person may choose.
pub fn window(lk: &mut Lookup<'_, '_>, birth: YearMonth, s: &Statutory) -> Result<(DateAge, DateAge), ApiError> {
    let at = s.statutory.date;
    let early = match lk.rules.find(lk.place, Param::RetirementEarlyMaxMonths, at) {
        Err(e) if e.code == ErrorCode::RulesNotAvailable => None,
        Err(e) => return Err(e),
        Ok(f) => f,
    };
    let late = match lk.rules.find(lk.place, Param::RetirementLateMaxMonths, at) {
        Err(e) if e.code == ErrorCode::RulesNotAvailable => None,
        Err(e) => return Err(e),
        Ok(f) => f,
    };
    let age = s.statutory.age.total_months();
    let early_m = match &early {
        Some(f) => {
            lk.note(f, at);
            whole(f, f.get(key::RETIREMENT_EARLY_MAX_MONTHS)?.value)?
        }
        None => 0,
    };
    let late_m = match &late {
        Some(f) => {
            lk.note(f, at);
            whole(f, f.get(key::RETIREMENT_LATE_MAX_MONTHS)?.value)?
        }
        None => 0,
    };
    // Never below the original age.
    let earliest_age = (age - early_m).max(s.original.age.total_months());
    let latest_age = age + late_m;
    let earliest = DateAge {
        date: month_plus(birth, earliest_age, "person.birth")?,
        age: Age::from_months(earliest_age),
    };
    let latest = DateAge {
        date: month_plus(birth, latest_age, "person.birth")?,
        age: Age::from_months(latest_age),
    };
    Ok((earliest, latest))
}

/// The minimum contribution years for a monthly pension for a person retiring in `month`.
pub fn min_years<'r>(lk: &mut Lookup<'r, '_>, month: YearMonth) -> Result<(Decimal, Found<'r>), ApiError> {
    let f = lk.require(key::RETIREMENT_MIN_CONTRIBUTION_YEARS, month)?;
    Ok((f.value, f.found))
}

/// Computes the retirement block. `record_months` gives the contribution months the person will have
/// when retiring in a month (the record plus the months to be paid until then).
pub fn assess(
    lk: &mut Lookup<'_, '_>,
    person: &Person,
    record_months: &dyn Fn(YearMonth) -> i64,
    tracer: &mut Tracer,
) -> Result<RetirementInfo, ApiError> {
    let track = resolve_track(lk, person.track, person.birth, tracer)?;
    let s = statutory(lk, person.birth, track, tracer)?;
    let (earliest, latest) = window(lk, person.birth, &s)?;
    let date = person.retire_at.unwrap_or(s.statutory.date);
    let outside = date < earliest.date || date > latest.date;
    if let (true, Some(reason)) = (outside, person.retire_reason) {
        let (from, to, param) = reason_window(lk, person, &s, latest.date, reason)?;
        if date < from || date > to {
            return Err(ApiError::invalid(
                "person.retire_reason",
                format!(
                    "按所述原因（{}）可批准的退休月份为{}至{}",
                    reason_zh(reason),
                    from.words_zh(),
                    to.words_zh()
                ),
                format!(
                    "for the reason given ({}), retire_at must be within {from} and {to}",
                    reason.name()
                ),
            ));
        }
        lk.note_once(flag::RETIRE_REASON_APPLIED, param, date);
    } else if outside {
        return Err(ApiError::invalid(
            "person.retire_at",
            format!("可选择的退休月份为 {} 至 {}（法定退休月份 {}）", earliest.date, latest.date, s.statutory.date),
            format!(
                "retire_at must be within {} and {} (statutory month {}): early by at most the window and never below the original age, late by at most the window",
                earliest.date, latest.date, s.statutory.date
            ),
        ));
    }
    let (min, min_p) = min_years(lk, date)?;
    let (statutory_min, _) = min_years(lk, s.statutory.date)?;
    let months = record_months(date);
    let needed = (min * Decimal::from(12)).ceil().to_i64().unwrap_or(i64::MAX);
    let short = (needed - months).max(0);
    let choice = match date.cmp(&s.statutory.date) {
        std::cmp::Ordering::Less => "early",
        std::cmp::Ordering::Equal => "statutory",
        std::cmp::Ordering::Greater => "late",
    };
    if choice == "early" && short > 0 {
        return Err(ApiError::invalid(
            "person.retire_at",
            format!("弹性提前退休须达到最低缴费年限 {min} 年，届时还差 {short} 个月"),
            format!(
                "early retirement needs the minimum of {min} contribution years: {short} months short in {}",
                date.words_en()
            ),
        ));
    }
    let age = Age::from_months(person.birth.months_until(date));
    tracer.step(|| TraceStep {
        month: Some(date),
        step: "retirement.min_years",
        rule: Message::new(
            "按月领取基本养老金的最低缴费年限按退休年份确定（2030年起每年提高6个月，至20年）",
            "The minimum contribution years for a monthly pension follow the year of retirement (from 2030 six months more a year, up to 20)",
        ),
        citations: vec![cite(&min_p)],
        inputs: Pairs(vec![("date", date.to_string()), ("contribution_months", months.to_string())]),
        result: Pairs(vec![("min_contribution_years", min.to_string()), ("months_short", short.to_string())]),
    });
    Ok(RetirementInfo {
        track: track.name(),
        track_from: if person.track == Track::Female {
            "region"
        } else {
            "request"
        },
        date,
        age,
        choice,
        statutory: s.statutory,
        original: s.original,
        delay_months: s.delay_months,
        earliest,
        latest,
        min_contribution_years: Dec(min.normalize()),
        contribution_months: months,
        meets_minimum: short == 0,
        months_short: short,
        statutory_min_contribution_years: Dec(statutory_min.normalize()),
    })
}
