"""The BPS panel (analysis/data/panel.py) against independent expectations: the coverage table
and the spot checks of bps_panel_README.md (BPS releases), the project's national code list and
boundaries, the BPS IPM formula (DOMAIN.md §6) by hand, and bad input."""
from __future__ import annotations

import json
import math
import shutil

import numpy as np
import pandas as pd
import pytest

from analysis.correlations.data import profile_frame
from analysis.data import panel as P
from analysis.data.raw_tables import load_profiles
from analysis.errors import DataValidationError
from analysis.paths import PACKAGE_DIR, RAW_DIR
from tests.conftest import replace_in

FILES = (P.CROSSWALK_FILE, P.IPM_FILE, P.POVERTY_LINE_FILE, P.ECONOMY_FILE, P.PROVINCE_FILE)


@pytest.fixture(scope="module")
def panel():
    return P.read_panel(RAW_DIR)


@pytest.fixture(scope="module")
def regions():
    return P.read_regions(RAW_DIR)


@pytest.fixture
def panel_dir(tmp_path):
    """The panel files alone, in a directory without a manifest (safe to corrupt)."""
    for name in FILES:
        shutil.copy(RAW_DIR / name, tmp_path / name)
    return tmp_path


def value(panel, kode, variabel, tahun):
    sel = panel[(panel.kode == kode) & (panel.variabel == variabel) & (panel.tahun == tahun)]
    assert len(sel) == 1, (kode, variabel, tahun)
    return sel["nilai"].iloc[0]


def test_panel_columns_types_and_no_missing_rows(panel):
    assert list(panel.columns) == P.PANEL_COLUMNS
    assert panel["nilai"].notna().all() and panel["nilai"].dtype == float
    assert panel["tahun"].dtype.kind == "i"
    assert all(isinstance(c, str) for c in panel["kode"].head(50))
    assert all(isinstance(c, str) for c in panel["kode_bps"].head(50))
    assert set(panel["variabel"]) == set(P.VARIABLES)
    assert not panel.duplicated(["kode", "variabel", "tahun"]).any()
    ipm_series = panel[panel.variabel.isin(["ipm", "uhh", "hls", "rls", "pengeluaran"])]
    assert set(ipm_series["seri"]) == {"ipm_metode_baru"}
    assert set(panel.loc[panel.variabel == "pdrb", "seri"]) == {"pdrb_adhk2010"}


def test_coverage_is_the_readme_table(panel):
    # Regencies with a value per year, as bps_panel_README.md tabulates them.
    n = panel.groupby(["variabel", "tahun"])["kode"].nunique().unstack(fill_value=0)
    assert n.loc["ipm", [2010, 2011, 2012, 2013, 2014, 2024]].tolist() == [484, 497, 497, 511,
                                                                        514, 514]
    assert n.loc["rls", 2019] == 0 and n.loc["rls", 2018] == 514 and n.loc["rls", 2023] == 508
    assert n.loc["uhh"].loc[lambda s: s > 0].to_dict() == {2020: 514, 2021: 514, 2022: 514,
                                                          2023: 508, 2024: 514}
    assert n.loc["pengeluaran"].loc[lambda s: s > 0].index.min() == 2015
    assert n.loc["garis_kemiskinan", [2010, 2015, 2016]].tolist() == [497, 511, 514]
    assert n.loc["tpt"].loc[lambda s: s > 0].to_dict() == {2018: 514, 2019: 514, 2020: 514}
    assert n.loc["pdrb"].loc[lambda s: s > 0].index.tolist() == list(range(2010, 2021))
    assert (n.loc["pdrb_per_kapita"] == 514).all()
    missing_2023 = set(panel[(panel.variabel == "ipm") & (panel.tahun == 2023)]["kode"]) - set(
        panel[(panel.variabel == "uhh") & (panel.tahun == 2023)]["kode"])
    names = P.read_regions(RAW_DIR).set_index("kode").loc[sorted(missing_2023), "nama"]
    assert {n.replace("Kabupaten ", "") for n in names} == {
        "Klaten", "Sukoharjo", "Wonogiri", "Karanganyar", "Sragen", "Grobogan"}


def test_crosswalk_codes_are_the_national_list_and_the_boundaries(regions):
    national = pd.read_csv(PACKAGE_DIR / "data" / "kode_kabkota_kemendagri.csv", dtype=str)
    geo = json.loads((RAW_DIR / "batas_kabkota.geojson").read_text(encoding="utf-8"))
    boundary = {f["properties"]["kode_kemendagri"] for f in geo["features"]}
    assert len(regions) == 514 and regions["kode"].is_unique
    assert set(regions["kode"]) == set(national["kode_kemendagri"]) == boundary
    # jenis and the 2025 province as in the national list (whose Jakarta and Yogyakarta carry
    # their long names)
    nat = national.set_index("kode_kemendagri")
    reg = regions.set_index("kode")
    assert (reg["jenis"] == nat.loc[reg.index, "jenis"]).all()
    assert (reg["nama"] == nat.loc[reg.index, "nama"]).all()
    assert regions["jenis"].value_counts().to_dict() == {"kabupaten": 416, "kota": 98}


def test_code_pairs_and_region_columns(regions):
    r = regions.set_index("kode")
    assert list(regions.columns) == P.REGION_COLUMNS
    assert r.loc["64.02", ["kode_bps", "nama"]].tolist() == ["6403", "Kabupaten Kutai Kartanegara"]
    assert r.loc["62.06", ["kode_bps", "nama"]].tolist() == ["6209", "Kabupaten Katingan"]
    assert r.loc["64.01", "kode_bps"] == "6401"           # Paser: here the numbers agree
    assert r.loc["31.01", "jenis"] == "kabupaten"         # Kepulauan Seribu
    assert r.loc["95.08", ["kode_bps", "kode_bps_2023", "provinsi"]].tolist() == \
        ["9429", "9701", "Papua Pegunungan"]              # Nduga, moved in the 2022 split
    assert regions["pulau_jawa"].dtype == bool
    java_by_code = regions["kode"].str[:2].astype(int).between(31, 36)
    assert (regions["pulau_jawa"] == java_by_code).all() and regions["pulau_jawa"].sum() == 119
    assert r.loc["64.02", "pulau"] == "Kalimantan" and r.loc["95.08", "pulau"] == "Papua"
    assert r.loc["52.01", "pulau"] == "Bali-Nusa Tenggara" and r.loc["21.71", "pulau"] == \
        "Sumatera"
    assert (regions["kode_provinsi"] == regions["kode"].str[:2]).all()
    changed = regions[regions.kode_bps != regions.kode_bps_2023]
    assert len(changed) == 26 and set(changed["kode_provinsi"]) <= {"93", "94", "95", "96"}


@pytest.mark.parametrize("kode,variabel,tahun,published", [
    ("64.02", "ipm", 2019, 73.78), ("64.02", "ipm", 2020, 73.59), ("64.02", "ipm", 2021, 74.06),
    ("64.02", "ipm", 2024, 75.91), ("64.02", "uhh", 2020, 72.34),
    ("64.02", "pengeluaran", 2019, 11152.0), ("64.02", "tpt", 2020, 5.70),
    ("62.06", "ipm", 2010, 63.25), ("62.06", "ipm", 2019, 68.55), ("62.06", "ipm", 2020, 68.68),
    ("62.06", "uhh", 2020, 65.78), ("64.72", "ipm", 2019, 80.20), ("64.11", "ipm", 2019, 67.58),
    ("11.71", "ipm", 2022, 86.28)])
def test_spot_values_published_by_bps(panel, kode, variabel, tahun, published):
    # The README's spot checks: BPS releases and news pages quoting BPS (Samarinda 64.72,
    # Mahakam Ulu 64.11, Banda Aceh 11.71).
    assert value(panel, kode, variabel, tahun) == pytest.approx(published, abs=1e-9)


def test_province_panel_spot_values_and_papua_note():
    prov = P.read_province_panel(RAW_DIR)
    assert list(prov.columns) == P.PROVINCE_COLUMNS
    got = prov.set_index(["kode_provinsi_bps", "variabel", "tahun"])["nilai"]
    # Kaltim (BPS 64) 2019/2020/2021/2024 and Kalteng (62) 2010/2019/2020, as published
    assert [got[("64", "ipm", y)] for y in (2019, 2020, 2021, 2024)] == [76.61, 76.24, 76.88,
                                                                          78.83]
    assert [got[("62", "ipm", y)] for y in (2010, 2019, 2020)] == [65.96, 70.91, 71.05]
    assert prov.loc[prov.kode_provinsi_bps == "00", "nama"].unique().tolist() == ["INDONESIA"]
    papua = prov[(prov.nama == "PAPUA") & (prov.variabel == "ipm")].set_index("tahun")
    assert (papua.loc[2022:, "catatan"] != "").all() and (papua.loc[:2021, "catatan"] == "").all()


def ipm_by_hand(uhh, hls, rls, pengeluaran_ribu):
    """BPS IPM (DOMAIN.md §6): health (UHH-20)/65, education (HLS/18 + RLS/15)/2, expenditure
    (ln P - ln 1,007,436)/(ln 26,572,352 - ln 1,007,436), P in rupiah; 100 x cube root."""
    health = (uhh - 20) / 65
    education = (hls / 18 + rls / 15) / 2
    spend = ((math.log(pengeluaran_ribu * 1000) - math.log(1_007_436))
             / (math.log(26_572_352) - math.log(1_007_436)))
    return 100 * (health * education * spend) ** (1 / 3)


def test_published_ipm_agrees_with_its_components_2020_2024(panel):
    wide = panel[panel.tahun >= 2020].pivot_table(index=["kode", "tahun"], columns="variabel",
                                                  values="nilai")
    wide = wide.dropna(subset=["ipm", "uhh", "hls", "rls", "pengeluaran"])
    assert len(wide) == 514 * 5 - 6                   # the six 2023 gaps of source B
    mine = np.array([ipm_by_hand(r.uhh, r.hls, r.rls, r.pengeluaran)
                     for r in wide.itertuples()])
    diff = np.abs(mine - wide["ipm"].to_numpy())
    assert diff.max() < 0.01, wide.index[diff.argmax()]


def test_profiles_ipm_2021_is_the_published_one():
    # The profile table's BPS codes and its ipm_2021 agree with the panel for all 142 rows
    # (the published IPM 2021 equals the value once recomputed from the components).
    prof = load_profiles(RAW_DIR)
    regions = P.read_regions(RAW_DIR).set_index("kode")
    assert (prof["kode_bps"] == regions.loc[prof["kode_kemendagri"], "kode_bps"].to_numpy()).all()
    out = P.with_published_ipm(prof, P.read_panel(RAW_DIR, variables=["ipm"]), 2021)
    assert out.attrs["ipm_published"] == 142 and out.attrs["ipm_max_change"] == 0.0


def test_with_published_ipm_on_a_hand_made_frame():
    profiles = pd.DataFrame({"kode_kemendagri": ["64.02", "62.06", "99.99", "64.02"],
                             "ipm_2021": [70.00, 69.50, 60.00, np.nan],
                             "vintase": ["2025", "2025", "2025", "2020"]})
    panel = pd.DataFrame({"kode": ["64.02", "62.06", "64.02"], "variabel": ["ipm"] * 3,
                          "tahun": [2021, 2021, 2020], "nilai": [74.06, 69.47, 73.59]})
    out = P.with_published_ipm(profiles, panel, 2021)
    # published where both exist; the unknown regency keeps its own; the vintage without IPM
    # stays without
    assert out["ipm_2021"].tolist()[:3] == [74.06, 69.47, 60.00]
    assert math.isnan(out["ipm_2021"].iloc[3])
    assert out.attrs["ipm_published"] == 2
    assert out.attrs["ipm_max_change"] == pytest.approx(4.06)
    assert profiles["ipm_2021"].iloc[0] == 70.00           # input untouched


def test_profile_frame_takes_ipm_from_the_panel(raw_copy):
    # A profile whose ipm_2021 differs from BPS's publication: the published value is used.
    replace_in(raw_copy / "profil_wilayah.csv", "11048.0,74.06", "11048.0,70.00")
    assert load_profiles(raw_copy).set_index("kode_kemendagri").loc["64.02", "ipm_2021"] == 70.0
    frame = profile_frame(raw_copy).set_index("kode_kemendagri")
    assert frame.loc["64.02", "ipm_2021"] == 74.06
    from analysis.processed.base_tables import profile_table
    from analysis.processed.spec import Sources
    table = profile_table(Sources.from_dir(raw_copy), {})
    cur = table[(table.kode_kemendagri == "64.02") & (table.vintase == "2025")]
    assert cur["ipm_2021"].tolist() == [74.06]
    assert table[table.vintase == "2020"]["ipm_2021"].isna().all()


def test_without_the_panel_profiles_keep_their_ipm(raw_copy):
    for name in P.IPM_INPUTS:
        (raw_copy / name).unlink()
    assert not P.has_panel(raw_copy)
    prof = load_profiles(raw_copy)
    assert P.profiles_with_published_ipm(prof, raw_copy) is prof
    with pytest.raises(P.PanelMissingError, match=P.CROSSWALK_FILE):
        P.read_regions(raw_copy)


def test_unknown_variable_is_refused():
    with pytest.raises(Exception, match="unknown panel variable"):
        P.read_panel(RAW_DIR, variables=["ipm", "kemiskinan"])


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path, start):
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(start):
            return n
    raise AssertionError(start)


@pytest.mark.parametrize("name,old,new,column,rule", [
    (P.IPM_FILE, "6403,Kutai Kartanegara,2019,73.78", "6499,Kutai Kartanegara,2019,73.78",
     "kode_bps", "not in the crosswalk"),
    (P.IPM_FILE, "6403,Kutai Kartanegara,2019,73.78", "6403,Kutai Barat,2019,73.78",
     "nama", "differs from the crosswalk"),
    (P.IPM_FILE, "6403,Kutai Kartanegara,2019,73.78", "6403,Kutai Kartanegara,2019,7x.78",
     "ipm_indeks", "not a number"),
    (P.ECONOMY_FILE, "6403,Kutai Kartanegara,2020,5.70", "6403,Kutai Kartanegara,2020,570",
     "tpt_agustus_persen", "above the maximum"),
    (P.POVERTY_LINE_FILE, "6403,Kutai Kartanegara,2019,", "6403,Kutai Kartanegara,2018,",
     "kode_bps+tahun", "duplicate"),
])
def test_bad_panel_values_name_file_row_column(panel_dir, name, old, new, column, rule):
    path = panel_dir / name
    row = _line_of(path, old)
    _edit(path, old, new)
    with pytest.raises(DataValidationError) as exc:
        P.read_panel(panel_dir)
    e = exc.value
    assert (e.file, e.row, e.column) == (str(path), row, column) and rule in e.rule, str(e)


@pytest.mark.parametrize("old,new,column,rule", [
    ("6403,6403,Kutai Kartanegara,kabupaten,64,Kalimantan Timur,Kalimantan Timur,False,64.02",
     "6403,6403,Kutai Kartanegara,kabupaten,64,Kalimantan Timur,Kalimantan Timur,True,64.02",
     "pulau_jawa", "Java flag"),
    ("6403,6403,Kutai Kartanegara,kabupaten,64,Kalimantan Timur,Kalimantan Timur,False,64.02",
     "6403,6403,Kutai Kartanegara,kabupaten,64,Kalimantan Timur,Kalimantan Timur,False,62.99",
     "kode_kemendagri", "not in the 2025 province"),
    ("6403,6403,Kutai Kartanegara,kabupaten,64,", "6403,6403,Kutai Kartanegara,kabupaten,62,",
     "kode_bps", "province code"),
    ("6403,6403,Kutai Kartanegara,kabupaten,64,Kalimantan Timur,Kalimantan Timur,False,64.02",
     "6403,6403,Kutai Kartanegara,kabupaten,64,Kalimantan Timur,Kalimantan Timur,False,64.2",
     "kode_kemendagri", "format"),
])
def test_bad_crosswalk_rows_are_refused(panel_dir, old, new, column, rule):
    path = panel_dir / P.CROSSWALK_FILE
    row = _line_of(path, old)
    _edit(path, old, new)
    with pytest.raises(DataValidationError) as exc:
        P.read_regions(panel_dir)
    e = exc.value
    assert (e.file, e.row, e.column) == (str(path), row, column) and rule in e.rule, str(e)
