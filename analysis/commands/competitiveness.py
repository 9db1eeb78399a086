"""``workbench competitiveness``: where each regency stands against its province and Java,
indicator by indicator and year by year (*analisis daya saing*), from the BPS panel.

Reads the processed tables ``daya_saing`` and ``daya_saing_tren`` (building them first when the
raw panel changed) and writes, for the chosen regencies, variables and years:

* ``daya_saing.csv``: ``kode, variabel, tahun, nilai, peringkat_provinsi, n_provinsi,
  median_provinsi, median_jawa_sejenis, selisih_jawa, persentil_nasional`` and the columns of
  :data:`analysis.competitiveness.EXTRA_COLUMNS` (direction, ahead of Java, island median …);
* ``daya_saing_tren.csv``: per regency and variable, the trend of the gap to Java's median
  over the panel's years (slope, standard error, closing / widening / no clear trend);
* with ``--idsd FILE`` (a filled ``workbench template --kind idsd``): ``idsd.csv``, the
  regency's published IDSD scores one per row (pillar, component, score 0–5), checked cell by
  cell, beside the BPS indicators.

The rules (ranks, medians, peer groups, trend verdict) are in :mod:`analysis.competitiveness`
and ``docs/assumptions.md``. Nothing is written when an option names an unknown regency,
variable or year.
"""
from __future__ import annotations

import sys
from pathlib import Path

from analysis.processed.panel_tables import to_analysis
from analysis.processed.project import built_tables
from analysis.commands.options import add_data_dir
from analysis.data.idsd import idsd_long, read_idsd
from analysis.competitiveness.selection import select_rows
from analysis.io import atomic_dir, write_csv

TABLES = ("daya_saing", "daya_saing_tren")


def register(sub) -> None:
    p = sub.add_parser("competitiveness",
                       help="competitiveness: rank in province, gap to Java's median (CSV)",
                       description=__doc__.split("\n\n")[0].replace("``", "'"))
    p.add_argument("--year", type=int, action="append", default=None, metavar="YEAR",
                   help="a year of the panel (repeatable; default: every year)")
    p.add_argument("--regency", action="append", default=None, metavar="CODE",
                   help="Kemendagri code such as 64.02 (repeatable; default: every regency)")
    p.add_argument("--variable", action="append", default=None, metavar="NAME",
                   help="panel variable such as ipm (repeatable; default: every variable)")
    p.add_argument("--idsd", default=None, metavar="FILE",
                   help="a filled IDSD template (workbench template --kind idsd): its scores "
                        "are checked and written to idsd.csv beside the BPS indicators")
    p.add_argument("--out", required=True, help="output directory")
    add_data_dir(p)
    p.set_defaults(func=run)


def run(args) -> int:
    tables = built_tables(args.sources, TABLES)
    ds, tr = select_rows(to_analysis(tables["daya_saing"]), to_analysis(tables["daya_saing_tren"]),
                         args.regency, args.variable, args.year)
    idsd = None
    if args.idsd:
        idsd = idsd_long(read_idsd(args.idsd))
        if args.regency:
            idsd = idsd[idsd["kode"].isin(args.regency)]
    out = Path(args.out)
    with atomic_dir(out) as tmp:
        write_csv(tmp / "daya_saing.csv", ds, spreadsheet=True)
        write_csv(tmp / "daya_saing_tren.csv", tr, spreadsheet=True)
        if idsd is not None:
            write_csv(tmp / "idsd.csv", idsd, spreadsheet=True)
    print(f"wrote {out}/daya_saing.csv ({len(ds)} rows: {ds['kode'].nunique()} regencies, "
          f"{ds['variabel'].nunique()} variables) and daya_saing_tren.csv ({len(tr)} rows); "
          f"source: BPS", file=sys.stderr)
    return 0
