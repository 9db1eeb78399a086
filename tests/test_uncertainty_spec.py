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
