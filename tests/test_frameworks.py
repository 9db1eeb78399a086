"""Frameworks as data: loading, checks, IPM reproduction, the index command."""
from __future__ import annotations

import csv
import math

import numpy as np
import pandas as pd
import pytest

from analysis.cli import main
from analysis.data.raw_tables import load_profiles
from analysis.errors import FrameworkError
from analysis.frameworks import framework_from_dict, list_frameworks, load_framework
from analysis.index.aggregate import AggregationError
from analysis.index.compute import compute_index
from analysis.paths import RAW_DIR
from conftest import assert_cli_fails_cleanly


def test_shipped_frameworks_load():
    names = list_frameworks()
    for n in ["bps-ipm", "kominfo-evaluasi-2022", "kominfo-evaluasi-2023",
              "kominfo-evaluasi-2023-reguler"]:
        assert n in names
        fw = load_framework(n)
        assert fw.root in fw.nodes


def ipm_by_hand(uhh, hls, rls, p_thousand):
    h = (uhh - 20) / (85 - 20)
    e = (hls / 18 + rls / 15) / 2
    x = ((math.log(p_thousand * 1000) - math.log(1_007_436))
         / (math.log(26_572_352) - math.log(1_007_436)))
    return 100 * (h * e * x) ** (1 / 3)


def test_bps_ipm_framework_matches_the_formula_by_hand():
    # The check is the hand formula (ipm_by_hand). The shipped ipm_2021 was derived from these
    # components (MANIFEST.yaml), so agreeing with it is consistency, not validation.
    p = load_profiles(RAW_DIR)
    data = p.rename(columns={"uhh_2021": "uhh", "hls_2021": "hls", "rls_2021": "rls",
                             "pengeluaran_2021": "pengeluaran"})
    res = compute_index(load_framework("bps-ipm"), data, "kode_kemendagri")
    assert (res["ipm"] - p["ipm_2021"]).abs().max() < 0.03
    kukar = p[p.kode_kemendagri == "64.02"].iloc[0]
    mine = res[res.kode_kemendagri == "64.02"]["ipm"].iloc[0]
    assert mine == pytest.approx(ipm_by_hand(72.64, 13.6, 9.23, 11048.0), abs=1e-9)
    assert abs(mine - kukar.ipm_2021) < 0.03


def test_node_given_in_input_is_taken_as_is():
    fw = load_framework("bps-ipm")
    df = pd.DataFrame({"unit": ["a"], "uhh": [70.0], "pendidikan": [0.5], "pengeluaran": [10000.0]})
    res = compute_index(fw, df, "unit")
    x = (math.log(10_000_000) - math.log(1_007_436)) / (math.log(26_572_352) - math.log(1_007_436))
    assert res["ipm"].iloc[0] == pytest.approx(100 * ((50 / 65) * 0.5 * x) ** (1 / 3))


def test_reweighting_over_present_children():
    fw = load_framework("kominfo-evaluasi-2023")
    df = pd.DataFrame({"u": ["x"], "baseline": [2.0], "output": [3.0], "outcome": [np.nan],
                       "impact": [np.nan], "quick_win": [np.nan], "kolaborasi": [np.nan]})
    res = compute_index(fw, df, "u")
    assert res["nilai_final"].iloc[0] == pytest.approx((0.1 * 2 + 0.2 * 3) / 0.3)


def test_geometric_over_zero_names_node_and_unit():
    fw = load_framework("bps-ipm")
    df = pd.DataFrame({"unit": ["64.02", "62.06"], "uhh": [20.0, 70.0], "hls": [12, 12],
                       "rls": [8, 8], "pengeluaran": [10000.0, 10000.0]})
    with pytest.raises(AggregationError, match=r"node 'ipm'.*\['64.02'\]"):
        compute_index(fw, df, "unit")


@pytest.mark.parametrize("doc,msg", [
    ({"nodes": [{"code": "a"}, {"code": "b"}]}, "exactly one root"),
    ({"nodes": [{"code": "a"}, {"code": "b", "parent": "zz"}]}, "parent 'zz' is not a node"),
    ({"nodes": [{"code": "r"}, {"code": "a", "parent": "b"}, {"code": "b", "parent": "a"}]},
     "cycle"),
    ({"nodes": [{"code": "r", "aggregation": "median"}, {"code": "a", "parent": "r"}]},
     "unknown aggregation"),
    ({"nodes": [{"code": "r"}, {"code": "a", "parent": "r", "weight": -1}]}, "negative"),
    ({"nodes": [{"code": "r"}, {"code": "r", "parent": "r"}]}, "appears twice"),
])
def test_framework_errors(doc, msg):
    with pytest.raises(FrameworkError, match=msg):
        framework_from_dict(doc, "test.yaml")


def test_index_command_reproduces_published_finals(tmp_path):
    out = tmp_path / "idx.csv"
    assert main(["index", "--framework", "kominfo-evaluasi-2022", "--data",
                 str(RAW_DIR / "kominfo_evaluasi_2022.csv"), "--out", str(out)]) == 0
    with open(out, encoding="utf-8") as fh:
        rows = {r["kode_kemendagri"]: r for r in csv.DictReader(fh)}
    assert "35.07" in rows  # codes stay text: 35.07, not 35.7
    assert float(rows["35.07"]["nilai_final_computed"]) == pytest.approx(2.504)
    assert float(rows["35.07"]["nilai_final_residual"]) == pytest.approx(0.006)
    assert rows["35.78"]["rank"] == "1"
    evaluated = [r for r in rows.values() if r["nilai_final"] != ""]
    assert len(evaluated) == 38
    assert max(abs(float(r["nilai_final_residual"])) for r in evaluated) <= 0.015
    # all-zero rows are not evaluated: no score, no rank (never a score of 0)
    assert rows["64.07"]["nilai_final"] == "" and rows["64.07"]["rank"] == ""


@pytest.mark.parametrize("body,parts", [
    ("64.2,2,2,2,2,2\n", ["row 2", "'kode_kemendagri'", "'64.2'", "PP.KK"]),
    ("64.02,7,2,2,2,2\n", ["row 2", "'baseline'", "'7'", "outside the limits 0–4"]),
    ("64.02,2,2,2,2,2\n64.02,3,3,3,3,3\n", ["row 3", "'64.02'", "duplicate unit code", "row 2"]),
    ("64.02,2,dua,2,2,2\n", ["row 2", "'output'", "'dua'", "not a number"]),
])
def test_index_command_bad_input(tmp_path, capsys, body, parts):
    data = tmp_path / "in.csv"
    data.write_text("kode_kemendagri,baseline,output,outcome,impact,quick_win\n" + body)
    out = tmp_path / "out.csv"
    assert main(["index", "--framework", "kominfo-evaluasi-2022", "--data", str(data),
                 "--out", str(out), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    for part in ["in.csv"] + parts:
        assert part in err, (part, err)
    assert not out.exists()


def test_index_command_refuses_a_table_without_a_dimension(tmp_path, capsys):
    # 2022 weights 0.1/0.2/0.3/0.1/0.3: without quick_win the old code wrote a final
    # re-weighted over 0.7 (2,2,2,2 -> 2.0) and exited 0. Now: exit 2, the column named.
    data = tmp_path / "in.csv"
    data.write_text("kode_kemendagri,baseline,output,outcome,impact\n64.02,2,2,2,2\n")
    out = tmp_path / "out"
    assert_cli_fails_cleanly(["index", "--lang", "en",
                              "--framework", "kominfo-evaluasi-2022", "--data", data,
                              "--out", out / "idx.csv"], capsys,
                             ["in.csv", "column 'quick_win'", "needs column(s) 'quick_win'"], out)


def test_index_command_names_missing_items_when_a_dimension_is_given_by_items(tmp_path, capsys):
    # baseline given by four of its five items, the other dimensions as columns: the fifth item
    # (BAS.1.1.1) is named, not silently left out of the baseline mean.
    fw = load_framework("kominfo-evaluasi-2022")
    items = fw.children("baseline")
    data = tmp_path / "in.csv"
    data.write_text("kode_kemendagri," + ",".join(items[1:]) + ",output,outcome,impact,quick_win\n"
                    "64.02," + ",".join(["2"] * (len(items) + 3)) + "\n")
    out = tmp_path / "out"
    assert_cli_fails_cleanly(["index", "--lang", "en",
                              "--framework", "kominfo-evaluasi-2022", "--data", data,
                              "--out", out / "idx.csv"], capsys, [f"'{items[0]}'"], out)


def test_index_command_reports_a_declared_optional_column(tmp_path, capsys):
    # kominfo-evaluasi-2023 declares kolaborasi optional. Without it the final is the mean over
    # the other five weights (0.1, 0.2, 0.2, 0.2, 0.2): (0.1*1 + 0.2*(2+3+4+1)) / 0.9 = 2.1/0.9
    data = tmp_path / "in.csv"
    data.write_text("kode_kemendagri,baseline,output,outcome,impact,quick_win\n64.02,1,2,3,4,1\n")
    out = tmp_path / "idx.csv"
    assert main(["index", "--framework", "kominfo-evaluasi-2023", "--data", str(data),
                 "--out", str(out)]) == 0
    assert "kolaborasi" in capsys.readouterr().err
    with open(out, encoding="utf-8") as fh:
        row = next(csv.DictReader(fh))
    assert row["absent_columns"] == "kolaborasi"
    assert float(row["nilai_final"]) == pytest.approx(2.1 / 0.9)
