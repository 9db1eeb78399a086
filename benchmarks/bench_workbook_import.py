"""Importing a regency workbook whose Risiko sheet holds 100,000 rows (``workbench import``).

The import streams each sheet (only the cells the file stores; openpyxl read-only parser) and
checks each row with a fixed amount of work: choice labels looked up in a dict, one schema per
risk scale. Baseline ``dataframe_per_cell``: the reader before that change, rebuilt here from
its two costly steps: the whole workbook loaded into memory (openpyxl's normal mode) and walked
with ``iter_rows``, a pandas DataFrame built to normalise each choice cell, and a risk schema
built per row. Both feed the same sheet rules and must give the same tables.

The data is generated (seeded): a workbook with the *Petunjuk* labels of 64.02 and a Risiko
sheet of ``--rows`` valid risks (year 2023, ids R000001..., pillar, likelihood, impact,
treatment type, status and scale as a person picks them from the drop-downs). Each way runs in
its own child process, so its peak memory (max RSS) is measured too. The baseline, far slower,
is timed on ``--baseline-rows`` rows and extrapolated linearly (the script says so); the new
reader is also run on those rows to check both give the same tables.
Ends with ``workbook_import: <s> s, <ratio>x vs dataframe_per_cell``.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PILLARS = ["Smart Governance", "Smart Branding", "Smart Economy", "Smart Living",
           "Smart Society", "Smart Environment"]


def machine(tag: str) -> None:
    print(f"{tag}: {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}", flush=True)


def make_workbook(path: Path, rows: int, seed: int) -> Path:
    """A regency workbook (code 64.02) with ``rows`` risks on its Risiko sheet, written
    streaming (openpyxl write-only), with the template's headers."""
    import openpyxl

    from analysis.masterplan.workbook_layout import (CODE_LABEL, INSTRUCTIONS, NAME_LABEL,
                                                     sheet_fields)

    rng = random.Random(seed)
    wb = openpyxl.Workbook(write_only=True)
    pet = wb.create_sheet(INSTRUCTIONS)
    pet.append(["Buku Kerja Data Smart City Daerah"])
    pet.append([CODE_LABEL, "64.02"])
    pet.append([NAME_LABEL, "Kabupaten Kutai Kartanegara"])
    ws = wb.create_sheet("Risiko")
    ws.append([f.header for f in sheet_fields("risk")])
    for i in range(1, rows + 1):
        lk, im = rng.randint(1, 5), rng.randint(1, 5)
        treated = rng.random() < 0.5
        ws.append([2023, f"R{i:06d}", f"Program {i % 97}", rng.choice(PILLARS),
                   "Diskominfo", f"Kejadian {i}", None, None, lk, im,
                   "Rencana" if treated else None, "Struktural" if treated else None,
                   1 if treated else None, 1 if treated else None,
                   rng.choice(["Terbuka", "Dalam Mitigasi", "Ditutup"]), "SPBE 5x5"])
    wb.save(path)
    return path


# ---------------------------------------------------------------- the baseline (old reader)


def install_baseline() -> None:
    """Put the old reading steps in place of the new ones (this process only)."""
    import openpyxl
    import pandas as pd

    from analysis.masterplan import risk
    from analysis.data import template_tables as tpl
    from analysis.masterplan import workbook_read as wr
    from analysis.masterplan import workbook_sheets as wsh
    from analysis.masterplan.workbook_layout import (CODE_LABEL, INSTRUCTIONS, NAME_LABEL,
                                                     READINESS_FIXED, SHEETS, sheet_fields)

    def normalise_cell(text, kind, name):            # a DataFrame per choice cell
        f = next((f for f in tpl.FIELDS[kind] if f.name == name), None)
        if f is None or f.choices is None or not text:
            return text, None
        out = tpl.normalise(pd.DataFrame({name: [text]}, dtype=object), kind, tpl.Source(""))
        return out[name].iloc[0], None

    def risk_schema(year_scales):                    # a schema built per row
        def schema_for(texts):
            scale = texts.get("scale") or year_scales.get(texts.get("year") or "")
            return risk.register_schema(risk.get_scale(scale or None).max_level)
        return schema_for

    def read_rows(ws, fields, inputs):               # iter_rows over the loaded sheet
        header = {tpl._key(c.value): c.column for c in ws[1] if c.value is not None}
        cols = {f.name: header[tpl._key(f.header)] for f in fields}
        out = wr.SheetRows(ws.title, cols)
        for cells in ws.iter_rows(min_row=2):
            by_col = {c.column: c for c in cells}
            texts, filled = {}, False
            for name, col in cols.items():
                cell = by_col.get(col)
                texts[name] = "" if cell is None else tpl._cell_text(cell.value)
                filled = filled or (name in inputs and texts[name] != "")
            if filled:
                out.rows.append((cells[0].row, texts))
        return out

    def read_sheets(path, errors):
        wb = openpyxl.load_workbook(path, data_only=False)
        found = {r[0].value: tpl._cell_text(r[1].value)
                 for r in wb[INSTRUCTIONS].iter_rows(max_col=2)}
        rows = {}
        for sheet, kind in SHEETS.items():
            if sheet in wb.sheetnames:
                inputs = {f.name for f in sheet_fields(kind) if f.name not in READINESS_FIXED}
                rows[sheet] = read_rows(wb[sheet], sheet_fields(kind), inputs)
        return found[CODE_LABEL], found[NAME_LABEL], rows

    wr.normalise_cell = wsh.normalise_cell = normalise_cell
    wsh._risk_schema = risk_schema
    from analysis.masterplan import workbook_import
    workbook_import.read_sheets = read_sheets


def child(way: str, path: Path, out: Path) -> None:
    """Import ``path`` into ``out`` the ``way`` given; print seconds and a digest of the
    tables (JSON)."""
    import hashlib

    if way == "baseline":
        install_baseline()
    from analysis.masterplan.workbook_import import import_workbook, read_workbook

    t = time.perf_counter()
    import_workbook(path, out)
    seconds = time.perf_counter() - t
    files = read_workbook(path)[0]
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + files[name][2].to_csv(index=False).encode())
    print(json.dumps({"seconds": seconds, "tables": digest.hexdigest(), "files": len(files)}))


def run_child(way: str, path: Path, out: Path) -> dict:
    """Run :func:`child` in a new process; adds its peak memory (MB)."""
    proc = subprocess.Popen([sys.executable, __file__, "--child", way, str(path), str(out)],
                            stdout=subprocess.PIPE, cwd=ROOT, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    stdout = proc.stdout.read()
    proc.stdout.close()
    if status != 0:
        raise SystemExit(f"{way} import failed (status {status})")
    res = json.loads(stdout.strip().splitlines()[-1])
    res["max_rss_mb"] = usage.ru_maxrss / 1024
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--baseline-rows", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=20)
    ap.add_argument("--child", nargs=3, metavar=("WAY", "WORKBOOK", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), Path(args.child[2]))
        return
    machine("start")
    with tempfile.TemporaryDirectory(prefix="bench-workbook-") as tmp:
        tmp = Path(tmp)
        big = make_workbook(tmp / "big.xlsx", args.rows, args.seed)
        small = make_workbook(tmp / "small.xlsx", args.baseline_rows, args.seed)
        print(f"workbooks: {args.rows:,} rows ({big.stat().st_size / 1e6:.1f} MB), "
              f"{args.baseline_rows:,} rows ({small.stat().st_size / 1e6:.1f} MB)", flush=True)
        n = 0

        def run(way, path):
            nonlocal n
            n += 1
            return run_child(way, path, tmp / f"out{n}")

        new_small = run("new", small)
        old_small = [run("baseline", small) for _ in range(args.repeat)]
        if old_small[0]["tables"] != new_small["tables"]:
            raise SystemExit("the two readers give different tables")
        new_big = [run("new", big) for _ in range(args.repeat)]
        new_s = statistics.median(r["seconds"] for r in new_big)
        old_s = statistics.median(r["seconds"] for r in old_small)
        scale = args.rows / args.baseline_rows
        old_big = old_s * scale
        print(f"new reader, {args.baseline_rows:,} rows: {new_small['seconds']:.2f} s, "
              f"max RSS {new_small['max_rss_mb']:.0f} MB; same tables as the baseline")
        print(f"dataframe_per_cell, {args.baseline_rows:,} rows: {old_s:.2f} s (median of "
              f"{args.repeat}), max RSS {max(r['max_rss_mb'] for r in old_small):.0f} MB; "
              f"extrapolated linearly to {args.rows:,} rows: {old_big:.1f} s")
        print(f"new reader, {args.rows:,} rows: {new_s:.2f} s (median of {args.repeat}), "
              f"max RSS {max(r['max_rss_mb'] for r in new_big):.0f} MB")
    machine("end")
    print(f"workbook_import: {new_s:.2f} s, {old_big / new_s:.1f}x vs dataframe_per_cell")


if __name__ == "__main__":
    main()
