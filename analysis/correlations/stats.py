"""Correlation statistics: point estimates and p-values (scipy), seeded bootstrap percentile
intervals, Benjamini–Hochberg adjustment (statsmodels) and partial correlations.

* Pearson, Spearman and Kendall (τ-b) estimates and p-values are scipy's (``pearsonr``,
  ``spearmanr``, ``kendalltau``), on the pairwise-complete observations.
* The bootstrap resamples pairs (units) with replacement: ``rng = numpy.random.default_rng(seed)``
  draws an ``(n_boot, n)`` index matrix in one call, the statistic is recomputed on every
  resample (Spearman ranks recomputed within the resample), and the interval is the percentile
  interval of the finite replicates. Same seed, same data → same interval.
* A partial correlation residualises both variables on the covariates (OLS with intercept) and
  correlates the residuals; Spearman's partial does so on ranks. Its p-value uses the t test
  with ``n − 2 − k`` degrees of freedom (k covariates).
* A Benjamini–Hochberg family counts each distinct test once: for the rank methods (Spearman,
  Kendall) two variables with the same ranks (density and log density) give the same test,
  which enters the family once and shares its adjusted p-value (:func:`rank_twins`).
"""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.multitest import multipletests

METHODS = ("pearson", "spearman", "kendall")
#: Correlations on fewer pairs than this carry a small-sample flag and a warning (a setting).
MIN_N = 30


class SmallSampleWarning(UserWarning):
    """Some correlations rest on few units: wide intervals, unstable estimates."""


def _check_method(method: str) -> str:
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, not {method!r}")
    return method


def complete_pairs(x, y) -> tuple[np.ndarray, np.ndarray]:
    """The pairs where both values are present, as float arrays."""
    x = np.asarray(pd.to_numeric(pd.Series(np.asarray(x, dtype=object)), errors="coerce"), float)
    y = np.asarray(pd.to_numeric(pd.Series(np.asarray(y, dtype=object)), errors="coerce"), float)
    ok = np.isfinite(x) & np.isfinite(y)
    return x[ok], y[ok]


def point_estimate(x, y, method: str = "spearman") -> tuple[float, float]:
    """(estimate, two-sided p) from scipy; NaN when fewer than 3 pairs or a constant variable."""
    _check_method(method)
    x, y = complete_pairs(x, y)
    if len(x) < 3 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return np.nan, np.nan
    fn = {"pearson": stats.pearsonr, "spearman": stats.spearmanr, "kendall": stats.kendalltau}
    res = fn[method](x, y)
    return float(res[0]), float(res[1])


def _rowwise_pearson(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    ac = a - a.mean(axis=1, keepdims=True)
    bc = b - b.mean(axis=1, keepdims=True)
    den = np.sqrt((ac * ac).sum(axis=1) * (bc * bc).sum(axis=1))
    with np.errstate(invalid="ignore", divide="ignore"):
        r = (ac * bc).sum(axis=1) / den
    r[~(den > 1e-12 * np.maximum(1.0, np.abs((ac * bc).sum(axis=1))))] = np.nan
    return r


def batch_statistic(xb: np.ndarray, yb: np.ndarray, method: str) -> np.ndarray:
    """The correlation of every row pair of two ``(B, n)`` arrays (NaN for a constant row)."""
    if method == "pearson":
        return _rowwise_pearson(xb, yb)
    if method == "spearman":
        return _rowwise_pearson(stats.rankdata(xb, axis=1), stats.rankdata(yb, axis=1))
    out = np.full(len(xb), np.nan)
    for i in range(len(xb)):
        if np.ptp(xb[i]) > 0 and np.ptp(yb[i]) > 0:
            out[i] = stats.kendalltau(xb[i], yb[i])[0]
    return out


def bootstrap_indices(n: int, n_boot: int, seed: int) -> np.ndarray:
    """The ``(n_boot, n)`` resampling index matrix of a seed."""
    return np.random.default_rng(seed).integers(0, n, size=(n_boot, n))


def percentile_interval(replicates: np.ndarray, level: float = 0.95) -> tuple[float, float]:
    """Percentile interval of the finite bootstrap replicates."""
    reps = replicates[np.isfinite(replicates)]
    if len(reps) < 10:
        return np.nan, np.nan
    a = (1 - level) / 2
    lo, hi = np.percentile(reps, [100 * a, 100 * (1 - a)])
    return float(lo), float(hi)


def correlate(x, y, method: str = "spearman", n_boot: int = 1000, seed: int = 0,
              level: float = 0.95) -> dict:
    """Estimate, p-value and seeded bootstrap percentile CI of one pair.

    Returns ``{n, estimate, p, ci_low, ci_high}``.
    """
    _check_method(method)
    x, y = complete_pairs(x, y)
    est, p = point_estimate(x, y, method)
    lo = hi = np.nan
    if np.isfinite(est) and n_boot:
        idx = bootstrap_indices(len(x), n_boot, seed)
        lo, hi = percentile_interval(batch_statistic(x[idx], y[idx], method), level)
    return dict(n=len(x), estimate=est, p=p, ci_low=lo, ci_high=hi)


def bh_adjust(p) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (statsmodels ``fdr_bh``); NaN stays NaN."""
    p = np.asarray(p, float)
    out = np.full_like(p, np.nan)
    ok = np.isfinite(p)
    if ok.any():
        out[ok] = multipletests(p[ok], method="fdr_bh")[1]
    return out


def rank_twins(frame: pd.DataFrame, xvars) -> dict[str, str]:
    """Each variable → the first of ``xvars`` with exactly the same ranks and missing values
    (a monotone transform of it, e.g. log density → density); itself when it has no twin."""
    out: dict[str, str] = {}
    seen: dict[bytes, str] = {}
    for x in xvars:
        r = frame[x].astype(float).rank(method="average").to_numpy()
        key = np.where(np.isnan(r), -1.0, r).tobytes()
        out[x] = seen.setdefault(key, x)
    return out


def bh_distinct(tests: pd.DataFrame, twins: dict[str, str]) -> np.ndarray:
    """BH-adjusted p of one family (``x, y, p`` rows), each distinct test counted once: rows
    whose ``x`` maps to the same twin (same ``y``) share the first one's adjusted p."""
    key = tests["x"].map(lambda v: twins.get(v, v)) + "\x00" + tests["y"].astype(str)
    first = ~key.duplicated().to_numpy()
    adj = dict(zip(key[first], bh_adjust(tests["p"].to_numpy(float)[first])))
    return key.map(adj).to_numpy(float)


def _design(z: np.ndarray) -> np.ndarray:
    """Covariate matrix ``(..., n, k)`` with an intercept column prepended."""
    ones = np.ones(z.shape[:-1] + (1,))
    return np.concatenate([ones, z], axis=-1)


def residualise(v: np.ndarray, z: np.ndarray) -> np.ndarray:
    """OLS residuals of ``v`` (``(..., n)``) on covariates ``z`` (``(..., n, k)``) + intercept."""
    d = _design(z)
    beta = np.linalg.pinv(d) @ v[..., None]
    return v - (d @ beta)[..., 0]


def _rank_last(a: np.ndarray, axis: int) -> np.ndarray:
    return stats.rankdata(a, axis=axis)


def partial_estimate(x, y, z, method: str = "pearson") -> tuple[float, float, int]:
    """(partial r, p, n) of x and y controlling for the columns of z (complete cases only)."""
    if method not in ("pearson", "spearman"):
        raise ValueError("partial correlations are computed for 'pearson' and 'spearman'")
    x, y, z = _complete_xyz(x, y, z)
    n, k = len(x), z.shape[1]
    if n < k + 4:
        return np.nan, np.nan, n
    if method == "spearman":
        x, y, z = stats.rankdata(x), stats.rankdata(y), stats.rankdata(z, axis=0)
    rx, ry = residualise(x, z), residualise(y, z)
    if np.ptp(rx) < 1e-12 or np.ptp(ry) < 1e-12:
        return np.nan, np.nan, n
    r = float(np.corrcoef(rx, ry)[0, 1])
    dof = n - 2 - k
    t = r * np.sqrt(dof / max(1e-300, 1 - r * r))
    return r, float(2 * stats.t.sf(abs(t), dof)), n


def _complete_xyz(x, y, z):
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    z = np.asarray(z, float).reshape(len(x), -1)
    ok = np.isfinite(x) & np.isfinite(y) & np.isfinite(z).all(axis=1)
    return x[ok], y[ok], z[ok]


def partial_correlate(x, y, z, method: str = "pearson", n_boot: int = 1000, seed: int = 0,
                      level: float = 0.95) -> dict:
    """Partial correlation with p-value and seeded bootstrap percentile CI.

    Returns ``{n, estimate, p, ci_low, ci_high}``.
    """
    r, p, n = partial_estimate(x, y, z, method)
    lo = hi = np.nan
    if np.isfinite(r) and n_boot:
        xc, yc, zc = _complete_xyz(x, y, z)
        idx = bootstrap_indices(n, n_boot, seed)
        xb, yb, zb = xc[idx], yc[idx], zc[idx]
        if method == "spearman":
            xb, yb, zb = _rank_last(xb, 1), _rank_last(yb, 1), _rank_last(zb, 1)
        lo, hi = percentile_interval(_rowwise_pearson(residualise(xb, zb), residualise(yb, zb)),
                                     level)
    return dict(n=n, estimate=r, p=p, ci_low=lo, ci_high=hi)


TABLE_COLUMNS = ["tahun", "x", "y", "method", "controls", "n", "estimate", "ci_low", "ci_high",
                 "p", "p_adj", "small_sample"]


class BootstrapCache:
    """Bootstrap replicates of a whole table, each variable transformed once per sample.

    A pair's replicates are the row-wise Pearson correlations of its two variables' resampled
    (ranked for Spearman, residualised on the controls for partials) columns, so one variable
    is resampled, ranked and residualised once per complete-case mask, not once per pair. The
    results equal :func:`correlate` / :func:`partial_correlate` pair by pair (same seed).
    """

    def __init__(self, frame: pd.DataFrame, controls, method: str, n_boot: int, seed: int):
        self.frame, self.method, self.n_boot, self.seed = frame, method, n_boot, seed
        self.z = frame[list(controls)].to_numpy(float) if controls else None
        self._cache: dict = {}

    def _key(self, mask: np.ndarray) -> bytes:
        return mask.tobytes()

    def _projection(self, mask: np.ndarray):
        key = ("z", self._key(mask))
        if key not in self._cache:
            idx = bootstrap_indices(int(mask.sum()), self.n_boot, self.seed)
            zb = self.z[mask][idx]
            if self.method == "spearman":
                zb = _rank_last(zb, 1)
            d = _design(zb)
            self._cache[key] = (idx, d, np.linalg.pinv(d))
        return self._cache[key]

    def replicates(self, var: str, mask: np.ndarray) -> np.ndarray:
        """``(n_boot, n)`` transformed resamples of ``var`` on the units of ``mask``."""
        key = (var, self._key(mask))
        if key not in self._cache:
            v = self.frame[var].to_numpy(float)[mask]
            if self.z is None:
                idx = self._cache.setdefault(("idx", self._key(mask)), bootstrap_indices(
                    int(mask.sum()), self.n_boot, self.seed))
                vb = v[idx]
                self._cache[key] = _rank_last(vb, 1) if self.method == "spearman" else vb
            else:
                idx, d, pinv = self._projection(mask)
                vb = v[idx]
                if self.method == "spearman":
                    vb = _rank_last(vb, 1)
                self._cache[key] = vb - (d @ (pinv @ vb[..., None]))[..., 0]
        return self._cache[key]

    def interval(self, x: str, y: str, level: float = 0.95) -> tuple[float, float]:
        """Percentile interval of the pair's replicates."""
        xv, yv = self.frame[x].to_numpy(float), self.frame[y].to_numpy(float)
        mask = np.isfinite(xv) & np.isfinite(yv)
        if self.z is not None:
            mask &= np.isfinite(self.z).all(axis=1)
        return percentile_interval(_rowwise_pearson(self.replicates(x, mask),
                                                    self.replicates(y, mask)), level)


def _table_row(frame, x, y, method, controls, cache, n_boot, seed) -> dict:
    if controls:
        r, p, n = partial_estimate(frame[x], frame[y], frame[controls].to_numpy(float), method)
    else:
        xc, _ = complete_pairs(frame[x], frame[y])
        (r, p), n = point_estimate(frame[x], frame[y], method), len(xc)
    lo = hi = np.nan
    if np.isfinite(r) and n_boot:
        if method == "kendall":
            lo, hi = _kendall_interval(frame[x], frame[y], n_boot, seed)
        else:
            lo, hi = cache.interval(x, y)
    return dict(n=n, estimate=r, p=p, ci_low=lo, ci_high=hi)


def _kendall_interval(x, y, n_boot, seed):
    res = correlate(x, y, "kendall", n_boot, seed)
    return res["ci_low"], res["ci_high"]


def correlation_table(frame: pd.DataFrame, xvars, yvars, methods=("pearson", "spearman"),
                      controls=(), n_boot: int = 1000, seed: int = 0, min_n: int = MIN_N,
                      tahun=None) -> pd.DataFrame:
    """Every x × y pair and method (pairwise-complete), with BH-adjusted p-values.

    With ``controls`` the estimates are partial correlations (pairs whose x or y is a control
    are skipped; Kendall is not offered for partials). The Benjamini–Hochberg family is the
    table's tests of one method, each distinct test once (rank methods: variables with the same
    ranks are one test, see :func:`rank_twins`). A pair on fewer than ``min_n`` units is flagged
    ``small_sample`` and one :class:`SmallSampleWarning` is issued for the table.
    """
    controls = list(controls)
    rows = []
    for method in methods:
        if controls and method == "kendall":
            continue
        cache = BootstrapCache(frame, controls, method, n_boot, seed)
        for y in yvars:
            for x in xvars:
                if x in controls or y in controls or x == y:
                    continue
                res = _table_row(frame, x, y, method, controls, cache, n_boot, seed)
                rows.append(dict(tahun=tahun, x=x, y=y, method=method,
                                 controls="+".join(controls), **res))
    cols = [c for c in TABLE_COLUMNS if c not in ("p_adj", "small_sample")]
    out = pd.DataFrame(rows, columns=cols)
    out["p_adj"] = np.nan
    twins = rank_twins(frame, [x for x in xvars if x not in controls])
    for method, idx in out.groupby("method").groups.items():
        same = twins if method in ("spearman", "kendall") else {}
        out.loc[idx, "p_adj"] = bh_distinct(out.loc[idx], same)
    out["small_sample"] = out["n"] < min_n
    if out["small_sample"].any():
        k = int(out["small_sample"].sum())
        warnings.warn(f"{k} of {len(out)} correlations rest on fewer than {min_n} units "
                      f"(smallest n = {int(out['n'].min())}): intervals are wide and estimates "
                      f"unstable", SmallSampleWarning, stacklevel=2)
    return out[TABLE_COLUMNS]
