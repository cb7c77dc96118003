//! Every province-, prefecture- and county-level division of mainland China (GB/T 2260), so that a
//! worker anywhere can name their place: by code, full name (苏州市), short name (苏州, 延边), pinyin with
//! or without spaces and tones (Sū Zhōu, suzhou), a county or district (昆山, 余杭区: its prefecture's
//! rules apply) or a special area run by a prefecture (两江新区 → 重庆).
//!
//! The data are generated from a maintained package by `scripts/gen-gazetteer.mjs` into
//! `rules/gazetteer/divisions.tsv` (its header names the package, version, licence and edition), which
//! `build.rs` embeds in a compact form (what follows from the rest left out); `special-areas.tsv` is
//! curated by hand with a source per row and embedded as it is.
//!
//! A name that several administrations share is never guessed: the lookup returns every candidate,
//! except that a province wins over anything else of its name (河北, 吉林, 海南 are the provinces), and
//! a prefecture over a county or district elsewhere of the same name (西安 is the city, not 辽源's
//! 西安区) unless that district belongs to one of the four municipalities, whose districts are as well
//! known as cities (朝阳: 辽宁's 朝阳市 or 北京's 朝阳区). The result names the division it took.

/// `divisions.tsv` as `build.rs` compacts it (its `gazetteer` function says how).
const DIVISIONS: &str = include_str!(concat!(env!("OUT_DIR"), "/gazetteer.txt"));
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
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Division {
    pub code: &'static str,
    pub level: Level,
    /// The prefecture-level division whose social insurance serves it: itself for a prefecture, the
    /// municipality for a district of Beijing, Tianjin, Shanghai or Chongqing; empty for a province.
    pub prefecture: String,
    pub zh: String,
    pub short: &'static str,
    pub pinyin: &'static str,
    pub en: String,
}

impl Division {
    /// The province-level code the division lies in.
    pub fn province_code(&self) -> String {
        [&self.code[..2], "0000"].concat()
    }
}

/// The rows of a tab-separated file after its `#` comments and its header.
fn rows(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .skip(1)
        .map(|l| l.split('\t').collect())
}

/// Every division, in code order, read back from the compact form.
pub fn divisions() -> Vec<Division> {
    DIVISIONS.lines().filter_map(division).collect()
}

fn division(line: &'static str) -> Option<Division> {
    let mut c = line.split('\t');
    let (code, tagged, short, zh, pinyin, en) = (c.next()?, c.next()?, c.next()?, c.next()?, c.next()?, c.next()?);
    let (level, given) = match tagged.split_at(1) {
        ("p", _) => (Level::Province, ""),
        ("c", rest) => (Level::Prefecture, rest),
        ("x", rest) => (Level::County, rest),
        _ => return None,
    };
    let prefecture = match (level, given) {
        (_, p) if !p.is_empty() => p.to_string(),
        (Level::Province, _) => String::new(),
        (Level::Prefecture, _) => code.to_string(),
        (Level::County, _) => [code.get(..4)?, "00"].concat(),
    };
    let zh = match zh.strip_prefix('|') {
        Some(whole) => whole.to_string(),
        None => [short, zh].concat(),
    };
    let en = match en {
        "" => pinyin.get(..1)?.to_ascii_uppercase() + pinyin.get(1..)?,
        given => given.to_string(),
    };
    Some(Division {
        code,
        level,
        prefecture,
        zh,
        short,
        pinyin,
        en,
    })
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

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// The compact form `build.rs` embeds reads back as exactly the rows of `divisions.tsv`.
    #[test]
    fn the_compact_form_reads_back_as_the_file() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/rules/gazetteer/divisions.tsv");
        let text = std::fs::read_to_string(path).unwrap();
        let file: Vec<Vec<&str>> = text
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .skip(1)
            .map(|l| l.split('\t').collect())
            .collect();
        let read = divisions();
        assert_eq!(read.len(), file.len());
        for (d, row) in read.iter().zip(&file) {
            let level = d.level.name();
            let got = [d.code, level, &d.prefecture, &d.zh, d.short, d.pinyin, &d.en];
            assert_eq!(got[..], row[..], "{}", d.code);
        }
    }
}
