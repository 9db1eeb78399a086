"""Every command that reads raw data checks the sha256 of MANIFEST.yaml first;
``workbench manifest record`` records a new version of one's own data (never of a published
source)."""
from __future__ import annotations

import shutil

import pytest
import yaml

from analysis.cli import main
from analysis.data import manifest as dm
from analysis.io import sha256_file
from analysis.paths import PROJECT_ROOT, RAW_DIR
from conftest import assert_cli_fails_cleanly

REG = "risk_register_64.02_2023.csv"      # illustrative stand-in: may be recorded as own data
EVAL23 = "kominfo_evaluasi_2023.csv"      # published source: may not
KUKAR_2023 = "64.02,KAB. KUTAI KARTANEGARA,3.6,"


def _edit(path, old, new):                 # an edit the manifest does not know about
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def changed(raw_copy):
    _edit(raw_copy / REG, ",4,4,Jalur cadangan", ",5,4,Jalur cadangan")   # R01 likelihood 4 -> 5
    return raw_copy


def test_build_refuses_a_changed_file_and_says_how_to_record_it(changed, tmp_path, capsys):
    out = tmp_path / "out"
    assert_cli_fails_cleanly(["build", "--lang", "en", "--data-dir", changed, "--out", out], capsys,
                             [str(changed / REG), "sha256 differs",
                              f"workbench manifest record {REG} --source",
                              f"--data-dir {changed}"], out)


@pytest.mark.parametrize("argv", [
    ["report", "--regency", "64.02", "--out", "{tmp}/rep"],
    ["risk", "--register", "{raw}/" + REG, "--out", "{tmp}/risk"],
    ["readiness", "--out", "{tmp}/rd"],
    ["correlations", "--out", "{tmp}/c"],
])
def test_every_reading_command_refuses_a_changed_published_file(raw_copy, tmp_path, capsys, argv):
    _edit(raw_copy / EVAL23, KUKAR_2023, KUKAR_2023.replace("3.6,", "3.9,"))
    argv = [a.format(tmp=tmp_path, raw=raw_copy) for a in argv] + ["--data-dir", str(raw_copy)]
    err = assert_cli_fails_cleanly(argv, capsys, [EVAL23, "sha256 differs",
                                                  "published source"], tmp_path / "none")
    assert "restore the published file" in err
    assert [p.name for p in tmp_path.iterdir()] == ["raw"]      # nothing written anywhere


def test_record_then_the_commands_run_and_cite_the_new_source(changed, tmp_path, capsys):
    assert main(["manifest", "record", str(changed / REG), "--source",
                 "Diskominfo Kukar, register revisi", "--date", "2026-11-30"]) == 0
    entry = yaml.safe_load((changed / "MANIFEST.yaml").read_text())["files"][REG]
    assert entry == {"source": "Diskominfo Kukar, register revisi", "publisher": "own data",
                     "vintage": "2026", "recorded": "2026-11-30", "licence": "own data",
                     "illustrative": True, "own_data": True,
                     "sha256": sha256_file(changed / REG)}
    assert dm.verify_manifest(changed) == []            # validate accepts the entry
    # the comment header of the manifest is kept
    assert (changed / "MANIFEST.yaml").read_text().startswith("# Provenance")
    assert main(["risk", "--register", str(changed / REG), "--out", str(tmp_path / "r"),
                 "--data-dir", str(changed)]) == 0


def test_record_refuses_a_published_source(raw_copy, capsys):
    _edit(raw_copy / EVAL23, KUKAR_2023, KUKAR_2023.replace("3.6,", "3.9,"))
    before = (raw_copy / "MANIFEST.yaml").read_bytes()
    assert main(["manifest", "record", EVAL23, "--data-dir", str(raw_copy), "--source", "x",
                 "--date", "2026-01-01"]) == 2
    err = capsys.readouterr().err
    assert EVAL23 in err and "published source" in err and "Kementerian Komunikasi" in err
    assert (raw_copy / "MANIFEST.yaml").read_bytes() == before


def test_record_a_new_file_and_bad_arguments(raw_copy, capsys):
    shutil.copy(raw_copy / REG, raw_copy / "risk_register_64.02_2024.csv")
    assert main(["manifest", "record", "risk_register_64.02_2024.csv", "--data-dir",
                 str(raw_copy), "--source", "Diskominfo", "--date", "2026-02-01"]) == 0
    assert yaml.safe_load((raw_copy / "MANIFEST.yaml").read_text())["files"][
        "risk_register_64.02_2024.csv"]["illustrative"] is False
    for argv, said in [(["nope.csv", "--source", "x", "--date", "2026-01-01"], "no such data file"),
                       ([REG, "--source", "x", "--date", "30/11/2026"], "YYYY-MM-DD"),
                       ([REG, "--source", " ", "--date", "2026-01-01"], "--source")]:
        assert main(["manifest", "record", *argv, "--data-dir", str(raw_copy)]) == 2
        assert said in capsys.readouterr().err


def test_hashes_are_computed_once_per_file_and_again_only_after_a_change(raw_copy, monkeypatch):
    calls = []
    real = dm.sha256_file
    monkeypatch.setattr(dm, "sha256_file", lambda p: calls.append(p.name) or real(p))
    n_files = len(dm.load_manifest(raw_copy)["files"])
    dm.check_hashes(raw_copy)
    assert len(calls) == n_files
    for _ in range(3):                                   # e.g. every regency of a run
        dm.check_hashes(raw_copy)
    assert len(calls) == n_files
    _edit(raw_copy / REG, ",4,4,Jalur cadangan", ",5,4,Jalur cadangan")
    with pytest.raises(dm.DataValidationError, match=REG):
        dm.check_hashes(raw_copy)
    assert calls[n_files:] == [REG]                      # only the changed file is hashed again


def _drop_hash(d, name):
    doc = yaml.safe_load((d / "MANIFEST.yaml").read_text(encoding="utf-8"))
    del doc["files"][name]["sha256"]
    (d / "MANIFEST.yaml").write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize("name,fix", [
    (REG, f"workbench manifest record {REG} --source"),                # illustrative stand-in
    (EVAL23, "published source: restore its entry"),
])
def test_an_entry_without_a_hash_is_refused(raw_copy, tmp_path, capsys, name, fix):
    _drop_hash(raw_copy, name)
    _edit(raw_copy / name, ",", ";")       # unchecked, the edit would reach the loaders
    out = tmp_path / "out"
    assert_cli_fails_cleanly(["build", "--lang", "en",
                              "--data-dir", raw_copy, "--out", out], capsys,
                             [str(raw_copy / name), "has no sha256", fix], out)


@pytest.mark.parametrize("extra", ["risk_register_64.02_2024.csv", "swot_factors_12.06.xlsx",
                                   "batas_lain.geojson"])
def test_a_data_file_the_manifest_does_not_list_is_refused(raw_copy, tmp_path, capsys, extra):
    # loaders glob the directory (risk_register_*.csv ...): an unlisted file is never checked
    shutil.copy(raw_copy / REG, raw_copy / extra)
    out = tmp_path / "out"
    assert_cli_fails_cleanly(["build", "--lang", "en",
                              "--data-dir", raw_copy, "--out", out], capsys,
                             [str(raw_copy / extra), "not listed in",
                              f"workbench manifest record {extra} --source",
                              f"--data-dir {raw_copy}"], out)
    assert main(["manifest", "record", extra, "--data-dir", str(raw_copy), "--source",
                 "Diskominfo", "--date", "2026-02-01"]) == 0
    dm.check_hashes(raw_copy)               # recorded: accepted


def test_shipped_data_sets_and_other_files_pass(raw_copy):
    dm.check_hashes(RAW_DIR)
    dm.check_hashes(PROJECT_ROOT / "data" / "national")
    (raw_copy / "NOTES.md").write_text("not read by any loader", encoding="utf-8")
    (raw_copy / ".~lock.x.csv#").write_text("editor lock", encoding="utf-8")
    dm.check_hashes(raw_copy)
