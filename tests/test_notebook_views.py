"""The what-if calculator and correlation notebook views show tables in the reports' one table
style (analysis.escape.styled): headers in the chosen language, numbers in its format, no
DataFrame repr."""
from __future__ import annotations

import re
from html import unescape
from types import SimpleNamespace

import pandas as pd

from analysis.correlations import views
from analysis.escape import TABLE_CLASS
from analysis.evaluation.calculator import target_view
from analysis.evaluation.dimension_whatif import plan_from_levers


def _cells(html: str) -> list[str]:
    found = re.findall(r"<t[dh][^>]*>.*?</t[dh]>", html, re.S)
    return [unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in found]


def _heads(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<th[^>]*>.*?</th>", html,
                                                                   re.S)]


RAW = pd.DataFrame({
    "tahun": [2023, 2023, 2022], "method": ["spearman"] * 3, "y": ["nilai_final"] * 3,
    "x": ["penduduk", "ipm", "penduduk"], "n": [130, 12, 99],
    "estimate": [0.45678, -0.1234, 0.9], "ci_low": [0.3001, -0.5, 0.8],
    "ci_high": [0.58, 0.2, 0.95], "p": [0.00001, 0.7, 0.1], "p_adj": [0.00002, 0.7, 0.1],
    "small_sample": [False, True, False]})


def test_raw_correlation_table_in_indonesian_and_english():
    html = views.raw_view(RAW, 2023, "spearman", "nilai_final", "id").to_html()
    assert f'class="{TABLE_CLASS}"' in html
    assert _heads(html) == ["Variabel", "n", "Korelasi", "IK 95% bawah", "IK 95% atas", "p",
                            "p (BH)", "Sampel kecil"]
    cells = _cells(html)
    # 0.45678 to three places with a decimal comma; -0.1234 → -0,123; booleans as words
    assert "0,457" in cells and "-0,123" in cells and "0,300" in cells
    assert "Ya" in cells and "Tidak" in cells and "130" in cells
    assert not any(re.fullmatch(r"-?\d+\.\d+", c) for c in cells)        # no dot decimals
    for english in ("estimate", "ci_low", "small_sample", "True", "False", "NaN"):
        assert english not in html
    assert len([c for c in cells if c == "0,900"]) == 0                 # 2022 row left out
    en = views.raw_view(RAW, 2023, "spearman", "nilai_final", "en").to_html()
    assert _heads(en)[:3] == ["Variable", "n", "Correlation"]
    assert "0.457" in _cells(en) and "Yes" in _cells(en)


def test_partial_and_model_tables():
    surv = pd.DataFrame({"x": ["penduduk"], "estimate_raw": [0.5], "ci_low_raw": [0.3],
                         "ci_high_raw": [0.7], "estimate_partial": [0.25],
                         "ci_low_partial": [0.05], "ci_high_partial": [0.45],
                         "p_adj_partial": [0.04], "share_kept": [0.5]})
    html = views.partial_view(surv, "id").to_html()
    assert "Bagian tersisa" in _heads(html) and "share_kept" not in html
    assert "0,250" in _cells(html) and "0,500" in _cells(html)
    res = SimpleNamespace(
        coefficients=pd.DataFrame({"term": ["Intercept", "np.log(penduduk)"],
                                   "coef": [1.23456, -0.5], "se_hc3": [0.1, 0.2],
                                   "z": [12.3456, -2.5], "p": [0.0, 0.0124],
                                   "ci_low": [1.0, -0.9], "ci_high": [1.4, -0.1]}),
        vif=pd.DataFrame({"term": ["np.log(penduduk)", "kota"], "vif": [1.234, 5.5]}),
        diagnostics={"n": 130, "r2": 0.41234, "r2_adj": 0.4, "breusch_pagan_lm": 3.2,
                     "breusch_pagan_p": 0.2, "jarque_bera": 1.1, "jarque_bera_p": 0.57,
                     "cooks_top": [{"nama": "Kab. Kutai Kartanegara", "cooks_d": 0.31}]})
    coef = views.coefficients_view(res, "id").to_html()
    assert _heads(coef) == ["Suku", "Koefisien", "Galat baku (HC3)", "z", "p", "IK 95% bawah",
                            "IK 95% atas"]
    cells = _cells(coef)
    assert "Konstanta" in cells and "log Penduduk (jiwa)" in cells
    assert "1,2346" in cells and "12,3456" in cells
    vif = views.vif_view(res, "id").to_html()
    assert "1,23" in _cells(vif) and "5,50" in _cells(vif)
    diag = views.diagnostics_view(res, "id").to_html()
    cells = _cells(diag)
    assert "130" in cells and "130,0000" not in cells                  # n a whole number
    assert "0,4123" in cells and "Cook's D: Kab. Kutai Kartanegara" in cells
    assert "diagnostic" not in _heads(diag) and "diagnostik" in _heads(diag)


def test_target_plan_table_in_indonesian():
    lv = pd.DataFrame({"dimensi": ["impact", "output"], "nilai_sekarang": [2.5, 3.0],
                       "bobot": [0.5, 0.5]})
    lv.attrs["final"] = 2.75
    plan = plan_from_levers(lv, 3.0)
    # alone: impact needs 2.5 + (3.0 - 2.75) / 0.5 = 3.0, output 3.0 + 0.5 = 3.5
    html = target_view(plan, "id").to_html()
    heads = _heads(html)
    assert heads[:5] == ["Dimensi", "Bobot", "Sekarang", "Perlu (dimensi ini saja)",
                         "Kenaikan perlu"]
    assert not {"dimensi", "nilai_perlu", "tercapai", "jalur_urutan"} & set(heads)
    cells = _cells(html)
    assert "3,00" in cells and "3,50" in cells and "0,50" in cells and "Ya" in cells
    assert f'class="{TABLE_CLASS}"' in html
    en = target_view(plan, "en").to_html()
    assert _heads(en)[:3] == ["Dimension", "Weight", "Now"] and "3.50" in _cells(en)


def test_show_raw_displays_no_dataframe(monkeypatch):
    """What the notebook function displays: Markdown, figures and a Styler, never a frame."""
    from pandas.io.formats.style import Styler
    shown = []
    monkeypatch.setattr(views, "display", shown.append)
    monkeypatch.setattr(views.cplots, "heatmap", lambda *a, **k: None)
    monkeypatch.setattr(views.plt, "close", lambda fig: None)
    views.show_raw(RAW, 2023, "spearman", "nilai_final", "id")
    assert not any(isinstance(o, pd.DataFrame) for o in shown)
    assert sum(isinstance(o, Styler) for o in shown) == 1
