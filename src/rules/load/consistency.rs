//! The loader's last check, across parameters rather than within one entry: that the figures the
//! files give together agree, for every place and month.

use super::RulesError;
use crate::foundation::month::YearMonth;
use crate::rules::{Param, RuleSet};

/// Checks that hold across parameters: floor ≤ ceiling, and the pension split adds up to the rate,
/// for every place, at every month where any of the values involved changes.
pub(super) fn check_consistency(rules: &RuleSet) -> Result<(), RulesError> {
    let pairs: &[(Param, Param)] = &[(Param::PensionBaseFloor, Param::PensionBaseCeiling)];
    let mut places = Vec::new();
    for (pi, r) in rules.regions.iter().enumerate() {
        places.push(crate::rules::Place {
            province: pi,
            city: None,
            requested: r.code.clone(),
        });
        for (ci, c) in r.cities.iter().enumerate() {
            places.push(crate::rules::Place {
                province: pi,
                city: Some(ci),
                requested: c.code.clone(),
            });
        }
    }
    let months_of = |place: &crate::rules::Place, names: &[Param]| -> Vec<YearMonth> {
        let mut ms: Vec<YearMonth> = names
            .iter()
            .filter_map(|&n| rules.series_for(place, n))
            .flat_map(|(_, es)| es.iter().map(|e| e.from))
            .collect();
        crate::foundation::sort::sort(&mut ms);
        ms.dedup();
        ms
    };
    for place in &places {
        for &(lo, hi) in pairs {
            for m in months_of(place, &[lo, hi]) {
                let (Ok(Some(f)), Ok(Some(c))) = (rules.find(place, lo, m), rules.find(place, hi, m)) else {
                    continue;
                };
                if let (Ok(fv), Ok(cv)) = (f.decimal(), c.decimal()) {
                    if fv > cv {
                        return Err(RulesError {
                            file: f.entry.file.to_string(),
                            line: f.entry.line,
                            entry: Some(["param ", lo.name()].concat()),
                            message: why!(
                                "{} {fv} is above {} {cv} ({}:{}) in {m} for {}",
                                lo.name(),
                                hi.name(),
                                c.entry.file,
                                c.entry.line,
                                place.requested
                            ),
                        });
                    }
                }
            }
        }
        let split = [
            Param::PensionRate,
            Param::PensionPooledRate,
            Param::PensionPersonalAccountRate,
        ];
        for m in months_of(place, &split) {
            let found: Vec<_> = split
                .iter()
                .filter_map(|&n| rules.find(place, n, m).ok().flatten())
                .collect();
            if let [rate, pooled, personal] = found.as_slice() {
                if let (Ok(r), Ok(p), Ok(a)) = (rate.decimal(), pooled.decimal(), personal.decimal()) {
                    if p.checked_add(a) != Some(r) {
                        return Err(RulesError {
                            file: pooled.entry.file.to_string(),
                            line: pooled.entry.line,
                            entry: Some("param pension.pooled_rate".into()),
                            message: why!("pooled {p} + personal account {a} must equal the pension rate {r} in {m}"),
                        });
                    }
                }
            }
        }
    }
    Ok(())
}
