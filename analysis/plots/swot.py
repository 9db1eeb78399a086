"""SWOT quadrant chart of the six pillars and the IFAS/EFAS Internal-External (IE) matrix."""
from __future__ import annotations

import matplotlib.pyplot as plt

from analysis.i18n import COMMON, PILLARS, texts, tr
from analysis.plots import STYLE

T = texts("plots.swot")
#: Cells of the IE matrix, row by row (EFAS high to low), IFAS strong to weak within a row.
IE_CELLS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX")
_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b")


def _title(ax, key, lang, illustrative):
    t = tr(T, key, lang)
    ax.set_title(t + (f"\n{tr(COMMON, 'illustrative', lang)}" if illustrative else ""), fontsize=10)


def quadrant_chart(summary, settings: dict, lang: str = "id", illustrative: bool = False):
    """Each pillar at (x, y) = (S − W, O − T) with the four strategy quadrants labelled
    (``settings``: the ``swot`` settings, :func:`analysis.masterplan.swot.load_settings`)."""
    quads = settings["quadrants"]
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(7, 6))
    lim = max(0.5, float(summary[["x", "y"]].abs().max().max()) * 1.3)
    ax.axhline(0, color="grey", lw=1)
    ax.axvline(0, color="grey", lw=1)
    corners = {"I": (1, 1), "II": (1, -1), "III": (-1, 1), "IV": (-1, -1)}
    for q, (sx, sy) in corners.items():
        ax.text(sx * lim * 0.95, sy * lim * 0.95, f"{q}: {quads[q][lang]}", fontsize=8,
                ha="right" if sx > 0 else "left", va="top" if sy > 0 else "bottom", color="#555555")
    for i, r in enumerate(summary.itertuples()):
        ax.scatter(r.x, r.y, s=70, color=_COLORS[i % len(_COLORS)], zorder=3)
        ax.annotate(PILLARS[r.pillar][lang], (r.x, r.y), textcoords="offset points", xytext=(6, 6),
                    fontsize=8)
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_xlabel(tr(T, "x", lang))
    ax.set_ylabel(tr(T, "y", lang))
    _title(ax, "quad_title", lang, illustrative)
    fig.tight_layout()
    return fig


def ie_chart(summary, settings: dict, lang: str = "id", illustrative: bool = False):
    """The 3 × 3 IE matrix (IFAS 4 → 1 left to right, EFAS 1 → 4 bottom to top) with pillars
    (``settings``: the ``swot`` settings: splits, strategies and their cells)."""
    cfg = settings
    strategy_of = {c: k for k, s in cfg["ie_strategies"].items() for c in s["cells"]}
    lo, hi = cfg["ie_splits"]
    shade = {"grow_and_build": "#d9f0d3", "hold_and_maintain": "#fff7bc",
             "harvest_or_divest": "#fddbc7"}
    edges = [4.0, hi, lo, 1.0]
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(7, 6))
    for row in range(3):  # row 0 = EFAS high
        for col in range(3):  # col 0 = IFAS strong
            cell = IE_CELLS[3 * row + col]
            x0, x1 = edges[col + 1], edges[col]
            y0, y1 = edges[row + 1], edges[row]
            ax.fill_between([x0, x1], y0, y1, color=shade[strategy_of[cell]], edgecolor="white")
            ax.text((x0 + x1) / 2, y1 - 0.08, cell, ha="center", va="top", fontsize=9,
                    color="#555555")
    for i, r in enumerate(summary.itertuples()):
        ax.scatter(r.ifas_total, r.efas_total, s=60, color=_COLORS[i % len(_COLORS)], zorder=3)
        ax.annotate(PILLARS[r.pillar][lang], (r.ifas_total, r.efas_total),
                    textcoords="offset points", xytext=(5, 5), fontsize=8)
    ax.set_xlim(4.0, 1.0)
    ax.set_ylim(1.0, 4.0)
    ax.set_xlabel(tr(T, "ifas", lang))
    ax.set_ylabel(tr(T, "efas", lang))
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in shade.values()]
    ax.legend(handles, [cfg["ie_strategies"][k][lang] for k in shade], fontsize=8,
              loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3, frameon=False)
    _title(ax, "ie_title", lang, illustrative)
    fig.tight_layout()
    return fig
