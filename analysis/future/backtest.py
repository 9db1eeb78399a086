"""Rolling-origin backtest: every method projects every regency from every earlier origin, and
its errors against what was later published give the accuracy table (``uji_balik``), the
method choice and the intervals' calibration.

All of it uses only data up to the projection's origin ``T``: the matrices end at ``T``, a
backtest origin ``k`` sees columns up to ``k``, and an error enters only when its outcome year
``k + h`` is at most ``T``. Backtest origins are all years before ``T`` at which some regency
has the minimum history (for a panel from 2010: 2014, …, ``T - 1``: the 2010s, the 2020 break
and the 2020s). Coverage in ``uji_balik`` is nested, as a projection would have had it: the
interval of a backtest projection from ``k`` is calibrated from the errors whose outcomes were
published by ``k``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from analysis.future.intervals import horizon_quantiles, scaled_error
from analysis.future.methods import METHODS
from analysis.future.series import History, SeriesMatrix, history, scale

BACKTEST_COLUMNS = ["variabel", "metode", "horizon", "mae", "cakupan", "n", "n_asal",
                    "n_cakupan"]
CHOICE_COLUMNS = ["variabel", "metode", "mae", "mae_drift", "rasio_drift", "n", "alasan"]


@dataclass
class VariableBacktest:
    """One variable's backtest up to origin column ``origin_k`` of ``matrix``: per backtest
    origin ``k`` the rows' history and scale, per method and ``k`` the projected paths
    (rows × horizons), per method and ``(k, h)`` the rows, errors (published − projected) and
    scaled errors (:func:`.intervals.scaled_error`) of the outcomes published by
    ``origin_k``."""

    matrix: SeriesMatrix
    origin_k: int
    horizons: np.ndarray
    origins: list[int] = field(default_factory=list)
    hists: dict[int, History] = field(default_factory=dict)
    scales: dict[int, np.ndarray] = field(default_factory=dict)
    paths: dict[str, dict[int, np.ndarray]] = field(default_factory=dict)
    errors: dict[str, dict[tuple[int, int], tuple]] = field(default_factory=dict)

    @property
    def variable(self) -> str:
        return self.matrix.variable


def project_paths(method: str, values: np.ndarray, hist: History, horizons: np.ndarray,
                  settings: dict) -> np.ndarray:
    """The projected paths of ``method`` from the origin at ``hist.k`` (see :mod:`.methods`)."""
    return METHODS[method].fn(values[:, :hist.k + 1], hist, horizons, settings)


def run_backtest(matrix: SeriesMatrix, methods: list[str], settings: dict) -> VariableBacktest:
    """Backtest ``methods`` on ``matrix`` (its last column is the projection's origin)."""
    origin_k = len(matrix.years) - 1
    horizons = np.arange(1, int(settings["backtest_horizons"]) + 1)
    bt = VariableBacktest(matrix, origin_k, horizons)
    values = matrix.values
    kind = str(settings.get("errors", "log_ratio"))
    min_history = int(settings["min_history"])
    for k in range(origin_k):
        hist = history(values, k, min_history)
        if not hist.valid.any():
            continue
        bt.origins.append(k)
        bt.hists[k] = hist
        bt.scales[k] = scale(values, hist, float(settings["scale_floor"]))
    for method in methods:
        bt.paths[method], bt.errors[method] = {}, {}
        for k in bt.origins:
            path = project_paths(method, values, bt.hists[k], horizons, settings)
            bt.paths[method][k] = path
            for h in horizons:
                if k + h > origin_k:
                    break
                outcome = values[:, k + h]
                rows = np.flatnonzero(bt.hists[k].valid & ~np.isnan(outcome))
                if len(rows):
                    err = outcome[rows] - path[rows, h - 1]
                    z = scaled_error(outcome[rows], path[rows, h - 1], bt.scales[k][rows],
                                     values[rows, k], kind)
                    bt.errors[method][(k, int(h))] = (rows, err, z)
    return bt


def error_groups(bt: VariableBacktest, method: str, by: int) -> dict[int, list[np.ndarray]]:
    """Scaled errors of ``method`` per horizon, one array per backtest origin, for the outcomes
    published by column ``by``."""
    out: dict[int, list[np.ndarray]] = {}
    for (k, h), (_, _, z) in bt.errors.get(method, {}).items():
        if k + h <= by:
            out.setdefault(h, []).append(z)
    return out


def calibrate(backtests: dict[str, VariableBacktest], variable: str, method: str, by: int,
              steps: int, level: float, settings: dict) -> tuple[np.ndarray, int, str]:
    """Scaled-error quantiles (``steps × 2``) for ``variable``'s ``method`` with what was
    published by column ``by`` of its matrix; the longest calibrated horizon and the source:
    ``"sendiri"`` (own errors), ``"pinjaman"`` (borrowed: the variable has no calibrated horizon
    of its own, so the errors of the same method on the other variables are pooled, each
    variable and origin a group, up to the same year) or ``"tidak_ada"`` (none)."""
    bt = backtests[variable]
    q, longest = horizon_quantiles(error_groups(bt, method, by), steps, level, settings)
    if longest:
        return q, longest, "sendiri"
    if settings.get("borrow_calibration"):
        year = int(bt.matrix.years[0]) + by
        pooled: dict[int, list[np.ndarray]] = {}
        for other, obt in backtests.items():
            if other == variable or method not in obt.errors:
                continue
            for h, groups in error_groups(obt, method, obt.matrix.index_of(year)).items():
                pooled.setdefault(h, []).extend(groups)
        q, longest = horizon_quantiles(pooled, steps, level, settings)
        if longest:
            return q, longest, "pinjaman"
    return q, 0, "tidak_ada"


def accuracy(backtests: dict[str, VariableBacktest], variable: str, method: str, level: float,
             settings: dict) -> pd.DataFrame:
    """Per horizon: MAE of ``method`` over all regencies and backtest origins, the number of
    errors and origins, and the nested coverage of its intervals at ``level`` (share of the
    outcomes inside the interval calibrated at each backtest origin from what was published by
    then; NaN where no interval could be calibrated)."""
    bt = backtests[variable]
    covered = {int(h): [0, 0] for h in bt.horizons}
    for k in bt.origins:
        q, longest, _ = calibrate(backtests, variable, method, k, len(bt.horizons), level,
                                  settings)
        if not longest:
            continue
        for h in bt.horizons:
            entry = bt.errors[method].get((k, int(h)))
            if entry is None:
                continue
            rows, _, z = entry
            inside = (z >= q[h - 1, 0]) & (z <= q[h - 1, 1])
            covered[int(h)][0] += int(inside.sum())
            covered[int(h)][1] += len(rows)
    out = []
    for h in bt.horizons:
        entries = [e for (k, g), e in bt.errors[method].items() if g == h]
        if not entries:
            continue
        err = np.concatenate([e[1] for e in entries])
        inside, n_cov = covered[int(h)]
        out.append({"variabel": variable, "metode": method, "horizon": int(h),
                    "mae": float(np.abs(err).mean()),
                    "cakupan": inside / n_cov if n_cov else np.nan, "n": len(err),
                    "n_asal": len(entries), "n_cakupan": n_cov})
    return pd.DataFrame(out, columns=BACKTEST_COLUMNS)


def pooled_mae(bt: VariableBacktest, method: str) -> tuple[float, int]:
    """MAE of ``method`` over every regency, backtest origin and horizon, and the count."""
    errs = [e[1] for e in bt.errors.get(method, {}).values()]
    if not errs:
        return np.nan, 0
    err = np.concatenate(errs)
    return float(np.abs(err).mean()), len(err)


def origin_differences(bt: VariableBacktest, method: str, reference: str = "drift"
                       ) -> np.ndarray:
    """Per backtest origin: MAE of ``method`` minus MAE of ``reference`` over that origin's
    errors (all horizons with a published outcome). Origins are the independent units of the
    backtest: the regencies at one origin share its year's shock."""
    out = []
    for k in bt.origins:
        a = [e[1] for (kk, _), e in bt.errors.get(method, {}).items() if kk == k]
        b = [e[1] for (kk, _), e in bt.errors.get(reference, {}).items() if kk == k]
        if a and b:
            out.append(np.abs(np.concatenate(a)).mean() - np.abs(np.concatenate(b)).mean())
    return np.array(out)


def beats_drift(bt: VariableBacktest, method: str, settings: dict) -> bool:
    """Whether ``method`` is more accurate than drift beyond the backtest's noise: at least
    ``choice.min_origins`` origins and a one-sided t test over the per-origin MAE differences
    (:func:`origin_differences`) significant at ``choice.alpha``."""
    rule = settings["choice"]
    d = origin_differences(bt, method)
    if len(d) < max(int(rule["min_origins"]), 2) or not d.mean() < 0:
        return False
    sd = d.std(ddof=1)
    if sd == 0:
        return True
    t = d.mean() / (sd / np.sqrt(len(d)))
    return bool(stats.t.cdf(t, len(d) - 1) < float(rule["alpha"]))


def choose_method(bt: VariableBacktest, candidates: list[str], settings: dict) -> dict:
    """The method of a variable (a row of ``pilihan``): among the candidates that beat drift
    beyond the backtest's noise (:func:`beats_drift`), the one with the lowest pooled MAE;
    drift when none does (``alasan`` ``"drift_tidak_terkalahkan"``) or when the backtest has no
    error yet (``"tanpa_uji_balik"``)."""
    drift_mae, n = pooled_mae(bt, "drift")
    row = {"variabel": bt.variable, "metode": "drift", "mae": drift_mae,
           "mae_drift": drift_mae, "rasio_drift": 1.0 if n else np.nan, "n": n}
    if n == 0:
        return {**row, "alasan": "tanpa_uji_balik"}
    best, best_mae = None, drift_mae
    for c in candidates:
        if c == "drift":
            continue
        mae, _ = pooled_mae(bt, c)
        if mae < best_mae and beats_drift(bt, c, settings):
            best, best_mae = c, mae
    if best is None:
        return {**row, "alasan": "drift_tidak_terkalahkan"}
    return {**row, "metode": best, "mae": best_mae,
            "rasio_drift": best_mae / drift_mae if drift_mae > 0 else np.nan,
            "alasan": "mae_terendah_teruji"}
