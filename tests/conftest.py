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
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
