"""``workbench strategy``: the masterplan's strategy chapter of a regency — programme priorities
with their rank ranges, the TOWS matrix, the SWOT factors no strategy uses, the maturity gaps
and the roadmap (:mod:`analysis.strategy`).

Reads the processed tables of the data directory (built first when their raw files changed;
with ``--add DIR`` a regency's own workbook tables replace the illustrative ones) and writes
into ``--out``:

* ``prioritas.csv``: ``kode_program, skor_prioritas, peringkat, peringkat_min,
  peringkat_maks`` (then ``program, pilar, kode_strategi``): the weighted mean of the four
  criteria (weights in ``analysis/strategy/strategy_settings.yaml``), rank 1 = first, and the
  best and worst rank when every weight varies by ±25 %;
* ``tows.csv``: ``pilar, jenis, n_strategi, n_program, anggaran`` (then the quadrant's strategy
  and ``arah_menyimpang``: the pillar's strategies point away from its SWOT quadrant);
* ``faktor_tak_terpakai.csv``: ``pilar, kode_faktor, jenis, rating`` (then the factor and
  ``utama_tak_tertangani``: a weakness or threat rated 3 or more that no strategy uses);
* ``kesenjangan.csv``: ``pilar, tahun, tingkat_sekarang, tingkat_target, selisih, n_program``
  (then ``tanpa_program``: a gap no programme can close);
* ``peta_jalan.csv``: ``pilar, tahun, jangka, n_program, anggaran`` (programmes and budget per
  pillar, year and term), ``peta_jalan_program.csv`` (every programme on the roadmap) and
  ``peta_jalan_<code>.svg`` (the roadmap chart).

Every file starts with ``kode_kemendagri`` and ``tahun_rencana`` (the planning year:
``--year``, default the latest year of the regency's SWOT and strategy rows). A regency without
strategies, criteria or targets gets the tables it has the data for and the message "no
strategy data"; nothing is written when an option is invalid.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from analysis.processed.project import built_tables
from analysis.processed.strategy_tables import DEPENDS, PLAN_YEAR, UNIT, regency_inputs
from analysis.commands.options import add_adds, add_data_dir
from analysis.errors import WorkbenchError
from analysis.io import atomic_dir, write_csv, write_text
from analysis.messages import text as message
from analysis.plots.strategy import roadmap_svg
from analysis.strategy import run_strategy

#: Output file -> attribute of :class:`analysis.strategy.StrategyResult`.
FILES = {"prioritas.csv": "prioritas", "tows.csv": "tows",
         "faktor_tak_terpakai.csv": "faktor_tak_terpakai", "kesenjangan.csv": "kesenjangan",
         "peta_jalan.csv": "peta_jalan", "peta_jalan_program.csv": "peta_jalan_program"}
_MISSING = {"strategies": "no strategies (sheet Strategi, strategies_<code>.csv)",
            "criteria": "no programme with its four priority criteria",
            "targets": "no maturity targets (sheet Target, maturity_targets_<code>.csv)",
            "readiness": "no readiness assessment", "swot": "no SWOT factors",
            "programmes": "no programmes"}


def register(sub) -> None:
    p = sub.add_parser("strategy", help="strategy chapter: priorities, TOWS, unused factors, "
                                        "gaps, roadmap (CSV, SVG)",
                       description=__doc__.split("\n\n")[0].replace("``", "'"))
    p.add_argument("--regency", action="append", default=None, metavar="CODE",
                   help="Kemendagri code such as 64.02 (repeatable; default: every regency with "
                        "SWOT, strategies, programmes or targets)")
    p.add_argument("--year", type=int, default=None,
                   help="planning year (default: the latest year of the regency's SWOT and "
                        "strategy rows)")
    p.add_argument("--lang", choices=("id", "en"), default="id",
                   help="language of the roadmap chart")
    p.add_argument("--out", required=True, help="output directory")
    add_data_dir(p)
    add_adds(p)
    p.set_defaults(func=run)


def _codes(tables: dict, asked) -> list[str]:
    found = sorted({str(c) for n in ("strategi", "target_kematangan", "program", "swot_faktor")
                    if UNIT in tables[n].columns for c in tables[n][UNIT]})
    if asked is None:
        return found
    known = set(tables["profil"][UNIT].astype(str)) if "profil" in tables else set(found)
    for c in asked:
        if c not in known:
            raise WorkbenchError(message("strategy_unknown_regency", code=repr(c)))
    return list(dict.fromkeys(asked))


def _labelled(df: pd.DataFrame, code: str, year) -> pd.DataFrame:
    return df.assign(**{UNIT: code, PLAN_YEAR: year})[[UNIT, PLAN_YEAR, *df.columns]]


def run(args) -> int:
    if args.year is not None and not 1990 <= args.year <= 2100:
        raise WorkbenchError(message("strategy_year_range", year=args.year))
    tables = built_tables(args.sources, (*DEPENDS, "profil"))
    codes = _codes(tables, args.regency)
    parts = {f: [] for f in FILES}
    charts, notes, illustrative = {}, [], False
    for code in codes:
        inp = regency_inputs(tables, code)
        res = run_strategy(inp["factors"], inp["summary"], inp["strategies"],
                           inp["programmes"], inp["targets"], inp["levels"], year=args.year)
        for f, attr in FILES.items():
            parts[f].append(_labelled(getattr(res, attr), code, res.year))
        ill = inp["illustrative"]
        illustrative |= ill
        if res.year is not None and not res.peta_jalan_program.empty:
            charts[f"peta_jalan_{code}.svg"] = roadmap_svg(
                res.peta_jalan_program, res.peta_jalan, res.year, args.lang, title=code,
                illustrative=ill)
        missing = [_MISSING[m] for m in res.missing]
        if not res.has_strategy_data:
            notes.append(f"{code}: no strategy data ({'; '.join(missing)})")
        elif res.year is None:
            notes.append(f"{code}: no planning year (no SWOT or strategy rows): give --year")
        elif not inp["strategies"].empty and res.tows.empty:
            years = sorted({int(y) for y in inp["strategies"]["year"]})
            notes.append(f"{code}: no strategies in {res.year} (strategies of "
                         f"{', '.join(map(str, years))}): the TOWS matrix and unused factors "
                         f"are empty")
    out = Path(args.out)
    with atomic_dir(out) as tmp:
        for f, frames in parts.items():
            write_csv(tmp / f, pd.concat(frames, ignore_index=True) if frames else
                      pd.DataFrame(columns=[UNIT, PLAN_YEAR]), spreadsheet=True)
        for name, svg in charts.items():
            write_text(tmp / name, svg + "\n")
    n = {f: sum(len(x) for x in frames) for f, frames in parts.items()}
    note = " (ILLUSTRATIVE data)" if illustrative else ""
    print(f"wrote {out}: prioritas.csv ({n['prioritas.csv']} programmes), tows.csv "
          f"({n['tows.csv']} rows), faktor_tak_terpakai.csv ({n['faktor_tak_terpakai.csv']}), "
          f"kesenjangan.csv ({n['kesenjangan.csv']}), peta_jalan.csv, peta_jalan_program.csv "
          f"and {len(charts)} roadmap chart(s) for {len(codes)} regency(ies){note}",
          file=sys.stderr)
    for line in notes:
        print(f"workbench strategy: {line}", file=sys.stderr)
    return 0
