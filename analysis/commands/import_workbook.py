"""``workbench import``: a filled regency workbook → its tidy tables and a manifest."""
from __future__ import annotations

import sys

from analysis.masterplan.workbook_import import import_workbook
from analysis.masterplan.workbook_errors import say


def register(sub) -> None:
    p = sub.add_parser("import", help="validate a filled regency workbook and write its tables",
                       description="Checks every sheet of a workbook written by 'workbench "
                                   "template --kind workbook' and writes the tables the "
                                   "analyses read (readiness, risk registers per year, SWOT, "
                                   "programmes, realisation, missions) and MANIFEST.yaml into "
                                   "a new directory. Every error is listed by sheet and cell; "
                                   "on any error nothing is written. Empty sheets are skipped.")
    p.add_argument("workbook", help="the filled .xlsx workbook")
    p.add_argument("--out", required=True, help="output directory (new or empty)")
    p.add_argument("--lang", choices=("id", "en"), default="id",
                   help="language of the messages (default: id, Bahasa Indonesia)")
    p.set_defaults(func=run)


def run(args) -> int:
    doc = import_workbook(args.workbook, args.out, lang=args.lang)
    for name in doc["files"]:
        print(f"{args.out}/{name}")
    print(say("imported", args.lang, file=args.workbook, code=doc["regency"],
              n=len(doc["files"]), out=args.out), file=sys.stderr)
    return 0
