//! The months divisor (计发月数) the personal-account pension divides the balance by: the row of the
//! table for the age at retirement, between two rows by the request's or the region's lookup, rounded
//! as published.

use super::assumption;
use crate::engine::retirement::{DivisorLookup, Lookup, Person};
use crate::foundation::error::{ApiError, ErrorCode, Message};
use crate::foundation::month::YearMonth;
use crate::model::results::Assumption;
use crate::rules::{key, ty, Got};
use rust_decimal::Decimal;

/// The months divisor for an age in months at retirement.
pub fn divisor(rows: &[(String, Decimal)], age_months: i64, how: DivisorLookup) -> Option<Decimal> {
    let row = |y: i64| {
        rows.iter()
            .find(|(k, _)| k.parse::<i64>().ok() == Some(y))
            .map(|(_, v)| *v)
    };
    let (years, months) = (age_months.div_euclid(12), age_months.rem_euclid(12));
    let lower = row(years)?;
    match how {
        DivisorLookup::WholeYears => Some(lower),
        DivisorLookup::Interpolated => {
            if months == 0 {
                return Some(lower);
            }
            // Past the last row there is nothing to interpolate towards: the row of the completed years.
            let Some(upper) = row(years + 1) else {
                return Some(lower);
            };
            let step = (upper - lower)
                .checked_mul(Decimal::from(months))?
                .checked_div(Decimal::from(12))?;
            lower.checked_add(step)
        }
    }
}

/// The months divisor for an age at retirement, by the request's lookup or the rules data's, rounded
/// as published where it falls between two rows; with the entries to cite.
pub(super) fn months_divisor<'r>(
    lk: &mut Lookup<'r, '_>,
    person: &Person,
    retire: YearMonth,
    age_months: i64,
    assumptions: &mut Vec<Assumption>,
) -> Result<Divisor<'r>, ApiError> {
    let table_p = lk.require(key::PENSION_MONTHS_DIVISOR, retire)?;
    let rows = table_p.value;
    let how = match person.divisor_lookup {
        Some(h) => h,
        None => lk.require(key::PENSION_DIVISOR_LOOKUP, retire)?.value,
    };
    let div = divisor(rows, age_months, how).ok_or_else(|| {
        ApiError::new(
            ErrorCode::ParameterRequired,
            Some("person.retire_at".into()),
            Message::new(
                format!("计发月数表中没有 {} 岁的数值", age_months / 12),
                format!("the months divisor table has no row for age {}", age_months / 12),
            ),
        )
    })?;
    // A divisor between two rows, as published since the 2025 reform (to one decimal in the tables
    // provinces publish); none before the rule's first period.
    let mut divisor_rounded = None;
    let div = match lk.param(key::ROUNDING_DIVISOR, retire) {
        Ok(Some(p)) if how == DivisorLookup::Interpolated => {
            let d = p.value.apply(div)?;
            divisor_rounded = Some(p);
            d
        }
        Ok(_) => div,
        Err(e) if e.code == ErrorCode::RulesNotAvailable => div,
        Err(e) => return Err(e),
    };
    assumption(
        assumptions,
        "divisor_lookup",
        how.name(),
        format!(
            "计发月数：退休年龄 {} 岁 {} 个月按“{}”取 {div}",
            age_months / 12,
            age_months % 12,
            how.name()
        ),
        format!(
            "Months divisor for {}y{}m by {}: {div}",
            age_months / 12,
            age_months % 12,
            how.name()
        ),
    );
    Ok((div, divisor_rounded, table_p))
}

/// A months divisor, the rounding applied to it where it lies between two rows, and its table.
pub(super) type Divisor<'r> = (Decimal, Option<Got<'r, ty::Rounding>>, Got<'r, ty::Table>);
#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Vec<(String, Decimal)> {
        [("59", 145), ("60", 139), ("61", 132), ("70", 56)]
            .iter()
            .map(|(k, v)| (k.to_string(), Decimal::from(*v)))
            .collect()
    }

    #[test]
    fn divisor_lookup_options() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        // 60y3m: whole years -> 139; interpolated 139 - 7 x 3/12 = 137.25.
        assert_eq!(divisor(&rows(), 723, DivisorLookup::WholeYears), Some(d("139")));
        assert_eq!(divisor(&rows(), 723, DivisorLookup::Interpolated), Some(d("137.25")));
        // 59y6m: 145 - 6 x 6/12 = 142.
        assert_eq!(divisor(&rows(), 714, DivisorLookup::Interpolated), Some(d("142")));
        // Past the last row: the row of the completed years; before the first: none.
        assert_eq!(
            divisor(&rows(), 70 * 12 + 5, DivisorLookup::Interpolated),
            Some(d("56"))
        );
        assert_eq!(divisor(&rows(), 58 * 12, DivisorLookup::WholeYears), None);
    }
}
