"""The one XLSX reader of the workbench: a sheet as a grid of the cell values it holds, checked.

Every Excel input (masterplan workbooks, the regency workbook, BPS exports) goes through
:class:`Book` (:func:`read_sheet` for one sheet), which refuses what cannot be read faithfully,
with a message naming file, sheet and cell:

* a missing file, a directory, the old binary Excel format (``.xls``) or a broken workbook;
* a formula cell whose value the file does not store (a workbook written by a program that
  does not calculate: openpyxl, pandas...): it must be opened and saved in Excel or LibreOffice;
* a sheet holding more than a sheet may hold (:data:`MAX_ROWS` rows of data below the header,
  :data:`MAX_COLUMNS` columns, :data:`MAX_CELLS` filled cells): the error names the first cell
  outside the limits. Only the cells the file stores are read, streamed from the sheet's XML: a
  value or a mere number format in cell XFD1048576 never makes the reader build the empty cells
  up to that corner;
* a sheet that is hidden or very hidden, when it is the sheet asked for (its data would be read
  without anyone seeing it; :meth:`Book.sheet`).

Nothing in a workbook is evaluated: values are read as the file stores them (a formula's stored
result, or with ``formulas=True`` its text, which the regency-workbook import refuses).
:func:`header_columns` matches a header row by name, never by position: a blank or merged
header cell above data is an error naming the cell (e.g. ``'Register Risiko'!C1``);
:func:`merged_in_data` lists merged ranges over data cells (only their first cell keeps a value).
"""
from __future__ import annotations

import re
import sys
import time
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from analysis.errors import DataValidationError
from analysis.messages import Grouped, text as message
from analysis.paths import IN_CHECKOUT

XLSX_SUFFIXES = (".xlsx", ".xlsm")
OLD_EXCEL_SUFFIXES = (".xls",)
#: First bytes of an OLE2 compound file (the old .xls format) and of a zip file (.xlsx).
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
OLD_EXCEL_RULE = message("old_excel")
#: What one sheet may hold: rows of data below the header row (values in rows 1 to
#: MAX_ROWS + 1), columns (A to CV) and filled cells. The workbench's tables are far smaller
#: (a register has tens of rows, a national table 514); the limits keep a hostile or broken
#: file from exhausting memory and are documented in docs/panduan-daerah.md.
MAX_ROWS = 100_000
MAX_COLUMNS = 100
MAX_CELLS = 2_500_000
#: A progress line on stderr every this many rows of a sheet (a large sheet takes seconds).
PROGRESS_ROWS = 20_000
VISIBLE = "visible"


class HiddenSheetWarning(UserWarning):
    """A workbook holds a hidden sheet that is not read (its content is ignored)."""


class SheetTooLargeError(DataValidationError):
    """A sheet holds a value outside the area a sheet may use (:func:`limits_text`); ``cell``
    names it (``XFD1048576``) and ``reason`` says why without the file and sheet."""

    def __init__(self, label: str, name: str, row: int, col: int, value, count: int):
        self.cell = f"{column_letter(col)}{row}"
        shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
        self.reason = message("too_many_cells" if count > MAX_CELLS else "outside_area",
                              shown=shown, cells=Grouped(MAX_CELLS), limits=limits_text())
        super().__init__(label, message("too_large", name=name, cell=self.cell,
                                        reason=self.reason), row, column_letter(col), value)


def column_letter(col: int) -> str:
    """Spreadsheet letters of a 1-based column number (1 → A, 27 → AA)."""
    out = ""
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def range_name(r0: int, c0: int, r1: int, c1: int) -> str:
    """Spreadsheet name of a cell range (``F2:F6``)."""
    return f"{column_letter(c0)}{r0}:{column_letter(c1)}{r1}"


def formula_text(value) -> str:
    """A formula as a person reads it: ``=B2``, ``{=SUM(A1:A3)} (array formula over A1:A3)``."""
    kind = type(value).__name__
    if kind == "ArrayFormula":
        return f"{{{value.text}}} (array formula over {value.ref})"
    if kind == "DataTableFormula":
        return f"data table over {getattr(value, 'ref', '?')}"
    return str(value)


@dataclass
class Sheet:
    """One worksheet: ``rows`` of cell values (row 1 first), its merged ranges, formulas and state.

    ``rows`` ends at the last row holding a value and each row at its last value; cells the
    file does not store (or stores with only a format) are ``None``. ``formulas`` maps
    (row, column) of each formula cell to its text (see :func:`formula_text`).
    """

    path: Path
    name: str
    rows: list[list]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    state: str = VISIBLE
    hidden_columns: list[tuple[int, int]] = field(default_factory=list)  # (first, last) ranges

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

    def column_hidden(self, col: int) -> bool:
        """True when column ``col`` is hidden (width 0 or the *hidden* flag)."""
        return any(a <= col <= b for a, b in self.hidden_columns)

    def merged_with(self, row: int, col: int) -> tuple[int, int] | None:
        """Top-left (row, col) of the merged range covering a cell other than its top-left."""
        for r0, c0, r1, c1 in self.merged:
            if r0 <= row <= r1 and c0 <= col <= c1 and (row, col) != (r0, c0):
                return r0, c0
        return None

    def filled_merged(self) -> list[list]:
        """The rows, all as wide as the widest, with every cell of a merged range holding its
        top-left value (merged ranges are cut at the used area)."""
        width = max((len(r) for r in self.rows), default=0)
        grid = [list(r) + [None] * (width - len(r)) for r in self.rows]
        for r0, c0, r1, c1 in self.merged:
            top = self.value(r0, c0)
            for r in range(r0, min(r1, len(grid)) + 1):
                row = grid[r - 1]
                if c0 <= len(row):
                    for c in range(c0, min(c1, len(row)) + 1):
                        row[c - 1] = top
        return grid


def check_not_old_excel(path: Path) -> None:
    """Refuse an ``.xls`` file (by name or by content) with what to do instead."""
    if path.suffix.lower() in OLD_EXCEL_SUFFIXES:
        raise DataValidationError(path, OLD_EXCEL_RULE)
    if path.is_file():
        with open(path, "rb") as fh:
            if fh.read(len(OLE2_MAGIC)) == OLE2_MAGIC:
                raise DataValidationError(path, OLD_EXCEL_RULE)


def missing_dir_rule(d) -> str:
    """The rule a missing data directory ``d`` breaks, with the ways to name the right one
    (catalogue text: the command prints it in its language)."""
    return message("missing_data_dir", d=str(d),
                   shipped="" if IN_CHECKOUT else message("installed_no_data"))


def check_input_file(path: Path) -> None:
    """The path names an existing regular file (not a directory)."""
    if not path.exists():
        if not path.parent.is_dir():
            raise DataValidationError(path, message("file_not_found_dir",
                                                    why=missing_dir_rule(path.parent)))
        raise DataValidationError(path, message("file_not_found"))
    if path.is_dir():
        raise DataValidationError(path, message("is_directory"))


def limits_text() -> str:
    """The limits of a sheet, as error messages and the documentation state them (in either
    language)."""
    return message("sheet_limits", rows=Grouped(MAX_ROWS), last_row=Grouped(MAX_ROWS + 1),
                   cols=MAX_COLUMNS, last_col=column_letter(MAX_COLUMNS),
                   cells=Grouped(MAX_CELLS))


def _filled(v) -> bool:
    return v is not None and not (isinstance(v, str) and v == "")


def _hidden_ranges(dims: dict) -> list[tuple[int, int]]:
    out = []
    for attrs in dims.values():
        if str(attrs.get("hidden", "")).lower() in ("1", "true"):
            try:
                out.append((int(attrs["min"]), int(attrs["max"])))
            except (KeyError, ValueError):
                continue
    return out


@lru_cache(maxsize=1)
def _parser_class():
    """openpyxl's worksheet parser, with inline strings read without building rich-text
    objects (the workbench's own templates store their text inline)."""
    from openpyxl.worksheet._reader import INLINE_STRING, WorkSheetParser
    from openpyxl.xml.constants import SHEET_MAIN_NS

    text_tag, run_tag = f"{{{SHEET_MAIN_NS}}}t", f"{{{SHEET_MAIN_NS}}}r"

    class Parser(WorkSheetParser):
        def parse_cell(self, element):
            inline = element.find(INLINE_STRING) if element.get("t") == "inlineStr" else None
            if inline is None:
                return super().parse_cell(element)
            element.remove(inline)
            cell = super().parse_cell(element)
            if cell["data_type"] == "inlineStr":  # not a formula: the text, without formatting
                parts = [inline.findtext(text_tag) or ""]
                parts += [r.findtext(text_tag) or "" for r in inline.iter(run_tag)]
                cell["value"], cell["data_type"] = "".join(parts), "s"
            return cell
    return Parser


class Book:
    """An XLSX workbook opened for reading sheet by sheet (a context manager).

    Only the workbook's list of sheets, shared strings and styles are read on opening; a sheet
    is streamed from the file when asked for and only the cells it stores are kept, so the
    memory a sheet takes follows what it holds, never its nominal size.
    """

    def __init__(self, path: str | Path):
        from openpyxl.reader.excel import ExcelReader
        from openpyxl.styles.stylesheet import apply_stylesheet

        self.path = Path(path)
        check_input_file(self.path)
        check_not_old_excel(self.path)
        try:
            reader = ExcelReader(self.path, read_only=True, keep_vba=False, data_only=False,
                                 keep_links=False)
            self._archive = reader.archive
            reader.read_manifest()
            reader.read_strings()
            reader.read_workbook()
            apply_stylesheet(reader.archive, reader.wb)  # which number formats are dates
            self._wb, self._strings = reader.wb, reader.shared_strings
            self._sheets = {sheet.name: (sheet.state or VISIBLE, rel.target,
                                         "chartsheet" in rel.Type)
                            for sheet, rel in reader.parser.find_sheets()
                            if rel.target in reader.valid_files}
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for a broken file
            if getattr(self, "_archive", None) is not None:
                self._archive.close()
            raise DataValidationError(self.path,
                                      message("not_workbook", detail=str(exc))) from None

    def __enter__(self) -> "Book":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._archive.close()

    @property
    def sheetnames(self) -> list[str]:
        return list(self._sheets)

    def state(self, name: str) -> str:
        """``visible``, ``hidden`` or ``veryHidden`` (hidden from Excel's Unhide menu too)."""
        return self._sheets[name][0]

    def hidden_sheets(self) -> list[tuple[str, str]]:
        """(name, state) of every sheet a person does not see."""
        return [(n, self.state(n)) for n in self.sheetnames if self.state(n) != VISIBLE]

    def sheet(self, name: str | None = None, formulas: bool = False,
              allow_hidden: bool = False) -> Sheet:
        """Sheet ``name`` (default: the first) with the values the file stores.

        ``formulas=False``: a formula cell holds its stored result; one without a stored result
        is an error naming the cell. ``formulas=True``: a formula cell holds its text and is
        listed in :attr:`Sheet.formulas` (the caller refuses it). A hidden sheet is refused
        unless ``allow_hidden``; a sheet beyond the limits (:func:`limits_text`) is refused.
        """
        if name is not None and name not in self._sheets:
            raise DataValidationError(self.path, message("sheet_not_found", name=name,
                                                         sheets=self.sheetnames))
        if not self._sheets:
            raise DataValidationError(self.path, message("no_sheet"))
        name = name if name is not None else self.sheetnames[0]
        state, target, chart = self._sheets[name]
        label = f"{self.path} [sheet '{name}']"
        if chart:
            raise DataValidationError(label, message("chart_sheet"))
        if state != VISIBLE and not allow_hidden:
            raise DataValidationError(label, hidden_rule(state))
        cells, found, merged, hidden = self._scan(name, target, label, data_only=False)
        if not formulas and found:
            stored = self._scan(name, target, label, data_only=True)[0]
            for (r, c), text in found.items():
                value = stored.get(r, {}).get(c)
                if value is None:
                    raise DataValidationError(
                        label, message("formula_unstored", name=name,
                                       cell=f"{column_letter(c)}{r}", formula=text), r,
                        column_letter(c))
                cells[r][c] = value
            found = {}
        rows = []
        for r in range(1, max(cells, default=0) + 1):
            vals = cells.pop(r, None)  # freed as the rows are built
            row = [None] * max(vals, default=0) if vals else []
            for c, v in (vals or {}).items():
                row[c - 1] = v
            rows.append(row)
        return Sheet(self.path, name, rows, merged, found, state, hidden)

    def _scan(self, name: str, target: str, label: str, data_only: bool):
        """({row: {col: value}}, {(row, col): formula text}, merged ranges, hidden columns)."""
        from openpyxl.utils import range_boundaries

        wb = self._wb
        cells: dict[int, dict[int, object]] = {}
        formulas: dict[tuple[int, int], str] = {}
        n = 0
        try:
            with self._archive.open(target) as src:
                parser = _parser_class()(src, self._strings, data_only=data_only,
                                         epoch=wb.epoch, date_formats=wb._date_formats,
                                         timedelta_formats=wb._timedelta_formats)
                started, rows_read = time.perf_counter(), 0
                for _, row in parser.parse():
                    rows_read += 1
                    if not data_only and rows_read % PROGRESS_ROWS == 0:
                        print(f"{label}: {rows_read:,} rows read "
                              f"({time.perf_counter() - started:.0f} s)", file=sys.stderr)
                    for cell in row:
                        v = cell["value"]
                        if not _filled(v):
                            continue  # a format alone holds nothing
                        r, c = cell["row"], cell["column"]
                        n += 1
                        if r > MAX_ROWS + 1 or c > MAX_COLUMNS or n > MAX_CELLS:
                            raise SheetTooLargeError(label, name, r, c, v, n)
                        if cell["data_type"] == "f":
                            formulas[(r, c)] = formula_text(v)
                        cells.setdefault(r, {})[c] = v
                merged = [range_boundaries(m.ref) for m in
                          (parser.merged_cells.mergeCell if parser.merged_cells else [])]
                hidden = _hidden_ranges(parser.column_dimensions)
        except DataValidationError:
            raise
        except Exception as exc:  # noqa: BLE001 - broken XML inside a readable zip
            raise DataValidationError(label, message("not_worksheet", detail=str(exc))) from None
        return cells, formulas, [(r0, c0, r1, c1) for c0, r0, c1, r1 in merged], hidden


def state_text(state: str) -> str:
    """How a message names a sheet state: ``hidden``, ``very hidden`` (in either language)."""
    return message("state_very" if state == "veryHidden" else "state_hidden")


def hidden_rule(state: str) -> str:
    """Why a hidden sheet is not read, and what to do (in either language)."""
    return message("hidden_sheet",
                   how=message("hidden_very" if state == "veryHidden" else "hidden_plain"))


def read_sheet(path: str | Path, sheet: str | None = None) -> Sheet:
    """The worksheet ``sheet`` (default: the first) of an XLSX file, checked as described above."""
    with Book(path) as book:
        return book.sheet(sheet)


def header_columns(sheet: Sheet, header_row: int = 1) -> list[tuple[int, str]]:
    """``(column number, header text)`` of every named column of the header row.

    A header cell that is blank, or part of a merged range, while its column holds data below
    is an error naming the cell: columns are matched by name, so a nameless column with data
    cannot be placed. Blank header cells over empty columns are ignored.
    """
    first: dict[int, tuple[int, object]] = {}  # column -> first (row, value) below the header
    for r in range(header_row + 1, len(sheet.rows) + 1):
        for c, v in enumerate(sheet.rows[r - 1], start=1):
            if c not in first and v is not None and str(v).strip() != "":
                first[c] = (r, v)
    width = max((len(r) for r in sheet.rows), default=0)
    out = []
    for col in range(1, width + 1):
        head = sheet.value(header_row, col)
        merged = sheet.merged_with(header_row, col)
        text = "" if head is None else str(head).strip()
        if text and merged is None:
            out.append((col, text))
            continue
        if col not in first:
            continue
        r, v = first[col]
        cell = sheet.cell_name(header_row, col)
        rule = (message("header_merged", cell=cell, other=sheet.cell_name(*merged),
                        col=column_letter(col), row=r, value=repr(v)) if merged is not None
                else message("header_blank", cell=cell, col=column_letter(col), row=r,
                             value=repr(v)))
        raise DataValidationError(sheet.label, rule, header_row, column_letter(col))
    return out


def merged_in_data(sheet: Sheet, columns,
                   header_row: int = 1) -> list[tuple[int, int, str, str]]:
    """Merged ranges that cover a cell of ``columns`` (numbers) below the header row, as
    ``(row, column of the first cell, range, rule)``: only the first cell of a merged range
    keeps a value, the others read as empty, so the rows under it would silently lose theirs."""
    cols = set(columns)
    out = []
    for r0, c0, r1, c1 in sorted(sheet.merged):
        if r1 <= header_row or not any(c0 <= c <= c1 for c in cols):
            continue
        first = f"{column_letter(c0)}{r0}"
        rng = range_name(r0, c0, r1, c1)
        shown = sheet.value(r0, c0)
        out.append((r0, c0, rng, message("merged", range=rng, first=first, value=repr(shown))))
    return out


#: The time stamped into every workbook the project writes, so the same content gives the
#: same bytes (:func:`stabilise_zip`).
FIXED_TIME = datetime(2024, 1, 1)


def stabilise_zip(path: Path) -> None:
    """Rewrite the XLSX zip with fixed timestamps so the same content gives the same bytes."""
    with zipfile.ZipFile(path) as zin:
        items = [(i.filename, zin.read(i.filename)) for i in zin.infolist()]
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    items = [(n, re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, d)
              if n == "docProps/core.xml" else d) for n, d in items]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in items:
            zout.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), data,
                          compress_type=zipfile.ZIP_DEFLATED)
