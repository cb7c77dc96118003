//! Where to insure (issue 17 item 5): the same worker insured in two to four places side by side —
//! the cost now, the pension later, where the pension would be drawn under 国办发〔2009〕66号 第六条
//! (rules data: `transfer.*`), the temporary account for men from 50 and women from 40 who start
//! paying outside their hukou province (第五条), and why an agency enrolment in a place one does not
//! work in is no way round it.

use crate::engine::options::person_or_assumed;
use crate::engine::retirement::Lookup;
use crate::foundation::error::{ApiError, Message};
use crate::foundation::money::{self, Dec, Fen};
use crate::foundation::month::YearMonth;
use crate::model::citation::Citation;
use crate::model::person::{Person, Track};
use crate::model::request::Request;
use crate::model::response::{RegionInfo, Response, Warning};
use crate::rules::{cite, key, RuleSet};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::Serialize;

pub const WHERE_SCHEMA: &str = "flexcalc/v1/where";

/// Places compared at most: two is the usual question (hukou place or work place).
pub const MAX_PLACES: usize = 4;

/// The response of the `where` verb.
#[derive(Clone, Debug, Serialize)]
pub struct WhereResponse {
    pub schema: &'static str,
    pub engine_version: &'static str,
    pub rules_version: String,
    pub places: Vec<PlaceOutcome>,
    /// Paying through an agency where one does not work (挂靠) is not allowed, with the clauses.
    pub agency: Notice,
    /// What was assumed for want of an input (a birth month), in words.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub assumptions: Vec<Message>,
    pub warnings: Vec<Warning>,
}

/// A statement with its sources.
#[derive(Clone, Debug, Serialize)]
pub struct Notice {
    pub message: Message,
    pub citations: Vec<Citation>,
}

/// One place: insuring there from the ledger's months until retirement.
#[derive(Clone, Debug, Serialize)]
pub struct PlaceOutcome {
    pub region: RegionInfo,
    pub hukou: bool,
    /// What the worker pays a month there (the ledger's last month), pension and medical.
    pub monthly_cost: Fen,
    /// The same after every subsidy that applies.
    pub net_monthly_cost: Fen,
    pub monthly_pension: Fen,
    pub retirement_date: YearMonth,
    /// Years paid in this place's province by the retirement month: those already paid there and those
    /// from the ledger's first month on.
    pub years_here_at_retirement: Dec,
    /// Where the pension would be drawn if the worker insures here until retirement.
    pub drawn_at: DrawnAt,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub temporary_account: Option<Notice>,
}

/// The place the pension is drawn in and the clause of 第六条 that decides it.
#[derive(Clone, Debug, Serialize)]
pub struct DrawnAt {
    /// The province's code, absent when it is the hukou province and no place given is in it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    /// `hukou` (clause 1 or 4), `here` (clause 2), `earlier_place` (clause 3).
    pub by: &'static str,
    pub message: Message,
    pub citations: Vec<Citation>,
}

struct Assessed {
    resp: Response,
    province: String,
    years_paid: Decimal,
    years_here: Decimal,
}

/// Compares the request's `places`.
pub fn where_to_insure(rules: &RuleSet, req: &Request) -> Result<WhereResponse, ApiError> {
    validate(req)?;
    req.validate()?;
    let (assumed, mut assumptions) = person_or_assumed(req)?;
    // The years paid in the places count in the record wherever the pension is drawn (a transfer
    // carries them): without a stated record, the ledger's months plus the places' years.
    let paid_before: Decimal = req.places.iter().filter_map(|p| p.years_paid).map(|y| y.0).sum();
    let with_record = |mut p: Person| {
        if p.stated_record().is_none() && !paid_before.is_zero() {
            let months = (paid_before * Decimal::from(12)).round().to_u32().unwrap_or(u32::MAX);
            p.contribution_months = Some(months.saturating_add(u32::try_from(req.months.len()).unwrap_or(u32::MAX)));
        }
        p
    };
    let mut assessed = Vec::with_capacity(req.places.len());
    for i in 0..req.places.len() {
        let person = assumed.clone().or_else(|| req.person.clone()).map(with_record);
        assessed.push(assess_place(rules, req, i, person)?);
    }
    let first = &assessed[0].resp;
    if assumed.is_some() {
        if let Some(r) = &first.retirement {
            assumptions.push(crate::engine::options::assumed_in_words(r));
        }
    }
    let as_of = req
        .months
        .iter()
        .map(|m| m.month)
        .max()
        .ok_or_else(|| ApiError::overflow("where"))?;
    let place0 = crate::engine::region::resolve(rules, &req.places[0].region)?;
    let mut notes = crate::engine::context::Notes::ignored();
    let mut lk = Lookup {
        rules,
        place: &place0,
        notes: &mut notes,
        path: "places",
    };
    let threshold = lk.require(key::TRANSFER_DRAW_YEARS_THRESHOLD, as_of)?;
    let agency_rules = lk.require(key::TRANSFER_AGENCY_ENROLMENT_RULES, as_of)?;
    let draw_cite = cite(&threshold);
    let hukou_province = req
        .places
        .iter()
        .zip(&assessed)
        .find(|(p, _)| p.hukou)
        .map(|(_, a)| a.province.clone());
    let temporary = temporary_account_age(&mut lk, req, as_of)?;
    let places = assessed
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let drawn_at = drawn_at(i, &assessed, hukou_province.as_deref(), threshold.value, &draw_cite);
            outcome(
                a,
                req.places[i].hukou,
                drawn_at,
                temporary_account(a, &temporary, hukou_province.as_deref()),
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut warnings: Vec<Warning> = Vec::new();
    for a in &assessed {
        crate::engine::options::merge_warnings(&mut warnings, &a.resp.warnings);
    }
    let clauses = agency_rules.value.join("；");
    Ok(WhereResponse {
        schema: WHERE_SCHEMA,
        engine_version: crate::model::ENGINE_VERSION,
        rules_version: rules.version.clone(),
        places,
        agency: Notice {
            message: Message::new(
                format!("只在实际工作或户籍所在的地方参保：通过中介在不工作的地方“挂靠”参保是违规的，可能被追回待遇并罚款（{clauses}）"),
                "Insure only where you work or where your hukou is: paying through an agency in a place where you do not work (挂靠) breaks the rules, and benefits obtained that way can be reclaimed with a fine (Social Insurance Law arts. 60 and 88; MOHRSS order no. 49)",
            ),
            citations: vec![cite(&agency_rules)],
        },
        assumptions,
        warnings,
    })
}

/// The temporary account's notice for a place outside the hukou province, when the person is at or
/// above its age.
fn temporary_account(a: &Assessed, temporary: &Option<(i64, Citation)>, hukou: Option<&str>) -> Option<Notice> {
    match (temporary, hukou) {
        (Some((age, citation)), Some(h)) if h != a.province => Some(Notice {
            message: Message::new(
                format!("您已 {age} 岁，在户籍省以外开始缴费：原参保地保留养老保险关系，这里只建立临时缴费账户，领取养老金时再归集"),
                format!("At {age}, starting to pay outside the hukou province: the pension relation stays at the old place and this place keeps only a temporary contribution account, gathered when the pension is drawn"),
            ),
            citations: vec![citation.clone()],
        }),
        _ => None,
    }
}

/// One place's outcome from its assessment.
fn outcome(
    a: &Assessed,
    hukou: bool,
    drawn_at: DrawnAt,
    temporary_account: Option<Notice>,
) -> Result<PlaceOutcome, ApiError> {
    let (last, proj) = crate::engine::options::last_and_projection(&a.resp, "where")?;
    Ok(PlaceOutcome {
        region: a.resp.region.clone(),
        hukou,
        monthly_cost: last.worker,
        net_monthly_cost: last.net_worker_cost,
        monthly_pension: proj.monthly_pension,
        retirement_date: proj.retirement_date,
        years_here_at_retirement: Dec(a.years_here.round_dp(2)),
        drawn_at,
        temporary_account,
    })
}

/// The worker insured at place `i` from the ledger's first month until retirement, with `person`.
fn assess_place(rules: &RuleSet, req: &Request, i: usize, person: Option<Person>) -> Result<Assessed, ApiError> {
    let place = &req.places[i];
    let mut r = req.clone();
    r.region = place.region.clone();
    r.places = Vec::new();
    r.trace = false;
    r.person = person;
    let resp =
        crate::engine::assess::assess(rules, &r).map_err(|e| e.renamed("region", &format!("places[{i}].region")))?;
    let as_of = r
        .months
        .iter()
        .map(|m| m.month)
        .max()
        .ok_or_else(|| ApiError::overflow("where months"))?;
    let retire = resp
        .retirement
        .as_ref()
        .map(|x| x.date)
        .ok_or_else(|| ApiError::overflow("where retirement"))?;
    let p = r.person.as_ref();
    let continuing = p.and_then(|p| p.continue_contributing).unwrap_or(true);
    let gap = i64::from(p.and_then(|p| p.gap_months).unwrap_or(0));
    // The ledger's months and those still to pay here, less a planned gap: the record's own rule.
    let ledger_months = i64::try_from(r.months.len()).unwrap_or(i64::MAX);
    let months_here = match continuing {
        true => ledger_months + crate::engine::projection::months_to_pay(as_of, retire, gap),
        false => ledger_months,
    };
    let years_paid = place.years_paid.map_or(Decimal::ZERO, |y| y.0);
    let years_here = money::add(
        years_paid,
        money::div(Decimal::from(months_here), Decimal::from(12), "years")?,
        "years",
    )?;
    let province = resp.region.province.code.clone();
    Ok(Assessed {
        resp,
        province,
        years_paid,
        years_here,
    })
}

/// 第六条 for insuring at place `i` until retirement.
fn drawn_at(i: usize, all: &[Assessed], hukou: Option<&str>, threshold: Decimal, citation: &Citation) -> DrawnAt {
    let here = &all[i];
    let name = |a: &Assessed| (a.resp.region.zh.clone(), a.resp.region.en.clone());
    let (zh, en) = name(here);
    let t = threshold.normalize();
    let result = |province: Option<String>, by, zh: String, en: String| DrawnAt {
        province,
        by,
        message: Message::new(zh, en),
        citations: vec![citation.clone()],
    };
    if hukou == Some(here.province.as_str()) {
        return result(
            Some(here.province.clone()),
            "hukou",
            format!("在{zh}领取：参保地就是户籍所在省"),
            format!("Drawn in {en}: it is the hukou province"),
        );
    }
    if here.years_here >= threshold {
        return result(
            Some(here.province.clone()),
            "here",
            format!("在{zh}领取：在这里累计缴费满 {t} 年"),
            format!("Drawn in {en}: {t} years or more paid there"),
        );
    }
    let earlier: Vec<&Assessed> = all
        .iter()
        .enumerate()
        .filter(|(j, a)| *j != i && a.province != here.province && a.years_paid >= threshold)
        .map(|(_, a)| a)
        .collect();
    if let [only] = earlier.as_slice() {
        let (ozh, oen) = name(only);
        return result(
            Some(only.province.clone()),
            "earlier_place",
            format!("在{ozh}领取：在这里缴费不满 {t} 年，转回上一个缴满 {t} 年的参保地"),
            format!("Drawn in {oen}: under {t} years paid here, so back to the earlier place with {t} years"),
        );
    }
    if earlier.len() > 1 {
        return result(
            None,
            "earlier_place",
            format!("在这里缴费不满 {t} 年：转回最近一个缴满 {t} 年的参保地领取"),
            format!("Under {t} years paid here: drawn in the latest earlier place with {t} years"),
        );
    }
    match hukou.and_then(|h| all.iter().find(|a| a.province == h)) {
        Some(h) => {
            let (hzh, hen) = name(h);
            result(
                Some(h.province.clone()),
                "hukou",
                format!("在{hzh}领取：每个参保地都缴费不满 {t} 年，归集到户籍所在省"),
                format!("Drawn in {hen}: under {t} years in every place, so gathered in the hukou province"),
            )
        }
        None => result(
            None,
            "hukou",
            format!("每个参保地都缴费不满 {t} 年：归集到户籍所在省领取"),
            format!("Under {t} years in every place: drawn in the hukou province"),
        ),
    }
}

/// The person's age and the citation when they are at or above the temporary-account age of their
/// track (第五条(二)); `None` below it or without a person.
fn temporary_account_age(
    lk: &mut Lookup<'_, '_>,
    req: &Request,
    as_of: YearMonth,
) -> Result<Option<(i64, Citation)>, ApiError> {
    let Some(person) = &req.person else { return Ok(None) };
    let age_key = match person.track {
        Track::Male60 => key::TRANSFER_TEMPORARY_ACCOUNT_AGE_MEN,
        Track::Female55 | Track::Female50 | Track::Female => key::TRANSFER_TEMPORARY_ACCOUNT_AGE_WOMEN,
    };
    let f = lk.require(age_key, as_of)?;
    let age = person.birth.months_until(as_of).div_euclid(12);
    Ok((Decimal::from(age) >= f.value).then(|| (age, cite(&f))))
}

fn validate(req: &Request) -> Result<(), ApiError> {
    let n = req.places.len();
    if !(2..=MAX_PLACES).contains(&n) {
        return Err(ApiError::invalid(
            "places",
            format!("请填写 2 到 {MAX_PLACES} 个地方"),
            format!("give 2 to {MAX_PLACES} places"),
        ));
    }
    if req.places.iter().filter(|p| p.hukou).count() > 1 {
        return Err(ApiError::invalid(
            "places",
            "户籍地只能有一个",
            "at most one place can be the hukou place",
        ));
    }
    for (i, p) in req.places.iter().enumerate() {
        if let Some(y) = p.years_paid {
            if y.0.is_sign_negative() || y.0 > Decimal::from(80) {
                return Err(ApiError::invalid(
                    format!("places[{i}].years_paid"),
                    "已缴费年限须在 0 到 80 年之间",
                    "years_paid must be within 0..80",
                ));
            }
        }
    }
    Ok(())
}
