"""Writing the masterplan workbooks (``workbench template``, the illustrative files): the
instructions sheet and one data sheet per table kind, headers locked in row 1, drop-down lists
and ranges from the field definitions (:mod:`analysis.data.template_tables`), every cell written
as text or a number, never a formula (:func:`analysis.escape.set_text_cell`), and the same
content always giving the same bytes (:func:`stabilise_zip`). Writes are atomic.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.data.xlsx import FIXED_TIME, stabilise_zip
from analysis.escape import set_text_cell
from analysis.io import atomic_path
from analysis.data.template_tables import (CHOICES, FIELDS, INSTRUCTIONS_SHEET, READINGS, SHEETS,
                                           WORKBOOKS, choice_labels)
from analysis.masterplan.risk import risk_scale_legend

#: Title of each workbook kind (every workbook is stamped with :data:`FIXED_TIME`).
TITLES = {"risk": "Register Risiko Smart City",
           "swot": "Analisis SWOT per Pilar (IFAS/EFAS)",
           "programmes": "Program Masterplan dan Realisasi"}


def write_sheet(ws, kind: str, frame: pd.DataFrame | None, n_rows: int,
                 fields: tuple | None = None) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    fields = fields or FIELDS[kind]  # a sheet may show a subset (the regency workbook)
    for j, f in enumerate(fields, start=1):
        c = ws.cell(row=1, column=j)
        set_text_cell(c, f.header)
        c.font, c.alignment = Font(bold=True), Alignment(wrap_text=True, vertical="top")
        c.fill = PatternFill("solid", fgColor="DDEBF7")
        ws.column_dimensions[get_column_letter(j)].width = max(12, min(40, len(f.header) + 4))
        rng = f"{get_column_letter(j)}2:{get_column_letter(j)}{n_rows + 1}"
        dv = None
        if f.choices:
            dv = DataValidation(type="list", allow_blank=True,
                                formula1='"' + ",".join(choice_labels(f.choices)) + '"')
        elif f.excel:
            dv = DataValidation(type=f.excel[0], operator="between", formula1=str(f.excel[1]),
                                formula2=str(f.excel[2]), allow_blank=True)
        if dv is not None:
            dv.error, dv.errorTitle = f"{f.header}: {f.help}", "Nilai tidak valid"
            dv.showErrorMessage = True
            dv.add(rng)
            ws.add_data_validation(dv)
    ws.freeze_panes = "A2"
    if frame is None:
        return
    for i, rec in enumerate(frame.to_dict("records"), start=2):
        for j, f in enumerate(fields, start=1):
            v = rec.get(f.name)
            if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA:
                continue
            shown = CHOICES[f.choices].get(str(v), [str(v)])[0] if f.choices else str(v)
            if shown != str(v):
                v = shown  # show the display label
            set_text_cell(ws.cell(row=i, column=j), v.item() if hasattr(v, "item") else v)


def write_instructions(ws, book: str, illustrative: bool, note: str | None) -> None:
    from openpyxl.styles import Font

    lines = [(TITLES[book], True)]
    if illustrative:
        lines.append(("DATA ILUSTRATIF — bukan data resmi daerah", True))
    if note:
        lines.append((note, False))
    lines += [("", False),
              ("Cara mengisi:", True),
              ("1. Isi satu baris per butir pada lembar data; jangan mengubah baris judul "
               "(baris 1).", False),
              ("2. Gunakan daftar pilihan (drop-down) untuk pilar, status, jenis dan kategori.",
               False),
              ("3. Kolom bertanda (wajib) harus diisi; kolom lain boleh kosong.", False),
              ("4. Simpan sebagai .xlsx lalu baca dengan workbench (perintah risk, swot) atau "
               "notebook.", False), ("", False), ("Kolom:", True)]
    for kind in WORKBOOKS[book]:
        lines.append((f"Lembar '{SHEETS[kind]}'", True))
        lines += [(f"{f.header} — {f.help}", False) for f in FIELDS[kind]]
    if book == "risk":
        lines += [("", False), ("Arti level kemungkinan dan dampak:", True)]
        lines += [(t, False) for t in risk_scale_legend("id")]
        lines += [(READINGS["risk_magnitude"]["id"], False),
                  (READINGS["risk_residual"]["id"], False)]
    if book == "swot":
        lines += [("", False), ("Bobot dan rating:", True),
                  ("Bobot S+W dalam satu pilar berjumlah 1,00 (IFAS); bobot O+T berjumlah 1,00 "
                   "(EFAS); toleransi ±0,005.", False),
                  (READINGS["swot_rating"]["id"], False),
                  (READINGS["swot_quadrant"]["id"], False), (READINGS["swot_ie"]["id"], False)]
    for i, (text, bold) in enumerate(lines, start=1):
        c = ws.cell(row=i, column=1)
        set_text_cell(c, text)  # the note may come from data: text, never a formula
        if bold:
            c.font = Font(bold=True)
    ws.column_dimensions["A"].width = 110


def write_workbook(book: str, out, frames: dict | None = None, illustrative: bool = False,
                   note: str | None = None, n_rows: int = 500) -> Path:
    """Write a workbook of kind ``book`` (risk, swot, programmes), blank or filled with ``frames``.

    ``frames`` maps table kinds to normalised frames in canonical names (codes are shown as
    their Indonesian labels). The write is atomic.
    """
    import openpyxl

    if book not in WORKBOOKS:
        raise ValueError(f"unknown template kind {book!r}; one of {sorted(WORKBOOKS)}")
    frames = frames or {}
    wb = openpyxl.Workbook()
    ws0 = wb.active
    ws0.title = INSTRUCTIONS_SHEET
    write_instructions(ws0, book, illustrative, note)
    for kind in WORKBOOKS[book]:
        frame = frames.get(kind)
        rows = max(n_rows, 0 if frame is None else len(frame) + 50)
        write_sheet(wb.create_sheet(SHEETS[kind]), kind, frame, rows)
    wb.properties.creator = "smartcity-workbench"
    wb.properties.title = TITLES[book] + (" (ILUSTRATIF)" if illustrative else "")
    wb.properties.created = wb.properties.modified = FIXED_TIME
    with atomic_path(out) as tmp:
        wb.save(tmp)
        stabilise_zip(tmp)
    return Path(out)


def write_template(book: str, out) -> Path:
    """A blank workbook for a regional office to fill in (``workbench template``)."""
    return write_workbook(book, out)
