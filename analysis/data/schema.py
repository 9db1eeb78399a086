"""Declarative table schemas and a safe CSV reader that validates against them.

A :class:`Schema` lists its :class:`Column` rules; :func:`read_table` reads a CSV with every cell
as text (nothing in a file is ever evaluated), then converts and checks each column. The first
broken rule raises :class:`~analysis.errors.DataValidationError` naming file, row (the line
number in the file, header = line 1), column, value and rule.

Soft ranges (``expected``) do not raise: :func:`quality_flags` lists the cells outside them so a
published value that breaks a scale is kept and flagged rather than silently changed.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.data.xlsx import ZIP_MAGIC, check_input_file, check_not_old_excel
from analysis.errors import DataValidationError
from analysis.messages import text as message

KINDS = ("code", "text", "float", "int")


@dataclass(frozen=True)
class Column:
    """One column's rules.

    kind: ``code`` (kept as a string, checked against ``pattern``), ``text``, ``float`` or ``int``.
    ``min``/``max`` are hard limits; ``expected`` = (low, high) is a soft range for quality flags.
    """

    name: str
    kind: str = "text"
    required: bool = True
    nullable: bool = False
    pattern: str | None = None
    min: float | None = None
    max: float | None = None
    expected: tuple[float, float] | None = None
    allowed: tuple[str, ...] | None = None
    unique: bool = False
    description: str = ""

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"column {self.name}: unknown kind {self.kind!r}")


@dataclass(frozen=True)
class Schema:
    """A table's columns plus the column sets that must be unique together."""

    name: str
    columns: tuple[Column, ...]
    unique_together: tuple[tuple[str, ...], ...] = field(default_factory=tuple)
    description: str = ""

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def _kind(col: Column):
    """The column's kind as message text (``kode``, ``bilangan desimal`` in Indonesian)."""
    return message(f"kind_{col.kind}")


def _line(index_pos: int, header_lines: int = 1) -> int:
    """Line number in the file of the data row at position ``index_pos`` (0-based)."""
    return index_pos + header_lines + 1


def parse_csv(text: str, path) -> list[list[str]]:
    """Records of CSV ``text`` by RFC 4180: a quoted field keeps its line breaks, and only CR/LF
    end a record (U+2028 and other Unicode line separators inside a field are text)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        return list(reader)
    except csv.Error as exc:
        raise DataValidationError(path, message("malformed_csv", detail=str(exc)),
                                  row=reader.line_num) from None


def read_csv_text(path: str | Path) -> pd.DataFrame:
    """Read a CSV with every cell as a string ('' for empty). Malformed CSV raises a clear error.

    The file is parsed by RFC 4180 (:func:`parse_csv`); a directory, an ``.xls`` or an ``.xlsx``
    file given as CSV is refused with what to do instead. When blank rows are skipped,
    ``attrs["rows"]`` holds the file row of each data row (see :func:`at_rows`).
    """
    path = Path(path)
    check_input_file(path)
    check_not_old_excel(path)
    data = path.read_bytes()
    if data.startswith(ZIP_MAGIC):
        raise DataValidationError(path, message("xlsx_as_csv"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataValidationError(
            path, message("not_utf8", reason=exc.reason, start=exc.start)) from None
    # (row as a spreadsheet shows it, fields): blank rows skipped but counted
    records = [(n, r) for n, r in enumerate(parse_csv(text, path), start=1)
               if any(cell.strip() for cell in r)]
    if not records:
        raise DataValidationError(path, message("empty_file"))
    header_row, header = records[0][0], [h.strip() for h in records[0][1]]
    dup = {h for h in header if header.count(h) > 1}
    if dup:
        raise DataValidationError(path, message("duplicate_columns", names=sorted(dup)),
                                  row=header_row)
    for n, r in records[1:]:
        if len(r) != len(header):
            raise DataValidationError(
                path, message("field_count", n=len(header), found=len(r)), row=n)
    out = pd.DataFrame([[c.strip() for c in r] for _, r in records[1:]], columns=header,
                       dtype=object)
    rows = [n for n, _ in records[1:]]
    if rows != list(range(2, len(rows) + 2)):  # only when rows are not simply 2, 3, ...
        out.attrs["rows"] = rows
    return out


def at_rows(exc: DataValidationError, rows: list[int] | None) -> DataValidationError:
    """A schema error (rows of a header-1 table without gaps) re-expressed in the file's rows."""
    if exc.row is None or exc.row < 2 or not rows:
        return exc
    return DataValidationError(exc.file, exc.rule, rows[exc.row - 2], exc.column, exc.value)


_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_SEPARATED = re.compile(r"[+-]?[0-9][0-9., _']*[0-9]")


def _grouped(text: str, sep: str) -> bool:
    """Digit groups of three after a first group of 1–3 digits: ``1.234`` / ``12,345,678``."""
    return re.fullmatch(rf"[+-]?[1-9][0-9]{{0,2}}(?:{re.escape(sep)}[0-9]{{3}})+", text) is not None


def _indonesian(text: str) -> str | None:
    """``text`` read with Indonesian separators ('.' thousands, ',' decimals), if it fits."""
    m = re.fullmatch(r"([+-]?)([1-9][0-9]{0,2}(?:\.[0-9]{3})*|0)(?:,([0-9]+))?", text)
    if not m:
        return None
    return f"{m.group(1)}{m.group(2).replace('.', '')}" + (f".{m.group(3)}" if m.group(3) else "")


def typed_number_problem(text: str) -> str | None:
    """Why a number typed as *text* by a person cannot be read unambiguously, with what to type;
    ``None`` for a plain number (ASCII digits, an optional sign, '.' for decimals, an optional
    exponent) and for text that is no number at all (the caller says "not a number").

    Spreadsheet text is typed in a locale: in Indonesian '.' separates thousands and ',' marks
    decimals, so ``1.234`` is 1234 there and 1.234 elsewhere; such text is refused rather than
    guessed. So are other digit separators (``1.234.567``, ``1,5``, ``1_000``, ``1 000``),
    digits outside ASCII (``１２``) and inf/nan.
    """
    s = text.strip()
    if any(ch.isdigit() and not ch.isascii() for ch in s):
        return message("typed_digits", s=repr(s))
    if s.lower().lstrip("+-") in ("inf", "infinity", "nan"):
        return message("typed_not_finite", s=repr(s))
    for sep in (".", ","):
        if _grouped(s, sep) and s.count(sep) == 1:
            whole, frac = s.replace(sep, ""), s.replace(sep, ".")
            return message("typed_ambiguous", s=repr(s), whole=whole, frac=frac, sep=repr(sep))
    if _PLAIN_NUMBER.fullmatch(s) or not _SEPARATED.fullmatch(s):
        return None
    reading = _indonesian(s)
    if reading is None and _grouped(s, ","):
        reading = s.replace(",", "")
    if reading is None:
        plain = re.sub(r"[ _']", "", s)
        reading = plain if _PLAIN_NUMBER.fullmatch(plain) else None
    if reading is not None:
        return message("typed_separators", s=repr(s), reading=reading)
    return message("typed_mixed", s=repr(s))


def typed_number(text: str) -> tuple[float | None, str | None]:
    """``(value, None)`` for a plain finite number typed as text, else ``(None, rule)`` where
    ``rule`` is :func:`typed_number_problem`'s reason or ``None`` (not a number at all)."""
    problem = typed_number_problem(text)
    if problem:
        return None, problem
    s = text.strip()
    if not _PLAIN_NUMBER.fullmatch(s):
        return None, None
    v = float(s)
    if not np.isfinite(v):
        return None, f"{s!r} is too large to be a number; type the value"
    return v, None


def _convert(series: pd.Series, col: Column, path: Path) -> pd.Series:
    empty = series.isna() | (series.astype(str).str.strip() == "")
    if not col.nullable and empty.any():
        pos = int(np.flatnonzero(empty.to_numpy())[0])
        raise DataValidationError(path, message("required_empty"), _line(pos), col.name, "")
    if col.kind in ("code", "text"):
        out = series.where(~empty, None)
        if col.pattern:
            rx = re.compile(col.pattern, re.ASCII)  # \d must not match '６' (U+FF16)
            for pos, v in enumerate(out):
                if v is not None and not rx.fullmatch(str(v)):
                    raise DataValidationError(
                        path, message("pattern", kind=_kind(col), pattern=col.pattern), _line(pos),
                        col.name, v)
        if col.allowed:
            for pos, v in enumerate(out):
                if v is not None and v not in col.allowed:
                    raise DataValidationError(
                        path, message("allowed", allowed=list(col.allowed)), _line(pos),
                        col.name, v)
        return out.astype(object)
    numeric = pd.to_numeric(series.where(~empty, None), errors="coerce")
    bad = numeric.isna() & ~empty
    if bad.any():
        pos = int(np.flatnonzero(bad.to_numpy())[0])
        raise DataValidationError(path, message("not_number", kind=_kind(col)), _line(pos),
                                  col.name, series.iloc[pos])
    infinite = np.isinf(numeric.astype(float))
    if infinite.any():  # "inf", "Infinity" or 1e999: not a value a table can hold
        pos = int(np.flatnonzero(infinite.to_numpy())[0])
        raise DataValidationError(path, message("not_finite", kind=_kind(col)), _line(pos),
                                  col.name, series.iloc[pos])
    if col.kind == "int":
        frac = numeric.notna() & (numeric != np.round(numeric))
        if frac.any():
            pos = int(np.flatnonzero(frac.to_numpy())[0])
            raise DataValidationError(path, message("not_whole"), _line(pos), col.name,
                                      series.iloc[pos])
    if col.min is not None:
        low = numeric < col.min
        if low.any():
            pos = int(np.flatnonzero(low.to_numpy())[0])
            raise DataValidationError(path, message("below_min", min=col.min), _line(pos), col.name,
                                      series.iloc[pos])
    if col.max is not None:
        high = numeric > col.max
        if high.any():
            pos = int(np.flatnonzero(high.to_numpy())[0])
            raise DataValidationError(path, message("above_max", max=col.max), _line(pos), col.name,
                                      series.iloc[pos])
    if col.kind == "int":
        return numeric.astype("Int64")
    return numeric.astype(float)


def validate_frame(raw: pd.DataFrame, schema: Schema, path: str | Path) -> pd.DataFrame:
    """Convert and check a text frame (as from :func:`read_csv_text`) against ``schema``."""
    path = Path(path)
    missing = [c.name for c in schema.columns if c.required and c.name not in raw.columns]
    if missing:
        raise DataValidationError(
            path, message("missing_columns", missing=missing, table=schema.name,
                       required=[c.name for c in schema.columns if c.required]), row=1)
    out = pd.DataFrame(index=raw.index)
    for col in schema.columns:
        if col.name not in raw.columns:
            out[col.name] = pd.Series([None] * len(raw), index=raw.index, dtype=object) \
                if col.kind in ("code", "text") else np.nan
            continue
        out[col.name] = _convert(raw[col.name], col, path)
    for col in schema.columns:
        if col.unique and col.name in raw.columns:
            _check_unique(out, (col.name,), path)
    for key in schema.unique_together:
        _check_unique(out, key, path)
    extra = [c for c in raw.columns if c not in out.columns]
    for c in extra:  # unknown columns are kept as text, never dropped silently
        out[c] = raw[c]
    return out.reset_index(drop=True)


def _check_unique(df: pd.DataFrame, key: tuple[str, ...], path: Path) -> None:
    dup = df.duplicated(list(key), keep="first")
    if dup.any():
        pos = int(np.flatnonzero(dup.to_numpy())[0])
        first = int(np.flatnonzero(
            (df[list(key)] == df[list(key)].iloc[pos]).all(axis=1).to_numpy())[0])
        value = df[list(key)].iloc[pos].tolist()
        raise DataValidationError(
            path, message("duplicate_key", key="+".join(key), row=_line(first)), _line(pos),
            "+".join(key), value[0] if len(value) == 1 else value)


def read_table(path: str | Path, schema: Schema) -> pd.DataFrame:
    """Read and validate one CSV file against ``schema``; returns a typed DataFrame.

    Error rows are the rows of the file (a blank row still counts; a quoted field with line
    breaks is one row, as a spreadsheet shows it).
    """
    raw = read_csv_text(path)
    try:
        return validate_frame(raw, schema, path)
    except DataValidationError as exc:
        raise at_rows(exc, raw.attrs.get("rows")) from None


def quality_flags(df: pd.DataFrame, schema: Schema, file: str, key: str) -> pd.DataFrame:
    """Cells outside their column's ``expected`` range, as a table (file, key, column, value, rule).

    Zeros are not flagged where ``skip_zero`` rows are handled by the caller; this function only
    compares against the declared soft range.
    """
    rows = []
    for col in schema.columns:
        if col.expected is None or col.name not in df.columns:
            continue
        lo, hi = col.expected
        vals = df[col.name]
        mask = vals.notna() & ((vals < lo) | (vals > hi))
        for pos in np.flatnonzero(mask.to_numpy()):
            rows.append({"file": file, "row": _line(int(pos)), key: df[key].iloc[pos],
                         "column": col.name, "value": float(vals.iloc[pos]),
                         "rule": f"outside the expected range {lo}–{hi}"})
    return pd.DataFrame(rows, columns=["file", "row", key, "column", "value", "rule"])
