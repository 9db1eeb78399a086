"""SWOT with IFAS/EFAS: totals and quadrants by hand, IE cells, weight checks, CLI, report."""
from __future__ import annotations

import dataclasses
import json

import pandas as pd
import pytest

from conftest import assert_cli_fails_cleanly
from helpers.masterplan_tables import swot_table

from analysis.paths import RAW_DIR
from analysis.processed import tables
from analysis.processed.spec import Sources
from analysis.cli import main
from analysis.masterplan import swot
from analysis.reports.context import load_context
from analysis.reports.sections import swot as swot_section

# Two pillars; ratings are magnitudes, the IFAS/EFAS totals read W and T as 5 − rating.
# governance: S 0.6×4 + 0.1×3 = 2.7, W 0.3×2 = 0.6 -> x = 2.1; IFAS 2.7 + 0.3×(5−2) = 3.6
#   (= x + 5×0.3); O 0.5×3 = 1.5, T 0.5×4 = 2.0 -> y = -0.5; EFAS 1.5 + 0.5×(5−4) = 2.0
#   (= y + 5×0.5) -> quadrant II (ST); IFAS strong, EFAS medium (2.0 is medium) -> IE cell IV.
# economy: S 0.4×1 = 0.4, W 0.6×2 = 1.2 -> x = -0.8; IFAS 0.4 + 0.6×3 = 2.2 (= -0.8 + 3.0);
#   O 0.7×4 = 2.8, T 0.3×1 = 0.3 -> y = 2.5; EFAS 2.8 + 0.3×4 = 4.0 (= 2.5 + 1.5)
#   -> quadrant III (WO); IFAS average, EFAS high -> IE cell II.
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
    assert (g.ifas_total, g.efas_total, g.x, g.y) == pytest.approx((3.6, 2.0, 2.1, -0.5))
    assert (g.quadrant, g.strategy, g.strategy_label, g.ie_cell) == \
        ("II", "ST", "diversification", "IV")
    assert (e.ifas_total, e.efas_total, e.x, e.y) == pytest.approx((2.2, 4.0, -0.8, 2.5))
    assert (e.quadrant, e.strategy, e.ie_cell, e.ie_strategy) == ("III", "WO", "II",
                                                                  "grow_and_build")
    assert not s["views_disagree"].any() and (s["disagree_reason"] == "").all()
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
    assert_cli_fails_cleanly(["swot", "--factors", table, "--out", out, "--lang", "en"], capsys,
                             expected, out)


def test_cli_columns(table, tmp_path, capsys):
    code, _ = run(["swot", "--factors", str(table), "--out", str(tmp_path / "o")], capsys)
    assert code == 0
    s = pd.read_csv(tmp_path / "o" / "swot_summary.csv")
    for c in swot.SUMMARY_COLUMNS + ["pillar"]:
        assert c in s.columns
    assert s["ifas_total"].tolist() == pytest.approx([3.6, 2.2])
    assert s["efas_total"].tolist() == pytest.approx([2.0, 4.0])
    f = pd.read_csv(tmp_path / "o" / "swot_factors_scored.csv")
    assert f["score"].tolist() == pytest.approx([2.4, 0.3, 0.6, 1.5, 2.0, 0.4, 1.2, 2.8, 0.3])
    # W and T reversed: governance W 0.3×(5−2), T 0.5×(5−4); economy W 0.6×3, T 0.3×4
    assert f["total_score"].tolist() == pytest.approx([2.4, 0.3, 0.9, 1.5, 0.5, 0.4, 1.8, 2.8, 1.2])
    assert s["ie_cell"].tolist() == ["IV", "II"]
    assert s["views_disagree"].tolist() == [False, False]


def test_shipped_tables_six_pillars_and_xlsx_equals_csv():
    files = swot.list_factor_files(RAW_DIR)
    assert set(files) == {"64.02", "62.06"}
    for path in files.values():
        a = swot.read_factors(path)
        pd.testing.assert_frame_equal(a, swot.read_factors(path.with_suffix(".xlsx")))
        s = swot.summarise(swot.score_factors(a))
        assert len(s) == 6 and (a["illustrative"] == "yes").all()
        for _, g in a.groupby("pillar"):  # weights exact to two decimals
            assert g[g.type.isin(["S", "W"])].weight.sum() == pytest.approx(1.0)
    kat = swot.load_factors("62.06", RAW_DIR)
    assert kat["year"].unique().tolist() == [2022]
    assert kat["factor"].str.contains("Huma Betang").any()  # local wisdom (kearifan lokal)




def test_report_section(shown_text):
    assert swot_section.section(load_context("11.71")).record == {}
    assert "Belum ada tabel faktor SWOT" in shown_text[-1]
    res = swot_section.section(load_context("62.06", "en")).record
    json.dumps(res)
    assert res["illustrative"] and res["tahun"] == 2022 and len(res["pilar"]) == 6
    # by hand from swot_factors_62.06.csv: x = ΣS − ΣW, y = ΣO − ΣT (weight × rating)
    # governance x = (.34×3 + .2×4) − (.16×2 + .3×2) = 1.82 − 0.92 = 0.90,
    #            y = (.25×3 + .49×4) − .26×3 = 2.71 − 0.78 = 1.93           -> I
    # branding   x = 1.47 − 1.74 = −0.27, y = 1.58 − 0.63 = 0.95             -> III
    # economy    x = 1.34 − 0.99 = 0.35,  y = 2.56 − 1.08 = 1.48             -> I
    # living     x = 1.14 − 1.86 = −0.72, y = 1.92 − 1.08 = 0.84             -> III
    # society    x = 1.89 − 0.92 = 0.97,  y = 0.82 − 1.49 = −0.67            -> II
    # environment x = 1.22 − 1.17 = 0.05, y = 0.69 − 2.31 = −1.62            -> II
    hand = {"governance": (0.90, 1.93, "I"), "branding": (-0.27, 0.95, "III"),
            "economy": (0.35, 1.48, "I"), "living": (-0.72, 0.84, "III"),
            "society": (0.97, -0.67, "II"), "environment": (0.05, -1.62, "II")}
    for p, (x, y, q) in hand.items():
        r = res["pilar"][p]
        assert (r["x"], r["y"], r["kuadran"]) == (pytest.approx(x, abs=1e-9),
                                                   pytest.approx(y, abs=1e-9), q), p
    assert any("ILLUSTRATIVE" in str(t) for t in shown_text) and shown_text.count("Figure") == 2
    assert res["n_arah_berlawanan"] == 0
    assert shown_text[-1].endswith("The quadrant and the IE matrix point opposite ways for no "
                                   "pillar.")


# Two pillars whose quadrant and IE cell point opposite ways (DOMAIN.md §5).
# living: S 0.2×4 = 0.8, W 0.8×1.5 = 1.2 -> x = -0.4; IFAS = -0.4 + 5×0.8 = 3.6 (strong);
#   O 0.3×2 = 0.6, T 0.7×1 = 0.7 -> y = -0.1; EFAS = -0.1 + 5×0.7 = 3.4 (high)
#   -> quadrant IV defensive, IE cell I grow and build: heavily weighted but minor W and T.
# society: S 0.7×1 = 0.7, W 0.3×2 = 0.6 -> x = 0.1; IFAS = 0.1 + 5×0.3 = 1.6 (weak);
#   O 0.8×1 = 0.8, T 0.2×3 = 0.6 -> y = 0.2; EFAS = 0.2 + 5×0.2 = 1.2 (low)
#   -> quadrant I aggressive, IE cell IX harvest or divest.
# economy agrees: quadrant III, cell II (TABLE's economy pillar).
DISAGREE = """pillar,type,factor,weight,rating
living,S,a,0.2,4
living,W,b,0.8,1.5
living,O,c,0.3,2
living,T,d,0.7,1
society,S,e,0.7,1
society,W,f,0.3,2
society,O,g,0.8,1
society,T,h,0.2,3
economy,S,i,0.4,1
economy,W,j,0.6,2
economy,O,k,0.7,4
economy,T,l,0.3,1
"""


def _disagree_table(tmp_path, name="swot.csv"):
    p = tmp_path / name
    p.write_text(DISAGREE, encoding="utf-8")
    return p


def test_opposite_views_are_flagged_with_a_reason(tmp_path):
    s = swot.summarise(swot.score_factors(swot.read_factors(_disagree_table(tmp_path))))
    s = s.set_index("pillar")
    assert (s.loc["living", ["ifas_total", "efas_total", "x", "y"]].tolist()
            == pytest.approx([3.6, 3.4, -0.4, -0.1]))
    assert (s.loc["society", ["ifas_total", "efas_total", "x", "y"]].tolist()
            == pytest.approx([1.6, 1.2, 0.1, 0.2]))
    assert s[["quadrant", "ie_cell"]].to_dict("index") == {
        "living": {"quadrant": "IV", "ie_cell": "I"}, "society": {"quadrant": "I", "ie_cell": "IX"},
        "economy": {"quadrant": "III", "ie_cell": "II"}}
    assert s["views_disagree"].to_dict() == {"living": True, "society": True, "economy": False}
    assert s.at["living", "disagree_reason"] == (
        "quadrant IV defensive (WT), but IE cell I grow and build")
    assert s.at["society", "disagree_reason"] == (
        "quadrant I aggressive (SO), but IE cell IX harvest or divest")
    assert s.at["economy", "disagree_reason"] == ""
    text = swot.disagreement_text(s.reset_index(), "id")
    assert "arah berlawanan" in text and "Smart Living (kuadran IV defensif (WT), tetapi sel IE " \
        "I tumbuh dan membangun)" in text and "Smart Society" in text and "Economy" not in text
    shown = swot.display_summary(s.reset_index(), "en").set_index("Pillar")["Quadrant ≠ IE"]
    assert shown["Smart Economy"] == "" and "harvest" in shown["Smart Society"]
    assert "Quadrant ≠ IE" not in swot.display_summary(s.loc[["economy"]].reset_index(), "en")


@pytest.mark.parametrize("quad,strategy,opposite", [
    ("IV", "grow_and_build", True), ("I", "harvest_or_divest", True),
    ("IV", "harvest_or_divest", False), ("I", "grow_and_build", False),
    ("II", "harvest_or_divest", False), ("III", "grow_and_build", False),
    ("IV", "hold_and_maintain", False), ("I", "hold_and_maintain", False)])
def test_only_opposite_directions_count_as_disagreement(quad, strategy, opposite):
    assert swot.views_disagree(quad, strategy) is opposite


def test_kukar_smart_living_defensive_is_no_longer_grow_and_build():
    # Shipped 64.02 table, Smart Living (by hand from data/raw/swot_factors_64.02.csv):
    # S 0.22×2 + 0.22×3 = 1.10; W 0.21×4 + 0.35×4 = 2.24 -> x = -1.14
    # O 0.43×2 = 0.86; T 0.29×4 + 0.28×3 = 2.00 -> y = -1.14 (quadrant IV defensive)
    # IFAS = -1.14 + 5×(0.21 + 0.35) = 1.66 (weak), EFAS = -1.14 + 5×(0.29 + 0.28) = 1.71 (low)
    # -> IE cell IX harvest or divest (the old ΣS + ΣW gave 3.34 / 2.86, cell IV grow and build).
    s = swot.summarise(swot.score_factors(swot.load_factors("64.02", RAW_DIR))).set_index("pillar")
    liv = s.loc["living"]
    assert (liv.x, liv.y, liv.ifas_total, liv.efas_total) == \
        pytest.approx((-1.14, -1.14, 1.66, 1.71))
    assert (liv.quadrant, liv.strategy_label, liv.ie_cell, liv.ie_strategy) == (
        "IV", "defensive", "IX", "harvest_or_divest")
    assert s["ie_strategy"].nunique() > 1  # no longer "grow and build" for all six pillars
    shown = swot.display_summary(s.reset_index(), "id").set_index("Pilar").loc["Smart Living"]
    assert shown[["IFAS", "EFAS", "x = S − W", "Sel IE"]].tolist() == [
        "1,66", "1,71", "-1,14", "IX panen atau divestasi"]


def _independent_summary(path):
    """Per pillar from the CSV by another route: IFAS = x + 5·Σw(W), EFAS = y + 5·Σw(T), and
    the IE cell from a literal 3 × 3 table (rows EFAS high/medium/low, columns IFAS
    strong/average/weak)."""
    import csv

    grid = [["I", "II", "III"], ["IV", "V", "VI"], ["VII", "VIII", "IX"]]
    band = lambda v: 0 if v >= 3.0 - 1e-9 else (1 if v >= 2.0 - 1e-9 else 2)  # noqa: E731
    acc = {}
    for row in csv.DictReader(open(path, encoding="utf-8")):
        a = acc.setdefault(row["pillar"], {"S": 0.0, "W": 0.0, "O": 0.0, "T": 0.0, "wW": 0.0,
                                           "wT": 0.0})
        w, r = float(row["weight"]), float(row["rating"])
        a[row["type"]] += w * r
        if row["type"] in "WT":
            a["w" + row["type"]] += w
    out = {}
    for pillar, a in acc.items():
        x, y = a["S"] - a["W"], a["O"] - a["T"]
        ifas, efas = x + 5 * a["wW"], y + 5 * a["wT"]
        out[pillar] = (round(ifas, 6), round(efas, 6), grid[band(efas)][band(ifas)])
    return out


@pytest.mark.parametrize("code", ["64.02", "62.06"])
def test_shipped_outputs_match_an_independent_computation(code):
    expected = _independent_summary(swot.list_factor_files(RAW_DIR)[code])
    s = swot.summarise(swot.score_factors(swot.load_factors(code, RAW_DIR)))
    got = {r.pillar: (round(r.ifas_total, 6), round(r.efas_total, 6), r.ie_cell)
           for r in s.itertuples()}
    assert got == expected
    assert s["ifas_total"].between(1, 4).all() and s["efas_total"].between(1, 4).all()


def test_shipped_ie_cells_by_pillar():
    # Kukar 2021 and Katingan 2022, the cells the independent computation above confirms;
    # hand check for Katingan economy: S 0.33×2 + 0.34×2 = 1.34, W 0.33×3 = 0.99, x = 0.35,
    # IFAS = 0.35 + 5×0.33 = 2.00 (average: 2.0 belongs to the middle band); O 0.64×4 = 2.56,
    # T 0.36×3 = 1.08, y = 1.48, EFAS = 1.48 + 5×0.36 = 3.28 (high) -> cell II.
    cells = {code: swot.summarise(swot.score_factors(swot.load_factors(code, RAW_DIR)))
             .set_index("pillar")["ie_cell"].to_dict() for code in ("64.02", "62.06")}
    assert cells["64.02"] == {"governance": "I", "branding": "V", "economy": "III",
                              "living": "IX", "society": "II", "environment": "VIII"}
    assert cells["62.06"] == {"governance": "I", "branding": "V", "economy": "II",
                              "living": "V", "society": "V", "environment": "V"}


def test_report_section_says_where_the_views_disagree(tmp_path, shown_text):
    d = tmp_path / "raw"
    d.mkdir()
    _disagree_table(d, "swot_factors_99.01.csv")
    ctx = dataclasses.replace(load_context("64.02", "en"), code="99.01", tables={
        "swot_ringkasan": swot_table(tables.swot_summaries, Sources.from_dir(d), "99.01")})
    res = swot_section.section(ctx).record
    assert res["n_arah_berlawanan"] == 2
    assert res["pilar"]["living"]["arah_berlawanan"] is True
    text = "\n".join(map(str, shown_text))
    assert "point opposite ways for Smart Living (quadrant IV defensive (WT), but IE cell I " \
        "grow and build); Smart Society" in text
    assert "reads weakness and threat ratings reversed (5 − rating)" in text
    assert "reads ratings as magnitudes" in text


def test_help_explains_both_readings(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["swot", "--help"])
    assert exc.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    for part in ("Ratings 1–4 are magnitudes", "x = ΣS − ΣW", "reversed (5 − rating)",
                 "IFAS = x + 5·Σweight(W)", "views_disagree"):
        assert part in out, part


def test_most_frequent_strategy_names_every_tie():
    s = lambda *v: pd.DataFrame({"strategy": list(v)})  # noqa: E731
    assert swot.most_frequent_strategies(s("SO", "WO", "SO", "WO", "ST", "ST")) == (
        ["SO", "ST", "WO"], 2)                        # quadrant order I, II, III
    assert swot.most_frequent_strategies(s("WT", "SO", "WT")) == (["WT"], 2)
    assert swot.most_frequent_strategies(s()) == ([], 0)


def test_report_section_says_the_katingan_tie(shown_text):
    # Katingan 2022: governance and economy SO, branding and living WO, society and
    # environment ST: SO = WO = ST = 2 pillars each, so no quadrant is "the most frequent"
    rec = swot_section.section(load_context("62.06", "id")).record
    got = {p: v["strategi"] for p, v in rec["pilar"].items()}
    counts = pd.Series(got).value_counts().to_dict()
    assert counts == {"SO": 2, "WO": 2, "ST": 2}
    assert rec["kuadran_terbanyak"] == ["SO", "ST", "WO"]
    text = "\n".join(map(str, shown_text))
    assert "tidak ada satu kuadran terbanyak: SO, ST dan WO seri, masing-masing 2 dari 6 pilar" \
        in text and "kuadran terbanyak: SO." not in text
    shown_text.clear()
    rec = swot_section.section(load_context("64.02", "en")).record
    assert rec["kuadran_terbanyak"] == ["SO"]
    assert "most frequent quadrant: SO (3 of 6 pillars)" in "\n".join(map(str, shown_text))
