"""The build's masterplan tables of one regency in the layout of the masterplan functions
(analysis.masterplan.built), against tables and expectations written by hand."""
from __future__ import annotations

import pandas as pd

from analysis.masterplan import built, progress

# program_status of one regency as the build stores it: P1 completed in 2024 and carried
# forward (not reported) to 2025; P2 delayed in 2024, nothing reported in 2025
STATUS = pd.DataFrame({
    "kode_kemendagri": "99.01", "id": ["P1", "P1", "P1", "P2", "P2", "P2"],
    "year": [2023, 2024, 2025, 2023, 2024, 2025],
    "status": ["running", "completed", "completed", None, "delayed", None],
    "reported": [True, True, False, False, True, False], "illustrative": False})
PROG = pd.DataFrame({"kode_kemendagri": "99.01", "id": ["P1", "P2"],
                     "pillar": ["governance", "society"], "owner": ["Diskominfo", "Diskominfo"],
                     "start_year": [2023, 2024], "end_year": [2024, 2025],
                     "illustrative": False})


def test_regency_rows_and_illustrative_mark():
    table = pd.DataFrame({"kode_kemendagri": ["62.06", "64.02", "64.02"], "x": [1, 2, 3],
                          "illustrative": [True, False, False]})
    rows = built.regency_rows(table, "64.02")
    assert rows["x"].tolist() == [2, 3] and rows.index.tolist() == [0, 1]
    assert built.regency_rows(table, "11.01").empty
    assert not built.marked_illustrative(rows)
    assert built.marked_illustrative(built.regency_rows(table, "62.06"))
    assert not built.marked_illustrative(rows.drop(columns="illustrative"))


def test_realisation_keeps_only_reported_cells():
    real = built.realisation(STATUS)
    assert list(real.columns) == ["id", "year", "status"]
    assert list(real.itertuples(index=False, name=None)) == [
        ("P1", 2023, "running"), ("P1", 2024, "completed"), ("P2", 2024, "delayed")]


def test_trajectory_per_agency_from_the_tables_by_hand():
    # Diskominfo: 2023 planned 1 (P1 starts), achieved 1 (P1 running): on track;
    # 2024 planned 3 (P1, P2 start; P1 ends), achieved 2 (P1 started, P1 done): 2/3 behind.
    # Only the reported years count (2025 holds only a carried status).
    traj = progress.trajectory(PROG, built.realisation(STATUS), by="owner")
    assert traj["year"].tolist() == [2023, 2024]
    assert traj["planned_milestones"].tolist() == [1, 3]
    assert traj["achieved_milestones"].tolist() == [1, 2]
    assert traj["ratio"].tolist() == [1.0, 0.6667]
    assert traj["status"].tolist() == ["on_track", "behind"]


def test_latest_categories_without_the_build_columns():
    cats = pd.DataFrame({"kode_kemendagri": "99.01", "category": ["a", "b", "a"],
                         "year": [2023, 2023, 2024], "completed": [0, 1, 2],
                         "illustrative": True})
    latest = built.latest_categories(cats)
    assert latest.to_dict("records") == [{"category": "a", "year": 2024, "completed": 2}]
    assert list(built.latest_categories(cats.iloc[:0]).columns) == ["category", "year",
                                                                     "completed"]
