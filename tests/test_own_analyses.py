"""Analyses on a regency's own data (``--add``): readiness ranked honestly, the RPJMD
alignment table, on track / behind / ahead per pillar and agency with the change per year."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.paths import RAW_DIR
from analysis import readiness
from analysis.masterplan import alignment
from analysis.masterplan.tracking import change_code, status_by_year
from analysis.readiness import own

GOV = ["RK.1.1.STR.1", "RK.1.1.INF.1", "RK.1.1.SUP.1"]


def assessment(path, code, scores, ilustratif="tidak"):
    """An own assessment file of the layanan_publik items (as workbench import writes it)."""
    pd.DataFrame({"kode_kemendagri": code, "nama": f"Daerah {code}",
                  "kode_butir": GOV[:len(scores)], "skor": scores,
                  "ilustratif": ilustratif}).to_csv(path, index=False)
    return path


def test_one_own_assessment_has_no_comparison_group(tmp_path):
    p = assessment(tmp_path / "readiness_assessment_64.02.csv", "64.02", [1, 2, 3])
    t = own.own_table([p])
    r = t.iloc[0]
    # (x-1)/3 -> 0, 1/3, 2/3: layanan_publik = mean x 100 = 33.33; the only sub-dimension
    # scored, so governance = 33.33 too; elements: struktur item 1 -> 0, suprastruktur 3 -> 66.67
    assert r["governance"] == pytest.approx(100 / 3)
    assert r["struktur"] == 0 and r["suprastruktur"] == pytest.approx(200 / 3)
    assert pd.isna(r["peringkat"]) and r["n_pembanding"] == 1
    assert r["sumber"] == "own" and not r["ilustratif"]


def test_own_assessments_ranked_among_real_own_ones_only(tmp_path):
    a = assessment(tmp_path / "a.csv", "64.02", [1, 2, 3])
    b = assessment(tmp_path / "b.csv", "62.06", [4, 4, 4])
    c = assessment(tmp_path / "c.csv", "11.01", [4, 4, 4], ilustratif="ya")
    t = own.own_table([a, b, c]).set_index("kode_kemendagri")
    # 62.06 scores 100, 64.02 33.33: ranks 2 and 1 among the two real ones; 11.01 (illustrative
    # although in an add directory) is never ranked
    assert t.loc["62.06", "peringkat"] == 1 and t.loc["64.02", "peringkat"] == 2
    assert t.loc["64.02", "n_pembanding"] == 2
    assert pd.isna(t.loc["11.01", "peringkat"]) and bool(t.loc["11.01", "ilustratif"])


def test_layered_table_keeps_every_national_row_and_rank(tmp_path):
    nat = readiness.readiness_table(RAW_DIR)
    p = assessment(tmp_path / "readiness_assessment_64.02.csv", "64.02", [4, 4, 4])
    tab = own.layered_table(nat, own.own_table([p]))
    national = tab[tab["sumber"] != "own"].drop(columns=["sumber", "n_pembanding"])
    # other regencies untouched (ranks become nullable integers beside the own rows)
    pd.testing.assert_frame_equal(national, nat, check_dtype=False)
    assert (tab["sumber"] == "own").sum() == 1 and len(tab) == len(nat) + 1
    mine = own.row_for(tab, "64.02")
    assert mine["sumber"] == "own" and mine["governance"] == pytest.approx(100.0)
    other = own.row_for(tab, "62.06")
    assert other["sumber"] == "illustrative" and other["n_pembanding"] == len(nat)
    assert len(own.comparison_rows(tab, other)) == len(nat)
    assert len(own.comparison_rows(tab, mine)) == 1
    assert own.row_for(tab, "99.99") is None


def test_alignment_table_mission_by_pillar():
    prog = pd.DataFrame({"id": ["P1", "P2", "P3"], "program": ["a", "b", "c"],
                         "pillar": ["governance", "environment", "living"],
                         "budget_planned": [1000.0, 250.0, 500.0], "misi": ["1;5", "2", ""]})
    missions = pd.DataFrame({"regency": "64.02", "jenis": ["visi", "misi", "misi", "misi", "misi"],
                             "misi": [None, 1, 2, 3, 5], "uraian": ["V", "M1", "M2", "M3", "M5"]})
    t = alignment.alignment_table(prog, missions)
    assert len(t) == 4 * 6                                  # every mission x six pillars
    cell = t[(t.misi == 5) & (t.pillar == "governance")].iloc[0]
    # P1 serves missions 1 and 5 with its whole budget in both rows
    assert (cell.n_programmes, cell.budget_planned, cell.uraian) == (1, 1000.0, "M5")
    per_mission = t.groupby("misi")["n_programmes"].sum()
    assert per_mission.to_dict() == {1: 1, 2: 1, 3: 0, 5: 1}   # mission 3: no programme


def test_status_by_year_per_pillar_and_agency_with_change():
    prog = pd.DataFrame({"id": ["A", "B"], "pillar": "governance", "owner": ["X", "Y"],
                         "start_year": [2022, 2022], "end_year": [2023, 2024]})
    real = pd.DataFrame({"id": ["A", "A", "B", "B"], "year": [2022, 2023, 2022, 2023],
                         "status": ["running", "completed", "not_started", "running"]})
    t = status_by_year(prog, real).set_index(["grouping", "group", "year"])
    # governance 2022: planned starts A, B = 2, ends 0 -> 2; achieved: A started = 1 -> 0.5 behind
    g22 = t.loc[("pillar", "governance", 2022)]
    assert (g22.planned_milestones, g22.achieved_milestones, g22.status) == (2, 1, "behind")
    # 2023: planned 2 starts + A's end = 3; achieved A, B started + A done = 3 -> on track
    g23 = t.loc[("pillar", "governance", 2023)]
    assert (g23.planned_milestones, g23.achieved_milestones, g23.status) == (3, 3, "on_track")
    assert g23.change == "caught_up" and g22.change == "first"
    # agency Y: 2022 planned its start (1), achieved 0 -> behind; 2023 started -> on track
    assert t.loc[("owner", "Y", 2022)].status == "behind"
    assert t.loc[("owner", "Y", 2023)].change == "caught_up"
    assert t.loc[("owner", "X", 2023)].change == "unchanged"


def test_change_codes():
    assert change_code("on_track", "behind") == "fell_behind"
    assert change_code("ahead", "on_track") == "moved"
    assert change_code(None, "ahead") == "first"
