"""Programmes against the RPJMD missions: mission × pillar matrix, gaps both ways."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.masterplan import alignment

PROG = pd.DataFrame({
    "id": ["P1", "P2", "P3", "P4", "P5", "P6"],
    "program": ["Satu Data", "SPBE", "UMKM daring", "Wifi desa", "Siskamling", "Bank Sampah"],
    "pillar": ["governance", "governance", "economy", "living", "society", "environment"],
    "budget_planned": [100.0, 50.0, 30.0, 20.0, None, 10.0],
    "misi": ["1;2", "1", "2, 3", "", "9", "4;9"]})
MISSIONS = pd.DataFrame({
    "regency": "62.06", "jenis": ["visi", "misi", "misi", "misi", "misi", "misi"],
    "misi": [None, 1, 2, 3, 4, 5],
    "uraian": ["Katingan maju", "m1", "m2", "m3", "m4", "m5"], "periode": "2018-2023"})


def test_parse_missions():
    assert alignment.parse_missions("1;5") == (1, 5)
    assert alignment.parse_missions(" 2, 3 ;2") == (2, 3)
    assert alignment.parse_missions("") == () and alignment.parse_missions(None) == ()
    for bad in ("x", "0", "1;-2", "1.5"):
        with pytest.raises(ValueError, match="is not a mission number"):
            alignment.parse_missions(bad)


def test_count_matrix_by_hand():
    m = alignment.mission_pillar_matrix(PROG, MISSIONS)
    # m1: P1, P2 (governance); m2: P1 (governance), P3 (economy); m3: P3; m4: P6; m5: none.
    # P4 (no mission) and mission 9 (not in the RPJMD) are left out.
    expected = pd.DataFrame(0, index=[1, 2, 3, 4, 5],
                            columns=["governance", "branding", "economy", "living", "society",
                                     "environment"])
    expected.loc[1, "governance"] = 2
    expected.loc[2, ["governance", "economy"]] = 1
    expected.loc[3, "economy"] = 1
    expected.loc[4, "environment"] = 1
    assert m.to_numpy().tolist() == expected.to_numpy().tolist()
    assert list(m.index) == [1, 2, 3, 4, 5] and list(m.columns) == list(expected.columns)


def test_budget_matrix_counts_a_programme_in_every_mission_it_serves():
    b = alignment.mission_pillar_matrix(PROG, MISSIONS, value="budget")
    assert b.loc[1, "governance"] == 150.0          # P1 100 + P2 50
    assert b.loc[2, "governance"] == 100.0          # P1 again, whole budget
    assert b.loc[2, "economy"] == b.loc[3, "economy"] == 30.0
    assert b.loc[4, "environment"] == 10.0 and b.loc[5].sum() == 0.0
    assert b.to_numpy().sum() == 100 + 50 + 100 + 30 + 30 + 10
    with pytest.raises(ValueError):
        alignment.mission_pillar_matrix(PROG, MISSIONS, value="share")


def test_gaps_both_ways():
    un = alignment.unserved_missions(PROG, MISSIONS)
    assert un.to_dict("records") == [{"misi": 5, "uraian": "m5"}]
    bad = alignment.unaligned_programmes(PROG, MISSIONS)
    assert bad["id"].tolist() == ["P4", "P5"]        # none given; only a number not in the RPJMD
    assert bad["misi"].tolist() == ["", "9"]
