"""Projection methods, chosen by name from :data:`METHODS` (a registry, as COINr names its
operations).

Every method has one signature: ``fn(values, hist, horizons, settings) -> array``. ``values`` is
the regency × year matrix of one variable up to and including the origin (its last column),
``hist`` the rows' :class:`~analysis.future.series.History` at that origin, ``horizons`` the
steps ``1..H``; the result holds one projected path per row (``len(values) × H``), NaN for rows
that are not ``hist.valid``. Only data up to the origin reach a method.

* ``drift`` — the last value plus the mean yearly change over all years up to the origin
  (naive drift; gaps as in :mod:`.series`). Array operations over all regencies at once.
* ``random_walk`` — the last value. Array operations.
* ``panel_ols`` — one pooled least-squares regression per horizon over all regencies
  (statsmodels OLS): the mean yearly change over the next ``h`` years on the drift slope, the
  last yearly change and the distance of the level to that year's median, fitted on the pairs
  (year ``t``, year ``t + h``) completed by the origin, each ``t`` with the same minimum history
  as a projection. It learns from the panel how far the drift slope carries (convergence, slow
  down). A horizon with fewer than ``panel_ols.min_training_origins`` distinct ``t`` uses the
  coefficients of the longest horizon that has them; with none, the projection is drift.
* ``ets_damped`` — statsmodels Holt-Winters exponential smoothing with additive damped trend,
  fitted per series (interior gaps filled by linear interpolation before fitting: the model
  needs a value every year). About 50–90 ms per fit: a whole backtest of 514 regencies takes
  minutes (measured in ``benchmarks/bench_future.py``).
* ``arima_drift`` — statsmodels SARIMAX ARIMA(0,1,0) with a constant (random walk with drift)
  fitted per series by maximum likelihood; gaps handled by the Kalman filter. Its projection is
  naive drift's (a reference implementation of it), at the cost of a fit per series.
"""
from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from analysis.future.series import History, drift_slope, history, last_step
from analysis.i18n import texts, tr

#: One line per method (catalogue namespace ``future.methods``).
DESCRIPTIONS = texts("future.methods")


@dataclass(frozen=True)
class Method:
    """A projection method: its function, whether it fits one model per series (cost), the
    library that estimates it; its one-line description in the text catalogue
    (``future.methods``: :meth:`description`)."""

    name: str
    fn: Callable
    per_series: bool
    library: str

    def description(self, lang: str = "id") -> str:
        """What the method does, in ``lang``."""
        return tr(DESCRIPTIONS, self.name, lang)


def drift(values: np.ndarray, hist: History, horizons: np.ndarray, settings: dict) -> np.ndarray:
    """Naive drift: ``y[origin] + h * mean yearly change`` (see :func:`.series.drift_slope`)."""
    slope = drift_slope(values, hist)
    out = values[:, hist.k, None] + slope[:, None] * horizons[None, :]
    out[~hist.valid] = np.nan
    return out


def random_walk(values: np.ndarray, hist: History, horizons: np.ndarray,
                settings: dict) -> np.ndarray:
    """Random walk: the origin's value at every horizon."""
    out = np.repeat(values[:, hist.k, None], len(horizons), axis=1).astype(float)
    out[~hist.valid] = np.nan
    return out


def _panel_features(values: np.ndarray, hist: History) -> np.ndarray:
    """Rows × [drift slope, last yearly change, level minus the median level of valid rows]."""
    slope = drift_slope(values, hist)
    last = last_step(values, hist)
    level = values[:, hist.k]
    med = np.median(level[hist.valid]) if hist.valid.any() else np.nan
    return np.column_stack([slope, last, level - med])


def panel_ols(values: np.ndarray, hist: History, horizons: np.ndarray,
              settings: dict) -> np.ndarray:
    """Pooled OLS of the mean yearly change over ``h`` years on the row's features (one
    regression per horizon, all regencies, pairs completed by the origin)."""
    from statsmodels.regression.linear_model import OLS
    from statsmodels.tools.tools import add_constant

    k = hist.k
    min_history = int(settings["min_history"])
    min_origins = int(settings["panel_ols"]["min_training_origins"])
    base = drift(values, hist, horizons, settings)
    x_now = _panel_features(values, hist)
    # features of every earlier year, computed once for all horizons
    past = {}
    for t in range(k):
        h_t = history(values[:, :t + 1], t, min_history)
        if h_t.valid.any():
            past[t] = (h_t.valid, _panel_features(values[:, :t + 1], h_t))
    params: dict[int, np.ndarray] = {}
    for h in range(1, int(horizons.max()) + 1):
        xs, ys, origins = [], [], 0
        for t, (valid_t, x_t) in past.items():
            if t + h > k:
                continue
            target = (values[:, t + h] - values[:, t]) / h
            use = valid_t & ~np.isnan(target) & ~np.isnan(x_t).any(axis=1)
            if use.any():
                xs.append(x_t[use])
                ys.append(target[use])
                origins += 1
        if origins < min_origins:
            continue
        x = add_constant(np.vstack(xs), has_constant="add")
        params[h] = OLS(np.concatenate(ys), x).fit().params
    if not params:
        return base
    out = base.copy()
    usable = hist.valid & ~np.isnan(x_now).any(axis=1)
    x_use = add_constant(x_now[usable], has_constant="add")
    for j, h in enumerate(horizons):
        fitted = [g for g in params if g <= h]
        if not fitted:
            continue
        beta = params[max(fitted)]
        out[usable, j] = values[usable, k] + h * (x_use @ beta)
    return out


def _filled(y: np.ndarray) -> np.ndarray:
    """A row's published values from the first published year to the origin, interior gaps
    filled by linear interpolation (for models that need a value every year)."""
    start = int(np.argmax(~np.isnan(y)))
    seg = y[start:].copy()
    gaps = np.isnan(seg)
    if gaps.any():
        pos = np.arange(len(seg))
        seg[gaps] = np.interp(pos[gaps], pos[~gaps], seg[~gaps])
    return seg


def _per_series(values: np.ndarray, hist: History, horizons: np.ndarray, settings: dict,
                fit_forecast: Callable) -> np.ndarray:
    """Apply ``fit_forecast(row values up to the origin, steps) -> path`` to every valid row; a
    fit that fails falls back to drift for that row (with a warning naming how many)."""
    out = np.full((len(values), len(horizons)), np.nan)
    steps = int(horizons.max())
    failed = []
    for i in np.flatnonzero(hist.valid):
        try:
            path = np.asarray(fit_forecast(values[i, :hist.k + 1], steps), dtype=float)
            if not np.isfinite(path).all():
                raise ValueError("non-finite forecast")
            out[i] = path[horizons - 1]
        except (ValueError, np.linalg.LinAlgError):
            failed.append(i)
    if failed:
        fallback = drift(values, hist, horizons, settings)
        out[failed] = fallback[failed]
        warnings.warn(f"{len(failed)} series fell back to drift (the model fit failed)",
                      RuntimeWarning, stacklevel=3)
    return out


def ets_damped(values: np.ndarray, hist: History, horizons: np.ndarray,
               settings: dict) -> np.ndarray:
    """Holt-Winters additive damped trend (statsmodels ``ExponentialSmoothing``) per series."""
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    init = settings["ets_damped"]["initialization_method"]

    def fit_forecast(y, steps):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # convergence chatter of short series
            model = ExponentialSmoothing(_filled(y), trend="add", damped_trend=True,
                                         initialization_method=init)
            return model.fit().forecast(steps)

    return _per_series(values, hist, horizons, settings, fit_forecast)


def arima_drift(values: np.ndarray, hist: History, horizons: np.ndarray,
                settings: dict) -> np.ndarray:
    """ARIMA(0,1,0) with drift (statsmodels ``SARIMAX``, trend ``"c"``) per series; missing
    years stay missing (Kalman filter)."""
    from statsmodels.tsa.statespace.sarimax import SARIMAX

    def fit_forecast(y, steps):
        start = int(np.argmax(~np.isnan(y)))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = SARIMAX(y[start:], order=(0, 1, 0), trend="c").fit(disp=False)
            return res.forecast(steps)

    return _per_series(values, hist, horizons, settings, fit_forecast)


METHODS: dict[str, Method] = {
    "drift": Method("drift", drift, False, "numpy"),
    "random_walk": Method("random_walk", random_walk, False, "numpy"),
    "panel_ols": Method("panel_ols", panel_ols, False, "statsmodels OLS"),
    "ets_damped": Method("ets_damped", ets_damped, True, "statsmodels ExponentialSmoothing"),
    "arima_drift": Method("arima_drift", arima_drift, True, "statsmodels SARIMAX"),
}
