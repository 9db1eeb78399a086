"""Future analysis on small hand-made panels: drift computed by hand, the statsmodels reference
of drift, the backtest against a loop written here, intervals and the method choice on a
synthetic panel (coverage counted here), gaps, the no-look-ahead rule, reach years computed by
hand, and every bad input."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis.future import (METHODS, NO_PROJECTION_COLUMNS, PROJECTION_COLUMNS,
                             REACH_COLUMNS, FutureInputError, common_shock_quantiles, history,
                             project, reach_year, run_future, series_matrix, settings)
from analysis.future.intervals import (growth_exponent, horizon_quantiles, independent_draws,
                                       interval_bounds, scaled_error)


def long_panel(series: dict[tuple[str, str], dict[int, float]]) -> pd.DataFrame:
    """{(kode, variabel): {tahun: nilai}} → the panel's long shape (a missing year: no row)."""
    rows = [{"kode": k, "kode_bps": k.replace(".", ""), "variabel": v, "tahun": t,
             "nilai": x, "seri": "uji"}
            for (k, v), years in series.items() for t, x in years.items()]
    return pd.DataFrame(rows)


# Regency A: 2014–2020, complete. B: from 2015 with 2017 missing (five published years up to
# 2020). C: four years only. Two backtest origins (2018, 2019) have A's outcomes by 2020, so
# the intervals can be calibrated.
A = {2014: 58.0, 2015: 59.0, 2016: 60.5, 2017: 61.0, 2018: 62.5, 2019: 63.0, 2020: 64.6}
B = {2015: 50.0, 2016: 50.5, 2018: 51.7, 2019: 52.0, 2020: 52.5}
C = {2017: 70.0, 2018: 70.4, 2019: 70.9, 2020: 71.1}
TINY = long_panel({("11.01", "ipm"): A, ("11.02", "ipm"): B, ("11.71", "ipm"): C})


def test_drift_by_hand_with_a_gap_and_a_short_history():
    proj, missing = project(TINY, origin=2020, horizon=2023, level=0.8, method="drift")
    assert list(proj.columns) == PROJECTION_COLUMNS + ["seri"]       # the panel names its series
    assert list(missing.columns) == NO_PROJECTION_COLUMNS
    got = proj.set_index(["kode", "tahun"])["nilai"]
    # A: mean yearly change 2014–2020 = (64.6 − 58.0) / 6 = 1.1
    assert got[("11.01", 2021)] == pytest.approx(65.7)
    assert got[("11.01", 2022)] == pytest.approx(66.8)
    assert got[("11.01", 2023)] == pytest.approx(67.9)
    # B: 2015–2020 with 2017 missing: (52.5 − 50.0) / 5 = 0.5 per year (span, not steps)
    assert got[("11.02", 2021)] == pytest.approx(53.0)
    assert got[("11.02", 2023)] == pytest.approx(54.0)
    assert set(proj["kode"]) == {"11.01", "11.02"}
    assert (proj["metode"] == "drift").all() and (proj["tingkat"] == 0.8).all()
    assert (proj["variabel"] == "ipm").all()
    assert (proj["batas_bawah"] <= proj["batas_atas"]).all()
    # C has four published years: no projection, and the reason says so
    assert missing["kode"].tolist() == ["11.71"]
    assert "4 tahun" in missing["alasan"].iloc[0] and "minimal 5" in missing["alasan"].iloc[0]


def test_random_walk_is_the_last_value():
    proj, _ = project(TINY, origin=2020, horizon=2022, method="random_walk")
    got = proj.set_index(["kode", "tahun"])["nilai"]
    assert got[("11.01", 2022)] == 64.6 and got[("11.02", 2021)] == 52.5


def test_drift_equals_statsmodels_arima_010_with_drift():
    rng = np.random.default_rng(3)
    years = range(2008, 2021)
    series = {}
    for i in range(4):
        y = 60 + np.cumsum(rng.normal(0.5, 0.3, len(years)))
        values = dict(zip(years, y.round(2)))
        if i % 2:
            values.pop(2013)  # a gap: the Kalman filter skips it, drift counts its span
        series[(f"11.0{i + 1}", "ipm")] = values
    panel = long_panel(series)
    mat = series_matrix(panel, "ipm", np.array(sorted({k for k, _ in series}), dtype=object))
    hist = history(mat.values, len(mat.years) - 1, 5)
    steps = np.arange(1, 6)
    cfg = settings()
    ours = METHODS["drift"].fn(mat.values, hist, steps, cfg)
    reference = METHODS["arima_drift"].fn(mat.values, hist, steps, cfg)
    np.testing.assert_allclose(ours, reference, rtol=1e-5)


def _loop_drift_mae(panel: pd.DataFrame, variable: str, origin: int, h: int,
                    min_history: int = 5) -> float:
    """Backtest MAE of naive drift at horizon h, regency by regency, as the issue defines it."""
    errors = []
    data = panel[(panel["variabel"] == variable) & (panel["tahun"] <= origin)]
    for _, g in data.groupby("kode"):
        y = dict(zip(g["tahun"], g["nilai"]))
        for k in range(min(y), origin - h + 1):
            past = {t: v for t, v in y.items() if t <= k}
            if k not in past or len(past) < min_history or (k + h) not in y:
                continue
            first = min(past)
            slope = (past[k] - past[first]) / (k - first)
            errors.append(abs(y[k + h] - (past[k] + h * slope)))
    return float(np.mean(errors))


def synthetic_panel(n: int = 120, first: int = 2000, last: int = 2024, seed: int = 7,
                    variable: str = "ipm") -> pd.DataFrame:
    """Random walks with regency drifts and volatilities, plus a shock common to every regency
    each year (scaled by the regency's volatility), and a few missing values."""
    rng = np.random.default_rng(seed)
    years = np.arange(first, last + 1)
    drift = rng.uniform(0.2, 1.0, n)
    vol = rng.uniform(0.1, 0.5, n)
    common = rng.normal(0.0, 0.6, len(years))
    steps = drift[:, None] + vol[:, None] * (common[None, :] + rng.normal(0, 1, (n, len(years))))
    values = 50 + np.cumsum(steps, axis=1)
    rows = []
    for i in range(n):
        start = 0 if i % 10 else 6  # some regencies start later
        for j in range(start, len(years)):
            if (i * 7 + j) % 37 == 0:
                continue  # a missing year
            rows.append({"kode": f"{11 + i // 90:02d}.{i % 90 + 1:02d}", "kode_bps": "",
                         "variabel": variable, "tahun": int(years[j]),
                         "nilai": round(float(values[i, j]), 3), "seri": "uji"})
    return pd.DataFrame(rows)


def test_backtest_mae_of_drift_matches_a_loop_over_regencies():
    panel = synthetic_panel(n=40, first=2008)
    result = run_future(panel, origin=2024, horizon=2027, variables=["ipm"])
    ub = result.uji_balik.set_index(["metode", "horizon"])
    for h in (1, 3, 7):
        assert ub.loc[("drift", h), "mae"] == pytest.approx(_loop_drift_mae(panel, "ipm", 2024, h))
    assert list(result.uji_balik.columns[:5]) == ["variabel", "metode", "horizon", "mae",
                                                  "cakupan"]
    assert set(result.uji_balik["metode"]) == {"drift", "random_walk", "panel_ols"}


def test_synthetic_panel_intervals_cover_about_80_percent_and_choice_is_not_worse_than_drift():
    panel = synthetic_panel()
    truth = panel.set_index(["kode", "tahun"])["nilai"]
    inside = total = 0
    chosen_err, drift_err = [], []
    for origin in range(2008, 2024, 2):
        auto, _ = project(panel, origin=origin, horizon=origin + 6)
        drift, _ = project(panel, origin=origin, horizon=origin + 6, method="drift",
                           settings={"candidates": ["drift"]})
        key = pd.MultiIndex.from_frame(auto[["kode", "tahun"]])
        published = truth.reindex(key).to_numpy()
        seen = ~np.isnan(published)
        lo, hi = auto["batas_bawah"].to_numpy()[seen], auto["batas_atas"].to_numpy()[seen]
        inside += int(((published[seen] >= lo) & (published[seen] <= hi)).sum())
        total += int(seen.sum())
        chosen_err.append(np.abs(published[seen] - auto["nilai"].to_numpy()[seen]))
        d = truth.reindex(pd.MultiIndex.from_frame(drift[["kode", "tahun"]])).to_numpy()
        drift_err.append(np.abs(d[seen] - drift["nilai"].to_numpy()[seen]))
    coverage = inside / total
    print(f"synthetic: coverage {coverage:.3f} of {total}, MAE ratio to drift "
          f"{np.concatenate(chosen_err).mean() / np.concatenate(drift_err).mean():.3f}")
    assert total > 2000
    assert 0.70 <= coverage <= 0.92, coverage
    assert np.concatenate(chosen_err).mean() <= 1.02 * np.concatenate(drift_err).mean()


def test_common_shock_quantiles_without_idiosyncratic_spread_are_student_t():
    # each origin's errors identical: the residuals are zero and the interval is the t
    # prediction interval of the next common error from the m observed ones
    commons = [-0.4, 0.1, 0.5, 0.2]
    groups = [np.full(30, c) for c in commons]
    lo, hi = common_shock_quantiles(groups, 0.8, common_grid=2000, residual_grid=50)
    m, mean, sd = 4, np.mean(commons), np.std(commons, ddof=1)
    half = sd * np.sqrt(1 + 1 / m) * stats.t.ppf(0.9, m - 1)
    assert lo == pytest.approx(mean - half, rel=0.01)
    assert hi == pytest.approx(mean + half, rel=0.01)


def test_common_shock_with_fewer_independent_draws_is_a_wider_student_t():
    # six origins at horizon 2 overlap pairwise: ceil(6 / 2) = 3 draws, t with 2 df
    commons = [-0.4, 0.1, 0.5, 0.2, 0.0, 0.3]
    groups = [np.full(30, c) for c in commons]
    assert independent_draws(6, 2) == 3 and independent_draws(4, 4) == 1
    assert independent_draws(6, 1) == 6 and independent_draws(6, 3, overlap=False) == 6
    lo, hi = common_shock_quantiles(groups, 0.8, common_grid=2000, residual_grid=50, draws=3)
    mean, sd = np.mean(commons), np.std(commons, ddof=1)
    half = sd * np.sqrt(1 + 1 / 3) * stats.t.ppf(0.9, 2)
    assert (lo, hi) == (pytest.approx(mean - half, rel=0.01), pytest.approx(mean + half, rel=0.01))
    with pytest.raises(ValueError, match="two independent draws"):
        common_shock_quantiles(groups, 0.8, draws=1)


def test_log_ratio_errors_and_bounds_by_hand():
    outcome, point = np.array([110.0, 90.0, 5.0]), np.array([100.0, 100.0, -2.0])
    scale, origin = np.array([2.0, 2.0, 1.0]), np.array([80.0, 80.0, 3.0])
    z = scaled_error(outcome, point, scale, origin)
    # log(1.1) / (2 / 80); log(0.9) / 0.025; a negative projection: (5 - -2) / 1
    assert z == pytest.approx([np.log(1.1) / 0.025, np.log(0.9) / 0.025, 7.0])
    assert scaled_error(outcome, point, scale, origin, "difference") == pytest.approx(
        [5.0, -5.0, 7.0])
    q = np.array([[-1.0, 2.0], [-3.0, 4.0]])
    lo, hi = interval_bounds(np.array([[100.0, 104.0], [-2.0, -3.0]]), q, np.array([2.0, 1.0]),
                             np.array([80.0, 3.0]))
    # 100 exp(-0.025), 100 exp(0.05); 104 exp(-0.075), 104 exp(0.1); additive where negative
    assert lo == pytest.approx(np.array([[100 * np.exp(-0.025), 104 * np.exp(-0.075)],
                                         [-3.0, -6.0]]))
    assert hi == pytest.approx(np.array([[100 * np.exp(0.05), 104 * np.exp(0.1)], [0.0, 1.0]]))
    # a positive quantity keeps a positive lower bound however wide the interval
    wide, _ = interval_bounds(np.array([[10.0]]), np.array([[-400.0, 5.0]]), np.array([1.0]),
                              np.array([10.0]))
    assert 0 < wide[0, 0] < 1e-10
    # the bounds are where the scaled error equals the quantiles
    assert scaled_error(hi[0], np.array([100.0, 104.0]), np.full(2, 2.0),
                        np.full(2, 80.0)) == pytest.approx([2.0, 4.0])


def test_intervals_beyond_the_calibrated_horizons_grow_as_the_calibrated_ones_did():
    commons = np.array([-0.4, 0.1, 0.5, 0.2])
    by_h = {1: [np.full(20, c) for c in commons], 2: [np.full(20, c) for c in 2.5 * commons]}
    cfg = settings({"common_grid": 2000, "residual_grid": 50})
    q, longest = horizon_quantiles(by_h, 4, 0.8, cfg)
    assert longest == 2
    # widths 1 : 2.5 from h = 1 to 2: exponent log(2.5) / log(2); h = 4 is 2.5 times h = 2
    assert growth_exponent({1: (-1.0, 1.0), 2: (-2.5, 2.5)}) == pytest.approx(np.log2(2.5))
    assert q[3] == pytest.approx(2.5 * q[1]) and q[2] == pytest.approx(q[1] * 1.5 ** np.log2(2.5))
    assert q[1] == pytest.approx(2.5 * q[0], rel=0.01)
    linear, _ = horizon_quantiles(by_h, 4, 0.8, settings({**cfg, "beyond_calibrated": "linear"}))
    assert linear[3] == pytest.approx(2 * q[1])
    # the exponent stays within 0.5 (sum of yearly shocks) and 1.5 (a wandering trend)
    assert growth_exponent({1: (-1.0, 1.0), 3: (-9.0, 9.0)}) == 1.5
    assert growth_exponent({1: (-1.0, 1.0), 4: (-1.0, 1.0)}) == 0.5
    assert growth_exponent({3: (-1.0, 1.0)}) == 1.0
    with pytest.raises(ValueError, match="beyond_calibrated"):
        growth_exponent({1: (-1.0, 1.0)}, "cubic")


def test_nothing_after_the_origin_reaches_the_projection():
    panel = synthetic_panel(n=30, first=2006)
    base = run_future(panel, origin=2018, horizon=2022)
    changed = panel.copy()
    later = changed["tahun"] > 2018
    changed.loc[later, "nilai"] = changed.loc[later, "nilai"] * 3 + 100
    other = run_future(changed, origin=2018, horizon=2022)
    pd.testing.assert_frame_equal(base.proyeksi, other.proyeksi)
    pd.testing.assert_frame_equal(base.uji_balik, other.uji_balik)
    assert base.catatan["variabel"]["ipm"]["tahun_data"] == [2006, 2018]


def test_a_series_without_the_origin_year_gets_no_projection_and_the_reason():
    panel = synthetic_panel(n=20, first=2008, variable="rls")
    panel = panel[panel["tahun"] != 2019]  # as rls: no 2019 anywhere
    proj, missing = project(panel, origin=2019, horizon=2021)
    assert proj.empty
    assert len(missing) == panel["kode"].nunique()
    assert missing["alasan"].str.contains("2019 tidak terbit").all()
    assert missing["alasan"].str.contains("terakhir terbit 2018").all()
    # from 2020 the gap is inside the history: projected
    proj, missing = project(panel, origin=2020, horizon=2021, lang="en")
    assert len(proj) > 0


def test_one_row_per_regency_variable_year_and_the_record():
    panel = pd.concat([synthetic_panel(n=25, first=2008),
                       synthetic_panel(n=25, first=2010, variable="rls", seed=2)])
    result = run_future(panel, origin=2022, horizon=2026, level=0.9, kode=["11.03", "11.07"])
    proj = result.proyeksi
    assert not proj.duplicated(["kode", "variabel", "tahun"]).any()
    assert sorted(proj["tahun"].unique()) == [2023, 2024, 2025, 2026]
    assert set(proj["kode"]) == {"11.03", "11.07"} and set(proj["variabel"]) == {"ipm", "rls"}
    assert (proj["tingkat"] == 0.9).all()
    rec = result.catatan
    assert rec["asal"] == 2022 and rec["horizon"] == 2026 and rec["tingkat"] == 0.9
    assert rec["kode"] == ["11.03", "11.07"] and rec["metode_diminta"] == "auto"
    assert rec["variabel"]["rls"]["tahun_data"] == [2010, 2022]
    assert rec["variabel"]["ipm"]["tahun_asal_uji_balik"][0] == 2012
    assert rec["pengaturan"]["min_history"] == 5
    assert set(result.pilihan["variabel"]) == {"ipm", "rls"}
    assert result.pilihan.set_index("variabel")["metode"].to_dict() == \
        {v: rec["variabel"][v]["metode"] for v in ("ipm", "rls")}


def test_a_variable_without_a_backtest_borrows_the_calibration_or_is_listed():
    base = synthetic_panel(n=30, first=2008)
    short = synthetic_panel(n=30, first=2019, seed=5, variable="uhh")
    panel = pd.concat([base, short[short["tahun"] >= 2020]])
    result = run_future(panel, origin=2024, horizon=2026)
    assert result.catatan["variabel"]["uhh"]["kalibrasi"] == "pinjaman"
    assert (result.proyeksi["variabel"] == "uhh").any()
    proj, missing = project(panel, origin=2024, horizon=2026,
                            settings={"borrow_calibration": False})
    assert not (proj["variabel"] == "uhh").any()
    uhh = missing[missing["variabel"] == "uhh"].set_index("kode")["alasan"]
    five_years = panel[panel["variabel"] == "uhh"].groupby("kode").size().eq(5)
    enough = five_years.index[five_years]
    assert len(enough) > 20 and set(enough) <= set(uhh.index)
    assert uhh[enough].str.contains("selang tidak dapat dikalibrasi").all()


@pytest.mark.parametrize("kwargs, message", [
    (dict(origin=2013), "origin 2013: before the first year with data (2014)"),
    (dict(origin=2021), "origin 2021: after the last year with data (2020)"),
    (dict(origin=2020, horizon=2020), "horizon 2020: must be after the origin 2020"),
    (dict(origin=2020, horizon=2018), "horizon 2018: must be after the origin 2020"),
    (dict(variables=["ipm", "gini"]), "unknown variable(s) gini"),
    (dict(kode=["11.01", "99.99"]), "unknown regency code(s) 99.99"),
    (dict(kode=[11.1]), "codes are text"),
    (dict(level=0), "level 0: must lie strictly between 0 and 1"),
    (dict(level=1.2), "level 1.2: must lie strictly between 0 and 1"),
    (dict(level="tinggi"), "level 'tinggi': must be a number"),
    (dict(method="prophet"), "method 'prophet': unknown"),
    (dict(origin=2019.5), "origin 2019.5: must be a whole year"),
])
def test_bad_input_is_a_clear_error(kwargs, message):
    with pytest.raises(FutureInputError) as err:
        project(TINY, **kwargs)
    assert message in str(err.value)


def test_bad_panel_frames_are_clear_errors():
    with pytest.raises(FutureInputError, match="missing column"):
        project(TINY.drop(columns="nilai"))
    doubled = pd.concat([TINY, TINY.iloc[[0]]])
    with pytest.raises(FutureInputError, match="two rows for kode 11.01, variabel ipm"):
        project(doubled)
    nan = TINY.copy()
    nan.loc[3, "nilai"] = np.nan
    with pytest.raises(FutureInputError, match="not a finite number"):
        project(nan)
    text = TINY.astype({"nilai": object})
    text.loc[2, "nilai"] = "61,0"
    with pytest.raises(FutureInputError, match="column 'nilai' value '61,0' is not a number"):
        project(text)


# reach_year: province 11 (A, B, C), Java: Kepulauan Seribu (31.01, a kabupaten), a Java
# kabupaten 32.01 and a Java kota 32.71 (not in a kabupaten's Java median).
REGIONS = pd.DataFrame({
    "kode": ["11.01", "11.02", "11.03", "31.01", "32.01", "32.71"],
    "jenis": ["kabupaten", "kabupaten", "kabupaten", "kabupaten", "kabupaten", "kota"],
    "kode_provinsi": ["11", "11", "11", "31", "32", "32"],
    "pulau_jawa": [False, False, False, True, True, True]})
START = {"11.01": 60.0, "11.02": 64.0, "11.03": 65.9, "31.01": 70.0, "32.01": 62.0,
         "32.71": 80.0}
PACE = {"11.01": 1.0, "11.02": 0.5, "11.03": 0.2, "31.01": 0.0, "32.01": 0.5, "32.71": 0.5}


def _reach_inputs():
    panel = long_panel({(k, "ipm"): {2020: v} for k, v in START.items()})
    proj = pd.DataFrame([{"kode": k, "variabel": "ipm", "tahun": 2020 + h,
                          "nilai": START[k] + PACE[k] * h}
                         for k in START for h in range(1, 11)])
    return proj, panel


def test_reach_year_by_hand():
    proj, panel = _reach_inputs()
    got = reach_year(proj, panel, REGIONS, kode=["11.01", "11.02", "32.71"])
    assert list(got.columns) == REACH_COLUMNS
    got = got.set_index(["kode", "pembanding"])
    # 11.01 vs the province median (the middle of 60 + t, 64 + 0.5 t, 65.9 + 0.2 t): in 2025
    # the three are 65, 66.5, 66.9 (median 66.5, not reached); 2026: 66, 67, 67.1 -> 67; 2027:
    # 67, 67.5, 67.3 -> 67.3; 2028: 68, 68, 67.5 -> 68: reached (equal counts) in 2028
    assert got.loc[("11.01", "provinsi"), "tahun_capai"] == 2028
    assert got.loc[("11.01", "provinsi"), "status"] == "tercapai"
    assert got.loc[("11.01", "provinsi"), "target_asal"] == 64.0
    assert got.loc[("11.01", "provinsi"), "n_pembanding"] == 3
    # Java kabupaten median = mean of 70 (Kepulauan Seribu) and 62 + 0.5 t = 66 + 0.25 t;
    # 60 + t >= 66 + 0.25 t from t = 8: 2028
    assert got.loc[("11.01", "jawa_sejenis"), "tahun_capai"] == 2028
    assert got.loc[("11.01", "jawa_sejenis"), "n_pembanding"] == 2
    # 11.02 is the province median at the origin (60, 64, 65.9): there already;
    # Java: 64 + 0.5 t >= 66 + 0.25 t from t = 8
    assert got.loc[("11.02", "provinsi"), "status"] == "sudah"
    assert got.loc[("11.02", "provinsi"), "tahun_capai"] == 2020
    assert got.loc[("11.02", "jawa_sejenis"), "tahun_capai"] == 2028
    # the Java kota is its own kota median: there already
    assert got.loc[("32.71", "jawa_sejenis"), "status"] == "sudah"
    assert got.loc[("32.71", "jawa_sejenis"), "tahun_capai"] == 2020


def test_reach_year_fixed_target_and_not_within_the_horizon():
    proj, panel = _reach_inputs()
    got = reach_year(proj, panel, REGIONS, kode=["11.03", "11.01"], target="fixed")
    got = got.set_index(["kode", "pembanding"])
    # fixed Java kabupaten target = (70 + 62) / 2 = 66 at 2020: 11.01 (60 + t) reaches it in 2026
    assert got.loc[("11.01", "jawa_sejenis"), "tahun_capai"] == 2026
    moving = reach_year(proj, panel, REGIONS, kode=["11.03"]).set_index("pembanding")
    # 11.03 (65.9 + 0.2 t) stays below the Java median 66 + 0.25 t: not within 2030
    assert pd.isna(moving.loc["jawa_sejenis", "tahun_capai"])
    assert moving.loc["jawa_sejenis", "status"] == "tidak_dalam_horizon"


def test_reach_year_bad_input():
    proj, panel = _reach_inputs()
    with pytest.raises(FutureInputError, match="unknown regency code"):
        reach_year(proj, panel, REGIONS, kode=["64.02"])
    with pytest.raises(FutureInputError, match="target 'median'"):
        reach_year(proj, panel, REGIONS, target="median")
    with pytest.raises(FutureInputError, match="no direction"):
        reach_year(proj.assign(variabel="garis_kemiskinan"),
                   panel.assign(variabel="garis_kemiskinan"), REGIONS)


def _fake_backtest(differences: list[float]):
    """A backtest with one error per origin: drift's |error| 1.0, the challenger's 1.0 + d."""
    from analysis.future.backtest import VariableBacktest

    mat = series_matrix(TINY, "ipm", np.array(["11.01"], dtype=object))
    bt = VariableBacktest(mat, 6, np.arange(1, 2), origins=list(range(len(differences))))
    bt.errors = {"drift": {}, "random_walk": {}}
    for k, d in enumerate(differences):
        bt.errors["drift"][(k, 1)] = (np.array([0]), np.array([1.0]), np.array([1.0]))
        bt.errors["random_walk"][(k, 1)] = (np.array([0]), np.array([-(1.0 + d)]),
                                            np.array([-(1.0 + d)]))
    return bt


def test_a_challenger_replaces_drift_only_when_better_beyond_the_origins_noise():
    from analysis.future.backtest import beats_drift, choose_method

    cfg = settings()  # at least 3 origins, one-sided t test at 0.10
    steady = _fake_backtest([-0.20, -0.25, -0.22, -0.18])
    # mean −0.2125, sd 0.0299: t = −14.2 on 3 df, p < 0.001
    assert beats_drift(steady, "random_walk", cfg)
    row = choose_method(steady, ["drift", "random_walk"], cfg)
    assert row["metode"] == "random_walk" and row["alasan"] == "mae_terendah_teruji"
    assert row["mae"] == pytest.approx(1.0 - 0.2125)
    assert row["rasio_drift"] == pytest.approx(0.7875)
    # lower pooled MAE (mean −0.0125) but it won at two origins and lost at two: noise
    noisy = _fake_backtest([-0.5, 0.4, -0.3, 0.35])
    assert not beats_drift(noisy, "random_walk", cfg)
    row = choose_method(noisy, ["drift", "random_walk"], cfg)
    assert row["metode"] == "drift" and row["alasan"] == "drift_tidak_terkalahkan"
    # two origins are too few, however large the gain
    assert not beats_drift(_fake_backtest([-0.5, -0.6]), "random_walk", cfg)


def test_random_walk_is_chosen_for_series_without_a_trend():
    rng = np.random.default_rng(11)
    years = range(2004, 2025)
    level = 60 + np.cumsum(rng.normal(0, 0.4, (60, len(years))), axis=1)
    panel = long_panel({(f"11.{i + 1:02d}", "ipm"): dict(zip(years, level[i].round(3)))
                        for i in range(60)})
    result = run_future(panel, horizon=2027)
    row = result.pilihan.iloc[0]
    assert row["metode"] != "drift" and row["rasio_drift"] < 1.0
