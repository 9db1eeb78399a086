"""``workbench readiness``: the six-pillar readiness indices of every regency, as CSV.

Writes ``readiness.csv`` (overall index, rank, maturity level, pillars, elements) and
``readiness_grid.csv`` (pillar × element index per regency). The shipped assessments are
ILLUSTRATIVE; both files carry an ``ilustratif`` column saying so. With ``--add DIR`` the
regencies' own assessments follow the national rows (column ``sumber``: own, illustrative or
published), ranked only among the real own ones (``n_pembanding``: the size of that group).
"""
from __future__ import annotations

import sys
from pathlib import Path

from analysis.commands.options import add_adds, add_data_dir
from analysis.data.owndata import Layers
from analysis.errors import WorkbenchError
from analysis.io import atomic_dir, write_csv
from analysis.readiness import (assessments_wide, assessments_are_illustrative, load_assessments,
                                load_readiness_framework, parse_cutoffs, pillar_element_grid,
                                readiness_table)
from analysis.readiness.own import with_own


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
        tab = readiness_table(args.data_dir, cutoffs=cutoffs, lang=args.lang)
    except ValueError as exc:
        raise WorkbenchError(f"--cutoffs: {exc}") from None
    fw = load_readiness_framework()
    long = load_assessments(args.data_dir, fw=fw)
    grid = pillar_element_grid(assessments_wide(long), fw)
    grid["ilustratif"] = assessments_are_illustrative(long)
    tab, grid = with_own(tab, grid, Layers.load(args.data_dir, args.add), cutoffs, args.lang)
    out = Path(args.out)
    with atomic_dir(out) as tmp:
        write_csv(tmp / "readiness.csv", tab, spreadsheet=True)
        write_csv(tmp / "readiness_grid.csv", grid, spreadsheet=True)
    note = " (ILLUSTRATIVE data)" if grid["ilustratif"].any() else ""
    own = f", {int((tab['sumber'] == 'own').sum())} own assessment(s)" if args.add else ""
    print(f"wrote {out}/readiness.csv ({len(tab)} rows{own}) and readiness_grid.csv{note}",
          file=sys.stderr)
    return 0
