"""Project paths, resolved once, here.

Notebooks behave the same in JupyterLab, under papermill and under nbval because every path
comes from here. Two layouts:

* a checkout of the repository (``make``, an editable install): the package sits beside
  ``pyproject.toml``; data, processed tables and reports are the checkout's ``data/raw``,
  ``data/processed`` and ``reports/`` (never the working directory);
* an installed package (``pip install .``): the notebooks the commands execute travel inside
  the package (``analysis/notebooks/``, copied there by ``setup.py`` when the wheel is built);
  no data is shipped; ``data/raw``, ``data/processed`` and ``reports/`` are taken in the
  workbench home, by default the current directory.

``SMARTCITY_HOME`` sets the workbench home (the directory holding ``data/raw``,
``data/processed`` and ``reports``) in either layout; ``SMARTCITY_DATA_DIR`` the raw-data
directory alone (as ``--data-dir`` does on every command; ``--processed-dir`` and ``--out``
name the other two per command).
"""
from __future__ import annotations

import os
from pathlib import Path

from analysis.errors import RawDataWriteError

PACKAGE_DIR = Path(__file__).resolve().parent
#: The directory holding the package: the repository checkout, or site-packages once installed.
PROJECT_ROOT = PACKAGE_DIR.parent
#: The package runs from a checkout of the repository (not from an installed wheel).
IN_CHECKOUT = (PROJECT_ROOT / "pyproject.toml").is_file() and (PROJECT_ROOT / "notebooks").is_dir()


def workbench_home() -> Path:
    """Where ``data/raw``, ``data/processed`` and ``reports`` are: ``$SMARTCITY_HOME``, else the
    checkout the package runs from, else (an installed package) the current directory."""
    env = os.environ.get("SMARTCITY_HOME")
    if env:
        return Path(env).expanduser().resolve()
    return PROJECT_ROOT if IN_CHECKOUT else Path.cwd().resolve()


HOME = workbench_home()
RAW_DIR = HOME / "data" / "raw"
PROCESSED_DIR = HOME / "data" / "processed"
REPORTS_DIR = HOME / "reports"
#: The checkout's notebooks, else the copies shipped in the package.
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks" if IN_CHECKOUT else PACKAGE_DIR / "notebooks"
FRAMEWORKS_DIR = PACKAGE_DIR / "frameworks"


def raw_dir(data_dir: str | os.PathLike | None = None) -> Path:
    """The raw-data directory: ``data_dir`` if given, else ``$SMARTCITY_DATA_DIR``, else
    ``data/raw``.

    Resolved once, where a run starts (a command's options, :func:`analysis.reports.runner.
    run_reports`, :meth:`analysis.processed.spec.Sources.from_dir` behind the notebooks'
    ``built_tables``); everything below takes the resolved ``Path``."""
    return Path(data_dir).resolve() if data_dir else default_raw_dir()


def default_raw_dir() -> Path:
    """The raw-data directory when none is given: ``$SMARTCITY_DATA_DIR``, else ``data/raw``."""
    env = os.environ.get("SMARTCITY_DATA_DIR")
    return Path(env).resolve() if env else RAW_DIR


def as_raw_dir(data_dir: str | os.PathLike | None = None) -> Path:
    """``data_dir`` resolved at most once: an absolute ``Path`` (what :func:`raw_dir` returns)
    is taken as resolved; ``None`` or text is resolved by :func:`raw_dir`. For the API's entry
    points, which a command calls with the resolved directory and a notebook with text."""
    if isinstance(data_dir, Path) and data_dir.is_absolute():
        return data_dir
    return raw_dir(data_dir)


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
    for d in (*[Path(x).resolve() for x in data_dirs if x], RAW_DIR, default_raw_dir()):
        if t == d or d in t.parents:
            raise RawDataWriteError(f"{target}: refusing to write into the raw-data directory {d} "
                                    f"(read-only inputs); give an output path outside it")
    root = raw_data_root(t) if manifest_dirs else None
    if root is not None:
        raise RawDataWriteError(f"{target}: refusing to write into the raw-data directory {root} "
                                f"(it holds {RAW_MANIFEST}); give an output path outside it")
    return t
