"""``workbench index``: compute an index framework over a wide CSV of units."""
from __future__ import annotations

import sys

from analysis.cli import add_data_dir
from analysis.data.schema import read_csv_text
from analysis.frameworks import load_framework
from analysis.index.compute import compute_index
from analysis.io import write_csv


def register(sub) -> None:
    p = sub.add_parser("index", help="compute an index (framework file or name) over a CSV",
                       description="Wide input (a unit code column plus one column per node code) "
                                   "-> one row per unit with every aggregate node and the rank.")
    p.add_argument("--framework", required=True, help="shipped framework name or YAML file")
    p.add_argument("--data", required=True, help="input CSV (wide)")
    p.add_argument("--out", required=True, help="output CSV")
    p.add_argument("--unit-col", default=None,
                   help="unit code column (default: kode_kemendagri, else the first column)")
    add_data_dir(p)
    p.set_defaults(func=run)


def run(args) -> int:
    fw = load_framework(args.framework)
    raw = read_csv_text(args.data)
    unit = args.unit_col or ("kode_kemendagri" if "kode_kemendagri" in raw.columns else raw.columns[0])
    res = compute_index(fw, raw, unit)
    write_csv(args.out, res)
    print(f"wrote {args.out}: {len(res)} units, framework {fw.code}", file=sys.stderr)
    return 0
