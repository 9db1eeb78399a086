"""The build's readiness tables (``kesiapan``, ``kesiapan_grid`` of ``data/processed``) in the
layout of :func:`analysis.readiness.readiness_table` and the pillar × element grid, as
``workbench readiness`` and ``notebooks/readiness_indices.ipynb`` show them: frames in, frames
out (nothing is read here).

The build stores maturity levels on the framework's cut-offs and no label; a table here takes
its levels from the ``cutoffs`` asked for and its labels in ``lang``. ``layered``: the table of
a run with own data (``--add``), whose rows say where they come from (``sumber``) and, for the
readiness table, the size of the group they are ranked in (``n_pembanding``).
"""
from __future__ import annotations

import pandas as pd

from analysis.i18n import PILLAR_CODES
from analysis.readiness.assessments import ELEMENTS, UNIT, load_readiness_framework
from analysis.readiness.maturity import maturity_label, maturity_level
from analysis.readiness.own import SOURCE_COLUMN

#: Columns of :func:`analysis.readiness.readiness_table`.
TABLE_COLUMNS = [UNIT, "nama", "indeks_kesiapan", "peringkat", "tingkat", "tingkat_label",
                 *PILLAR_CODES, *ELEMENTS, "ilustratif", "n_butir_dinilai", "n_butir"]
GRID_COLUMNS = [UNIT, "pilar", "elemen", "indeks", "ilustratif"]


def split_assessments(long: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(national, own)`` rows of the build's ``penilaian_kesiapan`` table, told apart by
    its ``data_sendiri`` column (dropped), each in the table's order with its index kept."""
    own = long["data_sendiri"].astype(bool)
    return (long[~own].drop(columns="data_sendiri"),
            long[own].drop(columns="data_sendiri"))


def national_assessments(long: pd.DataFrame) -> pd.DataFrame:
    """The national rows of the build's ``penilaian_kesiapan`` table (own files' rows left
    out), as :func:`analysis.readiness.load_assessments` reads them."""
    return split_assessments(long)[0].reset_index(drop=True)


def readiness_from_built(kesiapan: pd.DataFrame, cutoffs=None, lang: str = "id",
                         layered: bool = False) -> pd.DataFrame:
    """One row per regency as :func:`analysis.readiness.readiness_table` gives it (own rows
    after the national ones when ``layered``), from the build's ``kesiapan`` table; maturity
    levels on ``cutoffs`` (None: the framework's) with their label in ``lang``."""
    fw = load_readiness_framework()
    out = kesiapan.rename(columns={"illustrative": "ilustratif"})
    out["tingkat"] = maturity_level(out["indeks_kesiapan"], cutoffs)
    out["tingkat_label"] = [maturity_label(v, lang, fw) for v in out["tingkat"]]
    cols = TABLE_COLUMNS + ([SOURCE_COLUMN, "n_pembanding"] if layered else [])
    return out[cols].reset_index(drop=True)


def grid_from_built(grid: pd.DataFrame, layered: bool = False) -> pd.DataFrame:
    """The pillar × element grid (long, ``ilustratif``; ``sumber`` when ``layered``) from the
    build's ``kesiapan_grid`` table."""
    out = grid.rename(columns={"illustrative": "ilustratif"})
    return out[GRID_COLUMNS + ([SOURCE_COLUMN] if layered else [])].reset_index(drop=True)
