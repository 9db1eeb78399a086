"""``workbench simulate`` reads the processed tables (``evaluasi``, ``profil``,
``penilaian_kesiapan``; built first when stale), not the raw files: the same CSV as the raw
route gives (checked here against the evaluation and assessment computed from the raw files),
and no raw file of the data directory read when the processed tables are up to date."""
from __future__ import annotations

import pandas as pd
import pytest
from helpers.guards import record_reads

from analysis.cli import main
from analysis.data import schema
from analysis.data import template_tables as tpl
from analysis.evaluation import load_evaluation
from analysis.evaluation.dimension_whatif import parse_setting, simulate, target_plan
from analysis.io import write_csv
from analysis.paths import RAW_DIR
from analysis.processed.project import built_tables
from analysis.readiness.assessment_whatif import item_gains


@pytest.fixture
def reads(monkeypatch):
    """Every path of a raw-data directory a table reader is asked to read (CSV by pandas or
    by the schema readers): the processed tables are read from bytes, never from a path."""
    return record_reads(monkeypatch, [(pd, "read_csv"), (schema, "read_csv_text"),
                                      (tpl, "read_csv_text"), (tpl, "read_text")])


def _raw_route(tmp_path, table) -> bytes:
    write_csv(tmp_path / "expected.csv", table, spreadsheet=True)
    return (tmp_path / "expected.csv").read_bytes()


@pytest.mark.parametrize("argv", [
    ["--regency", "64.02", "--set", "impact=3.59"],
    ["--regency", "19.02", "--year", "2022", "--set", "output=+0.3", "--lang", "en"],
    ["--regency", "64.02", "--target", "3.2"]])
def test_evaluation_what_if_equals_the_raw_route(argv, tmp_path, capsys):
    assert main(["simulate", *argv, "--out", str(tmp_path / "s.csv")]) == 0
    code, year = argv[1], int(argv[3]) if argv[2] == "--year" else 2023
    evals = load_evaluation(year, RAW_DIR)          # the raw file, read directly
    if "--target" in argv:
        expected = target_plan(evals, code, year, argv[-1])
    else:
        lang = "en" if "en" in argv else "id"
        expected = simulate(evals, code, year, [parse_setting(argv[argv.index("--set") + 1])],
                            lang)
    assert (tmp_path / "s.csv").read_bytes() == _raw_route(tmp_path, expected)


def test_impact_what_if_by_hand(tmp_path, capsys):
    assert main(["simulate", "--regency", "64.02", "--set", "impact=3.59", "--out",
                 str(tmp_path / "s.csv")]) == 0
    t = pd.read_csv(tmp_path / "s.csv")
    assert len(t) == 2                                  # rows dasar and simulasi
    base, sim = t.iloc[0], t.iloc[1]
    # Kutai Kartanegara 2023 (KPPN&IKN): impact 2.59 -> 3.59; impact weighs 0.20 in the 2023
    # framework, so the final moves by 0.20 x 1.00 = 0.20 (2.824 -> 3.024)
    assert (base["impact"], sim["impact"]) == pytest.approx((2.59, 3.59))
    moved = [c for c in ("baseline", "output", "outcome", "impact", "quick_win")
             if base[c] != sim[c]]
    assert moved == ["impact"]
    assert sim["nilai_final"] - base["nilai_final"] == pytest.approx(0.20)
    assert sim["perubahan"] == pytest.approx(0.20) and base["nilai_final"] == pytest.approx(2.824)


@pytest.mark.parametrize("extra", [[], ["--lang", "en"]])
def test_readiness_gains_equal_the_raw_route(extra, tmp_path, capsys):
    assert main(["simulate", "--regency", "62.06", "--framework", "readiness", *extra, "--out",
                 str(tmp_path / "s.csv")]) == 0
    expected = item_gains("62.06", RAW_DIR, lang="en" if extra else "id")
    assert (tmp_path / "s.csv").read_bytes() == _raw_route(tmp_path, expected)


def test_simulate_reads_no_raw_file_when_processed_is_up_to_date(raw_copy, tmp_path, reads,
                                                                 capsys):
    built_tables(raw_copy, ["evaluasi", "profil", "penilaian_kesiapan"])
    reads.clear()
    data = ["--data-dir", str(raw_copy)]
    assert main(["simulate", "--regency", "64.02", "--set", "impact=3.59", "--out",
                 str(tmp_path / "a.csv"), *data]) == 0
    assert main(["simulate", "--regency", "64.02", "--year", "2022", "--set", "impact=3",
                 "--out", str(tmp_path / "b.csv"), *data]) == 2     # not evaluated in 2022
    assert main(["simulate", "--regency", "62.06", "--framework", "readiness", "--out",
                 str(tmp_path / "c.csv"), *data]) == 0
    assert [p for p in reads if str(raw_copy) in p] == []
    # the guard sees a raw read: the raw route reads the evaluation file
    load_evaluation(2023, raw_copy)
    assert any("kominfo_evaluasi_2023.csv" in p for p in reads)
