"""``workbench swot``: IFAS/EFAS scoring of a SWOT factor table per pillar."""
from __future__ import annotations

import sys
from pathlib import Path

from analysis.cli import add_data_dir
from analysis.io import write_csv
from analysis.swot import read_factors, score_factors, summarise
from analysis.templates import is_illustrative


def register(sub) -> None:
    p = sub.add_parser("swot", help="IFAS/EFAS totals, quadrant and IE cell per pillar",
                       description="Input columns pillar, type, factor, weight, rating (plus "
                                   "optional regency, year), CSV or XLSX. Writes swot_summary.csv "
                                   "(per pillar ifas_total, efas_total, x, y, quadrant, strategy, "
                                   "ie_cell, ...) and swot_factors_scored.csv into --out. Nothing "
                                   "is written when the table is invalid.")
    p.add_argument("--factors", required=True, help="SWOT factor table, .csv or .xlsx")
    p.add_argument("--out", required=True, help="output directory")
    add_data_dir(p)
    p.set_defaults(func=run)


def run(args) -> int:
    df = read_factors(args.factors)
    scored = score_factors(df)
    summary = summarise(scored)
    out = Path(args.out)
    write_csv(out / "swot_summary.csv", summary)
    write_csv(out / "swot_factors_scored.csv", scored)
    note = " (ILLUSTRATIVE data)" if is_illustrative(df) else ""
    print(f"wrote {out}: {len(summary)} pillar rows from {len(df)} factors{note}", file=sys.stderr)
    return 0
