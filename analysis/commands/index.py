"""``workbench index``: compute an index framework over a wide CSV of units.

Without ``--pipeline`` the framework is computed as given (:func:`compute_index`: published node
scores are taken as is). With ``--pipeline NAME_OR_FILE`` the COINr-style pipeline runs
(``analysis.index.pipeline``); ``--stages DIR`` then writes every stage as ``DIR/<stage>.csv``
(``raw``, ``denominated``, ``imputed``, ``screened``, ``treated``, ``normalised``,
``aggregated``, those the pipeline has), ``DIR/treat_details.csv`` and ``DIR/record.json`` (the
replayable record). ``--framework`` also takes a COINr iMeta CSV. Every output is written
atomically, and only after the whole computation succeeded.
"""
from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from analysis.commands.options import add_data_dir
from analysis.data.schema import read_csv_text
from analysis.errors import WorkbenchError
from analysis.frameworks import load_framework
from analysis.index.coinr import is_imeta_file, read_imeta
from analysis.index.compute import compute_index
from analysis.index.rank import rank_desc
from analysis.index.validate import check_columns, not_evaluated_rows, validate_wide_input
from analysis.io import atomic_dir, write_csv, write_json
from analysis.messages import text as message
from analysis.index.pipeline import run_pipeline


def register(sub) -> None:
    p = sub.add_parser("index", help="compute an index (framework file or name) over a CSV",
                       description="Wide input (a unit code column plus one column per node code) "
                                   "-> one row per unit with every aggregate node and the rank. "
                                   "Every node the framework needs must have a column (its own "
                                   "or all of its children's), except those the framework lists "
                                   "in optional_columns (reported in column absent_columns). "
                                   "With --pipeline: COINr-style stages (denominate, impute, "
                                   "screen, treat, normalise, aggregate).")
    p.add_argument("--framework", required=True,
                   help="shipped framework name, framework YAML file or COINr iMeta CSV")
    p.add_argument("--data", required=True, help="input CSV (wide; COINr iData works too)")
    p.add_argument("--out", default=None, help="output CSV (unit, aggregates, rank)")
    p.add_argument("--unit-col", default=None,
                   help="unit code column (default: pipeline/framework setting, kode_kemendagri, "
                        "else the first column)")
    p.add_argument("--pipeline", default=None,
                   help="pipeline name (e.g. coinr-example) or pipeline YAML file")
    p.add_argument("--stages", default=None, metavar="DIR",
                   help="with --pipeline: write every stage as DIR/<stage>.csv plus record.json")
    add_data_dir(p)
    p.set_defaults(func=run)


def _framework(spec: str):
    if is_imeta_file(spec):
        return read_imeta(spec)
    return load_framework(spec)


def run(args) -> int:
    if not args.out and not args.stages:
        raise WorkbenchError(message("index_nothing_to_write"))
    if args.stages and not args.pipeline:
        raise WorkbenchError(message("index_stages_need_pipeline"))
    fw = _framework(args.framework)
    raw = read_csv_text(args.data)
    if not args.pipeline:
        unit = args.unit_col or fw.meta.get("unit_col") or (
            "kode_kemendagri" if "kode_kemendagri" in raw.columns else raw.columns[0])
        absent = check_columns(fw, raw.columns, args.data)
        for w in validate_wide_input(fw, raw, unit, args.data):
            print(f"warning: {w}", file=sys.stderr)
        skip = not_evaluated_rows(fw, raw)
        if skip.any():  # not evaluated: every node missing, so no score and no rank
            raw = raw.copy()
            raw.loc[skip, [c for c in fw.nodes if c in raw.columns]] = ""
        res = compute_index(fw, raw, unit)
        if absent:  # declared optional by the framework: say so in the output and on stderr
            res["absent_columns"] = ";".join(absent)
            print(f"note: column(s) absent, declared optional by framework {fw.code}: "
                  f"{', '.join(absent)}; their parents are computed over the columns present",
                  file=sys.stderr)
        write_csv(args.out, res, spreadsheet=True)
        print(f"wrote {args.out}: {len(res)} units, framework {fw.code}", file=sys.stderr)
        return 0

    result = run_pipeline(fw, raw, args.pipeline, unit_col=args.unit_col, file=args.data)
    files = {}
    if args.out and "aggregated" in result.stages:
        agg = result.stages["aggregated"][result.plan.aggregates].copy()
        agg["rank"] = rank_desc(agg[fw.root])
        files[Path(args.out)] = agg.reset_index()
    elif args.out:
        raise WorkbenchError(message("index_no_aggregated_stage", pipeline=repr(args.pipeline)))
    if args.stages:
        d = Path(args.stages)
        for name, frame in result.stages.items():
            files[d / f"{name}.csv"] = frame.reset_index()
        if result.treat_details is not None:
            files[d / "treat_details.csv"] = result.treat_details
    stages = Path(args.stages) if args.stages else None
    with atomic_dir(stages) if stages else contextlib.nullcontext() as tmp:  # all or none
        for path, frame in files.items():
            write_csv(tmp / path.relative_to(stages) if stages and stages in path.parents
                      else path, frame, spreadsheet=True)
        if stages:
            write_json(tmp / "record.json", result.record)
    print(f"pipeline {result.record['pipeline']}: {len(result.stages['raw'])} units, "
          f"stages {', '.join(result.stages)}; wrote {len(files) + bool(args.stages)} files",
          file=sys.stderr)
    return 0
