"""Readiness on regencies' own assessments (``--add DIR``), beside the national ones.

Honest comparisons: a regency's own index is never ranked among illustrative assessments. The
national table (:func:`analysis.readiness.readiness_table`, every regency of the national file,
ranks among them) is kept as it is, so no other regency's rank or comparison changes; the own
assessments form a second group (``sumber = "own"``), ranked only among the own assessments that
are real (``ilustratif = tidak``). ``n_pembanding`` is the size of the group a row is ranked in;
an own assessment alone in its group gets no rank (``peringkat`` empty, ``n_pembanding`` 1):
there is no real comparison group yet.
"""
from __future__ import annotations

import pandas as pd

from analysis.data.owndata import Layers
from analysis.readiness import (ASSESSMENT_FILE, UNIT, assessments_wide, load_assessments,
                                load_readiness_framework, pillar_element_grid,
                                table_from_assessments)

SOURCE_COLUMN = "sumber"


def load_own_assessments(paths, fw=None) -> pd.DataFrame:
    """The long item scores of every own file in ``paths`` (each validated by its loader)."""
    fw = fw or load_readiness_framework()
    frames = [load_assessments(path=p, fw=fw) for p in paths]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def real_codes(long: pd.DataFrame) -> list[str]:
    """Regencies whose every row says ``ilustratif = tidak`` (a real assessment)."""
    col = long["ilustratif"] if "ilustratif" in long else pd.Series("", index=long.index)
    ok = col.eq("tidak").groupby(long[UNIT]).all()
    return sorted(ok[ok].index.astype(str))


def own_table(paths, cutoffs=None, lang: str = "id") -> pd.DataFrame:
    """:func:`own_table_of` the own assessment files in ``paths``."""
    fw = load_readiness_framework()
    return own_table_of(load_own_assessments(paths, fw), cutoffs, lang, fw)


def own_table_of(long: pd.DataFrame, cutoffs=None, lang: str = "id", fw=None) -> pd.DataFrame:
    """The readiness table (columns of :func:`~analysis.readiness.readiness_table`) of the own
    long assessments ``long``, with ``sumber = "own"`` and ``n_pembanding``: real ones ranked
    among the real ones only (no rank when alone), illustrative ones never ranked."""
    fw = fw or load_readiness_framework()
    if long.empty:
        return pd.DataFrame()
    real = real_codes(long)
    is_real = long[UNIT].isin(real)
    parts = []
    if is_real.any():
        t = table_from_assessments(long[is_real], cutoffs, lang, fw)
        t["n_pembanding"] = len(t)
        if len(t) < 2:
            t["peringkat"] = pd.NA
        parts.append(t)
    if (~is_real).any():
        t = table_from_assessments(long[~is_real], cutoffs, lang, fw)
        t["peringkat"], t["n_pembanding"] = pd.NA, pd.NA
        parts.append(t)
    out = pd.concat(parts, ignore_index=True)
    out["peringkat"] = out["peringkat"].astype("Int64")
    out["n_pembanding"] = out["n_pembanding"].astype("Int64")
    out[SOURCE_COLUMN] = "own"
    return out


def national_table(tab: pd.DataFrame) -> pd.DataFrame:
    """The national readiness table marked as such: ``sumber`` (``illustrative`` or
    ``published``) and ``n_pembanding`` (the regencies with an index in it)."""
    out = tab.copy()
    out[SOURCE_COLUMN] = ["illustrative" if v else "published" for v in out["ilustratif"]]
    out["n_pembanding"] = pd.array([int(out["indeks_kesiapan"].notna().sum())] * len(out),
                                   dtype="Int64")
    return out


def layered_table(national: pd.DataFrame, own: pd.DataFrame) -> pd.DataFrame:
    """National rows (unchanged) followed by the own rows: a regency with own data has two rows;
    :func:`row_for` picks the own one."""
    nat = national_table(national)
    if own is None or own.empty:
        return nat
    return pd.concat([nat, own[nat.columns]], ignore_index=True)


def row_for(tab: pd.DataFrame, code: str) -> pd.Series | None:
    """A regency's row of a layered table: its own assessment when it has one."""
    rows = tab[tab[UNIT].astype(str) == str(code)]
    if rows.empty:
        return None
    own = rows[rows.get(SOURCE_COLUMN, pd.Series("", index=rows.index)) == "own"]
    return (own if not own.empty else rows).iloc[0]


def comparison_rows(tab: pd.DataFrame, row: pd.Series) -> pd.DataFrame:
    """The rows a regency's row is compared with (its group: national, or real own ones)."""
    src = tab.get(SOURCE_COLUMN, pd.Series("", index=tab.index))
    if row.get(SOURCE_COLUMN) != "own":
        return tab[src != "own"]
    flag = tab["ilustratif"] if "ilustratif" in tab else tab["illustrative"]   # build table
    return tab[(src == "own") & ~flag.astype(bool)]


def own_grid(paths) -> pd.DataFrame:
    """:func:`own_grid_of` the own assessment files in ``paths``."""
    fw = load_readiness_framework()
    return own_grid_of(load_own_assessments(paths, fw), fw)


def own_grid_of(long: pd.DataFrame, fw=None) -> pd.DataFrame:
    """The pillar × element grid (long) of the own long assessments ``long``, with
    ``sumber = "own"``."""
    if long.empty:
        return pd.DataFrame(columns=[UNIT, "pilar", "elemen", "indeks", SOURCE_COLUMN])
    fw = fw or load_readiness_framework()
    grid = pillar_element_grid(assessments_wide(long), fw)
    grid[SOURCE_COLUMN] = "own"
    return grid


def own_paths(layers: Layers) -> list:
    """The own assessment files of the add directories of ``layers``."""
    return [p for p in layers.files(ASSESSMENT_FILE) if layers.is_own(p)]


def with_own(tab: pd.DataFrame, grid: pd.DataFrame, layers: Layers, cutoffs=None,
             lang: str = "id") -> tuple[pd.DataFrame, pd.DataFrame]:
    """The national readiness table and pillar × element grid with the own assessments of
    ``layers`` after them (``sumber``; see :func:`layered_table`); unchanged without adds."""
    if not layers.adds:
        return tab, grid
    paths = own_paths(layers)
    tab = layered_table(tab, own_table(paths, cutoffs, lang) if paths else None)
    grid = grid.assign(**{SOURCE_COLUMN: ["illustrative" if v else "published"
                                          for v in grid["ilustratif"]]})
    if not paths:
        return tab, grid
    mine = own_grid(paths).assign(ilustratif=False)
    return tab, pd.concat([grid, mine[grid.columns]], ignore_index=True)
