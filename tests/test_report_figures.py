"""The report's figure PNGs (issue 11): a fixed-layout figure is drawn once at its own size,
any other is cropped to its tight bounding box as the inline backend does."""
from __future__ import annotations

import base64
import io

import matplotlib.pyplot as plt
from PIL import Image

from analysis.reports.sections import common


def _size(data: str) -> tuple[int, int]:
    return Image.open(io.BytesIO(base64.b64decode(data))).size


def _figure():
    fig, ax = plt.subplots(figsize=(4, 3), dpi=100)      # 400 x 300 pixels
    ax.plot([0, 1], [0, 1])
    fig.subplots_adjust(left=0.3, right=0.7, bottom=0.3, top=0.7)   # wide empty margins
    return fig


def test_fixed_layout_figure_keeps_its_size_and_others_are_cropped(monkeypatch):
    monkeypatch.setattr(common, "display", lambda *a, **k: None)
    fixed, other = _figure(), _figure()
    common._FIXED_LAYOUT.add(fixed)
    assert _size(common.figure_png(fixed)) == (400, 300)
    w, h = _size(common.figure_png(other))
    # axes 0.4 x 0.4 of the figure (160 x 120 px) + tick labels + 0.1 in padding each side:
    # well inside the 400 x 300 figure
    assert 160 < w < 300 and 120 < h < 250
    plt.close("all")


def test_show_figure_marks_and_frees_the_figure(monkeypatch):
    shown = []
    monkeypatch.setattr(common, "display", lambda *a, **k: shown.extend(a))
    fig = _figure()
    common.show_figure(fig, fixed_layout=True)
    assert shown == [fig] and fig in common._FIXED_LAYOUT
    assert not plt.fignum_exists(fig.number)


def test_evaluation_figure_margins_are_what_tight_layout_finds():
    """dimensions_vs_peers sets fixed margins instead of running tight_layout per figure: they
    must leave at least the room tight_layout asks for (nothing cut off), and waste at most
    1 % of the figure on any side (long and short names, 2022 and 2023 dimensions, id/en)."""
    import pandas as pd
    import pytest

    from analysis.plots.evaluation import MARGINS, dimensions_vs_peers
    dims = ["baseline", "output", "outcome", "impact", "quick_win", "kolaborasi", "nilai_final"]
    row = pd.Series([4.0, 3.91, 2.5, 1.0, 4.0, 0.0, 3.81], index=dims)
    cases = [(dims, "Kabupaten Kepulauan Siau Tagulandang Biaro"), (dims, "Kota Batu"),
             ([d for d in dims if d != "kolaborasi"], "Kabupaten Kutai Kartanegara")]
    for used, name in cases:
        med = pd.Series([2.5] * len(used), index=used)
        for lang in ("id", "en"):
            fig = dimensions_vs_peers(row[used], med, 2023, name, 408, lang)
            fig.tight_layout()
            sp = fig.subplotpars
            assert MARGINS["left"] >= sp.left and MARGINS["bottom"] >= sp.bottom, (name, lang)
            assert MARGINS["right"] <= sp.right and MARGINS["top"] <= sp.top, (name, lang)
            got = {"left": sp.left, "right": sp.right, "bottom": sp.bottom, "top": sp.top}
            assert got == pytest.approx(MARGINS, abs=0.01), (name, lang)
            plt.close(fig)


def test_observed_vs_predicted_margins_are_what_tight_layout_finds():
    """observed_vs_predicted_frame sets fixed margins instead of a tight_layout pass: for scores
    on the 0-4 scale (any spread, id/en) they leave the room tight_layout asks for, within 1 %.
    (The highlighted regency's name is left out here: tight_layout would squeeze the axes to
    fit a long name near the right edge; the notebook's tight crop keeps it instead.)"""
    import numpy as np
    import pandas as pd
    import pytest

    from analysis.plots.correlations import OVP_MARGINS, observed_vs_predicted_frame
    rng = np.random.default_rng(1)
    for lo, hi in ((0.0, 4.0), (1.2, 3.4), (0.5, 2.0)):
        d = pd.DataFrame({"kode_kemendagri": [f"{i}" for i in range(120)],
                          "nama": ["Kabupaten Kepulauan Siau Tagulandang Biaro"] * 120,
                          "prediksi": rng.uniform(lo, hi, 120),
                          "nilai_final": rng.uniform(lo, hi, 120)})
        for lang in ("id", "en"):
            fig = observed_vs_predicted_frame(d, "nilai_final", None, 2023, lang)
            fig.tight_layout()
            sp = fig.subplotpars
            got = {"left": sp.left, "right": sp.right, "bottom": sp.bottom, "top": sp.top}
            assert OVP_MARGINS["left"] >= sp.left and OVP_MARGINS["bottom"] >= sp.bottom
            assert OVP_MARGINS["right"] <= sp.right and OVP_MARGINS["top"] <= sp.top
            assert got == pytest.approx(OVP_MARGINS, abs=0.01), (lo, hi, lang)
            plt.close(fig)


def test_reader_copy_drops_hidden_output_and_never_changes_the_notebook():
    """What a reader sees: no stderr, no record output, no cell tagged remove-cell, figures
    numbered in their alt text; the executed notebook itself is left exactly as it was."""
    import copy

    from nbformat.v4 import new_code_cell, new_notebook, new_output

    from analysis.reports.export import reader_copy
    from analysis.reports.record import MIME
    nb = new_notebook(cells=[
        new_code_cell("a", outputs=[new_output("stream", name="stderr", text="warn"),
                                    new_output("display_data", data={"image/png": "AA"}),
                                    new_output("display_data", data={MIME: "{}"})]),
        new_code_cell("b", metadata={"tags": ["remove-cell"]},
                      outputs=[new_output("stream", name="stdout", text="x")]),
        new_code_cell("c", outputs=[new_output("display_data", data={"image/png": "BB"},
                                               metadata={"alt": "own"})])])
    before = copy.deepcopy(nb)
    out = reader_copy(nb)
    assert nb == before
    assert [c.source for c in out.cells] == ["a", "c"]
    assert [o.get("metadata", {}).get("alt") for c in out.cells for o in c.outputs] == \
        ["figure 1", "own"]
    assert [o.data["image/png"] for c in out.cells for o in c.outputs] == ["AA", "BB"]
