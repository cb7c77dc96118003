//! The request of JSON API v1: a worker's labor facts, month by month and platform by platform, and
//! their choices. Field names are a public contract: add fields, never rename one.
//!
//! Parsing rejects unknown fields (a typo must not be silently ignored) and values of the wrong type,
//! naming the JSON path; [`Request::validate`] then checks ranges and consistency.

use crate::foundation::error::ApiError;
use crate::foundation::json_read::{self, read_object, FromJson, Reader, Scalar};
use crate::foundation::money::{self, Dec};
use crate::foundation::month::YearMonth;
use crate::foundation::names::{named_enum, Named};
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
    /// The base choice; absent means the scenario's default (floor under current law, the month's
    /// labor income under labor_facts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pension_base: Option<BaseChoice>,
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
    /// The worker as a person: birth and retirement track, and their contribution record, for the
    /// retirement block, the pension projection and the resident schemes (issue 4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<crate::model::person::Person>,
}

/// A subsidy program the worker takes part in.
#[derive(Clone, Debug, Serialize)]
pub struct SubsidyRequest {
    pub program: SubsidyProgram,
    /// employment_difficulty: the first subsidised month (the month the worker was recognised).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<YearMonth>,
    /// employment_difficulty: subsidised months already used before this ledger.
    #[serde(default)]
    pub months_used_before: u32,
    /// platform_pension: the platform that pays it (a `platform` of the work entries).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
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

    /// Range and consistency checks that the types alone cannot express.
    pub fn validate(&self) -> Result<(), ApiError> {
        if trim(&self.region).is_empty() {
            return Err(ApiError::invalid("region", "请填写地区", "region is empty"));
        }
        if self.months.is_empty() {
            return Err(ApiError::invalid(
                "months",
                "请至少填写一个月份",
                "months is empty: give at least one month",
            ));
        }
        if self.months.len() > MAX_MONTHS {
            return Err(ApiError::invalid(
                "months",
                format!("月份过多：最多 {MAX_MONTHS} 个月"),
                format!("too many months: at most {MAX_MONTHS}"),
            ));
        }
        let default_choice = BaseChoice::default();
        let base = self.pension_base.as_ref().unwrap_or(&default_choice);
        match (base.kind, &base.value) {
            (BaseKind::Percent | BaseKind::Amount, None) => {
                return Err(ApiError::invalid(
                    "pension_base.value",
                    "请填写百分比或金额",
                    "pension_base.value is required for kind percent or amount",
                ))
            }
            (BaseKind::Floor | BaseKind::Ceiling | BaseKind::Income, Some(_)) => {
                return Err(ApiError::invalid(
                    "pension_base.value",
                    "该缴费基数方式不需要填写数值",
                    "pension_base.value is only used with kind percent or amount",
                ))
            }
            (BaseKind::Amount, Some(v)) if v.0 <= Decimal::ZERO || v.0 > MAX_BASE_AMOUNT => {
                return Err(ApiError::invalid(
                    "pension_base.value",
                    format!("缴费基数金额须大于 0 且不超过 {MAX_BASE_AMOUNT}"),
                    format!("the base amount must be above 0 and at most {MAX_BASE_AMOUNT}"),
                ))
            }
            _ => {}
        }
        if let Some(rule) = &base.tier_rule {
            if TierRule::from_name(rule).is_none() {
                return Err(ApiError::invalid(
                    "pension_base.tier_rule",
                    "未知的档次规则",
                    format!("unknown tier rule \"{rule}\": highest_not_above, lowest_not_below or nearest"),
                ));
            }
        }
        if let Some(rate) = &self.medical.rate {
            if rate.0.is_sign_negative() || rate.0 > Decimal::ONE {
                return Err(ApiError::invalid(
                    "medical.rate",
                    "医保费率须在 0 到 1 之间（例如 0.08 表示 8%）",
                    "medical.rate must be within [0, 1] (0.08 is 8 %)",
                ));
            }
        }
        if let Some(lf) = &self.labor_facts {
            let rates = [
                ("labor_facts.platform_pension_rate", lf.platform_pension_rate),
                ("labor_facts.platform_medical_rate_cut", lf.platform_medical_rate_cut),
            ];
            for (path, v) in rates {
                if v.is_some_and(|v| v.0.is_sign_negative() || v.0 > Decimal::ONE) {
                    return Err(ApiError::invalid(
                        path,
                        "费率须在 0 到 1 之间",
                        format!("{path} must be within [0, 1]"),
                    ));
                }
            }
            let numbers = [
                (
                    "labor_facts.weekly_hours_threshold",
                    lf.weekly_hours_threshold,
                    Decimal::from(168),
                ),
                (
                    "labor_facts.income_floor_share",
                    lf.income_floor_share,
                    Decimal::from(100),
                ),
            ];
            for (path, v, max) in numbers {
                if v.is_some_and(|v| v.0.is_sign_negative() || v.0 > max) {
                    return Err(ApiError::invalid(
                        path,
                        format!("取值须在 0 到 {max} 之间"),
                        format!("{path} must be within [0, {max}]"),
                    ));
                }
            }
        }
        for (k, sub) in self.subsidies.iter().enumerate() {
            let path = |f: &str| format!("subsidies[{k}].{f}");
            match sub.program {
                SubsidyProgram::EmploymentDifficulty => {
                    if sub.start.is_none() {
                        return Err(ApiError::invalid(
                            path("start"),
                            "请填写补贴起始月份",
                            "start (the first subsidised month) is required",
                        ));
                    }
                    if sub.platform.is_some() {
                        return Err(ApiError::invalid(
                            path("platform"),
                            "该补贴与平台无关",
                            "platform is only used by platform_pension",
                        ));
                    }
                    if sub.months_used_before > 1200 {
                        return Err(ApiError::invalid(
                            path("months_used_before"),
                            "已享受月数超出范围",
                            "months_used_before out of range",
                        ));
                    }
                }
                SubsidyProgram::PlatformPension => {
                    if sub.platform.as_deref().is_none_or(|p| p.trim().is_empty()) {
                        return Err(ApiError::invalid(
                            path("platform"),
                            "请填写发放补贴的平台",
                            "platform (the platform that pays it) is required",
                        ));
                    }
                    let name = sub.platform.as_deref().unwrap_or_default().trim();
                    if !self
                        .months
                        .iter()
                        .flat_map(|m| &m.work)
                        .any(|w| w.platform.trim() == name)
                    {
                        return Err(ApiError::invalid(
                            path("platform"),
                            format!("平台“{}”不在工作台账中", crate::foundation::error::excerpt(name)),
                            format!(
                                "platform \"{}\" does not appear in the work ledger",
                                crate::foundation::error::excerpt(name)
                            ),
                        ));
                    }
                    if sub.start.is_some() || sub.months_used_before > 0 {
                        return Err(ApiError::invalid(
                            path("start"),
                            "平台养老补贴不需要起始月份",
                            "start and months_used_before are only used by employment_difficulty",
                        ));
                    }
                }
            }
            if self.subsidies[..k]
                .iter()
                .any(|o| o.program == sub.program && o.platform == sub.platform)
            {
                return Err(ApiError::invalid(
                    path("program"),
                    "补贴项目重复",
                    "this subsidy appears twice",
                ));
            }
        }
        if self.medical.scheme == MedicalScheme::None && (self.medical.rate.is_some() || self.medical.tier.is_some()) {
            return Err(ApiError::invalid(
                "medical.scheme",
                "未参加职工医保时不需要填写医保费率或档次",
                "medical.rate and medical.tier are only used with scheme employee",
            ));
        }
        // Months seen so far, kept sorted: requests are nearly always in calendar order, so each month
        // goes at the end and the check costs one comparison (a hash set cost a tenth of an assessment).
        let mut seen: Vec<YearMonth> = Vec::with_capacity(self.months.len());
        for (i, m) in self.months.iter().enumerate() {
            let duplicate = match seen.last() {
                Some(&last) if last >= m.month => match seen.binary_search(&m.month) {
                    Ok(_) => true,
                    Err(at) => {
                        seen.insert(at, m.month);
                        false
                    }
                },
                _ => {
                    seen.push(m.month);
                    false
                }
            };
            if duplicate {
                return Err(ApiError::invalid(
                    format!("months[{i}].month"),
                    format!("月份 {} 重复", m.month),
                    format!("month {} appears twice", m.month),
                ));
            }
            m.validate(i)?;
        }
        Ok(())
    }
}

/// Whether `s` may contain a control character (C0, DEL or C1): these are bytes below 0x20, 0x7F, and
/// U+0080–U+009F, which UTF-8 writes after a 0xC2 byte. `false` is certain; `true` needs a look.
fn may_hold_control(s: &str) -> bool {
    s.bytes().any(|b| b < 0x20 || b == 0x7F || b == 0xC2)
}

impl MonthFacts {
    fn validate(&self, i: usize) -> Result<(), ApiError> {
        if self.work.len() > MAX_PLATFORMS_PER_MONTH {
            return Err(ApiError::invalid(
                format!("months[{i}].work"),
                format!("平台过多：每月最多 {MAX_PLATFORMS_PER_MONTH} 个"),
                format!("too many platforms in one month: at most {MAX_PLATFORMS_PER_MONTH}"),
            ));
        }
        let month_hours = Decimal::from(self.month.hours());
        let mut total_hours = Decimal::ZERO;
        let mut names: Vec<&str> = Vec::with_capacity(self.work.len());
        for (j, w) in self.work.iter().enumerate() {
            let path = |field: &str| format!("months[{i}].work[{j}].{field}");
            let name = trim(&w.platform);
            if name.is_empty() {
                return Err(ApiError::invalid(
                    path("platform"),
                    "请填写平台名称",
                    "platform name is empty",
                ));
            }
            // No more characters than bytes: a short name needs no count.
            if name.len() > MAX_PLATFORM_NAME && name.chars().count() > MAX_PLATFORM_NAME {
                return Err(ApiError::invalid(
                    path("platform"),
                    format!("平台名称过长：最多 {MAX_PLATFORM_NAME} 个字符"),
                    format!("platform name too long: at most {MAX_PLATFORM_NAME} characters"),
                ));
            }
            if may_hold_control(name) && name.chars().any(char::is_control) {
                return Err(ApiError::invalid(
                    path("platform"),
                    "平台名称含有控制字符",
                    "platform name contains control characters",
                ));
            }
            if names.contains(&name) {
                return Err(ApiError::invalid(
                    path("platform"),
                    format!("平台“{name}”在 {} 中重复，请合并为一行", self.month),
                    format!(
                        "platform \"{name}\" appears twice in {}: merge it into one entry",
                        self.month
                    ),
                ));
            }
            names.push(name);
            if w.hours.0.is_sign_negative() {
                return Err(ApiError::invalid(
                    path("hours"),
                    "工作时长不能为负数",
                    "hours must not be negative",
                ));
            }
            if money::gt(w.hours.0, month_hours) {
                return Err(ApiError::invalid(
                    path("hours"),
                    format!("工作时长超过 {} 当月总小时数 {month_hours}", self.month),
                    format!("hours exceed the {month_hours} hours in {}", self.month),
                ));
            }
            total_hours += w.hours.0;
            if money::gt(total_hours, month_hours) {
                return Err(ApiError::invalid(
                    path("hours"),
                    format!("各平台工作时长合计超过 {} 当月总小时数 {month_hours}", self.month),
                    format!(
                        "hours across platforms exceed the {month_hours} hours in {}",
                        self.month
                    ),
                ));
            }
            if w.income.0.is_sign_negative() {
                return Err(ApiError::invalid(
                    path("income"),
                    "收入不能为负数",
                    "income must not be negative",
                ));
            }
            if money::gt(w.income.0, MAX_MONTHLY_INCOME) {
                return Err(ApiError::invalid(
                    path("income"),
                    format!("月收入超出范围：最多 {MAX_MONTHLY_INCOME} 元"),
                    format!("monthly income out of range: at most {MAX_MONTHLY_INCOME} yuan"),
                ));
            }
            if w.income.0.scale() > 2 && w.income.0.normalize().scale() > 2 {
                return Err(ApiError::invalid(
                    path("income"),
                    "金额最多保留两位小数（分）",
                    "money has at most two decimals (fen)",
                ));
            }
            if w.injury_fee_class.is_some() && w.sector != Sector::InstantDelivery {
                return Err(ApiError::invalid(
                    path("injury_fee_class"),
                    "职业伤害保障费档次只适用于即时配送",
                    "injury_fee_class applies to the instant_delivery sector only",
                ));
            }
            if w.orders > MAX_MONTHLY_ORDERS {
                return Err(ApiError::invalid(
                    path("orders"),
                    format!("单量超出范围：每月最多 {MAX_MONTHLY_ORDERS} 单"),
                    format!("orders out of range: at most {MAX_MONTHLY_ORDERS} a month"),
                ));
            }
        }
        Ok(())
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
                medical: default,
                months: required,
                subsidies: default,
                labor_facts: default,
                trace: default,
                no_estimates: default,
                person: default,
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
