"""The profile verdict of the cross-section section: a regency is better or worse than its
profile predicts only when its published final lies outside the 95 % prediction interval of the
OLS model; inside it, it is as predicted. Checked on a small hand-made frame against statsmodels
called directly and against the interval worked out by hand (HC3 covariance + residual
variance, normal quantile)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from scipy import stats

from analysis.correlations.model import verdict
from analysis.correlations.results import model_tables

X = np.arange(1.0, 21.0)
NOISE = np.array([0.3, -0.2, 0.1, -0.4, 0.2, 0.0, -0.1, 0.35, -0.3, 0.15, -0.25, 0.05, 0.4,
                  -0.15, 0.1, -0.35, 0.2, -0.05, 0.25, -0.3])


def _frame() -> pd.DataFrame:
    y = 1 + 0.5 * X + NOISE
    y[9] += 2.5            # far above the line
    y[14] -= 2.0           # far below it
    return pd.DataFrame({"tahun": 2023, "kode_kemendagri": [f"99.{i:02d}" for i in range(1, 21)],
                         "nama": [f"R{i}" for i in range(20)], "dievaluasi": True,
                         "ipm_2021": X, "nilai_final": y})


def _hand_interval(x, y, level=0.95):
    """Prediction interval of a new observation at each x: fitted ± z·sqrt(x'Σx + s²), Σ the
    HC3 covariance (MacKinnon–White) and s² = SSR / (n − p)."""
    d = np.column_stack([np.ones_like(x), x])
    beta = np.linalg.lstsq(d, y, rcond=None)[0]
    e = y - d @ beta
    xtx_inv = np.linalg.inv(d.T @ d)
    h = np.einsum("ij,jk,ik->i", d, xtx_inv, d)
    omega = (e / (1 - h)) ** 2
    cov = xtx_inv @ (d.T * omega) @ d @ xtx_inv
    s2 = e @ e / (len(y) - d.shape[1])
    se = np.sqrt(np.einsum("ij,jk,ik->i", d, cov, d) + s2)
    z = stats.norm.ppf(0.5 + level / 2)
    fitted = d @ beta
    return fitted - z * se, fitted + z * se


def test_interval_matches_statsmodels_and_hand_calculation():
    df = _frame()
    fitted, summary = model_tables(df, years=(2023,))
    ref = smf.ols("nilai_final ~ ipm_2021", df).fit(cov_type="HC3").get_prediction(
        df).summary_frame(alpha=0.05)
    assert fitted["prediksi_bawah"].to_numpy() == pytest.approx(ref["obs_ci_lower"].to_numpy())
    assert fitted["prediksi_atas"].to_numpy() == pytest.approx(ref["obs_ci_upper"].to_numpy())
    lo, hi = _hand_interval(X, df["nilai_final"].to_numpy())
    assert fitted["prediksi_bawah"].to_numpy() == pytest.approx(lo, rel=1e-9)
    assert fitted["prediksi_atas"].to_numpy() == pytest.approx(hi, rel=1e-9)


def test_verdict_reads_the_interval_not_the_residual_size():
    df = _frame()
    fitted, summary = model_tables(df, years=(2023,))
    lo, hi = _hand_interval(X, df["nilai_final"].to_numpy())
    y = df["nilai_final"].to_numpy()
    expected = ["better" if v > b else "worse" if v < a else "as_predicted"
                for v, a, b in zip(y, lo, hi)]
    assert fitted["penilaian"].tolist() == expected
    # the two units pushed off the line are the only ones outside their intervals
    assert expected[9] == "better" and expected[14] == "worse"
    assert expected.count("as_predicted") == 18
    # a residual of half a standard deviation is not "better" any more: inside the interval
    assert fitted["residu_z"].iloc[12] > 0.5 and fitted["penilaian"].iloc[12] == "as_predicted"
    row = summary.iloc[0]
    assert (row["n_lebih_baik"], row["n_lebih_buruk"], row["n_sesuai_prediksi"]) == (1, 1, 18)


def test_verdict_bounds_and_missing_values():
    assert verdict(3.40, 1.52, 3.40) == "as_predicted"       # on the bound: inside
    assert verdict(1.52, 1.52, 3.40) == "as_predicted"
    assert verdict(3.41, 1.52, 3.40) == "better"
    assert verdict(1.51, 1.52, 3.40) == "worse"
    assert verdict(2.82, 1.52, 3.40) == "as_predicted"       # Kutai Kartanegara 2023
    assert verdict(float("nan"), 1.52, 3.40) == "unknown"
    assert verdict(2.0, float("nan"), 3.40) == "unknown"
