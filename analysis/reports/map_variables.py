"""Any processed variable by regency, ready for a national map (``notebooks/maps.ipynb``).

Variables: a column of the evaluation table for one year (``nilai_final``, ``baseline``, ...,
``improvement``; regencies not evaluated that year have no value, never 0), a numeric column
of the profile table (``ipm_2021``: BPS's published IPM 2021 where the data hold the BPS panel;
``kepadatan``, ...; latest vintage), or the readiness index ``indeks_kesiapan`` (national rows
of the build's ``kesiapan``; ILLUSTRATIVE where the assessments are: the map then says so).
It reads what the build wrote (:func:`analysis.processed.project.load_processed`), so it sits with
the reports, above the build; the map layers it draws on are :mod:`analysis.maps.layers`.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.maps import layers as maps
from analysis.data.geo import SOURCE_TEXT
from analysis.data.manifest import data_dir_is_illustrative
from analysis.errors import WorkbenchError
from analysis.i18n import texts, tr
from analysis.paths import as_raw_dir
from analysis.plots.maps import choropleth
from analysis.processed.project import load_processed
from analysis.processed.store import read_state, recorded_sha256
from analysis.variable_labels import label

EVALUATION_VARS = ("baseline", "output", "outcome", "impact", "quick_win", "kolaborasi",
                   "nilai_final", "improvement")
PROFILE_VARS = ("luas_km2", "penduduk", "kepadatan", "kecamatan", "desa", "kelurahan",
                "uhh_2021", "hls_2021", "rls_2021", "pengeluaran_2021", "ipm_2021")
READINESS_VAR = "indeks_kesiapan"
T = texts("reports.map_variables")


class MapVariableError(WorkbenchError):
    """The variable or year asked for is not in the processed data."""


@dataclass(frozen=True)
class MapVariable:
    """Values by Kemendagri code (only regencies that have one), label, illustrative flag."""
    name: str
    values: pd.Series
    label: str
    illustrative: bool
    year: int | None


def map_variable(variable: str, year: int | None = None, lang: str = "id", data_dir=None,
                 processed_dir=None) -> MapVariable:
    """The values of ``variable`` (for ``year`` when it is an evaluation variable).
    ``data_dir``: resolved here once when not a resolved ``Path``
    (:func:`analysis.paths.as_raw_dir`)."""
    data_dir = as_raw_dir(data_dir)
    if variable in EVALUATION_VARS:
        return _evaluation(variable, year, lang, data_dir, processed_dir)
    if variable in PROFILE_VARS:
        prof = load_processed(processed_dir, data_dir)["profil"]
        latest = prof.sort_values("vintase", ascending=False).drop_duplicates("kode_kemendagri")
        vals = pd.to_numeric(latest.set_index("kode_kemendagri")[variable], errors="coerce")
        return MapVariable(variable, vals.dropna(), label(variable, lang), False, None)
    if variable == READINESS_VAR:
        tab = load_processed(processed_dir, data_dir)["kesiapan"]
        tab = tab[tab["sumber"] != "own"].set_index("kode_kemendagri")   # the national index
        if tab.empty:
            raise MapVariableError("no readiness assessments in the data directory")
        return MapVariable(variable, tab[READINESS_VAR].astype(float).dropna(),
                           tr(T, "readiness", lang), bool(tab["illustrative"].any()), None)
    raise MapVariableError(f"unknown variable {variable!r}; choose one of "
                           f"{', '.join(EVALUATION_VARS + PROFILE_VARS + (READINESS_VAR,))}")


def _evaluation(variable, year, lang, data_dir, processed_dir) -> MapVariable:
    ev = load_processed(processed_dir, data_dir)["evaluasi"]
    years = sorted(int(y) for y in ev["tahun"].unique())
    if year is None or int(year) not in years:
        raise MapVariableError(f"no evaluation for year {year!r}; years {years}")
    rows = ev[(ev["tahun"] == int(year)) & ev["dievaluasi"].astype(bool)]
    vals = pd.to_numeric(rows.set_index("kode_kemendagri")[variable], errors="coerce")
    return MapVariable(variable, vals.dropna(), label(variable, lang),
                       data_dir_is_illustrative(data_dir), int(year))


def variable_map(variable: str, year: int | None = None, lang: str = "id", data_dir=None,
                 processed_dir=None, highlight: str | None = None):
    """``(figure, MapVariable)``: a choropleth of ``variable`` over every kabupaten/kota, grey
    where a regency has no value, ILUSTRATIF on the map when the values are illustrative."""
    mv = map_variable(variable, year, lang, data_dir, processed_dir)
    stamp = (recorded_sha256(read_state(processed_dir), maps.LAYER_FILE, maps.DETAIL_FILE)
             if processed_dir else None)
    layers = maps.map_layers(str(processed_dir) if processed_dir else None,
                             str(data_dir) if data_dir else None, stamp)
    title = (tr(T, "title_year", lang).format(label=mv.label, year=mv.year) if mv.year
             else mv.label)
    fig = choropleth(maps.variable_frame(layers, mv.values), mv.label,
                     tr(SOURCE_TEXT, "source_line", lang), lang, illustrative=mv.illustrative,
                     title=title, highlight=highlight)
    return fig, mv
