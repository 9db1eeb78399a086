"""Small line charts as inline SVG text (no drawing library): series over the years, bands
(intervals) behind them, axes with ticks in the reader's number format.

A chart is cheap to make (a few hundred bytes of text, well under a millisecond), prints sharp
in the PDF and needs no layout pass, so a report can hold several per section at no cost to a
national run. Every text in the SVG is escaped (:func:`html.escape`): labels may come from
data.
"""
from __future__ import annotations

import html
import math
from dataclasses import dataclass, field
from typing import Callable, Sequence

FONT = "font-family:sans-serif;font-size:11px;fill:#333"


@dataclass
class Line:
    """One series: x (years) and y values; ``dash`` e.g. ``"5,3"`` for a dashed line."""
    x: Sequence[float]
    y: Sequence[float]
    color: str
    label: str = ""
    width: float = 2.0
    dash: str = ""
    markers: bool = False


@dataclass
class Band:
    """A filled interval between ``low`` and ``high`` over ``x``."""
    x: Sequence[float]
    low: Sequence[float]
    high: Sequence[float]
    color: str
    label: str = ""


@dataclass
class Chart:
    """A chart's content and size (pixels); ``y_text`` formats a y tick value."""
    title: str
    lines: list[Line] = field(default_factory=list)
    bands: list[Band] = field(default_factory=list)
    y_text: Callable[[float], str] = str
    width: int = 330
    height: int = 210
    legend: bool = False


def nice_ticks(low: float, high: float, n: int = 4) -> list[float]:
    """About ``n`` round tick values covering [low, high] (steps of 1, 2, 2.5 or 5 × 10^k)."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return []
    if high <= low:
        high = low + (abs(low) or 1.0)
    raw = (high - low) / max(n, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.floor(low / step) * step
    ticks, v = [], start
    while v <= high + step * 1e-9:
        ticks.append(round(v, 10))
        v += step
    if ticks[-1] < high:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _finite(values) -> list[float]:
    return [float(v) for v in values if v is not None and math.isfinite(float(v))]


def render(chart: Chart) -> str:
    """The chart as an ``<svg>`` element."""
    xs = _finite([x for s in chart.lines for x in s.x] + [x for b in chart.bands for x in b.x])
    ys = _finite([y for s in chart.lines for y in s.y]
                 + [y for b in chart.bands for y in (*b.low, *b.high)])
    w, h = chart.width, chart.height
    left, right, top = 58, 16, 24
    bottom = 44 if chart.legend else 24
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
           f'viewBox="0 0 {w} {h}" role="img" aria-label="{html.escape(chart.title)}">',
           f'<text x="{w / 2:.0f}" y="14" text-anchor="middle" style="{FONT};font-size:12px">'
           f'{html.escape(chart.title)}</text>']
    if not xs or not ys:
        return "".join(out) + "</svg>"
    yt = nice_ticks(min(ys), max(ys))
    y0, y1 = yt[0], yt[-1]
    x0, x1 = min(xs), max(xs)
    x1 = x1 if x1 > x0 else x0 + 1

    def px(x):
        return left + (x - x0) / (x1 - x0) * (w - left - right)

    def py(y):
        return top + (y1 - y) / ((y1 - y0) or 1) * (h - top - bottom)

    for t in yt:
        out.append(f'<line x1="{left}" x2="{w - right}" y1="{py(t):.1f}" y2="{py(t):.1f}" '
                   f'stroke="#e4e4e4"/><text x="{left - 4}" y="{py(t) + 4:.1f}" '
                   f'text-anchor="end" style="{FONT}">{html.escape(chart.y_text(t))}</text>')
    step = max(1, math.ceil((x1 - x0) / 6))
    for t in range(int(math.ceil(x0)), int(x1) + 1, step):
        out.append(f'<text x="{px(t):.1f}" y="{h - bottom + 14}" text-anchor="middle" '
                   f'style="{FONT};font-size:10px">{t}</text>')
    for b in chart.bands:
        pts = [(px(x), py(lo)) for x, lo in zip(b.x, b.low)]
        pts += [(px(x), py(hi)) for x, hi in reversed(list(zip(b.x, b.high)))]
        out.append(f'<polygon fill="{b.color}" stroke="none" points="'
                   + " ".join(f"{a:.1f},{c:.1f}" for a, c in pts) + '"/>')
    for s in chart.lines:
        pts = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in zip(s.x, s.y)
                       if math.isfinite(float(y)))
        dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
        out.append(f'<polyline fill="none" stroke="{s.color}" stroke-width="{s.width}"{dash} '
                   f'points="{pts}"/>')
        if s.markers:
            out += [f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="2" fill="{s.color}"/>'
                    for x, y in zip(s.x, s.y) if math.isfinite(float(y))]
    out.append(f'<line x1="{left}" x2="{left}" y1="{top}" y2="{h - bottom}" stroke="#999"/>')
    if chart.legend:
        out.append(_legend(chart, h - 12))
    return "".join(out) + "</svg>"


def _legend(chart: Chart, y: float) -> str:
    items = [(s.label, s.color, s.dash) for s in chart.lines if s.label]
    items += [(b.label, b.color, "") for b in chart.bands if b.label]
    x, out = 8.0, []
    for label, color, dash in items:
        d = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<line x1="{x:.0f}" x2="{x + 18:.0f}" y1="{y - 4}" y2="{y - 4}" '
                   f'stroke="{color}" stroke-width="3"{d}/><text x="{x + 22:.0f}" y="{y}" '
                   f'style="{FONT};font-size:10px">{html.escape(label)}</text>')
        x += 30 + 5.6 * len(label)
    return "".join(out)


def grid(svgs: list[str], caption: str = "") -> str:
    """Charts side by side, wrapping (an HTML ``div``), with an escaped caption above."""
    head = (f'<p style="margin:0.3em 0;font-weight:bold">{html.escape(caption)}</p>'
            if caption else "")
    return (f'<div class="svg-charts">{head}<div style="display:flex;flex-wrap:wrap;gap:6px">'
            + "".join(svgs) + "</div></div>")
