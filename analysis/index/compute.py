"""Compute an index framework over a wide table of units.

:func:`compute_index` walks the framework tree bottom-up: leaves are normalised as their node
says, aggregates combine their children with the node's aggregation. A node that the input gives
as a column is taken as is for every unit that has a value (it needs no children), so published
dimension scores and item-level self-assessments run through the same framework.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.errors import WorkbenchError
from analysis.frameworks.model import Framework
from analysis.index.aggregate import aggregate


class IndexInputError(WorkbenchError):
    """The input table cannot feed the framework (no unit column, no usable node column...)."""


def goalpost(x, lo: float, hi: float, log: bool = False, truncate: bool = False):
    """(x − lo)/(hi − lo) on the natural or log scale; ``truncate`` caps the result to [0, 1]."""
    x = np.asarray(x, float)
    if log:
        with np.errstate(divide="ignore", invalid="ignore"):
            out = (np.log(x) - np.log(lo)) / (np.log(hi) - np.log(lo))
    else:
        out = (x - lo) / (hi - lo)
    return np.clip(out, 0.0, 1.0) if truncate else out


def normalise_leaf(node, x) -> np.ndarray:
    """Apply a leaf's direction and normalisation (``none`` or ``goalpost``)."""
    spec = node.normalisation or {"method": "none"}
    method = spec.get("method", "none")
    x = np.asarray(x, float)
    if method == "none":
        return x if node.direction == 1 else -x
    if method == "goalpost":
        out = goalpost(x, float(spec["min"]), float(spec["max"]), bool(spec.get("log", False)),
                       bool(spec.get("truncate", False)))
        return out if node.direction == 1 else 1.0 - out
    raise IndexInputError(f"node {node.code}: unknown normalisation {method!r}")


def compute_index(fw: Framework, data: pd.DataFrame, unit_col: str,
                  weights: dict[str, float] | None = None, with_rank: bool = True,
                  keep_leaves: bool = False) -> pd.DataFrame:
    """One row per unit with every aggregate node as a column (plus ``rank`` of the root).

    A node given in the input is used as given. Where its children are given too, the output
    also has ``<node>_computed`` (from the children) and ``<node>_residual`` (given − computed),
    so a reproduction of published figures shows its residuals instead of hiding them.

    ``weights`` overrides node weights by code (a named weight set). Ranks are 1 = best,
    ties share the lowest rank, units without a root value get no rank.
    """
    if unit_col not in data.columns:
        raise IndexInputError(f"the input has no unit column {unit_col!r}; "
                              f"columns: {list(data.columns)}")
    usable = [c for c in fw.nodes if c in data.columns]
    if not usable:
        raise IndexInputError(
            f"no column of the input names a node of framework {fw.code!r}; expected some of "
            f"{list(fw.nodes)[:12]}{' ...' if len(fw.nodes) > 12 else ''}")
    units = data[unit_col].astype(str).to_numpy()
    n = len(data)
    values: dict[str, np.ndarray] = {}
    for code in fw.leaves:
        if code in data.columns:
            values[code] = normalise_leaf(fw.nodes[code],
                                          pd.to_numeric(data[code], errors="coerce"))
        else:
            values[code] = np.full(n, np.nan)
    w_of = {c: (weights or {}).get(c, fw.nodes[c].weight) for c in fw.nodes}
    recomputed: dict[str, np.ndarray] = {}
    for code in fw.post_order():
        node = fw.nodes[code]
        kids = fw.children(code)
        mat = np.column_stack([values[k] for k in kids])
        computed = aggregate(node.aggregation, mat, np.array([w_of[k] for k in kids]),
                             min_share=node.min_share, p=node.p, node=code, units=units)
        computed = computed * node.multiplier
        if code in data.columns:
            given = pd.to_numeric(data[code], errors="coerce").to_numpy(float)
            if not np.isnan(computed).all():
                recomputed[code] = computed
            computed = np.where(np.isnan(given), computed, given)
        values[code] = computed
    aggregates = fw.aggregates
    cols = (fw.leaves if keep_leaves else []) + aggregates
    out = pd.DataFrame({unit_col: data[unit_col].astype(str).to_numpy()})
    for c in cols:
        out[c] = values[c]
        if c in recomputed:  # given in the input and computable: show both and the residual
            out[f"{c}_computed"] = recomputed[c]
            out[f"{c}_residual"] = values[c] - recomputed[c]
    if with_rank:
        out["rank"] = rank_desc(out[fw.root])
    return out


def rank_desc(values: pd.Series, decimals: int = 9) -> pd.Series:
    """Rank 1 = highest; ties share the lowest rank (competition ranking); NaN stays unranked.

    Values are rounded to ``decimals`` first so floating-point noise does not break true ties.
    """
    return values.astype(float).round(decimals).rank(ascending=False, method="min").astype("Int64")
