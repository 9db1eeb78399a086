"""Correlation statistics on fixed data against scipy, statsmodels and hand computations."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

from analysis.correlations.stats import (SmallSampleWarning, bh_adjust, correlate,
                                         correlation_table, partial_correlate, partial_estimate)


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(12345)
    n = 60
    z1 = rng.normal(size=n)
    z2 = (rng.random(n) < 0.4).astype(float)
    x = 0.6 * z1 + rng.normal(size=n)
    y = 0.5 * x + 0.4 * z1 - 0.5 * z2 + rng.normal(size=n)
    x[[3, 17]] = np.nan  # pairwise-complete handling
    return pd.DataFrame({"x": x, "y": y, "z1": z1, "z2": z2})


@pytest.mark.parametrize("method,fn", [("pearson", stats.pearsonr), ("spearman", stats.spearmanr),
                                       ("kendall", stats.kendalltau)])
def test_estimate_and_p_match_scipy(data, method, fn):
    ok = data[["x", "y"]].dropna()
    ref = fn(ok["x"], ok["y"])
    res = correlate(data["x"], data["y"], method, n_boot=0)
    assert res["n"] == 58
    assert res["estimate"] == pytest.approx(ref[0], abs=1e-12)
    assert res["p"] == pytest.approx(ref[1], rel=1e-9)


@pytest.mark.parametrize("method,fn", [("pearson", stats.pearsonr), ("spearman", stats.spearmanr),
                                       ("kendall", stats.kendalltau)])
def test_bootstrap_ci_equals_hand_rolled_reference_with_same_seed(data, method, fn):
    ok = data[["x", "y"]].dropna().to_numpy()
    B, seed = 300, 7
    idx = np.random.default_rng(seed).integers(0, len(ok), size=(B, len(ok)))
    reps = np.array([fn(ok[i, 0], ok[i, 1])[0] for i in idx])
    lo, hi = np.percentile(reps[np.isfinite(reps)], [2.5, 97.5])
    res = correlate(data["x"], data["y"], method, n_boot=B, seed=seed)
    assert res["ci_low"] == pytest.approx(lo, abs=1e-12)
    assert res["ci_high"] == pytest.approx(hi, abs=1e-12)


def test_bootstrap_ci_agrees_with_scipy_bootstrap(data):
    ok = data[["x", "y"]].dropna()
    ref = stats.bootstrap((ok["x"].to_numpy(), ok["y"].to_numpy()),
                          lambda a, b: stats.pearsonr(a, b)[0], paired=True, vectorized=False,
                          method="percentile", n_resamples=3000,
                          random_state=np.random.default_rng(1))
    res = correlate(data["x"], data["y"], "pearson", n_boot=3000, seed=1)
    # different draws, same estimator: the percentile limits agree to Monte-Carlo error
    assert res["ci_low"] == pytest.approx(ref.confidence_interval.low, abs=0.03)
    assert res["ci_high"] == pytest.approx(ref.confidence_interval.high, abs=0.03)


def test_same_seed_same_interval_other_seed_other_interval(data):
    a = correlate(data["x"], data["y"], "spearman", 200, seed=3)
    b = correlate(data["x"], data["y"], "spearman", 200, seed=3)
    c = correlate(data["x"], data["y"], "spearman", 200, seed=4)
    assert a == b and a["ci_low"] != c["ci_low"]


def test_bh_against_hand_computation():
    p = [0.01, 0.04, np.nan, 0.03, 0.005, 0.5]
    # m = 5 tests; sorted 0.005, 0.01, 0.03, 0.04, 0.5 → p·m/rank = .025 .025 .05 .05 .5,
    # then the running minimum from the largest rank down
    expected = [0.025, 0.05, np.nan, 0.05, 0.025, 0.5]
    np.testing.assert_allclose(bh_adjust(p), expected, rtol=1e-12)


def test_partial_one_covariate_against_textbook_formula():
    x = np.array([1, 2, 3, 4, 5, 6, 7, 8.0])
    y = np.array([2, 1, 4, 3, 6, 5, 9, 7.0])
    z = np.array([1, 1, 2, 2, 3, 3, 3, 5.0])
    rxy, rxz, ryz = (np.corrcoef(a, b)[0, 1] for a, b in ((x, y), (x, z), (y, z)))
    hand = (rxy - rxz * ryz) / np.sqrt((1 - rxz ** 2) * (1 - ryz ** 2))
    r, p, n = partial_estimate(x, y, z[:, None], "pearson")
    assert n == 8 and r == pytest.approx(hand, abs=1e-12)
    t = hand * np.sqrt((8 - 3) / (1 - hand ** 2))
    assert p == pytest.approx(2 * stats.t.sf(abs(t), 5), rel=1e-9)


def test_partial_p_equals_ols_t_test_of_the_coefficient(data):
    ok = data.dropna()
    fit = sm.OLS(ok["y"], sm.add_constant(ok[["x", "z1", "z2"]])).fit()
    r, p, n = partial_estimate(data["x"], data["y"], data[["z1", "z2"]].to_numpy())
    assert n == 58
    assert p == pytest.approx(fit.pvalues["x"], rel=1e-8)
    # the partial r and the coefficient's t are linked: t = r·sqrt(dof/(1 − r²))
    assert fit.tvalues["x"] == pytest.approx(r * np.sqrt(fit.df_resid / (1 - r * r)), rel=1e-8)


def test_spearman_partial_is_pearson_partial_of_ranks(data):
    ok = data.dropna()
    rk = ok.rank()
    ref, _, _ = partial_estimate(rk["x"], rk["y"], rk[["z1", "z2"]].to_numpy(), "pearson")
    r, _, _ = partial_estimate(data["x"], data["y"], data[["z1", "z2"]].to_numpy(), "spearman")
    assert r == pytest.approx(ref, abs=1e-12)


def test_partial_ci_equals_hand_rolled_residual_bootstrap(data):
    ok = data.dropna().to_numpy()
    B, seed = 200, 11
    idx = np.random.default_rng(seed).integers(0, len(ok), size=(B, len(ok)))
    reps = []
    for i in idx:
        s = ok[i]
        Z = np.column_stack([np.ones(len(s)), s[:, 2], s[:, 3]])
        rx = s[:, 0] - Z @ np.linalg.lstsq(Z, s[:, 0], rcond=None)[0]
        ry = s[:, 1] - Z @ np.linalg.lstsq(Z, s[:, 1], rcond=None)[0]
        reps.append(np.corrcoef(rx, ry)[0, 1])
    lo, hi = np.percentile(reps, [2.5, 97.5])
    res = partial_correlate(data["x"], data["y"], data[["z1", "z2"]].to_numpy(), "pearson", B, seed)
    assert (res["ci_low"], res["ci_high"]) == pytest.approx((lo, hi), abs=1e-10)


@pytest.mark.parametrize("controls", [(), ("z2",)])
def test_table_equals_pair_functions(data, controls):
    tab = correlation_table(data, ["x", "z1"], ["y"], ("pearson", "spearman"), controls,
                            n_boot=150, seed=5)
    for _, row in tab.iterrows():
        if controls:
            ref = partial_correlate(data[row.x], data[row.y], data[list(controls)].to_numpy(),
                                    row.method, 150, 5)
        else:
            ref = correlate(data[row.x], data[row.y], row.method, 150, 5)
        for k in ("n", "estimate", "p", "ci_low", "ci_high"):
            assert row[k] == pytest.approx(ref[k], abs=1e-12), (row.x, row.method, k)
    for _, grp in tab.groupby("method"):
        np.testing.assert_allclose(grp["p_adj"], bh_adjust(grp["p"]))


def test_small_sample_flag_and_warning(data):
    small = data.iloc[:20]
    with pytest.warns(SmallSampleWarning, match="fewer than 30"):
        tab = correlation_table(small, ["x"], ["y"], ("spearman",), n_boot=50)
    assert tab["small_sample"].all() and tab["n"].iloc[0] == 18
    with warnings.catch_warnings():
        warnings.simplefilter("error", SmallSampleWarning)
        tab = correlation_table(small, ["x"], ["y"], ("spearman",), n_boot=50, min_n=10)
    assert not tab["small_sample"].any()


def test_constant_variable_gives_nan_not_an_error():
    res = correlate([1, 1, 1, 1, 1], [1, 2, 3, 4, 5], "pearson", n_boot=50)
    assert np.isnan(res["estimate"]) and np.isnan(res["ci_low"])


def test_bh_counts_density_and_log_density_once_for_rank_methods():
    # x and log(x) have the same ranks: the same Spearman test. The family is {x, w} (m = 2),
    # not {x, log x, w} (m = 3). Hand BH for m = 2 with p_(1) <= p_(2):
    # adj_(2) = p_(2), adj_(1) = min(2 p_(1), p_(2)).
    rng = np.random.default_rng(7)
    n = 40
    x = np.exp(rng.normal(size=n))
    y = 0.5 * np.log(x) + rng.normal(size=n)
    w = rng.normal(size=n)
    df = pd.DataFrame({"x": x, "log_x": np.log(x), "w": w, "y": y})
    tab = correlation_table(df, ["x", "log_x", "w"], ["y"], ("spearman", "pearson"), n_boot=0)
    sp = tab[tab.method == "spearman"].set_index("x")
    px, pw = stats.spearmanr(x, y)[1], stats.spearmanr(w, y)[1]
    lo, hi = sorted([px, pw])
    adj = {lo: min(2 * lo, hi), hi: hi}
    assert sp.loc["x", "p_adj"] == pytest.approx(adj[px], rel=1e-12)
    assert sp.loc["log_x", "p_adj"] == pytest.approx(adj[px], rel=1e-12)  # the same test
    assert sp.loc["w", "p_adj"] == pytest.approx(adj[pw], rel=1e-12)
    # Pearson: x and log x are different tests, a family of three
    pe = tab[tab.method == "pearson"]
    np.testing.assert_allclose(pe["p_adj"], bh_adjust(pe["p"]), rtol=1e-12)
