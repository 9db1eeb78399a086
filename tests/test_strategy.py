"""The strategy chapter (analysis.strategy) against hand calculations: priority scores, ranks
and rank ranges, the TOWS matrix, unused factors, the direction flag, gaps and the roadmap."""
from __future__ import annotations

import copy

import pandas as pd
import pytest

from analysis.strategy import default_year, run_strategy
from analysis.strategy.gaps import gaps, levels_from_readiness
from analysis.strategy.priorities import priorities
from analysis.strategy.roadmap import roadmap, roadmap_programmes, term_of
from analysis.strategy.settings import StrategySettingsError, check_settings, load_settings
from analysis.strategy.tows import direction, tows_table, unused_factors

CRIT = ["impact_score", "urgency_score", "readiness_score", "cost_score"]


def _prog(rows, cols=("id", "pillar", *CRIT)):
    return pd.DataFrame(rows, columns=list(cols))


# ---------------------------------------------------------------- priorities

# P1 (5,5,5,5) mean 5; P2 (4,2,3,3) and P3 (3,3,3,3) mean 3 (a tie); P4 (1,1,1,2) mean 1.25;
# P5 has no criteria (no priority).
TINY = _prog([["P1", "governance", 5, 5, 5, 5], ["P2", "economy", 4, 2, 3, 3],
              ["P3", "living", 3, 3, 3, 3], ["P4", "society", 1, 1, 1, 2],
              ["P5", "living", None, None, None, None]])


def test_equal_weights_scores_ranks_and_rank_ranges():
    out = priorities(TINY).set_index("kode_program")
    assert list(out.index) == ["P1", "P2", "P3", "P4"]                 # P5: not scored
    assert out["skor_prioritas"].tolist() == pytest.approx([5.0, 3.0, 3.0, 1.25])
    assert out["peringkat"].tolist() == [1, 2, 2, 4]                    # a tie shares rank 2
    # P2 - P3 = (w1 - w2) / sum(w): with every weight 1 ± 25 % either may be larger, so both
    # take ranks 2 and 3. P1 = 5 is always first. P4 <= 1 + w4/sum(w) <= 1 + 1.25/3.5 = 1.36,
    # below P2 and P3 >= 3 - 0.5/3.5 = 2.86: always last.
    assert out[["peringkat_min", "peringkat_maks"]].values.tolist() == [[1, 1], [2, 3], [2, 3],
                                                                         [4, 4]]
    assert out.loc["P2", "pilar"] == "economy"


def test_weights_are_a_setting_and_a_firm_order_has_a_one_rank_range():
    cfg = copy.deepcopy(load_settings())
    cfg["priority"]["weights"] = {"impact_score": 2, "urgency_score": 1, "readiness_score": 1,
                                  "cost_score": 0}
    out = priorities(TINY, cfg).set_index("kode_program")
    # (2·x1 + x2 + x3 + 0·x4) / 4: P1 5, P2 (8+2+3)/4 = 3.25, P3 (6+3+3)/4 = 3, P4 (2+1+1)/4 = 1
    assert out["skor_prioritas"].tolist() == pytest.approx([5.0, 3.25, 3.0, 1.0])
    assert out["peringkat"].tolist() == [1, 2, 3, 4]
    # P2 - P3 = (w1 - w2)/sum(w) > 0 for w1 in [1.5, 2.5], w2 in [0.75, 1.25]: order is firm
    assert (out["peringkat_min"] == out["peringkat"]).all()
    assert (out["peringkat_maks"] == out["peringkat"]).all()


def test_no_criteria_no_priorities():
    assert priorities(TINY.iloc[4:]).empty
    assert list(priorities(TINY.iloc[4:]).columns)[:5] == [
        "kode_program", "skor_prioritas", "peringkat", "peringkat_min", "peringkat_maks"]


def test_settings_are_checked():
    cfg = copy.deepcopy(load_settings())
    cfg["priority"]["weights"]["cost_score"] = -1
    with pytest.raises(StrategySettingsError, match="priority.weights.cost_score = -1"):
        check_settings(cfg, "s.yaml")
    cfg = copy.deepcopy(load_settings())
    cfg["priority"]["variation"] = 1.5
    with pytest.raises(StrategySettingsError, match="variation"):
        check_settings(cfg)


# ---------------------------------------------------------------- TOWS, direction, unused

FACTORS = pd.DataFrame(
    [(2024, "governance", "S", "a", 4, "G-S1"), (2024, "governance", "S", "b", 2, "G-S2"),
     (2024, "governance", "W", "c", 3, "G-W1"), (2024, "governance", "W", "d", 3, "G-W2"),
     (2024, "governance", "O", "e", 3, "G-O1"), (2024, "governance", "O", "f", 2, "G-O2"),
     (2024, "governance", "T", "g", 3, "G-T1"), (2024, "governance", "T", "h", 2, "G-T2"),
     (2024, "governance", "T", "i", 4, None),
     (2024, "economy", "S", "j", 3, "E-S1"), (2024, "economy", "W", "k", 4, "E-W1"),
     (2024, "economy", "O", "l", 2, "E-O1"), (2024, "economy", "T", "m", 3, "E-T1"),
     (2023, "economy", "W", "old", 4, "E-W9")],
    columns=["year", "pillar", "type", "factor", "rating", "factor_code"])
STRATEGIES = pd.DataFrame(
    [(2024, "SO1", "governance", "SO", "G-S1, G-O1"), (2024, "SO2", "governance", "SO",
                                                       "G-S1,G-O2"),
     (2024, "WT1", "governance", "WT", "G-W1, G-T1"), (2024, "WO1", "economy", "WO",
                                                       "E-W1, E-O1"),
     (2023, "OLD", "economy", "WT", "E-W9, E-T1")],
    columns=["year", "strategy_code", "pillar", "type", "factors"])
SUMMARY = pd.DataFrame([(2024, "governance", "I", "SO"), (2024, "economy", "IV", "WT")],
                       columns=["year", "pillar", "quadrant", "strategy"])
PROGRAMMES = pd.DataFrame(
    [("P1", "governance", "SO1", 100.0, 2023, 2025), ("P2", "governance", "SO1", 50.0, 2027, 2028),
     ("P3", "governance", "WT1", 30.0, 2020, 2023), ("P4", "economy", None, 80.0, 2024, 2033),
     ("P5", "economy", "OLD", 12.0, 2024, 2035)],
    columns=["id", "pillar", "strategy_code", "budget_planned", "start_year", "end_year"])


def test_tows_table_counts_strategies_programmes_and_budget():
    t = tows_table(STRATEGIES, PROGRAMMES, SUMMARY, 2024).set_index(["pilar", "jenis"])
    assert list(t.index) == [(p, j) for p in ("governance", "economy")
                             for j in ("SO", "ST", "WO", "WT")]
    # governance SO: SO1 and SO2; programmes P1 (100) and P2 (50) carry SO1 -> 2, 150
    assert t.loc[("governance", "SO"), ["n_strategi", "n_program", "anggaran"]].tolist() == \
        [2, 2, 150.0]
    assert t.loc[("governance", "WT"), ["n_strategi", "n_program", "anggaran"]].tolist() == \
        [1, 1, 30.0]
    assert t.loc[("governance", "ST"), ["n_strategi", "n_program", "anggaran"]].tolist() == \
        [0, 0, 0.0]
    # economy WO1 has no programme; P5's strategy OLD is of 2023, not of this year
    assert t.loc[("economy", "WO"), ["n_strategi", "n_program", "anggaran"]].tolist() == \
        [1, 0, 0.0]
    assert t.loc[("economy", "WT"), "n_program"] == 0


def test_direction_flags_a_pillar_whose_strategies_point_away_from_its_quadrant():
    d = direction(STRATEGIES, SUMMARY, 2024).set_index("pilar")
    # governance: quadrant I calls for SO; SO is its most frequent type (2 of 3) -> in line
    assert d.loc["governance", ["strategi_kuadran", "jenis_terbanyak", "arah_menyimpang"]] \
        .tolist() == ["SO", "SO", False]
    # economy: quadrant IV calls for WT; its only strategy is WO -> points away
    assert d.loc["economy", ["strategi_kuadran", "jenis_terbanyak", "arah_menyimpang"]] \
        .tolist() == ["WT", "WO", True]
    tie = pd.concat([STRATEGIES, pd.DataFrame([(2024, "WT9", "economy", "WT", "E-W1, E-T1")],
                                              columns=STRATEGIES.columns)])
    d2 = direction(tie, SUMMARY, 2024).set_index("pilar")
    assert d2.loc["economy", "jenis_terbanyak"] == "WO;WT"          # a tie including WT
    assert not d2.loc["economy", "arah_menyimpang"]
    assert tows_table(STRATEGIES, PROGRAMMES, SUMMARY, 2024).set_index("pilar").loc[
        "economy", "arah_menyimpang"].all()


def test_unused_factors_and_major_weaknesses_and_threats():
    u = unused_factors(FACTORS, STRATEGIES, 2024)
    # used in 2024: G-S1, G-O1, G-O2, G-W1, G-T1, E-W1, E-O1 (OLD is a 2023 strategy)
    u = u.astype(object).where(u.notna(), None)
    assert u[["pilar", "kode_faktor", "jenis", "rating", "utama_tak_tertangani"]].values \
        .tolist() == [
        ["governance", "G-S2", "S", 2.0, False],
        ["governance", "G-W2", "W", 3.0, True],        # weakness rated 3: major, unaddressed
        ["governance", "G-T2", "T", 2.0, False],       # threat rated 2: not major
        ["governance", None, "T", 4.0, True],          # no code: no strategy can list it
        ["economy", "E-S1", "S", 3.0, False],          # a strength is never flagged
        ["economy", "E-T1", "T", 3.0, True]]
    assert unused_factors(FACTORS, STRATEGIES.iloc[0:0], 2024).empty    # no strategy data


# ---------------------------------------------------------------- gaps

TARGETS = pd.DataFrame([("governance", 2026, 4), ("economy", 2026, 3), ("living", 2030, 3),
                        ("governance", 2020, 2), ("society", 2026, 3)],
                       columns=["pillar", "year", "target_level"])


def test_gaps_against_todays_maturity_and_the_programmes_that_can_close_them():
    levels = {"governance": 2, "economy": 3, "society": 1}
    g = gaps(TARGETS, levels, PROGRAMMES, 2024)
    # governance by 2026: 4 - 2 = 2; programmes of governance with start <= 2026 and end >=
    # 2024: P1 (2023-2025) only (P2 starts 2027, P3 ended 2023). economy: 3 - 3 = 0, reached.
    # living: no level today -> no gap computed. society: 3 - 1 = 2, no programme -> flagged.
    # The 2020 target is before the planning year: left out.
    assert g.astype(object).where(g.notna(), None).values.tolist() == [
        ["governance", 2026, 2, 4, 2, 1, False],
        ["economy", 2026, 3, 3, 0, 2, False],
        ["living", 2030, None, 3, None, 0, False],
        ["society", 2026, 1, 3, 2, 0, True]]


def test_levels_from_a_readiness_row():
    row = pd.Series({"tingkat_governance": 2, "tingkat_economy": pd.NA, "tingkat_living": 3})
    assert levels_from_readiness(row) == {"governance": 2, "living": 3}
    assert levels_from_readiness(None) == {}


# ---------------------------------------------------------------- roadmap


def test_terms_from_the_planning_year():
    # years from 2024 to the end: 0..1 short, 2..5 medium, 6..10 long, 11 and more beyond
    assert [term_of(e, 2024) for e in (2024, 2025, 2026, 2029, 2030, 2034, 2035)] == [
        "pendek", "pendek", "menengah", "menengah", "panjang", "panjang", "melewati"]


def test_roadmap_programmes_and_budget_per_pillar_and_year():
    road = roadmap_programmes(PROGRAMMES, 2024)
    # P3 ended in 2023: not on the roadmap. Years from 2024 to the end: P1 2025 (1: short),
    # P2 2028 (4: medium), P4 2033 (9: long), P5 2035 (11: beyond the ten years)
    assert road[["kode_program", "jangka"]].values.tolist() == [
        ["P1", "pendek"], ["P2", "menengah"], ["P4", "panjang"], ["P5", "melewati"]]
    # P1: 100 over 2023-2025 = 33.33 a year; P2 50 over 2 years; P4: 80 over 10 years = 8;
    # P5: 12 over 2024-2035 = 1 a year
    assert road.set_index("kode_program")["anggaran_per_tahun"].tolist() == pytest.approx(
        [100 / 3, 25.0, 8.0, 1.0])
    r = roadmap(PROGRAMMES, 2024).set_index(["pilar", "tahun", "jangka"])
    assert r.loc[("governance", 2024, "pendek"), ["n_program", "anggaran"]].tolist() == \
        pytest.approx([1, 100 / 3])                     # P1 only (P2 starts 2027)
    assert r.loc[("governance", 2027, "menengah"), "anggaran"] == pytest.approx(25.0)
    assert ("governance", 2023, "pendek") not in r.index          # before the planning year
    assert r.loc[("economy", 2030, "panjang"), "anggaran"] == pytest.approx(8.0)
    total = r.xs("economy", level="pilar")["anggaran"].sum()
    assert total == pytest.approx(80 + 12)              # both economy programmes start 2024


# ---------------------------------------------------------------- the whole chapter


def test_run_strategy_year_and_missing_inputs():
    assert default_year(FACTORS, STRATEGIES) == 2024
    assert default_year(None, None) is None
    prog = PROGRAMMES.assign(**{c: None for c in CRIT})
    res = run_strategy(FACTORS, SUMMARY, STRATEGIES, prog, None, {"governance": 2})
    assert res.year == 2024 and res.missing == ["criteria", "targets"]
    assert res.prioritas.empty and res.kesenjangan.empty and len(res.tows) == 8
    assert res.has_strategy_data
    old = run_strategy(FACTORS.assign(factor_code=None), SUMMARY, None, prog, None, {})
    assert not old.has_strategy_data and old.faktor_tak_terpakai.empty
    assert old.tows.empty and not old.peta_jalan.empty                  # roadmap anyway
    none = run_strategy(None, None, None, None, None, None)
    assert none.year is None and list(none.tows.columns)[:2] == ["pilar", "jenis"]
