"""Where the workbench looks for data and writes outputs (analysis/paths.py), in a checkout."""
from __future__ import annotations

from analysis import paths
from analysis.cli import main


def test_checkout_home_is_the_repository_unless_smartcity_home_says(monkeypatch, tmp_path):
    assert paths.IN_CHECKOUT and (paths.PROJECT_ROOT / "pyproject.toml").is_file()
    monkeypatch.delenv("SMARTCITY_HOME", raising=False)
    assert paths.workbench_home() == paths.PROJECT_ROOT
    monkeypatch.setenv("SMARTCITY_HOME", str(tmp_path / "home"))
    assert paths.workbench_home() == tmp_path / "home"
    assert paths.NOTEBOOKS_DIR == paths.PROJECT_ROOT / "notebooks"


def test_a_missing_data_directory_is_named_with_the_ways_to_give_one(tmp_path, capsys):
    missing = tmp_path / "no such dir"
    assert main(["validate", "--data-dir", str(missing), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    for part in (f"the data directory {missing} does not exist", "--data-dir DIR",
                 "SMARTCITY_DATA_DIR", "SMARTCITY_HOME"):
        assert part in err, (part, err)
    assert "ships no data" not in err          # a checkout has its data/raw
    assert not missing.exists()
