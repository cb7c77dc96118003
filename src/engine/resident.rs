//! Resident schemes beside the employee schemes, so that a worker sees the trade-off: resident medical
//! insurance (a yearly individual contribution, with a government subsidy) and the resident pension
//! (yearly tiers with a government subsidy into the account; at 60, a basic pension paid by government
//! plus the account divided by the divisor for 60).
//!
//! Amounts are the region's where its rules data have them, else the national minimums, each cited
//! and graded (`rules/national/resident.toml`).

use crate::engine::retirement::{whole, Lookup};
use crate::foundation::error::{ApiError, Message};
use crate::foundation::money::{self, Dec, Fen};
use crate::foundation::month::YearMonth;
pub use crate::model::results::{ResidentInfo, ResidentMedical, ResidentPension, ResidentTier};
use crate::model::trace::{Pairs, TraceStep, Tracer};
use crate::rules::{cite, key};
use rust_decimal::Decimal;

pub fn assess(
    lk: &mut Lookup<'_, '_>,
    birth: YearMonth,
    as_of: YearMonth,
    tracer: &mut Tracer,
) -> Result<ResidentInfo, ApiError> {
    let twelve = Decimal::from(12);
    let ind_p = lk.require(key::RESIDENT_MEDICAL_INDIVIDUAL_YEARLY, as_of)?;
    let sub_p = lk.require(key::RESIDENT_MEDICAL_SUBSIDY_YEARLY, as_of)?;
    let individual = ind_p.value;
    let medical = ResidentMedical {
        yearly_individual: Fen(individual),
        yearly_subsidy: Fen(sub_p.value),
        monthly_equivalent: Fen(money::div(individual, twelve, "resident medical")?),
        scope: ind_p.scope.label().to_string(),
        grade: ind_p.entry.grade.max(sub_p.entry.grade),
    };

    let age_p = lk.require(key::RESIDENT_PENSION_AGE, as_of)?;
    let age = whole(&age_p, age_p.value)?;
    let start = birth
        .plus(age * 12)
        .ok_or_else(|| ApiError::overflow("resident pension start"))?;
    let min_p = lk.require(key::RESIDENT_PENSION_MIN_YEARS, as_of)?;
    let min_years = min_p.value;
    let years = ((as_of.months_until(start) - 1).max(0)) / 12;
    let basic_p = lk.require(key::RESIDENT_BASIC_PENSION, as_of)?;
    let basic = basic_p.value;
    let table_p = lk.require(key::PENSION_MONTHS_DIVISOR, as_of)?;
    let rows = table_p.value;
    let div = crate::engine::projection::divisor(rows, age * 12, crate::engine::retirement::DivisorLookup::WholeYears)
        .ok_or_else(|| table_p.wrong_kind())?;
    let tiers_p = lk.require(key::RESIDENT_PENSION_TIERS, as_of)?;
    let tier_rows = tiers_p.value;
    let mut tiers_sorted: Vec<(Decimal, Decimal)> = tier_rows
        .iter()
        .filter_map(|(k, v)| Decimal::from_str_exact(k).ok().map(|k| (k, *v)))
        .collect();
    crate::foundation::sort::sort(&mut tiers_sorted);
    let mut tiers = Vec::with_capacity(tiers_sorted.len());
    for (yearly, subsidy) in tiers_sorted {
        let balance = money::mul(
            money::add(yearly, subsidy, "resident pension")?,
            Decimal::from(years),
            "resident pension",
        )?;
        let account = if div.is_zero() {
            Decimal::ZERO
        } else {
            money::div(balance, div, "resident pension")?
                .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        };
        tiers.push(ResidentTier {
            yearly: Fen(yearly),
            subsidy: Fen(subsidy),
            account_balance: Fen(balance),
            account_pension: Fen(account),
            monthly_pension: Fen(money::add(basic, account, "resident pension")?),
        });
    }
    let meets = Decimal::from(years) >= min_years;
    tracer.step(|| TraceStep {
        month: Some(as_of),
        step: "resident.schemes",
        rule: Message::new(
            "城乡居民医保按年缴费；城乡居民养老保险按年选择档次缴费，政府补贴记入个人账户，年满60周岁领取基础养老金 + 个人账户储存额 ÷ 139",
            "Resident medical is paid by the year; the resident pension by yearly tier with a government subsidy into the account, and from 60 pays the basic pension + account / 139",
        ),
        citations: vec![cite(&ind_p), cite(&sub_p), cite(&age_p), cite(&min_p), cite(&basic_p), cite(&tiers_p), cite(&table_p)],
        inputs: Pairs(vec![("birth", birth.to_string()), ("as_of", as_of.to_string())]),
        result: Pairs(vec![("contribution_years", years.to_string()), ("basic_pension", basic.to_string())]),
    });
    Ok(ResidentInfo {
        medical,
        pension: ResidentPension {
            start,
            age,
            contribution_years: years,
            min_years: Dec(min_years.normalize()),
            meets_minimum: meets,
            basic_pension: Fen(basic),
            months_divisor: Dec(div.normalize()),
            scope: basic_p.scope.label().to_string(),
            tiers,
            assumptions: vec![
                "Amounts in today's money: the basic pension and tiers stay at today's level and the account earns no interest".into(),
                "Contributions every year from the month after the ledger until the pension age; past resident contributions are not counted".into(),
            ],
        },
    })
}
