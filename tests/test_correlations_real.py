"""The correlation analysis on the shipped data: table, OLS model, report section, CLI.

Expectations are recomputed here from the raw loaders with scipy/numpy, independently of the
analysis frame built by analysis.correlations.data.
"""
from __future__ import annotations

import dataclasses
import json

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis.paths import RAW_DIR
from analysis.cli import main
from analysis.correlations.results import (correlations, model, percentile_of, sample_note,
                                           survival)
from analysis.data.raw_tables import load_evaluation_raw, load_profiles
from analysis.processed.project import correlation_frame
from analysis.reports.context import load_context
from analysis.reports.sections import cross_section


def report_section(code: str, lang: str = "id") -> dict:
    """The cross-section section's record for ``code`` (an unknown code: 64.02's context with
    that code, i.e. a regency the built tables do not hold)."""
    ctx = load_context("64.02", lang)
    return cross_section.section(dataclasses.replace(ctx, code=code)).record


JAVA = {"Banten", "DKI Jakarta", "Jawa Barat", "Jawa Tengah", "Daerah Istimewa Yogyakarta",
        "Jawa Timur"}


def independent_cross_section(year: int) -> pd.DataFrame:
    """Evaluated regencies of ``year`` joined to their profile, built from the raw tables."""
    raw = load_evaluation_raw(year, RAW_DIR)
    dims = [c for c in ("baseline", "output", "outcome", "impact", "quick_win", "kolaborasi",
                        "nilai_final") if c in raw.columns]
    ev = raw[~raw[dims].fillna(0).eq(0).all(axis=1)]
    prof = load_profiles(RAW_DIR)
    df = ev.drop(columns="nama").merge(prof, on="kode_kemendagri")
    df["log_dens"] = np.log(df["penduduk"].astype(float) / df["luas_km2"])
    df["log_pop"] = np.log(df["penduduk"].astype(float))
    df["is_kota"] = (df["jenis"] == "kota").astype(float)
    df["is_java"] = df["provinsi"].isin(JAVA).astype(float)
    if "kelompok" in df.columns:
        df["is_kppn"] = (df["kelompok"] == "KPPN&IKN").astype(float)
    return df


@pytest.fixture(scope="module")
def frame():
    """The correlation analysis frame of the processed tables of the shipped data."""
    return correlation_frame(RAW_DIR)


@pytest.fixture(scope="module")
def raw_table(frame):
    return correlations(frame, methods=("spearman",), n_boot=200, seed=0)


@pytest.fixture(scope="module")
def cs23():
    return independent_cross_section(2023)


def test_sample_sizes_and_small_sample_note(raw_table):
    n = raw_table[raw_table.y == "nilai_final"].groupby("tahun")["n"].max().to_dict()
    assert n == {2022: 38, 2023: 130}
    assert "38" in sample_note(38, 2022, "en")
    assert sample_note(130, 2023) is None


def test_2023_rank_correlations_match_scipy_and_signs(raw_table, cs23):
    t = raw_table[(raw_table.tahun == 2023) & (raw_table.y == "nilai_final")].set_index("x")
    for var, col in [("kepadatan", cs23["penduduk"].astype(float) / cs23["luas_km2"]),
                     ("penduduk", cs23["penduduk"].astype(float)), ("ipm_2021", cs23["ipm_2021"]),
                     ("luas_km2", cs23["luas_km2"])]:
        rho, p = stats.spearmanr(col, cs23["nilai_final"])
        assert t.loc[var, "estimate"] == pytest.approx(rho, abs=1e-12)
        assert t.loc[var, "p"] == pytest.approx(p, rel=1e-9)
    assert t.loc["kepadatan", "estimate"] > 0.3 and t.loc["penduduk", "estimate"] > 0.3
    assert t.loc["ipm_2021", "estimate"] > 0.2 and t.loc["luas_km2", "estimate"] < -0.2
    assert (t.loc[["kepadatan", "penduduk", "ipm_2021", "luas_km2"], "ci_high"]
            - t.loc[["kepadatan", "penduduk", "ipm_2021", "luas_km2"], "ci_low"] > 0).all()


def test_partial_survival_2023_matches_residual_correlation(raw_table, cs23, frame):
    partial = correlations(frame, methods=("spearman",), controls=("kota", "kppn_ikn"),
                           n_boot=100, years=(2023,))
    s = survival(raw_table, partial, "nilai_final", "spearman", 2023).set_index("x")
    assert s["controls"].iloc[0] == "kota+kppn_ikn"
    rk = cs23[["ipm_2021", "nilai_final", "is_kota", "is_kppn"]].rank()
    Z = np.column_stack([np.ones(len(rk)), rk["is_kota"], rk["is_kppn"]])
    res = [v - Z @ np.linalg.lstsq(Z, v, rcond=None)[0]
           for v in (rk["ipm_2021"], rk["nilai_final"])]
    hand = np.corrcoef(*res)[0, 1]
    assert s.loc["ipm_2021", "estimate_partial"] == pytest.approx(hand, abs=1e-12)
    assert s.loc["ipm_2021", "share_kept"] == pytest.approx(
        hand / s.loc["ipm_2021", "estimate_raw"])


def design_2023(cs):
    X = np.column_stack([np.ones(len(cs)), cs["log_dens"], cs["log_pop"], cs["ipm_2021"],
                         cs["is_kota"], cs["is_java"], cs["is_kppn"]])
    return X, cs["nilai_final"].to_numpy(float)


def test_ols_hc3_vif_and_diagnostics_by_hand(cs23, frame):
    res = model(frame, year=2023)
    X, y = design_2023(cs23)
    beta = np.linalg.lstsq(X, y, rcond=None)[0]
    e = y - X @ beta
    xtx_inv = np.linalg.inv(X.T @ X)
    h = np.einsum("ij,jk,ik->i", X, xtx_inv, X)
    meat = X.T @ (X * (e ** 2 / (1 - h) ** 2)[:, None])
    se = np.sqrt(np.diag(xtx_inv @ meat @ xtx_inv))
    np.testing.assert_allclose(res.coefficients["coef"], beta, rtol=1e-8)
    np.testing.assert_allclose(res.coefficients["se_hc3"], se, rtol=1e-8)
    # VIF_j = 1 / (1 − R²_j) of predictor j on the others
    vifs = []
    for j in range(1, X.shape[1]):
        others = np.delete(X, j, axis=1)
        fitted = others @ np.linalg.lstsq(others, X[:, j], rcond=None)[0]
        r2 = 1 - ((X[:, j] - fitted) ** 2).sum() / ((X[:, j] - X[:, j].mean()) ** 2).sum()
        vifs.append(1 / (1 - r2))
    np.testing.assert_allclose(res.vif["vif"], vifs, rtol=1e-8)
    n, k = X.shape
    s2 = (e ** 2).sum() / (n - k)
    cooks = e ** 2 / (k * s2) * h / (1 - h) ** 2
    d = res.diagnostics
    assert d["n"] == 130 and d["cooks_top"][0]["cooks_d"] == pytest.approx(cooks.max())
    skew, kurt = stats.skew(e), stats.kurtosis(e, fisher=False)
    assert d["jarque_bera"] == pytest.approx(n / 6 * (skew ** 2 + (kurt - 3) ** 2 / 4), rel=1e-8)
    u = e ** 2  # Koenker's studentised Breusch–Pagan: n·R² of e² on the regressors
    fu = X @ np.linalg.lstsq(X, u, rcond=None)[0]
    r2u = 1 - ((u - fu) ** 2).sum() / ((u - u.mean()) ** 2).sum()
    assert d["breusch_pagan_lm"] == pytest.approx(n * r2u, rel=1e-8)


def test_percentile_matches_scipy():
    ref = [3.0, 1.0, 2.0, 2.0, 5.0, np.nan]
    for v in (0.5, 2.0, 2.5, 5.0):
        assert percentile_of(v, ref) == pytest.approx(
            stats.percentileofscore([3, 1, 2, 2, 5], v, kind="weak"))




def text_of(items) -> str:
    return "\n".join(getattr(o, "data", "") for o in items
                     if isinstance(getattr(o, "data", None), str))


@pytest.mark.slow  # a full build or boundary load: seconds, not milliseconds
def test_report_section_kutai_kartanegara(shown, cs23):
    out = report_section("64.02", "en")
    json.dumps(out)
    X, y = design_2023(cs23)
    beta = np.linalg.lstsq(X, y, rcond=None)[0]
    i = int(np.flatnonzero(cs23["kode_kemendagri"].to_numpy() == "64.02")[0])
    assert out["residu"]["2023"]["residu"] == pytest.approx(y[i] - X[i] @ beta, abs=1e-4)
    # 95 % prediction interval by hand: fitted ± z·sqrt(x'Σ_HC3 x + s²); the published 2.82
    # lies inside it (about [1.51; 3.41]), so the profile predicts it: no "better" verdict
    e = y - X @ beta
    xtx_inv = np.linalg.inv(X.T @ X)
    h = np.einsum("ij,jk,ik->i", X, xtx_inv, X)
    cov = xtx_inv @ (X.T @ (X * (e ** 2 / (1 - h) ** 2)[:, None])) @ xtx_inv
    half = stats.norm.ppf(0.975) * np.sqrt(X[i] @ cov @ X[i] + e @ e / (len(y) - X.shape[1]))
    lo, hi = X[i] @ beta - half, X[i] @ beta + half
    assert out["residu"]["2023"]["interval_prediksi_95"] == pytest.approx([lo, hi], abs=1e-4)
    assert lo < 2.82 < hi and out["residu"]["2023"]["penilaian"] == "as_predicted"
    assert (f"95 % prediction interval [{lo:.2f}, {hi:.2f}]" in text_of(shown)
            and "inside the interval, **as its profile predicts**" in text_of(shown))
    assert "better than its profile predicts" not in text_of(shown)
    assert "2022" not in out["residu"]                       # not in the 2022 table
    assert "was not evaluated" in text_of(shown)
    ipm = percentile_of(74.06, cs23["ipm_2021"])
    assert out["persentil"]["2023"]["ipm_2021"] == pytest.approx(round(ipm, 1))
    cs22 = independent_cross_section(2022)
    assert out["persentil"]["2022"]["luas_km2"] == pytest.approx(
        round(stats.percentileofscore(cs22["luas_km2"], 26912.065, kind="weak"), 1), abs=0.05)


def test_report_section_not_evaluated_and_unknown(shown):
    kat = report_section("62.06", "id")   # Katingan: in the tables, evaluated in neither year
    assert kat["residu"] == {} and set(kat["persentil"]) == {"2022", "2023"}
    assert "tidak dievaluasi" in text_of(shown)
    assert report_section("99.99", "en") == {}
    assert "No profile data" in text_of(shown)


@pytest.mark.slow  # a full build or boundary load: seconds, not milliseconds
def test_cli_correlations_writes_tables(tmp_path, capsys):
    out = tmp_path / "corr"
    assert main(["correlations", "--out", str(out), "--n-boot", "20", "--year", "2023",
                 "--method", "spearman", "kendall"]) == 0
    err = capsys.readouterr().err  # the printed values left out are said, not silently dropped
    assert "Kolaborasi scores of 0 (below the 1–4 scale; 7 regencies in 2023)" in err
    assert "(1 in 2023) cannot be verified: treated as missing" in err
    t = pd.read_csv(out / "correlations.csv")
    assert {"x", "y", "method", "n", "estimate", "ci_low", "ci_high", "p", "p_adj"} \
        <= set(t.columns)
    assert set(t["method"]) == {"spearman", "kendall"}
    cs = independent_cross_section(2023)
    row = t[(t.x == "ipm_2021") & (t.y == "nilai_final") & (t.method == "kendall")].iloc[0]
    assert row["estimate"] == pytest.approx(stats.kendalltau(cs["ipm_2021"], cs["nilai_final"])[0])
    part = pd.read_csv(out / "partial_correlations.csv")
    assert set(part["method"]) == {"spearman"} and set(part["controls"]) == {"kota+kppn_ikn"}
    diag = json.loads((out / "model_2023_diagnostics.json").read_text())
    assert diag["n"] == 130 and diag["cov_type"] == "HC3"
    assert main(["correlations", "--out", str(out), "--year", "2021"]) == 2


def test_readiness_pillars_included_marked_and_in_their_own_bh_family(raw_table, cs23):
    from analysis.correlations.stats import bh_adjust
    from analysis.readiness import readiness_table
    t = raw_table[(raw_table.tahun == 2023) & (raw_table.method == "spearman")]
    ready = t["y"].str.startswith("kesiapan_")
    assert ready.any() and t.loc[ready, "illustrative"].all()
    assert not t.loc[~ready, "illustrative"].any()
    # one BH family of the Kominfo indices, log density counted once: its Spearman test is the
    # density's (same ranks), so the family drops it and it shares the density's adjusted p
    kom = t[~ready].set_index(["x", "y"])
    assert (kom.xs("log_kepadatan")["p"] == kom.xs("kepadatan")["p"]).all()
    distinct = kom.drop(index="log_kepadatan", level="x")
    np.testing.assert_allclose(distinct["p_adj"], bh_adjust(distinct["p"]))
    np.testing.assert_allclose(kom.xs("log_kepadatan")["p_adj"], kom.xs("kepadatan")["p_adj"])
    rt = readiness_table(RAW_DIR).merge(cs23[["kode_kemendagri", "ipm_2021"]], on="kode_kemendagri")
    row = t[(t.x == "ipm_2021") & (t.y == "kesiapan_governance")].iloc[0]
    assert row["estimate"] == pytest.approx(stats.spearmanr(rt["ipm_2021"], rt["governance"])[0])


def test_kolaborasi_zeros_and_placeholder_improvement_are_missing():
    # Seven regencies have Kolaborasi printed 0 (raw table, counted independently); Kutai
    # Kartanegara's printed improvement 0.00 has no 2022 score to compare with.
    from analysis.correlations.data import analysis_frame, cross_section
    raw = load_evaluation_raw(2023, RAW_DIR)
    zeros = set(raw.loc[raw["kolaborasi"].eq(0) & raw["nilai_final"].gt(0), "kode_kemendagri"])
    assert len(zeros) == 7
    frame = analysis_frame(RAW_DIR)
    cs = cross_section(frame, 2023).set_index("kode_kemendagri")
    assert cs.loc[sorted(zeros), "kolaborasi"].isna().all()
    assert frame.attrs["kolaborasi_zero"] == {2023: 7}
    assert raw.set_index("kode_kemendagri").loc["64.02", "improvement"] == 0
    assert np.isnan(cs.loc["64.02", "improvement"])
    assert frame.attrs["improvement_placeholder"] == {2023: 1}
    kol_n = cs["kolaborasi"].notna().sum()
    tab = correlations(frame, methods=("spearman",), n_boot=0)
    k = tab[(tab.tahun == 2023) & (tab.y == "kolaborasi") & (tab.x == "ipm_2021")].iloc[0]
    assert k["n"] == kol_n == (raw["kolaborasi"].gt(0)).sum()
    imp = tab[(tab.tahun == 2023) & (tab.y == "improvement") & (tab.x == "ipm_2021")].iloc[0]
    both = raw[raw["nilai_final"].gt(0) & raw["improvement"].notna()
               & (raw["kode_kemendagri"] != "64.02")]
    assert imp["n"] == len(both)
