"""The cross-section the correlation analysis works on: profiles joined to each year's scores.

One row per regency of the profile table, per year: the profile variables (derived ones
included: log density, share of desa, kabupaten vs kota, Java vs outside Java, evaluation
group), the year's Kominfo dimensions, final score and improvement, and the readiness pillars
where :mod:`analysis.readiness` provides them. ``dievaluasi`` marks the evaluated units, the
cross-section every statistic uses; the others keep their profile so they can still be placed
in it.

Values that are not measurements are missing here: Kolaborasi printed as 0 (below the 1–4
scale; counted as 0 in the final, but not a score to correlate) and a placeholder improvement
(:func:`analysis.evaluation.placeholder_improvement`, already missing in the evaluations).
``frame.attrs['kolaborasi_zero']`` and ``['improvement_placeholder']`` count them, per year.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.data.panel import profiles_with_published_ipm
from analysis.data.regions import is_java
from analysis.data.raw_tables import load_profiles
from analysis.errors import WorkbenchError
from analysis.evaluation import YEARS, load_evaluations
from analysis.i18n import PILLAR_CODES, texts, tr
from analysis.readiness import readiness_table
from analysis.variable_labels import INDEX_VARS, PROFILE_VARS, READINESS_PREFIX

#: Sentences saying which printed values are left out as not measurements (see the module doc).
LEFT_OUT = texts("correlations.data.left_out")


def left_out_notes(frame: pd.DataFrame, lang: str = "id") -> list[str]:
    """One sentence per year and kind of printed value left out (Kolaborasi 0, placeholder
    improvement), from the counts in ``frame.attrs``."""
    return [tr(LEFT_OUT, kind, lang).format(n=n, year=y)
            for kind in ("kolaborasi_zero", "improvement_placeholder")
            for y, n in frame.attrs.get(kind, {}).items()]


def profile_frame(data_dir) -> pd.DataFrame:
    """:func:`profile_variables_of` the current profiles of a data directory; ``ipm_2021`` is
    BPS's published IPM 2021 from the panel where the data directory holds it
    (:func:`analysis.data.panel.profiles_with_published_ipm`), else the profile table's."""
    return profile_variables_of(profiles_with_published_ipm(load_profiles(data_dir), data_dir))


def profile_variables_of(p: pd.DataFrame) -> pd.DataFrame:
    """Profiles (the current vintage of the profile table) with the derived variables of
    :data:`PROFILE_VARS` (one row per regency)."""
    out = p[["kode_kemendagri", "nama", "provinsi", "jenis"]].copy()
    out["penduduk"] = p["penduduk"].astype(float)
    out["luas_km2"] = p["luas_km2"].astype(float)
    out["kepadatan"] = p["kepadatan"].astype(float)
    out["log_kepadatan"] = np.log(out["kepadatan"])
    out["log_penduduk"] = np.log(out["penduduk"])
    out["log_luas"] = np.log(out["luas_km2"])
    for c in ("ipm_2021", "uhh_2021", "hls_2021", "rls_2021", "pengeluaran_2021"):
        out[c] = p[c].astype(float)
    desa, kel = p["desa"].astype(float), p["kelurahan"].astype(float)
    out["pangsa_desa"] = (desa / (desa + kel)).where(desa + kel > 0)
    out["kota"] = (p["jenis"] == "kota").astype(float)
    out["jawa"] = p["provinsi"].map(is_java).astype(float)
    return out


def readiness_scores(data_dir) -> tuple[pd.DataFrame | None, bool]:
    """:func:`readiness_scores_of` the readiness table of a data directory
    (:func:`analysis.readiness.readiness_table`); ``(None, False)`` when it has no readiness
    assessments."""
    try:
        df = readiness_table(data_dir=data_dir)
    except WorkbenchError:   # e.g. a user's data directory without readiness assessments
        return None, False
    return readiness_scores_of(df)


def readiness_scores_of(table: pd.DataFrame | None) -> tuple[pd.DataFrame | None, bool]:
    """Readiness pillar scores (0–100) per regency of a readiness table (that of
    :func:`analysis.readiness.readiness_table`, or the build's ``kesiapan``, whose own
    assessments, ``sumber = "own"``, are left out): pillar columns named after
    :data:`analysis.i18n.PILLARS` plus ``indeks_kesiapan``.

    Returns ``(table with kode_kemendagri and kesiapan_<pillar> columns, illustrative)``, or
    ``(None, False)`` when the table holds no national readiness row.
    """
    if table is None or table.empty:
        return None, False
    if "sumber" in table.columns:
        table = table[table["sumber"] != "own"]
    cols = [c for c in PILLAR_CODES + ("indeks_kesiapan",) if c in table.columns]
    if "kode_kemendagri" not in table.columns or not cols or table.empty:
        return None, False
    out = table[["kode_kemendagri"] + cols].rename(
        columns={c: READINESS_PREFIX + ("total" if c == "indeks_kesiapan" else c) for c in cols})
    flag = next((c for c in ("ilustratif", "illustrative") if c in table.columns), None)
    illustrative = bool(table[flag].astype(bool).any()) if flag else True
    return out, illustrative


def frame_of_tables(profiles: pd.DataFrame, evaluations: pd.DataFrame,
                    readiness: pd.DataFrame | None = None) -> pd.DataFrame:
    """Profiles × years (long by ``tahun``) with every variable and index.

    ``profiles``: the current profiles (:func:`analysis.data.raw_tables.load_profiles`, IPM as
    published); ``evaluations``: both years' evaluations
    (:func:`analysis.evaluation.load_evaluations`); ``readiness``: a readiness table
    (:func:`readiness_scores_of`), None for none. ``frame.attrs`` counts what is left out
    (module doc) and says whether readiness columns come from illustrative data
    (``readiness_illustrative``).
    """
    prof = profile_variables_of(profiles)
    ev = evaluations
    printed = ev.get("improvement_tercetak", ev["improvement"])
    placeholder = ev["improvement"].isna() & printed.notna()
    placeholders = {int(y): int(n) for y, n in ev.loc[placeholder, "tahun"].value_counts().items()}
    keep = ["tahun", "kode_kemendagri", "dievaluasi", "kelompok"] + list(INDEX_VARS)
    ev = ev[[c for c in keep if c in ev.columns]]
    frames = []
    for year in YEARS:
        f = prof.merge(ev[ev.tahun == year].drop(columns="tahun"), on="kode_kemendagri",
                       how="left")
        f.insert(0, "tahun", int(year))
        f["dievaluasi"] = f["dievaluasi"].astype("boolean").fillna(False).astype(bool)
        f["kppn_ikn"] = f["kelompok"].map({"KPPN&IKN": 1.0, "REGULER": 0.0})
        frames.append(f)
    out = pd.concat(frames, ignore_index=True)
    zero = out["dievaluasi"] & out.get("kolaborasi", pd.Series(np.nan, index=out.index)).eq(0)
    if "kolaborasi" in out.columns:
        out.loc[zero, "kolaborasi"] = np.nan  # below the 1-4 scale: not a score to correlate
    zeros = {int(y): int(n) for y, n in out.loc[zero, "tahun"].value_counts().items()}
    ready, illustrative = readiness_scores_of(readiness)
    if ready is not None:
        out = out.merge(ready, on="kode_kemendagri", how="left")
    out.attrs["kolaborasi_zero"] = zeros
    out.attrs["improvement_placeholder"] = placeholders
    out.attrs["readiness_illustrative"] = illustrative
    return out


def analysis_frame(data_dir, with_readiness: bool = True) -> pd.DataFrame:
    """:func:`frame_of_tables` of the raw tables of a data directory, read and validated here
    (the build's ``korelasi`` tables and :func:`analysis.processed.project.correlation_frame`
    compute it from the processed tables instead)."""
    prof = profiles_with_published_ipm(load_profiles(data_dir), data_dir)
    ready = None
    if with_readiness:
        try:
            ready = readiness_table(data_dir=data_dir)
        except WorkbenchError:   # e.g. a user's data directory without readiness assessments
            ready = None
    return frame_of_tables(prof, load_evaluations(data_dir), ready)


def cross_section(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """The evaluated units of ``year``."""
    return frame[(frame.tahun == year) & frame.dievaluasi].reset_index(drop=True)


def profile_variables(cs: pd.DataFrame) -> list[str]:
    """Profile variables that vary within the cross-section (drops e.g. the group in 2022)."""
    return [v for v in PROFILE_VARS if v in cs.columns and cs[v].nunique(dropna=True) > 1]


def index_variables(cs: pd.DataFrame) -> list[str]:
    """Indices with at least 3 values in the cross-section (Kominfo's and readiness pillars)."""
    cols = list(INDEX_VARS) + [c for c in cs.columns if c.startswith(READINESS_PREFIX)]
    return [c for c in cols if c in cs.columns and cs[c].notna().sum() >= 3]
