"""Statistical coherence of a composite indicator, as a JRC audit checks it.

- :func:`indicator_stats`: per-indicator statistics and flags (COINr ``get_stats``: availability
  < 0.65 "LOW", share of non-zeros and of unique values < 0.5 "LOW", |skew| > 2 AND kurtosis > 3.5
  "OUT"; fractions of non-zero/unique/same values are over the available values).
- :func:`correlations`: Pearson (or Spearman) correlations between the codes of two levels, with
  p-values; correlations not significant at ``pval`` are blanked as in COINr ``get_corr``.
- :func:`correlation_flags`: collinear (> 0.9) and negative pairs of indicators within a group,
  and weak (< 0.3) or negative correlations of a node with its parent.
- :func:`cronbach_alpha`, :func:`pca_share` (first principal component's share of variance,
  standardised data), :func:`group_coherence` (both per aggregate), :func:`vif` (variance
  inflation factors, the diagonal of the inverse correlation matrix).

All functions return DataFrames/Series; :func:`coherence_audit` bundles them for a pipeline run.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from analysis.frameworks.model import Framework
from analysis.index.stages.treat import kurt, skew


def indicator_stats(X: pd.DataFrame, t_avail: float = 0.65, t_zero: float = 0.5,
                    t_unq: float = 0.5, t_skew: float = 2.0, t_kurt: float = 3.5) -> pd.DataFrame:
    """COINr-style statistics table, one row per column of ``X`` (unrounded; see :func:`signif`)."""
    n = len(X)
    rows = []
    for code in X.columns:
        x = X[code].to_numpy(float)
        v = x[~np.isnan(x)]
        na = len(v)
        sk, kt = skew(v), kurt(v)
        nz = int((v != 0).sum())
        uniq, counts = np.unique(v, return_counts=True)
        rows.append({
            "iCode": code, "Min": v.min() if na else np.nan, "Max": v.max() if na else np.nan,
            "Mean": v.mean() if na else np.nan, "Median": np.median(v) if na else np.nan,
            "Std": v.std(ddof=1) if na > 1 else np.nan, "Skew": sk, "Kurt": kt,
            "N.Avail": na, "N.NonZero": nz, "N.Unique": len(uniq),
            "N.Same": int(counts.max()) if na else 0, "Frc.Avail": na / n if n else np.nan,
            "Frc.NonZero": nz / na if na else np.nan,
            "Frc.Unique": len(uniq) / na if na else np.nan,
            "Frc.Same": counts.max() / na if na else np.nan})
    df = pd.DataFrame(rows)
    df["Flag.Avail"] = np.where(df["Frc.Avail"] < t_avail, "LOW", "ok")
    df["Flag.NonZero"] = np.where(df["Frc.NonZero"] < t_zero, "LOW", "ok")
    df["Flag.Unique"] = np.where(df["Frc.Unique"] < t_unq, "LOW", "ok")
    df["Flag.SkewKurt"] = np.where((df["Skew"].abs() > t_skew) & (df["Kurt"] > t_kurt), "OUT", "ok")
    return df


def signif(df: pd.DataFrame, digits: int = 3) -> pd.DataFrame:
    """Round every float column to ``digits`` significant figures (R's ``signif``)."""
    out = df.copy()
    for c in out.columns:
        if out[c].dtype.kind == "f":
            x = out[c].to_numpy(float)
            with np.errstate(divide="ignore", invalid="ignore"):
                mag = np.where(x == 0, 0, np.floor(np.log10(np.abs(x))))
            f = 10.0 ** (digits - 1 - mag)
            out[c] = np.where(np.isfinite(x), np.round(x * f) / f, x)
    return out


def _corr_p(a: np.ndarray, b: np.ndarray, method: str):
    ok = ~(np.isnan(a) | np.isnan(b))
    n = int(ok.sum())
    if n < 3 or np.ptp(a[ok]) == 0 or np.ptp(b[ok]) == 0:
        return np.nan, np.nan
    if method == "spearman":
        r = stats.spearmanr(a[ok], b[ok]).statistic
    else:
        r = float(np.corrcoef(a[ok], b[ok])[0, 1])
    t = r * np.sqrt((n - 2) / max(1 - r * r, 1e-300))
    return r, float(2 * stats.t.sf(abs(t), n - 2))


def correlations(data: pd.DataFrame, fw: Framework, level_a: int = 1, level_b: int = 2,
                 method: str = "pearson", pval: float | None = 0.05) -> pd.DataFrame:
    """Long table ``Var1`` (level_b code), ``Var2`` (level_a code), ``Correlation``, ``p``,
    ``Parent`` (True when Var1 is an ancestor of Var2). Non-significant correlations (p ≥ pval)
    are NaN in ``Correlation`` unless ``pval`` is None. ``data`` holds every code as a column
    (the ``aggregated`` stage)."""
    levels = fw.level_of()
    a = [c for c in fw.nodes if levels[c] == level_a and c in data.columns]
    b = [c for c in fw.nodes if levels[c] == level_b and c in data.columns]
    rows = []
    for v2 in a:
        anc = _ancestors(fw, v2)
        for v1 in b:
            r, p = _corr_p(data[v1].to_numpy(float), data[v2].to_numpy(float), method)
            keep = pval is None or (not np.isnan(p) and p < pval)
            rows.append({"Var1": v1, "Var2": v2, "Correlation": r if keep else np.nan,
                         "r": r, "p": p, "Parent": v1 in anc})
    return pd.DataFrame(rows)


def _ancestors(fw: Framework, code: str) -> set[str]:
    out, cur = set(), fw.nodes[code].parent
    while cur is not None:
        out.add(cur)
        cur = fw.nodes[cur].parent
    return out


def correlation_flags(data: pd.DataFrame, fw: Framework, collinear: float = 0.9,
                      negative: float = -0.4, weak: float = 0.3,
                      method: str = "pearson") -> pd.DataFrame:
    """Flagged pairs: siblings with r > ``collinear`` ("collinear") or r < ``negative``
    ("negative", COINr's default −0.4), and node–parent pairs with r < ``weak`` ("weak") or
    r < 0 ("negative")."""
    rows = []
    for agg in fw.aggregates:
        kids = [k for k in fw.children(agg) if k in data.columns]
        for i, k1 in enumerate(kids):
            if agg in data.columns:
                r, p = _corr_p(data[k1].to_numpy(float), data[agg].to_numpy(float), method)
                if r < weak:
                    rows.append({"kind": "parent", "group": agg, "code1": k1, "code2": agg,
                                 "r": r, "flag": "negative" if r < 0 else "weak"})
            for k2 in kids[i + 1:]:
                r, p = _corr_p(data[k1].to_numpy(float), data[k2].to_numpy(float), method)
                if r > collinear or r < negative:
                    rows.append({"kind": "siblings", "group": agg, "code1": k1, "code2": k2,
                                 "r": r, "flag": "collinear" if r > collinear else "negative"})
    return pd.DataFrame(rows, columns=["kind", "group", "code1", "code2", "r", "flag"])


def cronbach_alpha(X: pd.DataFrame) -> float:
    """k/(k−1)·(1 − Σ var(x_i)/var(Σ x_i)) over complete rows (ddof = 1); NaN for k < 2."""
    Y = X.dropna().to_numpy(float)
    k = Y.shape[1]
    if k < 2 or len(Y) < 2:
        return np.nan
    return float(k / (k - 1) * (1 - Y.var(axis=0, ddof=1).sum() / Y.sum(axis=1).var(ddof=1)))


def pca_share(X: pd.DataFrame) -> float:
    """Share of total variance of the first principal component of the standardised columns
    (largest eigenvalue of the correlation matrix / k), over complete rows."""
    Y = X.dropna().to_numpy(float)
    if Y.shape[1] < 2 or len(Y) < 3:
        return np.nan
    ev = np.linalg.eigvalsh(np.corrcoef(Y, rowvar=False))
    return float(ev[-1] / ev.sum())


def group_vif(data: pd.DataFrame, fw: Framework) -> pd.DataFrame:
    """VIF of every node among its siblings (one regression per group of ≥ 2 children)."""
    rows = []
    for agg in fw.aggregates:
        kids = [k for k in fw.children(agg) if k in data.columns]
        if len(kids) >= 2:
            for code, v in vif(data[kids]).items():
                rows.append({"group": agg, "iCode": code, "VIF": v})
    return pd.DataFrame(rows, columns=["group", "iCode", "VIF"])


def vif(X: pd.DataFrame) -> pd.Series:
    """Variance inflation factor of every column: diag of the inverse correlation matrix
    (= 1/(1 − R²) of the column regressed on the others), over complete rows."""
    Y = X.dropna().to_numpy(float)
    inv = np.linalg.pinv(np.corrcoef(Y, rowvar=False))
    return pd.Series(np.diag(inv), index=X.columns, name="VIF")


def group_coherence(data: pd.DataFrame, fw: Framework) -> pd.DataFrame:
    """Per aggregate: number of children, Cronbach's alpha and the first PC's variance share."""
    rows = []
    for agg in fw.aggregates:
        kids = [k for k in fw.children(agg) if k in data.columns]
        sub = data[kids]
        rows.append({"group": agg, "level": fw.level_of()[agg], "n_children": len(kids),
                     "cronbach_alpha": cronbach_alpha(sub), "pc1_share": pca_share(sub)})
    return pd.DataFrame(rows)


def coherence_audit(result, stats_stage: str = "raw") -> dict[str, pd.DataFrame]:
    """All audit tables for a :class:`~analysis.index.pipeline.PipelineResult`: ``stats`` (of
    ``stats_stage``), ``correlations`` (indicators vs level 2), ``flags``, ``groups``, ``vif``
    (within each group)."""
    fw, agg = result.framework, result.stages["aggregated"]
    return {"stats": indicator_stats(result.stages[stats_stage]),
            "correlations": correlations(agg, fw, 1, 2),
            "flags": correlation_flags(agg, fw), "groups": group_coherence(agg, fw),
            "vif": group_vif(agg, fw)}
