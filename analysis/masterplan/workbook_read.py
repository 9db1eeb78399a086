"""Reading a filled regency workbook cell by cell, collecting every error with its cell name.

Nothing in the workbook is evaluated: a cell holding a formula is an error naming the cell (type
the value instead), text stays text. :func:`check_cell` applies a loader schema's
:class:`~analysis.data.schema.Column` rules (required, number kind, range, pattern, allowed
codes) to one cell's text; :func:`typed_rows` applies them to a whole sheet and collects every
broken rule as a :class:`CellError` (``Kesiapan!F12: 5 is outside 1–4``) instead of stopping at
the first.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from analysis.masterplan import templates as tpl
from analysis.data.schema import Column, Schema
from analysis.data.xlsx import check_input_file, check_not_old_excel, column_letter
from analysis.errors import DataValidationError, WorkbenchError


@dataclass(frozen=True)
class CellError:
    """One broken rule: the sheet, the cell (``F12``, or ``1`` for the header row) and why."""

    sheet: str
    cell: str
    message: str

    def __str__(self) -> str:
        return f"{self.sheet}!{self.cell}: {self.message}"

    def sort_key(self, sheets: list[str]) -> tuple:
        """Order of a report: sheet as in ``sheets``, then row, then column."""
        m = re.fullmatch(r"([A-Z]*)(\d*)", self.cell)
        letters, digits = (m.group(1), m.group(2)) if m else ("", "")
        order = sheets.index(self.sheet) if self.sheet in sheets else len(sheets)
        return order, int(digits or 0), len(letters), letters


class WorkbookError(WorkbenchError):
    """A workbook breaks rules; ``errors`` lists every one (sheet, cell, rule)."""

    def __init__(self, path, errors: list[CellError]):
        self.path, self.errors = Path(path), list(errors)
        n = len(self.errors)
        head = f"{self.path.name}: {n} error{'s' if n != 1 else ''} found, nothing was written"
        super().__init__(head + "".join(f"\n  {e}" for e in self.errors))


@dataclass
class SheetRows:
    """The filled rows of one sheet: ``rows`` = [(spreadsheet row, {column name: text})]."""

    sheet: str
    columns: dict[str, int]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)

    def ref(self, row: int, name: str) -> str:
        """Cell name of column ``name`` on spreadsheet row ``row`` (``F12``)."""
        return f"{column_letter(self.columns[name])}{row}"


def open_workbook(path):
    """The workbook with formulas as written (never evaluated); unreadable files are errors."""
    import openpyxl

    path = Path(path)
    check_input_file(path)
    check_not_old_excel(path)
    try:
        return openpyxl.load_workbook(path, data_only=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for a broken file
        raise DataValidationError(path, f"not a readable Excel workbook ({exc})") from None


def _is_formula(cell) -> bool:
    return cell.data_type == "f" or type(cell.value).__name__ in ("ArrayFormula",
                                                                  "DataTableFormula")


def read_rows(ws, fields, errors: list[CellError], inputs=None) -> SheetRows:
    """Rows of sheet ``ws`` that hold anything in the ``inputs`` columns (default: all).

    Headers are matched by name (Indonesian header or canonical name); a missing header and
    every formula cell are errors.
    """
    sheet = ws.title
    header = {tpl._key(c.value): c.column for c in ws[1] if c.value is not None}
    cols = {}
    for f in fields:
        col = header.get(tpl._key(f.header), header.get(tpl._key(f.name)))
        if col is None:
            errors.append(CellError(sheet, "1", f"column '{f.header}' is missing from the header "
                                                f"row"))
        else:
            cols[f.name] = col
    out = SheetRows(sheet, cols)
    inputs = set(inputs or cols)
    for cells in ws.iter_rows(min_row=2):
        by_col = {c.column: c for c in cells}
        texts, filled = {}, False
        for name, col in cols.items():
            cell = by_col.get(col)
            if cell is None or cell.value is None:
                texts[name] = ""
                continue
            if _is_formula(cell):
                errors.append(CellError(sheet, cell.coordinate,
                                        f"holds a formula ({cell.value}); type the value instead"))
                texts[name], filled = None, filled or name in inputs  # None: not checked again
                continue
            texts[name] = tpl._cell_text(cell.value)
            filled = filled or (name in inputs and texts[name] != "")
        if filled:
            out.rows.append((cells[0].row, texts))
    return out


def _num(x: float) -> str:
    return f"{x:g}"


def check_cell(text: str, col: Column):
    """``(value, None)`` or ``(None, message)`` for one cell's text under ``col``'s rules."""
    if text == "":
        return None, (None if col.nullable else "a value is required (empty cell)")
    if col.kind in ("code", "text"):
        if col.pattern and not re.fullmatch(col.pattern, text):
            return None, f"{text!r} does not have the form {col.pattern}"
        if col.allowed and text not in col.allowed:
            return None, f"{text!r} is not one of {', '.join(col.allowed)}"
        return text, None
    lo, hi = col.min, col.max
    rng = (f"{_num(lo)}–{_num(hi)}" if lo is not None and hi is not None
           else (f"≥ {_num(lo)}" if lo is not None else f"≤ {_num(hi)}" if hi is not None
                 else "any value"))
    try:
        v = float(text)
    except ValueError:
        v = math.nan
    if not math.isfinite(v):
        return None, f"{text!r} is not a number ({rng} expected)"
    if col.kind == "int" and v != round(v):
        return None, f"{text} is not a whole number ({rng} expected)"
    if (lo is not None and v < lo) or (hi is not None and v > hi):
        return None, f"{text} is outside {rng}"
    return (int(v) if col.kind == "int" else v), None


def normalise_cell(text: str, kind: str, name: str):
    """A choice cell's code (``'Smart Governance'`` → ``governance``), or an error message."""
    f = next((f for f in tpl.FIELDS[kind] if f.name == name), None)
    if f is None or f.choices is None or not text:
        return text, None
    try:
        out = tpl.normalise(pd.DataFrame({name: [text]}, dtype=object), kind, tpl.Source(""))
    except DataValidationError as exc:
        return None, f"{text!r}: {exc.rule}"
    return out[name].iloc[0], None


def typed_rows(sr: SheetRows, kind: str, schema_for: Callable[[dict], Schema],
               errors: list[CellError]) -> pd.DataFrame:
    """Every filled row as typed values (``None`` where a cell broke a rule), with ``_row``.

    ``schema_for(texts)`` gives the schema of a row from its normalised texts (a risk register's
    level range depends on its scale). Columns the schema does not know stay text.
    """
    recs = []
    for row, texts in sr.rows:
        norm = {}
        for name, text in texts.items():
            norm[name], msg = normalise_cell(text, kind, name)
            if msg:
                errors.append(CellError(sr.sheet, sr.ref(row, name), msg))
        schema = schema_for(norm)
        rec = {"_row": row}
        for name, text in norm.items():
            if name not in schema.names:
                rec[name] = text or None
                continue
            rec[name], msg = (None, None) if text is None else check_cell(text, schema.column(name))
            if msg:
                errors.append(CellError(sr.sheet, sr.ref(row, name), msg))
        recs.append(rec)
    return pd.DataFrame(recs, columns=["_row", *sr.columns], dtype=object)


def duplicates(df: pd.DataFrame, key: list[str], sr: SheetRows, errors: list[CellError],
               show: str | None = None) -> None:
    """A row repeating an earlier row's ``key`` values is an error at its ``show`` cell."""
    seen: dict[tuple, int] = {}
    for rec in df.to_dict("records"):
        k = tuple(rec.get(c) for c in key)
        if any(v is None for v in k):
            continue
        if k in seen:
            col = show or key[-1]
            errors.append(CellError(sr.sheet, sr.ref(rec["_row"], col),
                                    f"{rec[col]!r} repeats row {seen[k]} ({' + '.join(key)} must "
                                    f"be unique)"))
        else:
            seen[k] = rec["_row"]
