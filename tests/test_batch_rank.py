"""Row-wise competition ranks (the uncertainty engine's inner loop) against rank_columns/scipy."""
from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import rankdata

from analysis.index.batch_rank import RankWork, rank_rows
from analysis.index.rank import rank_columns


def _scipy_rows(v: np.ndarray) -> np.ndarray:
    """Independent reference: scipy's "min" ranks of −round(v, 9) per row, NaN unranked."""
    out = np.full(v.shape, np.nan)
    for i, row in enumerate(np.round(v, 9)):
        ok = ~np.isnan(row)
        out[i, ok] = rankdata(-row[ok], method="min")
    return out


def test_hand_example_with_ties_and_missing():
    # 10 > 7 = 7 > 3, NaN unranked -> 2, 1, 4, 2, NaN; a tie closer than 1e-9 is a tie
    v = np.array([[7.0, 10.0, 3.0, 7.0, np.nan],
                  [1.0, 1.0 + 4e-10, 2.0, np.nan, 0.5]])
    got = rank_rows(v)
    assert got.dtype == np.float32
    np.testing.assert_array_equal(got, [[2, 1, 4, 2, np.nan], [2, 2, 1, np.nan, 4]])


@pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")  # the reference, at 1e300
@pytest.mark.parametrize("scale", [1.0, 1e5, 1e8, 1e300])
def test_random_rows_match_scipy_and_rank_columns(scale):
    rng = np.random.default_rng(int(np.log10(scale)))
    work = RankWork(40, 23)
    for trial in range(60):
        m = int(rng.integers(1, 41))
        v = rng.integers(0, 9, size=(m, 23)) / rng.choice([1.0, 3.0, 7.0]) * scale
        v = v + rng.choice([0.0, 3e-10, 2e-8]) * rng.random(v.shape)  # near-ties both sides of 1e-9
        v[rng.random(v.shape) < rng.choice([0.0, 0.2, 1.0])] = np.nan
        if trial % 7 == 0:
            v[0, 0] = np.inf  # beyond the integer keys: the general ranking
        expected = _scipy_rows(v) if scale < 1e300 else rank_columns(v.T).T
        got = rank_rows(v, work=work if trial % 2 else None)
        np.testing.assert_array_equal(got, expected)
        np.testing.assert_array_equal(got, rank_columns(v.T).T)


def test_scratch_space_is_reused_and_the_result_is_a_view():
    work = RankWork(8, 5)
    a = rank_rows(np.arange(10.0).reshape(2, 5), work=work)
    assert np.shares_memory(a, work.out)
    np.testing.assert_array_equal(a, [[5, 4, 3, 2, 1]] * 2)
    b = rank_rows(np.array([[3.0, 1, 2, 5, 4]]), work=work)  # fewer rows, same scratch
    np.testing.assert_array_equal(b, [[3, 5, 4, 1, 2]])
    other = rank_rows(np.ones((3, 6)), work=work)  # another width: fresh scratch
    np.testing.assert_array_equal(other, np.ones((3, 6)))


def test_needs_two_dimensions():
    with pytest.raises(ValueError, match="samples × units"):
        rank_rows(np.ones(4))
