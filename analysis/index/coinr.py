"""COINr interoperability: a COINr ``iMeta`` table as a :class:`Framework`, ``iData`` as data.

``iMeta`` has one row per indicator, aggregate, group or denominator column: ``Level`` (1 =
indicator, 2.. aggregates), ``iCode``, ``iName``, ``Direction``, ``Weight`` (relative within the
parent), ``Unit``, ``Target``, ``Denominator`` (an iData column, or NA), ``Parent``, ``Type``
(``Indicator``, ``Aggregate``, ``Group``, ``Denominator``, ``Other``). Indicators and aggregates
become framework nodes (``Target``/``Denominator``/``Unit``/``Level`` kept in ``Node.attrs``); the
group and denominator columns go to ``framework.meta['groups']`` / ``['denominators']`` and the
unit column (``uCode``) to ``framework.meta['unit_col']``. COINr's MIT-licensed example data are
attributed wherever they are used.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.data.schema import Column, Schema, read_csv_text, validate_frame
from analysis.errors import DataValidationError
from analysis.frameworks.model import framework_from_dict

IMETA_SCHEMA = Schema("COINr iMeta", (
    Column("Level", "int", required=False, nullable=True, min=1),
    Column("iCode", "code", unique=True),
    Column("iName", "text", required=False, nullable=True),
    Column("Direction", "int", required=False, nullable=True, min=-1, max=1),
    Column("Weight", "float", required=False, nullable=True, min=0),
    Column("Unit", "text", required=False, nullable=True),
    Column("Target", "float", required=False, nullable=True),
    Column("Denominator", "text", required=False, nullable=True),
    Column("Parent", "text", required=False, nullable=True),
    Column("Type", "text", allowed=("Indicator", "Aggregate", "Group", "Denominator", "Other")),
), description="COINr indicator metadata (one row per indicator/aggregate/group/denominator)")

_NA = ("NA", "NaN", "N/A")


def _txt(v):
    """Text cell or None (empty, NA and pandas' missing markers all mean "none")."""
    return None if v is None or (not isinstance(v, str) and pd.isna(v)) or str(v) == "" else str(v)


def _text_frame(path_or_df):
    if isinstance(path_or_df, pd.DataFrame):
        raw, src = path_or_df.astype(object).where(path_or_df.notna(), ""), "<iMeta>"
        raw = raw.astype(str).astype(object)
    else:
        raw, src = read_csv_text(path_or_df), str(path_or_df)
    return raw.replace(list(_NA), ""), src


def read_imeta(path_or_df, code: str | None = None):
    """A COINr iMeta table (CSV path or DataFrame) as a :class:`Framework` (see module doc)."""
    raw, src = _text_frame(path_or_df)
    meta = validate_frame(raw, IMETA_SCHEMA, src)
    nodes = []
    for i, row in meta.iterrows():
        r = {k: _txt(v) if k in ("iName", "Unit", "Denominator", "Parent") else v
             for k, v in row.items()}
        if r["Type"] not in ("Indicator", "Aggregate"):
            continue
        if r["Type"] == "Indicator" and (pd.isna(r["Direction"]) or r["Direction"] not in (1, -1)):
            raise DataValidationError(src, "an indicator needs Direction 1 or -1", i + 2,
                                      "Direction", r["Direction"])
        d = {"code": r["iCode"], "name": r["iName"] or r["iCode"],
             "parent": r["Parent"] or None,
             "weight": 1.0 if pd.isna(r["Weight"]) else float(r["Weight"]),
             "direction": 1 if pd.isna(r["Direction"]) else int(r["Direction"]),
             "Level": None if pd.isna(r["Level"]) else int(r["Level"]), "Type": r["Type"]}
        if r["Unit"]:
            d["Unit"] = r["Unit"]
        if not pd.isna(r["Target"]):
            d["Target"] = float(r["Target"])
        if r["Denominator"]:
            d["Denominator"] = r["Denominator"]
        nodes.append(d)
    stem = code or (Path(src).stem if src != "<iMeta>" else "coinr")
    fw = framework_from_dict({
        "code": stem, "name": {"id": stem, "en": stem}, "source": f"COINr iMeta {src}",
        "unit_col": "uCode",
        "groups": meta.loc[meta["Type"] == "Group", "iCode"].tolist(),
        "denominators": meta.loc[meta["Type"] == "Denominator", "iCode"].tolist(),
        "nodes": nodes}, src)
    _check_levels(fw, src)
    return fw


def _check_levels(fw, src):
    """COINr levels must agree with the tree (indicator 1, parent one above its highest child)."""
    levels = fw.level_of()
    for c, n in fw.nodes.items():
        lv = n.attrs.get("Level")
        if lv is not None and n.parent is not None:
            plv = fw.nodes[n.parent].attrs.get("Level")
            if plv is not None and plv <= lv:
                raise DataValidationError(src, f"parent {n.parent!r} has Level {plv}, not above "
                                               f"its child's Level {lv}", None, "Level", c)
        if lv is not None and fw.is_leaf(c) and lv != 1:
            raise DataValidationError(src, "an indicator (leaf) must have Level 1", None,
                                      "Level", c)
    return levels


def read_idata(path_or_df) -> pd.DataFrame:
    """COINr iData (CSV path or DataFrame) as a text frame for :func:`run_pipeline`: unit column
    ``uCode`` required; ``NA`` cells become empty (missing)."""
    raw, src = _text_frame(path_or_df)
    if "uCode" not in raw.columns:
        raise DataValidationError(src, "COINr iData needs a 'uCode' unit column", 1)
    return raw


def is_imeta_file(path) -> bool:
    """True for a CSV whose header has COINr iMeta's ``iCode``, ``Parent`` and ``Type`` columns."""
    p = Path(path)
    if p.suffix.lower() != ".csv" or not p.exists():
        return False
    with p.open(encoding="utf-8-sig") as fh:
        header = fh.readline()
    return all(f'{k}' in header for k in ("iCode", "Parent", "Type"))
