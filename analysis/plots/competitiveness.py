"""Figures of the competitiveness analysis: a regency's series against its province's median
and the median of Java's regencies of the same kind, year by year, as inline SVG
(:mod:`analysis.plots.svgchart`)."""
from __future__ import annotations

import pandas as pd

from analysis.i18n import fmt_number, texts, tr
from analysis.plots import svgchart

T = texts("plots.competitiveness")
MINE, PROVINCE, JAVA = "#1f6f8b", "#8c8c8c", "#d0743c"


def series_vs_medians(rows: pd.DataFrame, name: str, label: str, lang: str = "id",
                      decimals: int = 2) -> str:
    """Line chart (SVG) of one variable over the years: the regency (``nilai``), its
    province's median (``median_provinsi``) and Java's same-kind median
    (``median_jawa_sejenis``), with a legend.

    ``rows``: the regency's rows of the ``daya_saing`` table for that variable (any order).
    """
    rows = rows.sort_values("tahun")
    x = list(rows["tahun"].astype(int))
    kind = tr(T, str(rows["jenis"].iloc[0]), lang)
    chart = svgchart.Chart(
        title=label, y_text=lambda v: fmt_number(v, decimals, lang), width=560, height=250,
        legend=True,
        lines=[svgchart.Line(x, list(rows["median_provinsi"]), PROVINCE, tr(T, "province", lang),
                             dash="5,3"),
               svgchart.Line(x, list(rows["median_jawa_sejenis"]), JAVA,
                             tr(T, "java", lang).format(kind=kind), dash="2,2"),
               svgchart.Line(x, list(rows["nilai"]), MINE, str(name), markers=True)])
    return svgchart.render(chart)
