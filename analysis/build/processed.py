"""Cross-regency tables computed once per run into ``data/processed/``.

``data/raw`` → validated tables → ``data/processed`` → notebooks → ``reports``: the report
notebook of each regency reads these tables instead of recomputing them, so a national run does
the cross-regency work once. ``inputs.json`` records the sha256 of every input, and
:func:`load_processed` refuses tables built from other inputs than the ones now in ``data_dir``.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis.data.manifest import check_hashes, is_illustrative
from analysis.data.tables import load_profile_vintages
from analysis.errors import WorkbenchError
from analysis.evaluation import check_profiles_cover_evaluations, load_evaluations, quality_log
from analysis.io import atomic_dir, sha256_file, write_csv, write_json
from analysis.maps.layers import write_layer
from analysis.paths import PROCESSED_DIR, raw_dir

TABLES = {"evaluasi": "evaluasi.csv", "profil": "profil.csv", "kualitas_data": "kualitas_data.csv"}
CODE_COLUMNS = {"kode_kemendagri": str, "kode_bps": str, "vintage": str}


def input_hashes(data_dir=None) -> dict[str, str]:
    """sha256 of every file in the raw-data directory (the inputs of the processed tables)."""
    d = raw_dir(data_dir)
    return {p.name: sha256_file(p) for p in sorted(d.iterdir())
            if p.is_file() and not p.name.startswith(".")}


def compute_tables(data_dir=None) -> dict[str, pd.DataFrame]:
    """Validate the raw tables and compute the cross-regency tables (nothing written)."""
    check_profiles_cover_evaluations(data_dir)
    return {"evaluasi": load_evaluations(data_dir).drop(columns=["_row"]),
            "profil": load_profile_vintages(data_dir),
            "kualitas_data": quality_log(data_dir)}


def build_processed(data_dir=None, out_dir=None) -> dict[str, Path]:
    """Compute the tables and write them (atomically) to ``out_dir`` (default data/processed),
    with the national map layer ``peta_kabkota.geojson`` (:func:`analysis.maps.layers.write_layer`)."""
    out = Path(out_dir) if out_dir else PROCESSED_DIR
    check_hashes(data_dir)
    tables = compute_tables(data_dir)
    inputs = {"data_dir": str(raw_dir(data_dir)), "illustrative": is_illustrative(data_dir),
              "sha256": input_hashes(data_dir)}
    with atomic_dir(out) as tmp:       # all files or none (a failure leaves ``out`` as it was)
        paths = {name: write_csv(tmp / TABLES[name], df) for name, df in tables.items()}
        paths["peta"] = write_layer(tmp, data_dir)      # national map layer, drawn by every report
        paths["inputs"] = write_json(tmp / "inputs.json", inputs)
    return {k: out / Path(p).name for k, p in paths.items()}


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=CODE_COLUMNS, keep_default_na=True)


def load_processed(processed_dir=None, data_dir=None) -> dict[str, pd.DataFrame]:
    """The cross-regency tables: read from ``processed_dir`` if given, else computed in memory.

    Raises when the processed tables were built from different inputs than ``data_dir`` holds.
    """
    if not processed_dir:
        return _computed(str(raw_dir(data_dir)))
    d = Path(processed_dir)
    meta_path = d / "inputs.json"
    if not meta_path.exists():
        raise WorkbenchError(f"{d}: no processed tables (inputs.json missing); run build_processed")
    import json
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if meta.get("sha256") != input_hashes(data_dir):
        raise WorkbenchError(f"{d}: processed tables were built from other inputs than "
                             f"{raw_dir(data_dir)}; rebuild them")
    return read_tables(d)


def read_tables(processed_dir) -> dict[str, pd.DataFrame]:
    """The tables of ``processed_dir`` as written, not compared with the raw inputs (e.g. the
    snapshot a finished run used); codes as text, ranks as integers."""
    d = Path(processed_dir)
    tables = {name: _read(d / fname) for name, fname in TABLES.items()}
    ev = tables["evaluasi"]
    ev["dievaluasi"] = ev["dievaluasi"].astype(bool)
    for c in ("peringkat_kelompok", "peringkat_nasional"):
        ev[c] = ev[c].astype("Int64")
    return tables


@lru_cache(maxsize=4)
def _computed(data_dir: str) -> dict[str, pd.DataFrame]:
    return compute_tables(data_dir)
