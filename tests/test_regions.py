"""Region-name matching: normalisation, kabupaten/kota, aliases, provinces, ambiguity."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.data.regions import (PROVINCES, is_java, load_aliases, match_regions, name_key,
                                   province_code, split_prefix)
from analysis.data.raw_tables import load_profiles
from analysis.paths import PACKAGE_DIR, RAW_DIR


@pytest.fixture(scope="module")
def profiles():
    return load_profiles(RAW_DIR)


def one(names, ref, **kw) -> dict:
    m = match_regions([names] if isinstance(names, str) else names, ref, **kw)
    return m.iloc[-1].to_dict()


@pytest.mark.parametrize("a,b", [("Kota Bau Bau", "Kota Baubau"), ("Kota Bau-Bau", "KOTA BAUBAU"),
                                 ("Tanjung Pinang", "Tanjungpinang"),
                                 ("Gunung  Kidul", "Gunungkidul")])
def test_name_key_ignores_case_spacing_and_hyphens(a, b):
    assert name_key(split_prefix(a)[1]) == name_key(split_prefix(b)[1])


@pytest.mark.parametrize("text,kind,rest", [
    ("Kab. Malang", "kabupaten", "Malang"), ("KABUPATEN  MALANG", "kabupaten", "MALANG"),
    ("Kab Malang", "kabupaten", "Malang"), ("Kota Malang", "kota", "Malang"),
    ("Kota Adm. Jakarta Selatan", "kota", "Jakarta Selatan"), ("Malang", None, "Malang"),
    ("Kotamobagu", None, "Kotamobagu"),  # a name starting with "Kota", not the prefix
])
def test_split_prefix(text, kind, rest):
    assert split_prefix(text) == (kind, rest)


def test_every_profile_name_matches_its_own_code_in_several_spellings(profiles):
    names = profiles["nama"].tolist()
    variants = names + [n.upper().replace("KABUPATEN ", "KAB. ") for n in names]
    m = match_regions(variants, profiles, convention="unknown")
    assert (m["status"] == "matched").all()
    expected = dict(zip(profiles["nama"], profiles["kode_kemendagri"])) | {
        n.upper().replace("KABUPATEN ", "KAB. "): c
        for n, c in zip(profiles["nama"], profiles["kode_kemendagri"])}
    assert dict(zip(m["region"], m["kode_kemendagri"])) == expected


def test_bare_malang_is_the_kabupaten_by_bps_convention(profiles):
    m = match_regions(["Malang", "Kota Malang", "Batu", "Kota Batu"], profiles)
    got = dict(zip(m["region"], zip(m["status"], m["kode_kemendagri"])))
    assert got["Malang"] == ("matched", "35.07")
    assert got["Kota Malang"] == ("matched", "35.73")
    assert got["Kota Batu"] == ("matched", "35.79")
    # bare "Batu" means Kabupaten Batu under the convention; only Kota Batu exists: not guessed
    assert got["Batu"][0] == "unmatched" and pd.isna(got["Batu"][1])


def test_bare_name_is_ambiguous_when_the_file_writes_kab_prefixes(profiles):
    m = match_regions(["Kab. Malang", "Malang"], profiles)  # auto → convention unknown
    row = m.set_index("region").loc["Malang"]
    assert row["status"] == "ambiguous"
    assert set(row["candidates"].split(";")) == {"35.07", "35.73"}
    assert pd.isna(row["kode_kemendagri"])


def test_alias_toba_samosir_and_pasir(profiles):
    m = match_regions(["Toba Samosir", "Kabupaten Pasir", "Kota Toba Samosir"], profiles,
                      convention="bps")
    got = m.set_index("region")
    assert (got.loc["Toba Samosir", "kode_kemendagri"], got.loc["Toba Samosir", "method"]) == \
        ("12.12", "alias")
    assert got.loc["Kabupaten Pasir", "kode_kemendagri"] == "64.01"
    assert got.loc["Kota Toba Samosir", "status"] == "unmatched"  # alias is for the kabupaten


def test_alias_table_codes_and_names_exist_in_the_national_list():
    # BPS tables cover all 514 kabupaten/kota, so aliases may name any of them (not only the
    # regencies with a profile): each must be a code and official name of the national list.
    al = load_aliases()
    national = pd.read_csv(PACKAGE_DIR / "data" / "kode_kabkota_kemendagri.csv",
                           dtype=str).set_index("kode_kemendagri")
    for _, a in al.iterrows():
        assert national.loc[a["kode_kemendagri"], "nama"] == a["nama_baku"]
        assert national.loc[a["kode_kemendagri"], "jenis"] == a["jenis"]


def test_national_and_provinces_are_kept_apart(profiles):
    names = ["INDONESIA", "JAWA TIMUR", "DI YOGYAKARTA", "KEP. RIAU", "Provinsi Jawa Barat",
             "PAPUA BARAT DAYA", "Kalimantan Timur"]
    m = match_regions(names, profiles).set_index("region")
    assert m.loc["INDONESIA", "level"] == "national"
    assert m.loc["JAWA TIMUR", ["level", "kode_provinsi"]].tolist() == ["province", "35"]
    assert m.loc["DI YOGYAKARTA", "kode_provinsi"] == "34"
    assert m.loc["KEP. RIAU", "kode_provinsi"] == "21"
    assert m.loc["Provinsi Jawa Barat", "kode_provinsi"] == "32"
    assert m.loc["PAPUA BARAT DAYA", "kode_provinsi"] == "96"
    assert m.loc["Kalimantan Timur", "level"] == "province"  # no regency has this name
    assert m["kode_kemendagri"].isna().all()


def test_title_case_province_name_that_is_also_a_regency_is_ambiguous():
    ref = pd.DataFrame({"kode_kemendagri": ["75.01", "75.71"],
                        "nama": ["Kabupaten Gorontalo", "Kota Gorontalo"],
                        "jenis": ["kabupaten", "kota"]})
    assert one("GORONTALO", ref)["level"] == "province"
    row = one("Gorontalo", ref)
    assert row["status"] == "ambiguous" and "75.01" in row["candidates"]
    assert one("Kota Gorontalo", ref)["kode_kemendagri"] == "75.71"


def test_duplicate_names_in_reference_are_ambiguous_not_guessed():
    ref = pd.DataFrame({"kode_kemendagri": ["11.01", "22.01"],
                        "nama": ["Kabupaten Sama", "Kabupaten Sama"],
                        "jenis": ["kabupaten", "kabupaten"]})
    row = one("Sama", ref)
    assert row["status"] == "ambiguous" and row["candidates"] == "11.01;22.01"


def test_unmatched_names_are_reported_with_a_reason(profiles):
    m = match_regions(["Nias", "Kabupaten Sukabumi", "Sukabumi"], profiles, convention="bps")
    m = m.set_index("region")
    assert (m["status"] == "unmatched").all()
    assert "32.72" in m.loc["Kabupaten Sukabumi", "note"]  # the city exists, not matched across
    assert "32.72" in m.loc["Sukabumi", "note"]
    # in a file that writes "Kab. X", a bare name with a single (city) candidate is not decided
    m2 = match_regions(["Kab. Malang", "Sukabumi"], profiles).set_index("region")
    assert m2.loc["Sukabumi", "status"] == "ambiguous"
    assert m2.loc["Sukabumi", "candidates"] == "32.72"


def test_province_codes_and_java():
    assert len(PROVINCES) == 38
    assert province_code("Daerah Istimewa Yogyakarta") == province_code("DI Yogyakarta") == "34"
    assert is_java("Daerah Istimewa Yogyakarta") and is_java("DKI Jakarta") and is_java("Banten")
    assert not is_java("Bali") and not is_java("Kalimantan Timur")


def test_java_flag_on_profiles_counts(profiles):
    java = {"Banten", "Jawa Barat", "Jawa Tengah", "Daerah Istimewa Yogyakarta", "Jawa Timur",
            "DKI Jakarta"}
    expected = profiles["provinsi"].isin(java).sum()
    assert profiles["provinsi"].map(is_java).sum() == expected == 4 + 12 + 26 + 5 + 21
