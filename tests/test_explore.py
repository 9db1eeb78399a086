"""The explorer's functions called directly (the notebook's headless path and the widgets)."""
from __future__ import annotations

import json

import matplotlib.pyplot as plt
import numpy as np
import pytest
from scipy import stats

from analysis.paths import RAW_DIR
from analysis.data.raw_tables import load_evaluation_raw, load_profiles
from analysis.reports.explorer import (ExplorerError, choices, explore, explore_data,
                                           explore_figure,
                              in_voila, regency_scores, run_explorer)


@pytest.fixture(scope="module")
def cs2022():
    raw = load_evaluation_raw(2022, RAW_DIR)
    ev = raw[raw["nilai_final"] > 0].drop(columns="nama")
    return ev.merge(load_profiles(RAW_DIR), on="kode_kemendagri")




def test_explore_data_against_scipy(cs2022):
    d = explore_data("35.07", "outcome", "uhh_2021", 2022)
    json.dumps(d)
    rho, p = stats.spearmanr(cs2022["uhh_2021"], cs2022["outcome"])
    assert d["n"] == 38 and d["spearman"] == pytest.approx(rho) and d["p"] == pytest.approx(p)
    assert d["x"] == 72.61 and d["y"] == 2.92 and d["dievaluasi"] is True
    assert d["persentil_x"] == pytest.approx(stats.percentileofscore(cs2022["uhh_2021"], 72.61,
                                                                     kind="weak"))
    assert d["persentil_y"] == pytest.approx(stats.percentileofscore(cs2022["outcome"], 2.92,
                                                                     kind="weak"))


def test_not_evaluated_regency_gets_a_dashed_line(cs2022):
    d = explore_data("64.02", "nilai_final", "ipm_2021", 2022)   # Kukar: not in 2022
    assert d["dievaluasi"] is False and d["y"] is None and d["persentil_y"] is None
    assert d["persentil_x"] == pytest.approx(stats.percentileofscore(cs2022["ipm_2021"], 74.06,
                                                                     kind="weak"))
    fig = explore_figure("64.02", "nilai_final", "ipm_2021", 2022, n_boot=50)
    xs = [ln.get_xdata()[0] for ln in fig.axes[0].get_lines() if ln.get_linestyle() == "--"]
    plt.close(fig)
    assert xs == [74.06]


def test_evaluated_regency_is_highlighted():
    fig = explore_figure("35.07", "nilai_final", "ipm_2021", 2023, lang="en", n_boot=50)
    texts = [t.get_text() for t in fig.axes[0].texts]
    plt.close(fig)
    assert "Kabupaten Malang" in texts


@pytest.mark.slow  # a full build or boundary load: seconds, not milliseconds
def test_explore_displays_and_returns_the_same_numbers(shown):
    d = explore("35.07", "nilai_final", "kepadatan", 2023, "en")
    assert d == explore_data("35.07", "nilai_final", "kepadatan", 2023)
    assert any(isinstance(o, plt.Figure) for o in shown)
    md = "\n".join(o.data for o in shown if hasattr(o, "data") and isinstance(o.data, str))
    assert "Kabupaten Malang" in md and "percentile" in md


@pytest.mark.slow  # needs a full build of the shipped data (seconds)
def test_run_explorer_headless_and_interactive(shown):
    d = run_explorer(False, "64.02", "quick_win", "log_kepadatan", 2023, "id")
    assert d["index"] == "quick_win" and d["n"] == 130
    d2, box = run_explorer(True, "64.02", "quick_win", "log_kepadatan", 2023, "en")
    assert d2 == d
    dropdowns = [w for row in box.children[:2] for w in row.children]
    assert [w.value for w in dropdowns] == ["64.02", "quick_win", "log_kepadatan", 2023]
    before = len(shown)
    dropdowns[0].value = "35.07"  # the callback re-runs explore for the new regency
    md = [o.data for o in shown[before:] if isinstance(getattr(o, "data", None), str)]
    assert any("Kabupaten Malang" in m for m in md)


def test_unknown_choices_raise_before_any_widget():
    with pytest.raises(ExplorerError, match="99.99"):
        run_explorer(True, "99.99")
    with pytest.raises(ExplorerError):
        explore_data("64.02", "nilai_final", "ipm_2021", 2021)


def test_choices_and_scores():
    c = choices()
    assert len(c["regency"]) == 142 and c["year"] == [2022, 2023]
    assert ("Nilai final", "nilai_final") in c["index"]
    s = regency_scores("35.07", lang="en")
    assert s.loc[2022, "Final score"] == 2.51 and s.loc[2023, "Final score"] == 2.94
    assert np.isnan(regency_scores("62.06").loc[2023, "Nilai final"])


def test_the_explorer_shows_its_widgets_when_voila_serves_it(monkeypatch):
    monkeypatch.delenv("SERVER_SOFTWARE", raising=False)
    assert in_voila() is False                           # JupyterLab, papermill, nbval
    monkeypatch.setenv("SERVER_SOFTWARE", "voila/0.5.13")  # what Voilà sets in its kernels
    assert in_voila() is True
    monkeypatch.setenv("SERVER_SOFTWARE", "TornadoServer/6.4")
    assert in_voila() is False


def test_explore_map_shows_the_chosen_index_with_the_regency_outlined():
    from matplotlib.collections import PathCollection
    from matplotlib.colors import to_hex

    from analysis.reports.explorer import explore_map
    from analysis.plots.maps import MARK, NO_DATA
    fig = explore_map("64.02", "quick_win", 2023, "en")
    base, outline = [c for c in fig.axes[0].collections if isinstance(c, PathCollection)]
    faces = [to_hex(c) for c in base.get_facecolor()]
    # 514 kabupaten/kota; 130 evaluated in 2023 carry a colour, the other 384 are grey
    assert len(faces) == 514 and faces.count(NO_DATA) == 514 - 130
    assert len(outline.get_paths()) == 1 and to_hex(outline.get_edgecolor()[0]) == MARK
    assert fig.axes[0].get_title() == "Quick Win, 2023"
    plt.close(fig)
    ready = explore_map("64.02", "kesiapan_total", 2023, "id")
    assert "DATA ILUSTRATIF" in [t.get_text() for t in ready.axes[0].texts]
    plt.close(ready)
