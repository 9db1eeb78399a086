"""Tables of the masterplan meetings (risk registers, SWOT factors, programmes) in CSV and Excel.

Regional offices keep these tables in Excel with Indonesian headers; the workbench reads them in
canonical English column names. ``table_templates.yaml`` (package data) lists per table kind the
canonical name, the Indonesian header of the Excel template, its help text, the drop-down list or
number range the template offers, and every accepted spelling of the codes. :func:`read_text`
reads a CSV or an XLSX sheet as text with canonical names, :func:`normalise` maps display names
to codes (``"Smart Governance"`` → ``governance``), and :func:`validate` checks with the same
:class:`~analysis.data.schema.Schema` for both formats.
Errors name file (and sheet), row as the spreadsheet shows it, column, value and rule.
Cells a person cannot check by eye are refused, never guessed: two headers naming one column
(a hidden copy included), cells merged over data, a hidden data sheet, invisible characters
(:mod:`analysis.data.cell_text`) and numbers typed as text with digit separators (``1.234`` is
1234 in Indonesian and 1.234 elsewhere; :func:`analysis.data.schema.typed_number_problem`).

:mod:`analysis.masterplan.template_writer` writes the workbooks from the same field
definitions: a blank one (data sheet, drop-down validation lists and an instructions sheet
*Petunjuk* in Indonesian) and filled tables in the same layout (the shipped illustrative
workbooks), byte-stable (fixed zip timestamps).
"""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd
from analysis.data.cell_text import invisible_rule
from analysis.data.schema import (Column, Schema, read_csv_text, typed_number_problem,
                                  validate_frame)
from analysis.messages import text as message
from analysis.data.xlsx import (XLSX_SUFFIXES, Book, HiddenSheetWarning, check_not_old_excel,
                                column_letter, header_columns, merged_in_data, state_text)
from analysis.errors import DataValidationError
from analysis.i18n import PILLAR_CODES
from analysis.paths import PACKAGE_DIR
from analysis.yamlio import load_yaml

TEMPLATES_FILE = PACKAGE_DIR / "data" / "table_templates.yaml"


@dataclass(frozen=True)
class Field:
    """A column: canonical name, Indonesian header, help text, choice list or Excel number range."""

    name: str
    header: str
    help: str
    choices: str | None = None
    excel: tuple | None = None  # ("whole"|"decimal", low, high)


def _load_layout(path=TEMPLATES_FILE) -> tuple[dict, dict]:
    cfg = load_yaml(path)
    choices = {c: {str(k): [str(a) for a in v] for k, v in opts.items()}
               for c, opts in cfg["choices"].items()}
    fields = {kind: tuple(Field(f["name"], f["header"], f["help"], f.get("choices"),
                                tuple(f["excel"]) if "excel" in f else None) for f in fs)
              for kind, fs in cfg["fields"].items()}
    return choices, fields


#: Code -> accepted spellings (case-insensitive); the first spelling is the Excel drop-down label.
#: FIELDS: per table kind, its columns (canonical name, Indonesian header, help, validation).
CHOICES, FIELDS = _load_layout()

#: Sentences saying how ratings are read ({key: {"id": ..., "en": ...}}), shared by the
#: instructions sheet, the reports, the notebooks and the CLI help.
READINGS = load_yaml(TEMPLATES_FILE)["readings"]


#: Sheet name of each table kind in the workbooks.
SHEETS = {"risk": "Register Risiko", "swot": "Faktor SWOT", "programmes": "Program",
          "realisation": "Realisasi", "strategies": "Strategi", "targets": "Target"}
#: Table kinds of each workbook kind (``workbench template --kind``).
WORKBOOKS = {"risk": ("risk",), "swot": ("swot",), "programmes": ("programmes", "realisation")}
INSTRUCTIONS_SHEET = "Petunjuk"


def _key(v: str) -> str:
    v = str(v).replace("×", "x").replace("–", "-").replace("—", "-")
    return re.sub(r"\s+", " ", v.strip().casefold())


_LOOKUP = {c: {_key(a): code for code, al in opts.items() for a in (code, *al)}
           for c, opts in CHOICES.items()}


def choice_labels(choice: str) -> list[str]:
    """Drop-down labels of a choice list (first spelling of each code)."""
    return [al[0] for al in CHOICES[choice].values()]


def field(kind: str, name: str) -> Field:
    """The :class:`Field` ``name`` of table ``kind``."""
    return next(f for f in FIELDS[kind] if f.name == name)


# ---------------------------------------------------------------- reading


class Source:
    """Where a table came from: the label errors use and the spreadsheet row of each data row.

    ``typed`` holds the text of sheet cells that hold text with a digit, by (data row position,
    column): a number column reads them with :func:`analysis.data.schema.typed_number_problem`.
    """

    def __init__(self, label: str, rows: list[int] | None = None, kind: str | None = None,
                 headers: bool | None = None, typed: dict | None = None):
        self.label, self.rows, self.kind = label, rows, kind
        self.typed = typed or {}
        # errors name a column by its workbook header (a sheet) or as the file wrote it (CSV)
        self.headers = rows is not None if headers is None else headers

    def error(self, rule, pos=None, column=None, value=None) -> DataValidationError:
        """An error for the data row at 0-based ``pos`` (``None`` for the whole table)."""
        row = None if pos is None else (self.rows[pos] if self.rows else pos + 2)
        return DataValidationError(self.label, rule, row, self._col(column), value)

    def remap(self, exc: DataValidationError) -> DataValidationError:
        """Re-express a schema error (line numbers of a header-1 table) in this source's rows."""
        row = exc.row
        if row is not None and row >= 2 and self.rows:
            row = self.rows[row - 2]
        return DataValidationError(self.label, exc.rule, row, self._col(exc.column), exc.value)

    def _col(self, column):
        if column is None or not self.headers or self.kind is None:
            return column
        names = {f.name: f.header for f in FIELDS[self.kind]}
        return f"{names[column]} ({column})" if column in names else column


def _cell_text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, datetime):
        return v.date().isoformat()
    return str(v).strip()


def _header_keys(kind: str) -> dict[str, str]:
    return {k: f.name for f in reversed(FIELDS[kind]) for k in (_key(f.name), _key(f.header))}


def canonical_headers(kind: str, headers: list, label: str) -> list[str]:
    """Canonical names of ``headers``; two naming one column is an error naming both."""
    keys = _header_keys(kind)
    names = [keys.get(_key(h), str(h).strip()) for h in headers]
    for i, n in enumerate(names):
        if n in names[:i]:
            raise DataValidationError(label, message(
                "headers_twice", a=repr(str(headers[names.index(n)]).strip()),
                b=repr(str(headers[i]).strip()), name=repr(n)), row=1)
    return names


def warn_hidden(book: Book, read: tuple[str, ...]) -> None:
    """A :class:`~analysis.data.xlsx.HiddenSheetWarning` per hidden sheet not in ``read``: its
    content is not read (a hidden sheet that is read is refused by :meth:`Book.sheet`)."""
    for name, state in book.hidden_sheets():
        if name not in read:
            warnings.warn(HiddenSheetWarning(message(
                "warn_hidden", sheet=f"{book.path} [sheet '{name}']", how=state_text(state))),
                stacklevel=3)


def _named_columns(sheet, kind: str) -> tuple[list[tuple[int, str]], list[str]]:
    """Named columns of the header row and their canonical names; two header cells naming one
    column (one may be hidden) and a header with an invisible character are errors naming the
    cells."""
    named = header_columns(sheet)
    keys = _header_keys(kind)
    first: dict[str, tuple[int, str]] = {}
    names = []
    for col, text in named:
        letter = column_letter(col)
        bad = invisible_rule(text)
        if bad:
            raise DataValidationError(sheet.label, message(
                "header_cell_rule", cell=sheet.cell_name(1, col), rule=bad), 1, letter, text)
        name = keys.get(_key(text), text)
        if name in first:
            c0, t0 = first[name]
            hidden = [column_letter(c) for c in (c0, col) if sheet.column_hidden(c)]
            note = ("" if not hidden else
                    message("header_hidden_one", a=hidden[0]) if len(hidden) == 1 else
                    message("header_hidden_two", a=hidden[0], b=hidden[1]))
            raise DataValidationError(
                sheet.label, message("header_cells_twice", c0=sheet.cell_name(1, c0),
                                     t0=repr(t0), c1=sheet.cell_name(1, col), t1=repr(text),
                                     name=repr(name), note=note), 1, letter, text)
        first[name] = (col, text)
        names.append(name)
    return named, names


def read_xlsx_text(path: str | Path, kind: str) -> tuple[pd.DataFrame, Source]:
    """The ``kind`` sheet of a workbook as text with canonical column names (header on row 1).

    Columns are matched by header name (:func:`analysis.data.xlsx.header_columns`): a blank or
    merged header cell over data is an error naming the cell, never a shifted column; so are
    two headers naming one column, cells merged over data, a hidden data sheet and a cell with
    an invisible character. Other hidden sheets are named in a warning.
    """
    with Book(path) as book:
        sheet = book.sheet(SHEETS[kind])
        warn_hidden(book, tuple(SHEETS.values()))
    label = sheet.label
    if not sheet.rows or not any(c is not None for c in sheet.rows[0]):
        raise DataValidationError(label, message("empty_sheet"), 1)
    named, header = _named_columns(sheet, kind)
    for r0, c0, _, rule in merged_in_data(sheet, [c for c, _ in named])[:1]:
        raise DataValidationError(label, rule, r0, column_letter(c0), sheet.value(r0, c0))
    data, lines, typed = [], [], {}
    for i in range(2, len(sheet.rows) + 1):
        row = sheet.rows[i - 1]
        values = [row[col - 1] if col <= len(row) else None for col, _ in named]
        cells = [_cell_text(v) for v in values]
        if not any(cells):
            continue
        for (col, _), name, v in zip(named, header, values):
            if isinstance(v, str):
                bad = invisible_rule(v)
                if bad:
                    raise DataValidationError(label, message(
                        "cell_rule", cell=sheet.cell_name(i, col), rule=bad), i,
                        column_letter(col), v)
                if any(ch.isdigit() for ch in v):
                    typed[(len(data), name)] = v
        data.append(cells)
        lines.append(i)
    return (pd.DataFrame(data, columns=header, dtype=object),
            Source(label, lines, kind, typed=typed))


def read_text(path: str | Path, kind: str) -> tuple[pd.DataFrame, Source]:
    """A CSV file or the ``kind`` sheet of an XLSX workbook, as text with canonical names.

    A table without data rows is an error that says it is empty (file and sheet).
    """
    path = Path(path)
    check_not_old_excel(path)
    if path.suffix.lower() in XLSX_SUFFIXES:
        raw, source = read_xlsx_text(path, kind)
    else:
        raw = read_csv_text(path)
        raw.columns = canonical_headers(kind, list(raw.columns), str(path))
        source = Source(str(path), raw.attrs.get("rows"), kind, headers=False)
        _check_invisible(raw, source)
    if raw.empty:
        raise DataValidationError(source.label, message("empty_table",
                                                        rows=message(f"rows_{kind}")))
    return raw, source


def _check_invisible(raw: pd.DataFrame, source: Source) -> None:
    """A header or cell with an invisible character is an error naming it (see
    :mod:`analysis.data.cell_text`)."""
    for col in raw.columns:
        bad = invisible_rule(str(col))
        if bad:
            raise DataValidationError(source.label, message("header_rule", rule=bad), 1,
                                      str(col), col)
        for pos, v in enumerate(raw[col]):
            if isinstance(v, str) and not (v.isascii() and v.isprintable()):
                bad = invisible_rule(v)
                if bad:
                    raise source.error(bad, pos, col, v)


def choice_code(f: Field, value) -> tuple[str, str | None]:
    """``(code, None)`` for a spelling of ``f``'s choices (``''`` for an empty cell), else
    ``('', rule)`` listing the allowed values."""
    if value is None or str(value).strip() == "":
        return "", None
    code = _LOOKUP[f.choices].get(_key(value))
    if code is not None:
        return code, None
    allowed = ", ".join(f"{c} ('{al[0]}')" if al[0] != c else c
                        for c, al in CHOICES[f.choices].items())
    return "", message("unknown_choice", what=message(f"choice_{f.choices}"), allowed=allowed)


def normalise(raw: pd.DataFrame, kind: str, source: Source) -> pd.DataFrame:
    """Map every choice column's spellings to its codes; an unknown spelling is an error."""
    out = raw.copy()
    for f in FIELDS[kind]:
        if f.choices is None or f.name not in out.columns:
            continue
        vals = []
        for pos, v in enumerate(out[f.name]):
            code, rule = choice_code(f, v)
            if rule:
                raise source.error(rule, pos, f.name, v)
            vals.append(code)
        out[f.name] = pd.Series(vals, index=out.index, dtype=object)
    return out


def validate(raw: pd.DataFrame, schema: Schema, source: Source) -> pd.DataFrame:
    """:func:`~analysis.data.schema.validate_frame` with errors in the source's rows and headers.

    A number column's sheet cell holding text with digit separators (``1.234``, ``1_000``) is an
    error with what to type (:func:`~analysis.data.schema.typed_number_problem`).
    """
    numbers = {c.name for c in schema.columns if c.kind in ("int", "float")}
    for (pos, name), text in sorted(source.typed.items()):
        if name in numbers and name in raw.columns:
            rule = typed_number_problem(text)
            if rule:
                raise source.error(rule, pos, name, text)
    try:
        return validate_frame(raw, schema, source.label)
    except DataValidationError as exc:
        raise source.remap(exc) from None


def yes(series: pd.Series) -> pd.Series:
    """A normalised yes/no column as booleans (empty = False)."""
    return series.fillna("").astype(str).eq("yes")


def rows_marked_illustrative(df: pd.DataFrame) -> bool:
    """True when any row of a normalised table (risk register, SWOT factors, programmes) is
    marked illustrative (``illustrative = yes``)."""
    return "illustrative" in df.columns and bool(yes(df["illustrative"]).any())


# ---------------------------------------------------------------- schemas shared by CSV and XLSX

# PILLAR_CODES (the keys of CHOICES["pillar"], in that order) come from the text catalogue


def _opt(name, kind="text", **kw) -> Column:
    return Column(name, kind, required=False, nullable=True, **kw)


def _codes(choice: str) -> tuple[str, ...]:
    return tuple(CHOICES[choice])


def common_columns() -> tuple[Column, ...]:
    """Optional ``regency`` (Kemendagri code), ``year`` and ``illustrative`` columns."""
    return (_opt("regency", "code", pattern=r"[0-9]{2}\.[0-9]{2}"),
            _opt("year", "int", min=1990, max=2100), _opt("illustrative", allowed=_codes("yesno")))


def pillar_column() -> Column:
    return Column("pillar", "text", allowed=PILLAR_CODES)
