"""The strategy chapter in the regency workbook: factor codes, the Strategi and Target sheets,
the programme criteria; every broken rule named by sheet and cell, nothing written; a workbook
of the earlier layout (no new columns or sheets) imports as before; the CSV readers."""
from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from analysis.errors import DataValidationError
from analysis.masterplan import progress, strategies, swot
from analysis.masterplan.workbook import DATA_ROWS, write_regency_workbook
from analysis.masterplan.workbook_import import import_workbook
from analysis.masterplan.workbook_errors import WorkbookError
from tests.test_workbook import _put, fill

# SWOT: A Tahun, B Pilar, C Jenis, D Faktor, E Bobot, F Rating, G Kode Faktor
SWOT = [[2022, "Smart Governance", "S", "Pusat data", 0.6, 4, "GOV-S1"],
        [2022, "Smart Governance", "W", "SDM TIK", 0.4, 3, "GOV-W1"],
        [2022, "Smart Governance", "O", "Dana pusat", 0.5, 3, "GOV-O1"],
        [2022, "Smart Governance", "T", "Serangan siber", 0.5, 2, "GOV-T1"],
        [2022, "Smart Economy", "S", "UMKM", 1.0, 3, "ECO-S1"],
        [2022, "Smart Economy", "O", "Pasar IKN", 1.0, 4, "ECO-O1"]]
# Strategi: A Tahun, B Kode Strategi, C Pilar, D Jenis, E Faktor, F Uraian
STRATEGI = [[2022, "GOV-SO1", "Smart Governance", "SO", "GOV-S1, GOV-O1", "Pusat data melayani"],
            [2022, "GOV-WT1", "Smart Governance", "WT", "GOV-W1,GOV-T1", "Latih SDM keamanan"]]
# Target: A Pilar, B Tahun, C Tingkat
TARGET = [["Smart Governance", 2026, 3], ["Smart Economy", 2026, 4]]


def strategy_fill(blank, target):
    """The filled workbook of tests/test_workbook.py plus the strategy chapter: codes on SWOT,
    two strategies, two targets, P1 carrying GOV-SO1 with criteria 5, 4, 3, 2."""
    src = fill(blank, target)
    wb = openpyxl.load_workbook(src)
    _put(wb["SWOT"], SWOT)
    _put(wb["Strategi"], STRATEGI)
    _put(wb["Target"], TARGET)
    for j, v in enumerate(["GOV-SO1", 5, 4, 3, 2]):
        wb["Program"].cell(2, 12 + j, v)                   # L Kode Strategi, M..P criteria
    wb.save(target)
    return target


@pytest.fixture(scope="module")
def blank(tmp_path_factory):
    return write_regency_workbook("64.02", tmp_path_factory.mktemp("wb") / "kukar.xlsx")


def test_template_has_the_strategy_sheets_and_columns(blank):
    wb = openpyxl.load_workbook(blank)
    assert wb.sheetnames == ["Petunjuk", "Kesiapan", "Risiko", "SWOT", "Strategi", "Target",
                             "Program", "Realisasi", "Visi-Misi"]
    assert [c.value for c in wb["Strategi"][1]] == [
        "Tahun", "Kode Strategi", "Pilar", "Jenis (SO/ST/WO/WT)", "Faktor (kode, dipisah koma)",
        "Uraian Strategi"]
    assert [c.value for c in wb["Target"][1]] == ["Pilar", "Tahun",
                                                  "Tingkat Kematangan Target (1-5)"]
    assert [c.value for c in wb["SWOT"][1]][-1] == "Kode Faktor"
    assert [c.value for c in wb["Program"][1]][-6:] == [
        "Misi RPJMD (nomor)", "Kode Strategi", "Dampak (1-5)", "Urgensi (1-5)",
        "Kesiapan (1-5)", "Biaya (1-5, 5 = termurah)"]
    dv = {str(d.sqref): d.formula1 for d in wb["Program"].data_validations.dataValidation}
    last = DATA_ROWS + 1
    assert dv[f"M2:M{last}"] == '"1,2,3,4,5"' and dv[f"P2:P{last}"] == '"1,2,3,4,5"'
    assert wb["Strategi"]["E2"].number_format == "@"        # a factor list stays text


def test_import_writes_strategies_targets_and_criteria(blank, tmp_path):
    src = strategy_fill(blank, tmp_path / "isi.xlsx")
    out = tmp_path / "out"
    doc = import_workbook(src, out, today=pd.Timestamp("2026-12-01").date())
    assert {"strategies_64.02.csv", "maturity_targets_64.02.csv"} <= set(doc["files"])
    st = strategies.read_strategies(out / "strategies_64.02.csv",
                                    swot.read_factors(out / "swot_factors_64.02.csv"))
    assert st[["strategy_code", "type", "factors"]].values.tolist() == [
        ["GOV-SO1", "SO", "GOV-S1, GOV-O1"], ["GOV-WT1", "WT", "GOV-W1,GOV-T1"]]
    tg = strategies.read_targets(out / "maturity_targets_64.02.csv")
    assert tg[["pillar", "year", "target_level"]].values.tolist() == [
        ["governance", 2026, 3], ["economy", 2026, 4]]
    prog, _ = progress.read_programmes(out / "programmes_64.02.csv")
    p1 = prog.set_index("id").loc["P1"]
    assert p1["strategy_code"] == "GOV-SO1"
    assert [p1[c] for c in strategies.CRITERIA] == [5, 4, 3, 2]
    assert prog.set_index("id").loc["P2", list(strategies.CRITERIA)].isna().all()
    assert doc["files"]["strategies_64.02.csv"]["sheet"] == "Strategi"


def test_every_broken_strategy_rule_is_named_by_sheet_and_cell(blank, tmp_path):
    src = strategy_fill(blank, tmp_path / "salah.xlsx")
    wb = openpyxl.load_workbook(src)
    _put(wb["SWOT"], [[2022, "Smart Living", "S", "RSUD", 1.0, 3, "GOV-S1"],    # G8 repeat
                      [2022, "Smart Living", "O", "Telemedisin", 1.0, 3, "LIV-O1"]], start=8)
    _put(wb["Strategi"], [
        [2022, "GOV-SO2", "Smart Governance", "SO", "GOV-S1, GOV-T1", "x"],   # E4: T in SO
        [2022, "GOV-SO3", "Smart Governance", "SO", "GOV-S1", "x"],           # E5: no O
        [2022, "GOV-SO4", "Smart Governance", "SO", "GOV-S1, GOV-O9", "x"],   # E6: unknown
        [2022, "ECO-SO1", "Smart Economy", "SO", "GOV-S1, ECO-O1", "x"],      # E7: other pillar
        [2022, "GOV-SO1", "Smart Governance", "SO", "GOV-S1, GOV-O1", "x"],   # B8: repeat
        [2022, "GOV-SO5", "Smart Governance", "SO", "GOV-S1 GOV-O1", "x"],    # E9: no comma
        [2021, "GOV-SO6", "Smart Governance", "SO", "GOV-S1, GOV-O1", "x"],   # E10: other year
        [2022, "GOV-XX1", "Smart Governance", "OS", "GOV-S1, GOV-O1", None]], start=4)  # D11 F11
    _put(wb["Target"], [["Smart Governance", 2026, 2], ["Smart Living", 2026, 6]], start=4)
    for cell, v in (("L3", "GOV-ZZ9"), ("M4", 5), ("N4", 5), ("O4", 6), ("P4", 1)):
        wb["Program"][cell] = v         # P2 unknown strategy; P3: 3 of 4 scored, one is 6
    wb["Program"]["M3"] = 4             # P2: 1 of 4 scored -> Urgensi (N3) first empty
    wb.save(src)
    out = tmp_path / "out"
    with pytest.raises(WorkbookError) as ei:
        import_workbook(src, out)
    lines = [str(e) for e in ei.value.errors]
    assert lines == [
        "SWOT!G8: 'GOV-S1' repeats row 2 (year + factor_code must be unique)",
        "Strategi!E4: factor 'GOV-T1' is a threat (T); an SO strategy pairs strengths (S) with "
        "opportunities (O) only",
        "Strategi!E5: an SO strategy pairs at least one strength (S) with at least one "
        "opportunity (O); no opportunity (O) listed",
        "Strategi!E6: factor 'GOV-O9' is not a SWOT factor of pillar governance in 2022; a "
        "strategy pairs factors of its own pillar and year",
        "Strategi!E7: factor 'GOV-S1' is not a SWOT factor of pillar economy in 2022 (it is a "
        "factor of governance 2022, living 2022); a strategy pairs factors of its own pillar "
        "and year",
        "Strategi!B8: 'GOV-SO1' repeats row 2 (year + strategy_code must be unique)",
        "Strategi!E9: 'GOV-S1 GOV-O1' is not a factor code such as GOV-S1 (separate codes by "
        "commas)",
        "Strategi!E10: factor 'GOV-S1' is not a SWOT factor of pillar governance in 2021 (it is "
        "a factor of governance 2022, living 2022); a strategy pairs factors of its own pillar "
        "and year",
        "Strategi!D11: 'OS': unknown tows type; allowed: SO, ST, WO, WT",
        "Strategi!F11: a value is required (empty cell)",
        "Target!B4: 2026 repeats row 2 (pillar + year must be unique)",
        "Target!C5: 6 is outside 1–5",
        "Program!L3: strategy 'GOV-ZZ9': not a strategy code of the strategy table",
        "Program!N3: the four priority criteria are scored together: Urgensi (1-5), Kesiapan "
        "(1-5), Biaya (1-5, 5 = termurah) empty while the others are scored",
        "Program!O4: 6 is outside 1–5"]
    assert not out.exists()
    # the same errors in Indonesian (the default of workbench import): cells and values kept
    ind = [e.line("id") for e in ei.value.errors]
    assert len(ind) == len(lines) and [x.split(":")[0] for x in ind] == \
        [x.split(":")[0] for x in lines]
    assert "SWOT!G8: 'GOV-S1' mengulang baris 2 (year + factor_code harus unik)" in ind
    assert ("Strategi!E6: faktor 'GOV-O9' bukan faktor SWOT pilar governance pada 2022; "
            "strategi memasangkan faktor dari pilar dan tahunnya sendiri") in ind
    assert ("Strategi!E7: faktor 'GOV-S1' bukan faktor SWOT pilar economy pada 2022 (faktor itu "
            "milik governance 2022, living 2022); strategi memasangkan faktor dari pilar dan "
            "tahunnya sendiri") in ind
    assert ("Strategi!E9: 'GOV-S1 GOV-O1' bukan kode faktor seperti GOV-S1 (pisahkan kode "
            "dengan koma)") in ind
    assert "Strategi!D11: 'OS': jenis TOWS tidak dikenal; yang diizinkan: SO, ST, WO, WT" in ind
    assert "Strategi!F11: nilai wajib diisi (sel kosong)" in ind
    assert ("Strategi!E4: faktor 'GOV-T1' adalah ancaman (T); strategi SO hanya memasangkan "
            "kekuatan (S) dengan peluang (O)") in ind
    assert ("Strategi!E5: strategi SO memasangkan minimal satu kekuatan (S) dengan minimal satu "
            "peluang (O); tidak ada peluang (O) yang dicantumkan") in ind
    assert ("Program!L3: strategi 'GOV-ZZ9': bukan kode strategi dalam tabel strategi") in ind
    assert ("Program!N3: keempat kriteria prioritas dinilai bersama: Urgensi (1-5), Kesiapan "
            "(1-5), Biaya (1-5, 5 = termurah) kosong sementara yang lain dinilai") in ind


def test_a_workbook_of_the_earlier_layout_imports_without_strategy_data(blank, tmp_path):
    """Sheets Strategi and Target deleted, the new columns removed: imports as before."""
    src = fill(blank, tmp_path / "lama.xlsx", swot=True)
    wb = openpyxl.load_workbook(src)
    del wb["Strategi"], wb["Target"]
    wb["SWOT"].delete_cols(7)                   # Kode Faktor
    wb["Program"].delete_cols(12, 5)            # Kode Strategi and the criteria
    wb.save(src)
    doc = import_workbook(src, tmp_path / "out")
    assert "strategies_64.02.csv" not in doc["files"]
    f = swot.read_factors(tmp_path / "out" / "swot_factors_64.02.csv")
    assert f["factor_code"].isna().all() and len(f) == 4
    prog, _ = progress.read_programmes(tmp_path / "out" / "programmes_64.02.csv")
    assert prog[list(strategies.CRITERIA)].isna().all().all()


def test_programme_strategy_without_strategi_sheet_is_an_error(blank, tmp_path):
    src = fill(blank, tmp_path / "x.xlsx")
    wb = openpyxl.load_workbook(src)
    wb["Program"]["L2"] = "GOV-SO1"
    wb.save(src)
    with pytest.raises(WorkbookError) as ei:
        import_workbook(src, tmp_path / "o")
    assert [str(e) for e in ei.value.errors] == [
        "Program!L2: strategy 'GOV-SO1': the regency has no strategy table (sheet Strategi, "
        "strategies_<code>.csv)"]


# ---------------------------------------------------------------- CSV readers


def _csv(path, text):
    path.write_text(text, encoding="utf-8")
    return path


FACTORS = ("regency,year,pillar,type,factor,weight,rating,factor_code\n"
           "64.02,2022,governance,S,a,1,4,GOV-S1\n64.02,2022,governance,O,b,1,3,GOV-O1\n")


def test_csv_readers_name_file_row_column_and_value(tmp_path):
    f = swot.read_factors(_csv(tmp_path / "swot_factors_64.02.csv", FACTORS))
    bad = _csv(tmp_path / "strategies_64.02.csv",
               "year,strategy_code,pillar,type,factors,description\n"
               "2022,S1,governance,SO,\"GOV-S1, GOV-O1\",ok\n"
               "2022,S2,governance,ST,\"GOV-S1, GOV-O1\",bad\n")
    with pytest.raises(DataValidationError) as ei:
        strategies.read_strategies(bad, f)
    msg = str(ei.value)
    assert "strategies_64.02.csv" in msg and "row 3" in msg and "factors" in msg
    assert "factor 'GOV-O1' is an opportunity (O); an ST strategy pairs" in msg
    dup = _csv(tmp_path / "swot_factors_62.06.csv", FACTORS.replace("GOV-O1", "GOV-S1"))
    with pytest.raises(DataValidationError, match=r"row 3.*repeats row 2"):
        swot.read_factors(dup)
    tg = _csv(tmp_path / "maturity_targets_64.02.csv",
              "pillar,year,target_level\ngovernance,2026,3\ngovernance,2026,4\n")
    with pytest.raises(DataValidationError, match="duplicate pillar\\+year"):
        strategies.read_targets(tg)


def test_partial_criteria_in_a_programme_csv_is_an_error(tmp_path):
    _csv(tmp_path / "realisation_64.02.csv", "id,year,status\nP1,2023,running\n")
    p = _csv(tmp_path / "programmes_64.02.csv",
             "id,pillar,horizon,start_year,end_year,impact_score,urgency_score,readiness_score,"
             "cost_score\nP1,governance,5,2023,2027,5,,3,2\n")
    with pytest.raises(DataValidationError) as ei:
        progress.read_programmes(p)
    assert "row 2" in str(ei.value) and "scored together" in str(ei.value)
    assert "urgency_score" in str(ei.value)


def test_hostile_cells_in_the_strategy_sheets(blank, tmp_path):
    """A formula and an invisible character are errors naming the cell; nothing is written."""
    src = strategy_fill(blank, tmp_path / "h.xlsx")
    wb = openpyxl.load_workbook(src)
    wb["Strategi"]["E3"] = "=A1&B1"                       # a formula for the factor list
    wb["SWOT"]["G5"] = "GOV-T1\u200b"                     # a zero-width space after the code
    wb.save(src)
    with pytest.raises(WorkbookError) as ei:
        import_workbook(src, tmp_path / "o")
    lines = [str(e) for e in ei.value.errors]
    assert "Strategi!E3: holds a formula (=A1&B1); type the value instead" in lines
    assert any(line.startswith("SWOT!G5: 'GOV-T1\\u200b'") for line in lines)
    assert not (tmp_path / "o").exists()
