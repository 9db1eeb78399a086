"""What each way of executing the report notebook buys: the same reports run with every
``workbench report --kernel`` mode, and on a local Dask cluster, against a new kernel per report.

Data: :func:`analysis.national_data.write_national` (seeded illustrative national set, 514
kabupaten/kota) in a temporary directory; ``--regencies`` of them (default 40) spread over the
list. The processed tables are built once before the timed runs, so each run times execution
(workers, kernels, papermill, HTML export, index page), not the build.

* ``inprocess`` (the default): each of ``--jobs`` worker processes runs the notebooks itself
  through papermill in an IPython shell (``analysis/reports/inprocess.py``).
* ``warm``: each worker keeps one kernel process with the report's imports done
  (``analysis/reports/warm_kernel.py``), reset between reports.
* ``dask``: ``--scheduler local`` (a LocalCluster on this machine, one thread per worker
  process; warm kernels; ``analysis/reports/distributed.py``).
* Baseline ``fresh``: a new kernel per report (what papermill does by default), same pool.

Every mode's headline records are compared with the baseline's (same numbers expected).
Prints each mode's time, the ratio to ``fresh`` and the lines of the modules that mode needs
beyond the common runner. Ends with ``kernel_modes: <s> s, <ratio>x vs fresh_kernel`` for the
default mode.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

from analysis.commands.verify import compare_records
from analysis.national_data import DEFAULT_SEED, write_national
from analysis.paths import PACKAGE_DIR
from analysis.reports.runner import all_codes, build_processed_tables, run_reports

#: Modules a mode needs beyond the runner, the task and the local pool (shared by all modes).
MODE_MODULES = {"inprocess": ["inprocess.py"], "warm": ["engine.py"], "fresh": ["engine.py"],
                "dask": ["engine.py", "distributed.py"]}
SHARED_MODULES = ["task.py", "pool.py"]


def machine(tag: str) -> None:
    print(f"{tag}: {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")


def lines(names) -> int:
    return sum(len((PACKAGE_DIR / "reports" / n).read_text(encoding="utf-8").splitlines())
               for n in names)


def spread(codes: list[str], n: int) -> list[str]:
    if n >= len(codes):
        return codes
    step = len(codes) / n
    return [codes[int(i * step)] for i in range(n)]


def run_mode(mode: str, codes, data_dir, processed, out: Path, jobs: int) -> tuple[float, dict]:
    kw = dict(kernel="warm", scheduler="local") if mode == "dask" else dict(kernel=mode)
    t = time.perf_counter()
    res = run_reports(codes, data_dir=data_dir, out=out / mode, jobs=jobs, progress=False,
                      processed_dir=processed, **kw)
    seconds = time.perf_counter() - t
    assert res.ok, f"{mode}: {res.summary_text()}"
    records = {c: json.loads((res.run_dir / f"{c}.json").read_text(encoding="utf-8"))
               for c in codes}
    return seconds, records


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--regencies", type=int, default=40, help="reports per mode (default 40)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--modes", nargs="+", default=["fresh", "warm", "inprocess", "dask"],
                    choices=list(MODE_MODULES), help="modes to run (fresh is the baseline)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="timed runs of each mode but the baseline, interleaved (median)")
    args = ap.parse_args()
    modes = ["fresh", *[m for m in args.modes if m != "fresh"]]
    machine("start")
    with tempfile.TemporaryDirectory(prefix="bench-modes-") as tmp:
        tmp = Path(tmp)
        data = write_national(tmp / "national", seed=args.seed)
        codes = spread(sorted(all_codes(data)), args.regencies)
        t = time.perf_counter()
        processed = build_processed_tables(data, tmp / "processed", (), False)
        print(f"build (once, not timed below): {time.perf_counter() - t:.1f} s")
        runs: dict[str, list[float]] = {}
        base = None
        order = modes[:1] + modes[1:] * args.repeat
        for i, mode in enumerate(order):
            seconds, records = run_mode(mode, codes, data, processed, tmp / "runs" / str(i),
                                        args.jobs)
            runs.setdefault(mode, []).append(seconds)
            if base is None:
                base = records
            else:
                diffs = {c: d for c in codes
                         if (d := compare_records(base[c], records[c], tol=1e-9))}
                assert not diffs, f"{mode}: records differ from fresh: {diffs}"
            print(f"  run {i + 1}/{len(order)} {mode}: {seconds:.1f} s, load "
                  f"{os.getloadavg()[0]:.2f}", flush=True)
        times = {m: statistics.median(v) for m, v in runs.items()}
        for mode in modes:
            seconds = times[mode]
            print(f"{mode}: {seconds:.1f} s for {len(codes)} reports "
                  f"({seconds / len(codes):.2f} s each), {times['fresh'] / seconds:.2f}x vs "
                  f"fresh; modules beyond the shared runner: {', '.join(MODE_MODULES[mode])} "
                  f"({lines(MODE_MODULES[mode])} lines)", flush=True)
    print(f"shared by every mode: {', '.join(SHARED_MODULES)} ({lines(SHARED_MODULES)} lines)")
    machine("end")
    default = "inprocess" if "inprocess" in times else modes[-1]
    print(f"kernel_modes: {times[default]:.1f} s, {times['fresh'] / times[default]:.1f}x vs "
          f"fresh_kernel")


if __name__ == "__main__":
    main()
