"""Atomic output: write to a temporary file beside the target, then rename.

A reader never sees a half-written file, and a failure leaves the previous file (or nothing).
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from analysis.errors import OutputError
from analysis.escape import spreadsheet_frame
import numpy as np


def make_dir(path: str | os.PathLike) -> Path:
    """Create directory ``path`` (and its parents) or raise :class:`OutputError` saying why."""
    path = Path(path)
    blocker = next((p for p in (path, *path.parents) if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        raise OutputError(f"{path}: cannot create the output directory: {blocker} is an existing "
                          f"file, not a directory; give another --out")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{path}: cannot create the output directory "
                          f"({exc.strerror or exc}); give another --out") from None
    return path


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike):
    """Yield a temporary path in the target's directory; on success rename it onto ``target``.

    A target that is an existing directory, or whose directory cannot be created, raises
    :class:`OutputError` before anything is written.
    """
    target = Path(target)
    if target.is_dir():
        raise OutputError(f"{target}: is a directory; a file name is expected here")
    make_dir(target.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; outputs get the usual permissions
    try:
        yield Path(tmp)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_text(target, text: str) -> Path:
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(target)


def write_bytes(target, data: bytes) -> Path:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return Path(target)


def write_csv(target, df: pd.DataFrame, spreadsheet: bool = False, **kwargs) -> Path:
    """Write ``df`` atomically. ``spreadsheet=True`` for a CSV a user opens in a spreadsheet:
    formula-like text gets a leading ``'`` (:func:`analysis.escape.spreadsheet_frame`)."""
    kwargs.setdefault("index", False)
    if spreadsheet:
        df = spreadsheet_frame(df)
    with atomic_path(target) as tmp:
        df.to_csv(tmp, **kwargs)
    return Path(target)


def write_json(target, obj) -> Path:
    text = json.dumps(obj, indent=2, ensure_ascii=False, default=_json_default)
    return write_text(target, text + "\n")


def _json_default(o):
    if isinstance(o, (np.integer,)):
        return int(o)
    if isinstance(o, (np.floating,)):
        return None if np.isnan(o) else float(o)
    if isinstance(o, (np.bool_,)):
        return bool(o)
    if isinstance(o, Path):
        return str(o)
    if o is pd.NA:
        return None
    raise TypeError(f"not JSON serialisable: {type(o).__name__}")


def sha256_file(path: str | os.PathLike, chunk: int = 1 << 20) -> str:
    """Hex sha256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(chunk), b""):
            h.update(block)
    return h.hexdigest()


@contextlib.contextmanager
def atomic_dir(target: str | os.PathLike):
    """Yield a temporary directory beside ``target`` for a command's several output files; on
    success move each into ``target`` (created if needed; files already there that the
    command did not write are kept), on failure delete them all: a failing command leaves
    ``target`` as it was."""
    target = Path(target)
    make_dir(target.parent)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        yield tmp
        make_dir(target)
        for p in sorted(tmp.rglob("*")):
            dest = target / p.relative_to(tmp)
            if p.is_dir():
                make_dir(dest)
            else:
                os.replace(p, dest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
