"""Peer comparison: medians of the evaluated regencies of a year and group."""
from __future__ import annotations

import pandas as pd

from analysis.data.raw_tables import DIMENSIONS_2023


def peer_medians(evals: pd.DataFrame, year: int, kelompok: str | None) -> pd.Series:
    """Median of each dimension and the final among the evaluated regencies of a year and group."""
    ev = evals[(evals.tahun == year) & evals.dievaluasi]
    if kelompok is not None:
        ev = ev[ev.kelompok == kelompok]
    cols = [c for c in DIMENSIONS_2023 + ("nilai_final",) if ev[c].notna().any()]
    return ev[cols].median()
