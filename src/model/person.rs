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

named_enum! {
    /// Why a retirement month outside the flexible window is the one the person retires in (the office
    /// approves it on grounds the engine does not check; the result warns `retire_reason_applied`).
    pub enum RetireReason {
        /// Special-type work (特殊工种: underground, high-altitude, high-temperature, especially heavy or
        /// harmful work, 国发〔1978〕104号; and work at high altitude, the 2024 decision's article 8): from
        /// `retirement.special_work_age`, delayed as the track's age.
        SpecialWork = "special_work",
        /// Complete loss of working capacity through illness or a non-work injury (病退, 国发〔1978〕104号):
        /// from `retirement.illness_age`, delayed as the track's age.
        Illness = "illness",
        /// The pension starts after the window: contributions continued to complete the minimum years
        /// (社会保险法 第十六条) or the claim was made later.
        LateClaim = "late_claim",
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
    /// Why `retire_at` is outside the flexible window (`special_work`, `illness`, `late_claim`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retire_reason: Option<RetireReason>,
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
    /// Contribution years as stated on a form (`"42.92"`), used as they are: an alternative to
    /// `contribution_months` and `contribution_period` (at most one of the three).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contribution_years: Option<Dec>,
    /// Contribution time in years and months, half months allowed (`{"years": 30, "months": "5.5"}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contribution_period: Option<Period>,
    /// Months credited before the personal account began (视同缴费年限, and the years before the account
    /// where the province counts them), included in the contribution record: the transitional pension's
    /// years. An alternative to `credited_years`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credited_months: Option<u32>,
    /// The same credited time in years as stated on a form (`"12.3"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credited_years: Option<Dec>,
    /// Years paid before the personal account began that the province counts apart from the credited
    /// time (Beijing: 1992-10 to 1998-06, with the transitional index), as stated on a form; elsewhere
    /// they add to the credited years.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pre_account_paid_years: Option<Dec>,
    /// The index the transitional pension uses where the province computes one of its own (过渡性指数).
    /// Default: the average index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transitional_index: Option<Dec>,
    /// The indexed wage (本人指数化月平均缴费工资) as the approval form prints it, to the fen: the office
    /// multiplies the base by the index at more decimals than the form prints, so the printed wage, not
    /// base × printed index, is what the pension was computed from. Used only with a complete record
    /// (nothing paid after the ledger), in the basic pension and where the transitional pension takes the
    /// average index. Default: the base × the average index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indexed_wage: Option<Dec>,
    /// The balance credited for time before the personal account, as the approval form prints it:
    /// Shanghai's 虚账实记 (1993–1997), Guangdong's credited-time account of the original method
    /// (粤府函〔2021〕294号). Where the rules data give `pension.credited_account_divisor` the transitional
    /// pension adds it divided by that many months. Default: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credited_account_balance: Option<Dec>,
    /// Whether the person counts as a 知识分子 where the province's transitional pension has a higher
    /// coefficient for them (Ningxia: 1.43 % instead of 1.3 % for a 大中专 degree or a middle-ranking
    /// professional title, 宁政办发〔2006〕126号 as its forms cite it). Default: false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intellectual: Option<bool>,
    /// Months the person means to stop paying from the month after the ledger (a gap, 断缴): the
    /// retirement check and the projection count that many months fewer, and the result's `gap` says
    /// what it does to medical cover (issue 17).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gap_months: Option<u32>,
}

/// A time in whole years and months; the months may be a half (`"5.5"`), as some provinces state them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Period {
    pub years: u32,
    #[serde(default)]
    pub months: Dec,
}

impl FromJson for Period {
    fn read(r: &mut Reader<'_>) -> Result<Self, ApiError> {
        Ok(read_object!(
            r,
            Period {
                years: required,
                months: default,
            }
        ))
    }
}

impl Period {
    /// The period in months (half months kept).
    pub fn months(self) -> Decimal {
        Decimal::from(self.years) * Decimal::from(12) + self.months.0
    }
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
                retire_reason: default,
                continue_contributing: default,
                wage_growth: default,
                assumed_interest: default,
                divisor_lookup: default,
                benefit_base: default,
                contribution_years: default,
                contribution_period: default,
                credited_months: default,
                credited_years: default,
                pre_account_paid_years: default,
                transitional_index: default,
                indexed_wage: default,
                credited_account_balance: default,
                intellectual: default,
                gap_months: default,
            }
        ))
    }
}

/// The contribution record as the request states it: in months, in years as on a form, or in years
/// and months (half months allowed); and the credited part of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stated {
    Months(Decimal),
    Years(Decimal),
}

impl Stated {
    /// The record in months (years × 12 for years as stated).
    pub fn months(self) -> Decimal {
        match self {
            Stated::Months(m) => m,
            Stated::Years(y) => y * Decimal::from(12),
        }
    }
}

impl Person {
    /// A person of whom only the birth month and the track are known: every other field takes the
    /// engine's stated default.
    pub fn with_birth(birth: YearMonth, track: Track) -> Person {
        Person {
            birth,
            track,
            contribution_months: None,
            average_index: None,
            account_balance: None,
            retire_at: None,
            continue_contributing: None,
            wage_growth: None,
            assumed_interest: None,
            divisor_lookup: None,
            benefit_base: None,
            contribution_years: None,
            contribution_period: None,
            credited_months: None,
            credited_years: None,
            pre_account_paid_years: None,
            transitional_index: None,
            indexed_wage: None,
            credited_account_balance: None,
            intellectual: None,
            gap_months: None,
            retire_reason: None,
        }
    }

    /// The contribution record the request states, if it states one.
    pub fn stated_record(&self) -> Option<Stated> {
        if let Some(m) = self.contribution_months {
            return Some(Stated::Months(Decimal::from(m)));
        }
        if let Some(p) = self.contribution_period {
            return Some(Stated::Months(p.months()));
        }
        self.contribution_years.map(|y| Stated::Years(y.0))
    }

    /// The credited time the request states, if any.
    pub fn stated_credited(&self) -> Option<Stated> {
        match (self.credited_months, self.credited_years) {
            (Some(m), _) => Some(Stated::Months(Decimal::from(m))),
            (None, Some(y)) => Some(Stated::Years(y.0)),
            (None, None) => None,
        }
    }

    /// The record's fields: at most one way of stating each, within the person's life, half months at
    /// the finest.
    fn validate_record(&self, age: i64) -> Result<(), ApiError> {
        let given = [
            self.contribution_months.is_some(),
            self.contribution_years.is_some(),
            self.contribution_period.is_some(),
        ];
        if given.iter().filter(|g| **g).count() > 1 {
            return Err(ApiError::invalid(
                "person.contribution_years",
                "缴费月数、缴费年限和缴费年月只能填写其中一项",
                "give the contribution record once: contribution_months, contribution_years or contribution_period",
            ));
        }
        if self.credited_months.is_some() && self.credited_years.is_some() {
            return Err(ApiError::invalid(
                "person.credited_years",
                "视同缴费月数和视同缴费年限只能填写其中一项",
                "give the credited time once: credited_months or credited_years",
            ));
        }
        let life = Decimal::from(age);
        if let Some(p) = self.contribution_period {
            let m = p.months.0;
            let half = Decimal::new(5, 1);
            if m.is_sign_negative() || m >= Decimal::from(12) || !(m / half).fract().is_zero() {
                return Err(ApiError::invalid(
                    "person.contribution_period.months",
                    "月数须在 0 到 11.5 之间，最小单位为半个月",
                    "months must be within [0, 11.5], in whole or half months",
                ));
            }
        }
        if let Some(y) = self.contribution_years {
            if y.0.is_sign_negative() || y.0 * Decimal::from(12) > life {
                return Err(ApiError::invalid(
                    "person.contribution_years",
                    "缴费年限须在 0 与年龄之间",
                    format!("contribution_years must be within [0, the person's age ({age} months)]"),
                ));
            }
        }
        if let Some(p) = self.contribution_period {
            if p.months() > life {
                return Err(ApiError::invalid(
                    "person.contribution_period",
                    "缴费年月不能超过年龄",
                    format!("contribution_period exceeds the person's age in months ({age})"),
                ));
            }
        }
        if let Some(y) = self.pre_account_paid_years {
            let credited = self.stated_credited().map_or(Decimal::ZERO, Stated::months);
            let record = self.stated_record().map_or(life, Stated::months);
            if y.0.is_sign_negative() || credited + y.0 * Decimal::from(12) > record {
                return Err(ApiError::invalid(
                    "person.pre_account_paid_years",
                    "建账前实际缴费年限须为非负数，且与视同缴费年限之和不超过全部缴费年限",
                    "pre_account_paid_years must not be negative, and with the credited time cannot exceed the whole record",
                ));
            }
        }
        if let Some(c) = self.stated_credited() {
            if c.months().is_sign_negative() {
                return Err(ApiError::invalid(
                    "person.credited_years",
                    "视同缴费年限不能为负数",
                    "credited_years must not be negative",
                ));
            }
            let path = if self.credited_months.is_some() {
                "person.credited_months"
            } else {
                "person.credited_years"
            };
            let within = match self.stated_record() {
                Some(r) => c.months() <= r.months(),
                None => c.months() <= life,
            };
            if !within {
                return Err(ApiError::invalid(
                    path,
                    "视同缴费年限不能超过全部缴费年限",
                    "the credited time cannot exceed the whole contribution record",
                ));
            }
        }
        Ok(())
    }
}

/// Largest accepted `wage_growth` and `assumed_interest`.
pub const MAX_GROWTH: Decimal = Decimal::from_parts(2, 0, 0, false, 1); // 0.2

impl Person {
    /// Range checks, relative to `as_of`, the last month of the ledger.
    pub fn validate(&self, as_of: YearMonth) -> Result<(), ApiError> {
        if self.gap_months.is_some_and(|m| m > 1200) {
            return Err(ApiError::invalid(
                "person.gap_months",
                "停缴月数须在 0 到 1200 之间",
                "gap_months must be within 0..1200",
            ));
        }
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
        for (ix, path) in [
            (self.average_index, "person.average_index"),
            (self.transitional_index, "person.transitional_index"),
        ] {
            if let Some(ix) = ix {
                if ix.0.is_sign_negative() || ix.0 > Decimal::from(3) {
                    return Err(ApiError::invalid(
                        path,
                        "缴费指数须在 0 到 3 之间",
                        format!(
                            "{} must be within [0, 3] (bases lie between 60 % and 300 % of the average wage)",
                            &path[7..]
                        ),
                    ));
                }
            }
        }
        self.validate_record(age)?;
        if let Some(b) = self.account_balance {
            if b.0.is_sign_negative() || b.0 > Decimal::from(100_000_000) {
                return Err(ApiError::invalid(
                    "person.account_balance",
                    "个人账户余额须在 0 到 1 亿元之间",
                    "account_balance must be within [0, 100000000]",
                ));
            }
        }
        if let Some(b) = self.credited_account_balance {
            if b.0.is_sign_negative() || b.0 > Decimal::from(100_000_000) {
                return Err(ApiError::invalid(
                    "person.credited_account_balance",
                    "视同缴费账户（虚账实记）金额须在 0 到 1 亿元之间",
                    "credited_account_balance must be within [0, 100000000]",
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
        if let Some(w) = self.indexed_wage {
            // At most 3 × the largest benefit base accepted: an index above 3 is refused too.
            if w.0.is_sign_negative() || w.0 > Decimal::from(3_000_000) {
                return Err(ApiError::invalid(
                    "person.indexed_wage",
                    "指数化月平均缴费工资须在 0 到 300 万元之间",
                    "indexed_wage must be within [0, 3000000]",
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
