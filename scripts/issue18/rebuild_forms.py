#!/usr/bin/env python3
"""Rebuild the research file of the approval forms (issue 18) from the public repository itself.

The forms are JSON transcriptions of official 养老金待遇核定表 in liubigfatty/pension-calculator
(`cases/<province>/*.json`, several layouts over the repository's history). `forms-index.tsv` beside this
script names each form flexcalc checks: its id, the commit and path it is cited at, and the grade. This
script reads each file with `git show` from a local git directory of that repository (the `fetch` of
github:liubigfatty/pension-calculator), normalises the figures printed on the form into the fields
`forms_to_cases.py` reads, and writes one JSON line per form. Only derived figures leave the repository;
its files are not copied.

Usage: python3 scripts/issue18/rebuild_forms.py GIT_DIR [OUT] (OUT default /work/research/approval-forms.jsonl;
the environment variable FORMS_OUT, when set, overrides both)"""
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


AMOUNT_NAMES = {
    "basic_pension": ("basic_pension", "basicPension", "base_pension"),
    "account_pension": ("personal_pension", "personalPension", "personal_account_pension", "account_pension"),
    "transitional_pension": ("transitional_pension", "transitionalPension", "transition_pension"),
}


def amounts(raw):
    """The three printed amounts (basic, account, transitional) as the record names them."""
    exp = raw.get("expected") if isinstance(raw.get("expected"), dict) else {}
    pb = raw.get("pension_breakdown") if isinstance(raw.get("pension_breakdown"), dict) else {}

    def amount(names):
        for src in (exp, pb, raw):
            for n in names:
                v = src.get(n)
                # A part printed with its own terms: its amount.
                v = num(v.get("amount") if isinstance(v, dict) else v)
                if v is not None:
                    return v
        return None

    return {field: amount(names) for field, names in AMOUNT_NAMES.items()}


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
    # The office counts the age from the birth date in the personnel file (档案出生日期) where the form prints one.
    birth = ym(f, [], [], ["archive_birth_date", "birth_date_archives"]) or \
        ym(f, ["birth_year"], ["birth_month"], ["birth", "birth_date"])
    retire = ym(f, ["retire_year"], ["retire_month"],
                ["retirement_date", "retire_date", "pension_effective_date", "benefit_start_date"])
    years_total = f.get("total_years")
    if isinstance(raw.get("contribution_years"), (int, float)):
        years_total = raw["contribution_years"]
    years = num(years_total) or first(f, "total_contrib_years")
    divisor = first(f, "months", "payment_months", "benefit_months", "calculation_months", "account_pension_months")

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
        **amounts(raw),
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


# The maintainer sometimes overwrote a form's printed amounts with his own engine's output. A commit that
# changed an amount is counted as such a sync when its message, or the lines it added to CHANGELOG.md (dc2bd5d
# says so only there), says the figures came from the engine; any other change (真实表/核定表/verified/官方
# corrections, 19cc028's restore of the pre-sync values) is taken as set from the form. The messages of the
# commits that changed an amount of a form in forms-index.tsv, read in full, and what counts:
#   engine: fd05e36 "sync: all 140 case expected values to engine output"; 21cba36 "update expected values …
#     to match engine"; b8648a7 "用当前引擎重新计算所有案例期望值"; 72a272d "更新案例期望值 … 更新为引擎计算值";
#     24e68e0 "更新6个案例expected值" (after changing Beijing's 2023 base); bfdd720 "批量重标定 … 用引擎重算覆盖";
#     624316c "重新标定对应 cases 的 expected"; 1269a37, 1419504, 6936725, 739281b, 42a3fb6 "期望值 … 重标定"
#     (verify.js --update writes the engine's figures back); 7fbfc58 "expected重新标定"; dc2bd5d (CHANGELOG
#     "经引擎重算"); fbf93dd (CHANGELOG "修正 8/9/10 预期值为真实双基数结果", the engine's after a run-cases fix).
#   form: abf1cdd, 11ef7fc, 8f82ae6, 21dd77b, 9a8821a, d4ed63f, bfabed2, 8731369, 8c8abf6, b4ac23e, cc37a26
#     (真实表/核定表/verified 锚定/校准), 19cc028 (restore), e5f3e60 (engine fixed until the 核定表 figures
#     were hit exactly), 362e123, fd44cbd (a layout change: 3105.0 -> 3105 is no change). Two of these also
#     wrote engine figures (8731369 "校准 cases/shaanxi/1/3/4/5.json … expected", 11ef7fc "校准转绿", which put
#     qinghai/2's printed 2652.8/1162.0 as 2652.81/1162.01): their subjects name the real forms, so they count
#     as corrections; 8731369 only restored the pre-sync figures anyway.
# Not counted: bare 标定 (abf1cdd's "_recalibrate.js 标定脚本"), 锚定 (anchoring to a real form), 校准 (used
# for both), 同步/sync alone (copies of config files).
ENGINE_SYNC = re.compile(
    r"重算|经引擎|引擎(?:重新)?计算值|当前引擎重新计算|重新?标定|(?:期望|预期)值|expected值|--update|\brebase\b"
    r"|engine output|match(?:es)? (?:the )?engine|\bto (?:the )?engine\b|sync\b[^\n]*expected|对齐[^\n]{0,30}引擎",
    re.I)


def git(git_dir, *args):
    return subprocess.run(["git", "--git-dir", git_dir, *args], capture_output=True, text=True)


def amounts_at(git_dir, commit, path):
    out = git(git_dir, "show", f"{commit}:{path}")
    try:
        return amounts(json.loads(out.stdout)) if out.returncode == 0 else None
    except (json.JSONDecodeError, AttributeError):
        return None


def said(git_dir, commit):
    """(first line of the message, message + CHANGELOG.md lines the commit added). Messages of this
    repository often hold a literal backslash-n for a line break."""
    msg = git(git_dir, "log", "-1", "--format=%B", commit).stdout.replace("\\n", "\n")
    log = git(git_dir, "show", "--format=", commit, "--", "CHANGELOG.md").stdout.split("\n")
    added = [l[1:] for l in log if l.startswith("+") and not l.startswith("+++")]
    return msg.strip().split("\n")[0], "\n".join([msg] + added)


def same(a, b):
    return a == b or (a is not None and b is not None and float(a) == float(b))


def engine_synced(git_dir, commit, path, final):
    """{commits, why, original} when an amount of the record (its `final` amounts, at `commit`) is still one an
    engine-sync commit wrote, i.e. differs from the value before the first sync with no form correction since;
    else None. Walks the file's history up to the cited commit, oldest first (renames are not followed)."""
    shas = git(git_dir, "log", "--reverse", "--format=%h", commit, "--", path).stdout.split()
    pending = {}  # field -> (value before the first sync not corrected since, [sync commits since])
    for c in shas:
        new, old = amounts_at(git_dir, c, path), amounts_at(git_dir, c + "^", path)
        if new is None or old is None:
            pending = {}  # created, re-created or unreadable: a new form from here on
            continue
        changed = [f for f in new if not same(new[f], old[f])]
        if not changed:
            continue
        first_line, text = said(git_dir, c)
        for f in changed:
            if ENGINE_SYNC.search(text):
                pending.setdefault(f, (old[f], []))[1].append((c, first_line))
            else:
                pending.pop(f, None)
    # A sync that re-wrote the form's own figure (624316c for zj-2025-1, say) left nothing to flag.
    kept = {f: v for f, v in pending.items() if not same(v[0], final[f])}
    if not kept:
        return None
    commits = sorted({x for _, cs in kept.values() for x in cs}, key=lambda x: shas.index(x[0]))
    return {"commits": [c for c, _ in commits], "why": [w for _, w in commits],
            "original": {f: v[0] for f, v in kept.items()}}


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
    # FORMS_OUT, when set, wins: a test run need not overwrite the research file.
    out_path = os.environ.get("FORMS_OUT") or (sys.argv[2] if len(sys.argv) > 2 else "/work/research/approval-forms.jsonl")
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
            row["engine_synced"] = engine_synced(git_dir, sha, entry["path"], {f: row[f] for f in AMOUNT_NAMES})
            rows.append(row)
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    with open(out_path, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(rows)} forms -> {out_path}")


main()
