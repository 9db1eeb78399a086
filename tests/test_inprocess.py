"""The in-process papermill engine (analysis.reports.inprocess): the same executed notebook as
a warm kernel gives, nothing shared between reports, failures and time limits as with kernels."""
from __future__ import annotations

import json
import multiprocessing
import os
import random
import re
import sys
import time
from pathlib import Path

import nbformat
import papermill
import pytest

from analysis.reports.warm_kernel import ReportTimeout
from analysis.reports.inprocess import InProcessRunner
from analysis.reports.runner import DEFAULT_NOTEBOOK
from analysis.reports.task import ReportTask, extract_record, run_task

FIXTURE = Path(__file__).parent / "fixtures" / "standin_report.ipynb"
pytestmark = pytest.mark.notebook       # executes notebooks (in this process)


def _params(code: str) -> dict:
    return {"regency_code": code, "lang": "id", "data_dir": "", "processed_dir": "",
            "record_path": ""}


@pytest.fixture
def runner():
    home = os.getcwd()
    yield InProcessRunner(cwd=FIXTURE.parent)
    os.chdir(home)


def test_nothing_of_one_report_is_left_for_the_next(runner, tmp_path):
    first = runner.execute(FIXTURE, tmp_path / "a.ipynb", _params("64.02"), timeout=120)
    second = runner.execute(FIXTURE, tmp_path / "b.ipynb", _params("62.06"), timeout=120)
    r1, r2 = extract_record(first), extract_record(second)
    assert r1["state"]["pid"] == r2["state"]["pid"] == os.getpid()      # this very process
    assert r2["state"]["leaked"] == [] and r2["state"]["open_figures"] == 0
    assert r2["header"]["kode_kemendagri"] == "62.06"                   # papermill's parameters
    assert r2["header"]["nama"] == "Kabupaten Katingan"
    random.seed(0)
    assert r1["state"]["random_draw"] == r2["state"]["random_draw"] == random.random()
    counts = [c.execution_count for c in second.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1))
    assert second.cells[1].metadata["papermill"]["status"] == "completed"
    # as in a kernel, a figure left open at the end of a cell is its output (inline backend)
    assert any("image/png" in o.get("data", {}) for c in second.cells if c.cell_type == "code"
               for o in c.outputs)
    # the process keeps its own __main__ (IPython would install its namespace there, and
    # multiprocessing's spawn reads __main__.__spec__ to start a process)
    assert hasattr(sys.modules["__main__"], "__spec__")
    ctx = multiprocessing.get_context("spawn")
    proc = ctx.Process(target=os.getpid)
    proc.start()
    proc.join(60)
    assert proc.exitcode == 0


def test_the_notebook_written_is_the_one_returned(runner, tmp_path):
    """run_task takes the file papermill wrote as the report's notebook (no second
    serialisation): it must be the returned notebook, numbered as run."""
    nb = runner.execute(FIXTURE, tmp_path / "w.ipynb", _params("64.02"), timeout=120)
    assert InProcessRunner.writes_returned
    assert (tmp_path / "w.ipynb").read_text(encoding="utf-8") == nbformat.writes(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    for c in code:
        assert all(o["execution_count"] == c.execution_count for o in c.outputs
                   if "execution_count" in o)


def test_a_cell_error_fails_the_report_keeps_the_partial_notebook(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("STANDIN_FAIL", "64.02")
    with pytest.raises(papermill.PapermillExecutionError) as err:
        runner.execute(FIXTURE, tmp_path / "f.ipynb", _params("64.02"), timeout=120)
    assert "stand-in failure for 64.02" in str(err.value)
    nb = json.loads((tmp_path / "f.ipynb").read_text(encoding="utf-8"))
    errors = [o for c in nb["cells"] for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert [e["ename"] for e in errors] == ["RuntimeError"]
    ok = runner.execute(FIXTURE, tmp_path / "g.ipynb", _params("62.06"), timeout=120)
    assert extract_record(ok)["state"]["leaked"] == []


def test_a_report_past_its_time_limit_is_interrupted(runner, tmp_path, monkeypatch):
    monkeypatch.setenv("STANDIN_HANG", "64.02")
    t0 = time.monotonic()
    with pytest.raises(ReportTimeout):
        runner.execute(FIXTURE, tmp_path / "h.ipynb", _params("64.02"), timeout=3)
    assert time.monotonic() - t0 < 20                   # not the hour the cell sleeps
    assert (tmp_path / "h.ipynb").exists()              # the partly executed notebook
    out = runner.execute(FIXTURE, tmp_path / "i.ipynb", _params("62.06"), timeout=120)
    assert extract_record(out)["header"]["kode_kemendagri"] == "62.06"


@pytest.mark.parametrize("code, lang", [("64.02", "id"), ("62.06", "en")])
def test_the_report_is_the_same_document_as_from_a_warm_kernel(code, lang):
    """The regency report run both ways: the same headline record, the same outputs cell by
    cell (types and MIME types), the same reader's HTML."""
    text = DEFAULT_NOTEBOOK.read_text(encoding="utf-8")
    out = {}
    for kernel in ("warm", "inprocess"):
        res = run_task(ReportTask(code=code, notebook=str(DEFAULT_NOTEBOOK), lang=lang,
                                  notebook_json=text, kernel=kernel))
        assert res["status"] == "ok", res.get("error")
        nb = json.loads(res["ipynb"])
        shape = [[(o["output_type"], sorted(o.get("data", {}))) for o in c.get("outputs", [])]
                 for c in nb["cells"]]
        # random each time: the id of papermill's injected-parameters cell, pandas' table ids
        html = re.sub(r'cell-id=[0-9a-f-]+"|T_[0-9a-f]{5}', "", res["html"])
        out[kernel] = (res["record"], shape, html)
    assert out["warm"][0] == out["inprocess"][0]
    assert out["warm"][1] == out["inprocess"][1]
    assert out["warm"][2] == out["inprocess"][2]
