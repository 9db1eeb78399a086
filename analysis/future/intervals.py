"""Intervals calibrated from the backtest's own errors (conformal style), honest about common
shocks.

An error is made comparable across regencies by dividing it by the regency's scale at the
origin (its mean absolute yearly change, :func:`.series.scale`): ``z = (published - projected)
/ scale``. For each horizon ``h`` the calibration uses only the backtest origins whose outcome
(year ``origin + h``) was published by the projection's own origin.

The errors of all regencies at one backtest origin share that year's shock (2020 moved nearly
every regency the same way), so 500 regencies at one origin are not 500 independent draws.
Each origin's errors are split into a common part ``c`` (their median) and idiosyncratic
residuals ``z - c``. With ``m`` origins, the next common part is predicted by a Student t with
``m - 1`` degrees of freedom around the mean of the ``c`` (scale: their standard deviation
× sqrt(1 + 1/m)), and the interval is the ``(1 - level)/2`` and ``(1 + level)/2`` quantiles of
that t plus the pooled residuals (added over a grid of quantiles of each, no random draws). Few
origins give wide intervals, as they should; a horizon needs ``min_calibration_origins``
(default 2). A projection step beyond the longest calibrated horizon ``h*`` takes ``h*``'s
quantiles times ``h / h*`` (a change in trend moves a projection in proportion to the step).
"""
from __future__ import annotations

import numpy as np
from scipy import stats


def common_shock_quantiles(groups: list[np.ndarray], level: float, common_grid: int = 100,
                           residual_grid: int = 200) -> tuple[float, float]:
    """Lower and upper quantile at ``level`` of the next scaled error, from the scaled errors of
    ``groups`` (one array per backtest origin; at least two groups)."""
    m = len(groups)
    if m < 2:
        raise ValueError("common_shock_quantiles needs the errors of at least two origins")
    common = np.array([np.median(g) for g in groups])
    residuals = np.concatenate([g - c for g, c in zip(groups, common)])
    u = (np.arange(common_grid) + 0.5) / common_grid
    spread = common.std(ddof=1) * np.sqrt(1.0 + 1.0 / m)
    shocks = common.mean() + spread * stats.t.ppf(u, m - 1)
    res = np.quantile(residuals, (np.arange(residual_grid) + 0.5) / residual_grid)
    total = (shocks[:, None] + res[None, :]).ravel()
    lo, hi = np.quantile(total, [(1.0 - level) / 2.0, (1.0 + level) / 2.0])
    return float(lo), float(hi)


def horizon_quantiles(groups_by_h: dict[int, list[np.ndarray]], steps: int, level: float,
                      settings: dict) -> tuple[np.ndarray, int]:
    """Quantiles (``steps × 2``: lower, upper) of the scaled error for steps ``1..steps`` and the
    longest calibrated horizon ``h*`` (0: none calibrated, all rows NaN). ``groups_by_h[h]``
    lists the scaled errors per backtest origin whose outcome at ``h`` is available."""
    need = int(settings["min_calibration_origins"])
    out = np.full((steps, 2), np.nan)
    calibrated = {}
    for h, groups in groups_by_h.items():
        groups = [g for g in groups if len(g)]
        if len(groups) >= max(need, 2):
            calibrated[h] = common_shock_quantiles(groups, level, int(settings["common_grid"]),
                                                   int(settings["residual_grid"]))
    if not calibrated:
        return out, 0
    longest = max(calibrated)
    for h in range(1, steps + 1):
        if h in calibrated:
            out[h - 1] = calibrated[h]
        elif h > longest:
            out[h - 1] = np.asarray(calibrated[longest]) * h / longest
        else:  # a shorter horizon without enough origins: the next calibrated one, scaled
            nxt = min(g for g in calibrated if g > h)
            out[h - 1] = np.asarray(calibrated[nxt]) * h / nxt
    return out, longest
