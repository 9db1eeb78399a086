"""The local pool hands a worker its next report before the caller writes the last one's
outputs, and a stopped worker ends cleanly; the run manifest lists every stored result however
the run ends (it is rewritten at most once a second while reports finish, and at the end)."""
from __future__ import annotations

from pathlib import Path

import pytest

from analysis.reports import runner
from analysis.reports.pool import run_local, start_workers
from analysis.reports.task import ReportTask

FIXTURE = Path(__file__).parent / "fixtures" / "standin_report.ipynb"


def _task(code: str) -> ReportTask:
    return ReportTask(code=code, notebook=str(FIXTURE), kernel="inprocess", html=False,
                      timeout=120)


@pytest.mark.notebook
def test_next_report_is_sent_before_the_result_is_handed_over():
    workers = start_workers(1)
    results = run_local([_task("64.02"), _task("62.06")], 1, workers)
    first = next(results)
    assert first["code"] == "64.02" and first["status"] == "ok", first["error"]
    # while the caller holds the first result, the worker already has the second report
    assert workers[0].task is not None and workers[0].task.code == "62.06"
    second = next(results)
    assert second["code"] == "62.06" and second["status"] == "ok", second["error"]
    assert list(results) == []
    # stopped at the end, it exits by itself with status 0 (not killed)
    assert workers[0].proc.exitcode == 0


@pytest.mark.notebook
def test_manifest_lists_every_stored_result_when_the_run_breaks_off(tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "MANIFEST_EVERY", 3600.0)    # no rewrite during the loop
    stored = []
    real = runner.store_result

    def store_then_break(run_dir, res):
        if stored:
            raise KeyboardInterrupt                     # the user stops the run
        stored.append(res["code"])
        return real(run_dir, res)

    monkeypatch.setattr(runner, "store_result", store_then_break)
    with pytest.raises(KeyboardInterrupt):
        runner.run_reports(["64.02", "62.06", "11.71"], out=tmp_path, jobs=1,
                           notebook=FIXTURE, progress=False)
    from analysis.reports import manifest as mf
    run_dir = next(p for p in tmp_path.iterdir() if p.is_dir() and not p.name.startswith("."))
    m = mf.read_manifest(run_dir)
    done = [c for c, e in m["regencies"].items() if e.get("status") == mf.DONE]
    assert done == stored == ["64.02"]
    assert (run_dir / "64.02.json").is_file()
