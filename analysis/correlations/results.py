"""Demographic correlations: is a regency's Smart City score explained by its profile?

Building blocks: :mod:`analysis.correlations.data` (the cross-section),
:mod:`analysis.correlations.stats` (correlations, bootstrap CIs, BH, partial correlations),
:mod:`analysis.correlations.model` (OLS with HC3 errors, VIF, diagnostics). This module runs
them over the shipped years and places one regency in the cross-section (:func:`report_section`).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.correlations.data import (INDEX_VARS, PROFILE_VARS, READINESS_PREFIX,
                                        analysis_frame, cross_section,
                                        index_variables, is_binary, label, profile_variables)
from analysis.correlations.model import (ModelResult, default_predictors, fit_model, verdict)
from analysis.correlations.stats import MIN_N, correlation_table
from analysis.escape import md_format
from analysis.evaluation import YEARS
from analysis.i18n import check_lang, fmt_number, tr

#: A cross-section below this many evaluated units gets a small-sample note (a setting).
SMALL_CROSS_SECTION = 50
#: Default controls of the partial correlations: kota vs kabupaten and the evaluation group.
DEFAULT_CONTROLS = ("kota", "kppn_ikn")

#: Decimals shown for a profile variable (default 2).
DECIMALS = {"penduduk": 0, "luas_km2": 1, "kepadatan": 1, "pengeluaran_2021": 0}

T = {
    "small": {"id": "Sampel kecil: {n} daerah dievaluasi pada {year}. Interval kepercayaan lebar; "
                    "korelasi sedang pun bisa muncul atau hilang karena beberapa daerah saja.",
              "en": "Small sample: {n} regencies evaluated in {year}. Confidence intervals are "
                    "wide; even moderate correlations can appear or vanish with a few units."},
    "section": {"id": "Posisi dalam penampang lintang daerah yang dievaluasi",
                "en": "Position in the cross-section of evaluated regencies"},
    "no_data": {"id": "Tidak ada data profil untuk kode {code}; bagian ini tidak dapat disusun.",
                "en": "No profile data for code {code}; this section cannot be built."},
    "pct_intro": {"id": "Persentil = persentase daerah yang dievaluasi pada tahun itu dengan nilai "
                        "sama atau lebih rendah (2022: n = {n22}; 2023: n = {n23}).",
                  "en": "Percentile = share of the regencies evaluated that year with an equal or "
                        "lower value (2022: n = {n22}; 2023: n = {n23})."},
    "model_head": {"id": "Dibandingkan dengan profilnya (model OLS)",
                   "en": "Compared with its profile (OLS model)"},
    "model_desc": {"id": "Model: {formula} (galat baku HC3; n = {n}; R² = {r2}).",
                   "en": "Model: {formula} (HC3 standard errors; n = {n}; R² = {r2})."},
    "better": {"id": "{year}: nilai {y} {actual}, prediksi dari profil {pred}; residu {res} "
                     "({z} simpangan baku): **lebih baik dari yang diprediksi profilnya**.",
               "en": "{year}: {y} {actual}, predicted from the profile {pred}; residual {res} "
                     "({z} SD): **better than its profile predicts**."},
    "worse": {"id": "{year}: nilai {y} {actual}, prediksi dari profil {pred}; residu {res} "
                    "({z} simpangan baku): **lebih buruk dari yang diprediksi profilnya**.",
              "en": "{year}: {y} {actual}, predicted from the profile {pred}; residual {res} "
                    "({z} SD): **worse than its profile predicts**."},
    "as_predicted": {"id": "{year}: nilai {y} {actual}, prediksi dari profil {pred}; residu {res} "
                           "({z} simpangan baku): **kurang lebih sesuai prediksi profilnya**.",
                     "en": "{year}: {y} {actual}, predicted from the profile {pred}; residual "
                           "{res} ({z} SD): **about as its profile predicts**."},
    "not_eval": {"id": "{year}: {name} tidak dievaluasi, jadi tidak ada residu model; persentil "
                       "di atas membandingkan profilnya dengan {n} daerah yang dievaluasi.",
                 "en": "{year}: {name} was not evaluated, so there is no model residual; the "
                       "percentiles above compare its profile with the {n} evaluated regencies."},
    "variable": {"id": "Variabel", "en": "Variable"},
    "value": {"id": "Nilai", "en": "Value"},
    "pct": {"id": "Persentil {year}", "en": "Percentile {year}"},
    "readiness_note": {"id": "Pilar kesiapan berasal dari data ilustratif.",
                       "en": "Readiness pillars come from illustrative data."},
}


def sample_note(n: int, year: int | None = None, lang: str = "id") -> str | None:
    """A small-sample note for a cross-section of ``n`` units (None when n is large enough)."""
    if n >= SMALL_CROSS_SECTION:
        return None
    return tr(T, "small", lang).format(n=n, year=year if year is not None else "")


def correlations(data_dir=None, years=YEARS, methods=("pearson", "spearman"), controls=(),
                 n_boot: int = 1000, seed: int = 0, min_n: int = MIN_N,
                 frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """Correlation table of every profile variable × index, per year (raw or partial).

    Benjamini–Hochberg families: one per year, method and index source (Kominfo indices;
    readiness pillars). ``illustrative`` marks rows built on illustrative data.

    ``controls`` absent from a year's cross-section (the group in 2022) are dropped for that
    year; the ``controls`` column of the table says what was controlled.
    """
    frame = analysis_frame(data_dir) if frame is None else frame
    tables = []
    for year in years:
        cs = cross_section(frame, year)
        xs, ys = profile_variables(cs), index_variables(cs)
        ctl = [c for c in controls if c in xs]
        # two BH families per method: the Kominfo indices, and the readiness pillars (which
        # may be illustrative data and must not dilute or borrow from the real tests)
        for family in ([y for y in ys if not y.startswith(READINESS_PREFIX)],
                       [y for y in ys if y.startswith(READINESS_PREFIX)]):
            if family:
                tables.append(correlation_table(cs, xs, family, methods, ctl, n_boot, seed,
                                                min_n, year))
    out = pd.concat(tables, ignore_index=True)
    out["illustrative"] = out["y"].str.startswith(READINESS_PREFIX) & bool(
        frame.attrs.get("readiness_illustrative", False))
    return out


def survival(raw: pd.DataFrame, partial: pd.DataFrame, y: str = "nilai_final",
             method: str = "spearman", year: int = 2023) -> pd.DataFrame:
    """Raw next to partial correlations of each profile variable with ``y``: how much survives.

    ``share_kept`` = partial / raw estimate (1 = unchanged; near 0 = explained by the controls;
    negative = sign reversed).
    """
    key = ["x", "estimate", "ci_low", "ci_high", "p_adj", "n"]
    sel = lambda t: t[(t.tahun == year) & (t.y == y) & (t.method == method)][key]  # noqa: E731
    out = sel(raw).merge(sel(partial), on="x", how="inner", suffixes=("_raw", "_partial"))
    ctl = partial[(partial.tahun == year) & (partial.y == y)]["controls"]
    out.insert(0, "controls", ctl.iloc[0] if len(ctl) else "")
    out["share_kept"] = out["estimate_partial"] / out["estimate_raw"]
    return out.reset_index(drop=True)


def model(data_dir=None, year: int = 2023, y: str = "nilai_final", predictors=None,
          frame: pd.DataFrame | None = None) -> ModelResult:
    """The OLS model of ``y`` on the profile for one year's evaluated cross-section."""
    frame = analysis_frame(data_dir) if frame is None else frame
    return fit_model(cross_section(frame, year), y, predictors)


def percentile_of(value: float, reference) -> float:
    """Share (0–100) of ``reference`` values ≤ ``value`` (scipy's ``percentileofscore`` 'weak')."""
    ref = np.asarray(reference, float)
    ref = ref[np.isfinite(ref)]
    if not np.isfinite(value) or len(ref) == 0:
        return np.nan
    return float(100.0 * np.mean(ref <= value))


def regency_percentiles(frame: pd.DataFrame, code: str, year: int) -> dict:
    """The regency's percentile on each continuous profile variable in ``year``'s cross-section."""
    cs = cross_section(frame, year)
    me = frame[(frame.tahun == year) & (frame.kode_kemendagri == code)]
    if me.empty:
        return {}
    me = me.iloc[0]
    return {v: percentile_of(me[v], cs[v]) for v in profile_variables(cs) if not is_binary(v)}


def _fmt(x, d: int = 2, lang: str = "id") -> str:
    return fmt_number(x, d, lang)


def _signed(x, d: int, lang: str) -> str:
    return ("+" if x >= 0 else "−") + _fmt(abs(x), d, lang)


def report_section(regency_code: str, lang: str = "id", data_dir=None) -> dict:
    """Display where a regency sits in the evaluated cross-section; return the headline numbers.

    Shows its percentile on each profile variable per year and its residual from the OLS model
    of the final score (better or worse than its profile predicts). A regency not evaluated in
    a year still gets its percentiles and a sentence saying so.
    """
    from IPython.display import Markdown, display
    check_lang(lang)
    code = str(regency_code)
    frame = analysis_frame(data_dir)
    mine = frame[frame.kode_kemendagri == code]
    display(Markdown(f"## {tr(T, 'section', lang)}"))
    if mine.empty:
        display(Markdown(tr(T, "no_data", lang).format(code=code)))
        return {}
    name = str(mine["nama"].iloc[0])
    ns = {y: len(cross_section(frame, y)) for y in YEARS}
    display(Markdown(tr(T, "pct_intro", lang).format(n22=ns.get(2022), n23=ns.get(2023))))
    pcts = {y: regency_percentiles(frame, code, y) for y in YEARS}
    display(_percentile_table(mine, pcts, lang))
    for y in YEARS:
        note = sample_note(ns[y], y, lang)
        if note:
            display(Markdown(f"*{note}*"))
    display(Markdown(f"### {tr(T, 'model_head', lang)}"))
    residuals = {}
    for y in YEARS:
        residuals[y] = _residual_sentence(frame, code, name, y, ns[y], lang)
    shown = [y for y in YEARS if residuals[y]]
    if shown:
        _show_observed_vs_predicted(frame, code, shown[-1], lang)
    return {"kode_kemendagri": code, "nama": name, "n": {str(y): ns[y] for y in YEARS},
            "persentil": {str(y): {k: round(v, 1) for k, v in p.items() if np.isfinite(v)}
                          for y, p in pcts.items()},
            "residu": {str(y): r for y, r in residuals.items() if r}}


def _percentile_table(mine: pd.DataFrame, pcts: dict, lang: str) -> pd.DataFrame:
    row = mine.iloc[0]
    vars_ = [v for v in PROFILE_VARS if any(v in p for p in pcts.values())]
    data = {tr(T, "value", lang): [_fmt(row[v], DECIMALS.get(v, 2), lang) for v in vars_]}
    for y, p in pcts.items():
        data[tr(T, "pct", lang).format(year=y)] = [_fmt(p.get(v, np.nan), 0, lang) for v in vars_]
    out = pd.DataFrame(data, index=[label(v, lang) for v in vars_])
    out.index.name = tr(T, "variable", lang)
    return out


def _residual_sentence(frame, code, name, year, n, lang) -> dict:
    from IPython.display import Markdown, display
    cs = cross_section(frame, year)
    if code not in set(cs.kode_kemendagri):
        display(Markdown(md_format(tr(T, "not_eval", lang), year=year, name=name, n=n)))
        return {}
    res = fit_model(cs, "nilai_final", default_predictors(cs))
    display(Markdown(tr(T, "model_desc", lang).format(
        formula=res.formula, n=res.diagnostics["n"], r2=_fmt(res.diagnostics["r2"], 2, lang))))
    r = res.data[res.data.kode_kemendagri == code]
    if r.empty:
        return {}
    r = r.iloc[0]
    v = verdict(r["residu_z"])
    display(Markdown(tr(T, v, lang).format(
        year=year, y=label("nilai_final", lang).lower(), actual=_fmt(r["nilai_final"], 2, lang),
        pred=_fmt(r["prediksi"], 2, lang), res=_signed(r["residu"], 2, lang),
        z=_signed(r["residu_z"], 1, lang))))
    return {"nilai_final": float(r["nilai_final"]), "prediksi": round(float(r["prediksi"]), 4),
            "residu": round(float(r["residu"]), 4), "residu_z": round(float(r["residu_z"]), 3),
            "penilaian": v, "r2": round(res.diagnostics["r2"], 4)}


def _show_observed_vs_predicted(frame, code, year, lang) -> None:
    import matplotlib.pyplot as plt
    from IPython.display import display
    from analysis.plots.correlations import observed_vs_predicted
    cs = cross_section(frame, year)
    fig = observed_vs_predicted(fit_model(cs, "nilai_final", default_predictors(cs)),
                                highlight=code, year=year, lang=lang)
    display(fig)
    plt.close(fig)


def index_labels(lang: str = "id") -> dict:
    """Index key → label (Kominfo indices)."""
    return {k: label(k, lang) for k in INDEX_VARS}


__all__ = ["correlations", "survival", "model", "percentile_of", "regency_percentiles",
           "report_section", "sample_note", "index_labels"]
