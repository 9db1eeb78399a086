"""One variable of the panel as a regency × year matrix, and what each row's history up to an
origin says: first published year, number of published years, drift slope, scale.

Gaps. A year without a published value is NaN in the matrix (e.g. rls has no 2019). Every
quantity here uses the published years only and counts a step across a gap by its length in
years: the drift slope is ``(y[origin] - y[first]) / (origin - first)``, the mean yearly change
over all years from the first published one to the origin (with no gap it equals the mean of the
yearly changes; with a gap a two-year change counts as two yearly changes of half its size,
which is also what ARIMA(0,1,0) with drift estimates through the Kalman filter). The scale is
the sum of the absolute steps divided by the same span.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class SeriesMatrix:
    """``values[i, j]``: ``variable`` of regency ``kode[i]`` in ``years[j]`` (NaN: not
    published). ``years`` is contiguous, from the variable's first published year."""

    variable: str
    kode: np.ndarray
    years: np.ndarray
    values: np.ndarray

    def index_of(self, year: int) -> int:
        """Column of ``year`` (it must lie within ``years``)."""
        return int(year) - int(self.years[0])


def series_matrix(panel: pd.DataFrame, variable: str, kode: np.ndarray,
                  up_to: int | None = None) -> SeriesMatrix:
    """``variable`` of the long panel as a matrix with one row per code of ``kode`` (in that
    order; a regency without any value is a row of NaN) and one column per year from the
    variable's first year to ``up_to`` (default: its last year)."""
    sel = panel[panel["variabel"] == variable]
    if up_to is not None:
        sel = sel[sel["tahun"] <= up_to]
    years_present = sel["tahun"].to_numpy(dtype=int)
    first = int(years_present.min())
    last = int(years_present.max()) if up_to is None else int(up_to)
    years = np.arange(first, last + 1)
    values = np.full((len(kode), len(years)), np.nan)
    row = pd.Index(kode).get_indexer(sel["kode"].astype(str).to_numpy())
    keep = row >= 0
    values[row[keep], years_present[keep] - first] = sel["nilai"].to_numpy(dtype=float)[keep]
    return SeriesMatrix(variable, np.asarray(kode, dtype=object), years, values)


@dataclass(frozen=True)
class History:
    """Per row, the published history up to origin column ``k``: index of the first published
    year (-1: none), number of published years, whether the origin year is published,
    ``valid`` (enough history to project: ``count >= min_history`` and origin published)."""

    k: int
    first: np.ndarray
    count: np.ndarray
    origin_published: np.ndarray
    valid: np.ndarray


def history(values: np.ndarray, k: int, min_history: int) -> History:
    """History of every row of ``values`` up to and including column ``k``."""
    obs = ~np.isnan(values[:, :k + 1])
    count = obs.sum(axis=1)
    first = np.where(count > 0, np.argmax(obs, axis=1), -1)
    published = obs[:, k]
    return History(k, first, count, published, published & (count >= min_history))


def drift_slope(values: np.ndarray, hist: History) -> np.ndarray:
    """Mean yearly change from the first published year to the origin (NaN where the row has
    no two published years or the origin is not published)."""
    k, first = hist.k, hist.first
    rows = np.arange(len(values))
    span = k - first
    ok = hist.origin_published & (hist.count >= 2)
    out = np.full(len(values), np.nan)
    out[ok] = (values[rows[ok], k] - values[rows[ok], first[ok]]) / span[ok]
    return out


def previous_published(values: np.ndarray) -> np.ndarray:
    """For each cell, the column of the latest published value strictly before it (-1: none)."""
    n, t = values.shape
    idx = np.where(~np.isnan(values), np.arange(t), -1)
    last = np.maximum.accumulate(idx, axis=1)
    out = np.full((n, t), -1)
    out[:, 1:] = last[:, :-1]
    return out


def last_step(values: np.ndarray, hist: History) -> np.ndarray:
    """The last published yearly change before the origin: ``(y[k] - y[p]) / (k - p)`` with
    ``p`` the latest published year before ``k`` (NaN where none)."""
    k = hist.k
    prev = previous_published(values[:, :k + 1])[:, k]
    rows = np.arange(len(values))
    ok = hist.origin_published & (prev >= 0)
    out = np.full(len(values), np.nan)
    out[ok] = (values[rows[ok], k] - values[rows[ok], prev[ok]]) / (k - prev[ok])
    return out


def mean_abs_change(values: np.ndarray, hist: History) -> np.ndarray:
    """Sum of the absolute steps between published years up to the origin, divided by the span
    from the first published year to the origin (a gap's step counts for its years)."""
    k = hist.k
    v = values[:, :k + 1]
    prev = previous_published(v)
    rows, cols = np.nonzero(~np.isnan(v) & (prev >= 0))
    steps = np.abs(v[rows, cols] - v[rows, prev[rows, cols]])
    total = np.bincount(rows, weights=steps, minlength=len(v))
    span = (k - hist.first).astype(float)
    ok = hist.origin_published & (hist.count >= 2)
    out = np.full(len(v), np.nan)
    out[ok] = total[ok] / span[ok]
    return out


def scale(values: np.ndarray, hist: History, floor: float) -> np.ndarray:
    """The error scale of each valid row: its mean absolute yearly change, floored at ``floor``
    times the median over the valid rows (NaN for rows that are not valid)."""
    s = mean_abs_change(values, hist)
    out = np.full(len(values), np.nan)
    if hist.valid.any():
        sv = s[hist.valid]
        med = float(np.median(sv))
        out[hist.valid] = np.maximum(sv, floor * med) if med > 0 else np.where(sv > 0, sv, 1.0)
    return out
