"""Figures of the uncertainty and sensitivity analysis: rank intervals and Sobol indices.

Inputs are the tables of :mod:`analysis.index.uncertainty` (``rank_intervals`` /
``UncertaintyResult.rank_table()`` and ``UncertaintyResult.sensitivity_table()``). Labels in
Indonesian (default) or English; ``illustrative=True`` stamps the figure as illustrative data.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.i18n import check_lang, texts, tr
from analysis.plots import illustrative_note, new_figure, number_axis, plain

T = texts("plots.uncertainty_sensitivity")
INPUT_LABELS = texts("plots.uncertainty_sensitivity.input_labels")


def rank_interval_plot(table: pd.DataFrame, lang: str = "id", highlight=None,
                       label_col: str | None = None, max_labels: int = 40,
                       illustrative: bool = False, title: str | None = None):
    """Per unit the 5–95 % rank interval (bar), median (dot) and nominal rank (cross).

    ``table``: columns unit, nominal_rank, median_rank, p05_rank, p95_rank (e.g. from
    :func:`analysis.index.uncertainty.rank_intervals`). Units are ordered by nominal rank; with
    at most ``max_labels`` units the axis names them (``label_col`` if given, else ``unit``).
    ``highlight``: unit codes drawn in a contrasting colour and named.
    """
    check_lang(lang)
    t = table.dropna(subset=["nominal_rank"]).sort_values(["nominal_rank", "median_rank"])
    t = t.reset_index(drop=True)
    x = np.arange(len(t))
    hl = t["unit"].astype(str).isin([str(u) for u in (highlight or [])]).to_numpy()
    fig, ax = new_figure(max(6.0, min(14.0, 0.22 * len(t))), 4.4)
    lo, hi = t["p05_rank"].to_numpy(float), t["p95_rank"].to_numpy(float)
    ax.vlines(x, lo, hi, color=np.where(hl, "#d1495b", "#8fb8cf"), lw=2.2 if len(t) <= 80 else 0.8,
              label=tr(T, "interval", lang))
    size = 12 if len(t) <= 80 else 3
    ax.scatter(x, t["median_rank"], s=size, color="#1f4e79", zorder=3,
               label=tr(T, "median", lang))
    ax.scatter(x, t["nominal_rank"], s=size + 2, marker="x", color="#222222", zorder=4,
               label=tr(T, "nominal", lang))
    labels = t[label_col if label_col and label_col in t else "unit"].map(plain)
    if len(t) <= max_labels:
        ax.set_xticks(x, labels, rotation=90, fontsize=7)
    else:
        ax.set_xticks([])
    for i in np.flatnonzero(hl):
        ax.annotate(labels.iloc[i], (x[i], lo[i]), xytext=(0, 6), textcoords="offset points",
                    ha="center", va="bottom", fontsize=8, color="#d1495b")
    ax.invert_yaxis()
    ax.set_ylabel(tr(T, "rank", lang))
    number_axis(ax.yaxis, lang)
    ax.set_xlabel(tr(T, "units", lang))
    ax.set_title(title or tr(T, "intervals", lang), fontsize=10)
    ax.legend(fontsize=8, frameon=False, loc="upper right")
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    illustrative_note(fig, lang, illustrative)
    return fig


def sensitivity_plot(table: pd.DataFrame, lang: str = "id", output: str = "mean_abs_rank_shift",
                     unit: str | None = None, illustrative: bool = False):
    """Bars of S1 and ST per input with their bootstrap confidence intervals.

    ``output``: ``mean_abs_rank_shift`` (default) or ``rank`` with ``unit`` a unit code.
    """
    check_lang(lang)
    t = table[table["output"] == output]
    if output == "rank":
        t = t[t["unit"].astype(str) == str(unit)]
    if t.empty:
        raise ValueError(f"no sensitivity rows for output {output!r}"
                         + (f", unit {unit!r}" if unit else ""))
    x = np.arange(len(t))
    fig, ax = new_figure(6.5, 3.8)
    for off, key, colour in ((-0.18, "S1", "#8fb8cf"), (0.18, "ST", "#1f4e79")):
        v = t[key].to_numpy(float)
        err = np.vstack([v - t[f"{key}_low"].to_numpy(float), t[f"{key}_high"].to_numpy(float) - v])
        ax.bar(x + off, v, width=0.36, color=colour, label=tr(T, key, lang))
        ax.errorbar(x + off, v, yerr=np.clip(err, 0, None), fmt="none", ecolor="#444444", lw=1,
                    capsize=3)
    ax.set_xticks(x, [INPUT_LABELS.get(n, {}).get(lang, n) for n in t["input"]], fontsize=8)
    ax.axhline(0, color="#999999", lw=0.8)
    ax.set_ylabel(tr(T, "index", lang))
    number_axis(ax.yaxis, lang)
    ax.set_xlabel(tr(T, "input", lang))
    ttl = (tr(T, "sobol", lang) if output != "rank"
           else tr(T, "sobol_unit", lang).format(unit=unit))
    ax.set_title(ttl, fontsize=10)
    ax.legend(fontsize=8, frameon=False)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    illustrative_note(fig, lang, illustrative)
    return fig
