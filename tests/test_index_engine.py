"""One engine: one goalpost, one rank, and compute_index run by the pipeline's
aggregation stage."""
import numpy as np
import pandas as pd
from scipy.stats import rankdata

from analysis.frameworks import framework_from_dict, load_framework
from analysis.index.compute import compute_index, normalise_leaf
from analysis.index.pipeline import run_pipeline
from analysis.index.rank import rank_columns, rank_desc
from analysis.index.stages import normalise_array
from analysis.index.stages.normalise import goalpost


def test_rank_desc_by_hand():
    # 10 is first, the two 7s share rank 2, 3 is fourth (2 + 2), NaN is not ranked
    got = rank_desc(pd.Series([7.0, 10.0, 3.0, 7.0, np.nan], index=list("abcde")))
    assert got.dtype == "Int64" and list(got.index) == list("abcde")
    assert got.iloc[:4].tolist() == [2, 1, 4, 2] and got.isna().tolist() == [False] * 4 + [True]
    # floating-point noise below 1e-9 does not break a tie
    assert rank_desc(pd.Series([54.320987654320987, 54.32098765432099, 1.0])).tolist() == [1, 1, 3]


def test_rank_columns_ascending_is_scipy_min():
    rng = np.random.default_rng(3)
    v = rng.integers(0, 5, size=(40, 3)).astype(float)
    np.testing.assert_array_equal(rank_columns(v, None, ascending=True),
                                  rankdata(v, method="min", axis=0))
    # the normalisation stage's "rank" method is that same ranking
    np.testing.assert_array_equal(normalise_array(v, "rank"), rankdata(v, method="min", axis=0))


def test_one_goalpost_by_hand():
    # (2 − 0)/(10 − 0) = 0.2; direction −1 scores (10 − 2)/10 = 0.8; 12 truncates to 1 / 0
    np.testing.assert_allclose(goalpost([2.0, 12.0], 0, 10, truncate=True), [0.2, 1.0])
    np.testing.assert_allclose(goalpost([2.0, 12.0], 0, 10, truncate=True, direction=-1),
                               [0.8, 0.0])
    # log: (ln 10000 − ln 100)/(ln 75000 − ln 100) = 4.605170/6.620073 = 0.695637
    assert goalpost(10000.0, 100, 75000, log=True) == np.float64(
        np.log(100.0) / np.log(750.0))
    assert round(float(goalpost(10000.0, 100, 75000, log=True)), 6) == 0.695637


def test_node_and_stage_goalposts_agree():
    fw = load_framework("undp-hdi")
    node = fw.nodes["gni_pc"]
    x = np.array([5000.0, 40000.0, 90000.0])
    lo, hi = node.normalisation["min"], node.normalisation["max"]
    stage = normalise_array(x[:, None], "goalpost", None, ["gni_pc"],
                            goalposts={"gni_pc": [lo, hi]}, log=True,
                            truncate=bool(node.normalisation.get("truncate", False)))[:, 0]
    np.testing.assert_array_equal(normalise_leaf(node, x), stage)
    assert stage[2] == 1.0  # 90,000 is above the 75,000 goalpost: capped


def test_compute_index_is_the_pipeline_run():
    # the readiness framework through compute_index and through a pipeline with the same
    # goalposts and weights: one aggregation code path, so identical to the last bit
    fw = load_framework("readiness-6pilar")
    rng = np.random.default_rng(11)
    data = pd.DataFrame(rng.integers(1, 5, size=(25, len(fw.leaves))).astype(float),
                        columns=fw.leaves)
    data.iloc[3, 5] = np.nan
    data.insert(0, "u", [f"u{i}" for i in range(25)])
    spec = {"stages": {"normalised": {"method": "goalpost", "truncate": False},
                       "aggregated": {"weights": "framework"}}}
    via_pipeline = run_pipeline(fw, data, spec, unit_col="u").stages["aggregated"]
    via_compute = compute_index(fw, data, "u").set_index("u")
    for c in fw.aggregates:
        np.testing.assert_array_equal(via_compute[c].to_numpy(), via_pipeline[c].to_numpy())


def test_given_node_replaces_computed_before_parent():
    # root = mean(A, B), A = mean(a1, a2). A given as 3 for unit x overrides (1 + 2)/2 = 1.5,
    # so root = (3 + 4)/2 = 3.5; residual 3 − 1.5 = 1.5. Unit y gives no A: computed 2.5.
    fw = framework_from_dict({"code": "t", "name": {"id": "t", "en": "t"}, "nodes": [
        {"code": "R"}, {"code": "A", "parent": "R"}, {"code": "B", "parent": "R"},
        {"code": "a1", "parent": "A"}, {"code": "a2", "parent": "A"}]}, "<t>")
    df = pd.DataFrame({"u": ["x", "y"], "a1": [1.0, 2.0], "a2": [2.0, 3.0], "A": [3.0, np.nan],
                       "B": [4.0, 1.0]})
    out = compute_index(fw, df, "u").set_index("u")
    assert out.loc["x", "A"] == 3.0 and out.loc["x", "R"] == 3.5
    assert out.loc["x", "A_computed"] == 1.5 and out.loc["x", "A_residual"] == 1.5
    assert out.loc["y", "A"] == 2.5 and out.loc["y", "R"] == 1.75
    assert out["rank"].tolist() == [1, 2]
