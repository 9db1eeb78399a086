"""Text that a spreadsheet would run as a formula is written as text, in CSV
outputs meant for spreadsheets and in XLSX templates; numbers stay numbers."""
from __future__ import annotations

import csv

import openpyxl
import pandas as pd
import pytest

from analysis.cli import main
from analysis.escape import is_formula_like, spreadsheet_frame, spreadsheet_text
from analysis.io import write_csv
from analysis.masterplan.template_writer import write_workbook
from conftest import record_hashes

PAYLOADS = ["=HYPERLINK(\"http://x\",\"klik\")", "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
            "@SUM(1+9)*cmd|' /C calc'!A0", "=1+1"]


@pytest.mark.parametrize("value,expected", [
    ("=1+1", "'=1+1"), ("+62 812", "'+62 812"), ("-cmd", "'-cmd"), ("@x", "'@x"),
    ("\t=1", "'\t=1"), ("-1.5", "-1.5"), ("+3", "+3"), ("1e-3", "1e-3"),
    ("Diskominfo", "Diskominfo"), ("a=b", "a=b"), (-1.5, -1.5), (None, None), (3, 3),
])
def test_spreadsheet_text(value, expected):
    assert spreadsheet_text(value) == expected


def test_spreadsheet_frame_keeps_numbers_and_escapes_text_and_headers():
    df = pd.DataFrame({"owner": ["=1+1", "Bappeda"], "score": [-2.5, 3.0], "=h": ["x", "-y"]})
    out = spreadsheet_frame(df)
    assert out["owner"].tolist() == ["'=1+1", "Bappeda"]
    assert out["score"].tolist() == [-2.5, 3.0] and out["score"].dtype == float
    assert list(out.columns) == ["owner", "score", "'=h"] and out["'=h"].tolist() == ["x", "'-y"]
    assert df["owner"].tolist() == ["=1+1", "Bappeda"]            # the input is not changed


def test_write_csv_escapes_only_when_asked(tmp_path):
    df = pd.DataFrame({"t": ["=1+1"], "n": [-1]})
    write_csv(tmp_path / "machine.csv", df)
    write_csv(tmp_path / "sheet.csv", df, spreadsheet=True)
    assert (tmp_path / "machine.csv").read_text() == "t,n\n=1+1,-1\n"      # round-trips
    assert (tmp_path / "sheet.csv").read_text() == "t,n\n'=1+1,-1\n"


def test_risk_command_output_shows_formulas_as_text(raw_copy, tmp_path):
    reg = raw_copy / "risk_register_64.02_2023.csv"
    with open(reg, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for r, p in zip(rows, PAYLOADS):
        r["owner"], r["event"] = p, p
    with open(reg, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    record_hashes(raw_copy)
    assert main(["risk", "--register", str(reg), "--out", str(tmp_path / "o"),
                 "--data-dir", str(raw_copy)]) == 0
    with open(tmp_path / "o" / "risk_scored.csv", newline="", encoding="utf-8") as fh:
        got = list(csv.DictReader(fh))
    assert [g["owner"] for g in got[:len(PAYLOADS)]] == ["'" + p for p in PAYLOADS]
    assert not any(is_formula_like(v) for g in got for v in g.values())
    assert got[0]["likelihood"] == rows[0]["likelihood"]            # numbers stay numbers


def test_xlsx_workbook_cells_with_formula_text_are_strings(tmp_path):
    frame = pd.DataFrame({"risk_id": ["R01", "R02"], "owner": ["=1+1", "-cmd"],
                          "event": ["@SUM(A1)", "normal"], "likelihood": [4, 2], "impact": [-1, 3]})
    out = write_workbook("risk", tmp_path / "r.xlsx", {"risk": frame})
    ws = openpyxl.load_workbook(out).worksheets[-1]                # after the instructions
    cells = {c.value: c for row in ws.iter_rows(min_row=2, max_row=3) for c in row
             if c.value is not None}
    for text in ("=1+1", "-cmd", "@SUM(A1)"):
        assert cells[text].data_type == "s", text       # a string, not a formula
        assert cells[text].quotePrefix
    assert cells[4].data_type == "n" and cells[-1].data_type == "n"   # numbers stay numbers
    assert not cells["normal"].quotePrefix
