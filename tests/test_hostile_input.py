"""Input side: hostile or broken inputs give one clear line, exit 2, nothing written.

XLSX headers matched by name, empty tables, CSV by RFC 4180, codes in ASCII digits only,
tracebacks turned into messages, and ``validate`` checking every
table the reports read.
"""
from __future__ import annotations

import openpyxl
import pytest

from analysis.masterplan import progress
from analysis.masterplan import risk
from analysis.masterplan import swot
from analysis.cli import main
from analysis.data.manifest import update_hashes
from analysis.data.schema import read_csv_text
from analysis.errors import DataValidationError
from analysis.index.validate import check_units
from analysis.masterplan.template_writer import write_template
from analysis.data.template_tables import read_text
from conftest import assert_cli_fails_cleanly, one_line, replace_in

SHEET = "Register Risiko"


def _workbook(path, rows, sheet=SHEET):
    """An XLSX with one data sheet holding ``rows`` (row 1 = header) exactly as given."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _one_line_error(capsys, argv, expected, out_dir):
    """The command's one-line error, in English unless ``argv`` asks for a language."""
    if "--lang" not in [str(a) for a in argv]:
        argv = [*argv, "--lang", "en"]
    return one_line(assert_cli_fails_cleanly(argv, capsys, expected, out_dir))


# ------------------------------------------------------------------ 1. XLSX headers by name

# R01: likelihood 5, impact 5, no treatment plan → SPBE magnitude 25 (DOMAIN.md §4 matrix,
# cell (5,5)), above appetite 11 and untreated. Column C holds a note (the number 4).
HEADER = ["ID Risiko", "Pilar", "Catatan", "Level Kemungkinan", "Level Dampak",
          "Rencana Penanganan"]
ROW = ["R01", "Smart Governance", 4, 5, 5, None]


def test_named_columns_score_as_written_in_any_order(tmp_path):
    order = [5, 4, 3, 2, 1, 0]  # every column moved: matched by name, never by position
    path = _workbook(tmp_path / "r.xlsx", [[HEADER[i] for i in order], [ROW[i] for i in order]])
    df, sc = risk.read_register(path)
    s = risk.score_register(df, sc).iloc[0]
    assert (s.likelihood, s.impact, s.magnitude, bool(s.untreated)) == (5, 5, 25, True)
    assert df["Catatan"].tolist() == ["4"]  # an unknown column is kept as text


def test_blank_header_cell_over_data_is_an_error(tmp_path, capsys):
    # before the fix the blank C1 was dropped, every later column shifted left: likelihood 4,
    # impact 5, treatment '5' → R01 scored 20 and lost its untreated flag
    path = _workbook(tmp_path / "r.xlsx", [[*HEADER[:2], None, *HEADER[3:]], ROW])
    with pytest.raises(DataValidationError) as exc:
        risk.read_register(path)
    msg = str(exc.value)
    for part in ("r.xlsx", f"sheet '{SHEET}'", f"'{SHEET}'!C1", "blank", "C2 = 4", "header"):
        assert part in msg, (part, msg)
    out = tmp_path / "out"
    _one_line_error(capsys, ["risk", "--register", path, "--out", out], [f"'{SHEET}'!C1"], out)


def test_merged_header_cell_over_data_is_an_error(tmp_path):
    path = _workbook(tmp_path / "r.xlsx", [HEADER, ROW])
    wb = openpyxl.load_workbook(path)
    wb[SHEET].merge_cells("B1:C1")  # "Pilar" spans B and C; C still holds data
    wb[SHEET]["C2"] = 4
    wb.save(path)
    with pytest.raises(DataValidationError) as exc:
        risk.read_register(path)
    assert f"'{SHEET}'!C1 is merged with '{SHEET}'!B1" in str(exc.value)


def test_blank_header_over_an_empty_column_is_ignored(tmp_path):
    path = _workbook(tmp_path / "r.xlsx", [[*HEADER, None, "Status"], [*ROW, None, "Terbuka"]])
    df, _ = risk.read_register(path)
    assert df["status"].tolist() == ["open"] and df["likelihood"].tolist() == [5]


def test_formula_without_cached_value_names_the_cell(tmp_path, capsys):
    # openpyxl stores formulas without computing them: the file holds no value for E2
    path = _workbook(tmp_path / "r.xlsx", [HEADER, [*ROW[:4], "=2+3", None]])
    out = tmp_path / "out"
    err = _one_line_error(capsys, ["risk", "--register", path, "--out", out],
                          [f"'{SHEET}'!E2", "formula (=2+3)", "does not store",
                           "Excel or LibreOffice"], out)
    assert "empty cell" not in err


def test_bps_xlsx_goes_through_the_same_reader(tmp_path):
    from analysis.data.bps import read_bps_xlsx
    path = _workbook(tmp_path / "b.xlsx", [["Wilayah", "IPM"], [None, "=1/0"]], sheet="Sheet1")
    with pytest.raises(DataValidationError, match=r"'Sheet1'!B2 holds a formula"):
        read_bps_xlsx(path)


# ------------------------------------------------------------------ .xls, directories, --out

def test_old_excel_format_is_refused_with_what_to_do(tmp_path, capsys):
    xls = tmp_path / "r.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)  # OLE2 header of .xls
    disguised = tmp_path / "r.csv"
    disguised.write_bytes(xls.read_bytes())
    out = tmp_path / "out"
    for path in (xls, disguised):
        err = _one_line_error(capsys, ["risk", "--register", path, "--out", out],
                              [str(path), "old Excel format (.xls)", "save it as .xlsx"], out)
        assert "UTF-8" not in err
    from analysis.data.bps import read_bps
    with pytest.raises(DataValidationError, match=r"old Excel format \(\.xls\)"):
        read_bps(xls)


def test_directory_where_a_csv_is_expected(tmp_path, capsys):
    out = tmp_path / "out"
    _one_line_error(capsys, ["index", "--framework", "kominfo-evaluasi-2022", "--data", tmp_path,
                             "--out", out / "x.csv"], [str(tmp_path), "is a directory"], out)
    _one_line_error(capsys, ["swot", "--factors", tmp_path, "--out", out],
                    [str(tmp_path), "is a directory"], out)


@pytest.mark.parametrize("argv", [
    ["risk", "--register", "data/raw/risk_register_64.02_2023.csv", "--out", "{f}"],
    ["risk", "--register", "data/raw/risk_register_64.02_2023.csv", "--out", "{f}/sub"],
    ["generate-national", "--out", "{f}"],
    ["report", "--regency", "64.02", "--out", "{f}", "--lang", "en"],
    ["template", "--kind", "risk", "--out", "{f}/t.xlsx"],
])
def test_out_that_is_an_existing_file(tmp_path, capsys, argv):
    from analysis.paths import PROJECT_ROOT
    f = tmp_path / "taken"
    f.write_text("keep me")
    argv = [a.format(f=f).replace("data/raw", str(PROJECT_ROOT / "data" / "raw")) for a in argv]
    _one_line_error(capsys, argv, [str(f), "is an existing file, not a directory"],
                    tmp_path / "nothing")
    assert f.read_text() == "keep me"


def test_output_file_that_is_a_directory(tmp_path, capsys):
    (tmp_path / "t.xlsx").mkdir()
    _one_line_error(capsys, ["template", "--kind", "risk", "--out", tmp_path / "t.xlsx"],
                    ["t.xlsx", "is a directory"], tmp_path / "t.xlsx")


# ------------------------------------------------------------------ 2. empty tables

def test_swot_on_its_own_blank_template(tmp_path, capsys):
    path = write_template("swot", tmp_path / "s.xlsx")
    out = tmp_path / "out"
    _one_line_error(capsys, ["swot", "--factors", path, "--out", out],
                    ["s.xlsx", "sheet 'Faktor SWOT'", "empty table"], out)


def test_empty_risk_register_is_an_error_not_zero_risks(tmp_path, capsys):
    from analysis.paths import RAW_DIR
    path = tmp_path / "r.csv"
    path.write_text((RAW_DIR / "risk_register_64.02_2023.csv").read_text().splitlines()[0] + "\n")
    out = tmp_path / "out"
    err = _one_line_error(capsys, ["risk", "--register", path, "--out", out],
                          ["r.csv", "empty table", "no risks"], out)
    assert "0 risks" not in err


def test_empty_programme_workbook(tmp_path):
    path = write_template("programmes", tmp_path / "p.xlsx")
    with pytest.raises(DataValidationError, match=r"sheet 'Program'.*empty table"):
        progress.read_programmes(path)


# ------------------------------------------------------------------ 3. CSV by RFC 4180

def test_line_breaks_inside_quoted_fields_are_kept(tmp_path):
    path = tmp_path / "risk.csv"
    path.write_text('risk_id,pillar,likelihood,impact,event\r\n'
                    'R1,governance,2,3,"Keterlambatan\nlaporan"\r\n'
                    'R2,economy,1,1,"a, ""b""\r\nc"\r\n', encoding="utf-8", newline="")
    df, _ = risk.read_register(path)
    assert df["event"].tolist() == ["Keterlambatan\nlaporan", 'a, "b"\r\nc']
    assert df["risk_id"].tolist() == ["R1", "R2"]


def test_error_rows_are_the_rows_a_spreadsheet_shows(tmp_path):
    # row 2 holds a field with a line break (one spreadsheet row, two editor lines), row 3 is
    # blank, row 4 has likelihood 9 on the 1-5 scale: the error names row 4
    path = tmp_path / "risk.csv"
    path.write_text('risk_id,pillar,likelihood,impact,event\n'
                    'R1,governance,2,3,"Keterlambatan\nlaporan"\n\nR2,economy,9,1,x\n',
                    encoding="utf-8")
    with pytest.raises(DataValidationError) as exc:
        risk.read_register(path)
    assert "row 4, column 'likelihood', value '9'" in str(exc.value)
    from analysis.data.raw_tables import EVALUATION_2022
    from analysis.data.schema import read_table
    from analysis.paths import RAW_DIR
    lines = (RAW_DIR / "kominfo_evaluasi_2022.csv").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "e.csv"
    path.write_text("\n".join([lines[0], "", *lines[1:3], "64.1" + lines[3][5:]]) + "\n")
    with pytest.raises(DataValidationError, match="row 5, column 'kode_kemendagri'"):
        read_table(path, EVALUATION_2022)


def test_unicode_line_separator_inside_a_field_is_text(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,x\u2028y\n2,z\u0085w\n", encoding="utf-8")
    assert read_csv_text(path).to_dict("records") == [{"a": "1", "b": "x\u2028y"},
                                                      {"a": "2", "b": "z\u0085w"}]


def test_unclosed_quote_is_malformed(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('a,b\n1,"open\n2,x\n', encoding="utf-8")
    with pytest.raises(DataValidationError, match="malformed CSV"):
        read_csv_text(path)


# ------------------------------------------------------------------ 4. codes in ASCII digits

FULLWIDTH = "\uff16\uff14.\uff10\uff12"  # ６４.０２


@pytest.mark.parametrize("file,old,new,column", [
    ("kominfo_evaluasi_2022.csv", "64.01,KAB. PASER", "\uff16\uff14.\uff10\uff11,KAB. PASER",
     "kode_kemendagri"),
    ("profil_wilayah.csv", "64.02,6403,", "64.02,\u0666\u0664\u0660\u0663,",  # Arabic-Indic
     "kode_bps"),
])
def test_raw_table_codes_accept_ascii_digits_only(raw_copy, tmp_path, capsys, file, old, new,
                                                  column):
    replace_in(raw_copy / file, old, new)
    out = tmp_path / "out"
    bad = new.split(",")[0 if column == "kode_kemendagri" else 1]
    _one_line_error(capsys, ["build", "--data-dir", raw_copy, "--out", out],
                    [file, f"column '{column}'", repr(bad), "format"], out)


def test_masterplan_and_index_codes_accept_ascii_digits_only(tmp_path):
    import pandas as pd
    path = tmp_path / "s.csv"
    path.write_text(f"regency,pillar,type,weight,rating\n{FULLWIDTH},governance,S,1,4\n"
                    f"{FULLWIDTH},governance,O,1,4\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match="column 'regency'"):
        swot.read_factors(path)
    with pytest.raises(DataValidationError, match="code format"):
        check_units(pd.DataFrame({"kode_kemendagri": [FULLWIDTH]}), "kode_kemendagri", "w.csv")
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / f"risk_register_{FULLWIDTH}_2023.csv").write_text("x\n")
    (raw / f"swot_factors_{FULLWIDTH}.csv").write_text("x\n")
    assert risk.list_registers(raw).empty and swot.list_factor_files(raw) == {}


def test_boundary_codes_accept_ascii_digits_only():
    import pandas as pd
    from analysis.data.geo import check_codes
    from analysis.data.geo_convert import CODE_RE
    gdf = pd.DataFrame({"kode_kemendagri": ["64.02", FULLWIDTH], "feature": [0, 1]})
    with pytest.raises(DataValidationError) as exc:
        check_codes(gdf, "b.geojson")
    assert repr(FULLWIDTH) in str(exc.value)
    assert CODE_RE.match("64.02") and not CODE_RE.match(FULLWIDTH)


# ------------------------------------------------------------------ 6. validate: every table

@pytest.mark.parametrize("file,old,new,expected", [
    ("risk_register_64.02_2023.csv", "R01,Layanan inovasi daerah,governance,Diskominfo,"
     "Gangguan jaringan internet menghentikan layanan inovasi,\"Satu penyedia jaringan, tanpa "
     "jalur cadangan\",Layanan publik daring terhenti,4,",
     "R01,Layanan inovasi daerah,governance,Diskominfo,Gangguan jaringan internet menghentikan "
     "layanan inovasi,\"Satu penyedia jaringan, tanpa jalur cadangan\",Layanan publik daring "
     "terhenti,6,",
     ["risk_register_64.02_2023.csv", "row 2", "likelihood", "'6'", "above the maximum 5"]),
    ("programmes_64.02.csv", "Pusat data dan jaringan pemerintahan,governance,Diskominfo,5,2018,",
     "Pusat data dan jaringan pemerintahan,governance,Diskominfo,5,20l8,",
     ["programmes_64.02.csv", "row 2", "start_year", "'20l8'", "not a number"]),
    ("realisation_64.02.csv", "KK-GOV-01,2018,running", "KK-GOV-01,2018,jalan",
     ["realisation_64.02.csv", "row 2", "status", "'jalan'"]),
    ("swot_factors_64.02.csv", "Idaman RT menjangkau semua RT,0.32,4,", "Idaman RT menjangkau "
     "semua RT,0.32,5,", ["swot_factors_64.02.csv", "row 2", "rating", "'5'", "above the maximum"]),
    ("readiness_assessment_illustrative.csv", "11.71,Kota Banda Aceh,RK.1.1.STR.1,4,",
     "11.71,Kota Banda Aceh,RK.1.1.STR.1,5,",
     ["readiness_assessment_illustrative.csv", "row 2", "skor", "'5'", "above the maximum 4"]),
])
def test_validate_checks_every_table_the_reports_read(raw_copy, tmp_path, capsys, file, old, new,
                                                      expected):
    replace_in(raw_copy / file, old, new)
    _one_line_error(capsys, ["validate", "--data-dir", raw_copy, "--lang", "en"], expected,
                    tmp_path / "none")


def test_header_only_evaluation_table_validates_with_a_warning(raw_copy, capsys):
    path = raw_copy / "kominfo_evaluasi_2023.csv"
    path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    update_hashes(raw_copy)  # a user's own data, recorded: only the empty table is at issue
    assert main(["validate", "--data-dir", str(raw_copy), "--lang", "en"]) == 0
    err = capsys.readouterr().err
    assert "warning:" in err and "kominfo_evaluasi_2023.csv: no data rows (header only)" in err
    assert main(["validate", "--data-dir", str(raw_copy)]) == 0        # Indonesian by default
    err = capsys.readouterr().err
    assert ("kominfo_evaluasi_2023.csv: tidak ada baris data (hanya judul kolom): evaluasi 2023 "
            "tidak memuat daerah") in err


def test_read_text_of_a_header_only_csv_says_empty(tmp_path):
    path = tmp_path / "swot.csv"
    path.write_text("pillar,type,weight,rating\n\n\n")
    with pytest.raises(DataValidationError, match="swot.csv: empty table: no SWOT factors"):
        read_text(path, "swot")
