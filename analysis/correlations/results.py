"""Demographic correlations: is a regency's Smart City score explained by its profile?

Building blocks: :mod:`analysis.correlations.data` (the cross-section),
:mod:`analysis.correlations.stats` (correlations, bootstrap CIs, BH, partial correlations),
:mod:`analysis.correlations.model` (OLS with HC3 errors, VIF, diagnostics). This module runs
them over the shipped years; :func:`model_tables` and :func:`percentile_table` compute what the
build stage stores for the report (each regency's model residual and percentiles), which
:mod:`analysis.reports.sections.cross_section` only reads.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.correlations.data import cross_section, index_variables, profile_variables
from analysis.correlations.model import ModelResult, default_predictors, fit_model, verdict
from analysis.correlations.stats import MIN_N, correlation_table
from analysis.evaluation import YEARS
from analysis.i18n import texts, tr
from analysis.variable_labels import INDEX_VARS, READINESS_PREFIX, is_binary, label

#: A cross-section below this many evaluated units gets a small-sample note (a setting).
SMALL_CROSS_SECTION = 50
#: Default controls of the partial correlations: kota vs kabupaten and the evaluation group.
DEFAULT_CONTROLS = ("kota", "kppn_ikn")

T = texts("correlations.results")


def sample_note(n: int, year: int | None = None, lang: str = "id") -> str | None:
    """A small-sample note for a cross-section of ``n`` units (None when n is large enough)."""
    if n >= SMALL_CROSS_SECTION:
        return None
    return tr(T, "small", lang).format(n=n, year=year if year is not None else "")


def correlations(frame: pd.DataFrame, years=YEARS, methods=("pearson", "spearman"),
                 controls=(), n_boot: int = 1000, seed: int = 0,
                 min_n: int = MIN_N) -> pd.DataFrame:
    """Correlation table of every profile variable × index, per year (raw or partial), of the
    correlation analysis ``frame`` (:func:`analysis.processed.project.correlation_frame`).

    Benjamini–Hochberg families: one per year, method and index source (Kominfo indices;
    readiness pillars). ``illustrative`` marks rows built on illustrative data.

    ``controls`` absent from a year's cross-section (the group in 2022) are dropped for that
    year; the ``controls`` column of the table says what was controlled.
    """
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


def model(frame: pd.DataFrame, year: int = 2023, y: str = "nilai_final",
          predictors=None) -> ModelResult:
    """The OLS model of ``y`` on the profile for one year's evaluated cross-section of the
    correlation analysis ``frame`` (:func:`analysis.processed.project.correlation_frame`)."""
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


#: The verdicts of :func:`verdict` a regency in the model gets (counted per year).
VERDICTS = ("better", "worse", "as_predicted")
#: The summary column counting the regencies of each verdict.
VERDICT_COUNTS = {"better": "n_lebih_baik", "worse": "n_lebih_buruk",
                  "as_predicted": "n_sesuai_prediksi"}
#: Columns the fitted model adds to the ``korelasi`` table (missing where a unit is not used).
MODEL_COLUMNS = ["prediksi", "prediksi_bawah", "prediksi_atas", "residu", "residu_z", "cooks_d",
                 "penilaian"]


def model_tables(frame: pd.DataFrame, years=YEARS) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The analysis frame with each year's OLS model of the final score on the default
    predictors (:func:`analysis.correlations.model.fit_model`) and the model summary.

    Returns ``(frame + MODEL_COLUMNS, summary)``: ``prediksi_bawah, prediksi_atas`` bound the
    95 % prediction interval and ``penilaian`` is :func:`verdict` of the published final
    against it (above, below or inside); the summary has one row per year
    (``tahun, n_potong_lintang`` = evaluated units, ``rumus, n, r2, r2_adj, sd_residu``
    and ``n_lebih_baik, n_lebih_buruk, n_sesuai_prediksi``, the regencies of each verdict
    (:data:`VERDICT_COUNTS`); no formula when too few units).
    """
    out = frame.copy()
    for c in MODEL_COLUMNS:
        out[c] = np.nan if c != "penilaian" else None
    rows = []
    for year in years:
        cs = cross_section(frame, year)
        row = {"tahun": int(year), "n_potong_lintang": len(cs), "rumus": None, "n": 0,
               "r2": np.nan, "r2_adj": np.nan, "sd_residu": np.nan,
               **{VERDICT_COUNTS[v]: 0 for v in VERDICTS}}
        try:
            res = fit_model(cs, "nilai_final", default_predictors(cs))
        except ValueError:       # too few complete units for the model: no residuals that year
            rows.append(row)
            continue
        d = res.diagnostics
        row.update(rumus=res.formula, n=d["n"], r2=d["r2"], r2_adj=d["r2_adj"],
                   sd_residu=d["residual_sd"])
        rows.append(row)
        fitted = res.data.set_index("kode_kemendagri")
        sel = (out.tahun == year) & out.kode_kemendagri.isin(fitted.index)
        codes = out.loc[sel, "kode_kemendagri"]
        for c in MODEL_COLUMNS[:-1]:
            out.loc[sel, c] = codes.map(fitted[c]).to_numpy()
        out.loc[sel, "penilaian"] = [verdict(*v) for v in out.loc[
            sel, ["nilai_final", "prediksi_bawah", "prediksi_atas"]].to_numpy(float)]
        counts = out.loc[sel, "penilaian"].value_counts()
        row.update({VERDICT_COUNTS[v]: int(counts.get(v, 0)) for v in VERDICTS})
    return out, pd.DataFrame(rows)


def percentile_table(frame: pd.DataFrame, years=YEARS) -> pd.DataFrame:
    """Long ``kode_kemendagri, tahun, variabel, persentil``: every regency's percentile
    (:func:`regency_percentiles`) on each continuous profile variable of each year's
    evaluated cross-section (missing where its own value is missing)."""
    rows = []
    for year in years:
        cs = cross_section(frame, year)
        mine = frame[frame.tahun == year]
        for v in [v for v in profile_variables(cs) if not is_binary(v)]:
            ref = cs[v].to_numpy(float)
            rows += [{"kode_kemendagri": c, "tahun": int(year), "variabel": v,
                      "persentil": percentile_of(x, ref)}
                     for c, x in zip(mine["kode_kemendagri"], mine[v].astype(float))]
    return pd.DataFrame(rows, columns=["kode_kemendagri", "tahun", "variabel", "persentil"])


def index_labels(lang: str = "id") -> dict:
    """Index key → label (Kominfo indices)."""
    return {k: label(k, lang) for k in INDEX_VARS}


__all__ = ["correlations", "survival", "model", "percentile_of", "regency_percentiles",
           "model_tables", "percentile_table", "sample_note", "index_labels"]
