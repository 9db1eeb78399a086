"""Convert the cahyadsn/wilayah_boundaries MySQL dumps into one GeoJSON FeatureCollection.

The source files (``wilayah_boundaries_kab_PP.sql``) are plain-text MySQL ``INSERT`` statements
whose ``path`` column is a JSON array of polygons, each a list of rings, each a list of points
written **[lat, lng]**. They are parsed as text (a regular expression for the row tuples and
``json.loads`` for the path; nothing is evaluated), turned into [lng, lat] shapely geometries,
repaired with ``make_valid``, simplified and rounded. Used once by
``scripts/convert_boundaries.py``; the result is shipped as ``data/raw/batas_kabkota.geojson``.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping

from analysis.errors import DataValidationError

# ('64.02','Kabupaten Kutai Kartanegara',0.1079,116.4801,'[[[[lat,lng],...]]]')
ROW_RE = re.compile(
    r"\(\s*'(?P<kode>[0-9.]+)'\s*,\s*'(?P<nama>(?:[^'\\]|\\.|'')*)'\s*,\s*"
    r"(?P<lat>-?[0-9.eE+-]+)\s*,\s*(?P<lng>-?[0-9.eE+-]+)\s*,\s*'(?P<path>[\[\]0-9.,eE+\s-]*)'\s*\)"
)
CODE_RE = re.compile(r"^[0-9]{2}\.[0-9]{2}$")  # ASCII digits only


def _unescape(text: str) -> str:
    """A MySQL single-quoted string body as plain text (``\\'`` and ``''`` become ``'``)."""
    return re.sub(r"\\(.)", r"\1", text.replace("''", "'"))


def parse_sql_rows(text: str, source: str = "<sql>") -> list[dict]:
    """The ``(kode, nama, lat, lng, path)`` rows of one dump; ``path`` decoded from JSON."""
    rows = []
    for m in ROW_RE.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        kode = m.group("kode")
        if not CODE_RE.match(kode):
            raise DataValidationError(source, "kode must look like '64.02'", row=line,
                                      column="kode", value=kode)
        try:
            path = json.loads(m.group("path"))
        except json.JSONDecodeError as exc:
            raise DataValidationError(source, f"path is not a JSON array: {exc}", row=line,
                                      column="path", value=kode) from None
        rows.append({"kode": kode, "nama": _unescape(m.group("nama")), "path": path,
                     "line": line})
    return rows


def _depth(obj) -> int:
    """Nesting depth of a JSON array down to a number (a point [lat, lng] has depth 1)."""
    depth = 0
    while isinstance(obj, list):
        if not obj:
            return depth + 1
        obj, depth = obj[0], depth + 1
    return depth


def _ring(points) -> list[tuple[float, float]]:
    """A ring of [lat, lng] points as (lng, lat) tuples."""
    return [(float(p[1]), float(p[0])) for p in points]


def path_to_geometry(path) -> MultiPolygon:
    """A ``path`` (polygon = rings, or a list of polygons) of [lat, lng] points as a MultiPolygon
    in [lng, lat], repaired with ``make_valid`` (only its polygonal parts are kept)."""
    polys = path if _depth(path) == 4 else [path]
    parts = [Polygon(_ring(rings[0]), [_ring(r) for r in rings[1:]])
             for rings in polys if rings and len(rings[0]) >= 4]
    return polygonal(shapely.make_valid(MultiPolygon(parts)) if parts else MultiPolygon())


def polygonal(geom) -> MultiPolygon:
    """The polygonal parts of any geometry as one MultiPolygon (lines and points dropped)."""
    if isinstance(geom, MultiPolygon):
        return geom
    if isinstance(geom, Polygon):
        return MultiPolygon([geom]) if not geom.is_empty else MultiPolygon()
    parts = []
    for g in getattr(geom, "geoms", []):
        parts.extend(polygonal(g).geoms)
    return MultiPolygon(parts)


def simplify(geom: MultiPolygon, tolerance: float, decimals: int) -> MultiPolygon:
    """Simplified (topology preserved within the shape), rounded to ``decimals``, repaired again,
    and rid of slivers that rounding reduced to nothing."""
    g = shapely.simplify(geom, tolerance, preserve_topology=True) if tolerance > 0 else geom
    g = shapely.set_precision(g, 10 ** -decimals)
    g = polygonal(shapely.make_valid(g))
    kept = MultiPolygon([p for p in g.geoms if p.area > 0])
    return geom if kept.is_empty else kept


def feature_collection(rows: list[dict], tolerance: float = 0.0, decimals: int = 4) -> dict:
    """A GeoJSON FeatureCollection (sorted by code) with properties ``kode_kemendagri`` and
    ``nama``."""
    features = []
    for r in sorted(rows, key=lambda r: r["kode"]):
        geom = simplify(path_to_geometry(r["path"]), tolerance, decimals)
        features.append({"type": "Feature",
                         "properties": {"kode_kemendagri": r["kode"], "nama": r["nama"]},
                         "geometry": _rounded(mapping(geom), decimals)})
    return {"type": "FeatureCollection", "features": features}


def _rounded(obj, decimals: int):
    """GeoJSON geometry mapping with coordinates as lists rounded to ``decimals``."""
    if isinstance(obj, dict):
        return {k: _rounded(v, decimals) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_rounded(v, decimals) for v in obj]
    if isinstance(obj, float):
        return round(obj, decimals)
    return obj


def read_dumps(folder: str | Path) -> list[dict]:
    """Rows of every ``wilayah_boundaries_kab_*.sql`` in ``folder``; duplicate codes refused."""
    rows, seen = [], {}
    for path in sorted(Path(folder).glob("wilayah_boundaries_kab_*.sql")):
        for r in parse_sql_rows(path.read_text(encoding="utf-8"), source=str(path)):
            if r["kode"] in seen:
                raise DataValidationError(path, f"code also in {seen[r['kode']]}: codes must be "
                                          "unique", row=r["line"], column="kode", value=r["kode"])
            seen[r["kode"]] = path.name
            rows.append(r)
    return rows


def dumps(collection: dict) -> str:
    """Compact GeoJSON text: one feature per line, no spaces."""
    head = '{"type":"FeatureCollection","features":[\n'
    body = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":"))
                      for f in collection["features"])
    return head + body + "\n]}\n"
