"""Engine of the uncertainty/sensitivity analysis: pipeline variants evaluated fast (and naively).

The public entry point is :func:`analysis.index.uncertainty.run_uncertainty`.

The uncertain inputs (:mod:`analysis.index.uncertainty_spec`) are sampled on a Saltelli design
(:mod:`analysis.index.sensitivity`); every sample is one variant of the pipeline. COINr re-runs
the whole pipeline per sample. Here:

* the discrete inputs that change the data before aggregation (imputation, treatment and its
  thresholds, normalisation and its goalposts) have few combinations: each sample's stage options
  are resolved, and each distinct normalised matrix is computed once, by the pipeline itself
  (:func:`analysis.index.pipeline.run_pipeline`: the stages before normalisation once per
  distinct prefix, then the ``normalised`` stage alone per normalisation variant), and cached;
* for each (normalised matrix, aggregation options) pair, the samples' weight vectors are
  aggregated as a batch (:mod:`analysis.index.batch_aggregate`: the matrix bound once, then one
  matrix product per batch, logs for the geometric mean) and ranked row-wise
  (:mod:`analysis.index.batch_rank`: one integer sort per sample);
* batches of :data:`CHUNK` samples run on a pool of worker threads (numpy releases the GIL), one
  per core, and every worker's BLAS calls run on one thread
  (:func:`analysis.index.workers.worker_pool`: no nested threads), so time grows linearly with
  runs and with units (measurements: docs/uncertainty.md).

The ranks are kept as one runs × units ``float32`` array (ranks are integers: exact; half the
memory of ``float64``: 247 MB at 120,000 runs × 514 units); :func:`fast_ranks` returns its
transposed view (units × runs).

:func:`naive_ranks` runs the full pipeline per sample (the slow reference); the tests check that
both give identical ranks on the same samples.
"""
from __future__ import annotations

import copy
import json
import os
import threading
import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.errors import WorkbenchError
from analysis.frameworks.model import AGGREGATIONS
from analysis.index import stages as st
from analysis.index.batch_aggregate import BatchAggregator, NodeAggregation
from analysis.index.batch_rank import RankWork, rank_rows
from analysis.index.pipeline import _resolve_norm, check_pipeline, load_pipeline, run_pipeline
from analysis.index.rank import rank_columns
from analysis.index.uncertainty_spec import (MODIFIERS, UncertaintySpec, UncertaintySpecError,
                                             noisy_weight_factors, validate_spec)
from analysis.index.workers import worker_pool

CHUNK = 256  # samples per batch: a units × samples block of a few MB stays in cache
_PREFIX_STAGES = ("denominated", "imputed", "screened", "treated")


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
class Variant:
    """What one combination of the discrete inputs does: its stage options and cache keys."""

    choice: np.ndarray  # a full choice row (weights inputs at 0)
    stages: dict
    prefix: str  # stages before normalisation
    matrix: str  # ... and the normalisation
    aggregation: str  # the aggregation options (weights aside)


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
    variants: dict = field(default_factory=dict)  # discrete choice tuple -> Variant
    matrices: dict = field(default_factory=dict)  # matrix key -> (rows, X)
    prefixes: dict = field(default_factory=dict)  # prefix key -> data before normalisation
    aggregators: dict = field(default_factory=dict)  # aggregation key -> {node: NodeAggregation}
    timings: dict = field(default_factory=dict)

    def kind_index(self, kind: str) -> int | None:
        return next((j for j, i in enumerate(self.spec.inputs) if i.type == kind), None)

    @property
    def discrete(self) -> list[int]:
        """Columns of the inputs that are not weights (they change stages)."""
        return [j for j, i in enumerate(self.spec.inputs) if i.type != "weights"]

    def variant(self, choice) -> Variant:
        """The :class:`Variant` of a sample (cached per combination of discrete choices)."""
        key = tuple(int(choice[j]) for j in self.discrete)
        v = self.variants.get(key)
        if v is None:
            full = np.zeros(len(self.spec.inputs), int)
            for j, c in zip(self.discrete, key):
                full[j] = c
            stages = _stage_variant(self.pipeline, self.spec, full, self.framework)["stages"]
            pre = {k: stages[k] for k in _PREFIX_STAGES if k in stages}
            agg = {k: o for k, o in stages["aggregated"].items()
                   if k not in ("weights", "weight_set")}
            pk = _canonical(pre)
            v = Variant(full, stages, pk, _canonical([pk, stages.get("normalised")]),
                        _canonical(agg))
            self.variants[key] = v
        return v


def _plain(obj):
    """Stage options with every number as a float (2 and 2.0 are the same option)."""
    if isinstance(obj, dict):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    if isinstance(obj, (int, float, np.number)) and not isinstance(obj, (bool, np.bool_)):
        return float(obj)
    return obj


def _canonical(obj) -> str:
    """A cache key for stage options: the same options give the same key."""
    return json.dumps(_plain(obj), sort_keys=True, default=repr)


def _widened(framework, norm: dict, move: dict) -> dict:
    """Goalpost options of ``norm`` with every indicator's goalposts moved by ``move``
    (``lower``/``upper``: fractions of the span, on the log scale for log goalposts)."""
    o = _resolve_norm(framework, norm, list(framework.leaves))
    logs = o.get("log") or {}
    logs = logs if isinstance(logs, dict) else {c: bool(logs) for c in o["goalposts"]}
    gp = {}
    for c, (lo, hi) in o["goalposts"].items():
        lg = bool(logs.get(c, False))
        a, b = (np.log(lo), np.log(hi)) if lg else (float(lo), float(hi))
        a, b = a - move["lower"] * (b - a), b + move["upper"] * (b - a)
        gp[c] = [float(np.exp(a)), float(np.exp(b))] if lg else [float(a), float(b)]
    return {**norm, "goalposts": gp, "log": {c: bool(logs.get(c, False)) for c in gp}}


def _stage_variant(pipeline: dict, spec: UncertaintySpec, choice: np.ndarray,
                   framework=None) -> dict:
    """The pipeline spec one sample (row of alternative indices) stands for; weights aside.

    Switches and methods first; then the inputs that adjust what those chose (goalposts of a
    goalpost normalisation, thresholds of an active treatment), whatever the spec's order.
    """
    out = copy.deepcopy(pipeline)
    sp = out["stages"]
    later = []
    for inp, c in zip(spec.inputs, choice):
        alt = inp.alternatives[int(c)]
        if inp.type in MODIFIERS:
            later.append((inp, alt))
        elif inp.type == "imputation" and not alt:
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
    for inp, alt in later:
        if inp.type == "treatment_threshold" and "treated" in sp:
            sp["treated"] = {**sp["treated"], **alt}
        elif (inp.type == "goalposts" and "normalised" in sp
              and (sp["normalised"] or {}).get("method") == "goalpost"):
            if framework is None:
                raise ValueError("a goalposts input needs the framework")
            sp["normalised"] = _widened(framework, sp["normalised"], alt)
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
    weighted = {c: levels[c] for c in framework.nodes if c != framework.root}
    weighted_levels = sorted(set(weighted.values()))
    doc = default_spec(pipe, weighted_levels) if spec is None else copy.deepcopy(spec)
    sp = pipe["stages"]
    uspec = validate_spec(
        doc, list(sp), st.NORMALISE_METHODS, AGGREGATIONS, weighted_levels, node_levels=weighted,
        normalisations=sp["normalised"].get("method", "minmax") if "normalised" in sp else None,
        treatment_method=sp["treated"].get("method", "coinr") if "treated" in sp else None)
    nominal = run_pipeline(framework, data, pipe, unit_col=unit_col)
    nodes = list(framework.nodes)
    w = nominal.record["stages"]["aggregated"]["weights"]
    seed = seed if seed is not None else (uspec.seed if uspec.seed is not None else 0)
    rng = np.random.default_rng([int(seed), 7])
    factors = {i.name: noisy_weight_factors(i.levels, levels, nodes, uspec.weight_sets, rng,
                                            i.nodes)
               for i in uspec.inputs if i.type == "weights"}
    units = [str(u) for u in data[nominal.unit_col].astype(str).str.strip()]
    scores = nominal.scores.reindex(units).to_numpy(float)
    prep = Prepared(framework, data, pipe, uspec, nominal.unit_col, units, scores,
                    np.array([w[c] for c in nodes], float), factors)
    # the nominal run's data before normalisation serves every variant with the same stages
    last = [k for k in ("raw", *_PREFIX_STAGES) if k in nominal.stages][-1]
    prep.prefixes[_canonical({k: sp[k] for k in _PREFIX_STAGES if k in sp})] = \
        nominal.stages[last][framework.leaves]
    prep.timings["prepare"] = time.perf_counter() - t0
    return prep


def _aggregator(prep: Prepared, v: Variant) -> dict:
    """The aggregation plan (node -> :class:`NodeAggregation`) of a variant, cached."""
    if v.aggregation not in prep.aggregators:
        o = v.stages["aggregated"]
        plan = st.AggregationPlan.from_framework(
            prep.framework, prep.framework.leaves, method=o.get("method"),
            by_level=o.get("by_level"), by_node=o.get("by_node"), p=o.get("p"),
            min_share=o.get("min_share"), dat_thresh=o.get("dat_thresh", 0.0))
        prep.aggregators[v.aggregation] = {s.code: NodeAggregation.from_plan_step(s)
                                           for s in plan.steps}
    return prep.aggregators[v.aggregation]


def _prefix(prep: Prepared, v: Variant) -> pd.DataFrame:
    """The data before normalisation (stages up to ``treated``) of a variant, cached:
    normalisation variants share it."""
    if v.prefix not in prep.prefixes:
        spec = {**prep.pipeline, "stages": {k: v.stages[k] for k in _PREFIX_STAGES
                                            if k in v.stages}}
        res = run_pipeline(prep.framework, prep.data, spec, unit_col=prep.unit_col)
        prep.prefixes[v.prefix] = res.stages[list(res.stages)[-1]][prep.framework.leaves]
    return prep.prefixes[v.prefix]


def _matrix(prep: Prepared, v: Variant) -> tuple[np.ndarray, np.ndarray]:
    """(rows of ``prep.units``, normalised matrix) of a variant, cached.

    The pipeline itself computes it: its stages before normalisation (shared by the
    normalisation variants), then its ``normalised`` stage alone on that result.
    """
    if v.matrix not in prep.matrices:
        X = _prefix(prep, v)
        if "normalised" in v.stages:
            spec = {"name": "normalise-only", "stages": {"normalised": v.stages["normalised"]}}
            X = run_pipeline(prep.framework, X.reset_index(), spec,
                             unit_col=prep.unit_col).stages["normalised"][prep.framework.leaves]
        pos = {u: i for i, u in enumerate(prep.units)}
        prep.matrices[v.matrix] = (np.array([pos[str(u)] for u in X.index]), X.to_numpy(float))
    return prep.matrices[v.matrix]


def _all_variants(prep: Prepared) -> list[Variant]:
    """One :class:`Variant` per combination of the discrete inputs' alternatives."""
    disc = prep.discrete
    grids = [range(prep.spec.inputs[j].count) for j in disc]
    combos = np.array(np.meshgrid(*grids, indexing="ij")).reshape(len(disc), -1).T if disc \
        else np.zeros((1, 0), int)
    out = []
    for combo in combos:
        choice = np.zeros(len(prep.spec.inputs), int)
        choice[disc] = combo
        out.append(prep.variant(choice))
    return out


def _describe(prep: Prepared, choice) -> str:
    return ", ".join(f"{i.name}={i.label(int(c))}" for i, c in zip(prep.spec.inputs, choice)
                     if i.type != "weights") or "nominal"


def check_alternatives(prep: Prepared, workers: int | None = None) -> None:
    """Compute every normalised matrix (in parallel) and aggregate each once with nominal weights.

    Runs before sampling, so a geometric mean over values ≤ 0 (say after a z-score) or missing
    goalposts are reported up front, naming the alternatives, the node and the units.
    """
    t0 = time.perf_counter()
    variants = _all_variants(prep)

    def run(v: Variant, aggregate: bool):
        try:
            if not aggregate:
                _matrix(prep, v)
                return
            rows, X = _matrix(prep, v)
            BatchAggregator(prep.framework, _aggregator(prep, v),
                            [prep.units[r] for r in rows])(X, prep.nominal_weights[None, :])
        except UncertaintySpecError:
            raise
        except WorkbenchError as exc:
            raise UncertaintySpecError(
                f"the combination {_describe(prep, v.choice)} cannot be computed: {exc}") from None

    with worker_pool(workers) as pool:
        list(pool.map(lambda v: _prefix(prep, v), {v.prefix: v for v in variants}.values()))
        list(pool.map(lambda v: run(v, False), {v.matrix: v for v in variants}.values()))
    for v in {(v.matrix, v.aggregation): v for v in variants}.values():
        run(v, True)
    prep.timings["normalised_matrices"] = time.perf_counter() - t0


def sample_weights(prep: Prepared, choices: np.ndarray) -> np.ndarray:
    """Samples × nodes weights: nominal × the chosen noise factors of every weights input."""
    w = np.repeat(prep.nominal_weights[None, :], len(choices), axis=0)
    for j, inp in enumerate(prep.spec.inputs):
        if inp.type == "weights":
            w *= prep.factors[inp.name][choices[:, j]]
    return w


def _tasks(prep: Prepared, choices: np.ndarray) -> list[tuple[Variant, np.ndarray]]:
    """Batches of at most :data:`CHUNK` samples sharing a normalised matrix and an aggregation."""
    disc = prep.discrete
    counts = [prep.spec.inputs[j].count for j in disc]
    if np.prod(np.array(counts, float)) < 2 ** 62:  # one integer per combination of choices
        code = np.zeros(len(choices), np.int64)
        for j, c in zip(disc, counts):
            code = code * c + choices[:, j]
        uniq_code, inverse = np.unique(code, return_inverse=True)
        uniq = np.zeros((len(uniq_code), len(disc)), int)
        rest = uniq_code.copy()
        for col in range(len(disc) - 1, -1, -1):
            rest, uniq[:, col] = np.divmod(rest, counts[col])
    else:
        uniq, inverse = np.unique(choices[:, disc], axis=0, return_inverse=True)
    inverse = np.asarray(inverse).ravel()
    group_of, first = {}, {}
    for g, combo in enumerate(uniq):
        choice = np.zeros(len(prep.spec.inputs), int)
        choice[disc] = combo
        v = prep.variant(choice)
        key = (v.matrix, v.aggregation)
        first.setdefault(key, v)
        group_of[g] = list(first).index(key)
    gid = np.array([group_of[g] for g in range(len(uniq))])[inverse]
    order = np.argsort(gid, kind="stable")
    bounds = np.searchsorted(gid[order], np.arange(len(first) + 1))
    tasks = []
    for n, v in enumerate(first.values()):
        idx = order[bounds[n]:bounds[n + 1]]
        tasks += [(v, idx[s:s + CHUNK]) for s in range(0, len(idx), CHUNK)]
    return tasks


def fast_ranks(prep: Prepared, choices: np.ndarray, workers: int | None = None) -> np.ndarray:
    """Units × samples ranks (NaN where a unit is screened out) for the given alternatives.

    The result is the transposed view of a samples × units ``float32`` array (see the module
    doc); ``np.asarray(ranks, float)`` gives a ``float64`` copy if one is needed.
    """
    t0 = time.perf_counter()
    tasks = _tasks(prep, choices)
    n_units = len(prep.units)
    bound, everyone = {}, {}
    plans = {}
    for v, _ in tasks:
        if (v.matrix, v.aggregation) in bound:
            continue
        rows, X = _matrix(prep, v)  # fill the caches before the threads start
        if v.aggregation not in plans:
            plans[v.aggregation] = BatchAggregator(prep.framework, _aggregator(prep, v))
        bound[v.matrix, v.aggregation] = plans[v.aggregation].bind(X)
        everyone[v.matrix] = len(rows) == n_units and bool((rows == np.arange(n_units)).all())
    store = np.empty((len(choices), n_units), np.float32)
    local = threading.local()

    def work(task):
        v, idx = task
        rows = prep.matrices[v.matrix][0]
        scratch = local.__dict__.setdefault("scratch", {})
        scores = bound[v.matrix, v.aggregation](sample_weights(prep, choices[idx]), scratch)
        ranker = local.__dict__.setdefault("rankers", {})
        if len(rows) not in ranker:
            ranker[len(rows)] = RankWork(CHUNK, len(rows))
        ranks = rank_rows(scores.T, work=ranker[len(rows)])
        if everyone[v.matrix]:
            store[idx] = ranks
            return
        blocks = local.__dict__.setdefault("blocks", {})
        if v.matrix not in blocks:  # units outside ``rows`` stay NaN: they are never written
            blocks[v.matrix] = np.full((CHUNK, n_units), np.nan, np.float32)
        block = blocks[v.matrix][:len(idx)]
        block[:, rows] = ranks
        store[idx] = block

    with worker_pool(workers) as pool:
        list(pool.map(work, tasks))
    prep.timings["aggregate_rank"] = time.perf_counter() - t0
    return store.T


def naive_ranks(prep: Prepared, choices: np.ndarray) -> np.ndarray:
    """Units × samples ranks by re-running the whole pipeline once per sample (COINr's way)."""
    weights = sample_weights(prep, choices)
    nodes = list(prep.framework.nodes)
    out = np.full((len(prep.units), len(choices)), np.nan)
    for s, choice in enumerate(choices):
        variant = _stage_variant(prep.pipeline, prep.spec, choice, prep.framework)
        res = run_pipeline(prep.framework, prep.data, variant, unit_col=prep.unit_col,
                           weights=dict(zip(nodes, weights[s])))
        out[:, s] = res.scores.reindex(prep.units).to_numpy(float)
    return rank_columns(out)
