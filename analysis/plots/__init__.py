"""Figures, one module per analysis; labels in Indonesian (default) or English.

Functions return a matplotlib ``Figure`` and never force a backend, so figures show inline in
notebooks and in the HTML reports.
"""
from __future__ import annotations

import matplotlib.pyplot as plt

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
