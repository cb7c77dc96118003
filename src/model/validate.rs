//! Validation of a request: the range and consistency checks that the types alone cannot express, one
//! function per part of the request. Each check returns the first error in the order a reader meets
//! the fields, and that order is part of the contract (the bad-input matrix names the error expected),
//! so the parts are checked in the order `Request::validate` lists them.
//!
//! Every part is `#[inline(always)]`: validation runs for each request of a batch (twice a worker, one
//! per scenario), and compiled as separate functions the parts cost a batch run measurably more
//! instructions (callgrind) than the one body they are inlined back into.

use super::request::{
    BaseChoice, BaseKind, LaborFactsOverrides, MedicalScheme, MonthFacts, Request, Sector, SubsidyProgram,
    SubsidyRequest, TierRule, WorkEntry, MAX_BASE_AMOUNT, MAX_MONTHLY_INCOME, MAX_MONTHLY_ORDERS, MAX_MONTHS,
    MAX_PLATFORMS_PER_MONTH, MAX_PLATFORM_NAME,
};
use crate::foundation::error::ApiError;
use crate::foundation::money;
use crate::foundation::month::YearMonth;
use crate::foundation::names::Named;
use crate::foundation::text::trim;
use rust_decimal::Decimal;

impl Request {
    /// Range and consistency checks that the types alone cannot express.
    pub fn validate(&self) -> Result<(), ApiError> {
        self.validate_region_and_month_count()?;
        self.validate_base_choice()?;
        self.validate_medical_rate()?;
        if let Some(lf) = &self.labor_facts {
            lf.validate()?;
        }
        for (k, sub) in self.subsidies.iter().enumerate() {
            self.validate_subsidy(k, sub)?;
        }
        self.validate_medical_scheme()?;
        self.validate_months()
    }

    #[inline(always)]
    fn validate_region_and_month_count(&self) -> Result<(), ApiError> {
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
        Ok(())
    }

    /// The base choices (the worker's own and the scenario's): a value exactly for the kinds that take
    /// one, an amount in range, a known tier rule.
    #[inline(always)]
    fn validate_base_choice(&self) -> Result<(), ApiError> {
        let default_choice = BaseChoice::default();
        validate_base(self.pension_base.as_ref().unwrap_or(&default_choice), "pension_base")?;
        match &self.scenario_base {
            Some(choice) => validate_base(choice, "scenario_base"),
            None => Ok(()),
        }
    }

    #[inline(always)]
    fn validate_medical_rate(&self) -> Result<(), ApiError> {
        if let Some(rate) = &self.medical.rate {
            if rate.0.is_sign_negative() || rate.0 > Decimal::ONE {
                return Err(ApiError::invalid(
                    "medical.rate",
                    "医保费率须在 0 到 1 之间（例如 0.08 表示 8%）",
                    "medical.rate must be within [0, 1] (0.08 is 8 %)",
                ));
            }
        }
        Ok(())
    }

    /// Checked after the subsidies, not with the medical rate: a request with errors in both names the
    /// subsidy's, an order the bad-input matrix holds.
    #[inline(always)]
    fn validate_medical_scheme(&self) -> Result<(), ApiError> {
        if self.medical.scheme == MedicalScheme::None && (self.medical.rate.is_some() || self.medical.tier.is_some()) {
            return Err(ApiError::invalid(
                "medical.scheme",
                "未参加职工医保时不需要填写医保费率或档次",
                "medical.rate and medical.tier are only used with scheme employee",
            ));
        }
        Ok(())
    }

    /// One subsidy (the `k`th): the facts its program needs and no others, and no program twice.
    #[inline(always)]
    fn validate_subsidy(&self, k: usize, sub: &SubsidyRequest) -> Result<(), ApiError> {
        let path = |f: &str| format!("subsidies[{k}].{f}");
        match sub.program {
            SubsidyProgram::EmploymentDifficulty => validate_employment_difficulty(sub, path)?,
            SubsidyProgram::PlatformPension => self.validate_platform_pension(sub, path)?,
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
        Ok(())
    }

    /// A platform's pension subsidy: the platform that pays it, which must be one of the ledger's.
    #[inline(always)]
    fn validate_platform_pension(&self, sub: &SubsidyRequest, path: impl Fn(&str) -> String) -> Result<(), ApiError> {
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
        if sub.months_reached_before > 1200 {
            return Err(ApiError::invalid(
                path("months_reached_before"),
                "月数超出范围",
                "months_reached_before out of range",
            ));
        }
        if sub.start.is_some() || sub.months_used_before > 0 {
            return Err(ApiError::invalid(
                path("start"),
                "平台养老补贴不需要起始月份",
                "start and months_used_before are only used by employment_difficulty",
            ));
        }
        Ok(())
    }

    /// No month twice, then each month's own checks.
    #[inline(always)]
    fn validate_months(&self) -> Result<(), ApiError> {
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

/// The subsidy for people with employment difficulties: no platform, and months used in range (a
/// missing first month is assumed by the engine and stated, issue 17).
#[inline(always)]
fn validate_employment_difficulty(sub: &SubsidyRequest, path: impl Fn(&str) -> String) -> Result<(), ApiError> {
    if sub.platform.is_some() {
        return Err(ApiError::invalid(
            path("platform"),
            "该补贴与平台无关",
            "platform is only used by platform_pension",
        ));
    }
    if sub.months_reached_before > 0 {
        return Err(ApiError::invalid(
            path("months_reached_before"),
            "该字段只用于平台养老补贴",
            "months_reached_before is only used by platform_pension",
        ));
    }
    if sub.months_used_before > 1200 {
        return Err(ApiError::invalid(
            path("months_used_before"),
            "已享受月数超出范围",
            "months_used_before out of range",
        ));
    }
    Ok(())
}

impl LaborFactsOverrides {
    /// The overridden rates within [0, 1], the thresholds within their ranges.
    #[inline(always)]
    fn validate(&self) -> Result<(), ApiError> {
        let rates = [
            ("labor_facts.platform_pension_rate", self.platform_pension_rate),
            ("labor_facts.platform_medical_rate_cut", self.platform_medical_rate_cut),
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
                self.weekly_hours_threshold,
                Decimal::from(168),
            ),
            (
                "labor_facts.income_floor_share",
                self.income_floor_share,
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
        Ok(())
    }
}

/// Whether `s` may contain a control character (C0, DEL or C1): these are bytes below 0x20, 0x7F, and
/// U+0080–U+009F, which UTF-8 writes after a 0xC2 byte. `false` is certain; `true` needs a look.
fn may_hold_control(s: &str) -> bool {
    s.bytes().any(|b| b < 0x20 || b == 0x7F || b == 0xC2)
}

impl MonthFacts {
    /// The `i`th month: its number of platforms, then each work entry's name, hours (alone and summed
    /// over the month), income and orders.
    #[inline(always)]
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
            self.validate_platform_name(name, &names, path)?;
            names.push(name);
            // The hours stay in this loop rather than in a function of their own: passed to one, the
            // month's hours and the running total went through memory for every entry of a batch.
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
            validate_income_and_orders(w, path)?;
        }
        Ok(())
    }

    /// A work entry's platform name (`name`, trimmed): present, short, printable, and not one of the
    /// month's `names` before it.
    #[inline(always)]
    fn validate_platform_name(
        &self,
        name: &str,
        names: &[&str],
        path: impl Fn(&str) -> String,
    ) -> Result<(), ApiError> {
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
        Ok(())
    }
}

/// A work entry's income (not negative, in range, in fen), its injury fee class (instant delivery
/// only) and its orders (in range).
#[inline(always)]
fn validate_income_and_orders(w: &WorkEntry, path: impl Fn(&str) -> String) -> Result<(), ApiError> {
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
    Ok(())
}

/// One base choice, `field` naming it in the error's path.
#[inline(always)]
fn validate_base(base: &BaseChoice, field: &str) -> Result<(), ApiError> {
    match (base.kind, &base.value) {
        (BaseKind::Percent | BaseKind::Amount, None) => {
            return Err(ApiError::invalid(
                format!("{field}.value"),
                "请填写百分比或金额",
                format!("{field}.value is required for kind percent or amount"),
            ))
        }
        (BaseKind::Floor | BaseKind::Ceiling | BaseKind::Income, Some(_)) => {
            return Err(ApiError::invalid(
                format!("{field}.value"),
                "该缴费基数方式不需要填写数值",
                format!("{field}.value is only used with kind percent or amount"),
            ))
        }
        (BaseKind::Amount, Some(v)) if v.0 <= Decimal::ZERO || v.0 > MAX_BASE_AMOUNT => {
            return Err(ApiError::invalid(
                format!("{field}.value"),
                format!("缴费基数金额须大于 0 且不超过 {MAX_BASE_AMOUNT}"),
                format!("the base amount must be above 0 and at most {MAX_BASE_AMOUNT}"),
            ))
        }
        _ => {}
    }
    if let Some(rule) = &base.tier_rule {
        if TierRule::from_name(rule).is_none() {
            return Err(ApiError::invalid(
                format!("{field}.tier_rule"),
                "未知的档次规则",
                format!("unknown tier rule \"{rule}\": highest_not_above, lowest_not_below or nearest"),
            ));
        }
    }
    Ok(())
}
