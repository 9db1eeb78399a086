"""The warm-kernel papermill engine: parameters injected, no state shared between reports,
hung kernels stopped and replaced, start-up failures retried."""
from __future__ import annotations

import random
import time
from pathlib import Path

import papermill
import pytest

from analysis.reports import warm_kernel
from analysis.reports.warm_kernel import KernelStartError, ReportTimeout, WarmKernel
from analysis.reports.task import extract_record

FIXTURE = Path(__file__).parent / "fixtures" / "standin_report.ipynb"


def _params(code: str) -> dict:
    return {"regency_code": code, "lang": "id", "data_dir": "", "processed_dir": "",
            "record_path": ""}


@pytest.fixture(scope="module")
def kernel():
    k = WarmKernel(cwd=FIXTURE.parent)
    k.start()
    yield k
    k.shutdown()


@pytest.mark.notebook
def test_variable_set_in_one_report_is_absent_in_the_next(kernel, tmp_path):
    first = kernel.execute(FIXTURE, tmp_path / "a.ipynb", _params("64.02"), timeout=120)
    second = kernel.execute(FIXTURE, tmp_path / "b.ipynb", _params("62.06"), timeout=120)
    r1, r2 = extract_record(first), extract_record(second)
    # Same kernel process executed both (that is what makes it warm) ...
    assert r1["state"]["pid"] == r2["state"]["pid"] == kernel.pid
    # ... yet report 1's `leak_marker`, `record` and `fig` are gone when report 2 starts.
    assert r2["state"]["leaked"] == []
    assert r2["state"]["open_figures"] == 0
    # Parameters were injected by papermill (the code is report 2's, not the default).
    assert r2["header"]["kode_kemendagri"] == "62.06"
    assert r2["header"]["nama"] == "Kabupaten Katingan"
    # The random generators are re-seeded before every report: both start from one state.
    assert r1["state"]["random_draw"] == r2["state"]["random_draw"]
    assert r1["state"]["random_draw"] in _first_draws(0)
    # Cells are numbered as by a fresh kernel although the kernel's counter kept counting.
    counts = [c.execution_count for c in second.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1))


@pytest.mark.notebook
def test_reset_really_clears_what_a_report_left(kernel, tmp_path):
    # Control for the test above: without the reset, the marker *is* visible.
    kernel.ensure_ready()
    kernel._run("leak_marker = 'x'\nrecord = 1", timeout=30)
    client = kernel.km.blocking_client()
    client.start_channels()
    try:
        reply = client.execute_interactive("assert 'leak_marker' in globals()", timeout=30)
        assert reply["content"]["status"] == "ok"
    finally:
        client.stop_channels()
    out = kernel.execute(FIXTURE, tmp_path / "c.ipynb", _params("64.02"), timeout=120)
    assert extract_record(out)["state"]["leaked"] == []


@pytest.mark.notebook
def test_cell_error_fails_the_report_but_keeps_the_kernel(tmp_path, monkeypatch):
    monkeypatch.setenv("STANDIN_FAIL", "64.02")
    k = WarmKernel(cwd=FIXTURE.parent)
    try:
        with pytest.raises(papermill.PapermillExecutionError) as err:
            k.execute(FIXTURE, tmp_path / "f.ipynb", _params("64.02"), timeout=120)
        assert "stand-in failure for 64.02" in str(err.value)
        assert (tmp_path / "f.ipynb").exists()          # the partly executed notebook
        pid = k.pid
        ok = k.execute(FIXTURE, tmp_path / "g.ipynb", _params("62.06"), timeout=120)
        assert extract_record(ok)["state"]["pid"] == pid
        assert k.starts == 1
    finally:
        k.shutdown()


@pytest.mark.notebook
def test_hung_report_is_stopped_and_the_kernel_replaced(tmp_path, monkeypatch):
    monkeypatch.setenv("STANDIN_HANG", "64.02")
    k = WarmKernel(cwd=FIXTURE.parent)
    try:
        k.start()
        hung_pid = k.pid
        t0 = time.monotonic()
        with pytest.raises(ReportTimeout):
            k.execute(FIXTURE, tmp_path / "h.ipynb", _params("64.02"), timeout=4)
        assert time.monotonic() - t0 < 30                 # not the hour the cell sleeps
        out = k.execute(FIXTURE, tmp_path / "i.ipynb", _params("62.06"), timeout=120)
        new_pid = extract_record(out)["state"]["pid"]
        assert new_pid != hung_pid and k.starts == 2
    finally:
        k.shutdown()


@pytest.mark.notebook
def test_start_up_failures_are_retried(monkeypatch):
    calls = []
    real = WarmKernel._start_once

    def flaky(self):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("Kernel didn't respond in 60 seconds")   # e.g. a port collision
        real(self)

    monkeypatch.setattr(WarmKernel, "_start_once", flaky)
    monkeypatch.setattr(warm_kernel.time, "sleep", lambda s: None)
    k = WarmKernel(cwd=FIXTURE.parent, start_retries=2)
    try:
        k.start()
        assert len(calls) == 2 and k.starts == 1 and k.is_alive()
    finally:
        k.shutdown()


def test_start_gives_up_after_the_retries(monkeypatch):
    def broken(self):
        raise RuntimeError("address already in use")

    monkeypatch.setattr(WarmKernel, "_start_once", broken)
    monkeypatch.setattr(warm_kernel.time, "sleep", lambda s: None)
    with pytest.raises(KernelStartError, match="after 3 attempts: address already in use"):
        WarmKernel(start_retries=2).start()


def _first_draws(seed: int, n: int = 3) -> list[float]:
    rng = random.Random(seed)
    return [rng.random() for _ in range(n)]


@pytest.mark.notebook
def test_fresh_mode_starts_a_kernel_per_report(kernel, tmp_path):
    k = WarmKernel(cwd=FIXTURE.parent, fresh=True)
    try:
        a = extract_record(k.execute(FIXTURE, tmp_path / "a.ipynb", _params("64.02"), timeout=120))
        b = extract_record(k.execute(FIXTURE, tmp_path / "b.ipynb", _params("64.02"), timeout=120))
        assert a["state"]["pid"] != b["state"]["pid"]
        assert k.starts == 2 and k.km is None             # nothing left running
        # Same seed, same random state as in a warm kernel that ran other reports before.
        warm = extract_record(kernel.execute(FIXTURE, tmp_path / "w.ipynb", _params("62.06"),
                                             timeout=120))
        assert a["state"]["random_draw"] == b["state"]["random_draw"] \
            == warm["state"]["random_draw"]
    finally:
        k.shutdown()


def test_notebook_imports_collects_import_lines():
    code = warm_kernel.notebook_imports(FIXTURE)
    assert "import matplotlib.pyplot as plt" in code
    assert "from analysis.data.raw_tables import load_evaluation_raw, load_profiles" in code
    compile(code, "<preload>", "exec")                    # valid Python, each import guarded
