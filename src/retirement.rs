//! Retirement under the 2025 reform: the statutory retirement month and age by birth month and track,
//! the flexible early and late window, and the minimum contribution years for a monthly pension.
//!
//! Every figure (original ages, the delay step and cap, the window, the minimum years by year of
//! retirement) is rules data (`rules/national/retirement.toml`); this module only applies the rule of
//! article 1 of the State Council measures: delay = ⌊months from the reform start to the original
//! retirement month / step⌋ + 1, capped, and none when the original retirement month is earlier.

use crate::context::{flag, Notes};
use crate::error::{ApiError, ErrorCode, Message};
use crate::json_read::{from_json_by_name, read_object, FromJson, Named, Reader};
use crate::money::Dec;
use crate::month::YearMonth;
use crate::rules::{Found, Grade, Place, RuleSet, Value};
use crate::trace::{cite, Pairs, TraceStep, Tracer};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Oldest person the engine accepts, in years at the last month of the ledger.
pub const MAX_AGE_YEARS: i64 = 100;

/// The retirement track: the original statutory age the person's retirement follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Track {
    /// Men: originally 60, up to 63.
    #[serde(rename = "male_60")]
    Male60,
    /// Women whose original age is 55 (cadres; flexibly employed women in many regions): up to 58.
    #[serde(rename = "female_55")]
    Female55,
    /// Women whose original age is 50 (workers): up to 55.
    #[serde(rename = "female_50")]
    Female50,
    /// A flexibly employed woman: the track the region's rules data name
    /// (`retirement.flexible_female_track`).
    Female,
}

impl Track {
    pub fn name(self) -> &'static str {
        match self {
            Track::Male60 => "male_60",
            Track::Female55 => "female_55",
            Track::Female50 => "female_50",
            Track::Female => "female",
        }
    }

    fn from_name(s: &str) -> Option<Track> {
        match s {
            "male_60" => Some(Track::Male60),
            "female_55" => Some(Track::Female55),
            "female_50" => Some(Track::Female50),
            _ => None,
        }
    }
}

/// How an age in years and months is looked up in the months-divisor table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DivisorLookup {
    /// The row of the completed years (60 years 3 months → the row for 60).
    WholeYears,
    /// Linear between the rows of the completed and the next year (60y3m → 139 − 7 × 3/12).
    Interpolated,
}

impl DivisorLookup {
    pub fn name(self) -> &'static str {
        match self {
            DivisorLookup::WholeYears => "whole_years",
            DivisorLookup::Interpolated => "interpolated",
        }
    }

    pub fn from_name(s: &str) -> Option<Self> {
        match s {
            "whole_years" => Some(DivisorLookup::WholeYears),
            "interpolated" => Some(DivisorLookup::Interpolated),
            _ => None,
        }
    }
}

/// The person of JSON API v1 (`request.person`): who retires when, and their contribution record.
/// Only `birth` and `track` are required.
#[derive(Clone, Debug, Serialize)]
pub struct Person {
    /// Birth month, `YYYY-MM`.
    pub birth: YearMonth,
    pub track: Track,
    /// Months of contributions credited up to and including the last month of the ledger.
    /// Default: the number of months in the ledger.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contribution_months: Option<u32>,
    /// Average contribution index over those months (a 60 % base is 0.6). Default: the ledger's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub average_index: Option<Dec>,
    /// Personal-account balance at the end of the last month of the ledger. Default: the ledger's
    /// personal-account credits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_balance: Option<Dec>,
    /// The month the person means to retire in, for flexible early or late retirement. Default: the
    /// statutory month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retire_at: Option<YearMonth>,
    /// Whether contributions continue at the chosen base until retirement. Default: true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continue_contributing: Option<bool>,
    /// Assumed yearly growth of wages, bases and the 计发基数 (`"0.03"`). Default 0: today's money.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wage_growth: Option<Dec>,
    /// Personal-account interest assumed for years after the last published rate. Default: the last
    /// published rate, carried forward.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assumed_interest: Option<Dec>,
    /// `whole_years` or `interpolated`. Default: the rules data's `pension.divisor_lookup`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub divisor_lookup: Option<DivisorLookup>,
    /// The 计发基数 to use where the rules data have none for the region (or to override them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub benefit_base: Option<Dec>,
}

impl FromJson for Person {
    fn read(r: &mut Reader<'_>) -> Result<Self, ApiError> {
        Ok(read_object!(
            r,
            Person {
                birth: required,
                track: required,
                contribution_months: default,
                average_index: default,
                account_balance: default,
                retire_at: default,
                continue_contributing: default,
                wage_growth: default,
                assumed_interest: default,
                divisor_lookup: default,
                benefit_base: default,
            }
        ))
    }
}

impl Named for Track {
    const NAMES: &'static [(&'static str, Self)] = &[
        ("male_60", Track::Male60),
        ("female_55", Track::Female55),
        ("female_50", Track::Female50),
        ("female", Track::Female),
    ];
}

impl Named for DivisorLookup {
    const NAMES: &'static [(&'static str, Self)] = &[
        ("whole_years", DivisorLookup::WholeYears),
        ("interpolated", DivisorLookup::Interpolated),
    ];
}

from_json_by_name!(Track, DivisorLookup);

/// Largest accepted `wage_growth` and `assumed_interest`.
pub const MAX_GROWTH: Decimal = Decimal::from_parts(2, 0, 0, false, 1); // 0.2

impl Person {
    /// Range checks, relative to `as_of`, the last month of the ledger.
    pub fn validate(&self, as_of: YearMonth) -> Result<(), ApiError> {
        if self.birth > as_of {
            return Err(ApiError::invalid(
                "person.birth",
                format!("出生年月 {} 晚于台账最后一个月 {as_of}", self.birth),
                format!("birth {} is after the last month of the ledger ({as_of})", self.birth),
            ));
        }
        let age = self.birth.months_until(as_of);
        if age > MAX_AGE_YEARS * 12 {
            return Err(ApiError::invalid(
                "person.birth",
                format!("出生年月 {} 表示年龄超过 {MAX_AGE_YEARS} 岁", self.birth),
                format!(
                    "birth {} makes the person older than {MAX_AGE_YEARS} at {as_of}",
                    self.birth
                ),
            ));
        }
        if let Some(cm) = self.contribution_months {
            if i64::from(cm) > age {
                return Err(ApiError::invalid(
                    "person.contribution_months",
                    "缴费月数不能超过年龄月数",
                    format!("contribution_months {cm} exceeds the person's age in months ({age})"),
                ));
            }
        }
        if let Some(ix) = self.average_index {
            if ix.0.is_sign_negative() || ix.0 > Decimal::from(3) {
                return Err(ApiError::invalid(
                    "person.average_index",
                    "平均缴费指数须在 0 到 3 之间",
                    "average_index must be within [0, 3] (bases lie between 60 % and 300 % of the average wage)",
                ));
            }
        }
        if let Some(b) = self.account_balance {
            if b.0.is_sign_negative() || b.0 > Decimal::from(100_000_000) {
                return Err(ApiError::invalid(
                    "person.account_balance",
                    "个人账户余额须在 0 到 1 亿元之间",
                    "account_balance must be within [0, 100000000]",
                ));
            }
        }
        if let Some(b) = self.benefit_base {
            if b.0 <= Decimal::ZERO || b.0 > Decimal::from(1_000_000) {
                return Err(ApiError::invalid(
                    "person.benefit_base",
                    "计发基数须大于 0 且不超过 100 万元",
                    "benefit_base must be above 0 and at most 1000000",
                ));
            }
        }
        if let Some(g) = self.wage_growth {
            if g.0 < -MAX_GROWTH || g.0 > MAX_GROWTH {
                return Err(ApiError::invalid(
                    "person.wage_growth",
                    "工资增长率须在 -0.2 到 0.2 之间",
                    "wage_growth must be within [-0.2, 0.2] (0.03 is 3 % a year)",
                ));
            }
        }
        if let Some(r) = self.assumed_interest {
            if r.0.is_sign_negative() || r.0 > MAX_GROWTH {
                return Err(ApiError::invalid(
                    "person.assumed_interest",
                    "假定记账利率须在 0 到 0.2 之间",
                    "assumed_interest must be within [0, 0.2] (0.015 is 1.5 % a year)",
                ));
            }
        }
        Ok(())
    }
}

/// A person's age in whole years and months.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Age {
    pub years: i64,
    pub months: i64,
}

impl Age {
    pub fn from_months(m: i64) -> Age {
        Age {
            years: m.div_euclid(12),
            months: m.rem_euclid(12),
        }
    }

    pub fn total_months(self) -> i64 {
        self.years * 12 + self.months
    }
}

/// A month with the age the person has then.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct DateAge {
    pub date: YearMonth,
    pub age: Age,
}

/// Looks parameters up for the person's place at any month, noting carried-forward and grade-C
/// values (like [`crate::context::MonthCtx`], but not tied to a month of the ledger).
pub struct Lookup<'r, 'n> {
    pub rules: &'r RuleSet,
    pub place: &'r Place,
    pub notes: &'n mut Notes,
    /// The request path an error about a missing period points to.
    pub path: &'static str,
}

impl<'r> Lookup<'r, '_> {
    pub fn param(&mut self, name: &str, month: YearMonth) -> Result<Option<Found<'r>>, ApiError> {
        let path = self.path;
        let found = self.rules.find(self.place, name, month).map_err(|mut e| {
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

    pub fn require(&mut self, name: &str, month: YearMonth) -> Result<Found<'r>, ApiError> {
        let path = self.path;
        self.param(name, month)?.ok_or_else(|| {
            ApiError::new(
                ErrorCode::ParameterRequired,
                Some(path.to_string()),
                Message::new(
                    format!("规则数据缺少该地区 {month} 的参数 {name}"),
                    format!("the rules data have no value of {name} for this region in {month}"),
                ),
            )
        })
    }
}

/// The row `key` of a table-valued parameter.
pub fn table_row(f: &Found<'_>, key: &str) -> Result<Decimal, ApiError> {
    let Value::Table(rows) = &f.entry.value else {
        return Err(f.wrong_kind());
    };
    rows.iter().find(|(k, _)| k == key).map(|(_, v)| *v).ok_or_else(|| {
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

pub fn text(f: &Found<'_>) -> Result<&'static str, ApiError> {
    match &f.entry.value {
        Value::Text(t) => match t.as_str() {
            "female_55" => Ok("female_55"),
            "female_50" => Ok("female_50"),
            "male_60" => Ok("male_60"),
            "whole_years" => Ok("whole_years"),
            "interpolated" => Ok("interpolated"),
            _ => Err(f.wrong_kind()),
        },
        _ => Err(f.wrong_kind()),
    }
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
    let f = lk.require("retirement.flexible_female_track", month)?;
    let name = text(&f)?;
    let resolved = Track::from_name(name).ok_or_else(|| f.wrong_kind())?;
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
    let orig_p = lk.require("retirement.original_age", at50)?;
    let orig_months = whole(&orig_p, table_row(&orig_p, key)?)? * 12;
    let original_date = month_plus(birth, orig_months, "person.birth")?;
    let mut citations = vec![cite(&orig_p)];
    // The reform applies when the original retirement month is not before the start of the step
    // series; before it, the rules data have no step for the month and there is no delay.
    let delay = match lk.rules.find(lk.place, "retirement.delay_step_months", original_date) {
        Err(e) if e.code == ErrorCode::RulesNotAvailable => 0,
        Err(e) => return Err(e),
        Ok(None) => 0,
        Ok(Some(step_p)) => {
            lk.note(&step_p, original_date);
            let cap_p = lk.require("retirement.max_delay_months", original_date)?;
            let step = whole(&step_p, table_row(&step_p, key)?)?;
            let cap = whole(&cap_p, table_row(&cap_p, key)?)?;
            if step == 0 {
                return Err(step_p.wrong_kind());
            }
            let since = step_p.entry.from.months_until(original_date);
            citations.push(cite(&step_p));
            citations.push(cite(&cap_p));
            (since / step + 1).min(cap)
        }
    };
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
    let early = match lk.rules.find(lk.place, "retirement.early_max_months", at) {
        Err(e) if e.code == ErrorCode::RulesNotAvailable => None,
        Err(e) => return Err(e),
        Ok(f) => f,
    };
    let late = match lk.rules.find(lk.place, "retirement.late_max_months", at) {
        Err(e) if e.code == ErrorCode::RulesNotAvailable => None,
        Err(e) => return Err(e),
        Ok(f) => f,
    };
    let age = s.statutory.age.total_months();
    let early_m = match &early {
        Some(f) => {
            lk.note(f, at);
            whole(f, f.decimal()?)?
        }
        None => 0,
    };
    let late_m = match &late {
        Some(f) => {
            lk.note(f, at);
            whole(f, f.decimal()?)?
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
    let f = lk.require("retirement.min_contribution_years", month)?;
    Ok((f.decimal()?, f))
}

/// The `retirement` block of the response.
#[derive(Clone, Debug, Serialize)]
pub struct RetirementInfo {
    /// The track applied (`female` resolved to the region's track).
    pub track: &'static str,
    /// `request`, or `region` when the region's rule for flexibly employed women decided it.
    pub track_from: &'static str,
    /// The retirement month used for the projection: the statutory month unless `retire_at` chose
    /// another within the window.
    pub date: YearMonth,
    pub age: Age,
    /// `statutory`, `early` or `late`.
    pub choice: &'static str,
    pub statutory: DateAge,
    pub original: DateAge,
    pub delay_months: i64,
    pub earliest: DateAge,
    pub latest: DateAge,
    /// Minimum contribution years for a monthly pension when retiring at `date`.
    pub min_contribution_years: Dec,
    /// Contribution months at `date`: the record so far plus the months still to be paid.
    pub contribution_months: i64,
    pub meets_minimum: bool,
    pub months_short: i64,
    /// Minimum years and whether they are met when retiring at the statutory month.
    pub statutory_min_contribution_years: Dec,
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
    if date < earliest.date || date > latest.date {
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
            format!("early retirement needs the minimum of {min} contribution years: {short} months short at {date}"),
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
