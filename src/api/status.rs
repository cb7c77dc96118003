//! `flexcalc rules status`: how fresh the rules data are, place by place. For each province, and each
//! city with figures of its own, the last published period of the series a result rests on, whether a
//! month is computed with a value carried forward past its period or with an estimate, and the grades of
//! the values in force; with totals over every prefecture of the gazetteer (how many have a medical rule
//! of their own, cited, and how many an estimate). The yearly update checklist in `docs/rules.md` starts
//! from it.

use crate::foundation::error::ApiError;
use crate::foundation::month::YearMonth;
use crate::model::citation::Grade;
use crate::rules::gazetteer::Level;
use crate::rules::{Found, Param, Place, RuleSet, Value};
use serde::Serialize;

/// The series whose freshness a worker's answer depends on.
const SERIES: &[Param] = &[
    Param::PensionBaseFloor,
    Param::PensionBaseCeiling,
    Param::AverageWage,
    Param::PensionBenefitBase,
    Param::MedicalFlexible,
];

#[derive(Serialize)]
pub struct RulesStatus {
    pub schema: &'static str,
    pub rules_version: String,
    pub as_of: YearMonth,
    pub totals: StatusTotals,
    pub places: Vec<PlaceStatus>,
}

#[derive(Serialize, Default)]
pub struct StatusTotals {
    /// Prefecture-level administrations: the gazetteer's prefecture-level divisions and the four
    /// municipalities (whose districts have no prefecture between them and the city).
    pub prefectures: usize,
    /// Of these, with a medical rule of their own or their province's, graded A or B.
    pub medical_cited: usize,
    /// With a rule graded C that is not an estimate.
    pub medical_single_source: usize,
    /// With an estimate (their province's or the national fallback).
    pub medical_estimate: usize,
    /// Provinces whose pension base floor for the month is carried forward past its published period.
    pub provinces_floor_carried_forward: Vec<String>,
    pub grades: GradeCounts,
}

#[derive(Serialize, Default, Clone, Copy)]
pub struct GradeCounts {
    #[serde(rename = "A")]
    pub a: usize,
    #[serde(rename = "B")]
    pub b: usize,
    #[serde(rename = "C")]
    pub c: usize,
}

impl GradeCounts {
    fn add(&mut self, g: Grade) {
        match g {
            Grade::A => self.a += 1,
            Grade::B => self.b += 1,
            Grade::C => self.c += 1,
        }
    }
}

#[derive(Serialize)]
pub struct PlaceStatus {
    pub code: String,
    pub zh: String,
    pub en: String,
    pub series: Vec<SeriesStatus>,
    /// Grades of every parameter in force for the place in the month.
    pub grades: GradeCounts,
}

#[derive(Serialize)]
pub struct SeriesStatus {
    pub name: &'static str,
    /// `published` (the month lies in a published period), `standing` (a rule in force until changed),
    /// `carried_forward` (after the last published period), `estimate`, `missing` (no value: the
    /// month is refused) or `not_yet` (the series begins later).
    pub state: &'static str,
    /// The scope the value comes from: a city's code, a province's, or `national`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The last month of the last published period of the series at that scope.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_published: Option<YearMonth>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grade: Option<Grade>,
}

fn series_status(rules: &RuleSet, place: &Place, param: Param, as_of: YearMonth) -> SeriesStatus {
    let name = param.name();
    let state = |state| SeriesStatus {
        name,
        state,
        scope: None,
        last_published: None,
        grade: None,
    };
    let found: Found<'_> = match rules.find(place, param, as_of) {
        Ok(Some(f)) => f,
        Ok(None) => return state("missing"),
        Err(_) => return state("not_yet"),
    };
    let last_published = rules
        .series_for(place, param)
        .filter(|(scope, _)| *scope == found.scope)
        .and_then(|(_, entries)| entries.iter().filter_map(|e| e.to).max());
    let estimate = matches!(&found.entry.value, Value::Medical(_, Some(_)));
    SeriesStatus {
        name,
        state: match (estimate, found.carried_forward(), found.entry.to) {
            (true, _, _) => "estimate",
            (false, true, _) => "carried_forward",
            (false, false, None) => "standing",
            (false, false, Some(_)) => "published",
        },
        scope: Some(found.scope.label().to_string()),
        last_published,
        grade: Some(found.entry.grade),
    }
}

fn place_status(rules: &RuleSet, place: &Place, code: &str, zh: &str, en: &str, as_of: YearMonth) -> PlaceStatus {
    let mut grades = GradeCounts::default();
    for f in rules.in_force(place, as_of).unwrap_or_default() {
        grades.add(f.entry.grade);
    }
    PlaceStatus {
        code: code.to_string(),
        zh: zh.to_string(),
        en: en.to_string(),
        series: SERIES.iter().map(|&n| series_status(rules, place, n, as_of)).collect(),
        grades,
    }
}

/// The status of the rules data for `as_of`: every province, and every city with a series of its own.
pub fn rules_status(rules: &RuleSet, as_of: YearMonth) -> Result<RulesStatus, ApiError> {
    let mut places = Vec::new();
    let mut totals = StatusTotals::default();
    for (p, region) in rules.regions.iter().enumerate() {
        let province = Place {
            province: p,
            city: None,
            requested: region.code.clone(),
        };
        let status = place_status(rules, &province, &region.code, &region.zh, &region.en, as_of);
        if status.series[0].state == "carried_forward" {
            totals.provinces_floor_carried_forward.push(region.code.clone());
        }
        add_grades(&mut totals.grades, status.grades);
        places.push(status);
        let municipality = !rules
            .divisions
            .iter()
            .any(|d| d.level == Level::Prefecture && d.code[..2] == region.code[..2]);
        if municipality {
            count_medical(
                &mut totals,
                &series_status(rules, &province, Param::MedicalFlexible, as_of),
            );
        }
        for (c, city) in region.cities.iter().enumerate() {
            let place = Place {
                province: p,
                city: Some(c),
                requested: city.code.clone(),
            };
            if rules.division(&city.code).is_some() {
                count_medical(
                    &mut totals,
                    &series_status(rules, &place, Param::MedicalFlexible, as_of),
                );
            }
            let own = SERIES.iter().any(|&n| {
                rules
                    .series_for(&place, n)
                    .is_some_and(|(scope, _)| scope.label() == city.code)
            });
            if own {
                let status = place_status(rules, &place, &city.code, &city.zh, &city.en, as_of);
                add_grades(&mut totals.grades, status.grades);
                places.push(status);
            }
        }
    }
    Ok(RulesStatus {
        schema: "flexcalc/v1/rules-status",
        rules_version: rules.version.clone(),
        as_of,
        totals,
        places,
    })
}

fn count_medical(totals: &mut StatusTotals, medical: &SeriesStatus) {
    totals.prefectures += 1;
    match (medical.state, medical.grade) {
        ("estimate", _) => totals.medical_estimate += 1,
        (_, Some(Grade::A | Grade::B)) => totals.medical_cited += 1,
        (_, Some(Grade::C)) => totals.medical_single_source += 1,
        _ => {}
    }
}

fn add_grades(total: &mut GradeCounts, more: GradeCounts) {
    total.a += more.a;
    total.b += more.b;
    total.c += more.c;
}
