"""``workbench template``: blank Excel workbooks (Indonesian) for regional offices to fill in."""
from __future__ import annotations

import sys

from analysis.cli import add_data_dir
from analysis.errors import WorkbenchError
from analysis.templates import WORKBOOKS, write_template


def register(sub) -> None:
    p = sub.add_parser("template", help="write a blank risk, SWOT or programme workbook (.xlsx)",
                       description="A workbook with a data sheet (Indonesian headers), drop-down "
                                   "validation lists and an instructions sheet 'Petunjuk'; the "
                                   "risk and swot commands and the loaders read it back.")
    p.add_argument("--kind", required=True, choices=sorted(WORKBOOKS))
    p.add_argument("--out", required=True, help="output .xlsx file")
    add_data_dir(p)
    p.set_defaults(func=run)


def run(args) -> int:
    if not str(args.out).lower().endswith(".xlsx"):
        raise WorkbenchError(f"--out must end in .xlsx, not {args.out!r}")
    write_template(args.kind, args.out)
    print(f"wrote {args.out}: blank {args.kind} template", file=sys.stderr)
    return 0
