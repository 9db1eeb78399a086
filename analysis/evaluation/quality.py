"""The data-quality log of the evaluation tables: one row per observation, with its handling
in Indonesian and English."""
from __future__ import annotations

import pandas as pd

from analysis.data.schema import quality_flags
from analysis.data.raw_tables import EVALUATION_FILES, EVALUATION_SCHEMAS, load_evaluation_raw
from analysis.evaluation.improvement import improvement_check
from analysis.evaluation.load import RESIDUAL_TOLERANCE, YEARS, load_evaluations
from analysis.i18n import texts


#: Per kind of note: what the issue is and how it is handled (catalogue namespaces
#: ``evaluation.quality.issue`` and ``evaluation.quality.handling``).
QUALITY_TEXT = {kind: {lang: (issue[lang], texts("evaluation.quality.handling")[kind][lang])
                       for lang in ("id", "en")}
                for kind, issue in texts("evaluation.quality.issue").items()}
QUALITY_COLUMNS = ["berkas", "baris", "kode_kemendagri", "nama", "tahun", "kolom", "nilai",
                   "jenis", "masalah_id", "penanganan_id", "masalah_en", "penanganan_en"]


def _note(kind: str, r, file: str, tahun: int, column: str, value, **fmt) -> dict:
    texts_of = {f"{what}_{lang}": text.format(**fmt)
                for lang in ("id", "en")
                for what, text in zip(("masalah", "penanganan"), QUALITY_TEXT[kind][lang])}
    return dict(berkas=file, baris=int(r["_row"]), kode_kemendagri=r["kode_kemendagri"],
                nama=r["nama"], tahun=tahun, kolom=column, nilai=value, jenis=kind, **texts_of)


def quality_log(data_dir) -> pd.DataFrame:
    """Every data-quality observation on the evaluation tables, one row each.

    Columns: ``berkas, baris, kode_kemendagri, nama, tahun, kolom, nilai, jenis`` (file, row,
    regency, year, column, value and kind of the note) and the text of the issue and its
    handling in Indonesian (``masalah_id, penanganan_id``) and English (``*_en``).
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
