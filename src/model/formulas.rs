//! The names of the pension formulas and conventions a region's rules data may choose (issue 18): the
//! approval forms (养老金待遇核定表) of different provinces compute the same pension differently, and the
//! rules data name which way applies where (`engine::benefit`, `engine::transitional`).

use crate::foundation::names::named_enum;

named_enum! {
    /// How contribution months become the years of the pension formula (`pension.years_convention`).
    pub enum YearsConvention {
        /// months ÷ 12, unrounded.
        Exact = "exact",
        /// Rounded half up to two decimals (most provinces' forms).
        HalfUp2 = "half_up_2",
        /// Rounded half up to four decimals (Jiangxi's forms print 42.1667).
        HalfUp4 = "half_up_4",
        /// Rounded up to two decimals (Guangxi).
        Up2 = "up_2",
        /// Rounded up to one decimal (Anhui).
        Up1 = "up_1",
        /// Credited and paid years each rounded half up to two decimals, then added (Beijing).
        PartsHalfUp2 = "parts_half_up_2",
    }
}

named_enum! {
    /// The basic-pension formula of a region (`pension.basic_formula`).
    pub enum BasicFormula {
        /// 计发基数 × (1 + index) ÷ 2 × years × 1 %.
        Standard = "standard",
        /// One base for the first term and another for the indexed wage (Henan, Jilin).
        TwoBases = "two_bases",
        /// A rate per whole year and one per remaining month, rounded up to the jiao (Shanghai).
        YearAndMonthRates = "year_and_month_rates",
        /// The first term scaled for an average index below a threshold (Guangdong).
        LowIndexScaled = "low_index_scaled",
    }
}

named_enum! {
    /// The transitional-pension formula for years credited before the personal account
    /// (`pension.transitional_formula`).
    pub enum TransitionalFormula {
        IndexedWage = "indexed_wage",
        IndexedWageIndexAtLeastOne = "indexed_wage_index_at_least_one",
        AverageOfBases = "average_of_bases",
        CreditedAtOnePlusPaidIndexed = "credited_at_one_plus_paid_indexed",
        /// A fixed amount plus an amount per whole contribution year, plus the credited account ÷ its
        /// months (Guangdong: 粤劳电〔2009〕32号, 粤人社〔2014〕8号, 粤府函〔2021〕294号's original method).
        FixedPlusPerWholeYear = "fixed_plus_per_whole_year",
        /// 计发基数 × credited years × coefficient (the index counted as 1), plus the credited account ÷ its
        /// months (Shanghai: time before 1993 and the 1993–1997 虚账实记).
        BasePerCreditedYear = "base_per_credited_year",
        NotModelled = "not_modelled",
    }
}
