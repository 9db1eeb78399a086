"""Figures of the Kominfo evaluation: a regency's dimensions against its peers' median."""
from __future__ import annotations

import numpy as np
from matplotlib.patches import Patch

from analysis.i18n import fmt_number, texts, tr
from analysis.plots import new_figure, number_axis, plain
from analysis.plots.backdrop import Backdrop, figure_over, render

T = texts("plots.evaluation")
#: The evaluation's dimensions and final score as figures and tables name them.
DIM_LABELS = texts("plots.evaluation.dimensions")
MINE, MEDIAN = "#1f6f8b", "#c9c9c9"
#: Margins of :func:`dimensions_vs_peers` (what ``tight_layout`` computes for it, 7.5 x 3.8 in).
MARGINS = {"left": 0.089, "right": 0.98, "bottom": 0.1853, "top": 0.904}


def dim_label(code: str, lang: str = "id") -> str:
    """A dimension's label in ``lang`` (the code itself when it has none)."""
    return tr(DIM_LABELS, code, lang) if code in DIM_LABELS else code


def backdrop_key(year: int, kelompok: str | None, lang: str) -> str:
    """Name of the backdrop of :func:`dimensions_vs_peers` for a year, group and language."""
    return f"dimensi_{int(year)}_{kelompok or 'semua'}_{lang}.png".replace("&", "_")


def _peers(ax, medians, dims: list[str], year: int, lang: str) -> None:
    """What does not depend on the regency: the peers' median bars, ticks, labels, title."""
    x = np.arange(len(dims))
    ax.bar(x + 0.2, [float(medians[d]) for d in dims], 0.4, color=MEDIAN)
    ax.set_xticks(x, [dim_label(d, lang) for d in dims])
    ax.set_xlim(-0.6, len(dims) - 0.4)             # room for the regency's bars (x - 0.2)
    ax.set_ylim(0, 4.3)
    ax.set_ylabel(tr(T, "score", lang))
    number_axis(ax.yaxis, lang)
    ax.set_title(tr(T, "title", lang).format(year=year))


def _regency(ax, row, dims: list[str], name: str, n_peers: int, lang: str) -> None:
    """The regency's bars with their values, and the legend."""
    mine = [float(row[d]) for d in dims]
    bars = ax.bar(np.arange(len(dims)) - 0.2, mine, 0.4, color=MINE)
    ax.bar_label(bars, labels=[fmt_number(v, 2, lang) for v in mine], fontsize=8, padding=2)
    ax.legend(handles=[Patch(color=MINE, label=tr(T, "regency", lang).format(name=plain(name))),
                       Patch(color=MEDIAN, label=tr(T, "median", lang).format(n=n_peers))],
              loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2, fontsize=8,
              frameon=False)


def _figure():
    fig, ax = new_figure(7.5, 3.8)
    # the margins tight_layout finds for this figure whatever the regency, year or language
    # (fixed tick labels, title and legend rows): set directly, no layout pass
    fig.subplots_adjust(**MARGINS)
    return fig, ax


def peers_backdrop(medians, dims: list[str], year: int, lang: str = "id") -> Backdrop:
    """The part of :func:`dimensions_vs_peers` that is the same for every regency of a year,
    group and language (axes, the peers' median bars of ``dims``, labels, title), drawn once."""
    fig, ax = _figure()
    _peers(ax, medians, dims, year, lang)
    return render(fig, ax, meta={"dims": list(dims)})


def dimensions_vs_peers(row, medians, year: int, name: str, n_peers: int, lang: str = "id",
                        backdrop: Backdrop | None = None):
    """Grouped bars: the regency's dimension scores and final next to the peers' median.
    ``backdrop``: :func:`peers_backdrop` of the year, group and language, over which only the
    regency is drawn (not used when it holds other dimensions than the regency has)."""
    dims = [d for d in medians.index if not np.isnan(row.get(d, np.nan))]
    if backdrop is not None and backdrop.meta.get("dims") == dims:
        fig, ax = figure_over(backdrop)
    else:
        fig, ax = _figure()
        _peers(ax, medians, dims, year, lang)
    _regency(ax, row, dims, name, n_peers, lang)
    return fig
