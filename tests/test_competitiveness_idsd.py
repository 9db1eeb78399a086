"""BRIN IDSD: the 12 pillars and 4 components, template -> fill -> read round trips (CSV and
XLSX), and every rule of the reader on hostile files. The scores used are made up for the
tests: the workbench ships no IDSD numbers."""
from __future__ import annotations

import csv

import openpyxl
import pandas as pd
import pytest

from analysis.data import idsd
from analysis.errors import DataValidationError, OutputError

# DOMAIN.md §8, typed here independently of idsd.yaml: component -> pillars (English names).
DOMAIN = {"Enabling environment": ["Institutions", "Infrastructure", "ICT adoption",
                                   "Macroeconomic stability"],
          "Human capital": ["Health", "Skills"],
          "Markets": ["Product market", "Labour market", "Financial system", "Market size"],
          "Innovation ecosystem": ["Business dynamism", "Innovation capability"]}
HEADER = ["kode", "tahun", "institusi", "infrastruktur", "adopsi_tik", "stabilitas_ekonomi_makro",
          "kesehatan", "keterampilan", "pasar_produk", "pasar_tenaga_kerja", "sistem_keuangan",
          "ukuran_pasar", "dinamika_bisnis", "kapabilitas_inovasi", "skor_idsd"]
REGIONS = pd.DataFrame({"kode": ["64.02", "62.06", "32.04"],
                        "nama": ["Kutai Kartanegara", "Katingan", "=HYPERLINK(\"x\")"]})


def test_settings_match_the_domain_description():
    comps = {c.code: c.en for c in idsd.COMPONENTS}
    got = {}
    for p in idsd.PILLARS:
        got.setdefault(comps[p.component], []).append(p.en)
    assert got == DOMAIN
    assert [p.number for p in idsd.PILLARS] == list(range(1, 13))
    assert idsd.SCALE == (0.0, 5.0)
    assert list(idsd.COLUMNS) == HEADER
    assert [c.id for c in idsd.COMPONENTS] == ["Lingkungan Pendukung", "Sumber Daya Manusia",
                                                "Pasar", "Ekosistem Inovasi"]


def test_settings_with_a_missing_pillar_are_refused(tmp_path):
    text = idsd.SETTINGS_FILE.read_text(encoding="utf-8")
    bad = tmp_path / "idsd.yaml"
    bad.write_text("\n".join(line for line in text.splitlines()
                             if "code: kesehatan" not in line), encoding="utf-8")
    with pytest.raises(idsd.IdsdInputError, match="11 pillars"):
        idsd.load_settings(bad)


def _fill_csv(path, rows):
    with open(path, newline="", encoding="utf-8") as fh:
        records = list(csv.reader(fh))
    header = records[0]
    for rec, values in zip(records[1:], rows):
        for col, v in values.items():
            rec[header.index(col)] = v
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(records)


def test_csv_template_fill_read_round_trip(tmp_path):
    out = idsd.idsd_template(tmp_path / "idsd.csv", kode=["64.02", "62.06"], years=[2023, 2024],
                             regions=REGIONS)
    with open(out, newline="", encoding="utf-8") as fh:
        records = list(csv.reader(fh))
    assert records[0] == ["kode", "nama", *HEADER[1:]]
    assert [r[:3] for r in records[1:]] == [["64.02", "Kutai Kartanegara", "2023"],
                                            ["64.02", "Kutai Kartanegara", "2024"],
                                            ["62.06", "Katingan", "2023"],
                                            ["62.06", "Katingan", "2024"]]
    assert all(cell == "" for r in records[1:] for cell in r[3:])  # no score shipped
    _fill_csv(out, [{"institusi": "4.82", "skor_idsd": "3.86"}, {"kesehatan": "0"},
                    {"kapabilitas_inovasi": "5"}, {"skor_idsd": "2.5", "pasar_produk": "1.25"}])
    got = idsd.read_idsd(out)
    assert list(got.columns) == ["kode", "nama", *HEADER[1:]]
    assert list(zip(got["kode"], got["tahun"])) == [("62.06", 2023), ("62.06", 2024),
                                                    ("64.02", 2023), ("64.02", 2024)]
    kukar = got[got["kode"] == "64.02"].set_index("tahun")
    assert kukar.loc[2023, "institusi"] == 4.82 and kukar.loc[2023, "skor_idsd"] == 3.86
    assert kukar.loc[2024, "kesehatan"] == 0.0 and pd.isna(kukar.loc[2024, "skor_idsd"])
    # the overall is only ever what the file gives: not computed where it is empty
    assert got["skor_idsd"].notna().sum() == 2
    long = idsd.idsd_long(got)
    assert len(long) == 6
    row = long[(long["kode"] == "62.06") & (long["tahun"] == 2024)]
    assert list(row["pilar"]) == ["skor_idsd", "pasar_produk"]
    assert row.iloc[1]["nama_id"] == "Pasar Produk" and row.iloc[1]["komponen"] == "pasar"


def test_xlsx_template_fill_read_round_trip(tmp_path):
    out = idsd.idsd_template(tmp_path / "idsd.xlsx", kode="64.02", years=[2022, 2024],
                             regions=REGIONS)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == [idsd.INSTRUCTIONS_SHEET, idsd.SHEET]
    ws = wb[idsd.SHEET]
    assert [c.value for c in ws[1]] == ["kode", "nama", *HEADER[1:]]
    assert ws["A2"].value == "64.02" and ws["A2"].data_type == "s"
    assert ws["A3"].number_format == "@" and ws["A40"].number_format == "@"
    rules = {str(dv.sqref).split(":")[0]: (dv.type, dv.formula1, dv.formula2)
             for dv in ws.data_validations.dataValidation}
    assert rules["C2"] == ("whole", "2022", "2100")
    assert rules["D2"] == rules["P2"] == ("decimal", "0", "5")
    guide = "\n".join(str(c.value) for c in wb[idsd.INSTRUCTIONS_SHEET]["A"] if c.value)
    assert "Adopsi TIK" in guide and "tidak pernah menghitungnya" in guide
    # columns: A kode, B nama, C tahun, D-O pillars 1-12, P skor_idsd
    ws["D2"], ws["L2"], ws["P2"] = 3.09, 2.25, 3.5
    ws["H3"] = 4.11
    ws["A4"], ws["C4"], ws["N4"] = "62.06", 2023, 4.0
    wb.save(out)
    got = idsd.read_idsd(out).set_index(["kode", "tahun"])
    assert got.loc[("64.02", 2022), "institusi"] == 3.09
    assert got.loc[("64.02", 2022), "sistem_keuangan"] == 2.25
    assert got.loc[("64.02", 2022), "skor_idsd"] == 3.5
    assert got.loc[("64.02", 2024), "kesehatan"] == 4.11
    assert got.loc[("62.06", 2023), "dinamika_bisnis"] == 4.0
    assert got.loc[("64.02", 2022), "nama"] == "Kutai Kartanegara"
    assert got.loc[("64.02", 2022)].drop(["nama", "institusi", "sistem_keuangan",
                                           "skor_idsd"]).isna().all()
    assert len(got) == 3


def test_prefilled_row_left_empty_is_named(tmp_path):
    out = idsd.idsd_template(tmp_path / "t.xlsx", kode="64.02", years=[2022, 2024])
    wb = openpyxl.load_workbook(out)
    wb[idsd.SHEET]["C2"] = 3.0
    wb.save(out)
    with pytest.raises(DataValidationError, match=r"row 3: no score in this row"):
        idsd.read_idsd(out)


def test_template_text_stays_text(tmp_path):
    out = idsd.idsd_template(tmp_path / "t.csv", kode="32.04", years=2023, regions=REGIONS)
    assert "'=HYPERLINK" in out.read_text(encoding="utf-8")
    x = idsd.idsd_template(tmp_path / "t.xlsx", kode="32.04", years=2023, regions=REGIONS)
    cell = openpyxl.load_workbook(x)[idsd.SHEET]["B2"]
    assert cell.value == '=HYPERLINK("x")' and cell.data_type == "s" and cell.quotePrefix


def test_blank_template_has_only_the_header(tmp_path):
    out = idsd.idsd_template(tmp_path / "blank.csv")
    assert out.read_text(encoding="utf-8").strip() == ",".join(HEADER)
    with pytest.raises(DataValidationError, match="empty table"):
        idsd.read_idsd(out)


@pytest.mark.parametrize("kwargs,match", [
    ({"kode": "99.99", "years": 2023}, "unknown Kemendagri code"),
    ({"kode": "64.02", "years": 2021}, "not an IDSD year"),
    ({"kode": "64.02"}, "give the IDSD years"),
])
def test_template_bad_arguments(tmp_path, kwargs, match):
    with pytest.raises(idsd.IdsdInputError, match=match):
        idsd.idsd_template(tmp_path / "t.csv", **kwargs)
    assert not (tmp_path / "t.csv").exists()


def test_template_output_errors(tmp_path):
    with pytest.raises(idsd.IdsdInputError, match=r"\.csv or \.xlsx"):
        idsd.idsd_template(tmp_path / "t.ods")
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError):
        idsd.idsd_template(tmp_path / "file" / "t.csv")


def write(tmp_path, text, name="idsd.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


GOOD = "kode,tahun,institusi,skor_idsd\n64.02,2023,4.5,3.86\n"


@pytest.mark.parametrize("text,row,column,value,rule", [
    ("kode,tahun,institusi\n99.99,2023,4\n", 2, "kode", "99.99", "unknown Kemendagri code"),
    ("kode,tahun,institusi\n64.2,2023,4\n", 2, "kode", "64.2", "format the cell as text"),
    ("kode,tahun,institusi\n64.02,2021,4\n", 2, "tahun", "2021", "starts in 2022"),
    ("kode,tahun,institusi\n64.02,2023.5,4\n", 2, "tahun", "2023.5", "not a year"),
    ("kode,tahun,institusi\n64.02,,4\n", 2, "tahun", "", "not a year"),
    ("kode,tahun,institusi\n64.02,2023,5.01\n", 2, "institusi", "5.01", "outside the IDSD scale"),
    ("kode,tahun,institusi\n64.02,2023,-0.1\n", 2, "institusi", "-0.1", "outside the IDSD"),
    ("kode,tahun,institusi\n64.02,2023,inf\n", 2, "institusi", "inf", "not a finite number"),
    ("kode,tahun,institusi\n64.02,2023,NaN\n", 2, "institusi", "NaN", "not a finite number"),
    ("kode,tahun,institusi\n64.02,2023,tinggi\n", 2, "institusi", "tinggi", "not a number"),
    ('kode,tahun,institusi\n64.02,2023,"3,86"\n', 2, "institusi", "3,86", "type 3.86"),
    ("kode,tahun,institusi\n64.02,2023,1e400\n", 2, "institusi", "1e400", "not a finite"),
    ("kode,tahun,institusi,skor_idsd\n64.02,2023,,\n", 2, None, None, "no score in this row"),
    ("kode,tahun,institusi\n64.02,2023,4\n\n64.02,2023,3\n", 4, "kode+tahun", "64.02 2023",
     "duplicate kode+tahun: already on row 2"),
    ("kode,tahun,institusii\n64.02,2023,4\n", 1, "institusii", None, "unknown column"),
    ("kode;tahun;institusi\n64.02;2023;4\n", 1, "kode;tahun;institusi", None, "';' as separator"),
    ("kode,tahun,Institusi,institusi\n64.02,2023,4,4\n", 1, "institusi", None, "both name"),
    ("kode,institusi\n64.02,4\n", 1, None, None, "missing column(s) ['tahun']"),
    ("kode,tahun,nama\n64.02,2023,x\n", 1, None, None, "no score column"),
])
def test_hostile_csv_is_refused_naming_file_row_column_value_rule(tmp_path, text, row, column,
                                                                    value, rule):
    p = write(tmp_path, text)
    with pytest.raises(DataValidationError) as exc:
        idsd.read_idsd(p)
    e = exc.value
    assert (e.file, e.row, e.column) == (str(p), row, column)
    if value is not None:
        assert e.value == value
    assert rule in e.rule
    assert str(p) in str(e)


def test_headers_by_name_and_codes_checked_against_given_regions(tmp_path):
    p = write(tmp_path, "Kode,Tahun,Pilar 1 Institusi,Kapabilitas Inovasi,Skor IDSD\n"
                        "64.02,2023,4.5,2,3.1\n")
    got = idsd.read_idsd(p)
    assert (got.loc[0, "institusi"], got.loc[0, "kapabilitas_inovasi"]) == (4.5, 2.0)
    assert got["adopsi_tik"].isna().all()  # absent pillar: not given, never 0
    with pytest.raises(DataValidationError, match="unknown Kemendagri code"):
        idsd.read_idsd(p, regions=pd.DataFrame({"kode": ["62.06"]}))
    assert len(idsd.read_idsd(write(tmp_path, GOOD, "g.csv"), regions=REGIONS)) == 1


def test_hostile_xlsx(tmp_path):
    out = idsd.idsd_template(tmp_path / "t.xlsx", kode="64.02", years=[2023])
    wb = openpyxl.load_workbook(out)
    ws = wb[idsd.SHEET]
    ws["A2"], ws["C2"] = 64.2, 4.0  # a code typed into a number cell loses its trailing 0
    wb.save(out)
    with pytest.raises(DataValidationError) as exc:
        idsd.read_idsd(out)
    assert (exc.value.row, exc.value.column, exc.value.value) == (2, "kode", "64.2")
    assert f"[sheet '{idsd.SHEET}']" in exc.value.file

    ws["A2"] = "64.02"
    ws["C2"] = "=2+2"  # a formula the file stores no value for
    wb.save(out)
    with pytest.raises(DataValidationError, match="formula"):
        idsd.read_idsd(out)

    ws["C2"] = 4.0
    ws["A3"], ws["B3"] = "64.02", 2024
    ws.merge_cells("C2:C3")  # one score merged over two rows: the second would read empty
    wb.save(out)
    with pytest.raises(DataValidationError, match="merged") as exc:
        idsd.read_idsd(out)
    assert exc.value.row == 2

    wb2 = openpyxl.Workbook()
    wb2.active.title = "Lembar1"
    wb2.save(tmp_path / "other.xlsx")
    with pytest.raises(DataValidationError, match="sheet 'IDSD' not found"):
        idsd.read_idsd(tmp_path / "other.xlsx")


def test_xlsx_template_is_byte_stable(tmp_path):
    a = idsd.idsd_template(tmp_path / "a.xlsx", kode="64.02", years=[2023])
    b = idsd.idsd_template(tmp_path / "b.xlsx", kode="64.02", years=[2023])
    assert a.read_bytes() == b.read_bytes()
