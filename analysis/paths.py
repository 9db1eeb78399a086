"""Project paths, resolved from the package location (never from the working directory).

Notebooks behave the same in JupyterLab, under papermill and under nbval because every path
comes from here. ``SMARTCITY_DATA_DIR`` overrides the raw-data directory (as does ``--data-dir``
on every command).
"""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
RAW_DIR = PROJECT_ROOT / "data" / "raw"
PROCESSED_DIR = PROJECT_ROOT / "data" / "processed"
REPORTS_DIR = PROJECT_ROOT / "reports"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
FRAMEWORKS_DIR = PACKAGE_DIR / "frameworks"


def raw_dir(data_dir: str | os.PathLike | None = None) -> Path:
    """The raw-data directory: ``data_dir`` if given, else ``$SMARTCITY_DATA_DIR``, else ``data/raw``."""
    if data_dir:
        return Path(data_dir).resolve()
    env = os.environ.get("SMARTCITY_DATA_DIR")
    return Path(env).resolve() if env else RAW_DIR
