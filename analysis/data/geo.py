"""Kabupaten/kota boundaries (``batas_kabkota.geojson``): loading and validation.

The shipped file (made by ``scripts/convert_boundaries.py`` from cahyadsn/wilayah_boundaries,
MIT, Kepmendagri 300.2.2-2430/2025) holds the 514 kabupaten/kota of the national list,
[lng, lat] in EPSG:4326, properties ``kode_kemendagri`` (text) and ``nama``. A data directory
without its own boundary file (e.g. a generated national set, or a user's tables) uses the
shipped one: boundaries are reference geography, not data a user supplies.

Every coordinate must be a finite WGS84 longitude/latitude inside Indonesia's bounding box with
a margin (setting ``bounding_box`` in ``geo_settings.yaml`` beside this module): a file in
metres, scaled or with swapped axes is refused, naming the feature, its code and the
coordinate, instead of collapsing the national map into a strip.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from analysis.data.raw_tables import PROFILE_FILE, load_profiles
from analysis.errors import DataValidationError
from analysis.i18n import texts
from analysis.paths import PACKAGE_DIR, RAW_DIR
from analysis.yamlio import load_yaml

BOUNDARY_FILE = "batas_kabkota.geojson"
CODES_FILE = PACKAGE_DIR / "data" / "kode_kabkota_kemendagri.csv"
SETTINGS_FILE = PACKAGE_DIR / "data" / "geo_settings.yaml"
CODE_PATTERN = r"[0-9]{2}\.[0-9]{2}"  # ASCII digits only: \d also matches "６"
#: Attribution printed under every map drawn from these boundaries (catalogue namespace
#: ``data.geo``, key ``source_line``; ``SOURCE_LINE`` the Indonesian one).
SOURCE_TEXT = texts("data.geo")
SOURCE_LINE = SOURCE_TEXT["source_line"]["id"]


def boundary_path(data_dir) -> Path:
    """The boundary file of ``data_dir`` when it has one, else the shipped ``data/raw`` file."""
    own = Path(data_dir) / BOUNDARY_FILE
    return own if own.exists() else RAW_DIR / BOUNDARY_FILE


def read_boundaries(path) -> gpd.GeoDataFrame:
    """The features of a GeoJSON boundary file, parsed as JSON (nothing executed), codes as text."""
    path = Path(path)
    if not path.exists():
        raise DataValidationError(path, "boundary file not found")
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        features = doc["features"]
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise DataValidationError(path, f"not a GeoJSON FeatureCollection: {exc}") from None
    rows, geoms = [], []
    for i, f in enumerate(features, start=1):
        props = (f or {}).get("properties") or {}
        try:
            geom = shapely.geometry.shape(f["geometry"])
        except (KeyError, TypeError, ValueError, AttributeError, shapely.errors.GEOSException) as e:
            raise DataValidationError(path, f"feature has no readable geometry ({e})", row=i,
                                      column="geometry",
                                      value=props.get("kode_kemendagri")) from None
        kode = props.get("kode_kemendagri")
        rows.append({"kode_kemendagri": None if kode is None else str(kode),
                     "nama": props.get("nama"), "feature": i})
        geoms.append(geom)
    return gpd.GeoDataFrame(pd.DataFrame(rows), geometry=geoms, crs="EPSG:4326")


def check_codes(gdf: gpd.GeoDataFrame, path, expected: int | None = None) -> None:
    """Codes look like ``64.02``, are unique, and (when given) number ``expected``."""
    codes = gdf["kode_kemendagri"]
    bad = gdf[~codes.fillna("").str.fullmatch(CODE_PATTERN)]
    if len(bad):
        r = bad.iloc[0]
        raise DataValidationError(path, "kode_kemendagri must be text like '64.02'",
                                  row=int(r["feature"]), column="kode_kemendagri",
                                  value=r["kode_kemendagri"])
    dup = gdf[codes.duplicated()]
    if len(dup):
        r = dup.iloc[0]
        raise DataValidationError(path, "kode_kemendagri must be unique (one shape per code)",
                                  row=int(r["feature"]), column="kode_kemendagri",
                                  value=r["kode_kemendagri"])
    if expected is not None and len(gdf) != expected:
        raise DataValidationError(path, f"expected {expected} kabupaten/kota, found {len(gdf)}")


def check_geometries(gdf: gpd.GeoDataFrame, path) -> None:
    """Every geometry is a non-empty, valid (Multi)Polygon."""
    for _, r in gdf.iterrows():
        g = r.geometry
        rule = None
        if g is None or g.is_empty:
            rule = "geometry must not be empty"
        elif g.geom_type not in ("Polygon", "MultiPolygon"):
            rule = f"geometry must be a Polygon or MultiPolygon, not {g.geom_type}"
        elif not g.is_valid:
            rule = f"geometry must be valid ({shapely.is_valid_reason(g)})"
        if rule:
            raise DataValidationError(path, rule, row=int(r["feature"]), column="geometry",
                                      value=r["kode_kemendagri"])


@lru_cache(maxsize=1)
def bounding_box() -> tuple[tuple[float, float], tuple[float, float]]:
    """``((lon_min, lon_max), (lat_min, lat_max))``: where boundaries may lie (setting
    ``bounding_box`` of :data:`SETTINGS_FILE`)."""
    box = load_yaml(SETTINGS_FILE)["bounding_box"]
    lon, lat = (tuple(float(v) for v in box[k]) for k in ("longitude", "latitude"))
    if not (-180 <= lon[0] < lon[1] <= 180 and -90 <= lat[0] < lat[1] <= 90):
        raise ValueError(f"{SETTINGS_FILE}: bounding_box {box} is not a WGS84 box")
    return lon, lat


def check_coordinates(gdf: gpd.GeoDataFrame, path, box=None) -> None:
    """Every vertex is a finite WGS84 coordinate (longitude −180–180, latitude −90–90) inside
    ``box`` (default :func:`bounding_box`: Indonesia with a margin); else an error naming the
    feature, its code and the first coordinate outside."""
    (x0, x1), (y0, y1) = box or bounding_box()
    xy, idx = shapely.get_coordinates(np.asarray(gdf.geometry.values), return_index=True)
    if not len(xy):
        return
    x, y = xy[:, 0], xy[:, 1]
    finite = np.isfinite(x) & np.isfinite(y)
    wgs84 = finite & (np.abs(x) <= 180) & (np.abs(y) <= 90)
    inside = wgs84 & (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1)
    if inside.all():
        return
    k = int(np.flatnonzero(~inside)[0])
    r = gdf.iloc[int(idx[k])]
    point = f"(longitude {x[k]:.10g}, latitude {y[k]:.10g}) of feature {int(r['feature'])}"
    if not wgs84[k]:
        rule = (f"coordinate {point} is not a WGS84 coordinate in degrees (longitude −180 to "
                f"180, latitude −90 to 90): boundaries must be EPSG:4326 longitude/latitude, "
                f"not metres, scaled or another projection")
    else:
        where = f"longitude {x0:g} to {x1:g}, latitude {y0:g} to {y1:g}"
        rule = (f"coordinate {point} lies outside Indonesia's bounding box with margin ({where}; "
                f"setting bounding_box in {SETTINGS_FILE.name}): are longitude and latitude "
                f"swapped, or the shape moved?")
    raise DataValidationError(path, rule, row=int(r["feature"]), column="geometry",
                              value=r["kode_kemendagri"])


def check_coverage(gdf: gpd.GeoDataFrame, path, codes, source) -> None:
    """Every code of ``codes`` (from file ``source``) has a shape."""
    missing = sorted(set(codes) - set(gdf["kode_kemendagri"]))
    if missing:
        raise DataValidationError(path, f"no shape for code {missing[0]} of {source} (every "
                                  f"code must have a shape; {len(missing)} missing)",
                                  column="kode_kemendagri", value=missing[0])


def national_codes() -> list[str]:
    """The 514 Kemendagri codes of the national list shipped with the package."""
    return pd.read_csv(CODES_FILE, dtype=str, keep_default_na=False)["kode_kemendagri"].tolist()


def load_boundaries(data_dir) -> gpd.GeoDataFrame:
    """Boundaries of every kabupaten/kota, validated, indexed 0..n-1, sorted by code.

    Columns ``kode_kemendagri`` (text), ``nama``, ``geometry`` (EPSG:4326). Raises
    :class:`DataValidationError` naming the file, feature, code and rule when codes are
    malformed or duplicated, a coordinate lies outside the WGS84 range or Indonesia's bounding
    box (:func:`check_coordinates`), a geometry is empty or invalid, the national list is not
    covered exactly (514 codes), or a code of ``profil_wilayah.csv`` has no shape.
    """
    path = boundary_path(data_dir)
    gdf = read_boundaries(path)
    national = national_codes()
    check_codes(gdf, path)
    check_coordinates(gdf, path)
    check_geometries(gdf, path)
    if (Path(data_dir) / PROFILE_FILE).exists():
        check_coverage(gdf, path, load_profiles(data_dir)["kode_kemendagri"], PROFILE_FILE)
    check_coverage(gdf, path, national, CODES_FILE.name)
    check_codes(gdf, path, expected=len(national))
    gdf = gdf.sort_values("kode_kemendagri").reset_index(drop=True)
    return gdf[["kode_kemendagri", "nama", "geometry"]]
