"""Figures of the Kominfo evaluation: a regency's dimensions against its peers' median."""
from __future__ import annotations

import numpy as np

from analysis.i18n import texts, tr
from analysis.plots import new_figure, plain

T = texts("plots.evaluation")
DIM_LABELS = {"baseline": "Baseline", "output": "Output", "outcome": "Outcome", "impact": "Impact",
              "quick_win": "Quick Win", "kolaborasi": "Kolaborasi", "nilai_final": "Nilai Final"}
DIM_LABELS_EN = {**DIM_LABELS, "kolaborasi": "Collaboration", "nilai_final": "Final score"}
#: Margins of :func:`dimensions_vs_peers` (what ``tight_layout`` computes for it, 7.5 x 3.8 in).
MARGINS = {"left": 0.089, "right": 0.98, "bottom": 0.1853, "top": 0.904}


def dim_label(code: str, lang: str = "id") -> str:
    return (DIM_LABELS_EN if lang == "en" else DIM_LABELS).get(code, code)


def dimensions_vs_peers(row, medians, year: int, name: str, n_peers: int, lang: str = "id"):
    """Grouped bars: the regency's dimension scores and final next to the peers' median."""
    dims = [d for d in medians.index if not np.isnan(row.get(d, np.nan))]
    fig, ax = new_figure(7.5, 3.8)
    x = np.arange(len(dims))
    mine = [float(row[d]) for d in dims]
    med = [float(medians[d]) for d in dims]
    b1 = ax.bar(x - 0.2, mine, 0.4, label=tr(T, "regency", lang).format(name=plain(name)),
                color="#1f6f8b")
    ax.bar(x + 0.2, med, 0.4, label=tr(T, "median", lang).format(n=n_peers), color="#c9c9c9")
    ax.bar_label(b1, labels=[f"{v:.2f}" for v in mine], fontsize=8, padding=2)
    ax.set_xticks(x, [dim_label(d, lang) for d in dims])
    ax.set_ylim(0, 4.3)
    ax.set_ylabel(tr(T, "score", lang))
    ax.set_title(tr(T, "title", lang).format(year=year))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2, fontsize=8, frameon=False)
    # the margins tight_layout finds for this figure whatever the regency, year or language
    # (fixed tick labels, title and legend rows): set directly, no layout pass
    fig.subplots_adjust(**MARGINS)
    return fig
