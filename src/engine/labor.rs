//! The facts of work per platform and month: average weekly hours and effective hourly income.
//!
//! Weekly hours are averaged over the month (hours × 7 / days in the month) so that months of different
//! lengths compare fairly with weekly legal thresholds (Labor Contract Law art. 68, Labor Law art. 36).

use crate::foundation::error::ApiError;
use crate::foundation::money::{self};
use crate::foundation::month::YearMonth;
use crate::model::request::MonthFacts;
pub use crate::model::results::{PlatformFacts, PlatformName, WeeklyHours};
use rust_decimal::Decimal;

/// The platform names of one assessment, each stored once (trimmed, as the results show them).
#[derive(Default)]
pub struct Names(Vec<PlatformName>);

impl Names {
    pub fn get(&mut self, name: &str) -> PlatformName {
        let name = crate::foundation::text::trim(name);
        if let Some(known) = self.0.iter().find(|known| ***known == *name) {
            return known.clone();
        }
        let new: PlatformName = name.into();
        self.0.push(new.clone());
        new
    }
}

/// Decimals kept of an average: hours carry at most 8 decimals, so hours × 7 / days differs from a
/// threshold, or from a rounding boundary of what is shown (4 decimals), by 10⁻⁸ / 31 or more unless
/// it is exactly on it; 12 decimals keep every comparison and every shown digit exact.
const AVERAGE_PLACES: u32 = 12;

/// Average weekly hours in `month` for `hours` worked in it, to [`AVERAGE_PLACES`] decimals. What is
/// shown of it does not depend on its scale ([`WeeklyHours`] and the batch round it, comparisons are by
/// value), except in the trace, which shows [`weekly_hours_as_divided`].
pub fn weekly_hours(hours: Decimal, month: YearMonth) -> Result<Decimal, ApiError> {
    match money::mul_div_rounded(hours, 7, u64::from(month.days()), AVERAGE_PLACES) {
        Some(weekly) => Ok(weekly),
        None => weekly_hours_as_divided(hours, month),
    }
}

/// [`weekly_hours`] with the scale of `Decimal`'s division for an exact quotient (98 h in 28 days is
/// 24.50 a week), as the trace has always printed it (rounded to two decimals, no zeros added).
pub fn weekly_hours_as_divided(hours: Decimal, month: YearMonth) -> Result<Decimal, ApiError> {
    money::div_rounded(
        money::mul(hours, Decimal::from(7), "weekly hours")?,
        Decimal::from(month.days()),
        AVERAGE_PLACES,
        "weekly hours",
    )
}

/// Income per hour worked; `None` when no hours were reported.
pub fn hourly_income(income: Decimal, hours: Decimal) -> Result<Option<Decimal>, ApiError> {
    if hours.is_zero() {
        return Ok(None);
    }
    // Shown to the fen: rounded there directly (the same digits as rounding the full quotient).
    money::div_rounded(income, hours, 2, "hourly income").map(Some)
}

/// Exact (unrounded) facts the scenario and the warnings work from.
pub struct MonthLabor {
    pub hours: Decimal,
    pub income: Decimal,
    pub orders: u64,
    pub weekly_hours: Decimal,
    pub platforms: Vec<PlatformLabor>,
}

pub struct PlatformLabor {
    pub name: PlatformName,
    pub hours: Decimal,
    pub income: Decimal,
    pub weekly_hours: Decimal,
}

pub fn summarise(facts: &MonthFacts, names: &mut Names) -> Result<MonthLabor, ApiError> {
    let mut platforms = Vec::with_capacity(facts.work.len());
    for w in &facts.work {
        platforms.push(PlatformLabor {
            name: names.get(&w.platform),
            hours: w.hours.0,
            income: w.income.0,
            weekly_hours: weekly_hours(w.hours.0, facts.month)?,
        });
    }
    let hours = money::sum(platforms.iter().map(|p| p.hours), "hours")?;
    Ok(MonthLabor {
        hours,
        income: money::sum(platforms.iter().map(|p| p.income), "income")?,
        orders: facts.work.iter().fold(0u64, |acc, w| acc.saturating_add(w.orders)),
        weekly_hours: weekly_hours(hours, facts.month)?,
        platforms,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekly_hours_average_over_the_month() {
        // September has 30 days: 150 h × 7 / 30 = 35 h a week.
        let sep: YearMonth = "2025-09".parse().unwrap();
        assert_eq!(weekly_hours(Decimal::from(150), sep).unwrap(), Decimal::from(35));
        // February 2025 has 28 days: 96 h × 7 / 28 = 24 h a week exactly.
        let feb: YearMonth = "2025-02".parse().unwrap();
        assert_eq!(weekly_hours(Decimal::from(96), feb).unwrap(), Decimal::from(24));
    }

    /// Twelve decimals are as good as the full quotient: for every hours figure to the hundredth up to
    /// 744 h, and 20,000 with eight decimals, in months of 28 to 31 days, the shown weekly hours
    /// (4 decimals, and 2 in the trace and the batch) and the verdicts against 24 h and 44 h are the same
    /// as from `Decimal`'s 28-digit division.
    #[test]
    fn twelve_decimals_show_and_compare_like_the_full_quotient() {
        let months: Vec<YearMonth> = ["2025-02", "2024-02", "2025-09", "2025-10"]
            .iter()
            .map(|m| m.parse().unwrap())
            .collect();
        let mut seed: u64 = 42;
        let mut random_hours = || {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            Decimal::new(((seed >> 11) % 74_400_000_000) as i64, 8)
        };
        let hours: Vec<Decimal> = (0..=74_400)
            .map(|k| Decimal::new(k, 2))
            .chain((0..20_000).map(|_| random_hours()))
            .collect();
        let shown = |d: Decimal| serde_json::to_string(&WeeklyHours(d)).unwrap();
        for m in &months {
            let days = Decimal::from(m.days());
            for &h in &hours {
                let full = (h * Decimal::from(7)) / days;
                let ours = weekly_hours(h, *m).unwrap();
                assert_eq!(shown(ours), shown(full), "{h} h in {m}");
                // The batch writes two decimals whatever the scale; the trace prints the divided form.
                assert_eq!(ours.round_dp(2), full.round_dp(2), "{h} h in {m}");
                assert_eq!(
                    weekly_hours_as_divided(h, *m).unwrap().round_dp(2).to_string(),
                    full.round_dp(2).to_string(),
                    "{h} h in {m}"
                );
                for limit in [Decimal::from(24), Decimal::from(44)] {
                    assert_eq!(ours > limit, full > limit, "{h} h in {m}");
                }
            }
        }
    }

    /// The integer shortcut is the decimal computation it replaces, on every hours figure to the
    /// hundredth up to 744 h and in months of 28 to 31 days: the same value, and the same text unless the
    /// quotient is exact (then the shortcut keeps twelve decimals).
    #[test]
    fn weekly_hours_shortcut_is_the_decimal_computation() {
        let mut exact = 0;
        for month in ["2025-02", "2024-02", "2025-09", "2025-10"] {
            let month: YearMonth = month.parse().unwrap();
            let days = month.days();
            for k in 0..=74_400 {
                let hours = Decimal::new(k, 2);
                let long_way = weekly_hours_as_divided(hours, month).unwrap();
                let short = money::mul_div_rounded(hours, 7, u64::from(days), AVERAGE_PLACES).unwrap();
                assert_eq!(short, long_way, "{hours} h, {days} days");
                assert_eq!(weekly_hours(hours, month).unwrap(), short);
                if short * Decimal::from(days) == hours * Decimal::from(7) {
                    exact += 1;
                } else {
                    assert_eq!(short.to_string(), long_way.to_string(), "{hours} h, {days} days");
                }
            }
        }
        assert!(exact > 0, "no exact quotient was tried");
    }

    #[test]
    fn hourly_income_needs_hours() {
        assert_eq!(hourly_income(Decimal::from(6200), Decimal::ZERO).unwrap(), None);
        assert_eq!(
            hourly_income(Decimal::from(6000), Decimal::from(150)).unwrap(),
            Some(Decimal::from(40))
        );
    }
}
