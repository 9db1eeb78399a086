"""The one XLSX reader of the workbench: a sheet as a grid of cell values, checked.

Every Excel input (masterplan workbooks, BPS exports) goes through :func:`read_sheet`, which
refuses what cannot be read faithfully, with a message naming file, sheet and cell:

* a missing file, a directory, the old binary Excel format (``.xls``) or a broken workbook;
* a formula cell whose value the file does not store (a workbook written by a program that
  does not calculate: openpyxl, pandas...): it must be opened and saved in Excel or LibreOffice.

Nothing in a workbook is evaluated: values are read as the file stores them.
:func:`header_columns` matches a header row by name, never by position: a blank or merged
header cell above data is an error naming the cell (e.g. ``'Register Risiko'!C1``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from analysis.errors import DataValidationError

XLSX_SUFFIXES = (".xlsx", ".xlsm")
OLD_EXCEL_SUFFIXES = (".xls",)
#: First bytes of an OLE2 compound file (the old .xls format) and of a zip file (.xlsx).
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
OLD_EXCEL_RULE = ("the old Excel format (.xls) is not read; open it in Excel or LibreOffice and "
                  "save it as .xlsx (or CSV)")


@dataclass
class Sheet:
    """One worksheet: ``rows`` of cell values (row 1 first) and its merged ranges."""

    path: Path
    name: str
    rows: list[list]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1

    @property
    def label(self) -> str:
        """How errors name the sheet: ``file [sheet 'Name']``."""
        return f"{self.path} [sheet '{self.name}']"

    def cell_name(self, row: int, col: int) -> str:
        """Spreadsheet name of a cell (1-based): ``'Register Risiko'!C1``."""
        return f"'{self.name}'!{column_letter(col)}{row}"

    def value(self, row: int, col: int):
        """Value of the cell at 1-based ``row``, ``col`` (``None`` outside the grid)."""
        if row > len(self.rows):
            return None
        r = self.rows[row - 1]
        return r[col - 1] if col <= len(r) else None

    def merged_with(self, row: int, col: int) -> tuple[int, int] | None:
        """Top-left (row, col) of the merged range covering a cell other than its top-left."""
        for r0, c0, r1, c1 in self.merged:
            if r0 <= row <= r1 and c0 <= col <= c1 and (row, col) != (r0, c0):
                return r0, c0
        return None

    def filled_merged(self) -> list[list]:
        """The rows with every cell of a merged range holding its top-left value."""
        grid = [list(r) for r in self.rows]
        for r0, c0, r1, c1 in self.merged:
            top = self.value(r0, c0)
            for r in range(r0, min(r1, len(grid)) + 1):
                for c in range(c0, min(c1, len(grid[r - 1])) + 1):
                    grid[r - 1][c - 1] = top
        return grid


def column_letter(col: int) -> str:
    """Spreadsheet letters of a 1-based column number (1 → A, 27 → AA)."""
    out = ""
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def check_not_old_excel(path: Path) -> None:
    """Refuse an ``.xls`` file (by name or by content) with what to do instead."""
    if path.suffix.lower() in OLD_EXCEL_SUFFIXES:
        raise DataValidationError(path, OLD_EXCEL_RULE)
    if path.is_file():
        with open(path, "rb") as fh:
            if fh.read(len(OLE2_MAGIC)) == OLE2_MAGIC:
                raise DataValidationError(path, OLD_EXCEL_RULE)


def check_input_file(path: Path) -> None:
    """The path names an existing regular file (not a directory)."""
    if not path.exists():
        raise DataValidationError(path, "file not found")
    if path.is_dir():
        raise DataValidationError(path, "is a directory; a file is expected")


def _load(path: Path, data_only: bool):
    import openpyxl
    try:
        return openpyxl.load_workbook(path, data_only=data_only)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for a broken file
        raise DataValidationError(path, f"not a readable Excel workbook ({exc})") from None


def _check_formulas(path: Path, name: str, values: list[list]) -> None:
    """A formula cell without a stored (cached) value cannot be read: say which and why."""
    ws = _load(path, data_only=False)[name]
    for row in ws.iter_rows():
        for cell in row:
            if cell.data_type != "f":
                continue
            r, c = cell.row, cell.column
            cached = values[r - 1][c - 1] if r <= len(values) and c <= len(values[r - 1]) else None
            if cached is None:
                sheet = Sheet(path, name, values)
                raise DataValidationError(
                    f"{path} [sheet '{name}']",
                    f"cell {sheet.cell_name(r, c)} holds a formula ({cell.value}) whose value the "
                    f"file does not store; open and save the file in Excel or LibreOffice so the "
                    f"value is calculated", r, column_letter(c))


def read_sheet(path: str | Path, sheet: str | None = None) -> Sheet:
    """The worksheet ``sheet`` (default: the first) of an XLSX file, checked as described above."""
    path = Path(path)
    check_input_file(path)
    check_not_old_excel(path)
    wb = _load(path, data_only=True)
    if sheet is not None and sheet not in wb.sheetnames:
        raise DataValidationError(path, f"sheet '{sheet}' not found; sheets are {wb.sheetnames}")
    ws = wb[sheet] if sheet is not None else wb.worksheets[0]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    merged = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges]
    wb.close()
    _check_formulas(path, ws.title, rows)
    return Sheet(path, ws.title, rows, merged)


def _has_data(sheet: Sheet, col: int, below: int) -> tuple[int, object] | None:
    """First (row, value) of a non-empty cell in ``col`` below row ``below``."""
    for r in range(below + 1, len(sheet.rows) + 1):
        v = sheet.value(r, col)
        if v is not None and str(v).strip() != "":
            return r, v
    return None


def header_columns(sheet: Sheet, header_row: int = 1) -> list[tuple[int, str]]:
    """``(column number, header text)`` of every named column of the header row.

    A header cell that is blank, or part of a merged range, while its column holds data below
    is an error naming the cell: columns are matched by name, so a nameless column with data
    cannot be placed. Blank header cells over empty columns are ignored.
    """
    width = max((len(r) for r in sheet.rows), default=0)
    out = []
    for col in range(1, width + 1):
        head = sheet.value(header_row, col)
        merged = sheet.merged_with(header_row, col)
        text = "" if head is None else str(head).strip()
        if text and merged is None:
            out.append((col, text))
            continue
        data = _has_data(sheet, col, header_row)
        if data is None:
            continue
        r, v = data
        cell = sheet.cell_name(header_row, col)
        why = (f"is merged with {sheet.cell_name(*merged)}" if merged is not None
               else "is blank")
        raise DataValidationError(
            sheet.label, f"header cell {cell} {why} but column {column_letter(col)} holds data "
                         f"({column_letter(col)}{r} = {v!r}); give every column with data its "
                         f"own header (unmerge the cells)", header_row, column_letter(col))
    return out
