"""SWOT quadrant chart of the six pillars and the IFAS/EFAS Internal-External (IE) matrix."""
from __future__ import annotations

import matplotlib.pyplot as plt

from analysis.i18n import COMMON, PILLARS, texts, tr
from analysis.plots import STYLE, number_axis

T = texts("plots.swot")
#: Cells of the IE matrix, row by row (EFAS high to low), IFAS strong to weak within a row.
IE_CELLS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX")
_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b")


#: Where a point's label may go (offset in points, alignment), tried in this order.
_OFFSETS = ((6, 6, "left", "bottom"), (-6, 6, "right", "bottom"), (6, -6, "left", "top"),
            (-6, -6, "right", "top"), (0, 9, "center", "bottom"), (0, -9, "center", "top"),
            (10, 0, "left", "center"), (-10, 0, "right", "center"), (14, 16, "left", "bottom"),
            (-14, 16, "right", "bottom"), (14, -16, "left", "top"), (-14, -16, "right", "top"))


def _boxes_overlap(a, b, pad: float = 1.0) -> bool:
    return not (a.x1 + pad < b.x0 or b.x1 + pad < a.x0 or a.y1 + pad < b.y0 or
                b.y1 + pad < a.y0)


def place_labels(fig, ax, points, labels, avoid=()) -> list:
    """Label each point ``(x, y)`` (data coordinates) where its text overlaps no marker, no
    other label, no text in ``avoid`` (e.g. cell numerals) and stays inside the axes: the
    first free place of :data:`_OFFSETS`, else the one with the least overlap. Returns the
    annotations."""
    from matplotlib.transforms import Bbox
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    taken = [t.get_window_extent(renderer) for t in avoid]
    radius = 4 * fig.dpi / 72                                   # a marker's half width
    for x, y in points:
        px, py = ax.transData.transform((x, y))
        taken.append(Bbox.from_extents(px - radius, py - radius, px + radius, py + radius))
    out = []
    for (x, y), text in zip(points, labels):
        best, best_cost = None, None
        for dx, dy, ha, va in _OFFSETS:
            ann = ax.annotate(text, (x, y), textcoords="offset points", xytext=(dx, dy),
                              ha=ha, va=va, fontsize=8, zorder=4)
            box = ann.get_window_extent(renderer)
            outside = not (frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0
                           and box.y1 <= frame.y1)
            cost = sum(_boxes_overlap(box, t) for t in taken) + 10 * outside
            if best is None or cost < best_cost:
                if best is not None:
                    best.remove()
                best, best_cost, best_box = ann, cost, box
            else:
                ann.remove()
            if cost == 0:
                break
        taken.append(best_box)
        out.append(best)
    return out


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
    corner_texts = list(ax.texts)
    for i, r in enumerate(summary.itertuples()):
        ax.scatter(r.x, r.y, s=70, color=_COLORS[i % len(_COLORS)], zorder=3)
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_xlabel(tr(T, "x", lang))
    ax.set_ylabel(tr(T, "y", lang))
    number_axis(ax.xaxis, lang)
    number_axis(ax.yaxis, lang)
    _title(ax, "quad_title", lang, illustrative)
    fig.tight_layout()
    place_labels(fig, ax, list(zip(summary["x"], summary["y"])),
                 [PILLARS[p][lang] for p in summary["pillar"]], corner_texts)
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
            # the cell's numeral in its upper outer corner, clear of the points' labels
            ax.text(x1 - 0.04, y1 - 0.04, cell, ha="left", va="top", fontsize=9,
                    color="#555555", zorder=2)
    numerals = list(ax.texts)
    for i, r in enumerate(summary.itertuples()):
        ax.scatter(r.ifas_total, r.efas_total, s=60, color=_COLORS[i % len(_COLORS)], zorder=3)
    ax.set_xlim(4.0, 1.0)
    ax.set_ylim(1.0, 4.0)
    ax.set_xlabel(tr(T, "ifas", lang))
    ax.set_ylabel(tr(T, "efas", lang))
    number_axis(ax.xaxis, lang)
    number_axis(ax.yaxis, lang)
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in shade.values()]
    ax.legend(handles, [cfg["ie_strategies"][k][lang] for k in shade], fontsize=8,
              loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3, frameon=False)
    _title(ax, "ie_title", lang, illustrative)
    fig.tight_layout()
    place_labels(fig, ax, list(zip(summary["ifas_total"], summary["efas_total"])),
                 [PILLARS[p][lang] for p in summary["pillar"]], numerals)
    return fig
