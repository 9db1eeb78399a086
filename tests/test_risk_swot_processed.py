"""``workbench risk --regency`` and ``workbench swot --regency`` read the processed tables of
the files as read (``risiko_masukan``, ``swot_masukan``), built first when stale: the same
bytes as the same raw file given with ``--register`` / ``--factors``, and no raw file of the
data directory parsed when the processed tables are up to date."""
from __future__ import annotations

import pandas as pd
import pytest
from helpers.guards import record_reads

from analysis.cli import main
from analysis.data import schema
from analysis.data import template_tables as tpl
from analysis.paths import RAW_DIR
from analysis.processed.project import built_tables
from analysis.processed.tables import RISK_TEXT, SWOT_TEXT

RISK_FILES = ["risk_scored.csv", "risk_matrix_counts.csv", "risk_untreated.csv",
              "risk_treatment_not_enough.csv", "risk_profile_pillar.csv"]
SWOT_FILES = ["swot_summary.csv", "swot_factors_scored.csv"]


def _same_outputs(a, b, names):
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


@pytest.mark.parametrize("code,year,extra", [
    ("64.02", 2023, []), ("64.02", 2021, []), ("62.06", 2023, []),
    ("64.02", 2021, ["--scale", "spbe"]), ("62.06", 2023, ["--bands", "permenpanrb-2020-alt"]),
    ("64.02", 2023, ["--appetite", "9"])])
def test_risk_by_regency_equals_the_register_file(code, year, extra, tmp_path, capsys):
    file = RAW_DIR / f"risk_register_{code}_{year}.csv"
    assert main(["risk", "--register", str(file), "--out", str(tmp_path / "f"), *extra]) == 0
    assert main(["risk", "--regency", code, "--year", str(year), "--out", str(tmp_path / "r"),
                 *extra]) == 0
    _same_outputs(tmp_path / "f", tmp_path / "r", RISK_FILES)


def test_risk_by_regency_latest_year_by_hand(tmp_path, capsys):
    assert main(["risk", "--regency", "64.02", "--out", str(tmp_path / "r")]) == 0
    scored = pd.read_csv(tmp_path / "r" / "risk_scored.csv", dtype=str)
    # the 2023 register (the latest): 14 risks, its columns as the file has them
    header = (RAW_DIR / "risk_register_64.02_2023.csv").read_text(encoding="utf-8")
    assert len(scored) == 14 and set(scored["year"]) == {"2023"}
    assert list(scored.columns[:18]) == header.splitlines()[0].split(",")
    assert set(scored["illustrative"]) == {"yes"}           # as typed, not a build flag
    # R01: likelihood 4, impact 4 -> 19 on the Permen PANRB 5/2020 matrix (high, >= 11);
    # residual 2 x 3 -> 11, still at the appetite of 11
    r01 = scored.set_index("risk_id").loc["R01"]
    assert (r01["magnitude"], r01["level"], r01["residual_magnitude"]) == ("19", "high", "11")
    assert r01["residual_above_appetite"] == "True"
    assert "14 risks on the spbe scale" in capsys.readouterr().err


def test_rescoring_beyond_the_scale_names_the_file_row_and_cell(tmp_path, capsys):
    # the 2023 register's R01 has likelihood 4, beyond the Kominfo scale's 3
    code = main(["risk", "--regency", "64.02", "--scale", "kominfo", "--out",
                 str(tmp_path / "r")])
    err = capsys.readouterr().err
    assert code == 2 and "risk_register_64.02_2023.csv" in err and "'likelihood'" in err
    assert "'4'" in err and " 2," in err and not (tmp_path / "r").exists()


@pytest.mark.parametrize("code", ["64.02", "62.06"])
def test_swot_by_regency_equals_the_factor_file(code, tmp_path, capsys):
    file = RAW_DIR / f"swot_factors_{code}.csv"
    assert main(["swot", "--factors", str(file), "--out", str(tmp_path / "f")]) == 0
    assert main(["swot", "--regency", code, "--out", str(tmp_path / "r")]) == 0
    _same_outputs(tmp_path / "f", tmp_path / "r", SWOT_FILES)
    if code == "64.02":      # 41 factors over 2021 and 2023, six pillars of the latest year
        factors = pd.read_csv(tmp_path / "r" / "swot_factors_scored.csv", dtype=str)
        raw = (RAW_DIR / "swot_factors_64.02.csv").read_text(encoding="utf-8").splitlines()
        assert len(factors) == len(raw) - 1 == 41
        # GOV-S1: weight 0.32 x rating 4 = 1.28
        assert factors.set_index("factor_code").loc["GOV-S1", "score"] == "1.28"


def test_by_regency_parses_no_raw_file_when_processed_is_up_to_date(raw_copy, tmp_path,
                                                                     monkeypatch, capsys):
    # a copy of the data: its processed tables are this test's own
    built_tables(raw_copy, [RISK_TEXT, SWOT_TEXT])       # up to date before the guard
    data = ["--data-dir", str(raw_copy)]
    parsed = record_reads(monkeypatch, [(tpl, "read_text"), (schema, "read_csv_text"),
                                        (tpl, "read_csv_text")])
    assert main(["risk", "--regency", "62.06", "--out", str(tmp_path / "r"), *data]) == 0
    assert main(["swot", "--regency", "62.06", "--out", str(tmp_path / "s"), *data]) == 0
    assert parsed == []
    # the guard sees a file read: the --register route parses its file
    assert main(["risk", "--register", str(raw_copy / "risk_register_62.06_2023.csv"),
                 "--out", str(tmp_path / "f"), *data]) == 0
    assert any(p.endswith("risk_register_62.06_2023.csv") for p in parsed)
