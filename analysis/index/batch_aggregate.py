"""Aggregate one normalised matrix under a whole batch of weight vectors at once.

Same semantics as :mod:`analysis.index.aggregate` (weights re-normalised over the children
present for each unit, ``min_share``, positivity errors that name the node and the units), but
the sample dimension is batched: for a parent whose children are indicators the batch is one
matrix product ``T(X) @ Wᵀ`` (units × samples), where ``T`` is the identity for the arithmetic
mean, ``log`` for the geometric, ``1/x`` for the harmonic and ``x**p`` for the generalised mean
(the result is mapped back by the inverse of ``T``). Higher levels combine their children's
(units × samples) arrays with per-sample weights elementwise.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import rankdata

from analysis.index.aggregate import AggregationError


@dataclass(frozen=True)
class NodeAggregation:
    """How one aggregate combines its children."""

    method: str = "arithmetic"
    p: float | None = None
    min_share: float = 0.0
    multiplier: float = 1.0


def _transform(agg: NodeAggregation, node: str):
    """(forward, inverse, needs strictly positive values) for an aggregation method."""
    m, p = agg.method, agg.p
    if m == "generalised":
        if p is None:
            raise AggregationError(f"generalised mean at node {node!r} needs an order 'p'")
        if p == 0:
            m = "geometric"
        else:
            return (lambda x: x ** p), (lambda y: y ** (1.0 / p)), (p < 0 or p != int(p))
    if m == "arithmetic":
        return (lambda x: x), (lambda y: y), False
    if m == "geometric":
        return np.log, np.exp, True
    if m == "harmonic":
        return (lambda x: 1.0 / x), (lambda y: 1.0 / y), True
    raise AggregationError(f"unknown aggregation {agg.method!r} at node {node!r}")


def _check_positive(vals: np.ndarray, agg: NodeAggregation, node: str, units) -> None:
    with np.errstate(invalid="ignore"):
        bad = vals <= 0
    if bad.any():
        rows = np.flatnonzero(bad.reshape(bad.shape[0], -1).any(axis=1))
        names = [str(units[i]) if units is not None else str(i) for i in rows[:10]]
        raise AggregationError(
            f"{agg.method} mean at node {node!r} is undefined for values <= 0; units affected: "
            f"{names}{' ...' if len(rows) > 10 else ''} (normalise to a strictly positive range, "
            f"e.g. min-max to [1, 100], or use the arithmetic mean)")


def _combine(num, den, wtot, agg: NodeAggregation, inverse):
    with np.errstate(divide="ignore", invalid="ignore"):
        ok = (den > 0) & (den / wtot >= agg.min_share - 1e-12)
        return np.where(ok, inverse(num / den), np.nan) * agg.multiplier


def _leaf_parent(x: np.ndarray, wk: np.ndarray, agg, node, units):
    """Children are indicators: one matrix product per batch."""
    fwd, inv, positive = _transform(agg, node)
    present = ~np.isnan(x)
    if positive:
        _check_positive(x, agg, node, units)
    with np.errstate(divide="ignore", invalid="ignore"):
        tx = np.where(present, fwd(np.where(present, x, 1.0)), 0.0)
    num = tx @ wk.T
    wtot = wk.sum(axis=1)[None, :]
    den = present.astype(float) @ wk.T if not present.all() else np.broadcast_to(wtot, num.shape)
    return _combine(num, den, wtot, agg, inv)


def _mixed_parent(kids: list[np.ndarray], wk: np.ndarray, agg, node, units):
    """Children are aggregates (units × samples) or indicators (units × 1)."""
    fwd, inv, positive = _transform(agg, node)
    num = den = 0.0
    for j, v in enumerate(kids):
        present = ~np.isnan(v)
        full = present.all()
        if positive:
            _check_positive(v, agg, node, units)
        with np.errstate(divide="ignore", invalid="ignore"):
            tv = fwd(v) if full else np.where(present, fwd(np.where(present, v, 1.0)), 0.0)
        w = wk[:, j][None, :]
        num = num + tv * w
        den = den + (w if full else present * w)
    wtot = wk.sum(axis=1)[None, :]
    num, den = np.broadcast_arrays(num, den)
    return _combine(num, den, wtot, agg, inv)


def batch_aggregate(fw, x: np.ndarray, weights: np.ndarray, aggs: dict, units=None,
                    keep: tuple = ()) -> dict:
    """Root values (units × samples) of ``fw`` for every row of ``weights``.

    ``x``: units × indicators in ``fw.leaves`` order (NaN = missing); ``weights``: samples ×
    nodes in ``fw.nodes`` order; ``aggs``: aggregate code -> :class:`NodeAggregation`.
    Returns ``{root: array}`` plus any codes listed in ``keep``.
    """
    order = {c: j for j, c in enumerate(fw.nodes)}
    leaf_col = {c: j for j, c in enumerate(fw.leaves)}
    values: dict[str, np.ndarray] = {}
    for code in fw.post_order():
        kids = fw.children(code)
        wk = weights[:, [order[k] for k in kids]]
        if all(k in leaf_col for k in kids):
            values[code] = _leaf_parent(x[:, [leaf_col[k] for k in kids]], wk, aggs[code], code, units)
        else:
            arrays = [values[k] if k in values else x[:, [leaf_col[k]]] for k in kids]
            values[code] = _mixed_parent(arrays, wk, aggs[code], code, units)
            for k in kids:  # free memory as we climb, unless asked to keep
                if k in values and k not in keep:
                    del values[k]
    return {c: v for c, v in values.items() if c == fw.root or c in keep}


def rank_columns(values: np.ndarray, decimals: int = 9) -> np.ndarray:
    """Rank every column (1 = highest, ties share the lowest rank, NaN unranked -> NaN).

    Values are rounded to ``decimals`` first, so results that differ only by floating-point
    summation order (a matrix product vs a loop) get the same ranks.
    """
    v = np.round(np.asarray(values, float), decimals)
    nan = np.isnan(v)
    ranks = rankdata(np.where(nan, np.inf, -v), method="min", axis=0).astype(float)
    ranks[nan] = np.nan
    return ranks
