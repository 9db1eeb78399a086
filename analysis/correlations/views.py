"""What ``notebooks/demographic_correlations.ipynb`` shows, one function per notebook section.

Each function displays its heading, tables and figures (Indonesian by default, English with
``lang="en"``) and returns what it showed, so the notebook stays a list of calls.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

from analysis.correlations.results import SMALL_CROSS_SECTION, model, sample_note, survival
from analysis.correlations.data import (cross_section, index_variables, left_out_notes,
                                        profile_variables)
from analysis.correlations.model import diagnostics_table
from analysis.correlations.stats import MIN_N
from analysis.evaluation import YEARS
from analysis.i18n import COMMON, texts, tr
from analysis.plots import correlations as cplots
from analysis.variable_labels import READINESS_PREFIX, controls_label, label

T = texts("correlations.views")


def _show(fig) -> None:
    display(fig)
    plt.close(fig)


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
    t["x"] = t["x"].map(lambda v: label(v, lang))
    display(Markdown(tr(T, "raw_table", lang).format(y=label(y, lang))))
    display(t.set_index("x").round(3))
    return t


def show_partial(raw: pd.DataFrame, partial: pd.DataFrame, year: int, method: str = "spearman",
                 y: str = "nilai_final", lang: str = "id") -> pd.DataFrame:
    """Raw against partial correlations with ``y``: the survival table and plot."""
    surv = survival(raw, partial, y, method, year)
    ctl = surv["controls"].iloc[0] if len(surv) else ""
    display(Markdown(f"## {tr(T, 'partial', lang).format(c=controls_label(ctl, lang), year=year)}"))
    display(Markdown(tr(T, "partial_expl", lang)))
    _show(cplots.survival_plot(surv, y, method, year, lang))
    shown = surv[["x", "estimate_raw", "ci_low_raw", "ci_high_raw", "estimate_partial",
                  "ci_low_partial", "ci_high_partial", "p_adj_partial", "share_kept"]].copy()
    shown["x"] = shown["x"].map(lambda v: label(v, lang))
    display(shown.set_index("x").round(3))
    return surv


def show_model(frame: pd.DataFrame, year: int, y: str = "nilai_final", highlight: str | None = None,
               lang: str = "id"):
    """The OLS model: coefficients, VIF, diagnostics, residual plots, observed vs predicted."""
    res = model(year=year, y=y, frame=frame)
    display(Markdown(f"## {tr(T, 'model', lang).format(y=label(y, lang), year=year)}"))
    display(Markdown(f"`{res.formula}`"))
    note = sample_note(res.diagnostics["n"], year, lang)
    if note:
        display(Markdown(f"**{note}**"))
    display(res.coefficients.set_index("term").round(4))
    display(Markdown(tr(T, "vif", lang)))
    display(res.vif.set_index("term").round(2))
    display(Markdown(tr(T, "diag", lang)))
    diag = diagnostics_table(res, lang)
    display(diag.set_index(diag.columns[0]).round(4))
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
