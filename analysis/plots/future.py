"""Figures of the future analysis: fan charts of a regency's projected indicators, as inline
SVG (:mod:`analysis.plots.svgchart`): the published series, the projection and its interval."""
from __future__ import annotations

import pandas as pd

from analysis.i18n import fmt_number, texts, tr
from analysis.plots import svgchart

T = texts("plots.future")
OBSERVED, PROJECTED, BAND = "#1f6f8b", "#d0743c", "#f3c8a8"


def fan_chart(history: pd.DataFrame, projection: pd.DataFrame, label: str, lang: str = "id",
              decimals: int = 2) -> str:
    """One variable's fan chart (SVG): ``history`` (``tahun, nilai``: published), the
    projection and its interval (``projection``: ``tahun, nilai, batas_bawah, batas_atas``),
    joined at the last published year."""
    h = history.sort_values("tahun")
    p = projection.sort_values("tahun")
    join_x, join_y = list(h["tahun"].tail(1)), list(h["nilai"].tail(1))
    px = join_x + list(p["tahun"])
    chart = svgchart.Chart(
        title=label, y_text=lambda v: fmt_number(v, decimals, lang),
        bands=[svgchart.Band(px, join_y + list(p["batas_bawah"]),
                             join_y + list(p["batas_atas"]), BAND)],
        lines=[svgchart.Line(list(h["tahun"]), list(h["nilai"]), OBSERVED, markers=True),
               svgchart.Line(px, join_y + list(p["nilai"]), PROJECTED, dash="5,3")])
    return svgchart.render(chart)


def fan_charts(history: pd.DataFrame, projection: pd.DataFrame, variables: list[str],
               labels: dict[str, str], lang: str = "id", decimals: dict | None = None) -> str:
    """Fan charts of ``variables`` side by side (HTML with one SVG each) under one caption
    naming the interval level; ``history``: ``variabel, tahun, nilai``; ``projection``:
    ``variabel, tahun, nilai, batas_bawah, batas_atas, tingkat``. Variables without a
    projection are left out."""
    decimals = decimals or {}
    svgs, level = [], None
    for v in variables:
        p = projection[projection["variabel"] == v]
        if p.empty:
            continue
        level = float(p["tingkat"].iloc[0])
        svgs.append(fan_chart(history[history["variabel"] == v], p, labels.get(v, v), lang,
                              decimals.get(v, 2)))
    caption = "" if level is None else tr(T, "title", lang).format(
        level=fmt_number(100 * level, 0, lang))
    return svgchart.grid(svgs, caption)
