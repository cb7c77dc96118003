#!/usr/bin/env python3
"""Turn the official pension approval forms of /work/research/approval-forms.jsonl (rebuilt from the repository by
rebuild_forms.py) into golden cases (issue 18).

For every form: a request with the person as the form states them (birth, retirement month, contribution years
as printed, credited years the transitional pension counts, the average index at the precision printed, the
account balance), no further contributions, the ledger's last month the month before retirement, and the
计发基数 from the rules data. A form whose basic, account and transitional pensions flexcalc reproduces to the
fen becomes tests/cases/form-<id>.json; one that does not is listed with the reason in
docs/approval-forms-unmatched.md. Counts per province go to docs/approval-forms.md.
Usage: python3 scripts/issue18/forms_to_cases.py [path to flexcalc binary]"""
import json, os, re, subprocess, sys, collections, tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target", "debug", "flexcalc")
# Rebuilt from the repository by rebuild_forms.py (FORMS overrides the path).
FORMS = os.environ.get("FORMS", "/work/research/approval-forms.jsonl")
GH = "https://github.com"
# Tibet's forms retire men at 55 and women at 45 as 正常退休 (藏政发〔2006〕37号 as the repository's notes
# cite it): early retirement for work at high altitude, which the 2024 decision (art. 8) keeps and flexcalc
# takes as retire_reason special_work.
HIGH_ALTITUDE = {"540000"}
# Readings of a form that differ from its transcription record, each with its evidence (a figure printed on the
# form, the transcriber's note, the repository's own later correction), and forms whose printed figures
# contradict each other: scripts/issue18/readings.json.
READINGS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "readings.json")
# Every province has contribution figures from this month on.
PLACEHOLDER = "2024-07"

CITY = {
    "兰州": "620100", "张掖": "620700", "惠州": "441300", "江门": "440700", "深圳": "440300", "sz": "440300",
    "中山": "442000", "柳州": "450200", "桂林": "450300", "南宁": "450100", "唐山": "130200", "哈尔滨": "230100",
    "kaifeng": "410200", "xinxiang": "410700", "zhengzhou": "410100", "郑州": "410100", "pingdingshan": "410400",
    "luoyang": "410300", "洛阳": "410300", "xinyang": "411500", "信阳": "411500", "开封": "410200", "新乡": "410700",
    "平顶山": "410400", "荆州": "421000", "武汉": "420100", "黄石": "420200", "shiyan": "420300", "十堰": "420300",
    "株洲": "430200", "娄底": "431300", "淮安": "320800", "苏州": "320500", "南京": "320100", "南昌": "360100",
    "通化": "220500", "四平": "220300", "长春": "220100", "cc": "220100", "沈阳": "210100", "大连": "210200",
    "鞍山": "210300", "锦州": "210700", "石嘴山": "640200", "银川": "640100", "西宁": "630100", "安康": "610900",
    "西安": "610100", "济南": "370100", "潍坊": "370700", "青岛": "370200", "成都": "510100", "chengdu": "510100",
    "拉萨": "540100", "楚雄": "532300", "昆明": "530100", "hangzhou": "330100", "杭州": "330100", "宜昌": "420500",
    "襄阳": "420600", "广州": "440100",
}


def region_of(r):
    city = str(r.get("city") or "")
    for k, v in CITY.items():
        if k in city and v[:2] == r["province_code"][:2]:
            return v
    return r["province_code"]


def ym_add(s, n):
    y, m = map(int, s.split("-"))
    t = y * 12 + m - 1 + n
    return f"{t // 12:04d}-{t % 12 + 1:02d}"


def months_between(a, b):
    ya, ma = map(int, a.split("-"))
    yb, mb = map(int, b.split("-"))
    return (yb * 12 + mb) - (ya * 12 + ma)


def track_of(r):
    sex = str(r.get("sex_category") or "")
    age = months_between(r["birth_month"], r["retirement_month"])
    if sex.startswith("male") or sex == "男":
        return "male_60"
    if sex in ("female_50", "female_55"):
        return sex
    if sex.startswith("female") or sex == "女":
        return "female_50" if age < 55 * 12 else "female_55"
    return "male_60" if age >= 58 * 12 else ("female_50" if age < 53 * 12 else "female_55")


def dec(x):
    if x is None:
        return None
    s = str(x).strip()
    if s in ("", "None"):
        return None
    try:
        float(s)
    except ValueError:
        return None
    if "." in s:
        i, f = s.split(".")
        if len(f) > 8:
            # A transcriber's months / 12 written out to 15 digits: the form prints fewer.
            return None
    return s


def fen(x):
    s = dec(x)
    if s is None:
        return None
    from decimal import Decimal, ROUND_HALF_UP
    return str(Decimal(s).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def long_years(x):
    """Whole months of a years figure written out to more than 8 decimals (months / 12), else None."""
    s = str(x or "").strip()
    if "." in s and len(s.split(".")[1]) > 8:
        try:
            m = float(s) * 12
        except ValueError:
            return None
        if abs(m - round(m)) < 1e-6:
            return int(round(m))
    return None


def credited_of(r, choice=0):
    """The years the transitional pension counts (the form's years before the account, or its 视同 years:
    `choice` picks among those printed) and whether the form's own transitional index applies (printed)."""
    printed = r.get("transitional_years_printed") or []
    use_ti = bool(dec(r.get("transitional_index")))
    if choice == 2 and len(printed) > 1:
        # Both: the 视同 years credited, the years before the account paid (request() adds them apart).
        return printed[1], use_ti
    if choice < len(printed) and dec(printed[choice]):
        return printed[choice], use_ti
    return None, use_ti


def months_of(x):
    """Whole months a years figure printed to two decimals (27.92 -> 335) or written to four to six by a
    transcriber (34.6667 -> 416, 37.08333 -> 445) stands for, else None: the office computes from the months under the province's
    convention, the figure is rounded for print."""
    s = dec(x)
    if s is None or "." not in s or len(s.split(".")[1]) not in (2, 3, 4, 5, 6):
        return None
    m = float(s) * 12
    tolerance = 0.06 if len(s.split(".")[1]) == 2 else 0.001
    return int(round(m)) if abs(m - round(m)) <= tolerance else None


def printed_months(r):
    return months_of(r.get("contribution_years_as_stated"))


def request(r, base=None, ledger=None, statutory=None, choice=0, reason=None, months=None, credited_months=None,
            indexed_wage=None):
    retire = statutory or r["retirement_month"]
    person = {
        "birth": r["birth_month"],
        "track": track_of(r),
        "continue_contributing": False,
    }
    if not statutory:
        person["retire_at"] = retire
    if reason:
        person["retire_reason"] = reason
    years = dec(r.get("contribution_years_as_stated"))
    if months is not None:
        person["contribution_months"] = months
    elif years is None and long_years(r.get("contribution_years_as_stated")):
        # A transcriber's months / 12 to 15 digits: the months themselves.
        person["contribution_months"] = long_years(r["contribution_years_as_stated"])
    elif years is None and r.get("contribution_months"):
        person["contribution_months"] = int(float(r["contribution_months"]))
    elif years is not None:
        person["contribution_years"] = years
    if dec(r.get("average_index")):
        person["average_index"] = dec(r["average_index"])
    if dec(r.get("account_balance")):
        person["account_balance"] = fen(r["account_balance"])
    cy, use_ti = credited_of(r, choice)
    if choice == 2 and len(r.get("transitional_years_printed") or []) > 1:
        person["pre_account_paid_years"] = dec(r["transitional_years_printed"][0])
    if cy is None and long_years(r.get("deemed_years")):
        person["credited_months"] = long_years(r["deemed_years"])
    if r["province_code"] == "110000" and (dec(r.get("deemed_years")) or dec(r.get("pre_account_years"))):
        # Beijing counts the years paid 1992-10..1998-06 apart, with their own index (G实).
        cy = dec(r.get("deemed_years")) or "0"
        if dec(r.get("pre_account_years")) and float(r["pre_account_years"]) > 0:
            person["pre_account_paid_years"] = dec(r["pre_account_years"])
        use_ti = True
        if float(cy) == 0:
            cy = None
    if cy is not None and float(cy) > 0 or "pre_account_paid_years" in person:
        if cy is not None and credited_months is not None:
            person["credited_months"] = credited_months
        elif cy is not None:
            person["credited_years"] = dec(cy)
    if use_ti and dec(r.get("transitional_index")) and (
            {"credited_years", "credited_months", "pre_account_paid_years"} & person.keys()):
        # Whatever way the credited time is given (years, or the months of a long transcribed fraction).
        person["transitional_index"] = dec(r["transitional_index"])
    if dec(r.get("credited_account_balance")) and float(r["credited_account_balance"]) > 0:
        person["credited_account_balance"] = fen(r["credited_account_balance"])
    if indexed_wage:
        person["indexed_wage"] = indexed_wage
    if r.get("intellectual"):
        person["intellectual"] = True
    if base:
        person["benefit_base"] = base
    return {
        "region": region_of(r),
        "medical": {"scheme": "none"},
        "months": [{"month": ledger or ym_add(retire, -1), "work": [{"platform": "A", "hours": "100", "income": "8000.00"}]}],
        "person": person,
    }


def run(req):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(req, f, ensure_ascii=False)
    out = subprocess.run([BIN, "assess", f.name], capture_output=True, text=True)
    os.unlink(f.name)
    try:
        return json.loads(out.stdout or out.stderr)
    except json.JSONDecodeError:
        return {"error": {"code": "cli", "message": {"en": (out.stderr or out.stdout)[:200]}}}


def expected(r):
    want = {}
    for key, field in (("basic_pension", "basic_pension"), ("account_pension", "account_pension"),
                       ("transitional_pension", "transitional_pension")):
        v = fen(r.get(field))
        if v is not None:
            want[f"projection.{key}"] = v
    return want


def compare(doc, want):
    if "error" in doc:
        return None, doc["error"]
    p = doc.get("projection", {})
    diffs = {}
    for path, v in want.items():
        got = p.get(path.split(".", 1)[1])
        if got != v:
            diffs[path] = (v, got)
    return diffs, None


def source_of(r):
    s = r["source"]
    if isinstance(s, dict) and s.get("repo"):
        return f"{GH}/{s['repo']}/blob/{s.get('content_commit') or s.get('commit')}/{s['path']}", s.get("form_described_as", "")
    return json.dumps(s, ensure_ascii=False), ""


def with_withdrawal(r, why):
    """The reason, after the repository's withdrawal of the form where it withdrew it."""
    w = r.get("withdrawn")
    return f"withdrawn by the repository at {w['commit']} ({w['why']}); {why}" if w else why


def reason(r, doc, diffs, err):
    if err is not None:
        why = f"flexcalc refuses the request: {err.get('code')} {err.get('path', '')}: {err['message']['en']}"
        if err.get("path") in ("person.retire_at", "person.retire_reason"):
            why = ("the form's retirement month is outside flexcalc's window for the birth month and track "
                   "(special-type early retirement, an age the office counted differently, or a month transcribed "
                   f"otherwise): {err['message']['en']}")
        return why
    p = doc["projection"]
    parts = []
    # A figure the transcription leaves out, so that the request falls back to the placeholder ledger or
    # to no credited time: the form is not reproducible from its transcription.
    if not dec(r.get("contribution_years_as_stated")) and not long_years(r.get("contribution_years_as_stated")) \
            and not r.get("contribution_months"):
        parts.append("contribution years not transcribed")
    if not dec(r.get("average_index")) and not dec(r.get("indexed_wage")) and "projection.basic_pension" in diffs:
        parts.append("average index not transcribed (the request falls back to the placeholder ledger's)")
    if not dec(r.get("account_balance")) and "projection.account_pension" in diffs:
        parts.append("account balance not transcribed")
    if "projection.transitional_pension" in diffs and p.get("transitional_pension") == "0.00" \
            and not r.get("transitional_years_printed") and not dec(r.get("pre_account_years")):
        parts.append("credited time not transcribed (the form pays a transitional pension; no years before the account are given)")
    if r["source"].get("content_commit") and r["source"].get("commit") != r["source"].get("content_commit") \
            and r["id"].startswith("old-"):
        parts.append(f"the file is gone from the repository at {r['source']['commit'][:7]} (read from its parent)")
    base_form = fen(r.get("benefit_base"))
    if base_form and p.get("benefit_base") != base_form:
        parts.append(f"计发基数 {p.get('benefit_base')} in the rules data ({'provisional' if p.get('benefit_base_provisional') else 'final'}) vs {base_form} on the form")
    printed_div = str(dec(r.get("divisor")) or "")
    if "." in printed_div:
        printed_div = printed_div.rstrip("0").rstrip(".")
    if printed_div and str(p.get("months_divisor")) != printed_div:
        parts.append(f"months divisor {p.get('months_divisor')} vs {r['divisor']} on the form")
    if "projection.transitional_pension" in diffs and p.get("transitional_pension") is None:
        parts.append("the province's transitional formula is not modelled")
    for k, (w, g) in diffs.items():
        parts.append(f"{k.split('.')[1]} {g} vs {w}")
    return "; ".join(parts)


def evaluate(r, want, choice, months=None, credited_months=None, indexed_wage=None):
    """Run the form's request: with its retirement month, else the statutory month a month off; with a
    placeholder ledger month before the rules data; with the form's own base when the rules data's differs."""
    req = request(r, choice=choice, months=months, credited_months=credited_months, indexed_wage=indexed_wage)
    doc = run(req)
    diffs, err = compare(doc, want)
    ledger = None
    statutory = None
    if err is not None and err.get("code") == "rules_not_available" and err.get("path") == "months[0].month":
        # The month before retirement is before the rules data's contribution figures: the ledger month
        # is then a placeholder inside them (the record is the form's, nothing is paid after it).
        ledger = PLACEHOLDER
        req = request(r, ledger=ledger, choice=choice, months=months, credited_months=credited_months, indexed_wage=indexed_wage)
        doc = run(req)
        diffs, err = compare(doc, want)
    if err is not None and err.get("path") == "person.retire_at":
        m = re.search(r"statutory month (\d{4}-\d{2})", err["message"]["en"])
        if m and abs(months_between(m.group(1), r["retirement_month"])) <= 1:
            # The form's pension starts a month off flexcalc's statutory month (the month of the
            # birthday or the one after): the same year and the same whole age, so the amounts are
            # the same; the request then leaves the month to the statutory rule.
            statutory = m.group(1)
            req = request(r, ledger=ledger, statutory=statutory, choice=choice, months=months, credited_months=credited_months, indexed_wage=indexed_wage)
            doc = run(req)
            diffs, err = compare(doc, want)
        elif m:
            # Outside the window: the form's pension starts after the statutory month (a late claim, or
            # contributions continued to the minimum years), or before it for the reason the form states
            # (special-type work, illness). The request says why; flexcalc warns and does not check it.
            reason = "late_claim" if r["retirement_month"] > m.group(1) else r.get("retirement_reason")
            if reason is None and r["province_code"] in HIGH_ALTITUDE:
                reason = "special_work"
            if reason:
                req = request(r, ledger=ledger, choice=choice, reason=reason, months=months, credited_months=credited_months, indexed_wage=indexed_wage)
                doc = run(req)
                diffs, err = compare(doc, want)
    given_base = None
    base_form = fen(r.get("benefit_base"))
    if err is None and diffs and base_form and doc["projection"].get("benefit_base") != base_form:
        # The form used another 计发基数 than the rules data give for its month (mostly the previous
        # year's, provisionally, before the year's notice): with the form's base, are the conventions right?
        req2 = request(r, base=base_form, ledger=ledger, statutory=statutory, choice=choice, reason=req["person"].get("retire_reason"), months=months, credited_months=credited_months, indexed_wage=indexed_wage)
        doc2 = run(req2)
        diffs2, err2 = compare(doc2, want)
        if err2 is None and not diffs2:
            given_base = (doc["projection"].get("benefit_base"), doc["projection"].get("benefit_base_provisional"))
            req, doc, diffs = req2, doc2, diffs2
    return req, doc, diffs, err, ledger, statutory, given_base, choice


def fit_index(req, want, diffs):
    """The indexes, at 8 decimals within the rounding of those printed (0.6014 stands for [0.60135,
    0.60145)), that reproduce the basic and transitional pensions to the fen, if they exist: the office
    computed with the unprinted digits. The basic pension follows the average index; the transitional
    pension follows the transitional index where the form prints one of its own, else the average index.
    Each part is monotone in its index, so each gives an interval of indexes, found by bisection; the form
    is reproduced when the intervals of each index meet. Returns (request, response, [(field, printed,
    chosen, (low, high))]) or None."""
    from decimal import Decimal
    person = req["person"]
    if "indexed_wage" in person or any(k not in ("projection.basic_pension", "projection.transitional_pension") for k in diffs) \
            or any(g is None for _, g in diffs.values()):
        return None
    ix, ti = person.get("average_index"), person.get("transitional_index")
    same_ti = ti is None or ti == ix
    fields = {"average_index": ["projection.basic_pension"] + (["projection.transitional_pension"] if same_ti else [])}
    if not same_ti:
        fields["transitional_index"] = ["projection.transitional_pension"]
    step = Decimal("0.00000001")
    out = json.loads(json.dumps(req))
    chosen = []
    for field, keys in fields.items():
        printed = person.get(field)
        places = len(printed.split(".")[1]) if printed and "." in printed else 0
        if not printed or places > 4:
            return None
        low = Decimal(printed) - Decimal(5) / Decimal(10) ** (places + 1)
        n = int(Decimal(1) / Decimal(10) ** places / step) - 1

        def part(k, key):
            r2 = json.loads(json.dumps(out))
            r2["person"][field] = str(low + k * step)
            if field == "average_index" and same_ti and ti is not None:
                r2["person"]["transitional_index"] = str(low + k * step)
            return Decimal(run(r2)["projection"][key.split(".")[1]])

        lo, hi = 0, n
        for key in keys:
            if key not in want:
                continue
            target = Decimal(want[key])
            a, b = 0, n + 1  # the first k whose part is at least the form's
            while a < b:
                m = (a + b) // 2
                if part(m, key) >= target:
                    b = m
                else:
                    a = m + 1
            first = a
            a, b = -1, n  # the last k whose part is at most the form's
            while a < b:
                m = (a + b + 1) // 2
                if part(m, key) <= target:
                    a = m
                else:
                    b = m - 1
            lo, hi = max(lo, first), min(hi, a)
        if lo > hi:
            return None
        x = str(low + (lo + hi) // 2 * step)
        out["person"][field] = x
        if field == "average_index" and same_ti and ti is not None:
            out["person"]["transitional_index"] = x
        chosen.append((field, printed, x, (str(low + lo * step), str(low + hi * step))))
    doc = run(out)
    d2, e2 = compare(doc, want)
    return (out, doc, chosen) if e2 is None and not d2 else None


def main():
    forms = [json.loads(l) for l in open(FORMS, encoding="utf-8")]
    cases_dir = os.path.join(ROOT, "tests", "cases")
    for f in os.listdir(cases_dir):
        if f.startswith("form-"):
            os.remove(os.path.join(cases_dir, f))
    counts = collections.defaultdict(lambda: collections.Counter())
    unmatched = []
    readings = json.load(open(READINGS, encoding="utf-8"))
    for r in forms:
        reading = readings.get(r["id"], {})
        # Amounts the repository's engine overwrote: the form's are those before (rebuild_forms.py); the
        # engine's are kept apart, to say whether flexcalc agrees with them where it does not with the form.
        synced = r.get("engine_synced") or {}
        engine_want = expected(r) if synced else None
        # The amounts checked are those before the overwrite, unless a reading states the form's own.
        from_before = bool(synced) and not any(k in reading.get("set", {}) for k in ("basic_pension", "account_pension", "transitional_pension"))
        r = dict(r, **synced.get("original", {}))
        r = dict(r, **reading.get("set", {}))
        prov = r.get("province") or r["province_code"]
        want = expected(r)
        if not want:
            continue
        if not r.get("birth_month") and r.get("retirement_age_years_months") and r.get("retirement_month"):
            m = re.match(r"(\d+)y(\d+)m", r["retirement_age_years_months"])
            if m:
                r["birth_month"] = ym_add(r["retirement_month"], -(int(m.group(1)) * 12 + int(m.group(2))))
        if not r.get("birth_month") or not r.get("retirement_month"):
            counts[prov]["unmatched"] += 1
            url, _ = source_of(r)
            unmatched.append((prov, r["id"], r.get("retirement_month"), url, with_withdrawal(r, "birth or retirement month not transcribed")))
            continue
        req, doc, diffs, err, ledger, statutory, given_base, choice = evaluate(r, want, 0)
        if (err is None and diffs or err is not None and err.get("path") != "person.retire_at") \
                and len(r.get("transitional_years_printed") or []) > 1:
            # The form prints both the years before the account and the 视同 years: which one the province's
            # transitional formula counts is the form's; the other is tried and kept when it reproduces it.
            for other in (1, 2):
                # 1: the other figure; 2: both, the 视同 years credited and the years before the account paid.
                alt = evaluate(r, want, other)
                if alt[3] is None and not alt[2]:
                    req, doc, diffs, err, ledger, statutory, given_base, choice = alt
                    break
        by_months = credited_by_months = iw_given = None
        if err is None and diffs:
            # What the printed figures stand for, tried in this order until the form is reproduced: the
            # whole months the years (and the credited years) were rounded from, to which the office applied
            # the province's years convention (rules data); then the form's printed indexed wage, computed
            # from an index with more decimals than the form prints.
            # Each reading of the credited years (the chosen one first) with each of these.
            choices = [choice] + [c for c in (0, 1, 2) if c != choice and len(r.get("transitional_years_printed") or []) > 1]
            for ch in choices:
                cy, _ = credited_of(r, ch)
                m, cm, iw = printed_months(r), months_of(cy), dec(r.get("indexed_wage"))
                for use_m, use_cm, use_iw in ((1, 0, 0), (0, 1, 0), (1, 1, 0), (0, 0, 1), (1, 0, 1), (0, 1, 1), (1, 1, 1)):
                    if use_m and not m or use_cm and not cm or use_iw and not iw:
                        continue
                    alt = evaluate(r, want, ch, months=m if use_m else None, credited_months=cm if use_cm else None,
                                   indexed_wage=iw if use_iw else None)
                    if alt[3] is None and not alt[2]:
                        req, doc, diffs, err, ledger, statutory, given_base, choice = alt
                        by_months, credited_by_months = (m if use_m else None), (cm if use_cm else None)
                        iw_given = iw if use_iw else None
                        break
                if err is None and not diffs:
                    break
        fitted = None
        if err is None and diffs:
            # The indexes' unprinted digits, with the figures as printed or as the months they stand for, with
            # the rules data's 计发基数 or the form's: tried where every part is within a yuan of the form's.
            cy, _ = credited_of(r, choice)
            m, cm = printed_months(r), months_of(cy)
            base_form = fen(r.get("benefit_base"))
            rules_base = doc["projection"].get("benefit_base")
            tries = [(um, uc, ub) for um in (0, 1) for uc in (0, 1) for ub in (0, 1)
                     if not (um and not m or uc and not cm or ub and (not base_form or base_form == rules_base))]
            for use_m, use_cm, use_base in sorted(tries, key=sum):
                rq = request(r, base=base_form if use_base else None, ledger=ledger, statutory=statutory, choice=choice,
                             reason=req["person"].get("retire_reason"), months=m if use_m else None,
                             credited_months=cm if use_cm else None)
                d = run(rq)
                df, e = compare(d, want)
                if e is not None or not df or any(g is None or abs(float(w) - float(g)) > 1 for w, g in df.values()):
                    continue
                got = fit_index(rq, want, df)
                if got:
                    req, doc, fitted = got
                    diffs = {}
                    by_months, credited_by_months = (m if use_m else None), (cm if use_cm else None)
                    if use_base:
                        given_base = (rules_base, doc["projection"].get("benefit_base_provisional"))
                    break
        url, described = source_of(r)
        base_form = fen(r.get("benefit_base"))
        if err is None and not diffs:
            counts[prov]["matched_with_form_base" if given_base else "matched_with_index_digits" if fitted else "matched"] += 1
            if r.get("withdrawn"):
                counts[prov]["withdrawn_matched"] += 1
            if reading.get("set"):
                counts[prov]["matched_read_otherwise"] += 1
            p = doc["projection"]
            comp = [
                f"form: {described}" if described else "form as transcribed",
            ] + ([f"the repository later removed this form ({r['withdrawn']['commit']}: {r['withdrawn']['why']}); it is kept as a case "
                  "because flexcalc reproduces it, and left out of the share of forms reproduced"] if r.get("withdrawn") else []) + [
                f"basic = ({p['benefit_base']} + {p['indexed_wage']}) / 2 x {p['years']} x 1 % -> {p['basic_pension']} (conventions: "
                + ", ".join(f"{c['code']} {c.get('value', '')}".strip() for c in p["conventions"]) + ")",
                f"account = {p['account_balance']} / {p['months_divisor']} = {p['account_pension']}",
            ]
            if from_before:
                comp.append(f"the repository's engine later overwrote amounts of this form ({' '.join(synced['commits'])}); the case checks "
                            "the form's amounts from before: " + ", ".join(f"{k} {v}" for k, v in synced["original"].items()))
            if reading.get("set"):
                comp.append("read otherwise than the transcription record: " + ", ".join(
                    f"{k} {v}" for k, v in reading["set"].items()) + f" ({reading['why']})")
            if by_months:
                comp.append(f"the form prints {r['contribution_years_as_stated']} years; the amounts are computed from the {by_months} months "
                            "they stand for, under the province's years convention (pension.years_convention in the rules data)")
            if credited_by_months:
                comp.append(f"the credited years printed {credited_of(r, choice)[0]} stand for {credited_by_months} months, "
                            "to which the province's years convention applies")
            for field, printed, x, (lo, hi) in fitted or []:
                comp.append(f"the form prints {field} {printed}; the office used more decimals: every {field} from {lo} to {hi} "
                            f"(inside the printed rounding) reproduces the " + ("basic and transitional pensions" if field == "average_index"
                            and "projection.transitional_pension" in want and "transitional_index" not in [c[0] for c in fitted] else
                            "basic pension" if field == "average_index" else "transitional pension") + f" to the fen; the request gives {x}")
            if iw_given:
                comp.append(f"the form's indexed wage {iw_given} is given (person.indexed_wage): base x printed index "
                            f"{r.get('average_index')} differs from it, the office's index has more decimals")
            if req["person"].get("retire_reason") and r["province_code"] in HIGH_ALTITUDE:
                comp.append("Tibet: the form retires at the high-altitude age (men 55, women 45, 藏政发〔2006〕37号 as cited with the form); "
                            "the request states it as retire_reason special_work (the 2024 decision art. 8 keeps high-altitude early retirement)")
            if req["person"].get("retire_reason"):
                comp.append(f"the form's retirement month {r['retirement_month']} is outside the flexible window: the request gives "
                            f"retire_reason {req['person']['retire_reason']} (the form's " + ("statement of the retirement type" if req['person']['retire_reason'] != "late_claim" else "pension starting after the statutory month") + "), and flexcalc warns retire_reason_applied")
            if statutory:
                comp.append(f"the form's pension starts {r['retirement_month']}, flexcalc's statutory month is {statutory} (the birthday's month "
                            "or the next): the same year and whole age, so the request leaves the month to the statutory rule")
            if ledger:
                comp.append(f"the ledger month {ledger} is a placeholder: the month before retirement is before the rules data's contribution figures; "
                            "the record is the form's and nothing is paid after it, so the month does not enter the pension")
            if given_base:
                comp.append(f"the form's 计发基数 {base_form} is given in the request: the rules data give {given_base[0]} for this month "
                            f"({'provisional' if given_base[1] else 'published'}); the form applied "
                            + ("the previous year's base before the year's notice" if base_form < given_base[0] else "another base"))
            if "projection.transitional_pension" in want:
                comp.append(f"transitional = {p['transitional_pension']} (credited years {p.get('credited_years', 0)})")
            case = {
                "name": f"Approval form {r['id']} ({prov} {r.get('city') or ''} {r['retirement_month']}): basic, account and transitional pensions to the fen",
                "source": f"{url} (official 养老金待遇核定表 as transcribed there; grade {r.get('confidence')}; id {r['id']} in scripts/issue18/forms-index.tsv)",
                "computation": comp,
                "request": req,
                "expect": dict(want, **{"projection.benefit_base": p["benefit_base"]}),
            }
            if req["person"].get("retire_reason"):
                case["expect_warnings"] = ["retire_reason_applied"]
            with open(os.path.join(cases_dir, f"form-{r['id']}.json"), "w", encoding="utf-8") as f:
                json.dump(case, f, ensure_ascii=False, indent=2)
                f.write("\n")
        else:
            counts[prov]["unmatched"] += 1
            why = reason(r, doc, diffs or {}, err)
            if from_before:
                agrees = err is None and not compare(doc, engine_want)[0]
                why = (f"overwritten by the repository's engine ({' '.join(synced['commits'])}: {synced['why'][-1]}); the form's amounts "
                       "are those before: " + ", ".join(f"{k} {v}" for k, v in synced["original"].items())
                       + ("; flexcalc agrees with the engine's figures, not with the form's" if agrees else "") + f"; {why}")
            if reading.get("contradicts"):
                why = f"the form's printed figures contradict each other: {reading['contradicts']}; {why}"
            elif reading.get("set"):
                why = f"read as {', '.join(f'{k} {v}' for k, v in reading['set'].items())} ({reading['why']}); {why}"
            unmatched.append((prov, r["id"], r["retirement_month"], url, with_withdrawal(r, why)))
    write_docs(counts, unmatched)


# Why a form is not reproduced, and whether the transcription could be reproduced at all: a form whose
# transcription lacks a figure, or whose figures contradict each other (a divisor for another age than its
# birth and retirement months give, a retirement month outside every window with no reason stated), cannot
# be checked by any calculator; the others are flexcalc's to explain.
KINDS = [
    ("withdrawn by the repository", "withdrawn", "the repository's maintainer removed the form as wrong (generated, dirty, or its source lost)"),
    ("contradict each other", "transcription", "the form's printed figures contradict each other (hand arithmetic of the printed figures alone, in scripts/issue18/readings.json)"),
    ("overwritten by the repository's engine", "engine", "the repository's calculator overwrote the form's amounts with its own output, and flexcalc does not reproduce the amounts before (neither evidence for nor against)"),
    ("not transcribed", "transcription", "a figure the computation needs is not transcribed (birth or retirement month, contribution years, account balance, credited time)"),
    ("outside flexcalc's window", "transcription", "the retirement month is outside every window for the transcribed birth month and track, and no reason (special-type work, illness) is transcribed"),
    ("months divisor", "transcription", "the form's divisor is for another age than the transcribed birth and retirement months give"),
    ("refuses", "flexcalc", "other refusal (an index above 3)"),
    ("not modelled", "flexcalc", "the province's transitional formula (or its part for credited time) is not modelled"),
    ("计发基数", "flexcalc", "another 计发基数 than the rules data hold, and not reproduced with the form's either"),
]


def kind_of(why):
    """(class, reason) of an unmatched form: class `transcription` or `flexcalc`."""
    for needle, cls, text in KINDS:
        if needle in why:
            return cls, text
    diffs = re.findall(r"(-?[0-9.]+|None) vs (-?[0-9.]+)", why)
    try:
        if diffs and all(abs(float(a) - float(b)) <= 0.5 for a, b in diffs):
            return "flexcalc", "within 0.50 yuan, and no index inside the printed rounding reproduces the parts (a figure read otherwise, a rounding not found)"
    except ValueError:
        pass
    return "flexcalc", "a part differs by more (a supplement in the item, a figure transcribed otherwise)"


def write_docs(counts, unmatched):
    total = {k: sum(c[k] for c in counts.values()) for k in ("matched", "matched_with_form_base", "matched_with_index_digits", "unmatched", "withdrawn_matched",
                                                   "matched_read_otherwise")}
    classes = collections.Counter(kind_of(why)[0] for *_, why in unmatched)
    reproduced = total["matched"] + total["matched_with_form_base"] + total["matched_with_index_digits"]
    # The share counts neither way the forms the repository withdrew as wrong.
    kept = reproduced - total["withdrawn_matched"]
    checkable = kept + classes["flexcalc"]
    lines = ["# Official pension approval forms checked against flexcalc (issue 18)", "",
             "Generated by `scripts/issue18/forms_to_cases.py` from the research file that `scripts/issue18/rebuild_forms.py`",
             "rebuilds from liubigfatty/pension-calculator (official 养老金待遇核定表 as transcribed there; the forms, their",
             "commits and paths are listed in `scripts/issue18/forms-index.tsv`). A form whose basic,",
             "account and transitional pensions flexcalc reproduces to the fen, from the figures printed on it and the",
             "计发基数 of the rules data, is a golden case `tests/cases/form-<id>.json`; the others are listed in",
             "`docs/approval-forms-unmatched.md` with the reason.", "",
             "Two kinds of golden case are counted apart, because the request states a figure the form does not print",
             "in full:",
             "- **the form's 计发基数**: the form used another base than the rules data hold for its month (mostly the",
             "  previous year's before the year's notice); the case checks the conventions, not the base;",
             "- **the index's unprinted digits**: the form prints the average (or transitional) index to 4 decimals, the",
             "  office computed with more. Each part is monotone in its index, so the script finds, by bisection with",
             "  flexcalc itself, the interval of 8-decimal indexes inside the printed rounding (0.6014 stands for",
             "  [0.60135, 0.60145)) that reproduce the part to the fen; when the intervals of the basic and transitional",
             "  pensions meet, the case gives an index from the common interval and says so in its `computation`.",
             "  The search is tried only where the parts that differ are those the index enters.", "",
             "What a request states beyond the printed figures, each said in the case's `computation`: the whole months",
             "a years figure stands for (two decimals printed, or four written by the transcriber: 34.6667 is 416",
             "months), for the contribution and the credited years, where the figure as printed does not reproduce the",
             "form (the province's `pension.years_convention` then applies); the form's printed indexed wage",
             "(`person.indexed_wage`) where base × printed index does not; `retire_reason` `special_work` for Tibet's",
             "high-altitude retirement age and for a form that states special-type work, `late_claim` for a pension",
             "starting after the window; `credited_account_balance` where the form prints a 虚账实记 or a credited-time",
             "account (Shanghai, Guangdong). Evidence for each convention: `docs/sources-log.md`.", "",
             "**Readings other than the transcription record's** (`scripts/issue18/readings.json`, worked out form by form on",
             "2026-12-03): where the record contradicts what the form itself prints or what the repository's history holds,",
             "the request follows the form, and the case says so with the evidence: a birth month that the printed divisor",
             "and the transcriber's own note (60岁2个月) place otherwise; an index that the printed indexed wage fixes",
             "(7752.03 ÷ 6385 = 1.2141); an account balance with the printed 个人账户补贴 the record dropped; the first",
             "transcription or the source article where a later edit replaced a printed figure. A reading is never taken",
             "from flexcalc's own result. The same file lists the forms whose printed figures contradict each other (a part",
             "off the printed total, a basic pension exactly 500.00 above what the base, index and years give while the",
             "transitional pension on the same terms is as printed), shown by arithmetic of the printed figures alone;",
             "they count with the forms that cannot be checked.", "",
             "**Amounts the repository's calculator overwrote.** The repository's maintainer several times replaced the",
             "printed amounts of many forms with his own calculator's output (72a272d \"172个案例期望值更新为引擎计算值\",",
             "b8648a7, dc2bd5d \"经引擎重算\", 624316c \"重新标定\", fbf93dd …; `rebuild_forms.py` lists the patterns and",
             "each commit it counts). Agreeing with another calculator is no evidence, so a form so touched is checked",
             "against its amounts from before the first such commit; where flexcalc does not reproduce those, the form",
             "is listed as engine-overwritten and left out of the share either way (the list says where flexcalc agrees",
             "with the overwritten figures instead). 16 forms that were golden cases on 2026-12-02 on the overwritten",
             "figures are no longer.", "",
             f"Total, of {reproduced + total['unmatched']} forms with printed amounts: **{reproduced} reproduced to the fen** "
             f"({total['matched']} with the rules data's base, {total['matched_with_form_base']} with the form's base, "
             f"{total['matched_with_index_digits']} with the index's unprinted digits; {total['matched_read_otherwise']} of all these "
             "with a figure read otherwise than the transcription record, each with its evidence in `scripts/issue18/readings.json`"
             f"); {total['unmatched']} not reproduced, of which "
             f"{classes['withdrawn']} the repository itself withdrew as wrong, {classes['engine']} whose amounts the repository's "
             "calculator overwrote with its own output and whose amounts from before flexcalc does not reproduce, "
             f"{classes['transcription']} cannot be checked from "
             f"their transcription (a figure missing or contradicting the others) and {classes['flexcalc']} are complete but not "
             "reproduced.", "",
             f"The repository withdrew {classes['withdrawn'] + total['withdrawn_matched']} of the forms as wrong (commits abf1cdd "
             f"\"清理早期脏case\", ac448bb \"旧脏case归档\", 195340d \"original source lost\"); flexcalc reproduces "
             f"{total['withdrawn_matched']} of them all the same. Leaving them out, the engine-overwritten forms flexcalc does not reproduce, and the forms that cannot be checked: **of the "
             f"{checkable} forms whose transcription is complete and consistent, flexcalc reproduces {kept} "
             f"({100 * kept / checkable:.1f} %)**.", "",
             "| province | matched | with the form's base | with the index's digits | of these, read otherwise | not matched: withdrawn | not matched: engine-overwritten | not matched: transcription | not matched: complete |",
             "|---|---|---|---|---|---|---|---|---|"]
    per = collections.defaultdict(collections.Counter)
    for prov, _fid, _m, _u, why in unmatched:
        per[prov][kind_of(why)[0]] += 1
    for prov in sorted(counts):
        c = counts[prov]
        lines.append(f"| {prov} | {c['matched']} | {c['matched_with_form_base']} | {c['matched_with_index_digits']} | {c['matched_read_otherwise']} | "
                     f"{per[prov]['withdrawn']} | {per[prov]['engine']} | {per[prov]['transcription']} | {per[prov]['flexcalc']} |")
    kinds = collections.Counter(kind_of(why) for *_, why in unmatched)
    lines += ["", "Why the others are not matched (first reason that applies):", "", "| reason | class | forms |", "|---|---|---|"]
    for (cls, k), n in kinds.most_common():
        lines.append(f"| {k} | {cls if cls != 'flexcalc' else 'complete'} | {n} |")
    open(os.path.join(ROOT, "docs", "approval-forms.md"), "w", encoding="utf-8").write("\n".join(lines) + "\n")
    u = ["# Approval forms flexcalc does not reproduce", "",
         "Each row: the form, where it was published, and why flexcalc's figures differ (flexcalc's value first, the",
         "form's second). Generated by `scripts/issue18/forms_to_cases.py`; counts in `docs/approval-forms.md`.", "",
         "| province | form | retirement | source | class | reason |", "|---|---|---|---|---|---|"]
    for prov, fid, month, url, why in sorted(unmatched, key=lambda x: (x[0], x[1])):
        cls = kind_of(why)[0] if kind_of(why)[0] != "flexcalc" else "complete"
        u.append(f"| {prov} | {fid} | {month} | {url} | {cls} | {why.replace('|', '/')} |")
    open(os.path.join(ROOT, "docs", "approval-forms-unmatched.md"), "w", encoding="utf-8").write("\n".join(u) + "\n")
    print(f"reproduced {reproduced} ({total['matched']} + form's base {total['matched_with_form_base']} + index digits "
          f"{total['matched_with_index_digits']}); not: transcription {classes['transcription']}, complete {classes['flexcalc']}; "
          f"withdrawn {classes['withdrawn']} (+{total['withdrawn_matched']} matched); engine-overwritten {classes['engine']}; {100 * kept / checkable:.1f} % of {checkable} checkable")

if __name__ == "__main__":
    main()
