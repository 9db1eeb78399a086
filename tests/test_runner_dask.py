"""``workbench report --scheduler local``: a real Dask LocalCluster runs the same tasks and the
results (and failures) land in the same manifest as with the local pool."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from analysis.paths import RAW_DIR
from analysis.reports.runner import run_reports

FIXTURE = Path(__file__).parent / "fixtures" / "standin_report.ipynb"


@pytest.mark.dask
def test_local_dask_cluster_runs_reports_and_reports_failures(tmp_path, monkeypatch):
    monkeypatch.setenv("STANDIN_FAIL", "62.06")      # inherited by the cluster's workers
    res = run_reports(["64.02", "62.06"], out=tmp_path, jobs=2, scheduler="local",
                      notebook=FIXTURE, timeout=120, progress=False)
    regs = res.manifest["regencies"]
    assert regs["64.02"]["status"] == "ok" and regs["62.06"]["status"] == "failed"
    assert "stand-in failure for 62.06" in regs["62.06"]["error"]
    assert res.manifest["parameters"]["scheduler"] == "local"
    assert (res.run_dir / "failed" / "62.06.ipynb").is_file()
    with open(RAW_DIR / "kominfo_evaluasi_2023.csv", newline="", encoding="utf-8") as fh:
        published = {r["kode_kemendagri"]: float(r["nilai_final"]) for r in csv.DictReader(fh)}
    rec = json.loads((res.run_dir / "64.02.json").read_text())
    assert rec["header"]["nilai_final"] == pytest.approx(published["64.02"])
    assert (res.run_dir / "64.02.html").is_file() and (res.run_dir / "index.html").is_file()
    # executed on a Dask worker process, not in this test process
    import os
    assert rec["state"]["pid"] != os.getpid()
    assert not res.ok


@pytest.mark.dask
def test_scheduler_address_sends_the_work_to_a_running_cluster(tmp_path):
    from distributed import LocalCluster
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster:
        address = cluster.scheduler_address
        assert address.startswith("tcp://127.0.0.1:")
        res = run_reports(["64.02"], out=tmp_path, jobs=1, scheduler=address,
                          notebook=FIXTURE, timeout=120, progress=False)
        still_running = cluster.status.name == "running" and len(cluster.workers) == 1
    assert res.ok and res.manifest["parameters"]["scheduler"] == address
    assert still_running                      # the run used the cluster without closing it
    rec = json.loads((res.run_dir / "64.02.json").read_text())
    assert rec["header"]["kode_kemendagri"] == "64.02"


def test_bad_scheduler_address_is_a_user_error(tmp_path):
    from analysis.errors import WorkbenchError
    from analysis.reports.distributed import open_client
    with pytest.raises(WorkbenchError, match="tcp://HOST:8786"):
        open_client("my-cluster:8786", 1)
