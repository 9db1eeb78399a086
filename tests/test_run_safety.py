"""Runs that survive what goes wrong: ``--resume latest``, corrupt run
manifests and records, ``verify --data-dir``, sha256 of every output, stale temporary files.

Runs the stand-in notebook of tests/test_runner.py on two regencies (seconds, not minutes).
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from analysis.cli import main
from analysis.commands.verify import verify_run
from analysis.data.manifest import update_hashes
from analysis.io import sha256_file
from analysis.paths import RAW_DIR
from analysis.reports import manifest as mf
from tests.conftest import replace_in

FIXTURE = Path(__file__).parent / "fixtures" / "standin_report.ipynb"
CODES = ["64.02", "62.06"]


@pytest.fixture(scope="module")
def base_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("runs")
    data = base / "raw"               # a private copy: the run's inputs stay as they were
    shutil.copytree(RAW_DIR, data)
    out = base / "reports"
    assert main(["report", "--regency", *CODES, "--out", str(out), "--jobs", "2",
                 "--notebook", str(FIXTURE), "--timeout", "120", "--data-dir", str(data)]) == 0
    return out


@pytest.fixture
def run(base_run, tmp_path):
    """A private copy of the run (tests may break it)."""
    out = tmp_path / "reports"
    shutil.copytree(base_run, out, symlinks=True)
    run_id = mf.latest_run(out)
    return {"out": out, "run_id": run_id, "dir": out / run_id, "data": base_run.parent / "raw"}


def _fails(argv, capsys, *parts) -> str:
    assert main([str(a) for a in argv]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    for p in parts:
        assert p in err, (p, err)
    return err


@pytest.mark.notebook
def test_resume_latest_resumes_the_run_it_names_without_a_link_loop(run):
    latest = run["out"] / "latest"
    assert main(["report", "--resume", "latest", "--out", str(run["out"])]) == 0
    assert os.readlink(latest) == run["run_id"]          # not "latest -> latest"
    assert latest.resolve() == run["dir"].resolve()
    assert sorted(p.name for p in run["out"].iterdir() if not p.name.startswith(".")) == \
        sorted([run["run_id"], "latest"])


@pytest.mark.parametrize("name", ["20000101T000000Z-dead", "../reports", "."])
@pytest.mark.notebook
def test_resume_of_something_that_is_not_a_run_is_refused(run, name, capsys):
    _fails(["report", "--resume", name, "--out", run["out"]], capsys, "no such report run")


def test_resume_latest_without_any_run_is_refused(tmp_path, capsys):
    _fails(["report", "--resume", "latest", "--out", tmp_path / "empty"], capsys, "no 'latest'")


@pytest.mark.parametrize("content,said", [
    ("{", "corrupt run manifest (not valid JSON"),
    ('{"run_id": "x", "parameters": {}}', "corrupt run manifest: regencies"),
    ('{"run_id": "x", "parameters": {"lang": "id"}, "regencies": {}}', "parameters.data_dir"),
    ("[]", "corrupt run manifest: run_id"),
])
@pytest.mark.notebook
def test_corrupt_run_manifest_is_one_clear_line(run, content, said, capsys):
    (run["dir"] / "manifest.json").write_text(content, encoding="utf-8")
    _fails(["verify", run["dir"]], capsys, "manifest.json", said)
    _fails(["report", "--resume", run["run_id"], "--out", run["out"]], capsys, said)


@pytest.mark.notebook
def test_corrupt_json_record_given_to_verify_is_one_clear_line(run, capsys):
    (run["dir"] / "64.02.json").write_text('{"header": ', encoding="utf-8")
    _fails(["verify", run["dir"], "--regency", "64.02", "--jobs", "1"], capsys,
           "64.02.json", "corrupt JSON record")


@pytest.mark.notebook
def test_run_manifest_records_the_sha256_of_every_output(run):
    m = json.loads((run["dir"] / "manifest.json").read_text())
    for c in CODES:
        got = m["regencies"][c]["outputs_sha256"]
        assert sorted(got) == sorted([f"{c}.html", f"{c}.json", f"{c}.ipynb"])
        for f, h in got.items():
            assert h == sha256_file(run["dir"] / f)


@pytest.mark.notebook
def test_verify_finds_an_edited_report_even_when_no_number_changed(run, capsys):
    html = run["dir"] / "62.06.html"
    html.write_text(html.read_text(encoding="utf-8").replace("Katingan", "Katingan (edited)"),
                    encoding="utf-8")
    (run["dir"] / "64.02.ipynb").unlink()
    with open(run["dir"] / "index.html", "a", encoding="utf-8") as fh:
        fh.write("<p>added</p>")
    res = verify_run(run["dir"], jobs=2, ignore=["state.pid"])
    assert res.differences == {} and res.failures == {}
    assert res.edited == {"62.06": ["62.06.html"], "64.02": ["64.02.ipynb"],
                          "index": ["index.html"]}
    assert not res.ok
    assert main(["verify", str(run["dir"]), "--jobs", "2", "--ignore", "state.pid"]) == 1
    err = capsys.readouterr().err
    assert "EDITED 62.06 62.06.html" in err and "3 output files edited" in err
    assert "EDITED index index.html" in err


@pytest.mark.notebook
def test_verify_honours_data_dir(run, raw_copy):
    # 64.02's published 2023 final changed in the copy (hash recorded as one's own data)
    rec = json.loads((run["dir"] / "64.02.json").read_text())
    old = rec["header"]["nilai_final"]
    line = next(ln for ln in (raw_copy / "kominfo_evaluasi_2023.csv").read_text().splitlines()
                if ln.startswith("64.02,"))
    replace_in(raw_copy / "kominfo_evaluasi_2023.csv", line,
               line.replace(f",{old:.2f}", f",{old + 0.5:.2f}"))
    update_hashes(raw_copy)
    res = verify_run(run["dir"], ["64.02"], jobs=1, ignore=["state.pid"], data_dir=raw_copy)
    assert [(k, b, a) for k, b, a in res.differences["64.02"]] == \
        [("header.nilai_final", old, pytest.approx(old + 0.5))]
    assert any("kominfo_evaluasi_2023.csv" in c for c in res.changed_inputs)


@pytest.mark.notebook
def test_verify_refuses_a_data_dir_that_does_not_exist(run, tmp_path, capsys):
    _fails(["verify", run["dir"], "--data-dir", tmp_path / "nope"], capsys, "nope")


@pytest.mark.notebook
def test_stale_temporaries_of_a_killed_run_are_removed_by_resume(run):
    stale = [run["dir"] / ".64.02.html.k1ll3d.tmp", run["out"] / ".latest.12345.tmp",
             run["dir"] / ".manifest.json.x.tmp"]
    for p in stale:
        p.write_bytes(b"")
    (run["dir"] / ".d.tmp").mkdir()
    assert main(["report", "--resume", run["run_id"], "--out", str(run["out"])]) == 0
    assert [p for p in stale if p.exists()] == [] and not (run["dir"] / ".d.tmp").exists()


@pytest.mark.notebook
def test_stale_temporaries_are_removed_by_the_next_run(run):
    stale = run["dir"] / ".62.06.json.k1ll3d.tmp"
    stale.write_bytes(b"")
    assert main(["report", "--regency", "62.06", "--out", str(run["out"]), "--jobs", "1",
                 "--notebook", str(FIXTURE), "--data-dir", str(run["data"])]) == 0
    assert not stale.exists()
