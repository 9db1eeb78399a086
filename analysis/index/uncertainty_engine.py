"""Engine of the uncertainty/sensitivity analysis: pipeline variants evaluated fast (and naively).

The public entry point is :func:`analysis.index.uncertainty.run_uncertainty`.

The uncertain inputs (:mod:`analysis.index.uncertainty_spec`) are sampled on a Saltelli design
(:mod:`analysis.index.sensitivity`); every sample is one variant of the pipeline. COINr re-runs
the whole pipeline per sample. Here:

* the discrete inputs that change the data before aggregation (imputation on/off × treatment
  on/off × normalisation method) have few combinations: each normalised matrix is computed
  once, by the pipeline itself (:func:`analysis.index.pipeline.run_pipeline`: the stages before
  normalisation once per imputation × treatment choice, then the ``normalised`` stage alone per
  normalisation alternative), and cached;
* for each (combination, aggregation method), the samples' weight vectors are aggregated as a
  batch (:mod:`analysis.index.batch_aggregate`: one matrix product per indicator group, logs for
  the geometric mean) and ranked column-wise;
* batches run on a thread pool (numpy releases the GIL), one worker per core.

:func:`naive_ranks` runs the full pipeline per sample (the slow reference); the tests check that
both give identical ranks on the same samples.
"""
from __future__ import annotations

import copy
import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.errors import WorkbenchError
from analysis.frameworks.model import AGGREGATIONS
from analysis.index import stages as st
from analysis.index.batch_aggregate import BatchAggregator, NodeAggregation
from analysis.index.pipeline import check_pipeline, load_pipeline, run_pipeline
from analysis.index.rank import rank_columns
from analysis.index.uncertainty_spec import (UncertaintySpec, UncertaintySpecError,
                                             noisy_weight_factors, validate_spec)

CHUNK = 128  # samples per batch: keeps the units × samples arrays in cache


def default_spec(pipeline: dict, levels: list[int]) -> dict:
    """The default uncertain inputs, limited to the stages the pipeline has.

    Weights ±25 % on levels 1 and 2 (COINr's vignette), normalisation min-max [1, 100] vs rank
    (both strictly positive, so the geometric mean is always defined; COINr's vignette uses a
    z-score (10, 2), which can go ≤ 0 on skewed data), arithmetic vs geometric mean, imputation
    on/off, outlier treatment on/off.
    """
    stages = pipeline.get("stages", {})
    inputs = [{"name": "weights", "type": "weights",
               "levels": {lv: 0.25 for lv in levels if lv in (1, 2)}}]
    if "normalised" in stages:
        inputs.append({"name": "normalisation", "type": "normalisation", "alternatives": [
            {"method": "minmax", "range": [1, 100]}, {"method": "rank"}]})
    inputs.append({"name": "aggregation", "type": "aggregation",
                   "alternatives": ["arithmetic", "geometric"]})
    inputs += [{"name": t, "type": t}
               for t, s in (("imputation", "imputed"), ("treatment", "treated")) if s in stages]
    return {"source": "default uncertainty spec", "weight_sets": 100, "inputs": inputs}


@dataclass
class Prepared:
    """Everything fixed across samples: pipeline, nominal run, weights, caches."""

    framework: object
    data: pd.DataFrame
    pipeline: dict
    spec: UncertaintySpec
    unit_col: str
    units: list[str]
    nominal_scores: np.ndarray
    nominal_weights: np.ndarray  # fw.nodes order
    factors: dict  # input name -> (weight_sets × nodes) factors
    matrices: dict = field(default_factory=dict)  # (imp, treat, norm) -> (rows, X)
    prefixes: dict = field(default_factory=dict)  # (imp, treat) -> data before normalisation
    # aggregation alternative -> {node: NodeAggregation}
    aggregators: dict = field(default_factory=dict)
    timings: dict = field(default_factory=dict)

    def kind_index(self, kind: str) -> int | None:
        return next((j for j, i in enumerate(self.spec.inputs) if i.type == kind), None)


def _stage_variant(pipeline: dict, spec: UncertaintySpec, choice: np.ndarray) -> dict:
    """The pipeline spec one sample (row of alternative indices) stands for; weights aside."""
    out = copy.deepcopy(pipeline)
    sp = out["stages"]
    for inp, c in zip(spec.inputs, choice):
        alt = inp.alternatives[int(c)]
        if inp.type == "imputation" and not alt:
            sp.pop("imputed")
        elif inp.type == "treatment" and not alt:
            sp.pop("treated")
        elif inp.type == "normalisation":
            old = sp.get("normalised") or {}
            kept = {"directions": old["directions"]} if "directions" in old else {}
            sp["normalised"] = {**kept, **copy.deepcopy(alt)}
        elif inp.type == "aggregation":
            a = dict(sp.get("aggregated") or {})
            a.pop("by_level", None)
            a.pop("by_node", None)
            a.update({"method": alt} if isinstance(alt, str) else copy.deepcopy(alt))
            sp["aggregated"] = a
    return out


def prepare(framework, data: pd.DataFrame, pipeline, spec=None, unit_col: str | None = None,
            seed: int | None = None) -> Prepared:
    """Load and check the pipeline, validate the spec, run the pipeline once (nominal) and draw
    the noisy weight sets (seeded by ``seed``, else the spec's ``seed``, else 0)."""
    t0 = time.perf_counter()
    pipe = (load_pipeline(pipeline) if isinstance(pipeline, (str, os.PathLike))
            else copy.deepcopy(pipeline))
    check_pipeline(pipe)
    pipe["stages"] = {k: (v or {}) for k, v in pipe.get("stages", {}).items()}
    if "aggregated" not in pipe["stages"]:
        raise UncertaintySpecError("the pipeline has no 'aggregated' stage, so there are no ranks "
                                   "to analyse")
    levels = framework.level_of()
    weighted_levels = sorted({levels[c] for c in framework.nodes if c != framework.root})
    doc = default_spec(pipe, weighted_levels) if spec is None else copy.deepcopy(spec)
    uspec = validate_spec(doc, list(pipe["stages"]), st.NORMALISE_METHODS, AGGREGATIONS,
                          weighted_levels)
    nominal = run_pipeline(framework, data, pipe, unit_col=unit_col)
    nodes = list(framework.nodes)
    w = nominal.record["stages"]["aggregated"]["weights"]
    seed = seed if seed is not None else (uspec.seed if uspec.seed is not None else 0)
    rng = np.random.default_rng([int(seed), 7])
    factors = {i.name: noisy_weight_factors(i.levels, levels, nodes, uspec.weight_sets, rng)
               for i in uspec.inputs if i.type == "weights"}
    units = [str(u) for u in data[nominal.unit_col].astype(str).str.strip()]
    scores = nominal.scores.reindex(units).to_numpy(float)
    prep = Prepared(framework, data, pipe, uspec, nominal.unit_col, units, scores,
                    np.array([w[c] for c in nodes], float), factors)
    _build_aggregators(prep)
    prep.timings["prepare"] = time.perf_counter() - t0
    return prep


def _build_aggregators(prep: Prepared) -> None:
    """One aggregation plan per aggregation alternative (or the pipeline's own)."""
    j = prep.kind_index("aggregation")
    alts = range(prep.spec.inputs[j].count) if j is not None else [0]
    for a in alts:
        choice = np.zeros(len(prep.spec.inputs), int)
        if j is not None:
            choice[j] = a
        o = _stage_variant(prep.pipeline, prep.spec, choice)["stages"]["aggregated"]
        plan = st.AggregationPlan.from_framework(
            prep.framework, prep.framework.leaves, method=o.get("method"),
            by_level=o.get("by_level"), by_node=o.get("by_node"), p=o.get("p"),
            min_share=o.get("min_share"), dat_thresh=o.get("dat_thresh", 0.0))
        prep.aggregators[a] = {s.code: NodeAggregation.from_plan_step(s) for s in plan.steps}


def _combo_key(prep: Prepared, choice) -> tuple:
    kinds = ("imputation", "treatment", "normalisation")
    return tuple(int(choice[j]) if j is not None else 0
                 for j in (prep.kind_index(k) for k in kinds))


def _prefix(prep: Prepared, choice) -> pd.DataFrame:
    """The data before normalisation (stages up to ``treated``) for a sample's imputation and
    treatment choices, cached: normalisation alternatives share it."""
    key = _combo_key(prep, choice)[:2]
    if key not in prep.prefixes:
        variant = _stage_variant(prep.pipeline, prep.spec, choice)
        for stage in ("normalised", "aggregated"):
            variant["stages"].pop(stage, None)
        res = run_pipeline(prep.framework, prep.data, variant, unit_col=prep.unit_col)
        prep.prefixes[key] = res.stages[list(res.stages)[-1]][prep.framework.leaves]
    return prep.prefixes[key]


def _matrix(prep: Prepared, choice) -> tuple[np.ndarray, np.ndarray]:
    """(rows of ``prep.units``, normalised matrix) for a sample's discrete choices, cached.

    The pipeline itself computes it: its stages before normalisation (shared by the
    normalisation alternatives), then its ``normalised`` stage alone on that result.
    """
    key = _combo_key(prep, choice)
    if key not in prep.matrices:
        X = _prefix(prep, choice)
        variant = _stage_variant(prep.pipeline, prep.spec, choice)
        if "normalised" in variant["stages"]:
            spec = {"name": "normalise-only",
                    "stages": {"normalised": variant["stages"]["normalised"]}}
            X = run_pipeline(prep.framework, X.reset_index(), spec,
                             unit_col=prep.unit_col).stages["normalised"][prep.framework.leaves]
        pos = {u: i for i, u in enumerate(prep.units)}
        prep.matrices[key] = (np.array([pos[str(u)] for u in X.index]), X.to_numpy(float))
    return prep.matrices[key]


def _all_combos(prep: Prepared) -> list[np.ndarray]:
    """One choice row per (imputation × treatment × normalisation × aggregation) alternative."""
    dims = [prep.kind_index(k) for k in ("imputation", "treatment", "normalisation", "aggregation")]
    grids = [range(prep.spec.inputs[j].count) if j is not None else [0] for j in dims]
    rows = []
    for combo in np.array(np.meshgrid(*grids, indexing="ij")).reshape(len(dims), -1).T:
        choice = np.zeros(len(prep.spec.inputs), int)
        for j, c in zip(dims, combo):
            if j is not None:
                choice[j] = c
        rows.append(choice)
    return rows


def check_alternatives(prep: Prepared, workers: int | None = None) -> None:
    """Compute every normalised matrix (in parallel) and aggregate each once with nominal weights.

    Runs before sampling, so a geometric mean over values ≤ 0 (say after a z-score) is reported
    up front, naming the alternatives, the node and the units.
    """
    t0 = time.perf_counter()
    combos = _all_combos(prep)
    firsts = list({_combo_key(prep, c): c for c in combos}.values())
    j_agg = prep.kind_index("aggregation")

    def run(choice, aggregate: bool):
        try:
            rows, X = _matrix(prep, choice)
            if aggregate:
                a = int(choice[j_agg]) if j_agg is not None else 0
                BatchAggregator(prep.framework, prep.aggregators[a],
                                [prep.units[r] for r in rows])(X, prep.nominal_weights[None, :])
        except UncertaintySpecError:
            raise
        except WorkbenchError as exc:
            what = ", ".join(f"{i.name}={i.label(int(c))}" for i, c in zip(prep.spec.inputs, choice)
                             if i.type != "weights") or "nominal"
            raise UncertaintySpecError(
                f"the combination {what} cannot be computed: {exc}") from None

    with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        prefixes = list({_combo_key(prep, c)[:2]: c for c in firsts}.values())
        list(pool.map(lambda c: _prefix(prep, c), prefixes))
        list(pool.map(lambda c: run(c, False), firsts))
    for choice in combos:
        run(choice, True)
    prep.timings["normalised_matrices"] = time.perf_counter() - t0


def sample_weights(prep: Prepared, choices: np.ndarray) -> np.ndarray:
    """Samples × nodes weights: nominal × the chosen noise factors of every weights input."""
    w = np.repeat(prep.nominal_weights[None, :], len(choices), axis=0)
    for j, inp in enumerate(prep.spec.inputs):
        if inp.type == "weights":
            w *= prep.factors[inp.name][choices[:, j]]
    return w


def fast_ranks(prep: Prepared, choices: np.ndarray, workers: int | None = None) -> np.ndarray:
    """Units × samples ranks (NaN where a unit is screened out) for the given alternatives."""
    t0 = time.perf_counter()
    cols = [prep.kind_index(k) for k in ("imputation", "treatment", "normalisation", "aggregation")]
    keys = np.column_stack([choices[:, j] if j is not None else np.zeros(len(choices), int)
                            for j in cols])
    uniq, inverse = np.unique(keys, axis=0, return_inverse=True)
    aggregators = {a: BatchAggregator(prep.framework, prep.aggregators[a])
                   for a in set(uniq[:, 3].tolist())}
    tasks = []
    for g, key in enumerate(uniq):
        idx = np.flatnonzero(inverse.ravel() == g)
        _matrix(prep, choices[idx[0]])  # fill the cache before the threads start
        tasks += [(tuple(key.tolist()), idx[s:s + CHUNK]) for s in range(0, len(idx), CHUNK)]
    ranks = np.full((len(prep.units), len(choices)), np.nan)

    def work(task):
        k, idx = task
        rows, X = prep.matrices[k[:3]]
        scores = aggregators[k[3]](X, sample_weights(prep, choices[idx]))
        ranks[np.ix_(rows, idx)] = rank_columns(scores)

    with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        list(pool.map(work, tasks))
    prep.timings["aggregate_rank"] = time.perf_counter() - t0
    return ranks


def naive_ranks(prep: Prepared, choices: np.ndarray) -> np.ndarray:
    """Units × samples ranks by re-running the whole pipeline once per sample (COINr's way)."""
    weights = sample_weights(prep, choices)
    nodes = list(prep.framework.nodes)
    out = np.full((len(prep.units), len(choices)), np.nan)
    for s, choice in enumerate(choices):
        variant = _stage_variant(prep.pipeline, prep.spec, choice)
        res = run_pipeline(prep.framework, prep.data, variant, unit_col=prep.unit_col,
                           weights=dict(zip(nodes, weights[s])))
        out[:, s] = res.scores.reindex(prep.units).to_numpy(float)
    return rank_columns(out)
