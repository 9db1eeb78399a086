"""Ranks, the one implementation: competition ranking ("min": ties share the best rank).

:func:`rank_columns` ranks every column of an array (one sort per column); :func:`rank_desc` is
the same for one pandas Series, returned as nullable integers (1 = highest). Values are rounded
to ``decimals`` first, so results that differ only by floating-point summation order (a matrix
product vs a loop, 54.320987654320987 vs ...86) share a rank; ``decimals=None`` ranks the values
as they are. Missing values are never ranked.
"""
from __future__ import annotations

import numpy as np
import pandas as pd


def rank_columns(values, decimals: int | None = 9, ascending: bool = False) -> np.ndarray:
    """Rank every column (1 = highest, or lowest with ``ascending``); ties share the best rank;
    NaN stays NaN. Same ranks as ``scipy.stats.rankdata(∓v, method="min", axis=0)``."""
    v = np.asarray(values, float)
    if decimals is not None:
        v = np.round(v, decimals)
    if v.ndim == 1:
        return rank_columns(v[:, None], None, ascending)[:, 0]
    vt = np.ascontiguousarray(v.T)  # one row per column: sorting contiguous rows is faster
    order = np.argsort(vt if ascending else -vt, axis=1)  # NaN sorts last; tie order is free
    s = np.take_along_axis(vt, order, axis=1)
    new = np.ones(s.shape, bool)
    new[:, 1:] = s[:, 1:] != s[:, :-1]
    first = np.maximum.accumulate(np.where(new, np.arange(vt.shape[1])[None, :], 0), axis=1)
    ranks = np.empty(vt.shape)
    np.put_along_axis(ranks, order, first + 1.0, axis=1)
    ranks[np.isnan(vt)] = np.nan
    return ranks.T


def rank_desc(values: pd.Series, decimals: int | None = 9) -> pd.Series:
    """Rank 1 = highest; ties share the lowest rank (competition ranking); NaN stays unranked.

    Values are rounded to ``decimals`` first so floating-point noise does not break true ties.
    """
    values = pd.Series(values)
    ranks = rank_columns(values.astype(float).to_numpy(), decimals)
    return pd.Series(pd.array(ranks, dtype="Int64"), index=values.index, name=values.name)
