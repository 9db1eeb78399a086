"""The TOWS matrix of a planning year, the SWOT factors no strategy uses, and the pillars whose
strategies point away from their SWOT quadrant.

* :func:`tows_table`: per pillar and strategy type (SO, ST, WO, WT) the strategies of the
  year, the programmes that carry them out (a programme's ``strategy_code``) and their planned
  budget; every type of every pillar with SWOT factors or strategies that year has a row.
* :func:`direction`: a pillar's SWOT quadrant (:mod:`analysis.masterplan.swot`: I aggressive
  SO, II diversification ST, III turnaround WO, IV defensive WT) names the strategy type its
  analysis calls for. The pillar's strategies *point away* from it (``arah_menyimpang``) when
  that type is not among the most frequent types of the pillar's strategies (mostly WT in an
  aggressive pillar, say); a tie that includes the quadrant's type does not point away.
* :func:`unused_factors`: factors of the year's SWOT that no strategy of that year lists (a
  factor without a code cannot be listed, so it is unused); a weakness or threat with a rating
  of at least ``unused_factors.major_rating`` (3) is flagged (``utama_tak_tertangani``): a major
  problem left unaddressed.
"""
from __future__ import annotations

import pandas as pd

from analysis.i18n import PILLAR_CODES
from analysis.masterplan.strategies import TOWS_TYPES, parse_factors
from analysis.strategy.settings import load_settings

TOWS_COLUMNS = ["pilar", "jenis", "n_strategi", "n_program", "anggaran", "strategi_kuadran",
                "arah_menyimpang"]
DIRECTION_COLUMNS = ["pilar", "kuadran", "strategi_kuadran", "jenis_terbanyak", "n_strategi",
                     "arah_menyimpang"]
UNUSED_COLUMNS = ["pilar", "kode_faktor", "jenis", "rating", "faktor", "utama_tak_tertangani"]
_TYPE_ORDER = {t: i for i, t in enumerate("SWOT")}


STRATEGY_FIELDS = ("year", "strategy_code", "pillar", "type", "factors")
SUMMARY_FIELDS = ("year", "pillar", "quadrant", "strategy")
FACTOR_FIELDS = ("year", "pillar", "type", "factor", "rating", "factor_code")


def with_columns(df: pd.DataFrame | None, columns) -> pd.DataFrame:
    """``df`` (``None``: no rows) with every column of ``columns`` (a missing one empty)."""
    columns = list(dict.fromkeys(columns))
    df = pd.DataFrame(columns=columns) if df is None else df
    return df.assign(**{c: None for c in columns if c not in df.columns})


def of_year(df: pd.DataFrame | None, year: int, columns=("year",)) -> pd.DataFrame:
    """The rows of ``df`` whose ``year`` is ``year``, with ``columns`` (:func:`with_columns`)."""
    df = with_columns(df, ("year", *columns))
    return df[pd.to_numeric(df["year"], errors="coerce") == int(year)]


def _pillars(*frames) -> list[str]:
    present = {p for f in frames if f is not None and "pillar" in f.columns for p in f["pillar"]}
    return [p for p in PILLAR_CODES if p in present]


def direction(strategies: pd.DataFrame, summary: pd.DataFrame, year: int) -> pd.DataFrame:
    """:data:`DIRECTION_COLUMNS` per pillar with SWOT (``summary``: ``swot_ringkasan`` rows with
    ``pillar, year, quadrant, strategy``) or strategies in ``year``."""
    st, sm = of_year(strategies, year, STRATEGY_FIELDS), of_year(summary, year, SUMMARY_FIELDS)
    quad = dict(zip(sm["pillar"], zip(sm["quadrant"], sm["strategy"])))
    rows = []
    for p in _pillars(st, sm):
        counts = st.loc[st["pillar"] == p, "type"].value_counts()
        top = [t for t in TOWS_TYPES if len(counts) and counts.get(t, 0) == counts.max()]
        q, wanted = quad.get(p, (None, None))
        rows.append({"pilar": p, "kuadran": q, "strategi_kuadran": wanted,
                     "jenis_terbanyak": ";".join(top), "n_strategi": int(counts.sum()),
                     "arah_menyimpang": bool(len(counts) and wanted is not None
                                             and wanted not in top)})
    return pd.DataFrame(rows, columns=DIRECTION_COLUMNS)


def tows_table(strategies: pd.DataFrame, programmes: pd.DataFrame, summary: pd.DataFrame,
               year: int) -> pd.DataFrame:
    """:data:`TOWS_COLUMNS`: per pillar and type the year's strategies (``n_strategi``), the
    programmes carrying them out (``n_program``) and their planned budget (``anggaran``,
    million Rp; 0 without programmes), with the pillar's quadrant strategy and its
    :func:`direction` flag."""
    st, sm = of_year(strategies, year, STRATEGY_FIELDS), of_year(summary, year, SUMMARY_FIELDS)
    prog = with_columns(programmes, ("strategy_code", "budget_planned"))
    links = prog["strategy_code"]
    budget = pd.to_numeric(prog["budget_planned"], errors="coerce")
    flags = direction(strategies, summary, year).set_index("pilar")
    rows = []
    for p in _pillars(st, sm):
        for t in TOWS_TYPES:
            codes = set(st.loc[(st["pillar"] == p) & (st["type"] == t), "strategy_code"])
            mine = links.isin(codes) if codes else pd.Series(False, index=links.index)
            rows.append({"pilar": p, "jenis": t, "n_strategi": len(codes),
                         "n_program": int(mine.sum()),
                         "anggaran": float(budget[mine].sum()),
                         "strategi_kuadran": flags.at[p, "strategi_kuadran"],
                         "arah_menyimpang": bool(flags.at[p, "arah_menyimpang"])})
    return pd.DataFrame(rows, columns=TOWS_COLUMNS)


def used_codes(strategies: pd.DataFrame) -> set[str]:
    """Every factor code the strategies list."""
    return {c for text in strategies.get("factors", []) for c in parse_factors(text)}


def unused_factors(factors: pd.DataFrame, strategies: pd.DataFrame, year: int,
                   settings: dict | None = None) -> pd.DataFrame:
    """:data:`UNUSED_COLUMNS`: the ``year``'s SWOT factors (``pillar, type, factor, rating,
    factor_code``) that none of that year's strategies lists, in pillar and S-W-O-T order;
    ``utama_tak_tertangani`` for a weakness or threat rated ``major_rating`` or more. Empty
    when the regency has no strategies at all (no strategy data: nothing to compare with)."""
    major = (settings or load_settings())["unused_factors"]["major_rating"]
    if strategies is None or strategies.empty:
        return pd.DataFrame(columns=UNUSED_COLUMNS)
    f = of_year(factors, year, FACTOR_FIELDS)
    used = used_codes(of_year(strategies, year, STRATEGY_FIELDS))
    left = f[pd.Series([not (isinstance(c, str) and c in used) for c in f["factor_code"]],
                       index=f.index, dtype=bool)]
    out = pd.DataFrame({
        "pilar": left["pillar"].to_numpy(), "kode_faktor": left["factor_code"].to_numpy(),
        "jenis": left["type"].to_numpy(), "rating": left["rating"].astype(float).to_numpy(),
        "faktor": left["factor"].to_numpy()})
    out["utama_tak_tertangani"] = out["jenis"].isin(["W", "T"]) & (out["rating"] >= major)
    order = {p: i for i, p in enumerate(PILLAR_CODES)}
    out = out.assign(_p=out["pilar"].map(order), _t=out["jenis"].map(_TYPE_ORDER))
    out = out.sort_values(["_p", "_t", "kode_faktor"], kind="stable").drop(
        columns=["_p", "_t"]).reset_index(drop=True)[UNUSED_COLUMNS]
    return out
