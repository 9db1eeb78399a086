"""Boundaries → SVG path strings and colour classes for maps drawn inline in HTML (no drawing
library, no tiles, no network).

Projection: equirectangular with the longitude scaled by cos(lat0), lat0 the middle latitude of
the extent; near the equator (Indonesia spans about 11° S–6° N) that is close to true shape.
Coordinates are rounded to ``decimals`` pixel places and written as relative moves (``l dx dy``)
computed from the *rounded* absolute points, so rounding never accumulates; points that round
onto their predecessor are dropped, and rings that collapse to fewer than three points vanish.

Geometries are GeoJSON-like mappings (``{"type": "Polygon" | "MultiPolygon", "coordinates":
...}`` with [lng, lat] points), e.g. ``shapely_geometry.__geo_interface__``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

#: (The class colours are those of the one scale of every map, :mod:`analysis.plots.scales`;
#: the fill of a regency without a value is :data:`analysis.plots.NO_DATA`.)


@dataclass(frozen=True)
class Projection:
    """lng/lat → SVG pixels: x = (lng − west)·k·cos(lat0), y = (north − lat)·k."""
    west: float
    north: float
    k: float
    cos_lat0: float
    width: float
    height: float

    def __call__(self, lng: float, lat: float) -> tuple[float, float]:
        return (lng - self.west) * self.k * self.cos_lat0, (self.north - lat) * self.k


def polygons(geometry: dict) -> list:
    """The polygons (each a list of rings of [lng, lat] points) of a Polygon or MultiPolygon."""
    kind = geometry.get("type")
    if kind == "Polygon":
        return [geometry["coordinates"]]
    if kind == "MultiPolygon":
        return list(geometry["coordinates"])
    raise ValueError(f"geometry type {kind!r} is not a Polygon or MultiPolygon")


def bounds(geometries) -> tuple[float, float, float, float]:
    """(west, south, east, north) over every point of ``geometries``."""
    xs, ys = [], []
    for g in geometries:
        for poly in polygons(g):
            for ring in poly:
                for lng, lat, *_ in ring:
                    xs.append(lng)
                    ys.append(lat)
    if not xs:
        raise ValueError("no points in the geometries")
    return min(xs), min(ys), max(xs), max(ys)


def fit_projection(geometries, width: float = 1000.0) -> Projection:
    """The projection that maps the extent of ``geometries`` onto ``width`` pixels."""
    west, south, east, north = bounds(geometries)
    cos_lat0 = math.cos(math.radians((south + north) / 2))
    k = width / ((east - west) * cos_lat0)
    return Projection(west, north, k, cos_lat0, float(width), (north - south) * k)


def _num(v: float, decimals: int) -> str:
    s = f"{v:.{decimals}f}" if decimals > 0 else str(int(round(v)))
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def ring_path(ring, proj: Projection, decimals: int = 1) -> str:
    """One ring as ``M x y l dx dy … z`` (empty string if it collapses below three points)."""
    scale = 10 ** decimals
    pts = []
    for lng, lat, *_ in ring:
        x, y = proj(lng, lat)
        p = (round(x * scale), round(y * scale))        # integers in units of 10^-decimals px
        if not pts or p != pts[-1]:
            pts.append(p)
    if len(pts) > 1 and pts[0] == pts[-1]:
        pts.pop()                                          # the closing point: 'z' draws it
    if len(pts) < 3:
        return ""
    def f(v: int) -> str:
        return _num(v / scale, decimals)
    moves = [f"{f(b[0] - a[0])} {f(b[1] - a[1])}" for a, b in zip(pts, pts[1:])]
    return f"M{f(pts[0][0])} {f(pts[0][1])}l" + " ".join(moves) + "z"


def geometry_path(geometry: dict, proj: Projection, decimals: int = 1) -> str:
    """Every ring of a (Multi)Polygon as one SVG path ``d`` string (holes via even-odd fill)."""
    return "".join(ring_path(r, proj, decimals) for poly in polygons(geometry) for r in poly)


def svg_paths(geometries: dict, width: float = 1000.0, decimals: int = 1):
    """``({code: d}, projection)`` for ``{code: geometry}``. An outline that vanishes at
    ``decimals`` is written with one more decimal (a small city stays clickable); one that
    vanishes even then keeps an empty string."""
    proj = fit_projection(list(geometries.values()), width)
    out = {}
    for code, g in geometries.items():
        out[code] = geometry_path(g, proj, decimals) or geometry_path(g, proj, decimals + 1)
    return out, proj


def equal_breaks(values, n: int = 5, decimals: int = 2) -> list[float]:
    """``n + 1`` class limits splitting [min, max] of the finite ``values`` into ``n`` equal
    intervals, rounded outward to ``decimals`` (empty list when there are no values)."""
    vals = [float(v) for v in values if v is not None and math.isfinite(float(v))]
    if not vals:
        return []
    scale = 10 ** decimals
    lo, hi = math.floor(min(vals) * scale) / scale, math.ceil(max(vals) * scale) / scale
    if hi == lo:
        return [lo, lo]
    return [round(lo + (hi - lo) * i / n, decimals) for i in range(n)] + [hi]


def classify(value, breaks: list[float]) -> int | None:
    """Index of the class of ``value`` (``breaks[i] <= value < breaks[i+1]``, the last class
    closed); ``None`` for a missing value or one outside the limits."""
    if value is None or not breaks or not math.isfinite(float(value)):
        return None
    v = float(value)
    if v < breaks[0] or v > breaks[-1]:
        return None
    for i in range(len(breaks) - 2, -1, -1):
        if v >= breaks[i]:
            return i
    return 0
