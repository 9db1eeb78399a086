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

Streaming: the per-row terms of all outputs at once would be ``n × (2k + 2) × m`` (877 MB for
N = 10,000, k = 10 and 514 units); :func:`sobol_indices` works through blocks of outputs
(about :data:`BLOCK_BYTES` each) on the worker pool (:mod:`analysis.index.workers`), so memory
stays bounded whatever ``m`` and each block's product is a large, efficient one. The bootstrap
counts are drawn once and shared by every block; every output's result is what the unblocked
computation gives (each output's columns are independent).
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
from scipy.stats import qmc

from analysis.index.workers import worker_pool

#: Working memory of one block of outputs (terms and outputs in float64).
BLOCK_BYTES = 32 << 20


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


def bootstrap_weights(n: int, n_boot: int, seed=None, chunk: int = 50) -> np.ndarray:
    """``n_boot`` × ``n`` row weights of the bootstrap replicates: multinomial counts / n."""
    rng = np.random.default_rng(seed)
    p = np.full(n, 1.0 / n)
    return np.concatenate([rng.multinomial(n, p, size=min(chunk, n_boot - s)) / n
                           for s in range(0, n_boot, chunk)]) if n_boot > 0 else np.empty((0, n))


def sobol_indices(y, k: int, n_boot: int = 200, conf: float = 0.95, seed=None,
                  chunk: int = 50, workers: int | None = None,
                  block_bytes: int = BLOCK_BYTES) -> SobolResult:
    """First-order and total Sobol indices with percentile bootstrap confidence intervals.

    ``y`` holds the model outputs on :func:`saltelli_design` points, shape ``(n·(k+2),)`` or
    ``(n·(k+2), m)`` for ``m`` outputs (any float dtype; read block by block, never copied
    whole). Results have shape ``(k,)`` or ``(k, m)``. An output that does not vary gets NaN
    indices (they are undefined). ``n_boot = 0`` gives NaN CIs. ``workers``: threads for the
    blocks of outputs (default one per core).
    """
    y = np.asarray(y)
    single = y.ndim == 1
    if single:
        y = y[:, None]
    if y.shape[0] % (k + 2):
        raise ValueError(f"{y.shape[0]} outputs is not a multiple of k + 2 = {k + 2}")
    n, m = y.shape[0] // (k + 2), y.shape[1]
    boot = bootstrap_weights(n, n_boot, seed, chunk)
    lo_q, hi_q = 100 * (1 - conf) / 2, 100 * (1 + conf) / 2
    res = {a: np.full((k, m), np.nan) for a in ("S1", "S1_low", "S1_high", "ST", "ST_low",
                                                  "ST_high")}
    variance = np.empty(m)
    per_output = 8 * (n * (3 * k + 4) + 2 * n_boot * (2 * k + 2))  # outputs, terms, replicates
    cols = max(1, int(block_bytes // per_output))

    def run(c0: int):
        c1 = min(c0 + cols, m)
        terms = _terms(*split_outputs(np.asarray(y[:, c0:c1], float), k))
        s1, st, var = (a[0] for a in _estimate(np.full((1, n), 1.0 / n), terms))
        res["S1"][:, c0:c1], res["ST"][:, c0:c1], variance[c0:c1] = s1, st, var
        if n_boot > 0:
            b1, bt, _ = _estimate(boot, terms)
            res["S1_low"][:, c0:c1], res["S1_high"][:, c0:c1] = _percentiles(b1, [lo_q, hi_q])
            res["ST_low"][:, c0:c1], res["ST_high"][:, c0:c1] = _percentiles(bt, [lo_q, hi_q])

    starts = range(0, m, cols)
    if len(starts) == 1:
        run(0)
    else:
        with worker_pool(workers) as pool:
            list(pool.map(run, starts))
    out = SobolResult(res["S1"], res["S1_low"], res["S1_high"], res["ST"], res["ST_low"],
                      res["ST_high"], variance)
    if single:
        out = SobolResult(*(np.asarray(a)[..., 0] for a in
                            (out.S1, out.S1_low, out.S1_high, out.ST, out.ST_low, out.ST_high,
                             out.variance)))
    return out
