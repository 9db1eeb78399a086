"""Benchmark: the per-report cost of the report's two maps vs a naive geopandas way.

Data: :func:`analysis.national_data.write_national` (seeded illustrative national set, 514
kabupaten/kota) in a temporary directory, processed once with
:func:`analysis.processed.project.build_processed` (which writes the national map layer); the
shipped boundaries ``data/raw/batas_kabkota.geojson``.

* fast: what the report's map section (:mod:`analysis.reports.sections.maps`) does per report —
  the layers loaded once per process (:func:`analysis.maps.layers.map_layers`, from the processed
  layer), the two backdrops the build drew once per run read from ``latar_peta_id.zip``, the
  regency drawn over the Indonesian layers of them (the texts that depend only on the
  language drawn by the build too) and both maps encoded as PNG (as the inline backend does).
* own backdrops: the same maps, each drawing its regency-independent layer itself (what the
  report did before the build drew them once; the build's time for them is printed).
* naive: per report, read and validate the boundaries (:func:`analysis.data.geo.load_boundaries`),
  draw all 514 shapes with ``GeoDataFrame.plot`` for the locator and the province's shapes
  coloured by the 2023 final for the province map, both encoded as PNG.

Both are timed on the same ``--n`` regencies spread over the list; the script checks that both
colour the same regencies of each province. The one-time cost (processed layer, first load) is
printed separately. Run: ``.venv/bin/python benchmarks/bench_maps.py``; the last line is
``maps_per_report: <seconds> s, <ratio>x vs naive_geopandas_plot``.
"""
from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from analysis.data.geo import SOURCE_LINE, load_boundaries  # noqa: E402
from analysis.maps import layers as maps  # noqa: E402
from analysis.plots import backdrop  # noqa: E402
from analysis.national_data import DEFAULT_SEED, write_national  # noqa: E402
from analysis.plots.maps import locator_map, province_map  # noqa: E402
from analysis.processed.project import build_processed, load_processed  # noqa: E402
from analysis.reports.runner import all_codes  # noqa: E402


def png(fig, tight: bool = True) -> int:
    """Encode ``fig`` as PNG the way the notebook's inline backend does (``bbox_inches='tight'``
    unless the figure has a fixed layout, as the report's maps have), then close it; returns
    the bytes written."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight" if tight else None)
    plt.close(fig)
    return buf.tell()


def fast_one(code: str, processed: Path, data: Path, ev, stored: bool = True) -> set[str]:
    """The report's two maps for ``code`` (over the build's backdrops when ``stored``);
    returns the codes coloured by a value."""
    layers = maps.map_layers(str(processed), str(data))
    archive = processed / maps.backdrop_file("id")
    back = backdrop.read(archive, maps.locator_key()) if stored else None
    layer = backdrop.read(archive, maps.locator_key("id")) if stored else None
    png(locator_map(maps.locator_frame(layers, code), code, SOURCE_LINE, backdrop=back,
                    labelled=layer), tight=False)
    frame, context, extent = maps.province_frame(layers, code, ev, 2023)
    lo, hi = maps.value_range(ev, 2023)
    back = backdrop.read(archive, maps.province_key(code, 2023)) if stored else None
    layer = backdrop.read(archive, maps.province_key(code, 2023, "id")) if stored else None
    png(province_map(frame, context, extent, code, 2023, lo, hi, SOURCE_LINE, backdrop=back,
                     labelled=layer), tight=False)
    return set(frame.loc[frame["nilai"].notna(), "kode_kemendagri"])


def naive_one(code: str, data: Path, ev) -> set[str]:
    """The same two maps the naive way: read the boundaries and let geopandas draw them."""
    g = load_boundaries(data)
    fig, ax = plt.subplots(figsize=(8, 3.4))
    g.plot(ax=ax, color=["#d62728" if c == code else "#dfe3e8" for c in g["kode_kemendagri"]],
           edgecolor="white", linewidth=0.15)
    png(fig)
    prov = g[g["kode_kemendagri"].str[:2] == code[:2]].copy()
    vals = maps.final_values(ev, 2023)["nilai"]
    prov["nilai"] = vals.reindex(prov["kode_kemendagri"]).to_numpy()
    fig, ax = plt.subplots(figsize=(7.5, 6))
    prov.plot(ax=ax, column="nilai", cmap="viridis", legend=True,
              missing_kwds={"color": "#a6a6a6"})
    prov[prov["kode_kemendagri"] == code].boundary.plot(ax=ax, color="#d62728", linewidth=2.2)
    png(fig)
    return set(prov.loc[prov["nilai"].notna(), "kode_kemendagri"])


def spread(codes: list[str], n: int) -> list[str]:
    step = max(1, len(codes) // n)
    return codes[::step][:n]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=12, help="regencies timed both ways")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = ap.parse_args(argv)
    print(f"cores: {os.cpu_count()}; load average at start: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory(prefix="bench-maps-") as tmp:
        data = write_national(Path(tmp) / "national", seed=args.seed)
        t0 = time.perf_counter()
        res = build_processed(data, Path(tmp) / "processed")
        t_build = time.perf_counter() - t0
        t_back = next(s.seconds for s in res.steps if s.name == "latar_peta_id")
        processed = Path(tmp) / "processed"
        ev = load_processed(processed, data)["evaluasi"]
        codes = spread(all_codes(data), args.n)
        t0 = time.perf_counter()
        maps.map_layers(str(processed), str(data))
        t_load = time.perf_counter() - t0
        print(f"once per run: build stage (all processed tables + map layer) {t_build:.2f} s, "
              f"of which the maps' backdrops {t_back:.2f} s; "
              f"once per process: map layers loaded in {t_load:.2f} s")
        fast_t, own_t, naive_t = [], [], []
        for r in range(args.repeat):
            t0 = time.perf_counter()
            fast = [fast_one(c, processed, data, ev) for c in codes]
            fast_t.append((time.perf_counter() - t0) / len(codes))
            t0 = time.perf_counter()
            own = [fast_one(c, processed, data, ev, stored=False) for c in codes]
            own_t.append((time.perf_counter() - t0) / len(codes))
            t0 = time.perf_counter()
            naive = [naive_one(c, data, ev) for c in codes]
            naive_t.append((time.perf_counter() - t0) / len(codes))
            assert fast == own == naive, "fast and naive maps colour different regencies"
            print(f"  run {r + 1}: fast {fast_t[-1]:.3f} s, own backdrops {own_t[-1]:.3f} s, "
                  f"naive {naive_t[-1]:.3f} s per report")
        f, n, o = statistics.median(fast_t), statistics.median(naive_t), statistics.median(own_t)
        print(f"backdrops drawn once per run: {o / f:.2f}x vs drawing them in every report; "
              f"break-even after {t_back / max(o - f, 1e-9):.0f} reports")
        print(f"{len(codes)} regencies, same coloured regencies both ways; "
              f"load average at end: {os.getloadavg()[0]:.2f}")
        print(f"maps_per_report: {f:.3f} s, {n / f:.1f}x vs naive_geopandas_plot")
    return 0


if __name__ == "__main__":
    sys.exit(main())
