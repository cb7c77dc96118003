//! Employee or resident schemes side by side (issue 17 item 4): the employee schemes at the floor
//! after subsidies beside the resident pension's lowest tier and resident medical, for this worker,
//! with the national inpatient fund shares (rules data, grade C). A decision block: in the CLI and the
//! tools wasm module (feature `decisions`), not the core module.

use crate::engine::resident::ResidentInfo;
use crate::engine::retirement::Lookup;
use crate::foundation::error::{ApiError, Message};
use crate::foundation::money::{self, Dec, Fen};
use crate::foundation::month::YearMonth;
use crate::model::request::Request;
use crate::model::results::{SchemeOutcome, Schemes};
use crate::rules::{key, RuleSet};
use rust_decimal::Decimal;

/// The two outcomes from the floor option and the resident block, and the national inpatient shares.
pub fn schemes(
    rules: &RuleSet,
    req: &Request,
    (as_of, retire): (YearMonth, YearMonth),
    (floor_net, floor_pension): (Fen, Fen),
    resident: &ResidentInfo,
) -> Result<Schemes, ApiError> {
    let place = crate::engine::region::resolve(rules, &req.region)?;
    let mut notes = crate::engine::context::Notes::ignored();
    let mut lk = Lookup {
        rules,
        place: &place,
        notes: &mut notes,
        path: "options",
    };
    // A level the rules data lack for the month is left out, never a reason to fail.
    let employee_share = lk
        .param(key::MEDICAL_INPATIENT_FUND_SHARE, as_of)
        .ok()
        .flatten()
        .map(|f| f.value);
    let resident_share = lk
        .param(key::RESIDENT_INPATIENT_FUND_SHARE, as_of)
        .ok()
        .flatten()
        .map(|f| f.value);
    let twelve = Decimal::from(12);
    let employee_yearly = money::mul(floor_net.0, twelve, "yearly cost")?;
    let lowest = resident
        .pension
        .tiers
        .first()
        .ok_or_else(|| ApiError::overflow("resident tiers"))?;
    let resident_yearly = money::add(lowest.yearly.0, resident.medical.yearly_individual.0, "yearly cost")?;
    let share_words = |s: Option<Decimal>| match s {
        Some(s) => {
            let p = (s * Decimal::ONE_HUNDRED).normalize();
            (
                format!("；住院费用医保基金约报销 {p}%（全国水平，估算）"),
                format!("; the fund pays about {p} % of inpatient costs (national level, an estimate)"),
            )
        }
        None => (String::new(), String::new()),
    };
    let (ezh, een) = share_words(employee_share);
    let (rzh, ren) = share_words(resident_share);
    let employee = SchemeOutcome {
        yearly_cost: Fen(employee_yearly),
        monthly_pension: floor_pension,
        pension_from: retire,
        inpatient_fund_share: employee_share.map(Dec),
        message: Message::new(
            format!(
                "职工养老和医保（按最低基数）：每年约 {} 元，{}起每月约 {} 元养老金{ezh}",
                Fen(employee_yearly).words(),
                retire.words_zh(),
                floor_pension.words()
            ),
            format!(
                "Employee pension and medical at the lowest base: about {} yuan a year, a pension of about {} yuan a month from {}{een}",
                Fen(employee_yearly).words(),
                floor_pension.words(),
                retire.words_en()
            ),
        ),
    };
    let resident_outcome = SchemeOutcome {
        yearly_cost: Fen(resident_yearly),
        monthly_pension: lowest.monthly_pension,
        pension_from: resident.pension.start,
        inpatient_fund_share: resident_share.map(Dec),
        message: Message::new(
            format!(
                "城乡居民养老（最低档）和居民医保：每年约 {} 元，{}起每月约 {} 元养老金{rzh}",
                Fen(resident_yearly).words(),
                resident.pension.start.words_zh(),
                lowest.monthly_pension.words()
            ),
            format!(
                "Resident pension at the lowest tier and resident medical: about {} yuan a year, a pension of about {} yuan a month from {}{ren}",
                Fen(resident_yearly).words(),
                lowest.monthly_pension.words(),
                resident.pension.start.words_en()
            ),
        ),
    };
    Ok(Schemes {
        employee,
        resident: resident_outcome,
    })
}
