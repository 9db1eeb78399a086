"""What a build left in its output directory, read back: ``build.json`` (the record of every
table: inputs, key, rows, dtypes and the sha256 of its bytes) and the tables themselves, never
a table whose bytes differ from what the build recorded (:class:`ChangedOutputError`).

A report kernel reads through this module alone: it needs only ``build.json``, not the specs
or the code that computes (:mod:`analysis.processed.engine` builds).
"""
from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pandas as pd

from analysis.processed.spec import TableSpec
from analysis.errors import WorkbenchError
from analysis.io import directory_lock

BUILD_FILE = "build.json"
ENGINE_VERSION = "1"          # bump when the layout of data/processed changes

class ChangedOutputError(WorkbenchError):
    """A built table's bytes differ from the sha256 its build recorded (edited by hand,
    replaced or damaged after the build wrote it)."""

    def __init__(self, path: Path, recorded: str | None, actual: str):
        self.path = Path(path)
        what = (f"no sha256 recorded in {BUILD_FILE} (built by an older version), so it cannot "
                f"be checked" if not recorded else
                f"changed since the build wrote it (sha256 {actual[:12]}…, {BUILD_FILE} records "
                f"{recorded[:12]}…)")
        super().__init__(
            f"{path}: {what}; it is not used: run 'workbench build' (with the same --data-dir/"
            f"--add) to rebuild it from the raw data")


def output_bytes(path: Path, recorded: str | None) -> bytes:
    """The bytes of a built output, checked against the sha256 recorded when it was written
    (:class:`ChangedOutputError` when they differ or none was recorded). One read serves both
    the check and the parse."""
    data = Path(path).read_bytes()
    actual = hashlib.sha256(data).hexdigest()
    if actual != recorded:
        raise ChangedOutputError(path, recorded, actual)
    return data

def table_path(out_dir: Path, spec: TableSpec, code: str | None = None) -> Path:
    """Where ``spec``'s table (or its partition for ``code``) is stored."""
    if spec.per_regency:
        return Path(out_dir) / spec.name / f"{code}.csv" if code else Path(out_dir) / spec.name
    return Path(out_dir) / f"{spec.name}.{spec.fmt}"


def _typed(df: pd.DataFrame, dtypes: dict[str, str]) -> pd.DataFrame:
    for col, dtype in dtypes.items():
        if col in df.columns and dtype != "str":
            df[col] = df[col].astype(dtype)
    return df


def output_path(out_dir, name: str, staged=None) -> Path:
    """Where the non-table output ``name`` of the last build in ``out_dir`` is, checked against
    its recorded sha256 (:class:`ChangedOutputError`); e.g. the map layer or the manifest copy."""
    entry = read_state(Path(out_dir)).get("tables", {}).get(name)
    if not entry:
        raise WorkbenchError(f"{out_dir}: no built output {name!r}; run 'workbench build'")
    path = first_present((staged, out_dir) if staged else (out_dir,), entry["file"])
    output_bytes(path, entry.get("sha256"))
    return path


def first_present(dirs, rel: str) -> Path:
    """``rel`` in the first of ``dirs`` holding it (the last one otherwise)."""
    for d in dirs:
        if (Path(d) / rel).is_file():
            return Path(d) / rel
    return Path(dirs[-1]) / rel


def read_table(out_dir, name: str, entry: dict, staged=None) -> pd.DataFrame:
    """Table ``name`` as built, read back with the dtypes its record in ``build.json`` gives
    (codes as text); per-regency partitions concatenated in code order (an empty frame with
    the declared columns when there is none). ``staged``: a build's staging directory, read
    before ``out_dir``."""
    dirs = (staged, out_dir) if staged else (out_dir,)
    dtypes = entry.get("dtypes", {})
    strs = {c: str for c, t in dtypes.items() if t == "str"}

    def read(rel: str, recorded: str | None) -> pd.DataFrame:
        data = output_bytes(first_present(dirs, rel), recorded)     # never a changed table
        return pd.read_csv(io.BytesIO(data), dtype=strs)

    if entry.get("per_regency"):
        parts = [read(f"{name}/{c}.csv", p.get("sha256"))
                 for c, p in sorted(entry["partitions"].items())]
        parts = [p for p in parts if not p.empty]
        df = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=list(dtypes))
    else:
        df = read(entry["file"], entry.get("sha256"))
    return _typed(df, dtypes)


def load_tables(out_dir) -> dict[str, pd.DataFrame]:
    """Every table of the last build in ``out_dir`` (CSV tables only), read back typed.

    Needs only ``build.json``, not the specs: a report kernel reads without importing the
    code that computes. Raises :class:`WorkbenchError` when ``out_dir`` holds no build, and
    :class:`ChangedOutputError` when a table's bytes differ from the sha256 recorded when it
    was written (a table edited by hand is never used).
    """
    with directory_lock(out_dir, shared=True):     # never while a build rewrites them
        state = read_state(Path(out_dir))
        if not state.get("tables"):
            raise WorkbenchError(f"{out_dir}: no built tables ({BUILD_FILE} missing or from "
                                 f"another engine version); run 'workbench build'")
        return {name: read_table(out_dir, name, e) for name, e in state["tables"].items()
                if e.get("fmt", "csv") == "csv"}

def read_state(out_dir: Path) -> dict:
    """The record of the last build in ``out_dir`` (``{}`` if none or unreadable)."""
    try:
        state = json.loads((Path(out_dir) / BUILD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) and state.get("engine") == ENGINE_VERSION else {}

def recorded_sha256(state: dict, *files: str) -> tuple | None:
    """The sha256 a build record (``state``: :func:`read_state`) holds for the output
    ``files`` (names in the processed directory), in order; None when one is not recorded.
    What a per-process copy of those outputs is kept under."""
    by_file = {e.get("file"): e.get("sha256") for e in state.get("tables", {}).values()
               if isinstance(e, dict)}
    found = tuple(by_file.get(f) for f in files)
    return found if all(isinstance(h, str) for h in found) else None


def build_key(out_dir) -> str | None:
    """The key of the last build in ``out_dir`` (changes whenever any table changes)."""
    return read_state(Path(out_dir)).get("key")
