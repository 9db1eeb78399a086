"""Input checks shared by the competitiveness functions: a bad argument or frame is a clear error.

Every check raises :class:`CompetitivenessInputError` (a
:class:`~analysis.errors.WorkbenchError`, so the command line prints it as one message) naming
the argument or frame, the value and the rule broken.
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis import frame_checks
from analysis.errors import WorkbenchError
from analysis.frame_checks import shown

#: Columns of the panel (long format) and the regions frame the analysis needs.
PANEL_COLUMNS = ("kode", "variabel", "tahun", "nilai")
REGION_COLUMNS = ("kode", "jenis", "kode_provinsi", "provinsi", "pulau_jawa", "pulau")
KINDS = ("kabupaten", "kota")


class CompetitivenessInputError(WorkbenchError):
    """An argument or an input frame of the competitiveness analysis breaks a rule."""


def _plain(value):
    """A numpy scalar as the Python value (so a message shows ``inf``, not ``np.float64(inf)``)."""
    return value.item() if isinstance(value, np.generic) else value


def require_columns(df: pd.DataFrame, columns: Iterable[str], name: str) -> None:
    """``df`` has every column of ``columns``; else an error naming the frame and the gaps."""
    frame_checks.require_columns(df, columns, name, CompetitivenessInputError)


def as_list(value, name: str) -> list | None:
    """``None`` stays ``None``; one string or number becomes a one-element list."""
    return frame_checks.as_list(value, name, CompetitivenessInputError)


def check_regions(regions: pd.DataFrame) -> pd.DataFrame:
    """The regions frame with string codes, checked: unique codes, kinds kabupaten/kota."""
    require_columns(regions, REGION_COLUMNS, "regions")
    out = regions.copy()
    out["kode"] = out["kode"].astype(str)
    out["kode_provinsi"] = out["kode_provinsi"].astype(str)
    dup = out["kode"][out["kode"].duplicated()]
    if len(dup):
        raise CompetitivenessInputError(f"regions: duplicate code(s) {shown(dup.unique())}; "
                                        f"one row per regency")
    bad = out.loc[~out["jenis"].isin(KINDS), ["kode", "jenis"]]
    if len(bad):
        row = bad.iloc[0]
        raise CompetitivenessInputError(
            f"regions: regency {row['kode']}: jenis {row['jenis']!r} is not one of {list(KINDS)}")
    java = out["pulau_jawa"].map(_FLAGS.get)
    if java.isna().any():
        row = out[java.isna()].iloc[0]
        raise CompetitivenessInputError(
            f"regions: regency {row['kode']}: pulau_jawa {row['pulau_jawa']!r} is not true or "
            f"false")
    out["pulau_jawa"] = java.astype(bool)
    return out


_FLAGS = {True: True, False: False, "True": True, "False": False, "true": True,
          "false": False}


def check_panel(panel: pd.DataFrame, regions: pd.DataFrame) -> pd.DataFrame:
    """The panel with string codes and int years, checked against ``regions``.

    Rules: every code is a regency of ``regions``; one value per regency, variable and year;
    values are finite numbers; a variable holds one published series (column ``seri``, when
    present), so two series are never ranked together.
    """
    require_columns(panel, PANEL_COLUMNS, "panel")
    out = panel.copy()
    out["kode"] = out["kode"].astype(str)
    out["variabel"] = out["variabel"].astype(str)
    years = pd.to_numeric(out["tahun"], errors="coerce")
    bad_year = years.isna() | (years != years.round())
    if bad_year.any():
        row = out[bad_year].iloc[0]
        raise CompetitivenessInputError(f"panel: regency {row['kode']}, {row['variabel']}: year "
                                        f"{_plain(row['tahun'])!r} is not a whole number")
    out["tahun"] = years.astype(int)
    out["nilai"] = pd.to_numeric(out["nilai"], errors="coerce").astype(float)
    bad = out[~np.isfinite(out["nilai"].to_numpy())]
    if len(bad):
        row = bad.iloc[0]
        raise CompetitivenessInputError(
            f"panel: regency {row['kode']}, {row['variabel']} {row['tahun']}: value "
            f"{_plain(panel.loc[row.name, 'nilai'])!r} is not a finite number (a missing value "
            f"is no row)")
    outside = ~out["kode"].isin(regions["kode"])
    unknown = sorted(out.loc[outside, "kode"].unique()) if outside.any() else []
    if unknown:
        raise CompetitivenessInputError(f"panel: code(s) {shown(unknown)} are not regencies of "
                                        f"the regions frame")
    dup = out.duplicated(["kode", "variabel", "tahun"])
    if dup.any():
        row = out[dup].iloc[0]
        raise CompetitivenessInputError(
            f"panel: regency {row['kode']}, {row['variabel']} {row['tahun']} appears more than "
            f"once; one value per regency, variable and year")
    if "seri" in out.columns:
        n_series = out.groupby("variabel")["seri"].nunique()
        mixed = n_series[n_series > 1]
        if len(mixed):
            var = mixed.index[0]
            series = sorted(out.loc[out["variabel"] == var, "seri"].astype(str).unique())
            raise CompetitivenessInputError(
                f"panel: variable {var} mixes the series {series}; compare one published "
                f"series at a time")
    return out


def select(values, name: str, known: Iterable, what: str) -> list | None:
    """The selected values as a list (``None`` = all); a value not in ``known`` is an error
    listing what is known."""
    chosen = as_list(values, name)
    if chosen is None:
        return None
    known = list(known)
    known_set = {str(k) for k in known}
    unknown = [v for v in chosen if str(v) not in known_set]
    if unknown:
        raise CompetitivenessInputError(f"{name}: unknown {what} {shown(unknown)}; known: "
                                        f"{shown(sorted(known_set), 40)}")
    return chosen


def select_codes(kode, regions: pd.DataFrame) -> list[str] | None:
    """Selected Kemendagri codes (``None`` = all): text only (a number such as 64.1 has lost
    its code's trailing 0) and each a regency of ``regions``."""
    chosen = as_list(kode, "kode")
    if chosen is None:
        return None
    numbers = [c for c in chosen if not isinstance(c, str)]
    if numbers:
        raise CompetitivenessInputError(f"kode: {numbers[0]!r} is a number; codes are text "
                                        f"such as '64.02' (a number drops a trailing 0)")
    return select(chosen, "kode", regions["kode"], "regency code")


def select_years(year, panel: pd.DataFrame) -> list[int] | None:
    """Selected years as ints (``None`` = all); a year the panel does not hold is an error."""
    chosen = as_list(year, "year")
    if chosen is None:
        return None
    years = sorted(int(y) for y in panel["tahun"].unique())
    out = []
    for y in chosen:
        try:
            y_int = int(y)
        except (TypeError, ValueError):
            raise CompetitivenessInputError(f"year: {y!r} is not a year (a whole number)") \
                from None
        if y_int != y and str(y_int) != str(y):
            raise CompetitivenessInputError(f"year: {y!r} is not a year (a whole number)")
        if y_int not in years:
            span = f"{years[0]}–{years[-1]}" if years else "none"
            raise CompetitivenessInputError(f"year: {y!r} is not in the panel (years {span})")
        out.append(y_int)
    return out
