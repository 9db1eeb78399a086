"""Competition ranks of many score vectors at once: the uncertainty engine's inner loop.

:func:`rank_rows` gives, for every row (one sample) of a samples × units array, the same ranks as
:func:`analysis.index.rank.rank_columns` gives for the transposed array: values rounded to
``decimals`` first, 1 = highest, ties share the best rank, NaN stays unranked. The result is
``float32`` (exact for integer ranks below 2^24), half the memory of ``float64``.

How: a value rounded to ``d`` decimals is ``q / 10^d`` with ``q = rint(v · 10^d)`` an integer
(numpy's ``round`` computes exactly this), so ordering and ties of the rounded values are those
of ``q`` as long as ``|q| < 2^50`` (distinct integers then stay distinct after the division).
Each value becomes one ``int64`` key ``(−q) · 2^b + unit`` (``b`` bits hold the unit's column),
one vectorised integer sort per row orders the keys, and the sorted keys give both the order (low
bits) and the tie groups (high bits): no argsort, no gather. Rows with a value beyond that range
(or infinite) fall back to :func:`~analysis.index.rank.rank_columns`.

A :class:`RankWork` holds the scratch arrays, so a worker ranking batch after batch allocates
nothing (fresh arrays of a megabyte cost page faults comparable to the sort itself).
"""
from __future__ import annotations

import numpy as np

from analysis.index.rank import rank_columns

#: Largest |q| the integer keys take (see the module doc).
_Q_BITS = 50


class RankWork:
    """Scratch arrays for :func:`rank_rows` on up to ``rows`` × ``units`` (one per thread)."""

    def __init__(self, rows: int, units: int):
        self.shape = (rows, units)
        self.q = np.empty((rows, units))
        self.key = np.empty((rows, units), np.int64)
        self.col = np.empty((rows, units), np.int64)
        self.flag = np.empty((rows, units), bool)
        self.out = np.empty((rows, units), np.float32)
        self.pos = np.broadcast_to(np.arange(1, units + 1, dtype=np.float32), (rows, units)).copy()
        self.offset = (np.arange(rows, dtype=np.int64) * units)[:, None]
        self.unit = np.arange(units, dtype=np.int64)[None, :]

    def fits(self, m: int, n: int) -> bool:
        return m <= self.shape[0] and n == self.shape[1]


def rank_rows(values: np.ndarray, decimals: int = 9, work: RankWork | None = None) -> np.ndarray:
    """Ranks (1 = highest, ties share the best rank, NaN unranked) of every row of a samples ×
    units array, as ``float32``; equal to ``rank_columns(values.T, decimals).T``.

    With ``work`` (a :class:`RankWork` large enough) the result is a view into its scratch
    space, valid until the next call with the same ``work``.
    """
    v = np.asarray(values, float)
    if v.ndim != 2:
        raise ValueError(f"rank_rows needs a 2-d samples × units array, not shape {v.shape}")
    m, n = v.shape
    if work is None or not work.fits(m, n):
        work = RankWork(m, n)
    bits = max(int(n - 1).bit_length(), 1)
    limit = float(2 ** min(_Q_BITS, 62 - bits))
    q, key, col, flag = work.q[:m], work.key[:m], work.col[:m], work.flag[:m]
    with np.errstate(over="ignore"):  # an overflow is beyond the integer keys: the fallback
        np.multiply(v, 10.0 ** decimals, out=q)
    np.rint(q, out=q)
    np.isnan(q, out=flag)
    has_nan = bool(flag.any())
    if m and n and not (has_nan and flag.all()):
        with np.errstate(invalid="ignore"):
            hi, lo = (np.nanmax(q), np.nanmin(q)) if has_nan else (q.max(), q.min())
        if not (hi < limit and -lo < limit):  # beyond the exact integer range, or infinite
            with np.errstate(over="ignore"):  # rounding 1e300 to 9 decimals overflows: it stays
                return rank_columns(v.T, decimals).T.astype(np.float32)
    np.negative(q, out=q)  # descending: the highest value gets the smallest key
    if has_nan:  # unranked values sort last, each its own group (no tie to resolve)
        q[flag] = limit + np.nonzero(flag)[1]
    key[...] = q
    key <<= bits
    key |= work.unit
    key.sort(axis=1)
    np.bitwise_and(key, (1 << bits) - 1, out=col)
    key >>= bits
    new = flag[:, 1:]
    np.not_equal(key[:, 1:], key[:, :-1], out=new)
    if new.all():
        ranks = work.pos[:m]
    else:  # ties: every member of a group takes the group's first position
        start = np.ones((m, n), bool)
        start[:, 1:] = new
        ranks = np.maximum.accumulate(np.where(start, work.pos[:m], np.float32(0)), axis=1)
    col += work.offset[:m]
    out = work.out[:m]
    out.ravel()[col.ravel()] = ranks.ravel()
    if has_nan:
        out[np.isnan(v)] = np.nan
    return out
