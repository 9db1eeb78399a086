"""``workbench template --kind workbook``: one XLSX workbook for a regency's own data.

Sheets: *Petunjuk* (the regency's code and name, how to fill and import the workbook, every
column's meaning), *Kesiapan* (the 54 items of ``readiness-6pilar`` pre-filled, a 1–4 score
drop-down, evidence and notes), *Risiko*, *SWOT* (with factor codes), *Strategi* (TOWS
strategies pairing factor codes), *Target* (maturity targets per pillar), *Program* (with the
RPJMD mission numbers, the strategy code and four priority criteria), *Realisasi* and
*Visi-Misi*. Headers (and the pre-filled item columns) are locked by sheet
protection without a password; data cells are unlocked. Data sheets reuse the per-kind sheet
writer of :mod:`analysis.data.template_tables`, so headers, help texts and drop-downs are the
same as in the per-kind templates. Every cell is written as a value, text from data as text
(:func:`analysis.escape.set_text_cell`: a name starting with ``=`` is never a formula). Output is
atomic and byte-stable.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.masterplan import template_writer
from analysis.masterplan.risk import risk_scale_legend
from analysis.data import template_tables as tpl
from analysis.escape import set_text_cell
from analysis.i18n import PILLARS
from analysis.io import atomic_path
from analysis.paths import as_raw_dir
from analysis.masterplan.workbook_layout import (CODE_LABEL, INSTRUCTIONS, NAME_LABEL,
                                                 NUMBER_LISTS, READINESS_FIXED, SHEETS,
                                                 TEMPLATE_VERSION, regency_name, sheet_fields)
from analysis.readiness import load_readiness_framework

TITLE = "Buku Kerja Data Smart City Daerah"
#: Unlocked rows with drop-downs and text formats on the free-length sheets (a regency's
#: programme, risk, SWOT and strategy lists run to several hundred rows); rows below them are
#: still imported but have no drop-down (the instructions say so).
DATA_ROWS = 1000
# cells formatted as text (codes, mission and factor lists)
TEXT_COLUMNS = ("misi", "id", "risk_id", "factor_code", "strategy_code", "factors")


def readiness_items(fw=None) -> pd.DataFrame:
    """The framework's items as the Kesiapan sheet shows them (Indonesian labels, rubric)."""
    fw = fw or load_readiness_framework()
    rubric = "; ".join(f"{k} = {v['id']}" for k, v in fw.meta["rubric"].items())
    rows = []
    for code in fw.leaves:
        a = fw.nodes[code].attrs
        rows.append({"kode_butir": code, "pilar": PILLARS[a["pillar"]]["id"],
                     "subdimensi": fw.label(a["subdimension"], "id"),
                     "elemen": fw.meta["elements"][a["element"]]["id"],
                     "pertanyaan": a["text"]["id"], "rubrik": rubric})
    return pd.DataFrame(rows)


def _number_lists(ws, fields, n_rows: int) -> None:
    """A 1..N drop-down on every column of :data:`NUMBER_LISTS`."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    for j, f in enumerate(fields, start=1):
        if f.name not in NUMBER_LISTS:
            continue
        values = ",".join(str(i) for i in range(1, NUMBER_LISTS[f.name] + 1))
        dv = DataValidation(type="list", formula1=f'"{values}"', allow_blank=True)
        dv.error, dv.errorTitle = f"{f.header}: {f.help}", "Nilai tidak valid"
        dv.showErrorMessage = True
        col = get_column_letter(j)
        dv.add(f"{col}2:{col}{n_rows + 1}")
        ws.add_data_validation(dv)


def _protect(ws, fields, n_rows: int, locked: tuple[str, ...] = ()) -> None:
    """Lock the header row (and ``locked`` columns); every other data cell stays editable."""
    from openpyxl.styles import Protection

    free = Protection(locked=False)
    for j, f in enumerate(fields, start=1):
        if f.name in locked:
            continue
        for i in range(2, n_rows + 2):
            ws.cell(row=i, column=j).protection = free
    p = ws.protection
    p.sheet = True
    p.formatColumns = p.formatRows = p.formatCells = False  # widths and wrapping stay free
    p.sort = p.autoFilter = False


def _data_sheet(wb, name: str, frame: pd.DataFrame | None = None) -> None:
    kind = SHEETS[name]
    fields = sheet_fields(kind)
    n_rows = len(frame) if frame is not None else DATA_ROWS
    ws = wb.create_sheet(name)
    template_writer.write_sheet(ws, kind, frame, n_rows, fields=fields)
    _number_lists(ws, fields, n_rows)
    _protect(ws, fields, n_rows, READINESS_FIXED if kind == "readiness" else ())
    for j, f in enumerate(fields, start=1):
        # "1;5" must not become a date nor, typed "1,5", the number 1.5; codes stay as typed
        if f.name in TEXT_COLUMNS and kind != "missions":
            for i in range(2, n_rows + 2):
                ws.cell(row=i, column=j).number_format = "@"


def _dots(n: int) -> str:
    """A whole number with Indonesian thousands dots (``1.000``)."""
    return f"{n:,}".replace(",", ".")


def instruction_lines(code: str, name: str) -> list[tuple[str, str | None, bool]]:
    """Lines of the *Petunjuk* sheet: (column A, column B, bold)."""
    lines = [(TITLE, None, True), (CODE_LABEL, code, True), (NAME_LABEL, name, True),
             ("Versi templat", TEMPLATE_VERSION, False), ("", None, False),
             ("Cara mengisi:", None, True),
             ("1. Isi lembar yang datanya Anda miliki; lembar yang dibiarkan kosong dilewati "
              "(mis. hanya register risiko).", None, False),
             ("2. Baris judul (baris 1) dikunci; isi data mulai baris 2. Gunakan daftar pilihan "
              "(drop-down).", None, False),
             ("3. Ketik nilai, bukan rumus: sel berisi rumus (=...) ditolak saat impor.", None,
              False),
             ("4. Kesiapan: pilih skor 1–4 per butir menurut rubrik; butir yang belum dinilai "
              "biarkan kosong.", None, False),
             ("5. Program: isi nomor misi RPJMD yang dilayani (mis. 1;5) sesuai lembar "
              "Visi-Misi.", None, False),
             ("6. SWOT: beri setiap faktor Kode Faktor yang unik dalam satu tahun (mis. GOV-S1). "
              "Strategi: satu baris per strategi dengan kode faktor yang dipasangkan, dipisah "
              "koma (mis. GOV-S1, GOV-O2); strategi SO memasangkan minimal satu kekuatan dengan "
              "satu peluang dan hanya S dan O (ST, WO, WT begitu pula), dari pilar dan tahun "
              "yang sama.", None, False),
             ("7. Program: isi Kode Strategi yang dijalankan program dan keempat kriteria "
              "prioritas 1–5 (Dampak, Urgensi, Kesiapan, Biaya dengan 5 = termurah) bersama-sama, "
              "atau kosongkan keempatnya. Target: tingkat kematangan (1–5) yang dituju tiap "
              "pilar pada suatu tahun.", None, False),
             ("8. Impor: workbench import NAMA_FILE.xlsx --out FOLDER. Semua kesalahan "
              "disebutkan per sel (mis. Kesiapan!F12); bila ada kesalahan tidak ada file yang "
              "ditulis.", None, False),
             (f"9. Lembar Risiko, SWOT, Strategi, Target, Program, Realisasi dan Visi-Misi "
              f"menyediakan daftar pilihan dan format teks untuk {_dots(DATA_ROWS)} baris data "
              f"(baris 2–{_dots(DATA_ROWS + 1)}); baris di bawahnya tetap diimpor, tetapi tanpa "
              f"daftar pilihan: salin baris yang sudah berformat bila perlu lebih banyak.",
              None, False), ("", None, False)]
    lines += [("Skala dan bobot:", None, True)]
    lines += [(t, None, False) for t in risk_scale_legend("id")]
    lines += [(tpl.READINGS[k]["id"], None, False) for k in ("risk_magnitude", "swot_rating")]
    lines += [("Bobot S+W dalam satu pilar (dan tahun) berjumlah 1,00 (IFAS); bobot O+T "
               "berjumlah 1,00 (EFAS); toleransi ±0,005.", None, False), ("", None, False),
              ("Kolom:", None, True)]
    for sheet, kind in SHEETS.items():
        lines.append((f"Lembar '{sheet}'", None, True))
        lines += [(f"{f.header} — {f.help}", None, False) for f in sheet_fields(kind)]
    return lines


def _instructions(ws, code: str, name: str) -> None:
    from openpyxl.styles import Font

    for i, (a, b, bold) in enumerate(instruction_lines(code, name), start=1):
        ca = ws.cell(row=i, column=1)
        set_text_cell(ca, a)  # the name comes from a data file: text, never a formula
        if b is not None:
            cb = ws.cell(row=i, column=2)
            set_text_cell(cb, b)
            cb.font = Font(bold=True)
        if bold:
            ca.font = Font(bold=True)
    ws.column_dimensions["A"].width = 100
    ws.column_dimensions["B"].width = 30
    ws.protection.sheet = True


def write_regency_workbook(code: str, out, data_dir=None) -> Path:
    """Write the blank workbook of regency ``code`` (pre-filled code, name and readiness items).
    ``data_dir``: where the name is looked up, resolved here once when not a resolved ``Path``
    (:func:`analysis.paths.as_raw_dir`)."""
    import openpyxl

    name = regency_name(code, as_raw_dir(data_dir))
    wb = openpyxl.Workbook()
    _instructions(wb.active, str(code), name)
    wb.active.title = INSTRUCTIONS
    for sheet in SHEETS:
        _data_sheet(wb, sheet, readiness_items() if sheet == "Kesiapan" else None)
    wb.properties.creator = "smartcity-workbench"
    wb.properties.title = f"{TITLE} — {name} ({code})"
    wb.properties.created = wb.properties.modified = template_writer.FIXED_TIME
    with atomic_path(out) as tmp:
        wb.save(tmp)
        template_writer.stabilise_zip(tmp)
    return Path(out)
