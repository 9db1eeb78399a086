"""``workbench uncertainty``: uncertainty and Sobol sensitivity analysis of an index pipeline.

Writes into ``--out DIR`` (atomically, and only after the whole analysis succeeded):

* ``ranks.csv``: unit, nominal_rank, median_rank, p05_rank, p95_rank;
* ``sensitivity.csv``: input, S1, S1_low, S1_high, ST, ST_low, ST_high, output, unit — output
  ``mean_abs_rank_shift`` (unit empty) then ``rank`` per unit;
* ``record.json``: pipeline, uncertain inputs and alternatives, samples, seed, timings.

Without ``--spec`` the default spec is used (weights ±25 % on levels 1–2, min-max [1, 100] vs
rank, arithmetic vs geometric mean, imputation on/off, treatment on/off — those whose
stage the pipeline has). A spec may also vary single nodes' weights (one input per pillar, say),
goalposts and the outlier test's thresholds (:mod:`analysis.index.uncertainty_spec`). Without
``--pipeline`` a generic COINr-like pipeline is used. A ``--samples`` whose arrays would not fit
in memory is refused before anything is computed, with the memory it would need.
"""
from __future__ import annotations

import sys
from pathlib import Path

from analysis.commands.options import add_data_dir
from analysis.data.schema import read_csv_text
from analysis.errors import WorkbenchError
from analysis.frameworks import load_framework
from analysis.io import atomic_dir, write_csv, write_json
from analysis.index.coinr import is_imeta_file, read_imeta
from analysis.index.uncertainty import run_uncertainty
from analysis.index.uncertainty_spec import read_spec
from analysis.messages import say, text as message

#: The pipeline used when ``--pipeline`` is not given (COINr's defaults, no group columns).
DEFAULT_PIPELINE = {
    "name": "uncertainty-default",
    "stages": {
        "imputed": {"method": "mean"},
        "screened": {"method": "byNA", "min_share": 0.65},
        "treated": {"method": "coinr"},
        "normalised": {"method": "minmax", "range": [0, 100]},
        "aggregated": {"method": "arithmetic", "weights": "framework"},
    },
}


def register(sub) -> None:
    p = sub.add_parser(
        "uncertainty", help="uncertainty and Sobol sensitivity analysis of an index pipeline",
        description="Varies weights (by level or node), normalisation and goalposts, aggregation, "
                    "imputation, outlier treatment and its thresholds (a Saltelli design of "
                    "N·(k+2) pipeline variants) and writes per-unit rank intervals and Sobol "
                    "indices as CSV.")
    p.add_argument("--framework", required=True,
                   help="shipped framework name, framework YAML file or COINr iMeta CSV")
    p.add_argument("--data", required=True, help="input CSV (wide: unit column + indicators)")
    p.add_argument("--pipeline", default=None,
                   help="pipeline name (e.g. coinr-example) or YAML file (default: a generic "
                        "COINr-like pipeline: mean imputation, screening 0.65, COINr treatment, "
                        "min-max [0, 100], arithmetic mean)")
    p.add_argument("--spec", default=None, metavar="FILE",
                   help="uncertainty spec YAML (default: weights, normalisation, aggregation, "
                        "imputation, treatment as the pipeline allows)")
    p.add_argument("--samples", type=int, default=1000,
                   help="Saltelli base sample size N (N·(k+2) runs; default 1000)")
    p.add_argument("--seed", type=int, default=None, help="seed (default: the spec's, else 0)")
    p.add_argument("--bootstrap", type=int, default=200,
                   help="bootstrap resamples for the Sobol CIs (default 200)")
    p.add_argument("--unit-col", default=None, help="unit code column")
    p.add_argument("--out", required=True, metavar="DIR", help="output directory")
    add_data_dir(p)
    p.set_defaults(func=run)


def _framework(spec: str):
    return read_imeta(spec) if is_imeta_file(spec) else load_framework(spec)


def run(args) -> int:

    if args.samples < 2:
        raise WorkbenchError(message("uncertainty_samples", n=args.samples))
    if args.bootstrap < 0:
        raise WorkbenchError(message("uncertainty_bootstrap", n=args.bootstrap))
    fw = _framework(args.framework)
    data = read_csv_text(args.data)
    spec = read_spec(args.spec) if args.spec else None
    pipeline = args.pipeline or DEFAULT_PIPELINE
    res = run_uncertainty(fw, data, pipeline, spec, samples=args.samples, seed=args.seed,
                          unit_col=args.unit_col, n_boot=args.bootstrap)
    ranks, sens, record = res.rank_table(), res.sensitivity_table(), res.record()
    record.update({"data": str(args.data), "spec_file": args.spec})
    out = Path(args.out)
    with atomic_dir(out) as tmp:
        write_csv(tmp / "ranks.csv", ranks, spreadsheet=True)
        write_csv(tmp / "sensitivity.csv", sens, spreadsheet=True)
        write_json(tmp / "record.json", record)
    if record["illustrative"]:
        print(say("uncertainty_illustrative", getattr(args, "lang", "id")), file=sys.stderr)
    print(f"wrote {out}/ranks.csv, sensitivity.csv, record.json: {len(ranks)} units, "
          f"{len(res.inputs)} inputs, {record['runs']} runs in {res.timings['total']:.2f} s",
          file=sys.stderr)
    return 0
