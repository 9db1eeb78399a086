"""Figures the build draws once per run: the regency-independent layers (backdrops,
:mod:`analysis.plots.backdrop`) of the report's maps and charts, stored in ``data/processed`` so
a report only draws its own regency over them: a picture that does not depend on the regency is
drawn once per run, not once per report.
"""
from __future__ import annotations

import pandas as pd

from analysis.processed.spec import Sources
from analysis.evaluation import peer_medians
from analysis.data.geo import SOURCE_TEXT
from analysis.i18n import LANGS, tr
from analysis.maps import layers as maps
from analysis.plots.backdrop import archive
from analysis.plots.correlations import ovp_backdrop, ovp_backdrop_key
from analysis.plots.evaluation import backdrop_key, peers_backdrop
from analysis.plots.maps import (locator_backdrop, locator_labels, province_backdrop,
                                 province_labels)

#: The charts' backdrops in the processed directory (the maps': maps.BACKDROP_FILE).
CHART_FILE = "latar_grafik.zip"


def map_backdrops(src: Sources, tables: dict, code: str | None = None) -> bytes:
    """The locator map's backdrop and one per province for the map year
    (:func:`analysis.maps.layers.map_year`), each also in both languages (with the texts
    that do not depend on the regency: source line, colour bar labels, value labels), as a
    zip archive of PNGs named by :func:`~analysis.maps.layers.locator_key` and
    :func:`~analysis.maps.layers.province_key`. ``tables``: the processed map layers (paths)
    and the evaluation table."""
    layers = maps.layers_from(tables["peta_kabkota"], tables["batas_kabkota"])
    sources = {lang: tr(SOURCE_TEXT, "source_line", lang) for lang in LANGS}
    base = locator_backdrop(layers.national)
    members = {maps.locator_key(): base}
    for lang in LANGS:
        members[maps.locator_key(lang)] = locator_labels(base, sources[lang], lang)
    ev = tables["evaluasi"]
    year = maps.map_year(ev["tahun"].unique())
    if year is not None:
        lo, hi = maps.value_range(ev, year)
        for prov in sorted(layers.national["provinsi_kode"].unique()):
            frame, context, extent = maps.province_frame(layers, prov, ev, year)
            base = province_backdrop(frame, context, extent, lo, hi)
            members[maps.province_key(prov, year)] = base
            for lang in LANGS:
                layer = province_labels(base, frame, year, lo, hi, sources[lang], lang)
                if layer is not None:              # else the reports draw these texts
                    members[maps.province_key(prov, year, lang)] = layer
    return archive(members)


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
