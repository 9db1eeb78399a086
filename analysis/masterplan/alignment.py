"""Alignment of the masterplan with the five-year plan (RPJMD): programmes × missions × pillars.

The missions table (``missions_<code>.csv``, from the *Visi-Misi* sheet of the regency
workbook, or published: Katingan's RPJMD 2018–2023 in ``data/raw``) has one ``visi`` row and
numbered ``misi`` rows; a programme's ``misi`` column lists the mission numbers it serves,
separated by ``;`` (``"1;5"``; ``,`` and spaces are accepted). Optional: ``smart_city``, what
the source says of Smart City and the mission (``selaras`` declared aligned, ``tersirat``
implied in it). A number the source skips (missions 1, 2, 3 and 5 given) is a mission whose text
the source does not give (:func:`missing_missions`): shown as such, never filled in.

* :func:`mission_pillar_matrix`: per mission and pillar the number of programmes and their
  planned budget. A programme serving two missions counts, with its whole budget, in both
  rows: it supports both, and splitting its budget by an assumed share would invent a number.
  Row sums therefore count a programme once per mission it serves (not additive over missions).
* :func:`unserved_missions`: missions no programme serves.
* :func:`unaligned_programmes`: programmes that name no mission, or only numbers the RPJMD
  does not have.
"""
from __future__ import annotations

import re

import pandas as pd

from analysis.data.schema import Column, Schema, read_table
from analysis.i18n import PILLAR_CODES
from analysis.masterplan.workbook_errors import msg

#: What a source may say of Smart City and a mission: declared aligned, or implied in it.
SMART_CITY = ("selaras", "tersirat")

MISSIONS = Schema(
    "missions",
    (Column("regency", "code", pattern=r"\d{2}\.\d{2}"),
     Column("jenis", allowed=("visi", "misi")),
     Column("misi", "int", nullable=True, min=1, max=99),
     Column("uraian"), Column("periode", required=False, nullable=True),
     Column("smart_city", required=False, nullable=True, allowed=SMART_CITY)),
    description="RPJMD vision (jenis visi) and numbered missions (jenis misi) of one regency",
)
_SPLIT = re.compile(r"[;,\s]+")


def parse_missions(text) -> tuple[int, ...]:
    """Mission numbers in a ``misi`` cell: ``"1;5"`` → (1, 5); empty → (). A part that is not
    a positive whole number raises ``ValueError`` naming it."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return ()
    out = []
    for part in (p for p in _SPLIT.split(str(text).strip()) if p):
        if not part.isdigit() or int(part) < 1:
            raise ValueError(msg("not_mission_number", value=repr(part)))
        if int(part) not in out:
            out.append(int(part))
    return tuple(out)


def load_missions(path) -> pd.DataFrame:
    """A validated missions table (``regency, jenis, misi, uraian, periode``)."""
    return read_table(path, MISSIONS)


def mission_numbers(missions: pd.DataFrame) -> list[int]:
    """The numbered missions, in order."""
    m = missions[missions["jenis"] == "misi"]["misi"].dropna().astype(int)
    return sorted(m.unique().tolist())


def missing_missions(missions: pd.DataFrame) -> list[int]:
    """Mission numbers below the highest one that the table does not give (its text is not in
    the source): missions 1, 2, 3, 5 -> ``[4]``."""
    given = mission_numbers(missions)
    return [n for n in range(1, max(given, default=0) + 1) if n not in given]


def smart_city_missions(missions: pd.DataFrame) -> dict[str, list[int]]:
    """What the source says of Smart City per mission: ``{"selaras": [...], "tersirat": [...]}``
    (missions declared aligned, missions it is implied in); empty lists without the column."""
    m = missions[missions["jenis"] == "misi"]
    col = m["smart_city"] if "smart_city" in m.columns else pd.Series(None, index=m.index)
    return {k: sorted(int(n) for n in m.loc[col == k, "misi"].dropna()) for k in SMART_CITY}


def programme_missions(prog: pd.DataFrame) -> pd.DataFrame:
    """One row per (programme, mission served): ``id, pillar, budget_planned, misi``."""
    rows = [{"id": r["id"], "pillar": r["pillar"], "budget_planned": r.get("budget_planned"),
             "misi": m}
            for r in prog.to_dict("records") for m in parse_missions(r.get("misi"))]
    return pd.DataFrame(rows, columns=["id", "pillar", "budget_planned", "misi"])


def mission_pillar_matrix(prog: pd.DataFrame, missions: pd.DataFrame,
                          value: str = "count") -> pd.DataFrame:
    """Missions (rows, every RPJMD mission) × pillars (columns, the six in order).

    ``value="count"``: number of programmes; ``value="budget"``: their summed planned budget
    (juta Rp; a cell with no programme is 0). Numbers the RPJMD does not have are left out
    (see :func:`unaligned_programmes`).
    """
    if value not in ("count", "budget"):
        raise ValueError(f"value must be 'count' or 'budget', not {value!r}")
    long = programme_missions(prog)
    nums = mission_numbers(missions)
    long = long[long["misi"].isin(nums)]
    if value == "count":
        m = long.pivot_table(index="misi", columns="pillar", values="id", aggfunc="count")
    else:
        long = long.assign(budget_planned=pd.to_numeric(long["budget_planned"]).fillna(0.0))
        m = long.pivot_table(index="misi", columns="pillar", values="budget_planned",
                             aggfunc="sum")
    m = m.reindex(index=nums, columns=list(PILLAR_CODES)).fillna(0)
    m = m.astype(int) if value == "count" else m.astype(float)
    m.index.name, m.columns.name = "misi", "pillar"
    return m


def unserved_missions(prog: pd.DataFrame, missions: pd.DataFrame) -> pd.DataFrame:
    """Missions no programme serves: ``misi, uraian``."""
    served = set(programme_missions(prog)["misi"])
    m = missions[(missions["jenis"] == "misi") & ~missions["misi"].isin(served)]
    return m[["misi", "uraian"]].sort_values("misi").reset_index(drop=True)


def unaligned_programmes(prog: pd.DataFrame, missions: pd.DataFrame) -> pd.DataFrame:
    """Programmes serving no RPJMD mission: ``id, program, pillar, misi`` (``misi`` as given;
    empty for a programme list without the column: it records no mission)."""
    nums = set(mission_numbers(missions))
    keep = [not (set(parse_missions(v)) & nums) for v in prog.get("misi", [None] * len(prog))]
    out = prog.loc[keep].reindex(columns=["id", "program", "pillar", "misi"])
    return out.reset_index(drop=True)


def alignment_table(prog: pd.DataFrame, missions: pd.DataFrame) -> pd.DataFrame:
    """Every RPJMD mission × the six pillars, long: ``misi, uraian, pillar, n_programmes,
    budget_planned`` (the two matrices of :func:`mission_pillar_matrix` side by side). A mission
    whose ``n_programmes`` are all 0 is one no programme serves."""
    count = mission_pillar_matrix(prog, missions, "count").stack().rename("n_programmes")
    budget = mission_pillar_matrix(prog, missions, "budget").stack().rename("budget_planned")
    out = pd.concat([count, budget], axis=1).reset_index()
    text = missions[missions["jenis"] == "misi"].set_index("misi")["uraian"]
    out.insert(1, "uraian", out["misi"].map(text))
    out["n_programmes"] = out["n_programmes"].astype(int)
    return out
