#!/usr/bin/env python3
"""Add the pension conventions of issue 18 to rules/regions/*.toml: the years convention, the transitional-pension
formula and coefficient, and the provincial formula kinds and roundings, each citing the approval forms that show
it (as transcribed in liubigfatty/pension-calculator, with the provincial document number that repository quotes)
and the research notes /work/research/conventions.md. Run once (it refuses a file that already has them)."""
import glob, os

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
LB = "https://github.com/liubigfatty/pension-calculator/tree/dba9b78b4a88eeab01adec5ff4a5f6573e51f2e1/cases"

# code: (LB folder, years convention, years grade, transitional (kind, coefficient, grade) or None,
#        document quoted by LB for the transitional pension, forms reproduced, extra params)
P = {
 "110000": ("beijing", "parts_half_up_2", "B", None, "京劳社养发〔1998〕21号 (per LB)", "bj-2026-6 (32.75 + 12.08 = 44.83)", []),
 "120000": ("tianjin", "half_up_2", "C", ("indexed_wage", "0.010", "B"), "", "tj-2023-2, tj-2025-4, tj-2025-6, tj-2026-1", []),
 "130000": ("hebei", "half_up_2", "C", ("indexed_wage", "0.013", "B"), "", "he-2023-2, he-2025-7, he-2025-9", []),
 "140000": ("shanxi", "exact", "C", ("indexed_wage", "0.013", "B"), "晋政发〔2006〕32号 (per LB)", "sx-2023-5 and, within 0.03, sx-2024-2, sx-2025-1, sx-2023-4", []),
 "150000": ("neimenggu", "exact", "C", ("indexed_wage_index_at_least_one", "0.012", "C"), "", "nm-2025-2", []),
 "210000": ("liaoning", "half_up_2", "C", ("average_of_bases", "0.014", "B"), "辽劳社发〔2006〕81号 (per LB)", "ln-2023-1, ln-2023-4, ln-2024-6, ln-2025-3, ln-2025-7, ln-2026-2", []),
 "220000": ("jilin", "half_up_2", "C", ("indexed_wage", "0.014", "B"), "吉人社联〔2020〕79号 (per LB)", "jl-2023-2, jl-2025-1, jl-2025-4, jl-2026-5", ["jilin"]),
 "230000": ("heilongjiang", "exact", "C", ("indexed_wage", "0.012", "B"), "", "hl-2024-5, hl-2025-1, hl-2025-4, hl-2026-7", []),
 "310000": ("shanghai", None, None, None, "沪人社规〔2021〕27号 (per LB)", "sh-2023-1, sh-2026-2, sh-2026-4, sh-2026-6", ["shanghai"]),
 "320000": ("jiangsu", "exact", "C", ("indexed_wage", "0.012", "B"), "", "js-2024-1, js-2024-4, js-2025-5, js-2026-6", []),
 "330000": ("zhejiang", "half_up_2", "C", ("indexed_wage", "0.014", "B"), "浙劳社老〔2006〕142号 (per LB)", "zj-2024-2, zj-2025-1, zj-2025-4, zj-2025-6, zj-2026-8", []),
 "340000": ("anhui", "up_1", "B", ("indexed_wage", "0.013", "B"), "", "ah-2025-1, ah-2026-2 (years and the formula printed on the form)", []),
 "350000": ("fujian", "half_up_2", "C", ("indexed_wage", "0.013", "B"), "", "fj-2024-2, fj-2025-1", []),
 "360000": ("jiangxi", "exact", "C", ("indexed_wage", "0.013", "B"), "", "jx-2024-1, jx-2025-2, jx-2025-7", []),
 "370000": ("shandong", "exact", "C", ("indexed_wage", "0.013", "B"), "", "sd-2024-7, sd-2025-4, sd-2026-1", []),
 "410000": ("henan", "half_up_2", "C", ("indexed_wage", "0.013", "B"), "豫政〔2006〕29号 (per LB)", "ha-2024-14, ha-2025-8, ha-2025-9, ha-2026-10, ha-2026-12", ["henan"]),
 "420000": ("hubei", "half_up_2", "C", ("indexed_wage", "0.012", "B"), "鄂政发〔2006〕42号 (per LB)", "hb-2024-5, hb-2025-6, hb-2025-7, hb-2025-8, hb-2026-11", []),
 "430000": ("hunan", "half_up_2", "C", ("indexed_wage", "0.013", "B"), "", "hn-2024-3, hn-2025-2, hn-2026-1", []),
 "440000": ("guangdong", "exact", "C", None, "", "gd-2024-jiangmen, gd-2025-huizhou (335/12), gd-2025-zhongshan, gd-2026-zhongshan-woman-2026", ["guangdong"]),
 "450000": ("guangxi", "up_2", "B", ("indexed_wage", "0.014", "B"), "桂人社规〔2019〕26号 (per LB)", "gx-2022-liuzhou-2022, gx-2025-5, gx-2026-guilin-2026-05", ["guangxi"]),
 "460000": ("hainan", "exact", "C", ("indexed_wage", "0.014", "B"), "琼府〔2022〕40号 (per LB)", "hi-2025-3, hi-2025-hainan-2025-02-real", ["hainan"]),
 "500000": ("chongqing", "half_up_2", "C", ("average_of_bases", "0.014", "C"), "渝人社发〔2013〕19号 (cited by LB)", "cq-2023-3, cq-2025-2, cq-2025-5 (first transcriptions)", []),
 "510000": ("sichuan", "half_up_2", "C", ("average_of_bases", "0.013", "B"), "川劳社发〔2006〕17号 (per LB)", "sc-2020-5, sc-2025-2, sc-2025-3, sc-2025-4", []),
 "520000": ("guizhou", "half_up_2", "C", ("indexed_wage", "0.014", "B"), "黔劳社厅发〔2006〕20号 (per LB)", "gz-2023-3, gz-2025-2", []),
 "530000": ("yunnan", "exact", "C", ("indexed_wage", "0.013", "B"), "云劳社〔2002〕76号 (per LB)", "yn-2025-3, yn-2025-4", []),
 "540000": ("xizang", "half_up_2", "C", ("indexed_wage", "0.014", "B"), "藏政发〔2006〕37号 (per LB)", "xz-2025-4, xz-2018-2-del", []),
 "610000": ("shaanxi", "exact", "C", ("indexed_wage", "0.014", "C"), "陕政发〔2006〕20号 (per LB)", "sn-2023-1", []),
 "620000": ("gansu", "half_up_2", "C", ("indexed_wage", "0.012", "B"), "", "gs-2023-3, gs-2024-2, gs-2026-5", []),
 "630000": ("qinghai", "half_up_2", "C", ("average_of_bases", "0.014", "B"), "青劳社厅发〔2004〕27号 (per LB)", "qh-2023-2, qh-2024-1", []),
 "640000": ("ningxia", "half_up_2", "C", ("indexed_wage", "0.013", "B"), "", "nx-2024-1, nx-2026-yinchuan-2026-01", []),
 "650000": ("xinjiang", "half_up_2", "C", ("indexed_wage", "0.013", "C"), "新政发〔2006〕59号 (per LB)", "xj-2023-1 (0.19 off)", []),
}

TRANS_NOTE = {
 "indexed_wage": "过渡性养老金 = 计发基数 × 指数 × 视同（建账前）缴费年限 × {c}",
 "indexed_wage_index_at_least_one": "过渡性养老金 = 计发基数 × max(指数, 1) × 视同缴费年限 × {c}",
 "average_of_bases": "过渡性养老金 = (计发基数 + 计发基数 × 指数) / 2 × 建账前缴费年限 × {c}",
}


def param(name, value, grade, source, note, frm="2006-01", scope=None):
    s = f'\n[[param]]\nname = "{name}"\n'
    if scope:
        s += f'scope = "{scope}"\n'
    s += f'from = "{frm}"\nvalue = {value}\ngrade = "{grade}"\nsource = "{source}"\nnote = "{note}"\n'
    return s


for code, (slug, years, yg, trans, doc, forms, extra) in P.items():
    path = glob.glob(os.path.join(ROOT, "rules", "regions", f"{code}-*.toml"))[0]
    text = open(path, encoding="utf-8").read()
    if "pension.years_convention" in text or "pension.basic_formula" in text:
        print(f"{code}: already has conventions, skipped")
        continue
    key = "forms-issue18"
    src = (f"[sources.{key}]\n"
           f'document = "养老金待遇核定表（approval forms, as transcribed in liubigfatty/pension-calculator cases/{slug}/; research notes /work/research/conventions.md 2026-12){"; " + doc if doc else ""}"\n'
           f'title = "{slug}: official pension approval forms reproduced to the fen: {forms}"\n'
           f'url = "{LB}/{slug}"\n\n')
    body = ("\n# Pension conventions of the approval forms (issue 18): what the forms of this province show, reproduced to\n"
            "# the fen from the figures printed on them. The forms are transcriptions in a public repository (not seen\n"
            "# as images); a convention two or more forms reproduce is graded B, one form C.\n")
    if years:
        body += param("pension.years_convention", f'"{years}"', yg, key,
                      f"Contribution years as the forms use them ({forms}).")
    if trans:
        kind, c, g = trans
        body += param("pension.transitional_formula", f'"{kind}"', g, key,
                      TRANS_NOTE[kind].format(c=c) + f"; reproduces {forms}" + (f"; {doc}" if doc else ""))
        body += param("pension.transitional_coefficient", f'"{c}"', g, key,
                      f"{c} per credited year" + (" (1.2 % when the paid years are 20 or fewer, per LB jilin.js: not modelled)" if code == "220000" else ""))
    if "henan" in extra:
        body += param("pension.basic_formula", '"two_bases"', "B", key,
                      "(province base + city base × index) / 2 × years × 1 %; the city bases are pension.indexed_wage_base; the transitional pension uses the city base too (ha-2026-10: (6738 + 6385 × 0.70066) / 2 × 44.08 % = 2471.06)")
    if "jilin" in extra:
        body += param("pension.basic_formula", '"two_bases"', "B", key,
                      "(city base + province base × index) / 2 × years × 1 %: Changchun's own 计发基数 beside the province's as indexed-wage base (jl-2025-4: (7978.25 + 7322.08 × 0.54) / 2 × 31 % = 1849.49); elsewhere both are the province's")
        for frm, to, v in [("2023-01", "2023-12", "7058.67"), ("2024-01", "2024-12", "7178.5"), ("2025-01", "2025-12", "7322.08")]:
            body += (f'\n[[param]]\nname = "pension.indexed_wage_base"\nscope = "220100"\nfrom = "{frm}"\nto = "{to}"\n'
                     f'value = "{v}"\ngrade = "{"C" if frm == "2023-01" else "B"}"\nsource = "{key}"\n'
                     'note = "Changchun: the province base multiplies the index (jl-2023-3, jl-2025-4, jl-2026-5)"\n')
    if "guangdong" in extra:
        body += param("pension.basic_formula", '"low_index_scaled"', "B", key,
                      "Below an index of 0.6 the base term is base × index / 0.6 (to 4 decimals): 9493 × 0.7775 on gd-2026-zhongshan-woman-2026 (1609.02), 9028 × 0.7533 on gd-2024-jiangmen (965.73). Document not identified; reproduces 4 forms of 2024-2026; the rule's start is not known (earlier months use the national formula)", frm="2024-01")
        body += param("pension.low_index_threshold", '"0.6"', "B", key, "index threshold of the low-index scaling", frm="2024-01")
        body += param("pension.basic_formula", '"standard"', "B", key,
                      "Shenzhen: the national formula, also below an index of 0.6 (gd-2025-shenzhen-man-2025: index 0.3803, basic 1279.66)", frm="2006-01", scope="440300")
    if "shanghai" in extra:
        body += param("pension.basic_formula", '"year_and_month_rates"', "B", key,
                      "1 % per whole year and 0.083 % per remaining month (沪人社规〔2021〕27号 per LB): sh-2026-4 12434 × 1.7986 / 2 × (32 % + 2 × 0.083 %) = 3596.77 -> 3596.8", frm="2021-01")
        body += param("pension.basic_rate_per_month", '"0.00083"', "B", key, "0.083 % per remaining month", frm="2021-01")
        body += param("rounding.basic_pension", '{ unit = "0.1", mode = "up" }', "B", key,
                      "fen rounded up to the jiao (分进角): 3751.04 -> 3751.1 on sh-2026-6 (half-up would give 3751.0)", frm="2021-01")
    if "guangxi" in extra:
        body += param("rounding.benefit", '{ unit = "0.1", mode = "up" }', "B", key,
                      "Amounts rounded up to the jiao (见分进角): basic 2122.39 -> 2122.4 (gx-2025-3), transitional 439.92 -> 440.0; the account pension of gx-2025-nanning-2025-02 (498.206 printed 498.2) disagrees")
    if "hainan" in extra:
        body += param("rounding.indexed_wage", '{ unit = "0.01", mode = "half_up" }', "C", key,
                      "The indexed wage is rounded to the fen before the basic and transitional pensions (LB's note on the Hainan forms)")
    i = text.index("[[param]]")
    text = text[:i] + src + text[i:]
    text = text.rstrip("\n") + "\n" + body
    open(path, "w", encoding="utf-8").write(text)
    print(f"{code}: conventions added")
