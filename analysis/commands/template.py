"""``workbench template``: blank Excel workbooks (Indonesian) for regional offices to fill in."""
from __future__ import annotations

import sys

from analysis.cli import add_data_dir
from analysis.errors import WorkbenchError
from analysis.masterplan.workbook import write_regency_workbook
from analysis.masterplan.templates import WORKBOOKS, write_template

REGENCY_WORKBOOK = "workbook"


def register(sub) -> None:
    p = sub.add_parser("template", help="write a blank regency workbook or a risk, SWOT or "
                                        "programme workbook (.xlsx)",
                       description="A workbook with data sheets (Indonesian headers), drop-down "
                                   "validation lists and an instructions sheet 'Petunjuk'. "
                                   "--kind workbook --regency CODE writes one workbook with "
                                   "every sheet (readiness, risk, SWOT, programmes, realisation, "
                                   "vision and missions) for 'workbench import'; the other kinds "
                                   "are read by the risk and swot commands and the loaders.")
    p.add_argument("--kind", required=True, choices=sorted([*WORKBOOKS, REGENCY_WORKBOOK]))
    p.add_argument("--regency", help="Kemendagri code, e.g. 64.02 (required with --kind workbook)")
    p.add_argument("--out", required=True, help="output .xlsx file")
    add_data_dir(p)
    p.set_defaults(func=run)


def run(args) -> int:
    if not str(args.out).lower().endswith(".xlsx"):
        raise WorkbenchError(f"--out must end in .xlsx, not {args.out!r}")
    if args.kind == REGENCY_WORKBOOK:
        if not args.regency:
            raise WorkbenchError("--kind workbook needs --regency CODE (e.g. --regency 64.02)")
        write_regency_workbook(args.regency, args.out, args.data_dir)
        print(f"wrote {args.out}: workbook for regency {args.regency}", file=sys.stderr)
        return 0
    if args.regency:
        raise WorkbenchError(f"--regency is only for --kind workbook, not --kind {args.kind}")
    write_template(args.kind, args.out)
    print(f"wrote {args.out}: blank {args.kind} template", file=sys.stderr)
    return 0
