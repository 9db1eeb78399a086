"""Saltelli design and Sobol estimators against analytic indices (Ishigami, linear model)."""
from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import rankdata

from analysis.index.rank import rank_columns
from analysis.index.sensitivity import saltelli_design, sobol_indices, split_outputs
from helpers.ishigami import ishigami, ishigami_indices

# Published analytic values for a = 7, b = 0.1 (Sobol' & Levitan 1999; Saltelli et al. 2008).
ISHIGAMI_S1 = [0.3139, 0.4424, 0.0]
ISHIGAMI_ST = [0.5576, 0.4424, 0.2437]


def _ishigami_run(n, seed=11, n_boot=200):
    x = saltelli_design(3, n, seed=seed) * 2 * np.pi - np.pi
    return sobol_indices(ishigami(x), 3, n_boot=n_boot, seed=5)


def test_ishigami_analytic_formula_matches_published_values():
    s1, st = ishigami_indices(7.0, 0.1)
    np.testing.assert_allclose(s1, ISHIGAMI_S1, atol=5e-5)
    np.testing.assert_allclose(st, ISHIGAMI_ST, atol=5e-5)


def test_ishigami_indices_n1024():
    # N = 1024 (5,120 model runs): over 20 seeds the largest error was 0.024
    res = _ishigami_run(1024)
    np.testing.assert_allclose(res.S1, ISHIGAMI_S1, atol=0.05)
    np.testing.assert_allclose(res.ST, ISHIGAMI_ST, atol=0.05)


@pytest.mark.slow
def test_ishigami_indices_large_n():
    # N = 8192 (40,960 model runs): the estimators' error is of order 0.005 (20 seeds: max 0.01).
    res = _ishigami_run(8192)
    np.testing.assert_allclose(res.S1, ISHIGAMI_S1, atol=0.015)
    np.testing.assert_allclose(res.ST, ISHIGAMI_ST, atol=0.015)
    # the 95 % bootstrap intervals cover the analytic values
    assert np.all(res.S1_low <= np.array(ISHIGAMI_S1) + 1e-9)
    assert np.all(res.S1_high >= np.array(ISHIGAMI_S1) - 1e-9)
    assert np.all(res.ST_low <= np.array(ISHIGAMI_ST))
    assert np.all(res.ST_high >= np.array(ISHIGAMI_ST))


@pytest.mark.slow
def test_ishigami_smaller_n_intervals_wider():
    small, large = _ishigami_run(1024), _ishigami_run(8192)
    # CI width shrinks like 1/sqrt(N): 8× the samples, about 2.8× narrower
    w_small, w_large = small.ST_high - small.ST_low, large.ST_high - large.ST_low
    assert np.all(w_small > 2 * w_large)


def test_linear_model_indices():
    # Y = X1 + 2 X2 + 3 X3 with X_i ~ U(0, 1): S1_i = ST_i = a_i² / Σ a² = 1/14, 4/14, 9/14
    x = saltelli_design(3, 4096, seed=3)
    y = x @ np.array([1.0, 2.0, 3.0])
    res = sobol_indices(y, 3, n_boot=0)
    np.testing.assert_allclose(res.S1, np.array([1, 4, 9]) / 14, atol=0.01)
    np.testing.assert_allclose(res.ST, np.array([1, 4, 9]) / 14, atol=0.01)
    assert np.isnan(res.S1_low).all()  # no bootstrap asked


def test_design_layout():
    k, n = 4, 64
    d = saltelli_design(k, n, seed=1)
    assert d.shape == (n * (k + 2), k)
    a, b, ab = split_outputs(d, k)
    for i in range(k):
        np.testing.assert_array_equal(ab[i][:, i], b[:, i])
        np.testing.assert_array_equal(np.delete(ab[i], i, axis=1), np.delete(a, i, axis=1))
    assert (d >= 0).all() and (d < 1).all()


def test_multi_output_equals_single_outputs_and_constant_is_nan():
    x = saltelli_design(3, 256, seed=2) * 2 * np.pi - np.pi
    y1, y2 = ishigami(x), x[:, 0] + 0.5 * x[:, 2]
    both = sobol_indices(np.column_stack([y1, y2, np.ones_like(y1)]), 3, n_boot=50, seed=9)
    one = sobol_indices(y2, 3, n_boot=0)
    np.testing.assert_allclose(both.S1[:, 1], one.S1, rtol=1e-12)
    np.testing.assert_allclose(both.ST[:, 1], one.ST, rtol=1e-12)
    assert np.isnan(both.S1[:, 2]).all() and np.isnan(both.ST_high[:, 2]).all()


def test_bad_output_length():
    with pytest.raises(ValueError, match="multiple of k"):
        sobol_indices(np.ones(11), 3)


def test_rank_columns_matches_scipy_with_ties_and_nan():
    rng = np.random.default_rng(0)
    v = rng.integers(0, 6, size=(30, 8)).astype(float)
    v[rng.random(v.shape) < 0.1] = np.nan
    got = rank_columns(v)
    for j in range(v.shape[1]):
        ok = ~np.isnan(v[:, j])
        np.testing.assert_array_equal(got[ok, j], rankdata(-v[ok, j], method="min"))
        assert np.isnan(got[~ok, j]).all()
    # hand example: 10 > 7 = 7 > 3 -> ranks 1, 2, 2, 4
    np.testing.assert_array_equal(rank_columns(np.array([7.0, 10.0, 3.0, 7.0])), [2, 1, 4, 2])


def test_streamed_blocks_give_the_unblocked_result():
    # 40 outputs in blocks of one or a few outputs, on one or two threads, from float32 input:
    # the same indices and intervals as all outputs at once (each output's columns are separate)
    rng = np.random.default_rng(8)
    x = saltelli_design(4, 128, seed=4)
    y = np.column_stack([rank_columns(x @ rng.normal(size=4) + rng.normal(size=len(x)))
                         for _ in range(40)])  # integer-valued, like ranks
    whole = sobol_indices(y, 4, n_boot=30, seed=1, block_bytes=1 << 40)
    for block_bytes, workers in ((1, 1), (1, 2), (200_000, 2)):
        got = sobol_indices(y.astype(np.float32), 4, n_boot=30, seed=1, block_bytes=block_bytes,
                            workers=workers)
        for name in ("S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high", "variance"):
            np.testing.assert_allclose(getattr(got, name), getattr(whole, name), rtol=1e-12,
                                       atol=1e-15, err_msg=name)
