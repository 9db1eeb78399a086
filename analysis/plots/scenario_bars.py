"""Figure of a what-if scenario: dimension scores and final, baseline against scenario."""
from __future__ import annotations

import numpy as np

from analysis.i18n import fmt_number, texts, tr
from analysis.plots import new_figure, number_axis
from analysis.plots.evaluation import dim_label

T = texts("plots.scenario_bars")


def scenario_bars(base: dict, scenario: dict, name: str, year: int, lang: str = "id"):
    """Grouped bars per dimension (and ``nilai_final``): baseline next to scenario.

    ``base`` and ``scenario`` map dimension codes (and ``nilai_final``) to values, in the order
    to draw; values are labelled with two decimals (three for the final).
    """
    keys = list(base)
    x = np.arange(len(keys))
    fig, ax = new_figure(7.5, 3.8)
    ax.bar(x - 0.2, [base[k] for k in keys], 0.4, label=tr(T, "base", lang), color="#c9c9c9")
    bars = ax.bar(x + 0.2, [scenario[k] for k in keys], 0.4, label=tr(T, "scenario", lang),
                  color="#1f6f8b")
    ax.bar_label(bars, labels=[fmt_number(scenario[k], 3 if k == "nilai_final" else 2, lang)
                               for k in keys], fontsize=8, padding=2)
    ax.set_xticks(x, [dim_label(k, lang) for k in keys])
    ax.set_ylim(0, 4.3)
    ax.axhline(4, color="#888888", lw=0.8, ls=":")
    ax.set_ylabel(tr(T, "score", lang))
    number_axis(ax.yaxis, lang)
    ax.set_title(tr(T, "title", lang).format(name=name, year=year), parse_math=False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2, fontsize=8, frameon=False)
    fig.tight_layout()
    return fig
