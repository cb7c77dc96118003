//! What every engine step needs for one month: the rules, the place, the month, and somewhere to note
//! which values were carried forward or graded C, so that the result can say so.

use crate::error::{ApiError, ErrorCode, Message};
use crate::month::YearMonth;
use crate::rules::{Found, Grade, Place, RuleSet};
use std::collections::BTreeMap;

/// Month flags of JSON API v1.
pub mod flag {
    pub const BASE_CLAMPED: &str = "base_clamped";
    pub const CARRIED_FORWARD: &str = "carried_forward";
    pub const GRADE_C: &str = "grade_c";
    /// No rule is published: a documented flexcalc convention was used (a warning, not a month flag).
    pub const CONVENTION: &str = "convention";
    pub const TIER_MAPPED: &str = "tier_mapped";
    pub const MEDICAL_RATE_FROM_REQUEST: &str = "medical_rate_from_request";
}

/// Facts about the values used, gathered over all months, turned into warnings at the end.
#[derive(Debug, Default)]
pub struct Notes {
    /// (warning code, parameter) → months.
    pub by_param: BTreeMap<(&'static str, &'static str), Vec<YearMonth>>,
}

impl Notes {
    pub fn note(&mut self, code: &'static str, parameter: &'static str, month: YearMonth) {
        let months = self.by_param.entry((code, parameter)).or_default();
        if months.last() != Some(&month) {
            months.push(month);
        }
    }
}

pub struct MonthCtx<'r, 'n> {
    pub rules: &'r RuleSet,
    pub place: &'r Place,
    pub month: YearMonth,
    /// Index of the month in the request, for error paths.
    pub index: usize,
    pub notes: &'n mut Notes,
    pub flags: Vec<&'static str>,
}

impl<'r, 'n> MonthCtx<'r, 'n> {
    pub fn new(rules: &'r RuleSet, place: &'r Place, month: YearMonth, index: usize, notes: &'n mut Notes) -> Self {
        MonthCtx {
            rules,
            place,
            month,
            index,
            notes,
            flags: Vec::new(),
        }
    }

    pub fn flag(&mut self, f: &'static str) {
        if !self.flags.contains(&f) {
            self.flags.push(f);
        }
    }

    /// The value of a parameter in this month, noting a carried-forward or grade-C value.
    pub fn param(&mut self, name: &str) -> Result<Option<Found<'r>>, ApiError> {
        let found = self.rules.find(self.place, name, self.month).map_err(|mut e| {
            if e.code == ErrorCode::RulesNotAvailable {
                e.path = Some(format!("months[{}].month", self.index));
            }
            e
        })?;
        if let Some(f) = &found {
            if f.carried_forward {
                self.notes.note(flag::CARRIED_FORWARD, f.name, self.month);
                self.flag(flag::CARRIED_FORWARD);
            }
            if f.entry.source.convention {
                self.notes.note(flag::CONVENTION, f.name, self.month);
            } else if f.entry.grade == Grade::C {
                self.notes.note(flag::GRADE_C, f.name, self.month);
                self.flag(flag::GRADE_C);
            }
        }
        Ok(found)
    }

    /// A parameter that a region may or may not have (fixed tiers, a medical rule): a month before its
    /// first period means the region did not have it then, not that the rules are missing.
    pub fn optional(&mut self, name: &str) -> Result<Option<Found<'r>>, ApiError> {
        match self.param(name) {
            Err(e) if e.code == ErrorCode::RulesNotAvailable => Ok(None),
            other => other,
        }
    }

    /// Like [`MonthCtx::param`]; a parameter the data lack for this region is `parameter_required`.
    pub fn require(&mut self, name: &str) -> Result<Found<'r>, ApiError> {
        self.param(name)?.ok_or_else(|| {
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
        })
    }
}
