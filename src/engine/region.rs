//! The place a request names: resolving it (or listing the candidates of an ambiguous name) and
//! describing it in the result.

use crate::engine::context::Audience;
use crate::foundation::error::{ApiError, ErrorCode, Message};
use crate::model::response::{NamedPlace, PlaceName, RegionInfo};
use crate::rules::{Place, Resolution, RuleSet};

pub fn resolve(rules: &RuleSet, region: &str) -> Result<Place, ApiError> {
    let candidates = match rules.lookup(region) {
        Resolution::Found(place) => return Ok(place),
        Resolution::Ambiguous(candidates) => candidates,
        Resolution::Unknown => {
            let region = crate::foundation::error::excerpt(region);
            return Err(ApiError::new(
                ErrorCode::UnknownRegion,
                Some("region".into()),
                Message::new(
                    format!("未知地区“{region}”：请使用行政区划代码（如 320100）、拼音或中文名称"),
                    format!("unknown region \"{region}\": use a GB/T 2260 code (e.g. 320100), pinyin or Chinese name"),
                ),
            ));
        }
    };
    // Each candidate as "朝阳区（北京市，110105）".
    let describe = |zh: bool| {
        candidates
            .iter()
            .map(|&i| {
                let d = &rules.divisions[i];
                let province = rules.division(&d.province_code()).map(|p| &rules.divisions[p]);
                let (name, prov) = match zh {
                    true => (d.zh.as_str(), province.map_or("", |p| p.zh.as_str())),
                    false => (d.en.as_str(), province.map_or("", |p| p.en.as_str())),
                };
                match (zh, d.level == crate::rules::gazetteer::Level::Province) {
                    (true, true) => [name, "（", d.code, "）"].concat(),
                    (true, false) => [name, "（", prov, "，", d.code, "）"].concat(),
                    (false, true) => [name, " (", d.code, ")"].concat(),
                    (false, false) => [name, " (", prov, ", ", d.code, ")"].concat(),
                }
            })
            .collect::<Vec<_>>()
    };
    let region = crate::foundation::error::excerpt(region);
    Err(ApiError::new(
        ErrorCode::AmbiguousRegion,
        Some("region".into()),
        Message::new(
            format!(
                "“{region}”可指多个地方，请选择其一（或填写代码）：{}",
                describe(true).join("、")
            ),
            format!(
                "\"{region}\" names several places: choose one (or give its code): {}",
                describe(false).join("; ")
            ),
        ),
    ))
}

/// The result's account of the place: the code asked for, the province and city whose rules apply,
/// and (for a reader) the division the worker chose, at its own level. The batch keeps the codes only.
pub fn region_info(rules: &RuleSet, place: &Place, audience: Audience) -> RegionInfo {
    let for_reader = audience == Audience::Reader;
    let region = rules.region(place);
    let city = rules.city(place);
    let name = |n: &String| if for_reader { n.clone() } else { String::new() };
    RegionInfo {
        code: place.requested.clone(),
        zh: name(city.map_or(&region.zh, |c| &c.zh)),
        en: name(city.map_or(&region.en, |c| &c.en)),
        province: PlaceName {
            code: region.code.clone(),
            zh: name(&region.zh),
            en: name(&region.en),
        },
        city: city.map(|c| PlaceName {
            code: c.code.clone(),
            zh: name(&c.zh),
            en: name(&c.en),
        }),
        place: (if for_reader {
            rules.division(&place.requested)
        } else {
            None
        })
        .map(|i| {
            let d = &rules.divisions[i];
            NamedPlace {
                code: d.code.to_string(),
                zh: d.zh.to_string(),
                en: d.en.to_string(),
                level: d.level.name(),
            }
        }),
    }
}
