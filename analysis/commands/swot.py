"""``workbench swot``: IFAS/EFAS scoring of a SWOT factor table per pillar."""
from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

from analysis.commands.options import add_adds, add_data_dir
from analysis.data.owndata import OwnDataError
from analysis.errors import WorkbenchError
from analysis.io import atomic_dir, write_csv
from analysis.messages import text as message
from analysis.masterplan.swot import read_factors, score_factors, summarise
from analysis.data.template_tables import READINGS, rows_marked_illustrative
from analysis.processed.project import built_tables
from analysis.processed.spec import Sources
from analysis.processed.tables import SWOT_TEXT, UNIT, factors_as_read

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


def regency_factors(sources: Sources, code: str):
    """Regency ``code``'s SWOT factor table as the build read it (table ``swot_masukan`` of the
    processed data of ``sources``, built first when stale; its own table when an add directory
    holds one), validated and typed as :func:`analysis.masterplan.swot.read_factors` reads the
    file."""
    text = built_tables(sources, [SWOT_TEXT])[SWOT_TEXT]
    found = factors_as_read(text[text[UNIT] == str(code)])
    if not found:
        where = ", ".join(str(d) for d in (sources.data_dir, *sources.adds)) or message(
            "the_data_directory")
        raise OwnDataError(message("swot_no_factor_files", code=code, where=where))
    return found[-1][1]


def read_input(args):
    """``--factors FILE`` read, or with ``--regency`` that regency's SWOT factor table of the
    data (:func:`regency_factors`)."""
    if bool(args.factors) == bool(args.regency):
        raise WorkbenchError(message("swot_factors_or_regency"))
    if args.factors:
        return read_factors(args.factors)
    return regency_factors(args.sources, args.regency)


def run(args) -> int:
    df = read_input(args)
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
