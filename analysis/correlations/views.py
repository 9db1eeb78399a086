"""What ``notebooks/demographic_correlations.ipynb`` shows, one function per notebook section.

Each function displays its heading, tables and figures (Indonesian by default, English with
``lang="en"``) and returns what it showed, so the notebook stays a list of calls. Tables are
shown as the reports show them (:func:`analysis.escape.styled`: one table style, headers in the
language, numbers in its format); the ``*_view`` functions build those tables.
"""
from __future__ import annotations

import re

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

from analysis.correlations.results import SMALL_CROSS_SECTION, model, sample_note, survival
from analysis.correlations.data import (cross_section, index_variables, left_out_notes,
                                        profile_variables)
from analysis.correlations.model import diagnostics_table
from analysis.correlations.stats import MIN_N
from analysis.escape import styled
from analysis.evaluation import YEARS
from analysis.i18n import COMMON, texts, tr
from analysis.plots import correlations as cplots
from analysis.variable_labels import READINESS_PREFIX, controls_label, label

T = texts("correlations.views")


def _show(fig) -> None:
    display(fig)
    plt.close(fig)


def _headed(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``df`` with its column names (and index name) as the catalogue's headers in ``lang``."""
    out = df.rename(columns=lambda c: tr(T, f"col_{c}", lang))
    out.index.name = tr(T, f"col_{df.index.name}", lang) if df.index.name else None
    return out


def raw_view(raw: pd.DataFrame, year: int, method: str = "spearman", y: str = "nilai_final",
             lang: str = "id"):
    """The year's correlations with ``y`` as a table (variable, n, estimate, 95 % CI, p,
    BH-adjusted p, small sample)."""
    t = raw[(raw.tahun == year) & (raw.method == method) & (raw.y == y)]
    t = t[["x", "n", "estimate", "ci_low", "ci_high", "p", "p_adj", "small_sample"]].copy()
    t["x"] = t["x"].map(lambda v: label(v, lang))
    return styled(_headed(t.set_index("x"), lang), lang=lang, decimals=3)


def partial_view(surv: pd.DataFrame, lang: str = "id"):
    """Raw against partial correlations (:func:`~analysis.correlations.results.survival`)."""
    shown = surv[["x", "estimate_raw", "ci_low_raw", "ci_high_raw", "estimate_partial",
                  "ci_low_partial", "ci_high_partial", "p_adj_partial", "share_kept"]].copy()
    shown["x"] = shown["x"].map(lambda v: label(v, lang))
    return styled(_headed(shown.set_index("x"), lang), lang=lang, decimals=3)


def term_label(term: str, lang: str = "id") -> str:
    """A model term for reading: the intercept named, ``np.log(x)`` as log of x's label."""
    if term == "Intercept":
        return tr(T, "intercept", lang)
    m = re.fullmatch(r"np\.log\((\w+)\)", term)
    return f"log {label(m.group(1), lang)}" if m else label(term, lang)


def coefficients_view(res, lang: str = "id"):
    """The OLS coefficients with HC3 standard errors and 95 % intervals."""
    coefs = res.coefficients.copy()
    coefs["term"] = coefs["term"].map(lambda v: term_label(v, lang))
    return styled(_headed(coefs.set_index("term"), lang), lang=lang, decimals=4)


def vif_view(res, lang: str = "id"):
    """The variance inflation factor of each predictor."""
    vif = res.vif.copy()
    vif["term"] = vif["term"].map(lambda v: term_label(v, lang))
    return styled(_headed(vif.set_index("term"), lang), lang=lang, decimals=2)


def diagnostics_view(res, lang: str = "id"):
    """The residual diagnostics (:func:`~analysis.correlations.model.diagnostics_table`); the
    sample size as a whole number."""
    diag = diagnostics_table(res, lang)
    values = [int(v) if name == "n" else v for name, v in diag.itertuples(index=False)]
    diag = diag.assign(**{diag.columns[1]: pd.Series(values, dtype=object)})
    return styled(diag.set_index(diag.columns[0]), lang=lang, decimals=4)


def show_overview(frame: pd.DataFrame, lang: str = "id") -> dict:
    """Sample size per year, small-sample notes and whether readiness pillars are present."""
    display(Markdown(f"## {tr(T, 'overview', lang)}"))
    sizes = {y: len(cross_section(frame, y)) for y in YEARS}
    display(Markdown(tr(T, "sizes", lang).format(
        sizes="; ".join(f"{y}: n = {n}" for y, n in sizes.items()), min_n=MIN_N)))
    for y, n in sizes.items():
        note = sample_note(n, y, lang)
        if note:
            display(Markdown(f"**{note}**"))
    for note in left_out_notes(frame, lang):
        display(Markdown(note))
    ready = [c for c in frame.columns if c.startswith(READINESS_PREFIX)]
    if ready:
        display(Markdown(tr(T, "readiness", lang).format(cols=", ".join(label(c, lang)
                                                                       for c in ready))))
        if frame.attrs.get("readiness_illustrative"):
            display(Markdown(f"**{tr(COMMON, 'illustrative', lang)}**"))
    else:
        display(Markdown(tr(T, "no_readiness", lang)))
    return {"n": sizes, "readiness": ready, "small_cross_section": SMALL_CROSS_SECTION}


def show_raw(raw: pd.DataFrame, year: int, method: str = "spearman", y: str = "nilai_final",
             lang: str = "id", illustrative: bool = False) -> pd.DataFrame:
    """Heat map of the year's raw correlations and the table of correlations with ``y``."""
    display(Markdown(f"## {tr(T, 'raw', lang).format(method=method.capitalize(), year=year)}"))
    ready = raw["y"].str.startswith(READINESS_PREFIX)
    _show(cplots.heatmap(raw[~ready], year, method, lang))
    if ready.any():  # readiness pillars apart: their data may be illustrative
        display(Markdown(f"**{tr(COMMON, 'illustrative', lang)}**" if illustrative else ""))
        _show(cplots.heatmap(raw[ready], year, method, lang, illustrative))
    t = raw[(raw.tahun == year) & (raw.method == method) & (raw.y == y)]
    t = t[["x", "n", "estimate", "ci_low", "ci_high", "p", "p_adj", "small_sample"]].copy()
    display(Markdown(tr(T, "raw_table", lang).format(y=label(y, lang))))
    display(raw_view(raw, year, method, y, lang))
    return t


def show_partial(raw: pd.DataFrame, partial: pd.DataFrame, year: int, method: str = "spearman",
                 y: str = "nilai_final", lang: str = "id") -> pd.DataFrame:
    """Raw against partial correlations with ``y``: the survival table and plot."""
    surv = survival(raw, partial, y, method, year)
    ctl = surv["controls"].iloc[0] if len(surv) else ""
    display(Markdown(f"## {tr(T, 'partial', lang).format(c=controls_label(ctl, lang), year=year)}"))
    display(Markdown(tr(T, "partial_expl", lang)))
    _show(cplots.survival_plot(surv, y, method, year, lang))
    display(partial_view(surv, lang))
    return surv


def show_model(frame: pd.DataFrame, year: int, y: str = "nilai_final", highlight: str | None = None,
               lang: str = "id"):
    """The OLS model: coefficients, VIF, diagnostics, residual plots, observed vs predicted."""
    res = model(frame, year=year, y=y)
    display(Markdown(f"## {tr(T, 'model', lang).format(y=label(y, lang), year=year)}"))
    display(Markdown(f"`{res.formula}`"))
    note = sample_note(res.diagnostics["n"], year, lang)
    if note:
        display(Markdown(f"**{note}**"))
    display(coefficients_view(res, lang))
    display(Markdown(tr(T, "vif", lang)))
    display(vif_view(res, lang))
    display(Markdown(tr(T, "diag", lang)))
    display(diagnostics_view(res, lang))
    _show(cplots.residual_plot(res, lang))
    _show(cplots.observed_vs_predicted(res, highlight, year, lang))
    return res


def show_scatter(frame: pd.DataFrame, x: str, y: str, year: int, highlight: str | None = None,
                 lang: str = "id", seed: int = 0, n_boot: int = 1000) -> int:
    """One scatter plot with its regression line and bootstrap band; returns n."""
    cs = cross_section(frame, year)
    if x not in profile_variables(cs) or y not in index_variables(cs):
        raise ValueError(f"{x!r} × {y!r} is not available in {year}")
    display(Markdown(f"### {tr(T, 'scatter', lang)}: {label(y, lang)} × {label(x, lang)}"))
    ill = y.startswith(READINESS_PREFIX) and bool(frame.attrs.get("readiness_illustrative"))
    _show(cplots.scatter(cs, x, y, highlight, year, lang, seed, n_boot, illustrative=ill))
    return int(cs[[x, y]].dropna().shape[0])
