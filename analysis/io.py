"""Atomic output: write to a temporary file beside the target, then rename.

A reader never sees a half-written file, and a failure leaves the previous file (or nothing).
A failed write names the target (never the temporary file) and says when the disk is full.
Temporary names carry the writer's process id, ``.<target>.<pid>.<random>.tmp``, so what a
killed process left behind is recognised and removed (:func:`remove_stale_temporaries`) without
touching the temporaries of a writer still running.
"""
from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

try:                     # POSIX advisory locks; without them (Windows) locking is a no-op
    import fcntl
except ImportError:      # pragma: no cover
    fcntl = None

import pandas as pd

from analysis.errors import OutputError
from analysis.messages import text as message
from analysis.escape import spreadsheet_frame
import numpy as np


def make_dir(path: str | os.PathLike) -> Path:
    """Create directory ``path`` (and its parents) or raise :class:`OutputError` saying why."""
    path = Path(path)
    blocker = next((p for p in (path, *path.parents) if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        raise OutputError(message("out_dir_file", path=str(path), blocker=str(blocker)))
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(message("out_dir_fails", path=str(path),
                                  why=exc.strerror or str(exc))) from None
    return path


# Errors of a write that concern the space or the medium rather than the path.
_SPACE = {errno.ENOSPC: "space_full", errno.EDQUOT: "space_quota", errno.EFBIG: "space_large",
          errno.EROFS: "space_readonly", errno.EIO: "space_io"}


def write_error(target: Path, exc: OSError) -> OutputError:
    """The :class:`OutputError` for a failed write of ``target``: the target named (never the
    temporary file the write went to) with what the system said, and for a full disk what to
    do."""
    why = exc.strerror or str(exc)
    hint = _SPACE.get(exc.errno)
    if hint:
        return OutputError(message("write_space", target=str(target), why=why,
                                   hint=message(hint)))
    return OutputError(message("write_fails", target=str(target), why=why))


def _is_within(name, directory: Path) -> bool:
    if not name:
        return False
    p = Path(os.fsdecode(name))
    return p == directory or directory in p.parents


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike):
    """Yield a temporary path in the target's directory; on success rename it onto ``target``.

    A target that is an existing directory, or whose directory cannot be created, raises
    :class:`OutputError` before anything is written; a write that fails (no space, no
    permission...) raises :class:`OutputError` naming ``target``.
    """
    target = Path(target)
    if target.is_dir():
        raise OutputError(message("target_is_dir", target=str(target)))
    make_dir(target.parent)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp",
                                   dir=target.parent)
    except OSError as exc:
        raise write_error(target, exc) from None
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; outputs get the usual permissions
    try:
        yield Path(tmp)
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        # the write to the temporary file (a full disk often names no file at all) or the
        # rename: name the target; an error about another file (an input) passes unchanged
        if exc.filename in (None, tmp, str(target)) or exc.filename2 in (tmp, str(target)):
            raise write_error(target, exc) from None
        raise
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
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp",
                                    dir=target.parent))
    except OSError as exc:
        raise write_error(target, exc) from None
    try:
        yield tmp
        make_dir(target)
        for p in sorted(tmp.rglob("*")):
            dest = target / p.relative_to(tmp)
            if p.is_dir():
                make_dir(dest)
            else:
                try:
                    os.replace(p, dest)
                except OSError as exc:
                    raise write_error(dest, exc) from None
    except OSError as exc:
        # a write into the staging directory: name the output it was for
        for name in (exc.filename, exc.filename2):
            if _is_within(name, tmp):
                rel = Path(os.fsdecode(name)).relative_to(tmp)
                raise write_error(target / rel, exc) from None
        raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# ``.<name>.<pid>.<random>.tmp`` (``<pid>.`` absent in names made before it was added)
_TEMP_NAME = re.compile(r"^\.(?P<name>.+?)\.(?:(?P<pid>\d+)\.)?[a-z0-9_]{8}\.tmp$")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:          # another user's process: alive
        return True
    return True


def stale_temporary(path: Path, name: str | None = None) -> bool:
    """Whether ``path`` is a temporary of :func:`atomic_path` / :func:`atomic_dir` (for an
    output called ``name``, or any) whose writer is gone: its process id is not running, or
    its name carries no process id (made before ids were recorded)."""
    m = _TEMP_NAME.match(Path(path).name)
    if m is None or (name is not None and m["name"] != name):
        return False
    return m["pid"] is None or not _alive(int(m["pid"]))


def remove_stale_temporaries(target: str | os.PathLike) -> list[Path]:
    """Remove what killed writers left for the output directory ``target``: staging
    directories of :func:`atomic_dir` beside it and temporary files of :func:`atomic_path` in
    it, whose process is gone (see :func:`stale_temporary`). Returns what was removed."""
    target, removed = Path(target), []
    candidates = []
    if target.parent.is_dir():
        candidates += [p for p in target.parent.iterdir() if p.is_dir() and not p.is_symlink()
                       and stale_temporary(p, target.name)]
    if target.is_dir():
        candidates += [p for p in target.iterdir() if p.is_file() and stale_temporary(p)]
    for p in candidates:
        if p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)
        removed.append(p)
    return removed


@contextlib.contextmanager
def directory_lock(target: str | os.PathLike, shared: bool = False):
    """Hold the advisory lock of output directory ``target`` while the block runs: exclusive
    for a writer, ``shared`` for readers (``fcntl.flock`` on the directory that holds
    ``target``, so no lock file is left behind and a read-only location can still be read).
    A second writer waits until the first is done (and then finds its work done) instead of
    interleaving its record with the first one's; a reader never reads a record and tables
    from two different writes. The lock is released when the block ends or the process dies.
    Without ``flock`` (Windows) the block runs unlocked."""
    parent = Path(target).parent
    if fcntl is None:
        yield
        return
    if not shared:
        make_dir(parent)
    try:
        fd = os.open(parent, os.O_RDONLY)
    except OSError as exc:
        if not shared:
            raise write_error(Path(target), exc) from None
        fd = None                 # nothing there to read: the reader says so itself
    try:
        if fd is not None:
            fcntl.flock(fd, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        yield
    finally:
        if fd is not None:
            os.close(fd)          # closing the descriptor releases the lock
