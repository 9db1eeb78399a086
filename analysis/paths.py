"""Project paths, resolved from the package location (never from the working directory).

Notebooks behave the same in JupyterLab, under papermill and under nbval because every path
comes from here. ``SMARTCITY_DATA_DIR`` overrides the raw-data directory (as does ``--data-dir``
on every command).
"""
from __future__ import annotations

import os
from pathlib import Path

from analysis.errors import RawDataWriteError

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
RAW_DIR = PROJECT_ROOT / "data" / "raw"
PROCESSED_DIR = PROJECT_ROOT / "data" / "processed"
REPORTS_DIR = PROJECT_ROOT / "reports"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
FRAMEWORKS_DIR = PACKAGE_DIR / "frameworks"


def raw_dir(data_dir: str | os.PathLike | None = None) -> Path:
    """The raw-data directory: ``data_dir`` if given, else ``$SMARTCITY_DATA_DIR``, else
    ``data/raw``."""
    if data_dir:
        return Path(data_dir).resolve()
    env = os.environ.get("SMARTCITY_DATA_DIR")
    return Path(env).resolve() if env else RAW_DIR


RAW_MANIFEST = "MANIFEST.yaml"


def raw_data_root(path: str | os.PathLike) -> Path | None:
    """The raw-data directory ``path`` lies in (itself or an ancestor holding a
    ``MANIFEST.yaml``, or the shipped ``data/raw``), else ``None``."""
    p = Path(path).resolve()
    for d in (p, *p.parents):
        if d == RAW_DIR or (d.is_dir() and (d / RAW_MANIFEST).is_file()):
            return d
    return None


def check_output(target: str | os.PathLike, data_dirs=(), inputs=(),
                 manifest_dirs: bool = True) -> Path:
    """Refuse an output ``target`` (file or directory) that would write into a raw-data
    directory (the shipped ``data/raw`` -- always, whatever ``$SMARTCITY_DATA_DIR`` says --,
    the one ``$SMARTCITY_DATA_DIR`` names, any of ``data_dirs``, or, with ``manifest_dirs``,
    any directory holding a ``MANIFEST.yaml``) or over one of ``inputs``; returns the resolved
    target.

    Raises :class:`~analysis.errors.RawDataWriteError` naming the path.
    """
    t = Path(target).resolve()
    for f in inputs:
        if f and Path(f).resolve() == t:
            raise RawDataWriteError(f"{target}: refusing to write over an input of this command; "
                                    f"give another output path")
    for d in (*[raw_dir(x) for x in data_dirs if x], RAW_DIR, raw_dir(None)):
        if t == d or d in t.parents:
            raise RawDataWriteError(f"{target}: refusing to write into the raw-data directory {d} "
                                    f"(read-only inputs); give an output path outside it")
    root = raw_data_root(t) if manifest_dirs else None
    if root is not None:
        raise RawDataWriteError(f"{target}: refusing to write into the raw-data directory {root} "
                                f"(it holds {RAW_MANIFEST}); give an output path outside it")
    return t
