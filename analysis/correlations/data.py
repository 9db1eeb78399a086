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

from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.data.panel import profiles_with_published_ipm
from analysis.data.regions import is_java
from analysis.data.tables import load_profiles
from analysis.errors import WorkbenchError
from analysis.evaluation import YEARS, load_evaluations
from analysis.i18n import PILLAR_CODES, texts, tr
from analysis.paths import raw_dir
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


def profile_frame(data_dir=None) -> pd.DataFrame:
    """Profiles with the derived variables of :data:`PROFILE_VARS` (one row per regency);
    ``ipm_2021`` is BPS's published IPM 2021 from the panel where the data directory holds it
    (:func:`analysis.data.panel.profiles_with_published_ipm`), else the profile table's."""
    p = profiles_with_published_ipm(load_profiles(data_dir), data_dir)
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


def readiness_scores(data_dir=None) -> tuple[pd.DataFrame | None, bool]:
    """Readiness pillar scores (0–100) per regency from :func:`analysis.readiness.readiness_table`
    (pillar columns named after :data:`analysis.i18n.PILLARS` plus ``indeks_kesiapan``).

    Returns ``(table with kode_kemendagri and kesiapan_<pillar> columns, illustrative)``, or
    ``(None, False)`` when the data directory has no readiness assessments.
    """
    try:
        df = readiness_table(data_dir=data_dir)
    except WorkbenchError:   # e.g. a user's data directory without readiness assessments
        return None, False
    cols = [c for c in PILLAR_CODES + ("indeks_kesiapan",) if c in df.columns]
    if "kode_kemendagri" not in df.columns or not cols:
        return None, False
    out = df[["kode_kemendagri"] + cols].rename(
        columns={c: READINESS_PREFIX + ("total" if c == "indeks_kesiapan" else c) for c in cols})
    illustrative = bool(df["ilustratif"].any()) if "ilustratif" in df.columns else True
    return out, illustrative


def input_stamp(data_dir) -> tuple:
    """Name, modification time and size of every CSV table of the raw-data directory: the key
    under which :func:`analysis_frame` reuses a frame (an edited file gives a new frame)."""
    d = raw_dir(data_dir)
    return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size)
                 for p in sorted(d.glob("*.csv")) if p.is_file())


@lru_cache(maxsize=8)
def _cached_frame(data_dir: str | None, with_readiness: bool,
                  stamp: tuple = ()) -> tuple[pd.DataFrame, bool]:
    prof = profile_frame(data_dir)
    ev = load_evaluations(data_dir)
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
    illustrative = False
    if with_readiness:
        ready, illustrative = readiness_scores(data_dir)
        if ready is not None:
            out = out.merge(ready, on="kode_kemendagri", how="left")
    out.attrs["kolaborasi_zero"] = zeros
    out.attrs["improvement_placeholder"] = placeholders
    return out, illustrative


def analysis_frame(data_dir=None, with_readiness: bool = True) -> pd.DataFrame:
    """Profiles × years (long by ``tahun``) with every variable and index; a fresh copy.

    ``frame.attrs['readiness_illustrative']`` says whether readiness columns come from
    illustrative data. A frame is reused while no CSV table of the directory changed
    (:func:`input_stamp`), so a notebook re-reads nothing between calls and never sees a stale
    frame after a file is edited.
    """
    df, illus = _cached_frame(str(raw_dir(data_dir)), with_readiness, input_stamp(data_dir))
    out = df.copy()
    out.attrs["readiness_illustrative"] = illus
    return out


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
