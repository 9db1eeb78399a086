"""Reading a filled regency workbook cell by cell, collecting every error with its cell name.

Nothing in the workbook is evaluated: a cell holding a formula is an error naming the cell (type
the value instead), text stays text. The workbook is streamed (:class:`analysis.data.xlsx.Book`):
only the cells it stores are read, and a sheet holding a value beyond the limits of
:func:`analysis.data.xlsx.limits_text` is an error naming the cell. Also errors, each naming its
cells: two header cells naming one column (a hidden copy too), merged cells over a read column,
a hidden or very hidden sheet holding data the import would read (other hidden sheets give a
:class:`~analysis.data.xlsx.HiddenSheetWarning`), a value with an invisible character
(:mod:`analysis.data.cell_text`), a formula on the *Petunjuk* sheet and a regency name that is
not the name of the regency code (Kemendagri list ``analysis/data/kode_kabkota_kemendagri.csv``).

:func:`check_cell` applies a loader schema's :class:`~analysis.data.schema.Column` rules
(required, number kind, range, pattern, allowed codes) to one cell's text; a number typed as
text must be plain (:func:`analysis.data.schema.typed_number`: ``1.234`` is refused as
ambiguous) or carry an unambiguous decimal comma (``0,30``, ``2,5``: :func:`decimal_comma`).
:func:`typed_rows` applies them to a whole sheet and collects every broken rule as a
:class:`CellError` (``Kesiapan!F12: 5 is outside 1–4``) instead of stopping at the first. Each
row costs a fixed amount of work (no table built per cell), so a sheet of 100,000 rows reads in
seconds. Messages come from the text catalogue (namespace ``masterplan.workbook_import``): a
:class:`CellError` keeps its catalogue key and parameters, so :class:`WorkbookError` lists the
errors in Indonesian or English (``workbench import --lang``), cell names and values unchanged.
"""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from analysis.data.cell_text import invisible_characters, invisible_rule
from analysis.data.schema import Column, Schema, typed_number
from analysis.messages import text as message
from analysis.data.xlsx import (MAX_CELLS, MAX_COLUMNS, MAX_ROWS, VISIBLE, Book,
                                HiddenSheetWarning, Sheet, SheetTooLargeError, column_letter,
                                hidden_rule, merged_in_data, state_text)
from analysis.data import template_tables as tpl
from analysis.masterplan.workbook_errors import (CellError, Msg, as_error,
                                                 cell_error, decimal, msg, phrase)
from analysis.masterplan.workbook_layout import (CODE_LABEL, INSTRUCTIONS, NAME_LABEL,
                                                 OPTIONAL_COLUMNS, READINESS_FIXED, SHEETS,
                                                 kemendagri_name, same_region, sheet_fields)

@dataclass
class SheetRows:
    """The filled rows of one sheet: ``rows`` = [(spreadsheet row, {column name: text})];
    ``numbers`` = the (row, column name) of cells that hold a number (not text)."""

    sheet: str
    columns: dict[str, int]
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    numbers: set[tuple[int, str]] = field(default_factory=set)

    def ref(self, row: int, name: str) -> str:
        """Cell name of column ``name`` on spreadsheet row ``row`` (``F12``)."""
        return f"{column_letter(self.columns[name])}{row}"


def open_workbook(path) -> Book:
    """The workbook, streamed, formulas as written (never evaluated); unreadable files are
    errors."""
    return Book(path)


def load_sheet(book: Book, name: str, errors: list[CellError]) -> Sheet | None:
    """Sheet ``name`` with formulas as text (hidden sheets too), or ``None`` with an error when it
    holds a value beyond what a sheet may hold."""
    try:
        return book.sheet(name, formulas=True, allow_hidden=True)
    except SheetTooLargeError as exc:
        shown = repr(exc.value) if len(repr(exc.value)) <= 60 else repr(exc.value)[:57] + "..."
        errors.append(cell_error(name, exc.cell, "too_large", exc.reason, value=shown,
                                 rows=_dots(MAX_ROWS), cols=MAX_COLUMNS,
                                 last=column_letter(MAX_COLUMNS), cells=_dots(MAX_CELLS)))
        return None


def _dots(n: int) -> tuple:
    """A whole number with the language's thousands separator (``100.000`` / ``100,000``)."""
    return ("~", n)


def _hidden_error(sheet: str, state: str) -> CellError:
    how = phrase("hidden_very" if state == "veryHidden" else "hidden_plain")
    return cell_error(sheet, "A1", "hidden_sheet", hidden_rule(state), how=how)


def _formula_error(sheet: str, cell: str, text: str, what: str = "what_value") -> CellError:
    return cell_error(sheet, cell, "formula", formula=text, what=phrase(what))


def _header(sheet: Sheet, fields, errors: list[CellError]) -> dict[str, int]:
    """Column of each field named in row 1 (by Indonesian header or canonical name); a field
    named twice and a header with a formula or an invisible character are errors."""
    keys: dict[str, str] = {}
    for f in fields:
        keys.setdefault(tpl._key(f.header), f.name)
        keys.setdefault(tpl._key(f.name), f.name)
    heads = {f.name: f.header for f in fields}
    row = sheet.rows[0] if sheet.rows else []
    cols: dict[str, int] = {}
    for c, v in enumerate(row, start=1):
        ref = f"{column_letter(c)}1"
        if (1, c) in sheet.formulas:
            errors.append(_formula_error(sheet.name, ref, sheet.formulas[(1, c)], "what_header"))
            continue
        text = tpl._cell_text(v)
        if not text:
            continue
        bad = invisible_rule(text)
        if bad:
            errors.append(cell_error(sheet.name, ref, "header_invisible",
                                     f"header {text!r} {bad}", value=repr(text),
                                     which=", ".join(invisible_characters(text))))
            continue
        name = keys.get(tpl._key(text))
        if name is None:
            continue  # a column of the person's own: not read
        if name in cols:
            first = cols[name]
            hidden = [column_letter(x) for x in (first, c) if sheet.column_hidden(x)]
            note = phrase("header_hidden", cols=", ".join(hidden)) if hidden else ""
            errors.append(cell_error(sheet.name, ref, "header_twice", value=repr(text),
                                     column=heads[name], first=column_letter(first), note=note))
            continue
        cols[name] = c
    return cols


def read_rows(sheet: Sheet, fields, errors: list[CellError], inputs=None,
              optional=()) -> SheetRows:
    """Rows of ``sheet`` that hold anything in the ``inputs`` columns (default: all).

    Headers are matched by name (Indonesian header or canonical name); a missing header (other
    than those of ``optional`` columns) or a repeated one, merged cells over a read column,
    every formula cell and every value with an invisible character are errors.
    """
    name = sheet.name
    cols = _header(sheet, fields, errors)
    for f in fields:
        if f.name not in cols and f.name not in optional:
            errors.append(cell_error(name, "1", "header_missing", column=f.header))
    for r0, c0, rng, rule in merged_in_data(sheet, cols.values(), header_row=0):
        first = f"{column_letter(c0)}{r0}"
        errors.append(cell_error(name, first, "merged", rule, range=rng, first=first,
                                 value=repr(sheet.value(r0, c0))))
    out = SheetRows(name, cols)
    inputs = set(inputs or cols)
    items = [(n, c, column_letter(c)) for n, c in cols.items()]
    formulas = sheet.formulas
    for r in range(2, len(sheet.rows) + 1):
        row = sheet.rows[r - 1]
        if not row:
            continue
        texts, filled = {}, False
        for fname, c, letter in items:
            v = row[c - 1] if c <= len(row) else None
            if v is None:
                texts[fname] = ""
                continue
            bad = None
            if (r, c) in formulas:
                errors.append(_formula_error(name, f"{letter}{r}", formulas[(r, c)]))
                bad = True
            elif isinstance(v, str):
                rule = invisible_rule(v)
                if rule:
                    errors.append(cell_error(name, f"{letter}{r}", "invisible", f"{v!r} {rule}",
                                             value=repr(v),
                                             which=", ".join(invisible_characters(v))))
                    bad = True
            elif isinstance(v, (int, float)) and not isinstance(v, bool):
                out.numbers.add((r, fname))
            if bad:
                texts[fname], filled = None, filled or fname in inputs  # None: not checked again
                continue
            texts[fname] = tpl._cell_text(v)
            filled = filled or (fname in inputs and texts[fname] != "")
        if filled:
            out.rows.append((r, texts))
    return out


def read_identity(book: Book, errors: list[CellError]) -> tuple[str, str]:
    """Regency code and name from the labelled cells of the *Petunjuk* sheet.

    The code must be a Kemendagri code of the list and the name that regency's (the name
    returned is the list's spelling); a formula anywhere on the sheet is an error.
    """
    if INSTRUCTIONS not in book.sheetnames:
        errors.append(cell_error(INSTRUCTIONS, "A1", "sheet_missing"))
        return "", ""
    sheet = load_sheet(book, INSTRUCTIONS, errors)
    if sheet is None:
        return "", ""
    if sheet.state != VISIBLE:
        errors.append(_hidden_error(INSTRUCTIONS, sheet.state))
    for (r, c), text in sorted(sheet.formulas.items()):
        errors.append(_formula_error(INSTRUCTIONS, f"{column_letter(c)}{r}", text,
                                     "what_identity"))
    found: dict[str, tuple[str | None, str]] = {}
    for r, row in enumerate(sheet.rows, start=1):
        label = row[0] if row else None
        if label in (CODE_LABEL, NAME_LABEL) and label not in found:
            ok = len(row) > 1 and (r, 2) not in sheet.formulas
            found[label] = (tpl._cell_text(row[1]) if ok else None, f"B{r}")
    code, ref = found.get(CODE_LABEL, ("", "B2"))
    name, nref = found.get(NAME_LABEL, ("", "B3"))
    if code is None or name is None:  # a formula, already reported
        return code or "", name or ""
    for text, where in ((code, ref), (name, nref)):
        bad = invisible_rule(text)
        if bad:
            errors.append(cell_error(INSTRUCTIONS, where, "invisible", f"{text!r} {bad}",
                                     value=repr(text),
                                     which=", ".join(invisible_characters(text))))
            return "", ""
    if not re.fullmatch(r"[0-9]{2}\.[0-9]{2}", code):
        errors.append(cell_error(INSTRUCTIONS, ref, "code_form", value=repr(code)))
        return code, name
    official = kemendagri_name(code)
    if official is None:
        errors.append(cell_error(INSTRUCTIONS, ref, "code_unknown", value=repr(code)))
        return code, name
    if not same_region(name, code):
        errors.append(cell_error(INSTRUCTIONS, nref, "name_mismatch", value=repr(name),
                                 code=code, official=repr(official)))
    return code, official


def read_sheets(path, errors: list[CellError]) -> tuple[str, str, dict[str, SheetRows]]:
    """(code, name, {sheet: filled rows}) of a regency workbook, every error in ``errors``.

    A hidden sheet the import reads is an error when it holds rows (nobody could check them by
    eye); other hidden sheets are named in a :class:`~analysis.data.xlsx.HiddenSheetWarning`.
    """
    with open_workbook(path) as book:
        code, name = read_identity(book, errors)
        rows: dict[str, SheetRows] = {}
        quiet = []
        for sheet, kind in SHEETS.items():
            if sheet not in book.sheetnames:
                continue
            sh = load_sheet(book, sheet, errors)
            if sh is None:
                continue
            inputs = [f.name for f in sheet_fields(kind) if f.name not in READINESS_FIXED]
            sr = read_rows(sh, sheet_fields(kind), errors, inputs,
                           OPTIONAL_COLUMNS.get(kind, ()))
            if sh.state != VISIBLE and sr.rows:
                errors.append(_hidden_error(sheet, sh.state))
            elif sh.state != VISIBLE:
                quiet.append(sheet)
            rows[sheet] = sr
        for sheet, state in book.hidden_sheets():
            if sheet == INSTRUCTIONS or (sheet in SHEETS and sheet not in quiet):
                continue
            warnings.warn(HiddenSheetWarning(message(
                "warn_hidden_empty" if sheet in quiet else "warn_hidden_other",
                sheet=f"{Path(path).name} [sheet '{sheet}']", how=state_text(state))),
                stacklevel=3)
    return code, name, rows


def _num(x: float) -> str:
    return f"{x:g}"


def _range(col: Column) -> str:
    """A number column's range as a message says it (``1–4``, ``≥ 0``)."""
    lo, hi = col.min, col.max
    if lo is not None and hi is not None:
        return f"{_num(lo)}–{_num(hi)}"
    if lo is None and hi is None:
        return phrase("any_value")
    return f"≥ {_num(lo)}" if lo is not None else f"≤ {_num(hi)}"


_DECIMAL_COMMA = re.compile(r"[+-]?[0-9]+,([0-9]+)", re.ASCII)


def decimal_comma(text: str) -> float | None:
    """The number of a text cell typed with an Indonesian decimal comma (``0,30`` → 0.3,
    ``2,5`` → 2.5), or ``None``. Read only where unambiguous: one comma, no dot, digits on both
    sides and not exactly three after the comma (``1,234`` may be 1234 with a thousands
    comma; :func:`~analysis.data.schema.typed_number` refuses it and says what to type)."""
    m = _DECIMAL_COMMA.fullmatch(text.strip())
    if m is None or len(m.group(1)) == 3:
        return None
    return float(text.strip().replace(",", "."))


_GROUPED = re.compile(r"([+-]?[0-9]{1,3})([.,])([0-9]{3})", re.ASCII)


def _separator_message(text: str, english: str) -> Msg:
    """Why number text with separators is refused, in both languages: ``1,234`` and ``1.234``
    are ambiguous (which reading, what to type); other separators get the general advice."""
    m = _GROUPED.fullmatch(text.strip())
    if m is None:
        return msg("decimal_comma", english, value=repr(text))
    whole, frac = m.group(1) + m.group(3), f"{m.group(1)}.{m.group(3)}"
    return msg("ambiguous", english, value=repr(text.strip()), whole=whole, sep=m.group(2),
               frac=decimal(frac))


def check_cell(text: str, col: Column, number: bool = False):
    """``(value, None)`` or ``(None, message)`` for one cell's text under ``col``'s rules.

    ``number``: the cell held a number (its text is exact); otherwise a number column reads the
    text with :func:`decimal_comma` (``0,30``) or else
    :func:`~analysis.data.schema.typed_number` (plain numbers only).
    """
    if text == "":
        return None, (None if col.nullable else msg("required"))
    if col.kind in ("code", "text"):
        if col.pattern and not re.fullmatch(col.pattern, text, re.ASCII):
            return None, msg("pattern", value=repr(text), pattern=col.pattern)
        if col.allowed and text not in col.allowed:
            return None, msg("allowed", value=repr(text), allowed=", ".join(col.allowed))
        return text, None
    if number:
        v = float(text)
    elif (comma := decimal_comma(text)) is not None:
        v = comma
    else:
        v, why = typed_number(text)
        if v is None:
            if why:  # digit separators: what to type
                return None, _separator_message(text, why)
            return None, msg("not_number", value=repr(text), range=_range(col))
    if col.kind == "int" and v != round(v):
        return None, msg("not_whole", value=text, range=_range(col))
    if (col.min is not None and v < col.min) or (col.max is not None and v > col.max):
        return None, msg("outside", value=text, range=_range(col))
    return (int(v) if col.kind == "int" else v), None


_FIELDS = {kind: {f.name: f for f in fs} for kind, fs in tpl.FIELDS.items()}


def normalise_cell(text: str, kind: str, name: str):
    """A choice cell's code (``'Smart Governance'`` → ``governance``), or an error message."""
    f = _FIELDS[kind].get(name)
    if f is None or f.choices is None or not text:
        return text, None
    code, rule = tpl.choice_code(f, text)
    if not rule:
        return code, None
    allowed = rule.split("; allowed: ", 1)[-1]
    return None, msg("choice", f"{text!r}: {rule}", value=repr(text),
                     what=phrase(f"choice_{f.choices}"), allowed=allowed)


def typed_rows(sr: SheetRows, kind: str, schema_for: Callable[[dict], Schema],
               errors: list[CellError]) -> pd.DataFrame:
    """Every filled row as typed values (``None`` where a cell broke a rule), with ``_row``.

    ``schema_for(texts)`` gives the schema of a row from its normalised texts (a risk register's
    level range depends on its scale). Columns the schema does not know stay text.
    """
    recs = []
    columns: dict[int, tuple] = {}  # per schema (a few, kept alive): (schema, columns by name)
    for row, texts in sr.rows:
        norm = {}
        for name, text in texts.items():
            norm[name], why = normalise_cell(text, kind, name)
            if why:
                errors.append(as_error(sr.sheet, sr.ref(row, name), why))
        schema = schema_for(norm)
        if id(schema) not in columns:
            columns[id(schema)] = (schema, {c.name: c for c in schema.columns})
        cols = columns[id(schema)][1]
        rec = {"_row": row}
        for name, text in norm.items():
            col = cols.get(name)
            if col is None:
                rec[name] = text or None
                continue
            rec[name], why = ((None, None) if text is None
                              else check_cell(text, col, (row, name) in sr.numbers))
            if why:
                errors.append(as_error(sr.sheet, sr.ref(row, name), why))
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
            errors.append(cell_error(sr.sheet, sr.ref(rec["_row"], col), "repeats",
                                     value=repr(rec[col]), row=seen[k], columns=" + ".join(key)))
        else:
            seen[k] = rec["_row"]
