//! The contribution record at retirement: the record so far, as the request states it or as the
//! ledger shows it, and the months still to pay at today's base until the month before retirement.

use super::{assumption, round_index, whole_months, LedgerSummary};
use crate::engine::retirement::Person;
use crate::foundation::error::ApiError;
use crate::foundation::money::{self, Fen};
use crate::foundation::month::YearMonth;
use crate::model::person::Stated;
use crate::model::results::Assumption;
use rust_decimal::Decimal;

/// The record today: what the request states, the ledger standing in for what it does not.
pub(super) struct SoFar {
    /// Contribution months, half months kept (a form's years as months).
    pub months: Decimal,
    /// The same in whole months (half a month or more counts as one).
    pub whole_months: i64,
    /// The years as a form states them, when the request gives years.
    pub stated_years: Option<Decimal>,
    pub average_index: Decimal,
    pub balance: Decimal,
}

/// The record at retirement: the record so far and the months still to pay.
pub(super) struct AtRetirement {
    pub so_far: SoFar,
    /// Months still to pay, each at today's base.
    pub future: i64,
    /// Contribution months at retirement, whole and with half months kept.
    pub months: i64,
    pub months_exact: Decimal,
    pub average_index: Decimal,
    /// Whether the average index is the request's, kept at the precision given (a convention to list).
    pub index_as_given: bool,
}

/// The record so far, with an assumption when the ledger stands in for any part of it.
pub(super) fn so_far(
    person: &Person,
    ledger: &LedgerSummary,
    assumptions: &mut Vec<Assumption>,
) -> Result<SoFar, ApiError> {
    // The record so far: months (half months kept), or years as stated on a form.
    let stated = person.stated_record();
    let months = stated.map_or(Decimal::from(ledger.months), |s| s.months());
    let stated_years = match stated {
        Some(Stated::Years(y)) => Some(y),
        _ => None,
    };
    let whole = whole_months(months);
    let average_index = match person.average_index {
        Some(d) => d.0,
        None if ledger.months > 0 => round_index(money::div(ledger.index_sum, Decimal::from(ledger.months), "index")?),
        None => Decimal::ZERO,
    };
    let balance = person.account_balance.map_or(ledger.account_credits, |d| d.0);
    if stated.is_none() || person.average_index.is_none() || person.account_balance.is_none() {
        assumption(
            assumptions,
            "record_from_ledger",
            format!("{whole} months, index {average_index}, balance {}", Fen(balance)),
            "未填写的缴费记录（缴费月数、平均缴费指数、个人账户余额）按本次台账计算",
            "The parts of the record the request does not give (contribution months, average index, account balance) are taken from this ledger alone",
        );
    }
    Ok(SoFar {
        months,
        whole_months: whole,
        stated_years,
        average_index,
        balance,
    })
}

/// The record at `retire`: the record so far and, when `continuing`, the months from the one after the
/// ledger to the one before retirement at today's base; with the assumption that says so.
pub(super) fn at_retirement(
    person: &Person,
    ledger: &LedgerSummary,
    retire: YearMonth,
    continuing: bool,
    assumptions: &mut Vec<Assumption>,
) -> Result<AtRetirement, ApiError> {
    let so_far = so_far(person, ledger, assumptions)?;
    let as_of = ledger.as_of;
    let gap = i64::from(person.gap_months.unwrap_or(0));
    let future = if continuing {
        super::months_to_pay(as_of, retire, gap)
    } else {
        0
    };
    let future_index = if ledger.average_wage.is_zero() {
        Decimal::ZERO
    } else {
        round_index(money::div(ledger.base, ledger.average_wage, "index")?)
    };
    let months = so_far.whole_months + future;
    let months_exact = money::add(so_far.months, Decimal::from(future), "months")?;
    let weighted = money::add(
        money::mul(so_far.average_index, Decimal::from(so_far.whole_months), "index")?,
        money::mul(future_index, Decimal::from(future), "index")?,
        "index",
    )?;
    // An index the request gives is used at the precision given when no month is added to it (forms
    // print indexes with up to 8 decimals); an average computed here is rounded to four.
    let index_as_given = future == 0 && person.average_index.is_some_and(|d| d.0.scale() > 4);
    let average_index = if future == 0 && person.average_index.is_some() {
        so_far.average_index
    } else if months > 0 {
        round_index(money::div(weighted, Decimal::from(months), "index")?)
    } else {
        Decimal::ZERO
    };
    note_continuing(ledger, (continuing, gap), future, future_index, assumptions);
    Ok(AtRetirement {
        so_far,
        future,
        months,
        months_exact,
        average_index,
        index_as_given,
    })
}

/// The assumption about the months still to pay.
fn note_continuing(
    ledger: &LedgerSummary,
    (continuing, gap): (bool, i64),
    future: i64,
    future_index: Decimal,
    assumptions: &mut Vec<Assumption>,
) {
    let as_of = ledger.as_of;
    let base = Fen(ledger.base);
    if continuing && gap > 0 {
        assumption(
            assumptions,
            "continue_contributing",
            format!("gap of {gap} months, then {future} months at base {base} (index {future_index})"),
            format!(
                "假定自{}起停缴 {gap} 个月，之后按当前缴费基数 {} 元（指数 {future_index}）继续缴费至退休前一个月，共 {future} 个月",
                as_of.plus(1).unwrap_or(as_of).words_zh(),
                base.words()
            ),
            format!(
                "A gap of {gap} months from {}, then contributions at today's base of {} yuan (index {future_index}) until the month before retirement: {future} months",
                as_of.plus(1).unwrap_or(as_of).words_en(),
                base.words()
            ),
        );
    } else if continuing {
        assumption(
            assumptions,
            "continue_contributing",
            format!("{future} months at base {base} (index {future_index})"),
            format!(
                "假定自{}起按当前缴费基数 {} 元（指数 {future_index}）继续缴费至退休前一个月，共 {future} 个月",
                as_of.plus(1).unwrap_or(as_of).words_zh(),
                base.words()
            ),
            format!(
                "Contributions continue from {} at today's base of {} yuan (index {future_index}) until the month before retirement: {future} months",
                as_of.plus(1).unwrap_or(as_of).words_en(),
                base.words()
            ),
        );
    } else {
        assumption(
            assumptions,
            "continue_contributing",
            "none",
            "假定不再缴费",
            "No further contributions",
        );
    }
}
