"""Kominfo's evaluation instrument scored item by item, the way Kominfo scores it.

Every item is answered on 1.00–4.00 (fractions allowed). A dimension is the plain mean of its
items (items sit directly under their dimension in the framework, so indikator groups never turn
it into a mean of means); the final (*Nilai Final*) is the weighted mean of the dimensions with
the weights of the framework that applies to the year and group. Everything is computed
unrounded; :func:`display_rounded` rounds for display only.

Besides the official dimensions, :func:`pillar_view` gives per pillar the mean of its Outcome
programme items and, from 2023, of its Impact survey items (per pillar and per sub-dimension).
:func:`load_crosswalk` / :func:`to_2023_codes` map item codes between the 2022 and 2023
instruments (55 of the 59 items of 2022 continue; the four 2022 Impact items do not — note that
the 2022 code ``IMP.1.1.1`` and the 2023 survey item ``IMP.1.1.1`` are different questions).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.errors import DataValidationError
from analysis.frameworks import Framework, load_framework
from analysis.index.compute import compute_index
from analysis.paths import FRAMEWORKS_DIR

CROSSWALK_FILE = FRAMEWORKS_DIR / "kominfo-crosswalk-2022-2023.csv"
INSTRUMENTS = {(2022, None): "kominfo-evaluasi-2022",
               (2023, "KPPN&IKN"): "kominfo-evaluasi-2023",
               (2023, "REGULER"): "kominfo-evaluasi-2023-reguler"}
ITEM_SCALE = (1.0, 4.0)
UNIT = "kode_kemendagri"


def load_instrument(year: int, kelompok: str | None = None) -> Framework:
    """The item-level framework of a year's instrument (2023 default group: KPPN&IKN)."""
    if int(year) == 2023 and kelompok is None:
        kelompok = "KPPN&IKN"
    key = (int(year), None if int(year) == 2022 else kelompok)
    if key not in INSTRUMENTS:
        raise LookupError(f"no instrument for year {year}, group {kelompok!r}; known {list(INSTRUMENTS)}")
    return load_framework(INSTRUMENTS[key])


def item_codes(fw: Framework) -> list[str]:
    """The instrument's item codes in file order."""
    return list(fw.leaves)


def item_table(fw: Framework, lang: str = "id") -> pd.DataFrame:
    """One row per item: code, dimension, indikator, subindikator, pillar, sub-dimension, label."""
    rows = []
    for code in fw.leaves:
        n = fw.nodes[code]
        ind = n.attrs.get("indikator") or {}
        rows.append({"kode_butir": code, "dimensi": n.parent,
                     "indikator": ind.get(lang) or ind.get("id") if isinstance(ind, dict) else ind,
                     "subindikator": n.attrs.get("subindikator"), "pilar": n.attrs.get("pillar"),
                     "subdimensi": n.attrs.get("subdimension"), "label": n.label(lang)})
    return pd.DataFrame(rows)


def items_wide(long: pd.DataFrame, unit_col: str = UNIT, item_col: str = "kode_butir",
               value_col: str = "skor") -> pd.DataFrame:
    """Long item scores (one row per unit × item) to wide (one row per unit, one column per item)."""
    wide = long.pivot(index=unit_col, columns=item_col, values=value_col)
    wide.columns.name = None
    return wide.reset_index()


def check_items(fw: Framework, wide: pd.DataFrame, unit_col: str = UNIT,
                source: str = "<item scores>") -> None:
    """Item columns must be codes of the instrument and values numbers on 1–4 (or empty).

    Raises :class:`DataValidationError` naming the row (header = line 1), column and value.
    """
    leaves = set(fw.leaves)
    known = leaves | set(fw.aggregates) | {unit_col, "nama", "kelompok", "tahun"}
    unknown = [c for c in wide.columns if c not in known]
    if unknown:
        raise DataValidationError(
            source, f"not an item code of {fw.code} (use load_crosswalk() to map codes between "
                    f"years)", row=1, column=str(unknown[0]), value=str(unknown[0]))
    for col in [c for c in wide.columns if c in leaves]:
        vals = pd.to_numeric(wide[col], errors="coerce")
        bad = (vals.isna() & wide[col].notna() & (wide[col].astype(str).str.strip() != "")) | \
              (vals < ITEM_SCALE[0]) | (vals > ITEM_SCALE[1])
        if bad.any():
            pos = int(np.flatnonzero(bad.to_numpy())[0])
            value = wide[col].iloc[pos]
            raise DataValidationError(source, "item score must be a number on 1.00–4.00",
                                      row=pos + 2, column=col,
                                      value=value.item() if hasattr(value, "item") else value)


def score_instrument(fw: Framework, wide: pd.DataFrame, unit_col: str = UNIT,
                     check: bool = True) -> pd.DataFrame:
    """Dimension means and the weighted final per unit, unrounded, with the rank of the final.

    Only item columns are used, so every dimension is recomputed from its items.
    """
    if check:
        check_items(fw, wide, unit_col)
    cols = [unit_col] + [c for c in fw.leaves if c in wide.columns]
    return compute_index(fw, wide[cols], unit_col)


def _row_mean(wide: pd.DataFrame, cols: list[str]) -> tuple[np.ndarray, np.ndarray]:
    present = [c for c in cols if c in wide.columns]
    if not present:
        return np.full(len(wide), np.nan), np.zeros(len(wide), int)
    mat = wide[present].apply(pd.to_numeric, errors="coerce").to_numpy(float)
    n = (~np.isnan(mat)).sum(axis=1)
    with np.errstate(invalid="ignore"):
        mean = np.where(n > 0, np.nansum(mat, axis=1) / np.maximum(n, 1), np.nan)
    return mean, n


def pillar_groups(fw: Framework) -> list[dict]:
    """The item groups of the pillar view: Outcome programme items per pillar; Impact survey
    items per pillar and per (pillar, sub-dimension) where the instrument has them."""
    groups: dict[tuple, list[str]] = {}
    for code in fw.leaves:
        n = fw.nodes[code]
        pillar = n.attrs.get("pillar")
        if pillar is None or n.parent not in ("outcome", "impact"):
            continue
        groups.setdefault((n.parent, pillar, None), []).append(code)
        if n.parent == "impact" and n.attrs.get("subdimension"):
            groups.setdefault((n.parent, pillar, n.attrs["subdimension"]), []).append(code)
    return [{"dimensi": d, "pilar": p, "subdimensi": s, "items": items}
            for (d, p, s), items in groups.items()]


def pillar_view(fw: Framework, wide: pd.DataFrame, unit_col: str = UNIT) -> pd.DataFrame:
    """Long table: unit, dimension (outcome|impact), pillar, sub-dimension (empty for the pillar
    level), mean of the group's items (unrounded) and the number of items answered."""
    frames = []
    for g in pillar_groups(fw):
        mean, n = _row_mean(wide, g["items"])
        frames.append(pd.DataFrame({unit_col: wide[unit_col].astype(str).to_numpy(),
                                    "dimensi": g["dimensi"], "pilar": g["pilar"],
                                    "subdimensi": g["subdimensi"], "skor": mean, "n_butir": n,
                                    "n_butir_instrumen": len(g["items"])}))
    return pd.concat(frames, ignore_index=True)


def load_crosswalk() -> pd.DataFrame:
    """Item codes 2022 ↔ 2023: ``kode_2022, kode_2023, status`` (berlanjut | dihentikan | baru)."""
    return pd.read_csv(CROSSWALK_FILE, dtype=str, keep_default_na=False)


def to_2023_codes(wide_2022: pd.DataFrame, unit_col: str = UNIT) -> pd.DataFrame:
    """Rename the 2022 item columns that continue into their 2023 codes; drop the four
    discontinued 2022 Impact items (they have no successor)."""
    cw = load_crosswalk()
    cont = cw[cw.status == "berlanjut"]
    mapping = dict(zip(cont.kode_2022, cont.kode_2023))
    keep = [unit_col] + [c for c in wide_2022.columns if c in mapping]
    return wide_2022[keep].rename(columns=mapping)


def display_rounded(df: pd.DataFrame, decimals: int = 2) -> pd.DataFrame:
    """A copy with float columns rounded for display (computations stay unrounded)."""
    out = df.copy()
    for c in out.columns:
        if pd.api.types.is_float_dtype(out[c]):
            out[c] = out[c].round(decimals)
    return out
