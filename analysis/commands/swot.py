"""``workbench swot``: IFAS/EFAS scoring of a SWOT factor table per pillar."""
from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

from analysis.commands.options import add_adds, add_data_dir
from analysis.data.owndata import Layers
from analysis.errors import WorkbenchError
from analysis.io import atomic_dir, write_csv
from analysis.masterplan.swot import read_factors, score_factors, summarise
from analysis.data.template_tables import READINGS, rows_marked_illustrative

DESCRIPTION = (
    "Input columns pillar, type, factor, weight, rating (plus optional regency, year), CSV or "
    "XLSX. Writes swot_summary.csv (per pillar ifas_total, efas_total, x, y, quadrant, strategy, "
    "ie_cell, views_disagree, disagree_reason, ...) and swot_factors_scored.csv into --out. "
    "Nothing is written when the table is invalid.",
    READINGS["swot_rating"]["en"], READINGS["swot_quadrant"]["en"], READINGS["swot_ie"]["en"],
    "views_disagree is True where the two point opposite ways (defensive quadrant with a "
    "grow-and-build cell, or aggressive with harvest or divest).")


def register(sub) -> None:
    p = sub.add_parser("swot", help="IFAS/EFAS totals, quadrant and IE cell per pillar",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       description="\n\n".join(textwrap.fill(t, 88) for t in DESCRIPTION))
    p.add_argument("--factors", default=None, help="SWOT factor table, .csv or .xlsx")
    p.add_argument("--regency", default=None,
                   help="instead of --factors: the regency's table in the data directory "
                        "(swot_factors_<code>.csv), its own one when --add holds it")
    p.add_argument("--out", required=True, help="output directory")
    add_data_dir(p)
    add_adds(p)
    p.set_defaults(func=run)


def factors_path(args):
    """``--factors``, or with ``--regency`` the layered SWOT table of that regency."""
    if bool(args.factors) == bool(args.regency):
        raise WorkbenchError("give either --factors FILE or --regency CODE")
    if args.factors:
        return args.factors
    return Layers.load(args.data_dir, args.add).regency_file("swot_factors_*.csv", args.regency)


def run(args) -> int:
    df = read_factors(factors_path(args))
    scored = score_factors(df)
    summary = summarise(scored)
    out = Path(args.out)
    with atomic_dir(out) as tmp:
        write_csv(tmp / "swot_summary.csv", summary, spreadsheet=True)
        write_csv(tmp / "swot_factors_scored.csv", scored, spreadsheet=True)
    note = " (ILLUSTRATIVE data)" if rows_marked_illustrative(df) else ""
    flagged = int(summary["views_disagree"].sum())
    print(f"wrote {out}: {len(summary)} pillar rows from {len(df)} factors, {flagged} where "
          f"quadrant and IE cell point opposite ways{note}", file=sys.stderr)
    return 0
