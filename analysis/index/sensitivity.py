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
        raise ValueError(f"a Saltelli design needs k >= 1 inputs and n >= 2 base samples, got k={k}, n={n}")
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
    """Split stacked outputs ``[yA; yB; yAB_1..yAB_k]`` into ``yA``, ``yB`` and ``yAB`` (k, n, …)."""
    y = np.asarray(y, float)
    if y.shape[0] % (k + 2):
        raise ValueError(f"{y.shape[0]} outputs is not a multiple of k + 2 = {k + 2}")
    n = y.shape[0] // (k + 2)
    return y[:n], y[n:2 * n], y[2 * n:].reshape((k, n) + y.shape[1:])


def _estimate(weights: np.ndarray, ya, yb, yab):
    """S1 and ST for row weights ``weights`` (r × n, rows summing to 1): arrays (r, k, m)."""
    mean = weights @ ((ya + yb) / 2)
    var = weights @ ((ya ** 2 + yb ** 2) / 2) - mean ** 2
    first = np.stack([weights @ (yb * (yab[i] - ya)) for i in range(yab.shape[0])], axis=1)
    total = np.stack([weights @ ((ya - yab[i]) ** 2) for i in range(yab.shape[0])], axis=1) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        ok = var > 1e-12 * np.maximum(mean ** 2, 1.0)
        s1 = np.where(ok[:, None, :], first / var[:, None, :], np.nan)
        st = np.where(ok[:, None, :], total / var[:, None, :], np.nan)
    return s1, st, var


def sobol_indices(y, k: int, n_boot: int = 200, conf: float = 0.95, seed=None,
                  chunk: int = 50) -> SobolResult:
    """First-order and total Sobol indices with percentile bootstrap confidence intervals.

    ``y`` holds the model outputs on :func:`saltelli_design` points, shape ``(n·(k+2),)`` or
    ``(n·(k+2), m)`` for ``m`` outputs. Results have shape ``(k,)`` or ``(k, m)``. An output
    that does not vary gets NaN indices (they are undefined). ``n_boot = 0`` gives NaN CIs.
    """
    y = np.asarray(y, float)
    single = y.ndim == 1
    ya, yb, yab = split_outputs(y[:, None] if single else y, k)
    n = ya.shape[0]
    s1, st, var = _estimate(np.full((1, n), 1.0 / n), ya, yb, yab)
    s1, st, var = s1[0], st[0], var[0]
    lo_q, hi_q = 100 * (1 - conf) / 2, 100 * (1 + conf) / 2
    if n_boot > 0:
        rng = np.random.default_rng(seed)
        b1, bt = [], []
        for start in range(0, n_boot, chunk):
            reps = min(chunk, n_boot - start)
            counts = rng.multinomial(n, np.full(n, 1.0 / n), size=reps) / n
            r1, rt, _ = _estimate(counts, ya, yb, yab)
            b1.append(r1)
            bt.append(rt)
        b1, bt = np.concatenate(b1), np.concatenate(bt)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN outputs stay NaN
            s1_lo, s1_hi = np.nanpercentile(b1, [lo_q, hi_q], axis=0)
            st_lo, st_hi = np.nanpercentile(bt, [lo_q, hi_q], axis=0)
    else:
        s1_lo = s1_hi = st_lo = st_hi = np.full_like(s1, np.nan)
    out = SobolResult(s1, s1_lo, s1_hi, st, st_lo, st_hi, var)
    if single:
        out = SobolResult(*(np.asarray(a)[..., 0] for a in
                            (out.S1, out.S1_low, out.S1_high, out.ST, out.ST_low, out.ST_high,
                             out.variance)))
    return out


def ishigami(x: np.ndarray, a: float = 7.0, b: float = 0.1) -> np.ndarray:
    """The Ishigami function on [−π, π]³ (a test function with known Sobol indices)."""
    x = np.asarray(x, float)
    return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])


def ishigami_indices(a: float = 7.0, b: float = 0.1) -> tuple[np.ndarray, np.ndarray]:
    """Analytic first-order and total indices of :func:`ishigami` (Sobol' & Levitan 1999)."""
    v1 = 0.5 * (1 + b * np.pi ** 4 / 5) ** 2
    v2 = a ** 2 / 8
    v13 = b ** 2 * np.pi ** 8 * (1 / 18 - 1 / 50)
    v = v1 + v2 + v13
    return np.array([v1, v2, 0.0]) / v, np.array([v1 + v13, v2, v13]) / v
