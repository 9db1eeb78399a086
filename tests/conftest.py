"""Shared fixtures: a writable copy of the shipped raw data for bad-input tests."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis.paths import PROJECT_ROOT, RAW_DIR

SHARED = PROJECT_ROOT.parent / "shared"


@pytest.fixture
def raw_copy(tmp_path) -> Path:
    """A copy of data/raw in a temporary directory (safe to corrupt)."""
    dst = tmp_path / "raw"
    shutil.copytree(RAW_DIR, dst)
    return dst


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    """Edit a file; in a copy of a data directory its new sha256 is recorded in MANIFEST.yaml,
    as a user records a new version of their own data (so the edit reaches the loaders)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    record_hashes(path.parent)


def record_hashes(data_dir: Path) -> None:
    """Record the current sha256 of every file of a *copy* of a data directory in its manifest
    (never the shipped data/raw)."""
    from analysis.data.manifest import update_hashes
    if Path(data_dir).resolve() != RAW_DIR.resolve() and (Path(data_dir) / "MANIFEST.yaml").exists():
        update_hashes(data_dir)


@pytest.fixture
def shown(monkeypatch):
    """Every object a report section passes to IPython's display, in order."""
    import IPython.display as ipd
    items = []
    monkeypatch.setattr(ipd, "display", lambda *objs, **kw: items.extend(objs))
    return items


@pytest.fixture
def shown_text(monkeypatch):
    """What a report section displays, as text (Markdown source, else the object's type name)."""
    import IPython.display as ipd
    items = []
    monkeypatch.setattr(ipd, "display", lambda *objs, **kw: items.extend(
        x.data if isinstance(getattr(x, "data", None), str) else type(x).__name__ for x in objs))
    return items


def assert_cli_fails_cleanly(argv, capsys, expected, out_dir):
    """Run ``workbench argv``: exit 2, every part of ``expected`` in the message on stderr, and
    ``out_dir`` absent or empty (nothing half-written). Returns the message."""
    from analysis.cli import main
    code = main([str(a) for a in argv])
    err = capsys.readouterr().err
    assert code == 2, err
    for part in expected:
        assert part in err, (part, err)
    assert not out_dir.exists() or list(out_dir.iterdir()) == []
    return err
