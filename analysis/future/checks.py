"""Input checks of the future analysis: a bad argument or frame is a clear error naming the
argument, the value and the rule broken (:class:`FutureInputError`, a
:class:`~analysis.errors.WorkbenchError`, so the command line prints it as one message)."""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis import frame_checks
from analysis.errors import WorkbenchError
from analysis.frame_checks import shown

PANEL_COLUMNS = ("kode", "variabel", "tahun", "nilai")
REGION_COLUMNS = ("kode", "jenis", "kode_provinsi", "pulau_jawa")


class FutureInputError(WorkbenchError):
    """An argument or an input frame of the future analysis breaks a rule."""


def check_frame(df: pd.DataFrame, columns: Iterable[str], name: str) -> None:
    """``df`` is a DataFrame with every column of ``columns``."""
    frame_checks.require_columns(df, columns, name, FutureInputError)


def check_panel(panel: pd.DataFrame) -> pd.DataFrame:
    """The panel with text codes and variables, integer years and float values; no NaN value,
    no duplicate (kode, variabel, tahun)."""
    check_frame(panel, PANEL_COLUMNS, "panel")
    if panel.empty:
        raise FutureInputError("panel: no rows; the projection needs published values")
    numbers = {}
    for col in ("tahun", "nilai"):
        conv = pd.to_numeric(panel[col], errors="coerce")
        bad = conv.isna() & panel[col].notna()
        if bad.any():
            raise FutureInputError(f"panel: column {col!r} value {panel[col][bad].iloc[0]!r} "
                                   f"is not a number")
        numbers[col] = conv.to_numpy(dtype=float)
    out = pd.DataFrame({"kode": panel["kode"].astype(str).to_numpy(),
                        "variabel": panel["variabel"].astype(str).to_numpy(),
                        "tahun": numbers["tahun"], "nilai": numbers["nilai"]})
    if np.isnan(out["tahun"]).any():
        raise FutureInputError("panel: column 'tahun' has an empty cell; every row needs a year")
    if (out["tahun"] % 1 != 0).any():
        bad = out.loc[out["tahun"] % 1 != 0, "tahun"].iloc[0]
        raise FutureInputError(f"panel: column 'tahun' value {bad!r} is not a whole year")
    out["tahun"] = out["tahun"].astype(int)
    if not np.isfinite(out["nilai"]).all():
        row = out[~np.isfinite(out["nilai"])].iloc[0]
        raise FutureInputError(
            f"panel: column 'nilai' value {row['nilai']!r} for {row['kode']} {row['variabel']} "
            f"{row['tahun']} is not a finite number (a value that is not published is no row)")
    dup = out.duplicated(["kode", "variabel", "tahun"])
    if dup.any():
        row = out[dup].iloc[0]
        raise FutureInputError(f"panel: two rows for kode {row['kode']}, variabel "
                               f"{row['variabel']}, tahun {row['tahun']}; each must be unique")
    if "seri" in panel.columns:
        out["seri"] = panel["seri"].astype(str).to_numpy()
        series = out.groupby("variabel")["seri"].unique()
        mixed = series[series.map(len) > 1]
        if len(mixed):
            raise FutureInputError(
                f"panel: variable {mixed.index[0]!r} mixes published series "
                f"({', '.join(sorted(mixed.iloc[0]))}); a projection takes one series "
                f"(e.g. BPS's [Metode Baru] IPM and the Long Form SP2020 IPM differ in level): "
                f"keep the rows of one")
    return out


def as_list(value, name: str) -> list | None:
    """``None`` stays ``None``; one string becomes a one-element list; empty is an error."""
    return frame_checks.as_list(value, name, FutureInputError)


def check_years(panel: pd.DataFrame, origin, horizon, span: int) -> tuple[int, int, int]:
    """``(origin, horizon, first year)``: origin defaults to the panel's last year, and must lie
    within its years; the horizon (default: origin + ``span``) must be a later year."""
    first, last = int(panel["tahun"].min()), int(panel["tahun"].max())
    origin = last if origin is None else origin
    if isinstance(origin, bool) or not float(origin).is_integer():
        raise FutureInputError(f"origin {origin!r}: must be a whole year")
    origin = int(origin)
    if origin < first:
        raise FutureInputError(f"origin {origin}: before the first year with data ({first}); "
                               f"the origin must lie within {first}–{last}")
    if origin > last:
        raise FutureInputError(f"origin {origin}: after the last year with data ({last}); "
                               f"the origin must lie within {first}–{last}")
    if horizon is None:
        horizon = origin + int(span)
    if isinstance(horizon, bool) or not float(horizon).is_integer():
        raise FutureInputError(f"horizon {horizon!r}: must be a whole year")
    horizon = int(horizon)
    if horizon <= origin:
        raise FutureInputError(f"horizon {horizon}: must be after the origin {origin} (the "
                               f"projection covers the years origin+1 to horizon)")
    return origin, horizon, first


def check_level(level) -> float:
    """The interval level, strictly between 0 and 1."""
    try:
        value = float(level)
    except (TypeError, ValueError):
        raise FutureInputError(f"level {level!r}: must be a number between 0 and 1 "
                               f"(e.g. 0.8 for an 80 % interval)") from None
    if not 0.0 < value < 1.0:
        raise FutureInputError(f"level {level!r}: must lie strictly between 0 and 1 "
                               f"(e.g. 0.8 for an 80 % interval)")
    return value


def check_variables(variables, panel: pd.DataFrame, default: list[str]) -> list[str]:
    """Named variables must be in the panel; none named: the defaults that are in it."""
    present = set(panel["variabel"].unique())
    names = as_list(variables, "variables")
    if names is None:
        chosen = [v for v in default if v in present]
        if not chosen:
            raise FutureInputError(f"panel: none of the default variables ({shown(default)}) "
                                   f"is in it; it has {shown(sorted(present))}")
        return chosen
    unknown = [str(v) for v in names if str(v) not in present]
    if unknown:
        raise FutureInputError(f"unknown variable(s) {shown(unknown)}: not in the panel, "
                               f"which has {shown(sorted(present))}")
    return list(dict.fromkeys(str(v) for v in names))


def check_codes(kode, known: Iterable[str]) -> list[str] | None:
    """Named regency codes (Kemendagri, text such as "64.02") must be in the panel."""
    names = as_list(kode, "kode")
    if names is None:
        return None
    known = set(known)
    codes = [str(k).strip() for k in names]
    unknown = [c for c in codes if c not in known]
    if unknown:
        hint = (" (codes are text with two decimals, e.g. '64.02')"
                if any(not isinstance(k, str) for k in names) else "")
        raise FutureInputError(f"unknown regency code(s) {shown(unknown)}: not in the panel"
                               f"{hint}")
    return list(dict.fromkeys(codes))


def check_method(method, names: Iterable[str]) -> str | None:
    """``None`` or ``"auto"`` (chosen by the backtest) or a name of :data:`METHODS`."""
    if method is None or method == "auto":
        return None
    names = list(names)
    if method not in names:
        raise FutureInputError(f"method {method!r}: unknown; use 'auto' or one of "
                               f"{shown(names)}")
    return str(method)
