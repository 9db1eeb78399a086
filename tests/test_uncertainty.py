"""Uncertainty analysis: fast path = naive pipeline re-runs, rank statistics, weight noise."""
from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest

from analysis.index.batch_aggregate import BatchAggregator, NodeAggregation
from analysis.index.rank import rank_columns
from analysis.index.pipeline import run_pipeline
from analysis.index.stages import AggregationPlan
from analysis.index.uncertainty import (design_choices, mean_abs_rank_shift, naive_ranks, prepare,
                                        rank_intervals, rank_stats, run_uncertainty)
from analysis.index.uncertainty_engine import check_alternatives, fast_ranks, sample_weights
from helpers.synthetic import SYNTHETIC_PIPELINE, make_synthetic


@pytest.fixture(scope="module")
def small():
    """40 units × 18 indicators, 8 % missing (so imputation and screening matter)."""
    return make_synthetic(n_units=40, n_pillars=3, n_sub=2, n_ind=3, missing=0.08, seed=7)


FULL_SPEC = {"weight_sets": 20, "inputs": [
    {"name": "w", "type": "weights", "levels": {1: 0.3, 2: 0.2, 3: 0.1}},
    {"name": "norm", "type": "normalisation", "alternatives": [
        {"method": "minmax", "range": [1, 100]}, {"method": "rank"},
        {"method": "zscore", "mean": 50, "sd": 5}]},
    {"name": "agg", "type": "aggregation", "alternatives": ["arithmetic", "geometric", "harmonic"]},
    {"name": "imp", "type": "imputation"},
    {"name": "treat", "type": "treatment"},
]}


def test_fast_equals_naive_on_same_samples(small):
    fw, data = small
    prep = prepare(fw, data, SYNTHETIC_PIPELINE, FULL_SPEC)
    check_alternatives(prep)
    _, choices = design_choices(prep, 8, seed=3)  # 8 · (5 + 2) = 56 pipeline variants
    fast = fast_ranks(prep, choices, workers=2)
    slow = naive_ranks(prep, choices)
    assert fast.shape == (40, 56)
    np.testing.assert_array_equal(fast, slow)  # identical ranks, NaN where screened out
    # imputation off + screening at 90 % removes some units in some samples
    assert np.isnan(fast).any() and not np.isnan(fast).all(axis=1).any()
    # every sample is a permutation of 1..n_ranked (no ties in continuous data)
    for s in range(fast.shape[1]):
        r = fast[~np.isnan(fast[:, s]), s]
        np.testing.assert_array_equal(np.sort(r), np.arange(1, len(r) + 1))


def test_nominal_ranks_equal_pipeline_ranks(small):
    fw, data = small
    res = run_uncertainty(fw, data, SYNTHETIC_PIPELINE, samples=8, sensitivity=False)
    direct = run_pipeline(fw, data, SYNTHETIC_PIPELINE).ranks
    table = res.rank_table().set_index("unit")
    assert (table["nominal_rank"] == direct.reindex(table.index).astype("Int64")).all()


def test_rank_stats_hand_example():
    ranks = np.array([[1, 1, 1, 2, 3],
                      [2, 3, 2, 1, 1],
                      [3, 2, 3, 3, 2]], float)
    t = rank_stats(ranks, np.array([1, 2, 3]), ["a", "b", "c"])
    # unit a: sorted 1 1 1 2 3 -> median 1; p05 at position 0.2 -> 1; p95 at 3.8 -> 2 + 0.8 = 2.8
    assert t.loc[0].tolist() == ["a", 1, 1.0, 1.0, 2.8]
    # unit b: sorted 1 1 2 2 3 -> median 2; p05 1; p95 2 + 0.8·1 = 2.8
    assert t.loc[1, ["median_rank", "p05_rank", "p95_rank"]].tolist() == [2.0, 1.0, 2.8]
    # unit c: sorted 2 2 3 3 3 -> median 3; p05 2; p95 3
    assert t.loc[2, ["median_rank", "p05_rank", "p95_rank"]].tolist() == [3.0, 2.0, 3.0]
    # mean |shift|: sample 1: 0; sample 2: (0 + 1 + 1)/3; sample 4: (1 + 1 + 0)/3;
    # sample 5: (2 + 1 + 1)/3
    np.testing.assert_allclose(mean_abs_rank_shift(ranks, np.array([1, 2, 3])),
                               [0, 2 / 3, 0, 2 / 3, 4 / 3])


def test_rank_stats_ignore_screened_samples():
    ranks = np.array([[1, np.nan, 2, 2], [2, 1, 1, 1]])
    t = rank_stats(ranks, np.array([1, 2]), ["a", "b"])
    assert t.loc[0, "median_rank"] == 2.0  # median of 1, 2, 2
    np.testing.assert_allclose(mean_abs_rank_shift(ranks, np.array([1, 2])), [0, 1, 1, 1])


def test_weight_noise_only_on_declared_levels(small):
    fw, data = small
    spec = {"weight_sets": 50, "inputs": [{"name": "w", "type": "weights", "levels": {1: 0.25}}]}
    prep = prepare(fw, data, SYNTHETIC_PIPELINE, spec)
    f = prep.factors["w"]
    levels = fw.level_of()
    on = np.array([levels[c] == 1 for c in fw.nodes])
    assert f.shape == (50, len(fw.nodes))
    assert (f[:, ~on] == 1).all()
    assert (f[:, on] >= 0.75).all() and (f[:, on] <= 1.25).all() and f[:, on].std() > 0.1
    w = sample_weights(prep, np.array([[0], [7]]))
    nominal = np.array([fw.nodes[c].weight for c in fw.nodes])
    np.testing.assert_allclose(w, nominal * f[[0, 7]])


def test_zero_noise_input_has_zero_sensitivity(small):
    fw, data = small
    spec = {"inputs": [{"name": "w", "type": "weights", "levels": {1: 0.0}},
                       {"name": "agg", "type": "aggregation",
                        "alternatives": ["arithmetic", "geometric"]}]}
    pipe = copy.deepcopy(SYNTHETIC_PIPELINE)
    pipe["stages"]["normalised"] = {"method": "minmax", "range": [1, 100]}
    res = run_uncertainty(fw, data, pipe, spec, samples=32, n_boot=20)
    # weights never change: every estimator term of the weights input is exactly 0
    assert res.sobol_shift.ST[0] == 0 and res.sobol_shift.S1[0] == 0
    assert res.sobol_shift.ST[1] > 0.5  # the aggregation choice explains the rank shifts
    sens = res.sensitivity_table()
    assert list(sens.columns) == ["input", "S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high",
                                  "output", "unit"]
    assert len(sens) == 2 + 2 * 40
    assert sens.loc[0, "output"] == "mean_abs_rank_shift"


def test_batch_aggregator_matches_pipeline_plan(small):
    fw, _ = small
    rng = np.random.default_rng(4)
    x = rng.uniform(1, 100, size=(25, len(fw.leaves)))
    x[rng.random(x.shape) < 0.15] = np.nan
    for method, min_share in (("arithmetic", 0.0), ("geometric", 0.0), ("arithmetic", 0.6)):
        plan = AggregationPlan.from_framework(fw, method=method, min_share=min_share)
        w = plan.default_weights[None, :] * rng.uniform(0.5, 1.5, (12, len(plan.nodes)))
        ref = plan.run(x, w)[:, :, -1].T
        idx = [plan.nodes.index(c) for c in fw.nodes]
        agg = BatchAggregator(fw, {s.code: NodeAggregation.from_plan_step(s) for s in plan.steps})
        np.testing.assert_allclose(agg(x, w[:, idx]), ref, rtol=1e-12)
        np.testing.assert_allclose(agg._levels(x, w[:, idx]), ref, rtol=1e-12)
        np.testing.assert_array_equal(rank_columns(agg(x, w[:, idx])), rank_columns(ref))


def test_rank_intervals_sorted_with_labels(small):
    fw, data = small
    labels = dict(zip(data["unit"], data["name"]))
    t = rank_intervals(fw, data, SYNTHETIC_PIPELINE, samples=8, labels=labels)
    assert list(t.columns) == ["unit", "nominal_rank", "median_rank", "p05_rank", "p95_rank",
                               "label"]
    assert t["nominal_rank"].is_monotonic_increasing
    assert (t["p05_rank"] <= t["median_rank"]).all() and (t["median_rank"] <= t["p95_rank"]).all()
    assert t.loc[0, "label"] == labels[t.loc[0, "unit"]]


def test_default_spec_has_five_inputs(small):
    fw, data = small
    prep = prepare(fw, data, SYNTHETIC_PIPELINE)
    assert prep.spec.names == ["weights", "normalisation", "aggregation", "imputation", "treatment"]
    no_treat = copy.deepcopy(SYNTHETIC_PIPELINE)
    del no_treat["stages"]["treated"]
    assert "treatment" not in prepare(fw, data, no_treat).spec.names


def test_plots_render(small):
    import matplotlib.pyplot as plt

    from analysis.plots.uncertainty_sensitivity import rank_interval_plot, sensitivity_plot
    fw, data = small
    res = run_uncertainty(fw, data, SYNTHETIC_PIPELINE, samples=8, n_boot=10)
    fig = rank_interval_plot(res.rank_table(), "en", highlight=["S003"], illustrative=True)
    texts = [t.get_text() for t in fig.texts]
    assert any("ILLUSTRATIVE" in t for t in texts)
    assert fig.axes[0].get_ylabel() == "Rank (1 = best)"
    plt.close(fig)
    fig = sensitivity_plot(res.sensitivity_table(), "id")
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()][:2] == ["Bobot", "Normalisasi"]
    plt.close(fig)
    with pytest.raises(ValueError, match="no sensitivity rows"):
        sensitivity_plot(pd.DataFrame(columns=res.sensitivity_table().columns))


def test_reproducible_and_independent_of_workers(small):
    fw, data = small
    a = run_uncertainty(fw, data, SYNTHETIC_PIPELINE, samples=8, seed=5, n_boot=10, workers=1)
    b = run_uncertainty(fw, data, SYNTHETIC_PIPELINE, samples=8, seed=5, n_boot=10, workers=2)
    c = run_uncertainty(fw, data, SYNTHETIC_PIPELINE, samples=8, seed=6, n_boot=10)
    np.testing.assert_array_equal(a.ranks, b.ranks)
    pd.testing.assert_frame_equal(a.sensitivity_table(), b.sensitivity_table())
    assert not np.array_equal(a.ranks, c.ranks, equal_nan=True)
    assert a.record()["runs"] == 8 * 7 and a.record()["seed"] == 5


def _ten_input_spec(fw, data) -> dict:
    """Ten inputs: three pillars' weights, the indicators' weights, normalisation (min-max or
    goalposts from the data's range), goalposts moved, aggregation, imputation, treatment and
    the outlier test's thresholds."""
    x = data[fw.leaves]
    goalposts = {c: [float(x[c].min()), float(x[c].max())] for c in fw.leaves}
    return {"weight_sets": 10, "inputs": [
        *({"name": f"w_{p}", "type": "weights", "nodes": {p: 0.3}} for p in ("p1", "p2", "p3")),
        {"name": "w_ind", "type": "weights", "levels": {1: 0.2}},
        {"name": "norm", "type": "normalisation", "alternatives": [
            {"method": "minmax", "range": [1, 100]},
            {"method": "goalpost", "goalposts": goalposts, "scale": 100}]},
        {"name": "gp", "type": "goalposts", "alternatives": [0, -0.2, {"lower": 0.3, "upper": 0}]},
        {"name": "agg", "type": "aggregation", "alternatives": ["arithmetic", "geometric"]},
        {"name": "imp", "type": "imputation"},
        {"name": "treat", "type": "treatment"},
        {"name": "test", "type": "treatment_threshold", "alternatives": [
            {"skew_thresh": 2, "kurt_thresh": 3.5}, {"skew_thresh": 0.5, "kurt_thresh": 0}]},
    ]}


def test_ten_inputs_fast_equals_naive(small):
    fw, data = small
    pipe = copy.deepcopy(SYNTHETIC_PIPELINE)
    del pipe["stages"]["denominated"]  # goalposts in the indicators' own units
    spec = _ten_input_spec(fw, data)
    # goalposts reach 0 (the lowest unit): a mean that allows 0 as the alternative
    spec["inputs"][6]["alternatives"] = ["arithmetic", {"method": "generalised", "p": 2}]
    prep = prepare(fw, data, pipe, spec)
    check_alternatives(prep)
    _, choices = design_choices(prep, 6, seed=2)  # 6 · (10 + 2) = 72 pipeline variants
    fast = fast_ranks(prep, choices, workers=2)
    np.testing.assert_array_equal(fast, naive_ranks(prep, choices))
    # every discrete input changes some unit's rank somewhere (none is silently ignored); from
    # the goalpost normalisation and the power mean p = 2 (moving all goalposts by a share of
    # their span is an affine map of every score: ranks under an arithmetic mean keep, unless
    # the goalposts cut into the data)
    norm, agg = prep.kind_index("normalisation"), prep.kind_index("aggregation")
    for j in prep.discrete:
        for a in range(1, prep.spec.inputs[j].count):
            base = np.zeros(len(prep.spec.inputs), int)
            base[norm], base[agg] = (0 if j == norm else 1), (0 if j == agg else 1)
            other = base.copy()
            other[j] = a
            pair = fast_ranks(prep, np.array([base, other]))
            assert not np.array_equal(pair[:, 0], pair[:, 1], equal_nan=True), \
                (prep.spec.inputs[j].name, a)


def test_ranks_are_a_float32_view_of_a_samples_by_units_store(small):
    fw, data = small
    prep = prepare(fw, data, SYNTHETIC_PIPELINE, FULL_SPEC)
    check_alternatives(prep)
    _, choices = design_choices(prep, 4, seed=1)
    ranks = fast_ranks(prep, choices)
    assert ranks.shape == (40, 4 * 7) and ranks.dtype == np.float32
    assert ranks.T.flags.c_contiguous  # one row per sample: the Sobol blocks read it as is


def test_worker_pool_runs_blas_on_one_thread():
    from threadpoolctl import threadpool_info

    from analysis.index.workers import worker_pool

    def blas_threads():
        return [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]

    before = blas_threads()
    with worker_pool(2) as pool:
        inside = pool.submit(blas_threads).result()
    assert inside and set(inside) == {1}
    assert blas_threads() == before  # lifted afterwards


def test_bound_aggregator_reuses_scratch_and_matches_the_plan(small):
    fw, _ = small
    rng = np.random.default_rng(6)
    x = rng.uniform(1, 100, size=(30, len(fw.leaves)))
    x[rng.random(x.shape) < 0.1] = np.nan
    plan = AggregationPlan.from_framework(fw, method="geometric")
    idx = [plan.nodes.index(c) for c in fw.nodes]
    bound = BatchAggregator(fw, {s.code: NodeAggregation.from_plan_step(s)
                                 for s in plan.steps}).bind(x)
    work = {}
    for _ in range(3):
        w = plan.default_weights[None, :] * rng.uniform(0.5, 1.5, (9, len(plan.nodes)))
        got = bound(w[:, idx], work)
        np.testing.assert_allclose(got, plan.run(x, w)[:, :, -1].T, rtol=1e-12)
    assert np.shares_memory(got, work["acc"])
