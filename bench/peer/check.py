"""Checks that the OpenFisca peer and flexcalc agree on every figure they both compute.
Usage: python check.py FLEXCALC_OUTPUT.csv PEER_OUTPUT.csv"""

import sys

import pandas as pd

COLUMNS = ["cl_pension_base", "cl_pension_total", "cl_medical_total", "cl_worker", "injury_platforms"]

ours = pd.read_csv(sys.argv[1], dtype=str, usecols=["worker_id", "month"] + COLUMNS)
peer = pd.read_csv(sys.argv[2], dtype=str)
m = ours.merge(peer, on=["worker_id", "month"], how="outer", suffixes=("_flexcalc", "_peer"), indicator=True)
missing = (m["_merge"] != "both").sum()
bad = 0
for c in COLUMNS:
    a = pd.to_numeric(m[c + "_flexcalc"]).round(2)
    b = pd.to_numeric(m[c + "_peer"]).round(2)
    diff = m[(a != b) & (m["_merge"] == "both")]
    if len(diff):
        bad += len(diff)
        print(f"check: {c}: {len(diff)} worker-months differ, e.g.")
        print(diff[["worker_id", "month", c + "_flexcalc", c + "_peer"]].head(5).to_string(index=False))
figures = len(m) * len(COLUMNS)
print(f"check: {len(m)} worker-months, {figures} figures compared, {bad} differ, {missing} worker-months only on one side")
sys.exit(1 if bad or missing else 0)
