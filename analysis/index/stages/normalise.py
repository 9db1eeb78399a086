"""Normalisation of indicators (COINr ``Normalise``), column-vectorised.

Direction (+1/−1 per indicator) is applied first (x · direction), as COINr does; the method
then works on the directed values. Methods (``options`` in brackets):

- ``minmax`` (``range=[l, u]``, default [0, 100]): (x − min)/(max − min)·(u − l) + l.
- ``zscore`` (``mean=0``, ``sd=1``): (x − mean(x))/sd(x)·sd + mean, sd with n − 1.
- ``goalpost`` (``goalposts={code: [lo, hi]}``, ``log=False``, ``truncate=True``, ``scale=1``):
  (x − lo)/(hi − lo) on the natural or log scale, in the indicator's own units (a −1 indicator
  scores (hi − x)/(hi − lo), as COINr's ``n_goalposts``); truncated to [0, 1], times ``scale``.
- ``dist_target`` (``targets={code: t}``, ``cap=False``): (x − min)/(t − min) on directed values
  (the target is directed too), optionally capped at 1 (COINr ``n_dist2targ``).
- ``fraction_max``: x / max(x).   ``rank``: rank, ties take the lowest (R ``ties="min"``).
- ``prank``: (rank − 1)/(n_present − 1), ties "min" (COINr ``n_prank``).
- ``none``: directed values unchanged.
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from analysis.index.rank import rank_columns
from analysis.index.stages.basic import StageError

METHODS = ("none", "minmax", "zscore", "goalpost", "dist_target", "fraction_max", "rank", "prank")


def _per_code(X: pd.DataFrame, mapping, what: str) -> np.ndarray:
    """A row vector of per-indicator parameters; errors name indicators without one."""
    if mapping is None:
        raise StageError(f"normalise: method needs {what!r} per indicator")
    missing = [c for c in X.columns if c not in mapping or mapping[c] is None]
    if missing:
        raise StageError(f"normalise: no {what} for indicators {missing[:10]}"
                         f"{' ...' if len(missing) > 10 else ''}")
    return np.array([mapping[c] for c in X.columns], float)


def goalpost(x, lo, hi, log=False, truncate: bool = False, direction=1):
    """The goalpost formula, the one implementation: (x − lo)/(hi − lo) on the natural or log
    scale (``lo``/``hi``/``log``/``direction`` scalars or per-column arrays broadcast over the
    rows of ``x``); a −1 direction scores (hi − x)/(hi − lo), as COINr's ``n_goalposts``;
    ``truncate`` caps the result to [0, 1]."""
    x = np.asarray(x, float)
    lo, hi = np.asarray(lo, float), np.asarray(hi, float)
    lg, d = np.asarray(log, bool), np.asarray(direction, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        xl = np.where(lg, np.log(x), x)
        lo_, hi_ = np.where(lg, np.log(lo), lo), np.where(lg, np.log(hi), hi)
        y = np.where(d > 0, (xl - lo_) / (hi_ - lo_), (xl - hi_) / (lo_ - hi_))
    return np.clip(y, 0.0, 1.0) if truncate else y


def _ranks(A: np.ndarray) -> np.ndarray:
    """Column-wise competition ranks, ascending (ties take the lowest rank), NaN kept."""
    return rank_columns(A, decimals=None, ascending=True)


def normalise_array(A: np.ndarray, method: str = "minmax", directions=None, columns=None,
                    **opt) -> np.ndarray:
    """Normalise a units × indicators array (see module doc); ``columns`` names its columns."""
    if method not in METHODS:
        raise StageError(f"normalise: unknown method {method!r}; known {list(METHODS)}")
    A = np.asarray(A, float)
    d = np.ones(A.shape[1]) if directions is None else np.asarray(directions, float)
    if method == "goalpost":
        return _goalpost(A, d, columns, **opt)
    X = A * d[None, :]
    with (np.errstate(divide="ignore", invalid="ignore"),
          warnings.catch_warnings(action="ignore", category=RuntimeWarning)):
        if method == "none":
            return X
        if method == "minmax":
            lo, hi = (opt.get("range") or [0, 100])
            mn, mx = np.nanmin(X, axis=0), np.nanmax(X, axis=0)
            return (X - mn) / (mx - mn) * (hi - lo) + lo
        if method == "zscore":
            m, s = float(opt.get("mean", 0.0)), float(opt.get("sd", 1.0))
            return (X - np.nanmean(X, axis=0)) / np.nanstd(X, axis=0, ddof=1) * s + m
        if method == "dist_target":
            t = _per_code(pd.DataFrame(columns=columns), opt.get("targets"), "target") * d
            mn = np.nanmin(X, axis=0)
            y = (X - mn) / (t - mn)
            return np.minimum(y, 1.0) if opt.get("cap", False) else y
        if method == "fraction_max":
            return X / np.nanmax(X, axis=0)
        r = _ranks(X)
        if method == "rank":
            return r
        n = (~np.isnan(X)).sum(axis=0)
        return (r - 1) / (n - 1)


def _goalpost(A, d, columns, goalposts=None, log=False, truncate=True, scale=1.0, **_):
    gp = _per_code(pd.DataFrame(columns=columns), goalposts, "goalposts")  # shape (k, 2)
    logs = log if isinstance(log, dict) else {c: bool(log) for c in columns}
    lg = np.array([bool(logs.get(c, False)) for c in columns])
    return goalpost(A, gp[:, 0], gp[:, 1], lg, truncate, d) * float(scale)


def normalise(X: pd.DataFrame, method: str = "minmax", directions: pd.Series | None = None,
              **options) -> pd.DataFrame:
    """Normalise a units × indicators DataFrame (see module doc); ``directions`` by code."""
    d = None if directions is None else directions.reindex(X.columns).fillna(1).to_numpy(float)
    out = normalise_array(X.to_numpy(float), method, d, list(X.columns), **options)
    return pd.DataFrame(out, index=X.index, columns=X.columns)
