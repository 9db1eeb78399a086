"""Stage functions against hand computations and scipy."""
import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis.index.stages import (AggregationPlan, StageError, denominate, impute, kurt,
                                   normalise, screen, skew, treat)
from analysis.index.stages.treat import treat_column
from analysis.frameworks import framework_from_dict


def frame(d, units=("a", "b", "c", "d")):
    return pd.DataFrame(d, index=pd.Index(list(units), name="u"))


def test_skew_kurt_match_scipy_bias_corrected():
    rng = np.random.default_rng(1)
    x = rng.lognormal(size=40)
    assert skew(x) == pytest.approx(stats.skew(x, bias=False), rel=1e-12)
    assert kurt(x) == pytest.approx(stats.kurtosis(x, bias=False), rel=1e-12)
    y = np.append(x, np.nan)  # missing values are ignored
    assert skew(y) == pytest.approx(stats.skew(x, bias=False), rel=1e-12)


def test_denominate_divides_and_zero_gives_nan():
    X = frame({"x": [10.0, 20, 30, 40], "y": [1.0, 2, 3, 4]})
    den = frame({"pop": [2.0, 4, 0, 8]})
    out = denominate(X, den, {"x": "pop"})
    np.testing.assert_allclose(out["x"], [5, 5, np.nan, 5])
    np.testing.assert_allclose(out["y"], [1, 2, 3, 4])  # not denominated
    with pytest.raises(StageError, match="area"):
        denominate(X, den, {"x": "area"})


def test_impute_group_mean_and_median():
    X = frame({"x": [1.0, np.nan, 3, 10], "y": [np.nan, 2.0, 4, 8]})
    g = pd.Series(["A", "A", "A", "B"], index=X.index)
    gm = impute(X, "group_mean", g)
    assert gm.loc["b", "x"] == pytest.approx(2.0)      # mean of 1 and 3 in group A
    assert gm.loc["a", "y"] == pytest.approx(3.0)      # mean of 2 and 4
    assert impute(X, "mean").loc["b", "x"] == pytest.approx(14 / 3)
    assert impute(X, "median").loc["a", "y"] == pytest.approx(4.0)
    # a group with no value for an indicator stays missing, as in COINr
    Z = frame({"x": [1.0, 2, np.nan, np.nan]})
    out = impute(Z, "group_mean", pd.Series(["A", "A", "B", "B"], index=Z.index))
    assert out["x"].isna().tolist() == [False, False, True, True]
    assert impute(X, "none").equals(X)
    with pytest.raises(StageError, match="group"):
        impute(X, "group_mean")


def test_screen_by_na_threshold():
    X = frame({"x1": [1.0, np.nan, np.nan, 1], "x2": [1.0, 1, np.nan, 1],
               "x3": [1.0, 1, 1, np.nan], "x4": [1.0, 1, 1, 1], "x5": [1.0, 1, 1, 1]})
    kept, removed = screen(X, 0.8)  # a: 5/5, b: 4/5, c: 3/5, d: 4/5
    assert list(kept.index) == ["a", "b", "d"] and removed == ["c"]
    kept, removed = screen(X, 0.9)
    assert list(kept.index) == ["a"] and removed == ["b", "c", "d"]


def test_screen_by_nonzero_counts_among_present_values():
    # COINr 1.1.14 Screen(): non-zero share = 1 - zeros / present. Columns are indicators, rows
    # units: a (1, 2, NA, NA) -> 1 - 0/2 = 1; b (1, 0, 0, 0) -> 1 - 3/4 = 0.25;
    # c (1, 2, 3, 4) -> 1. At 0.75 COINr keeps a and c (counting NA as zero gave a 2/4 = 0.5).
    X = pd.DataFrame([[1.0, 2, np.nan, np.nan], [1, 0, 0, 0], [1, 2, 3, 4]],
                     index=["a", "b", "c"], columns=["i1", "i2", "i3", "i4"])
    kept, removed = screen(X, method="byNZ", nonzero_share=0.75)
    assert list(kept.index) == ["a", "c"] and removed == ["b"]
    # byNAandNZ at min_share 0.5: a has 2/4 present (kept), so the same two units stay
    kept, removed = screen(X, 0.5, method="byNAandNZ", nonzero_share=0.75)
    assert list(kept.index) == ["a", "c"] and removed == ["b"]
    # ... and at min_share 0.75 a is removed for its missing values, not for zeros
    assert screen(X, 0.75, method="byNAandNZ", nonzero_share=0.75)[1] == ["a", "b"]


def test_winsorise_single_point():
    x = np.array(list(range(1, 11)) + [30, 100], float)
    vals, det = treat_column(x)
    np.testing.assert_array_equal(vals, list(range(1, 11)) + [30, 30])
    assert det["winsorise.nwin"] == 1 and det["check_SkewKurt1.Pass"]
    x2 = vals
    assert det["check_SkewKurt1.Skew"] == pytest.approx(stats.skew(x2, bias=False))


def test_winsorise_ties_move_together():
    x = np.array([1.0] * 20 + [2, 3, 50, 50, 100])
    vals, det = treat_column(x)
    # step 1: 100 -> 50 (still failing); step 2: the three 50s -> 3
    np.testing.assert_array_equal(vals, [1.0] * 20 + [2, 3, 3, 3, 3])
    assert det["winsorise.nwin"] == 3


def test_log_transform_of_original_when_winsorising_fails():
    x = np.array(list(range(1, 41)) + [10.0 ** i for i in range(3, 11)])
    vals, det = treat_column(x)
    assert det["winsorise.nwin"] == 5 and det["check_SkewKurt1.Pass"] is False
    expected = np.log(x - 1 + 0.01 * (1e10 - 1))
    np.testing.assert_allclose(vals, expected, rtol=1e-12)
    assert det["Treatment"] == "log_CT"


def test_negative_skew_winsorises_the_minimum():
    x = -np.array(list(range(1, 11)) + [30, 100], float)
    vals, det = treat_column(x)
    np.testing.assert_array_equal(vals, -np.array(list(range(1, 11)) + [30, 30], float))


def test_treat_frame_details_columns():
    X = frame({"ok": [1.0, 2, 3, 4], "c": [1.0, 1, 1, 1]})
    out, det = treat(X)
    assert list(det["iCode"]) == ["ok", "c"]
    assert det["check_SkewKurt0.Pass"].iloc[0]  # a constant column is left alone (pass = NA)
    assert pd.isna(det["check_SkewKurt0.Pass"].iloc[1])
    assert out.equals(X)


def test_normalise_methods_by_hand():
    X = frame({"x": [0.0, 5, 10, 10], "y": [2.0, 4, 6, 8]})
    d = pd.Series({"x": 1, "y": -1})
    mm = normalise(X, "minmax", d, range=[0, 100])
    np.testing.assert_allclose(mm["x"], [0, 50, 100, 100])
    np.testing.assert_allclose(mm["y"], [100, 200 / 3, 100 / 3, 0])
    z = normalise(X, "zscore", None, mean=10, sd=2)
    y = np.array([2.0, 4, 6, 8])
    np.testing.assert_allclose(z["y"], (y - 5) / np.std(y, ddof=1) * 2 + 10)
    pr = normalise(X, "prank")
    np.testing.assert_allclose(pr["x"], [0, 1 / 3, 2 / 3, 2 / 3])  # ties take the lowest rank
    np.testing.assert_allclose(normalise(X, "rank")["x"], [1, 2, 3, 3])
    np.testing.assert_allclose(normalise(X, "fraction_max")["y"], [0.25, 0.5, 0.75, 1])
    gp = normalise(X, "goalpost", d, goalposts={"x": [0, 8], "y": [0, 10]})
    np.testing.assert_allclose(gp["x"], [0, 5 / 8, 1, 1])           # truncated at 1
    np.testing.assert_allclose(gp["y"], [0.8, 0.6, 0.4, 0.2])       # (hi - x)/(hi - lo)
    gl = normalise(X[["y"]], "goalpost", None, goalposts={"y": [1, 100]}, log=True)
    np.testing.assert_allclose(gl["y"], np.log(y) / np.log(100))
    dt = normalise(X, "dist_target", d, targets={"x": 8, "y": 3}, cap=True)
    np.testing.assert_allclose(dt["x"], [0, 5 / 8, 1, 1])
    # y is negative: (max - y)/(max - target) = (8 - y)/5, capped at 1
    np.testing.assert_allclose(dt["y"], [1, 4 / 5, 2 / 5, 0])
    with pytest.raises(StageError, match="unknown method"):
        normalise(X, "softmax")
    with pytest.raises(StageError, match="target"):
        normalise(X, "dist_target", targets={"x": 1})


FW = framework_from_dict({"code": "t", "nodes": [
    {"code": "I"}, {"code": "P1", "parent": "I", "weight": 2}, {"code": "P2", "parent": "I"},
    {"code": "a", "parent": "P1"}, {"code": "b", "parent": "P1", "weight": 3},
    {"code": "c", "parent": "P2"}]})


def test_plan_weighted_means_and_renormalisation():
    X = np.array([[10.0, 20, 40], [np.nan, 20, 40]])
    plan = AggregationPlan.from_framework(FW, ["a", "b", "c"])
    out = plan.run(X)
    p1 = (10 + 3 * 20) / 4
    np.testing.assert_allclose(out[0], [p1, 40, (2 * p1 + 40) / 3])
    # a missing: weights re-normalised
    np.testing.assert_allclose(out[1], [20, 40, (2 * 20 + 40) / 3])
    geo = AggregationPlan.from_framework(FW, ["a", "b", "c"], method="geometric").run(X)
    assert geo[0, 0] == pytest.approx(np.exp((np.log(10) + 3 * np.log(20)) / 4))
    har = AggregationPlan.from_framework(FW, ["a", "b", "c"], by_level={2: "harmonic"}).run(X)
    assert har[0, 0] == pytest.approx(4 / (1 / 10 + 3 / 20))
    assert har[0, 2] == pytest.approx((2 * har[0, 0] + 40) / 3)  # level 3 keeps the framework's
    gen = AggregationPlan.from_framework(FW, ["a", "b", "c"], method="generalised", p=2).run(X)
    assert gen[0, 0] == pytest.approx(np.sqrt((100 + 3 * 400) / 4))
    # minimum share of present children: a carries 1/4 of P1's weight, b 3/4
    ms = AggregationPlan.from_framework(FW, ["a", "b", "c"], min_share=0.8).run(X)
    assert np.isnan(ms[1, 0]) and not np.isnan(ms[0, 0])
    dt = AggregationPlan.from_framework(FW, ["a", "b", "c"], dat_thresh=0.6).run(X)
    assert np.isnan(dt[1, 0])  # 1 of 2 children present < 0.6


def test_plan_geometric_error_names_node_and_units():
    X = np.array([[0.0, 2, 3], [1.0, 2, 3]])
    plan = AggregationPlan.from_framework(FW, ["a", "b", "c"], method="geometric")
    with pytest.raises(Exception, match=r"'P1'.*\['x'\]"):
        plan.run(X, units=["x", "y"])


def test_plan_batch_equals_single_runs():
    rng = np.random.default_rng(0)
    X = rng.uniform(1, 100, (7, 3))
    X[2, 0] = np.nan
    W = rng.uniform(0.1, 2, (5, 6))
    for method in ("arithmetic", "geometric"):
        plan = AggregationPlan.from_framework(FW, ["a", "b", "c"], method=method)
        batch = plan.run(X, W)
        for s in range(5):
            np.testing.assert_allclose(batch[s], plan.run(X, W[s]), rtol=1e-12)
