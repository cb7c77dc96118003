//! The catalogue of parameters the rules data may hold: each with a typed key, its value type, its
//! Chinese label and English description, declared once in [`catalogue!`].
//!
//! The engine reads a parameter through its key (`key::PENSION_BASE_FLOOR`), so a misspelt name is a
//! compile error, and the key's type says what the value is (`ty::Money` gives a `Decimal`,
//! `ty::Choice<Apportion>` the enum), so no step matches on the value's shape. The loader checks every
//! value in the rules files against the same type, and rejects a name that is not here, so that a typo
//! in a rules file cannot silently leave a figure out.

use super::params::{Kind, MedicalEstimate, MedicalRule, SubsidyRule, Value};
use crate::foundation::money::Rounding;
use crate::foundation::names::Named;
use crate::model::formulas::{BasicFormula, TransitionalFormula, YearsConvention};
use crate::model::person::{DivisorLookup, FemaleTrack};
use crate::model::request::{Apportion, DefaultBase, TierRule};
use rust_decimal::Decimal;
use std::marker::PhantomData;

/// A parameter's value type: the [`Kind`] its values are checked as when the rules load, and what a
/// step gets when it reads one.
pub trait ParamType {
    const KIND: Kind;
    type Out<'a>: Copy;
    /// The typed view of a loaded value; `None` only if the value was loaded under another kind.
    fn read(v: &Value) -> Option<Self::Out<'_>>;
}

/// The value types of [`ParamType`].
pub mod ty {
    use super::*;

    /// Yuan, non-negative.
    pub struct Money;
    /// A fraction in [0, 1].
    pub struct Rate;
    /// A non-negative decimal that is neither money nor a rate (percent points, hours, years).
    pub struct Number;
    /// An ascending list of amounts.
    pub struct MoneyList;
    /// `{ min, max }`.
    pub struct Range;
    /// `{ unit, mode }`.
    pub struct Rounding;
    /// A medical charging rule, with its estimate range when it is an estimate.
    pub struct Medical;
    /// Rows of decimals keyed by text (age → months divisor).
    pub struct Table;
    /// A list of short texts (province codes, `"*"` for all).
    pub struct TextList;
    /// A subsidy program's rule.
    pub struct Subsidy;
    /// One of the names of a [`Named`] enum, decoded to the enum when the rules load.
    pub struct Choice<E>(PhantomData<E>);

    macro_rules! decimal_type {
        ($($t:ident => $kind:ident),*) => {$(
            impl ParamType for $t {
                const KIND: Kind = Kind::$kind;
                type Out<'a> = Decimal;
                fn read(v: &Value) -> Option<Decimal> {
                    match v {
                        Value::Decimal(d) => Some(*d),
                        _ => None,
                    }
                }
            }
        )*};
    }
    decimal_type!(Money => Money, Rate => Rate, Number => Number);

    impl ParamType for MoneyList {
        const KIND: Kind = Kind::MoneyList;
        type Out<'a> = &'a [Decimal];
        fn read(v: &Value) -> Option<&[Decimal]> {
            match v {
                Value::MoneyList(l) => Some(l),
                _ => None,
            }
        }
    }

    impl ParamType for Range {
        const KIND: Kind = Kind::Range;
        /// (min, max)
        type Out<'a> = (Decimal, Decimal);
        fn read(v: &Value) -> Option<(Decimal, Decimal)> {
            match v {
                Value::Range { min, max } => Some((*min, *max)),
                _ => None,
            }
        }
    }

    impl ParamType for Rounding {
        const KIND: Kind = Kind::Rounding;
        type Out<'a> = crate::foundation::money::Rounding;
        fn read(v: &Value) -> Option<super::Rounding> {
            match v {
                Value::Rounding(r) => Some(*r),
                _ => None,
            }
        }
    }

    impl ParamType for Medical {
        const KIND: Kind = Kind::MedicalRule;
        type Out<'a> = (&'a MedicalRule, Option<&'a MedicalEstimate>);
        fn read(v: &Value) -> Option<Self::Out<'_>> {
            match v {
                Value::Medical(rule, estimate) => Some((rule, estimate.as_deref())),
                _ => None,
            }
        }
    }

    impl ParamType for Table {
        const KIND: Kind = Kind::Table;
        type Out<'a> = &'a [(String, Decimal)];
        fn read(v: &Value) -> Option<Self::Out<'_>> {
            match v {
                Value::Table(rows) => Some(rows),
                _ => None,
            }
        }
    }

    impl ParamType for TextList {
        const KIND: Kind = Kind::TextList;
        type Out<'a> = &'a [String];
        fn read(v: &Value) -> Option<&[String]> {
            match v {
                Value::TextList(l) => Some(l),
                _ => None,
            }
        }
    }

    impl ParamType for Subsidy {
        const KIND: Kind = Kind::Subsidy;
        type Out<'a> = &'a SubsidyRule;
        fn read(v: &Value) -> Option<&SubsidyRule> {
            match v {
                Value::Subsidy(r) => Some(r),
                _ => None,
            }
        }
    }

    impl<E: Named> ParamType for Choice<E> {
        const KIND: Kind = Kind::Choice(E::NAME_LIST);
        type Out<'a> = E;
        fn read(v: &Value) -> Option<E> {
            match v {
                Value::Choice { index, .. } => E::NAMES.get(usize::from(*index)).map(|&(_, e)| e),
                _ => None,
            }
        }
    }
}

/// A parameter addressed with the type of its value.
pub struct Key<T> {
    pub param: Param,
    ty: PhantomData<fn() -> T>,
}

impl<T> Key<T> {
    const fn new(param: Param) -> Self {
        Key { param, ty: PhantomData }
    }

    pub const fn name(&self) -> &'static str {
        self.param.name()
    }
}

impl<T> Clone for Key<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Key<T> {}

/// Declares [`Param`], its metadata and the typed keys in [`key`], from one list:
/// `Variant, KEY: value type = "name", "中文标签", "English description";`.
macro_rules! catalogue {
    ($( $variant:ident, $key:ident : $t:ty = $name:literal, $zh:literal, $en:literal; )*) => {
        /// Every parameter of the rules data.
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Param { $($variant),* }

        /// Each parameter's (name, kind, Chinese label, English description), in catalogue order: one
        /// table indexed by the variant, smaller in the wasm module than a `match` per field.
        const INFO: &[(&str, Kind, &str, &str)] = &[$(($name, <$t as ParamType>::KIND, $zh, $en)),*];

        impl Param {
            /// Every parameter, in catalogue order (`Param::X.index()` is its position).
            pub const ALL: &'static [Param] = &[$(Param::$variant),*];
            pub const COUNT: usize = Param::ALL.len();

            /// The name in rules files, notes and citations (`pension.base_floor`).
            pub const fn name(self) -> &'static str {
                INFO[self as usize].0
            }

            /// What its values are, as the loader checks them.
            pub const fn kind(self) -> Kind {
                INFO[self as usize].1
            }

            /// The name in messages a worker reads.
            pub const fn label_zh(self) -> &'static str {
                INFO[self as usize].2
            }

            /// A one-line description, for `flexcalc rules` and English messages.
            pub const fn description(self) -> &'static str {
                INFO[self as usize].3
            }
        }

        /// The typed key of every parameter.
        pub mod key {
            use super::*;
            $(pub const $key: Key<$t> = Key::new(Param::$variant);)*
        }
    };
}

use ty::{Choice, Medical, Money, MoneyList, Number, Range, Rate, Subsidy, Table, TextList};

catalogue! {
    PensionRate, PENSION_RATE: Rate = "pension.rate", "养老保险费率",
        "pension contribution rate for flexibly employed people";
    PensionPooledRate, PENSION_POOLED_RATE: Rate = "pension.pooled_rate", "养老保险统筹基金部分费率",
        "part of the pension rate credited to the pooled fund";
    PensionPersonalAccountRate, PENSION_PERSONAL_ACCOUNT_RATE: Rate = "pension.personal_account_rate", "养老保险个人账户部分费率",
        "part of the pension rate credited to the personal account";
    PensionBasePercentRange, PENSION_BASE_PERCENT_RANGE: Range = "pension.base_percent_range", "缴费基数可选比例范围",
        "percent of the average wage a base may be chosen between";
    PensionBaseFloor, PENSION_BASE_FLOOR: Money = "pension.base_floor", "缴费基数下限",
        "contribution base floor";
    PensionBaseCeiling, PENSION_BASE_CEILING: Money = "pension.base_ceiling", "缴费基数上限",
        "contribution base ceiling";
    PensionBaseTiers, PENSION_BASE_TIERS: MoneyList = "pension.base_tiers", "灵活就业缴费档次",
        "fixed bases flexibly employed people choose from";
    PensionTierRule, PENSION_TIER_RULE: Choice<TierRule> = "pension.tier_rule", "申报金额对应缴费档次的规则",
        "how a declared amount or income maps to a fixed base";
    PensionBenefitBase, PENSION_BENEFIT_BASE: Money = "pension.benefit_base", "养老金计发基数",
        "计发基数: the wage figure pensions are computed from";
    PensionBenefitBaseNoticeMonth, PENSION_BENEFIT_BASE_NOTICE_MONTH: Number = "pension.benefit_base_notice_month", "计发基数公布的月份",
        "the month of its year a 计发基数 is taken as published where its notice's date is not in the rules data";
    AverageWage, AVERAGE_WAGE: Money = "average_wage", "全口径城镇单位就业人员平均工资",
        "average monthly wage of urban-unit employees the base range derives from";
    MedicalFlexible, MEDICAL_FLEXIBLE: Medical = "medical.flexible", "灵活就业人员职工医保缴费办法",
        "employee medical insurance charging rule for flexibly employed people";
    RoundingContribution, ROUNDING_CONTRIBUTION: ty::Rounding = "rounding.contribution", "缴费金额取整方式",
        "how a monthly contribution is rounded";
    RoundingBase, ROUNDING_BASE: ty::Rounding = "rounding.base", "按比例计算的缴费基数取整方式",
        "how a base computed from a percent of the average wage is rounded";
    RoundingSubsidy, ROUNDING_SUBSIDY: ty::Rounding = "rounding.subsidy", "按应缴费额比例计算的补贴取整方式",
        "how a subsidy computed as a share of the contributions due is rounded";
    RoundingSubsidyOfPaid, ROUNDING_SUBSIDY_OF_PAID: ty::Rounding = "rounding.subsidy_of_paid", "以实缴费额比例为上限的补贴取整方式",
        "how a subsidy capped at a share of the contributions paid is rounded";
    LaborFactsWeeklyHoursThreshold, LABOR_FACTS_WEEKLY_HOURS_THRESHOLD: Number = "labor_facts.weekly_hours_threshold", "情景：平台承担责任的周工时门槛",
        "average weekly hours for one platform above which it is liable";
    LaborFactsIncomeFloorShare, LABOR_FACTS_INCOME_FLOOR_SHARE: Number = "labor_facts.income_floor_share", "情景：平台承担责任的收入门槛",
        "share of the base floor that a month's income from one platform must reach to make it liable";
    LaborFactsPlatformPensionRate, LABOR_FACTS_PLATFORM_PENSION_RATE: Rate = "labor_facts.platform_pension_rate", "情景：平台养老保险分担费率",
        "pension rate a liable platform pays on its part of the base";
    LaborFactsPlatformMedicalRateCut, LABOR_FACTS_PLATFORM_MEDICAL_RATE_CUT: Rate = "labor_facts.platform_medical_rate_cut", "情景：平台医保分担费率的扣减",
        "points below the flexible medical rate that a liable platform pays";
    LaborFactsApportion, LABOR_FACTS_APPORTION: Choice<Apportion> = "labor_facts.apportion", "情景：平台分担份额的计算依据",
        "what a liable platform's part of the base follows";
    LaborFactsDefaultBase, LABOR_FACTS_DEFAULT_BASE: Choice<DefaultBase> = "labor_facts.default_base", "情景：默认缴费基数",
        "the base under the scenario when the request chooses none";
    WorkingTimeWeeklyHoursLimit, WORKING_TIME_WEEKLY_HOURS_LIMIT: Number = "working_time.weekly_hours_limit", "法定每周工作时间",
        "statutory average weekly hours";
    InjuryFeePerOrder, INJURY_FEE_PER_ORDER: Table = "injury.fee_per_order", "职业伤害保障每单缴费",
        "occupational injury protection fee per order, by sector";
    SubsidyEmploymentDifficulty, SUBSIDY_EMPLOYMENT_DIFFICULTY: Subsidy = "subsidy.employment_difficulty", "就业困难人员社保补贴办法",
        "social-insurance subsidy for flexibly employed people with employment difficulties";
    SubsidyPlatformPension, SUBSIDY_PLATFORM_PENSION: Subsidy = "subsidy.platform_pension", "平台养老保险补贴办法",
        "a platform's subsidy of its riders' flexible pension contributions";
    InjuryPilotProvinces, INJURY_PILOT_PROVINCES: TextList = "injury.pilot_provinces", "职业伤害保障试点省份",
        "provinces in the occupational injury protection pilot (\"*\" for all)";
    RetirementOriginalAge, RETIREMENT_ORIGINAL_AGE: Table = "retirement.original_age", "原法定退休年龄",
        "original statutory retirement age in years, by track (male_60, female_55, female_50)";
    RetirementSpecialWorkAge, RETIREMENT_SPECIAL_WORK_AGE: Table = "retirement.special_work_age", "特殊工种提前退休年龄",
        "original age of early retirement for special-type work in years, by track";
    RetirementSpecialWorkMaxDelayMonths, RETIREMENT_SPECIAL_WORK_MAX_DELAY_MONTHS: Table = "retirement.special_work_max_delay_months", "特殊工种（高海拔）提前退休年龄的最长延迟月数",
        "the most months a region delays the special-type (high-altitude) early retirement age, where it differs from the statutory delay, by track";
    RetirementIllnessAge, RETIREMENT_ILLNESS_AGE: Table = "retirement.illness_age", "因病完全丧失劳动能力提前退休年龄",
        "original age of early retirement for complete loss of working capacity in years, by track";
    RetirementDelayStepMonths, RETIREMENT_DELAY_STEP_MONTHS: Table = "retirement.delay_step_months", "延迟退休的出生月份步长",
        "months of birth per month of delay under the 2025 reform, by track; counted from the entry's from";
    RetirementMaxDelayMonths, RETIREMENT_MAX_DELAY_MONTHS: Table = "retirement.max_delay_months", "延迟退休的最长月数",
        "the most months the statutory age is delayed, by track";
    RetirementEarlyMaxMonths, RETIREMENT_EARLY_MAX_MONTHS: Number = "retirement.early_max_months", "弹性提前退休的最长月数",
        "months a person may retire before the statutory age at most (never below the original age)";
    RetirementLateMaxMonths, RETIREMENT_LATE_MAX_MONTHS: Number = "retirement.late_max_months", "弹性延迟退休的最长月数",
        "months a person may retire after the statutory age at most";
    RetirementMinContributionYears, RETIREMENT_MIN_CONTRIBUTION_YEARS: Number = "retirement.min_contribution_years", "按月领取养老金的最低缴费年限",
        "minimum contribution years for a monthly pension, by the month of retirement";
    RetirementFlexibleFemaleTrack, RETIREMENT_FLEXIBLE_FEMALE_TRACK: Choice<FemaleTrack> = "retirement.flexible_female_track", "灵活就业女性适用的退休年龄类别",
        "the track flexibly employed women follow in the region";
    PensionBasicRatePerYear, PENSION_BASIC_RATE_PER_YEAR: Rate = "pension.basic_rate_per_year", "基础养老金每缴费一年的计发比例",
        "part of the basic-pension base paid per year of contributions (1 %)";
    PensionMonthsDivisor, PENSION_MONTHS_DIVISOR: Table = "pension.months_divisor", "个人账户养老金计发月数",
        "personal-account months divisor by age at retirement in whole years";
    PensionDivisorLookup, PENSION_DIVISOR_LOOKUP: Choice<DivisorLookup> = "pension.divisor_lookup", "计发月数按月龄的取法",
        "how an age in years and months is looked up in the months divisor table";
    PensionAccountInterest, PENSION_ACCOUNT_INTEREST: Rate = "pension.account_interest", "个人账户记账利率",
        "personal-account interest rate (记账利率) of a year";
    RoundingBenefit, ROUNDING_BENEFIT: ty::Rounding = "rounding.benefit", "养老金金额取整方式",
        "how each part of a projected pension is rounded";
    RoundingDivisor, ROUNDING_DIVISOR: ty::Rounding = "rounding.divisor", "按月龄确定的计发月数取整方式",
        "how a months divisor for an age in years and months is rounded";
    PensionYearsConvention, PENSION_YEARS_CONVENTION: Choice<YearsConvention> = "pension.years_convention", "缴费年限的折算方式",
        "how contribution months become the contribution years of the pension formula";
    PensionBasicFormula, PENSION_BASIC_FORMULA: Choice<BasicFormula> = "pension.basic_formula", "基础养老金计发办法",
        "the basic-pension formula of the region";
    PensionBasicRatePerMonth, PENSION_BASIC_RATE_PER_MONTH: Rate = "pension.basic_rate_per_month", "基础养老金每缴费一个月的计发比例",
        "part of the basic-pension base paid per remaining month (year_and_month_rates)";
    PensionLowIndexThreshold, PENSION_LOW_INDEX_THRESHOLD: Number = "pension.low_index_threshold", "低缴费指数调整的指数界限",
        "average index below which the first term of the basic pension is scaled (low_index_scaled)";
    PensionIndexedWageBase, PENSION_INDEXED_WAGE_BASE: Money = "pension.indexed_wage_base", "计算指数化月平均缴费工资的基数",
        "the wage the average index multiplies where it differs from the 计发基数";
    RoundingIndexedWage, ROUNDING_INDEXED_WAGE: ty::Rounding = "rounding.indexed_wage", "指数化月平均缴费工资取整方式",
        "how the indexed monthly wage is rounded before the basic pension is computed";
    RoundingBasicPension, ROUNDING_BASIC_PENSION: ty::Rounding = "rounding.basic_pension", "基础养老金取整方式",
        "how the basic pension is rounded where it differs from the other parts";
    PensionTransitionalFormula, PENSION_TRANSITIONAL_FORMULA: Choice<TransitionalFormula> = "pension.transitional_formula", "过渡性养老金计发办法",
        "the transitional-pension formula for years credited before the personal account";
    PensionTransitionalCoefficient, PENSION_TRANSITIONAL_COEFFICIENT: Rate = "pension.transitional_coefficient", "过渡性养老金计发系数",
        "transitional pension per credited year, a fraction of its base";
    PensionTransitionalCoefficientIntellectual, PENSION_TRANSITIONAL_COEFFICIENT_INTELLECTUAL: Rate = "pension.transitional_coefficient_intellectual", "知识分子的过渡性养老金计发系数",
        "transitional pension per credited year for a person counted as a 知识分子 (person.intellectual), where the region has one";
    PensionTransitionalFixed, PENSION_TRANSITIONAL_FIXED: Money = "pension.transitional_fixed", "过渡性养老金固定加发金额",
        "fixed part of a transitional allowance (fixed_plus_per_whole_year)";
    PensionTransitionalPerYear, PENSION_TRANSITIONAL_PER_YEAR: Money = "pension.transitional_per_year", "过渡性养老金每满一年加发金额",
        "amount per whole contribution year of a transitional allowance (fixed_plus_per_whole_year)";
    PensionCreditedAccountDivisor, PENSION_CREDITED_ACCOUNT_DIVISOR: Number = "pension.credited_account_divisor", "视同缴费账户（虚账实记）计发月数",
        "months the credited account balance is divided by in the transitional pension (Shanghai's 虚账实记, Guangdong's original method); 0 where the part for credited time is computed otherwise (not modelled)";
    ResidentMedicalIndividualYearly, RESIDENT_MEDICAL_INDIVIDUAL_YEARLY: Money = "resident.medical_individual_yearly", "城乡居民医保个人缴费",
        "resident medical insurance: individual contribution per year";
    ResidentMedicalSubsidyYearly, RESIDENT_MEDICAL_SUBSIDY_YEARLY: Money = "resident.medical_subsidy_yearly", "城乡居民医保财政补助",
        "resident medical insurance: government subsidy per person per year";
    ResidentPensionTiers, RESIDENT_PENSION_TIERS: Table = "resident.pension_tiers", "城乡居民养老保险缴费档次",
        "resident pension: yearly contribution tier -> government subsidy per year";
    ResidentPensionAge, RESIDENT_PENSION_AGE: Number = "resident.pension_age", "城乡居民养老金领取年龄",
        "resident pension: age in years from which it is paid";
    ResidentPensionMinYears, RESIDENT_PENSION_MIN_YEARS: Number = "resident.pension_min_years", "城乡居民养老保险最低缴费年限",
        "resident pension: minimum contribution years";
    ResidentBasicPension, RESIDENT_BASIC_PENSION: Money = "resident.basic_pension", "城乡居民基础养老金",
        "resident pension: basic pension per month paid by government";
    MedicalGapBackpayMonths, MEDICAL_GAP_BACKPAY_MONTHS: Number = "medical.gap_backpay_months", "职工医保断缴补缴不中断待遇的最长月数",
        "employee medical: the longest gap that, paid back, keeps the cover without waiting";
    MedicalGapWaitingMonths, MEDICAL_GAP_WAITING_MONTHS: Number = "medical.gap_waiting_months", "职工医保断缴后重新参保的待遇等待期",
        "employee medical: waiting months after re-enrolling from a longer gap (national: the maximum)";
    ResidentWaitingFixedMonths, RESIDENT_WAITING_FIXED_MONTHS: Number = "resident.waiting_fixed_months", "居民医保固定待遇等待期",
        "resident medical: fixed waiting months after a gap or late enrolment";
    ResidentWaitingPerGapYear, RESIDENT_WAITING_PER_GAP_YEAR: Number = "resident.waiting_per_gap_year", "居民医保每断保一年增加的变动等待期",
        "resident medical: variable waiting months per year not enrolled";
    ResidentWaitingFloorLongGap, RESIDENT_WAITING_FLOOR_LONG_GAP: Number = "resident.waiting_floor_long_gap", "居民医保连续断保4年及以上修复后的最短等待期",
        "resident medical: least waiting months after a gap of 4 years or more, even after back-payment";
    TransferDrawYearsThreshold, TRANSFER_DRAW_YEARS_THRESHOLD: Number = "transfer.draw_years_threshold", "在非户籍地领取养老金所需的累计缴费年限",
        "years paid in a place other than the hukou place before the pension is drawn there";
    TransferAgencyEnrolmentRules, TRANSFER_AGENCY_ENROLMENT_RULES: TextList = "transfer.agency_enrolment_rules", "挂靠参保违规的法律依据",
        "why paying through an agency where one does not work is not allowed, clause by clause";
    TransferTemporaryAccountAgeMen, TRANSFER_TEMPORARY_ACCOUNT_AGE_MEN: Number = "transfer.temporary_account_age_men", "男性在非户籍地建立临时缴费账户的年龄",
        "men from this age starting to pay outside the hukou province get a temporary contribution account";
    TransferTemporaryAccountAgeWomen, TRANSFER_TEMPORARY_ACCOUNT_AGE_WOMEN: Number = "transfer.temporary_account_age_women", "女性在非户籍地建立临时缴费账户的年龄",
        "women from this age starting to pay outside the hukou province get a temporary contribution account";
    MedicalInpatientFundShare, MEDICAL_INPATIENT_FUND_SHARE: Rate = "medical.inpatient_fund_share", "职工医保政策范围内住院费用基金支付比例",
        "employee medical: the fund's share of inpatient costs within the policy range (a national level)";
    ResidentInpatientFundShare, RESIDENT_INPATIENT_FUND_SHARE: Rate = "resident.inpatient_fund_share", "居民医保政策范围内住院费用基金支付比例",
        "resident medical: the fund's share of inpatient costs within the policy range (a national level)";
    ResidentLongGapYears, RESIDENT_LONG_GAP_YEARS: Number = "resident.long_gap_years", "居民医保长期断保的年数门槛",
        "resident medical: years of gap from which the waiting-period floor applies";
    ResidentRewardAfterYears, RESIDENT_REWARD_AFTER_YEARS: Number = "resident.reward_after_years", "居民医保连续参保激励起算的连续参保年数",
        "resident medical: continuous years after which each further year raises the serious-illness cap";
    ResidentRewardMinStep, RESIDENT_REWARD_MIN_STEP: Money = "resident.reward_min_step", "居民医保连续参保激励每次提高大病保险限额的最低额",
        "resident medical: the least each continuity reward raises the serious-illness cap, in yuan";
    ResidentRewardMaxShare, RESIDENT_REWARD_MAX_SHARE: Rate = "resident.reward_max_share", "居民医保激励累计提高额占大病保险原封顶线的上限",
        "resident medical: the most all rewards together raise the serious-illness cap, as a share of the original cap";
}

impl Param {
    /// Position in [`Param::ALL`], for dense tables indexed by parameter.
    pub const fn index(self) -> usize {
        self as usize
    }

    pub fn from_name(name: &str) -> Option<Param> {
        Param::ALL.iter().copied().find(|p| p.name() == name)
    }
}

/// Written as its name: the variants' own names would be a second copy of every name in the module.
impl std::fmt::Debug for Param {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::fmt::Display for Param {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// (Chinese label, English description) of a parameter named in a note; an unknown name stands for
/// itself.
pub fn labels(name: &str) -> (&str, &str) {
    Param::from_name(name).map_or((name, name), |p| (p.label_zh(), p.description()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_positions_match() {
        for (i, p) in Param::ALL.iter().enumerate() {
            assert_eq!(p.index(), i);
            assert_eq!(Param::from_name(p.name()), Some(*p));
            assert!(!p.label_zh().is_empty() && !p.description().is_empty());
        }
        assert_eq!(Param::from_name("pension.base_flor"), None);
    }

    #[test]
    fn a_choice_reads_as_its_enum() {
        let v = Value::Choice {
            index: 1,
            name: "hours",
        };
        assert_eq!(ty::Choice::<Apportion>::read(&v), Some(Apportion::Hours));
        assert_eq!(ty::Money::read(&v), None, "a choice is not money");
        assert_eq!(
            key::LABOR_FACTS_APPORTION.param.kind(),
            Kind::Choice(&["income", "hours"])
        );
    }
}
