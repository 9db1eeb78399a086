"""Aggregation of a normalised matrix up a framework tree, compiled once, run many times.

:class:`AggregationPlan` turns a framework into index arrays: ``nodes`` lists the leaves (in the
order of the normalised matrix's columns) then the aggregates bottom-up; every aggregate knows
its children's positions, its method (``arithmetic``, ``geometric``, ``harmonic``,
``generalised`` with order ``p``), ``min_share`` (minimum WEIGHT share of present children) and
``dat_thresh`` (minimum COUNT share of present children, COINr's ``dat_thresh``). Weights are
re-normalised over the present children of each unit (COINr's ``a_amean``/``a_gmean``).

All means reduce to a weighted arithmetic mean of transformed values (log for geometric, 1/x
for harmonic, x^p for generalised; :mod:`analysis.index.aggregate`). :meth:`AggregationPlan.run`
is the aggregation of every index the engine computes (pipeline runs, ``compute_index``); its
sums are taken in a fixed order (:func:`_aggregate_one`). A batch of weight vectors ``[S,
n_nodes]`` runs vector by vector; the uncertainty analysis aggregates thousands of them at once
with :class:`analysis.index.batch_aggregate.BatchAggregator`, compiled from this plan's steps
(same rules, matrix products; tested against this plan sample by sample).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis.frameworks.model import AGGREGATIONS, Framework
from analysis.index.aggregate import AggregationError, nonpositive_error, power_transform


@dataclass
class _Agg:
    code: str
    col: int
    kids: np.ndarray
    method: str
    p: float | None
    min_share: float
    dat_thresh: float
    multiplier: float


@dataclass
class AggregationPlan:
    """A framework compiled to index arrays (see module doc)."""

    nodes: list[str]
    n_leaves: int
    steps: list[_Agg]
    default_weights: np.ndarray
    parent_of: dict[str, str | None] = field(default_factory=dict)

    @property
    def leaves(self) -> list[str]:
        return self.nodes[:self.n_leaves]

    @property
    def aggregates(self) -> list[str]:
        return self.nodes[self.n_leaves:]

    @classmethod
    def from_framework(cls, fw: Framework, leaves: list[str] | None = None,
                       method: str | None = None, by_level: dict | None = None,
                       by_node: dict | None = None, p: float | None = None,
                       min_share: float | None = None, dat_thresh: float = 0.0):
        """Compile ``fw``. Method per aggregate: ``by_node`` > ``by_level`` (COINr level, leaves
        = 1) > ``method`` > the framework node's own. ``min_share``/``p`` override the nodes'."""
        leaves = list(fw.leaves if leaves is None else leaves)
        missing = [c for c in fw.leaves if c not in leaves]
        if missing:
            raise AggregationError(f"aggregation plan: leaves {missing[:10]} have no column")
        extra = [c for c in leaves if c not in fw.nodes or not fw.is_leaf(c)]
        if extra:
            raise AggregationError(f"aggregation plan: columns {extra[:10]} are not leaves of "
                                   f"framework {fw.code!r}")
        order = fw.post_order()
        nodes = leaves + order
        pos = {c: i for i, c in enumerate(nodes)}
        levels = fw.level_of()
        by_level = {int(k): v for k, v in (by_level or {}).items()}
        steps = []
        for code in order:
            node = fw.nodes[code]
            m = ((by_node or {}).get(code) or by_level.get(levels[code]) or method
                 or node.aggregation)
            if m not in AGGREGATIONS:
                raise AggregationError(f"node {code!r}: unknown aggregation {m!r}; "
                                       f"known {list(AGGREGATIONS)}")
            pp = node.p if p is None else p
            if m == "generalised" and pp is None:
                raise AggregationError(f"generalised mean at node {code!r} needs an order 'p'")
            steps.append(_Agg(code, pos[code], np.array([pos[k] for k in fw.children(code)]), m,
                              None if pp is None else float(pp),
                              node.min_share if min_share is None else float(min_share),
                              float(dat_thresh or 0.0), node.multiplier))
        w0 = np.array([fw.nodes[c].weight for c in nodes], float)
        return cls(nodes, len(leaves), steps, w0, {c: fw.nodes[c].parent for c in nodes})

    def weight_vector(self, weights: dict[str, float] | None = None) -> np.ndarray:
        """One weight per node (its weight within its parent), defaults overridden by
        ``weights``."""
        w = self.default_weights.copy()
        for code, val in (weights or {}).items():
            if code not in self.nodes:
                raise AggregationError(
                    f"weight given for {code!r}, which is not a node of the plan")
            w[self.nodes.index(code)] = float(val)
        return w

    def run(self, Xn, w=None, units=None) -> np.ndarray:
        """Aggregate a normalised ``[n_units, n_leaves]`` matrix with node weights ``w``.

        ``w``: ``None`` (framework weights), ``[n_nodes]`` or a batch ``[S, n_nodes]``; returns
        ``[n_units, n_aggregates]`` or ``[S, n_units, n_aggregates]``. ``units`` names the rows
        in error messages (a geometric mean over values ≤ 0 names the node and the units).
        """
        return self._run(Xn, w, units, None)[0]

    def run_given(self, Xn, given, w=None, units=None) -> tuple[np.ndarray, np.ndarray]:
        """As :meth:`run`, but an aggregate value in ``given`` (``[n_units, n_aggregates]``, NaN
        = not given) replaces the computed one before its parent uses it (published dimension
        scores). Returns ``(values, computed)``: ``computed`` holds every aggregate as its
        children give it, before the replacement (for residuals given − computed)."""
        given = np.asarray(given, float)
        if given.shape != (np.asarray(Xn).shape[0], len(self.steps)):
            raise AggregationError(f"given values must be units × aggregates "
                                   f"({len(self.steps)} columns), not {given.shape}")
        return self._run(Xn, w, units, given)

    def _run(self, Xn, w, units, given):
        Xn = np.asarray(Xn, float)
        w = self.default_weights if w is None else np.asarray(w, float)
        if w.ndim == 2:  # a batch: vector by vector
            runs = [self._run(Xn, wi, units, given) for wi in w]
            return (np.stack([r[0] for r in runs]),
                    None if given is None else np.stack([r[1] for r in runs]))
        L = self.n_leaves
        out = np.empty((Xn.shape[0], len(self.steps)))
        computed = None if given is None else np.empty_like(out)
        for j, st in enumerate(self.steps):
            vals = np.column_stack([Xn[:, k] if k < L else out[:, k - L] for k in st.kids])
            out[:, j] = _aggregate_one(st, vals, w[st.kids], units)
            if st.multiplier != 1.0:
                out[:, j] *= st.multiplier
            if given is not None:
                computed[:, j] = out[:, j]
                out[:, j] = np.where(np.isnan(given[:, j]), out[:, j], given[:, j])
        return out, computed


def _transform(st: _Agg, vals: np.ndarray, units):
    """Values mapped so the mean is arithmetic, and the inverse map (None: identity); a mean
    that needs positive values raises on a value <= 0, naming the node and the units."""
    forward, inverse, positive = power_transform(st.method, st.p, st.code)
    if positive:
        bad = (~np.isnan(vals)) & (vals <= 0)
        if bad.any():
            raise nonpositive_error(st.method, st.code, np.flatnonzero(bad.any(axis=1)), units)
    return (vals, None) if forward is None else (forward(vals), inverse)


def _aggregate_one(st: _Agg, vals: np.ndarray, w: np.ndarray, units) -> np.ndarray:
    """Weighted mean over the present children of each unit (one weight vector).

    The sums are elementwise rather than a matrix product, so a run adds in a fixed order (a
    published final recomputed from two-decimal dimensions with weights 0.1–0.3 often lands on
    an exact half, x.xx5, and its rounding to two decimals must not depend on the BLAS
    kernel)."""
    present = ~np.isnan(vals)
    with np.errstate(divide="ignore", invalid="ignore"):
        t, inv = _transform(st, vals, units)
        wm = np.where(present, w[None, :], 0.0)
        wsum = wm.sum(axis=1)
        ok = (wsum > 0) & (wsum / w.sum() >= st.min_share - 1e-12)
        if st.dat_thresh > 0:
            ok &= present.sum(axis=1) / vals.shape[1] >= st.dat_thresh - 1e-12
        num = (np.where(present, t, 0.0) * wm).sum(axis=1)
        out = np.full(vals.shape[0], np.nan)
        out[ok] = num[ok] / wsum[ok]
        if inv is not None:
            out[ok] = inv(out[ok])
    return out


def aggregate_tree(Xn: pd.DataFrame, fw: Framework, weights: dict[str, float] | None = None,
                   **plan_options) -> pd.DataFrame:
    """Units × aggregates DataFrame from a normalised units × indicators DataFrame."""
    plan = AggregationPlan.from_framework(fw, list(Xn.columns), **plan_options)
    out = plan.run(Xn.to_numpy(float), plan.weight_vector(weights), units=list(Xn.index))
    return pd.DataFrame(out, index=Xn.index, columns=plan.aggregates)
