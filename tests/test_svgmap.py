"""Inline SVG map geometry: projection, path strings and colour classes on hand-made shapes."""
from __future__ import annotations

import math

import pytest

from analysis.plots import svgmap

SQUARE = {"type": "Polygon",                        # 2° × 2° around the equator, closed ring
          "coordinates": [[[100, 1], [102, 1], [102, -1], [100, -1], [100, 1]]]}


def test_square_on_the_equator_maps_to_a_square_path():
    # lat0 = 0 → cos = 1; width 200 px over 2° → k = 100 px/°; (100, 1) is the top-left corner.
    paths, proj = svgmap.svg_paths({"A": SQUARE}, width=200)
    assert proj.k == pytest.approx(100) and proj.height == pytest.approx(200)
    assert paths["A"] == "M0 0l200 0 0 200 -200 0z"


def test_longitude_is_scaled_by_cos_of_the_middle_latitude():
    # lng 0–2, lat 59–61: lat0 = 60°, cos = 0.5; width 100 → k = 100 / (2 · 0.5) = 100,
    # height = 2° · 100 = 200; (1, 60) → x = 1 · 100 · 0.5 = 50, y = (61 − 60) · 100 = 100.
    g = {"type": "Polygon", "coordinates": [[[0, 59], [2, 59], [2, 61], [0, 61], [0, 59]]]}
    proj = svgmap.fit_projection([g], width=100)
    assert proj.cos_lat0 == pytest.approx(0.5)
    assert proj.height == pytest.approx(200)
    assert proj(1, 60) == pytest.approx((50, 100))


def test_relative_moves_come_from_rounded_points_so_rounding_does_not_accumulate():
    # k = 1 px/° with width 10 over lng 0–10 (lat 0–10, cos(5°) ≈ 0.9962 → k = 1.0038).
    # x of 3.33, 6.66: 3.3426 → 3.3, 6.6853 → 6.7; the moves are 3.3 then 3.4 (6.7 − 3.3),
    # not 3.3 + 3.3, so the ring ends where the absolute rounding says.
    g = {"type": "Polygon", "coordinates": [[[0, 10], [3.33, 10], [6.66, 10], [10, 10], [10, 0],
                                             [0, 10]]]}
    paths, proj = svgmap.svg_paths({"A": g}, width=10)
    k = 10 / (10 * math.cos(math.radians(5)))
    assert proj.k == pytest.approx(k)
    assert paths["A"].startswith("M0 0l3.3 0 3.4 0 3.3 0 0 10")
    assert paths["A"].endswith("z")


def test_points_that_round_together_are_dropped_and_tiny_rings_vanish():
    big = {"type": "Polygon", "coordinates": [[[0, 0], [10, 0], [10, 10], [0, 0]]]}
    # a 0.01° triangle at 1 px/° rounds onto one point at 0 decimals: no path at all
    tiny = {"type": "Polygon", "coordinates": [[[5, 5], [5.01, 5], [5.01, 5.01], [5, 5]]]}
    dup = {"type": "Polygon", "coordinates": [[[0, 0], [0.001, 0], [10, 0], [10, 10], [0, 0]]]}
    paths, _ = svgmap.svg_paths({"big": big, "tiny": tiny, "dup": dup}, width=10, decimals=0)
    assert paths["tiny"] == ""
    assert paths["dup"] == paths["big"]


def test_a_small_outline_is_kept_with_one_more_decimal():
    # width 10 over lng 0–10 (lat 0–10, k = 1/cos 5° = 1.0038): the 0.3° triangle's x are 5.02
    # and 5.32 → both 5 at 0 decimals (collapses), 5.0 and 5.3 at 1 decimal (kept).
    big = {"type": "Polygon", "coordinates": [[[0, 0], [10, 0], [10, 10], [0, 0]]]}
    small = {"type": "Polygon", "coordinates": [[[5, 5], [5.3, 5], [5.3, 5.3], [5, 5]]]}
    paths, _ = svgmap.svg_paths({"big": big, "small": small}, width=10, decimals=0)
    assert paths["small"] == "M5 5l0.3 0 0 -0.3z"
    assert "." not in paths["big"]


def test_multipolygon_with_a_hole_writes_every_ring():
    outer = [[0, 2], [2, 2], [2, 0], [0, 0], [0, 2]]
    hole = [[0.5, 1.5], [1.5, 1.5], [1.5, 0.5], [0.5, 0.5], [0.5, 1.5]]
    island = [[3, 2], [4, 2], [4, 1], [3, 2]]
    g = {"type": "MultiPolygon", "coordinates": [[outer, hole], [island]]}
    paths, _ = svgmap.svg_paths({"A": g}, width=400)
    assert paths["A"].count("M") == 3 and paths["A"].count("z") == 3


def test_other_geometry_types_are_refused():
    with pytest.raises(ValueError, match="Point"):
        svgmap.polygons({"type": "Point", "coordinates": [1, 2]})


def test_equal_breaks_and_classes():
    # min 1.234 → 1.23, max 3.456 → 3.46 (rounded outward); width (3.46 − 1.23) / 5 = 0.446
    br = svgmap.equal_breaks([3.456, 1.234, None, float("nan"), 2.0], n=5)
    assert br == [1.23, 1.68, 2.12, 2.57, 3.01, 3.46]
    assert svgmap.classify(1.234, br) == 0
    assert svgmap.classify(2.0, br) == 1                 # 1.68 ≤ 2.0 < 2.12
    assert svgmap.classify(3.46, br) == 4                # the last class is closed
    assert svgmap.classify(None, br) is None and svgmap.classify(5, br) is None
    assert svgmap.equal_breaks([]) == [] and svgmap.classify(2, []) is None
    assert svgmap.classify(2.5, svgmap.equal_breaks([2.5, 2.5])) == 0
