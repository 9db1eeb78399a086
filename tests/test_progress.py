"""Progress against the masterplan: shares, carry-forward, trajectory, categories, shipped data."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.errors import WorkbenchError
from analysis.masterplan import progress
from analysis.paths import RAW_DIR
from analysis.reports.context import load_context
from analysis.reports.sections import progress as progress_section


def _write(tmp_path, prog_rows, real_rows):
    p = tmp_path / "programmes_x.csv"
    p.write_text("id,pillar,horizon,start_year,end_year,category,quick_win\n"
                 + "\n".join(prog_rows) + "\n", encoding="utf-8")
    (tmp_path / "realisation_x.csv").write_text(
        "id,year,status,budget_realised\n" + "\n".join(real_rows) + "\n", encoding="utf-8")
    return p


@pytest.fixture
def twelve(tmp_path):
    """12 governance programmes planned 2023-2027; in 2023 8 running, 2 completed, 2 not."""
    prog = [f"G{i:02d},governance,5,2023,2027,aplikasi,Tidak" for i in range(1, 13)]
    status = ["Berjalan"] * 8 + ["Selesai"] * 2 + ["Tertunda", "Belum Dimulai"]
    real = [f"G{i:02d},2023,{s},100" for i, s in zip(range(1, 13), status)]
    return progress.read_programmes(_write(tmp_path, prog, real))


def test_share_running_ten_of_twelve(twelve):
    prog, real = twelve
    s = progress.running_share(prog, real).set_index("pillar")
    g = s.loc["governance"]
    assert (g["planned"], g["running"], g["share_pct"]) == (12, 10, 83.33)
    assert round(100 * 10 / 12, 2) == 83.33
    assert s.loc["all", "running"] == 10 and s.loc["all", "budget_realised"] == 1200.0


def test_completed_carries_forward_and_planned_window(tmp_path):
    prog = ["A,economy,1,2021,2021,sdm,Ya", "B,economy,5,2021,2025,sdm,Tidak",
            "C,economy,5,2022,2026,literasi,Tidak"]
    real = ["A,2021,completed,5", "B,2021,running,5", "B,2022,delayed,0", "C,2022,running,3"]
    prog, real = progress.read_programmes(_write(tmp_path, prog, real))
    st = progress.status_matrix(prog, real)
    assert st.loc["A"].tolist() == ["completed", "completed"]  # 2021, 2022
    assert st.loc["B"].tolist() == ["running", "delayed"]
    s = progress.running_share(prog, real).set_index(["pillar", "year"])
    assert s.loc[("economy", 2021), ["planned", "running"]].tolist() == [2, 2]
    # 2022: A no longer planned (ended 2021); B delayed, C running -> 1 of 2
    assert s.loc[("economy", 2022), ["planned", "running", "share_pct"]].tolist() == [2, 1, 50.0]
    assert prog.set_index("id")["quick_win"].tolist() == [True, False, False]


def test_trajectory_on_track_behind_ahead(tmp_path):
    prog = ["A,governance,5,2022,2026,sdm,Tidak", "B,governance,5,2022,2026,sdm,Tidak",
            "C,living,5,2022,2022,sdm,Tidak", "D,society,5,2024,2028,sdm,Tidak"]
    real = ["A,2022,running,1", "B,2022,not_started,0", "C,2022,completed,1",
            "D,2022,running,1"]
    prog, real = progress.read_programmes(_write(tmp_path, prog, real))
    t = progress.trajectory(prog, real).set_index("pillar")
    # governance: planned 2 starts, achieved 1 -> 0.5 behind
    assert t.loc["governance", ["planned_milestones", "achieved_milestones"]].tolist() == [2, 1]
    assert t.loc["governance", "status"] == "behind" and t.loc["governance", "ratio"] == 0.5
    # living: start + end planned by 2022 (2), achieved start + completion (2) -> on track
    assert t.loc["living", "status"] == "on_track" and t.loc["living", "ratio"] == 1.0
    # society: nothing planned by 2022, one start achieved -> ahead
    assert t.loc["society", "status"] == "ahead"


def test_category_completion(tmp_path):
    prog = ["A,economy,1,2021,2021,sdm,Ya", "B,economy,5,2021,2025,sdm,Tidak",
            "C,economy,5,2021,2022,literasi,Tidak"]
    real = ["A,2021,completed,5", "B,2022,running,5", "C,2022,completed,3"]
    prog, real = progress.read_programmes(_write(tmp_path, prog, real))
    c = progress.category_completion(prog, real, 2022).set_index("category")
    assert c.loc["sdm", ["n_programmes", "completed", "running", "planned_completed"]].tolist() \
        == [2, 1, 1, 1]
    assert c.loc["sdm", "completion_pct"] == 50.0 and c.loc["literasi", "completion_pct"] == 100.0


@pytest.mark.parametrize("prog_edit,real_edit,expected", [
    (("2023,2027", "2027,2023"), None, ["programmes_x.csv", "row 2", "end_year", "is after"]),
    (("G01,governance", "G01,tourism"), None, ["row 2", "'tourism'", "unknown pillar"]),
    (None, ("G02,2023", "G99,2023"),
     ["realisation_x.csv", "row 3", "'G99'", "not in the programme"]),
    (None, ("G02,2023", "G01,2023"), ["row 3", "duplicate id+year", "already on row 2"]),
    (None, ("G03,2023,Berjalan", "G03,2023,jalan"), ["row 4", "'jalan'",
                                                    "unknown realisation status"]),
])
def test_bad_programme_tables(tmp_path, prog_edit, real_edit, expected):
    prog = [f"G{i:02d},governance,5,2023,2027,aplikasi,Tidak" for i in range(1, 4)]
    real = [f"G{i:02d},2023,Berjalan,1" for i in range(1, 4)]
    if prog_edit:
        prog[0] = prog[0].replace(*prog_edit)
    if real_edit:
        real = [r.replace(*real_edit) for r in real]
    with pytest.raises(Exception) as exc:
        progress.read_programmes(_write(tmp_path, prog, real))
    for part in expected:
        assert part in str(exc.value), (part, str(exc.value))


def test_kukar_programmes_follow_the_2023_agency_counts_and_quick_wins():
    prog, real = progress.load_programmes("64.02", RAW_DIR)
    owners = prog.groupby("pillar")["owner"].nunique().to_dict()
    assert owners == {"governance": 10, "branding": 3, "economy": 8, "living": 10, "society": 7,
                      "environment": 4}  # DOMAIN.md §1, 2023 evaluation
    qw = prog[prog.quick_win].set_index("pillar")["program"].to_dict()
    assert qw == {"governance": "Idaman RT", "branding": "Kukar Asia Wonders",
                  "economy": "UMKM go digital", "living": "Simpel BPJS",
                  "society": "Kelompok Informasi Masyarakat", "environment": "Bank Sampah"}
    p2, r2 = progress.read_programmes(RAW_DIR / "programmes_64.02.xlsx")
    pd.testing.assert_frame_equal(p2, prog)
    pd.testing.assert_frame_equal(r2, real)


def test_evaluation_trend_uses_published_finals():
    t = progress.evaluation_trend("35.07", RAW_DIR)  # Kabupaten Malang: evaluated 2022 and 2023
    from_table = progress.evaluation_trend("35.07", evaluations=load_context("35.07").evaluations)
    pd.testing.assert_frame_equal(from_table, t)             # the built table gives the same
    assert t["year"].tolist() == [2022, 2023]
    # Kominfo's printed 2023 improvement for Malang is 0.44 = 2.94 - 2.50 (2022 recomputed),
    # not 2.94 - 2.51 (2022 published); DOMAIN.md §3
    assert t["improvement"].iloc[1] == 0.44 == t["improvement_printed"].iloc[1]
    assert t["nilai_final"].tolist() == [2.51, 2.94]
    assert progress.evaluation_trend("62.06", RAW_DIR).empty  # Katingan: not published


def test_evaluation_trend_needs_a_data_dir_or_the_evaluations():
    # neither given was a TypeError on Path(None)
    with pytest.raises(WorkbenchError, match=r"evaluation_trend: .*\(data_dir\) or evaluations="):
        progress.evaluation_trend("35.07")




def test_report_section(shown_text):
    assert progress_section.section(load_context("11.71")).record == {}
    assert "Belum ada data program" in shown_text[-1]
    res = progress_section.section(load_context("62.06")).record
    json.dumps(res)
    prog, real = progress.load_programmes("62.06", RAW_DIR)
    s = progress.running_share(prog, real)
    top = s[(s.pillar == "all") & (s.year == s.year.max())].iloc[0]
    assert (res["direncanakan"], res["berjalan"], res["persen_berjalan"]) == (
        top.planned, top.running, top.share_pct)
    assert res["illustrative"] and "Figure" in shown_text
    assert any("dari" in str(t) and "program yang direncanakan berjalan" in str(t)
               for t in shown_text)
