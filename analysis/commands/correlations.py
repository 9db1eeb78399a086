"""``workbench correlations``: profile × index correlation tables and the OLS model, as CSV.

The analysis frame is computed from the build's processed tables (``profil``, ``evaluasi``,
``kesiapan``: :func:`analysis.processed.project.correlation_frame`, built first when stale)."""
from __future__ import annotations

import sys
from pathlib import Path

from analysis.processed.project import correlation_frame
from analysis.commands.options import add_data_dir
from analysis.correlations.results import DEFAULT_CONTROLS, correlations, model, sample_note
from analysis.correlations.data import cross_section, left_out_notes
from analysis.correlations.stats import METHODS, MIN_N
from analysis.errors import WorkbenchError
from analysis.evaluation import YEARS
from analysis.io import atomic_dir, write_csv, write_json
from analysis.messages import text as message


def register(sub) -> None:
    p = sub.add_parser(
        "correlations", help="correlations of the regional profile with every index (CSV)",
        description="Writes correlations.csv (variable pair, method, n, estimate, bootstrap CI, "
                    "p, BH-adjusted p), partial_correlations.csv (controlling for --controls), "
                    "and per year the OLS model of the final score (HC3 errors): "
                    "model_<year>_coefficients.csv, model_<year>_vif.csv, "
                    "model_<year>_residuals.csv, model_<year>_diagnostics.json.")
    p.add_argument("--out", required=True, help="output directory")
    p.add_argument("--method", nargs="+", choices=METHODS, default=["pearson", "spearman"],
                   help="correlation methods (default: pearson spearman)")
    p.add_argument("--year", nargs="+", type=int, default=list(YEARS), help="evaluation years")
    p.add_argument("--controls", nargs="*", default=list(DEFAULT_CONTROLS),
                   help="covariates of the partial correlations (default: kota kppn_ikn)")
    p.add_argument("--n-boot", type=int, default=1000, help="bootstrap resamples (default 1000)")
    p.add_argument("--seed", type=int, default=0, help="bootstrap seed (default 0)")
    p.add_argument("--min-n", type=int, default=MIN_N,
                   help=f"flag correlations on fewer units as small samples (default {MIN_N})")
    add_data_dir(p)
    p.set_defaults(func=run)


def run(args) -> int:
    bad = sorted(set(args.year) - set(YEARS))
    if bad:
        raise WorkbenchError(message("correlations_unknown_years", bad=str(bad),
                                     known=str(list(YEARS))))
    if args.n_boot < 0:
        raise WorkbenchError(message("correlations_n_boot"))
    frame = correlation_frame(args.sources)   # the processed tables, built when stale
    unknown = [c for c in args.controls if c not in frame.columns]
    if unknown:
        raise WorkbenchError(message("correlations_unknown_controls", unknown=str(unknown)))
    kw = dict(years=args.year, n_boot=args.n_boot, seed=args.seed, min_n=args.min_n)
    raw = correlations(frame, methods=args.method, **kw)
    outputs = {"correlations.csv": raw}
    if args.controls:
        outputs["partial_correlations.csv"] = correlations(
            frame, methods=[m for m in args.method if m != "kendall"], controls=args.controls, **kw)
    diagnostics = {}
    for year in args.year:
        res = model(frame, year=year)
        outputs[f"model_{year}_coefficients.csv"] = res.coefficients
        outputs[f"model_{year}_vif.csv"] = res.vif
        outputs[f"model_{year}_residuals.csv"] = res.data
        diagnostics[year] = dict(formula=res.formula, cov_type="HC3", **res.diagnostics)
    out = Path(args.out)
    with atomic_dir(out) as tmp:       # everything computed before anything is written
        for name, df in outputs.items():
            write_csv(tmp / name, df, spreadsheet=True)
        for year, d in diagnostics.items():
            write_json(tmp / f"model_{year}_diagnostics.json", d)
    for year in args.year:
        note = sample_note(len(cross_section(frame, year)), year, "en")
        if note:
            print(f"note: {note}", file=sys.stderr)
    for note in left_out_notes(frame, "en"):
        print(f"note: {note}", file=sys.stderr)
    print(f"wrote {len(outputs) + len(diagnostics)} files to {out}: {len(raw)} correlations",
          file=sys.stderr)
    return 0
