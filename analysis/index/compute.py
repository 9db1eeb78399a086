"""Compute an index framework over a wide table of units: the framework's default pipeline.

:func:`compute_index` is the engine's run of a framework as the framework file defines it:
each leaf normalised as its node says (:func:`normalise_leaf`: ``none`` or the engine's one
:func:`~analysis.index.stages.normalise.goalpost`), then the pipeline's aggregation stage
(:class:`~analysis.index.stages.AggregationPlan`, the code every pipeline run uses) with the
framework's weights. A node that the input gives as a column is taken as is for every unit that
has a value (it needs no children), so published dimension scores and item-level
self-assessments run through the same framework.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.errors import WorkbenchError
from analysis.frameworks.model import Framework
from analysis.index.rank import rank_desc
from analysis.index.stages.normalise import goalpost
from analysis.index.stages.tree import AggregationPlan

__all__ = ["IndexInputError", "normalise_leaf", "compute_index"]


class IndexInputError(WorkbenchError):
    """The input table cannot feed the framework (no unit column, no usable node column...)."""


def normalise_leaf(node, x) -> np.ndarray:
    """Apply a leaf's direction and normalisation (``none`` or ``goalpost``)."""
    spec = node.normalisation or {"method": "none"}
    method = spec.get("method", "none")
    x = np.asarray(x, float)
    if method == "none":
        return x if node.direction == 1 else -x
    if method == "goalpost":
        return goalpost(x, float(spec["min"]), float(spec["max"]), bool(spec.get("log", False)),
                        bool(spec.get("truncate", False)), node.direction)
    raise IndexInputError(f"node {node.code}: unknown normalisation {method!r}")


def _column(data: pd.DataFrame, code: str) -> np.ndarray:
    """A node's column as floats (non-numbers missing), or all missing when absent."""
    if code not in data.columns:
        return np.full(len(data), np.nan)
    return pd.to_numeric(data[code], errors="coerce").to_numpy(float)


def compute_index(fw: Framework, data: pd.DataFrame, unit_col: str,
                  weights: dict[str, float] | None = None, with_rank: bool = True,
                  keep_leaves: bool = False) -> pd.DataFrame:
    """One row per unit with every aggregate node as a column (plus ``rank`` of the root).

    A node given in the input is used as given. Where its children are given too, the output
    also has ``<node>_computed`` (from the children) and ``<node>_residual`` (given − computed),
    so a reproduction of published figures shows its residuals instead of hiding them.

    ``weights`` overrides node weights by code (a named weight set; codes that are not nodes
    are ignored). Ranks are 1 = best, ties share the lowest rank, units without a root value
    get no rank.
    """
    if unit_col not in data.columns:
        raise IndexInputError(f"the input has no unit column {unit_col!r}; "
                              f"columns: {list(data.columns)}")
    if not any(c in data.columns for c in fw.nodes):
        raise IndexInputError(
            f"no column of the input names a node of framework {fw.code!r}; expected some of "
            f"{list(fw.nodes)[:12]}{' ...' if len(fw.nodes) > 12 else ''}")
    units = data[unit_col].astype(str).to_numpy()
    leaves = {c: normalise_leaf(fw.nodes[c], _column(data, c)) for c in fw.leaves}
    plan = AggregationPlan.from_framework(fw)
    given = np.column_stack([_column(data, c) for c in plan.aggregates]) if len(data) else \
        np.empty((0, len(plan.aggregates)))
    X = np.column_stack([leaves[c] for c in plan.leaves]) if len(data) else \
        np.empty((0, plan.n_leaves))
    w = plan.weight_vector({c: v for c, v in (weights or {}).items() if c in fw.nodes})
    values, computed = plan.run_given(X, given, w, units=units)
    values = {c: values[:, j] for j, c in enumerate(plan.aggregates)} | leaves
    computed = {c: computed[:, j] for j, c in enumerate(plan.aggregates)}
    out = pd.DataFrame({unit_col: units})
    for c in (fw.leaves if keep_leaves else []) + fw.aggregates:
        out[c] = values[c]
        if c in data.columns and c in computed and not np.isnan(computed[c]).all():
            out[f"{c}_computed"] = computed[c]  # given and computable: both and the residual
            out[f"{c}_residual"] = values[c] - computed[c]
    if with_rank:
        out["rank"] = rank_desc(out[fw.root])
    return out
