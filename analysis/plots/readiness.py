"""Figures of the pillar readiness index: radar per regency, pillar × element heat map,
maturity distribution. Every figure built from the shipped assessments says they are
ILLUSTRATIVE (``illustrative=True``, the default)."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from analysis.i18n import PILLARS, fmt_number, texts, tr
from analysis.plots import illustrative_note, STYLE, new_figure, number_axis, plain

T = texts("plots.readiness")
ELEMENT_LABELS = texts("plots.readiness.element_labels")


def pillar_label(code: str, lang: str = "id") -> str:
    return PILLARS.get(code, {}).get(lang, code)


def readiness_radar(values, lang: str = "id", title: str = "", compare=None,
                    illustrative: bool = True):
    """Radar of the six pillar indices (Series indexed by pillar code); ``compare`` (same
    index) is drawn dashed, e.g. the median of all regencies."""
    codes = [p for p in PILLARS if p in values.index]
    ang = np.linspace(0, 2 * np.pi, len(codes), endpoint=False)
    closed = np.append(ang, ang[0])
    with plt.rc_context(STYLE):
        fig = plt.figure(figsize=(5.6, 5.8))
        ax = fig.add_subplot(projection="polar")
    v = np.array([float(values[p]) for p in codes])
    ax.plot(closed, np.append(v, v[0]), color="#1f6f8b", lw=2, label=title or None)
    ax.fill(closed, np.append(v, v[0]), color="#1f6f8b", alpha=0.2)
    if compare is not None:
        c = np.array([float(compare[p]) for p in codes])
        ax.plot(closed, np.append(c, c[0]), color="#777777", lw=1.2, ls="--",
                label=tr(T, "median", lang))
    ax.set_xticks(ang, [pillar_label(p, lang).replace("Smart ", "Smart\n") for p in codes],
                  fontsize=8)
    ax.set_ylim(0, 100)
    ax.set_yticks([20, 40, 60, 80, 100], ["20", "40", "60", "80", "100"], fontsize=7)
    ax.set_title(tr(T, "radar", lang) + (f"\n{plain(title)}" if title else ""), fontsize=10)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.06), ncol=2, fontsize=8, frameon=False)
    illustrative_note(fig, lang, illustrative)
    return fig


def grid_heatmap(matrix, lang: str = "id", title: str = "", illustrative: bool = True):
    """Heat map of a pillar × element matrix (rows pillar codes, columns element codes)."""
    fig, ax = new_figure(6.0, 4.4)
    data = matrix.to_numpy(float)
    im = ax.imshow(data, cmap="YlGnBu", vmin=0, vmax=100, aspect="auto")
    ax.set_xticks(range(data.shape[1]),
                  [ELEMENT_LABELS.get(e, {}).get(lang, e) for e in matrix.columns])
    ax.set_yticks(range(data.shape[0]), [pillar_label(p, lang) for p in matrix.index])
    for i in range(data.shape[0]):
        for j in range(data.shape[1]):
            if not np.isnan(data[i, j]):
                ax.text(j, i, fmt_number(data[i, j], 1, lang), ha="center",
                        va="center", fontsize=9, color="white" if data[i, j] > 60 else "black")
    ax.set_xlabel(tr(T, "element", lang))
    ax.set_title(tr(T, "heat", lang) + (f" — {plain(title)}" if title else ""), fontsize=10)
    number_axis(fig.colorbar(im, ax=ax, fraction=0.04).ax.yaxis, lang)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    illustrative_note(fig, lang, illustrative)
    return fig


def maturity_bars(levels, labels: dict, lang: str = "id", illustrative: bool = True):
    """Bar chart of how many regencies sit at each maturity level (``levels``: Series 1–5;
    ``labels``: level -> name)."""
    fig, ax = new_figure(6.0, 3.4)
    counts = levels.value_counts().reindex(range(1, 6), fill_value=0)
    bars = ax.bar([f"{k}\n{labels[k]}" for k in counts.index], counts.to_numpy(), color="#1f6f8b")
    ax.bar_label(bars, labels=[fmt_number(v, 0, lang) for v in counts], fontsize=8, padding=2)
    ax.set_ylabel(tr(T, "n", lang))
    number_axis(ax.yaxis, lang)
    ax.set_title(tr(T, "levels", lang), fontsize=10)
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    illustrative_note(fig, lang, illustrative)
    return fig
