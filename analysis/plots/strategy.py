"""The roadmap chart (*peta jalan*) as inline SVG (no drawing library, see
:mod:`analysis.plots.svgchart`): the programmes still to run from the planning year in lanes by
term (short, medium, long, beyond), one bar per programme over its planned years coloured by
pillar, and below them the planned budget per year stacked by pillar.

Inputs are the frames of :mod:`analysis.strategy.roadmap` (``roadmap_programmes`` and
``roadmap``). Every text from data (codes, names) is escaped; numbers are in the reader's
format (:func:`analysis.i18n.fmt_number`).
"""
from __future__ import annotations

import html

import pandas as pd

from analysis.i18n import PILLARS, PILLAR_CODES, fmt_number, texts, tr
from analysis.plots.progress import short_name
from analysis.plots.svgchart import FONT, nice_ticks

T = texts("plots.strategy")
#: One colour per pillar (Okabe–Ito, readable with colour-vision deficiencies).
PILLAR_COLORS = {"governance": "#0072B2", "branding": "#E69F00", "economy": "#009E73",
                 "living": "#CC79A7", "society": "#56B4E9", "environment": "#D55E00"}
WIDTH, LABEL_W, RIGHT = 760, 270, 14
ROW, HEAD, BUDGET_H = 13, 20, 150
#: At most this many years after the planning year are drawn (a later end is cut, marked ›).
MAX_YEARS = 12


def _text(x, y, s, anchor="start", extra="") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" style="{FONT}{extra}">'
            f"{html.escape(str(s))}</text>")


def roadmap_svg(road: pd.DataFrame, budget: pd.DataFrame, year: int, lang: str = "id",
                title: str = "", illustrative: bool = False) -> str:
    """The roadmap of one regency as an ``<svg>``: ``road`` (kode_program, program, pilar,
    jangka, tahun_mulai, tahun_selesai, peringkat) and ``budget`` (pilar, tahun, anggaran) from
    the planning ``year`` on; empty lanes are left out."""
    if road.empty:
        return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="30">'
                + _text(6, 18, tr(T, "empty", lang)) + "</svg>")
    last = min(int(road["tahun_selesai"].max()), int(year) + MAX_YEARS)
    years = list(range(int(year), last + 1))
    col = (WIDTH - LABEL_W - RIGHT) / len(years)

    def px(y: float) -> float:
        return LABEL_W + (y - int(year)) * col

    terms = list(dict.fromkeys(road["jangka"]))
    n_rows = len(road) + len(terms)
    top = 40
    lanes_h = n_rows * ROW + len(terms) * (HEAD - ROW)
    b_top = top + lanes_h + 34
    height = b_top + BUDGET_H + 58
    head = tr(T, "title", lang).format(year=year) + (f" — {title}" if title else "")
    if illustrative:
        head += f" ({tr(T, 'illustrative', lang)})"
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height:.0f}" '
           f'viewBox="0 0 {WIDTH} {height:.0f}" role="img" aria-label="{html.escape(head)}">',
           _text(WIDTH / 2, 16, head, "middle", ";font-size:12px;font-weight:bold")]
    for y in years:                                    # year columns and labels
        out.append(f'<rect x="{px(y):.1f}" y="{top - 4}" width="{col:.1f}" '
                   f'height="{lanes_h + 4}" fill="{"#f6f6f6" if (y - year) % 2 else "#fff"}"/>')
        out.append(_text(px(y) + col / 2, top - 8, y, "middle", ";font-size:10px"))
    yy = top
    for term in terms:
        lane = road[road["jangka"] == term]
        yy += HEAD - 4
        out.append(_text(4, yy, tr(T, f"term_{term}", lang).format(n=len(lane)), "start",
                         ";font-weight:bold"))
        yy += 4
        for r in lane.itertuples():
            yy += ROW
            label = f"{r.kode_program} {short_name(r.program, 30)}"
            out.append(_text(LABEL_W - 6, yy - 2, label, "end", ";font-size:10px"))
            a, b = max(int(r.tahun_mulai), int(year)), min(int(r.tahun_selesai), last)
            color = PILLAR_COLORS.get(r.pilar, "#777")
            tip = (f"{r.kode_program} {r.program}: {PILLARS.get(r.pilar, {}).get(lang, r.pilar)}"
                   f", {int(r.tahun_mulai)}–{int(r.tahun_selesai)}")
            if not pd.isna(r.peringkat):
                tip += f"; {tr(T, 'rank', lang)} {int(r.peringkat)}"
            out.append(f'<rect x="{px(a) + 1:.1f}" y="{yy - 10:.1f}" '
                       f'width="{(b - a + 1) * col - 2:.1f}" height="9" fill="{color}">'
                       f"<title>{html.escape(tip)}</title></rect>")
            if int(r.tahun_selesai) > last:
                out.append(_text(px(b) + col - 1, yy - 2, "›", "end", ";font-size:10px"))
    out.append(_budget(budget, years, px, col, b_top, lang))
    out.append(_legend(height - 14, lang))
    return "".join(out) + "</svg>"


def _budget(budget: pd.DataFrame, years: list[int], px, col: float, top: float,
            lang: str) -> str:
    """Stacked bars of the planned budget per year by pillar, with a y axis."""
    per = budget[budget["tahun"].isin(years)].groupby(["tahun", "pilar"])["anggaran"].sum(
        min_count=1)
    totals = per.groupby(level=0).sum()
    out = [_text(4, top - 10, tr(T, "budget", lang), "start", ";font-weight:bold")]
    if totals.empty or not totals.max() > 0:
        return "".join(out)
    ticks = nice_ticks(0.0, float(totals.max()))
    hi = ticks[-1]

    def py(v: float) -> float:
        return top + BUDGET_H - v / hi * BUDGET_H

    for t in ticks:
        out.append(f'<line x1="{px(years[0]):.1f}" x2="{px(years[-1]) + col:.1f}" '
                   f'y1="{py(t):.1f}" y2="{py(t):.1f}" stroke="#e4e4e4"/>')
        out.append(_text(px(years[0]) - 4, py(t) + 4, fmt_number(t, 0, lang), "end",
                         ";font-size:10px"))
    for y in years:
        base = 0.0
        for p in PILLAR_CODES:
            v = per.get((y, p))
            if v is None or pd.isna(v) or v <= 0:
                continue
            out.append(f'<rect x="{px(y) + 2:.1f}" y="{py(base + v):.1f}" width="{col - 4:.1f}" '
                       f'height="{py(base) - py(base + v):.1f}" fill="{PILLAR_COLORS[p]}">'
                       f"<title>{html.escape(PILLARS[p][lang])} {y}: "
                       f"{html.escape(fmt_number(v, 1, lang))}</title></rect>")
            base += v
        out.append(_text(px(y) + col / 2, top + BUDGET_H + 13, y, "middle", ";font-size:10px"))
    return "".join(out)


def _legend(y: float, lang: str) -> str:
    x, out = 6.0, []
    for p in PILLAR_CODES:
        label = PILLARS[p][lang]
        out.append(f'<rect x="{x:.0f}" y="{y - 9}" width="12" height="9" '
                   f'fill="{PILLAR_COLORS[p]}"/>' + _text(x + 16, y, label, "start",
                                                          ";font-size:10px"))
        x += 26 + 5.6 * len(label)
    return "".join(out)
