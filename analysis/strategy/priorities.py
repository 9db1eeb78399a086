"""Which programmes come first, and how firm that order is.

A programme's priority score is the weighted mean of its four criteria on their 1–5 scale
(:data:`analysis.masterplan.strategies.CRITERIA`: impact, urgency, readiness, cost with 5 = the
cheapest; weights ``priority.weights`` of the settings, equal by default):
``score = Σ wᵢ·xᵢ / Σ wᵢ``, so the score is on 1–5 too. Rank 1 is the highest score; equal
scores share a rank (competition ranking, 1-2-2-4, :mod:`analysis.index.rank`).

The scores are an index of the index engine: a framework with one root (arithmetic mean) and
the four criteria as leaves taken as given (:func:`priority_framework`), run by
:func:`analysis.index.pipeline.run_pipeline`. The rank range is that index's uncertainty
analysis (:func:`analysis.index.uncertainty.run_uncertainty`) with every weight varying by
``± variation`` (COINr's noisy weights: each weight times ``1 + variation·U(−1, 1)``): the best
and the worst rank of each programme over its runs, and never narrower than the nominal rank.
A range of one rank means no change of weights within ±25 % moves the programme; a wide range
means its place depends on how the criteria are weighed.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.frameworks import Framework, framework_from_dict
from analysis.index.pipeline import run_pipeline
from analysis.index.uncertainty import run_uncertainty
from analysis.masterplan.strategies import CRITERIA
from analysis.strategy.settings import load_settings

COLUMNS = ["kode_program", "skor_prioritas", "peringkat", "peringkat_min", "peringkat_maks"]
#: Columns after :data:`COLUMNS`: what the programme is (its name, pillar and strategy).
EXTRA_COLUMNS = ["program", "pilar", "kode_strategi"]
ROOT = "skor_prioritas"
UNIT = "kode_program"
PIPELINE = {"name": "prioritas-program",
            "stages": {"aggregated": {"method": "arithmetic", "weights": "framework"}}}


def priority_framework(weights: dict) -> Framework:
    """The priority score as an index framework: the weighted arithmetic mean of the four
    criteria (taken as given, 1–5)."""
    return framework_from_dict({
        "code": "prioritas-program",
        "nodes": [{"code": ROOT, "aggregation": "arithmetic"},
                  *({"code": c, "parent": ROOT, "weight": float(weights[c])}
                    for c in CRITERIA)]}, "<priority settings>")


def scored_programmes(programmes: pd.DataFrame) -> pd.DataFrame:
    """The programmes with all four criteria scored (the others have no priority)."""
    if programmes.empty or not all(c in programmes.columns for c in CRITERIA):
        return programmes.iloc[0:0]
    return programmes[programmes[list(CRITERIA)].notna().all(axis=1)]


def priorities(programmes: pd.DataFrame, settings: dict | None = None) -> pd.DataFrame:
    """:data:`COLUMNS` + :data:`EXTRA_COLUMNS` for every programme with its four criteria
    scored (``id, program, pillar, strategy_code`` and the criteria columns), by rank then
    code; empty without any."""
    cfg = (settings or load_settings())["priority"]
    scored = scored_programmes(programmes)
    if scored.empty:
        return pd.DataFrame(columns=COLUMNS + EXTRA_COLUMNS)
    data = pd.DataFrame({UNIT: scored["id"].astype(str).to_numpy(),
                         **{c: pd.to_numeric(scored[c]).astype(float).to_numpy()
                            for c in CRITERIA}})
    fw = priority_framework(cfg["weights"])
    nominal = run_pipeline(fw, data, PIPELINE, unit_col=UNIT)
    spec = {"seed": int(cfg["seed"]), "weight_sets": int(cfg["weight_sets"]),
            "inputs": [{"name": "weights", "type": "weights",
                        "levels": {1: float(cfg["variation"])}}]}
    res = run_uncertainty(fw, data, PIPELINE, spec, samples=int(cfg["samples"]),
                          seed=int(cfg["seed"]), unit_col=UNIT, sensitivity=False)
    ranks = pd.DataFrame(np.asarray(res.ranks, dtype=float), index=res.units)
    rank = nominal.ranks.reindex(data[UNIT]).astype(int).to_numpy()
    low = ranks.min(axis=1, skipna=True).reindex(data[UNIT]).to_numpy()
    high = ranks.max(axis=1, skipna=True).reindex(data[UNIT]).to_numpy()
    out = pd.DataFrame({
        UNIT: data[UNIT], ROOT: nominal.scores.reindex(data[UNIT]).to_numpy(),
        "peringkat": rank, "peringkat_min": np.minimum(rank, low).astype(int),
        "peringkat_maks": np.maximum(rank, high).astype(int),
        "program": scored.get("program", pd.Series(None, index=scored.index)).to_numpy(),
        "pilar": scored["pillar"].to_numpy(),
        "kode_strategi": scored.get("strategy_code",
                                    pd.Series(None, index=scored.index)).to_numpy()})
    return out.sort_values(["peringkat", UNIT], kind="stable").reset_index(drop=True)
