"""``workbench import-bps``: BPS exports (XLSX or CSV) → one tidy CSV with Kemendagri codes."""
from __future__ import annotations

import sys

from analysis.commands.options import add_data_dir
from analysis.data.bps import import_bps, problems
from analysis.errors import WorkbenchError
from analysis.io import write_csv


class UnmatchedRegionsError(WorkbenchError):
    """Some region names could not be matched to exactly one Kemendagri code."""


def register(sub) -> None:
    p = sub.add_parser(
        "import-bps", help="import BPS table downloads (XLSX/CSV) into a tidy CSV",
        description="Reads older BPS XLSX exports and newer BPS CSV exports into one tidy table "
                    "(region, level, kode_kemendagri, kode_bps, year, variable, value, unit, "
                    "source file and row, the province row it is listed under). Region names "
                    "are matched exactly after normalisation (and through the alias table and "
                    "the names BPS printed) against the 514 kabupaten/kota of the code "
                    "crosswalk (bps_panel_kabkota_kode.csv), whatever province they are listed "
                    "under: downloads from before Papua's 2022 split and exports listing a "
                    "regency under both its old and its new province give today's codes. A "
                    "value listed twice is kept once if the copies agree and refused if they "
                    "differ. Unmatched and ambiguous names are listed on stderr and fail the "
                    "command unless --allow-unmatched.")
    p.add_argument("files", nargs="+", metavar="FILE", help="BPS export(s), .xlsx or .csv")
    p.add_argument("--out", required=True, help="output CSV (tidy)")
    p.add_argument("--allow-unmatched", action="store_true",
                   help="write the table even if some names are unmatched or ambiguous "
                        "(their kode_kemendagri stays empty)")
    p.add_argument("--convention", choices=("auto", "bps", "unknown"), default="auto",
                   help="how to read a bare name: bps = kabupaten (BPS writes cities as 'Kota "
                        "X'); unknown = ambiguous if both exist; auto = bps unless the file "
                        "writes 'Kab. X' (default)")
    add_data_dir(p)
    p.set_defaults(func=run)


def run(args) -> int:
    tidy, matches = import_bps(args.files, data_dir=args.data_dir, convention=args.convention)
    bad = problems(matches)
    for _, r in bad.iterrows():
        extra = f" candidates {r['candidates']}" if r["candidates"] else ""
        note = f" ({r['note']})" if r["note"] else ""
        print(f"{r['source_file']}: {r['status']}: {r['region']!r}{extra}{note}", file=sys.stderr)
    if len(bad) and not args.allow_unmatched:
        raise UnmatchedRegionsError(
            f"{len(bad)} region name(s) unmatched or ambiguous (listed above); nothing written. "
            f"Add an alias to analysis/data/region_aliases.csv, fix the names, or pass "
            f"--allow-unmatched")
    write_csv(args.out, tidy)
    for name, n in tidy.attrs.get("footer_rows", {}).items():
        if n:
            print(f"{name}: skipped {n} footer note row(s) below the table", file=sys.stderr)
    for line in tidy.attrs.get("warnings", []):
        print(f"warning: {line}", file=sys.stderr)
    if tidy.attrs.get("repeats_dropped"):
        print(f"kept once: {tidy.attrs['repeats_dropped']} value(s) listed more than once with "
              f"the same value (e.g. a Papua regency under its old and its new province)",
              file=sys.stderr)
    levels = matches["level"].value_counts().to_dict()
    print(f"wrote {args.out}: {len(tidy)} values, {matches['region'].nunique()} names "
          f"({', '.join(f'{k} {v}' for k, v in sorted(levels.items()))}); "
          f"{len(bad)} unmatched or ambiguous", file=sys.stderr)
    return 0
