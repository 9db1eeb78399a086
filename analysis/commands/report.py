"""``workbench report``: the report notebook for every regency, exported, indexed, recorded.

See :mod:`analysis.reports.runner` and docs/running-reports.md. Exit status 0 when every
regency's report succeeded, 1 when some failed (the summary lists them), 2 on a user error.
"""
from __future__ import annotations

import os
import sys

from analysis.commands.options import add_adds, add_data_dir
from analysis.reports.runner import DEFAULT_TIMEOUT, KERNELS, resolve_codes, run_reports

def register(sub) -> None:
    p = sub.add_parser(
        "report", help="run the report notebook for every regency (HTML, PDF, index page)",
        description="Execute the per-regency report notebook (papermill) for the "
                    "given regencies (default: every regency in the profile table), export "
                    "HTML without code (and PDF), write headline numbers and a run manifest, "
                    "and build reports/<run-id>/index.html; reports/latest points at the run.")
    p.add_argument("--regency", action="append", nargs="+", metavar="CODE", default=None,
                   help="Kemendagri code(s) such as 64.02 (repeatable; default: all)")
    p.add_argument("--lang", choices=("id", "en"), default="id", help="report language (id)")
    p.add_argument("--out", default=None, help="output directory (default: reports/)")
    p.add_argument("--jobs", type=int, default=None,
                   help=f"parallel workers (default: cores = {os.cpu_count()})")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                   help="hard wall-clock limit per regency in seconds (default: %(default)s)")
    p.add_argument("--kernel", choices=KERNELS, default=None,
                   help="inprocess: each worker executes the notebooks itself, without a "
                        "kernel process (default); warm: each worker keeps one kernel across "
                        "reports (default with --scheduler); fresh: a new kernel per report")
    p.add_argument("--pdf", action="store_true", help="also print each report to PDF "
                   "(needs headless Chromium: sudo apt-get install chromium)")
    p.add_argument("--resume", metavar="RUN_ID", default=None,
                   help="re-run only the regencies of RUN_ID that did not finish")
    p.add_argument("--scheduler", default=None, metavar="local|tcp://HOST:PORT",
                   help="run on Dask: 'local' starts a LocalCluster, an address uses a cluster")
    p.add_argument("--notebook", default=None, help="report notebook (default: "
                   "notebooks/regency_report.ipynb)")
    p.add_argument("--seed", type=int, default=0, help="random seed set in every kernel (0)")
    p.add_argument("--processed-dir", default=None,
                   help="where to compute the cross-regency tables (default: data/processed, "
                        "or a sub-directory of it for another --data-dir)")
    add_data_dir(p)
    add_adds(p)
    p.set_defaults(func=run)


def check_codes(codes: list[str], data_dir) -> None:
    """Every requested code is in the profile table of the (resolved) data directory, checked
    before the run starts (:func:`analysis.reports.runner.resolve_codes`: one short message
    listing the first unknown codes and how many there are)."""
    resolve_codes(codes, data_dir)


def run(args) -> int:
    codes = [c for group in (args.regency or []) for c in group] or None
    if codes and not args.resume:
        check_codes(codes, args.data_dir)
    res = run_reports(regencies=codes, lang=args.lang, out=args.out, data_dir=args.sources,
                      jobs=args.jobs, timeout=args.timeout, kernel=args.kernel, pdf=args.pdf,
                      resume=args.resume, scheduler=args.scheduler, notebook=args.notebook,
                      seed=args.seed, processed_dir=args.processed_dir)
    print(res.summary_text(), file=sys.stderr)
    return 0 if res.ok else 1
