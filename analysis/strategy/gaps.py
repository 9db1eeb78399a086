"""Gap analysis (*analisis kesenjangan*): today's maturity of each pillar against the
masterplan's target, and whether any programme can still close the gap.

Today's level is the pillar's maturity level of the readiness assessment (``tingkat_<pillar>``
of the processed ``kesiapan`` table, :mod:`analysis.readiness.maturity`); a target is a level
(1–5) a pillar is to reach by a year (the *Target* sheet). For every target whose year is the
planning year or later: ``selisih = tingkat_target − tingkat_sekarang`` (positive: a gap;
0 or below: reached), and ``n_program`` = the programmes of that pillar that can still close
it: planned to start by the target year (``start_year ≤ tahun``) and not finished before the
planning year (``end_year ≥ year``). A pillar with a gap and no such programme is flagged
(``tanpa_program``). Without a readiness assessment the level today is missing and so is the
gap (never taken as 0).
"""
from __future__ import annotations

import pandas as pd

from analysis.i18n import PILLAR_CODES
from analysis.strategy.tows import with_columns

COLUMNS = ["pilar", "tahun", "tingkat_sekarang", "tingkat_target", "selisih", "n_program",
           "tanpa_program"]


def levels_from_readiness(row) -> dict[str, int]:
    """``{pillar: level}`` from a row of the readiness table (``tingkat_<pillar>`` columns);
    ``{}`` for no row."""
    if row is None:
        return {}
    out = {}
    for p in PILLAR_CODES:
        v = row.get(f"tingkat_{p}") if hasattr(row, "get") else None
        if v is not None and not pd.isna(v):
            out[p] = int(v)
    return out


def gaps(targets: pd.DataFrame, levels: dict, programmes: pd.DataFrame,
         year: int) -> pd.DataFrame:
    """:data:`COLUMNS` for every target (``pillar, year, target_level``) of ``year`` or later,
    in pillar order then by year; ``levels``: today's level per pillar
    (:func:`levels_from_readiness`)."""
    t = with_columns(targets, ("pillar", "year", "target_level"))
    t = t[pd.to_numeric(t["year"], errors="coerce") >= int(year)]
    prog = with_columns(programmes, ("pillar", "start_year", "end_year"))
    start = pd.to_numeric(prog["start_year"], errors="coerce")
    end = pd.to_numeric(prog["end_year"], errors="coerce")
    order = {p: i for i, p in enumerate(PILLAR_CODES)}
    rows = []
    for r in sorted(t.to_dict("records"), key=lambda r: (order.get(r["pillar"], 99),
                                                          int(r["year"]))):
        ty, target = int(r["year"]), int(r["target_level"])
        now = levels.get(r["pillar"])
        gap = None if now is None else target - int(now)
        n = int(((prog["pillar"] == r["pillar"]) & (start <= ty) & (end >= int(year))).sum())
        rows.append({"pilar": r["pillar"], "tahun": ty, "tingkat_sekarang": now,
                     "tingkat_target": target, "selisih": gap, "n_program": n,
                     "tanpa_program": bool(gap is not None and gap > 0 and n == 0)})
    out = pd.DataFrame(rows, columns=COLUMNS)
    for c in ("tahun", "tingkat_sekarang", "tingkat_target", "selisih", "n_program"):
        out[c] = pd.array(out[c], dtype="Int64")
    out["tanpa_program"] = out["tanpa_program"].astype(bool)
    return out
