"""Risk heat maps (inherent vs residual) and risk profiles per pillar."""
from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.patches import Rectangle

from analysis.i18n import COMMON, PILLARS, texts, tr
from analysis.plots import STYLE

T = texts("plots.risk")


def _grid(ax, counts, sc, col: str, lang: str, row_labels: bool = True) -> None:
    """One matrix; ``row_labels``: the likelihood names and axis label (the left matrix only:
    both matrices share their rows, and the right one's labels would run into the left)."""
    n = sc.max_level
    for r in counts.itertuples():
        x, y = r.impact - 1, r.likelihood - 1
        ax.add_patch(Rectangle((x, y), 1, 1, facecolor=sc.color(r.level), edgecolor="white", lw=2))
        ax.text(x + 0.92, y + 0.1, str(r.magnitude), ha="right", va="bottom", fontsize=7,
                color="#333333")
        k = getattr(r, col)
        if k:
            ax.text(x + 0.5, y + 0.5, str(k), ha="center", va="center", fontsize=14,
                    fontweight="bold")
    ax.set_xlim(0, n)
    ax.set_ylim(0, n)
    ticks = [i + 0.5 for i in range(n)]
    ax.set_xticks(ticks, [f"{i}\n" + sc.labels["impact"][i][lang].replace(" ", "\n", 1)
                          for i in range(1, n + 1)], fontsize=7)
    ax.set_yticks(ticks, [f"{sc.labels['likelihood'][i][lang]} {i}" if row_labels else str(i)
                          for i in range(1, n + 1)], fontsize=7)
    ax.set_xlabel(tr(T, "impact", lang))
    if row_labels:
        ax.set_ylabel(tr(T, "likelihood", lang))
    ax.set_aspect("equal")


def heatmap_pair(counts, sc, lang: str = "id", title: str = "", illustrative: bool = False,
                 missing: int = 0):
    """Inherent and residual risk matrices side by side, cells coloured by level, with counts.

    ``counts``: one row per cell (:func:`analysis.masterplan.risk.matrix_counts`); ``sc``: the
    scale (labels, bands, colours); ``missing``: risks without a residual assessment."""
    with plt.rc_context(STYLE):
        fig, axes = plt.subplots(1, 2, figsize=(11, 5.2))
    for ax, col in zip(axes, ("inherent", "residual")):
        _grid(ax, counts, sc, col, lang, row_labels=col == "inherent")
        ax_title = tr(T, col, lang)
        if col == "residual" and missing:
            ax_title += "\n(" + tr(T, "not_assessed", lang).format(n=missing) + ")"
        ax.set_title(ax_title, fontsize=10)
    head = f"{title} — {sc.labels['name'][lang]}" if title else sc.labels["name"][lang]
    if illustrative:
        head += f"\n{tr(COMMON, 'illustrative', lang)}"
    handles = [Rectangle((0, 0), 1, 1, color=b["color"]) for b in sc.bands]
    fig.legend(handles, [f"{b[lang]} ({b['min']}–{b['max']})" for b in sc.bands],
               loc="lower center", ncol=len(sc.bands), fontsize=8, frameon=False)
    fig.suptitle(head, fontsize=11)
    fig.text(0.5, 0.075, tr(T, "count", lang), ha="center", fontsize=8, color="#555555")
    fig.subplots_adjust(bottom=0.26, top=0.84, wspace=0.12)
    return fig


def profile_chart(prof, sc, lang: str = "id", illustrative: bool = False):
    """Stacked bars: inherent risks per pillar, split by level (``prof``: the risk profile per
    pillar, :func:`analysis.masterplan.risk.profile`)."""
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(7, 3.8))
    left = [0] * len(prof)
    labels = [PILLARS[p][lang] for p in prof["pillar"]]
    for b in sc.bands:
        vals = prof[f"n_{b['code']}"].tolist()
        ax.barh(labels, vals, left=left, color=b["color"], label=b[lang])
        left = [a + v for a, v in zip(left, vals)]
    ax.invert_yaxis()
    ax.set_xlabel(tr(T, "n", lang))
    ax.legend(fontsize=8, frameon=False, loc="lower right")
    title = tr(T, "profile", lang)
    if illustrative:
        title += f"\n{tr(COMMON, 'illustrative', lang)}"
    ax.set_title(title, fontsize=10)
    fig.tight_layout()
    return fig
