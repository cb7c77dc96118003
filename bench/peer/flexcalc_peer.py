"""The current-law contribution rules of flexcalc as an OpenFisca model, for a side-by-side benchmark.

Scope (what a synthetic population from `flexcalc synth` exercises under current law, no base choice):
  pension base      = the month's base floor (the current-law default)
  pension total     = base x pension.rate, rounded by rounding.contribution (unit, mode)
  medical total     = by the city's medical.flexible rule: rate_on_base (base clamped to the rule's
                      floor/ceiling), rate_on_fixed_base, fixed_monthly, yearly_tiers (tier "1" / 12);
                      0 with medical_scheme "none"; rounded by rounding.contribution
  worker pays       = pension + medical (current law: platforms pay nothing)
  injury (platform) = sum over the month's platforms of orders x injury.fee_per_order[sector], in
                      the provinces of injury.pilot_provinces

The parameter values are flexcalc's own rules data (exported per region and month with
`flexcalc rules`, see params.py), so that the comparison tests the engines, not two readings of
the law. Entities: a job (one input row: a worker's month on one platform) belongs to a
worker_month (the group). Input and output go through pandas, as OpenFisca users do.

Usage: python flexcalc_peer.py INPUT.csv OUTPUT.csv PARAMS.json
"""

import json
import sys
import time

import numpy as np
import pandas as pd
from openfisca_core import periods
from openfisca_core.entities import build_entity
from openfisca_core.model_api import MONTH, Variable
from openfisca_core.parameters import ParameterNode
from openfisca_core.simulation_builder import SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

Job = build_entity(key="job", plural="jobs", label="A month's work on one platform", is_person=True)
WorkerMonth = build_entity(
    key="worker_month",
    plural="worker_months",
    label="One worker in one month",
    roles=[{"key": "job", "plural": "jobs", "label": "Job"}],
)

SECTORS = ["instant_delivery", "ride_hailing", "freight", "other"]


class orders(Variable):
    value_type = int
    entity = Job
    definition_period = MONTH
    label = "Orders on the platform in the month"


class sector_code(Variable):
    value_type = int
    entity = Job
    definition_period = MONTH
    label = "Index of the sector in SECTORS"


class region(Variable):
    value_type = str
    entity = WorkerMonth
    definition_period = MONTH
    label = "Region code (as the rules data key it)"


class medical_none(Variable):
    value_type = bool
    entity = WorkerMonth
    definition_period = MONTH
    label = "The worker left employee medical insurance out"


def apply_rounding(amount_fen, unit_fen, mode_code):
    """Rounds amounts in fen to a multiple of unit_fen: mode 0 half up, 1 up, 2 down."""
    q = amount_fen / unit_fen
    eps = 1e-6
    half_up = np.floor(q + 0.5 + eps)
    up = np.ceil(q - eps)
    down = np.floor(q + eps)
    units = np.where(mode_code == 0, half_up, np.where(mode_code == 1, up, down))
    return np.round(units * unit_fen)


class pension_base_fen(Variable):
    value_type = float
    entity = WorkerMonth
    definition_period = MONTH
    label = "Pension base under current law: the floor (fen)"

    def formula(wm, period, parameters):
        return parameters(period).regions.base_floor_fen[wm("region", period)]


class pension_total_fen(Variable):
    value_type = float
    entity = WorkerMonth
    definition_period = MONTH
    label = "Pension contribution (fen)"

    def formula(wm, period, parameters):
        p = parameters(period).regions
        r = wm("region", period)
        raw = wm("pension_base_fen", period) * p.pension_rate[r]
        return apply_rounding(raw, p.rounding_unit_fen[r], p.rounding_mode[r])


class medical_total_fen(Variable):
    value_type = float
    entity = WorkerMonth
    definition_period = MONTH
    label = "Employee medical contribution of a flexibly employed person (fen)"

    def formula(wm, period, parameters):
        p = parameters(period).regions
        r = wm("region", period)
        kind = p.medical_kind[r]  # 0 none, 1 rate on base, 2 rate on fixed base, 3 fixed, 4 yearly tier
        base = wm("pension_base_fen", period)
        clamped = np.minimum(np.maximum(base, p.medical_base_floor_fen[r]), p.medical_base_ceiling_fen[r])
        raw = np.select(
            [kind == 1, kind == 2, kind == 3, kind == 4],
            [clamped * p.medical_rate[r], p.medical_fixed_base_fen[r] * p.medical_rate[r], p.medical_amount_fen[r],
             p.medical_amount_fen[r] / 12.0],
            default=0.0,
        )
        total = apply_rounding(raw, p.rounding_unit_fen[r], p.rounding_mode[r])
        return np.where(wm("medical_none", period) | (kind == 0), 0.0, total)


class injury_fee_fen(Variable):
    value_type = float
    entity = Job
    definition_period = MONTH
    label = "Occupational injury protection fee the platform pays (fen)"

    def formula(job, period, parameters):
        p = parameters(period).regions
        r = job.worker_month("region", period)
        fees = np.stack([p.fee_instant_delivery_fen[r], p.fee_ride_hailing_fen[r], p.fee_freight_fen[r],
                         np.zeros(len(r))])
        s = job("sector_code", period)
        fee = fees[s, np.arange(len(s))]
        return np.round(job("orders", period) * fee * p.injury_covered[r], 6)


class injury_total_fen(Variable):
    value_type = float
    entity = WorkerMonth
    definition_period = MONTH
    label = "Injury protection fees of the month, all platforms (fen)"

    def formula(wm, period, parameters):
        return wm.sum(wm.members("injury_fee_fen", period))


class worker_pays_fen(Variable):
    value_type = float
    entity = WorkerMonth
    definition_period = MONTH
    label = "What the worker pays under current law (fen)"

    def formula(wm, period, parameters):
        return wm("pension_total_fen", period) + wm("medical_total_fen", period)


def build_system(params_path):
    system = TaxBenefitSystem([Job, WorkerMonth])
    for v in [orders, sector_code, region, medical_none, pension_base_fen, pension_total_fen, medical_total_fen,
              injury_fee_fen, injury_total_fen, worker_pays_fen]:
        system.add_variable(v)
    with open(params_path) as f:
        data = json.load(f)
    system.parameters = ParameterNode("", data={"regions": data})
    return system


def run(input_csv, output_csv, params_path):
    t0 = time.perf_counter()
    system = build_system(params_path)
    df = pd.read_csv(input_csv, dtype={"worker_id": str, "region": str, "month": str, "medical_tier": str})
    t_read = time.perf_counter()
    df["wm"] = df["worker_id"] + "|" + df["month"]
    out = []
    compute = 0.0
    for month, rows in df.groupby("month", sort=True):
        tc = time.perf_counter()
        wm_codes, wm_index = np.unique(rows["wm"].to_numpy(), return_index=True)
        first = rows.iloc[wm_index]
        builder = SimulationBuilder()
        builder.create_entities(system)
        builder.declare_person_entity("job", [str(i) for i in range(len(rows))])
        wm_entity = builder.declare_entity("worker_month", list(wm_codes))
        membership = np.searchsorted(wm_codes, rows["wm"].to_numpy())
        builder.join_with_persons(wm_entity, membership.tolist(), ["job"] * len(rows))
        sim = builder.build(system)
        period = periods.period(month)
        sim.set_input("orders", period, rows["orders"].fillna(0).to_numpy(dtype=int))
        sim.set_input("sector_code", period, rows["sector"].fillna("other").map(SECTORS.index).to_numpy(dtype=int))
        sim.set_input("region", period, first["region"].to_numpy(dtype=str))
        sim.set_input("medical_none", period, (first["medical_scheme"].fillna("") == "none").to_numpy())
        res = pd.DataFrame({
            "worker_id": first["worker_id"].to_numpy(),
            "month": month,
            "cl_pension_base": sim.calculate("pension_base_fen", period) / 100,
            "cl_pension_total": sim.calculate("pension_total_fen", period) / 100,
            "cl_medical_total": sim.calculate("medical_total_fen", period) / 100,
            "cl_worker": sim.calculate("worker_pays_fen", period) / 100,
            "injury_platforms": sim.calculate("injury_total_fen", period) / 100,
        })
        compute += time.perf_counter() - tc
        out.append(res)
    result = pd.concat(out).sort_values(["worker_id", "month"], kind="stable")
    result.to_csv(output_csv, index=False, float_format="%.2f")
    t_end = time.perf_counter()
    stats = {"rows": len(df), "worker_months": len(result), "read_s": t_read - t0, "compute_s": compute,
             "total_s": t_end - t0}
    print("PEER_RESULT " + json.dumps(stats))


if __name__ == "__main__":
    run(sys.argv[1], sys.argv[2], sys.argv[3])
