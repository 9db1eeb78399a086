"""Aggregation primitives shared by the aggregation stage and its batched variant.

Every mean here is a weighted power mean: values are mapped by :func:`power_transform`
(identity, log, reciprocal or x**p), averaged arithmetically with weights re-normalised over the
children present for each unit (COINr's default), and mapped back. A unit whose present children
carry less than ``min_share`` of the total weight gets NaN. Means that need strictly positive
values raise :func:`nonpositive_error`, which names the node and the units.

The aggregation itself is the pipeline's ``stages/tree.py`` (:class:`AggregationPlan`, which
``compute_index`` runs too); the batched ``batch_aggregate.py`` of the uncertainty analysis uses
the same transform and error.
"""
from __future__ import annotations

import numpy as np

from analysis.errors import WorkbenchError

METHODS = ("arithmetic", "geometric", "harmonic", "generalised")


class AggregationError(WorkbenchError):
    """An aggregation is undefined for some units (e.g. a geometric mean over zeros)."""


def power_transform(method: str, p: float | None = None, node: str = "?"):
    """``(forward, inverse, needs_positive)`` of a mean: the mean is
    ``inverse(weighted arithmetic mean of forward(x))``. Generalised with p = 0 is geometric."""
    if method == "generalised":
        if p is None:
            raise AggregationError(f"generalised mean at node {node!r} needs an order 'p'")
        if p == 0:
            method = "geometric"
        elif p == 1:
            method = "arithmetic"
        else:
            return (lambda x: x ** p), (lambda y: y ** (1.0 / p)), (p < 0 or p != int(p))
    if method == "arithmetic":
        return None, None, False
    if method == "geometric":
        return np.log, np.exp, True
    if method == "harmonic":
        return (lambda x: 1.0 / x), (lambda y: 1.0 / y), True
    raise AggregationError(f"unknown aggregation {method!r} at node {node!r}; "
                           f"known {list(METHODS)}")


def nonpositive_error(method: str, node: str, rows, units=None) -> AggregationError:
    """The error for a mean over values <= 0, naming the node and (up to 10 of) the units."""
    rows = list(rows)
    names = [str(units[i]) if units is not None else str(i) for i in rows[:10]]
    return AggregationError(
        f"{method} mean at node {node!r} is undefined for values <= 0; units affected: "
        f"{names}{' ...' if len(rows) > 10 else ''} (normalise to a strictly positive range, "
        f"e.g. min-max to [1, 100], or use the arithmetic mean)")
