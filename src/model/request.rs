//! The request of JSON API v1: a worker's labor facts, month by month and platform by platform, and
//! their choices. Field names are a public contract: add fields, never rename one.
//!
//! Parsing rejects unknown fields (a typo must not be silently ignored) and values of the wrong type,
//! naming the JSON path; [`Request::validate`] (`validate.rs`) then checks ranges and consistency.

use crate::foundation::error::ApiError;
use crate::foundation::json_read::{self, read_object, FromJson, Reader, Scalar};
use crate::foundation::money::{self, Dec};
use crate::foundation::month::YearMonth;
use crate::foundation::names::named_enum;
use crate::foundation::text::trim;
use rust_decimal::Decimal;
use serde::Serialize;

/// Months in one request at most: fifty years of contributions.
pub const MAX_MONTHS: usize = 600;
/// Platforms worked for in one month at most.
pub const MAX_PLATFORMS_PER_MONTH: usize = 50;
/// Characters in a platform name at most.
pub const MAX_PLATFORM_NAME: usize = 64;
/// Labor income from one platform in one month at most, in yuan.
pub const MAX_MONTHLY_INCOME: Decimal = Decimal::from_parts(100_000_000, 0, 0, false, 0);
/// Orders on one platform in one month at most.
pub const MAX_MONTHLY_ORDERS: u64 = 1_000_000;
/// A chosen base amount at most, in yuan per month.
pub const MAX_BASE_AMOUNT: Decimal = Decimal::from_parts(100_000_000, 0, 0, false, 0);

#[derive(Clone, Debug, Serialize)]
pub struct Request {
    /// GB/T 2260 code, pinyin or hanzi name: `"320100"`, `"nanjing"`, `"南京"`.
    pub region: String,
    #[serde(default)]
    pub scenario: Scenario,
    /// The worker's own base choice under current law; absent means the floor. The labor-facts
    /// scenario does not use it: it computes on `scenario_base` (issue 17: one scenario base on the
    /// page, in the batch and in the API).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pension_base: Option<BaseChoice>,
    /// The base of the labor-facts scenario; absent means the rules data's `labor_facts.default_base`
    /// (the month's labor income: coverage that follows the facts of labor follows its income).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario_base: Option<BaseChoice>,
    #[serde(default)]
    pub medical: MedicalChoice,
    pub months: Vec<MonthFacts>,
    /// Subsidy programs the worker takes part in, with the facts each needs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subsidies: Vec<SubsidyRequest>,
    /// Overrides of the labor-facts scenario's parameters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labor_facts: Option<LaborFactsOverrides>,
    #[serde(default)]
    pub trace: bool,
    /// Refuse estimates: where the rules data have only an estimate for a figure (a medical rule no
    /// city has published), answer `parameter_required` instead of computing with it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub no_estimates: bool,
    /// The month the contributions are (or were) collected in. Absent: the final values, each notice
    /// in the rules data applied back to the start of its period (what is finally due; for a month
    /// whose notice is not yet in the data, the carried-forward value paid now). Given: each value as
    /// known then; a month collected before its final value was published is flagged `provisional`
    /// and its `adjustment` gives the difference the later notice makes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collected_in: Option<YearMonth>,
    /// The worker as a person: birth and retirement track, and their contribution record, for the
    /// retirement block, the pension projection and the resident schemes (issue 4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<crate::model::person::Person>,
    /// The places of a where-to-insure comparison (the `where` verb, issue 17); the other verbs do
    /// not read it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<PlaceOption>,
}

/// One place of a where-to-insure comparison.
#[derive(Clone, Debug, Default, Serialize)]
pub struct PlaceOption {
    /// As `region`: code, name or pinyin.
    pub region: String,
    /// The person's hukou is in this place's province.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hukou: bool,
    /// Years already paid into the employee pension in this place's province. Default 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub years_paid: Option<Dec>,
}

impl FromJson for PlaceOption {
    fn read(r: &mut Reader<'_>) -> Result<Self, ApiError> {
        Ok(read_object!(
            r,
            PlaceOption {
                region: required,
                hukou: default,
                years_paid: default,
            }
        ))
    }
}

/// A subsidy program the worker takes part in.
#[derive(Clone, Debug, Serialize)]
pub struct SubsidyRequest {
    pub program: SubsidyProgram,
    /// employment_difficulty: the first subsidised month (the month the worker was recognised).
    /// Default: the ledger's first month, stated in each month's reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<YearMonth>,
    /// employment_difficulty: subsidised months already used before this ledger.
    #[serde(default)]
    pub months_used_before: u32,
    /// platform_pension: the platform that pays it (a `platform` of the work entries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    /// platform_pension: in how many of the months just before the ledger the income from the
    /// platform reached the floor, as the worker knows it. The program looks back six months, so a
    /// one-month check needs it (issue 17). Default 0: months outside the ledger count as not reached.
    #[serde(default)]
    pub months_reached_before: u32,
}

named_enum! {
    pub enum SubsidyProgram {
        /// Public social-insurance subsidy for flexibly employed people with employment difficulties.
        EmploymentDifficulty = "employment_difficulty",
        /// A platform's subsidy of its riders' pension contributions.
        PlatformPension = "platform_pension",
    }
}

/// Every threshold, share and the apportioning key of the labor-facts scenario may be overridden.
#[derive(Clone, Debug, Default, Serialize)]
pub struct LaborFactsOverrides {
    /// Average weekly hours for one platform above which it is liable (default 24).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekly_hours_threshold: Option<Dec>,
    /// Share of the base floor a month's income from one platform must reach (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub income_floor_share: Option<Dec>,
    /// Pension rate a liable platform pays on its part of the base (default 0.12).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_pension_rate: Option<Dec>,
    /// Points below the flexible medical rate a liable platform pays (default 0.02).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_medical_rate_cut: Option<Dec>,
    /// `income` or `hours`: what a liable platform's part of the base follows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub apportion: Option<Apportion>,
}

named_enum! {
    /// What a liable platform's part of the base follows, in the labor-facts scenario.
    pub enum Apportion {
        Income = "income",
        Hours = "hours",
    }
}

named_enum! {
    /// The injury protection fee class of instant-delivery platforms: first enrolment pays the
    /// standard fee, platforms rated higher pay the high one.
    #[derive(Default)]
    pub enum InjuryFeeClass {
        #[default]
        Standard = "standard",
        High = "high",
    }
}

named_enum! {
    /// Which law the contributions follow.
    #[derive(Default)]
    pub enum Scenario {
        /// The law in force: the flexibly employed worker pays everything.
        #[default]
        CurrentLaw = "current_law",
        /// A reform scenario: platforms share the cost when the facts of work show dependence.
        LaborFacts = "labor_facts",
    }
}

named_enum! {
    /// The kind of pension base chosen.
    #[derive(Default)]
    pub enum BaseKind {
        /// The region's floor (60 % of the average wage in most places).
        #[default]
        Floor = "floor",
        /// The region's ceiling (300 %).
        Ceiling = "ceiling",
        /// The month's total labor income across platforms, clamped to [floor, ceiling].
        Income = "income",
        /// A percent of the average wage, within the legal range (60–300).
        Percent = "percent",
        /// A declared amount, clamped to [floor, ceiling].
        Amount = "amount",
    }
}

named_enum! {
    /// The base of the labor-facts scenario when the request chooses none
    /// (`labor_facts.default_base`): the kinds that need no figure from the request.
    pub enum DefaultBase {
        Floor = "floor",
        Ceiling = "ceiling",
        Income = "income",
    }
}

impl DefaultBase {
    pub fn kind(self) -> BaseKind {
        match self {
            DefaultBase::Floor => BaseKind::Floor,
            DefaultBase::Ceiling => BaseKind::Ceiling,
            DefaultBase::Income => BaseKind::Income,
        }
    }
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct BaseChoice {
    #[serde(default)]
    pub kind: BaseKind,
    /// The percent (`"100"`) or the amount (`"6000"`), for those kinds only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Dec>,
    /// Where the region has fixed tiers: how an amount maps to one (overrides the rules data's default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier_rule: Option<String>,
}

named_enum! {
    /// Which medical scheme the worker's contributions are assessed for.
    #[derive(Default)]
    pub enum MedicalScheme {
        /// Employee basic medical insurance as a flexibly employed person.
        #[default]
        Employee = "employee",
        /// Leave medical insurance out.
        None = "none",
    }
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct MedicalChoice {
    #[serde(default)]
    pub scheme: MedicalScheme,
    /// A rate on the chosen base, to override the region's rule: `"0.08"`, `"8%"` or `"8"` (above 1 is
    /// read as percent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<Rate>,
    /// The yearly tier, where the region charges by tiers (Chongqing: `"1"` or `"2"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
}

/// A rate as people write it: `"0.08"`, `"8%"` (or `"8％"`), or `"8"`; a figure above 1 is read as
/// percent, since no social-insurance rate is above 100 %. Kept as the fraction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rate(pub rust_decimal::Decimal);

impl Serialize for Rate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        money::serialize_decimal(self.0, s)
    }
}

impl FromJson for Rate {
    fn read(r: &mut Reader<'_>) -> Result<Self, ApiError> {
        let (d, percent) = match r.number_or_text()? {
            Scalar::Number(number) => (number, false),
            Scalar::Text(text) => {
                let t = trim(&text);
                let (figure, percent) = match t.strip_suffix('%').or_else(|| t.strip_suffix('％')) {
                    Some(n) => (trim(n), true),
                    None => (t, false),
                };
                let d = money::parse_decimal(figure).map_err(|e| r.invalid(format!("费率有误：{e}"), e))?;
                (d, percent)
            }
        };
        Ok(Rate(if percent || d > rust_decimal::Decimal::ONE {
            d / rust_decimal::Decimal::ONE_HUNDRED
        } else {
            d
        }))
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct MonthFacts {
    pub month: YearMonth,
    #[serde(default)]
    pub work: Vec<WorkEntry>,
}

/// The facts of one month's work on one platform.
#[derive(Clone, Debug, Serialize)]
pub struct WorkEntry {
    pub platform: String,
    #[serde(default)]
    pub hours: Dec,
    pub income: Dec,
    #[serde(default)]
    pub orders: u64,
    #[serde(default)]
    pub sector: Sector,
    /// Instant delivery only: `standard` (0.07 a order) or `high` (0.25).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub injury_fee_class: Option<InjuryFeeClass>,
}

named_enum! {
    /// The kind of platform work; it decides the per-order injury protection fee.
    #[derive(Default)]
    pub enum Sector {
        InstantDelivery = "instant_delivery",
        RideHailing = "ride_hailing",
        Freight = "freight",
        #[default]
        Other = "other",
    }
}

impl Request {
    /// Parses a request from JSON text; a type error or an unknown field names its path.
    pub fn from_json(text: &str) -> Result<Request, ApiError> {
        json_read::from_str(text)
    }
}

// Reading requests (`Request::from_json`). The keys are the field names; an unknown key is an error.

impl FromJson for Request {
    fn read(r: &mut Reader<'_>) -> Result<Self, ApiError> {
        Ok(read_object!(
            r,
            Request {
                region: required,
                scenario: default,
                pension_base: default,
                scenario_base: default,
                medical: default,
                months: required,
                subsidies: default,
                labor_facts: default,
                trace: default,
                no_estimates: default,
                collected_in: default,
                person: default,
                places: default,
            }
        ))
    }
}

impl FromJson for SubsidyRequest {
    fn read(r: &mut Reader<'_>) -> Result<Self, ApiError> {
        Ok(read_object!(
            r,
            SubsidyRequest {
                program: required,
                start: default,
                months_used_before: default,
                platform: default,
                months_reached_before: default,
            }
        ))
    }
}

impl FromJson for LaborFactsOverrides {
    fn read(r: &mut Reader<'_>) -> Result<Self, ApiError> {
        Ok(read_object!(
            r,
            LaborFactsOverrides {
                weekly_hours_threshold: default,
                income_floor_share: default,
                platform_pension_rate: default,
                platform_medical_rate_cut: default,
                apportion: default,
            }
        ))
    }
}

impl FromJson for BaseChoice {
    fn read(r: &mut Reader<'_>) -> Result<Self, ApiError> {
        Ok(read_object!(
            r,
            BaseChoice {
                kind: default,
                value: default,
                tier_rule: default,
            }
        ))
    }
}

impl FromJson for MedicalChoice {
    fn read(r: &mut Reader<'_>) -> Result<Self, ApiError> {
        Ok(read_object!(
            r,
            MedicalChoice {
                scheme: default,
                rate: default,
                tier: default,
            }
        ))
    }
}

impl FromJson for MonthFacts {
    fn read(r: &mut Reader<'_>) -> Result<Self, ApiError> {
        Ok(read_object!(
            r,
            MonthFacts {
                month: required,
                work: default
            }
        ))
    }
}

impl FromJson for WorkEntry {
    fn read(r: &mut Reader<'_>) -> Result<Self, ApiError> {
        Ok(read_object!(
            r,
            WorkEntry {
                platform: required,
                hours: default,
                income: required,
                orders: default,
                sector: default,
                injury_fee_class: default,
            }
        ))
    }
}

named_enum! {
    /// A fixed base chosen from the region's tiers: the named rule that maps an amount to a tier.
    pub enum TierRule {
        /// The highest tier not above the amount (the floor tier when the amount is below it): the
        /// worker never pays on more than they declared.
        HighestNotAbove = "highest_not_above",
        /// The lowest tier not below the amount (the top tier when above it): the base covers the
        /// income.
        LowestNotBelow = "lowest_not_below",
        /// The nearest tier; a tie goes to the lower one.
        Nearest = "nearest",
    }
}
