"""Percentile ranks by counting: the same numbers as np.nanpercentile, bit for bit."""
from __future__ import annotations

import warnings

import numpy as np
import pytest

from analysis.index.rank_percentiles import rank_percentiles

QS = (50, 5, 95, 0, 100, 33.3, 99.9)


def _reference(ranks, q):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # rows without any value
        return np.nanpercentile(np.asarray(ranks, float), q, axis=1)


@pytest.mark.parametrize("layout", ["units x samples", "transposed store", "float32 store"])
def test_random_rank_matrices_with_nans_equal_nanpercentile(layout):
    rng = np.random.default_rng(3)
    for trial in range(120):
        units, samples = int(rng.integers(1, 25)), int(rng.integers(1, 400))
        r = rng.integers(1, int(rng.integers(2, 80)), size=(units, samples)).astype(float)
        r[rng.random(r.shape) < rng.choice([0.0, 0.05, 0.6, 1.0])] = np.nan
        if trial % 4 == 0:
            r[0] = np.nan  # a unit screened out of every sample
        if trial % 5 == 0:
            r[-1] = np.nan
            r[-1, 0] = 3.0  # a unit ranked in one sample only
        if layout != "units x samples":  # the engine's runs × units store, read transposed
            store = np.ascontiguousarray(r.T, np.float32 if layout == "float32 store" else float)
            r_in = store.T
        else:
            r_in = r
        for q, got in zip(QS, rank_percentiles(r_in, QS)):
            np.testing.assert_array_equal(got, _reference(r, q))


def test_values_that_are_not_whole_numbers_fall_back_to_nanpercentile():
    rng = np.random.default_rng(5)
    r = rng.random((6, 50)) * 10
    r[rng.random(r.shape) < 0.1] = np.nan
    for q, got in zip(QS, rank_percentiles(r, QS)):
        np.testing.assert_array_equal(got, _reference(r, q))
    wide = np.array([[1.0, 1e9, 5.0], [2.0, 3.0, np.nan]])  # whole numbers, too wide to count
    for q, got in zip(QS, rank_percentiles(wide, QS)):
        np.testing.assert_array_equal(got, _reference(wide, q))


def test_hand_example():
    # sorted 1 1 1 2 3: median 1; p05 at index 0.2 -> 1; p95 at 3.8 -> 2 + 0.8 = 2.8
    med, p05, p95 = rank_percentiles(np.array([[1, 1, 1, 2, 3], [np.nan] * 5]), (50, 5, 95))
    assert (med[0], p05[0], p95[0]) == (1.0, 1.0, 2.8)
    assert np.isnan([med[1], p05[1], p95[1]]).all()
