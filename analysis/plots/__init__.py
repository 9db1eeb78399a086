"""Figures, one module per analysis; labels in Indonesian (default) or English.

Functions return a matplotlib ``Figure`` and never force a backend, so figures show inline in
notebooks and in the HTML reports.
"""
from __future__ import annotations

import math

import matplotlib.pyplot as plt
from matplotlib.ticker import Formatter

from analysis.i18n import COMMON, fmt_number

STYLE = {"figure.dpi": 100, "axes.spines.top": False, "axes.spines.right": False}
#: Fill of a regency without a value (not evaluated, or not in the data), on every map: the
#: report figures (:mod:`analysis.plots.maps`) and the national page (:mod:`.svgmap`, whose
#: stylesheet ``national.css`` class ``cn`` repeats it).
NO_DATA = "#c9ced6"


def plain(text) -> str:
    """Text from data as typed in a figure: a ``$`` never starts matplotlib mathtext (which
    would render or, unbalanced, fail the figure)."""
    return str(text).replace("$", r"\$")


def new_figure(width: float = 7.0, height: float = 4.0, **kwargs):
    """A figure and axes with the workbench's style."""
    with plt.rc_context(STYLE):
        return plt.subplots(figsize=(width, height), **kwargs)


class NumberFormatter(Formatter):
    """Tick labels in the figure's language (:func:`analysis.i18n.fmt_number`: ``1.234,5`` in
    Indonesian, ``1,234.5`` in English). ``decimals`` None: as few as tell the ticks apart
    (0.25 steps get two, whole numbers none)."""

    def __init__(self, lang: str = "id", decimals: int | None = None):
        self.lang, self.decimals, self._auto = lang, decimals, 0

    def set_locs(self, locs):
        super().set_locs(locs)
        finite = [float(v) for v in locs if math.isfinite(v)]
        self._auto = next((d for d in range(7) if all(
            abs(round(v, d) - v) <= 1e-9 * max(1.0, abs(v)) for v in finite)), 6)

    def __call__(self, x, pos=None):
        return fmt_number(x, self._auto if self.decimals is None else self.decimals, self.lang)


def number_axis(axis, lang: str = "id", decimals: int | None = None) -> None:
    """Label a numeric axis (``ax.xaxis``, ``ax.yaxis``, a colour bar's ``ax.yaxis``) in the
    figure's language."""
    axis.set_major_formatter(NumberFormatter(lang, decimals))


def year_axis(axis) -> None:
    """Label an axis of years as years (2023, never 2.023 or 2,023)."""
    axis.set_major_formatter(lambda v, _pos: f"{v:.0f}")


def number_axes(ax, lang: str = "id") -> None:
    """Both axes of ``ax`` labelled in the figure's language (:func:`number_axis`)."""
    number_axis(ax.xaxis, lang)
    number_axis(ax.yaxis, lang)


def illustrative_note(fig, lang: str, illustrative: bool) -> None:
    """The ILUSTRATIF (ILLUSTRATIVE) label in the figure's lower left corner when its data are
    illustrative."""
    if illustrative:
        fig.text(0.01, 0.01, COMMON["illustrative"][lang], fontsize=8, color="#b00020",
                 ha="left", va="bottom")
