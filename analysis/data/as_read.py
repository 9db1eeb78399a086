"""A table as read — the text of every cell and the file row of every data row — in long form,
one row per cell, and back.

The build keeps a per-regency input file this way (:mod:`analysis.processed.tables`: the risk
registers and SWOT factor tables as read), so that the tables computed from it, and a command
scoring it again with other settings, validate exactly the text the file held: its columns in
the file's order, its spellings (``yes``, a register's own ``scale``), and errors that name the
file's rows. Each cell's text is stored as JSON (``"N/A"`` stays text, an empty cell stays
empty), never read as a missing value.
"""
from __future__ import annotations

import json

import pandas as pd

from analysis.data.template_tables import Source

#: Columns of a table in long form: the data row's file row, the column name and the cell's
#: text as JSON.
CELL_COLUMNS = ["baris", "kolom", "teks"]


def cells_of(raw: pd.DataFrame, source: Source) -> pd.DataFrame:
    """The cells of ``raw`` (text, as :func:`analysis.data.template_tables.read_text` gives it),
    row by row in the file's column order, with the file row of each (``source.rows``, else
    the CSV line: data row 0 is line 2)."""
    lines = source.rows or [pos + 2 for pos in range(len(raw))]
    cols = list(raw.columns)
    rows = [(int(line), str(col), json.dumps(value, ensure_ascii=False))
            for line, values in zip(lines, raw.itertuples(index=False, name=None))
            for col, value in zip(cols, values)]
    return pd.DataFrame(rows, columns=CELL_COLUMNS)


def table_of_cells(cells: pd.DataFrame, label: str, kind: str) -> tuple[pd.DataFrame, Source]:
    """``cells`` (:func:`cells_of`, one table's) back as the text table and a
    :class:`~analysis.data.template_tables.Source` labelled ``label`` whose errors name the
    same file rows and columns as the file's (a CSV: columns as written)."""
    cols = list(dict.fromkeys(cells["kolom"]))
    lines = [int(b) for b in dict.fromkeys(cells["baris"])]
    text = {(int(b), k): json.loads(t) for b, k, t in
            zip(cells["baris"], cells["kolom"], cells["teks"])}
    raw = pd.DataFrame({c: pd.Series([text.get((b, c), "") for b in lines], dtype=object)
                        for c in cols})
    return raw, Source(label, lines, kind, headers=False)


#: Columns of the build's tables of files as read: regency, the year in the file's name (none
#: for most kinds), the file as the build records it (``berkas``: a national file's name, an own
#: file's full path; the label of every error found in its text later), then the cells
#: (:data:`CELL_COLUMNS`); and their types.
FILE_COLUMNS = ["kode_kemendagri", "tahun", "berkas", *CELL_COLUMNS]
FILE_DTYPES = {"kode_kemendagri": "str", "tahun": "Int64", "berkas": "str", "baris": "int64",
               "kolom": "str", "teks": "str"}


def file_cells(code: str, year: int | None, name: str, raw: pd.DataFrame,
               source: Source) -> pd.DataFrame:
    """The cells of one file (:func:`cells_of`) with its regency ``code``, ``year`` and file
    ``name`` (how the build records it: the label of errors found in its text later): rows of a
    table of files as read (:data:`FILE_COLUMNS`)."""
    cells = cells_of(raw, source)
    cells.insert(0, "berkas", name)
    cells.insert(0, "tahun", pd.array([year] * len(cells), dtype="Int64"))
    cells.insert(0, "kode_kemendagri", code)
    return cells


def files_frame(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Tables of :func:`file_cells` one after the other (empty with :data:`FILE_COLUMNS`)."""
    return pd.concat(frames, ignore_index=True)[FILE_COLUMNS] if frames else \
        pd.DataFrame(columns=FILE_COLUMNS)


def files_of(table: pd.DataFrame, kind: str) -> list[tuple[str, pd.DataFrame, Source]]:
    """``(code, text, source)`` of every file of a table of files as read (one regency's or
    more), by regency then file name (:func:`table_of_cells`)."""
    return [(str(c), *table_of_cells(cells, name, kind))
            for (c, name), cells in table.groupby(["kode_kemendagri", "berkas"], sort=True)]
