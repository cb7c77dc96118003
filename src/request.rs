//! The request of JSON API v1: a worker's labor facts, month by month and platform by platform, and
//! their choices. Field names are a public contract: add fields, never rename one.
//!
//! Parsing rejects unknown fields (a typo must not be silently ignored) and values of the wrong type,
//! naming the JSON path; [`Request::validate`] then checks ranges and consistency.

use crate::error::ApiError;
use crate::money::Dec;
use crate::month::YearMonth;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

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

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
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
    /// The worker as a person: birth and retirement track, and their contribution record, for the
    /// retirement block, the pension projection and the resident schemes (issue 4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<crate::retirement::Person>,
}

/// A subsidy program the worker takes part in.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SubsidyProgram {
    /// Public social-insurance subsidy for flexibly employed people with employment difficulties.
    EmploymentDifficulty,
    /// A platform's subsidy of its riders' pension contributions.
    PlatformPension,
}

/// Every threshold, share and the apportioning key of the labor-facts scenario may be overridden.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Apportion {
    Income,
    Hours,
}

impl Apportion {
    /// The name as in requests and rules data (`income`, `hours`).
    pub fn name(self) -> &'static str {
        match self {
            Apportion::Income => "income",
            Apportion::Hours => "hours",
        }
    }
}

/// The injury protection fee class of instant-delivery platforms: first enrolment pays the standard
/// fee, platforms rated higher pay the high one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InjuryFeeClass {
    #[default]
    Standard,
    High,
}

/// Which law the contributions follow.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scenario {
    /// The law in force: the flexibly employed worker pays everything.
    #[default]
    CurrentLaw,
    /// A reform scenario: platforms share the cost when the facts of work show dependence.
    LaborFacts,
}

impl Scenario {
    pub fn name(self) -> &'static str {
        match self {
            Scenario::CurrentLaw => "current_law",
            Scenario::LaborFacts => "labor_facts",
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BaseKind {
    /// The region's floor (60 % of the average wage in most places).
    #[default]
    Floor,
    /// The region's ceiling (300 %).
    Ceiling,
    /// The month's total labor income across platforms, clamped to [floor, ceiling].
    Income,
    /// A percent of the average wage, within the legal range (60–300).
    Percent,
    /// A declared amount, clamped to [floor, ceiling].
    Amount,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
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

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MedicalScheme {
    /// Employee basic medical insurance as a flexibly employed person.
    #[default]
    Employee,
    /// Leave medical insurance out.
    None,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MedicalChoice {
    #[serde(default)]
    pub scheme: MedicalScheme,
    /// A rate on the chosen base, for a region whose rule the data do not have (or to override it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<Dec>,
    /// The yearly tier, where the region charges by tiers (Chongqing: `"1"` or `"2"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MonthFacts {
    pub month: YearMonth,
    #[serde(default)]
    pub work: Vec<WorkEntry>,
}

/// The facts of one month's work on one platform.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
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

/// The kind of platform work; it decides the per-order injury protection fee.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sector {
    InstantDelivery,
    RideHailing,
    Freight,
    #[default]
    Other,
}

impl Request {
    /// Parses a request from JSON text; a type error or an unknown field names its path.
    pub fn from_json(text: &str) -> Result<Request, ApiError> {
        let mut de = serde_json::Deserializer::from_str(text);
        let req = Request::deserialize(&mut de).map_err(|e| input_error(text, &e))?;
        de.end().map_err(|e| {
            ApiError::invalid(
                "",
                "请求末尾有多余内容",
                format!("trailing characters after the request: {e}"),
            )
        })?;
        Ok(req)
    }

    /// Range and consistency checks that the types alone cannot express.
    pub fn validate(&self) -> Result<(), ApiError> {
        if self.region.trim().is_empty() {
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
            if crate::rules::TierRule::from_name(rule).is_none() {
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
                            format!("平台“{name}”不在工作台账中"),
                            format!("platform \"{name}\" does not appear in the work ledger"),
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
            let name = w.platform.trim();
            if name.is_empty() {
                return Err(ApiError::invalid(
                    path("platform"),
                    "请填写平台名称",
                    "platform name is empty",
                ));
            }
            if name.chars().count() > MAX_PLATFORM_NAME {
                return Err(ApiError::invalid(
                    path("platform"),
                    format!("平台名称过长：最多 {MAX_PLATFORM_NAME} 个字符"),
                    format!("platform name too long: at most {MAX_PLATFORM_NAME} characters"),
                ));
            }
            if name.chars().any(char::is_control) {
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
            if w.hours.0 > month_hours {
                return Err(ApiError::invalid(
                    path("hours"),
                    format!("工作时长超过 {} 当月总小时数 {month_hours}", self.month),
                    format!("hours exceed the {month_hours} hours in {}", self.month),
                ));
            }
            total_hours += w.hours.0;
            if total_hours > month_hours {
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
            if w.income.0 > MAX_MONTHLY_INCOME {
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

/// The input error for a request serde_json could not read, naming the path of the field at fault.
///
/// serde_json says where it stopped (line and column); [`locate`] re-reads the text up to there and
/// names the value it was in (`months[0].work[0].hours`). This replaces a path-tracking wrapper
/// around every deserializer (`serde_path_to_error`), which doubled the request types' Deserialize
/// code in the WebAssembly module; the paths are the same (tests/bad-inputs.json checks them).
fn input_error(text: &str, e: &serde_json::Error) -> ApiError {
    let detail = e.to_string();
    // serde names the object that lacks, repeats or does not know a field; the path names the field.
    let field = named_field(&detail);
    let path = if e.line() == 0 {
        String::new()
    } else {
        locate(text, offset_of(text, e.line(), e.column()), field.is_some())
    };
    let path = match field {
        Some(field) if path.is_empty() => field.to_string(),
        Some(field) => format!("{path}.{field}"),
        None => path,
    };
    ApiError::invalid(path, format!("输入有误：{detail}"), detail)
}

/// The byte offset of serde_json's (1-based line, byte column).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start = if line <= 1 {
        0
    } else {
        text.bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    (start + column).min(text.len())
}

/// One open JSON container while [`locate`] reads: an object with its current key (`colon`: its value
/// has begun), or an array with the index of its current element (`started`: the element has begun).
enum Frame {
    Object { key: Option<String>, colon: bool },
    Array { index: usize, started: bool },
}

/// The path of the value the reader was in at byte `stop` of `text` (`""`: the request itself). With
/// `object`, the path of the object the reader was in (or had just closed) instead: a missing, repeated
/// or unknown field is an error of its object, not of the value before it.
fn locate(text: &str, stop: usize, object: bool) -> String {
    let bytes = &text.as_bytes()[..stop.min(text.len())];
    let mut stack: Vec<Frame> = Vec::new();
    let mut closed = false; // the last token closed a container
    let mut i = 0;
    let begin = |stack: &mut Vec<Frame>| {
        if let Some(Frame::Array { started, .. }) = stack.last_mut() {
            *started = true;
        }
    };
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        closed = false;
        match b {
            b'{' => {
                begin(&mut stack);
                stack.push(Frame::Object {
                    key: None,
                    colon: false,
                });
            }
            b'[' => {
                begin(&mut stack);
                stack.push(Frame::Array {
                    index: 0,
                    started: false,
                });
            }
            b'}' | b']' => {
                stack.pop();
                closed = true;
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { key, colon }) => {
                    *key = None;
                    *colon = false;
                }
                Some(Frame::Array { index, started }) => {
                    *index += 1;
                    *started = false;
                }
                None => {}
            },
            b':' => {
                if let Some(Frame::Object { colon, .. }) = stack.last_mut() {
                    *colon = true;
                }
            }
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                match stack.last_mut() {
                    Some(Frame::Object { key, colon: false }) => {
                        // A key (complete or not): its text, unescaped as JSON would.
                        let raw = text.get(start..(i + 1).min(text.len())).unwrap_or("");
                        *key = Some(serde_json::from_str::<String>(raw).unwrap_or_default());
                    }
                    _ => begin(&mut stack),
                }
            }
            _ => {
                // A number or a literal (true, false, null, or something JSON does not allow).
                begin(&mut stack);
                while i + 1 < bytes.len() && !b",:{}[]\" \t\r\n".contains(&bytes[i + 1]) {
                    i += 1;
                }
            }
        }
        i += 1;
    }
    let mut path = String::new();
    let last = stack.len().saturating_sub(1);
    for (depth, frame) in stack.iter().enumerate() {
        // Every outer container is inside its parent's current value; the innermost one names its
        // current value when the reader was in it (and, for a field error, when it just closed it).
        let inner = depth == last;
        match frame {
            Frame::Object { key: Some(k), colon } if !inner || (if object { closed } else { *colon }) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
            }
            Frame::Array { index, started } if !inner || (if object { closed } else { *started }) => {
                path.push_str(&format!("[{index}]"));
            }
            _ => {}
        }
    }
    path
}

/// The field named by serde's "missing field `x`", "duplicate field `x`" or "unknown field `x`" message.
fn named_field(detail: &str) -> Option<&str> {
    let rest = detail
        .strip_prefix("missing field `")
        .or_else(|| detail.strip_prefix("duplicate field `"))
        .or_else(|| detail.strip_prefix("unknown field `"))?;
    rest.split('`').next()
}

#[cfg(test)]
mod locate_tests {
    use super::locate;

    #[test]
    fn names_the_value_the_reader_stopped_in() {
        let text = r#"{"months": [{"month": "2025-09", "work": [{"platform": "A"}, {"hours": true}]}]}"#;
        let at = |needle: &str| text.find(needle).unwrap() + needle.len();
        assert_eq!(locate(text, at("true"), false), "months[0].work[1].hours");
        assert_eq!(locate(text, at(r#""2025-09""#), false), "months[0].month");
        // Inside the work list before an element began: the list itself.
        assert_eq!(locate(text, at(r#""work": ["#), false), "months[0].work");
        // A field error names the object: the one the reader is in, or the one it just closed.
        assert_eq!(locate(text, at(r#"{"hours""#), true), "months[0].work[1]");
        assert_eq!(locate(text, at(r#"{"platform": "A"}"#), true), "months[0].work[0]");
        assert_eq!(locate(text, text.len(), false), "");
    }

    #[test]
    fn keys_are_unescaped_and_brackets_in_strings_ignored() {
        let text = r#"{"a\"b": {"x[": "]}", "y": 1}}"#;
        assert_eq!(locate(text, text.find("1}").unwrap() + 1, false), "a\"b.y");
        assert_eq!(locate(text, text.find(r#""]}""#).unwrap() + 4, false), "a\"b.x[");
    }
}
