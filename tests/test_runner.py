"""``workbench report`` / ``workbench verify`` end to end on two regencies (stand-in notebook):
outputs, manifest, latest pointer, index, failures, time-outs, resume and verify."""
from __future__ import annotations

import csv
import hashlib
import json
import os
from pathlib import Path

import pytest

from analysis.cli import main
from analysis.commands.verify import verify_run
from analysis.paths import RAW_DIR
from analysis.reports import manifest as mf
from analysis.reports import runner
from analysis.reports.runner import processed_dir_for, resolve_codes, run_reports
from analysis.errors import WorkbenchError

FIXTURE = Path(__file__).parent / "fixtures" / "standin_report.ipynb"
CODES = ["64.02", "62.06"]


def _published_final_2023() -> dict[str, float]:
    """Straight from the CSV, independent of the package's loaders."""
    with open(RAW_DIR / "kominfo_evaluasi_2023.csv", newline="", encoding="utf-8") as fh:
        return {r["kode_kemendagri"]: float(r["nilai_final"]) for r in csv.DictReader(fh)}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    code = main(["report", "--regency", *CODES, "--out", str(out), "--jobs", "2",
                 "--notebook", str(FIXTURE), "--timeout", "120"])
    run_id = mf.latest_run(out)
    return {"exit": code, "out": out, "dir": out / run_id, "run_id": run_id}


@pytest.mark.notebook
def test_every_regency_gets_html_json_notebook_and_the_exit_code_says_ok(run):
    assert run["exit"] == 0
    for code in CODES:
        for ext in ("html", "json", "ipynb"):
            assert (run["dir"] / f"{code}.{ext}").is_file(), f"{code}.{ext}"
    assert not (run["dir"] / "failed").exists()
    leftovers = [p.name for p in run["dir"].iterdir() if p.name.startswith(".")]
    assert leftovers == []                                 # no temporary files left


@pytest.mark.notebook
def test_headline_numbers_are_the_published_ones(run):
    published = _published_final_2023()
    for code in CODES:
        rec = json.loads((run["dir"] / f"{code}.json").read_text())
        assert rec["header"]["kode_kemendagri"] == code     # passed as a string, not 64.02
        if code in published:
            assert rec["header"]["nilai_final"] == pytest.approx(published[code])
        else:
            assert rec["header"]["nilai_final"] is None


@pytest.mark.notebook
def test_html_has_no_code_and_loads_nothing_from_the_network(run):
    html = (run["dir"] / "64.02.html").read_text(encoding="utf-8")
    assert "Kabupaten Kutai Kartanegara" in html
    assert "load_profiles(" not in html and "regency_code" not in html    # no code cells
    assert "<script src" not in html and "cdn" not in html.lower()
    assert 'src="data:image/png;base64,' in html                       # figure embedded
    assert '<html lang="id">' in html


@pytest.mark.notebook
def test_manifest_has_status_hashes_versions_seed(run):
    m = json.loads((run["dir"] / "manifest.json").read_text())
    assert m["run_id"] == run["run_id"] and m["seed"] == 0
    assert m["parameters"]["regencies"] == CODES and m["parameters"]["lang"] == "id"
    assert {c: e["status"] for c, e in m["regencies"].items()} == {c: "ok" for c in CODES}
    assert all(e["duration"] > 0 for e in m["regencies"].values())
    raw = RAW_DIR / "profil_wilayah.csv"
    assert m["inputs_sha256"]["data/raw/profil_wilayah.csv"] == \
        hashlib.sha256(raw.read_bytes()).hexdigest()
    nb_key = str(FIXTURE.relative_to(FIXTURE.parents[2]))
    assert m["inputs_sha256"][nb_key] == hashlib.sha256(FIXTURE.read_bytes()).hexdigest()
    assert m["packages"]["papermill"] and m["summary"] == {"ok": 2, "total": 2}


@pytest.mark.notebook
def test_latest_points_at_the_run_and_index_lists_every_regency(run):
    assert os.readlink(run["out"] / "latest") == run["run_id"]
    index = (run["dir"] / "index.html").read_text(encoding="utf-8")
    published = _published_final_2023()
    # sorted by score: the regency with the higher published 2023 final comes first
    ranked = sorted(CODES, key=lambda c: -published.get(c, -1))
    table = index[index.index("<table"):]          # the map above the table links regencies too
    positions = [table.index(f'href="{c}.html"') for c in ranked]
    assert positions == sorted(positions)
    assert all(f'href="{c}.html"' in index for c in CODES)


@pytest.mark.notebook
def test_verify_builds_the_map_backdrop_of_the_runs_language_only(run, monkeypatch):
    asked = []

    def stop(sources, out_dir=None, only=None, progress=None):   # stop before any drawing
        asked.append(only)
        raise KeyboardInterrupt

    monkeypatch.setattr(runner, "build_processed", stop)
    with pytest.raises(KeyboardInterrupt):
        verify_run(run["dir"], jobs=1)
    assert mf.read_manifest(run["dir"])["parameters"]["lang"] == "id"     # the default
    # before: every table, the English backdrop drawn too
    [only] = asked
    assert "latar_peta_id" in only and "latar_peta_en" not in only and "evaluasi" in only


@pytest.mark.notebook
def test_verify_reproduces_then_reports_a_changed_number(run, capsys):
    res = verify_run(run["dir"], jobs=2)
    # the stand-in records its kernel's pid: the one number that must differ on re-execution
    assert {c: [d[0] for d in v] for c, v in res.differences.items()} == \
        {"64.02": ["state.pid"], "62.06": ["state.pid"]}
    assert res.compared >= 2 * 8 and res.regencies == 2 and not res.failures
    rec_path = run["dir"] / "64.02.json"
    original = rec_path.read_text()
    rec = json.loads(original)
    rec["header"]["nilai_final"] = rec["header"]["nilai_final"] + 0.25
    rec_path.write_text(json.dumps(rec))
    try:
        code = main(["verify", str(run["dir"]), "--regency", "64.02", "--jobs", "1",
                     "--ignore", "state.pid"])
        assert code == 1
        lines = [ln for ln in capsys.readouterr().err.splitlines() if ln.startswith("DIFFERS")]
        assert len(lines) == 1 and lines[0].startswith("DIFFERS 64.02 header.nilai_final: ")
        before, after = (float(x.split()[0]) for x in lines[0].split(": ", 1)[1].split(" -> "))
        assert before - after == pytest.approx(0.25)
    finally:
        rec_path.write_text(original)


@pytest.mark.notebook
def test_failure_and_hang_do_not_stop_the_others_and_resume_finishes(tmp_path, monkeypatch):
    monkeypatch.setenv("STANDIN_FAIL", "64.02")
    monkeypatch.setenv("STANDIN_HANG", "62.06")
    res = run_reports(["64.02", "62.06", "11.71"], out=tmp_path, jobs=2, timeout=5,
                      notebook=FIXTURE, progress=False)
    assert not res.ok
    status = {c: e["status"] for c, e in res.manifest["regencies"].items()}
    assert status == {"64.02": "failed", "62.06": "timeout", "11.71": "ok"}
    fail = {f["code"]: f for f in res.failures}
    assert "stand-in failure for 64.02" in fail["64.02"]["error"]
    assert (res.run_dir / "failed" / "64.02.ipynb").is_file()          # partial notebook
    assert (res.run_dir / "failed" / "62.06.ipynb").is_file()
    assert not (res.run_dir / "64.02.json").exists()
    assert "failed/64.02.ipynb" in res.summary_text()
    ok_mtime = (res.run_dir / "11.71.json").stat().st_mtime_ns

    monkeypatch.delenv("STANDIN_FAIL")
    monkeypatch.delenv("STANDIN_HANG")
    again = run_reports(resume=res.run_id, out=tmp_path, jobs=2, progress=False)
    assert again.ok and again.run_id == res.run_id
    assert again.manifest["resumed"][-1]["regencies"] == ["64.02", "62.06"]   # only those
    assert (res.run_dir / "11.71.json").stat().st_mtime_ns == ok_mtime
    assert not (res.run_dir / "failed" / "64.02.ipynb").exists()
    assert {e["status"] for e in again.manifest["regencies"].values()} == {"ok"}


def test_locked_output_directory_is_refused(tmp_path):
    with mf.RunLock(tmp_path, "other-run"):
        with pytest.raises(mf.RunLocked, match="other-run"):
            run_reports(CODES, out=tmp_path, notebook=FIXTURE, progress=False)
        assert main(["report", "--out", str(tmp_path), "--notebook", str(FIXTURE)]) == 2


def test_unknown_codes_are_a_user_error():
    with pytest.raises(WorkbenchError, match="99.99"):
        resolve_codes(["64.02", "99.99"], RAW_DIR)
    assert resolve_codes(["64.02", "64.02", "62.06"], RAW_DIR) == ["64.02", "62.06"]
    with open(RAW_DIR / "profil_wilayah.csv", newline="", encoding="utf-8") as fh:
        assert len(resolve_codes(None, RAW_DIR)) == len(list(csv.DictReader(fh)))


def test_processed_tables_go_to_data_processed_per_data_directory(tmp_path):
    from analysis.paths import PROCESSED_DIR
    assert processed_dir_for(RAW_DIR) == PROCESSED_DIR
    other = processed_dir_for(tmp_path)
    assert other.parent == PROCESSED_DIR / "datasets" and other.name.startswith(tmp_path.name)


def test_progress_prints_plain_lines_when_not_on_a_terminal():
    import io
    from analysis.reports.runner import Progress
    buf = io.StringIO()
    now = iter([100.0, 106.0, 130.0])         # start; 6 s after the first; 30 s after two
    bar = Progress(12, stream=buf, clock=lambda: next(now))
    bar.update({"code": "64.02", "status": "ok", "duration": 1.234,
                "record": {"header": {"nama": "Kabupaten Kutai Kartanegara"}}})
    bar.update({"code": "62.06", "status": "failed", "duration": 0.5, "error": "boom"})
    bar.close()
    # the pace so far: 6 s for 1 -> 11 left x 6 s = 66 s; 30 s for 2 -> 10 x 15 s = 150 s
    assert buf.getvalue().splitlines() == [
        "[ 1/12] 64.02 Kabupaten Kutai Kartanegara ok 1.2 s; about 1 min 6 s left",
        "[ 2/12] 62.06 failed 0.5 s; about 2 min 30 s left - boom"]
    quiet = io.StringIO()
    Progress(1, enabled=False, stream=quiet).update({"code": "x", "status": "ok", "duration": 1})
    assert quiet.getvalue() == ""
