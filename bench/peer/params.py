"""Exports flexcalc's rules data for the regions and months of a population CSV as OpenFisca parameter
data (one node per quantity, keyed by region code, with a dated value per month).

Usage: python params.py FLEXCALC_BIN INPUT.csv PARAMS.json
"""

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pandas as pd

MODES = {"half_up": 0, "up": 1, "down": 2}


def fen(x):
    return round(float(x) * 100, 6)


def export(binary, region, month):
    doc = json.loads(subprocess.run([binary, "rules", "--region", region, "--month", month], check=True,
                                    capture_output=True, text=True).stdout)
    p = {x["name"]: x["value"] for x in doc["parameters"]}
    province = doc["region"][:2] + "0000"
    med = p.get("medical.flexible")
    v = {
        "base_floor_fen": fen(p["pension.base_floor"]),
        "pension_rate": float(p["pension.rate"]),
        "rounding_unit_fen": fen(p["rounding.contribution"]["unit"]),
        "rounding_mode": MODES[p["rounding.contribution"]["mode"]],
        "medical_kind": 0, "medical_rate": 0.0, "medical_base_floor_fen": 0.0, "medical_base_ceiling_fen": 1e15,
        "medical_fixed_base_fen": 0.0, "medical_amount_fen": 0.0,
    }
    if med:
        kind = med["kind"]
        if kind == "rate_on_base":
            v.update(medical_kind=1, medical_rate=float(med["rate"]))
            if med.get("base_floor"):
                v["medical_base_floor_fen"] = fen(med["base_floor"])
            if med.get("base_ceiling"):
                v["medical_base_ceiling_fen"] = fen(med["base_ceiling"])
        elif kind == "rate_on_fixed_base":
            v.update(medical_kind=2, medical_rate=float(med["rate"]), medical_fixed_base_fen=fen(med["base"]))
        elif kind == "fixed_monthly":
            v.update(medical_kind=3, medical_amount_fen=fen(med["amount"]))
        elif kind == "yearly_tiers":
            v.update(medical_kind=4, medical_amount_fen=fen(med["tiers"][0]["yearly_amount"]))
    pilot = p.get("injury.pilot_provinces") or []
    fees = p.get("injury.fee_per_order") or {}
    v["injury_covered"] = 1.0 if ("*" in pilot or province in pilot) else 0.0
    for k in ["instant_delivery", "ride_hailing", "freight"]:
        v[f"fee_{k}_fen"] = fen(fees.get(k, 0))
    return region, month, v


def main(binary, input_csv, out):
    df = pd.read_csv(input_csv, usecols=["region", "month"], dtype=str).drop_duplicates()
    with ThreadPoolExecutor(8) as ex:
        results = list(ex.map(lambda rm: export(binary, *rm), df.itertuples(index=False, name=None)))
    nodes = {}
    for region, month, values in results:
        for name, value in values.items():
            nodes.setdefault(name, {}).setdefault(region, {"values": {}})["values"][f"{month}-01"] = value
    with open(out, "w") as f:
        json.dump(nodes, f)
    print(f"params: {len(results)} region-months, {len(nodes)} parameters -> {out}")


if __name__ == "__main__":
    main(*sys.argv[1:4])
