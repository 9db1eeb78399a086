"""Figures of the future analysis: fan charts of a regency's projected indicators."""
from __future__ import annotations

import math

import pandas as pd

from analysis.i18n import fmt_number, texts, tr
from analysis.plots import new_figure, plain

T = texts("plots.future")
OBSERVED, PROJECTED, BAND = "#1f6f8b", "#d0743c", "#f3c8a8"


def fan_charts(history: pd.DataFrame, projection: pd.DataFrame, variables: list[str],
               labels: dict[str, str], lang: str = "id", decimals: dict | None = None,
               columns: int = 3):
    """One panel per variable: the published series (``history``: ``variabel, tahun,
    nilai``), the projection and its interval (``projection``: ``variabel, tahun, nilai,
    batas_bawah, batas_atas, tingkat``). Variables without a projection are left out."""
    decimals = decimals or {}
    shown = [v for v in variables if (projection["variabel"] == v).any()]
    rows = max(1, math.ceil(len(shown) / columns))
    fig, axes = new_figure(3.4 * columns, 2.6 * rows, nrows=rows, ncols=columns, squeeze=False)
    for ax in axes.flat[len(shown):]:
        ax.set_visible(False)
    level = None
    for ax, v in zip(axes.flat, shown):
        h = history[history["variabel"] == v].sort_values("tahun")
        p = projection[projection["variabel"] == v].sort_values("tahun")
        level = float(p["tingkat"].iloc[0])
        join = h.tail(1)                      # the projection starts from the last value
        ax.fill_between(pd.concat([join["tahun"], p["tahun"]]),
                        pd.concat([join["nilai"], p["batas_bawah"]]),
                        pd.concat([join["nilai"], p["batas_atas"]]), color=BAND, lw=0)
        ax.plot(h["tahun"], h["nilai"], color=OBSERVED, lw=1.8, marker=".")
        ax.plot(pd.concat([join["tahun"], p["tahun"]]), pd.concat([join["nilai"], p["nilai"]]),
                color=PROJECTED, lw=1.8, ls="--")
        d = decimals.get(v, 2)
        ax.yaxis.set_major_formatter(lambda y, _pos, d=d: fmt_number(y, d, lang))
        ax.xaxis.set_major_formatter(lambda x, _pos: f"{x:.0f}")
        ax.set_title(plain(labels.get(v, v)), fontsize=9)
        ax.tick_params(labelsize=7)
    if level is not None:
        fig.suptitle(tr(T, "title", lang).format(level=fmt_number(100 * level, 0, lang)),
                     fontsize=10)
    fig.tight_layout()
    return fig
