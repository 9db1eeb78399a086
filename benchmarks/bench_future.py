"""Cost of the future analysis in the build stage: the full rolling-origin backtest and the
projection of 514 regencies × 6 variables (ipm, uhh, hls, rls, pengeluaran, pdrb_per_kapita)
from the latest year, on the shipped BPS panel (data/raw).

* ``run_future``: the whole analysis as the build runs it (candidates drift, random walk,
  panel_ols; intervals; method choice; projection to origin + 10), median of ``--repeat``.
* Baseline ``loop``: the drift and random-walk backtest written regency by regency (a Python
  loop over series, origins and horizons), against the same backtest vectorised
  (``run_backtest``, all regencies of a variable at once); both give the same MAE (checked).
* Per-series statsmodels fits (``ets_damped``, ``arima_drift``): timed on ``--sample``
  regencies, then scaled to the number of fits a full backtest needs (the cost is one fit per
  regency, variable and origin) — the reason they are not default candidates.

Ends with ``future: <s> s; backtest <ratio>x faster than the per-series loop``.
"""
from __future__ import annotations

import argparse
import os
import statistics
import time

import numpy as np

from analysis.paths import RAW_DIR
from analysis.data.panel import read_panel
from analysis.future import run_future, settings
from analysis.future.backtest import run_backtest
from analysis.future.series import series_matrix

VARIABLES = ["ipm", "uhh", "hls", "rls", "pengeluaran", "pdrb_per_kapita"]


def machine(tag: str) -> None:
    print(f"{tag}: {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")


def timed(fn, repeat: int) -> tuple[float, object]:
    runs, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs), out


def loop_backtest(panel, horizons: int = 10, min_history: int = 5) -> dict:
    """MAE per (variable, method, horizon) of drift and random walk, one series at a time."""
    errors: dict[tuple, list] = {}
    lasts = panel.groupby("variabel")["tahun"].max().to_dict()
    for (v, _), g in panel.groupby(["variabel", "kode"]):
        y = dict(zip(g["tahun"].tolist(), g["nilai"].tolist()))
        last = int(lasts[v])
        for k in range(min(y), last):
            past = [t for t in y if t <= k]
            if k not in y or len(past) < min_history:
                continue
            first = min(past)
            slope = (y[k] - y[first]) / (k - first)
            for h in range(1, horizons + 1):
                if k + h > last:
                    break
                if k + h in y:
                    errors.setdefault((v, "drift", h), []).append(abs(y[k + h] - y[k] - h * slope))
                    errors.setdefault((v, "random_walk", h), []).append(abs(y[k + h] - y[k]))
    return {key: float(np.mean(e)) for key, e in errors.items()}


def vectorised_backtest(panel, horizons: int = 10) -> dict:
    """The same MAE table from :func:`analysis.future.backtest.run_backtest` (all regencies of
    a variable at once)."""
    codes = np.array(sorted(panel["kode"].unique()), dtype=object)
    cfg = {**settings(), "backtest_horizons": horizons}
    out = {}
    for v in VARIABLES:
        bt = run_backtest(series_matrix(panel, v, codes), ["drift", "random_walk"], cfg)
        for m in ("drift", "random_walk"):
            for h in range(1, horizons + 1):
                err = [e[1] for (k, g), e in bt.errors[m].items() if g == h]
                if err:
                    out[(v, m, h)] = float(np.abs(np.concatenate(err)).mean())
    return out


def per_series_cost(panel, method: str, sample: int) -> tuple[float, int]:
    """Seconds per fit of a per-series method over the backtest of ``sample`` regencies."""
    codes = np.array(sorted(panel["kode"].unique()), dtype=object)[:sample]
    cfg = settings()
    fits, t = 0, time.perf_counter()
    for v in VARIABLES:
        sub = panel[(panel["variabel"] == v) & panel["kode"].isin(codes)]
        bt = run_backtest(series_matrix(sub, v, codes), [method], cfg)
        fits += sum(int(h.valid.sum()) for h in bt.hists.values())
    return (time.perf_counter() - t) / max(fits, 1), fits


def fits_in_full_backtest(panel) -> int:
    """Per-series fits a full backtest and projection need (regency × variable × origin)."""
    codes = np.array(sorted(panel["kode"].unique()), dtype=object)
    cfg = {**settings(), "backtest_horizons": 1}
    total = 0
    for v in VARIABLES:
        bt = run_backtest(series_matrix(panel, v, codes), ["random_walk"], cfg)
        total += sum(int(h.valid.sum()) for h in bt.hists.values()) + len(codes)
    return total


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--sample", type=int, default=12,
                    help="regencies for timing the per-series statsmodels fits")
    args = ap.parse_args()
    machine("start")
    panel = read_panel(RAW_DIR, variables=VARIABLES)
    print(f"panel: {panel['kode'].nunique()} regencies, {len(VARIABLES)} variables, "
          f"{len(panel)} published values, {panel['tahun'].min()}–{panel['tahun'].max()}")

    full, result = timed(lambda: run_future(panel), args.repeat)
    print(f"run_future (backtest + choice + intervals + projection to "
          f"{result.catatan['horizon']}): {full:.2f} s median of {args.repeat}; "
          f"{len(result.proyeksi)} rows, methods "
          f"{dict(zip(result.pilihan['variabel'], result.pilihan['metode']))}")

    vec, fast = timed(lambda: vectorised_backtest(panel), args.repeat)
    loop, slow = timed(lambda: loop_backtest(panel), args.repeat)
    assert fast.keys() == slow.keys()
    for key, mae in slow.items():
        assert np.isclose(fast[key], mae), (key, fast[key], mae)
    print(f"drift + random walk backtest (MAE per variable, method, horizon): vectorised "
          f"{vec:.2f} s, per-series loop {loop:.2f} s, same MAE in {len(slow)} cells")

    fits = fits_in_full_backtest(panel)
    for method in ("arima_drift", "ets_damped"):
        per_fit, n = per_series_cost(panel, method, args.sample)
        print(f"{method}: {per_fit * 1000:.1f} ms per fit ({n} fits on {args.sample} "
              f"regencies); a full backtest + projection needs {fits} fits ≈ "
              f"{per_fit * fits:.0f} s on one core")
    machine("end")
    print(f"future: {full:.2f} s; backtest {loop / vec:.1f}x faster than the per-series loop")


if __name__ == "__main__":
    main()
