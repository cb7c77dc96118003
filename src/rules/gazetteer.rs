//! Every province-, prefecture- and county-level division of mainland China (GB/T 2260), so that a
//! worker anywhere can name their place: by code, full name (苏州市), short name (苏州, 延边), pinyin with
//! or without spaces and tones (Sū Zhōu, suzhou), a county or district (昆山, 余杭区: its prefecture's
//! rules apply) or a special area run by a prefecture (两江新区 → 重庆).
//!
//! The data are generated from a maintained package by `scripts/gen-gazetteer.mjs` into
//! `rules/gazetteer/divisions.tsv` (its header names the package, version, licence and edition);
//! `special-areas.tsv` is curated by hand with a source per row. Both are embedded as text.
//!
//! A name that several administrations share is never guessed: the lookup returns every candidate,
//! except that a province wins over anything else of its name (河北, 吉林, 海南 are the provinces), and
//! a prefecture over a county or district elsewhere of the same name (西安 is the city, not 辽源's
//! 西安区) unless that district belongs to one of the four municipalities, whose districts are as well
//! known as cities (朝阳: 辽宁's 朝阳市 or 北京's 朝阳区). The result names the division it took.

const DIVISIONS: &str = include_str!("../../rules/gazetteer/divisions.tsv");
const SPECIAL_AREAS: &str = include_str!("../../rules/gazetteer/special-areas.tsv");

/// The level of a division, highest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Province,
    Prefecture,
    County,
}

impl Level {
    pub fn name(self) -> &'static str {
        match self {
            Level::Province => "province",
            Level::Prefecture => "prefecture",
            Level::County => "county",
        }
    }
}

/// One row of the gazetteer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Division {
    pub code: &'static str,
    pub level: Level,
    /// The prefecture-level division whose social insurance serves it: itself for a prefecture, the
    /// municipality for a district of Beijing, Tianjin, Shanghai or Chongqing; empty for a province.
    pub prefecture: &'static str,
    pub zh: &'static str,
    pub short: &'static str,
    pub pinyin: &'static str,
    pub en: &'static str,
}

impl Division {
    /// The province-level code the division lies in.
    pub fn province_code(&self) -> String {
        [&self.code[..2], "0000"].concat()
    }
}

fn rows(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .skip(1) // the header
        .map(|l| l.split('\t').collect())
}

/// Every division, in code order.
pub fn divisions() -> Vec<Division> {
    rows(DIVISIONS)
        .filter(|c| c.len() >= 7)
        .filter_map(|c| {
            let level = match c[1] {
                "province" => Level::Province,
                "prefecture" => Level::Prefecture,
                "county" => Level::County,
                _ => return None,
            };
            Some(Division {
                code: c[0],
                level,
                prefecture: c[2],
                zh: c[3],
                short: c[4],
                pinyin: c[5],
                en: c[6],
            })
        })
        .collect()
}

/// The index of the division with `code` in [`divisions`]' order (by code).
pub fn find(divisions: &[Division], code: &str) -> Option<usize> {
    divisions.binary_search_by(|d| d.code.cmp(code)).ok()
}

/// A special area (new area, development zone) and the division whose administration serves it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpecialArea {
    pub name: &'static str,
    pub short: &'static str,
    pub pinyin: &'static str,
    pub served_by: &'static str,
}

pub fn special_areas() -> Vec<SpecialArea> {
    rows(SPECIAL_AREAS)
        .filter(|c| c.len() >= 4)
        .map(|c| SpecialArea {
            name: c[0],
            short: c[1],
            pinyin: c[2],
            served_by: c[3],
        })
        .collect()
}

/// A pinyin vowel with a tone mark, as the plain letter (ü as v, the gazetteer's spelling), so that
/// `Sū Zhōu` and `suzhou` are one name. Only these few letters: no Unicode tables in the wasm module.
pub fn untoned(c: char) -> char {
    match c {
        'ā' | 'á' | 'ǎ' | 'à' | 'Ā' | 'Á' | 'Ǎ' | 'À' => 'a',
        'ē' | 'é' | 'ě' | 'è' | 'Ē' | 'É' | 'Ě' | 'È' => 'e',
        'ī' | 'í' | 'ǐ' | 'ì' | 'Ī' | 'Í' | 'Ǐ' | 'Ì' => 'i',
        'ō' | 'ó' | 'ǒ' | 'ò' | 'Ō' | 'Ó' | 'Ǒ' | 'Ò' => 'o',
        'ū' | 'ú' | 'ǔ' | 'ù' | 'Ū' | 'Ú' | 'Ǔ' | 'Ù' => 'u',
        'ü' | 'ǖ' | 'ǘ' | 'ǚ' | 'ǜ' | 'Ü' | 'Ǖ' | 'Ǘ' | 'Ǚ' | 'Ǜ' => 'v',
        other => other,
    }
}
