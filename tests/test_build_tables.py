"""The compute functions of the build tables (analysis/processed/tables.py), each on a
small input worked by hand (or against a reference implementation), and the readiness table
against the readiness package and the maturity cut-offs."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from conftest import replace_in
from helpers.masterplan_tables import programme_table, risk_table, swot_table

from analysis.paths import RAW_DIR
from analysis import readiness as rd
from analysis.processed import tables
from analysis.processed.base_tables import assessment_table
from analysis.processed.read_tables import as_read_table
from analysis.processed.spec import Sources
from analysis.correlations.data import analysis_frame
from analysis.correlations.results import model_tables, percentile_table
from analysis.i18n import PILLAR_CODES


def _src(tmp_path, files: dict[str, str]) -> Sources:
    d = tmp_path / "raw"
    d.mkdir()
    for name, text in files.items():
        (d / name).write_text(text, encoding="utf-8")
    return Sources.from_dir(d)


def test_risk_registers_kominfo_by_hand(tmp_path):
    # Kominfo scale: magnitude = likelihood x impact (1-9), appetite 3.
    # A 3x3 = 9 with a plan, residual 2x2 = 4 >= 3: above appetite, treated, still above.
    # B 1x2 = 2, no plan: below appetite, so not "untreated".
    # C 2x2 = 4, no plan: above appetite and untreated; residual not assessed (missing).
    src = _src(tmp_path, {"risk_register_99.01_2024.csv":
                          "risk_id,pillar,likelihood,impact,treatment,residual_likelihood,"
                          "residual_impact,scale,illustrative\n"
                          "A,governance,3,3,plan,2,2,kominfo,yes\n"
                          "B,living,1,2,,,,kominfo,\n"
                          "C,economy,2,2,,,,kominfo,\n"})
    t = risk_table(src, "99.01").set_index("risk_id")
    assert t["magnitude"].tolist() == [9, 2, 4]
    assert t["residual_magnitude"].tolist()[0] == 4 and t["residual_magnitude"].isna().tolist() \
        == [False, True, True]
    assert t["above_appetite"].tolist() == [True, False, True]
    assert t["untreated"].tolist() == [False, False, True]
    assert t["residual_above_appetite"].tolist() == [True, False, False]
    assert set(t["kode_kemendagri"]) == {"99.01"} and set(t["year"]) == {2024}
    assert set(t["scale"]) == {"kominfo"} and set(t["appetite"]) == {3.0}
    assert t["illustrative"].all()        # one row marked: the register is illustrative
    assert risk_table(src, "99.02").empty


def test_swot_summary_by_hand(tmp_path):
    # S 0.6x4 = 2.4, W 0.4x2 = 0.8 -> x = 1.6; IFAS = 2.4 + 0.4x(5-2) = 3.6 (= x + 5x0.4)
    # O 0.5x3 = 1.5, T 0.5x1 = 0.5 -> y = 1.0; EFAS = 1.5 + 0.5x(5-1) = 3.5 (= y + 5x0.5)
    # quadrant I (x, y > 0); IFAS >= 3 strong, EFAS >= 3 high -> IE cell I, grow and build.
    src = _src(tmp_path, {"swot_factors_99.02.csv":
                          "pillar,type,factor,weight,rating,year\n"
                          "governance,S,s1,0.6,4,2024\ngovernance,W,w1,0.4,2,2024\n"
                          "governance,O,o1,0.5,3,2024\ngovernance,T,t1,0.5,1,2024\n"})
    s = swot_table(tables.swot_summaries, src, "99.02").iloc[0]
    assert (s["kode_kemendagri"], s["year"], s["pillar"]) == ("99.02", 2024, "governance")
    assert (s["x"], s["y"]) == pytest.approx((1.6, 1.0))
    assert (s["ifas_total"], s["efas_total"]) == pytest.approx((3.6, 3.5))
    assert (s["quadrant"], s["ie_cell"], s["ie_strategy"]) == ("I", "I", "grow_and_build")
    assert not s["views_disagree"] and not s["illustrative"]
    f = swot_table(tables.swot_factors, src, "99.02")
    assert f["score"].tolist() == pytest.approx([2.4, 0.8, 1.5, 0.5])
    assert f["total_score"].tolist() == pytest.approx([2.4, 1.2, 1.5, 2.0])   # W, T reversed


def test_programme_tables_by_hand(tmp_path):
    # P1 governance 2022-2023: running 2022, completed 2023. P2 living 2023-2024: not started
    # in 2023, nothing reported in 2022 (before its start).
    src = _src(tmp_path, {
        "programmes_99.03.csv": "id,program,pillar,owner,horizon,start_year,end_year,category\n"
                                "P1,Satu data,governance,Bappeda,5,2022,2023,aplikasi\n"
                                "P2,Posyandu,living,Dinkes,5,2023,2024,sdm\n",
        "realisation_99.03.csv": "id,year,status,budget_realised\nP1,2022,running,10\n"
                                 "P1,2023,completed,5\nP2,2023,not_started,\n"})
    st = programme_table("program_status", src, "99.03")
    got = {(r.id, r.year): (r.status, r.reported) for r in st.itertuples()}
    assert got == {("P1", 2022): ("running", True), ("P1", 2023): ("completed", True),
                   ("P2", 2022): ("", False), ("P2", 2023): ("not_started", True)}
    share = programme_table("program_capaian", src, "99.03")
    tot = share[share.pillar == "all"].set_index("year")
    # 2022: P1 planned and running, 1 of 1; 2023: P1 (completed counts) and P2 planned, 1 of 2
    assert tot["planned"].to_dict() == {2022: 1, 2023: 2}
    assert tot["share_pct"].to_dict() == {2022: 100.0, 2023: 50.0}
    assert tot.loc[2022, "budget_realised"] == 10.0
    traj = programme_table("program_lintasan", src, "99.03")
    t23 = traj[traj.year == 2023].set_index("pillar")
    # governance by 2023: start + completion planned (2), both achieved -> ratio 1, on track;
    # living: its start planned (1), none achieved -> ratio 0, behind
    assert t23["status"].to_dict() == {"governance": "on_track", "living": "behind"}
    cats = programme_table("program_kategori", src, "99.03")
    c23 = cats[cats.year == 2023].set_index("category")["completion_pct"].to_dict()
    assert c23 == {"sdm": 0.0, "aplikasi": 100.0}
    prog = programme_table("program", src, "99.03")
    assert set(prog["kode_kemendagri"]) == {"99.03"} and "regency" not in prog.columns


def _frame() -> pd.DataFrame:
    x = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 2.5]
    y = [2.1, 2.9, 4.2, 4.8, 6.1, 7.0, np.nan]
    return pd.DataFrame({"tahun": 2023, "kode_kemendagri": [f"99.0{i}" for i in range(1, 8)],
                         "nama": list("ABCDEFG"), "dievaluasi": [True] * 6 + [False],
                         "ipm_2021": x, "nilai_final": y})


def test_model_tables_match_least_squares():
    fitted, summary = model_tables(_frame(), years=(2023,))
    x, y = np.arange(1.0, 7.0), np.array([2.1, 2.9, 4.2, 4.8, 6.1, 7.0])
    b, a = np.polyfit(x, y, 1)                      # reference: ordinary least squares
    res = y - (a + b * x)
    sd = np.std(res, ddof=2)                        # k + 1 = 2 coefficients
    ev = fitted.iloc[:6]
    assert ev["prediksi"].to_numpy() == pytest.approx(a + b * x)
    assert ev["residu_z"].to_numpy() == pytest.approx(res / sd)
    # the verdict reads the 95 % prediction interval of the same model, as statsmodels gives it
    ref = smf.ols("nilai_final ~ ipm_2021", pd.DataFrame({"ipm_2021": x, "nilai_final": y})
                  ).fit(cov_type="HC3").get_prediction(pd.DataFrame({"ipm_2021": x})
                                                       ).summary_frame(alpha=0.05)
    lo, hi = ref["obs_ci_lower"].to_numpy(), ref["obs_ci_upper"].to_numpy()
    assert ev["prediksi_bawah"].to_numpy() == pytest.approx(lo)
    assert ev["prediksi_atas"].to_numpy() == pytest.approx(hi)
    assert ev["penilaian"].tolist() == ["better" if v > h else "worse" if v < lo_ else
                                        "as_predicted" for v, lo_, h in zip(y, lo, hi)]
    assert np.isnan(fitted.iloc[6]["prediksi"])     # not evaluated: not in the model
    row = summary.iloc[0]
    assert (row["tahun"], row["n_potong_lintang"], row["n"]) == (2023, 6, 6)
    assert row["n_lebih_baik"] + row["n_lebih_buruk"] + row["n_sesuai_prediksi"] == 6
    assert row["n_sesuai_prediksi"] == ev["penilaian"].eq("as_predicted").sum()
    assert row["rumus"] == "nilai_final ~ ipm_2021"
    assert row["r2"] == pytest.approx(1 - (res ** 2).sum() / ((y - y.mean()) ** 2).sum())


def test_percentile_table_by_hand():
    f = _frame()
    f["ipm_2021"] = [1.0, 2.0, 2.0, 3.0, 3.0, 4.0, 2.5]
    p = percentile_table(f, years=(2023,)).set_index("kode_kemendagri")["persentil"]
    # evaluated values 1, 2, 2, 3, 3, 4: share <= value
    assert p.to_dict() == pytest.approx({"99.01": 100 / 6, "99.02": 50.0, "99.03": 50.0,
                                         "99.04": 500 / 6, "99.05": 500 / 6, "99.06": 100.0,
                                         "99.07": 50.0})   # 2.5: 1, 2, 2 below -> 3 of 6


def test_readiness_table_levels_and_intervals():
    src = Sources.from_dir()
    deps = {"penilaian_kesiapan": assessment_table(src, {})}
    t = tables.readiness_indices(src, deps).set_index("kode_kemendagri")
    ref = rd.readiness_table(RAW_DIR).set_index("kode_kemendagri")
    assert t["indeks_kesiapan"].to_dict() == pytest.approx(ref["indeks_kesiapan"].to_dict())
    cuts = rd.default_cutoffs()                     # 16.7, 50, 83.3: level = 1 + cut-offs passed
    for p in PILLAR_CODES:
        expected = [1 + sum(round(v, 9) >= c for c in cuts) for v in t[p]]
        assert t[f"tingkat_{p}"].tolist() == expected
    iv = rd.rank_interval("64.02", RAW_DIR)
    k = t.loc["64.02"]
    assert (k["peringkat_p05"], k["peringkat_p95"], k["peringkat_median"]) == (
        iv["p05"], iv["p95"], iv["median"])
    # 3 uncertain inputs + 2 runs each
    assert k["peringkat_putaran"] == 256 * 5 and k["illustrative"]


def test_tables_without_their_files_are_empty(tmp_path):
    src = _src(tmp_path, {})
    deps = {"penilaian_kesiapan": assessment_table(src, {}),
            tables.RISK_TEXT: tables.risk_register_text(src, {}),
            tables.SWOT_TEXT: tables.swot_factor_text(src, {}),
            **{n: as_read_table(n)(src, {}) for n in tables.PROGRAMME_INPUTS}}
    for compute in (tables.readiness_indices, tables.readiness_grid, tables.risk_registers,
                    tables.swot_summaries, tables._programme_table("program"),
                    tables.risk_register_text, tables.swot_factor_text):
        out = compute(src, deps, None)
        assert out.empty and "kode_kemendagri" in out.columns


def test_analysis_frame_follows_an_edited_file(raw_copy):
    # the frame is read afresh on every call: an edited profile in the same process is seen
    def people(frame):
        return frame[(frame.kode_kemendagri == "12.02") & (frame.tahun == 2023)]["penduduk"]
    assert people(analysis_frame(raw_copy)).iloc[0] == 331475
    replace_in(raw_copy / "profil_wilayah.csv", ",331475,", ",331476,")
    assert people(analysis_frame(raw_copy)).iloc[0] == 331476
