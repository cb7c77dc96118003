#!/usr/bin/env python3
"""Merge the researched benefit bases (计发基数) into rules/regions/*.toml (issue 18).

Reads /work/research/benefit-bases.tsv (or the path given), adds a [[param]] pension.benefit_base for every row
whose scope and period are not yet in the region file, with a source per distinct document/address, and
prints the rows it skipped (same period already present: equal or conflicting value). Run once; re-running adds
nothing (the periods are then present)."""
import csv, re, sys, glob, os

TSV = sys.argv[1] if len(sys.argv) > 1 else "/work/research/benefit-bases.tsv"
ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
LB = "https://github.com/liubigfatty/pension-calculator/tree/dba9b78b4a88eeab01adec5ff4a5f6573e51f2e1/cases"
# Hubei's province-level rows repeat Wuhan's (tier 1) figure, which the other prefectures do not use.
SKIP_SCOPES = {"420000"}


def ym(s):
    return s.strip()[:7]


def published(row):
    m = re.search(r"published (\d{4}-\d{2})-\d{2}", row["notes"])
    if m:
        return m.group(1)
    url = row["url"]
    if ".gov.cn" in url:
        m = re.search(r"/art/(\d{4})/(\d{1,2})/\d{1,2}/", url) or re.search(r"/t(\d{4})(\d{2})\d{2}_", url)
        if m:
            return f"{m.group(1)}-{int(m.group(2)):02d}"
    return None


def existing(text):
    out = []
    for block in text.split("[[param]]")[1:]:
        if 'name = "pension.benefit_base"' not in block:
            continue
        g = lambda k: (re.search(rf'^{k} = "([^"]*)"', block, re.M) or [None, None])[1]
        out.append((g("scope"), g("from"), g("to"), g("value")))
    return out


def overlaps(a_from, a_to, b_from, b_to):
    a_to = a_to or "9999-12"
    b_to = b_to or "9999-12"
    return a_from <= b_to and b_from <= a_to


rows = list(csv.DictReader(open(TSV, encoding="utf-8"), delimiter="\t"))
by_prov = {}
for r in rows:
    by_prov.setdefault(r["province_code"], []).append(r)

report = []
for prov, rs in sorted(by_prov.items()):
    files = glob.glob(os.path.join(ROOT, "rules", "regions", f"{prov}-*.toml"))
    if not files:
        report.append(f"{prov}: no region file")
        continue
    path = files[0]
    text = open(path, encoding="utf-8").read()
    have = existing(text)
    sources, params = {}, []
    for r in rs:
        scope = r["city_code"].strip() or prov
        if scope in SKIP_SCOPES:
            report.append(f"{prov} {scope} {r['year']}: skipped (province row repeats the tier-1 city figure)")
            continue
        frm = ym(r["applies_from"]) or f"{r['year']}-01"
        to = ym(r["applies_to"]) if r["applies_to"].strip() else f"{r['year']}-12"
        value = r["base"].strip()
        clash = [h for h in have if (h[0] or prov) == scope and overlaps(frm, to, h[1], h[2])]
        if clash:
            same = all(h[3] == value for h in clash)
            report.append(f"{prov} {scope} {r['year']} {value}: present ({'same' if same else 'CONFLICT ' + str(clash)})")
            continue
        doc, url = r["document_number"].strip(), r["url"].strip()
        key = f"bb-{scope}-{r['year']}"
        src = {"document": doc or None, "url": url or None, "published": published(r)}
        if not doc and not url:
            slug = os.path.basename(path)[7:-5]
            src["document"] = f"养老金待遇核定表（approval forms as transcribed in liubigfatty/pension-calculator cases/{slug}/）"
            src["url"] = f"{LB}/{slug}"
            src["published"] = None
        sources[key] = src
        note = re.sub(r'["\\]', "'", r["notes"].strip())
        params.append((scope, frm, to, value, r["grade"].strip() or "C", key, note))
        have.append((scope, frm, to, value))
    if not params:
        continue
    src_text = ""
    for key, s in sources.items():
        src_text += f"\n[sources.{key}]\n"
        title = "养老金计发基数（基本养老金计发基数）"
        if s["document"]:
            src_text += f'document = "{s["document"]}"\n'
        src_text += f'title = "{title}"\n'
        if s["url"]:
            src_text += f'url = "{s["url"]}"\n'
        if s["published"]:
            src_text += f'published = "{s["published"]}"\n'
    par_text = "\n# Benefit bases (计发基数) from the issue-18 research (/work/research/benefit-bases.tsv, 2026-12): a year's base\n# applies to pensions starting in that year; before its notice is published the previous year's applies\n# provisionally and the pension is recomputed afterwards (多退少补).\n"
    for scope, frm, to, value, grade, key, note in params:
        par_text += "\n[[param]]\nname = \"pension.benefit_base\"\n"
        if scope != prov:
            par_text += f'scope = "{scope}"\n'
        par_text += f'from = "{frm}"\nto = "{to}"\nvalue = "{value}"\ngrade = "{grade}"\nsource = "{key}"\n'
        if note:
            par_text += f'note = "{note}"\n'
    i = text.index("[[param]]")
    text = text[:i] + src_text.lstrip("\n") + "\n" + text[i:]
    text = text.rstrip("\n") + "\n" + par_text
    open(path, "w", encoding="utf-8").write(text)
    report.append(f"{prov}: added {len(params)} bases")
print("\n".join(report))
