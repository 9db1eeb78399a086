"""Benchmark: the national page (``index.html``) of a 514-regency run — build time and
size — vs the same page drawn from the detailed boundaries.

Data: :func:`analysis.national_data.write_national` (seeded illustrative national set, 514
kabupaten/kota) in a temporary directory, processed once with
:func:`analysis.processed.project.build_processed` (which writes the simplified national map
layer); a run directory with a manifest, one JSON record and one (empty) HTML report per
regency, so every regency is linked from the map and the table.

* fast: :func:`analysis.reports.index_page.build_index` as ``workbench report`` calls it once per
  run: processed tables, the simplified layer read as JSON, paths projected and rounded to whole
  pixels, the page rendered and written.
* naive: the same page with the map from the shipped detailed boundaries
  (:func:`analysis.data.geo.load_boundaries`, validated with shapely) and paths at one decimal.

The script checks that both pages draw and link the same regencies, and prints both sizes.
Run: ``.venv/bin/python benchmarks/bench_national_page.py``; the last line is
``national_page: <seconds> s, <ratio>x vs detailed_boundaries_page`` (size in the line before).
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from analysis.data.geo import load_boundaries
from analysis.io import write_json, write_text
from analysis.national_data import DEFAULT_SEED, write_national
from analysis.plots import svgmap
from analysis.processed.project import build_processed, read_tables
from analysis.reports import manifest as mf
from analysis.reports.index_page import build_index, load_records, render
from analysis.reports.national_map import map_variables, national_table


def fake_run(root: Path, data: Path, processed: Path) -> Path:
    """A finished run of every regency: manifest, records with headline numbers, empty HTML."""
    run = root / "20260101T000000Z-bench"
    run.mkdir(parents=True)
    ev = read_tables(processed)["evaluasi"]
    last = ev[ev["tahun"] == ev["tahun"].max()].set_index("kode_kemendagri")
    codes = sorted(read_tables(processed)["profil"]["kode_kemendagri"].unique())
    for code in codes:
        head = {"nama": f"Daerah {code}"}
        if code in last.index and bool(last.at[code, "dievaluasi"]):
            head.update(nilai_final=float(last.at[code, "nilai_final"]),
                        tahun_terakhir=int(ev["tahun"].max()))
        write_json(run / f"{code}.json", {"header": head})
        (run / f"{code}.html").write_text("<html></html>")
    params = {"lang": "id", "illustrative": True, "data_dir": str(data), "notebook": "r.ipynb",
              "timeout": 60.0, "kernel": "warm", "pdf": False, "seed": 0,
              "processed_dir": str(processed)}
    m = mf.new_manifest(run.name, params, codes, {}, None)
    m["regencies"] = {c: {"status": "ok"} for c in codes}
    mf.write_manifest(run, m)
    return run


def naive_page(run: Path, data: Path, processed: Path) -> Path:
    """The page with paths from the detailed, validated boundaries at one decimal."""
    g = load_boundaries(data)
    geoms = {c: x.__geo_interface__ for c, x in zip(g["kode_kemendagri"], g.geometry)}
    paths, proj = svgmap.svg_paths(geoms, 1000, 1)
    table = national_table(processed, data)
    shapes = {c: (str(n), paths[c]) for c, n in zip(g["kode_kemendagri"], g["nama"])}
    national = (table, map_variables(table), shapes, (proj.width, round(proj.height)))
    html = render(mf.read_manifest(run), load_records(run), {}, run, "id", national)
    return write_text(run / "index_naive.html", html)


def drawn(html: str) -> tuple[set, set]:
    return (set(re.findall(r'<path data-c="([^"]+)"', html)),
            set(re.findall(r'<a href="([^"]+)\.html"><path', html)))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = ap.parse_args(argv)
    print(f"cores: {os.cpu_count()}; load average at start: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(prefix="bench-page-") as tmp:
        data = write_national(Path(tmp) / "national", seed=args.seed)
        processed = Path(tmp) / "processed"
        build_processed(data, processed)
        run = fake_run(Path(tmp) / "out", data, processed)
        fast_t, naive_t = [], []
        for r in range(args.repeat):
            t0 = time.perf_counter()
            fast = build_index(run)
            fast_t.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            naive = naive_page(run, data, processed)
            naive_t.append(time.perf_counter() - t0)
            print(f"  run {r + 1}: fast {fast_t[-1]:.2f} s, naive {naive_t[-1]:.2f} s")
        a, b = fast.read_text(encoding="utf-8"), naive.read_text(encoding="utf-8")
        assert drawn(a) == drawn(b), "the two pages draw or link different regencies"
        shapes, links = drawn(a)
        print(f"{len(shapes)} regencies drawn, {len(links)} linked, in both pages; "
              f"load average at end: {os.getloadavg()[0]:.2f}")
        ka, kb = len(a.encode()) / 1024, len(b.encode()) / 1024
        print(f"page size: {ka:.0f} KiB (naive {kb:.0f} KiB)")
        f, n = statistics.median(fast_t), statistics.median(naive_t)
        print(f"national_page: {f:.2f} s, {n / f:.1f}x vs detailed_boundaries_page")
    return 0


if __name__ == "__main__":
    sys.exit(main())
