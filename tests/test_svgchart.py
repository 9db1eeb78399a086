"""Inline SVG line charts: round ticks, the reader's number format, data text kept as text."""
from __future__ import annotations

import pandas as pd

from analysis.plots import svgchart
from analysis.plots.future import fan_chart


def test_nice_ticks_cover_the_range_with_round_steps():
    # (75.91 − 67.45) / 4 = 2.115 → step 2.5; from floor(67.45 / 2.5) × 2.5 = 65 past 75.91
    assert svgchart.nice_ticks(67.45, 75.91) == [65.0, 67.5, 70.0, 72.5, 75.0, 77.5]
    assert svgchart.nice_ticks(0.0, 1.0) == [0.0, 0.25, 0.5, 0.75, 1.0]
    # a flat series is given a range of its own size: 5–10, step 1.25 → 2, from 4
    assert svgchart.nice_ticks(5.0, 5.0) == [4.0, 6.0, 8.0, 10.0]


def test_text_from_data_stays_text():
    svg = svgchart.render(svgchart.Chart(
        title='<script>alert(1)</script>', legend=True,
        lines=[svgchart.Line([2020, 2021], [1.0, 2.0], "#000", label='Kab "X" & <b>')]))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "<b>" not in svg and "&amp; &lt;b&gt;" in svg


def test_fan_chart_in_indonesian_numbers_joins_history_and_projection():
    hist = pd.DataFrame({"tahun": [2022, 2023, 2024], "nilai": [74.0, 75.0, 76.0]})
    proj = pd.DataFrame({"tahun": [2025, 2026], "nilai": [77.0, 78.0],
                         "batas_bawah": [76.5, 77.0], "batas_atas": [77.5, 79.0]})
    svg = fan_chart(hist, proj, "IPM", "id", 2)
    assert ">76,00<" in svg and ">76.00<" not in svg          # y ticks 74,00 … 79,00
    # the projection and the band start at the last published point (2024, 76): x = left edge
    # + 2/4 of the plot width, y of 76 on the 74–79 axis
    assert svg.count("<polyline") == 2 and svg.count("<polygon") == 1
    en = fan_chart(hist, proj, "IPM", "en", 2)
    assert ">76.00<" in en
