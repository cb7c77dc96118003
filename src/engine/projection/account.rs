//! The personal account from the ledger's last month to retirement: each year's published interest
//! rate (the assumed one once the rules data carry the last forward), the credits of the months still
//! paid, grown by the wage growth, and interest credited at each year end and at retirement.

use super::{growth, LedgerSummary};
use crate::engine::retirement::{Lookup, Person};
use crate::foundation::error::{ApiError, ErrorCode, Message};
use crate::foundation::money;
use crate::foundation::month::YearMonth;
use crate::model::citation::Citation;
use crate::rules::{cite, key, Found, Param};
use rust_decimal::Decimal;

/// The account at retirement and what the months still to pay put into it.
pub(super) struct Account {
    pub balance: Decimal,
    /// What the months still to pay add to the account (before interest).
    pub credited: Decimal,
    /// What the worker pays for them.
    pub future_cost: Decimal,
    /// The last published rate and the month it runs to.
    pub last_published: Option<(YearMonth, Decimal)>,
}

/// Whether contributions go on after the ledger, and the yearly wage growth they grow by.
#[derive(Clone, Copy)]
pub(super) struct Continuing {
    pub contributing: bool,
    pub wage_growth: Decimal,
}

/// The interest rates of the years to retirement, looked up once a year: the published ones (cited,
/// and the last remembered for the assumption), then the request's assumed rate or the last published
/// one carried forward (noted once).
struct YearlyRates<'p> {
    person: &'p Person,
    /// The year whose rate was last looked up, and the rate.
    current: Option<(i32, Decimal)>,
    carried_noted: bool,
    last_published: Option<(YearMonth, Decimal)>,
}

impl YearlyRates<'_> {
    /// The rate of `m`'s year.
    fn rate(
        &mut self,
        lk: &mut Lookup<'_, '_>,
        m: YearMonth,
        citations: &mut Option<&mut Vec<Citation>>,
    ) -> Result<Decimal, ApiError> {
        if let Some((y, r)) = self.current {
            if y == m.year() {
                return Ok(r);
            }
        }
        let f = published_rate(lk, m)?;
        let value = f.get(key::PENSION_ACCOUNT_INTEREST)?.value;
        let r = if f.carried_forward() {
            match self.person.assumed_interest {
                Some(a) => a.0,
                None => {
                    if !self.carried_noted {
                        lk.note(&f, m);
                        self.carried_noted = true;
                    }
                    value
                }
            }
        } else {
            // The trace cites the first twenty years' entries: enough to find the table.
            if let Some(list) = citations.as_deref_mut().filter(|l| l.len() < 20) {
                list.push(cite(&f));
            }
            self.last_published = Some((f.entry.to.unwrap_or(m), value));
            value
        };
        if f.carried_forward() && self.last_published.is_none() {
            self.last_published = Some((f.entry.to.unwrap_or(f.entry.from), value));
        }
        self.current = Some((m.year(), r));
        Ok(r)
    }
}

/// The rules entry of the account interest rate for `m`: an error naming the months when the rules
/// data do not reach that far, or the assumed rate when they have no rate at all.
fn published_rate<'r>(lk: &mut Lookup<'r, '_>, m: YearMonth) -> Result<Found<'r>, ApiError> {
    let found = match lk.rules.find(lk.place, Param::PensionAccountInterest, m) {
        Err(e) if e.code == ErrorCode::RulesNotAvailable => {
            return Err(ApiError::new(
                ErrorCode::RulesNotAvailable,
                Some("months".into()),
                Message::new(
                    format!("规则数据中的个人账户记账利率不含 {}", m.year()),
                    format!("the rules data have no personal-account interest rate for {}", m.year()),
                ),
            ))
        }
        other => other?,
    };
    found.ok_or_else(|| {
        ApiError::new(
            ErrorCode::ParameterRequired,
            Some("person.assumed_interest".into()),
            Message::new(
                "规则数据缺少个人账户记账利率",
                "the rules data have no personal-account interest rate",
            ),
        )
    })
}

/// Runs the account month by month from the month after the ledger to the month before retirement:
/// a month's interest accrues simply on the balance and is credited at the year's end and at
/// retirement (a flexcalc convention, listed in the assumptions). `citations`: where the published
/// rates' entries go when the request asks for a trace.
pub(super) fn account(
    lk: &mut Lookup<'_, '_>,
    person: &Person,
    ledger: &LedgerSummary,
    balance_today: Decimal,
    retire: YearMonth,
    continuing: Continuing,
    mut citations: Option<&mut Vec<Citation>>,
) -> Result<Account, ApiError> {
    let as_of = ledger.as_of;
    let twelve = Decimal::from(12);
    let mut rates = YearlyRates {
        person,
        current: None,
        carried_noted: false,
        last_published: None,
    };
    let mut balance = balance_today;
    let mut interest = Decimal::ZERO;
    let mut m = as_of;
    let mut credited = Decimal::ZERO;
    let mut future_cost = Decimal::ZERO;
    // A planned gap (`person.gap_months`) comes first: those months earn interest but no credits.
    let gap = i64::from(person.gap_months.unwrap_or(0));
    for k in 0..as_of.months_until(retire).max(0) - 1 {
        m = m.plus(1).ok_or_else(|| ApiError::overflow("projection months"))?;
        let rate = rates.rate(lk, m, &mut citations)?;
        let monthly = money::div(rate, twelve, "account interest")?;
        interest = money::add(
            interest,
            money::mul(balance, monthly, "account interest")?,
            "account interest",
        )?;
        if continuing.contributing && k >= gap {
            let factor = growth(continuing.wage_growth, i64::from(m.year() - as_of.year()))?;
            let credit = money::mul(ledger.monthly_credit, factor, "account")?;
            balance = money::add(balance, credit, "account")?;
            credited = money::add(credited, credit, "account")?;
            future_cost = money::add(
                future_cost,
                money::mul(ledger.monthly_cost, factor, "contributions")?,
                "contributions",
            )?;
        }
        if m.month() == 12 {
            balance = money::add(balance, interest, "account")?;
            interest = Decimal::ZERO;
        }
    }
    balance = money::add(balance, interest, "account")?;
    Ok(Account {
        balance,
        credited,
        future_cost,
        last_published: rates.last_published,
    })
}
