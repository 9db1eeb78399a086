"""Early stages: denomination, imputation and screening of units (COINr semantics).

Each function takes a units × indicators DataFrame (index = unit codes, NaN = missing) and
returns a new one; nothing is modified in place and every operation is column-vectorised.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.errors import WorkbenchError


class StageError(WorkbenchError):
    """A stage cannot run with the options given (unknown method, missing column...)."""


def denominate(X: pd.DataFrame, denominators: pd.DataFrame, by: dict[str, str]) -> pd.DataFrame:
    """Divide each indicator named in ``by`` by its denominator column (COINr ``Denominate``).

    ``denominators`` is indexed like ``X`` and holds the denominator columns. A zero denominator
    gives NaN (not inf), so the unit counts as missing for that indicator downstream.
    """
    unknown = sorted(set(by) - set(X.columns))
    if unknown:
        raise StageError(f"denominate: indicators {unknown} are not columns of the data")
    missing = sorted({c for c in by.values() if c not in denominators.columns})
    if missing:
        raise StageError(f"denominate: denominator columns {missing} are not in the data; "
                         f"available: {list(denominators.columns)}")
    out = X.copy()
    for ind, col in by.items():
        d = denominators[col].to_numpy(float)
        with np.errstate(divide="ignore", invalid="ignore"):
            q = out[ind].to_numpy(float) / d
        out[ind] = np.where(d == 0, np.nan, q)
    return out


IMPUTE_METHODS = ("none", "mean", "median", "group_mean", "group_median")


def impute(X: pd.DataFrame, method: str = "mean", groups: pd.Series | None = None) -> pd.DataFrame:
    """Fill missing values per indicator (COINr ``i_mean``, ``i_median``, ``i_mean_grp``, ...).

    ``group_mean``/``group_median`` use the statistic of the indicator within the unit's group
    (``groups``, indexed like ``X``); a value whose whole group is missing stays missing, as in
    COINr. Units with no group value are not imputed.
    """
    if method not in IMPUTE_METHODS:
        raise StageError(f"impute: unknown method {method!r}; known {list(IMPUTE_METHODS)}")
    if method == "none":
        return X.copy()
    if method in ("mean", "median"):
        fill = X.mean() if method == "mean" else X.median()
        return X.fillna(fill)
    if groups is None:
        raise StageError(f"impute: method {method!r} needs a group column")
    g = groups.reindex(X.index)
    stat = "mean" if method == "group_mean" else "median"
    filled = X.groupby(g, dropna=True).transform(stat)
    return X.where(X.notna(), filled)


def screen(X: pd.DataFrame, min_share: float = 0.9, method: str = "byNA",
           nonzero_share: float | None = None) -> tuple[pd.DataFrame, list[str]]:
    """Keep units with enough data (COINr ``Screen``): returns the kept rows and removed units.

    ``byNA``: a unit is kept when the share of its indicators that are present is at least
    ``min_share`` (0.9 keeps units with ≥ 90 % present). ``byNZ``: share of non-zero values
    among the values present (1 − zeros / present, as COINr; missing values are not zeros) at
    least ``nonzero_share``; a unit with no value present is removed. ``byNAandNZ``: both.
    """
    if method not in ("byNA", "byNZ", "byNAandNZ", "none"):
        raise StageError(f"screen: unknown method {method!r}; known byNA, byNZ, byNAandNZ, none")
    if method == "none":
        return X.copy(), []
    k = X.shape[1]
    keep = np.ones(len(X), bool)
    if method in ("byNA", "byNAandNZ"):
        keep &= (X.notna().sum(axis=1).to_numpy() / k) >= min_share - 1e-12
    if method in ("byNZ", "byNAandNZ"):
        if nonzero_share is None:
            raise StageError(f"screen: method {method!r} needs 'nonzero_share'")
        present = X.notna().sum(axis=1).to_numpy()
        zeros = (X == 0).sum(axis=1).to_numpy()
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(present > 0, 1.0 - zeros / np.maximum(present, 1), np.nan)
        keep &= ~np.isnan(share) & (share >= nonzero_share - 1e-12)
    removed = [str(u) for u in X.index[~keep]]
    return X.loc[keep].copy(), removed
