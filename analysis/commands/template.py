"""``workbench template``: blank Excel workbooks (Indonesian) for regional offices to fill in."""
from __future__ import annotations

import sys

from analysis.commands.options import add_data_dir
from analysis.data.idsd import idsd_template
from analysis.errors import WorkbenchError
from analysis.messages import text as message
from analysis.masterplan.workbook import write_regency_workbook
from analysis.masterplan.template_writer import write_template
from analysis.data.template_tables import WORKBOOKS

REGENCY_WORKBOOK = "workbook"
#: BRIN's Indeks Daya Saing Daerah: 12 pillar scores (0-5) per regency and year, as published.
IDSD = "idsd"


def register(sub) -> None:
    p = sub.add_parser("template", help="write a blank regency workbook or a risk, SWOT or "
                                        "programme workbook (.xlsx)",
                       description="A workbook with data sheets (Indonesian headers), drop-down "
                                   "validation lists and an instructions sheet 'Petunjuk'. "
                                   "--kind workbook --regency CODE writes one workbook with "
                                   "every sheet (readiness, risk, SWOT, programmes, realisation, "
                                   "vision and missions) for 'workbench import'; the other kinds "
                                   "are read by the risk and swot commands and the loaders. "
                                   "--kind idsd writes the template for BRIN's Indeks Daya "
                                   "Saing Daerah (12 pillars, 0-5; .xlsx or .csv), read by "
                                   "'workbench competitiveness --idsd'.")
    p.add_argument("--kind", required=True,
                   choices=sorted([*WORKBOOKS, REGENCY_WORKBOOK, IDSD]))
    p.add_argument("--regency", help="Kemendagri code, e.g. 64.02 (required with --kind workbook)")
    p.add_argument("--year", type=int, action="append", default=None,
                   help="with --kind idsd: a year to prefill a row for (repeatable)")
    p.add_argument("--out", required=True, help="output .xlsx file (.csv also for idsd)")
    add_data_dir(p)
    p.set_defaults(func=run)


def run(args) -> int:
    if args.kind == IDSD:
        out = idsd_template(args.out, kode=args.regency, years=args.year)
        print(f"wrote {out}: blank IDSD template (no scores are shipped: fill in BRIN's "
              f"published results)", file=sys.stderr)
        return 0
    if args.year:
        raise WorkbenchError(message("template_year_only_idsd"))
    if not str(args.out).lower().endswith(".xlsx"):
        raise WorkbenchError(message("template_out_xlsx", out=repr(args.out)))
    if args.kind == REGENCY_WORKBOOK:
        if not args.regency:
            raise WorkbenchError(message("template_workbook_needs_regency"))
        write_regency_workbook(args.regency, args.out, args.data_dir)
        print(f"wrote {args.out}: workbook for regency {args.regency}", file=sys.stderr)
        return 0
    if args.regency:
        raise WorkbenchError(message("template_regency_only_workbook", kind=args.kind))
    write_template(args.kind, args.out)
    print(f"wrote {args.out}: blank {args.kind} template", file=sys.stderr)
    return 0
