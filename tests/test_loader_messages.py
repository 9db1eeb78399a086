"""The rules of the table loaders (SWOT, programmes and realisation, strategies, RPJMD
missions, readiness assessments, evaluations, sheet headers, numbers typed as text, a missing
data directory) in Indonesian and English: file, row, column and value named in both; the
exception's ``str()`` stays English (analysis/messages.py)."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from analysis.data import template_tables as tpl
from analysis.data.schema import typed_number_problem
from analysis.data.xlsx import Book, check_input_file
from analysis.errors import DataValidationError
from analysis.evaluation.load import check_profiles_cover_evaluations
from analysis.masterplan import alignment, progress, strategies, swot
from analysis.masterplan.workbook_errors import as_error
from analysis.messages import error_text, local
from analysis.readiness.assessments import load_assessments
from conftest import assert_cli_fails_cleanly, replace_in

SWOT_HEAD = "year,pillar,type,factor,weight,rating"


def _file(tmp_path, name: str, lines: list[str]) -> Path:
    p = tmp_path / name
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def _refused(read, *args) -> DataValidationError:
    with pytest.raises(DataValidationError) as err:
        read(*args)
    return err.value


def _both(exc: DataValidationError, where: list[str]) -> tuple[str, str]:
    """The message in Indonesian and English, each naming the file and ``where`` (the row,
    column and value in the language's words)."""
    said_id, said_en = error_text(exc, "id"), error_text(exc, "en")
    assert said_en == str(exc)                                  # str() stays English
    assert said_id.startswith(exc.file) and said_en.startswith(exc.file)
    for part in where:
        assert part in said_id, (part, said_id)
    return said_id, said_en


def test_swot_weight_sum_and_missing_side(tmp_path):
    # governance IFAS: 0.6 + 0.3 = 0.900, 0.100 short of 1.00; EFAS 0.5 + 0.5 = 1
    p = _file(tmp_path, "swot.csv", [SWOT_HEAD, "2023,governance,S,a,0.6,3",
                                     "2023,governance,W,b,0.3,2", "2023,governance,O,c,0.5,3",
                                     "2023,governance,T,d,0.5,2"])
    exc = _refused(swot.read_factors, p)
    said, en = _both(exc, ["baris 2", "kolom 'weight'", "nilai 0.9"])
    assert said.endswith("pilar 'governance' (tahun 2023): bobot IFAS (S+W) berjumlah 0,900, "
                         "0,100 kurang dari 1,00 (toleransi ±0,005)"), said
    assert en.endswith("pillar 'governance' (year 2023): IFAS weights (S+W) sum to 0.900, "
                       "0.100 short of 1.00 (tolerance ±0.005)"), en
    # 0.7 + 0.4 = 1.100 over, with no year column: the pillar alone
    p = _file(tmp_path, "over.csv", ["pillar,type,factor,weight,rating", "economy,S,a,0.7,3",
                                     "economy,W,b,0.4,2", "economy,O,c,1,3"])
    said = error_text(_refused(swot.read_factors, p), "id")
    assert said.endswith("pilar 'economy': bobot IFAS (S+W) berjumlah 1,100, 0,100 lebih dari 1,00 "
                         "(toleransi ±0,005)"), said
    # economy has strengths and weaknesses only: no EFAS factors, named at its first row
    p = _file(tmp_path, "side.csv", [SWOT_HEAD, "2023,economy,S,a,0.5,3",
                                     "2023,economy,W,b,0.5,2"])
    exc = _refused(swot.read_factors, p)
    said, en = _both(exc, ["baris 2", "kolom 'type'"])
    assert said.endswith("pilar 'economy' (tahun 2023) tidak memiliki faktor EFAS (O/T)"), said
    assert en.endswith("pillar 'economy' (year 2023) has no EFAS factors (O/T)"), en


def test_swot_weights_with_regency_and_year_are_named(tmp_path):
    p = _file(tmp_path, "reg.csv", ["regency," + SWOT_HEAD,
                                    "64.02,2023,living,S,a,1,3", "64.02,2023,living,W,b,0.2,2",
                                    "64.02,2023,living,O,c,1,3"])
    said, en = _both(_refused(swot.read_factors, p), ["baris 2", "kolom 'weight'"])
    assert "pilar 'living' (daerah 64.02, tahun 2023): bobot IFAS (S+W) berjumlah 1,200, " \
           "0,200 lebih dari 1,00" in said, said
    assert "pillar 'living' (regency 64.02, year 2023): IFAS weights (S+W) sum to 1.200, " \
           "0.200 over 1.00" in en, en


PROG_HEAD = ("id,program,pillar,owner,horizon,start_year,end_year,category,quick_win,"
             "budget_planned")


def test_programme_and_realisation_rules(tmp_path):
    _file(tmp_path, "realisation_x.csv", ["id,year,status,budget_realised",
                                         "P1,2021,running,1"])
    p = _file(tmp_path, "programmes_x.csv", [PROG_HEAD, "P1,a,governance,B,5,2024,2022,"
                                                        "aplikasi,no,10"])
    said, en = _both(_refused(progress.read_programmes, p),
                     ["baris 2", "kolom 'end_year'", "nilai 2022"])
    assert said.endswith(": tahun mulai (start_year) 2024 sesudah tahun selesai (end_year) 2022")
    assert en.endswith(": start_year 2024 is after end_year 2022")
    p.write_text(f"{PROG_HEAD}\nP1,a,governance,B,5,2020,2022,aplikasi,no,10\n")
    _file(tmp_path, "realisation_x.csv", ["id,year,status,budget_realised",
                                         "P1,2021,running,1", "P9,2021,running,1"])
    exc = _refused(progress.read_programmes, p)
    assert exc.file == str(tmp_path / "realisation_x.csv")
    said, en = _both(exc, ["baris 3", "kolom 'id'", "nilai 'P9'"])
    assert said.endswith(": id program tidak ada di tabel program")
    assert en.endswith(": programme id not in the programme table")


def test_strategy_rule_of_a_csv_in_indonesian(tmp_path):
    factors = _file(tmp_path, "f.csv", [SWOT_HEAD + ",factor_code",
                                        "2023,governance,S,a,1,3,GOV-S1",
                                        "2023,governance,W,b,0,2,GOV-W1",
                                        "2023,governance,O,c,1,3,GOV-O1"])
    p = _file(tmp_path, "s.csv", ["year,strategy_code,pillar,type,factors,description",
                                  '2023,G1,governance,SO,"GOV-S1, GOV-S1",x'])
    exc = _refused(strategies.read_strategies, p, swot.read_factors(factors))
    said, en = _both(exc, ["baris 2", "kolom 'factors'", "nilai 'GOV-S1, GOV-S1'"])
    assert said.endswith(": faktor 'GOV-S1' tercantum dua kali"), said
    assert en.endswith(": factor 'GOV-S1' is listed twice")


def test_mission_number_rule_in_both_languages():
    with pytest.raises(ValueError) as err:
        alignment.parse_missions("1;x")
    rule = err.value.args[0]
    assert str(err.value) == "'x' is not a mission number (write numbers such as 1;5)"
    assert local(rule, "id") == "'x' bukan nomor misi (tulis angka seperti 1;5)"
    # the workbook import names the cell and keeps the catalogue text
    e = as_error("Program", "N2", rule)
    assert e.line("id") == "Program!N2: 'x' bukan nomor misi (tulis angka seperti 1;5)"
    assert e.line("en") == "Program!N2: 'x' is not a mission number (write numbers such as 1;5)"


def test_readiness_item_not_in_framework(tmp_path):
    p = _file(tmp_path, "r.csv", ["kode_kemendagri,nama,kode_butir,skor,ilustratif",
                                  "11.71,Kota Banda Aceh,RK.1.1.STR.1,4,ya",
                                  "11.71,Kota Banda Aceh,RK.9.9.STR.1,3,ya"])
    exc = _refused(load_assessments, None, p)
    said, en = _both(exc, ["baris 3", "kolom 'kode_butir'", "nilai 'RK.9.9.STR.1'"])
    assert said.endswith(": bukan butir kerangka readiness-6pilar"), said
    assert en.endswith(": not an item of framework readiness-6pilar"), en


def test_evaluated_regency_without_profile(raw_copy, tmp_path, capsys):
    prof = raw_copy / "profil_wilayah.csv"
    lines = prof.read_text(encoding="utf-8").splitlines(keepends=True)
    gone = next(n for n in lines[1:] if n.startswith("64.02,"))
    replace_in(prof, gone, "")
    exc = _refused(check_profiles_cover_evaluations, raw_copy)
    said, en = _both(exc, ["kolom 'kode_kemendagri'", "nilai '64.02'"])
    assert f", baris {exc.row}, " in said
    assert said.endswith(": daerah ini tidak memiliki profil di profil_wilayah.csv (setiap "
                         "daerah yang dievaluasi memerlukan profil)"), said
    assert en.endswith(": regency has no profile in profil_wilayah.csv (every evaluated regency "
                       "needs one)")
    assert_cli_fails_cleanly(["validate", "--data-dir", raw_copy], capsys,
                             ["workbench validate: error:", "nilai '64.02'",
                              "tidak memiliki profil"], tmp_path / "none")


def test_validate_prints_the_swot_weight_rule_in_indonesian(raw_copy, tmp_path, capsys):
    # the first governance strength of 2021 weighs 0.32; 0.42 makes IFAS sum 0.100 over
    replace_in(raw_copy / "swot_factors_64.02.csv", "Idaman RT menjangkau semua RT,0.32,",
               "Idaman RT menjangkau semua RT,0.42,")
    err = assert_cli_fails_cleanly(["validate", "--data-dir", raw_copy], capsys,
                                   ["swot_factors_64.02.csv", "baris 2", "kolom 'weight'",
                                    "pilar 'governance' (daerah 64.02, tahun 2021): bobot IFAS "
                                    "(S+W) berjumlah 1,100, 0,100 lebih dari 1,00"],
                                   tmp_path / "none")
    assert "weights" not in err


def test_header_and_empty_table_rules(tmp_path):
    p = _file(tmp_path, "h.csv", ["likelihood,Likelihood", "1,2"])
    said, en = _both(_refused(tpl.read_text, p, "risk"), ["baris 1"])
    assert said.endswith(": judul kolom 'likelihood' dan 'Likelihood' sama-sama menamai kolom "
                         "'likelihood'; pertahankan salah satunya"), said
    assert en.endswith("headers 'likelihood' and 'Likelihood' both name column 'likelihood'; "
                       "keep one of them")
    p = _file(tmp_path, "e.csv", [SWOT_HEAD])
    said, en = _both(_refused(tpl.read_text, p, "swot"), [])
    assert said == f"{p}: tabel kosong: tidak ada faktor SWOT di bawah baris judul (isi " \
                   f"sedikitnya satu baris)"
    assert en == f"{p}: empty table: no SWOT factors below the header (fill in at least one row)"
    p = _file(tmp_path, "c.csv", [SWOT_HEAD, "2023,tourism,S,a,1,3"])
    raw, source = tpl.read_text(p, "swot")
    exc = _refused(tpl.normalise, raw, "swot", source)
    said, en = _both(exc, ["baris 2", "kolom 'pillar'", "nilai 'tourism'"])
    assert ": pilar tidak dikenal; yang diizinkan: governance ('Smart Governance')" in said, said
    assert ": unknown pillar; allowed: governance ('Smart Governance')" in en


def _sheet_book(tmp_path, rows, name="Faktor SWOT", hide=None) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = name
    for r in rows:
        ws.append(r)
    if hide:
        ws.column_dimensions[hide].hidden = True
    path = tmp_path / "b.xlsx"
    wb.save(path)
    return path


def test_sheet_header_rules(tmp_path):
    path = _sheet_book(tmp_path, [["Pilar", "Jenis (S/W/O/T)", "Bobot", "Rating (1-4)", "bobot"],
                                  ["governance", "S", 1, 3, 1]], hide="E")
    exc = _refused(tpl.read_text, path, "swot")
    said, en = _both(exc, ["baris 1", "kolom 'E'", "nilai 'bobot'"])
    assert said.endswith(": sel judul 'Faktor SWOT'!C1 ('Bobot') dan 'Faktor SWOT'!E1 ('bobot') "
                         "sama-sama menamai kolom 'weight' (kolom E tersembunyi); hanya satu di "
                         "antaranya yang dapat dibaca: hapus atau ganti nama yang lain"), said
    assert "both name column 'weight' (column E hidden); only one of them could be read" in en
    path = _sheet_book(tmp_path, [])
    said, en = _both(_refused(tpl.read_text, path, "swot"), ["baris 1"])
    assert said.endswith(": lembar kosong: baris judul kolom wajib ada")
    assert en.endswith(": empty sheet: a header row is required")


@pytest.mark.parametrize("typed, indonesian, english", [
    ("１２", "'１２' berisi angka di luar 0–9; ketik bilangannya dengan angka 0–9",
     "'１２' has digits outside 0–9; type the number with the digits 0–9"),
    ("inf", "'inf' bukan angka terhingga; ketik nilainya",
     "'inf' is not a finite number; type the value"),
    ("1.234", "'1.234' bermakna ganda: 1234 dengan '.' sebagai pemisah ribuan atau 1.234 dengan "
              "'.' sebagai tanda desimal; untuk 1234 ketik 1234 (tanpa pemisah ribuan), untuk "
              "1.234 masukkan angka, bukan teks (format sel sebagai angka lalu ketik ulang)",
     "'1.234' is ambiguous: 1234 with '.' as the thousands separator or 1.234 with '.' as the "
     "decimal mark; for 1234 type 1234 (no thousands separator), for 1.234 enter a number, not "
     "text (format the cell as a number and retype it)"),
    ("1_000", "'1_000' memakai pemisah angka; ketik 1000 (tanpa pemisah ribuan, '.' untuk "
              "desimal) atau masukkan angka, bukan teks",
     "'1_000' uses digit separators; type 1000 (no thousands separator, '.' for decimals) or "
     "enter a number, not text"),
    ("1.2,3", "'1.2,3' mencampur pemisah angka; ketik bilangannya tanpa pemisah ribuan dan "
              "dengan '.' untuk desimal atau masukkan angka, bukan teks",
     "'1.2,3' mixes digit separators; type the number without thousands separators and with "
     "'.' for decimals or enter a number, not text"),
])
def test_number_typed_as_text(typed, indonesian, english):
    rule = typed_number_problem(typed)
    assert rule == english and local(rule, "en") == english
    assert local(rule, "id") == indonesian


def test_number_typed_as_text_in_a_sheet_names_the_cell(tmp_path):
    path = _sheet_book(tmp_path, [["Tahun", "Pilar", "Jenis (S/W/O/T)", "Bobot", "Rating (1-4)"],
                                  [2023, "governance", "S", "1.234", 3]])
    exc = _refused(swot.read_factors, path)
    said, en = _both(exc, ["baris 2", "kolom 'Bobot (weight)'", "nilai '1.234'"])
    assert ": '1.234' bermakna ganda: 1234 dengan '.' sebagai pemisah ribuan" in said, said
    assert ": '1.234' is ambiguous: 1234 with '.' as the thousands separator" in en


def test_missing_data_directory_in_both_languages(tmp_path):
    gone = tmp_path / "tidak_ada"
    with pytest.raises(DataValidationError) as err:
        check_input_file(gone / "swot.csv")
    said, en = error_text(err.value, "id"), error_text(err.value, "en")
    assert said == (f"{gone / 'swot.csv'}: berkas tidak ditemukan: direktori data {gone} tidak "
                    f"ada: berikan direktori Anda dengan --data-dir DIR (atau SMARTCITY_DATA_DIR),"
                    f" atau atur SMARTCITY_HOME ke direktori yang berisi data/raw"), said
    assert en == str(err.value) == (
        f"{gone / 'swot.csv'}: file not found: the data directory {gone} does not exist: give "
        f"yours with --data-dir DIR (or SMARTCITY_DATA_DIR), or set SMARTCITY_HOME to a "
        f"directory holding data/raw")
    with pytest.raises(DataValidationError) as err:
        Book(gone / "b.xlsx")
    assert f"direktori data {gone} tidak ada" in error_text(err.value, "id")


def test_an_installed_workbench_says_it_ships_no_data(tmp_path, monkeypatch):
    from analysis.data import xlsx
    monkeypatch.setattr(xlsx, "IN_CHECKOUT", False)
    rule = xlsx.missing_dir_rule(tmp_path / "raw")
    assert local(rule, "id").endswith(
        "data/raw; workbench yang terpasang tidak membawa data (tabel terbitan ada di data/raw "
        "repositori)")
    assert rule.endswith("data/raw; an installed workbench ships no data (the published tables "
                         "are in the repository's data/raw)")


def test_invisible_characters_in_both_languages(tmp_path):
    zwsp = "\u200b"
    p = _file(tmp_path, "z.csv", [SWOT_HEAD, f"2023,governance,S,a{zwsp},1,3"])
    said, en = _both(_refused(tpl.read_text, p, "swot"),
                     ["baris 2", "kolom 'factor'", "nilai 'a\\u200b'"])
    assert said.endswith(": berisi karakter tak terlihat U+200B (ZERO WIDTH SPACE); nilai dengan "
                         "karakter itu tampak sama dengan nilai tanpa karakter itu tetapi "
                         "dihitung berbeda (duplikat dan kode tidak akan terdeteksi); hapus "
                         "karakter itu (ketik ulang nilainya)"), said
    assert en.endswith(": contains the invisible character U+200B (ZERO WIDTH SPACE); a value "
                       "with it looks the same as one without but counts as different "
                       "(duplicates and codes would not be caught); delete the character "
                       "(retype the value)"), en
    p = _file(tmp_path, "h.csv", [f"year,pil{zwsp}ar\ufeff", "2023,governance"])
    said, en = _both(_refused(tpl.read_text, p, "swot"), ["baris 1"])
    assert ": judul kolom berisi karakter-karakter tak terlihat U+200B (ZERO WIDTH SPACE), " \
           "U+FEFF (ZERO WIDTH NO-BREAK SPACE)" in said, said
    assert ": header contains the invisible characters U+200B (ZERO WIDTH SPACE), U+FEFF" in en
    path = _sheet_book(tmp_path, [["Tahun", "Pilar"], [2023, f"gov{zwsp}"]])
    said, en = _both(_refused(tpl.read_text, path, "swot"), ["baris 2", "kolom 'B'"])
    assert ": sel 'Faktor SWOT'!B2 berisi karakter tak terlihat U+200B" in said, said
    assert ": cell 'Faktor SWOT'!B2 contains the invisible character U+200B" in en
    path = _sheet_book(tmp_path, [["Tahun", f"Pilar{zwsp}"], [2023, "governance"]])
    said, en = _both(_refused(tpl.read_text, path, "swot"), ["baris 1", "kolom 'B'"])
    assert ": sel judul 'Faktor SWOT'!B1 berisi karakter tak terlihat U+200B" in said, said
    assert ": header cell 'Faktor SWOT'!B1 contains the invisible character U+200B" in en


def test_a_mission_cell_that_is_no_number_in_the_workbooks_language(tmp_path, capsys):
    from analysis.masterplan.workbook import write_regency_workbook
    from test_workbook import fill
    src = fill(write_regency_workbook("64.02", tmp_path / "kukar.xlsx"), tmp_path / "m.xlsx")
    wb = openpyxl.load_workbook(src)
    wb["Program"]["K3"] = "2;dua"                   # the mission cell of P2
    wb.save(src)
    out = tmp_path / "o"
    err = assert_cli_fails_cleanly(["import", src, "--out", out], capsys,
                                   ["m.xlsx: 1 kesalahan ditemukan",
                                    "Program!K3: 'dua' bukan nomor misi (tulis angka seperti "
                                    "1;5)"], out)
    assert "is not a mission number" not in err
    assert_cli_fails_cleanly(["import", src, "--out", out, "--lang", "en"], capsys,
                             ["Program!K3: 'dua' is not a mission number (write numbers such "
                              "as 1;5)"], out)
