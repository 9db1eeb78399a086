"""Loaders for the two table formats users download from BPS, into one tidy table.

* **Older XLSX export**: optional title lines, then two header rows with merged cells (variable
  with its unit in parentheses, merged over its years; then the years), the region label merged
  down both rows; numbers often stored as text, ``-`` for missing, footer notes ("Sumber: ...").
* **Newer CSV export**: three header rows: label, title with unit, year; then the data and
  possibly footer notes.

Both give the tidy columns :data:`TIDY_COLUMNS`: ``region`` (the BPS name as printed), ``year``,
``variable``, ``value`` (float, NaN where BPS printed a missing marker), ``unit``,
``source_file``, ``source_row`` (line or sheet row of the value) and ``flag`` (a marker such as
``*`` for preliminary figures, '' if none). :func:`import_bps` adds the region match
(:mod:`analysis.data.regions`).
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.data.regions import match_regions
from analysis.data.xlsx import check_input_file, check_not_old_excel, read_sheet
from analysis.errors import DataValidationError
from analysis.data.tables import load_profiles

TIDY_COLUMNS = ["region", "year", "variable", "value", "unit", "source_file", "source_row", "flag"]
MISSING_MARKERS = {"", "-", "–", "—", "...", "…", "na", "n/a", "n.a", "n.a.", "tt"}
#: First words of a footer note (the older XLSX download ends with "Untuk penjelasan lebih
#: lanjut ...", "Source Url: ...", "Access Time: ..." merged across every column).
FOOTER = re.compile(r"^\s*(sumber|source|catatan|note|notes|keterangan|ket\b|untuk penjelasan|"
                    r"access time|waktu akses|diakses|\*|\d+\)|[a-z]\))", re.I)
_YEAR = re.compile(r"^\s*((?:19|20)\d{2})(?:\.0)?\s*(\**|\[?[a-z]\]?)?\s*$", re.I)
_MARK = re.compile(r"^(.*?)\s*(\*+|\([a-z]\)|[a-z]\))?$", re.I)
#: Parenthesised groups that are part of a variable's name, not its unit.
NOT_UNITS = re.compile(r"^((?i:metode|method)\b|[A-Z]{2,6}$)")


def parse_number(text) -> tuple[float, str]:
    """(value, flag) from a BPS cell: numbers stored as text, missing markers, footnote marks.

    Thousands and decimal separators: with both '.' and ',' the last one is the decimal mark;
    a separator repeated (``1.120.709``) is a thousands mark; a single one is the decimal mark
    (Indonesian ``71,35`` and English ``71.35`` alike); spaces are thousands separators.
    Raises ``ValueError`` for text that is not a number or a missing marker.
    """
    if text is None:
        return np.nan, ""
    if isinstance(text, (int, float, np.integer, np.floating)) and not isinstance(text, bool):
        return float(text), ""
    s = str(text).replace("\u00a0", " ").strip()
    if s.lower() in MISSING_MARKERS:
        return np.nan, ""
    m = _MARK.match(s)
    body, flag = m.group(1).strip(), (m.group(2) or "")
    if body.lower() in MISSING_MARKERS:
        return np.nan, flag
    body = body.replace(" ", "")
    if not re.fullmatch(r"[+\-−]?[\d.,]+", body) or not re.search(r"\d", body):
        raise ValueError(f"not a number: {text!r}")
    body = body.replace("−", "-")
    dots, commas = body.count("."), body.count(",")
    if dots and commas:
        dec = "." if body.rfind(".") > body.rfind(",") else ","
        body = body.replace("," if dec == "." else ".", "").replace(",", ".")
    elif dots > 1:
        body = body.replace(".", "")
    elif commas > 1:
        body = body.replace(",", "")
    elif commas == 1:
        body = body.replace(",", ".")
    return float(body), flag


def split_unit(title: str) -> tuple[str, str]:
    """(variable, unit) from a header such as ``'Jumlah Penduduk (Ribu Jiwa)'``.

    The unit is the last parenthesised group, unless it is an acronym such as ``(IPM)`` or a
    method note such as ``(Metode Baru)``; a ``Satuan:`` prefix is dropped.
    """
    s = re.sub(r"\s+", " ", str(title or "")).strip()
    m = re.search(r"\(([^()]*)\)\s*$", s)
    if not m or NOT_UNITS.match(m.group(1).strip()):
        return s, ""
    unit = re.sub(r"^(satuan|unit)\s*:\s*", "", m.group(1).strip(), flags=re.I)
    return s[:m.start()].strip(), unit


def _year(cell) -> tuple[int, str] | None:
    if cell is None:
        return None
    m = _YEAR.match(str(cell))
    return (int(m.group(1)), (m.group(2) or "")) if m else None


def _text(cell) -> str:
    return "" if cell is None else re.sub(r"\s+", " ", str(cell)).strip()


def _is_footer(row: list) -> bool:
    """A note row: one text in the first cell (or merged over the row) that starts like a
    footer note, or one text merged across every column (never a region with its values)."""
    first = _text(row[0]) if row else ""
    texts = [_text(c) for c in row[1:]]
    if not first or set(texts) - {"", first}:
        return False
    merged_across = len(texts) > 1 and all(t == first for t in texts)
    return merged_across or bool(FOOTER.match(first))


def _tidy_rows(path: Path, rows: list[tuple[int, list]], header_at: int, variables: list[str],
               units: list[str]) -> pd.DataFrame:
    """Turn the data rows below the year row (``rows[header_at]``) into tidy records."""
    line, years_row = rows[header_at]
    years = [_year(c) for c in years_row]
    out, footers = [], 0
    for pos, (line, row) in enumerate(rows[header_at + 1:]):
        if _is_footer(row):  # the footer block: this note and every row below it
            footers = len(rows) - (header_at + 1) - pos
            break
        region = _text(row[0])
        if not region:
            if any(_text(c) for c in row[1:]):
                raise DataValidationError(path, "values without a region name", line, "A")
            continue
        for j in range(1, len(years)):
            if years[j] is None or not variables[j]:
                continue
            cell = row[j] if j < len(row) else None
            try:
                value, flag = parse_number(cell)
            except ValueError:
                raise DataValidationError(path, "not a number or a BPS missing marker ('-')",
                                          line, f"{variables[j]} {years[j][0]}", cell) from None
            out.append(dict(region=region, year=years[j][0], variable=variables[j], value=value,
                            unit=units[j], source_file=path.name, source_row=line,
                            flag=flag or years[j][1]))
    if not out:
        raise DataValidationError(path, "no data rows below the header")
    tidy = pd.DataFrame(out, columns=TIDY_COLUMNS)
    tidy.attrs["footer_rows"] = footers
    return tidy


def _find_year_row(path: Path, rows: list[tuple[int, list]], min_index: int) -> int:
    for i, (_, row) in enumerate(rows):
        cells = [c for c in row[1:] if _text(c)]
        if i >= min_index and cells and all(_year(c) for c in cells):
            return i
    raise DataValidationError(path, "no header row of years found (BPS export expected: "
                                    "variable row(s), then a row of years)")


def _ffill(cells: list) -> list[str]:
    out, last = [], ""
    for c in cells:
        last = _text(c) or last
        out.append(last)
    return out


def read_bps_xlsx(path: str | Path, sheet: str | None = None) -> pd.DataFrame:
    """Read an older BPS XLSX export (two merged header rows) into the tidy table."""
    path = Path(path)
    grid = read_sheet(path, sheet).filled_merged()  # merged header cells: the top-left value
    rows = [(i + 1, r) for i, r in enumerate(grid) if any(_text(c) for c in r)]
    at = _find_year_row(path, rows, 1)
    variables, units = zip(*[split_unit(t) for t in _ffill(rows[at - 1][1])])
    return _tidy_rows(path, rows, at, list(variables), list(units))


def _read_csv_rows(path: Path) -> list[tuple[int, list]]:
    check_input_file(path)
    check_not_old_excel(path)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    try:
        dialect = csv.Sniffer().sniff("\n".join(text.splitlines()[:5]), delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    # RFC 4180 records: a quoted field keeps its line breaks; only CR/LF end a record
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    return [(i + 1, r) for i, r in enumerate(reader) if any(_text(c) for c in r)]


def read_bps_csv(path: str | Path) -> pd.DataFrame:
    """Read a newer BPS CSV export (rows: label, title with unit, year) into the tidy table."""
    path = Path(path)
    rows = _read_csv_rows(path)
    at = _find_year_row(path, rows, 2)
    labels = _ffill(rows[at - 2][1])
    titles = _ffill(rows[at - 1][1])
    variables, units = [], []
    for lab, title in zip(labels, titles):
        name, unit = split_unit(title)
        lab_name, lab_unit = split_unit(lab)
        variables.append(lab_name or name)
        units.append(unit or lab_unit)
    return _tidy_rows(path, rows, at, variables, units)


def read_bps(path: str | Path) -> pd.DataFrame:
    """Read one BPS export, by extension (``.xlsx`` or ``.csv``)."""
    path = Path(path)
    suffix = path.suffix.lower()
    check_not_old_excel(path)
    if suffix in (".xlsx", ".xlsm"):
        return read_bps_xlsx(path)
    if suffix in (".csv", ".txt"):
        return read_bps_csv(path)
    raise DataValidationError(path, f"unknown BPS export format {suffix!r} (.xlsx or .csv)")


def import_bps(paths, reference: pd.DataFrame | None = None, data_dir=None,
               convention: str = "auto") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read BPS exports and match their region names to Kemendagri codes.

    Returns ``(tidy, matches)``: the tidy table with ``level``, ``kode_kemendagri``,
    ``kode_provinsi`` and ``match_status`` added (``region`` keeps the BPS name), and the match
    table (one row per file and name, :data:`analysis.data.regions.MATCH_COLUMNS` plus
    ``source_file``). The convention for bare names is detected per file.
    ``tidy.attrs["footer_rows"]`` maps each file name to the number of footer note rows skipped.
    """
    if reference is None:
        reference = load_profiles(data_dir)
    tidies, matches, footer_rows = [], [], {}
    for p in paths:
        t = read_bps(p)
        footer_rows[Path(p).name] = int(t.attrs.get("footer_rows", 0))
        m = match_regions(t["region"].unique(), reference, convention)
        m.insert(0, "source_file", Path(p).name)
        tidies.append(t.merge(m[["region", "level", "status", "kode_kemendagri", "kode_provinsi"]]
                              .rename(columns={"status": "match_status"}), on="region", how="left"))
        matches.append(m)
    tidy = pd.concat(tidies, ignore_index=True)
    cols = ["region", "level", "kode_kemendagri", "kode_provinsi", "match_status"] + \
        [c for c in TIDY_COLUMNS if c != "region"]
    tidy = tidy[cols].copy()
    tidy.attrs["footer_rows"] = footer_rows
    return tidy, pd.concat(matches, ignore_index=True)


def problems(matches: pd.DataFrame) -> pd.DataFrame:
    """The unmatched and ambiguous rows of a match table."""
    return matches[matches["status"].isin(["unmatched", "ambiguous"])]
