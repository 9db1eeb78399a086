"""Programme × year Gantt-style chart and share of planned programmes running per pillar."""
from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.patches import Patch, Rectangle

from analysis.i18n import COMMON, PILLARS, PILLAR_CODES, texts, tr
from analysis.plots import STYLE, number_axis, plain, year_axis

T = texts("plots.progress")
STATUS_COLORS = {"not_started": "#bdbdbd", "running": "#3182bd", "completed": "#31a354",
                 "delayed": "#fd8d3c", "cancelled": "#de2d26"}


#: Characters of a programme's name a Gantt row shows (cut at a word, with "…").
NAME_WIDTH = 44


def short_name(name, width: int = NAME_WIDTH) -> str:
    """A programme's name for a chart row: whole when it fits, else cut after the last whole
    word that fits, with "…" (a single word longer than ``width`` is cut with "…")."""
    text = " ".join(str(name or "").split())
    if len(text) <= width:
        return text
    cut = text[:width - 1]
    if " " in cut and text[width - 1] != " ":
        cut = cut[:cut.rindex(" ")]
    return cut.rstrip(" ,;:-–") + "…"


def gantt(prog, status, lang: str = "id", illustrative: bool = False, title: str = ""):
    """One row per programme (grouped by pillar): planned span as a grey bar, status per year.

    ``status``: long ``id, year, status, reported`` over the years to draw (the build table
    ``program_status``, :func:`analysis.masterplan.progress.programme_tables`); a status not
    reported that year (carried forward) is drawn faint."""
    order = {p: i for i, p in enumerate(PILLAR_CODES)}
    prog = prog.assign(_o=prog["pillar"].map(order)).sort_values(["_o", "id"])
    years = sorted(int(y) for y in status["year"].unique())
    st = {(i, int(y)): (s if isinstance(s, str) else "")
          for i, y, s in zip(status["id"], status["year"], status["status"])}
    reported = {(i, int(y)) for i, y, r in zip(status["id"], status["year"], status["reported"])
                if r}
    n = len(prog)
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(8.5, 1.6 + 0.22 * n))
    for row, p in enumerate(prog.itertuples()):
        y = n - 1 - row
        lo, hi = max(p.start_year, years[0]), min(p.end_year, years[-1])
        if lo <= hi:
            ax.add_patch(Rectangle((lo - 0.5, y - 0.4), hi - lo + 1, 0.8, color="#eeeeee"))
        for yr in years:
            s = st.get((p.id, yr), "")
            if s:  # a completed/cancelled status carried forward is drawn faint
                ax.add_patch(Rectangle((yr - 0.35, y - 0.28), 0.7, 0.56, color=STATUS_COLORS[s],
                                       alpha=1.0 if (p.id, yr) in reported else 0.3))
    labels = [plain(f"{p.id} {short_name(p.program)}") for p in prog.itertuples()]
    ax.set_yticks(range(n), labels[::-1], fontsize=6.5)
    ax.set_xticks(years, [str(y) for y in years], fontsize=8)
    ax.set_xlim(years[0] - 0.6, years[-1] + 0.6)
    ax.set_ylim(-0.6, n - 0.4)
    bounds = prog["pillar"].tolist()
    for row in range(1, n):
        if bounds[row] != bounds[row - 1]:
            ax.axhline(n - row - 0.5, color="grey", lw=0.6)
    for p in dict.fromkeys(bounds):
        rows = [i for i, b in enumerate(bounds) if b == p]
        ax.text(years[-1] + 0.65, n - 1 - (rows[0] + rows[-1]) / 2,
                PILLARS[p][lang].replace("Smart ", ""), fontsize=7, va="center", ha="left")
    handles = [Patch(color="#eeeeee", label=tr(T, "planned", lang))] + [
        Patch(color=c, label=tr(T, s, lang)) for s, c in STATUS_COLORS.items()]
    ax.legend(handles=handles, fontsize=7, ncol=6, loc="upper center", frameon=False,
              bbox_to_anchor=(0.5, -0.04 - 1.0 / n))
    head = f"{title} — {tr(T, 'gantt', lang)}" if title else tr(T, "gantt", lang)
    if illustrative:
        head += f"\n{tr(COMMON, 'illustrative', lang)}"
    ax.set_title(head, fontsize=10)
    fig.tight_layout()
    return fig


def share_chart(shares, lang: str = "id", illustrative: bool = False):
    """Share of planned programmes running, per pillar (lines) and overall (bold), by year."""
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=(7, 4))
    for key, g in shares.groupby("pillar", sort=False):
        label = PILLARS[key][lang] if key in PILLARS else tr(T, "all", lang)
        ax.plot(g["year"], g["share_pct"], marker="o", lw=3 if key == "all" else 1.2,
                color="black" if key == "all" else None, label=label)
    ax.set_ylim(0, 105)
    ax.set_xticks(sorted(shares["year"].unique()))
    year_axis(ax.xaxis)
    ax.set_ylabel("%")
    number_axis(ax.yaxis, lang)
    ax.legend(fontsize=7, frameon=False, ncol=2)
    title = tr(T, "share", lang)
    if illustrative:
        title += f"\n{tr(COMMON, 'illustrative', lang)}"
    ax.set_title(title, fontsize=10)
    fig.tight_layout()
    return fig
