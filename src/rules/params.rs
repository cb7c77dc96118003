//! The catalogue of parameter names the rules data may use, each with the type of its value.
//!
//! A name that is not here is rejected when the rules load, so that a typo in a rules file cannot
//! silently leave a figure out.

use super::raw::{Table, Tree};
use crate::foundation::money::{parse_decimal, Rounding, RoundingMode};
use rust_decimal::Decimal;
use serde::Serialize;

/// What a parameter's value is, and how it is checked when loaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Yuan (per month unless the name says otherwise), non-negative.
    Money,
    /// A fraction in [0, 1].
    Rate,
    /// A non-negative decimal that is neither money nor a rate (percent points, hours, years).
    Number,
    /// Ascending list of money amounts.
    MoneyList,
    /// `{ min, max }` non-negative decimals with min ≤ max.
    Range,
    /// `{ unit, mode }`.
    Rounding,
    /// One of the names in [`TierRule`].
    TierRule,
    /// A medical charging rule, see [`MedicalRule`].
    MedicalRule,
    /// A table of non-negative decimals keyed by text (for example age → months divisor).
    Table,
    /// A short text (for example a track name).
    Text,
    /// One of a fixed set of names.
    Choice(&'static [&'static str]),
    /// A list of short texts (for example province codes; `"*"` for all).
    TextList,
    /// A subsidy program's rule, see [`SubsidyRule`].
    Subsidy,
}

/// Every parameter name, with its kind and a one-line description for `flexcalc rules`.
pub const CATALOGUE: &[(&str, Kind, &str)] = &[
    (
        "pension.rate",
        Kind::Rate,
        "pension contribution rate for flexibly employed people",
    ),
    (
        "pension.pooled_rate",
        Kind::Rate,
        "part of the pension rate credited to the pooled fund",
    ),
    (
        "pension.personal_account_rate",
        Kind::Rate,
        "part of the pension rate credited to the personal account",
    ),
    (
        "pension.base_percent_range",
        Kind::Range,
        "percent of the average wage a base may be chosen between",
    ),
    ("pension.base_floor", Kind::Money, "contribution base floor"),
    ("pension.base_ceiling", Kind::Money, "contribution base ceiling"),
    (
        "pension.base_tiers",
        Kind::MoneyList,
        "fixed bases flexibly employed people choose from",
    ),
    (
        "pension.tier_rule",
        Kind::TierRule,
        "how a declared amount or income maps to a fixed base",
    ),
    (
        "pension.benefit_base",
        Kind::Money,
        "计发基数: the wage figure pensions are computed from",
    ),
    (
        "average_wage",
        Kind::Money,
        "average monthly wage of urban-unit employees the base range derives from",
    ),
    (
        "medical.flexible",
        Kind::MedicalRule,
        "employee medical insurance charging rule for flexibly employed people",
    ),
    (
        "rounding.contribution",
        Kind::Rounding,
        "how a monthly contribution is rounded",
    ),
    (
        "rounding.base",
        Kind::Rounding,
        "how a base computed from a percent of the average wage is rounded",
    ),
    (
        "rounding.subsidy",
        Kind::Rounding,
        "how a subsidy computed as a share of the contributions due is rounded",
    ),
    (
        "rounding.subsidy_of_paid",
        Kind::Rounding,
        "how a subsidy capped at a share of the contributions paid is rounded",
    ),
    // labor-facts scenario (issue 3): rules/scenarios/labor-facts.toml
    (
        "labor_facts.weekly_hours_threshold",
        Kind::Number,
        "average weekly hours for one platform above which it is liable",
    ),
    (
        "labor_facts.income_floor_share",
        Kind::Number,
        "share of the base floor that a month's income from one platform must reach to make it liable",
    ),
    (
        "labor_facts.platform_pension_rate",
        Kind::Rate,
        "pension rate a liable platform pays on its part of the base",
    ),
    (
        "labor_facts.platform_medical_rate_cut",
        Kind::Rate,
        "points below the flexible medical rate that a liable platform pays",
    ),
    (
        "labor_facts.apportion",
        Kind::Choice(&["income", "hours"]),
        "what a liable platform's part of the base follows",
    ),
    (
        "labor_facts.default_base",
        Kind::Choice(&["floor", "ceiling", "income"]),
        "the base under the scenario when the request chooses none",
    ),
    (
        "working_time.weekly_hours_limit",
        Kind::Number,
        "statutory average weekly hours",
    ),
    (
        "injury.fee_per_order",
        Kind::Table,
        "occupational injury protection fee per order, by sector",
    ),
    (
        "subsidy.employment_difficulty",
        Kind::Subsidy,
        "social-insurance subsidy for flexibly employed people with employment difficulties",
    ),
    (
        "subsidy.platform_pension",
        Kind::Subsidy,
        "a platform's subsidy of its riders' flexible pension contributions",
    ),
    (
        "injury.pilot_provinces",
        Kind::TextList,
        "provinces in the occupational injury protection pilot (\"*\" for all)",
    ),
    // retirement and projection (issue 4): rules/national/retirement.toml, projection.toml, resident.toml
    (
        "retirement.original_age",
        Kind::Table,
        "original statutory retirement age in years, by track (male_60, female_55, female_50)",
    ),
    (
        "retirement.delay_step_months",
        Kind::Table,
        "months of birth per month of delay under the 2025 reform, by track; counted from the entry's from",
    ),
    (
        "retirement.max_delay_months",
        Kind::Table,
        "the most months the statutory age is delayed, by track",
    ),
    (
        "retirement.early_max_months",
        Kind::Number,
        "months a person may retire before the statutory age at most (never below the original age)",
    ),
    (
        "retirement.late_max_months",
        Kind::Number,
        "months a person may retire after the statutory age at most",
    ),
    (
        "retirement.min_contribution_years",
        Kind::Number,
        "minimum contribution years for a monthly pension, by the month of retirement",
    ),
    (
        "retirement.flexible_female_track",
        Kind::Choice(&["female_55", "female_50"]),
        "the track flexibly employed women follow in the region",
    ),
    (
        "pension.basic_rate_per_year",
        Kind::Rate,
        "part of the basic-pension base paid per year of contributions (1 %)",
    ),
    (
        "pension.months_divisor",
        Kind::Table,
        "personal-account months divisor by age at retirement in whole years",
    ),
    (
        "pension.divisor_lookup",
        Kind::Choice(&["whole_years", "interpolated"]),
        "how an age in years and months is looked up in the months divisor table",
    ),
    (
        "pension.account_interest",
        Kind::Rate,
        "personal-account interest rate (记账利率) of a year",
    ),
    (
        "rounding.benefit",
        Kind::Rounding,
        "how each part of a projected pension is rounded",
    ),
    (
        "rounding.divisor",
        Kind::Rounding,
        "how a months divisor for an age in years and months is rounded",
    ),
    // pension conventions of the approval forms (issue 18): rules/national/projection.toml, rules/regions/
    (
        "pension.years_convention",
        Kind::Choice(&["exact", "half_up_2", "up_2", "up_1", "parts_half_up_2"]),
        "how contribution months become the contribution years of the pension formula",
    ),
    (
        "pension.basic_formula",
        Kind::Choice(&["standard", "two_bases", "year_and_month_rates", "low_index_scaled"]),
        "the basic-pension formula of the region",
    ),
    (
        "pension.basic_rate_per_month",
        Kind::Rate,
        "part of the basic-pension base paid per remaining month (year_and_month_rates)",
    ),
    (
        "pension.low_index_threshold",
        Kind::Number,
        "average index below which the first term of the basic pension is scaled (low_index_scaled)",
    ),
    (
        "pension.indexed_wage_base",
        Kind::Money,
        "the wage the average index multiplies where it differs from the 计发基数",
    ),
    (
        "rounding.indexed_wage",
        Kind::Rounding,
        "how the indexed monthly wage is rounded before the basic pension is computed",
    ),
    (
        "rounding.basic_pension",
        Kind::Rounding,
        "how the basic pension is rounded where it differs from the other parts",
    ),
    (
        "pension.transitional_formula",
        Kind::Choice(&[
            "indexed_wage",
            "indexed_wage_index_at_least_one",
            "average_of_bases",
            "credited_at_one_plus_paid_indexed",
            "fixed_plus_per_whole_year",
            "not_modelled",
        ]),
        "the transitional-pension formula for years credited before the personal account",
    ),
    (
        "pension.transitional_coefficient",
        Kind::Rate,
        "transitional pension per credited year, a fraction of its base",
    ),
    (
        "pension.transitional_fixed",
        Kind::Money,
        "fixed part of a transitional allowance (fixed_plus_per_whole_year)",
    ),
    (
        "pension.transitional_per_year",
        Kind::Money,
        "amount per whole contribution year of a transitional allowance (fixed_plus_per_whole_year)",
    ),
    (
        "resident.medical_individual_yearly",
        Kind::Money,
        "resident medical insurance: individual contribution per year",
    ),
    (
        "resident.medical_subsidy_yearly",
        Kind::Money,
        "resident medical insurance: government subsidy per person per year",
    ),
    (
        "resident.pension_tiers",
        Kind::Table,
        "resident pension: yearly contribution tier -> government subsidy per year",
    ),
    (
        "resident.pension_age",
        Kind::Number,
        "resident pension: age in years from which it is paid",
    ),
    (
        "resident.pension_min_years",
        Kind::Number,
        "resident pension: minimum contribution years",
    ),
    (
        "resident.basic_pension",
        Kind::Money,
        "resident pension: basic pension per month paid by government",
    ),
];

pub use crate::model::request::TierRule;

/// One yearly tier of a medical scheme charged by the year (Chongqing).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MedicalTier {
    pub id: String,
    pub yearly_amount: Decimal,
    pub zh: String,
    pub en: String,
}

/// How a city charges employee medical insurance to flexibly employed people. Cities differ in kind,
/// not only in rate, so the rule is a sum type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MedicalRule {
    /// rate × the chosen base, clamped into the medical range when the city has its own.
    RateOnBase {
        rate: Decimal,
        base_floor: Option<Decimal>,
        base_ceiling: Option<Decimal>,
        /// The parts the charge is made of, each rounded on its own, where the city's examples show
        /// it so; empty for one rate rounded once.
        parts: Vec<MedicalPart>,
    },
    /// rate × a base the city fixes for everyone (Chengdu), optionally in parts.
    RateOnFixedBase {
        rate: Decimal,
        base: Decimal,
        parts: Vec<MedicalPart>,
    },
    /// A fixed amount per month (Beijing).
    FixedMonthly { amount: Decimal },
    /// A yearly amount per tier; the request picks the tier, a month costs a twelfth (Chongqing).
    YearlyTiers { tiers: Vec<MedicalTier> },
}

/// Where no city has published a rule, the rules data may still give one, as an estimate: a central
/// figure (the rule's own rate or amount), the low and high ends of the plausible range, and the basis
/// in words (which published figures it rests on). Always graded C. The engine computes with the central
/// figure and reports the range, so that a worker outside the covered cities still gets an answer, and
/// knows it is one (issue 15).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MedicalEstimate {
    /// The low end: a rate for a rate rule, an amount for a fixed amount.
    pub low: Decimal,
    /// The high end, in the same unit.
    pub high: Decimal,
    pub basis_zh: String,
    pub basis_en: String,
}

/// One part of a medical charge with its own rate (Chengdu: basic medical 8.75 % and the serious-illness
/// supplement 0.75 %, each rounded to the fen, so 6,015 × 9.5 % is 526.31 + 45.11 = 571.42, not 571.43).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MedicalPart {
    /// `basic`, `serious_illness` or `maternity`.
    pub name: &'static str,
    pub rate: Decimal,
}

/// The names a medical part may have.
pub const MEDICAL_PARTS: &[&str] = &["basic", "serious_illness", "maternity"];

/// The `parts = [{ name, rate }, …]` of a rate rule: known names, each once, rates adding up to the
/// rule's rate (absent: no parts).
fn medical_parts(t: &Table, total: Decimal) -> Result<Vec<MedicalPart>, String> {
    let Some(list) = t.get("parts") else {
        return Ok(Vec::new());
    };
    let arr = list.as_array().ok_or_else(|| why!("parts must be a list"))?;
    let mut parts: Vec<MedicalPart> = Vec::with_capacity(arr.len());
    for p in arr {
        let pt = table(p, &["name", "rate"])?;
        let name = text(field(pt, "name")?)?;
        let Some(name) = MEDICAL_PARTS.iter().copied().find(|n| *n == name) else {
            return Err(why!("unknown medical part \"{name}\" ({})", MEDICAL_PARTS.join(", ")));
        };
        if parts.iter().any(|q| q.name == name) {
            return Err(why!("medical part \"{name}\" appears twice"));
        }
        parts.push(MedicalPart {
            name,
            rate: rate(field(pt, "rate")?)?,
        });
    }
    let sum: Decimal = parts.iter().map(|p| p.rate).sum();
    if sum != total {
        return Err(why!("the parts' rates add up to {sum}, not the rule's rate {total}"));
    }
    Ok(parts)
}

/// An exact fraction such as 2/3, which no decimal can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Fraction {
    pub numerator: Decimal,
    pub denominator: Decimal,
}

impl Fraction {
    /// `"2/3"` or a decimal `"0.5"`; the value must lie in [0, 1].
    pub fn parse(s: &str) -> Result<Fraction, String> {
        let (n, d) = match s.split_once('/') {
            Some((n, d)) => (parse_decimal(n)?, parse_decimal(d)?),
            None => (parse_decimal(s)?, Decimal::ONE),
        };
        if d <= Decimal::ZERO || n.is_sign_negative() || n > d {
            return Err(why!("\"{s}\" is not a fraction within [0, 1]"));
        }
        Ok(Fraction {
            numerator: n,
            denominator: d,
        })
    }

    /// `x × numerator / denominator`, multiplying first so that 2/3 of 1432.40 is 954.9333…, not 954.93 × …
    pub fn of(&self, x: Decimal) -> Result<Decimal, crate::foundation::error::ApiError> {
        let product = crate::foundation::money::mul(x, self.numerator, "fraction")?;
        crate::foundation::money::div(product, self.denominator, "fraction")
    }
}

impl std::fmt::Display for Fraction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.denominator == Decimal::ONE {
            write!(f, "{}", self.numerator)
        } else {
            write!(f, "{}/{}", self.numerator, self.denominator)
        }
    }
}

/// How a subsidy program computes a month's amount. Programs differ in kind from region to region.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SubsidyRule {
    /// A share of what the worker actually paid, optionally capped per month (national rule: 2/3).
    ShareOfPaid {
        share: Fraction,
        monthly_cap: Option<Decimal>,
        max_months: u32,
    },
    /// A share of the contributions due at the floor base (Shanghai 1/2, Beijing 2/3), plus optionally
    /// a share of what was paid above that (Nanjing 1/2).
    ShareOfFloorContribution {
        share: Fraction,
        share_above_floor: Option<Fraction>,
        max_months: u32,
    },
    /// Fixed amounts per month for pension and medical (Tianjin).
    FixedMonthly {
        pension: Decimal,
        medical: Decimal,
        max_months: u32,
    },
    /// A platform pays `share` of the pension due at the floor base when the month's income on it reached
    /// the floor, in the month and in `months_required` of the `window_months` months before it.
    PlatformPension {
        share: Fraction,
        window_months: u32,
        months_required: u32,
    },
}

/// A parameter value, typed by its [`Kind`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Decimal(Decimal),
    MoneyList(Vec<Decimal>),
    Range {
        min: Decimal,
        max: Decimal,
    },
    Rounding(Rounding),
    TierRule(TierRule),
    /// A medical rule, and its estimate range where the rule is an estimate rather than a published one.
    Medical(MedicalRule, Option<Box<MedicalEstimate>>),
    Table(Vec<(String, Decimal)>),
    Text(String),
    TextList(Vec<String>),
    Subsidy(SubsidyRule),
}

impl Value {
    /// Converts a value as written in a rules file for a parameter of `kind`; the error says what was
    /// expected.
    pub fn from_tree(kind: Kind, v: &Tree) -> Result<Value, String> {
        match kind {
            Kind::Money | Kind::Number => Ok(Value::Decimal(non_negative(v)?)),
            Kind::Rate => {
                let d = non_negative(v)?;
                if d > Decimal::ONE {
                    return Err(why!("a rate must be within [0, 1], got {d}"));
                }
                Ok(Value::Decimal(d))
            }
            Kind::MoneyList => {
                let arr = v.as_array().ok_or_else(|| why!("expected a list of amounts"))?;
                let list = arr.iter().map(non_negative).collect::<Result<Vec<_>, _>>()?;
                if list.is_empty() || list.windows(2).any(|w| w[0] >= w[1]) {
                    return Err(why!("tiers must be a non-empty list in strictly ascending order"));
                }
                Ok(Value::MoneyList(list))
            }
            Kind::Range => {
                let t = table(v, &["min", "max"])?;
                let min = non_negative(field(t, "min")?)?;
                let max = non_negative(field(t, "max")?)?;
                if min > max {
                    return Err(why!("min {min} is above max {max}"));
                }
                Ok(Value::Range { min, max })
            }
            Kind::Rounding => {
                let t = table(v, &["unit", "mode"])?;
                let unit = non_negative(field(t, "unit")?)?;
                if unit.is_zero() {
                    return Err(why!("the rounding unit must be positive"));
                }
                let mode = match text(field(t, "mode")?)? {
                    "half_up" => RoundingMode::HalfUp,
                    "up" => RoundingMode::Up,
                    "down" => RoundingMode::Down,
                    other => return Err(why!("unknown rounding mode \"{other}\" (half_up, up, down)")),
                };
                Ok(Value::Rounding(Rounding { unit, mode }))
            }
            Kind::TierRule => {
                let s = text(v)?;
                TierRule::from_name(s)
                    .map(Value::TierRule)
                    .ok_or_else(|| why!("unknown tier rule \"{s}\" (highest_not_above, lowest_not_below, nearest)"))
            }
            Kind::MedicalRule => {
                let rule = medical_rule(v)?;
                let estimate = v.get("estimate").map(|e| medical_estimate(&rule, e)).transpose()?;
                Ok(Value::Medical(rule, estimate.map(Box::new)))
            }
            Kind::Table => {
                let t = v.as_table().ok_or_else(|| why!("expected a table"))?;
                // A table's entries come sorted by key, so the rows are.
                let rows = t
                    .iter()
                    .map(|(k, v)| Ok((k.clone(), non_negative(v)?)))
                    .collect::<Result<Vec<_>, String>>()?;
                Ok(Value::Table(rows))
            }
            Kind::Text => Ok(Value::Text(text(v)?.to_string())),
            Kind::Choice(names) => {
                let s = text(v)?;
                if names.contains(&s) {
                    Ok(Value::Text(s.to_string()))
                } else {
                    Err(why!("\"{s}\" is not one of {}", names.join(", ")))
                }
            }
            Kind::Subsidy => subsidy_rule(v).map(Value::Subsidy),
            Kind::TextList => {
                let arr = v.as_array().ok_or_else(|| why!("expected a list of strings"))?;
                let list = arr
                    .iter()
                    .map(|x| text(x).map(str::to_string))
                    .collect::<Result<Vec<_>, _>>()?;
                if list.is_empty() {
                    return Err(why!("the list is empty"));
                }
                Ok(Value::TextList(list))
            }
        }
    }
}

fn medical_rule(v: &Tree) -> Result<MedicalRule, String> {
    let kind = text(v.get("kind").ok_or_else(|| why!("a medical rule needs a kind"))?)?;
    match kind {
        "rate_on_base" => {
            let t = table(v, &["kind", "rate", "base_floor", "base_ceiling", "parts", "estimate"])?;
            let rate = rate(field(t, "rate")?)?;
            let base_floor = t.get("base_floor").map(non_negative).transpose()?;
            let base_ceiling = t.get("base_ceiling").map(non_negative).transpose()?;
            if let (Some(f), Some(c)) = (base_floor, base_ceiling) {
                if f > c {
                    return Err(why!("medical base floor {f} is above its ceiling {c}"));
                }
            }
            Ok(MedicalRule::RateOnBase {
                rate,
                base_floor,
                base_ceiling,
                parts: medical_parts(t, rate)?,
            })
        }
        "rate_on_fixed_base" => {
            let t = table(v, &["kind", "rate", "base", "parts", "estimate"])?;
            let rate = rate(field(t, "rate")?)?;
            Ok(MedicalRule::RateOnFixedBase {
                rate,
                base: non_negative(field(t, "base")?)?,
                parts: medical_parts(t, rate)?,
            })
        }
        "fixed_monthly" => {
            let t = table(v, &["kind", "amount", "estimate"])?;
            Ok(MedicalRule::FixedMonthly {
                amount: non_negative(field(t, "amount")?)?,
            })
        }
        "yearly_tiers" => {
            let t = table(v, &["kind", "tiers"])?;
            let arr = field(t, "tiers")?
                .as_array()
                .ok_or_else(|| why!("tiers must be a list"))?;
            let mut tiers = Vec::with_capacity(arr.len());
            for tier in arr {
                let tt = table(tier, &["id", "yearly_amount", "zh", "en"])?;
                let id = text(field(tt, "id")?)?.to_string();
                if tiers.iter().any(|t: &MedicalTier| t.id == id) {
                    return Err(why!("tier id \"{id}\" appears twice"));
                }
                tiers.push(MedicalTier {
                    id,
                    yearly_amount: non_negative(field(tt, "yearly_amount")?)?,
                    zh: tt.get("zh").map(text).transpose()?.unwrap_or_default().to_string(),
                    en: tt.get("en").map(text).transpose()?.unwrap_or_default().to_string(),
                });
            }
            if tiers.is_empty() {
                return Err(why!("yearly_tiers needs at least one tier"));
            }
            Ok(MedicalRule::YearlyTiers { tiers })
        }
        other => Err(why!(
            "unknown medical rule kind \"{other}\" (rate_on_base, rate_on_fixed_base, fixed_monthly, yearly_tiers)"
        )),
    }
}

/// The `estimate = { low, high, basis_zh, basis_en }` table of a medical rule: the range must hold the
/// rule's own figure, in the rule's unit (a rate for the rate kinds, yuan for a fixed amount).
fn medical_estimate(rule: &MedicalRule, v: &Tree) -> Result<MedicalEstimate, String> {
    let t = table(v, &["low", "high", "basis_zh", "basis_en"])?;
    let central = match rule {
        MedicalRule::RateOnBase { rate, .. } | MedicalRule::RateOnFixedBase { rate, .. } => *rate,
        MedicalRule::FixedMonthly { amount } => *amount,
        MedicalRule::YearlyTiers { .. } => return Err(why!("yearly tiers cannot be an estimate")),
    };
    let (low, high) = (non_negative(field(t, "low")?)?, non_negative(field(t, "high")?)?);
    if !(low <= central && central <= high) {
        return Err(why!(
            "the estimate's range {low}..{high} must contain the rule's figure {central}"
        ));
    }
    let basis = |key| -> Result<String, String> {
        let s = text(field(t, key)?)?;
        if s.trim().is_empty() {
            return Err(why!("{key} must say what the estimate rests on"));
        }
        Ok(s.to_string())
    };
    Ok(MedicalEstimate {
        low,
        high,
        basis_zh: basis("basis_zh")?,
        basis_en: basis("basis_en")?,
    })
}

fn fraction(v: &Tree) -> Result<Fraction, String> {
    match v {
        Tree::Int(i) => Fraction::parse(&i.to_string()),
        other => Fraction::parse(text(other)?),
    }
}

fn count(v: &Tree) -> Result<u32, String> {
    let d = non_negative(v)?;
    if d.fract() != Decimal::ZERO || d > Decimal::from(1200) {
        return Err(why!("{d} is not a whole number of months"));
    }
    u32::try_from(d.mantissa()).map_err(|_| why!("{d} is out of range"))
}

fn subsidy_rule(v: &Tree) -> Result<SubsidyRule, String> {
    let kind = text(v.get("kind").ok_or_else(|| why!("a subsidy rule needs a kind"))?)?;
    match kind {
        "share_of_paid" => {
            let t = table(v, &["kind", "share", "monthly_cap", "max_months"])?;
            Ok(SubsidyRule::ShareOfPaid {
                share: fraction(field(t, "share")?)?,
                monthly_cap: t.get("monthly_cap").map(non_negative).transpose()?,
                max_months: count(field(t, "max_months")?)?,
            })
        }
        "share_of_floor_contribution" => {
            let t = table(v, &["kind", "share", "share_above_floor", "max_months"])?;
            Ok(SubsidyRule::ShareOfFloorContribution {
                share: fraction(field(t, "share")?)?,
                share_above_floor: t.get("share_above_floor").map(fraction).transpose()?,
                max_months: count(field(t, "max_months")?)?,
            })
        }
        "fixed_monthly" => {
            let t = table(v, &["kind", "pension", "medical", "max_months"])?;
            Ok(SubsidyRule::FixedMonthly {
                pension: non_negative(field(t, "pension")?)?,
                medical: non_negative(field(t, "medical")?)?,
                max_months: count(field(t, "max_months")?)?,
            })
        }
        "platform_pension" => {
            let t = table(v, &["kind", "share", "window_months", "months_required"])?;
            let window_months = count(field(t, "window_months")?)?;
            let months_required = count(field(t, "months_required")?)?;
            if months_required > window_months {
                return Err(why!("months_required cannot exceed window_months"));
            }
            Ok(SubsidyRule::PlatformPension { share: fraction(field(t, "share")?)?, window_months, months_required })
        }
        other => Err(why!(
            "unknown subsidy rule kind \"{other}\" (share_of_paid, share_of_floor_contribution, fixed_monthly, platform_pension)"
        )),
    }
}

fn table<'a>(v: &'a Tree, allowed: &[&str]) -> Result<&'a Table, String> {
    let t = v.as_table().ok_or_else(|| why!("expected a table"))?;
    if super::FILE_CHECKS {
        if let Some(k) = t.keys().find(|k| !allowed.contains(&k.as_str())) {
            return Err(why!("unknown key \"{k}\" (allowed: {})", allowed.join(", ")));
        }
    }
    Ok(t)
}

fn field<'a>(t: &'a Table, key: &str) -> Result<&'a Tree, String> {
    t.get(key).ok_or_else(|| why!("missing key \"{key}\""))
}

fn text(v: &Tree) -> Result<&str, String> {
    v.as_str().ok_or_else(|| why!("expected a string"))
}

/// Decimals are written as strings (exact) or integers; TOML floats are rejected because they are
/// binary approximations.
fn decimal(v: &Tree) -> Result<Decimal, String> {
    match v {
        Tree::Str(s) => parse_decimal(s),
        Tree::Int(i) => parse_decimal(&i.to_string()),
        Tree::Float(f) => Err(why!("write {f} as a string (\"{f}\") so that it stays exact")),
        _ => Err(why!("expected a decimal number as a string")),
    }
}

fn non_negative(v: &Tree) -> Result<Decimal, String> {
    let d = decimal(v)?;
    if d.is_sign_negative() {
        return Err(why!("{d} is negative"));
    }
    Ok(d)
}

fn rate(v: &Tree) -> Result<Decimal, String> {
    let d = non_negative(v)?;
    if d > Decimal::ONE {
        return Err(why!("a rate must be within [0, 1], got {d}"));
    }
    Ok(d)
}

/// The Chinese name of each parameter, for messages a worker reads (the English description is in
/// [`CATALOGUE`]). A name missing here falls back to the parameter's technical name.
pub const LABELS_ZH: &[(&str, &str)] = &[
    ("pension.rate", "养老保险费率"),
    ("pension.pooled_rate", "养老保险统筹基金部分费率"),
    ("pension.personal_account_rate", "养老保险个人账户部分费率"),
    ("pension.base_percent_range", "缴费基数可选比例范围"),
    ("pension.base_floor", "缴费基数下限"),
    ("pension.base_ceiling", "缴费基数上限"),
    ("pension.base_tiers", "灵活就业缴费档次"),
    ("pension.tier_rule", "申报金额对应缴费档次的规则"),
    ("pension.benefit_base", "养老金计发基数"),
    ("average_wage", "全口径城镇单位就业人员平均工资"),
    ("medical.flexible", "灵活就业人员职工医保缴费办法"),
    ("rounding.contribution", "缴费金额取整方式"),
    ("rounding.base", "按比例计算的缴费基数取整方式"),
    ("rounding.subsidy", "按应缴费额比例计算的补贴取整方式"),
    ("rounding.subsidy_of_paid", "以实缴费额比例为上限的补贴取整方式"),
    ("labor_facts.weekly_hours_threshold", "情景：平台承担责任的周工时门槛"),
    ("labor_facts.income_floor_share", "情景：平台承担责任的收入门槛"),
    ("labor_facts.platform_pension_rate", "情景：平台养老保险分担费率"),
    ("labor_facts.platform_medical_rate_cut", "情景：平台医保分担费率的扣减"),
    ("labor_facts.apportion", "情景：平台分担份额的计算依据"),
    ("labor_facts.default_base", "情景：默认缴费基数"),
    ("working_time.weekly_hours_limit", "法定每周工作时间"),
    ("injury.fee_per_order", "职业伤害保障每单缴费"),
    ("injury.pilot_provinces", "职业伤害保障试点省份"),
    ("subsidy.employment_difficulty", "就业困难人员社保补贴办法"),
    ("subsidy.platform_pension", "平台养老保险补贴办法"),
    ("retirement.original_age", "原法定退休年龄"),
    ("retirement.delay_step_months", "延迟退休的出生月份步长"),
    ("retirement.max_delay_months", "延迟退休的最长月数"),
    ("retirement.early_max_months", "弹性提前退休的最长月数"),
    ("retirement.late_max_months", "弹性延迟退休的最长月数"),
    ("retirement.min_contribution_years", "按月领取养老金的最低缴费年限"),
    ("retirement.flexible_female_track", "灵活就业女性适用的退休年龄类别"),
    ("pension.basic_rate_per_year", "基础养老金每缴费一年的计发比例"),
    ("pension.months_divisor", "个人账户养老金计发月数"),
    ("pension.divisor_lookup", "计发月数按月龄的取法"),
    ("pension.account_interest", "个人账户记账利率"),
    ("rounding.benefit", "养老金金额取整方式"),
    ("rounding.divisor", "按月龄确定的计发月数取整方式"),
    ("pension.years_convention", "缴费年限的折算方式"),
    ("pension.basic_formula", "基础养老金计发办法"),
    ("pension.basic_rate_per_month", "基础养老金每缴费一个月的计发比例"),
    ("pension.low_index_threshold", "低缴费指数调整的指数界限"),
    ("pension.indexed_wage_base", "计算指数化月平均缴费工资的基数"),
    ("rounding.indexed_wage", "指数化月平均缴费工资取整方式"),
    ("rounding.basic_pension", "基础养老金取整方式"),
    ("pension.transitional_formula", "过渡性养老金计发办法"),
    ("pension.transitional_coefficient", "过渡性养老金计发系数"),
    ("pension.transitional_fixed", "过渡性养老金固定加发金额"),
    ("pension.transitional_per_year", "过渡性养老金每满一年加发金额"),
    ("resident.medical_individual_yearly", "城乡居民医保个人缴费"),
    ("resident.medical_subsidy_yearly", "城乡居民医保财政补助"),
    ("resident.pension_tiers", "城乡居民养老保险缴费档次"),
    ("resident.pension_age", "城乡居民养老金领取年龄"),
    ("resident.pension_min_years", "城乡居民养老保险最低缴费年限"),
    ("resident.basic_pension", "城乡居民基础养老金"),
];

/// (Chinese label, English description) of a parameter, for messages.
pub fn labels(name: &str) -> (&str, &str) {
    let zh = LABELS_ZH.iter().find(|(n, _)| *n == name).map_or(name, |(_, l)| l);
    let en = CATALOGUE
        .iter()
        .find(|(n, _, _)| *n == name)
        .map_or(name, |(_, _, d)| d);
    (zh, en)
}

#[cfg(test)]
mod label_tests {
    use super::*;

    #[test]
    fn every_parameter_has_a_chinese_label() {
        for (name, _, _) in CATALOGUE {
            assert!(LABELS_ZH.iter().any(|(n, _)| n == name), "{name} has no Chinese label");
        }
    }
}
