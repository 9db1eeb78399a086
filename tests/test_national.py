"""The illustrative national data set: real codes, invented but consistent numbers, seeded."""
from __future__ import annotations

import csv
import math
import re

import numpy as np
import pandas as pd
import pytest
import yaml

from analysis.cli import main
from analysis.data.manifest import data_dir_is_illustrative, load_manifest, verify_manifest
from analysis.data.raw_tables import load_evaluation_raw, load_profiles
from analysis.national_data import (DEFAULT_SEED, generate, ipm, load_codes, real_files,
                                   write_national)
from analysis.paths import PROJECT_ROOT, RAW_DIR

SHIPPED = PROJECT_ROOT / "data" / "national"
# Kominfo's dimension weights (DOMAIN.md §3), typed here independently of the framework files.
W2022 = {"baseline": .10, "output": .20, "outcome": .30, "impact": .10, "quick_win": .30}
W2023 = {"KPPN&IKN": {"baseline": .10, "output": .20, "outcome": .20, "impact": .20,
                      "quick_win": .20, "kolaborasi": .10},
         "REGULER": {"baseline": .10, "output": .20, "outcome": .30, "impact": .20,
                     "quick_win": .20}}


@pytest.fixture(scope="module")
def tables():
    return generate(DEFAULT_SEED)


def test_all_514_kemendagri_codes_with_real_names():
    codes = load_codes()
    assert len(codes) == 514 and codes["kode_kemendagri"].is_unique
    assert all(re.fullmatch(r"\d{2}\.\d{2}", c) for c in codes["kode_kemendagri"])
    assert (codes["jenis"] == "kabupaten").sum() == 416 and (codes["jenis"] == "kota").sum() == 98
    assert codes["provinsi"].nunique() == 38
    by = codes.set_index("kode_kemendagri")["nama"]
    assert by["64.02"] == "Kabupaten Kutai Kartanegara" and by["62.06"] == "Kabupaten Katingan"
    assert by["11.10"] == "Kabupaten Aceh Singkil"           # '11.10' kept as text, not 11.1
    with open(RAW_DIR / "profil_wilayah.csv", newline="", encoding="utf-8") as fh:
        shipped = {r["kode_kemendagri"]: r["nama"] for r in csv.DictReader(fh)}
    assert all(by[c] == n for c, n in shipped.items())      # the 142 shipped regencies agree


def test_ipm_formula_by_hand():
    # The validation of the formula is this hand calculation. The shipped ipm_2021 cannot
    # validate it: it was derived from the shipped components (see
    # test_shipped_ipm_2021_is_derived_from_its_components).
    # hand calculation: UHH 70, HLS 13, RLS 8, expenditure Rp 11,000 thousand
    h, e = 50 / 65, (13 / 18 + 8 / 15) / 2
    x = (math.log(11_000_000) - math.log(1_007_436)) / (math.log(26_572_352) - math.log(1_007_436))
    assert ipm(70.0, 13.0, 8.0, 11_000.0) == pytest.approx(100 * (h * e * x) ** (1 / 3))


def test_shipped_ipm_2021_is_derived_from_its_components():
    # Provenance, not validation: all 142 rows match the formula within rounding to two
    # decimals (0.005), tighter than independently rounded BPS publications (max ≈ 0.014), so
    # the column was computed from the components. MANIFEST.yaml and docs/data-log.md say so.
    p = load_profiles(RAW_DIR)
    got = ipm(p["uhh_2021"], p["hls_2021"], p["rls_2021"], p["pengeluaran_2021"])
    assert len(p) == 142 and np.abs(got - p["ipm_2021"]).max() <= 0.005
    entry = yaml.safe_load((RAW_DIR / "MANIFEST.yaml").read_text(encoding="utf-8"))
    assert "DERIVED from the shipped two-decimal components" in \
        entry["files"]["profil_wilayah.csv"]["description"]


def test_seeded_and_reproducible(tables):
    again = generate(DEFAULT_SEED)
    for name, df in tables.items():
        pd.testing.assert_frame_equal(df, again[name])
    other = generate(DEFAULT_SEED + 1)["profil_wilayah.csv"]
    assert not other["penduduk"].equals(tables["profil_wilayah.csv"]["penduduk"])


def test_profiles_are_plausible_and_consistent(tables):
    p = tables["profil_wilayah.csv"]
    assert p["kode_bps"].is_unique
    real = load_profiles(RAW_DIR).set_index("kode_kemendagri")["kode_bps"]
    bps = p.set_index("kode_kemendagri")["kode_bps"]
    assert (bps[real.index] == real).all()                   # real BPS codes where known
    assert bps.drop(real.index).str.startswith("0").all()    # clearly synthetic otherwise
    assert p["ipm_2021"].between(40, 95).all() and (p["luas_km2"] > 0).all()
    recomputed = ipm(p["uhh_2021"], p["hls_2021"], p["rls_2021"], p["pengeluaran_2021"])
    assert np.abs(recomputed - p["ipm_2021"]).max() <= 0.005


def _weighted(row, weights):
    return sum(row[d] * w for d, w in weights.items()) / sum(weights.values())


def test_finals_follow_kominfo_weights_and_zero_rows_mean_not_evaluated(tables):
    e22, e23 = tables["kominfo_evaluasi_2022.csv"], tables["kominfo_evaluasi_2023.csv"]
    ev22 = e22[e22["nilai_final"] > 0]
    for _, r in ev22.iterrows():
        assert abs(r["nilai_final"] - _weighted(r, W2022)) <= 0.005 + 1e-9
    ev23 = e23[e23["nilai_final"] > 0]
    for _, r in ev23.iterrows():
        assert abs(r["nilai_final"] - _weighted(r, W2023[r["kelompok"]])) <= 0.005 + 1e-9
    assert len(e23) == 514 and set(e23["kelompok"]) == {"REGULER", "KPPN&IKN"}
    zero = e23[e23["nilai_final"] == 0]
    assert 0 < len(zero) < 0.1 * len(e23)
    assert (zero[list(W2022)] == 0).all().all()
    # improvement = 2023 final - recomputed 2022 final rounded to two decimals (so it is off
    # the unrounded difference by at most half a cent)
    calc22 = {r["kode_kemendagri"]: _weighted(r, W2022) for _, r in ev22.iterrows()}
    both = ev23[ev23["kode_kemendagri"].isin(calc22)]
    assert len(both) > 50
    for _, r in both.iterrows():
        exact = r["nilai_final"] - calc22[r["kode_kemendagri"]]
        assert abs(r["improvement"] - exact) <= 0.005 + 1e-9
        assert r["improvement"] == round(r["improvement"], 2)
    assert ev23[~ev23["kode_kemendagri"].isin(calc22)]["improvement"].isna().all()


def test_written_directory_validates_and_says_illustrative(tmp_path):
    out = write_national(tmp_path / "nat", seed=7)
    real = sorted(real_files())                     # the BPS panel, copied as published
    assert real and all(n.startswith("bps_panel_") for n in real)
    assert sorted(p.name for p in out.iterdir()) == sorted([
        "MANIFEST.yaml", "kominfo_evaluasi_2022.csv", "kominfo_evaluasi_2023.csv",
        "profil_wilayah.csv", *real])
    assert data_dir_is_illustrative(out) and verify_manifest(out) == []
    files = load_manifest(out)["files"]
    assert all(files[n]["illustrative"] is (n not in real) for n in files)
    assert all((out / n).read_bytes() == (RAW_DIR / n).read_bytes() for n in real)
    assert len(load_profiles(out)) == 514
    assert len(load_evaluation_raw(2023, out)) == 514
    with pytest.raises(Exception, match="not empty"):
        write_national(out, seed=7)


def test_cli_and_the_shipped_copy_match_the_generator(tmp_path):
    assert main(["generate-national", "--out", str(tmp_path / "g")]) == 0
    for name in ("profil_wilayah.csv", "kominfo_evaluasi_2022.csv", "kominfo_evaluasi_2023.csv",
                 "MANIFEST.yaml", *real_files()):
        assert (tmp_path / "g" / name).read_bytes() == (SHIPPED / name).read_bytes(), name
    assert main(["generate-national", "--out", str(tmp_path / "g")]) == 2      # not empty
    assert main(["generate-national", "--out", str(RAW_DIR)]) == 2             # read-only
