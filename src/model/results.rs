//! The result blocks of the response that the engine's steps fill in: injury protection, the facts of
//! work per platform, subsidies, retirement, the pension projection and the resident schemes. Field
//! names are part of JSON API v1: add fields, never rename one.

use crate::foundation::error::Message;
use crate::foundation::money::{Dec, Fen};
use crate::foundation::month::YearMonth;
use crate::model::citation::Grade;
use crate::model::request::{Sector, SubsidyProgram};
use rust_decimal::Decimal;
use serde::Serialize;
use std::sync::Arc;

// ---- injury

#[derive(Clone, Debug, Serialize)]
pub struct InjuryPlatform {
    pub platform: PlatformName,
    pub orders: u64,
    pub fee: Fen,
    pub amount: Fen,
}

#[derive(Clone, Debug, Serialize)]
pub struct Injury {
    /// Whether the region is in the pilot in this month.
    pub covered: bool,
    pub platforms: Vec<InjuryPlatform>,
    pub total: Fen,
}

// ---- labor

/// A platform's name as the results carry it: shared, so that the dozen places a month that name a
/// platform (facts, pension, medical, injury, totals) copy a pointer rather than the text.
pub type PlatformName = Arc<str>;

/// Average weekly hours as shown: at least two and at most four decimals, so that 24.0025 (just over a
/// threshold) never reads as 24.00 next to a verdict that it exceeds 24.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WeeklyHours(pub Decimal);

impl Serialize for WeeklyHours {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut d = self.0.round_dp(4).normalize();
        if d.scale() < 2 {
            d.rescale(2);
        }
        crate::foundation::money::serialize_decimal(d, s)
    }
}

/// One platform's facts in a month, as shown in the result.
#[derive(Clone, Debug, Serialize)]
pub struct PlatformFacts {
    pub platform: PlatformName,
    pub sector: Sector,
    pub hours: Fen,
    pub weekly_hours: WeeklyHours,
    pub income: Fen,
    pub hourly_income: Option<Fen>,
    pub orders: u64,
    /// Under labor_facts: whether the platform is liable for the month; `null` under current law.
    pub liable: Option<bool>,
    /// Which tests made it liable: `weekly_hours`, `income`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub liable_by: Vec<&'static str>,
    /// Under labor_facts: its part of the base (a fraction), by the apportioning key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub share: Option<String>,
}

// ---- subsidies

#[derive(Clone, Debug, Serialize)]
pub struct SubsidyResult {
    pub program: SubsidyProgram,
    /// `government` or `platform`.
    pub payer: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    pub eligible: bool,
    pub amount: Fen,
    pub reason: Message,
    pub grade: Grade,
}

// ---- retirement

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

// ---- projection

/// One named assumption of a projection.
#[derive(Clone, Debug, Serialize)]
pub struct Assumption {
    pub code: &'static str,
    pub value: String,
    pub message: Message,
}

/// A convention of the region the pension computation applied (issue 18), in plain words.
#[derive(Clone, Debug, Serialize)]
pub struct Convention {
    /// The parameter that holds it (`pension.years_convention`, `rounding.benefit`, …).
    pub code: &'static str,
    /// The named kind where the parameter is a choice (`half_up_2`, `low_index_scaled`), else empty.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub value: String,
    /// The grade of the rules entry; absent for what the request stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grade: Option<Grade>,
    pub message: Message,
}

/// The `projection` block of the response.
#[derive(Clone, Debug, Serialize)]
pub struct ProjectionInfo {
    pub retirement_date: YearMonth,
    pub basic_pension: Fen,
    pub account_pension: Fen,
    pub monthly_pension: Fen,
    /// Contribution years at retirement (months / 12, two decimals).
    pub years: Dec,
    pub contribution_months: i64,
    pub average_index: Dec,
    /// Personal-account balance at retirement.
    pub account_balance: Fen,
    /// The 计发基数 at retirement.
    pub benefit_base: Fen,
    pub months_divisor: Dec,
    /// The worker's own pension contributions, past (as recorded or estimated) and still to pay.
    pub own_contributions: Fen,
    /// Years of pension that repay the worker's own contributions; absent when the pension is zero.
    pub repay_years: Option<Dec>,
    pub assumptions: Vec<Assumption>,
    /// The transitional pension (过渡性养老金) for time credited before the personal account; `0.00`
    /// without credited time, absent where the region's formula is not in the rules data. Included in
    /// `monthly_pension`.
    pub transitional_pension: Option<Fen>,
    /// The credited years the transitional pension counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credited_years: Option<Dec>,
    /// The indexed monthly wage (指数化月平均缴费工资) of the basic pension.
    pub indexed_wage: Fen,
    /// The month the 计发基数's rules entry starts (`2025-01`), absent when the request gave it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub benefit_base_period: Option<YearMonth>,
    /// Whether the 计发基数 is provisional: the year's own was not published by the month of computation,
    /// so the previous one applies until it is (the pension is recomputed and trued up afterwards).
    pub benefit_base_provisional: bool,
    /// The conventions of the region the computation applied, in plain words.
    pub conventions: Vec<Convention>,
}

// ---- resident

#[derive(Clone, Debug, Serialize)]
pub struct ResidentMedical {
    pub yearly_individual: Fen,
    pub yearly_subsidy: Fen,
    /// The individual contribution as a monthly figure, to set beside employee medical insurance.
    pub monthly_equivalent: Fen,
    /// `national` when the region has no amount of its own: the national minimum, local amounts are
    /// usually higher.
    pub scope: String,
    pub grade: Grade,
}

#[derive(Clone, Debug, Serialize)]
pub struct ResidentTier {
    pub yearly: Fen,
    pub subsidy: Fen,
    pub account_balance: Fen,
    pub account_pension: Fen,
    pub monthly_pension: Fen,
}

#[derive(Clone, Debug, Serialize)]
pub struct ResidentPension {
    /// The month the person reaches the resident pension age.
    pub start: YearMonth,
    pub age: i64,
    /// Whole years of contributions from the month after the ledger to that month.
    pub contribution_years: i64,
    pub min_years: Dec,
    pub meets_minimum: bool,
    pub basic_pension: Fen,
    pub months_divisor: Dec,
    pub scope: String,
    /// One row per yearly tier, lowest first.
    pub tiers: Vec<ResidentTier>,
    pub assumptions: Vec<String>,
}

/// The `resident` block of the response.
#[derive(Clone, Debug, Serialize)]
pub struct ResidentInfo {
    pub medical: ResidentMedical,
    pub pension: ResidentPension,
}

/// What a planned gap (`person.gap_months`) does to medical cover (issue 17). The pension's side is in
/// `retirement` and `projection`, which count the gap's months off the months still to pay.
#[derive(Clone, Debug, Serialize)]
pub struct GapInfo {
    pub months: u32,
    pub employee_medical: EmployeeMedicalGap,
    pub resident_medical: ResidentMedicalGap,
}

/// The employee medical scheme (the one flexible workers join) after a gap.
#[derive(Clone, Debug, Serialize)]
pub struct EmployeeMedicalGap {
    /// The longest gap that, paid back, keeps the cover without waiting.
    pub backpay_months: crate::foundation::money::Dec,
    pub covered_by_backpay: bool,
    /// The waiting period after re-enrolling, when the gap is longer; absent when paid back in time.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waiting_months: Option<crate::foundation::money::Dec>,
    /// The waiting period is the national maximum (the city's own is not in the rules data).
    pub waiting_is_maximum: bool,
    pub message: crate::foundation::error::Message,
    pub grade: crate::model::citation::Grade,
    pub citations: Vec<crate::model::citation::Citation>,
}

/// The resident medical scheme after a gap of the same length (国办发〔2024〕38号).
#[derive(Clone, Debug, Serialize)]
pub struct ResidentMedicalGap {
    /// Years not enrolled: any part of a year counts as a year, the scheme being paid yearly.
    pub gap_years: u32,
    pub waiting_months: crate::foundation::money::Dec,
    /// The waiting period once the missed years are paid back.
    pub after_backpay_months: crate::foundation::money::Dec,
    pub message: crate::foundation::error::Message,
    pub grade: crate::model::citation::Grade,
    pub citations: Vec<crate::model::citation::Citation>,
    /// What the gap does to the continuity reward (additive, issue 17 item 3).
    pub continuity_reward: ContinuityReward,
}

/// The resident scheme's reward for continuous years (国办发〔2024〕38号): after `after_years` continuous
/// years each further year raises the serious-illness insurance (大病保险) cap by at least `min_step`,
/// all rewards together by at most `max_share` of the original cap; a gap restarts the count.
#[derive(Clone, Debug, Serialize)]
pub struct ContinuityReward {
    pub after_years: crate::foundation::money::Dec,
    pub min_step: crate::foundation::money::Dec,
    pub max_share: crate::foundation::money::Dec,
    /// Always true for a gap: "断保之后再次参保的，连续参保年数重新计算".
    pub count_restarts: bool,
    pub message: crate::foundation::error::Message,
    pub grade: crate::model::citation::Grade,
    pub citations: Vec<crate::model::citation::Citation>,
}

/// Employee or resident schemes, side by side.
#[derive(Clone, Debug, Serialize)]
pub struct Schemes {
    pub employee: SchemeOutcome,
    pub resident: SchemeOutcome,
}

/// One pair of schemes (pension and medical) for this worker.
#[derive(Clone, Debug, Serialize)]
pub struct SchemeOutcome {
    /// What the worker pays a year: the employee schemes at the floor after subsidies, the resident
    /// pension's lowest tier plus the resident medical contribution.
    pub yearly_cost: crate::foundation::money::Fen,
    pub monthly_pension: crate::foundation::money::Fen,
    /// The month the pension starts.
    pub pension_from: YearMonth,
    /// The fund's share of inpatient costs within the policy range (a national level, grade C).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inpatient_fund_share: Option<crate::foundation::money::Dec>,
    pub message: crate::foundation::error::Message,
}
