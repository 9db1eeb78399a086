"""Benchmark: Sobol uncertainty/sensitivity analysis at regency scale vs re-running the pipeline.

Data: ``make_synthetic`` from ``tests/helpers/synthetic.py`` (seeded; 514 units × 90
indicators, three aggregation levels), pipeline ``SYNTHETIC_PIPELINE`` from the same module
(COINr's example pipeline: denominate, group-mean imputation, screening, COINr outlier
treatment, min-max, arithmetic mean). Two sizes:

* ``7k``: the default uncertainty spec (k = 5 inputs: weights ±25 % on levels 1–2,
  normalisation, aggregation, imputation on/off, treatment on/off), N = 1,000: 7,000 runs;
* ``120k``: the publication size, k = 10 inputs (:data:`SPEC_10`: each pillar's weight ±25 %,
  normalisation min-max vs rank, arithmetic vs geometric mean, imputation on/off, the outlier
  test's thresholds), N = 10,000: 120,000 runs.

* fast: :func:`analysis.index.uncertainty.run_uncertainty` (ranks, Sobol indices with 200
  bootstrap resamples for the mean absolute rank shift and every unit), then the rank table and
  the sensitivity table, as ``workbench uncertainty`` computes them. Each timed run is a fresh
  process (``--child``), so its peak memory (peak resident set size, everything the process
  held: interpreter, libraries, data) is its own; wall and CPU time (all threads) are measured
  inside it. The headline is the median of ``--repeat`` runs.
* naive: the same design's samples re-run one by one through the full pipeline
  (:func:`analysis.index.uncertainty.naive_ranks`, i.e. ``run_pipeline`` per sample, as COINr
  does), in this run, on ``--naive-samples`` samples spread over the design, scaled to all runs;
  the fast engine's ranks on those samples are checked identical.
* ``--scaling``: wall and CPU time at three run counts (514 units) and three unit counts
  (24,000 runs), to show how time grows (see docs/uncertainty.md).

Run: ``.venv/bin/python benchmarks/bench_uncertainty.py [--scaling]``. The last line is
``uncertainty_sobol_120k: <seconds> s, <ratio>x vs naive_pipeline_rerun, peak <MB> MB``.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from analysis.index.uncertainty import design_choices, naive_ranks, prepare, run_uncertainty
from analysis.index.uncertainty_engine import check_alternatives, fast_ranks

# The synthetic data set is a test helper (tests/helpers), shared with the tests, not package code.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from helpers.synthetic import SYNTHETIC_PIPELINE, make_synthetic  # noqa: E402

#: The ten uncertain inputs of the publication-size run.
SPEC_10 = {"source": "benchmark spec (10 inputs)", "weight_sets": 100, "inputs": [
    *({"name": f"weight_p{p}", "type": "weights", "nodes": {f"p{p}": 0.25}} for p in range(1, 7)),
    {"name": "normalisation", "type": "normalisation", "alternatives": [
        {"method": "minmax", "range": [1, 100]}, {"method": "rank"}]},
    {"name": "aggregation", "type": "aggregation", "alternatives": ["arithmetic", "geometric"]},
    {"name": "imputation", "type": "imputation"},
    {"name": "outlier_test", "type": "treatment_threshold", "alternatives": [
        {"skew_thresh": 2, "kurt_thresh": 3.5}, {"skew_thresh": 1.5, "kurt_thresh": 3},
        {"skew_thresh": 2.5, "kurt_thresh": 4}]},
]}
#: size name -> (spec, base samples N); runs = N·(k + 2)
SIZES = {"7k": (None, 1000), "120k": (SPEC_10, 10000)}


def _load() -> float:
    return os.getloadavg()[0]


def child(spec_name: str, samples: int, units: int, seed: int) -> dict:
    """One timed analysis in this (fresh) process: wall, CPU, peak memory, phases."""
    fw, data = make_synthetic(n_units=units, seed=seed)
    spec = SPEC_10 if spec_name == "10" else None
    load0 = _load()
    t0, c0 = time.perf_counter(), time.process_time()
    res = run_uncertainty(fw, data, SYNTHETIC_PIPELINE, spec, samples=samples, seed=1)
    t1 = time.perf_counter()
    table, sens = res.rank_table(), res.sensitivity_table()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    s = res.sobol_shift
    return {"wall": wall, "cpu": cpu, "tables": time.perf_counter() - t1,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "runs": int(res.ranks.shape[1]), "units": len(table), "rows": len(sens),
            "inputs": res.inputs, "timings": res.timings, "load": [load0, _load()],
            "S1": s.S1.tolist(), "ST": s.ST.tolist()}


def timed(spec_name: str, samples: int, units: int, seed: int) -> dict:
    """:func:`child` in a fresh interpreter (its own peak memory)."""
    out = subprocess.run([sys.executable, __file__, "--child", spec_name, str(samples),
                          str(units), str(seed)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def naive(spec, samples: int, units: int, seed: int, picks: int) -> tuple[float, int, bool]:
    """Seconds per pipeline re-run (``picks`` samples spread over the design), the number of
    runs of the design and whether the fast engine gives the same ranks on those samples."""
    fw, data = make_synthetic(n_units=units, seed=seed)
    prep = prepare(fw, data, SYNTHETIC_PIPELINE, spec, seed=1)
    check_alternatives(prep)
    _, choices = design_choices(prep, samples, 1)
    pick = np.linspace(0, len(choices) - 1, picks).round().astype(int)
    t0 = time.perf_counter()
    slow = naive_ranks(prep, choices[pick])
    per_run = (time.perf_counter() - t0) / len(pick)
    same = np.array_equal(slow, fast_ranks(prep, choices[pick]), equal_nan=True)
    return per_run, len(choices), bool(same)


def _fmt(r: dict) -> str:
    return (f"wall {r['wall']:.2f} s, CPU {r['cpu']:.2f} s, peak {r['peak_mb']:.0f} MB, "
            f"load {r['load'][0]:.2f}->{r['load'][1]:.2f}")


def scaling(seed: int) -> None:
    """Time at three run counts and three unit counts (one run each, 10-input spec)."""
    print("scaling (10 inputs; one run each):")
    for n in (2500, 5000, 10000):
        r = timed("10", n, 514, seed)
        print(f"  runs {r['runs']:>7,} × 514 units: {_fmt(r)}; "
              f"{r['cpu'] / r['runs'] * 1e6:.0f} µs CPU per run")
    for u in (257, 514, 1028):
        r = timed("10", 2000, u, seed)
        print(f"  runs {r['runs']:>7,} × {u:>4} units: {_fmt(r)}; "
              f"{r['cpu'] / r['runs'] / u * 1e9:.0f} ns CPU per run and unit")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=514)
    ap.add_argument("--repeat", type=int, default=3, help="timed runs of each size (median)")
    ap.add_argument("--naive-samples", type=int, default=12,
                    help="samples re-run through the full pipeline per size (scaled)")
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--sizes", default="7k,120k", help=f"comma-separated, of {list(SIZES)}")
    ap.add_argument("--scaling", action="store_true",
                    help="also time three run counts and three unit counts")
    ap.add_argument("--child", nargs=4, metavar=("SPEC", "N", "UNITS", "SEED"),
                    help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        spec, n, units, seed = args.child
        print(json.dumps(child(spec, int(n), int(units), int(seed))))
        return 0

    print(f"data: {args.units} units × 90 indicators, 25 aggregates (seeded synthetic, seed "
          f"{args.seed}); cores: {os.cpu_count()}; load average at start: {_load():.2f}")
    ok, last = True, None
    for size in args.sizes.split(","):
        spec, samples = SIZES[size]
        runs = []
        for _ in range(args.repeat):
            runs.append(timed("10" if spec else "default", samples, args.units, args.seed))
            print(f"{size} fast run {len(runs)}: {_fmt(runs[-1])} (phases "
                  + ", ".join(f"{k} {v:.2f}" for k, v in runs[-1]["timings"].items()
                              if k != "total") + f", tables {runs[-1]['tables']:.2f})")
        r = runs[0]
        print(f"{size}: k = {len(r['inputs'])} inputs ({', '.join(r['inputs'])}), N = {samples}, "
              f"runs N·(k+2) = {r['runs']:,}; Sobol indices of the mean |rank shift|:")
        for name, s1, st in zip(r["inputs"], r["S1"], r["ST"]):
            print(f"  {name:<14} S1 {s1:6.3f}  ST {st:6.3f}")
        wall = statistics.median(x["wall"] for x in runs)
        cpu = statistics.median(x["cpu"] for x in runs)
        peak = max(x["peak_mb"] for x in runs)
        load0 = _load()
        per_run, n_runs, same = naive(spec, samples, args.units, args.seed, args.naive_samples)
        naive_s = per_run * n_runs
        ok &= same
        print(f"{size} naive: {args.naive_samples} samples through run_pipeline, "
              f"{per_run * 1000:.1f} ms per run (load {load0:.2f}->{_load():.2f}), scaled to "
              f"{n_runs:,} runs: {naive_s:,.0f} s; identical ranks: {same}")
        print(f"{size} fast (median of {len(runs)}): wall {wall:.2f} s, CPU {cpu:.2f} s, "
              f"peak {peak:.0f} MB; {naive_s / wall:,.0f}x vs naive")
        last = (size, wall, naive_s / wall, peak)
    if args.scaling:
        scaling(args.seed)
    print(f"load average at end: {_load():.2f}")
    if not ok:
        print("WARNING: the fast and the naive ranks differ; the timing compares different answers")
    size, wall, ratio, peak = last
    print(f"uncertainty_sobol_{size}: {wall:.2f} s, {ratio:.0f}x vs naive_pipeline_rerun, "
          f"peak {peak:.0f} MB")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
