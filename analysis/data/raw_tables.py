"""One schema and one loader per raw table in ``data/raw``.

Every loader takes an optional ``data_dir`` (default ``data/raw``, or ``$SMARTCITY_DATA_DIR``) so
the same code reads the shipped data, a user's own data, or a generated national data set.
Codes are strings throughout: ``64.02`` (Kemendagri) and ``6403`` (BPS) are different systems.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.data.schema import Column, Schema, read_table

KEMENDAGRI_PATTERN = r"[0-9]{2}\.[0-9]{2}"
BPS_PATTERN = r"[0-9]{4}"
DIMENSIONS_2022 = ("baseline", "output", "outcome", "impact", "quick_win")
DIMENSIONS_2023 = DIMENSIONS_2022 + ("kolaborasi",)
KELOMPOK = ("REGULER", "KPPN&IKN")

EVALUATION_FILES = {2022: "kominfo_evaluasi_2022.csv", 2023: "kominfo_evaluasi_2023.csv"}
PROFILE_FILE = "profil_wilayah.csv"
PROFILE_2020_FILE = "profil_wilayah_kukar_2020.csv"
#: The file each profile vintage is read from (:func:`load_profile_vintages`).
CURRENT_VINTAGE = "2025"           # the vintage of PROFILE_FILE
PROFILE_VINTAGE_FILES = {CURRENT_VINTAGE: PROFILE_FILE, "2020": PROFILE_2020_FILE}


def _kode() -> Column:
    return Column("kode_kemendagri", "code", pattern=KEMENDAGRI_PATTERN,
                  description="Kemendagri region code, text 'PP.KK'")


def _score(name: str, nullable: bool = False) -> Column:
    # Hard limits 0..4: 0 marks 'not evaluated' rows (all zeros) and a published 0 for
    # Kolaborasi; the instrument's scale 1..4 is the soft range reported as a quality flag.
    return Column(name, "float", nullable=nullable, min=0.0, max=4.0, expected=(1.0, 4.0))


EVALUATION_2022 = Schema(
    "kominfo_evaluasi_2022",
    (_kode(), Column("nama"), *[_score(d) for d in DIMENSIONS_2022], _score("nilai_final")),
    unique_together=(("kode_kemendagri",),),
    description="Kominfo Smart City evaluation 2022 (B-1004/DJAI/AI.01.04/12/2022)",
)

EVALUATION_2023 = Schema(
    "kominfo_evaluasi_2023",
    (_kode(), Column("nama"), *[_score(d) for d in DIMENSIONS_2022],
     _score("kolaborasi", nullable=True), _score("nilai_final"),
     Column("improvement", "float", nullable=True, min=-4.0, max=4.0),
     Column("kelompok", "text", allowed=KELOMPOK)),
    unique_together=(("kode_kemendagri",),),
    description="Kominfo Smart City evaluation 2023 (B-1384/DJAI/AI.01.04/12/2023, Lampiran II)",
)

PROFILE = Schema(
    "profil_wilayah",
    (_kode(), Column("kode_bps", "code", pattern=BPS_PATTERN), Column("nama"),
     Column("provinsi"), Column("jenis", allowed=("kabupaten", "kota")),
     Column("luas_km2", "float", min=0.0, max=200_000.0),
     Column("penduduk", "int", min=0, max=100_000_000),
     Column("kecamatan", "int", min=0, max=1000), Column("desa", "int", min=0, max=10_000),
     Column("kelurahan", "int", min=0, max=10_000),
     Column("uhh_2021", "float", nullable=True, min=20.0, max=85.0),
     Column("hls_2021", "float", nullable=True, min=0.0, max=18.0),
     Column("rls_2021", "float", nullable=True, min=0.0, max=15.0),
     Column("pengeluaran_2021", "float", nullable=True, min=0.0, max=100_000.0),
     Column("ipm_2021", "float", nullable=True, min=0.0, max=100.0)),
    unique_together=(("kode_kemendagri",), ("kode_bps",)),
    description="Regional profiles: codes, area, population, administrative units, IPM 2021",
)

PROFILE_2020 = Schema(
    "profil_wilayah_kukar_2020",
    (_kode(), Column("kode_bps", "code", pattern=BPS_PATTERN), Column("nama"),
     Column("luas_km2", "float", min=0.0, max=200_000.0),
     Column("penduduk", "int", min=0, max=100_000_000),
     Column("kecamatan", "int", min=0), Column("desa", "int", min=0),
     Column("kelurahan", "int", min=0)),
    unique_together=(("kode_kemendagri",),),
    description="Kutai Kartanegara profile as published by its government on 25 Feb 2020",
)

EVALUATION_SCHEMAS = {2022: EVALUATION_2022, 2023: EVALUATION_2023}


def evaluation_path(year: int, data_dir) -> Path:
    return Path(data_dir) / EVALUATION_FILES[year]


def load_evaluation_raw(year: int, data_dir) -> pd.DataFrame:
    """The published evaluation table of ``year`` as printed (zeros kept), validated."""
    if year not in EVALUATION_FILES:
        raise ValueError(f"no evaluation table for {year}; known years {sorted(EVALUATION_FILES)}")
    return read_table(evaluation_path(year, data_dir), EVALUATION_SCHEMAS[year])


def load_profiles(data_dir) -> pd.DataFrame:
    """Regional profiles (current vintage), validated; adds ``vintase`` (the vintage) and
    ``kepadatan``."""
    df = read_table(Path(data_dir) / PROFILE_FILE, PROFILE)
    df["vintase"] = CURRENT_VINTAGE
    df["kepadatan"] = df["penduduk"].astype(float) / df["luas_km2"]
    return df


def current_profiles(vintages: pd.DataFrame) -> pd.DataFrame:
    """The current vintage's rows of a table of every profile vintage
    (:func:`load_profile_vintages`): what :func:`load_profiles` reads."""
    return vintages[vintages["vintase"].astype(str) == CURRENT_VINTAGE].reset_index(drop=True)


def load_profile_vintages(data_dir) -> pd.DataFrame:
    """All profile vintages in one long table (one row per regency and vintage).

    The current table is vintage ``2025`` (area BIG 2024, population and units Kepmendagri
    300.2.2-2138/2025); the Kutai Kartanegara press release of 25 Feb 2020 is vintage ``2020``.
    A vintage file that is absent from ``data_dir`` is simply not listed.
    """
    cur = load_profiles(data_dir)
    frames = [cur]
    p2020 = Path(data_dir) / PROFILE_VINTAGE_FILES["2020"]
    if p2020.exists():
        old = read_table(p2020, PROFILE_2020)
        old["vintase"] = "2020"
        old["kepadatan"] = old["penduduk"].astype(float) / old["luas_km2"]
        frames.append(old)
    return pd.concat(frames, ignore_index=True, sort=False)
