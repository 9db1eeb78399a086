"""Hostile workbooks: a far corner cell, hidden copies, merged cells, formulas, separators and
invisible characters give an error naming file, sheet, cell, value and rule; nothing is written
and the workbook is left as it was. Also the poor answers: array formulas, hidden sheets."""
from __future__ import annotations

import tracemalloc
import warnings
import zipfile

import openpyxl
import pandas as pd
import pytest
from openpyxl.worksheet.formula import ArrayFormula

from analysis.data.xlsx import HiddenSheetWarning, read_sheet
from analysis.errors import DataValidationError
from analysis.io import sha256_file
from analysis.masterplan import progress
from analysis.masterplan import risk
from analysis.masterplan.template_writer import write_template, write_workbook
from analysis.masterplan.workbook import write_regency_workbook
from analysis.masterplan.workbook_import import import_workbook
from analysis.masterplan.workbook_errors import WorkbookError
from tests.conftest import assert_cli_fails_cleanly, replace_in
from tests.test_workbook import fill

LIMITS = ("at most 100,000 rows of data below the header (rows 1–100,001), 100 columns (A–CV) "
          "and 2,500,000 filled cells")
FAR = (f"holds 1, outside the area a sheet may use ({LIMITS}); delete the cells outside the "
       f"table (select the rows or columns beyond it and delete them) and save, or split the "
       f"data")
REGISTER = "Register Risiko"


@pytest.fixture(scope="module")
def blank(tmp_path_factory):
    return write_regency_workbook("64.02", tmp_path_factory.mktemp("wb") / "kukar.xlsx")


def edited(blank, path, edit, swot=False):
    """The workbook filled as a person would (tests.test_workbook.fill), then ``edit(wb)``."""
    fill(blank, path, swot=swot)
    wb = openpyxl.load_workbook(path)
    edit(wb)
    wb.save(path)
    return path


def refused(src, tmp_path) -> list[str]:
    """Import ``src``: the errors as printed; nothing written, the workbook unchanged."""
    before = sha256_file(src)
    out = tmp_path / "out"
    with pytest.raises(WorkbookError) as ei:
        import_workbook(src, out)
    assert str(ei.value).startswith(f"{src.name}: ")
    assert "nothing was written" in str(ei.value)
    assert not out.exists() and sha256_file(src) == before
    return [str(e) for e in ei.value.errors]


def indonesian(src, tmp_path) -> list[str]:
    """The errors of importing ``src`` as ``workbench import`` prints them by default."""
    with pytest.raises(WorkbookError) as ei:
        import_workbook(src, tmp_path / "out", lang="id")
    assert str(ei.value).split("\n")[0].endswith("tidak ada yang ditulis")
    return [line.strip() for line in str(ei.value).split("\n")[1:]]


def risk_workbook(path, rows, header=None):
    """The risk template with ``rows`` under its header (or under ``header``)."""
    write_template("risk", path)
    wb = openpyxl.load_workbook(path)
    ws = wb[REGISTER]
    if header:
        for j, h in enumerate(header, start=1):
            ws.cell(1, j, h)
    for i, row in enumerate(rows, start=2):
        for j, v in enumerate(row, start=1):
            ws.cell(i, j, v)
    wb.save(path)
    return path


# risk template columns: A Kode Kemendagri, B Tahun, C ID Risiko, D Program, E Pilar, ...,
# J Level Kemungkinan, K Level Dampak. R01: likelihood 4, impact 4 -> SPBE magnitude 19.
R01 = [None, 2023, "R01", None, "Smart Governance", None, None, None, None, 4, 4]


# ---------------------------------------------------------------- a value in the far corner


def test_a_value_in_the_last_cell_is_refused_without_building_the_sheet(blank, tmp_path,
                                                                        capsys):
    src = edited(blank, tmp_path / "k.xlsx",
                 lambda wb: wb["Visi-Misi"].cell(1048576, 16384, 1))   # XFD1048576
    tracemalloc.start()
    try:
        lines = refused(src, tmp_path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert lines == [f"Visi-Misi!XFD1048576: {FAR}"]
    # the grid up to XFD1048576 has 1.7e10 cells: reading only what the file stores stays small
    assert peak < 50e6, peak
    out = tmp_path / "cli"
    assert_cli_fails_cleanly(["import", src, "--out", out], capsys,
                             ["k.xlsx: 1 kesalahan ditemukan, tidak ada yang ditulis",
                              "Visi-Misi!XFD1048576: berisi 1 di luar area", "100 kolom (A–CV)",
                              "100.000 baris data", "2.500.000 sel terisi"], out)
    assert_cli_fails_cleanly(["import", src, "--out", out, "--lang", "en"], capsys,
                             ["k.xlsx: 1 error found, nothing was written",
                              "Visi-Misi!XFD1048576: holds 1", "100 columns (A–CV)"], out)


def test_only_a_format_in_the_last_cell_changes_nothing(blank, tmp_path):
    def fmt(wb):
        wb["Visi-Misi"].cell(1048576, 16384).number_format = "0.00"
        wb["Risiko"].cell(1048576, 16384).font = openpyxl.styles.Font(bold=True)
    src = edited(blank, tmp_path / "k.xlsx", fmt)
    plain = fill(blank, tmp_path / "plain.xlsx")
    import_workbook(src, tmp_path / "a")
    import_workbook(plain, tmp_path / "b")
    for name in ("missions_64.02.csv", "risk_register_64.02_2023.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_risk_register_with_a_far_cell(tmp_path, capsys):
    path = risk_workbook(tmp_path / "r.xlsx", [R01])
    wb = openpyxl.load_workbook(path)
    wb[REGISTER]["XFD1048576"].number_format = "0.00"     # a format alone: read as before
    wb.save(path)
    df, sc = risk.read_register(path)
    assert risk.score_register(df, sc)["magnitude"].tolist() == [19]
    wb[REGISTER]["XFD1048576"] = "x"
    wb.save(path)
    out = tmp_path / "out"
    assert_cli_fails_cleanly(["risk", "--lang", "en", "--register", path, "--out", out], capsys,
                             [str(path), f"[sheet '{REGISTER}']", f"'{REGISTER}'!XFD1048576",
                              "value 'x'", LIMITS], out)


def test_the_documented_limits_are_the_edge(tmp_path):
    path = tmp_path / "edge.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws["A1"], ws["CV1"], ws["A100001"] = "kode", "last column", 7   # column 100, row 100,001
    wb.save(path)
    sheet = read_sheet(path)
    assert len(sheet.rows) == 100_001 and sheet.value(100_001, 1) == 7
    assert len(sheet.rows[0]) == 100 and sheet.value(1, 100) == "last column"
    for cell, ref in (("CW1", "CW1"), ("A100002", "A100002")):
        wb = openpyxl.load_workbook(path)
        wb["Data"][cell] = 1
        wb.save(tmp_path / f"{cell}.xlsx")
        with pytest.raises(DataValidationError) as ei:
            read_sheet(tmp_path / f"{cell}.xlsx")
        assert f"'Data'!{ref} holds 1, outside the area a sheet may use ({LIMITS})" in str(
            ei.value)


# ---------------------------------------------------------------- duplicate headers, merges


def test_a_hidden_second_score_column_is_an_error(blank, tmp_path):
    def copy(wb):
        k = wb["Kesiapan"]
        k["J1"] = "Skor (1-4)"                          # a second score column...
        for r in range(2, 11):
            k.cell(r, 10, 4)                            # ...all 4s...
        k.column_dimensions["J"].hidden = True          # ...hidden from view
    lines = refused(edited(blank, tmp_path / "k.xlsx", copy), tmp_path)
    assert lines == ["Kesiapan!J1: header 'Skor (1-4)' names column 'Skor (1-4)' again, as F1 "
                     "does (column J is hidden); only one of the two columns could be read: "
                     "delete or rename the other"]


def test_cells_merged_over_the_score_column_are_errors(blank, tmp_path):
    lines = refused(edited(blank, tmp_path / "k.xlsx",
                           lambda wb: wb["Kesiapan"].merge_cells("F2:F6")), tmp_path)
    # F2 holds the first governance score, 1 (tests.test_workbook.GOV_SCORES)
    assert lines == ["Kesiapan!F2: cells F2:F6 are merged (F2 = 1 shown over all of them); "
                     "only F2 holds a value and the other cells read as empty; unmerge the "
                     "cells and type the value of each row in its own cell"]
    lines = refused(edited(blank, tmp_path / "k2.xlsx",
                           lambda wb: wb["Kesiapan"].merge_cells("E2:F2")), tmp_path)
    assert len(lines) == 1 and lines[0].startswith("Kesiapan!E2: cells E2:F2 are merged (E2 = ")
    assert "only E2 holds a value" in lines[0]
    assert indonesian(tmp_path / "k2.xlsx", tmp_path)[0].startswith(
        "Kesiapan!E2: sel E2:F2 digabung (E2 = ")


def test_risk_register_with_a_hidden_copy_or_merged_cells(tmp_path):
    header = ["Tahun", "ID Risiko", "Pilar", "Level Kemungkinan", "Level Dampak",
              "Level Kemungkinan"]
    path = risk_workbook(tmp_path / "r.xlsx", [[2023, "R01", "Smart Governance", 4, 4, 1]],
                         header=header)
    wb = openpyxl.load_workbook(path)
    wb[REGISTER].column_dimensions["F"].hidden = True
    for c in "GHIJKLMNOPQR":                             # the template's other headers away
        wb[REGISTER][f"{c}1"] = None
    wb.save(path)
    with pytest.raises(DataValidationError) as ei:
        risk.read_register(path)
    assert str(ei.value) == (
        f"{path} [sheet '{REGISTER}'], row 1, column 'F', value 'Level Kemungkinan': header "
        f"cells '{REGISTER}'!D1 ('Level Kemungkinan') and '{REGISTER}'!F1 ('Level Kemungkinan') "
        f"both name column 'likelihood' (column F hidden); only one of them could be read: "
        f"delete or rename the other")
    path = risk_workbook(tmp_path / "m.xlsx", [R01, [*R01[:2], "R02", *R01[3:]],
                                               [*R01[:2], "R03", *R01[3:]]])
    wb = openpyxl.load_workbook(path)
    wb[REGISTER].merge_cells("J2:J4")                    # one likelihood over three risks
    wb.save(path)
    with pytest.raises(DataValidationError) as ei:
        risk.read_register(path)
    assert str(ei.value).startswith(f"{path} [sheet '{REGISTER}'], row 2, column 'J', value 4: "
                                    f"cells J2:J4 are merged (J2 = 4 shown over all of them)")


# ---------------------------------------------------------------- formulas and the name


def test_a_name_starting_with_equals_is_written_as_text(raw_copy, tmp_path):
    evil = '=HYPERLINK("http://evil.example/","Kutai")'
    replace_in(raw_copy / "profil_wilayah.csv", "Kabupaten Kutai Kartanegara",
               '"' + evil.replace('"', '""') + '"')
    path = write_regency_workbook("64.02", tmp_path / "w.xlsx", data_dir=raw_copy)
    b3 = openpyxl.load_workbook(path)["Petunjuk"]["B3"]
    assert (b3.value, b3.data_type, b3.quotePrefix) == (evil, "s", True)
    with zipfile.ZipFile(path) as z:                     # no formula anywhere in the file
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in sheets)
    wb = openpyxl.load_workbook(path)
    wb["Kesiapan"]["F2"] = 3
    wb.save(path)
    assert refused(path, tmp_path) == [
        f"Petunjuk!B3: regency name {evil!r} is not the name of 64.02 ('Kabupaten Kutai "
        f"Kartanegara' in the Kemendagri list); code and name must be the same regency's, as "
        f"the template wrote them"]


def test_per_kind_workbooks_write_data_and_notes_as_text(tmp_path):
    frame = pd.DataFrame([{"risk_id": "@SUM(1)", "pillar": "governance", "likelihood": 2,
                           "impact": -1, "owner": "=cmd|' /C calc'!A0", "event": "+1+1"}])
    path = write_workbook("risk", tmp_path / "r.xlsx", {"risk": frame}, note="=1+1")
    with zipfile.ZipFile(path) as z:
        for n in z.namelist():
            if n.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(n) and b"<f " not in z.read(n), n
    wb = openpyxl.load_workbook(path)
    cells = {c.value: c for ws in wb for row in ws.iter_rows() for c in row if c.value}
    for text in ("@SUM(1)", "=cmd|' /C calc'!A0", "+1+1", "=1+1"):
        assert cells[text].data_type == "s" and cells[text].quotePrefix, text
    assert cells[-1].data_type == "n"                    # numbers stay numbers


def test_a_formula_on_the_instructions_sheet_is_refused(blank, tmp_path):
    def formulas(wb):
        wb["Petunjuk"]["B3"] = '="Kabupaten Kutai Kartanegara"'
        wb["Petunjuk"]["A90"] = "=1+1"
    assert refused(edited(blank, tmp_path / "k.xlsx", formulas), tmp_path) == [
        "Petunjuk!B3: holds a formula (=\"Kabupaten Kutai Kartanegara\"); type text (the "
        "regency code and name as the template wrote them) instead",
        "Petunjuk!A90: holds a formula (=1+1); type text (the regency code and name as the "
        "template wrote them) instead"]


def test_the_name_must_be_the_regency_of_the_code(blank, tmp_path):
    def other(wb):
        wb["Petunjuk"]["B3"] = "Kota Samarinda"
    assert refused(edited(blank, tmp_path / "k.xlsx", other), tmp_path) == [
        "Petunjuk!B3: regency name 'Kota Samarinda' is not the name of 64.02 ('Kabupaten Kutai "
        "Kartanegara' in the Kemendagri list); code and name must be the same regency's, as the "
        "template wrote them"]

    def spelled(wb):                          # another spelling of the same name is fine
        wb["Petunjuk"]["B3"] = "KAB. KUTAI  KARTANEGARA"
    doc = import_workbook(edited(blank, tmp_path / "s.xlsx", spelled), tmp_path / "o")
    long = pd.read_csv(tmp_path / "o" / "readiness_assessment_64.02.csv")
    assert set(long["nama"]) == {"Kabupaten Kutai Kartanegara"}       # the list's spelling
    assert doc["files"]["missions_64.02.csv"]["title"].endswith(
        "Kabupaten Kutai Kartanegara (64.02)")


# ---------------------------------- numbers typed as text (the rules: test_typed_numbers.py)


def test_thousands_separators_typed_as_text_are_refused_with_a_hint(blank, tmp_path):
    def typed(wb):
        wb["Program"]["J2"] = "1.234"        # budget (juta Rp) typed as text
        wb["Program"]["J3"] = "1_000"
        wb["Realisasi"]["D2"] = "1,234"      # a thousands comma or a decimal comma: ambiguous
    assert refused(edited(blank, tmp_path / "k.xlsx", typed), tmp_path) == [
        "Program!J2: '1.234' is ambiguous: 1234 with '.' as the thousands separator or 1.234 "
        "with '.' as the decimal mark; for 1234 type 1234 (no thousands separator), for 1.234 "
        "enter a number, not text (format the cell as a number and retype it)",
        "Program!J3: '1_000' uses digit separators; type 1000 (no thousands separator, '.' for "
        "decimals) or enter a number, not text",
        "Realisasi!D2: '1,234' is ambiguous: 1234 with ',' as the thousands separator or 1.234 "
        "with ',' as the decimal mark; for 1234 type 1234 (no thousands separator), for 1.234 "
        "enter a number, not text (format the cell as a number and retype it)"]
    assert indonesian(tmp_path / "k.xlsx", tmp_path) == [
        "Program!J2: '1.234' ambigu: 1234 bila '.' pemisah ribuan, atau 1,234 bila '.' tanda "
        "desimal; untuk 1234 ketik 1234 (tanpa pemisah ribuan), untuk 1,234 isi sel sebagai "
        "angka, bukan teks (format sel sebagai angka lalu ketik ulang)",
        "Program!J3: '1_000' tidak dapat dibaca sebagai angka; ketik angka dengan koma desimal "
        "tunggal (mis. 0,30) atau titik desimal (0.30), tanpa pemisah ribuan",
        "Realisasi!D2: '1,234' ambigu: 1234 bila ',' pemisah ribuan, atau 1,234 bila ',' tanda "
        "desimal; untuk 1234 ketik 1234 (tanpa pemisah ribuan), untuk 1,234 isi sel sebagai "
        "angka, bukan teks (format sel sebagai angka lalu ketik ulang)"]

    def plain(wb):
        wb["Program"]["J2"] = 1.234          # a number cell: exact
        wb["Realisasi"]["D2"] = "200.5"      # plain text number: unambiguous
        # a workbook cell typed with the Indonesian decimal comma is read where unambiguous
        # (one comma, no dot, not three digits after it); this replaces the earlier refusal of
        # "1,5" in a workbook cell (CSV readers still refuse it: test_typed_number)
        wb["Realisasi"]["D3"] = "2,5"
        wb["Realisasi"]["D4"] = "0,30"
    import_workbook(edited(blank, tmp_path / "p.xlsx", plain), tmp_path / "o")
    prog = pd.read_csv(tmp_path / "o" / "programmes_64.02.csv")
    real = pd.read_csv(tmp_path / "o" / "realisation_64.02.csv")
    assert prog["budget_planned"].tolist()[:2] == [1.234, 250]
    assert real["budget_realised"].tolist()[:3] == [200.5, 2.5, 0.3]


def test_programme_workbook_budget_typed_with_a_separator(tmp_path):
    path = write_template("programmes", tmp_path / "p.xlsx")
    wb = openpyxl.load_workbook(path)
    heads = [c.value for c in wb["Program"][1]]
    row = {"ID Program": "P1", "Pilar": "Smart Economy", "Jangka (tahun)": 5,
           "Tahun Mulai": 2023, "Tahun Selesai": 2027, "Anggaran Rencana (juta Rp)": "12.500"}
    for h, v in row.items():
        wb["Program"].cell(2, heads.index(h) + 1, v)
    wb.save(path)
    with pytest.raises(DataValidationError) as ei:
        progress.read_programmes(path)
    msg = str(ei.value)
    assert msg.startswith(f"{path} [sheet 'Program'], row 2, column 'Anggaran Rencana (juta Rp) "
                          f"(budget_planned)', value '12.500': '12.500' is ambiguous: 12500")


# ---------------------------------------------------------------- invisible characters


def test_invisible_characters_in_ids_are_named(blank, tmp_path):
    def twins(wb):
        for c in range(1, 12):                           # row 2 (P1) again on row 5...
            wb["Program"].cell(5, c, wb["Program"].cell(2, c).value)
        wb["Program"]["A5"] = "P1\u200b"                 # ...with an id that looks like P1
        wb["Realisasi"]["A5"], wb["Realisasi"]["B5"] = "\ufeffP2", 2024
        wb["Realisasi"]["C5"] = "Berjalan"
    assert refused(edited(blank, tmp_path / "k.xlsx", twins), tmp_path) == [
        "Program!A5: 'P1\\u200b' contains the invisible character U+200B (ZERO WIDTH SPACE); a "
        "value with it looks the same as one without but counts as different (duplicates and "
        "codes would not be caught); delete the character (retype the value)",
        "Realisasi!A5: '\\ufeffP2' contains the invisible character U+FEFF (ZERO WIDTH NO-BREAK "
        "SPACE); a value with it looks the same as one without but counts as different "
        "(duplicates and codes would not be caught); delete the character (retype the value)"]


def test_invisible_characters_in_a_csv_register(raw_copy, tmp_path):
    src = raw_copy / "risk_register_64.02_2023.csv"
    lines = src.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "r.csv"
    twin = lines[1].replace(lines[1].split(",")[2], lines[1].split(",")[2] + "\u2060", 1)
    path.write_text("\n".join([*lines, twin]) + "\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as ei:
        risk.read_register(path)
    rid = lines[1].split(",")[2]
    assert str(ei.value).startswith(
        f"{path}, row {len(lines) + 1}, column 'risk_id', value '{rid}\\u2060': contains the "
        f"invisible character U+2060 (WORD JOINER)")


# ---------------------------------------------------------------- poor answers


def test_an_array_formula_is_named_not_shown_as_an_object(blank, tmp_path):
    def array(wb):
        wb["Risiko"]["K2"] = ArrayFormula("K2", "=SUM(I2:J2)")
    lines = refused(edited(blank, tmp_path / "k.xlsx", array), tmp_path)
    assert lines == ["Risiko!K2: holds a formula ({=SUM(I2:J2)} (array formula over K2)); type "
                     "the value instead"]
    path = risk_workbook(tmp_path / "r.xlsx", [R01])
    wb = openpyxl.load_workbook(path)
    wb[REGISTER]["J2"] = ArrayFormula("J2", "=2+2")      # no stored value (openpyxl wrote it)
    wb.save(path)
    with pytest.raises(DataValidationError) as ei:
        risk.read_register(path)
    assert (f"cell '{REGISTER}'!J2 holds a formula ({{=2+2}} (array formula over J2)) whose "
            f"value the file does not store") in str(ei.value)
    assert "object at" not in str(ei.value)


def test_a_hidden_sheet_with_data_is_refused(blank, tmp_path):
    def hide(wb):
        wb["Risiko"].sheet_state = "hidden"
    assert refused(edited(blank, tmp_path / "k.xlsx", hide), tmp_path) == [
        "Risiko!A1: the sheet is hidden, so its data cannot be checked by eye; unhide it "
        "(right-click a sheet tab > Unhide), check what it holds and save, or delete it"]
    assert indonesian(tmp_path / "k.xlsx", tmp_path) == [
        "Risiko!A1: lembar ini tersembunyi, sehingga datanya tidak dapat diperiksa dengan mata; "
        "tampilkan (klik kanan tab lembar > Unhide), periksa isinya lalu simpan, atau hapus "
        "lembar itu"]


def test_other_hidden_sheets_are_named_in_a_warning(blank, tmp_path, capsys):
    def extra(wb):
        ws = wb.create_sheet("Cadangan")
        ws["A1"] = "catatan lama"
        ws.sheet_state = "veryHidden"
        wb["SWOT"].sheet_state = "hidden"                  # empty: nothing to import
    src = edited(blank, tmp_path / "k.xlsx", extra)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        doc = import_workbook(src, tmp_path / "o")
    said = sorted(str(w.message) for w in caught if w.category is HiddenSheetWarning)
    assert said == [
        "k.xlsx [sheet 'Cadangan']: the sheet is very hidden and is not a sheet of the "
        "workbook and is not read; unhide it to see what it holds",
        "k.xlsx [sheet 'SWOT']: the sheet is hidden and holds no rows to import; unhide it to "
        "see what it holds"]
    assert "risk_register_64.02_2023.csv" in doc["files"]
    from analysis.cli import main                          # the command says it in one line
    assert main(["import", str(src), "--out", str(tmp_path / "cli"), "--lang", "en"]) == 0
    err = capsys.readouterr().err
    assert ("workbench import: warning: k.xlsx [sheet 'Cadangan']: the sheet is very hidden "
            "and is not a sheet of the workbook and is not read; unhide it to see what it holds\n"
            in err) and ".py:" not in err
    assert main(["import", str(src), "--out", str(tmp_path / "cli_id")]) == 0   # Indonesian
    err = capsys.readouterr().err
    assert ("workbench import: warning: k.xlsx [sheet 'Cadangan']: lembar ini sangat "
            "tersembunyi, bukan lembar buku kerja ini dan tidak dibaca; tampilkan untuk melihat "
            "isinya\n" in err)
    assert ("workbench import: warning: k.xlsx [sheet 'SWOT']: lembar ini tersembunyi dan tidak "
            "berisi baris untuk diimpor; tampilkan untuk melihat isinya\n" in err)


def test_risk_workbook_hidden_register_or_extra_sheet(tmp_path):
    path = risk_workbook(tmp_path / "r.xlsx", [R01])
    wb = openpyxl.load_workbook(path)
    wb.create_sheet("Lama")["A1"] = "x"
    wb["Lama"].sheet_state = "hidden"
    wb.save(path)
    with pytest.warns(HiddenSheetWarning, match=r"\[sheet 'Lama'\]: the sheet is hidden and is "
                                                r"not read"):
        df, _ = risk.read_register(path)
    assert df["risk_id"].tolist() == ["R01"]
    wb[REGISTER].sheet_state = "veryHidden"
    wb["Lama"].sheet_state = "visible"
    wb.save(path)
    with pytest.raises(DataValidationError) as ei:
        risk.read_register(path)
    assert str(ei.value) == (
        f"{path} [sheet '{REGISTER}']: the sheet is very hidden (only a macro or the VBA editor "
        f"shows it), so its data cannot be checked by eye; unhide it (right-click a sheet tab > "
        f"Unhide), check what it holds and save, or delete it")


def test_a_long_sheet_says_how_far_it_has_read(tmp_path, monkeypatch, capsys):
    import openpyxl

    from analysis.data import xlsx
    path = tmp_path / "long.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    for r in range(5):
        ws.append([f"r{r}", r])
    wb.save(path)
    monkeypatch.setattr(xlsx, "PROGRESS_ROWS", 2)
    sheet = xlsx.read_sheet(path, "Data")
    assert len(sheet.rows) == 5
    lines = [ln for ln in capsys.readouterr().err.splitlines() if "rows read" in ln]
    assert [ln.split(": ")[-1].split(" rows")[0] for ln in lines] == ["2", "4"]
    assert all("[sheet 'Data']" in ln for ln in lines)
