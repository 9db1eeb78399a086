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

from analysis.index.aggregate import nonpositive_error, power_transform


@dataclass(frozen=True)
class NodeAggregation:
    """How one aggregate combines its children."""

    method: str = "arithmetic"
    p: float | None = None
    min_share: float = 0.0
    multiplier: float = 1.0
    dat_thresh: float = 0.0

    @classmethod
    def from_plan_step(cls, step) -> "NodeAggregation":
        """From a step of :class:`analysis.index.stages.AggregationPlan` (same options)."""
        return cls(step.method, step.p, step.min_share, step.multiplier, step.dat_thresh)


def _transform(agg: NodeAggregation, node: str):
    """(forward, inverse, needs strictly positive values) for an aggregation method."""
    forward, inverse, positive = power_transform(agg.method, agg.p, node)
    if forward is None:
        return (lambda x: x), (lambda y: y), False
    return forward, inverse, positive


def _check_positive(vals: np.ndarray, agg: NodeAggregation, node: str, units) -> None:
    with np.errstate(invalid="ignore"):
        bad = vals <= 0
    if bad.any():
        raise nonpositive_error(agg.method, node,
                                np.flatnonzero(bad.reshape(bad.shape[0], -1).any(axis=1)), units)


def _combine(num, den, wtot, agg: NodeAggregation, inverse, full: bool, count_share=None,
             ratio: bool = False):
    """``inverse(num / den)`` where enough children are present, NaN elsewhere; × multiplier.

    ``den`` is the present weight, ``wtot`` the total weight, ``count_share`` the share of
    children present (checked against ``dat_thresh``); ``full`` = no child missing anywhere;
    ``ratio`` = ``num`` is already divided by ``den``.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        out = inverse(num if ratio else num / den)
        if not full:
            out = np.where(_ok(den, wtot, agg, count_share), out, np.nan)
    return out * agg.multiplier if agg.multiplier != 1 else out


def _ok(den, wtot, agg: NodeAggregation, count_share):
    """Where the present children carry enough weight (``min_share``) and count (``dat_thresh``)."""
    ok = den > 0
    if agg.min_share > 0:
        ok = ok & (den / wtot >= agg.min_share - 1e-12)
    if agg.dat_thresh > 0:
        ok = ok & (count_share >= agg.dat_thresh - 1e-12)
    return ok


def _leaf_tmean(x: np.ndarray, wk: np.ndarray, agg, node, units):
    """Children are indicators: the weighted mean of transformed values, one matrix product.

    Returns ``(tmean, den, wtot, share)``; ``den``/``share`` are ``None`` when nothing is missing.
    """
    fwd, _, positive = _transform(agg, node)
    present = ~np.isnan(x)
    if positive:
        _check_positive(x, agg, node, units)
    full = bool(present.all())
    with np.errstate(divide="ignore", invalid="ignore"):
        tx = fwd(x) if full else np.where(present, fwd(np.where(present, x, 1.0)), 0.0)
        wtot = wk.sum(axis=1)[None, :]
        if full:
            return (tx @ wk.T) / wtot, None, wtot, None
        den = present.astype(float) @ wk.T
        return (tx @ wk.T) / den, den, wtot, present.mean(axis=1)[:, None]


def _leaf_parent(x: np.ndarray, wk: np.ndarray, agg, node, units):
    """Children are indicators: aggregate values, units × samples."""
    tmean, den, wtot, share = _leaf_tmean(x, wk, agg, node, units)
    _, inv, _ = _transform(agg, node)
    return _combine(tmean, wtot if den is None else den, wtot, agg, inv, den is None, share,
                    ratio=True)


def _mixed_parent(kids: list[np.ndarray], wk: np.ndarray, agg, node, units):
    """Children are aggregates (units × samples) or indicators (units × 1)."""
    fwd, inv, positive = _transform(agg, node)
    num = den = count = 0.0
    all_full = True
    for j, v in enumerate(kids):
        present = ~np.isnan(v)
        full = bool(present.all())
        all_full &= full
        if positive:
            _check_positive(v, agg, node, units)
        with np.errstate(divide="ignore", invalid="ignore"):
            tv = fwd(v) if full else np.where(present, fwd(np.where(present, v, 1.0)), 0.0)
        w = wk[:, j][None, :]
        num = num + tv * w
        den = den + (w if full else present * w)
        if agg.dat_thresh > 0:
            count = count + present
    wtot = wk.sum(axis=1)[None, :]
    return _combine(num, den, wtot, agg, inv, all_full, count / len(kids))


def _mean_kind(agg: NodeAggregation) -> tuple:
    """The transform an aggregation uses (generalised p=0 is geometric, p=1 arithmetic)."""
    if agg.method == "generalised" and agg.p in (0, 1):
        return ("geometric" if agg.p == 0 else "arithmetic", None)
    return (agg.method, agg.p if agg.method == "generalised" else None)


class BatchAggregator:
    """Aggregation plan of a framework, reusable over many batches.

    ``aggs``: aggregate code -> :class:`NodeAggregation`. Calling it with ``x`` (units ×
    indicators in ``fw.leaves`` order, NaN = missing) and ``weights`` (samples × nodes in
    ``fw.nodes`` order) returns the root values, units × samples.

    Collapsed path: when every aggregate uses the same mean (same transform ``T``), no
    multiplier below the root, and indicators sit only under nodes whose children are all
    indicators, then ``T(root) = Σ_c E_c · T(mean_c)`` over the indicator groups ``c``, where
    ``E_c`` is the product of the normalised weights on the path from ``c`` to the root; with no
    missing value it is one product ``T(X) @ E_leavesᵀ``. A batch in which some group mean is
    missing (weight share below ``min_share``...) falls back to the level-by-level path.
    """

    def __init__(self, fw, aggs: dict, units=None):
        self.root, self.aggs, self.units = fw.root, aggs, units
        order = {c: j for j, c in enumerate(fw.nodes)}
        leaf_col = {c: j for j, c in enumerate(fw.leaves)}
        self.steps = []  # (code, kid weight columns, leaf columns or None, kid refs)
        for code in fw.post_order():
            kids = fw.children(code)
            wcols = [order[k] for k in kids]
            if all(k in leaf_col for k in kids):
                self.steps.append((code, wcols, [leaf_col[k] for k in kids], None))
            else:
                refs = [("leaf", leaf_col[k]) if k in leaf_col else ("node", k) for k in kids]
                self.steps.append((code, wcols, None, refs))
        self.path = None  # top-down (code, parent, weight column, sibling columns)
        mixed_leaves = any(r is not None and any(k == "leaf" for k, _ in r) for *_, r in self.steps)
        if (len({_mean_kind(a) for a in aggs.values()}) == 1 and not mixed_leaves
                and all(a.multiplier == 1 for c, a in aggs.items() if c != self.root)):
            parent = {c: fw.nodes[c].parent for c in fw.nodes}
            self.path = [(c, parent[c], order[c], [order[k] for k in fw.children(parent[c])])
                         for c in reversed(fw.post_order()) if c != self.root]

    def __call__(self, x: np.ndarray, weights: np.ndarray) -> np.ndarray:
        if self.path is not None:
            out = self._collapsed(x, weights)
            if out is not None:
                return out
        return self._levels(x, weights)

    def _levels(self, x: np.ndarray, weights: np.ndarray) -> np.ndarray:
        values: dict[str, np.ndarray] = {}
        for code, wcols, lcols, refs in self.steps:
            wk = weights[:, wcols]
            agg = self.aggs[code]
            if lcols is not None:
                values[code] = _leaf_parent(x[:, lcols], wk, agg, code, self.units)
                continue
            arrays = [x[:, [ref]] if kind == "leaf" else values.pop(ref) for kind, ref in refs]
            values[code] = _mixed_parent(arrays, wk, agg, code, self.units)
        return values[self.root]

    def _collapsed(self, x: np.ndarray, weights: np.ndarray) -> np.ndarray | None:
        eff = {self.root: np.ones(weights.shape[0])}
        for code, parent, col, sibs in self.path:
            eff[code] = eff[parent] * weights[:, col] / weights[:, sibs].sum(axis=1)
        root_agg = self.aggs[self.root]
        fwd, inv, positive = _transform(root_agg, self.root)
        groups = [(code, wcols, lcols) for code, wcols, lcols, _ in self.steps if lcols is not None]
        if not np.isnan(x).any():
            e_leaf = np.empty((weights.shape[0], x.shape[1]))
            for code, wcols, lcols in groups:
                if positive:
                    _check_positive(x[:, lcols], self.aggs[code], code, self.units)
                wk = weights[:, wcols]
                e_leaf[:, lcols] = eff[code][:, None] * wk / wk.sum(axis=1)[:, None]
            with np.errstate(divide="ignore", invalid="ignore"):
                acc = fwd(x) @ e_leaf.T
        else:
            acc = 0.0
            for code, wcols, lcols in groups:
                wk = weights[:, wcols]
                tmean, den, wtot, share = _leaf_tmean(x[:, lcols], wk, self.aggs[code], code,
                                                      self.units)
                if den is not None and not _ok(den, wtot, self.aggs[code], share).all():
                    return None  # a group mean is missing somewhere: go level by level
                acc = acc + tmean * eff[code][None, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            out = inv(acc)
        return out * root_agg.multiplier if root_agg.multiplier != 1 else out


def batch_aggregate(fw, x: np.ndarray, weights: np.ndarray, aggs: dict, units=None) -> np.ndarray:
    """Root values (units × samples) of ``fw`` for every row of ``weights``.

    See :class:`BatchAggregator` (build one and call it repeatedly to reuse the plan).
    """
    return BatchAggregator(fw, aggs, units)(x, weights)

