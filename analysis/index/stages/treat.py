"""Outlier treatment exactly as COINr's default (``Treat`` with ``winsorise`` then ``log_CT``).

Per indicator (missing values ignored):

1. ``check_SkewKurt``: pass when |skew| < ``skew_thresh`` or kurtosis < ``kurt_thresh``, with
   skew and excess kurtosis the bias-corrected sample statistics (e1071 "type 2", Excel's).
2. A failing indicator is winsorised one step at a time: for skew ≥ 0 every copy of the current
   maximum becomes the next-highest value, for negative skew the minimum likewise; ``nwin`` counts
   the points at the moved extreme (ties move together); stop when it passes or when
   ``nwin ≥ winmax``.
3. If it still fails, the winsorisation is discarded and the ORIGINAL values become
   ``log(x − min + 0.01·(max − min))`` (COINr ``log_CT``).

:func:`treat` returns the treated frame and a details table with COINr's column names
(``check_SkewKurt0.Pass`` ... ``winsorise.nwin`` ... ``check_SkewKurt1.*``, ``check_SkewKurt2.*``
when a log transform happened) plus ``Treatment`` (``none``, ``winsorise``, ``log_CT``).
"""
from __future__ import annotations

import numpy as np
import pandas as pd


def skew(x: np.ndarray) -> float:
    """Bias-corrected sample skewness (type 2) of the non-missing values; NaN for n < 3."""
    x = x[~np.isnan(x)]
    n = len(x)
    if n < 3:
        return np.nan
    d = x - x.mean()
    with np.errstate(divide="ignore", invalid="ignore"):
        y = np.sqrt(n) * (d ** 3).sum() / ((d ** 2).sum() ** 1.5)
    return float(y * np.sqrt(n * (n - 1)) / (n - 2))


def kurt(x: np.ndarray) -> float:
    """Bias-corrected sample excess kurtosis (type 2) of the non-missing values; NaN for n < 4."""
    x = x[~np.isnan(x)]
    n = len(x)
    if n < 4:
        return np.nan
    d = x - x.mean()
    with np.errstate(divide="ignore", invalid="ignore"):
        r = n * (d ** 4).sum() / ((d ** 2).sum() ** 2)
    return float(((n + 1) * (r - 3) + 6) * (n - 1) / ((n - 2) * (n - 3)))


def check_skew_kurt(x: np.ndarray, skew_thresh: float = 2.0, kurt_thresh: float = 3.5):
    """(pass, skew, kurt); pass is None when the statistics are undefined (constant column)."""
    s, k = skew(x), kurt(x)
    if np.isnan(s) or np.isnan(k):
        return None, s, k
    return bool(abs(s) < skew_thresh or k < kurt_thresh), s, k


class _Undefined(Exception):
    """Skew/kurtosis became undefined while winsorising (COINr then leaves the column as is)."""


def winsorise(x: np.ndarray, winmax: int = 5, skew_thresh: float = 2.0, kurt_thresh: float = 3.5):
    """COINr ``winsorise``: returns (treated copy, nwin). Raises ``_Undefined`` when the
    column becomes constant (COINr errors there and keeps the indicator untreated)."""
    x = x.copy()
    passing, _, _ = check_skew_kurt(x, skew_thresh, kurt_thresh)
    nwin, imax, imin = 0, np.zeros(0, int), np.zeros(0, int)
    while not passing and (winmax is None or nwin < winmax):
        if skew(x) >= 0:
            imax = np.flatnonzero(x == np.nanmax(x))
            rest = np.delete(x, imax)
            x[imax] = np.nanmax(rest)
        else:
            imin = np.flatnonzero(x == np.nanmin(x))
            rest = np.delete(x, imin)
            x[imin] = np.nanmin(rest)
        nwin = len(imax) + len(imin)
        passing, _, _ = check_skew_kurt(x, skew_thresh, kurt_thresh)
        if passing is None:
            raise _Undefined
    return x, nwin


def log_ct(x: np.ndarray) -> np.ndarray:
    """COINr ``log_CT``: log(x − min + 0.01·(max − min)), missing values ignored."""
    lo, hi = np.nanmin(x), np.nanmax(x)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(x - lo + 0.01 * (hi - lo))


def treat_column(x: np.ndarray, winmax: int = 5, skew_thresh: float = 2.0,
                 kurt_thresh: float = 3.5, log: bool = True):
    """Treat one indicator; returns (values, details dict)."""
    p0, s0, k0 = check_skew_kurt(x, skew_thresh, kurt_thresh)
    det = {"check_SkewKurt0.Pass": p0, "check_SkewKurt0.Skew": s0, "check_SkewKurt0.Kurt": k0,
           "Treatment": "none"}
    if p0 is None or p0:
        return x.copy(), det
    try:
        xw, nwin = winsorise(x, winmax, skew_thresh, kurt_thresh)
    except _Undefined:
        det["Treatment"] = "untreated (skew undefined after winsorising)"
        return x.copy(), det
    p1, s1, k1 = check_skew_kurt(xw, skew_thresh, kurt_thresh)
    det.update({"winsorise.nwin": nwin, "check_SkewKurt1.Pass": p1, "check_SkewKurt1.Skew": s1,
                "check_SkewKurt1.Kurt": k1, "Treatment": "winsorise"})
    if p1 is None or p1 or not log:
        return xw, det
    xl = log_ct(x)
    p2, s2, k2 = check_skew_kurt(xl, skew_thresh, kurt_thresh)
    det.update({"check_SkewKurt2.Pass": p2, "check_SkewKurt2.Skew": s2, "check_SkewKurt2.Kurt": k2,
                "Treatment": "log_CT"})
    return xl, det


_DET_COLS = ["check_SkewKurt0.Pass", "check_SkewKurt0.Skew", "check_SkewKurt0.Kurt",
             "winsorise.nwin", "check_SkewKurt1.Pass", "check_SkewKurt1.Skew",
             "check_SkewKurt1.Kurt", "check_SkewKurt2.Pass", "check_SkewKurt2.Skew",
             "check_SkewKurt2.Kurt"]


def treat(X: pd.DataFrame, winmax: int = 5, skew_thresh: float = 2.0, kurt_thresh: float = 3.5,
          log: bool = True, skip: list[str] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Treat every indicator of ``X`` (except ``skip``); returns (treated, details)."""
    out = X.copy()
    rows = []
    for code in X.columns:
        if skip and code in skip:
            continue
        vals, det = treat_column(X[code].to_numpy(float), winmax, skew_thresh, kurt_thresh, log)
        out[code] = vals
        rows.append({"iCode": code, **det})
    details = pd.DataFrame(rows)
    cols = ["iCode"] + [c for c in _DET_COLS if c in details.columns] + ["Treatment"]
    details = details.reindex(columns=cols)
    for c in details.columns:
        if c.endswith(".Pass"):
            details[c] = details[c].astype("boolean")
    if "winsorise.nwin" in details:
        details["winsorise.nwin"] = details["winsorise.nwin"].astype("Int64")
    return out, details
