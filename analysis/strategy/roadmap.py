"""The roadmap (*peta jalan*): the programmes still to run from the planning year, by term,
and their planned budget per pillar and year.

A programme's term is the number of years from the planning year to its planned end
(``end_year − year``; a masterplan drawn up in 2022 runs 2023–2032): short (*pendek*) ≤ 1
year, the quick wins done by the next year; medium (*menengah*) ≤ 5; long (*panjang*) ≤ 10
(setting ``roadmap.terms``); a later end is beyond the ten-year roadmap (*melewati*). A
programme that ended before the planning year is not on the roadmap. Its planned budget is
spread evenly over its planned years (``budget_planned / (end_year − start_year + 1)`` a
year); the roadmap shows the years from the planning year on.
"""
from __future__ import annotations

import pandas as pd

from analysis.i18n import PILLAR_CODES
from analysis.strategy.settings import load_settings
from analysis.strategy.tows import with_columns

BEYOND = "melewati"
COLUMNS = ["pilar", "tahun", "jangka", "n_program", "anggaran"]
PROGRAMME_COLUMNS = ["kode_program", "program", "pilar", "jangka", "tahun_mulai",
                     "tahun_selesai", "anggaran", "anggaran_per_tahun", "peringkat"]
_FIELDS = ("id", "program", "pillar", "start_year", "end_year", "budget_planned")


def terms(settings: dict | None = None) -> list[str]:
    """The term codes in order, :data:`BEYOND` last."""
    return [*(settings or load_settings())["roadmap"]["terms"], BEYOND]


def term_of(end_year: int, year: int, settings: dict | None = None) -> str:
    """The term of a programme ending in ``end_year`` seen from the planning ``year``."""
    n = int(end_year) - int(year)
    for code, limit in (settings or load_settings())["roadmap"]["terms"].items():
        if n <= limit:
            return code
    return BEYOND


def roadmap_programmes(programmes: pd.DataFrame, year: int, priorities: pd.DataFrame | None = None,
                       settings: dict | None = None) -> pd.DataFrame:
    """:data:`PROGRAMME_COLUMNS`: every programme ending in ``year`` or later with its term and
    budget (total and per planned year) and, when ``priorities`` has it, its priority rank;
    by term, start year, rank and code."""
    prog = with_columns(programmes, _FIELDS)
    prog = prog[pd.to_numeric(prog["end_year"], errors="coerce") >= int(year)]
    ranks = {} if priorities is None or priorities.empty else dict(
        zip(priorities["kode_program"].astype(str), priorities["peringkat"]))
    start, end = prog["start_year"].astype(int), prog["end_year"].astype(int)
    budget = pd.to_numeric(prog["budget_planned"], errors="coerce")
    out = pd.DataFrame({
        "kode_program": prog["id"].astype(str).to_numpy(), "program": prog["program"].to_numpy(),
        "pilar": prog["pillar"].to_numpy(),
        "jangka": [term_of(e, year, settings) for e in end],
        "tahun_mulai": start.to_numpy(), "tahun_selesai": end.to_numpy(),
        "anggaran": budget.to_numpy(),
        "anggaran_per_tahun": (budget / (end - start + 1)).to_numpy()})
    out["peringkat"] = pd.array([ranks.get(k) for k in out["kode_program"]], dtype="Int64")
    order = {t: i for i, t in enumerate(terms(settings))}
    out = out.assign(_t=out["jangka"].map(order), _r=out["peringkat"].fillna(10 ** 6))
    return out.sort_values(["_t", "tahun_mulai", "_r", "kode_program"], kind="stable").drop(
        columns=["_t", "_r"]).reset_index(drop=True)


def roadmap(programmes: pd.DataFrame, year: int, settings: dict | None = None) -> pd.DataFrame:
    """:data:`COLUMNS`: per pillar, year (from ``year`` on) and term the programmes planned to
    run that year and their budget that year (million Rp; missing when none has a budget)."""
    road = roadmap_programmes(programmes, year, settings=settings)
    rows = [{"pilar": r.pilar, "tahun": y, "jangka": r.jangka, "anggaran": r.anggaran_per_tahun}
            for r in road.itertuples() for y in range(max(int(r.tahun_mulai), int(year)),
                                                       int(r.tahun_selesai) + 1)]
    if not rows:
        return pd.DataFrame(columns=COLUMNS)
    long = pd.DataFrame(rows)
    out = long.groupby(["pilar", "tahun", "jangka"], sort=False).agg(
        n_program=("anggaran", "size"), anggaran=("anggaran", lambda s: s.sum(min_count=1)))
    out = out.reset_index()
    porder = {p: i for i, p in enumerate(PILLAR_CODES)}
    torder = {t: i for i, t in enumerate(terms(settings))}
    out = out.assign(_p=out["pilar"].map(porder), _t=out["jangka"].map(torder))
    out = out.sort_values(["_p", "tahun", "_t"]).drop(columns=["_p", "_t"])
    out["n_program"] = out["n_program"].astype(int)
    return out.reset_index(drop=True)[COLUMNS]
