"""Long commands say what they do and how long is left: the build names every table it computes
with an estimate from the last build's times; the report run names each regency with the time
left at the pace so far. Plus the tables readers meet outside the report's sections: the
score trend of an own-data report and the explorer app's profile."""
from __future__ import annotations

import io
import json
from contextlib import redirect_stderr

import numpy as np
import pandas as pd

from analysis.processed.engine import BuildProgress, build, stderr_progress
from analysis.processed.spec import Sources
from analysis.progress import duration_text, time_left
from tests.test_build_engine import SPECS, data  # noqa: F401 (the fixture)


def test_durations_and_time_left_by_hand():
    assert [duration_text(s) for s in (0.4, 12, 66, 150, 725, 3900, None)] == [
        "0 s", "12 s", "1 min 6 s", "2 min 30 s", "12 min", "1 h 5 min", "?"]
    assert time_left(30.0, 2, 12) == 150.0           # 15 s each, 10 to go
    assert time_left(0.0, 0, 12) is None and time_left(9.0, 3, 3) == 0.0


def test_build_names_each_table_it_computes_with_time_left(data, tmp_path):  # noqa: F811
    out = tmp_path / "processed"
    seen: list[BuildProgress] = []
    build(Sources.from_dir(data), out, specs=SPECS, progress=seen.append)
    assert [(e.index, e.total, e.name) for e in seen] == [(1, 3, "scores"), (2, 3, "ranked"),
                                                          (3, 3, "risiko")]
    assert all(e.last_seconds is None and e.left_seconds is None for e in seen)  # first build
    recorded = {n: t["seconds"] for n, t in
                json.loads((out / "build.json").read_text())["tables"].items()}
    seen.clear()
    (data / "scores.csv").write_text("kode_kemendagri,nilai\n01.01,3.5\n64.02,3.0\n")
    build(Sources.from_dir(data), out, specs=SPECS, progress=seen.append)
    # only what is computed is named; the estimate is this table's and every later one's
    # time in the last build (an upper bound: risiko is skipped after all)
    assert [e.name for e in seen] == ["scores", "ranked"]
    first = seen[0]
    assert first.last_seconds == recorded["scores"]
    assert first.left_seconds == sum(recorded.values())
    assert seen[1].left_seconds == recorded["ranked"] + recorded["risiko"]
    seen.clear()
    build(Sources.from_dir(data), out, specs=SPECS, progress=seen.append)
    assert seen == []                                   # nothing computed, nothing said


def test_build_progress_line():
    buf = io.StringIO()
    with redirect_stderr(buf):
        stderr_progress(BuildProgress(12, 60, "korelasi", "cross-section", 3.1, 125.0))
        stderr_progress(BuildProgress(1, 60, "profil", "", None, None))
    assert buf.getvalue().splitlines() == [
        "build [12/60] korelasi: cross-section (last build 3 s; up to about 2 min 5 s left)",
        "build [1/60] profil: computing (first build)"]


def test_score_trend_table_in_the_reports_language():
    from analysis.reports.sections.progress import trend_table
    trend = pd.DataFrame({"year": [2022, 2023], "nilai_final": [2.5, 2.94],
                          "improvement_printed": [np.nan, 0.44], "improvement": [np.nan, 0.44]})
    t = trend_table(trend, "id")
    assert list(t.columns) == ["Tahun", "Nilai final", "Kenaikan tercetak",
                               "Kenaikan (dihitung ulang)"]
    assert t.values.tolist() == [["2022", "2,50", "–", "–"], ["2023", "2,94", "0,44", "0,44"]]
    assert list(trend_table(trend, "en").columns)[0] == "Year"


def test_explorer_profile_reads_like_the_report():
    from analysis.reports.explorer import profile_text
    p = profile_text("64.02", lang="id").iloc[:, 0]
    assert p["Penduduk (jiwa)"] == "806.964"            # a population: no decimals
    assert p["Luas wilayah (km²)"] == "26.912,1" and p["IPM 2021"] == "74,06"
    assert p["Kota (1) vs kabupaten (0)"] == "Tidak"
    assert profile_text("64.02", lang="en").iloc[:, 0]["Population"] == "806,964"
