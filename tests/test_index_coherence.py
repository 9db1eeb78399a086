"""Coherence audit functions against numpy/scipy hand computations."""
import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis.frameworks import framework_from_dict
from analysis.index.coherence import (coherence_audit, correlation_flags, correlations,
                                      cronbach_alpha, group_coherence, group_vif,
                                      indicator_stats, pca_share, signif, vif)
from analysis.index.pipeline import run_pipeline


@pytest.fixture(scope="module")
def X():
    rng = np.random.default_rng(7)
    f = rng.normal(size=60)
    return pd.DataFrame({"a": f + rng.normal(scale=0.5, size=60),
                         "b": f + rng.normal(scale=0.8, size=60),
                         "c": -f + rng.normal(scale=1.0, size=60),
                         "d": rng.normal(size=60)})


def test_cronbach_alpha_from_covariance(X):
    C = np.cov(X.to_numpy(), rowvar=False)
    k = C.shape[0]
    assert cronbach_alpha(X) == pytest.approx(k / (k - 1) * (1 - np.trace(C) / C.sum()))


def test_pca_share_from_svd(X):
    Z = (X - X.mean()) / X.std(ddof=1)
    s = np.linalg.svd(Z.to_numpy(), compute_uv=False)
    assert pca_share(X) == pytest.approx(s[0] ** 2 / (s ** 2).sum())


def test_vif_from_regressions(X):
    v = vif(X)
    for col in X.columns:
        y = X[col].to_numpy()
        A = np.column_stack([np.ones(len(X)), X.drop(columns=col).to_numpy()])
        resid = y - A @ np.linalg.lstsq(A, y, rcond=None)[0]
        r2 = 1 - resid.var() / y.var()
        assert v[col] == pytest.approx(1 / (1 - r2), rel=1e-9)


def test_indicator_stats_by_hand():
    df = pd.DataFrame({"x": [0.0, 0, 0, 1, 2, np.nan, np.nan, np.nan, np.nan, np.nan],
                       "y": np.arange(10.0)})
    s = indicator_stats(df).set_index("iCode")
    assert s.loc["x", "N.Avail"] == 5 and s.loc["x", "Frc.Avail"] == 0.5
    assert s.loc["x", "N.NonZero"] == 2 and s.loc["x", "Frc.NonZero"] == pytest.approx(0.4)
    assert s.loc["x", "N.Unique"] == 3 and s.loc["x", "N.Same"] == 3
    assert s.loc["x", "Flag.Avail"] == "LOW" and s.loc["x", "Flag.NonZero"] == "LOW"
    assert s.loc["y", "Flag.Avail"] == "ok"
    assert s.loc["y", "Std"] == pytest.approx(np.std(np.arange(10), ddof=1))
    assert s.loc["y", "Skew"] == pytest.approx(0) and s.loc["y", "Kurt"] == pytest.approx(
        stats.kurtosis(np.arange(10.0), bias=False))
    out = pd.DataFrame({"z": [1.0] * 30 + [100.0]})
    assert indicator_stats(out)["Flag.SkewKurt"].iloc[0] == "OUT"
    assert signif(pd.DataFrame({"v": [123456.0, 0.0012345]}), 3)["v"].tolist() == \
        [123000.0, 0.00123]


FW = framework_from_dict({"code": "c", "nodes": [
    {"code": "I"}, {"code": "P", "parent": "I"}, {"code": "Q", "parent": "I"},
    {"code": "a", "parent": "P"}, {"code": "b", "parent": "P"}, {"code": "c", "parent": "P"},
    {"code": "d", "parent": "Q"}, {"code": "e", "parent": "Q"}]})


def test_correlations_and_flags(X):
    data = X.copy()
    data["e"] = data["a"] * 2 + 0.01 * data["d"]
    data["P"] = data[["a", "b", "c"]].mean(axis=1)
    data["Q"] = data[["d", "e"]].mean(axis=1)
    data["I"] = data[["P", "Q"]].mean(axis=1)
    cor = correlations(data, FW, 1, 2, pval=None)
    r, p = stats.pearsonr(data["c"], data["P"])
    row = cor[(cor.Var1 == "P") & (cor.Var2 == "c")].iloc[0]
    assert row["Correlation"] == pytest.approx(r) and row["p"] == pytest.approx(p)
    assert row["Parent"] and not cor[(cor.Var1 == "Q") & (cor.Var2 == "c")].iloc[0]["Parent"]
    blanked = correlations(data, FW, 1, 2, pval=0.05)
    assert blanked["Correlation"].isna().tolist() == (cor["p"] >= 0.05).tolist()
    flags = correlation_flags(data, FW)
    pairs = {(f.code1, f.code2, f.flag) for f in flags.itertuples()}
    assert ("a", "c", "negative") in pairs and ("b", "c", "negative") in pairs
    for kid in ("a", "b", "c"):  # node-parent flags follow the hand-computed r
        rk = np.corrcoef(data[kid], data["P"])[0, 1]
        expected = "negative" if rk < 0 else "weak" if rk < 0.3 else None
        got = [f for (c1, c2, f) in pairs if c1 == kid and c2 == "P"]
        assert got == ([expected] if expected else [])
    g = group_coherence(data, FW).set_index("group")
    assert g.loc["P", "cronbach_alpha"] == pytest.approx(cronbach_alpha(data[["a", "b", "c"]]))
    assert set(group_vif(data, FW)["group"]) == {"P", "Q", "I"}


def test_collinear_flag():
    rng = np.random.default_rng(3)
    a = rng.normal(size=40)
    data = pd.DataFrame({"a": a, "b": a + rng.normal(scale=0.05, size=40),
                         "c": rng.normal(size=40), "d": rng.normal(size=40),
                         "e": rng.normal(size=40)})
    flags = correlation_flags(data, FW)
    assert ((flags.code1 == "a") & (flags.code2 == "b") & (flags.flag == "collinear")).any()


def test_audit_bundle_on_a_pipeline(X):
    fw = framework_from_dict({"code": "t", "nodes": [
        {"code": "I"}, {"code": "P", "parent": "I"}, {"code": "Q", "parent": "I"},
        {"code": "a", "parent": "P"}, {"code": "b", "parent": "P"},
        {"code": "c", "parent": "Q"}, {"code": "d", "parent": "Q"}]})
    df = X.assign(u=[f"u{i}" for i in range(len(X))])
    res = run_pipeline(fw, df, {"stages": {"normalised": {"method": "minmax"},
                                           "aggregated": {}}}, unit_col="u")
    audit = coherence_audit(res)
    assert set(audit) == {"stats", "correlations", "flags", "groups", "vif"}
    assert len(audit["stats"]) == 4 and len(audit["correlations"]) == 8
