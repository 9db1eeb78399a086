"""Kabupaten/kota boundaries (``batas_kabkota.geojson``): loading and validation.

The shipped file (made by ``scripts/convert_boundaries.py`` from cahyadsn/wilayah_boundaries,
MIT, Kepmendagri 300.2.2-2430/2025) holds the 514 kabupaten/kota of the national list,
[lng, lat] in EPSG:4326, properties ``kode_kemendagri`` (text) and ``nama``. A data directory
without its own boundary file (e.g. a generated national set, or a user's tables) uses the
shipped one: boundaries are reference geography, not data a user supplies.
"""
from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from analysis.data.tables import PROFILE_FILE, load_profiles
from analysis.errors import DataValidationError
from analysis.paths import PACKAGE_DIR, RAW_DIR, raw_dir

BOUNDARY_FILE = "batas_kabkota.geojson"
CODES_FILE = PACKAGE_DIR / "data" / "kode_kabkota_kemendagri.csv"
CODE_PATTERN = r"[0-9]{2}\.[0-9]{2}"  # ASCII digits only: \d also matches "６"
#: Attribution printed under every map drawn from these boundaries.
SOURCE_LINE = "Batas wilayah: cahyadsn/wilayah_boundaries (MIT), Kepmendagri 300.2.2-2430/2025"
SOURCE_TEXT = {"source_line": {
    "id": SOURCE_LINE,
    "en": "Boundaries: cahyadsn/wilayah_boundaries (MIT), Kepmendagri 300.2.2-2430/2025"}}


def boundary_path(data_dir=None) -> Path:
    """The boundary file of ``data_dir`` when it has one, else the shipped ``data/raw`` file."""
    own = raw_dir(data_dir) / BOUNDARY_FILE
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


def load_boundaries(data_dir=None) -> gpd.GeoDataFrame:
    """Boundaries of every kabupaten/kota, validated, indexed 0..n-1, sorted by code.

    Columns ``kode_kemendagri`` (text), ``nama``, ``geometry`` (EPSG:4326). Raises
    :class:`DataValidationError` naming the file, feature, code and rule when codes are
    malformed or duplicated, a geometry is empty or invalid, the national list is not covered
    exactly (514 codes), or a code of ``profil_wilayah.csv`` has no shape.
    """
    path = boundary_path(data_dir)
    gdf = read_boundaries(path)
    national = national_codes()
    check_codes(gdf, path)
    check_geometries(gdf, path)
    if (raw_dir(data_dir) / PROFILE_FILE).exists():
        check_coverage(gdf, path, load_profiles(data_dir)["kode_kemendagri"], PROFILE_FILE)
    check_coverage(gdf, path, national, CODES_FILE.name)
    check_codes(gdf, path, expected=len(national))
    gdf = gdf.sort_values("kode_kemendagri").reset_index(drop=True)
    return gdf[["kode_kemendagri", "nama", "geometry"]]
