"""The build stage's what-if tables: levers and milestones of every evaluated regency
and year, computed once for the run instead of in every report's kernel."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.evaluation.dimension_whatif import levers, milestones, plan_from_levers, target_plan
from analysis.evaluation.lever_tables import (lever_table, levers_of, milestone_table,
                                               milestones_of)
from analysis.reports.context import load_context


@pytest.fixture(scope="module")
def tables():
    ev = load_context("64.02", "id").evaluations
    lv = lever_table(ev)
    return ev, lv, milestone_table(ev, lv)


def test_kukar_levers_and_milestones_by_hand(tables):
    ev, lv, ms = tables
    mine = levers_of(lv, "64.02", 2023).set_index("dimensi")
    # 2023 KPPN&IKN weights 10/20/20/20/20/10 (docs: DOMAIN.md); Impact 2.59: room 4 - 2.59
    assert mine.loc["impact", "bobot"] == 0.2 and mine.loc["kolaborasi", "bobot"] == 0.1
    assert mine.loc["impact", "ruang"] == pytest.approx(1.41)
    assert mine.loc["impact", "tambahan_maks"] == pytest.approx(0.282)
    assert levers_of(lv, "64.02", 2023).attrs["final"] == pytest.approx(2.824)
    m = milestones_of(ms, "64.02", 2023)
    assert (m["peringkat"], m["n_kelompok"], m["kelompok"]) == (27, 58, "KPPN&IKN")
    assert m["gap_median"] == pytest.approx(m["median"] - 2.824)
    nxt = m["next_up"]
    assert nxt["nilai_final"] > 2.824 and nxt["gap"] == pytest.approx(nxt["nilai_final"] - 2.824)


@pytest.mark.slow  # needs a full build of the shipped data (seconds)
def test_tables_equal_the_per_regency_functions(tables):
    """Reference implementation: levers() and milestones() of analysis.evaluation.dimension_whatif,
    one regency at a time (every evaluated regency and year of the shipped data, exactly)."""
    ev, lv, ms = tables
    pairs = lv[["kode_kemendagri", "tahun"]].drop_duplicates().itertuples(index=False)
    checked = 0
    for code, year in list(pairs)[::5]:
        ref = levers(ev, code, year)
        got = levers_of(lv, code, year)
        pd.testing.assert_frame_equal(got, ref, check_exact=True)
        assert got.attrs["final"] == ref.attrs["final"]
        assert milestones_of(ms, code, year) == milestones(ev, code, year)
        pd.testing.assert_frame_equal(plan_from_levers(got, 3.5),
                                      target_plan(ev, code, year, 3.5), check_exact=True)
        checked += 1
    assert checked >= 20
    top = ms.loc[ms["peringkat"] == 1].iloc[0]        # nobody above the first
    assert milestones_of(ms, top["kode_kemendagri"], top["tahun"])["next_up"] is None


def test_not_evaluated_rows_get_no_levers(tables):
    ev, lv, ms = tables
    katingan = ev[ev["kode_kemendagri"] == "62.06"]
    assert not katingan["dievaluasi"].any()             # printed with all zeros
    assert "62.06" not in set(lv["kode_kemendagri"]) | set(ms["kode_kemendagri"])
