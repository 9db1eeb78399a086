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
    ``fw.nodes`` order) returns the root values, units × samples. :meth:`bind` fixes ``x``
    once (its transform, missing-value pattern and positivity checks) for many weight batches.

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
        self.path = None  # the collapsed path's index arrays, when it applies
        mixed_leaves = any(r is not None and any(k == "leaf" for k, _ in r) for *_, r in self.steps)
        if (len({_mean_kind(a) for a in aggs.values()}) == 1 and not mixed_leaves
                and all(a.multiplier == 1 for c, a in aggs.items() if c != self.root)):
            self.path = _CollapsedPath(fw, order, leaf_col, self.steps)

    def __call__(self, x: np.ndarray, weights: np.ndarray) -> np.ndarray:
        return self.bind(x)(weights)

    def bind(self, x: np.ndarray) -> "BoundAggregator":
        """This plan with ``x`` fixed: call the result with weight batches."""
        return BoundAggregator(self, x)

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


class _CollapsedPath:
    """Index arrays for the effective weights ``E`` of every node (samples × nodes).

    ``E[root] = 1`` and ``E[c] = E[parent] · w[c] / Σ w[siblings of c]``, one depth at a time
    (same operations, in the same order, as node by node); a leaf's effective weight within its
    group is ``E[group] · w[leaf] / Σ w[group's children]``.
    """

    def __init__(self, fw, order: dict, leaf_col: dict, steps):
        self.root_col, self.col = order[fw.root], order
        parents = [c for c in fw.post_order() if fw.children(c)]
        self.pidx = {c: i for i, c in enumerate(parents)}
        self.kids = [[order[k] for k in fw.children(c)] for c in parents]
        by_depth: dict[int, list[str]] = {}
        for c in fw.nodes:
            if c != fw.root:
                by_depth.setdefault(fw.depth(c), []).append(c)
        parent = {c: fw.nodes[c].parent for c in fw.nodes}
        self.depths = [(np.array([order[c] for c in cs]), np.array([order[parent[c]] for c in cs]),
                        np.array([self.pidx[parent[c]] for c in cs]))
                       for _, cs in sorted(by_depth.items())]
        self.groups = [(code, wcols, lcols) for code, wcols, lcols, _ in steps if lcols is not None]
        leaf_w, leaf_group, leaf_sum = (np.empty(len(leaf_col), int) for _ in range(3))
        for code, wcols, lcols in self.groups:
            leaf_w[lcols], leaf_group[lcols], leaf_sum[lcols] = wcols, order[code], self.pidx[code]
        self.leaf_w, self.leaf_group, self.leaf_sum = leaf_w, leaf_group, leaf_sum

    def effective(self, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(E, sums)``: effective weights (samples × nodes) and each parent's children's
        weight sum (samples × parents)."""
        sums = np.empty((weights.shape[0], len(self.kids)))
        for i, cols in enumerate(self.kids):
            sums[:, i] = weights[:, cols].sum(axis=1)
        eff = np.empty_like(weights)
        eff[:, self.root_col] = 1.0
        for cols, pcols, pidx in self.depths:
            eff[:, cols] = eff[:, pcols] * weights[:, cols] / sums[:, pidx]
        return eff, sums

    def leaf_weights(self, eff: np.ndarray, sums: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """Samples × indicators: every indicator's effective weight in the root."""
        return eff[:, self.leaf_group] * weights[:, self.leaf_w] / sums[:, self.leaf_sum]


def _scratch(work: dict | None, name: str, shape: tuple) -> np.ndarray:
    """A scratch array kept in ``work`` (one dict per thread) between calls."""
    if work is None:
        return np.empty(shape)
    buf = work.get(name)
    if buf is None or buf.shape != shape:
        buf = work[name] = np.empty(shape)
    return buf


class BoundAggregator:
    """A :class:`BatchAggregator` with its normalised matrix ``x`` fixed.

    Built once per matrix: the transformed values (logs for the geometric mean...) with 0 where
    a value is missing, the rows of every indicator group that miss a value, and the positivity
    checks. On the collapsed path a weight batch then costs one matrix product
    ``T₀(X) @ E_leavesᵀ`` (as if every group's present weight were its total weight) plus, per
    group, a correction on the rows that miss a value there:
    ``E_c · (num/den − num/total)`` with ``num`` and ``den`` the group's weighted sum and present
    weight on those rows only (a few per cent of the cells).

    Calling it with a weight batch returns the root values (units × samples); with ``work`` (a
    dict kept by the calling thread) the scratch arrays are reused and the result is valid until
    the next call with the same ``work``.
    """

    def __init__(self, plan: BatchAggregator, x: np.ndarray):
        self.plan, self.x = plan, x
        path = plan.path
        self.fx, self.partial = None, []
        if path is None:
            return
        root_agg = plan.aggs[plan.root]
        _, self.inv, _ = _transform(root_agg, plan.root)
        self.multiplier = root_agg.multiplier
        self.fx = np.empty(x.shape)
        for code, wcols, lcols in path.groups:
            agg = plan.aggs[code]
            f, _, positive = _transform(agg, code)
            xg = x[:, lcols]
            present = ~np.isnan(xg)
            if positive:
                _check_positive(xg, agg, code, plan.units)
            whole = bool(present.all())
            with np.errstate(divide="ignore", invalid="ignore"):
                tx = f(xg) if whole else np.where(present, f(np.where(present, xg, 1.0)), 0.0)
            self.fx[:, lcols] = tx
            if not whole:
                rows = np.flatnonzero(~present.all(axis=1))
                self.partial.append((code, wcols, agg, rows, np.ascontiguousarray(tx[rows]),
                                     present[rows].astype(float),
                                     present[rows].mean(axis=1)[:, None]))

    def __call__(self, weights: np.ndarray, work: dict | None = None) -> np.ndarray:
        path = self.plan.path
        if path is None:
            return self.plan._levels(self.x, weights)
        eff, sums = path.effective(weights)
        acc = _scratch(work, "acc", (self.x.shape[0], weights.shape[0]))
        with np.errstate(divide="ignore", invalid="ignore"):
            np.matmul(self.fx, path.leaf_weights(eff, sums, weights).T, out=acc)
            for code, wcols, agg, rows, tx, present, share in self.partial:
                wk = weights[:, wcols]
                wtot = wk.sum(axis=1)[None, :]
                num, den = tx @ wk.T, present @ wk.T
                if not _ok(den, wtot, agg, share).all():
                    return self.plan._levels(self.x, weights)  # a group mean is missing
                acc[rows] += eff[:, path.col[code]][None, :] * (num / den - num / wtot)
            out = np.exp(acc, out=acc) if self.inv is np.exp else self.inv(acc)
        return out * self.multiplier if self.multiplier != 1 else out


def batch_aggregate(fw, x: np.ndarray, weights: np.ndarray, aggs: dict, units=None) -> np.ndarray:
    """Root values (units × samples) of ``fw`` for every row of ``weights``.

    See :class:`BatchAggregator` (build one and call it repeatedly to reuse the plan).
    """
    return BatchAggregator(fw, aggs, units)(x, weights)

