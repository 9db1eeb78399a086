"""Kominfo evaluation tables: not-evaluated rows, recomputed finals, residuals, ranks, flags."""
from __future__ import annotations

import csv

import numpy as np
import pandas as pd
import pytest

from analysis.evaluation import (framework_for, improvement_check, load_evaluation,
                                 load_evaluations, peer_medians, quality_log)
from analysis.paths import RAW_DIR


def published(year):
    with open(RAW_DIR / f"kominfo_evaluasi_{year}.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_counts_evaluated_and_not():
    e22, e23 = load_evaluation(2022, RAW_DIR), load_evaluation(2023, RAW_DIR)
    assert (len(e22), int(e22.dievaluasi.sum())) == (42, 38)
    assert (len(e23), int(e23.dievaluasi.sum())) == (141, 130)
    # not evaluated = missing, never zero
    kubar = e22[e22.kode_kemendagri == "64.07"].iloc[0]
    assert not kubar.dievaluasi and np.isnan(kubar.nilai_final) and np.isnan(kubar.baseline)


def test_malang_2022_by_hand():
    row = load_evaluation(2022, RAW_DIR).set_index("kode_kemendagri").loc["35.07"]
    hand = 0.1 * 1.40 + 0.2 * 1.54 + 0.3 * 2.92 + 0.1 * 2.56 + 0.3 * 3.08  # = 2.504
    assert row.nilai_final_hitung == pytest.approx(hand, abs=1e-12)
    assert hand == pytest.approx(2.504, abs=1e-12)
    assert row.residu == pytest.approx(2.51 - 2.504, abs=1e-12)


@pytest.mark.parametrize("year,tol", [(2022, 0.015), (2023, 0.005)])
def test_every_final_reproduces_within_tolerance(year, tol):
    ev = load_evaluation(year, RAW_DIR)
    ok = ev[ev.dievaluasi]
    assert ok.residu.abs().max() <= tol + 1e-9
    # independent recomputation straight from the CSV with the published weights
    w22 = dict(baseline=.1, output=.2, outcome=.3, impact=.1, quick_win=.3)
    wreg = dict(baseline=.1, output=.2, outcome=.3, impact=.2, quick_win=.2)
    wkppn = dict(baseline=.1, output=.2, outcome=.2, impact=.2, quick_win=.2, kolaborasi=.1)
    mine = ok.set_index("kode_kemendagri").nilai_final_hitung
    for r in published(year):
        if float(r["nilai_final"]) == 0:
            continue
        w = w22 if year == 2022 else (wreg if r["kelompok"] == "REGULER" else wkppn)
        expect = sum(float(r[k]) * v for k, v in w.items())
        assert mine[r["kode_kemendagri"]] == pytest.approx(expect, abs=1e-9), r["nama"]


def test_kolaborasi_zero_counts_as_zero():
    # Kabupaten Karo 2023 (KPPN&IKN) printed Kolaborasi 0 and final 2.16
    row = load_evaluation(2023, RAW_DIR).set_index("kode_kemendagri").loc["12.06"]
    expect = .1 * 2.72 + .2 * 2.26 + .2 * 2.64 + .2 * 2.32 + .2 * 2.22 + .1 * 0
    assert row.nilai_final_hitung == pytest.approx(expect)
    assert abs(row.nilai_final - expect) <= 0.005


def test_framework_per_year_and_group():
    assert framework_for(2022, None) == "kominfo-evaluasi-2022"
    assert framework_for(2023, "REGULER") == "kominfo-evaluasi-2023-reguler"
    assert framework_for(2023, "KPPN&IKN") == "kominfo-evaluasi-2023"


def test_ranks_within_year_and_group():
    ev = load_evaluation(2023, RAW_DIR)
    kukar = ev.set_index("kode_kemendagri").loc["64.02"]
    kppn = [float(r["nilai_final"]) for r in published(2023)
            if r["kelompok"] == "KPPN&IKN" and float(r["nilai_final"]) > 0]
    assert kukar.n_kelompok == len(kppn) == 58
    assert kukar.peringkat_kelompok == 1 + sum(v > 2.82 for v in kppn)
    # 2022: Surabaya has the top final (3.41)
    e22 = load_evaluation(2022, RAW_DIR).set_index("kode_kemendagri")
    assert e22.loc["35.78", "peringkat_kelompok"] == 1
    assert e22.loc["35.78", "n_kelompok"] == 38


def test_improvement_matches_recomputed_2022():
    chk = improvement_check(load_evaluations(RAW_DIR)).set_index("kode_kemendagri")
    # DOMAIN: Malang 2.94 − 2.50 (recomputed 2.504 rounded) = 0.44
    assert chk.loc["35.07", "improvement_hitung"] == pytest.approx(0.44)
    both = chk.dropna(subset=["improvement_tercetak", "improvement_hitung"])
    assert len(both) >= 30 and both.selisih.abs().max() <= 0.0101


@pytest.mark.parametrize("code,final_2022,printed", [
    # 2022 finals on an exact half: Manggarai Timur 0.1·2.40 + 0.2·2.04 + 0.3·2.50 + 0.1·2.19
    # + 0.3·2.96 = 0.24 + 0.408 + 0.75 + 0.219 + 0.888 = 2.505 -> 2.51 (2.21 − 2.51 = −0.30);
    # Pulau Morotai 1.945 -> 1.95 (2.27 − 1.95 = 0.32); Temanggung 3.105 -> 3.11
    # (3.17 − 3.11 = 0.06): as printed.
    ("53.19", 2.505, -0.30), ("82.07", 1.945, 0.32), ("33.23", 3.105, 0.06)])
def test_improvement_on_exact_halves_as_printed(code, final_2022, printed):
    # the engine sums one weight vector in a fixed order, so the half is not lost to the
    # summation order of a matrix product (which gave 2.50499..., −0.29 for Manggarai Timur)
    chk = improvement_check(load_evaluations(RAW_DIR)).set_index("kode_kemendagri")
    assert chk.loc[code, "final_2022_hitung"] == pytest.approx(final_2022, abs=1e-12)
    assert chk.loc[code, "improvement_tercetak"] == pytest.approx(printed)
    assert chk.loc[code, "improvement_hitung"] == pytest.approx(printed)
    assert chk.loc[code, "selisih"] == pytest.approx(0.0, abs=1e-12)


def test_quality_log_flags():
    q = quality_log(RAW_DIR)
    hh = q[(q.kode_kemendagri == "12.16") & (q.tahun == 2022)]
    assert list(hh.kolom) == ["quick_win"] and hh.nilai.iloc[0] == pytest.approx(0.60)
    assert hh.baris.iloc[0] == 8
    not_eval = q[q.masalah_id.str.contains("tidak mengikuti")]
    assert len(not_eval) == 4 + 11
    kol = q[(q.kolom == "kolaborasi")]
    assert set(kol.kode_kemendagri) == {"74.04", "12.06", "64.07", "52.03", "52.08", "33.06",
                                        "12.12"}


def test_peer_medians():
    ev = load_evaluations(RAW_DIR)
    med = peer_medians(ev, 2022, None)
    finals = sorted(float(r["nilai_final"]) for r in published(2022) if float(r["nilai_final"]) > 0)
    assert med["nilai_final"] == pytest.approx((finals[18] + finals[19]) / 2)


def test_placeholder_improvement_is_missing_printed_value_kept():
    # Kukar (64.02) is not in the 2022 table (checked on the raw file), yet 2023 prints 0.00:
    # a placeholder. Every other printed improvement stays as printed.
    from analysis.data.raw_tables import load_evaluation_raw
    assert "64.02" not in set(load_evaluation_raw(2022, RAW_DIR)["kode_kemendagri"])
    raw = load_evaluation_raw(2023, RAW_DIR).set_index("kode_kemendagri")
    e = load_evaluation(2023, RAW_DIR).set_index("kode_kemendagri")
    assert raw.loc["64.02", "improvement"] == 0 and e.loc["64.02", "improvement_tercetak"] == 0
    assert np.isnan(e.loc["64.02", "improvement"])
    others = e.index != "64.02"
    pd.testing.assert_series_equal(e.loc[others, "improvement"],
                                   raw.loc[e.index[others], "improvement"], check_names=False)
    q = quality_log(RAW_DIR)
    note = q[(q.kode_kemendagri == "64.02") & (q.jenis == "improvement_unchecked")]
    assert len(note) == 1 and "missing" in note["penanganan_en"].iloc[0]
    kol = q[q.jenis == "kolaborasi_zero"]
    assert len(kol) == 7 and kol["penanganan_en"].str.contains("left out of the Kolaborasi").all()


def test_report_says_kukar_improvement_cannot_be_verified(monkeypatch):
    from analysis.reports.context import load_context
    from analysis.reports.sections import common, evaluation
    shown = []
    monkeypatch.setattr(common, "display", lambda *objs, **kw: shown.extend(
        getattr(o, "data", "") for o in objs))
    out = evaluation.section(load_context("64.02", "en")).record
    assert np.isnan(out["2023"]["improvement"])
    # unverifiable (no 2022 score in the shipped tables), not proven a placeholder
    assert any("printed 0.00" in str(t) and "so the figure cannot be verified (there is no 2022 "
               "score to compare it with)" in str(t) for t in shown), shown
    assert not any("placeholder" in str(t) for t in shown)
