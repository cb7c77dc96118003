//! Place-name resolution: a request's region, given as a code, a name, a short name or pinyin, found
//! in the names the rules files give and in the gazetteer of every division.

use super::{gazetteer, Place, Region, Resolution, RuleSet};
use std::collections::HashMap;

/// Aliases match regardless of case and spaces: `Nan Jing`, `nanjing` and `NANJING` are one name.
///
/// Case is folded with Unicode's lowercase mapping where custom rules can be loaded (feature
/// `custom-rules`: the CLI, the tools wasm module), since a custom file may name a place with any
/// letters. The core wasm module holds only the embedded rules, whose names are ASCII or Han (which has
/// no case; `embedded_names_fold_the_same_in_ascii` checks it), so it folds ASCII letters only and
/// does without the Unicode case tables (about 6 KB gzipped).
pub fn normalise_name(s: &str) -> String {
    fold_case(
        s.chars()
            .filter(|c| !c.is_whitespace() && *c != '-' && *c != '\'')
            .map(gazetteer::untoned),
    )
}

#[cfg(feature = "custom-rules")]
fn fold_case(chars: impl Iterator<Item = char>) -> String {
    chars.flat_map(char::to_lowercase).collect()
}

#[cfg(not(feature = "custom-rules"))]
fn fold_case(chars: impl Iterator<Item = char>) -> String {
    chars.map(|c| c.to_ascii_lowercase()).collect()
}

impl RuleSet {
    /// The gazetteer's names, built on the first lookup that needs them: a page that asks by code or
    /// by a name the rules files give (the usual first answer) never pays for the 10,000 keys.
    fn places(&self) -> &HashMap<String, Vec<usize>> {
        self.places.get_or_init(|| {
            let divisions = &self.divisions;
            let mut places: HashMap<String, Vec<usize>> = HashMap::new();
            let mut add = |key: String, i: usize| {
                if key.is_empty() {
                    return;
                }
                let list = places.entry(key).or_default();
                if !list.contains(&i) {
                    list.push(i);
                }
            };
            for (i, d) in divisions.iter().enumerate() {
                for key in [
                    d.code.to_string(),
                    normalise_name(&d.zh),
                    normalise_name(d.short),
                    normalise_name(d.pinyin),
                ] {
                    add(key, i);
                }
            }
            for area in gazetteer::special_areas() {
                let Some(i) = gazetteer::find(divisions, area.served_by) else {
                    continue;
                };
                for key in [
                    normalise_name(area.name),
                    normalise_name(area.short),
                    normalise_name(area.pinyin),
                ] {
                    add(key, i);
                }
            }
            places
        })
    }

    /// The divisions whose code, name, short name or pinyin (as the gazetteer's index holds them, special
    /// areas included) begins with `query`, for a search box: provinces first, then prefectures, then
    /// counties, each in code order; at most `limit`. The same index as [`RuleSet::lookup`], so what the
    /// box offers is what the engine resolves.
    pub fn suggest(&self, query: &str, limit: usize) -> Vec<usize> {
        let key = normalise_name(query);
        if key.is_empty() || limit == 0 {
            return Vec::new();
        }
        let mut found: Vec<usize> = Vec::new();
        for (name, divisions) in self.places() {
            if name.starts_with(&key) {
                for &i in divisions {
                    if !found.contains(&i) {
                        found.push(i);
                    }
                }
            }
        }
        // An exact name first (朝阳 before 朝阳区's neighbours), then by level and code.
        let exact = self.places().get(&key);
        let rank = |i: &usize| {
            let d = &self.divisions[*i];
            (!exact.is_some_and(|e| e.contains(i)), d.level as u8, d.code)
        };
        found.sort_by_key(rank);
        found.truncate(limit);
        found
    }

    /// For each division, the province and city (prefecture) whose rules apply to it; `None` for a
    /// division of a province the rules data lack.
    pub(super) fn served_by(
        regions: &[Region],
        divisions: &[gazetteer::Division],
    ) -> Vec<Option<(usize, Option<usize>)>> {
        let mut by_code: HashMap<&str, (usize, Option<usize>)> = HashMap::new();
        for (p, r) in regions.iter().enumerate() {
            by_code.insert(&r.code, (p, None));
            for (c, city) in r.cities.iter().enumerate() {
                by_code.insert(&city.code, (p, Some(c)));
            }
        }
        divisions
            .iter()
            .map(|d| {
                let (province, _) = *by_code.get(d.province_code().as_str())?;
                if d.level == gazetteer::Level::Province {
                    return Some((province, None));
                }
                Some(match by_code.get(d.prefecture.as_str()) {
                    Some(&(p, city)) if p == province => (province, city),
                    _ => (province, None),
                })
            })
            .collect()
    }

    /// The index of the gazetteer division with `code`.
    pub fn division(&self, code: &str) -> Option<usize> {
        gazetteer::find(&self.divisions, code)
    }

    /// Resolves a place name or code: the names the rules files give first (their codes, names and
    /// aliases are deliberate: an NGO's own file may say that `suzhou` is its 苏州, and the embedded files
    /// give no name the gazetteer finds ambiguous, `embedded_names_agree_with_the_gazetteer`), then the
    /// [`gazetteer`]; a name several administrations share is [`Resolution::Ambiguous`].
    pub fn lookup(&self, region: &str) -> Resolution {
        let key = normalise_name(region);
        // A place the files name, by its own code.
        let named = |&(province, city): &(usize, Option<usize>)| {
            let requested = match city {
                Some(c) => self.regions[province].cities[c].code.clone(),
                None => self.regions[province].code.clone(),
            };
            Resolution::Found(Place {
                province,
                city,
                requested,
            })
        };
        if let Some(place) = self.names.get(&key) {
            return named(place);
        }
        if let Some(found) = self.lookup_gazetteer(&key) {
            return found;
        }
        if let Some(place) = self.display_names.get(&key) {
            return named(place);
        }
        if key.len() != 6 || !key.bytes().all(|b| b.is_ascii_digit()) {
            return Resolution::Unknown;
        }
        // A code the gazetteer lacks (a newer or older one): its prefecture's, else its province's rules.
        let prefecture = format!("{}00", &key[..4]);
        if let Some(&(province, city)) = self.names.get(&prefecture) {
            return Resolution::Found(Place {
                province,
                city,
                requested: key,
            });
        }
        let province_code = format!("{}0000", &key[..2]);
        match self.names.get(&province_code) {
            Some(&(province, _)) => Resolution::Found(Place {
                province,
                city: None,
                requested: key,
            }),
            None => Resolution::Unknown,
        }
    }

    /// What the gazetteer alone says of a normalised name; `None` when it does not know it.
    pub fn lookup_gazetteer(&self, key: &str) -> Option<Resolution> {
        let candidates = self.places().get(key)?;
        // One candidate per administration; where a name names a division and its own seat (大理州
        // and 大理市), the higher level is the place named.
        let mut served: Vec<((usize, Option<usize>), usize)> = Vec::new();
        for &i in candidates {
            let Some(s) = self.served[i] else { continue };
            match served.iter_mut().find(|(k, _)| *k == s) {
                Some(slot) if self.divisions[i].level < self.divisions[slot.1].level => slot.1 = i,
                Some(_) => {}
                None => served.push((s, i)),
            }
        }
        let municipal = |i: usize| {
            let d = &self.divisions[i];
            d.level == gazetteer::Level::County && d.prefecture.ends_with("0000")
        };
        let chosen = match served.len() {
            0 => None,
            1 => Some(served[0]),
            _ => {
                // The highest level wins when it has one candidate: a province over anything else that
                // shares its name (河北 is the province, not 天津's 河北区), a prefecture over counties
                // elsewhere unless one of them is a district of a municipality.
                let level = |i: usize| self.divisions[i].level;
                let best = served.iter().map(|(_, i)| level(*i)).min()?;
                let top: Vec<_> = served.iter().filter(|(_, i)| level(*i) == best).collect();
                let others_minor = best == gazetteer::Level::Province
                    || served
                        .iter()
                        .filter(|(_, i)| level(*i) != best)
                        .all(|(_, i)| !municipal(*i));
                match (top.as_slice(), best < gazetteer::Level::County && others_minor) {
                    ([one], true) => Some(**one),
                    _ => return Some(Resolution::Ambiguous(served.iter().map(|(_, i)| *i).collect())),
                }
            }
        };
        let ((province, city), i) = chosen?;
        Some(Resolution::Found(Place {
            province,
            city,
            requested: self.divisions[i].code.to_string(),
        }))
    }

    /// Resolves a region given by GB/T 2260 code, pinyin or hanzi name; `None` when it is unknown or
    /// ambiguous ([`RuleSet::lookup`] says which).
    pub fn resolve(&self, region: &str) -> Option<Place> {
        match self.lookup(region) {
            Resolution::Found(place) => Some(place),
            _ => None,
        }
    }
}
