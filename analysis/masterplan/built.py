"""The build's masterplan tables (``swot_faktor``, ``swot_ringkasan``, ``program``,
``program_status``, ``program_capaian``, ``program_lintasan``, ``program_kategori`` of
``data/processed``) for one regency, in the layout the masterplan functions and charts take, as
``notebooks/swot_progress.ipynb`` shows them: frames in, frames out (nothing is read here).

Each table carries ``kode_kemendagri`` and ``illustrative`` (True on every row of a regency
whose file marks any row illustrative) besides the columns of the function that computed it.
"""
from __future__ import annotations

import pandas as pd

#: Columns the build adds to every masterplan table.
TABLE_COLUMNS = ["kode_kemendagri", "illustrative"]


def regency_rows(table: pd.DataFrame, code: str) -> pd.DataFrame:
    """The rows of regency ``code`` in a per-regency table, in the table's order, indexed
    from 0 (empty when the regency has none)."""
    return table[table["kode_kemendagri"].astype(str) == str(code)].reset_index(drop=True)


def marked_illustrative(rows: pd.DataFrame) -> bool:
    """True when any of ``rows`` is marked illustrative."""
    return "illustrative" in rows.columns and bool(rows["illustrative"].astype(bool).any())


def realisation(status: pd.DataFrame) -> pd.DataFrame:
    """The realisation reports behind one regency's ``program_status`` rows: ``id, year,
    status`` of every reported programme-year (a status carried forward is no report), as
    :func:`analysis.masterplan.progress.status_matrix` takes them. Budgets are not in the
    table, so the frame has none."""
    reported = status[status["reported"].astype(bool)]
    return reported[["id", "year", "status"]].reset_index(drop=True)


def latest_categories(categories: pd.DataFrame) -> pd.DataFrame:
    """One regency's ``program_kategori`` rows of the latest reported year, without the
    build's columns: :func:`analysis.masterplan.progress.category_completion` of that year."""
    if categories.empty:
        return categories.drop(columns=TABLE_COLUMNS, errors="ignore")
    latest = categories[categories["year"] == categories["year"].max()]
    return latest.drop(columns=TABLE_COLUMNS, errors="ignore").reset_index(drop=True)
