"""Benchmark: Sobol uncertainty/sensitivity analysis at regency scale vs re-running the pipeline.

Data: ``make_synthetic`` from ``tests/helpers/synthetic.py`` (seeded; 514 units × 90
indicators, three aggregation levels), pipeline ``SYNTHETIC_PIPELINE`` from the same module
(COINr's example pipeline: denominate, group-mean imputation, screening, COINr outlier
treatment, min-max, arithmetic mean), default uncertainty spec (k = 5 inputs: weights ±25 % on
levels 1–2, normalisation, aggregation, imputation on/off, treatment on/off).

* fast: :func:`analysis.index.uncertainty.run_uncertainty` with N base samples (N·(k+2) runs),
  rank statistics and Sobol indices with bootstrap CIs for the mean absolute rank shift and for
  every unit, timed end to end (median of ``--repeat`` runs).
* naive: the same samples, the full pipeline re-run per sample
  (:func:`analysis.index.uncertainty.naive_ranks`, i.e. ``run_pipeline`` once per sample, as COINr
  does), timed on ``--naive-samples`` samples spread over the design and extrapolated to all
  N·(k+2). The ranks of both ways are compared on those samples.

Run: ``.venv/bin/python benchmarks/bench_uncertainty.py``. The last line is
``uncertainty_sobol: <seconds> s, <ratio>x vs naive_pipeline_rerun`` (see benchmarks/README.md).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from analysis.index.uncertainty import design_choices, naive_ranks, prepare, run_uncertainty
from analysis.index.uncertainty_engine import check_alternatives, fast_ranks

# The synthetic data set is a test helper (tests/helpers), shared with the tests, not package code.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from helpers.synthetic import SYNTHETIC_PIPELINE, make_synthetic  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--samples", type=int, default=1000, help="Saltelli base sample size N")
    ap.add_argument("--units", type=int, default=514)
    ap.add_argument("--repeat", type=int, default=3, help="timed runs of the fast analysis")
    ap.add_argument("--naive-samples", type=int, default=40,
                    help="samples re-run through the full pipeline (extrapolated)")
    ap.add_argument("--seed", type=int, default=2024)
    args = ap.parse_args(argv)

    fw, data = make_synthetic(n_units=args.units, seed=args.seed)
    print(f"data: {len(data)} units × {len(fw.leaves)} indicators, {len(fw.aggregates)} aggregates "
          f"(seeded synthetic, seed {args.seed}); cores: {os.cpu_count()}; "
          f"load average at start: {os.getloadavg()[0]:.2f}")

    times, res = [], None
    for r in range(args.repeat):
        t0 = time.perf_counter()
        res = run_uncertainty(fw, data, SYNTHETIC_PIPELINE, samples=args.samples, seed=1)
        times.append(time.perf_counter() - t0)
        phases = ", ".join(f"{k} {v:.2f}" for k, v in res.timings.items() if k != "total")
        print(f"fast run {r + 1}: {times[-1]:.2f} s ({phases})")
    fast = statistics.median(times)
    runs = res.ranks.shape[1]
    print(f"inputs (k = {len(res.inputs)}): {', '.join(res.inputs)}; N = {args.samples}; "
          f"runs N·(k+2) = {runs}")
    s = res.sobol_shift
    for j, name in enumerate(res.inputs):
        print(f"  {name:<14} S1 {s.S1[j]:6.3f} [{s.S1_low[j]:6.3f}, {s.S1_high[j]:6.3f}]  "
              f"ST {s.ST[j]:6.3f} [{s.ST_low[j]:6.3f}, {s.ST_high[j]:6.3f}]  (mean |rank shift|)")

    prep = prepare(fw, data, SYNTHETIC_PIPELINE, seed=1)
    check_alternatives(prep)
    _, choices = design_choices(prep, args.samples, 1)
    pick = np.linspace(0, runs - 1, args.naive_samples).round().astype(int)
    t0 = time.perf_counter()
    slow = naive_ranks(prep, choices[pick])
    per_run = (time.perf_counter() - t0) / len(pick)
    naive = per_run * runs
    same = np.array_equal(slow, fast_ranks(prep, choices[pick]), equal_nan=True)
    same_full = np.array_equal(slow, res.ranks[:, pick], equal_nan=True)
    print(f"naive: {len(pick)} samples through run_pipeline, {per_run * 1000:.1f} ms per run, "
          f"extrapolated to {runs} runs: {naive:.1f} s; identical ranks: {same and same_full}")
    print(f"fast (median of {len(times)}): {fast:.2f} s; "
          f"load average at end: {os.getloadavg()[0]:.2f}")
    if not (same and same_full):
        print("WARNING: the fast and the naive ranks differ; the timing compares different answers")
    print(f"uncertainty_sobol: {fast:.2f} s, {naive / fast:.0f}x vs naive_pipeline_rerun")
    return 0 if same and same_full else 1


if __name__ == "__main__":
    raise SystemExit(main())
