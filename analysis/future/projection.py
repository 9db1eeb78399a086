"""Projections with calibrated intervals, the backtest table and a record of the run.

:func:`run_future` does the whole analysis for one origin: it keeps the panel's years up to the
origin (nothing later reaches any step), backtests the methods, chooses one per variable,
calibrates the intervals and projects every regency with enough history. :func:`project` returns
just the two tables a command writes (``proyeksi``, ``tanpa_proyeksi``).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.future.backtest import (BACKTEST_COLUMNS, CHOICE_COLUMNS, accuracy, calibrate,
                                      choose_method, pooled_mae, project_paths, run_backtest)
from analysis.future.intervals import interval_bounds
from analysis.future.checks import (check_codes, check_level, check_method, check_panel,
                                    check_variables, check_years)
from analysis.future.methods import METHODS
from analysis.future.series import History, history, scale, series_matrix
from analysis.future.settings import settings as load_settings

PROJECTION_COLUMNS = ["kode", "variabel", "tahun", "nilai", "batas_bawah", "batas_atas",
                      "tingkat", "metode"]
NO_PROJECTION_COLUMNS = ["kode", "variabel", "alasan"]


@dataclass
class FutureResult:
    """Everything one run produces: ``proyeksi`` (:data:`PROJECTION_COLUMNS`, then ``seri``,
    the published series each variable continues, when the panel names it),
    ``tanpa_proyeksi`` (:data:`NO_PROJECTION_COLUMNS`), ``uji_balik`` (backtest accuracy per
    variable, method and horizon: ``mae``, nested 80 %-style ``cakupan`` at the run's level,
    counts), ``pilihan`` (the method of each variable and why) and ``catatan`` (the record)."""

    proyeksi: pd.DataFrame
    tanpa_proyeksi: pd.DataFrame
    uji_balik: pd.DataFrame
    pilihan: pd.DataFrame
    catatan: dict


def _reason(cfg: dict, key: str, lang: str, **values) -> str:
    return cfg["reasons"][key][lang].format(**values)


def _no_projection(matrix, hist: History, rows: np.ndarray, cfg: dict, lang: str,
                   origin: int) -> list[dict]:
    """Reason rows for the regencies ``rows`` that have no projection for lack of history."""
    out = []
    years = matrix.years
    for i in rows:
        if hist.count[i] == 0:
            text = _reason(cfg, "no_data", lang, origin=origin)
        elif not hist.origin_published[i]:
            last = int(years[np.flatnonzero(~np.isnan(matrix.values[i]))[-1]])
            text = _reason(cfg, "origin_missing", lang, origin=origin, last=last)
        else:
            text = _reason(cfg, "short_history", lang, count=int(hist.count[i]),
                           origin=origin, min=int(cfg["min_history"]))
        out.append({"kode": matrix.kode[i], "variabel": matrix.variable, "alasan": text})
    return out


def _versions() -> dict:
    import statsmodels

    return {"statsmodels": statsmodels.__version__, "numpy": np.__version__,
            "pandas": pd.__version__}


def run_future(panel: pd.DataFrame, origin: int | None = None, horizon: int | None = None,
               level: float | None = None, method: str | None = None, variables=None,
               kode=None, settings: dict | None = None, lang: str = "id") -> FutureResult:
    """Project ``variables`` (default: the settings' list, those in the panel) of the regencies
    ``kode`` (default all; Kemendagri codes as text) from ``origin`` (default: the panel's last
    year) to ``horizon`` (a year; default origin + ``horizon_years``) at interval ``level``
    (default 0.8).

    Only panel rows up to ``origin`` are used, for everything. ``method``: ``None``/``"auto"``
    = per variable the candidate with the lowest pooled backtest MAE (drift among them), or a
    name of :data:`~analysis.future.methods.METHODS` for every variable. The backtest and the
    interval calibration always pool all regencies of the panel (``kode`` only limits what is
    projected). A regency-variable with fewer than ``min_history`` published years up to the
    origin (the origin year among them), or whose interval cannot be calibrated, is listed in
    ``tanpa_proyeksi`` with the reason (``lang``: "id" or "en") instead of being projected.

    ``panel``: long frame (``kode``, ``variabel``, ``tahun``, ``nilai``), as
    :func:`analysis.data.panel.read_panel` returns it. Raises
    :class:`~analysis.future.checks.FutureInputError` for an origin outside the panel's years,
    a horizon not after the origin, a level outside (0, 1), an unknown variable, regency or
    method.
    """
    cfg = load_settings(settings)
    full = check_panel(panel)
    origin, horizon, first_year = check_years(full, origin, horizon, int(cfg["horizon_years"]))
    level = check_level(cfg["level"] if level is None else level)
    chosen_vars = check_variables(variables, full, list(cfg["variables"]))
    codes = check_codes(kode, full["kode"].unique())
    forced = check_method(method, METHODS)
    candidates = list(dict.fromkeys(["drift", *cfg["candidates"]]))
    for c in candidates:
        check_method(c, METHODS)
    if lang not in ("id", "en"):
        raise ValueError(f"lang {lang!r}: 'id' or 'en'")

    data = full[full["tahun"] <= origin]
    universe = np.array(sorted(full["kode"].unique()), dtype=object)
    wanted = np.ones(len(universe), bool) if codes is None else np.isin(universe, codes)
    steps = horizon - origin
    tested = list(dict.fromkeys(candidates + ([forced] if forced else [])))

    matrices, backtests = {}, {}
    for v in chosen_vars:
        if (data["variabel"] == v).any():
            matrices[v] = series_matrix(data, v, universe, up_to=origin)
            backtests[v] = run_backtest(matrices[v], tested, cfg)

    proj, missing, acc, choices, record_vars = [], [], [], [], {}
    for v in chosen_vars:
        if v not in matrices:
            missing += [{"kode": c, "variabel": v,
                         "alasan": _reason(cfg, "no_data", lang, origin=origin)}
                        for c in universe[wanted]]
            record_vars[v] = {"metode": None, "tahun_data": None, "n_proyeksi": 0,
                              "n_tanpa_proyeksi": int(wanted.sum())}
            continue
        mat, bt = matrices[v], backtests[v]
        choice = choose_method(bt, candidates, cfg)
        if forced:
            mae, n = pooled_mae(bt, forced)
            choice = {**choice, "metode": forced, "mae": mae, "n": n, "alasan": "diminta",
                      "rasio_drift": mae / choice["mae_drift"]
                      if choice["mae_drift"] and not np.isnan(choice["mae_drift"]) else np.nan}
        choices.append(choice)
        name = choice["metode"]
        for m in tested:
            acc.append(accuracy(backtests, v, m, level, cfg))

        k = mat.index_of(origin)
        hist = history(mat.values, k, int(cfg["min_history"]))
        missing += _no_projection(mat, hist, np.flatnonzero(wanted & ~hist.valid), cfg, lang,
                                  origin)
        targets = wanted & hist.valid
        q, longest, source = calibrate(backtests, v, name, k, steps, level, cfg)
        n_projected = 0
        if longest == 0:
            text = _reason(cfg, "no_calibration", lang, origin=origin,
                           min=int(cfg["min_calibration_origins"]))
            missing += [{"kode": c, "variabel": v, "alasan": text} for c in mat.kode[targets]]
        elif targets.any():
            run_hist = History(k, hist.first, hist.count, hist.origin_published, targets)
            horizons = np.arange(1, steps + 1)
            paths = project_paths(name, mat.values, run_hist, horizons, cfg)
            s = scale(mat.values, hist, float(cfg["scale_floor"]))
            rows = np.flatnonzero(targets)
            point = paths[rows]
            lower, upper = interval_bounds(point, q, s[rows], mat.values[rows, k],
                                           str(cfg.get("errors", "log_ratio")))
            n_projected = len(rows)
            proj.append(pd.DataFrame({
                "kode": np.repeat(mat.kode[rows], steps),
                "variabel": v,
                "tahun": np.tile(origin + horizons, len(rows)),
                "nilai": point.ravel(), "batas_bawah": lower.ravel(),
                "batas_atas": upper.ravel(), "tingkat": level, "metode": name}))
        record_vars[v] = {
            "metode": name, "alasan_pilihan": choice["alasan"],
            "mae_uji_balik": {m: pooled_mae(bt, m)[0] for m in tested},
            "rasio_mae_drift": choice["rasio_drift"],
            "tahun_data": [int(mat.years[0]), origin],
            "tahun_asal_uji_balik": [int(mat.years[j]) for j in bt.origins],
            "kalibrasi": source, "horizon_terkalibrasi": int(longest),
            "n_proyeksi": n_projected,
            "n_tanpa_proyeksi": int((wanted & ~hist.valid).sum()
                                    + (targets.sum() if longest == 0 else 0)),
        }

    proyeksi = (pd.concat(proj, ignore_index=True) if proj
                else pd.DataFrame(columns=PROJECTION_COLUMNS))
    proyeksi = proyeksi[PROJECTION_COLUMNS].sort_values(["kode", "variabel", "tahun"],
                                                        kind="stable").reset_index(drop=True)
    proyeksi["tahun"] = proyeksi["tahun"].astype(int)
    if "seri" in full.columns:          # which published series each projection continues
        proyeksi["seri"] = proyeksi["variabel"].map(
            full.drop_duplicates("variabel").set_index("variabel")["seri"])
    tanpa = pd.DataFrame(missing, columns=NO_PROJECTION_COLUMNS).sort_values(
        ["kode", "variabel"], kind="stable").reset_index(drop=True)
    uji = (pd.concat(acc, ignore_index=True) if acc else pd.DataFrame(columns=BACKTEST_COLUMNS))
    pilihan = pd.DataFrame(choices, columns=CHOICE_COLUMNS)
    record = {
        "analisis": "proyeksi",
        "asal": origin, "horizon": horizon, "tingkat": level,
        "metode_diminta": forced or "auto",
        "kode": "semua" if codes is None else codes,
        "data_sampai": origin, "tahun_pertama_panel": first_year,
        "variabel": record_vars,
        "pengaturan": {key: cfg[key] for key in (
            "min_history", "candidates", "backtest_horizons", "min_calibration_origins",
            "errors", "overlap_draws", "beyond_calibrated", "scale_floor", "common_grid",
            "residual_grid", "borrow_calibration", "choice", "panel_ols", "ets_damped")},
        "pustaka": _versions(),
    }
    return FutureResult(proyeksi, tanpa, uji, pilihan, record)


def project(panel: pd.DataFrame, origin: int | None = None, horizon: int | None = None,
            level: float = 0.8, method: str | None = None, variables=None, kode=None,
            settings: dict | None = None, lang: str = "id"
            ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(proyeksi, tanpa_proyeksi)`` of :func:`run_future` (same arguments).

    ``proyeksi``: one row per regency, variable and year ``origin + 1 … horizon`` with columns
    ``kode, variabel, tahun, nilai, batas_bawah, batas_atas, tingkat, metode`` (the point
    projection of the chosen method and its interval at ``tingkat``). ``tanpa_proyeksi``:
    ``kode, variabel, alasan`` for each regency-variable left out. The run's record is in
    ``proyeksi.attrs["catatan"]``.
    """
    result = run_future(panel, origin, horizon, level, method, variables, kode, settings, lang)
    result.proyeksi.attrs["catatan"] = result.catatan
    return result.proyeksi, result.tanpa_proyeksi
