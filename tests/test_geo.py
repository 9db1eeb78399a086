"""Boundaries: SQL-dump conversion and the validated loader (no ../shared needed)."""
from __future__ import annotations

import json

import pytest
import shapely
from shapely.geometry import Point

from analysis.paths import RAW_DIR
from analysis.data.geo import BOUNDARY_FILE, load_boundaries
from analysis.data.geo_convert import (dumps, feature_collection, parse_sql_rows,
                                       path_to_geometry)
from analysis.errors import DataValidationError
from tests.conftest import assert_cli_fails_cleanly

# Two rows in the source's layout: points are [lat, lng]; one multipolygon (depth 4) with a
# quoted name, one polygon (depth 3).
SQL = """INSERT INTO wilayah_boundaries(kode,nama,lat,lng,path) VALUES
\t('73.09','Kabupaten Pangkajene Dan Kepulauan',-4.8,119.5,'[[[[-5.0,119.0],[-5.0,120.0],[-4.0,120.0],[-4.0,119.0],[-5.0,119.0]]]]'),
\t('99.01','Kota O\\'Test',0.5,100.5,'[[[0.0,100.0],[0.0,101.0],[1.0,101.0],[0.0,100.0]]]');
"""  # noqa: E501 (rows as the source writes them)


def test_sql_rows_parse_as_text_and_swap_to_lng_lat():
    rows = parse_sql_rows(SQL)
    assert [r["kode"] for r in rows] == ["73.09", "99.01"]
    assert rows[1]["nama"] == "Kota O'Test" and rows[1]["line"] == 3
    g = path_to_geometry(rows[0]["path"])
    # [lat, lng] = [-5, 119]..[-4, 120] → x (lng) 119..120, y (lat) -5..-4: a 1° × 1° square
    assert g.bounds == (119.0, -5.0, 120.0, -4.0) and g.area == pytest.approx(1.0)
    tri = path_to_geometry(rows[1]["path"])
    # triangle (lng, lat) (100,0) (101,0) (101,1): area ½·1·1 = 0.5
    assert tri.geom_type == "MultiPolygon" and tri.area == pytest.approx(0.5)


def test_bowtie_is_repaired_at_conversion():
    # a self-crossing ring (0,0)-(2,2)-(2,0)-(0,2) in [lng, lat]; written [lat, lng] below.
    # make_valid gives two triangles meeting at (1,1), each of area ½·2·1 = 1 → total 2
    bowtie = [[[0, 0], [2, 2], [0, 2], [2, 0], [0, 0]]]
    g = path_to_geometry(bowtie)
    assert g.is_valid and len(g.geoms) == 2 and g.area == pytest.approx(2.0)


def test_feature_collection_rounds_and_keeps_codes_as_text():
    rows = [{"kode": "11.01", "nama": "A", "line": 1,
             "path": [[[0.123456, 100.123456], [0.123456, 101.0], [1.0, 101.0],
                       [0.123456, 100.123456]]]}]
    doc = json.loads(dumps(feature_collection(rows, tolerance=0, decimals=4)))
    f = doc["features"][0]
    assert f["properties"] == {"kode_kemendagri": "11.01", "nama": "A"}
    ring = f["geometry"]["coordinates"][0][0]           # set_precision may rotate the ring
    assert sorted(map(tuple, ring[:-1])) == [(100.1235, 0.1235), (101.0, 0.1235), (101.0, 1.0)]


def test_bad_path_names_file_row_and_code():
    bad = SQL.replace("[[[0.0,100.0]", "[[[0.0,,100.0]")
    with pytest.raises(DataValidationError, match=r"f.sql, row 3, column 'path', value '99.01'"):
        parse_sql_rows(bad, source="f.sql")


def test_shipped_boundaries_cover_the_country():
    g = load_boundaries(RAW_DIR)
    assert len(g) == 514 and g["kode_kemendagri"].is_unique
    assert g["kode_kemendagri"].map(type).eq(str).all()
    assert g.crs.to_epsg() == 4326 and g.is_valid.all()
    kukar = g.set_index("kode_kemendagri").loc["64.02"]
    assert kukar["nama"] == "Kabupaten Kutai Kartanegara"
    # label point of the source row (lat 0.10796, lng 116.48012) lies inside; Tenggarong
    # (the regency seat, about 0.42° S, 116.99° E) too; Samarinda's centre (64.72) is not in 64.02
    assert kukar.geometry.contains(Point(116.48012, 0.10796))
    assert kukar.geometry.contains(Point(116.99, -0.42))
    samarinda = g.set_index("kode_kemendagri").loc["64.72"].geometry
    inside = Point(117.15, -0.50)
    assert samarinda.contains(inside) and not kukar.geometry.contains(inside)


def _edit_features(raw_copy, fn):
    path = raw_copy / BOUNDARY_FILE
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["features"] = fn(doc["features"])
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_invalid_geometry_is_refused_with_its_code(raw_copy):
    def bowtie(features):
        i = next(i for i, f in enumerate(features) if f["properties"]["kode_kemendagri"] == "64.02")
        features[i]["geometry"] = {"type": "Polygon",
                                   "coordinates": [[[116, 0], [117, 1], [116, 1], [117, 0],
                                                    [116, 0]]]}
        return features
    path = _edit_features(raw_copy, bowtie)
    with pytest.raises(DataValidationError) as e:
        load_boundaries(raw_copy)
    msg = str(e.value)
    assert str(path) in msg and "column 'geometry'" in msg and "'64.02'" in msg
    assert "must be valid (Self-intersection" in msg


@pytest.mark.slow  # a full build or boundary load: seconds, not milliseconds
def test_missing_profile_code_is_refused(raw_copy):
    path = _edit_features(raw_copy, lambda fs: [f for f in fs
                                                if f["properties"]["kode_kemendagri"] != "64.02"])
    with pytest.raises(DataValidationError, match=r"value '64.02': no shape for code 64.02 of "
                                                  r"profil_wilayah.csv"):
        load_boundaries(raw_copy)
    assert str(path) in str(pytest.raises(DataValidationError, load_boundaries, raw_copy).value)


@pytest.mark.slow  # a full build or boundary load: seconds, not milliseconds
def test_missing_national_code_and_duplicate_are_refused(raw_copy):
    # 11.01 (Aceh Selatan) is in the national list but not in profil_wilayah.csv
    _edit_features(raw_copy, lambda fs: [f for f in fs
                                         if f["properties"]["kode_kemendagri"] != "11.01"])
    with pytest.raises(DataValidationError, match="no shape for code 11.01 of "
                                                  "kode_kabkota_kemendagri.csv"):
        load_boundaries(raw_copy)

    def dup(features):
        features[1]["properties"]["kode_kemendagri"] = features[0]["properties"]["kode_kemendagri"]
        return features
    _edit_features(raw_copy, dup)
    # 11.01 is gone, so features are 11.02, 11.03, ...: the second now repeats 11.02
    with pytest.raises(DataValidationError, match=r"row 2, column 'kode_kemendagri', value "
                                                  r"'11.02': kode_kemendagri must be unique"):
        load_boundaries(raw_copy)


def test_numeric_code_is_refused(raw_copy):
    def numeric(features):
        features[0]["properties"]["kode_kemendagri"] = 11.1
        return features
    _edit_features(raw_copy, numeric)
    with pytest.raises(DataValidationError, match="text like '64.02'"):
        load_boundaries(raw_copy)


def test_directory_without_boundaries_uses_the_shipped_file(raw_copy):
    (raw_copy / BOUNDARY_FILE).unlink()
    assert len(load_boundaries(raw_copy)) == 514


@pytest.mark.slow  # a full build or boundary load: seconds, not milliseconds
def test_validate_command_reports_a_bad_boundary(raw_copy, capsys, tmp_path):
    _edit_features(raw_copy, lambda fs: fs[:-1] + [dict(fs[-1], geometry=None)])
    assert_cli_fails_cleanly(["validate", "--data-dir", raw_copy, "--lang", "en"], capsys,
                             ["workbench validate: error:", BOUNDARY_FILE, "row 514",
                              "no readable geometry"], tmp_path / "none")
    assert not shapely.is_empty(load_boundaries(RAW_DIR).geometry).any()
