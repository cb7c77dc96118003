//! What a planned gap (断缴) does to medical cover (issue 17 item 3): the employee scheme's
//! back-payment window and waiting period (医保办发〔2021〕43号, cities' own rules), and the resident
//! scheme's waiting periods (国办发〔2024〕38号). What it does to the pension is the retirement and
//! projection blocks' (they count the gap's months off the months still to pay).

use crate::engine::retirement::Lookup;
use crate::foundation::error::{ApiError, Message};
use crate::foundation::money::Dec;
use crate::foundation::month::YearMonth;
pub use crate::model::results::{ContinuityReward, EmployeeMedicalGap, GapInfo, ResidentMedicalGap};
use crate::rules::{cite, key, Scope};
use rust_decimal::Decimal;

/// Whole years of a gap of `months` for the resident scheme, which is paid a year at a time: any part
/// of a year not enrolled is a year missed (a convention, stated in the result).
fn gap_years(months: u32) -> u32 {
    months.div_ceil(12)
}

/// The medical consequences of stopping for `months` from the month after `as_of`.
pub fn assess(lk: &mut Lookup<'_, '_>, months: u32, as_of: YearMonth) -> Result<GapInfo, ApiError> {
    let restart = as_of.plus(i64::from(months) + 1).unwrap_or(as_of);
    Ok(GapInfo {
        months,
        employee_medical: employee(lk, months, restart)?,
        resident_medical: resident(lk, months, restart)?,
    })
}

fn employee(lk: &mut Lookup<'_, '_>, months: u32, restart: YearMonth) -> Result<EmployeeMedicalGap, ApiError> {
    let backpay = lk.require(key::MEDICAL_GAP_BACKPAY_MONTHS, restart)?;
    let waiting = lk.require(key::MEDICAL_GAP_WAITING_MONTHS, restart)?;
    let covered = Decimal::from(months) <= backpay.value;
    // The national figure is the most a city may set; a city's own is its rule.
    let at_most = matches!(waiting.scope, Scope::National);
    let (b, w) = (backpay.value.normalize(), waiting.value.normalize());
    let message = match (covered, at_most) {
        (true, _) => Message::new(
            format!("停缴 {months} 个月：在 {b} 个月内补缴的，职工医保待遇不中断，补缴后停缴期间的医疗费用可以报销"),
            format!("A gap of {months} months: paid back within {b} months, employee medical cover is not interrupted and the gap's medical costs are covered once paid"),
        ),
        (false, true) => Message::new(
            format!("停缴 {months} 个月，超过 {b} 个月：重新参保后可能有等待期，由当地规定，最长 {w} 个月，等待期内看病不能报销"),
            format!("A gap of {months} months, longer than {b}: after re-enrolling the city may set a waiting period of at most {w} months, in which medical costs are not covered"),
        ),
        (false, false) => Message::new(
            format!("停缴 {months} 个月，超过 {b} 个月：重新参保后要连续缴费满 {w} 个月才能报销"),
            format!("A gap of {months} months, longer than {b}: after re-enrolling, {w} months of continuous payment come before medical costs are covered"),
        ),
    };
    Ok(EmployeeMedicalGap {
        backpay_months: Dec(backpay.value),
        covered_by_backpay: covered,
        waiting_months: (!covered).then_some(Dec(waiting.value)),
        waiting_is_maximum: !covered && at_most,
        message,
        grade: backpay.entry.grade.max(waiting.entry.grade),
        citations: vec![cite(&backpay), cite(&waiting)],
    })
}

fn resident(lk: &mut Lookup<'_, '_>, months: u32, restart: YearMonth) -> Result<ResidentMedicalGap, ApiError> {
    let fixed = lk.require(key::RESIDENT_WAITING_FIXED_MONTHS, restart)?;
    let per_year = lk.require(key::RESIDENT_WAITING_PER_GAP_YEAR, restart)?;
    let floor = lk.require(key::RESIDENT_WAITING_FLOOR_LONG_GAP, restart)?;
    let long = lk.require(key::RESIDENT_LONG_GAP_YEARS, restart)?;
    let years = gap_years(months);
    let y = Decimal::from(years);
    let variable = per_year.value * y;
    let waiting = fixed.value + variable;
    // Each year paid back removes a month of the variable part; a long gap keeps the floor.
    let after_backpay = if y >= long.value {
        fixed.value.max(floor.value).min(waiting)
    } else {
        fixed.value
    };
    let (f, p, wt, ab) = (
        fixed.value.normalize(),
        per_year.value.normalize(),
        waiting.normalize(),
        after_backpay.normalize(),
    );
    let message = Message::new(
        format!("居民医保：断保 {years} 年，重新参保后等待 {wt} 个月（固定 {f} 个月，每断保一年加 {p} 个月）；补缴断保年份的个人缴费可减到 {ab} 个月"),
        format!("Resident medical: a gap of {years} year(s) means waiting {wt} months after re-enrolling ({f} fixed, plus {p} a year missed); paying the missed years back brings it down to {ab}"),
    );
    Ok(ResidentMedicalGap {
        gap_years: years,
        waiting_months: Dec(waiting),
        after_backpay_months: Dec(after_backpay),
        message,
        grade: [&fixed.entry.grade, &per_year.entry.grade, &floor.entry.grade]
            .into_iter()
            .copied()
            .max()
            .unwrap_or(fixed.entry.grade),
        citations: vec![cite(&fixed), cite(&per_year), cite(&floor)],
        continuity_reward: reward(lk, restart)?,
    })
}

/// The continuity reward a gap forfeits: the count of continuous years starts again on re-enrolling.
fn reward(lk: &mut Lookup<'_, '_>, restart: YearMonth) -> Result<ContinuityReward, ApiError> {
    let after = lk.require(key::RESIDENT_REWARD_AFTER_YEARS, restart)?;
    let step = lk.require(key::RESIDENT_REWARD_MIN_STEP, restart)?;
    let share = lk.require(key::RESIDENT_REWARD_MAX_SHARE, restart)?;
    let (a, st, pct) = (
        after.value.normalize(),
        crate::foundation::text::money_words(step.value),
        (share.value * Decimal::ONE_HUNDRED).normalize(),
    );
    let message = Message::new(
        format!("居民医保连续参保满 {a} 年后，每再连续参保一年，大病保险最高支付限额可以提高（每次不少于 {st} 元，累计不超过原封顶线的 {pct}%）；断保后重新参保，连续参保年数从头算，大病保险限额还可能降低"),
        format!("Resident medical: after {a} continuous years, each further year may raise the serious-illness insurance cap (by at least {st} yuan a time, at most {pct} % of the original cap in all); after a gap the count of continuous years starts again, and the cap may be lowered"),
    );
    Ok(ContinuityReward {
        after_years: Dec(after.value),
        min_step: Dec(step.value),
        max_share: Dec(share.value),
        count_restarts: true,
        message,
        grade: after.entry.grade.max(step.entry.grade).max(share.entry.grade),
        citations: vec![cite(&after), cite(&step), cite(&share)],
    })
}

#[cfg(test)]
mod tests {
    use super::gap_years;

    #[test]
    fn any_part_of_a_year_is_a_year_missed() {
        assert_eq!(gap_years(1), 1);
        assert_eq!(gap_years(12), 1);
        assert_eq!(gap_years(13), 2);
    }
}
