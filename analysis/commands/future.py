"""``workbench future``: where each regency is heading on its key BPS indicators over a
masterplan's ten years (*analisis masa depan*), with intervals that the panel's own history
shows to be honest.

Reads the processed BPS panel (``panel_bps``, built first when the raw panel changed), runs
:func:`analysis.future.run_future` with only the data up to ``--origin`` (fitting, choosing the
method by a rolling-origin backtest against naive drift and random walk, calibrating the
intervals) and writes into ``--out``:

* ``proyeksi.csv``: ``kode, variabel, tahun, nilai, batas_bawah, batas_atas, tingkat, metode``,
  one row per regency, variable and year after the origin up to the horizon;
* ``tanpa_proyeksi.csv``: ``kode, variabel, alasan``: regencies without enough history, which
  get no projection;
* ``uji_balik.csv``: ``variabel, metode, horizon, mae, cakupan`` (and counts): the backtest;
* ``pilihan_metode.csv``: the method of each variable and why; ``capaian.csv``: the year each
  regency would reach its province's median and the median of Java's regencies of its kind at
  its own pace (empty = not within the horizon);
* ``catatan.json``: the record of the run (origin, horizon, level, methods, data years,
  library versions), so a report can say how it was made.

Nothing is written when an option is invalid (an origin before the panel's first year, a
horizon not after the origin, an unknown variable or regency, a level outside 0–1).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from analysis.processed.panel_tables import to_analysis
from analysis.processed.project import built_tables
from analysis.commands.options import add_data_dir
from analysis.future import FutureInputError, reach_year, run_future
from analysis.future.checks import check_codes
from analysis.io import atomic_dir, write_csv, write_text
from analysis.messages import text as message


def register(sub) -> None:
    p = sub.add_parser("future", help="future analysis: projections of BPS indicators with "
                                      "backtested intervals (CSV)",
                       description=__doc__.split("\n\n")[0].replace("``", "'"))
    p.add_argument("--origin", type=int, default=None,
                   help="last year of data used (default: the panel's latest year)")
    p.add_argument("--horizon", type=int, default=None,
                   help="last projected year (default: ten years after the origin)")
    p.add_argument("--level", type=float, default=None,
                   help="interval level between 0 and 1 (default 0.8)")
    p.add_argument("--method", default=None,
                   help="a method by name for every variable (drift, random_walk, panel_ols, "
                        "ets_damped, arima_drift); default: chosen per variable by the backtest")
    p.add_argument("--variable", action="append", default=None, metavar="NAME",
                   help="panel variable such as ipm (repeatable; default: ipm, uhh, hls, rls, "
                        "pengeluaran, pdrb_per_kapita)")
    p.add_argument("--regency", action="append", default=None, metavar="CODE",
                   help="Kemendagri code such as 64.02 (repeatable; default: every regency)")
    p.add_argument("--lang", choices=("id", "en"), default="id",
                   help="language of the reasons in tanpa_proyeksi.csv")
    p.add_argument("--out", required=True, help="output directory")
    add_data_dir(p)
    p.set_defaults(func=run)


def run(args) -> int:
    tables = built_tables(args.sources, ("panel_bps", "wilayah_bps"))
    panel = to_analysis(tables["panel_bps"])
    if panel.empty:
        raise FutureInputError(message("future_no_panel"))
    res = run_future(panel, origin=args.origin, horizon=args.horizon, level=args.level,
                     method=args.method, variables=args.variable, lang=args.lang)
    # every regency is projected (reaching a median needs the peers' paths); --regency
    # chooses what is written
    codes = check_codes(args.regency, panel["kode"].unique())
    reach = reach_year(res.proyeksi, panel[panel["tahun"] <= res.catatan["asal"]],
                       to_analysis(tables["wilayah_bps"]), kode=codes)
    proj, none = res.proyeksi, res.tanpa_proyeksi
    if codes is not None:
        proj, none = proj[proj["kode"].isin(codes)], none[none["kode"].isin(codes)]
    out = Path(args.out)
    with atomic_dir(out) as tmp:
        write_csv(tmp / "proyeksi.csv", proj, spreadsheet=True)
        write_csv(tmp / "tanpa_proyeksi.csv", none, spreadsheet=True)
        write_csv(tmp / "uji_balik.csv", res.uji_balik, spreadsheet=True)
        write_csv(tmp / "pilihan_metode.csv", res.pilihan, spreadsheet=True)
        write_csv(tmp / "capaian.csv", reach, spreadsheet=True)
        write_text(tmp / "catatan.json", json.dumps(res.catatan, ensure_ascii=False, indent=1,
                                                    default=str) + "\n")
    c = res.catatan
    print(f"wrote {out}/proyeksi.csv ({len(proj)} rows: {proj['kode'].nunique()} regencies, "
          f"{proj['variabel'].nunique()} variables, {c['asal']} -> {c['horizon']}, level "
          f"{c['tingkat']}), tanpa_proyeksi.csv ({len(none)}), uji_balik.csv, capaian.csv; "
          f"source: BPS", file=sys.stderr)
    return 0
