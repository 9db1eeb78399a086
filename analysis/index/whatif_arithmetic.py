"""What-if arithmetic on an index whose aggregates are weighted arithmetic means.

Such an index is a linear function of its inputs (item scores or given dimension scores), so
every what-if answer is exact: the effect of raising one input by one unit (its *slope*) is the
same wherever it starts, and the value an input alone must reach for the root to hit a target is
``current + (target − root) / slope``. All values come from :func:`~analysis.index.compute.
compute_index` on perturbed copies of one unit's inputs (one call for every perturbation), so the
weights, missing-value rules and given-node overrides are the engine's, never re-implemented.

Combined path (:func:`greedy_path`): to close a gap with the fewest score points raised in total,
raise the input with the largest slope (weight) first, up to the scale's maximum, then the next;
ties go to the input with more weight × headroom. For a linear index this greedy order is exactly
optimal (it is the fractional knapsack: each point raised buys ``slope`` points of the root).
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from analysis.errors import WorkbenchError
from analysis.frameworks.model import Framework
from analysis.index.compute import compute_index

_UNIT = "_unit"
SLOPE_DECIMALS = 12


class WhatIfError(WorkbenchError):
    """A what-if question the index cannot answer exactly, or an input it refuses."""


def check_linear(fw: Framework, inputs: Sequence[str]) -> None:
    """Raise unless every aggregate between ``inputs`` and the root is an arithmetic mean
    (with no minimum weight share), i.e. the root is linear in the inputs."""
    for code in inputs:
        if code not in fw.nodes:
            raise WhatIfError(f"{code!r} is not a node of framework {fw.code!r}")
        node = fw.nodes[code]
        while node.parent is not None:
            node = fw.nodes[node.parent]
            if node.aggregation != "arithmetic" or node.min_share > 0:
                raise WhatIfError(
                    f"framework {fw.code!r}: node {node.code!r} aggregates with "
                    f"{node.aggregation!r} (min_share {node.min_share}); what-if answers are "
                    f"exact only for arithmetic means")


def evaluate_variants(fw: Framework, base: Mapping[str, float],
                      variants: Sequence[Mapping[str, float]]) -> pd.DataFrame:
    """Every aggregate node for ``base`` (row 0) and each variant (rows 1..n): a variant holds
    the inputs that differ from ``base``. One :func:`compute_index` call for all rows."""
    rows = [dict(base)] + [{**base, **v} for v in variants]
    frame = pd.DataFrame(rows)
    frame.insert(0, _UNIT, [str(i) for i in range(len(rows))])
    return compute_index(fw, frame, _UNIT, with_rank=False).drop(columns=[_UNIT])


def slopes(fw: Framework, base: Mapping[str, float], inputs: Sequence[str],
           nodes: Sequence[str] | None = None) -> pd.DataFrame:
    """Change of each node in ``nodes`` (default: the root) per unit rise of each input.

    Index: the inputs; columns: the nodes. Exact for a linear index (see :func:`check_linear`);
    an input whose value is missing gets a missing slope. Rounded to ``SLOPE_DECIMALS``.
    """
    check_linear(fw, inputs)
    nodes = list(nodes or [fw.root])
    res = evaluate_variants(fw, base, [{c: float(base[c]) + 1.0} for c in inputs])
    out = res[nodes].iloc[1:].to_numpy() - res[nodes].iloc[0].to_numpy()
    # rounded so a weight of 0.2 reads 0.2, not 0.20000000000000018 (float noise of x+1 − x)
    return pd.DataFrame(out, index=list(inputs), columns=nodes).round(SLOPE_DECIMALS)


def required_value(current: float, root: float, target: float, slope: float) -> float:
    """The value one input alone must reach for the root to move from ``root`` to ``target``:
    ``current + (target − root) / slope`` (NaN when the input does not move the root)."""
    if not slope or math.isnan(slope):
        return float("nan")
    return float(current) + (float(target) - float(root)) / float(slope)


def greedy_path(current: pd.Series, slope: pd.Series, gap: float, upper: float,
                lower: float | None = None) -> pd.DataFrame:
    """The cheapest combination of rises that closes ``gap`` (root points), inputs capped at
    ``upper``: largest slope first, ties by slope × headroom (module docstring). With
    ``lower``, an input that starts below it (a printed value outside the scale) and is raised
    lands at least on ``lower`` (no value below the scale can be set), overshooting the gap if
    need be.

    Returns one row per input (index as ``current``): ``urutan`` (1, 2, … in the order raised;
    missing when not raised), ``nilai`` (value on the path), ``kenaikan`` (rise) and
    ``tambahan`` (root points it contributes). ``attrs['tercapai']`` says if the gap closes.
    """
    current, slope = current.astype(float), slope.reindex(current.index).astype(float)
    headroom = (upper - current).clip(lower=0.0)
    order = pd.DataFrame({"s": slope, "sh": slope * headroom}).dropna()
    order = order[order["s"] > 0].sort_values(["s", "sh"], ascending=False, kind="stable").index
    out = pd.DataFrame({"urutan": pd.array([pd.NA] * len(current), dtype="Int64"),
                        "nilai": current, "kenaikan": 0.0, "tambahan": 0.0}, index=current.index)
    left, step = float(gap), 0
    for code in order:
        if left <= 1e-12:
            break
        rise = min(float(headroom[code]), left / float(slope[code]))
        if lower is not None and rise > 0:
            rise = max(rise, float(lower) - float(current[code]))
        if rise <= 0:
            continue
        step += 1
        out.loc[code, ["nilai", "kenaikan", "tambahan"]] = [current[code] + rise, rise,
                                                           rise * slope[code]]
        out.loc[code, "urutan"] = step
        left -= rise * float(slope[code])
    out.attrs["tercapai"] = bool(left <= 1e-9)
    out.attrs["sisa"] = max(left, 0.0)
    return out


def steps_to_reach(current: float, threshold: float, per_step: float, max_steps: float) -> float:
    """Steps of ``per_step`` needed to go from ``current`` to at least ``threshold``, with
    ``max_steps`` of headroom, which may be fractional: an input at 3.5 on a scale topped at 4
    has 0.5, and its one step adds only ``0.5 × per_step`` (0 if already there; NaN when there
    is no threshold, the headroom is not enough or a step adds nothing)."""
    if np.isnan(threshold):  # no next level
        return float("nan")
    if current >= threshold - 1e-9:
        return 0.0
    if not per_step or per_step <= 0 or np.isnan(per_step):
        return float("nan")
    need = float(threshold) - float(current)
    if need > per_step * max(float(max_steps), 0.0) + 1e-9:    # the last step is capped
        return float("nan")
    return float(math.ceil(need / per_step - 1e-9))
