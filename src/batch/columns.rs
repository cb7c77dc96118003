//! The batch's columns: the input columns (names are the public contract, docs/batch.md) and the
//! output columns, in order.

/// The input columns. Names are a public contract (docs/batch.md): add columns, never rename one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Col {
    WorkerId,
    Region,
    Month,
    Platform,
    Hours,
    Income,
    Orders,
    Sector,
    InjuryFeeClass,
    Role,
    BaseKind,
    BaseValue,
    MedicalScheme,
    MedicalRate,
    MedicalTier,
    Birth,
    Track,
    /// The labor-facts scenario's base (the API's `scenario_base`): `floor`, `ceiling`, `income`, or
    /// `percent:60` / `amount:5000` with its value after a colon.
    ScenarioBase,
}

/// Number of input columns.
pub const N_COLS: usize = 18;

/// Every input column in the order of [`Col`], with its name.
pub const INPUT_COLUMNS: [(Col, &str); N_COLS] = [
    (Col::WorkerId, "worker_id"),
    (Col::Region, "region"),
    (Col::Month, "month"),
    (Col::Platform, "platform"),
    (Col::Hours, "hours"),
    (Col::Income, "income"),
    (Col::Orders, "orders"),
    (Col::Sector, "sector"),
    (Col::InjuryFeeClass, "injury_fee_class"),
    (Col::Role, "role"),
    (Col::BaseKind, "base_kind"),
    (Col::BaseValue, "base_value"),
    (Col::MedicalScheme, "medical_scheme"),
    (Col::MedicalRate, "medical_rate"),
    (Col::MedicalTier, "medical_tier"),
    (Col::Birth, "birth"),
    (Col::Track, "track"),
    (Col::ScenarioBase, "scenario_base"),
];

/// The Chinese column names accepted for each input column, beside its name above (the same order):
/// an NGO's spreadsheet names its columns in Chinese. The first is the one the Chinese template
/// (www/batch-template-zh.csv) and the help page use. Compared after [`header_key`].
pub const ZH_NAMES: [&[&str]; N_COLS] = [
    &["编号", "工号", "人员编号", "劳动者编号"],
    &["地区", "城市", "参保地", "地区代码"],
    &["月份", "年月"],
    &["平台", "平台名称"],
    &["工时", "小时", "工时(小时)", "工时/小时", "工作小时"],
    &["收入", "收入(元)", "收入/元", "劳动收入"],
    &["订单", "订单数", "单量"],
    &["行业"],
    &["职业伤害费率档", "工伤费率档"],
    &["角色", "职业"],
    &["缴费基数类型", "基数类型"],
    &["缴费基数", "基数"],
    &["医保方式", "医保"],
    &["医保费率"],
    &["医保档次"],
    &["出生年月"],
    &["退休类别"],
    &["情景缴费基数", "情景基数"],
];

/// A header cell as compared with the names: trimmed, without a byte-order mark, spaces dropped and
/// full-width brackets and slash as ASCII ("工时（小时）" is "工时(小时)"). English names are compared
/// exactly (they are the contract).
pub fn header_key(h: &str) -> String {
    h.trim()
        .trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '／' => '/',
            c => c,
        })
        .collect()
}

/// Columns every input must have.
pub const REQUIRED: [Col; 5] = [Col::WorkerId, Col::Region, Col::Month, Col::Platform, Col::Income];

/// Columns that describe the worker rather than one month's work: equal on all of a worker's rows
/// (a blank cell on a later row means "as above").
pub(super) const WORKER_LEVEL: [Col; 9] = [
    Col::Region,
    Col::BaseKind,
    Col::BaseValue,
    Col::MedicalScheme,
    Col::MedicalRate,
    Col::MedicalTier,
    Col::Birth,
    Col::Track,
    Col::ScenarioBase,
];

impl Col {
    pub fn name(self) -> &'static str {
        INPUT_COLUMNS[self as usize].1
    }

    /// The column of a name: its English name, or one of its Chinese names (after [`header_key`]).
    pub fn from_name(name: &str) -> Option<Col> {
        if let Some((c, _)) = INPUT_COLUMNS.iter().find(|(_, n)| *n == name) {
            return Some(*c);
        }
        let key = header_key(name);
        let i = ZH_NAMES.iter().position(|names| names.contains(&key.as_str()))?;
        Some(INPUT_COLUMNS[i].0)
    }

    /// The column's Chinese name (the first of [`ZH_NAMES`]).
    pub fn zh_name(self) -> &'static str {
        ZH_NAMES[self as usize][0]
    }
}

/// The output columns, in order. Names are a public contract (docs/batch.md).
pub const OUTPUT_COLUMNS: [&str; 31] = [
    "worker_id",
    "month",
    "region",
    "platforms",
    "hours",
    "income",
    "orders",
    "weekly_hours",
    "cl_pension_base",
    "cl_pension_total",
    "cl_pension_worker",
    "cl_pension_platforms",
    "cl_medical_total",
    "cl_medical_worker",
    "cl_medical_platforms",
    "cl_worker",
    "cl_platforms",
    "lf_pension_base",
    "lf_pension_total",
    "lf_pension_worker",
    "lf_pension_platforms",
    "lf_medical_total",
    "lf_medical_worker",
    "lf_medical_platforms",
    "lf_worker",
    "lf_platforms",
    "lf_liable_platforms",
    "injury_platforms",
    "flags",
    "retirement_month",
    "monthly_pension",
];

/// The languages of the friendly labels and of the error messages (`--lang`, the page's language).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub fn from_name(name: &str) -> Option<Lang> {
        match name {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// The output columns in plain words, in the order of [`OUTPUT_COLUMNS`]: the second header row of
/// a file written with a language (docs/batch.md, "Friendly labels"); the names stay the contract.
pub const OUTPUT_LABELS_ZH: [&str; 31] = [
    "编号",
    "月份",
    "地区代码",
    "平台数",
    "工时（小时）",
    "收入（元）",
    "订单数",
    "周工时（小时）",
    "现行法律：养老缴费基数",
    "现行法律：养老保险费合计",
    "现行法律：养老，劳动者缴",
    "现行法律：养老，平台缴",
    "现行法律：医保合计",
    "现行法律：医保，劳动者缴",
    "现行法律：医保，平台缴",
    "现行法律：劳动者共缴（养老+医保）",
    "现行法律：平台共缴（养老+医保）",
    "按劳动事实：养老缴费基数",
    "按劳动事实：养老保险费合计",
    "按劳动事实：养老，劳动者缴",
    "按劳动事实：养老，平台缴",
    "按劳动事实：医保合计",
    "按劳动事实：医保，劳动者缴",
    "按劳动事实：医保，平台缴",
    "按劳动事实：劳动者共缴（养老+医保）",
    "按劳动事实：平台共缴（养老+医保）",
    "按劳动事实：须缴费的平台数",
    "职业伤害保障费（平台缴）",
    "提示",
    "退休年月",
    "预计每月养老金（元）",
];

/// [`OUTPUT_LABELS_ZH`] in English.
pub const OUTPUT_LABELS_EN: [&str; 31] = [
    "Worker ID",
    "Month",
    "Region code",
    "Platforms",
    "Hours",
    "Income (yuan)",
    "Orders",
    "Hours a week",
    "Current law: pension base",
    "Current law: pension, total",
    "Current law: pension, worker pays",
    "Current law: pension, platforms pay",
    "Current law: medical, total",
    "Current law: medical, worker pays",
    "Current law: medical, platforms pay",
    "Current law: worker pays (pension + medical)",
    "Current law: platforms pay (pension + medical)",
    "Labor facts: pension base",
    "Labor facts: pension, total",
    "Labor facts: pension, worker pays",
    "Labor facts: pension, platforms pay",
    "Labor facts: medical, total",
    "Labor facts: medical, worker pays",
    "Labor facts: medical, platforms pay",
    "Labor facts: worker pays (pension + medical)",
    "Labor facts: platforms pay (pension + medical)",
    "Labor facts: platforms that must pay",
    "Injury protection fees (platforms pay)",
    "Notes",
    "Retirement month",
    "Projected monthly pension (yuan)",
];

/// The errors file's columns in plain words.
pub const ERROR_LABELS_ZH: [&str; 5] = ["行号", "编号", "列", "代码", "说明"];
pub const ERROR_LABELS_EN: [&str; 5] = ["Line", "Worker ID", "Column", "Code", "Problem"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_round_trip_by_name() {
        for (c, n) in INPUT_COLUMNS {
            assert_eq!(Col::from_name(n), Some(c));
            assert_eq!(c.name(), n);
        }
    }

    #[test]
    fn chinese_names_are_aliases_and_no_name_is_taken_twice() {
        assert_eq!(Col::from_name("编号"), Some(Col::WorkerId));
        assert_eq!(Col::from_name(" 工时（小时） "), Some(Col::Hours));
        assert_eq!(Col::from_name("\u{feff}地区"), Some(Col::Region));
        assert_eq!(Col::from_name("收入 / 元"), Some(Col::Income));
        assert_eq!(Col::from_name("雄安"), None);
        let mut all: Vec<&str> = ZH_NAMES.iter().flat_map(|n| n.iter().copied()).collect();
        all.extend(INPUT_COLUMNS.map(|(_, n)| n));
        let n = all.len();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), n, "a name is given to two columns");
        for names in ZH_NAMES {
            for name in names {
                assert_eq!(&header_key(name), name, "{name} is not in its compared form");
            }
        }
    }
}
