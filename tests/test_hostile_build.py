"""Hostile framework files, bad coordinates, links in data text, what-if and uncertainty
arguments: each gets a clear message naming what is wrong, and nothing is written or changed
(tampered processed tables, stopped builds and failing writes: tests/test_hostile_processed.py).
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely.geometry import Polygon

from analysis.data.geo import BOUNDARY_FILE, bounding_box, check_coordinates
from analysis.errors import DataValidationError, FrameworkError
from analysis.escape import md_format, md_text
from analysis.frameworks import framework_from_dict, load_framework
from analysis.index.uncertainty_memory import check_samples, sample_memory
from analysis.index.uncertainty_spec import UncertaintySpecError
from analysis.index.validate import validate_wide_input
from conftest import assert_cli_fails_cleanly, one_line

BIN = Path(sys.executable).parent / "workbench"




# --- framework files -------------------------------------------------------------------------

def _doc(**child):
    """A root with two children ``a`` (carrying ``child``'s keys) and ``b``."""
    return {"code": "t", "nodes": [{"code": "r"}, {"code": "a", "parent": "r", **child},
                                   {"code": "b", "parent": "r"}]}


@pytest.mark.parametrize("doc, parts", [
    (_doc(weight=float("nan")), ["node 'a'", "key 'weight'", "value nan", "finite number >= 0"]),
    (_doc(weight=float("inf")), ["node 'a'", "key 'weight'", "value inf", "at most 1e+06"]),
    (_doc(weight=1e308), ["node 'a'", "key 'weight'", "value 1e+308", "at most 1e+06"]),
    (_doc(weight="1e308"), ["node 'a'", "key 'weight'", "value '1e308'", "at most 1e+06"]),
    (_doc(weight=-1), ["node 'a'", "key 'weight'", "value -1", "negative"]),
    (_doc(weight=True), ["node 'a'", "key 'weight'", "value True", "not a number"]),
    ({"nodes": [{"code": "r", "multiplier": float("inf")}, {"code": "a", "parent": "r"}]},
     ["node 'r'", "key 'multiplier'", "value inf", "multiplier must be a finite number"]),
    ({"nodes": [{"code": "r", "multiplier": 1e308}, {"code": "a", "parent": "r"}]},
     ["node 'r'", "key 'multiplier'", "value 1e+308", "at most 1e+06"]),
    ({"nodes": [{"code": "r", "multiplier": float("nan")}, {"code": "a", "parent": "r"}]},
     ["node 'r'", "key 'multiplier'", "value nan"]),
    ({"nodes": [{"code": "r", "aggregation": "generalised", "p": float("inf")},
                {"code": "a", "parent": "r"}]}, ["node 'r'", "key 'p'", "value inf"]),
    (_doc(min_share=2), ["node 'a'", "key 'min_share'", "value 2", "from 0 to 1"]),
    ({"nodes": [{"code": "r"}, {"code": "a", "parent": "r", "weight": 0},
                {"code": "b", "parent": "r", "weight": 0.0}]},
     ["node 'r'", "weights of its children ['a', 'b'] are all 0"]),
    (_doc(direction="naik"), ["node 'a'", "key 'direction'", "value 'naik'",
                              "1 (higher is better) or -1 (lower is better)"]),
    (_doc(direction=[1]), ["node 'a'", "key 'direction'", "value [1]"]),
    ({"nodes": [{"code": "r"}, "abc"]}, ["nodes entry 2 is str 'abc', not a mapping"]),
    ({"nodes": [{"code": "r"}, ["code", "a"]]}, ["nodes entry 2 is list", "not a mapping"]),
    ({"nodes": "abc"}, ["key 'nodes', value 'abc'", "non-empty list of node mappings"]),
    ({"nodes": [{"code": "r"}, {"parent": "r"}]}, ["nodes entry 2 has no 'code'",
                                                   "keys: ['parent']"]),
    (_doc(normalisation={"method": "goalpost", "min": 3, "max": 3}),
     ["node 'a'", "key 'normalisation'", "{'min': 3, 'max': 3}", "goalpost min must be below max"]),
    (_doc(normalisation={"method": "goalpost", "min": 0, "max": float("nan")}),
     ["node 'a'", "key 'max'", "value nan", "finite number"]),
    (_doc(normalisation={"method": "goalpost", "min": 0, "max": 10, "log": True}),
     ["node 'a'", "key 'min'", "value 0", "> 0 (log: true)"]),
    (_doc(normalisation={"method": "goalpost", "max": 10}),
     ["node 'a'", "key 'normalisation.min'", "needs both min and max"]),
    (_doc(normalisation=["goalpost"]), ["node 'a'", "key 'normalisation'", "method name"]),
    (_doc(scale=[1, float("inf")]), ["node 'a'", "key 'scale'", "two finite numbers"]),
    (_doc(limits=[4, 0]), ["node 'a'", "key 'limits'", "low < high"]),
    ({**_doc(), "limits": [0, float("nan")]}, ["key 'limits'", "two finite numbers"]),
    ({**_doc(), "weight_sets": {"berat": {"a": float("inf")}}},
     ["node 'a'", "key 'weight_sets.berat'", "value inf"]),
    (_doc(aggregation={"x": 1}), ["node 'a'", "key 'aggregation'", "unknown aggregation"]),
])
def test_hostile_framework_values_are_refused_naming_file_node_key_value(doc, parts):
    with pytest.raises(FrameworkError) as exc:
        framework_from_dict(doc, "hostile.yaml")
    msg = str(exc.value)
    for part in ["hostile.yaml", *parts]:
        assert part in msg, (part, msg)


def test_shipped_frameworks_pass_the_value_checks():
    # the checks refuse the hostile values above, not the published methods
    for name in ("bps-ipm", "undp-hdi", "kominfo-evaluasi-2022", "kominfo-evaluasi-2023",
                 "kominfo-evaluasi-2023-reguler", "readiness-6pilar"):
        fw = load_framework(name)
        assert fw.root in fw.nodes


@pytest.mark.parametrize("body, parts", [
    ("    weight: .nan", ["key 'weight'", "value nan"]),
    ("    weight: 1e308", ["key 'weight'", "value '1e308'"]),    # YAML 1.1 reads it as text
    ("    weight: .inf", ["key 'weight'", "value inf"]),
    ("    direction: naik", ["key 'direction'", "value 'naik'"]),
])
def test_index_command_refuses_a_hostile_framework_and_writes_nothing(tmp_path, capsys, body,
                                                                        parts):
    # before: rc 0, "wrote 3 units" and every result empty
    fw = tmp_path / "fw.yaml"
    fw.write_text("code: t\nnodes:\n  - code: r\n    multiplier: 1\n  - code: a\n    parent: r\n"
                  f"{body}\n  - code: b\n    parent: r\n", encoding="utf-8")
    data = tmp_path / "d.csv"
    data.write_text("u,a,b\nx,1,2\ny,2,3\nz,3,1\n", encoding="utf-8")
    out = tmp_path / "out"
    err = assert_cli_fails_cleanly(["index", "--lang", "en",
                                    "--framework", fw, "--data", data, "--out",
                                    out / "o.csv"], capsys, [str(fw), "node 'a'", *parts], out)
    one_line(err)


def test_a_non_finite_input_value_is_refused_naming_row_and_column():
    fw = load_framework("bps-ipm")          # no hard limits: inf used to pass into the means
    raw = pd.DataFrame({"u": ["64.02", "62.06"], "uhh": ["70", "inf"], "hls": ["12", "12"],
                        "rls": ["8", "8"], "pengeluaran": ["10000", "1e400"]})
    with pytest.raises(DataValidationError) as exc:
        validate_wide_input(fw, raw, "u", "in.csv")
    assert str(exc.value) == ("in.csv, row 3, column 'uhh', value 'inf': not a finite number "
                              "(infinite or beyond ±1.8e308)")


# --- boundaries -----------------------------------------------------------------------------

def _shapes(*polys):
    return gpd.GeoDataFrame({"kode_kemendagri": [f"64.0{i + 1}" for i in range(len(polys))],
                             "nama": "x", "feature": list(range(1, len(polys) + 1))},
                            geometry=list(polys), crs="EPSG:4326")


KUKAR = Polygon([(116.0, -1.0), (117.5, -1.0), (117.5, 0.5), (116.0, 0.5)])


@pytest.mark.parametrize("poly, parts", [
    (shapely.affinity.scale(KUKAR, 1e6, 1e6, origin=(0, 0)),
     ["(longitude 116000000, latitude -1000000) of feature 2", "not a WGS84 coordinate"]),
    (Polygon([(-1.0, 116.0), (-1.0, 117.5), (0.5, 117.5), (0.5, 116.0)]),  # lat/lon swapped
     ["(longitude -1, latitude 116) of feature 2", "not a WGS84 coordinate"]),
    (shapely.affinity.translate(KUKAR, -100, 0),
     ["(longitude 16, latitude -1) of feature 2", "outside Indonesia's bounding box",
      "longitude 90 to 145, latitude -15 to 10", "geo_settings.yaml"]),
])
def test_coordinates_outside_indonesia_are_refused_naming_feature_code_and_point(poly, parts):
    gdf = _shapes(KUKAR, poly)
    with pytest.raises(DataValidationError) as exc:
        check_coordinates(gdf, "batas.geojson")
    msg = str(exc.value)
    for part in ["batas.geojson", "row 2", "column 'geometry'", "value '64.02'", *parts]:
        assert part in msg, (part, msg)
    check_coordinates(_shapes(KUKAR), "batas.geojson")        # inside: accepted


def test_the_bounding_box_setting_holds_the_country_with_a_margin():
    # Indonesia: 94.97 E to 141.02 E, 11.01 S to 6.08 N (the shipped boundaries' extent)
    (x0, x1), (y0, y1) = bounding_box()
    assert x0 < 94.97 - 2 and x1 > 141.02 + 2 and y0 < -11.01 - 2 and y1 > 6.08 + 2
    assert x1 - x0 < 60 and y1 - y0 < 30           # still a box around Indonesia


@pytest.mark.slow  # a boundary load: seconds
def test_validate_refuses_a_scaled_regency(raw_copy, tmp_path, capsys):
    path = raw_copy / BOUNDARY_FILE
    doc = json.loads(path.read_text(encoding="utf-8"))
    pos = next(i for i, f in enumerate(doc["features"])
               if f["properties"]["kode_kemendagri"] == "64.02")
    geom = shapely.geometry.shape(doc["features"][pos]["geometry"])
    doc["features"][pos]["geometry"] = shapely.geometry.mapping(
        shapely.affinity.scale(geom, 1e6, 1e6, origin=(0, 0)))
    path.write_text(json.dumps(doc), encoding="utf-8")
    from conftest import record_hashes
    record_hashes(raw_copy)
    err = assert_cli_fails_cleanly(["validate", "--data-dir", raw_copy, "--lang", "en"], capsys,
                                   [str(path), f"row {pos + 1}", "value '64.02'",
                                    f"of feature {pos + 1}", "not a WGS84 coordinate"],
                                   tmp_path / "none")
    assert "Traceback" not in err


# --- data text in Markdown ------------------------------------------------------------------

HOSTILE_TEXT = ["Kab http://evil.example/x?a=1", "lihat www.evil.example", "surat a@evil.example",
                "mailto:a@evil.example", "<http://evil.example>", "javascript:alert(1)",
                "[klik](http://evil.example)"]


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_markdown_from_data_renders_as_the_same_text_without_a_link(text):
    from nbconvert.filters.markdown_mistune import markdown2html_mistune
    rendered = markdown2html_mistune(md_text(text))       # the renderer the HTML export uses
    assert "<a" not in rendered, rendered
    shown = re.sub(r"<[^>]+>", "", rendered).strip()
    import html
    assert html.unescape(shown) == text


def test_report_heading_with_a_url_in_the_name_has_no_link(shown):
    # the exported report (nbconvert template, mistune): the heading is text, not a link
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    from analysis.reports.export import notebook_to_html
    name = "Kab http://evil.example/x www.evil.example a@evil.example"
    out = new_output("display_data", data={"text/markdown": md_format("# {name}", name=name)})
    page = notebook_to_html(new_notebook(cells=[new_code_cell("", outputs=[out])]))
    body = page[page.index("<body"):]
    assert "evil.example" in body
    assert not re.search(r'href="(https?:|mailto:|//|www)', body), \
        re.findall(r'<a [^>]*>', body)


# --- simulate, report and uncertainty arguments ---------------------------------------------

@pytest.mark.parametrize("sets, parts", [
    (["impact=1e308"], ["--set 'impact=1e308'", "out of range (too large)", "1–4 scale",
                        "-3 to +3"]),
    (["impact=inf"], ["--set 'impact=inf'", "not a finite number", "1–4 scale"]),
    (["impact=3", "output=+0.1", "Impact=+0.2"],
     ["--set 'impact=3' and --set 'Impact=+0.2' both set impact", "give each dimension once"]),
])
def test_simulate_refuses_out_of_range_and_repeated_settings(tmp_path, capsys, sets, parts):
    out = tmp_path / "out"
    argv = ["simulate", "--regency", "64.02", "--out", out / "s.csv", "--lang", "en"]
    for s in sets:
        argv += ["--set", s]
    one_line(assert_cli_fails_cleanly(argv, capsys, parts, out))


def test_simulate_says_a_regency_was_not_evaluated_that_year(tmp_path, capsys):
    # Kutai Kartanegara is not in the 2022 cohort (42 regencies listed); it is in 2023
    out = tmp_path / "out"
    one_line(assert_cli_fails_cleanly(
        ["simulate", "--regency", "64.02", "--year", "2022", "--set", "impact=3", "--out",
         out / "s.csv", "--lang", "en"], capsys,
        ["64.02 (Kabupaten Kutai Kartanegara)", "was not evaluated in 2022",
         "2022 evaluation (42 regencies)", "--year 2023"], out))
    one_line(assert_cli_fails_cleanly(
        ["simulate", "--regency", "99.99", "--set", "impact=3", "--out", out / "s.csv",
         "--lang", "en"], capsys,
        ["'99.99'", "no regency with this Kemendagri code", "look like '64.02'"], out))


def test_thousands_of_unknown_regency_codes_give_a_short_message(tmp_path, capsys):
    codes = [f"{i // 100:02d}.{i % 100:02d}x" for i in range(8700)]
    out = tmp_path / "reports"
    err = assert_cli_fails_cleanly(["report", "--regency", *codes, "--out", out, "--lang", "en"],
                                   capsys, ["8700 unknown regency code(s)", "'00.00x', '00.01x'",
                                            "and 8690 more", "look like '64.02'"], out)
    assert len(one_line(err)) < 400
    err = assert_cli_fails_cleanly(["report", "--regency", *codes, "--out", out], capsys,
                                   ["8700 kode daerah tidak dikenal", "'00.00x', '00.01x'",
                                    "dan 8690 lainnya", "berbentuk '64.02'"], out)
    assert len(one_line(err)) < 400


def test_a_sample_size_beyond_memory_is_refused_up_front(tmp_path, capsys):
    from helpers.synthetic import write_synthetic
    fw, data = write_synthetic(tmp_path, n_units=25, n_pillars=2, n_sub=2, n_ind=3,
                               missing=0.05, seed=5)
    out = tmp_path / "ua"
    err = assert_cli_fails_cleanly(["uncertainty", "--lang", "en",
                                    "--framework", fw, "--data", data,
                                    "--samples", str(10 ** 12), "--out", out], capsys,
                                   ["--samples 1000000000000", "7,000,000,000,000 runs",
                                    "25 units and 5 inputs", "PiB of memory", "limit of",
                                    "largest sample size that fits is"], out)
    one_line(err)


def test_the_largest_sample_size_named_fits_and_one_more_does_not():
    limit = 64 << 20
    with pytest.raises(UncertaintySpecError) as exc:
        check_samples(10 ** 9, 514, 5, 200, limit=limit)
    fits = int(re.search(r"fits is ([\d,]+)", str(exc.value))[1].replace(",", ""))
    check_samples(fits, 514, 5, 200, limit=limit)
    with pytest.raises(UncertaintySpecError):
        check_samples(fits + 1, 514, 5, 200, limit=limit)
    # the ranks alone (units × N·(k+2) float64) are within the estimate
    assert sample_memory(514, 1000, 5, 200) >= 8 * 514 * 1000 * 7
