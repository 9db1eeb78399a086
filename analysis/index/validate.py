"""Checks on a wide input table before an index is computed over it.

Hard rules raise :class:`~analysis.errors.DataValidationError` (file, row, column, value, rule):
a missing, empty or duplicated unit code; a Kemendagri code not written ``PP.KK``; a node value
that is not a finite number or lies outside the node's hard ``limits``. Values outside a node's
``scale`` but within its limits are returned as warnings (published values are kept, flagged).

``limits`` comes from the node (``limits: [lo, hi]``) or the framework's top-level ``limits``;
``scale`` likewise. Kominfo's frameworks set scale 1–4 and limits 0–4 (0 marks a regency that
was not evaluated, or a printed Kolaborasi of 0).

Coverage (:func:`check_columns`): every node the framework needs must come from the table, as
its own column or through all of its children. A framework lists the node columns that may be
absent in ``optional_columns``; those are reported, never silently dropped.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analysis.data.raw_tables import KEMENDAGRI_PATTERN
from analysis.errors import DataValidationError
from analysis.frameworks.model import Framework
from analysis.index.pipeline import numeric_frame


def _range(fw: Framework, code: str, key: str):
    node = fw.nodes[code]
    value = node.attrs.get(key) if key != "scale" else node.scale
    if value is None:
        value = fw.meta.get(key)
    return None if value is None else (float(value[0]), float(value[1]))


def check_units(raw: pd.DataFrame, unit_col: str, file: str) -> None:
    """Unit codes present, unique and (for ``kode_kemendagri``) in the ``PP.KK`` format."""
    codes = raw[unit_col].astype(str).str.strip()
    for pos, code in enumerate(codes):
        if code in ("", "nan", "None"):
            raise DataValidationError(file, "unit code is required (empty cell)", pos + 2,
                                      unit_col, "")
        if unit_col == "kode_kemendagri" and not re.fullmatch(KEMENDAGRI_PATTERN, code):
            raise DataValidationError(file, "does not match the code format PP.KK (e.g. '64.02')",
                                      pos + 2, unit_col, code)
    dup = codes.duplicated()
    if dup.any():
        pos = int(np.flatnonzero(dup.to_numpy())[0])
        first = int(np.flatnonzero((codes == codes.iloc[pos]).to_numpy())[0])
        raise DataValidationError(file, f"duplicate unit code: already on row {first + 2}",
                                  pos + 2, unit_col, codes.iloc[pos])


def _uncovered(fw: Framework, code: str, columns: set[str], optional: set[str],
               absent: list[str]) -> list[str]:
    """Highest nodes under ``code`` that neither the table nor their children cover."""
    if code in columns:
        return []
    if code in optional:
        absent.append(code)
        return []
    kids = fw.children(code)
    if not kids:
        return [code]
    missing = [m for k in kids for m in _uncovered(fw, k, columns, optional, absent)]
    return [code] if len(missing) == len(kids) and all(m in kids for m in missing) else missing


def check_columns(fw: Framework, columns, file: str = "<data>") -> list[str]:
    """Raise if a node the framework needs has no column (itself or all of its children);
    return the nodes absent that the framework declares optional (``optional_columns``).

    Otherwise the aggregate would be re-weighted silently over the nodes present (a 2022 table
    without ``quick_win`` would get a final over four dimensions).
    """
    optional = {str(c) for c in fw.meta.get("optional_columns") or []}
    absent: list[str] = []
    missing = _uncovered(fw, fw.root, set(map(str, columns)), optional, absent)
    if missing == [fw.root]:
        return absent  # nothing of the framework at all: compute_index says so with the list
    if missing:
        shown = ", ".join(repr(m) for m in missing[:8]) + (" ..." if len(missing) > 8 else "")
        raise DataValidationError(
            file, f"framework {fw.code!r} needs column(s) {shown} (or all of their child "
                  f"nodes) and the table has none; optional columns: {sorted(optional) or 'none'}",
            row=1, column=missing[0])
    return absent


def not_evaluated_rows(fw: Framework, raw: pd.DataFrame) -> np.ndarray:
    """Rows whose every node value is 0, for frameworks that declare
    ``all_zero_means_not_evaluated: true`` (Kominfo's published tables list regencies that did
    not take part with all zeros)."""
    cols = [c for c in fw.nodes if c in raw.columns]
    if not fw.meta.get("all_zero_means_not_evaluated") or not cols:
        return np.zeros(len(raw), bool)
    vals = numeric_frame(raw, cols).fillna(0.0)
    return (vals == 0).all(axis=1).to_numpy()


def validate_wide_input(fw: Framework, raw: pd.DataFrame, unit_col: str,
                        file: str = "<data>") -> list[str]:
    """Raise on a hard rule broken; return warnings for values outside a node's scale.

    Rows that are 'not evaluated' (see :func:`not_evaluated_rows`) get one warning each and
    no scale warnings; the caller treats them as missing.
    """
    if unit_col not in raw.columns:
        raise DataValidationError(file, f"missing unit column {unit_col!r}", row=1)
    check_units(raw, unit_col, file)
    cols = [c for c in fw.nodes if c in raw.columns]
    values = numeric_frame(raw, cols, file)
    skip = not_evaluated_rows(fw, raw)
    warnings = [f"{file}, row {pos + 2}, unit {raw[unit_col].iloc[pos]!r}: all values 0, "
                f"not evaluated (treated as missing, not as a score of 0)"
                for pos in np.flatnonzero(skip)]
    for c in cols:
        v = values[c].to_numpy(float)
        inf = np.isinf(v)
        if inf.any():  # "inf" or 1e400 in a cell: no mean or rank over it means anything
            pos = int(np.flatnonzero(inf)[0])
            raise DataValidationError(file, "not a finite number (infinite or beyond ±1.8e308)",
                                      pos + 2, c, raw[c].iloc[pos])
        lim = _range(fw, c, "limits")
        if lim is not None:
            bad = ~np.isnan(v) & ((v < lim[0]) | (v > lim[1]))
            if bad.any():
                pos = int(np.flatnonzero(bad)[0])
                raise DataValidationError(file,
                                          f"outside the limits {lim[0]:g}–{lim[1]:g} of node {c}",
                                          pos + 2, c, raw[c].iloc[pos])
        scale = _range(fw, c, "scale")
        if scale is not None:
            for pos in np.flatnonzero(~skip & ~np.isnan(v) & ((v < scale[0]) | (v > scale[1]))):
                warnings.append(f"{file}, row {pos + 2}, column '{c}', value {raw[c].iloc[pos]!r}: "
                                f"outside the scale {scale[0]:g}–{scale[1]:g} (kept as given)")
    return warnings
