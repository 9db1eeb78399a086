"""BPS loaders against the fixtures (tests/fixtures/bps, written by make_fixtures.py)."""
from __future__ import annotations

import csv
import importlib.util
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

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
    assert got.loc[(x, "Sukabumi"), "status"] == "unmatched"
    assert got.loc[(x, "Nias"), "status"] == "unmatched"
    c = "penduduk_kabkota.csv"
    assert got.loc[(c, "Gunung Kidul"), "kode_kemendagri"] == "34.03"
    assert got.loc[(c, "Kota Bau Bau"), "kode_kemendagri"] == "74.72"
    assert got.loc[(c, "Toba"), "kode_kemendagri"] == "12.12"
    assert got.loc[(c, "DI YOGYAKARTA"), ["level", "kode_provinsi"]].tolist() == ["province", "34"]
    levels = tidy.drop_duplicates(["source_file", "region"])["level"].value_counts().to_dict()
    assert levels == {"regency": 15, "province": 6, "national": 1}
    # unmatched names keep their rows, with no code
    assert tidy[tidy.region == "Nias"]["kode_kemendagri"].isna().all()
    assert len(tidy[tidy.region == "Nias"]) == 4


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
    out = tmp_path / "bps.csv"
    assert main(["import-bps", str(XLSX), str(CSV), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "'Sukabumi'" in err and "'Nias'" in err and "unmatched" in err
    assert not out.exists()


def test_cli_allow_unmatched_writes_codes_as_text(tmp_path):
    out = tmp_path / "bps.csv"
    assert main(["import-bps", str(XLSX), str(CSV), "--out", str(out), "--allow-unmatched"]) == 0
    with out.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 13 * 4 + 9 * 3
    toba = [r for r in rows if r["region"] == "Toba Samosir"]
    assert {r["kode_kemendagri"] for r in toba} == {"12.12"}
    df = pd.read_csv(out, dtype={"kode_kemendagri": str})
    assert df.loc[df.region == "Kota Batu", "kode_kemendagri"].iloc[0] == "35.79"


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
    assert "ipm_kabkota_old.xlsx: skipped 3 footer note row(s)" in capsys.readouterr().err
    assert len(pd.read_csv(out)) == 13 * 4


def test_old_fixture_generator_reproduces_the_committed_fixture(tmp_path):
    mod = _fixture_module()
    fresh = mod.make_xlsx(tmp_path / "o.xlsx", footer=mod.XLSX_OLD_FOOTER, gap=False)
    pd.testing.assert_frame_equal(read_bps_xlsx(fresh).drop(columns="source_file"),
                                  read_bps_xlsx(OLD_XLSX).drop(columns="source_file"))
