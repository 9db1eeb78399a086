"""``workbench build`` and ``workbench validate``: raw data → validated → data/processed."""
from __future__ import annotations

import sys

from analysis.cli import add_adds, add_data_dir
from analysis.data.geo import boundary_path, load_boundaries
from analysis.data.manifest import verify_manifest
from analysis.errors import DataValidationError
from analysis.paths import check_output, raw_dir
from analysis.build.project import build_processed
from analysis.data.validation import check_data_dir, describe


def register(sub) -> None:
    p = sub.add_parser("build", help="validate data/raw and write every processed table",
                       description="Build every table the reports read (evaluasi, profil, "
                                   "kualitas_data, the map layer, ...) into the processed "
                                   "directory; a table whose inputs and code are unchanged is "
                                   "skipped (keys in build.json).")
    p.add_argument("--out", default=None, help="output directory (default data/processed, or a "
                                               "sub-directory of it for another --data-dir or "
                                               "for --add)")
    p.add_argument("--only", nargs="+", default=None, metavar="TABLE",
                   help="build only these tables (and what they depend on)")
    add_data_dir(p)
    add_adds(p)
    p.set_defaults(func=run_build)
    v = sub.add_parser("validate", help="check the raw data (schemas, cross-table rules, "
                                        "boundaries, hashes)")
    add_data_dir(v)
    v.set_defaults(func=run_validate)


def run_build(args) -> int:
    if args.out:
        check_output(args.out, [args.data_dir])
    res = build_processed(args.data_dir, args.out, only=args.only, adds=args.add)
    print(res.summary_text(), file=sys.stderr)
    return 0


def run_validate(args) -> int:
    checked = check_data_dir(args.data_dir)  # every table the reports read, by their loaders
    for w in checked.warnings:
        print(f"warning: {w}", file=sys.stderr)
    print(describe(checked, args.data_dir), file=sys.stderr)
    tables = checked.tables
    shapes = load_boundaries(args.data_dir)
    print(f"{boundary_path(args.data_dir)}: {len(shapes)} boundaries valid", file=sys.stderr)
    problems = verify_manifest(args.data_dir)
    for p in problems:
        print(f"manifest: {p}", file=sys.stderr)
    q = tables["kualitas_data"]
    print(f"{raw_dir(args.data_dir)}: tables valid; {len(q)} data-quality notes; "
          f"{len(problems)} manifest problem(s)")
    if problems:
        raise DataValidationError(raw_dir(args.data_dir) / "MANIFEST.yaml",
                                  f"{len(problems)} problem(s), first: {problems[0]}")
    return 0
