"""One colour scale per mapped variable, defined once and used in every place that colours by it:
the national page (:mod:`analysis.reports.national_map`, SVG classes ``c0``…), the report's
province map (:func:`analysis.plots.maps.province_map`) and the explorer's choropleth
(:func:`analysis.plots.maps.choropleth`).

A scale is a colour map, a direction and a number of equal-interval classes: the class limits
split [lowest, highest] of the values shown into equal intervals, rounded outward
(:func:`analysis.plots.svgmap.equal_breaks`), so the same values give the same limits, and the
same value the same colour, wherever it is drawn. Low values are light (yellow) and high
values dark (purple) on every map.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import matplotlib as mpl

from analysis.plots import svgmap


@dataclass(frozen=True)
class ColourScale:
    """How a variable is coloured: matplotlib colour map, direction, classes, limit rounding."""
    name: str
    cmap: str = "viridis"
    low_light: bool = True      # low values light, high values dark (viridis: yellow → purple)
    classes: int = 5
    decimals: int = 2           # class limits rounded outward to this many decimals

    def colours(self) -> tuple[str, ...]:
        """The class colours, lowest class first (hex)."""
        return _colours(self.cmap, self.low_light, self.classes)

    def breaks(self, values) -> list[float]:
        """``classes + 1`` class limits over the finite ``values`` (empty without any)."""
        return svgmap.equal_breaks(values, self.classes, self.decimals)

    def colour_of(self, value, breaks: list[float]) -> str | None:
        """The colour of ``value`` between ``breaks`` (None: missing or outside them)."""
        k = svgmap.classify(value, breaks)
        return None if k is None else self.colours()[k]

    def listed(self, breaks: list[float]):
        """``(colormap, norm)`` for matplotlib: the class colours at ``breaks`` (one class per
        interval; a single-value range gets the lowest colour)."""
        n = max(len(breaks) - 1, 1)
        cmap = mpl.colors.ListedColormap(list(self.colours()[:n]))
        if len(breaks) < 2 or breaks[0] == breaks[-1]:
            lo = breaks[0] if breaks else 0.0
            return cmap, mpl.colors.BoundaryNorm([lo - 0.5, lo + 0.5], 1)
        return cmap, mpl.colors.BoundaryNorm(breaks, n)


@lru_cache(maxsize=None)
def _colours(cmap: str, low_light: bool, n: int) -> tuple[str, ...]:
    """``n`` steps of ``cmap`` from one end to 1/n short of the other (viridis, low light:
    #fde725 … #414487)."""
    cm = mpl.colormaps[cmap]
    steps = [1.0 - i / n for i in range(n)] if low_light else [i / n for i in range(n)]
    return tuple(mpl.colors.to_hex(cm(float(x))) for x in steps)


#: The scale every mapped variable uses (the Kominfo final, IPM, readiness, gap to Java,
#: projection): one definition, so a value has one colour on every map.
DEFAULT = ColourScale("default")
#: Per variable (key as the national page's layer keys and the explorer's variables); a
#: variable not listed uses :data:`DEFAULT`.
SCALES: dict[str, ColourScale] = {}


def scale_for(variable: str) -> ColourScale:
    """The colour scale of ``variable`` (a ``final_<year>`` layer is the final's scale)."""
    key = "nilai_final" if variable.startswith("final_") else variable
    return SCALES.get(key, DEFAULT)
