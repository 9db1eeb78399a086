"""Kominfo's annual evaluation tables loaded: the not-evaluated rule, recomputation, ranks.

Rules (``data/raw/MANIFEST.yaml`` and ``docs/assumptions.md`` say why):

* a row printed with all zeros is a regency that did not take part: *not evaluated*, so its
  scores are missing, never zero (:func:`not_evaluated`);
* the final is recomputed from the printed two-decimal dimensions with the framework that
  applies to the year and group (``applies_to`` in the framework file), and the residual
  published − recomputed is kept and shown, never hidden;
* a printed improvement of 0.00 with nothing to improve on (no score the year before in the
  shipped tables) cannot be verified, so it is treated as missing (:func:`placeholder_improvement`;
  it may be a placeholder, which the data cannot prove either way).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis.data.raw_tables import (DIMENSIONS_2023, EVALUATION_FILES, load_evaluation_raw,
                                  load_profiles)
from analysis.errors import DataValidationError
from analysis.frameworks import list_frameworks, load_framework
from analysis.index.compute import compute_index
from analysis.index.rank import rank_desc
from analysis.messages import text as message

YEARS = tuple(sorted(EVALUATION_FILES))
#: Residual tolerances stated by the data's publisher (rounding of printed dimensions).
RESIDUAL_TOLERANCE = {2022: 0.015, 2023: 0.005}
GROUP_ALL = "SEMUA"


def framework_for(year: int, kelompok: str | None) -> str:
    """Name of the shipped framework whose ``applies_to`` matches the year and group."""
    for name in list_frameworks():
        app = load_framework(name).meta.get("applies_to")
        if app and int(app.get("year")) == int(year) and app.get("kelompok") in (None, kelompok):
            return name
    raise LookupError(f"no framework applies to year {year}, group {kelompok!r}")


def not_evaluated(raw: pd.DataFrame, year: int) -> pd.Series:
    """Rows printed with all zeros (dimensions and final): regencies that did not take part."""
    cols = [c for c in DIMENSIONS_2023 if c in raw.columns] + ["nilai_final"]
    return raw[cols].fillna(0).eq(0).all(axis=1)


def load_evaluation(year: int, data_dir) -> pd.DataFrame:
    """The year's evaluation, one row per listed regency, with recomputation and ranks.

    Columns: ``tahun, kode_kemendagri, nama, kelompok, dievaluasi`` (bool), the dimensions,
    ``nilai_final`` (published), ``nilai_final_hitung`` (recomputed, unrounded), ``residu``
    (published − recomputed), ``kerangka`` (its framework), ``peringkat_kelompok``, ``n_kelompok``,
    ``peringkat_nasional``, ``n_nasional``, ``improvement`` (as printed, 2023 only; missing
    where the print cannot be verified, see :func:`placeholder_improvement`) and
    ``improvement_tercetak`` (as printed, unverifiable prints included).
    """
    raw = load_evaluation_raw(year, data_dir)
    df = raw.copy()
    df.insert(0, "tahun", int(year))
    df["_row"] = np.arange(len(df)) + 2
    if "kelompok" not in df.columns:
        df["kelompok"] = None
    df["dievaluasi"] = ~not_evaluated(raw, year)
    dims = [c for c in DIMENSIONS_2023 if c in df.columns]
    df.loc[~df["dievaluasi"], dims + ["nilai_final"]] = np.nan
    df["nilai_final_hitung"] = np.nan
    df["kerangka"] = None
    for grp, idx in df[df["dievaluasi"]].groupby(df["kelompok"].fillna(GROUP_ALL)).groups.items():
        name = framework_for(year, None if grp == GROUP_ALL else grp)
        fw = load_framework(name)
        sub = df.loc[idx, ["kode_kemendagri"] + [d for d in dims if d in fw.nodes]]
        res = compute_index(fw, sub, "kode_kemendagri", with_rank=False)
        df.loc[idx, "nilai_final_hitung"] = res[fw.root].to_numpy()
        df.loc[idx, "kerangka"] = name
    df["residu"] = df["nilai_final"] - df["nilai_final_hitung"]
    grp = df["kelompok"].fillna(GROUP_ALL)
    df["peringkat_kelompok"] = df.groupby(grp)["nilai_final"].transform(rank_desc).astype("Int64")
    df["n_kelompok"] = df.groupby(grp)["dievaluasi"].transform("sum").astype(int)
    df["peringkat_nasional"] = rank_desc(df["nilai_final"])
    df["n_nasional"] = int(df["dievaluasi"].sum())
    if "improvement" not in df.columns:
        df["improvement"] = np.nan
    df["improvement_tercetak"] = df["improvement"]
    df.loc[placeholder_improvement(df, year, data_dir).to_numpy(), "improvement"] = np.nan
    return df


def placeholder_improvement(ev: pd.DataFrame, year: int, data_dir) -> pd.Series:
    """Printed improvements that cannot be verified: 0.00 for a regency with no score in the
    previous year's shipped table (nothing to compare with; Kutai Kartanegara 2023). Whether such
    a print is a placeholder or a measurement the data cannot say; it is missing in every
    correlation, model and ranking of ``improvement``."""
    prev = [y for y in YEARS if y < year]
    if not prev or "improvement" not in ev.columns:
        return pd.Series(False, index=ev.index)
    raw = load_evaluation_raw(max(prev), data_dir)
    scored = set(raw.loc[~not_evaluated(raw, max(prev)), "kode_kemendagri"])
    return ev["improvement"].eq(0) & ~ev["kode_kemendagri"].isin(scored)


def load_evaluations(data_dir) -> pd.DataFrame:
    """Every year's evaluation stacked (long by year)."""
    return pd.concat([load_evaluation(y, data_dir) for y in YEARS], ignore_index=True, sort=False)


def check_profiles_cover_evaluations(data_dir) -> None:
    """Cross-table rule: every regency listed in an evaluation table has a profile."""
    prof = set(load_profiles(data_dir)["kode_kemendagri"])
    for year in YEARS:
        raw = load_evaluation_raw(year, data_dir)
        for pos, code in enumerate(raw["kode_kemendagri"]):
            if code not in prof:
                raise DataValidationError(
                    Path(data_dir) / EVALUATION_FILES[year],
                    message("no_profile"),
                    row=pos + 2, column="kode_kemendagri", value=code)
