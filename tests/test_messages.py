"""Error and warning messages in the user's language: Indonesian by default, English with
``--lang en``; file, row, column and value named in both (analysis/messages.py)."""
from __future__ import annotations

import errno
import warnings
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from analysis.cli import main
from analysis.data.schema import Column, Schema, read_table
from analysis.data.xlsx import Book, HiddenSheetWarning, merged_in_data, read_sheet
from analysis.errors import DataValidationError, OutputError, WorkbenchError
from analysis.io import atomic_path, make_dir, write_error
from analysis.masterplan import risk
from analysis.masterplan.workbook_errors import as_error
from analysis.masterplan.workbook_import import import_workbook, lock_path
from analysis.messages import error_text, local, warning_text
from conftest import assert_cli_fails_cleanly, replace_in

SCHEMA = Schema("uji", (Column("kode", "code", pattern=r"[0-9]{2}\.[0-9]{2}", unique=True),
                        Column("jenis", "text", allowed=("a", "b"), required=False,
                               nullable=True),
                        Column("bobot", "float", min=0.5, max=4.0, required=False,
                               nullable=True),
                        Column("jumlah", "int", required=False, nullable=True)))


def _refused(path, schema=SCHEMA) -> DataValidationError:
    with pytest.raises(DataValidationError) as err:
        read_table(path, schema)
    return err.value


def _csv(tmp_path, body: str, name="t.csv") -> Path:
    p = tmp_path / name
    p.write_text(body, encoding="utf-8")
    return p


@pytest.mark.parametrize("row, english, indonesian, where", [
    ("64.02,a,0.3,1", "below the minimum 0.5", "di bawah minimum 0,5",
     ("baris 2", "kolom 'bobot'", "nilai '0.3'")),
    ("64.02,a,4.5,1", "above the maximum 4.0", "di atas maksimum 4,0",
     ("baris 2", "kolom 'bobot'", "nilai '4.5'")),
    ("64.02,a,dua,1", "not a number (float expected)", "bukan angka (diharapkan bilangan desimal)",
     ("baris 2", "kolom 'bobot'", "nilai 'dua'")),
    ("64.02,a,1,1.5", "not a whole number", "bukan bilangan bulat",
     ("baris 2", "kolom 'jumlah'", "nilai '1.5'")),
    ("64.02,c,1,1", "not one of the allowed values ['a', 'b']",
     "bukan salah satu nilai yang diizinkan ['a', 'b']",
     ("baris 2", "kolom 'jenis'", "nilai 'c'")),
    ("64.2,a,1,1", r"does not match the code format [0-9]{2}\.[0-9]{2}",
     r"tidak sesuai format kode [0-9]{2}\.[0-9]{2}",
     ("baris 2", "kolom 'kode'", "nilai '64.2'")),
    (",a,1,1", "value is required (empty cell)", "nilai wajib diisi (sel kosong)",
     ("baris 2", "kolom 'kode'", "nilai ''")),
])
def test_schema_rules_in_both_languages(tmp_path, row, english, indonesian, where):
    exc = _refused(_csv(tmp_path, f"kode,jenis,bobot,jumlah\n{row}\n"))
    path = str(tmp_path / "t.csv")
    assert str(exc).endswith(f": {english}")                   # str() stays English
    assert error_text(exc, "en") == str(exc)
    said = error_text(exc, "id")
    assert said.startswith(path + ", ") and said.endswith(f": {indonesian}"), said
    for part in where:
        assert part in said, (part, said)
    assert (exc.row, exc.column) == (2, where[1].split("'")[1])     # structure kept


def test_file_level_rules_in_indonesian(tmp_path):
    cases = [
        ("", "berkas kosong: baris judul kolom wajib ada", None),
        ("kode,kode\n64.02,64.03\n", "nama kolom ganda ['kode']", 1),
        ("kode,jenis\n64.02\n", "CSV rusak: diharapkan 2 isian seperti baris judul, "
                               "ditemukan 1", 2),
        ("jenis\na\n", "kolom wajib ['kode'] tidak ada; tabel uji memerlukan ['kode']", 1),
        ("kode\n64.02\n64.03\n64.02\n", "kode ganda: sudah ada di baris 2", 4),
    ]
    for n, (body, indonesian, row) in enumerate(cases):
        exc = _refused(_csv(tmp_path, body, f"f{n}.csv"))
        said = error_text(exc, "id")
        assert said.endswith(indonesian), said
        assert exc.row == row and (row is None or f", baris {row}" in said), said
    exc = _refused(_csv(tmp_path, "kode\n64.02\n64.03\n64.02\n", "dup.csv"))
    assert "kolom 'kode'" in error_text(exc, "id") and "nilai '64.02'" in error_text(exc, "id")
    assert error_text(exc, "en").endswith("duplicate kode: already on row 2")
    bad = tmp_path / "latin1.csv"
    bad.write_bytes("kode\nBanjarbaru\xe9\n".encode("latin-1"))
    assert error_text(_refused(bad), "id").endswith(
        "bukan teks UTF-8 (invalid continuation byte pada byte 15)")  # 5 + 10 bytes before
    (tmp_path / "book.csv").write_bytes(b"PK\x03\x04rest")
    assert "ini buku kerja Excel (.xlsx), bukan teks CSV" in error_text(
        _refused(tmp_path / "book.csv"), "id")
    exc = _refused(_csv(tmp_path, 'kode\n"64.02\n', "quote.csv"))
    assert error_text(exc, "id").startswith(f"{tmp_path / 'quote.csv'}, baris ")
    assert "CSV rusak (" in error_text(exc, "id")


def test_file_and_workbook_rules_in_indonesian(tmp_path):
    said = {}
    for name, make in [("missing.xlsx", None), ("dir.xlsx", "dir"), ("old.xls", b"x"),
                       ("broken.xlsx", b"PK\x03\x04 not a zip")]:
        p = tmp_path / name
        if make == "dir":
            p.mkdir()
        elif make is not None:
            p.write_bytes(make)
        with pytest.raises(DataValidationError) as err:
            Book(p)
        assert err.value.file == str(p)
        said[name] = error_text(err.value, "id")
    assert said["missing.xlsx"] == f"{tmp_path / 'missing.xlsx'}: berkas tidak ditemukan"
    assert said["dir.xlsx"].endswith(": adalah direktori; yang diharapkan berkas")
    assert said["old.xls"].endswith(": format Excel lama (.xls) tidak dibaca; buka di Excel atau "
                                    "LibreOffice lalu simpan sebagai .xlsx (atau CSV)")
    assert ": bukan buku kerja Excel yang dapat dibaca (" in said["broken.xlsx"]

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["kode", None, "nilai"])
    ws.append(["64.02", 7, "=1+1"])
    ws.merge_cells("A3:A4")
    ws["A3"] = "64.03"
    hidden = wb.create_sheet("Rahasia")
    hidden["A1"] = 1
    hidden.sheet_state = "hidden"
    path = tmp_path / "b.xlsx"
    wb.save(path)
    with pytest.raises(DataValidationError) as err:
        read_sheet(path, "Tidak Ada")
    assert error_text(err.value, "id").endswith(
        "lembar 'Tidak Ada' tidak ditemukan; lembar yang ada ['Data', 'Rahasia']")
    with pytest.raises(DataValidationError) as err:
        read_sheet(path, "Rahasia")
    assert error_text(err.value, "id").endswith(
        "lembar ini tersembunyi, sehingga datanya tidak dapat diperiksa dengan mata; tampilkan "
        "(klik kanan tab lembar > Unhide), periksa isinya lalu simpan, atau hapus lembar itu")
    assert "the sheet is hidden, so its data cannot be checked by eye" in str(err.value)
    with pytest.raises(DataValidationError) as err:
        read_sheet(path, "Data")        # openpyxl stores no value for the formula
    said = error_text(err.value, "id")
    assert "baris 2, kolom 'C': sel 'Data'!C2 berisi rumus (=1+1) yang nilainya tidak " \
           "tersimpan di berkas" in said, said
    with Book(path) as book:
        sheet = book.sheet("Data", formulas=True)
    (r0, c0, rng, rule), = merged_in_data(sheet, [1])
    assert (r0, c0, rng) == (3, 1, "A3:A4")
    assert local(rule, "id") == (
        "sel A3:A4 digabung (A3 = '64.03' tampil di semuanya); hanya A3 yang berisi nilai dan "
        "sel lainnya terbaca kosong; pisahkan sel itu dan ketik nilai setiap baris di selnya "
        "sendiri")
    assert local(rule, "en") == rule and rule.startswith("cells A3:A4 are merged")
    from analysis.data.xlsx import header_columns
    with pytest.raises(DataValidationError) as err:
        header_columns(sheet)
    said = error_text(err.value, "id")
    assert "baris 1, kolom 'B': sel judul 'Data'!B1 kosong padahal kolom B berisi data " \
           "(B2 = 7)" in said, said


def _register(tmp_path, rows: list[str], name="risk_register_64.02_2023.csv") -> Path:
    head = ("regency,year,risk_id,pillar,likelihood,impact,treatment,residual_likelihood,"
            "residual_impact,scale")
    p = tmp_path / name
    p.write_text("\n".join([head, *rows]) + "\n", encoding="utf-8")
    return p


def test_risk_register_rules_in_both_languages(tmp_path):
    # R01 inherent 2 × 2 on the Kominfo scale = 4; residual 3 × 2 = 6 is higher
    p = _register(tmp_path, ["64.02,2023,R01,governance,2,2,Cadangan,3,2,kominfo"])
    with pytest.raises(DataValidationError) as err:
        risk.read_register(p)
    exc = err.value
    assert (exc.row, exc.value) == (2, "3") and "residual_likelihood" in exc.column
    assert "residual magnitude 6 (residual likelihood 3 × impact 2) is higher than the " \
           "inherent magnitude 4 (likelihood 2 × impact 2) on the kominfo scale" in str(exc)
    said = error_text(exc, "id")
    assert said.startswith(f"{p}, baris 2, kolom '") and "nilai '3'" in said
    assert said.endswith(
        "besaran residual 6 (kemungkinan residual 3 × dampak 2) lebih tinggi daripada besaran "
        "inheren 4 (kemungkinan 2 × dampak 2) pada skala kominfo; risiko setelah penanganan "
        "tidak boleh melebihi risiko sebelumnya"), said

    p = _register(tmp_path, ["64.02,2023,R01,governance,2,2,Cadangan,1,,kominfo"], "r2.csv")
    with pytest.raises(DataValidationError) as err:
        risk.read_register(p)
    said = error_text(err.value, "id")
    assert "baris 2" in said and "residual_impact" in said and said.endswith(
        "kemungkinan residual dan dampak residual diisi bersama: isi keduanya atau kosongkan "
        "keduanya"), said
    assert error_text(err.value, "en").endswith(
        "residual likelihood and residual impact go together: give both or neither")

    p = _register(tmp_path, ["64.02,2023,R01,governance,2,2,,,,kominfo",
                             "64.02,2023,R02,governance,2,2,,,,spbe"], "r3.csv")
    with pytest.raises(DataValidationError) as err:
        risk.read_register(p)
    assert "kolom 'scale'" in error_text(err.value, "id")
    assert error_text(err.value, "id").endswith(
        "satu register memakai satu skala; ditemukan ['kominfo', 'spbe']")
    assert str(err.value).endswith("one register uses one scale; found ['kominfo', 'spbe']")


def test_residual_rules_of_a_workbook_sheet_in_both_languages():
    df = pd.DataFrame({"likelihood": [3], "impact": [3], "residual_likelihood": [4],
                       "residual_impact": [4]}, dtype="Int64")
    (rule, pos, col, value), = risk.residual_problems(df, risk.get_scale("spbe"))
    # SPBE matrix (Permen PANRB 5/2020, DOMAIN.md §4): (3, 3) = 14, (4, 4) = 19
    e = as_error("Risiko", "L2", rule)
    assert e.line("id") == (
        "Risiko!L2: besaran residual 19 (kemungkinan residual 4 × dampak 4) lebih tinggi "
        "daripada besaran inheren 14 (kemungkinan 3 × dampak 3) pada skala spbe; risiko setelah "
        "penanganan tidak boleh melebihi risiko sebelumnya")
    assert e.line("en").startswith("Risiko!L2: residual magnitude 19 (residual likelihood 4")
    assert (pos, col, value) == (0, "residual_likelihood", "4")


def test_output_errors_in_both_languages(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError) as err:
        make_dir(blocker / "sub")
    assert error_text(err.value, "id") == (
        f"{blocker / 'sub'}: direktori keluaran tidak dapat dibuat: {blocker} adalah berkas "
        f"yang sudah ada, bukan direktori; berikan --out lain")
    assert error_text(err.value, "en") == str(err.value)
    with pytest.raises(OutputError) as err:
        with atomic_path(tmp_path):
            pass
    assert error_text(err.value, "id") == f"{tmp_path}: adalah direktori; di sini diharapkan " \
                                          f"nama berkas"
    full = write_error(tmp_path / "a.csv", OSError(errno.ENOSPC, "No space left on device"))
    said = error_text(full, "id")
    assert said.startswith(f"{tmp_path / 'a.csv'}: tidak dapat ditulis: No space left on device "
                           f"(disk penuh); tidak ada yang ditulis di sana")
    assert "(the disk is full)" in str(full)
    plain = WorkbenchError("unchanged text")
    assert error_text(plain, "id") == "unchanged text"


def test_validate_speaks_indonesian_by_default(raw_copy, tmp_path, capsys):
    replace_in(raw_copy / "swot_factors_64.02.csv", "Idaman RT menjangkau semua RT,0.32,4,",
               "Idaman RT menjangkau semua RT,0.32,5,")
    err = assert_cli_fails_cleanly(["validate", "--data-dir", raw_copy], capsys,
                                   ["workbench validate: error:", "swot_factors_64.02.csv",
                                    "baris 2", "kolom 'rating'", "nilai '5'",
                                    "di atas maksimum 4"], tmp_path / "none")
    assert "row 2" not in err and "above the maximum" not in err
    assert_cli_fails_cleanly(["validate", "--data-dir", raw_copy, "--lang", "en"], capsys,
                             ["row 2", "column 'rating'", "value '5'", "above the maximum 4"],
                             tmp_path / "none")


def test_import_target_not_empty_and_held_lock_in_both_languages(tmp_path, capsys):
    out = tmp_path / "isi"
    out.mkdir()
    (out / "lama.csv").write_text("x")
    src = tmp_path / "w.xlsx"
    openpyxl.Workbook().save(src)
    assert_cli_fails_cleanly(["import", src, "--out", out], capsys,
                             [f"{out}: sudah ada dan bukan direktori kosong; berikan --out baru"],
                             tmp_path / "none")
    with pytest.raises(OutputError) as err:
        import_workbook(src, out)
    assert error_text(err.value, "en").startswith(f"{out}: exists and is not an empty directory")
    new = tmp_path / "baru"
    lock_path(new).write_text("pid 4242 on elsewhere, w.xlsx, since 2026-12-01\n")
    with pytest.raises(OutputError) as err:
        import_workbook(src, new)
    said = error_text(err.value, "id")
    assert said == (f"{new}: impor workbench lain ke direktori ini sedang berjalan (berkas kunci "
                    f"{lock_path(new)}: pid 4242 on elsewhere, w.xlsx, since 2026-12-01); "
                    f"tunggu sampai selesai dan berikan --out baru. Jika tidak ada impor yang "
                    f"berjalan (dihentikan paksa), hapus {lock_path(new)}")


def test_hidden_sheet_warning_in_both_languages(tmp_path):
    from analysis.data.template_tables import read_text
    path = tmp_path / "risk.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Register Risiko"
    ws.append(["ID Risiko", "Pilar", "Level Kemungkinan", "Level Dampak"])
    ws.append(["R01", "Smart Governance", 2, 2])
    extra = wb.create_sheet("Lama")
    extra["A1"] = "catatan"
    extra.sheet_state = "veryHidden"
    wb.save(path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        read_text(path, "risk")
    w, = [w.message for w in caught if w.category is HiddenSheetWarning]
    assert warning_text(w, "id") == (
        f"{path} [sheet 'Lama']: lembar ini sangat tersembunyi dan tidak dibaca; jika berisi "
        f"data untuk workbench, tampilkan lalu salin datanya ke lembar yang dibaca")
    assert warning_text(w, "en") == str(w) == (
        f"{path} [sheet 'Lama']: the sheet is very hidden and is not read; if it holds data "
        f"meant for the workbench, unhide it and copy the data to the sheet that is read")


def test_every_message_has_both_languages_with_the_same_fields():
    import string

    from analysis.i18n import catalogue
    cat = catalogue()
    ids, ens = cat["id"]["messages"], cat["en"]["messages"]
    assert set(ids) == set(ens)
    for key in ids:
        fields = [{f[1] for f in string.Formatter().parse(t[key]) if f[1]} for t in (ids, ens)]
        assert fields[0] == fields[1], key
        assert ids[key] != ens[key] or key in ("where_value",), key


def test_cli_prints_the_error_in_the_commands_language(tmp_path, capsys):
    missing = tmp_path / "tidak_ada.csv"
    argv = ["swot", "--factors", str(missing), "--out", str(tmp_path / "o")]
    assert main(argv) == 2              # every command has --lang: Indonesian by default
    assert f"{missing}: berkas tidak ditemukan" in capsys.readouterr().err
    assert main([*argv, "--lang", "en"]) == 2
    assert f"{missing}: file not found" in capsys.readouterr().err


def test_sheet_too_large_in_both_languages():
    from analysis.data.xlsx import MAX_ROWS, SheetTooLargeError
    exc = SheetTooLargeError("b.xlsx [sheet 'Data']", "Data", MAX_ROWS + 2, 1, 1, 5)
    assert "at most 100,000 rows of data below the header (rows 1–100,001)" in str(exc)
    said = error_text(exc, "id")
    assert said.startswith("b.xlsx [sheet 'Data'], baris 100002, kolom 'A', nilai 1: sel "
                           "'Data'!A100002 berisi 1, di luar area yang boleh dipakai satu "
                           "lembar (paling banyak 100.000 baris data di bawah judul kolom "
                           "(baris 1–100.001), 100 kolom (A–CV) dan 2.500.000 sel terisi)"), said
    many = SheetTooLargeError("b.xlsx [sheet 'Data']", "Data", 5, 2, "x", 2_500_001)
    assert "melebihi 2.500.000 sel terisi" in error_text(many, "id")
    assert "beyond the 2,500,000 filled cells" in str(many)
