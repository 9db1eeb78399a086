"""Benchmark: the national report run (514 regencies, ``--jobs 2``) vs the naive papermill loop.

Data: :func:`analysis.national_data.write_national` (seeded illustrative data set, all 514
kabupaten/kota) in a temporary directory; the report notebook ``notebooks/regency_report.ipynb``.

* fast: :func:`analysis.reports.runner.run_reports` for every regency with ``jobs=2`` — the
  default ``workbench report``: the build stage (every processed table and the figures'
  backdrops, from scratch: each repetition gets an empty processed directory) timed separately
  and included in the total, two worker processes (started while the build runs) executing the
  notebooks through papermill in-process (``--kernel inprocess``, the default), reading only the
  processed tables, HTML export in the workers, manifest, index page. End to end, median of
  ``--repeat`` runs.
* naive: ``workbench build`` once (timed, added once to the naive total), then a shell loop
  calling the ``papermill`` and ``jupyter nbconvert --no-input`` command lines one regency
  after another (a fresh kernel and fresh Python processes per report), timed on ``--naive``
  regencies spread over the list and extrapolated to all 514. The headline numbers of those
  regencies are compared with the fast run's.
* build: a second build on unchanged data (every table skipped), and a rebuild after changing
  one regency's risk register (the shipped register of 64.02 added to the national set and
  recorded in its manifest, then one likelihood changed): only that regency's partitions are
  recomputed.
* floor: the per-report cost of a fresh kernel alone — start-up plus the report's imports —
  which the fast run's per-report time must beat (it can only do so with workers that stay warm).

Run: ``.venv/bin/python benchmarks/bench_reports.py [--quick]``. The last line is
``reports_national: <seconds> s, <ratio>x vs naive_papermill_loop`` (see benchmarks/README.md);
``--quick`` (40 regencies, one repetition) ends with ``reports_40: ...`` instead, the naive loop
extrapolated to the same 40 reports.
"""
from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from analysis.processed.engine import build
from analysis.processed.spec import Sources
from analysis.processed.tables import TABLES
from analysis.commands.verify import compare_records
from analysis.data.manifest import record_entry
from analysis.paths import RAW_DIR
from analysis.national_data import DEFAULT_SEED, write_national
from analysis.reports.warm_kernel import notebook_imports
from analysis.reports.runner import DEFAULT_NOTEBOOK, all_codes, run_reports
from analysis.reports.task import extract_record

BIN = Path(sys.executable).parent


def kernel_floor(notebook: Path, repeat: int = 3) -> float:
    """Median seconds to start a fresh kernel and run the report's imports in it."""
    from jupyter_client.manager import start_new_kernel
    code = notebook_imports(notebook)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        km, kc = start_new_kernel(kernel_name="python3", stderr=subprocess.DEVNULL)
        try:
            reply = kc.execute_interactive(code, timeout=120, output_hook=lambda m: None)
            assert reply["content"]["status"] == "ok"
            times.append(time.perf_counter() - t0)
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    return statistics.median(times)


def naive_loop(codes: list[str], data_dir: Path, notebook: Path, out: Path,
               processed: Path) -> float:
    """Seconds for a shell loop of papermill + nbconvert CLI calls over ``codes``."""
    out.mkdir(parents=True, exist_ok=True)
    lines = ["set -e"]
    for c in codes:
        nb = out / f"{c}.ipynb"
        # -r passes the value as a raw string: `-p regency_code 64.02` would make it a float
        lines.append(f"{BIN}/papermill {shlex.quote(str(notebook))} {nb} -k python3 "
                     f"-r regency_code {c} -r data_dir {shlex.quote(str(data_dir))} "
                     f"-r processed_dir {shlex.quote(str(processed))} "
                     f"--no-progress-bar --log-level ERROR")
        lines.append(f"{BIN}/jupyter nbconvert --to html --no-input {nb} --log-level ERROR")
    t0 = time.perf_counter()
    subprocess.run(["bash", "-c", "\n".join(lines)], check=True, capture_output=True)
    return time.perf_counter() - t0


def build_timings(data: Path, processed: Path, repeat: int = 5) -> None:
    """Print the build time on unchanged data, and after one regency's risk register changed."""
    src = Sources.from_dir(data)
    again = [build(src, processed, specs=TABLES).seconds for _ in range(repeat)]
    print(f"second build on unchanged data: median {statistics.median(again) * 1000:.1f} ms "
          f"(every table skipped)")
    register = RAW_DIR / "risk_register_64.02_2023.csv"
    shutil.copy(register, data / register.name)
    record_entry(register.name, "benchmark copy of the shipped register", "2026-01-01", data,
                 illustrative=True)
    build(src, processed, specs=TABLES)
    text = (data / register.name).read_text(encoding="utf-8")
    row = text.splitlines()[2]                 # R02: no quoted commas before its scores
    fields = row.split(",")
    new = 5 if fields[9] != "5" else 4                # likelihood 3 -> 5
    changed = row.replace(f",{fields[9]},{fields[10]},", f",{new},{fields[10]},", 1)
    (data / register.name).write_text(text.replace(row, changed), encoding="utf-8")
    record_entry(register.name, "benchmark copy, one likelihood changed", "2026-01-02", data,
                 illustrative=True)
    res = build(src, processed, specs=TABLES)
    rebuilt = {s.name: s.partitions for s in res.steps if s.status != "skipped"}
    print(f"rebuild after one regency's risk register changed: {res.seconds * 1000:.0f} ms; "
          f"recomputed: {rebuilt}")


def spread(codes: list[str], n: int) -> list[str]:
    step = max(1, len(codes) // n)
    return codes[::step][:n]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true",
                    help="40 regencies, 1 repetition, 3 naive reports (a few minutes)")
    ap.add_argument("--regencies", type=int, default=None, help="limit the run (default: all)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=3, help="timed runs of the national run")
    ap.add_argument("--naive", type=int, default=5, help="regencies run the naive way")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--progress", action="store_true", help="show the runs' progress")
    args = ap.parse_args(argv)
    if args.quick:
        args.regencies, args.repeat, args.naive = args.regencies or 40, 1, 3

    print(f"cores: {os.cpu_count()}; load average at start: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(prefix="bench-reports-") as tmp:
        tmp = Path(tmp)
        data = write_national(tmp / "national", seed=args.seed)
        codes = all_codes(data)
        run_codes = codes[: args.regencies] if args.regencies else codes
        total = len(codes)
        print(f"data: illustrative national set, {total} regencies (seed {args.seed}); "
              f"timed run: {len(run_codes)} reports, --jobs {args.jobs}")

        floor = kernel_floor(DEFAULT_NOTEBOOK)
        print(f"fresh-kernel floor (start-up + report imports): {floor:.2f} s per report")

        sample = spread(run_codes, args.naive)
        t0 = time.perf_counter()
        subprocess.run([str(BIN / "workbench"), "build", "--data-dir", str(data), "--out",
                        str(tmp / "processed-naive")], check=True, capture_output=True)
        t_naive_build = time.perf_counter() - t0
        t_naive = naive_loop(sample, data, DEFAULT_NOTEBOOK, tmp / "naive",
                             tmp / "processed-naive")
        per_naive = t_naive / len(sample)
        naive_total = t_naive_build + per_naive * len(run_codes)
        print(f"naive: workbench build {t_naive_build:.1f} s, then papermill+nbconvert loop: "
              f"{t_naive:.1f} s for {len(sample)} reports = {per_naive:.2f} s per report -> "
              f"{naive_total:.0f} s for {len(run_codes)} (extrapolated, build included)")

        times, builds, res = [], [], None
        for r in range(args.repeat):
            processed = tmp / f"processed-{r}"          # empty: the build runs from scratch
            res = run_reports(run_codes, out=tmp / "reports", data_dir=data, jobs=args.jobs,
                              progress=args.progress, processed_dir=processed)
            assert res.ok, res.summary_text()
            times.append(res.wall_seconds)
            builds.append(res.build_seconds)
            print(f"  run {r + 1}: {res.wall_seconds:.1f} s, of which build "
                  f"{res.build_seconds:.2f} s ({res.wall_seconds / len(run_codes):.3f} s per "
                  f"report)")
        fast = statistics.median(times)
        print(f"build stage (from scratch, inside each run): median {statistics.median(builds):.2f}"
              f" s")
        build_timings(data, processed)
        per_worker = fast / len(run_codes) * args.jobs
        print(f"per report per worker: {per_worker:.2f} s (fresh-kernel floor {floor:.2f} s)")

        checked = 0
        for c in sample:
            if c not in run_codes:
                continue
            nb = json.loads((tmp / "naive" / f"{c}.ipynb").read_text(encoding="utf-8"))
            import nbformat
            naive_rec = extract_record(nbformat.from_dict(nb))
            fast_rec = json.loads((res.run_dir / f"{c}.json").read_text(encoding="utf-8"))
            diffs = compare_records(naive_rec, fast_rec)
            typed = [d for d in diffs if str(d[1]) == str(d[2])]
            for key, a, b in typed:     # same value, different JSON type: worth knowing
                print(f"  note {c} {key}: {a!r} (naive) vs {b!r} (fast): same value, other type")
            real = [d for d in diffs if d not in typed]
            assert not real, f"{c}: naive and fast reports differ: {real[:3]}"
            checked += 1
        print(f"headline numbers identical for the {checked} regencies run both ways")
        print(f"load average at end: {os.getloadavg()[0]:.2f}")
        # A subset run (--quick, --regencies) is not extrapolated: its fixed start-up cost
        # (workers, kernels, processed tables) would be multiplied with it.
        name = "reports_national" if len(run_codes) == total else f"reports_{len(run_codes)}"
        print(f"{name}: {fast:.1f} s, {naive_total / fast:.1f}x vs naive_papermill_loop")
    return 0


if __name__ == "__main__":
    sys.exit(main())
