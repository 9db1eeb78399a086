"""Guards for tests that check which files a piece of code reads: every open of a raw-data
file refused, or every path a reader is asked to read recorded."""
from __future__ import annotations

import builtins
import io
from contextlib import contextmanager
from pathlib import Path

from analysis.paths import RAW_DIR


@contextmanager
def raw_opens_refused(monkeypatch, raw_dir: Path = RAW_DIR):
    """Within the block, opening any file under ``raw_dir`` (through ``open`` or ``io.open``)
    fails the test naming the file; restored after it."""
    real_open = builtins.open
    raw = str(Path(raw_dir).resolve())

    def guarded(file, *args, **kwargs):
        if (isinstance(file, (str, bytes)) or hasattr(file, "__fspath__")) and raw in str(file):
            raise AssertionError(f"a compute function opened raw data: {file}")
        return real_open(file, *args, **kwargs)

    with monkeypatch.context() as m:
        m.setattr(builtins, "open", guarded)
        m.setattr(io, "open", guarded)
        yield


def record_reads(monkeypatch, targets) -> list[str]:
    """Wrap each reader ``(module, name)`` of ``targets`` so that the path it is asked to read
    (its first argument, when a path) is appended to the returned list."""
    seen: list[str] = []

    def wrap(real):
        def read(path, *args, **kwargs):
            if isinstance(path, (str, bytes)) or hasattr(path, "__fspath__"):
                seen.append(str(path))
            return real(path, *args, **kwargs)
        return read

    for module, name in targets:
        monkeypatch.setattr(module, name, wrap(getattr(module, name)))
    return seen
