"""BPS loaders against the fixtures (tests/fixtures/bps, written by make_fixtures.py)."""
from __future__ import annotations

import csv
import importlib.util
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.paths import RAW_DIR
from analysis.cli import main
from analysis.data.bps import (TIDY_COLUMNS, import_bps, parse_number, read_bps, read_bps_csv,
                               read_bps_xlsx, split_unit)
from analysis.errors import DataValidationError

FIX = Path(__file__).resolve().parent / "fixtures" / "bps"
XLSX, CSV, PREFIX = FIX / "ipm_kabkota.xlsx", FIX / "penduduk_kabkota.csv", FIX / "kab_prefix.csv"


def value(t, region, variable, year):
    sel = t[(t.region == region) & (t.variable == variable) & (t.year == year)]
    assert len(sel) == 1, (region, variable, year)
    return sel.iloc[0]


@pytest.mark.parametrize("text,expected", [
    ("71.35", 71.35), ("71,35", 71.35), (" 3 712,00 ", 3712.0), ("1.120.709", 1120709.0),
    ("1,120,709", 1120709.0), ("1.120,5", 1120.5), ("1,120.5", 1120.5), (72.5, 72.5),
    ("−0,5", -0.5), ("7", 7.0)])
def test_parse_number(text, expected):
    assert parse_number(text)[0] == pytest.approx(expected)


@pytest.mark.parametrize("text", ["-", "–", "...", "", None, "NA"])
def test_parse_number_missing_markers(text):
    assert math.isnan(parse_number(text)[0])


def test_parse_number_flags_and_rejects_text():
    assert parse_number("76.57*") == (76.57, "*")
    with pytest.raises(ValueError):
        parse_number("tujuh puluh")


def test_split_unit():
    assert split_unit("Jumlah Penduduk (Ribu Jiwa)") == ("Jumlah Penduduk", "Ribu Jiwa")
    assert split_unit("Indeks Pembangunan Manusia (IPM)") == \
        ("Indeks Pembangunan Manusia (IPM)", "")
    assert split_unit("IPM (Metode Baru)") == ("IPM (Metode Baru)", "")
    assert split_unit("Luas (Satuan: km2)") == ("Luas", "km2")


def test_xlsx_fixture_values_missing_and_footer():
    t = read_bps_xlsx(XLSX)
    assert list(t.columns) == TIDY_COLUMNS
    # 13 regions × 2 variables × 2 years; the title line and both footer notes are not data
    assert len(t) == 13 * 4
    assert not t["region"].str.contains("Sumber|Catatan|Umur Harapan").any()
    assert set(t["year"]) == {2021, 2022}
    assert value(t, "Malang", "Umur Harapan Hidup", 2021)["value"] == 72.41   # "72,41" text
    assert value(t, "Kota Malang", "Umur Harapan Hidup", 2022)["value"] == 73.21  # real number
    assert math.isnan(value(t, "Kota Batu", "Umur Harapan Hidup", 2022)["value"])  # "-"
    row = value(t, "Kota Batu", "Indeks Pembangunan Manusia (IPM)", 2022)
    assert (row["value"], row["flag"]) == (76.57, "*")
    assert value(t, "Karo", "Umur Harapan Hidup", 2021)["unit"] == "Tahun"
    assert value(t, "INDONESIA", "Indeks Pembangunan Manusia (IPM)", 2022)["value"] == 72.91
    assert value(t, "Malang", "Umur Harapan Hidup", 2021)["source_row"] == 6  # sheet row
    assert t["value"].isna().sum() == 3


def test_csv_fixture_values_units_and_footer():
    t = read_bps_csv(CSV)
    assert len(t) == 9 * 3
    assert value(t, "JAWA BARAT", "Jumlah Penduduk", 2022)["value"] == pytest.approx(49405.81)
    assert value(t, "Bandung", "Jumlah Penduduk", 2023)["unit"] == "Ribu Jiwa"
    assert value(t, "Toba", "Luas Wilayah", 2023)["unit"] == "km2"
    assert math.isnan(value(t, "Kota Yogyakarta", "Jumlah Penduduk", 2023)["value"])
    assert not t["region"].str.startswith(("Sumber", "Catatan")).any()
    assert value(t, "Kota Bau Bau", "Jumlah Penduduk", 2022)["source_row"] == 11


def test_import_matches_tricky_names_and_levels():
    tidy, m = import_bps([XLSX, CSV])
    got = m.set_index(["source_file", "region"])
    x = "ipm_kabkota.xlsx"
    assert got.loc[(x, "Malang"), "kode_kemendagri"] == "35.07"
    assert got.loc[(x, "Kota Malang"), "kode_kemendagri"] == "35.73"
    assert got.loc[(x, "Kota Bau-Bau"), "kode_kemendagri"] == "74.72"
    assert got.loc[(x, "Toba Samosir"), "kode_kemendagri"] == "12.12"
    assert got.loc[(x, "Kota Tanjungpinang"), "kode_kemendagri"] == "21.72"
    # Names are matched against all 514 kabupaten/kota, not only the regencies with a profile:
    # bare "Sukabumi" is Kabupaten Sukabumi by BPS's convention (Kota Sukabumi is 32.72), and
    # Kabupaten Nias is 12.04 (Kemendagri list), with its BPS 2020 code 1201.
    assert got.loc[(x, "Sukabumi"), ["status", "method", "kode_kemendagri"]].tolist() == \
        ["matched", "bare_kabupaten", "32.02"]
    assert got.loc[(x, "Nias"), ["kode_kemendagri", "kode_bps"]].tolist() == ["12.04", "1201"]
    c = "penduduk_kabkota.csv"
    assert got.loc[(c, "Gunung Kidul"), "kode_kemendagri"] == "34.03"
    assert got.loc[(c, "Kota Bau Bau"), "kode_kemendagri"] == "74.72"
    assert got.loc[(c, "Toba"), "kode_kemendagri"] == "12.12"
    assert got.loc[(c, "DI YOGYAKARTA"), ["level", "kode_provinsi"]].tolist() == ["province", "34"]
    levels = tidy.drop_duplicates(["source_file", "region"])["level"].value_counts().to_dict()
    assert levels == {"regency": 15, "province": 6, "national": 1}
    assert set(tidy[tidy.region == "Nias"]["kode_kemendagri"]) == {"12.04"}
    assert len(tidy[tidy.region == "Nias"]) == 4
    # the fixtures list three regencies under a province that is not theirs: matched by name,
    # each reported once
    warned = tidy.attrs["warnings"]
    assert len(warned) == 3 and all("matched by its name" in w for w in warned)
    assert any("'Kota Tanjungpinang' is listed under SUMATERA UTARA" in w and "Kepulauan Riau"
               in w for w in warned)
    assert any("'Toba' is listed under SULAWESI TENGGARA" in w for w in warned)
    malang = tidy[(tidy.region == "Malang")]
    assert set(malang["listed_under"]) == {"JAWA TIMUR"} and set(malang["kode_bps"]) == {"3507"}


def test_prefixed_file_makes_bare_malang_ambiguous():
    _, m = import_bps([PREFIX])
    row = m.set_index("region").loc["Malang"]
    assert row["status"] == "ambiguous" and set(row["candidates"].split(";")) == {"35.07", "35.73"}


def test_bad_number_names_file_row_and_column(tmp_path):
    bad = tmp_path / "bad.csv"
    text = CSV.read_text(encoding="utf-8").replace('"161.96"', '"161.9x6"')
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(DataValidationError) as e:
        read_bps(bad)
    assert e.value.row == 11 and e.value.column == "Jumlah Penduduk 2022"
    assert e.value.value == "161.9x6"


def test_unknown_format_and_missing_header(tmp_path):
    with pytest.raises(DataValidationError):
        read_bps(tmp_path / "x.ods")
    f = tmp_path / "nohead.csv"
    f.write_text("a,b\nc,d\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match="years"):
        read_bps(f)


def test_cli_fails_on_unmatched_and_writes_nothing(tmp_path, capsys):
    odd = write_csv_export(tmp_path / "odd.csv", [("JAWA BARAT", "1", "2"),
                                                   ("Kota Atlantis", "3", "4"),
                                                   ("Sukabumi Raya", "5", "6")])
    out = tmp_path / "bps.csv"
    assert main(["import-bps", str(XLSX), str(odd), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "'Kota Atlantis'" in err and "'Sukabumi Raya'" in err and "unmatched" in err
    assert "'Sukabumi'" not in err
    assert not out.exists()


def test_cli_allow_unmatched_writes_codes_as_text(tmp_path):
    out = tmp_path / "bps.csv"
    odd = write_csv_export(tmp_path / "odd.csv", [("Kota Atlantis", "3", "4")])
    assert main(["import-bps", str(XLSX), str(CSV), str(odd), "--out", str(out),
                 "--allow-unmatched"]) == 0
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 13 * 4 + 9 * 3 + 2
    toba = [r for r in rows if r["region"] == "Toba Samosir"]
    assert {r["kode_kemendagri"] for r in toba} == {"12.12"}
    assert {(r["kode_kemendagri"], r["match_status"]) for r in rows
            if r["region"] == "Kota Atlantis"} == {("", "unmatched")}
    df = pd.read_csv(out, dtype={"kode_kemendagri": str, "kode_bps": str})
    assert df.loc[df.region == "Kota Batu", "kode_kemendagri"].iloc[0] == "35.79"
    assert df.loc[df.region == "Kota Batu", "kode_bps"].iloc[0] == "3579"


def test_cli_passes_when_all_names_match(tmp_path):
    out = tmp_path / "bps.csv"
    assert main(["import-bps", str(CSV), "--out", str(out)]) == 0
    assert out.exists()


def test_fixture_generator_reproduces_the_committed_fixtures(tmp_path):
    spec = importlib.util.spec_from_file_location("make_fixtures", FIX / "make_fixtures.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.make_csv(tmp_path / "p.csv").read_bytes() == CSV.read_bytes()
    fresh = read_bps_xlsx(mod.make_xlsx(tmp_path / "i.xlsx")).drop(columns="source_file")
    pd.testing.assert_frame_equal(fresh, read_bps_xlsx(XLSX).drop(columns="source_file"))
    assert np.isfinite(fresh["value"]).sum() == 49


OLD_XLSX = FIX / "ipm_kabkota_old.xlsx"


def _fixture_module():
    spec = importlib.util.spec_from_file_location("make_fixtures", FIX / "make_fixtures.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_old_xlsx_download_footers_are_skipped_and_counted():
    # The three notes of the old download ("Untuk penjelasan ...", "Source Url", "Access Time"),
    # merged over A:E right below the table: the same 13 regions x 4 values as the other XLSX.
    t = read_bps_xlsx(OLD_XLSX)
    assert len(t) == 13 * 4
    assert t.attrs["footer_rows"] == 3
    assert not t["region"].str.contains("Untuk|Source|Access").any()
    assert value(t, "Nias", "Indeks Pembangunan Manusia (IPM)", 2022)["value"] == 61.65
    pd.testing.assert_frame_equal(t.drop(columns="source_file"),
                                  read_bps_xlsx(XLSX).drop(columns="source_file"))


def test_old_xlsx_bad_value_inside_the_table_is_still_rejected(tmp_path):
    mod = _fixture_module()
    rows = list(mod.XLSX_ROWS)
    rows[2] = ("Malang", "72,41", "tujuh", "71.93", "72.59")  # sheet row 6, UHH 2022
    path = mod.make_xlsx(tmp_path / "bad.xlsx", rows=rows, footer=mod.XLSX_OLD_FOOTER, gap=False)
    with pytest.raises(DataValidationError) as exc:
        read_bps_xlsx(path)
    msg = str(exc.value)
    for part in ["bad.xlsx", "row 6", "Umur Harapan Hidup 2022", "'tujuh'", "not a number"]:
        assert part in msg, (part, msg)


def test_cli_says_how_many_footer_rows_were_skipped(tmp_path, capsys):
    out = tmp_path / "bps.csv"
    assert main(["import-bps", str(OLD_XLSX), "--out", str(out), "--allow-unmatched"]) == 0
    err = capsys.readouterr().err
    assert "ipm_kabkota_old.xlsx: skipped 3 footer note row(s)" in err
    assert "warning: ipm_kabkota_old.xlsx: row 14: 'Kota Tanjungpinang' is listed under" in err
    assert len(pd.read_csv(out)) == 13 * 4


def test_old_fixture_generator_reproduces_the_committed_fixture(tmp_path):
    mod = _fixture_module()
    fresh = mod.make_xlsx(tmp_path / "o.xlsx", footer=mod.XLSX_OLD_FOOTER, gap=False)
    pd.testing.assert_frame_equal(read_bps_xlsx(fresh).drop(columns="source_file"),
                                  read_bps_xlsx(OLD_XLSX).drop(columns="source_file"))


# --- Papua's 2022 split: old and new layouts give today's codes, nothing counted twice -------
# Hand-made exports in BPS's two layouts; the numbers are test values, not official figures.
# Expected codes are those of the Kemendagri 2025 list (analysis/data/kode_kabkota_kemendagri.csv).

TODAY = {"Sorong": "96.01", "Kota Sorong": "96.71", "Manokwari": "92.02", "Merauke": "93.01",
         "Nduga": "95.08", "Jayapura": "91.03", "Kota Jayapura": "91.71"}


def write_csv_export(path, rows, years=("2022", "2023"), variable="Indeks Pembangunan Manusia"):
    """A newer BPS CSV export: label row, title with unit, years, data, a footer note."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, quoting=csv.QUOTE_ALL)
        w.writerow(["Kabupaten/Kota", variable] + [""] * (len(years) - 1))
        w.writerow(["", f"{variable} menurut Kabupaten/Kota (Indeks)"] + [""] * (len(years) - 1))
        w.writerow(["", *years])
        for row in rows:
            w.writerow(row)
        w.writerow(["Sumber: Badan Pusat Statistik (nilai uji)"] + [""] * len(years))
    return path


def write_xlsx_export(path, rows, years=(2020, 2021)):
    """An older BPS XLSX export: a title, the variable merged over its years, the years, data."""
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    n = len(years)
    ws.append(["[Metode Baru] Indeks Pembangunan Manusia menurut Kabupaten/Kota"] + [None] * n)
    ws.append(["Provinsi/Kabupaten/Kota", "Indeks Pembangunan Manusia"] + [None] * (n - 1))
    ws.append([None, *[str(y) for y in years]])
    ws.merge_cells(start_row=2, start_column=1, end_row=3, end_column=1)
    ws.merge_cells(start_row=2, start_column=2, end_row=2, end_column=1 + n)
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


OLD_ROWS = [  # before the split: everything under PAPUA BARAT / PAPUA
    ("INDONESIA", "71.94", "72.29"), ("PAPUA BARAT", "65.09", "65.26"),
    ("Sorong", "63.25", "63.50"), ("Manokwari", "71.10", "71.36"), ("Kota Sorong", "77.35", "-"),
    ("PAPUA", "60.44", "60.62"), ("Merauke", "70.09", "70.32"), ("Nduga", "31.55", "32.84"),
    ("Jayapura", "72.19", "72.48"), ("Kota Jayapura", "79.94", "80.11")]
NEW_ROWS = [  # from 2022: the moved regencies under the old province and again the new one
    ("INDONESIA", "72.91", "73.55"), ("PAPUA BARAT", "65.16", "66.16"),
    ("Manokwari", "71.80", "72.40"), ("Sorong", "64.20", "64.90"), ("Kota Sorong", "78.10", "-"),
    ("PAPUA BARAT DAYA", "67.59", "68.05"), ("Sorong", "64.20", "64.90"),
    ("Kota Sorong", "78.10", "-"),
    ("PAPUA", "71.76", "72.41"), ("Jayapura", "72.90", "73.40"),
    ("Kota Jayapura", "80.40", "80.90"), ("Merauke", "70.60", "71.20"), ("Nduga", "33.10", "34.02"),
    ("PAPUA SELATAN", "65.74", "67.27"), ("Merauke", "70.60", "71.20"),
    ("PAPUA PEGUNUNGAN", "51.70", "52.31"), ("Nduga", "33.10", "34.02")]


def regency_values(tidy):
    reg = tidy[tidy.level == "regency"]
    return {(r.region, r.kode_kemendagri, r.year): r.value for r in reg.itertuples()}


def test_old_layout_papua_regencies_get_todays_codes(tmp_path):
    old = write_xlsx_export(tmp_path / "ipm_2021.xlsx", OLD_ROWS)
    tidy, m = import_bps([old])
    got = m.set_index("region")
    assert (got["status"] == "matched").all()
    assert {n: got.loc[n, "kode_kemendagri"] for n in TODAY} == TODAY
    assert got.loc["Nduga", ["kode_bps", "kode_bps_2023"]].tolist() == ["9429", "9701"]
    assert tidy.attrs["warnings"] == [] and tidy.attrs["repeats_dropped"] == 0
    assert len(regency_values(tidy)) == 7 * 2
    nduga = tidy[tidy.region == "Nduga"].set_index("year")
    assert nduga.loc[2021, ["kode_kemendagri", "listed_under", "value"]].tolist() == \
        ["95.08", "PAPUA", 32.84]
    # PAPUA and PAPUA BARAT before 2022 are the provinces before the split: no 2025 code
    prov = tidy[tidy.level == "province"]
    assert prov["kode_provinsi"].isna().all() and prov["note"].str.contains("split").all()
    assert "Papua Pegunungan" in prov.loc[prov.region == "PAPUA", "note"].iloc[0]


def test_new_layout_listed_twice_is_kept_once_under_the_new_province(tmp_path):
    new = write_csv_export(tmp_path / "ipm_2023.csv", NEW_ROWS)
    tidy, _ = import_bps([new])
    vals = regency_values(tidy)
    # 7 regencies x 2 years, each once; Sorong, Kota Sorong, Merauke and Nduga were listed twice
    assert len(vals) == 7 * 2 and tidy.attrs["repeats_dropped"] == 4 * 2
    assert not tidy[tidy.level == "regency"].duplicated(["kode_kemendagri", "year"]).any()
    kept = tidy[tidy.level == "regency"].drop_duplicates("region").set_index("region")
    assert kept.loc["Nduga", "listed_under"] == "PAPUA PEGUNUNGAN"
    assert kept.loc["Sorong", "listed_under"] == "PAPUA BARAT DAYA"
    assert kept.loc["Merauke", "listed_under"] == "PAPUA SELATAN"
    assert kept.loc["Jayapura", "listed_under"] == "PAPUA"          # stayed in Papua
    assert vals[("Nduga", "95.08", 2023)] == 34.02
    assert math.isnan(vals[("Kota Sorong", "96.71", 2023)])          # '-' in both copies
    # from 2022 PAPUA is today's province 91; nothing noted
    papua = tidy[tidy.region == "PAPUA"]
    assert set(papua["kode_provinsi"]) == {"91"} and set(papua["note"]) == {""}
    assert tidy.attrs["warnings"] == []


def test_both_layouts_together_give_one_series_per_regency(tmp_path):
    old = write_xlsx_export(tmp_path / "ipm_2021.xlsx", OLD_ROWS)
    new = write_csv_export(tmp_path / "ipm_2023.csv", NEW_ROWS)
    tidy, _ = import_bps([old, new])
    reg = tidy[tidy.level == "regency"]
    years = reg.groupby("kode_kemendagri")["year"].apply(sorted).to_dict()
    assert years == {code: [2020, 2021, 2022, 2023] for code in TODAY.values()}


def test_new_layout_copies_that_differ_name_both_rows(tmp_path, capsys):
    rows = list(NEW_ROWS)
    rows[-1] = ("Nduga", "33.10", "34.20")     # the copy under PAPUA PEGUNUNGAN differs in 2023
    new = write_csv_export(tmp_path / "ipm_2023.csv", rows)
    with pytest.raises(DataValidationError) as exc:
        import_bps([new])
    msg = str(exc.value)
    # file rows: 3 header rows, then the data (Nduga under PAPUA is data row 13 = line 16,
    # under PAPUA PEGUNUNGAN data row 17 = line 20)
    for part in ["ipm_2023.csv", "row 20", "'Indeks Pembangunan Manusia 2023'", "34.2",
                 "'Nduga' under PAPUA PEGUNUNGAN (ipm_2023.csv row 20)",
                 "'Nduga' under PAPUA (ipm_2023.csv row 16)", "34.02", "95.08"]:
        assert part in msg, (part, msg)
    out = tmp_path / "bps.csv"
    assert main(["import-bps", str(new), "--out", str(out)]) == 2
    assert "row 16" in capsys.readouterr().err and not out.exists()


def test_same_value_in_two_files_is_counted_once(tmp_path):
    a = write_csv_export(tmp_path / "a.csv", [("PAPUA PEGUNUNGAN", "51.70", "52.31"),
                                              ("Nduga", "33.10", "34.02")])
    b = write_csv_export(tmp_path / "b.csv", [("PAPUA", "71.76", "72.41"),
                                              ("Nduga", "34.02", "35.00")], years=("2023", "2024"))
    tidy, _ = import_bps([a, b])
    nduga = tidy[tidy.region == "Nduga"].set_index("year")
    assert sorted(nduga.index) == [2022, 2023, 2024] and tidy.attrs["repeats_dropped"] == 1
    assert nduga.loc[2023, "source_file"] == "a.csv"   # the copy under its 2025 province


def test_regency_listed_under_the_province_it_was_split_from_is_not_warned(tmp_path):
    # Kalimantan Utara (65) was formed from Kalimantan Timur (64) in 2012; older downloads list
    # Bulungan and Tarakan under KALIMANTAN TIMUR.
    f = write_csv_export(tmp_path / "kaltim_2011.csv", [
        ("KALIMANTAN TIMUR", "72.02", "72.62"), ("Bulungan", "70.10", "70.55"),
        ("Kota Tarakan", "75.51", "75.93"), ("Kota Samarinda", "77.60", "77.84")],
        years=("2010", "2011"))
    tidy, m = import_bps([f])
    got = dict(zip(m["region"], m["kode_kemendagri"]))
    assert [got["Bulungan"], got["Kota Tarakan"], got["Kota Samarinda"]] == \
        ["65.01", "65.71", "64.72"]
    assert tidy.attrs["warnings"] == []


def test_a_data_dir_without_the_crosswalk_uses_the_projects(tmp_path):
    (tmp_path / "x").mkdir()
    new = write_csv_export(tmp_path / "ipm_2023.csv", NEW_ROWS)
    tidy, _ = import_bps([new], data_dir=tmp_path / "x")
    assert set(tidy.loc[tidy.region == "Nduga", "kode_kemendagri"]) == {"95.08"}


def test_bps_name_variants_of_the_crosswalk_match():
    from analysis.data.bps import national_reference
    from analysis.data.regions import match_regions
    ref, variants = national_reference(RAW_DIR)
    names = ["KEPULAUAN SERIBU", "Kep. Seribu", "Kepulauan Siau Tagulandang Biaro",
             "MAHAKAM HULU", "Kota Makasar", "Mamuju Utara", "Maluku Tenggara Barat",
             "Pontianak", "Kota Pontianak"]
    m = match_regions(names, ref, "bps", variants=variants).set_index("region")
    assert m["kode_kemendagri"].to_dict() == {
        "KEPULAUAN SERIBU": "31.01", "Kep. Seribu": "31.01",
        "Kepulauan Siau Tagulandang Biaro": "71.09", "MAHAKAM HULU": "64.11",
        "Kota Makasar": "73.71", "Mamuju Utara": "76.01", "Maluku Tenggara Barat": "81.03",
        "Pontianak": "61.02", "Kota Pontianak": "61.71"}
