"""A failing command writes nothing; several output files appear together.

``build`` with an unreadable MANIFEST.yaml used to exit 2 after writing three CSVs.
"""
from __future__ import annotations

import pytest

from analysis.io import atomic_dir
from tests.conftest import assert_cli_fails_cleanly


def test_build_with_unreadable_manifest_writes_nothing(raw_copy, tmp_path, capsys):
    (raw_copy / "MANIFEST.yaml").write_text("files: [unclosed\n", encoding="utf-8")
    out = tmp_path / "processed"
    assert_cli_fails_cleanly(["build", "--lang", "en",
                              "--data-dir", raw_copy, "--out", out], capsys,
                             ["MANIFEST.yaml", "not valid YAML"], out)
    # nor a temporary directory beside it
    assert [p.name for p in tmp_path.iterdir()] == ["raw"]


def test_atomic_dir_moves_all_files_on_success_and_keeps_others(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("keep")
    (out / "a.csv").write_text("old")
    with atomic_dir(out) as tmp:
        (tmp / "a.csv").write_text("new")
        (tmp / "sub").mkdir()
        (tmp / "sub" / "b.csv").write_text("b")
        assert not (out / "sub").exists()            # nothing visible before success
    assert (out / "a.csv").read_text() == "new"
    assert (out / "sub" / "b.csv").read_text() == "b"
    assert (out / "mine.txt").read_text() == "keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_atomic_dir_leaves_target_untouched_on_failure(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.csv").write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_dir(out) as tmp:
            (tmp / "a.csv").write_text("new")
            (tmp / "b.csv").write_text("b")
            raise RuntimeError("third table failed")
    assert sorted(p.name for p in out.iterdir()) == ["a.csv"]
    assert (out / "a.csv").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    with pytest.raises(RuntimeError):
        with atomic_dir(tmp_path / "new") as tmp:
            (tmp / "a.csv").write_text("x")
            raise RuntimeError
    assert not (tmp_path / "new").exists()
