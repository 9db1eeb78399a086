"""Excel templates: layout, validation lists, round trip (write, fill, read back, score), errors."""
from __future__ import annotations

import csv
import importlib.util

import openpyxl
import pytest

from analysis.masterplan import progress
from analysis.masterplan import risk
from analysis.masterplan import swot
from analysis.cli import main
from analysis.errors import DataValidationError
from analysis.paths import PROJECT_ROOT, RAW_DIR
from analysis.masterplan.template_writer import write_template
from analysis.data.template_tables import FIELDS, SHEETS


def _validations(ws) -> dict[str, tuple]:
    """Column letter -> (type, formula1, formula2) of the sheet's data validations."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        col = str(dv.sqref).split(":")[0].rstrip("0123456789")
        out[col] = (dv.type, dv.formula1, dv.formula2)
    return out


def _col(kind: str, name: str) -> str:
    from openpyxl.utils import get_column_letter
    return get_column_letter([f.name for f in FIELDS[kind]].index(name) + 1)


@pytest.mark.parametrize("book,sheets", [("risk", ["Petunjuk", "Register Risiko"]),
                                         ("swot", ["Petunjuk", "Faktor SWOT"]),
                                         ("programmes", ["Petunjuk", "Program", "Realisasi"])])
def test_blank_template_layout(tmp_path, book, sheets):
    path = write_template(book, tmp_path / f"{book}.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == sheets
    petunjuk = "\n".join(str(c.value) for c in wb["Petunjuk"]["A"] if c.value)
    assert "Cara mengisi" in petunjuk and "ILUSTRATIF" not in petunjuk
    for sheet in sheets[1:]:
        kind = {v: k for k, v in SHEETS.items()}[sheet]
        ws = wb[sheet]
        assert [c.value for c in ws[1]] == [f.header for f in FIELDS[kind]]
        assert ws.max_row == 1  # blank


def _petunjuk(path) -> str:
    return " ".join(str(c.value) for c in openpyxl.load_workbook(path)["Petunjuk"]["A"] if c.value)


def test_risk_instructions_say_what_each_rating_means(tmp_path):
    text = _petunjuk(write_template("risk", tmp_path / "r.xlsx"))
    # DOMAIN.md §4, typed here: SPBE likelihood and impact labels 1–5, Kominfo 1/2/3
    for part in ("kemungkinan 1 Hampir Tidak Terjadi (≤5%/tahun), 2 Jarang (5–10%), "
                 "3 Kadang-kadang (10–20%), 4 Sering (20–50%), 5 Hampir Pasti (>50%)",
                 "dampak 1 Tidak Signifikan, 2 Kurang Signifikan, 3 Cukup Signifikan, "
                 "4 Signifikan, 5 Sangat Signifikan",
                 "Kominfo (1–3): kemungkinan 1 Rendah, 2 Sedang, 3 Tinggi",
                 "bukan kemungkinan × dampak", "≥ 11 (SPBE) atau ≥ 3 (Kominfo)",
                 "tidak boleh lebih tinggi dari besaran inheren", "penanganan belum cukup"):
        assert part in text, part


def test_swot_instructions_explain_both_readings(tmp_path):
    text = _petunjuk(write_template("swot", tmp_path / "s.xlsx"))
    for part in ("Rating 1–4 adalah besaran faktor untuk keempat jenis",
                 "x = ΣS − ΣW dan y = ΣO − ΣT", "terbalik (5 − rating)",
                 "IFAS = x + 5·Σbobot W", "EFAS = y + 5·Σbobot T"):
        assert part in text, part


def test_validation_lists(tmp_path):
    r = openpyxl.load_workbook(write_template("risk", tmp_path / "r.xlsx"))["Register Risiko"]
    v = _validations(r)
    assert v[_col("risk", "pillar")][0] == "list"
    assert "Smart Governance" in v[_col("risk", "pillar")][1]
    assert v[_col("risk", "likelihood")] == ("whole", "1", "5")
    assert v[_col("risk", "impact")] == ("whole", "1", "5")
    assert v[_col("risk", "status")][1] == '"Terbuka,Dalam Mitigasi,Ditutup"'
    s = openpyxl.load_workbook(write_template("swot", tmp_path / "s.xlsx"))["Faktor SWOT"]
    v = _validations(s)
    assert v[_col("swot", "type")][1] == '"S,W,O,T"'
    assert v[_col("swot", "rating")] == ("decimal", "1", "4")
    p = openpyxl.load_workbook(write_template("programmes", tmp_path / "p.xlsx"))["Program"]
    assert _validations(p)[_col("programmes", "category")][1] == \
        '"SDM,Infrastruktur,Aplikasi,Literasi"'


def _fill(path, sheet, rows):
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    headers = [c.value for c in ws[1]]
    for i, row in enumerate(rows, start=2):
        for header, value in row.items():
            ws.cell(row=i, column=headers.index(header) + 1, value=value)
    wb.save(path)


RISK_ROWS = [
    {"ID Risiko": "Q1", "Pilar": "Smart Living", "Level Kemungkinan": 5, "Level Dampak": 1,
     "Rencana Penanganan": "genset", "Jenis Penanganan": "Struktural",
     "Kemungkinan Residual": 2, "Dampak Residual": 1, "Status": "Dalam Mitigasi"},
    {"ID Risiko": "Q2", "Pilar": "Smart Environment", "Level Kemungkinan": 2, "Level Dampak": 3,
     "Status": "Terbuka"},
    {"ID Risiko": "Q3", "Pilar": "governance", "Level Kemungkinan": 1, "Level Dampak": 5},
]


def test_risk_round_trip(tmp_path):
    path = write_template("risk", tmp_path / "r.xlsx")
    _fill(path, "Register Risiko", RISK_ROWS)
    df, sc = risk.read_register(path)
    s = risk.score_register(df, sc)
    assert s["risk_id"].tolist() == ["Q1", "Q2", "Q3"]
    assert s["pillar"].tolist() == ["living", "environment", "governance"]
    assert s["magnitude"].tolist() == [9, 11, 20]  # SPBE lookup (5,1) (2,3) (1,5)
    assert s["residual_magnitude"].tolist()[0] == 2
    assert s["treatment_type"].tolist()[0] == "structural"
    assert s["status"].tolist()[:2] == ["mitigating", "open"]
    assert s["untreated"].tolist() == [False, True, True]


def test_swot_and_programme_round_trip(tmp_path):
    path = write_template("swot", tmp_path / "s.xlsx")
    rows = [{"Pilar": "Smart Society", "Jenis (S/W/O/T)": t, "Faktor": t, "Bobot": w,
             "Rating (1-4)": r} for t, w, r in (("S", 0.7, 4), ("W", 0.3, 1), ("O", 1.0, 2),
                                               ("T", 0.0, 1))]
    _fill(path, "Faktor SWOT", rows)
    s = swot.summarise(swot.score_factors(swot.read_factors(path))).iloc[0]
    # S 0.7×4 = 2.8, W 0.3×1 = 0.3 -> x = 2.5, IFAS = 2.8 + 0.3×(5−1) = 4.0 (= x + 5×0.3);
    # O 1.0×2 = 2.0, T 0.0×1 -> y = 2.0, EFAS = 2.0 + 0 = 2.0 -> cell IV (strong, medium)
    assert (s.ifas_total, s.efas_total, s.x, s.y) == pytest.approx((4.0, 2.0, 2.5, 2.0))
    assert (s.quadrant, s.strategy, s.ie_cell) == ("I", "SO", "IV")

    path = write_template("programmes", tmp_path / "p.xlsx")
    _fill(path, "Program", [{"ID Program": f"P{i}", "Pilar": "Smart Economy",
                             "Jangka (tahun)": 5, "Tahun Mulai": 2023, "Tahun Selesai": 2027,
                             "Kategori Rencana Aksi": "Aplikasi", "Quick Win": "Tidak"}
                            for i in range(3)])
    _fill(path, "Realisasi", [{"ID Program": f"P{i}", "Tahun": 2023, "Status Realisasi": st}
                              for i, st in enumerate(["Berjalan", "Selesai", "Tertunda"])])
    prog, real = progress.read_programmes(path)
    sh = progress.running_share(prog, real).set_index("pillar")
    assert sh.loc["economy", ["planned", "running", "share_pct"]].tolist() == [3, 2, 66.67]


def test_xlsx_error_names_sheet_row_column_value_and_rule(tmp_path):
    path = write_template("risk", tmp_path / "r.xlsx")
    rows = [RISK_ROWS[0], {}, {**RISK_ROWS[1], "Level Kemungkinan": 6}]  # row 3 left blank
    _fill(path, "Register Risiko", rows)
    with pytest.raises(Exception) as exc:
        risk.read_register(path)
    msg = str(exc.value)
    for part in ("r.xlsx", "sheet 'Register Risiko'", "row 4", "Level Kemungkinan (likelihood)",
                 "value '6'", "above the maximum 5"):
        assert part in msg, (part, msg)


def test_cli_template(tmp_path, capsys):
    assert main(["template", "--kind", "swot", "--out", str(tmp_path / "t.xlsx")]) == 0
    assert openpyxl.load_workbook(tmp_path / "t.xlsx").sheetnames == ["Petunjuk", "Faktor SWOT"]
    assert main(["template", "--kind", "risk", "--out", str(tmp_path / "t.csv")]) == 2
    assert f"--out harus berakhiran .xlsx, bukan '{tmp_path / 't.csv'}'" in capsys.readouterr().err
    assert main(["template", "--kind", "risk", "--out", str(tmp_path / "t.csv"),
                 "--lang", "en"]) == 2
    assert f"--out must end in .xlsx, not '{tmp_path / 't.csv'}'" in capsys.readouterr().err
    assert not (tmp_path / "t.csv").exists()


def test_shipped_workbooks_are_labelled_and_regenerate_identically(capsys):
    wb = openpyxl.load_workbook(RAW_DIR / "programmes_64.02.xlsx")
    assert wb.sheetnames == ["Petunjuk", "Program", "Realisasi"]
    assert "DATA ILUSTRATIF" in wb["Petunjuk"]["A2"].value
    script = PROJECT_ROOT / "scripts" / "generate_masterplan_illustrative.py"
    spec = importlib.util.spec_from_file_location("generate_masterplan_illustrative", script)
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)                # in-process: no interpreter started
    code = generator.main(["--check"])
    out = capsys.readouterr().out
    assert code == 0 and "identical" in out, out


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_two_headers_naming_one_column_are_refused_by_name(tmp_path, suffix):
    # 'likelihood' and 'Likelihood' map to the same canonical column: a clear error naming
    # both headers (the CSV path crashed with AttributeError)
    src = RAW_DIR / "risk_register_64.02_2023.csv"
    lines = src.read_text(encoding="utf-8").splitlines()
    rows = [ln + (",Likelihood" if i == 0 else ",3") for i, ln in enumerate(lines[:3])]
    path = tmp_path / f"reg.{suffix}"
    if suffix == "csv":
        path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    else:
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = SHEETS["risk"]
        for r in csv.reader(rows):
            ws.append(r)
        wb.save(path)
    with pytest.raises(DataValidationError) as exc:
        risk.read_register(path)
    msg = str(exc.value)
    assert str(path) in msg and "row 1" in msg
    if suffix == "csv":
        assert "headers 'likelihood' and 'Likelihood' both name column 'likelihood'" in msg
    else:  # a sheet's error names both header cells
        assert ("header cells 'Register Risiko'!J1 ('likelihood') and 'Register Risiko'!S1 "
                "('Likelihood') both name column 'likelihood'") in msg
