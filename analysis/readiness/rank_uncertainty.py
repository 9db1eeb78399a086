"""Uncertainty of the readiness ranks: the uncertain inputs and each regency's rank interval.

The readiness pipeline (:func:`analysis.readiness.indices.readiness_pipeline_spec`) varied as
:data:`UNCERTAINTY_SPEC` says, by :func:`analysis.index.uncertainty.rank_intervals`. Nothing is
cached here: the build stage stores the result.
"""
from __future__ import annotations

from analysis.index.uncertainty import rank_intervals as _rank_intervals
from analysis.readiness.assessments import (UNIT, assessments_wide, load_assessments,
                                            load_readiness_framework, regency_names)
from analysis.readiness.indices import readiness_pipeline_spec

#: Uncertain inputs of the readiness index (COINr's vignette set-up, weights on three levels):
#: weights ±25 % on items, sub-dimensions and pillars; normalisation min-max [1, 100] vs z-score
#: (10, 2); arithmetic vs geometric mean. Both normalisations are strictly positive, so the
#: geometric mean is defined in every sample.
UNCERTAINTY_SPEC = {
    "seed": 1, "weight_sets": 100,
    "inputs": [
        {"name": "weights", "type": "weights", "levels": {1: 0.25, 2: 0.25, 3: 0.25}},
        {"name": "normalisation", "type": "normalisation",
         "alternatives": [{"method": "minmax", "range": [1, 100]},
                          {"method": "zscore", "mean": 10, "sd": 2}]},
        {"name": "aggregation", "type": "aggregation", "alternatives": ["arithmetic", "geometric"]},
    ],
}


def intervals_of_assessments(long, fw=None, samples: int = 256, seed: int = 1,
                             spec: dict | None = None):
    """Per regency of the long assessments ``long`` the nominal, median and 5th–95th
    percentile rank over the uncertainty analysis (:func:`analysis.index.uncertainty.
    rank_intervals` with :data:`UNCERTAINTY_SPEC`), with a ``label`` column (regency name)."""
    fw = fw or load_readiness_framework()
    return _rank_intervals(fw, assessments_wide(long), readiness_pipeline_spec(fw),
                           spec or UNCERTAINTY_SPEC, samples=samples, seed=seed, unit_col=UNIT,
                           labels=regency_names(long))


def compute_rank_intervals(data_dir, samples: int = 256, seed: int = 1,
                           spec: dict | None = None):
    """:func:`intervals_of_assessments` of the assessments of a data directory."""
    fw = load_readiness_framework()
    return intervals_of_assessments(load_assessments(data_dir, fw=fw), fw, samples, seed, spec)


def rank_intervals(data_dir, samples: int = 256, seed: int = 1, spec: dict | None = None):
    """The rank intervals of every regency (same as :func:`compute_rank_intervals`)."""
    return compute_rank_intervals(data_dir, samples, seed, spec)


def interval_of(ranks, code: str, samples: int = 256) -> dict | None:
    """One regency's row of a :func:`rank_intervals` table as a dict (nominal, median, p05,
    p95, samples, runs), or None when it is not there."""
    if ranks is None:
        return None
    row = ranks[ranks["unit"] == str(code)]
    if row.empty:
        return None
    r = row.iloc[0]
    return {"nominal": int(r["nominal_rank"]), "median": float(r["median_rank"]),
            "p05": float(r["p05_rank"]), "p95": float(r["p95_rank"]), "samples": int(samples),
            "runs": int(samples) * (len(UNCERTAINTY_SPEC["inputs"]) + 2)}


def rank_interval(code: str, data_dir, samples: int = 256) -> dict | None:
    """One regency's rank interval (nominal, median, p05, p95, samples, runs), or None."""
    return interval_of(rank_intervals(data_dir, samples), code, samples)
