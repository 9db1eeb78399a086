"""Hypothesis property tests of normalisations and aggregations."""
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from analysis.frameworks import framework_from_dict
from analysis.index.stages import AggregationPlan, normalise_array

SET = settings(max_examples=60, deadline=None)
vals = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
pos = st.floats(min_value=1e-3, max_value=1e6, allow_nan=False)


def distinct_column(min_size=3, elements=vals):
    return st.lists(elements, min_size=min_size, max_size=30, unique=True).map(
        lambda xs: np.array(xs, float)[:, None])


@SET
@given(distinct_column(), st.floats(-100, 100), st.floats(1, 100), st.sampled_from([1, -1]))
def test_minmax_bounds_and_monotone(x, lo, width, d):
    hi = lo + width
    y = normalise_array(x, "minmax", [d], range=[lo, hi])[:, 0]
    assert y.min() >= lo - 1e-9 * (1 + abs(lo)) and y.max() <= hi + 1e-9 * (1 + abs(hi))
    assert np.isclose(y.min(), lo) and np.isclose(y.max(), hi)
    order = np.argsort(x[:, 0])
    assert np.all(np.diff(y[order] * d) >= -1e-9 * width)  # order kept (reversed for d = -1)


@SET
@given(distinct_column(), st.floats(-50, 50), st.floats(0.1, 10))
def test_zscore_mean_and_sd(x, m, s):
    if np.std(x) < 1e-3 * (1 + np.abs(x).max()):
        return  # numerically degenerate spread
    y = normalise_array(x, "zscore", None, mean=m, sd=s)[:, 0]
    assert np.isclose(y.mean(), m, atol=1e-6 * (1 + abs(m)))
    assert np.isclose(y.std(ddof=1), s, rtol=1e-6)


@SET
@given(st.lists(st.integers(-5, 5), min_size=3, max_size=30))
def test_prank_and_rank_bounds_monotone(xs):
    x = np.array(xs, float)[:, None]
    if len(np.unique(x)) < 2:
        return
    pr = normalise_array(x, "prank")[:, 0]
    rk = normalise_array(x, "rank")[:, 0]
    assert pr.min() == 0 and pr.max() <= 1
    order = np.argsort(x[:, 0], kind="stable")
    assert np.all(np.diff(pr[order]) >= 0) and np.all(np.diff(rk[order]) >= 0)
    # ties share the lowest rank: equal inputs get equal outputs
    for v in np.unique(x):
        assert len(np.unique(rk[x[:, 0] == v])) == 1


@SET
@given(distinct_column(elements=pos), st.floats(0.001, 10), st.floats(1, 1e5), st.booleans())
def test_goalpost_truncated_bounds(x, lo, width, log):
    y = normalise_array(x, "goalpost", None, columns=["x"], goalposts={"x": [lo, lo + width]},
                        log=log, truncate=True, scale=100)[:, 0]
    assert np.all((y >= 0) & (y <= 100))
    order = np.argsort(x[:, 0])
    assert np.all(np.diff(y[order]) >= -1e-9)


FW = framework_from_dict({"code": "p", "nodes": [{"code": "r"}] + [
    {"code": f"x{i}", "parent": "r"} for i in range(4)]})
PLAN = {m: AggregationPlan.from_framework(FW, [f"x{i}" for i in range(4)], method=m)
        for m in ("arithmetic", "geometric", "harmonic")}
rows = arrays(float, (5, 4), elements=st.floats(0.01, 1000))
weights = arrays(float, 4, elements=st.floats(0.05, 10))
MEANS = ["arithmetic", "geometric", "harmonic"]


def run(method, X, w):
    return PLAN[method].run(X, np.concatenate([w, [1.0]]))[:, 0]


@SET
@given(rows, weights, st.sampled_from(["arithmetic", "geometric", "harmonic"]))
def test_mean_within_child_bounds(X, w, m):
    y = run(m, X, w)
    assert np.all(y >= X.min(axis=1) * (1 - 1e-9)) and np.all(y <= X.max(axis=1) * (1 + 1e-9))


@SET
@given(rows, weights, st.floats(0.01, 100), st.sampled_from(MEANS))
def test_weight_scale_invariance(X, w, c, m):
    np.testing.assert_allclose(run(m, X, w), run(m, X, w * c), rtol=1e-9)


@SET
@given(rows, weights, st.permutations(range(4)), st.sampled_from(MEANS))
def test_permutation_invariance(X, w, perm, m):
    perm = list(perm)
    np.testing.assert_allclose(run(m, X, w), run(m, X[:, perm], w[perm]), rtol=1e-9)


@SET
@given(rows, weights, st.integers(0, 3), st.floats(0.01, 100),
       st.sampled_from(["arithmetic", "geometric", "harmonic"]))
def test_monotone_in_each_child(X, w, j, bump, m):
    Y = X.copy()
    Y[:, j] += bump
    assert np.all(run(m, Y, w) >= run(m, X, w) * (1 - 1e-12))


@SET
@given(rows, weights)
def test_harmonic_le_geometric_le_arithmetic(X, w):
    a, g, h = run("arithmetic", X, w), run("geometric", X, w), run("harmonic", X, w)
    assert np.all(h <= g * (1 + 1e-9)) and np.all(g <= a * (1 + 1e-9))


@SET
@given(rows, weights, st.integers(0, 3))
def test_missing_child_renormalises(X, w, j):
    Y = X.copy()
    Y[:, j] = np.nan
    keep = [i for i in range(4) if i != j]
    expected = (X[:, keep] * w[keep]).sum(axis=1) / w[keep].sum()
    np.testing.assert_allclose(run("arithmetic", Y, w), expected, rtol=1e-9)
