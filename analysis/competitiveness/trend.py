"""Is the gap to Java closing or widening, and how fast: a straight line through the gap series.

:func:`gap_trend` fits, per regency and variable, the ordinary least-squares line
``selisih_jawa = a + b × tahun`` over the years with a gap and reads the verdict from the slope
``b`` and its standard error (rules in the package docstring, :mod:`analysis.competitiveness`).
The fit is written out in closed form over grouped sums, so all 514 × 9 series are fitted at
once; tests check it against statsmodels' OLS.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.competitiveness.checks import CompetitivenessInputError, require_columns
from analysis.competitiveness.standing import LOWER, NEUTRAL

#: Verdicts: the absolute gap falls, rises, or shows no clear trend.
CLOSING, WIDENING, STEADY = "menyempit", "melebar", "tetap"
#: Fewest years for a verdict, and the |slope| / standard error a verdict needs.
MIN_YEARS, MIN_T = 5, 2.0
TREND_COLUMNS = ("kode", "variabel", "arah", "n_tahun", "tahun_awal", "tahun_akhir",
                 "selisih_awal", "selisih_akhir", "kemiringan", "galat_baku", "laju_penyempitan",
                 "posisi_awal", "posisi_akhir", "berbalik", "putusan", "alasan")


def position(gap, arah):
    """Side of the Java median: ``unggul``/``tertinggal`` (ahead/behind in the variable's
    direction), ``di_atas``/``di_bawah`` (above/below, for ``netral`` variables) or ``sama``."""
    gap = np.asarray(gap, float)
    arah = np.asarray(arah, object)
    sign = np.where(arah == LOWER, -1.0, 1.0) * gap
    neutral = arah == NEUTRAL
    return np.select([gap == 0, neutral & (gap > 0), neutral & (gap < 0), sign > 0, sign < 0],
                     ["sama", "di_atas", "di_bawah", "unggul", "tertinggal"], default="")


def gap_trend(daya_saing: pd.DataFrame, start: int | None = None, end: int | None = None,
              min_years: int = MIN_YEARS, min_t: float = MIN_T) -> pd.DataFrame:
    """Trend of the signed gap to Java (``selisih_jawa``) per regency and variable.

    ``daya_saing`` is the frame of :func:`~analysis.competitiveness.standing.standing` (columns
    ``kode, variabel, tahun, selisih_jawa, arah``); years ``start``..``end`` (default: all)
    with a gap are used. Columns :data:`TREND_COLUMNS`:

    * ``kemiringan``: OLS slope of the signed gap per year; ``galat_baku``: its standard error
      (sqrt(SSR / (n − 2) / Σ(t − t̄)²); NaN below 3 years);
    * ``laju_penyempitan`` = −s × slope, with s the sign of the latest gap (of the first gap
      when the latest is exactly 0): how fast the absolute gap shrinks, in the variable's unit
      per year (negative: it grows);
    * ``putusan``: ``menyempit`` when ``laju_penyempitan`` > 0, ``melebar`` when < 0, but
      ``tetap`` (no clear trend) when fewer than ``min_years`` years, when s = 0, or when
      |slope| < ``min_t`` × standard error or the slope is 0; ``alasan`` says why a verdict
      is ``tetap`` (``tahun_kurang``, ``tanpa_selisih``, ``tidak_jelas``);
    * ``posisi_awal`` / ``posisi_akhir``: :func:`position` at the first and latest year;
      ``berbalik`` = the regency changed side over the period (the verdict then describes the
      gap on its latest side).
    """
    require_columns(daya_saing, ("kode", "variabel", "tahun", "selisih_jawa", "arah"),
                    "daya_saing")
    if not isinstance(min_years, (int, np.integer)) or min_years < 3:
        raise CompetitivenessInputError(f"min_years: {min_years!r}: a trend needs at least 3 "
                                        f"years (a whole number)")
    df = daya_saing[["kode", "variabel", "tahun", "selisih_jawa", "arah"]]
    df = df[df["selisih_jawa"].notna()]
    if start is not None:
        df = df[df["tahun"] >= int(start)]
    if end is not None:
        df = df[df["tahun"] <= int(end)]
    if df.duplicated(["kode", "variabel", "tahun"]).any():
        row = df[df.duplicated(["kode", "variabel", "tahun"])].iloc[0]
        raise CompetitivenessInputError(f"daya_saing: regency {row['kode']}, {row['variabel']} "
                                        f"{row['tahun']} appears more than once")
    df = df.sort_values(["kode", "variabel", "tahun"]).astype({"tahun": float})
    keys = ["kode", "variabel"]
    g = df.groupby(keys, sort=True)
    t_c = df["tahun"] - g["tahun"].transform("mean")
    y_c = df["selisih_jawa"] - g["selisih_jawa"].transform("mean")
    sums = pd.DataFrame({"sxx": t_c * t_c, "sxy": t_c * y_c, "syy": y_c * y_c})
    sums[keys] = df[keys]
    s = sums.groupby(keys, sort=True)[["sxx", "sxy", "syy"]].sum()
    out = g.agg(arah=("arah", "first"), n_tahun=("tahun", "size"), tahun_awal=("tahun", "first"),
                tahun_akhir=("tahun", "last"), selisih_awal=("selisih_jawa", "first"),
                selisih_akhir=("selisih_jawa", "last"))
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = (s["sxy"] / s["sxx"]).where(s["sxx"] > 0)
        ssr = (s["syy"] - slope * s["sxy"]).clip(lower=0)
        se = np.sqrt(ssr / (out["n_tahun"] - 2) / s["sxx"]).where(out["n_tahun"] >= 3)
    out["kemiringan"], out["galat_baku"] = slope, se
    side = np.sign(out["selisih_akhir"])
    side = side.where(side != 0, np.sign(out["selisih_awal"]))
    out["laju_penyempitan"] = -side * slope
    out["posisi_awal"] = position(out["selisih_awal"], out["arah"])
    out["posisi_akhir"] = position(out["selisih_akhir"], out["arah"])
    out["berbalik"] = np.sign(out["selisih_awal"]) * np.sign(out["selisih_akhir"]) < 0
    few = out["n_tahun"] < min_years
    # NaN (no slope or no error) and a flat line count as unclear
    unclear = ~(slope.abs() >= min_t * se) | (slope == 0)
    no_gap = side == 0
    out["alasan"] = np.select([few, no_gap, unclear], ["tahun_kurang", "tanpa_selisih",
                                                        "tidak_jelas"], default="")
    out["putusan"] = np.where(out["alasan"] != "", STEADY,
                              np.where(out["laju_penyempitan"] > 0, CLOSING, WIDENING))
    out[["tahun_awal", "tahun_akhir"]] = out[["tahun_awal", "tahun_akhir"]].astype(int)
    out = out.reset_index()
    return out[list(TREND_COLUMNS)]
