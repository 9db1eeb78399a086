"""Map layers, map frames, the map figures and the report's map section."""
from __future__ import annotations

import json
import zipfile

import matplotlib
import matplotlib.pyplot as plt
import matplotlib.text
import numpy as np
import pandas as pd
import pytest
import shapely
from matplotlib.collections import PathCollection
from matplotlib.colors import to_hex

from analysis.maps import layers as maps
from analysis import plots
from analysis.paths import PROJECT_ROOT
from analysis.plots import backdrop as pm_backdrop
from analysis.plots import maps as pm
from analysis.plots import svgmap
from analysis.plots.uncertainty_sensitivity import rank_interval_plot
from analysis.processed.project import build_processed, load_processed
from analysis.reports.sections import common
from analysis.reports.sections import maps as maps_section
from analysis.reports.context import load_context

matplotlib.use("Agg")
# Kalimantan Timur (64) has 10 kabupaten/kota in Kepmendagri 300.2.2-2430/2025: Paser, Kutai
# Kartanegara, Berau, Kutai Barat, Kutai Timur, Penajam Paser Utara, Mahakam Ulu, Balikpapan,
# Samarinda, Bontang.
KALTIM = ["64.01", "64.02", "64.03", "64.07", "64.08", "64.09", "64.11", "64.71", "64.72", "64.74"]
# Their 2023 finals as printed in kominfo_evaluasi_2023.csv (Lampiran II); 64.03, 64.09 and
# 64.11 are not in the table.
FINAL_2023 = {"64.07": 1.23, "64.02": 2.82, "64.08": 2.96, "64.01": 2.84, "64.71": 3.41,
              "64.74": 2.41, "64.72": 3.10}
SOURCE = "Batas wilayah: cahyadsn/wilayah_boundaries (MIT), Kepmendagri 300.2.2-2430/2025"


def test_signed_area_and_orientation():
    ccw = np.array([[0, 0], [2, 0], [2, 1], [0, 1], [0, 0]], float)   # 2 × 1 rectangle
    assert maps.signed_area(ccw) == pytest.approx(2.0)
    assert maps.signed_area(ccw[::-1]) == pytest.approx(-2.0)
    hole_ccw = [[0.5, 0.25], [1.5, 0.25], [1.5, 0.75], [0.5, 0.75], [0.5, 0.25]]
    rings = maps._rings({"type": "Polygon", "coordinates": [ccw[::-1].tolist(), hole_ccw]})
    assert maps.signed_area(rings[0]) > 0 and maps.signed_area(rings[1]) < 0


def test_national_outline_drops_islets_but_never_the_largest_part():
    main = shapely.box(100, 0, 101, 1)                     # 1 square degree
    islet = shapely.box(102, 0, 102.01, 0.01)              # 1e-4 < MIN_PART_AREA 4e-4
    island = shapely.box(103, 0, 103.1, 0.1)               # 1e-2: kept
    out = maps.national_outline(shapely.MultiPolygon([islet, main, island]))
    assert len(out.geoms) == 2 and out.area == pytest.approx(1.01)
    alone = maps.national_outline(shapely.MultiPolygon([islet]))
    # kept, though simplification at 0.02° may cut the 0.01° square to a triangle (area ½·1e-4)
    assert alone.area >= 0.5e-4 - 1e-12 and alone.within(islet.buffer(1e-9))


def test_locator_frame_roles(map_layers):
    f = maps.locator_frame(map_layers, "64.02")
    assert len(f) == 514
    assert f.loc[f.role == "selected", "kode_kemendagri"].tolist() == ["64.02"]
    assert sorted(f.loc[f.role == "province", "kode_kemendagri"]) == [c for c in KALTIM
                                                                       if c != "64.02"]


def test_province_frame_values_and_status(map_layers, built_evaluations):
    frame, context, extent = maps.province_frame(map_layers, "64.02", built_evaluations, 2023)
    assert sorted(frame["kode_kemendagri"]) == KALTIM
    got = frame.set_index("kode_kemendagri")
    assert got["nilai"].dropna().round(2).to_dict() == FINAL_2023
    assert set(got.loc[["64.03", "64.09", "64.11"], "status"]) == {"tidak_tercantum"}
    assert got["selected"].sum() == 1 and got.loc["64.02", "selected"]
    # Kalimantan Timur borders Kalimantan Utara (65), Kalimantan Tengah (62) and Selatan (63)
    assert {"62", "63", "65"} <= set(context["provinsi_kode"])
    assert extent[0] < 114.0 < 119.0 < extent[2]           # the province spans ~113.8–119.1° E


def test_not_evaluated_is_grey_not_zero(map_layers, built_evaluations):
    ev = built_evaluations.copy()
    row = (ev.tahun == 2023) & (ev.kode_kemendagri == "64.74")
    ev.loc[row, "dievaluasi"] = False
    frame, _, _ = maps.province_frame(map_layers, "64.02", ev, 2023)
    got = frame.set_index("kode_kemendagri")
    assert np.isnan(got.loc["64.74", "nilai"]) and got.loc["64.74", "status"] == "tidak_dievaluasi"


def test_province_frame_kept_per_table_follows_another_table(map_layers, built_evaluations):
    """What depends only on the province is computed once per table (report after report in
    a worker); the regency marked, a changed table and a caller's edits are never mixed up."""
    a, _, _ = maps.province_frame(map_layers, "64.02", built_evaluations, 2023)
    a.loc[:, "nilai"] = 0.0                                   # the caller's copy
    b, _, _ = maps.province_frame(map_layers, "64.01", built_evaluations, 2023)
    assert b.loc[b["selected"], "kode_kemendagri"].tolist() == ["64.01"]
    assert b.set_index("kode_kemendagri")["nilai"].dropna().round(2).to_dict() == FINAL_2023
    ev = built_evaluations.copy()
    ev.loc[(ev.tahun == 2023) & (ev.kode_kemendagri == "64.02"), "nilai_final"] = 1.23
    c, _, _ = maps.province_frame(map_layers, "64.02", ev, 2023)
    assert c.set_index("kode_kemendagri").loc["64.02", "nilai"] == 1.23
    assert maps.value_range(ev, 2023)[0] == min(1.23, maps.value_range(built_evaluations,
                                                                        2023)[0])


def _texts(fig) -> list[str]:
    """Every text drawn on the figure (titles, labels, annotations, figure texts)."""
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text)]


def _collections(fig):
    return [c for c in fig.axes[0].collections if isinstance(c, PathCollection)]


def _pixel(back, x, y, near: int = 0):
    """RGB hex of the backdrop's pixel at data point (x, y) of its main axes; with ``near``
    the pixels within ``near`` of it (a small city's label point lies close to its edges)."""
    (x0, x1), (y0, y1) = back.xlim, back.ylim
    left, bottom, width, height = back.axes
    h, w = back.image.shape[:2]
    row = h - 1 - int((bottom + (y - y0) / (y1 - y0) * height) * h)
    col = int((left + (x - x0) / (x1 - x0) * width) * w)
    block = back.image[row - near:row + near + 1, col - near:col + near + 1, :3]
    hexes = [to_hex(p / 255) for p in block.reshape(-1, 3)]
    return hexes if near else hexes[0]


def test_locator_map_marks_the_right_polygon(map_layers):
    frame = maps.locator_frame(map_layers, "64.02")
    back = pm.locator_backdrop(map_layers.national)
    fig = pm.locator_map(frame, "Kabupaten Kutai Kartanegara", SOURCE, backdrop=back)
    prov, sel = _collections(fig)
    assert len(prov.get_paths()) == 9 and len(sel.get_paths()) == 1  # the 9 others of Kaltim
    assert {to_hex(c) for c in prov.get_facecolor()} == {"#9fb3c8"}
    assert to_hex(sel.get_facecolor()[0]) == pm.MARK
    kukar = frame[frame.role == "selected"].iloc[0]
    assert np.allclose(sel.get_paths()[0].vertices[:len(kukar.rings[0])], kukar.rings[0])
    marker = fig.axes[0].lines[0]
    assert (marker.get_xdata()[0], marker.get_ydata()[0]) == (kukar.label_x, kukar.label_y)
    assert SOURCE in _texts(fig)
    # the backdrop is the same for every regency: land at Kukar, sea far off the coast
    assert _pixel(back, kukar.label_x, kukar.label_y) == pm.LAND
    assert _pixel(back, 105.0, -8.0) == pm.SEA            # Indian Ocean, south of Sumatra
    assert _pixel(back, 130.0, 5.0) == pm.SEA             # Pacific, north of Papua


def test_province_map_colours_and_outline(map_layers, built_evaluations):
    frame, context, extent = maps.province_frame(map_layers, "64.02", built_evaluations, 2023)
    back = pm.province_backdrop(frame, context, extent, 1.0, 4.0)
    fig = pm.province_map(frame, context, extent, "Kukar", 2023, 1.0, 4.0, SOURCE,
                          backdrop=back)
    (outline,) = _collections(fig)
    assert len(outline.get_paths()) == 1 and to_hex(outline.get_edgecolor()[0]) == pm.MARK
    # the backdrop holds the fills: five equal classes of [1, 4] (limits 1.0, 1.6, 2.2, 2.8,
    # 3.4, 4.0), light to dark: Kukar's 2.82 is in the fourth, (2.82 − 1) // 0.6 = 3 ->
    # #2a788e; grey for the three regencies without a 2023 final (read at each label point)
    at = {r.kode_kemendagri: _pixel(back, r.label_x, r.label_y) for r in frame.itertuples()}
    assert {at[c] for c in ("64.03", "64.09", "64.11")} == {pm.NO_DATA}
    classes = ("#fde725", "#7ad151", "#22a884", "#2a788e", "#414487")
    for r in frame[frame.kode_kemendagri.isin(list(FINAL_2023))].itertuples():
        k = min(int((FINAL_2023[r.kode_kemendagri] - 1.0) // 0.6), 4)
        expected = np.array(matplotlib.colors.to_rgb(classes[k]))
        got = [np.array(matplotlib.colors.to_rgb(c)) for c in _pixel(back, r.label_x,
                                                                    r.label_y, near=2)]
        assert min(np.abs(g - expected).max() for g in got) <= 1.5 / 255, r.kode_kemendagri
    labels = sorted(t.get_text() for t in fig.axes[0].texts)
    assert labels == sorted(f"{v:.2f}".replace(".", ",") for v in FINAL_2023.values())
    assert "Nilai final 2023 (Kominfo)" in _texts(fig)     # the colour bar's label
    assert not any("ILUSTRATIF" in t for t in _texts(fig))


def test_maps_over_a_stored_backdrop_equal_maps_that_draw_their_own(map_layers, built_evaluations):
    from analysis.plots import backdrop as bd
    frame, context, extent = maps.province_frame(map_layers, "64.02", built_evaluations, 2023)
    stored = bd.from_png(bd.to_png(pm.province_backdrop(frame, context, extent, 1.0, 4.0)))
    args = (frame, context, extent, "Kukar", 2023, 1.0, 4.0, SOURCE)
    a, b = pm.province_map(*args), pm.province_map(*args, backdrop=stored)
    for f in (a, b):
        f.canvas.draw()
    assert np.array_equal(np.asarray(a.canvas.buffer_rgba()), np.asarray(b.canvas.buffer_rgba()))
    plt.close(a)
    plt.close(b)


def test_choropleth_enforces_the_illustrative_label(map_layers):
    values = pd.Series({"64.02": 50.0, "11.01": 70.0})
    frame = maps.variable_frame(map_layers, values)
    assert frame["nilai"].notna().sum() == 2
    plain = pm.choropleth(frame, "Indeks", SOURCE)
    ill = pm.choropleth(frame, "Indeks", SOURCE, illustrative=True, lang="en")
    label = [t for t in ill.axes[0].texts if t.get_text() == "ILLUSTRATIVE DATA"]
    assert len(label) == 1 and label[0].get_transform() == ill.axes[0].transAxes  # on the map
    assert not any("ILUSTRATIF" in t or "ILLUSTRATIVE" in t for t in _texts(plain))
    faces = [to_hex(c) for c in _collections(plain)[0].get_facecolor()]
    assert faces.count(pm.NO_DATA) == 512


def test_dollar_in_a_name_is_text():
    assert pm.plain("Kab $x$") == r"Kab \$x\$"
    assert pm.plain is plots.plain                      # one definition


def test_one_no_data_grey_on_every_map():
    # the report figures, the national page's colour list and its stylesheet class .cn
    css = (PROJECT_ROOT / "analysis/reports/templates/national/national.css").read_text()
    assert pm.NO_DATA == plots.NO_DATA == "#c9ced6"
    assert ".cn{fill:#c9ced6}" in css
    assert not hasattr(svgmap, "NO_DATA")


def test_uncertainty_labels_show_a_dollar_as_typed():
    table = pd.DataFrame({"unit": ["a", "b"], "nama": ["Kab $A$", "Kota B"],
                          "nominal_rank": [1, 2], "median_rank": [1.0, 2.0],
                          "p05_rank": [1.0, 1.0], "p95_rank": [2.0, 2.0]})
    fig = rank_interval_plot(table, "en", highlight=["a"], label_col="nama")
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert ticks == [r"Kab \$A\$", "Kota B"]
    assert [t.get_text() for t in fig.axes[0].texts] == [r"Kab \$A\$"]   # the highlight
    fig.canvas.draw()                                  # unbalanced mathtext would fail here
    plt.close(fig)


@pytest.mark.slow  # a full build or boundary load: seconds, not milliseconds
def test_build_writes_the_layer_and_reports_read_it(tmp_path, map_layers):
    res = build_processed(out_dir=tmp_path)
    doc = json.loads((res.out_dir / "peta_kabkota.geojson").read_text(encoding="utf-8"))
    assert len(doc["features"]) == 514
    from_disk = maps.map_layers(str(tmp_path), None)
    assert from_disk is not map_layers
    assert from_disk.national["kode_kemendagri"].tolist() == \
        map_layers.national["kode_kemendagri"].tolist()
    assert sum(len(r) for rings in from_disk.national["rings"] for r in rings) < 40_000
    # the maps' backdrops, drawn once: Indonesia, and each of the 38 provinces for 2023, each
    # also with its texts in the archive's language (one archive per language)
    provinces = sorted(map_layers.national["provinsi_kode"].unique())
    assert len(provinces) == 38
    for lang in ("id", "en"):
        with zipfile.ZipFile(res.out_dir / maps.backdrop_file(lang)) as z:
            names = z.namelist()
        assert names == sorted([f"lokasi{s}.png" for s in ("", f"_{lang}")]
                               + [f"provinsi_{p}_2023{s}.png" for p in provinces
                                  for s in ("", f"_{lang}")])
    plain = [pm_backdrop.read(res.out_dir / maps.backdrop_file(lang),
                              maps.province_key("64.02", 2023)) for lang in ("id", "en")]
    assert np.array_equal(plain[0].image, plain[1].image)
    kaltim = plain[0]
    frame, context, extent = maps.province_frame(map_layers, "64.02", load_processed()["evaluasi"],
                                                 2023)
    lo, hi = maps.value_range(load_processed()["evaluasi"], 2023)
    assert np.array_equal(kaltim.image,
                          pm.province_backdrop(frame, context, extent, lo, hi).image)


def test_map_section_kutai_kartanegara(monkeypatch):
    shown = []
    ctx = load_context("64.02", "en")                    # builds what changed, first
    monkeypatch.setattr(common, "display", lambda *objs, **kw: shown.extend(objs))

    def drawn_again(*args, **kwargs):
        raise AssertionError("the build drew this backdrop already")
    # the report draws only its regency: both backdrops come from the build (latar_peta_en.zip)
    monkeypatch.setattr(pm, "locator_backdrop", drawn_again)
    monkeypatch.setattr(pm, "province_backdrop", drawn_again)
    out = maps_section.section(ctx).record
    assert out == {"peta": ["lokasi", "provinsi"], "tahun": 2023, "n_provinsi": 10,
                   "n_dievaluasi_provinsi": 7}
    figs = [o for o in shown if isinstance(o, matplotlib.figure.Figure)]
    assert len(figs) == 2
    text = "\n".join(o.data for o in shown if isinstance(getattr(o, "data", None), str))
    assert "## Maps" in text and "7 of the province's 10 regencies" in text
    # the source line is in the pixels of the English layer the build drew (latar_peta_en.zip)
    assert not any("Boundaries: cahyadsn" in t for t in _texts(figs[1]))
    layer = pm_backdrop.read(ctx.processed_dir + "/" + maps.backdrop_file("en"),
                             maps.province_key("64.02", 2023, "en"))
    assert layer.meta["texts"][1].startswith("Boundaries: cahyadsn")


def test_map_variable_evaluation_profile_and_readiness():
    from analysis.reports.map_variables import map_variable
    final = map_variable("nilai_final", 2023)
    # Lampiran II: 130 evaluated regencies (11 listed with zeros are not values)
    assert len(final.values) == 130 and final.values["64.02"] == 2.82
    assert final.illustrative is False and final.year == 2023
    ipm = map_variable("ipm_2021", lang="en")
    assert len(ipm.values) == 142 and ipm.values["64.02"] == 74.06 and ipm.year is None
    ready = map_variable("indeks_kesiapan")
    assert ready.illustrative is True and len(ready.values) == 142


def test_map_variable_refuses_unknown_variable_and_year():
    from analysis.reports.map_variables import MapVariableError, map_variable
    with pytest.raises(MapVariableError, match="unknown variable 'nilai'"):
        map_variable("nilai", 2023)
    with pytest.raises(MapVariableError,
                       match=r"no evaluation for year 2021; years \[2022, 2023\]"):
        map_variable("nilai_final", 2021)


def test_variable_map_says_illustrative_on_the_map_for_readiness_only():
    from analysis.reports.map_variables import variable_map
    fig, mv = variable_map("indeks_kesiapan", highlight="64.02")
    assert "DATA ILUSTRATIF" in [t.get_text() for t in fig.axes[0].texts]
    outline = _collections(fig)[1]
    assert len(outline.get_paths()) == 1 and to_hex(outline.get_edgecolor()[0]) == pm.MARK
    fig2, _ = variable_map("nilai_final", 2023)
    assert not any("ILUSTRATIF" in t for t in _texts(fig2))
