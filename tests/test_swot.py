"""SWOT with IFAS/EFAS: totals and quadrants by hand, IE cells, weight checks, CLI, report."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from conftest import assert_cli_fails_cleanly

from analysis import swot
from analysis.cli import main
from analysis.paths import RAW_DIR

# Two pillars. governance: S 0.6×4 + 0.1×3 = 2.7, W 0.3×2 = 0.6 -> IFAS 3.3, x = 2.1;
# O 0.5×3 = 1.5, T 0.5×4 = 2.0 -> EFAS 3.5, y = -0.5 -> quadrant II (ST), IE cell I.
# economy: S 0.4×1 = 0.4, W 0.6×2 = 1.2 -> IFAS 1.6, x = -0.8;
# O 0.7×4 = 2.8, T 0.3×1 = 0.3 -> EFAS 3.1, y = 2.5 -> quadrant III (WO), IE cell III.
TABLE = """pillar,type,factor,weight,rating
Smart Governance,S,a,0.6,4
governance,S,b,0.1,3
governance,W,c,0.3,2
governance,O,d,0.5,3
governance,T,e,0.5,4
ekonomi,kekuatan,f,0.4,1
economy,W,g,0.6,2
economy,O,h,0.7,4
economy,T,i,0.3,1
"""


@pytest.fixture
def table(tmp_path):
    p = tmp_path / "swot.csv"
    p.write_text(TABLE, encoding="utf-8")
    return p


def test_totals_and_quadrants_by_hand(table):
    s = swot.summarise(swot.score_factors(swot.read_factors(table))).set_index("pillar")
    g, e = s.loc["governance"], s.loc["economy"]
    assert g[["s_score", "w_score", "o_score", "t_score"]].tolist() == pytest.approx(
        [2.7, 0.6, 1.5, 2.0])
    assert (g.ifas_total, g.efas_total, g.x, g.y) == pytest.approx((3.3, 3.5, 2.1, -0.5))
    assert (g.quadrant, g.strategy, g.strategy_label, g.ie_cell) == ("II", "ST", "diversification", "I")
    assert (e.ifas_total, e.efas_total, e.x, e.y) == pytest.approx((1.6, 3.1, -0.8, 2.5))
    assert (e.quadrant, e.strategy, e.ie_cell, e.ie_strategy) == ("III", "WO", "III",
                                                                  "hold_and_maintain")
    assert list(s.index) == ["governance", "economy"]  # pillar order


@pytest.mark.parametrize("x,y,q", [(0.5, 0.2, "I"), (0.5, -0.2, "II"), (-0.5, 0.2, "III"),
                                   (-0.5, -0.2, "IV"), (0.0, 0.0, "I")])
def test_quadrant_signs(x, y, q):
    assert swot.quadrant(x, y) == q


@pytest.mark.parametrize("ifas,efas,cell", [
    (4.0, 4.0, "I"), (3.0, 3.0, "I"), (2.99, 3.0, "II"), (2.0, 3.5, "II"), (1.99, 3.5, "III"),
    (3.5, 2.5, "IV"), (2.5, 2.5, "V"), (1.0, 2.0, "VI"), (3.2, 1.99, "VII"), (2.0, 1.0, "VIII"),
    (1.5, 1.5, "IX")])
def test_ie_cells_and_split_edges(ifas, efas, cell):
    assert swot.ie_cell(ifas, efas) == cell


def test_ie_strategies():
    assert [swot.ie_strategy(c) for c in ("I", "V", "IX", "IV", "VII", "VIII")] == [
        "grow_and_build", "hold_and_maintain", "harvest_or_divest", "grow_and_build",
        "hold_and_maintain", "harvest_or_divest"]


def test_weights_within_tolerance_accepted(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text(TABLE.replace("governance,W,c,0.3,2", "governance,W,c,0.304,2"), encoding="utf-8")
    assert swot.read_factors(p)["weight"].sum() == pytest.approx(4.004)


def run(args, capsys):
    code = main(args)
    return code, capsys.readouterr().err


@pytest.mark.parametrize("old,new,expected", [
    # weights of the economy IFAS sum to 0.9
    ("economy,W,g,0.6,2", "economy,W,g,0.5,2",
     ["swot.csv", "pillar 'economy'", "IFAS weights (S+W) sum to 0.900", "0.100 short of 1.00",
      "column 'weight'"]),
    ("governance,T,e,0.5,4", "governance,T,e,0.6,4",
     ["pillar 'governance'", "EFAS weights (O+T) sum to 1.100", "0.100 over 1.00"]),
    ("economy,O,h,0.7,4", "economy,O,h,0.7,5",
     ["row 9", "column 'rating'", "'5'", "above the maximum 4.0"]),
    ("economy,O,h", "smart city,O,h", ["row 9", "'smart city'", "unknown pillar"]),
    ("economy,T,i", "economy,X,i", ["row 10", "column 'type'", "'X'", "unknown swot type"]),
])
def test_bad_factors_message_and_nothing_written(table, tmp_path, capsys, old, new, expected):
    table.write_text(TABLE.replace(old, new, 1), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    assert_cli_fails_cleanly(["swot", "--factors", table, "--out", out], capsys, expected, out)


def test_cli_columns(table, tmp_path, capsys):
    code, _ = run(["swot", "--factors", str(table), "--out", str(tmp_path / "o")], capsys)
    assert code == 0
    s = pd.read_csv(tmp_path / "o" / "swot_summary.csv")
    for c in swot.SUMMARY_COLUMNS + ["pillar"]:
        assert c in s.columns
    assert s["ifas_total"].tolist() == pytest.approx([3.3, 1.6])
    f = pd.read_csv(tmp_path / "o" / "swot_factors_scored.csv")
    assert f["score"].tolist() == pytest.approx([2.4, 0.3, 0.6, 1.5, 2.0, 0.4, 1.2, 2.8, 0.3])


def test_shipped_tables_six_pillars_and_xlsx_equals_csv():
    files = swot.list_factor_files()
    assert set(files) == {"64.02", "62.06"}
    for code, path in files.items():
        a = swot.read_factors(path)
        pd.testing.assert_frame_equal(a, swot.read_factors(path.with_suffix(".xlsx")))
        s = swot.summarise(swot.score_factors(a))
        assert len(s) == 6 and (a["illustrative"] == "yes").all()
        for p, g in a.groupby("pillar"):  # weights exact to two decimals
            assert g[g.type.isin(["S", "W"])].weight.sum() == pytest.approx(1.0)
    kat = swot.load_factors("62.06")
    assert kat["year"].unique().tolist() == [2022]
    assert kat["factor"].str.contains("Huma Betang").any()  # local wisdom (kearifan lokal)




def test_report_section(shown_text):
    assert swot.report_section("11.71") == {}
    assert "Belum ada tabel faktor SWOT" in shown_text[-1]
    res = swot.report_section("62.06", lang="en")
    json.dumps(res)
    assert res["illustrative"] and res["year"] == 2022 and len(res["pillars"]) == 6
    expected = swot.summarise(swot.score_factors(swot.load_factors("62.06"))).set_index("pillar")
    for p, r in res["pillars"].items():
        assert r["quadrant"] == swot.quadrant(expected.at[p, "x"], expected.at[p, "y"])
    assert any("ILLUSTRATIVE" in str(t) for t in shown_text) and shown_text.count("Figure") == 2
