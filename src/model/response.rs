//! The response of JSON API v1. Field names are a public contract: add fields, never rename one.
//! Money is serialised as strings with two decimals (`"990.40"`).

use crate::foundation::error::Message;
use crate::foundation::money::{Dec, Fen};
use crate::foundation::month::YearMonth;
pub use crate::model::citation::Citation;
use crate::model::request::SubsidyProgram;
use crate::model::results::{Injury, PlatformFacts, SubsidyResult};
use crate::model::trace::TraceStep;
use serde::Serialize;

/// The schema name every response carries.
pub const SCHEMA: &str = "flexcalc/v1";

#[derive(Clone, Debug, Serialize)]
pub struct Response {
    pub schema: &'static str,
    pub engine_version: &'static str,
    pub rules_version: String,
    /// Names of rules files loaded beside the embedded data; empty when only the embedded rules were used.
    pub custom_rules: Vec<String>,
    pub region: RegionInfo,
    pub scenario: ScenarioInfo,
    pub months: Vec<MonthResult>,
    pub totals: Totals,
    pub warnings: Vec<Warning>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<Vec<TraceStep>>,
    /// Statutory retirement, the flexible window and the minimum years (with `request.person`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retirement: Option<crate::model::results::RetirementInfo>,
    /// The pension at retirement, with every assumption (with `request.person`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub projection: Option<crate::model::results::ProjectionInfo>,
    /// Resident medical and resident pension beside the employee schemes (with `request.person`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resident: Option<crate::model::results::ResidentInfo>,
    /// What `person.gap_months` does to medical cover (issue 17).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gap: Option<crate::model::results::GapInfo>,
}

#[derive(Clone, Debug, Serialize)]
pub struct RegionInfo {
    /// The code the request resolved to (a county code keeps its own code here).
    pub code: String,
    pub zh: String,
    pub en: String,
    pub province: PlaceName,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<PlaceName>,
    /// The division the worker named (a county, a city, a province) and its level: its province's
    /// rules give the pension base, its city's (prefecture's) the medical rule where the city has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<NamedPlace>,
}

#[derive(Clone, Debug, Serialize)]
pub struct NamedPlace {
    pub code: String,
    pub zh: String,
    pub en: String,
    /// `province`, `prefecture` or `county`.
    pub level: &'static str,
}

#[derive(Clone, Debug, Serialize)]
pub struct PlaceName {
    pub code: String,
    pub zh: String,
    pub en: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct ScenarioInfo {
    pub name: &'static str,
    /// True only for the law in force; a scenario is a proposal, never advice on what is owed.
    pub is_current_law: bool,
    pub label: Message,
    /// The scenario's parameters with their sources (labor_facts only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<Citation>,
    /// The base the scenario computed on (issue 17): absent only in the batch's figures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base: Option<ScenarioBase>,
}

impl ScenarioInfo {
    /// The scenario's name and label, before its parameters and base are known.
    pub fn of(s: crate::model::request::Scenario) -> ScenarioInfo {
        use crate::model::request::Scenario;
        let (is_current_law, label) = match s {
            Scenario::CurrentLaw => (true, Message::new("现行法律", "Current law")),
            Scenario::LaborFacts => (
                false,
                Message::new(
                    "情景测算：按劳动事实参保（非现行法律）",
                    "Scenario: coverage follows the facts of labor (not current law)",
                ),
            ),
        };
        ScenarioInfo {
            name: s.name(),
            is_current_law,
            label,
            parameters: Vec::new(),
            base: None,
        }
    }
}

/// The base a scenario computed on: its kind, which request field chose it (`pension_base`,
/// `scenario_base`) or `default`, and the same in words.
#[derive(Clone, Debug, Serialize)]
pub struct ScenarioBase {
    pub kind: &'static str,
    pub chosen_by: &'static str,
    pub label: Message,
}

#[derive(Clone, Debug, Serialize)]
pub struct PlatformAmount {
    pub platform: crate::model::results::PlatformName,
    pub amount: Fen,
}

#[derive(Clone, Debug, Serialize)]
pub struct MonthResult {
    pub month: YearMonth,
    pub labor: LaborSummary,
    pub pension: PensionResult,
    pub medical: MedicalResult,
    /// Occupational injury protection: paid by platforms per order, never by the worker.
    pub injury: Injury,
    /// What the worker pays this month (pension + medical).
    pub worker: Fen,
    /// Subsidies requested, eligible or not, with the reason.
    pub subsidies: Vec<SubsidyResult>,
    /// What the worker pays after subsidies.
    pub net_worker_cost: Fen,
    pub flags: Vec<&'static str>,
    /// A month collected (`collected_in`) before its final values were published (flag
    /// `provisional`): what the later notice adds (positive, 补缴) or returns (negative, 退费).
    #[cfg(feature = "provisional")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adjustment: Option<Adjustment>,
}

/// The difference the final values make to a month collected on provisional ones: final − collected.
#[derive(Clone, Debug, Serialize)]
pub struct Adjustment {
    pub pension: Fen,
    pub medical: Fen,
    /// pension + medical.
    pub total: Fen,
}

/// The month's facts as the engine read them: hours, income, working time, and per platform.
#[derive(Clone, Debug, Serialize)]
pub struct LaborSummary {
    pub hours: Fen,
    pub income: Fen,
    pub orders: u64,
    /// Average weekly hours across platforms (hours × 7 / days in the month).
    pub weekly_hours: crate::model::results::WeeklyHours,
    pub hourly_income: Option<Fen>,
    /// Average weekly hours above the statutory week (Labor Law art. 36: 44 hours).
    pub above_statutory_week: bool,
    pub platforms: Vec<PlatformFacts>,
}

#[derive(Clone, Debug, Serialize)]
pub struct PensionResult {
    pub base: Fen,
    pub total: Fen,
    pub pooled: Fen,
    pub personal_account: Fen,
    pub worker: Fen,
    pub platforms: Vec<PlatformAmount>,
}

#[derive(Clone, Debug, Serialize)]
pub struct MedicalResult {
    pub scheme: &'static str,
    /// The base the rate applied to; `null` where the city charges a fixed amount.
    pub base: Option<Fen>,
    pub total: Fen,
    pub worker: Fen,
    pub platforms: Vec<PlatformAmount>,
    /// The rate applied to `base` (`"0.09"`), where the rule is a rate; absent for a fixed amount or a
    /// yearly tier. Lets a reader say the charge as a sentence (base × rate) without the trace.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate: Option<Dec>,
    /// Present where no city has published a rule and the charge is the rules data's estimate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub estimate: Option<MedicalEstimateInfo>,
}

/// A medical charge that is an estimate: the month's charge at the low and the high end of the range,
/// and the published figures it rests on, in words. Always grade C.
#[derive(Clone, Debug, Serialize)]
pub struct MedicalEstimateInfo {
    pub low: Fen,
    pub high: Fen,
    pub basis: Message,
    pub grade: crate::model::citation::Grade,
}

#[derive(Clone, Debug, Serialize)]
pub struct PartyTotals {
    pub total: Fen,
    pub worker: Fen,
    pub platforms: Vec<PlatformAmount>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Totals {
    pub pension: PartyTotals,
    pub medical: PartyTotals,
    /// Injury protection fees over all months, per platform.
    pub injury: InjuryTotals,
    pub worker: Fen,
    pub platforms: Vec<PlatformAmount>,
    pub subsidies: Vec<SubsidyTotal>,
    pub net_worker_cost: Fen,
}

#[derive(Clone, Debug, Serialize)]
pub struct SubsidyTotal {
    pub program: SubsidyProgram,
    pub payer: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    pub amount: Fen,
    /// Months in which the worker was eligible.
    pub months: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct InjuryTotals {
    pub total: Fen,
    pub platforms: Vec<PlatformAmount>,
}

/// Something the user must know about how the figures were reached.
#[derive(Clone, Debug, Serialize)]
pub struct Warning {
    pub code: &'static str,
    pub message: Message,
    /// The parameter concerned, where there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameter: Option<&'static str>,
    /// The months concerned, where the warning is about some months only.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub months: Vec<YearMonth>,
}
