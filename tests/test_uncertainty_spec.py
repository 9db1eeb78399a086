"""Validation of uncertainty specs: every declared input is checked before sampling."""
from __future__ import annotations

import copy

import numpy as np
import pytest

from analysis.index.uncertainty import prepare, run_uncertainty
from analysis.index.uncertainty_spec import UncertainInput, UncertaintySpecError, read_spec
from helpers.synthetic import SYNTHETIC_PIPELINE, make_synthetic


@pytest.fixture(scope="module")
def small():
    return make_synthetic(n_units=30, n_pillars=2, n_sub=2, n_ind=3, missing=0.05, seed=3)


def _without(stage):
    p = copy.deepcopy(SYNTHETIC_PIPELINE)
    del p["stages"][stage]
    return p


def _err(small, spec, pipeline=SYNTHETIC_PIPELINE):
    fw, data = small
    with pytest.raises(UncertaintySpecError) as exc:
        prepare(fw, data, pipeline, spec)
    return str(exc.value)


@pytest.mark.parametrize("kind, stage", [("imputation", "imputed"), ("treatment", "treated"),
                                         ("normalisation", "normalised")])
def test_input_naming_a_missing_stage_is_an_error(small, kind, stage):
    body = {"name": kind, "type": kind}
    if kind == "normalisation":
        body["alternatives"] = ["minmax", "rank"]
    msg = _err(small, {"inputs": [body]}, _without(stage))
    assert f"input {kind!r}" in msg and f"stage {stage!r}" in msg and "does not have" in msg


def test_unknown_methods_types_and_keys(small):
    msg = _err(small, {"inputs": [{"name": "n", "type": "normalisation",
                                   "alternatives": ["minmax", "minimax"]}]})
    assert "unknown normalisation method 'minimax'" in msg and "zscore" in msg
    msg = _err(small, {"inputs": [{"name": "a", "type": "aggregation",
                                   "alternatives": ["arithmetic", "median"]}]})
    assert "unknown aggregation method 'median'" in msg
    assert "unknown type 'denomination'" in _err(
        small, {"inputs": [{"name": "d", "type": "denomination"}]})
    assert "unknown keys ['fraction']" in _err(
        small, {"inputs": [{"name": "w", "type": "weights", "levels": {1: 0.2}, "fraction": 0.2}]})
    assert "unknown keys ['sample']" in _err(small, {"inputs": ["imputation"], "sample": 3})
    assert "at least 2" in _err(small, {"inputs": [{"name": "a", "type": "aggregation",
                                                    "alternatives": ["geometric"]}]})


def test_weight_levels_and_fractions(small):
    # framework levels: 1 indicators, 2 sub-dimensions, 3 pillars, 4 index (the root: no weight)
    assert "no weighted level 4" in _err(small, {"inputs": [{"name": "w", "type": "weights",
                                                             "levels": {4: 0.2}}]})
    assert "must be in [0, 1)" in _err(small, {"inputs": [{"name": "w", "type": "weights",
                                                           "levels": {1: 1.5}}]})
    assert "already perturbed by input 'w1'" in _err(small, {"inputs": [
        {"name": "w1", "type": "weights", "levels": {1: 0.2}},
        {"name": "w2", "type": "weights", "levels": {2: 0.1, 1: 0.1}}]})
    assert "appears twice" in _err(small, {"inputs": ["imputation", "imputation"]})
    assert "non-empty list" in _err(small, {"inputs": []})
    assert "'weight_sets' must be an integer >= 2" in _err(
        small, {"weight_sets": 1, "inputs": ["imputation"]})


def test_geometric_over_non_positive_values_fails_before_sampling(small):
    fw, data = small
    spec = {"inputs": [{"name": "norm", "type": "normalisation",
                        "alternatives": [{"method": "minmax", "range": [1, 100]},
                                         {"method": "minmax", "range": [0, 100]}]},
                       {"name": "agg", "type": "aggregation",
                        "alternatives": ["arithmetic", "geometric"]}]}
    with pytest.raises(UncertaintySpecError) as exc:
        run_uncertainty(fw, data, SYNTHETIC_PIPELINE, spec, samples=4)
    msg = str(exc.value)
    assert "norm=minmax(range=[0, 100])" in msg and "agg=geometric" in msg
    assert "geometric mean at node" in msg and "units affected" in msg


def test_pipeline_without_aggregation_is_an_error(small):
    assert "no 'aggregated' stage" in _err(small, None, _without("aggregated"))


def test_mapping_form_stage_aliases_and_spec_file(small, tmp_path):
    fw, data = small
    f = tmp_path / "spec.yaml"
    f.write_text("seed: 4\nweight_sets: 10\ninputs:\n"
                 "  w: {type: weights, levels: {1: 0.1}}\n"
                 "  imputation:\n"
                 "  outliers: {type: treated}\n", encoding="utf-8")
    prep = prepare(fw, data, SYNTHETIC_PIPELINE, read_spec(f))
    assert prep.spec.names == ["w", "imputation", "outliers"] and prep.spec.seed == 4
    assert prep.spec.inputs[0].count == 10 and prep.spec.inputs[1].alternatives == (True, False)
    assert prep.spec.inputs[2].type == "treatment"
    with pytest.raises(UncertaintySpecError, match="not found"):
        read_spec(tmp_path / "missing.yaml")
    (tmp_path / "bad.yaml").write_text("inputs: [\n", encoding="utf-8")
    with pytest.raises(UncertaintySpecError, match="not valid YAML"):
        read_spec(tmp_path / "bad.yaml")


def test_pick_maps_unit_interval_to_alternatives():
    inp = UncertainInput("a", "aggregation", ("arithmetic", "geometric", "harmonic"))
    np.testing.assert_array_equal(inp.pick(np.array([0.0, 0.33, 0.34, 0.66, 0.67, 0.999999])),
                                  [0, 0, 1, 1, 2, 2])
    assert inp.label(1) == "geometric"


def test_alternative_the_pipeline_cannot_run_names_the_combination(small):
    # goalposts need per-indicator bounds, which the synthetic framework does not give
    fw, data = small
    spec = {"inputs": [{"name": "norm", "type": "normalisation",
                        "alternatives": [{"method": "minmax"}, {"method": "goalpost"}]}]}
    with pytest.raises(UncertaintySpecError,
                       match=r"norm=goalpost cannot be computed: .*goalposts"):
        run_uncertainty(fw, data, SYNTHETIC_PIPELINE, spec, samples=4)


def test_a_repeated_switch_is_refused_naming_both_inputs(small):
    # a second imputation switch would never be read: its Sobol indices would be exactly 0
    msg = _err(small, {"inputs": [{"name": "imp1", "type": "imputation"},
                                  {"name": "imp2", "type": "imputed"}]})
    assert "input 'imp2'" in msg and "already varied by input 'imp1'" in msg
    assert "exactly 0" in msg
    msg = _err(small, {"inputs": [
        {"name": "t1", "type": "treatment_threshold", "alternatives": [{"winmax": 5},
                                                                       {"winmax": 3}]},
        {"name": "t2", "type": "treatment_threshold", "alternatives": [{"skew_thresh": 2},
                                                                       {"skew_thresh": 1}]}]})
    assert "input 't2'" in msg and "already varied by input 't1'" in msg


def test_weights_per_node(small):
    fw, data = small
    spec = {"weight_sets": 30, "inputs": [
        {"name": "w_p1", "type": "weights", "nodes": {"p1": 0.4}},
        {"name": "w_ind", "type": "weights", "levels": {1: 0.1}, "nodes": {"p2s1": 0.2}}]}
    prep = prepare(fw, data, SYNTHETIC_PIPELINE, spec)
    nodes = list(fw.nodes)
    f1, f2 = prep.factors["w_p1"], prep.factors["w_ind"]
    p1 = nodes.index("p1")
    assert (np.delete(f1, p1, axis=1) == 1).all()  # only p1's weight moves
    assert (f1[:, p1] >= 0.6).all() and (f1[:, p1] <= 1.4).all() and f1[:, p1].std() > 0.1
    levels = fw.level_of()
    moved = {c for j, c in enumerate(nodes) if (f2[:, j] != 1).any()}
    assert moved == {c for c in nodes if levels[c] == 1} | {"p2s1"}
    assert "no weighted node 'p9'" in _err(small, {"inputs": [
        {"name": "w", "type": "weights", "nodes": {"p9": 0.2}}]})
    assert "no weighted node 'index'" in _err(small, {"inputs": [
        {"name": "w", "type": "weights", "nodes": {"index": 0.2}}]})
    # a node perturbed twice (by a level and by name) is refused, naming the node and the input
    msg = _err(small, {"inputs": [{"name": "w_sub", "type": "weights", "levels": {2: 0.2}},
                                  {"name": "w_one", "type": "weights", "nodes": {"p1s2": 0.1}}]})
    assert "node 'p1s2' is already perturbed by input 'w_sub'" in msg
    assert "listed both by level and by node" in _err(small, {"inputs": [
        {"name": "w", "type": "weights", "levels": {3: 0.2}, "nodes": {"p1": 0.1}}]})
    assert "'levels' (level -> ± fraction) or 'nodes'" in _err(small, {"inputs": [
        {"name": "w", "type": "weights"}]})
    assert "fraction 1.0 must be in [0, 1)" in _err(small, {"inputs": [
        {"name": "w", "type": "weights", "nodes": {"p1": 1.0}}]})


def test_treatment_threshold_sets_the_outlier_test_of_active_treatments(small):
    fw, data = small
    spec = {"inputs": [
        {"name": "treat", "type": "treatment"},
        {"name": "test", "type": "treatment_threshold",
         "alternatives": [{"skew_thresh": 2, "kurt_thresh": 3.5},
                          {"skew_thresh": 1, "winmax": 3}]}]}
    prep = prepare(fw, data, SYNTHETIC_PIPELINE, spec)
    on = prep.variant(np.array([0, 1])).stages["treated"]
    # the pipeline's options, with the alternative's on top
    assert on == {"method": "coinr", "winmax": 3, "skew_thresh": 1.0, "kurt_thresh": 3.5,
                  "log": True}
    assert "treated" not in prep.variant(np.array([1, 1])).stages  # treatment off: nothing to set
    assert prep.variant(np.array([1, 0])).matrix == prep.variant(np.array([1, 1])).matrix
    assert prep.spec.inputs[1].label(1) == "skew_thresh=1, winmax=3"
    bad = {"inputs": [{"name": "t", "type": "treatment_threshold",
                       "alternatives": [{"skew_thresh": 2}, {"skew": 1}]}]}
    assert "unknown keys ['skew']" in _err(small, bad)
    bad["inputs"][0]["alternatives"][1] = {"winmax": 2.5}
    assert "'winmax' must be a whole number" in _err(small, bad)
    bad["inputs"][0]["alternatives"][1] = {"skew_thresh": -1}
    assert "'skew_thresh' must be at least 0" in _err(small, bad)
    no_test = copy.deepcopy(SYNTHETIC_PIPELINE)
    no_test["stages"]["treated"] = {"method": "none"}
    bad["inputs"][0]["alternatives"][1] = {"skew_thresh": 1}
    assert "treatment method is 'none', which has no test" in _err(small, bad, no_test)


def test_goalposts_move_outwards_on_their_own_scale(small):
    from analysis.index.uncertainty_engine import _widened
    fw, _ = small
    leaves = fw.leaves[:2]
    norm = {"method": "goalpost", "goalposts": {leaves[0]: [0, 100], leaves[1]: [1, 100]},
            "log": {leaves[0]: False, leaves[1]: True}}
    gp = _widened(fw, norm, {"lower": 0.1, "upper": 0.1})["goalposts"]
    # linear: 10 % of the span 100 on each side; log: ln 1 = 0, ln 100 = 4.605, half the span
    # on each side of the log scale gives 10^-1 and 10^3
    assert gp[leaves[0]] == [-10.0, 110.0]
    np.testing.assert_allclose(_widened(fw, norm, {"lower": 0.5, "upper": 0.5})
                               ["goalposts"][leaves[1]], [0.1, 1000.0], rtol=1e-12)
    assert _widened(fw, norm, {"lower": 0.2, "upper": -0.3})["goalposts"][leaves[0]] == \
        [-20.0, 70.0]


def test_goalposts_input_needs_a_goalpost_normalisation(small):
    spec = {"inputs": [{"name": "gp", "type": "goalposts", "alternatives": [0, 0.1]}]}
    msg = _err(small, spec)
    assert "moves goalposts, but no sample normalises by goalposts" in msg and "minmax" in msg
    spec["inputs"][0]["alternatives"] = [0, {"lower": -0.5, "upper": -0.6}]
    assert "meet or cross" in _err(small, spec)
    spec["inputs"][0]["alternatives"] = [0, "wide"]
    assert "must be a finite number, not 'wide'" in _err(small, spec)


def test_too_many_combinations_of_data_inputs_are_refused_before_any_is_computed(small):
    from analysis.index.uncertainty_memory import check_combinations
    fw, data = small
    spec = {"inputs": [
        {"name": "norm", "type": "normalisation",
         "alternatives": [{"method": "minmax", "range": [1, 100 + i]} for i in range(30)]},
        {"name": "test", "type": "treatment_threshold",
         "alternatives": [{"skew_thresh": 1 + i / 10} for i in range(40)]},
        "imputation", {"name": "agg", "type": "aggregation",
                       "alternatives": ["arithmetic", "geometric"]}]}
    prep = prepare(fw, data, SYNTHETIC_PIPELINE, spec)
    # 30 × 40 × 2 = 2,400 matrices (aggregation shares them) of 30 units × 12 indicators, each
    # kept before and after normalisation: 2 · 8 · 2,400 · 360 bytes = 13.2 MiB
    check_combinations(prep.spec, 30, 12, limit=14 << 20)
    with pytest.raises(UncertaintySpecError) as exc:
        check_combinations(prep.spec, 30, 12, limit=13 << 20)
    msg = str(exc.value)
    assert "norm (30) × test (40) × imputation (2)" in msg and "2,400 distinct" in msg
    assert "13.2 MiB" in msg and "fewer alternatives" in msg
