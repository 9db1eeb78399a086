"""Reports after the build stage (notebook tier: kernels).

* Golden headline test: the headline records of 14 regencies spread over the shipped 142
  (Kutai Kartanegara 64.02, Katingan 62.06, 82.06 not evaluated in 2023, REGULER and KPPN&IKN
  regencies), written by scripts/write_headline_records.py (tests/fixtures/headline_records.json,
  with the commit, date and command that produced it); the same regencies run today must give
  every key and number again.
* Reports read data/processed only: a report kernel runs with its raw-data directory gone
  after the build.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import papermill as pm
import pytest

from analysis.processed.project import build_processed
from analysis.commands.verify import compare_records
from analysis.paths import NOTEBOOKS_DIR, RAW_DIR
from analysis.reports.runner import run_reports

FIXTURE = Path(__file__).parent / "fixtures" / "headline_records.json"


@pytest.mark.notebook
def test_headlines_identical_to_the_golden_records(tmp_path):
    golden = json.loads(FIXTURE.read_text(encoding="utf-8"))
    records, sections = golden["records"], golden["_produced_by"]["sections"]
    assert len(records) == 14 and {"64.02", "62.06", "82.06"} <= set(records)
    res = run_reports(sorted(records), out=tmp_path / "reports", jobs=2, progress=False,
                      processed_dir=tmp_path / "processed")
    assert res.ok, res.summary_text()
    diffs = {}
    for code, before in records.items():
        after = json.loads((res.run_dir / f"{code}.json").read_text(encoding="utf-8"))
        assert set(sections) <= set(after), code
        found = compare_records(before, {s: after[s] for s in sections}, tol=1e-9)
        if found:
            diffs[code] = found
    assert diffs == {}


@pytest.mark.notebook
def test_report_runs_without_raw_data_after_the_build(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(RAW_DIR, raw)
    processed = build_processed(raw, tmp_path / "processed").out_dir
    shutil.rmtree(raw)                          # every section must read data/processed only
    out = tmp_path / "64.02.ipynb"
    pm.execute_notebook(str(NOTEBOOKS_DIR / "regency_report.ipynb"), str(out),
                        parameters={"regency_code": "64.02", "lang": "en", "data_dir": str(raw),
                                    "processed_dir": str(processed)},
                        kernel_name="python3", progress_bar=False, log_output=False)
    nb = json.loads(out.read_text(encoding="utf-8"))
    errors = [o for c in nb["cells"] for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert errors == []
