"""``workbench simulate``: what-if on a regency's Kominfo evaluation or readiness assessment.

* ``--set DIM=VALUE`` / ``--set DIM=+DELTA`` (repeatable): the evaluation recomputed with the
  changed dimension scores (rows ``dasar`` and ``simulasi``: final unrounded, change, group and
  national rank, warnings);
* ``--target FINAL``: per dimension the value it alone must reach, whether that is possible
  (≤ 4), and the cheapest combined path (largest weight first);
* ``--framework readiness``: per item of the readiness assessment the index points one step up
  adds and the steps to the next maturity level (``--assessment FILE`` for a regency's own
  assessment, or ``--add DIR`` for the one workbench import wrote; the shipped one is
  ILLUSTRATIVE and the output says so).

Everything is computed before anything is written; the CSV is written atomically.
"""
from __future__ import annotations

import math
import sys

import pandas as pd

from analysis.commands.options import add_adds, add_data_dir
from analysis.errors import WorkbenchError
from analysis.data.raw_tables import current_profiles
from analysis.evaluation import YEARS
from analysis.evaluation.dimension_whatif import (SCALE, parse_setting, printed_warnings, simulate,
                                        target_plan, warning_text)
from analysis.i18n import texts, tr
from analysis.io import write_csv
from analysis.messages import Decimal, text
from analysis.readiness import parse_cutoffs
from analysis.processed.project import built_tables
from analysis.processed.spec import Sources
from analysis.readiness.assessment_whatif import gains_of_assessments, item_gains
from analysis.readiness.assessments import UNIT
from analysis.readiness.built import split_assessments


def register(sub) -> None:
    p = sub.add_parser("simulate", help="what-if: changed dimension scores, a target final, or "
                                        "readiness one-step gains (CSV)",
                       description="Recompute a regency's final with changed dimension scores "
                                   "(--set), find what each dimension must reach for a target "
                                   "final (--target), or the readiness gains of one step up per "
                                   "item (--framework readiness).")
    p.add_argument("--regency", required=True, help="Kemendagri code, e.g. 64.02")
    p.add_argument("--year", type=int, default=max(YEARS), choices=YEARS,
                   help=f"evaluation year (default {max(YEARS)})")
    p.add_argument("--framework", choices=("evaluasi", "readiness"), default="evaluasi",
                   help="evaluasi (Kominfo evaluation, default) or readiness (assessment items)")
    p.add_argument("--set", dest="settings", action="append", default=[], metavar="DIM=VALUE",
                   help="dimension score, absolute (impact=3.59) or change (output=+0.3); "
                        "repeatable")
    p.add_argument("--target", default=None, help="target final score (1-4)")
    p.add_argument("--assessment", default=None,
                   help="with --framework readiness: a regency's own assessment CSV (columns "
                        "kode_kemendagri, kode_butir, skor); default the one in --add, else the "
                        "data directory's")
    p.add_argument("--cutoffs", default="", help="maturity cut-offs 'a,b,c,d' (default: the "
                                                 "framework's settings; unverified)")
    p.add_argument("--lang", choices=("id", "en"), default="id", help="language of text columns")
    p.add_argument("--out", required=True, help="output CSV")
    add_data_dir(p)
    add_adds(p)
    p.set_defaults(func=run)

NOTES = texts("commands.simulate.notes")
#: Largest size a --set value can have: a score lies on the 1–4 scale, a change within ±3.
_SPAN = SCALE[1]


def parse_settings(texts_: list[str]) -> list:
    """Every ``--set``, checked before anything is read: a value that is not finite or lies far
    outside the scale (``1e308``, ``inf``) is out of range, with the range allowed; a dimension
    set twice is refused naming both settings (never the last one silently kept)."""
    settings, first = [], {}
    for raw in texts_:
        name, sep, val = str(raw).partition("=")
        try:
            x = float(val.strip()) if sep else None
        except ValueError:
            x = None                   # not a number at all: parse_setting says so
        if x is not None and (not math.isfinite(x) or abs(x) > _SPAN):
            dim = name.strip().lower().replace("-", "_")
            raise WorkbenchError(text(
                "simulate_set_out_of_range", raw=repr(raw), dim=dim, val=val.strip(),
                why=text("simulate_not_finite" if not math.isfinite(x) else "simulate_too_large"),
                lo=Decimal(f"{SCALE[0]:g}"), hi=Decimal(f"{SCALE[1]:g}"),
                span=Decimal(f"{SCALE[1] - SCALE[0]:g}")))
        setting = parse_setting(raw)
        if setting.dimension in first:
            raise WorkbenchError(text("simulate_set_twice", first=repr(first[setting.dimension]),
                                      raw=repr(raw), dim=setting.dimension))
        first[setting.dimension] = raw
        settings.append(setting)
    return settings


def check_listed(evals, code: str, year: int, evaluations: pd.DataFrame,
                 profiles: pd.DataFrame) -> None:
    """A regency absent from the year's evaluation ``evals``: say whether it is a known regency
    of ``profiles`` that was not evaluated that year (and which years of ``evaluations``, the
    long ``evaluasi`` table, it was), or an unknown code."""
    if (evals["kode_kemendagri"] == code).any():
        return
    known = profiles[profiles["kode_kemendagri"] == code]
    if known.empty:
        raise WorkbenchError(text("simulate_unknown_regency", code=repr(code), year=year))
    other = [y for y in YEARS if y != year
             and (evaluations.loc[evaluations["tahun"] == y, "kode_kemendagri"] == code).any()]
    where = (text("simulate_listed_in", years=", ".join(map(str, other)), last=other[-1])
             if other else text("simulate_in_no_evaluation"))
    raise WorkbenchError(text("simulate_not_evaluated", code=code, name=known.iloc[0]["nama"],
                              year=year, n=len(evals), where=where))


def _evaluation(args):
    if args.target is not None and args.settings:
        raise WorkbenchError(text("simulate_set_or_target"))
    if args.target is None and not args.settings:
        raise WorkbenchError(text("simulate_nothing"))
    settings = parse_settings(args.settings)  # bad input fails before any reading
    # the processed evaluations and profiles, built first when stale
    built = built_tables(args.sources, ["evaluasi", "profil"])
    every = built["evaluasi"]
    evals = every[every["tahun"] == args.year].reset_index(drop=True)
    check_listed(evals, str(args.regency), args.year, every, current_profiles(built["profil"]))
    if args.target is not None:
        return (target_plan(evals, args.regency, args.year, args.target),
                printed_warnings(evals, args.regency, args.year, args.lang))
    table = simulate(evals, args.regency, args.year, settings, args.lang)
    return table, [warning_text(w, args.lang) for w in table.attrs["warnings"]]


def regency_assessment(sources: Sources, code: str) -> pd.DataFrame:
    """The readiness assessment of regency ``code`` in the processed ``penilaian_kesiapan``
    table of ``sources`` (built first when stale): its own one when an add directory holds
    one (rows marked ``data_sendiri``), else the data's."""
    long = built_tables(sources, ["penilaian_kesiapan"])["penilaian_kesiapan"]
    national, own = (part.reset_index(drop=True) for part in split_assessments(long))
    own = own[own[UNIT] == str(code)].reset_index(drop=True)
    return own if not own.empty else national[national[UNIT] == str(code)]


def _readiness(args):
    if args.settings or args.target is not None:
        raise WorkbenchError(text("simulate_readiness_no_set"))
    try:
        cutoffs = parse_cutoffs(args.cutoffs)
    except ValueError as exc:
        raise WorkbenchError(f"--cutoffs {args.cutoffs!r}: {exc}") from None
    if args.assessment:                  # a regency's own assessment file, read as given
        table = item_gains(args.regency, path=args.assessment, cutoffs=cutoffs, lang=args.lang)
    else:
        table = gains_of_assessments(regency_assessment(args.sources, args.regency),
                                     args.regency, cutoffs, args.lang)
    notes = [tr(NOTES, "illustrative", args.lang)] if table["ilustratif"].any() else []
    return table, notes


def run(args) -> int:
    try:
        table, notes = _readiness(args) if args.framework == "readiness" else _evaluation(args)
    except ValueError as exc:  # e.g. bad cut-offs deep in the maturity levels
        raise WorkbenchError(str(exc)) from None
    write_csv(args.out, table, spreadsheet=True)
    for note in notes:
        print(f"warning: {note}", file=sys.stderr)
    print(f"wrote {args.out} ({len(table)} rows)", file=sys.stderr)
    return 0
