"""``workbench risk``: score a risk register and count its risk matrix."""
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
from analysis.masterplan.risk import (SCORED_COLUMNS, matrix_counts, profile, read_register,
                                      risk_scale_legend, score_register, treatment_not_enough,
                                      untreated_above_appetite)
from analysis.data.template_tables import READINGS, rows_marked_illustrative
from analysis.processed.project import built_tables
from analysis.processed.spec import Sources
from analysis.processed.tables import RISK_TEXT, UNIT, registers_as_read

DESCRIPTION = (
    "Writes risk_scored.csv (every input column plus magnitude, level, residual_magnitude, "
    "residual_level, above_appetite, untreated, residual_above_appetite, residual_unassessed), "
    "risk_matrix_counts.csv "
    "(inherent and residual count per cell), risk_untreated.csv (above appetite, no treatment "
    "plan), risk_treatment_not_enough.csv (treated, residual still at or above appetite) and "
    "risk_profile_pillar.csv into --out. Nothing is written when the register is invalid.",
    "What the likelihood and impact ratings mean:", *risk_scale_legend("en"),
    READINGS["risk_magnitude"]["en"], READINGS["risk_residual"]["en"])


def register(sub) -> None:
    p = sub.add_parser("risk", help="score a risk register (CSV or XLSX) and count its matrix",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       description="\n\n".join(textwrap.fill(t, 88) for t in DESCRIPTION))
    p.add_argument("--register", default=None, help="risk register, .csv or .xlsx")
    p.add_argument("--regency", default=None,
                   help="instead of --register: the regency's register in the data directory "
                        "(risk_register_<code>_<year>.csv), its own one when --add holds it")
    p.add_argument("--year", type=int, default=None,
                   help="with --regency: the register's year (default: the latest)")
    p.add_argument("--out", required=True, help="output directory")
    p.add_argument("--scale", choices=("spbe", "kominfo"), default=None,
                   help="risk scale (default: the register's 'scale' column, else spbe)")
    p.add_argument("--bands", default=None,
                   help="level band set from risk_scales.yaml (e.g. permenpanrb-2020-alt)")
    p.add_argument("--appetite", type=float, default=None,
                   help="magnitude at or above which a treatment plan is needed (default 11 "
                        "for spbe, 3 for kominfo)")
    add_data_dir(p)
    add_adds(p)
    p.set_defaults(func=run)


def regency_register(sources: Sources, code: str, year: int | None = None, scale=None,
                     bands=None, appetite=None):
    """Regency ``code``'s register of ``year`` (default: its latest) as the build read it
    (table ``risiko_masukan`` of the processed data of ``sources``, built first when stale;
    its own register when an add directory holds one), validated and typed on ``scale``,
    ``bands`` and ``appetite`` as :func:`analysis.masterplan.risk.read_register` reads the
    file: ``(rows, scale)``."""
    text = built_tables(sources, [RISK_TEXT])[RISK_TEXT]
    mine = text[text[UNIT] == str(code)]
    years = sorted({int(y) for y in mine["tahun"]})
    if year is not None:
        years = [y for y in years if y == int(year)]
    if not years:
        where = ", ".join(str(d) for d in (sources.data_dir, *sources.adds)) or message(
            "the_data_directory")
        raise OwnDataError(message("risk_no_register_files", code=code, where=where)
                           if year is None else message("risk_no_register_files_year",
                                                        code=code, year=year, where=where))
    _, _, df, sc = registers_as_read(mine[mine["tahun"] == years[-1]], scale, bands,
                                     appetite)[0]
    return df, sc


def read_input(args):
    """``--register FILE`` read, or with ``--regency`` that regency's register of the data
    (:func:`regency_register`): ``(rows, scale)``."""
    if bool(args.register) == bool(args.regency):
        raise WorkbenchError(message("risk_register_or_regency"))
    if args.register:
        return read_register(args.register, args.scale, args.bands, args.appetite)
    return regency_register(args.sources, args.regency, args.year, args.scale,
                            args.bands, args.appetite)


def run(args) -> int:
    df, sc = read_input(args)
    scored = score_register(df, sc)
    cols = list(df.attrs.get("input_columns", df.columns)) + SCORED_COLUMNS
    outputs = {"risk_scored.csv": scored[cols],
               "risk_matrix_counts.csv": matrix_counts(scored, sc),
               "risk_untreated.csv": untreated_above_appetite(scored),
               "risk_treatment_not_enough.csv": treatment_not_enough(scored),
               "risk_profile_pillar.csv": profile(scored, sc, "pillar")}
    out = Path(args.out)
    with atomic_dir(out) as tmp:  # everything is computed before the first write
        for name, frame in outputs.items():
            write_csv(tmp / name, frame, spreadsheet=True)
    note = " (ILLUSTRATIVE data)" if rows_marked_illustrative(scored) else ""
    print(f"wrote {out}: {len(scored)} risks on the {sc.name} scale, "
          f"{int(scored.above_appetite.sum())} at or above appetite {sc.appetite:g}, "
          f"{int(scored.untreated.sum())} without treatment, "
          f"{int(scored.residual_above_appetite.sum())} treated but still at or above appetite, "
          f"{int(scored.residual_unassessed.sum())} treated with the residual not assessed"
          f"{note}", file=sys.stderr)
    return 0
