"""Aggregation of child values into a parent, by name.

Every function takes ``values`` (units × children, NaN = missing) and ``weights`` (children)
and returns one value per unit. Weights are re-normalised over the children present for each
unit (COINr's default). A unit whose present children carry less than ``min_share`` of the total
weight gets NaN.
"""
from __future__ import annotations

import numpy as np

from analysis.errors import WorkbenchError


class AggregationError(WorkbenchError):
    """An aggregation is undefined for some units (e.g. a geometric mean over zeros)."""


def _present(values: np.ndarray, weights: np.ndarray, min_share: float):
    present = ~np.isnan(values)
    w = np.where(present, weights[None, :], 0.0)
    wsum = w.sum(axis=1)
    share = wsum / weights.sum()
    ok = (wsum > 0) & (share >= min_share - 1e-12)
    return present, w, wsum, ok


def arithmetic(values, weights, min_share: float = 0.0, **_):
    """Weighted arithmetic mean, weights re-normalised over present children."""
    values, weights = np.asarray(values, float), np.asarray(weights, float)
    present, w, wsum, ok = _present(values, weights, min_share)
    num = (np.where(present, values, 0.0) * w).sum(axis=1)
    out = np.full(values.shape[0], np.nan)
    out[ok] = num[ok] / wsum[ok]
    return out


def _check_positive(values, node: str, units, what: str):
    bad = (~np.isnan(values)) & (values <= 0)
    if bad.any():
        rows = np.flatnonzero(bad.any(axis=1))
        names = [str(units[i]) if units is not None else str(i) for i in rows[:10]]
        raise AggregationError(
            f"{what} mean at node {node!r} is undefined for values <= 0; units affected: "
            f"{names}{' ...' if len(rows) > 10 else ''} (normalise to a strictly positive range, "
            f"e.g. min-max to [1, 100], or use the arithmetic mean)")


def geometric(values, weights, min_share: float = 0.0, node: str = "?", units=None, **_):
    """Weighted geometric mean; values must be > 0 (an error names the node and the units)."""
    values, weights = np.asarray(values, float), np.asarray(weights, float)
    _check_positive(values, node, units, "geometric")
    present, w, wsum, ok = _present(values, weights, min_share)
    logs = np.where(present, np.log(np.where(present, values, 1.0)), 0.0)
    out = np.full(values.shape[0], np.nan)
    out[ok] = np.exp((logs * w).sum(axis=1)[ok] / wsum[ok])
    return out


def harmonic(values, weights, min_share: float = 0.0, node: str = "?", units=None, **_):
    """Weighted harmonic mean; values must be > 0."""
    values, weights = np.asarray(values, float), np.asarray(weights, float)
    _check_positive(values, node, units, "harmonic")
    present, w, wsum, ok = _present(values, weights, min_share)
    inv = np.where(present, 1.0 / np.where(present, values, 1.0), 0.0)
    out = np.full(values.shape[0], np.nan)
    out[ok] = wsum[ok] / (inv * w).sum(axis=1)[ok]
    return out


def generalised(values, weights, min_share: float = 0.0, p: float | None = None, node: str = "?",
                units=None, **_):
    """Weighted generalised (power) mean of order ``p``; p = 0 is the geometric mean."""
    if p is None:
        raise AggregationError(f"generalised mean at node {node!r} needs an order 'p'")
    if p == 0:
        return geometric(values, weights, min_share, node=node, units=units)
    values, weights = np.asarray(values, float), np.asarray(weights, float)
    if p < 0 or p != int(p):
        _check_positive(values, node, units, f"generalised (p={p})")
    present, w, wsum, ok = _present(values, weights, min_share)
    pw = np.where(present, np.where(present, values, 0.0) ** p, 0.0)
    out = np.full(values.shape[0], np.nan)
    out[ok] = ((pw * w).sum(axis=1)[ok] / wsum[ok]) ** (1.0 / p)
    return out


AGGREGATORS = {"arithmetic": arithmetic, "geometric": geometric, "harmonic": harmonic,
               "generalised": generalised}


def aggregate(method: str, values, weights, **options) -> np.ndarray:
    """Aggregate by method name (``arithmetic``, ``geometric``, ``harmonic``, ``generalised``)."""
    try:
        fn = AGGREGATORS[method]
    except KeyError:
        raise AggregationError(f"unknown aggregation {method!r}; known {sorted(AGGREGATORS)}") from None
    return fn(values, weights, **options)
