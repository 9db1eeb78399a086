"""The report's figure PNGs: a fixed-layout figure is drawn once at its own size,
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


def _pixels(fig):
    import numpy as np
    fig.canvas.draw()
    out = np.asarray(fig.canvas.buffer_rgba())[..., :3].astype(int)
    plt.close(fig)
    return out


def test_charts_over_their_backdrops_look_like_charts_drawn_whole():
    """The evaluation and observed-vs-predicted charts drawn over a backdrop (as reports do,
    from the build's latar_grafik.zip) and drawn whole (as notebooks do): same picture up to
    the anti-aliasing of edges (< 1 % of pixels differ visibly)."""
    import numpy as np
    import pandas as pd

    from analysis.plots import backdrop as bd
    from analysis.plots.correlations import observed_vs_predicted_frame, ovp_backdrop
    from analysis.plots.evaluation import dimensions_vs_peers, peers_backdrop
    dims = ["baseline", "output", "outcome", "impact", "quick_win", "nilai_final"]
    row = pd.Series([3.6, 2.89, 2.92, 2.59, 3.32, 2.82], index=dims)
    med = pd.Series([2.5, 2.1, 2.0, 1.9, 2.8, 2.3], index=dims)
    stored = bd.from_png(bd.to_png(peers_backdrop(med, dims, 2023, "en")))
    whole = _pixels(dimensions_vs_peers(row, med, 2023, "Kukar", 58, "en"))
    over = _pixels(dimensions_vs_peers(row, med, 2023, "Kukar", 58, "en", backdrop=stored))
    assert whole.shape == over.shape and (np.abs(whole - over).max(axis=2) > 40).mean() < 0.01
    rng = np.random.default_rng(3)
    d = pd.DataFrame({"kode_kemendagri": [f"{i:02d}.01" for i in range(90)],
                      "nama": [f"Kabupaten {i}" for i in range(90)],
                      "prediksi": rng.uniform(1, 3.5, 90), "nilai_final": rng.uniform(1, 3.5, 90)})
    back = bd.from_png(bd.to_png(ovp_backdrop(d, "nilai_final", 2023, "id")))
    whole = _pixels(observed_vs_predicted_frame(d, "nilai_final", "07.01", 2023, "id"))
    over = _pixels(observed_vs_predicted_frame(d, "nilai_final", "07.01", 2023, "id",
                                               backdrop=back))
    assert whole.shape == over.shape and (np.abs(whole - over).max(axis=2) > 40).mean() < 0.01


def test_a_backdrop_of_other_dimensions_is_not_used():
    import pandas as pd

    from analysis.plots.evaluation import dimensions_vs_peers, peers_backdrop
    dims = ["baseline", "output", "nilai_final"]
    med = pd.Series([2.5, 2.1, 2.3], index=dims)
    row = pd.Series([3.6, float("nan"), 2.82], index=dims)   # no output score
    back = peers_backdrop(med, dims, 2023)
    fig = dimensions_vs_peers(row, med, 2023, "Kukar", 58, backdrop=back)
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert ticks == ["Baseline", "Nilai Final"]          # drawn whole, for its own two bars
    plt.close(fig)


def test_report_charts_come_from_the_build_not_drawn_again(monkeypatch):
    """The evaluation and cross-section sections draw only the regency over the backdrops the
    build drew (latar_grafik.zip): one per year and group, and per year, in id and en."""
    import zipfile

    from analysis.processed.figures import CHART_FILE
    from analysis.plots import correlations, evaluation
    from analysis.reports.context import load_context
    from analysis.reports.sections import cross_section
    from analysis.reports.sections import evaluation as evaluation_section

    def drawn_again(*args, **kwargs):
        raise AssertionError("the build drew this backdrop already")
    ctx = load_context("64.02", "en")                    # builds what changed, first
    monkeypatch.setattr(common, "display", lambda *a, **k: None)
    monkeypatch.setattr(evaluation, "_peers", drawn_again)
    monkeypatch.setattr(correlations, "_ovp_figure", drawn_again)
    assert evaluation_section.section(ctx).record["2023"]["nilai_final"] == 2.82
    assert cross_section.section(ctx).record["residu"]
    with zipfile.ZipFile(f"{ctx.processed_dir}/{CHART_FILE}") as z:
        names = z.namelist()
    assert {"dimensi_2023_KPPN_IKN_en.png", "dimensi_2023_REGULER_id.png",
            "dimensi_2022_semua_id.png", "prediksi_2023_en.png",
            "prediksi_2022_id.png"} <= set(names)
