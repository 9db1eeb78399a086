"""Kominfo's annual Smart City evaluation: published scores, recomputation, ranks, quality log.

Rules (``data/raw/MANIFEST.yaml`` and ``docs/assumptions.md`` say why):

* a row printed with all zeros is a regency that did not take part: *not evaluated*, so its
  scores are missing, never zero;
* the final is recomputed from the printed two-decimal dimensions with the framework that
  applies to the year and group (``applies_to`` in the framework file), and the residual
  published − recomputed is kept and shown, never hidden;
* a published value outside the instrument's 1–4 scale is kept and flagged in the quality log.
"""
from __future__ import annotations


import numpy as np
import pandas as pd

from analysis.data.schema import quality_flags
from analysis.data.tables import (DIMENSIONS_2023, EVALUATION_FILES, EVALUATION_SCHEMAS,
                                  load_evaluation_raw, load_profiles)
from analysis.errors import DataValidationError
from analysis.frameworks import list_frameworks, load_framework
from analysis.index.compute import compute_index, rank_desc
from analysis.paths import raw_dir

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


def _not_evaluated(raw: pd.DataFrame, year: int) -> pd.Series:
    cols = [c for c in DIMENSIONS_2023 if c in raw.columns] + ["nilai_final"]
    return raw[cols].fillna(0).eq(0).all(axis=1)


def load_evaluation(year: int, data_dir=None) -> pd.DataFrame:
    """The year's evaluation, one row per listed regency, with recomputation and ranks.

    Columns: ``tahun, kode_kemendagri, nama, kelompok, dievaluasi`` (bool), the dimensions,
    ``nilai_final`` (published), ``nilai_final_hitung`` (recomputed, unrounded), ``residu``
    (published − recomputed), ``framework``, ``peringkat_kelompok``, ``n_kelompok``,
    ``peringkat_nasional``, ``n_nasional``, ``improvement`` (as printed, 2023 only; missing
    where the print is a placeholder, see :func:`placeholder_improvement`) and
    ``improvement_tercetak`` (as printed, placeholders included).
    """
    raw = load_evaluation_raw(year, data_dir)
    df = raw.copy()
    df.insert(0, "tahun", int(year))
    df["_row"] = np.arange(len(df)) + 2
    if "kelompok" not in df.columns:
        df["kelompok"] = None
    df["dievaluasi"] = ~_not_evaluated(raw, year)
    dims = [c for c in DIMENSIONS_2023 if c in df.columns]
    df.loc[~df["dievaluasi"], dims + ["nilai_final"]] = np.nan
    df["nilai_final_hitung"] = np.nan
    df["framework"] = None
    for grp, idx in df[df["dievaluasi"]].groupby(df["kelompok"].fillna(GROUP_ALL)).groups.items():
        name = framework_for(year, None if grp == GROUP_ALL else grp)
        fw = load_framework(name)
        sub = df.loc[idx, ["kode_kemendagri"] + [d for d in dims if d in fw.nodes]]
        res = compute_index(fw, sub, "kode_kemendagri", with_rank=False)
        df.loc[idx, "nilai_final_hitung"] = res[fw.root].to_numpy()
        df.loc[idx, "framework"] = name
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


def placeholder_improvement(ev: pd.DataFrame, year: int, data_dir=None) -> pd.Series:
    """Printed improvements that are placeholders, not measurements: 0.00 for a regency with no
    score in the previous year's table (nothing to improve on; Kutai Kartanegara 2023). They
    are missing in every correlation, model and ranking of ``improvement``."""
    prev = [y for y in YEARS if y < year]
    if not prev or "improvement" not in ev.columns:
        return pd.Series(False, index=ev.index)
    raw = load_evaluation_raw(max(prev), data_dir)
    scored = set(raw.loc[~_not_evaluated(raw, max(prev)), "kode_kemendagri"])
    return ev["improvement"].eq(0) & ~ev["kode_kemendagri"].isin(scored)


def load_evaluations(data_dir=None) -> pd.DataFrame:
    """Every year's evaluation stacked (long by year)."""
    return pd.concat([load_evaluation(y, data_dir) for y in YEARS], ignore_index=True, sort=False)


def improvement_check(evals: pd.DataFrame) -> pd.DataFrame:
    """Kominfo's printed 2023 improvement against our own figure.

    Kominfo's figure is the 2023 published final minus the 2022 final *recomputed* from the
    printed dimensions and rounded to two decimals (Kabupaten Malang: 2.94 − 2.50 = 0.44).
    """
    e22 = evals[(evals.tahun == 2022) & evals.dievaluasi].set_index("kode_kemendagri")
    e23 = evals[evals.tahun == 2023].set_index("kode_kemendagri")
    out = pd.DataFrame(index=e23.index)
    out["nama"] = e23["nama"]
    out["improvement_tercetak"] = e23.get("improvement_tercetak", e23["improvement"])
    out["final_2022_hitung"] = e22["nilai_final_hitung"].reindex(out.index)
    out["improvement_hitung"] = (e23["nilai_final"] - out["final_2022_hitung"].round(2)).round(2)
    out["selisih"] = out["improvement_tercetak"] - out["improvement_hitung"]
    return out.reset_index()


#: Text of each kind of data-quality note: (issue, handling) in Indonesian and English.
QUALITY_TEXT = {
    "kolaborasi_zero": {
        "id": ("Kolaborasi dicetak 0 (di bawah skala 1–4)",
               "dihitung sebagai 0 dalam nilai final (satu-satunya cara nilai final "
               "tereproduksi); tidak diikutkan dalam korelasi Kolaborasi"),
        "en": ("Kolaborasi printed as 0 (below the 1–4 scale)",
               "counted as 0 in the final (the only way the final reproduces); left out of the "
               "Kolaborasi correlations")},
    "out_of_scale": {
        "id": ("nilai {v:.2f} di luar skala instrumen 1,00–4,00",
               "nilai terbitan dipertahankan dan ditandai"),
        "en": ("value {v:.2f} outside the instrument's 1.00–4.00 scale",
               "published value kept and flagged")},
    "not_evaluated": {
        "id": ("semua nilai 0: tidak mengikuti evaluasi",
               "tidak dievaluasi (data hilang), bukan skor nol"),
        "en": ("all values 0: did not take part",
               "not evaluated (missing), not a score of zero")},
    "residual": {
        "id": ("residu {residual:+.3f} melebihi toleransi {tol}",
               "nilai terbitan dipertahankan; periksa sumber"),
        "en": ("residual {residual:+.3f} exceeds the tolerance {tol}",
               "published value kept; check the source")},
    "improvement_unchecked": {
        "id": ("kenaikan dicetak 0,00; nilai 2022 daerah ini tidak ada dalam data terbitan yang "
               "dikirim, sehingga tidak dapat diperiksa: pengisi tempat, bukan hasil ukur",
               "dianggap hilang dalam setiap korelasi, model dan peringkat kenaikan"),
        "en": ("improvement printed as 0.00; this regency's 2022 score is not in the shipped "
               "published data, so it cannot be checked: a placeholder, not a measurement",
               "treated as missing in every correlation, model and ranking of the improvement")},
    "improvement_mismatch": {
        "id": ("kenaikan dicetak {printed:+.2f}, dihitung {ours:+.2f}",
               "nilai terbitan ditampilkan bersama hitungan sendiri"),
        "en": ("improvement printed {printed:+.2f}, recomputed {ours:+.2f}",
               "published value shown beside our own figure")},
}
QUALITY_COLUMNS = ["file", "row", "kode_kemendagri", "nama", "tahun", "column", "value", "kind",
                   "issue", "handling", "issue_en", "handling_en"]


def _note(kind: str, r, file: str, tahun: int, column: str, value, **fmt) -> dict:
    issue, handling = QUALITY_TEXT[kind]["id"]
    issue_en, handling_en = QUALITY_TEXT[kind]["en"]
    return dict(file=file, row=int(r["_row"]), kode_kemendagri=r["kode_kemendagri"],
                nama=r["nama"], tahun=tahun, column=column, value=value, kind=kind,
                issue=issue.format(**fmt), handling=handling.format(**fmt),
                issue_en=issue_en.format(**fmt), handling_en=handling_en.format(**fmt))


def quality_log(data_dir=None) -> pd.DataFrame:
    """Every data-quality observation on the evaluation tables, one row each.

    Columns: ``file, row, kode_kemendagri, nama, tahun, column, value, kind`` and the text of
    the issue and its handling in Indonesian (``issue, handling``) and English (``*_en``).
    """
    rows = []
    evals = load_evaluations(data_dir)
    for year in YEARS:
        raw = load_evaluation_raw(year, data_dir)
        ev = evals[evals.tahun == year].reset_index(drop=True)
        fname = EVALUATION_FILES[year]
        flags = quality_flags(raw[ev["dievaluasi"].to_numpy()].reset_index(drop=True),
                              EVALUATION_SCHEMAS[year], fname, "kode_kemendagri")
        evaluated_rows = ev.index[ev["dievaluasi"]].to_numpy()
        for _, f in flags.iterrows():
            r = ev.loc[evaluated_rows[f["row"] - 2]]
            kind = "kolaborasi_zero" if (f["column"] == "kolaborasi" and f["value"] == 0) \
                else "out_of_scale"
            rows.append(_note(kind, r, fname, year, f["column"], f["value"], v=f["value"]))
        for _, r in ev[~ev["dievaluasi"]].iterrows():
            rows.append(_note("not_evaluated", r, fname, year, "*", 0.0))
        tol = RESIDUAL_TOLERANCE[year]
        for _, r in ev[ev["residu"].abs() > tol + 1e-9].iterrows():
            rows.append(_note("residual", r, fname, year, "nilai_final", r["nilai_final"],
                              residual=r["residu"], tol=tol))
    chk = improvement_check(evals)
    ev23 = evals[evals.tahun == 2023].set_index("kode_kemendagri", drop=False)
    for _, c in chk.iterrows():
        r = ev23.loc[c["kode_kemendagri"]]
        printed, ours = c["improvement_tercetak"], c["improvement_hitung"]
        if printed == 0 and pd.isna(c["final_2022_hitung"]):
            rows.append(_note("improvement_unchecked", r, EVALUATION_FILES[2023], 2023,
                              "improvement", printed))
        elif pd.notna(printed) and pd.notna(ours) and abs(printed - ours) > 0.0101:
            rows.append(_note("improvement_mismatch", r, EVALUATION_FILES[2023], 2023,
                              "improvement", printed, printed=printed, ours=ours))
    return pd.DataFrame(rows, columns=QUALITY_COLUMNS)


def check_profiles_cover_evaluations(data_dir=None) -> None:
    """Cross-table rule: every regency listed in an evaluation table has a profile."""
    prof = set(load_profiles(data_dir)["kode_kemendagri"])
    for year in YEARS:
        raw = load_evaluation_raw(year, data_dir)
        for pos, code in enumerate(raw["kode_kemendagri"]):
            if code not in prof:
                raise DataValidationError(
                    raw_dir(data_dir) / EVALUATION_FILES[year],
                    "regency has no profile in profil_wilayah.csv (every evaluated regency needs one)",
                    row=pos + 2, column="kode_kemendagri", value=code)


def peer_medians(evals: pd.DataFrame, year: int, kelompok: str | None) -> pd.Series:
    """Median of each dimension and the final among the evaluated regencies of a year and group."""
    ev = evals[(evals.tahun == year) & evals.dievaluasi]
    if kelompok is not None:
        ev = ev[ev.kelompok == kelompok]
    cols = [c for c in DIMENSIONS_2023 + ("nilai_final",) if ev[c].notna().any()]
    return ev[cols].median()
