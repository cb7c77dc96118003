//! The person of JSON API v1 (`request.person`): birth, retirement track and contribution record, with
//! their range checks. How retirement follows from them is the engine's (`engine::retirement`).

use crate::foundation::error::ApiError;
use crate::foundation::json_read::{read_object, FromJson, Reader};
use crate::foundation::money::Dec;
use crate::foundation::month::YearMonth;
use crate::foundation::names::named_enum;
use rust_decimal::Decimal;
use serde::Serialize;

/// Oldest person the engine accepts, in years at the last month of the ledger.
pub const MAX_AGE_YEARS: i64 = 100;

named_enum! {
    /// The retirement track: the original statutory age the person's retirement follows.
    pub enum Track {
        /// Men: originally 60, up to 63.
        Male60 = "male_60",
        /// Women whose original age is 55 (cadres; flexibly employed women in many regions): up to 58.
        Female55 = "female_55",
        /// Women whose original age is 50 (workers): up to 55.
        Female50 = "female_50",
        /// A flexibly employed woman: the track the region's rules data name
        /// (`retirement.flexible_female_track`).
        Female = "female",
    }
}

named_enum! {
    /// The track a region's flexibly employed women follow (`retirement.flexible_female_track`).
    pub enum FemaleTrack {
        Female55 = "female_55",
        Female50 = "female_50",
    }
}

impl FemaleTrack {
    pub fn track(self) -> Track {
        match self {
            FemaleTrack::Female55 => Track::Female55,
            FemaleTrack::Female50 => Track::Female50,
        }
    }
}

named_enum! {
    /// How an age in years and months is looked up in the months-divisor table.
    pub enum DivisorLookup {
        /// The row of the completed years (60 years 3 months → the row for 60).
        WholeYears = "whole_years",
        /// Linear between the rows of the completed and the next year (60y3m → 139 − 7 × 3/12).
        Interpolated = "interpolated",
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
