"""Uncertainty and sensitivity analysis of an index pipeline, in seconds.

Usage::

    from analysis.index.uncertainty import run_uncertainty
    res = run_uncertainty(framework, data, "coinr-example", spec=None, samples=1000)
    res.rank_table()          # unit, nominal_rank, median_rank, p05_rank, p95_rank
    res.sensitivity_table()   # input, output, unit, S1 (+ CI), ST (+ CI)

* The uncertain inputs come from a spec (:mod:`analysis.index.uncertainty_spec`; without one,
  :func:`analysis.index.uncertainty_engine.default_spec`), validated against the pipeline before
  anything is sampled.
* Samples: a Saltelli design with ``samples`` base points and ``k`` inputs, ``samples·(k + 2)``
  pipeline variants (:mod:`analysis.index.sensitivity`), all of them used for the rank statistics.
* Uncertainty: per unit the nominal rank (the pipeline as given), the median rank and the 5th and
  95th percentile ranks (linear interpolation, as R's default quantile).
* Sensitivity: first-order and total Sobol indices of every input with bootstrap confidence
  intervals, for the mean absolute rank shift against the nominal ranks and for each unit's rank.
* Scale: time grows linearly with runs and with units: about 1 s of fixed work plus about 55 µs
  of CPU per run at 514 units (120,000 runs with ten inputs: 7–8 s of CPU, 5–13 s wall on 2
  shared cores, 590 MB peak); memory 4 bytes per run and unit for the ranks on top of the
  libraries and data. Measurements: docs/uncertainty.md, benchmarks/bench_uncertainty.py.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.index.rank import rank_columns
from analysis.index.rank_percentiles import rank_percentiles
from analysis.index.sensitivity import SobolResult, saltelli_design, sobol_indices
from analysis.index.uncertainty_engine import (Prepared, check_alternatives, default_spec,
                                               fast_ranks, naive_ranks, prepare)
from analysis.index.uncertainty_memory import check_combinations, check_samples

__all__ = ["run_uncertainty", "UncertaintyResult", "rank_stats", "mean_abs_rank_shift",
           "rank_intervals", "default_spec", "prepare", "fast_ranks", "naive_ranks",
           "design_choices"]

RANK_COLUMNS = ["unit", "nominal_rank", "median_rank", "p05_rank", "p95_rank"]
SENSITIVITY_COLUMNS = ["input", "S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high", "output",
                       "unit"]


def rank_stats(ranks: np.ndarray, nominal: np.ndarray, units) -> pd.DataFrame:
    """Per unit: nominal rank, median rank and 5th/95th percentile ranks over the samples.

    ``ranks`` is units × samples (NaN where a sample screened the unit out; ignored). The
    percentiles are ``np.nanpercentile``'s (linear interpolation), found by counting
    (:mod:`analysis.index.rank_percentiles`).
    """
    med, p05, p95 = rank_percentiles(ranks, (50, 5, 95))
    return pd.DataFrame({"unit": [str(u) for u in units],
                         "nominal_rank": pd.array(np.round(nominal), dtype="Int64"),
                         "median_rank": med, "p05_rank": p05, "p95_rank": p95})


def mean_abs_rank_shift(ranks: np.ndarray, nominal: np.ndarray, block: int = 2048) -> np.ndarray:
    """Per sample: mean over units of |rank − nominal rank| (units ranked in both only).

    Works through ``block`` samples at a time (no units × samples ``float64`` copy)."""
    ranks = np.asarray(ranks)
    nominal = np.asarray(nominal, float)[:, None]
    out = np.empty(ranks.shape[1])
    for s in range(0, ranks.shape[1], block):
        d = np.array(ranks[:, s:s + block], float)
        d -= nominal
        np.abs(d, out=d)
        nan = np.isnan(d)
        d[nan] = 0.0
        with np.errstate(invalid="ignore", divide="ignore"):  # a sample that ranks no unit
            out[s:s + block] = d.sum(axis=0) / (len(d) - nan.sum(axis=0))
    return out


def design_choices(prep: Prepared, samples: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The Saltelli design (unit hypercube) and each sample's alternative index per input."""
    k = len(prep.spec.inputs)
    design = saltelli_design(k, samples, seed=seed)
    choices = np.column_stack([inp.pick(design[:, j]) for j, inp in enumerate(prep.spec.inputs)])
    return design, choices


@dataclass
class UncertaintyResult:
    """Ranks of every unit in every sample, their statistics and the Sobol indices."""

    prep: Prepared
    samples: int
    seed: int
    design: np.ndarray
    choices: np.ndarray
    ranks: np.ndarray  # units × samples (float32 view, see uncertainty_engine)
    nominal_rank: np.ndarray
    sobol_shift: SobolResult | None = None
    sobol_units: SobolResult | None = None
    timings: dict = field(default_factory=dict)

    @property
    def units(self) -> list[str]:
        return self.prep.units

    @property
    def inputs(self) -> list[str]:
        return self.prep.spec.names

    def rank_table(self) -> pd.DataFrame:
        """unit, nominal_rank, median_rank, p05_rank, p95_rank (file order of the units)."""
        return rank_stats(self.ranks, self.nominal_rank, self.units)

    def shift(self) -> np.ndarray:
        """Mean absolute rank shift of every sample."""
        return mean_abs_rank_shift(self.ranks, self.nominal_rank)

    def sensitivity_table(self) -> pd.DataFrame:
        """One row per input and output: the mean absolute rank shift, then each unit's rank."""
        frames = []
        for res, output, units in ((self.sobol_shift, "mean_abs_rank_shift", [""]),
                                   (self.sobol_units, "rank", self.units)):
            if res is None:
                continue
            cols = {a: np.asarray(getattr(res, a)).reshape(len(self.inputs), -1)
                    for a in ("S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high")}
            for j, name in enumerate(self.inputs):
                frames.append(pd.DataFrame({"input": name, **{a: v[j] for a, v in cols.items()},
                                            "output": output, "unit": units}))
        if not frames:
            return pd.DataFrame(columns=SENSITIVITY_COLUMNS)
        return pd.concat(frames, ignore_index=True)[SENSITIVITY_COLUMNS]

    def record(self) -> dict:
        """What was run (JSON-serialisable): pipeline, inputs and alternatives, samples, seed."""
        spec = self.prep.spec
        return {"pipeline": self.prep.pipeline, "framework": self.prep.framework.code,
                "illustrative": bool(self.prep.framework.meta.get("illustrative", False)),
                "unit_col": self.prep.unit_col, "samples": self.samples, "seed": self.seed,
                "runs": int(self.ranks.shape[1]), "weight_sets": spec.weight_sets,
                "design": "Saltelli (scrambled Sobol sequence, scipy.stats.qmc)",
                "estimators": "S1 Saltelli 2010, ST Jansen 1999; percentile bootstrap CIs",
                "inputs": [{"name": i.name, "type": i.type, "levels": i.levels or None,
                            "nodes": i.nodes or None,
                            "alternatives": [i.label(a) for a in range(i.count)]
                            if i.type != "weights" else f"{i.count} noisy weight sets"}
                           for i in spec.inputs],
                "timings_s": {k: round(v, 4) for k, v in self.timings.items()}}


def run_uncertainty(framework, data: pd.DataFrame, pipeline, spec: dict | None = None,
                    samples: int = 1000, seed: int | None = None, unit_col: str | None = None,
                    sensitivity: bool = True, n_boot: int = 200, conf: float = 0.95,
                    workers: int | None = None) -> UncertaintyResult:
    """Uncertainty (and, unless ``sensitivity=False``, Sobol sensitivity) analysis of a pipeline.

    ``pipeline``: a pipeline dict, built-in name or YAML path; ``spec``: an uncertainty spec
    dict (``None`` = the default spec); ``samples``: Saltelli base sample size N (the model is
    evaluated N·(k + 2) times); ``seed``: seeds the weight sets, the design and the bootstrap
    (default: the spec's seed, else 0, so a run is reproducible); ``workers``: threads
    (default: one per core).
    """
    t0 = time.perf_counter()
    prep = prepare(framework, data, pipeline, spec, unit_col, seed)
    check_samples(samples, len(prep.units), len(prep.spec.inputs), n_boot if sensitivity else 0)
    check_combinations(prep.spec, len(prep.units), len(prep.framework.leaves))
    check_alternatives(prep, workers)
    seed = int(seed if seed is not None else (prep.spec.seed if prep.spec.seed is not None else 0))
    design, choices = design_choices(prep, samples, seed)
    ranks = fast_ranks(prep, choices, workers)
    nominal = rank_columns(prep.nominal_scores[:, None])[:, 0]
    res = UncertaintyResult(prep, samples, seed, design, choices, ranks, nominal)
    if sensitivity:
        t1 = time.perf_counter()
        k = len(prep.spec.inputs)
        res.sobol_shift = sobol_indices(res.shift(), k, n_boot, conf, seed=[seed, 1])
        res.sobol_units = sobol_indices(ranks.T, k, n_boot, conf, seed=[seed, 2],
                                        workers=workers)
        prep.timings["sobol"] = time.perf_counter() - t1
    res.timings = {**prep.timings, "total": time.perf_counter() - t0}
    return res


def rank_intervals(framework, data: pd.DataFrame, pipeline, spec: dict | None = None,
                   samples: int = 256, seed: int | None = None, unit_col: str | None = None,
                   labels: dict | None = None) -> pd.DataFrame:
    """Rank-interval plot data: the rank table sorted by nominal rank (uncertainty only).

    ``labels`` (unit -> display name) adds a ``label`` column. Feed the result to
    :func:`analysis.plots.uncertainty_sensitivity.rank_interval_plot`.
    """
    res = run_uncertainty(framework, data, pipeline, spec, samples, seed, unit_col,
                          sensitivity=False)
    table = res.rank_table().sort_values(["nominal_rank", "median_rank"], kind="stable")
    if labels is not None:
        table["label"] = table["unit"].map(lambda u: labels.get(u, u))
    return table.reset_index(drop=True)
