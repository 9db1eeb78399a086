"""The first tables of ``data/processed`` and the entry points around the build engine.

``data/raw`` → validated tables → ``data/processed`` → notebooks → ``reports``: the report
notebook of each regency reads these tables instead of recomputing them, so a national run does
the cross-regency work once. :data:`BASE_TABLES` are the specs of the tables every report has
read since the start (``evaluasi``, ``profil``, ``kualitas_data``), the validated readiness
assessments (``penilaian_kesiapan``), the national map layer (``peta_kabkota.geojson``) and a
copy of the data's manifest: the raw files these read are read here only, and the tables
computed from them (:mod:`analysis.processed.tables`) take them through ``depends``;
:mod:`analysis.processed.project` builds and reads them.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd

from analysis.processed.spec import Sources, TableSpec
from analysis.data.geo import boundary_path
from analysis.data.manifest import load_manifest
from analysis.data.panel import IPM_INPUTS, profiles_with_published_ipm
from analysis.data.raw_tables import load_profile_vintages
from analysis.evaluation import check_profiles_cover_evaluations, load_evaluations, quality_log
from analysis.maps.layers import national_layer
from analysis.paths import PROCESSED_DIR, RAW_DIR
from analysis.readiness import ASSESSMENT_FILE, load_assessments, load_readiness_framework

CODE_DTYPES = {"kode_kemendagri": "str", "kode_bps": "str", "vintase": "str"}
EVALUATION_INPUTS = ("kominfo_evaluasi_*.csv", "profil_wilayah.csv")
PROFILE_INPUTS = ("profil_wilayah*.csv", *IPM_INPUTS)
#: Columns of the readiness assessments table: the assessment file's, and ``own`` (True for a
#: regency's own file of an add directory, ``--add``).
ASSESSMENT_COLUMNS = ["kode_kemendagri", "nama", "kode_butir", "skor", "ilustratif",
                      "data_sendiri"]


def evaluation_table(src: Sources, tables: dict, code: str | None = None) -> pd.DataFrame:
    """Both evaluation years, long, with recomputed finals, residuals and ranks (validated:
    every evaluated regency has a profile)."""
    check_profiles_cover_evaluations(src.data_dir)
    return load_evaluations(src.data_dir).drop(columns=["_row"])


def profile_table(src: Sources, tables: dict, code: str | None = None) -> pd.DataFrame:
    """Every vintage of every regency's profile; ``ipm_2021`` is BPS's published IPM 2021 from
    the panel where the data directory holds it (:func:`profiles_with_published_ipm`)."""
    return profiles_with_published_ipm(load_profile_vintages(src.data_dir), src.data_dir)


def quality_table(src: Sources, tables: dict, code: str | None = None) -> pd.DataFrame:
    """The data-quality log of the evaluation tables."""
    return quality_log(src.data_dir)


def assessment_table(src: Sources, tables: dict, code: str | None = None) -> pd.DataFrame:
    """Every readiness assessment of the data, long (one row per regency × item) and validated
    (:func:`analysis.readiness.load_assessments`): the national file's rows, then those of each
    own file (``--add``) with ``data_sendiri`` True. Empty (with the columns) when there is none."""
    fw = load_readiness_framework()
    frames = [load_assessments(path=p, fw=fw).assign(data_sendiri=src.layers.is_own(p))
              for p in src.files(ASSESSMENT_FILE)]
    if not frames:
        return pd.DataFrame(columns=ASSESSMENT_COLUMNS)
    return pd.concat(frames, ignore_index=True)


def map_layer(src: Sources, tables: dict, code: str | None = None) -> str:
    """The simplified national map layer as GeoJSON text (drawn by every report)."""
    return national_layer(src.data_dir).to_json(drop_id=True)


def manifest_copy(src: Sources, tables: dict, code: str | None = None) -> str:
    """The data directory's parsed ``MANIFEST.yaml`` as JSON (sources, vintages, licences and
    the illustrative flags the reports show, read without opening ``data/raw``)."""
    return json.dumps(load_manifest(src.data_dir), ensure_ascii=False, sort_keys=True,
                      default=str)


def boundary_copy(src: Sources, tables: dict, code: str | None = None) -> str:
    """The full-detail boundaries as the data directory holds them, for the province maps
    (:data:`analysis.maps.layers.DETAIL_FILE`); validated by the map layer's step, which reads
    the same file in the same (all-or-nothing) build."""
    return boundary_path(src.data_dir).read_text(encoding="utf-8")


BASE_TABLES = [
    TableSpec("evaluasi", EVALUATION_INPUTS, evaluation_table,
              dtypes={**CODE_DTYPES, "dievaluasi": "bool", "peringkat_kelompok": "Int64",
                      "peringkat_nasional": "Int64"},
              description="Kominfo evaluations 2022 and 2023, recomputed finals, residuals, ranks"),
    TableSpec("profil", PROFILE_INPUTS, profile_table, dtypes=dict(CODE_DTYPES),
              description="regional profiles, every vintage"),
    TableSpec("kualitas_data", EVALUATION_INPUTS + PROFILE_INPUTS, quality_table,
              dtypes=dict(CODE_DTYPES), description="data-quality log"),
    TableSpec("penilaian_kesiapan", (ASSESSMENT_FILE,), assessment_table,
              dtypes={"kode_kemendagri": "str", "nama": "str", "kode_butir": "str",
                      "ilustratif": "str", "data_sendiri": "bool"},
              description="readiness assessments, validated (national, then own files)"),
    TableSpec("peta_kabkota", ("batas_kabkota.geojson", "profil_wilayah.csv"), map_layer,
              fmt="geojson", description="simplified national map layer"),
    TableSpec("batas_kabkota", ("batas_kabkota.geojson",), boundary_copy, fmt="geojson",
              description="full-detail boundaries for the province maps (copy of the raw file)"),
    TableSpec("manifest", ("MANIFEST.yaml",), manifest_copy, fmt="json",
              description="the raw data's manifest (sources, licences, illustrative flags)"),
]
BASE_NAMES = tuple(s.name for s in BASE_TABLES if s.fmt == "csv")


def processed_dir_for(data_dir, adds=()) -> Path:
    """``data/processed`` for the shipped data; a sub-directory per other data directory; with
    own-data directories (``--add``) a sub-directory ``own/<tag>`` per set of them, so
    a layered build never replaces the tables a plain run reads."""
    d = Path(data_dir)
    if d == RAW_DIR.resolve():
        base = PROCESSED_DIR
    else:
        tag = hashlib.sha256(str(d).encode()).hexdigest()[:10]
        base = PROCESSED_DIR / "datasets" / f"{d.name}-{tag}"
    if not adds:
        return base
    key = "\n".join(sorted(str(Path(a).resolve()) for a in adds))
    return base / "own" / hashlib.sha256(key.encode()).hexdigest()[:10]


def compute_tables(data_dir) -> dict[str, pd.DataFrame]:
    """Validate the raw tables and compute the base tables in memory (nothing written)."""
    src = Sources.from_dir(data_dir)
    evaluasi = evaluation_table(src, {})
    return {"evaluasi": evaluasi, "profil": profile_table(src, {}),
            "kualitas_data": quality_table(src, {}),
            "penilaian_kesiapan": assessment_table(src, {})}
