"""Start-up of the ``workbench`` command: ``workbench --help`` as a user runs it, in a new
process each time (the command's own entry point, from a directory outside the repository).

* ``lazy_help``: ``workbench --help`` today: the registry in ``analysis/cli.py`` lists every
  command with its help line and imports a command's module only when that command runs.
* Baseline ``import_every_command``: the parser built the old way, every command module imported
  up front (``build_parser()`` with no argument: pandas, nbformat, jsonschema, geopandas ...),
  then the same help printed. Both outputs are checked to be the same text.

Ends with ``cli_start: <s> s, <ratio>x vs import_every_command``.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

LAZY = "import sys; from analysis.cli import main; sys.exit(main(['--help']))"
EAGER = "from analysis.cli import build_parser; build_parser().print_help()"


def machine(tag: str) -> None:
    print(f"{tag}: {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}")


def timed(code: str, repeat: int, cwd: str) -> tuple[float, str]:
    runs, out = [], ""
    for _ in range(repeat):
        t = time.perf_counter()
        res = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True,
                             text=True, check=True)
        runs.append(time.perf_counter() - t)
        out = res.stdout
    return statistics.median(runs), out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=5, help="runs of each way (median; default 5)")
    args = ap.parse_args()
    machine("start")
    with tempfile.TemporaryDirectory() as cwd:       # not the repository: as from anywhere
        lazy, lazy_out = timed(LAZY, args.repeat, cwd)
        eager, eager_out = timed(EAGER, args.repeat, cwd)
    assert lazy_out == eager_out, "the help text differs between the two ways"
    print(f"lazy_help: {lazy:.2f} s (median of {args.repeat})")
    print(f"import_every_command: {eager:.2f} s (median of {args.repeat})")
    machine("end")
    print(f"cli_start: {lazy:.2f} s, {eager / lazy:.1f}x vs import_every_command")


if __name__ == "__main__":
    main()
