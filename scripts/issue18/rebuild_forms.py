#!/usr/bin/env python3
"""Rebuild the research file of the approval forms (issue 18) from the public repository itself.

The forms are JSON transcriptions of official 养老金待遇核定表 in liubigfatty/pension-calculator
(`cases/<province>/*.json`, several layouts over the repository's history). `forms-index.tsv` beside this
script names each form flexcalc checks: its id, the commit and path it is cited at, and the grade. This
script reads each file with `git show` from a local git directory of that repository (the `fetch` of
github:liubigfatty/pension-calculator), normalises the figures printed on the form into the fields
`forms_to_cases.py` reads, and writes one JSON line per form. Only derived figures leave the repository;
its files are not copied.

Usage: python3 scripts/issue18/rebuild_forms.py GIT_DIR [OUT] (OUT default /work/research/approval-forms.jsonl)"""
import csv, glob, json, os, re, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
REPO = "liubigfatty/pension-calculator"


def regions():
    """Province slug (as the repository's folders and the rules files name them) -> (code, Chinese name)."""
    out = {}
    for path in glob.glob(os.path.join(ROOT, "rules", "regions", "*.toml")):
        code, slug = os.path.basename(path)[:-5].split("-", 1)
        zh = re.search(r'^zh = "([^"]+)"', open(path, encoding="utf-8").read(), re.M).group(1)
        out[slug] = (code, zh)
    return out


def flatten(x, out=None):
    """Leaf name -> first value met, depth first (the layouts nest the same names under different parents)."""
    out = {} if out is None else out
    if isinstance(x, dict):
        for k, v in x.items():
            if isinstance(v, (dict, list)):
                flatten(v, out)
            else:
                out.setdefault(k, v)
            if isinstance(v, dict):
                out.setdefault(k + "{}", v)
    return out


def num(v):
    """A printed figure as a decimal string, or None (words such as 未明示 are not figures)."""
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        s = repr(v)
        if "e" in s:
            return None
        return s
    s = str(v).strip().replace(",", "")
    m = re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", s)
    return s if m else None


def first(f, *names):
    for n in names:
        v = num(f.get(n))
        if v is not None:
            return v
    return None


def month_of(v):
    if v is None:
        return None
    s = str(v)
    m = re.search(r"(\d{4})\s*[-年./]\s*(\d{1,2})", s)
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}"
    return None


def ym(f, year_keys, month_keys, date_keys):
    for yk, mk in zip(year_keys, month_keys):
        y, m = f.get(yk), f.get(mk)
        if isinstance(y, int) and isinstance(m, int) and 1 <= m <= 12:
            return f"{y:04d}-{m:02d}"
    for k in date_keys:
        v = month_of(f.get(k))
        if v:
            return v
    return None


def sex_of(f):
    for k in ("gender_type", "genderType", "gender"):
        v = str(f.get(k) or "")
        if v in ("male", "男", "male_60"):
            return "male"
        if v in ("female_50", "female_55"):
            return v
        if v.startswith("female") or v.startswith("女"):
            return "female"
    return None


def reason_of(raw, f):
    """Why the form's retirement is early, as the form states it: special-type work (特殊工种, and the
    政策性提前 that the forms use for it) or illness (病退); None when it says neither."""
    kind = " ".join(str(f.get(k) or "") for k in ("retire_type", "retirement_type", "special_job_type", "job_category"))
    text = " ".join(str(raw.get(k) or "") for k in ("notes", "note", "data_source", "special_notes"))
    if re.search(r"special|特殊工种|policy|政策性提前", kind) or re.search(r"(?<![非无])特殊工种(?!.{0,3}(?:不|非))", text):
        return "special_work"
    if re.search(r"illness|病退|因病", kind + " " + text):
        return "illness"
    return None


def normalise(raw, entry, slugs):
    f = flatten(raw)
    folder = entry["path"].split("/")[1]
    code, zh = slugs.get(folder, (None, None))
    if code is None:
        # cases/other/: the province as the form states it
        text = " ".join(str(f.get(k) or "") for k in ("province", "region", "city"))
        for slug, (c, z) in slugs.items():
            if z[:2] in text or slug in text.lower():
                code, zh = c, z
                break
    birth = ym(f, ["birth_year"], ["birth_month"], ["birth", "birth_date", "archive_birth_date", "birth_date_archives"])
    retire = ym(f, ["retire_year"], ["retire_month"],
                ["retirement_date", "retire_date", "pension_effective_date", "benefit_start_date"])
    years_total = f.get("total_years")
    if isinstance(raw.get("contribution_years"), (int, float)):
        years_total = raw["contribution_years"]
    years = num(years_total) or first(f, "total_contrib_years")
    divisor = first(f, "months", "payment_months", "benefit_months", "calculation_months", "account_pension_months")
    exp = raw.get("expected") if isinstance(raw.get("expected"), dict) else {}
    pb = raw.get("pension_breakdown") if isinstance(raw.get("pension_breakdown"), dict) else {}

    def amount(*names):
        for src in (exp, pb, raw):
            for n in names:
                v = src.get(n)
                # A part printed with its own terms: its amount.
                v = num(v.get("amount") if isinstance(v, dict) else v)
                if v is not None:
                    return v
        return None

    city = raw.get("city") or f.get("city_type") or raw.get("region") or ""
    src = raw.get("source")
    described = ""
    if isinstance(src, dict):
        described = " ".join(str(src.get(k) or "") for k in ("type", "region", "date")).strip()
    elif isinstance(src, str):
        described = src[:120]
    trans_idx = first(f, "trans_index", "transIndex", "index_1997_end")
    if trans_idx is not None and float(trans_idx) == 0:
        trans_idx = None
    # The transitional pension counts the years before the personal account (视同 and, where the province
    # counts them, those paid before it): the form's "建账前" figure when printed, else the credited years.
    sight = first(f, "sight_years", "deemed_years", "deemed_contrib_years")
    pre = first(f, "pre_account_years")
    # The years the transitional pension may count, as printed: before the account (视同 and paid), then 视同.
    candidates = [y for y in (pre, sight) if y is not None and float(y) > 0]
    # The indexed wage (本人指数化月平均缴费工资) as printed: a field of the transcription, else the figure the
    # transcriber's notes give after 指数化 (Shenzhen's 视同 indexed wage, old_index_salary, is another figure).
    iw = first(f, "indexed_monthly_wage", "indexed_wage", "indexized_wage", "indexed_avg_wage")
    if iw is None:
        text = " ".join(str(raw.get(k) or "") for k in ("notes", "note"))
        m = re.search(r"指数化(?:月平均)?(?:缴费)?工资[为是:：(（]?\s*([0-9]{3,6}\.[0-9]{1,6})", text)
        iw = m.group(1) if m else None
    if iw is not None and float(iw) == 0:
        iw = None
    return {
        "id": entry["id"],
        "province": zh,
        "province_code": code,
        "city": str(city),
        "birth_month": birth,
        "retirement_month": retire,
        "sex_category": sex_of(f),
        "contribution_years_as_stated": years,
        "contribution_months": first(f, "total_months"),
        "average_index": first(f, "avg_index", "avgIndex", "average_wage_index", "average_index", "avg_contrib_index",
                               "wage_index"),
        "account_balance": first(f, "personal_account", "total_amount", "personal_account_balance",
                                 "personal_account_total", "account_balance"),
        "deemed_years": sight,
        "pre_account_years": pre,
        "transitional_years_printed": list(dict.fromkeys(candidates)),
        "transitional_index": trans_idx,
        "indexed_wage": iw,
        # The balance credited for time before the account as printed: Shanghai's 虚账实记, Guangdong's
        # credited-time account of the original method (the repository's `xuzhang`).
        "credited_account_balance": first(f, "xuzhang"),
        "benefit_base": first(f, "base_number", "baseRetire", "pension_base", "pension_calculation_base",
                              "previous_year_monthly_average_wage"),
        "divisor": divisor,
        "basic_pension": amount("basic_pension", "basicPension", "base_pension"),
        "account_pension": amount("personal_pension", "personalPension", "personal_account_pension", "account_pension"),
        "transitional_pension": amount("transitional_pension", "transitionalPension", "transition_pension"),
        "retirement_type": str(f.get("retire_type") or f.get("retirement_type") or ""),
        "retirement_reason": reason_of(raw, f),
        "source": {"repo": REPO, "commit": entry["commit"], "content_commit": entry["content_commit"],
                   "path": entry["path"], "form_described_as": described},
        "confidence": entry["grade"],
    }


# Commits of the repository that removed forms as wrong, in the maintainer's words: a form whose file was
# last removed by one of them is marked `withdrawn` (it is still checked, but is no evidence either way).
WITHDRAWALS = {
    "abf1cdd": "清理早期脏case：删除河北/安徽/黑龙江/上海/甘肃/山东等 generated 及错误case",
    "ac448bb": "cases/guangdong: 旧脏case归档",
    "195340d": "remove Dongguan case 2 (original source lost)",
}


def withdrawn(git_dir, path):
    """The withdrawal that last removed `path` from the repository, if one did: {commit, why}."""
    out = subprocess.run(["git", "--git-dir", git_dir, "log", "--format=%h", "--diff-filter=AD", "--name-status",
                          "HEAD", "--", path], capture_output=True, text=True).stdout.split("\n")
    events = [x for x in out if x.strip()]
    if len(events) >= 2 and events[1].startswith("D") and events[0][:7] in WITHDRAWALS:
        return {"commit": events[0][:7], "why": WITHDRAWALS[events[0][:7]]}
    return None


def show(git_dir, commit, path):
    """The file at the cited commit; a form cited at the commit that removed it is read from its parent."""
    for c in (commit, commit + "^"):
        out = subprocess.run(["git", "--git-dir", git_dir, "show", f"{c}:{path}"], capture_output=True, text=True)
        if out.returncode == 0:
            try:
                sha = subprocess.run(["git", "--git-dir", git_dir, "rev-parse", c], capture_output=True,
                                     text=True).stdout.strip()
                return json.loads(out.stdout), sha
            except json.JSONDecodeError:
                return None, None
    return None, None


def main():
    git_dir = sys.argv[1]
    out_path = sys.argv[2] if len(sys.argv) > 2 else "/work/research/approval-forms.jsonl"
    slugs = regions()
    rows = []
    with open(os.path.join(HERE, "forms-index.tsv"), encoding="utf-8") as fh:
        for entry in csv.DictReader(fh, delimiter="\t"):
            raw, sha = show(git_dir, entry["commit"], entry["path"])
            if raw is None:
                print(f"{entry['id']}: not readable at {entry['commit'][:8]}:{entry['path']}", file=sys.stderr)
                continue
            entry["content_commit"] = sha
            row = normalise(raw, entry, slugs)
            row["withdrawn"] = withdrawn(git_dir, entry["path"])
            rows.append(row)
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    with open(out_path, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(rows)} forms -> {out_path}")


main()
