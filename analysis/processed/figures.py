"""Figures the build draws once per run: the regency-independent layers (backdrops,
:mod:`analysis.plots.backdrop`) of the report's maps and charts, stored in ``data/processed`` so
a report only draws its own regency over them: a picture that does not depend on the regency is
drawn once per run, not once per report.

The maps' backdrops are one table per language (:data:`FIGURE_TABLES`, ``latar_peta_id``,
``latar_peta_en``): their texts take most of the drawing, and a report run needs one language
only, so its build draws only that one (:func:`run_tables`); a later run in the other language
builds the other table then, and ``workbench build`` both.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd

from analysis.processed.spec import Sources, TableSpec
from analysis.evaluation import peer_medians
from analysis.data.geo import SOURCE_TEXT
from analysis.i18n import LANGS, tr
from analysis.maps import layers as maps
from analysis.plots.backdrop import archive, to_png
from analysis.plots.correlations import ovp_backdrop, ovp_backdrop_key
from analysis.plots.evaluation import backdrop_key, peers_backdrop
from analysis.plots.maps import (locator_backdrop, locator_labels, province_backdrop,
                                 province_labels)

#: The charts' backdrops in the processed directory (the maps': maps.backdrop_file(lang)).
CHART_FILE = "latar_grafik.zip"
#: The tables the maps' backdrops are drawn from.
MAP_DEPENDS = ("peta_kabkota", "batas_kabkota", "evaluasi")


def map_backdrops(src: Sources, tables: dict, code: str | None = None,
                  lang: str = "id") -> bytes:
    """The locator map's backdrop and one per province for the map year
    (:func:`analysis.maps.layers.map_year`), each also with the texts in ``lang`` that do not
    depend on the regency (source line, colour bar labels, value labels), as a zip archive of
    PNGs named by :func:`~analysis.maps.layers.locator_key` and
    :func:`~analysis.maps.layers.province_key`. ``tables``: the processed map layers (paths)
    and the evaluation table."""
    layers = maps.layers_from(tables["peta_kabkota"], tables["batas_kabkota"])
    source = tr(SOURCE_TEXT, "source_line", lang)
    base = locator_backdrop(layers.national)
    members = {maps.locator_key(): base,
               maps.locator_key(lang): locator_labels(base, source, lang)}
    ev = tables["evaluasi"]
    year = maps.map_year(ev["tahun"].unique())
    if year is not None:
        lo, hi = maps.value_range(ev, year)
        jobs = [(*maps.province_frame(layers, prov, ev, year), lo, hi, year, prov, source, lang)
                for prov in sorted(layers.national["provinsi_kode"].unique())]
        members.update(shared_work(_province_pngs, jobs))
    return archive(members)


def _province_pngs(job: tuple) -> dict[str, bytes]:
    """A province's backdrop and its layer in the job's language (none when a value label
    touches another text: the reports then draw these texts), as PNG bytes by name."""
    frame, context, extent, lo, hi, year, prov, source, lang = job
    base = province_backdrop(frame, context, extent, lo, hi)
    out = {maps.province_key(prov, year): to_png(base)}
    layer = province_labels(base, frame, year, lo, hi, source, lang)
    if layer is not None:
        out[maps.province_key(prov, year, lang)] = to_png(layer)
    return out


def _helper_pool():
    """A pool of one forked process, started, to share the drawing with; None where forking
    is not safe or not possible: not on Linux, other threads running (a lock one holds would
    stay held in the child), a daemon process (which may not have children), one core, or a
    process that cannot be started (out of resources, or forbidden: the unit test tier)."""
    if (not sys.platform.startswith("linux") or threading.active_count() > 1
            or mp.current_process().daemon or (os.cpu_count() or 1) < 2):
        return None
    pool = ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("fork"))
    try:
        pool.submit(os.getpid).result()
    except Exception:  # noqa: BLE001 - without a helper, this process draws everything
        pool.shutdown(wait=False, cancel_futures=True)
        return None
    return pool


def shared_work(func, jobs: list) -> dict:
    """The union of ``func(job)`` (dicts) over ``jobs``, shared with a second process: the
    build computes its tables one after the other on one core, so the drawing takes the other
    one (idle but for report workers starting). This process takes jobs from the first on,
    the helper from the last on, until they meet; without a helper (:func:`_helper_pool`)
    every job is done here. The result does not depend on who did which job."""
    pool = _helper_pool() if len(jobs) > 1 else None
    if pool is None:
        return {k: v for job in jobs for k, v in func(job).items()}
    out: dict = {}
    try:
        futures = {i: pool.submit(func, jobs[i]) for i in reversed(range(len(jobs)))}
        for i in range(len(jobs)):
            if not futures[i].cancel():        # the helper has it: it has every later one too
                break
            out.update(func(jobs[i]))
        for i in sorted(futures):
            if not futures[i].cancelled():
                out.update(futures[i].result())
    except BaseException:
        # a failed drawing or Ctrl-C: do not wait for the helper to draw every job left
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return out


def _map_backdrops_in(lang: str):
    """:func:`map_backdrops` in ``lang`` as a table's compute function."""
    def compute(src: Sources, tables: dict, code: str | None = None) -> bytes:
        return map_backdrops(src, tables, code, lang=lang)
    compute.__name__ = compute.__qualname__ = f"map_backdrops_{lang}"
    compute.__doc__ = f":func:`map_backdrops` with the texts in ``{lang}``."
    return compute


def _groups(evaluations: pd.DataFrame, year: int) -> list:
    """The peer groups of ``year`` as the report's evaluation section takes them (a regency
    without a group is compared with every evaluated regency of the year: ``None``)."""
    ev = evaluations[(evaluations["tahun"] == year) & evaluations["dievaluasi"]]
    return sorted({k if isinstance(k, str) else None for k in ev["kelompok"]},
                  key=lambda k: (k is not None, k or ""))


def chart_backdrops(src: Sources, tables: dict, code: str | None = None) -> bytes:
    """In both languages: the evaluation chart's backdrop per year and peer group
    (:func:`~analysis.plots.evaluation.peers_backdrop`) and the observed-vs-predicted chart's per
    year with a fitted model (:func:`~analysis.plots.correlations.ovp_backdrop`), as a zip
    archive of PNGs named by their ``*_key`` functions."""
    ev, frame = tables["evaluasi"], tables["korelasi"]
    members = {}
    for lang in LANGS:
        for year in sorted(int(y) for y in ev["tahun"].unique()):
            for kel in _groups(ev, year):
                med = peer_medians(ev, year, kel)
                members[backdrop_key(year, kel, lang)] = peers_backdrop(med, list(med.index),
                                                                        year, lang)
        for year in sorted(int(y) for y in frame["tahun"].unique()):
            fitted = frame[(frame["tahun"] == year) & frame["prediksi"].notna()]
            if len(fitted):
                members[ovp_backdrop_key(year, lang)] = ovp_backdrop(fitted, "nilai_final", year,
                                                                     lang)
    return archive(members)


#: The build's figure tables: the maps' backdrops per language (``latar_peta_<lang>``), the
#: charts' (both languages, cheap) in ``latar_grafik``.
FIGURE_TABLES: list[TableSpec] = [
    *(TableSpec(Path(maps.backdrop_file(lang)).stem, (), _map_backdrops_in(lang),
                depends=MAP_DEPENDS, fmt="zip",
                description=f"the maps' backdrops, drawn once: Indonesia, each province, with "
                            f"the texts in {lang} (PNG)")
      for lang in LANGS),
    TableSpec(Path(CHART_FILE).stem, (), chart_backdrops, depends=("evaluasi", "korelasi"),
              fmt="zip",
              description="the charts' backdrops, drawn once: peers per year and group, "
                          "observed vs predicted per year; id and en (PNG)"),
]


def run_tables(specs, lang: str) -> list[str]:
    """The names of ``specs`` a report run in ``lang`` needs: all but the figure tables of the
    other languages (built when a run in their language, or ``workbench build``, asks)."""
    other = {Path(maps.backdrop_file(x)).stem for x in LANGS if x != lang}
    return [s.name for s in specs if s.name not in other]
