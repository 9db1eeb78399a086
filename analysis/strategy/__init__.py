"""The masterplan's strategy chapter: from the SWOT to strategies, priorities, gaps and a
roadmap (*strategi dan peta jalan*), frames in and frames out.

Indonesian masterplans work through a fixed sequence: readiness → gap analysis → SWOT and TOWS
strategies → development targets → initiatives (programmes) → roadmap. The tables come from the
regency workbook (:mod:`analysis.masterplan.strategies`: factor codes, the *Strategi* and
*Target* sheets, the programme criteria); nothing here reads a file.

* :mod:`.priorities`: each programme's priority score (weighted mean of four 1–5 criteria),
  rank and rank range under ±25 % weights (the index engine's uncertainty analysis);
* :mod:`.tows`: the TOWS matrix of the planning year (strategies, programmes, budget per
  pillar and type), the factors no strategy uses (a major weakness or threat flagged) and
  the pillars whose strategies point away from their SWOT quadrant;
* :mod:`.gaps`: today's maturity against the target per pillar, and the programmes that can
  still close each gap (a gap without one flagged);
* :mod:`.roadmap`: the programmes by term (short ≤ 1 year, medium ≤ 5, long ≤ 10) and the
  budget per pillar and year.

:func:`run_strategy` runs all of them for one regency and one planning year (default: the latest
year of its SWOT and strategy rows, :func:`default_year`). Each part needs only its own input:
a regency without strategies still has a roadmap, and one without criteria no priorities;
:attr:`StrategyResult.missing` says which inputs were absent ("no strategy data").
Settings: ``analysis/strategy/strategy_settings.yaml`` (:mod:`.settings`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from analysis.strategy import gaps as _gaps
from analysis.strategy import roadmap as _roadmap
from analysis.strategy import tows as _tows
from analysis.strategy.gaps import gaps, levels_from_readiness
from analysis.strategy.priorities import priorities, scored_programmes
from analysis.strategy.roadmap import roadmap, roadmap_programmes
from analysis.strategy.settings import load_settings
from analysis.strategy.tows import direction, tows_table, unused_factors, with_columns

__all__ = ["StrategyResult", "run_strategy", "default_year", "priorities", "tows_table",
           "direction", "unused_factors", "gaps", "levels_from_readiness", "roadmap",
           "roadmap_programmes", "load_settings", "INPUTS"]

#: The inputs of the chapter, in the order :attr:`StrategyResult.missing` names them.
INPUTS = ("swot", "strategies", "criteria", "targets", "readiness", "programmes")


def default_year(factors: pd.DataFrame | None, strategies: pd.DataFrame | None) -> int | None:
    """The latest year of the SWOT factors and strategies (``None`` without any year)."""
    years = [pd.to_numeric(with_columns(df, ("year",))["year"], errors="coerce")
             for df in (factors, strategies)]
    top = pd.concat(years).max() if years else None
    return None if top is None or pd.isna(top) else int(top)


@dataclass
class StrategyResult:
    """The chapter's tables for one regency and planning year (Indonesian column names)."""

    year: int | None
    prioritas: pd.DataFrame
    tows: pd.DataFrame
    faktor_tak_terpakai: pd.DataFrame
    kesenjangan: pd.DataFrame
    peta_jalan: pd.DataFrame
    peta_jalan_program: pd.DataFrame
    arah: pd.DataFrame
    missing: list[str] = field(default_factory=list)

    @property
    def has_strategy_data(self) -> bool:
        """True when the regency has strategies, scored programmes or targets."""
        return not {"strategies", "criteria", "targets"} <= set(self.missing)


def _empty(df: pd.DataFrame | None) -> bool:
    return df is None or df.empty


def run_strategy(factors: pd.DataFrame | None, summary: pd.DataFrame | None,
                 strategies: pd.DataFrame | None, programmes: pd.DataFrame | None,
                 targets: pd.DataFrame | None, levels: dict | None, year: int | None = None,
                 settings: dict | None = None) -> StrategyResult:
    """Every table of the chapter for one regency: ``factors`` (SWOT factors with
    ``factor_code``), ``summary`` (the SWOT summary per pillar: quadrant), ``strategies``,
    ``programmes`` (with ``strategy_code`` and the criteria), ``targets``, ``levels`` (today's
    maturity per pillar, :func:`levels_from_readiness`) and the planning ``year`` (default
    :func:`default_year`). Without a year, every table but the priorities is empty; without
    strategies, the TOWS matrix and the unused factors are (nothing to compare with)."""
    cfg = settings or load_settings()
    year = default_year(factors, strategies) if year is None else int(year)
    missing = [name for name, absent in (
        ("swot", _empty(factors)), ("strategies", _empty(strategies)),
        ("criteria", scored_programmes(with_columns(programmes, ())).empty),
        ("targets", _empty(targets)), ("readiness", not levels),
        ("programmes", _empty(programmes))) if absent]
    prio = priorities(with_columns(programmes, ("id", "pillar")), cfg)
    if year is None:
        return StrategyResult(None, prio, *(pd.DataFrame(columns=c) for c in (
            _tows.TOWS_COLUMNS, _tows.UNUSED_COLUMNS, _gaps.COLUMNS, _roadmap.COLUMNS,
            _roadmap.PROGRAMME_COLUMNS, _tows.DIRECTION_COLUMNS)), missing=missing)
    return StrategyResult(
        year=year, prioritas=prio,
        tows=(tows_table(strategies, programmes, summary, year) if not _empty(strategies)
              else pd.DataFrame(columns=_tows.TOWS_COLUMNS)),
        faktor_tak_terpakai=unused_factors(factors, strategies, year, cfg),
        kesenjangan=gaps(targets, levels or {}, programmes, year),
        peta_jalan=roadmap(programmes, year, cfg),
        peta_jalan_program=roadmap_programmes(programmes, year, prio, cfg),
        arah=direction(strategies, summary, year), missing=missing)
