//! The result's warnings: what the notes gathered over the months mean, in words, with the months
//! they concern.

use crate::engine::context::{flag, Notes};
use crate::foundation::error::Message;
use crate::model::request::Scenario;
use crate::model::response::Warning;

pub fn warnings(notes: &Notes, scenario: Scenario, custom_files: &[String]) -> Vec<Warning> {
    let mut out = Vec::new();
    if !custom_files.is_empty() {
        // Joined as `&str`s: the other joins of the engine are, and a second `join` for `String`s is
        // another copy of its code in the wasm module.
        let files = custom_files.iter().map(String::as_str).collect::<Vec<_>>().join(", ");
        out.push(Warning {
            code: "custom_rules",
            message: Message::new(
                format!("本结果使用了自定义规则文件：{files}"),
                format!("this result used custom rules files: {files}"),
            ),
            parameter: None,
            months: Vec::new(),
        });
    }
    if scenario == Scenario::LaborFacts {
        out.push(Warning {
            code: "scenario_not_law",
            message: Message::new(
                "这是按劳动事实参保的情景测算，不是现行法律：现行法律下平台无需为灵活就业人员缴纳养老和医疗保险费",
                "This is a labor-facts scenario, not current law: under current law platforms pay no pension or medical contributions for flexibly employed people",
            ),
            parameter: None,
            months: Vec::new(),
        });
    }
    out.extend(notes.by_param().into_iter().map(|(&(code, parameter), months)| {
        // The months in words, as a reader sees them: "2025年9月、2025年10月", "September 2025, October 2025".
        let mut list_zh = String::with_capacity(months.len() * 12);
        let mut list_en = String::with_capacity(months.len() * 16);
        for (i, m) in months.iter().enumerate() {
            if i > 0 {
                list_zh.push('、');
                list_en.push_str(", ");
            }
            m.push_words_zh(&mut list_zh);
            m.push_words_en(&mut list_en);
        }
        let (zh, en) = crate::rules::catalogue::labels(parameter);
        // Plain sentences that name the parameter by its label (the English one is the catalogue's
        // description, any noun phrase: hence "label: what happened"): the CLI's and the API's readers
        // see them as they are. The parameter's name is in the warning's own field, `parameter`.
        // Joined with `concat` rather than `format!`: a dozen of these per assessment.
        let message = match code {
            flag::CARRIED_FORWARD => Message::new(
                [zh, "尚无", &list_zh, "的公布值，沿用最近一期数值"].concat(),
                [en, ": no value published for ", &list_en, " yet; the latest published value is carried forward"].concat(),
            ),
            #[cfg(feature = "provisional")]
            flag::PROVISIONAL => Message::new(
                [zh, "：缴费时尚未公布，按当时征收的计算：", &list_zh].concat(),
                [en, ": not yet published when collected, the value collected then is used: ", &list_en].concat(),
            ),
            flag::GRADE_C => Message::new(
                [zh, "的来源可信度为 C（单一或有冲突的来源），请核实：", &list_zh].concat(),
                [en, ": the value used is of grade C (a single or conflicting source); check it: ", &list_en].concat(),
            ),
            flag::CONVENTION => Message::new(
                [zh, "没有公布的规则，采用本工具写明的约定：", &list_zh].concat(),
                [en, ": no published rule; flexcalc's documented convention is used: ", &list_en].concat(),
            ),
            flag::BASE_CLAMPED => Message::new(
                ["所选缴费基数超出上下限，已按上下限计算：", &list_zh].concat(),
                ["the chosen base was outside the floor and ceiling and was clamped: ", &list_en].concat(),
            ),
            flag::LONG_HOURS => Message::new(
                // The limit itself is rules data (`working_time.weekly_hours_limit`), so the text names the
                // law rather than repeating a figure that could change.
                ["周均工作时间超过法定每周工作时间（劳动法第三十六条）：", &list_zh].concat(),
                ["average weekly hours exceed the statutory working week (Labor Law art. 36): ", &list_en].concat(),
            ),
            flag::MEDICAL_ESTIMATE => Message::new(
                ["当地没有查到公布的灵活就业人员职工医保缴费办法，医保费为估算，见各月的估算区间和依据：", &list_zh].concat(),
                ["no published employee medical rule for flexibly employed people was found here: the medical charge is an estimate (see each month's range and basis): ", &list_en].concat(),
            ),
            flag::MEDICAL_TIER_DEFAULT => Message::new(
                ["当地职工医保按年度档次缴费，未选择档次，按最低档计算（可另选档次）：", &list_zh].concat(),
                ["the city charges medical insurance by yearly tier and none was chosen: the lowest tier is used (another may be chosen): ", &list_en].concat(),
            ),
            flag::RETIRE_REASON_APPLIED => Message::new(
                ["退休月份在弹性退休范围之外，按所述原因计算（", zh, "）；是否符合条件由社保经办机构审核，本工具未核实：", &list_zh].concat(),
                ["the retirement month is outside the flexible window and is used for the reason given (", en, "); whether the person qualifies is for the pension office to approve, flexcalc does not check it: ", &list_en].concat(),
            ),
            "benefit_base_from_average_wage" => Message::new(
                ["当地的养老金计发基数没有收录，按当地平均工资估算养老金：", &list_zh].concat(),
                ["no pension benefit base (计发基数) is in the rules data for this place: the pension is estimated from the local average wage: ", &list_en].concat(),
            ),
            "benefit_base_later_year" => Message::new(
                ["养老金开始的年份早于规则数据中最早的计发基数，按最早一年的计发基数计算，实际应按当年的：", &list_zh].concat(),
                ["the pension starts before the first benefit base (计发基数) in the rules data: that later year's base is used, the pension's own year's would apply: ", &list_en].concat(),
            ),
            "medical_not_shared" => Message::new(
                ["当地职工医保按固定金额或档次缴费，情景中平台不分担医保费：", &list_zh].concat(),
                ["the city charges medical insurance as a fixed amount or tier, so the scenario gives platforms no medical share: ", &list_en].concat(),
            ),
            other => Message::new(other, other),
        };
        let parameter = (code != flag::BASE_CLAMPED).then_some(parameter);
        Warning { code, message, parameter, months: months.to_vec() }
    }));
    out
}
