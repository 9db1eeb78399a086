"""Figures of the competitiveness analysis: a regency's series against its province's median
and the median of Java's regencies of the same kind, year by year."""
from __future__ import annotations

import pandas as pd

from analysis.i18n import fmt_number, texts, tr
from analysis.plots import new_figure, plain

T = texts("plots.competitiveness")
MINE, PROVINCE, JAVA = "#1f6f8b", "#8c8c8c", "#d0743c"


def series_vs_medians(rows: pd.DataFrame, name: str, label: str, lang: str = "id",
                      decimals: int = 2):
    """Line chart of one variable over the years: the regency (``nilai``), its province's
    median (``median_provinsi``) and Java's same-kind median (``median_jawa_sejenis``).

    ``rows``: the regency's rows of the ``daya_saing`` table for that variable (any order).
    """
    rows = rows.sort_values("tahun")
    fig, ax = new_figure(7.0, 3.4)
    x = rows["tahun"].astype(int)
    ax.plot(x, rows["nilai"], color=MINE, marker="o", lw=2, label=plain(name))
    ax.plot(x, rows["median_provinsi"], color=PROVINCE, ls="--",
            label=tr(T, "province", lang))
    ax.plot(x, rows["median_jawa_sejenis"], color=JAVA, ls=":", lw=2,
            label=tr(T, "java", lang).format(kind=tr(T, str(rows["jenis"].iloc[0]), lang)))
    ax.set_title(plain(label), fontsize=10)
    ax.yaxis.set_major_formatter(lambda v, _pos: fmt_number(v, decimals, lang))
    ax.set_xticks(sorted(set(x)), [str(y) for y in sorted(set(x))], fontsize=8, rotation=45)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=3, fontsize=8,
              frameon=False)
    fig.tight_layout()
    return fig
