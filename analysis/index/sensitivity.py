"""Variance-based sensitivity analysis: Saltelli design and Sobol indices.

The design (Saltelli et al. 2010, "Variance based sensitivity analysis of model output") draws
``n`` points of a scrambled Sobol sequence in ``2k`` dimensions (:mod:`scipy.stats.qmc`): the
first ``k`` columns form matrix A, the last ``k`` matrix B, and ``AB_i`` is A with column ``i``
taken from B. The model is evaluated on ``n·(k + 2)`` points stacked as ``[A; B; AB_1; …; AB_k]``.

Estimators, for output values ``yA``, ``yB``, ``yAB_i`` and ``V = Var([yA; yB])``:

* first order (Saltelli 2010, Table 2 (b)): ``S_i = mean(yB · (yAB_i − yA)) / V``
* total (Jansen 1999, Saltelli 2010 Table 2 (f)): ``ST_i = mean((yA − yAB_i)²) / (2V)``

Bootstrap confidence intervals resample the ``n`` rows (the same rows of A, B and every AB_i).
Every estimator is a mean over rows, so a bootstrap replicate is a weighted mean with
multinomial counts; all replicates together are one matrix product ``counts @ terms``, which
keeps per-unit indices (hundreds of outputs) cheap.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from scipy.stats import qmc


@dataclass
class SobolResult:
    """Sobol indices per input (rows) and output (columns), with bootstrap CIs."""

    S1: np.ndarray
    S1_low: np.ndarray
    S1_high: np.ndarray
    ST: np.ndarray
    ST_low: np.ndarray
    ST_high: np.ndarray
    variance: np.ndarray


def saltelli_design(k: int, n: int, seed=None, scramble: bool = True) -> np.ndarray:
    """The ``n·(k + 2)`` × ``k`` Saltelli design on the unit hypercube, rows ``[A; B; AB_1..AB_k]``.

    ``n`` need not be a power of two (scipy then warns that balance properties are lost; the
    warning is silenced here, the estimators stay consistent).
    """
    if k < 1 or n < 2:
        raise ValueError(f"a Saltelli design needs k >= 1 inputs and n >= 2 base samples, "
                         f"got k={k}, n={n}")
    sampler = qmc.Sobol(d=2 * k, scramble=scramble, seed=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        base = sampler.random(n)
    a, b = base[:, :k], base[:, k:]
    blocks = [a, b]
    for i in range(k):
        ab = a.copy()
        ab[:, i] = b[:, i]
        blocks.append(ab)
    return np.vstack(blocks)


def split_outputs(y: np.ndarray, k: int):
    """Split stacked outputs ``[yA; yB; yAB_1..yAB_k]`` into ``yA``, ``yB``, ``yAB`` (k, n, …)."""
    y = np.asarray(y, float)
    if y.shape[0] % (k + 2):
        raise ValueError(f"{y.shape[0]} outputs is not a multiple of k + 2 = {k + 2}")
    n = y.shape[0] // (k + 2)
    return y[:n], y[n:2 * n], y[2 * n:].reshape((k, n) + y.shape[1:])


def _terms(ya, yb, yab) -> np.ndarray:
    """Per-row terms whose means give every estimator: n × (2k + 2) × m."""
    k = yab.shape[0]
    t = np.empty((ya.shape[0], 2 * k + 2, ya.shape[1]))
    t[:, 0] = (ya + yb) / 2
    t[:, 1] = (ya ** 2 + yb ** 2) / 2
    for i in range(k):
        t[:, 2 + i] = yb * (yab[i] - ya)
        t[:, 2 + k + i] = (ya - yab[i]) ** 2 / 2
    return t


def _estimate(weights: np.ndarray, terms: np.ndarray):
    """S1, ST (r × k × m) and variance (r × m) for row weights ``weights`` (r × n, rows sum
    to 1)."""
    n, q, m = terms.shape
    k = (q - 2) // 2
    means = (weights @ terms.reshape(n, q * m)).reshape(-1, q, m)
    mean, var = means[:, 0], means[:, 1] - means[:, 0] ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        ok = (var > 1e-12 * np.maximum(mean ** 2, 1.0))[:, None, :]
        s1 = np.where(ok, means[:, 2:2 + k] / var[:, None, :], np.nan)
        st = np.where(ok, means[:, 2 + k:] / var[:, None, :], np.nan)
    return s1, st, var


def _percentiles(b: np.ndarray, qs) -> np.ndarray:
    """Percentiles over axis 0 ignoring NaN; fast when whole columns are NaN or none are."""
    nan = np.isnan(b)
    part = nan.any(axis=0) & ~nan.all(axis=0)
    out = np.percentile(np.where(nan, 0.0, b), qs, axis=0)
    out[:, nan.all(axis=0)] = np.nan
    if part.any():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            out[:, part] = np.nanpercentile(b[:, part], qs, axis=0)
    return out


def sobol_indices(y, k: int, n_boot: int = 200, conf: float = 0.95, seed=None,
                  chunk: int = 50) -> SobolResult:
    """First-order and total Sobol indices with percentile bootstrap confidence intervals.

    ``y`` holds the model outputs on :func:`saltelli_design` points, shape ``(n·(k+2),)`` or
    ``(n·(k+2), m)`` for ``m`` outputs. Results have shape ``(k,)`` or ``(k, m)``. An output
    that does not vary gets NaN indices (they are undefined). ``n_boot = 0`` gives NaN CIs.
    """
    y = np.asarray(y, float)
    single = y.ndim == 1
    terms = _terms(*split_outputs(y[:, None] if single else y, k))
    n = terms.shape[0]
    s1, st, var = (a[0] for a in _estimate(np.full((1, n), 1.0 / n), terms))
    lo_q, hi_q = 100 * (1 - conf) / 2, 100 * (1 + conf) / 2
    if n_boot > 0:
        rng = np.random.default_rng(seed)
        b1, bt = [], []
        for start in range(0, n_boot, chunk):
            counts = rng.multinomial(n, np.full(n, 1.0 / n), size=min(chunk, n_boot - start)) / n
            r1, rt, _ = _estimate(counts, terms)
            b1.append(r1)
            bt.append(rt)
        s1_lo, s1_hi = _percentiles(np.concatenate(b1), [lo_q, hi_q])
        st_lo, st_hi = _percentiles(np.concatenate(bt), [lo_q, hi_q])
    else:
        s1_lo = s1_hi = st_lo = st_hi = np.full_like(s1, np.nan)
    out = SobolResult(s1, s1_lo, s1_hi, st, st_lo, st_hi, var)
    if single:
        out = SobolResult(*(np.asarray(a)[..., 0] for a in
                            (out.S1, out.S1_low, out.S1_high, out.ST, out.ST_low, out.ST_high,
                             out.variance)))
    return out

