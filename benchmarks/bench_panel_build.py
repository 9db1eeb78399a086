"""Cost of the future and competitiveness analyses in the build stage, on the shipped BPS panel
(514 kabupaten/kota, 2010–2024).

* ``build``: every table of :data:`analysis.processed.panel_tables.PANEL_TABLES` built from
  scratch into a temporary processed directory (the panel read and validated once, standing of
  every regency, variable and year, gap trends, profile peers and their medians, the future
  analysis with its backtest, the years the medians are reached), median of ``--repeat``.
* Baseline ``per regency``: the same two analyses computed regency by regency, as a loop over
  the command line would (``standing`` and ``project`` called with one ``kode`` each, the
  backtest and the medians recomputed every time), timed on ``--sample`` regencies and scaled
  to 514.

Ends with ``panel_build: <s> s, <ratio>x vs per_regency_loop``.
"""
from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time

from analysis.paths import RAW_DIR
from analysis.processed.engine import build
from analysis.processed.panel_tables import PANEL_TABLES
from analysis.processed.spec import Sources
from analysis.competitiveness import standing
from analysis.data.panel import read_panel, read_regions
from analysis.future import project


def build_once() -> float:
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        build(Sources.from_dir(None), tmp, specs=PANEL_TABLES)
        return time.perf_counter() - t


def per_regency(sample: int) -> tuple[float, int]:
    panel, regions = read_panel(RAW_DIR), read_regions(RAW_DIR)
    codes = sorted(regions["kode"])
    step = max(1, len(codes) // sample)
    chosen = codes[::step][:sample]
    t = time.perf_counter()
    for k in chosen:
        standing(panel, regions, kode=k)
        project(panel, kode=k)
    return (time.perf_counter() - t) / len(chosen) * len(codes), len(chosen)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--sample", type=int, default=5)
    args = ap.parse_args()
    print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")
    runs = [build_once() for _ in range(args.repeat)]
    med = statistics.median(runs)
    print(f"build of {len(PANEL_TABLES)} panel tables from scratch: median {med:.2f} s "
          f"(runs: {', '.join(f'{r:.2f}' for r in runs)})")
    naive, n = per_regency(args.sample)
    print(f"per-regency loop: {naive:.1f} s for 514 regencies (timed on {n}, scaled)")
    print(f"panel_build: {med:.2f} s, {naive / med:.1f}x vs per_regency_loop")


if __name__ == "__main__":
    main()
