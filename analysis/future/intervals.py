"""Intervals calibrated from the backtest's own errors (conformal style), honest about common
shocks.

An error is made comparable across regencies by measuring it in units of the regency's own
yearly movement up to the origin (its mean absolute yearly change, :func:`.series.scale`).
``errors: log_ratio`` (default, :func:`scaled_error`): ``z = log(published / projected) /
(scale / value at the origin)``, the relative error in units of the relative yearly change:
incomes, expenditure and the indices move by ratios (a shock such as 2020 cut PDRB per capita by
a share of its level), and an interval ``projected × exp(q × scale / value)`` keeps a positive
quantity positive however wide it is (:func:`interval_bounds`); rows whose projection is not
positive use the difference. ``errors: difference``: ``z = (published - projected) / scale``.
For each horizon ``h`` the calibration uses only the backtest origins whose outcome (year
``origin + h``) was published by the projection's own origin.

The errors of all regencies at one backtest origin share that year's shock (2020 moved nearly
every regency the same way), so 500 regencies at one origin are not 500 independent draws.
Each origin's errors are split into a common part ``c`` (their median) and idiosyncratic
residuals ``z - c``. With ``n`` independent draws of the common part, the next one is predicted
by a Student t with ``n - 1`` degrees of freedom around the mean of the ``c`` (scale: their
standard deviation × sqrt(1 + 1/n)), and the interval is the ``(1 - level)/2`` and
``(1 + level)/2`` quantiles of that t plus the pooled residuals (added over a grid of quantiles
of each, no random draws). Few draws give wide intervals, as they should.

Overlapping windows (``overlap_draws``, off by default). The ``h``-year errors of consecutive
backtest origins share ``h - 1`` of their ``h`` outcome years (the errors of origins 2016 and
2017 at ``h = 3`` both contain 2018 and 2019), so ``m`` origins at horizon ``h`` hold about
``ceil(m / h)`` independent draws of the common part (:func:`independent_draws`). Counting them
so is stricter, but on a panel with ten backtest origins it leaves only the horizons up to two
to five years calibrated and the rest extrapolated, which makes ten-year intervals very wide;
by default each origin counts as one draw. A horizon is calibrated when it has
``min_calibration_origins`` origins (and, with ``overlap_draws``, two independent draws).

Beyond the longest calibrated horizon ``h*`` (``beyond_calibrated``): ``"linear"`` takes
``h*``'s quantiles times ``h / h*``; ``"fitted"`` (default) times ``(h / h*) ** p``, with ``p``
the slope of log interval width on log horizon over the calibrated horizons (at least two; else
1), kept within ``[0.5, 1.5]``: an error that is the sum of yearly shocks grows as ``h ** 0.5``,
one from a wrong trend slope as ``h``, one from a trend that itself wanders (a random-walk
slope) as ``h ** 1.5``. The intervals then grow as the calibrated ones did rather than at an
assumed rate. A shorter horizon without enough origins takes the next calibrated one's
quantiles times ``h / next``.
"""
from __future__ import annotations

import numpy as np
from scipy import stats


#: How an error is measured (the ``errors`` setting).
ERROR_KINDS = ("log_ratio", "difference")


def _log_rows(point: np.ndarray, origin_value: np.ndarray, kind: str) -> np.ndarray:
    """Rows measured by log ratio: ``kind`` ``"log_ratio"`` and a positive projection and
    origin value (the others by difference)."""
    if kind not in ERROR_KINDS:
        raise ValueError(f"errors {kind!r}: one of {ERROR_KINDS}")
    with np.errstate(invalid="ignore"):
        return (kind == "log_ratio") & (point > 0) & (origin_value > 0)


def scaled_error(outcome: np.ndarray, point: np.ndarray, scale: np.ndarray,
                 origin_value: np.ndarray, kind: str = "log_ratio") -> np.ndarray:
    """The scaled error of projections ``point`` against the published ``outcome``.

    ``"difference"``: ``(outcome - point) / scale``. ``"log_ratio"``: ``log(outcome / point) /
    (scale / origin_value)``, the relative error in units of the regency's relative yearly
    change (for a small error the same number; a large one is measured as a ratio, as growth
    and falls of incomes and prices are), used where the projection and the origin value are
    positive (elsewhere the difference)."""
    diff = (outcome - point) / scale
    log = _log_rows(point, origin_value, kind) & (outcome > 0)
    out = diff.astype(float)
    out[log] = np.log(outcome[log] / point[log]) / (scale[log] / origin_value[log])
    return out


def interval_bounds(point: np.ndarray, q: np.ndarray, scale: np.ndarray,
                    origin_value: np.ndarray, kind: str = "log_ratio"
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper bound of projections ``point`` (rows × steps) from the scaled-error
    quantiles ``q`` (steps × 2) and each row's ``scale`` and ``origin_value``: the inverse of
    :func:`scaled_error` (``point × exp(q × scale / origin_value)`` for log ratios, so a
    positive quantity keeps a positive lower bound; ``point + q × scale`` otherwise)."""
    s, v = scale[:, None], origin_value[:, None]
    lower = point + q[None, :, 0] * s
    upper = point + q[None, :, 1] * s
    log = _log_rows(point, np.broadcast_to(v, point.shape), kind)
    with np.errstate(all="ignore"):
        rel = np.broadcast_to(s / v, point.shape)
        lower = np.where(log, point * np.exp(q[None, :, 0] * rel), lower)
        upper = np.where(log, point * np.exp(q[None, :, 1] * rel), upper)
    return lower, upper


#: Bounds of the growth exponent beyond the longest calibrated horizon (see the module text).
GROWTH_BOUNDS = (0.5, 1.5)


def independent_draws(m: int, h: int, overlap: bool = True) -> float:
    """The number of independent draws of the common shock that ``m`` consecutive backtest
    origins hold at horizon ``h``: ``ceil(m / h)`` (their ``h``-year outcome windows overlap),
    or ``m`` when ``overlap`` is false."""
    return float(-(-int(m) // int(h))) if overlap else float(m)


def common_shock_quantiles(groups: list[np.ndarray], level: float, common_grid: int = 100,
                           residual_grid: int = 200, draws: float | None = None
                           ) -> tuple[float, float]:
    """Lower and upper quantile at ``level`` of the next scaled error, from the scaled errors of
    ``groups`` (one array per backtest origin; at least two groups). ``draws``: how many
    independent draws of the common part the groups hold (default one per group; fewer when
    their outcome windows overlap, :func:`independent_draws`); at least 2."""
    m = len(groups)
    n = float(m if draws is None else draws)
    if m < 2 or n < 2:
        raise ValueError("common_shock_quantiles needs the errors of at least two origins "
                         "(two independent draws)")
    common = np.array([np.median(g) for g in groups])
    residuals = np.concatenate([g - c for g, c in zip(groups, common)])
    u = (np.arange(common_grid) + 0.5) / common_grid
    spread = common.std(ddof=1) * np.sqrt(1.0 + 1.0 / n)
    shocks = common.mean() + spread * stats.t.ppf(u, n - 1)
    res = np.quantile(residuals, (np.arange(residual_grid) + 0.5) / residual_grid)
    total = (shocks[:, None] + res[None, :]).ravel()
    lo, hi = np.quantile(total, [(1.0 - level) / 2.0, (1.0 + level) / 2.0])
    return float(lo), float(hi)


def growth_exponent(calibrated: dict[int, tuple[float, float]], rule: str = "fitted") -> float:
    """How interval width grows with the horizon beyond the calibrated ones: 1 for ``"linear"``;
    for ``"fitted"`` the least-squares slope of log width on log horizon over the calibrated
    horizons, within :data:`GROWTH_BOUNDS` (1 with fewer than two horizons)."""
    if rule == "linear":
        return 1.0
    if rule != "fitted":
        raise ValueError(f"beyond_calibrated {rule!r}: 'fitted' or 'linear'")
    hs = np.array(sorted(calibrated), dtype=float)
    width = np.array([calibrated[int(h)][1] - calibrated[int(h)][0] for h in hs])
    if len(hs) < 2 or not (width > 0).all():
        return 1.0
    slope = float(np.polyfit(np.log(hs), np.log(width), 1)[0])
    return float(np.clip(slope, *GROWTH_BOUNDS))


def horizon_quantiles(groups_by_h: dict[int, list[np.ndarray]], steps: int, level: float,
                      settings: dict) -> tuple[np.ndarray, int]:
    """Quantiles (``steps × 2``: lower, upper) of the scaled error for steps ``1..steps`` and the
    longest calibrated horizon ``h*`` (0: none calibrated, all rows NaN). ``groups_by_h[h]``
    lists the scaled errors per backtest origin whose outcome at ``h`` is available."""
    need = int(settings["min_calibration_origins"])
    overlap = bool(settings.get("overlap_draws", False))
    out = np.full((steps, 2), np.nan)
    calibrated = {}
    for h, groups in groups_by_h.items():
        groups = [g for g in groups if len(g)]
        draws = independent_draws(len(groups), h, overlap)
        if len(groups) >= max(need, 2) and draws >= 2:
            calibrated[h] = common_shock_quantiles(groups, level, int(settings["common_grid"]),
                                                   int(settings["residual_grid"]), draws)
    if not calibrated:
        return out, 0
    longest = max(calibrated)
    power = growth_exponent(calibrated, settings.get("beyond_calibrated", "fitted"))
    for h in range(1, steps + 1):
        if h in calibrated:
            out[h - 1] = calibrated[h]
        elif h > longest:
            out[h - 1] = np.asarray(calibrated[longest]) * (h / longest) ** power
        else:  # a shorter horizon without enough origins: the next calibrated one, scaled
            nxt = min(g for g in calibrated if g > h)
            out[h - 1] = np.asarray(calibrated[nxt]) * h / nxt
    return out, longest
