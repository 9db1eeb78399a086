"""Report section: where the regency sits in the cross-section of evaluated regencies — its
percentile on each profile variable and its residual from the OLS model of the final score —
read from the build tables ``korelasi``, ``korelasi_model`` and ``korelasi_persentil``."""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.correlations.results import sample_note
from analysis.escape import md_format
from analysis.evaluation import YEARS
from analysis.i18n import check_lang, texts, tr
from analysis.variable_labels import PROFILE_VARS, label
from analysis.processed.figures import CHART_FILE
from analysis.plots.correlations import observed_vs_predicted_frame, ovp_backdrop_key
from analysis.reports.context import RegencyContext
from analysis.reports.sections.common import (Section, fmt, show_figure, show_md, show_table,
                                              stored_backdrop)

#: Decimals shown for a profile variable (default 2).
DECIMALS = {"penduduk": 0, "luas_km2": 1, "kepadatan": 1, "pengeluaran_2021": 0}

T = texts("reports.sections.cross_section")


def _signed(x, d: int, lang: str) -> str:
    return ("+" if x >= 0 else "−") + fmt(abs(x), d, lang)


def section(ctx: RegencyContext) -> Section:
    """Percentiles per year, the model residual per evaluated year (better or worse than its
    profile predicts: outside the model's 95 % prediction interval; as predicted inside it)
    and the observed-vs-predicted chart of the latest such year."""
    lang, code = check_lang(ctx.lang), ctx.code
    frame = ctx.table("korelasi", regency=False)
    models = ctx.table("korelasi_model", regency=False).set_index("tahun")
    mine = frame[frame.kode_kemendagri == code]
    title = tr(T, "section", lang)
    show_md(f"## {title}")
    if mine.empty:
        show_md(tr(T, "no_data", lang).format(code=code))
        return Section(title, {})
    name = str(mine["nama"].iloc[0])
    ns = {y: int(models.at[y, "n_potong_lintang"]) for y in YEARS}
    show_md(tr(T, "pct_intro", lang).format(n22=ns.get(2022), n23=ns.get(2023)))
    pct = ctx.table("korelasi_persentil")
    pcts = {y: dict(zip(g["variabel"], g["persentil"].astype(float)))
            for y in YEARS for g in [pct[pct.tahun == y]]}
    show_table(_percentile_table(mine, pcts, lang), lang=lang)
    for y in YEARS:
        note = sample_note(ns[y], y, lang)
        if note:
            show_md(f"*{note}*")
    show_md(f"### {tr(T, 'model_head', lang)}")
    residuals = {y: _residual_sentence(mine[mine.tahun == y], models.loc[y], name, y, ns[y],
                                       lang) for y in YEARS}
    shown = [y for y in YEARS if residuals[y]]
    if shown:
        y = shown[-1]
        fitted = frame[(frame.tahun == y) & frame["prediksi"].notna()]
        back = stored_backdrop(ctx, CHART_FILE, ovp_backdrop_key(y, lang))
        if back is not None and back.meta.get("n") != len(fitted):
            back = None                                 # not this run's model: draw it all
        show_figure(observed_vs_predicted_frame(fitted, "nilai_final", code, y, lang,
                                                backdrop=back), fixed_layout=True)
    return Section(title, {
        "kode_kemendagri": code, "nama": name, "n": {str(y): ns[y] for y in YEARS},
        "persentil": {str(y): {k: round(v, 1) for k, v in p.items() if np.isfinite(v)}
                      for y, p in pcts.items()},
        "residu": {str(y): r for y, r in residuals.items() if r}})


def _percentile_table(mine: pd.DataFrame, pcts: dict, lang: str) -> pd.DataFrame:
    row = mine.iloc[0]
    vars_ = [v for v in PROFILE_VARS if any(v in p for p in pcts.values())]
    data = {tr(T, "value", lang): [fmt(row[v], DECIMALS.get(v, 2), lang) for v in vars_]}
    for y, p in pcts.items():
        data[tr(T, "pct", lang).format(year=y)] = [fmt(p.get(v, np.nan), 0, lang) for v in vars_]
    out = pd.DataFrame(data, index=[label(v, lang) for v in vars_])
    out.index.name = tr(T, "variable", lang)
    return out


def _residual_sentence(mine: pd.DataFrame, model: pd.Series, name: str, year: int, n: int,
                       lang: str) -> dict:
    """The year's model line and the regency's residual sentence; its record ({} if none)."""
    if mine.empty or not bool(mine["dievaluasi"].iloc[0]):
        show_md(md_format(tr(T, "not_eval", lang), year=year, name=name, n=n))
        return {}
    if not isinstance(model["rumus"], str):      # too few units for the model that year
        return {}
    show_md(tr(T, "model_desc", lang).format(formula=model["rumus"], n=int(model["n"]),
                                             r2=fmt(model["r2"], 2, lang)))
    r = mine.iloc[0]
    if pd.isna(r["prediksi"]):
        return {}
    v = str(r["penilaian"])
    interval = tr(T, "interval", lang).format(lo=fmt(r["prediksi_bawah"], 2, lang),
                                              hi=fmt(r["prediksi_atas"], 2, lang))
    show_md(tr(T, v, lang).format(
        year=year, y=label("nilai_final", lang).lower(), actual=fmt(r["nilai_final"], 2, lang),
        pred=fmt(r["prediksi"], 2, lang), interval=interval, res=_signed(r["residu"], 2, lang),
        z=_signed(r["residu_z"], 1, lang)))
    show_md(tr(T, "verdict_rule", lang).format(
        year=year, n=int(model["n"]), better=int(model["n_lebih_baik"]),
        worse=int(model["n_lebih_buruk"]), inside=int(model["n_sesuai_prediksi"])))
    return {"nilai_final": float(r["nilai_final"]), "prediksi": round(float(r["prediksi"]), 4),
            "interval_prediksi_95": [round(float(r["prediksi_bawah"]), 4),
                                     round(float(r["prediksi_atas"]), 4)],
            "residu": round(float(r["residu"]), 4), "residu_z": round(float(r["residu_z"]), 3),
            "penilaian": v, "r2": round(float(model["r2"]), 4)}
