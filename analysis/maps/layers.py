"""Map layers and the frames the report's maps are drawn from (nothing here draws).

Two layers of the kabupaten/kota boundaries (:mod:`analysis.data.geo`):

* **national**: outlines simplified for a map of the whole country (tolerance
  :data:`NATIONAL_TOLERANCE`), with the province code and a label point (a point inside the
  detailed shape). Computed once by the build stage into ``data/processed/peta_kabkota.geojson``
  (:func:`write_layer`); a report reads it as plain JSON into numpy rings, without shapely.
* **detail**: the shipped outlines, for a map of one province.

Both are kept in longitude/latitude: the figures set the axes' aspect to 1/cos(latitude), so
nothing is re-projected per report. Rings are ``(n, 2)`` arrays of (lng, lat), exteriors
counter-clockwise and holes clockwise (so a non-zero fill leaves holes empty).
"""
from __future__ import annotations

import json
import weakref
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.polygon import orient

from analysis.data.geo import SOURCE_LINE, boundary_path, load_boundaries
from analysis.io import write_text
from analysis.paths import as_raw_dir

LAYER_FILE = "peta_kabkota.geojson"
#: The full-detail boundaries as the build copies them into the processed directory (the
#: province maps draw them; a report never opens data/raw).
DETAIL_FILE = "batas_kabkota.geojson"
#: Simplification of the national layer, degrees (≈ 2 km: invisible on a map of the country),
#: and the smallest island kept in it, square degrees (≈ 5 km²; a regency's largest part stays).
NATIONAL_TOLERANCE, MIN_PART_AREA = 0.02, 4e-4
#: The maps' backdrops (regency-independent layers) the build draws once per run, PNG files in a
#: zip archive per language in the processed directory (:func:`backdrop_file`,
#: :mod:`analysis.processed.figures`).
BACKDROP_TABLE = "latar_peta"
#: The evaluation year the province maps show when the data hold it (else the latest year).
MAP_YEAR = 2023
#: Context drawn around a province: its extent grown by this share on every side.
MARGIN = 0.08
#: Bounding-box columns of the national layer (lng/lat).
BOX = ["west", "south", "east", "north"]
__all__ = ["SOURCE_LINE", "LAYER_FILE", "national_outline", "national_layer", "write_layer",
           "map_layers", "layers_from", "map_year", "locator_key", "province_key",
           "BACKDROP_TABLE", "backdrop_file",
           "locator_frame", "final_values", "value_range", "province_frame",
           "variable_frame"]


def _oriented(geom):
    """Polygons with counter-clockwise exteriors and clockwise holes."""
    return shapely.MultiPolygon([orient(p) for p in getattr(geom, "geoms", [geom])])


def national_outline(geom):
    """``geom`` for the national map: parts under :data:`MIN_PART_AREA` dropped (never the
    largest), simplified by :data:`NATIONAL_TOLERANCE`, oriented."""
    parts = sorted(getattr(geom, "geoms", [geom]), key=lambda p: -p.area)
    keep = [parts[0]] + [p for p in parts[1:] if p.area >= MIN_PART_AREA]
    simple = shapely.simplify(shapely.MultiPolygon(keep), NATIONAL_TOLERANCE,
                              preserve_topology=True)
    return _oriented(simple)


def national_layer(data_dir) -> gpd.GeoDataFrame:
    """Validated boundaries simplified for the national map, with ``provinsi_kode`` (the first
    two digits of the Kemendagri code) and a label point ``label_x``/``label_y`` (lng/lat).
    ``data_dir``: the resolved raw-data directory."""
    g = load_boundaries(data_dir)
    label = g.geometry.representative_point()
    return gpd.GeoDataFrame({
        "kode_kemendagri": g["kode_kemendagri"], "nama": g["nama"],
        "provinsi_kode": g["kode_kemendagri"].str[:2],
        "label_x": label.x.round(4), "label_y": label.y.round(4)},
        geometry=[national_outline(x) for x in g.geometry], crs=g.crs)


def write_layer(out_dir, data_dir) -> Path:
    """Write the national layer to ``out_dir/peta_kabkota.geojson`` (atomically)."""
    layer = national_layer(data_dir)
    return write_text(Path(out_dir) / LAYER_FILE, layer.to_json(drop_id=True))


def signed_area(ring: np.ndarray) -> float:
    """Shoelace area of a ring: positive when counter-clockwise."""
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.dot(x[:-1], y[1:]) - np.dot(y[:-1], x[1:]) + x[-1] * y[0]
                       - y[-1] * x[0])


def _rings(geometry: dict) -> list[np.ndarray]:
    """The rings of a GeoJSON (Multi)Polygon mapping as (n, 2) float arrays, each polygon's
    exterior counter-clockwise and its holes clockwise."""
    polys = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    out = []
    for poly in polys:
        for i, r in enumerate(poly):
            a = np.asarray(r, dtype=float)[:, :2]
            if len(a) >= 3:
                out.append(a if (signed_area(a) > 0) == (i == 0) else a[::-1])
    return out


def _frame_from_features(features: list[dict]) -> pd.DataFrame:
    """One row per feature: its properties, ``rings`` and bounding box ``west, south, east,
    north`` (computed once, so a report never scans every point)."""
    rows = [{**f["properties"], "rings": _rings(f["geometry"])} for f in features]
    df = pd.DataFrame(rows)
    df["kode_kemendagri"] = df["kode_kemendagri"].astype(str)
    boxes = [_extent([r]) for r in df["rings"]]
    df[["west", "south", "east", "north"]] = pd.DataFrame(boxes, index=df.index)
    return df


@dataclass(frozen=True)
class MapLayers:
    """The national layer (every regency) and the detailed rings by code."""
    national: pd.DataFrame
    detail: dict

    def rings(self, codes) -> list:
        """Detailed rings of ``codes`` in order."""
        return [self.detail[c] for c in codes]


@lru_cache(maxsize=4)
def map_layers(processed_dir: str | None = None, data_dir: str | None = None,
               stamp=None) -> MapLayers:
    """Both layers, loaded once per process and ``stamp``: the national one from
    ``processed_dir`` when it holds :data:`LAYER_FILE`, else computed (and validated) in memory
    from ``data_dir`` (resolved then, :func:`analysis.paths.as_raw_dir`). ``stamp``: what
    identifies the layer files' content (a report passes the sha256 the build recorded for
    them, so a rebuilt layer is read again in the same process)."""
    layer = Path(processed_dir) / LAYER_FILE if processed_dir else None
    if layer is None or not layer.exists():
        layer = json.loads(national_layer(as_raw_dir(data_dir)).to_json())
    copy = Path(processed_dir) / DETAIL_FILE if processed_dir else None
    return layers_from(layer, copy if copy is not None and copy.exists()
                       else boundary_path(as_raw_dir(data_dir)))


def layers_from(national, detail: Path) -> MapLayers:
    """:class:`MapLayers` from the national layer (a GeoJSON file's path, or its mapping) and
    the detailed boundaries' GeoJSON file."""
    if not isinstance(national, dict):
        national = json.loads(Path(national).read_text(encoding="utf-8"))
    frame = _frame_from_features(national["features"])
    raw = json.loads(Path(detail).read_text(encoding="utf-8"))["features"]
    rings = {str(f["properties"]["kode_kemendagri"]): _rings(f["geometry"]) for f in raw}
    return MapLayers(frame.drop(columns=[c for c in ("id",) if c in frame]), rings)


def map_year(years) -> int | None:
    """The year the province maps show: :data:`MAP_YEAR` when the data hold it, else the latest
    year (None without any)."""
    years = [int(y) for y in years]
    return MAP_YEAR if MAP_YEAR in years else (max(years) if years else None)


def backdrop_file(lang: str) -> str:
    """The archive of the maps' backdrops for reports in ``lang``: the plain backdrops and
    their layers with the texts in ``lang`` (``latar_peta_id.zip``). One archive per language,
    so a run builds only its own language's texts."""
    return f"{BACKDROP_TABLE}_{lang}.zip"


def locator_key(lang: str | None = None) -> str:
    """Name of the locator map's backdrop in :func:`backdrop_file`; with ``lang``, of its
    layer in that language (:func:`analysis.plots.maps.locator_labels`)."""
    return f"lokasi_{lang}.png" if lang else "lokasi.png"


def province_key(code: str, year: int, lang: str | None = None) -> str:
    """Name of the backdrop of ``code``'s province map of ``year`` in :func:`backdrop_file`;
    with ``lang``, of its layer in that language
    (:func:`analysis.plots.maps.province_labels`)."""
    base = f"provinsi_{str(code)[:2]}_{int(year)}"
    return f"{base}_{lang}.png" if lang else f"{base}.png"


def locator_frame(layers: MapLayers, code: str) -> pd.DataFrame:
    """Every regency with ``rings`` (national layer) and ``role``: ``selected`` for ``code``,
    ``province`` for the others of its province, ``other`` elsewhere."""
    df = layers.national[["kode_kemendagri", "nama", "provinsi_kode", "label_x", "label_y",
                          "rings"] + BOX].copy()
    prov = str(code)[:2]
    df["role"] = np.where(df["kode_kemendagri"] == code, "selected",
                          np.where(df["provinsi_kode"] == prov, "province", "other"))
    return df


def final_values(evaluations: pd.DataFrame, year: int) -> pd.DataFrame:
    """``nilai`` (published final of ``year``, NaN unless evaluated) and ``status``
    (``dievaluasi``/``tidak_dievaluasi``; codes absent from the table are ``tidak_tercantum``),
    indexed by Kemendagri code."""
    ev = evaluations[evaluations["tahun"] == year].set_index("kode_kemendagri")
    status = np.where(ev["dievaluasi"].astype(bool), "dievaluasi", "tidak_dievaluasi")
    nilai = ev["nilai_final"].astype(float).where(ev["dievaluasi"].astype(bool))
    return pd.DataFrame({"nilai": nilai, "status": status}, index=ev.index)


#: Most results :func:`_kept` holds per process (a run shows a few dozen provinces).
KEPT = 128
_KEPT: dict = {}


def _kept(compute, *args):
    """``compute(*args)``, kept per process while the objects ``args`` start with are alive:
    the map layers and the evaluation table are the same objects report after report in a
    worker (:data:`analysis.reports.context.TABLE_CACHE`) and never modified in place, so what
    depends only on them and the province is computed once per worker, not once per report."""
    objects = [a for a in args if isinstance(a, (pd.DataFrame, MapLayers))]
    key = (compute.__name__, *(id(o) for o in objects),
           *(a for a in args if not isinstance(a, (pd.DataFrame, MapLayers))))
    hit = _KEPT.get(key)
    if hit is not None and all(ref() is o for ref, o in zip(hit[0], objects)):
        return hit[1]
    if len(_KEPT) >= KEPT:
        _KEPT.clear()
    value = compute(*args)
    _KEPT[key] = ([weakref.ref(o) for o in objects], value)
    return value


def value_range(evaluations: pd.DataFrame, year: int) -> tuple[float, float]:
    """(lowest, highest) published final of ``year`` among the evaluated regencies of the
    whole table, so every report's province map uses the same colour scale."""
    return _kept(_value_range, evaluations, int(year))


def _value_range(evaluations: pd.DataFrame, year: int) -> tuple[float, float]:
    v = final_values(evaluations, year)["nilai"].dropna()
    if v.empty:
        return (0.0, 4.0)
    return (float(v.min()), float(v.max()))


def province_frame(layers: MapLayers, code: str, evaluations: pd.DataFrame,
                   year: int = 2023) -> tuple[pd.DataFrame, pd.DataFrame, tuple]:
    """``(province, context, extent)`` for a map of ``code``'s province.

    ``province``: its regencies with detailed ``rings``, ``nilai`` (final of ``year``, NaN when
    not evaluated or not listed), ``status`` and ``selected``; ``context``: national-layer
    regencies of other provinces that reach into the map (drawn plain); ``extent``: (west,
    south, east, north) of the province grown by :data:`MARGIN`. What does not depend on the
    regency is computed once per province, layers and table (:func:`_kept`).
    """
    mine, context, extent = _kept(_province, layers, evaluations, str(code)[:2], int(year))
    mine = mine.copy()
    mine["selected"] = mine["kode_kemendagri"] == code
    return mine, context.copy(), extent


def _province(layers: MapLayers, evaluations: pd.DataFrame, code: str,
              year: int) -> tuple[pd.DataFrame, pd.DataFrame, tuple]:
    """:func:`province_frame` without ``selected``."""
    nat = layers.national
    mine = nat[nat["provinsi_kode"] == str(code)[:2]].copy()
    mine["rings"] = layers.rings(mine["kode_kemendagri"])
    vals = final_values(evaluations, year).reindex(mine["kode_kemendagri"])
    mine["nilai"] = vals["nilai"].to_numpy()
    mine["status"] = vals["status"].fillna("tidak_tercantum").to_numpy()
    extent = _grow(_extent(mine["rings"]), MARGIN)
    w, s, e, n = extent
    reach = ((nat["provinsi_kode"] != str(code)[:2]) & (nat["west"] <= e) & (nat["east"] >= w)
             & (nat["south"] <= n) & (nat["north"] >= s))
    return mine.reset_index(drop=True), nat[reach].reset_index(drop=True), extent


def _extent(ring_lists) -> tuple[float, float, float, float]:
    pts = np.vstack([r for rings in ring_lists for r in rings])
    return (float(pts[:, 0].min()), float(pts[:, 1].min()),
            float(pts[:, 0].max()), float(pts[:, 1].max()))


def _grow(ext, share: float) -> tuple[float, float, float, float]:
    w, s, e, n = ext
    dx, dy = (e - w) * share, (n - s) * share
    return (w - dx, s - dy, e + dx, n + dy)


def variable_frame(layers: MapLayers, values: pd.Series) -> pd.DataFrame:
    """The national layer with ``nilai`` = ``values`` (indexed by Kemendagri code; NaN where a
    regency has none), for a choropleth of any variable."""
    df = layers.national[["kode_kemendagri", "nama", "provinsi_kode", "label_x", "label_y",
                          "rings"] + BOX].copy()
    v = pd.Series(values)
    v.index = v.index.astype(str)
    df["nilai"] = pd.to_numeric(v.reindex(df["kode_kemendagri"]), errors="coerce").to_numpy()
    return df
