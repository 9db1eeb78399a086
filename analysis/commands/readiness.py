"""``workbench readiness``: the six-pillar readiness indices of every regency, as CSV.

Writes ``readiness.csv`` (overall index, rank, maturity level, pillars, elements) and
``readiness_grid.csv`` (pillar × element index per regency). The shipped assessments are
ILLUSTRATIVE; both files carry an ``ilustratif`` column saying so. With ``--add DIR`` the
regencies' own assessments follow the national rows (column ``sumber``: own, illustrative or
published), ranked only among the real own ones (``n_pembanding``: the size of that group).
The numbers are the build's tables ``kesiapan`` and ``kesiapan_grid`` (built first when stale),
with maturity levels on ``--cutoffs`` and labels in ``--lang``.
"""
from __future__ import annotations

import sys
from pathlib import Path

from analysis.processed.project import built_tables
from analysis.commands.options import add_adds, add_data_dir
from analysis.errors import WorkbenchError
from analysis.messages import text as message
from analysis.io import atomic_dir, write_csv
from analysis.readiness import ASSESSMENT_FILE, parse_cutoffs
from analysis.readiness.built import grid_from_built, readiness_from_built


def register(sub) -> None:
    p = sub.add_parser("readiness", help="six-pillar readiness indices and maturity levels (CSV)",
                       description="Readiness index (0-100) per sub-dimension, pillar, element "
                                   "and overall, maturity level (1-4 by default, 5 reserved), "
                                   "pillar x element grid.")
    p.add_argument("--out", required=True, help="output directory")
    p.add_argument("--cutoffs", default="",
                   help="maturity cut-offs on the 0-100 index, three ('a,b,c': levels 1-4) or "
                        "four ('a,b,c,d': levels 1-5) increasing numbers (default: the "
                        "framework's 16.67,50,83.33, anchored to the 1-4 item rubric so uniform "
                        "answers 1-4 give levels 1-4, level 5 reserved; unverified)")
    p.add_argument("--lang", choices=("id", "en"), default="id", help="label language")
    add_data_dir(p)
    add_adds(p)
    p.set_defaults(func=run)


def run(args) -> int:
    try:
        cutoffs = parse_cutoffs(args.cutoffs)
    except ValueError as exc:
        raise WorkbenchError(f"--cutoffs: {exc}") from None
    # the build's tables (built first when stale), national rows then own ones (--add)
    built = built_tables(args.sources, ("kesiapan", "kesiapan_grid"))
    if built["kesiapan"].empty:
        raise WorkbenchError(message("no_assessments",
                                     path=str(args.data_dir / ASSESSMENT_FILE)))
    layered = bool(args.add)
    try:
        tab = readiness_from_built(built["kesiapan"], cutoffs, args.lang, layered)
    except ValueError as exc:
        raise WorkbenchError(f"--cutoffs: {exc}") from None
    grid = grid_from_built(built["kesiapan_grid"], layered)
    out = Path(args.out)
    with atomic_dir(out) as tmp:
        write_csv(tmp / "readiness.csv", tab, spreadsheet=True)
        write_csv(tmp / "readiness_grid.csv", grid, spreadsheet=True)
    note = " (ILLUSTRATIVE data)" if grid["ilustratif"].any() else ""
    own = f", {int((tab['sumber'] == 'own').sum())} own assessment(s)" if args.add else ""
    print(f"wrote {out}/readiness.csv ({len(tab)} rows{own}) and readiness_grid.csv{note}",
          file=sys.stderr)
    return 0
