"""Tables of ``data/processed`` for the masterplan's strategy chapter (:mod:`analysis.strategy`).

No spec here reads a raw file. ``strategi`` (the TOWS strategies, checked against the
regency's SWOT factors, and the programmes' strategy codes checked against them) and
``target_kematangan`` (maturity targets) are computed per regency from that regency's files as
read (``strategi_masukan``, ``swot_masukan``, ``program_masukan``, ``target_masukan``:
:mod:`analysis.processed.read_tables`). Every other spec here takes the tables it ``depends``
on (``strategi``, ``target_kematangan``, ``swot_faktor``, ``swot_ringkasan``, ``program``,
``kesiapan``), handed per regency to a function of :mod:`analysis.strategy` for its planning
year (the latest year of its SWOT and strategy rows, :func:`analysis.strategy.default_year`).
A regency without the inputs of a table has no rows in it (a regency without strategies still
has a roadmap). Each table has ``kode_kemendagri``, ``tahun_rencana`` (the planning year) and
``illustrative`` (True when an input of that table is).
"""
from __future__ import annotations

import pandas as pd

from analysis import strategy as sg
from analysis.data.as_read import files_of
from analysis.processed.read_tables import last_file
from analysis.processed.spec import Sources, TableSpec
from analysis.masterplan import progress, strategies, swot
from analysis.data import template_tables as tpl
from analysis.readiness import own as own_rd
from analysis.strategy.gaps import COLUMNS as GAP_COLUMNS
from analysis.strategy.priorities import COLUMNS as PRIORITY_COLUMNS
from analysis.strategy.priorities import EXTRA_COLUMNS as PRIORITY_EXTRA
from analysis.strategy.roadmap import COLUMNS as ROADMAP_COLUMNS
from analysis.strategy.roadmap import PROGRAMME_COLUMNS as ROADMAP_PROGRAMME_COLUMNS
from analysis.strategy.tows import TOWS_COLUMNS, UNUSED_COLUMNS

UNIT = "kode_kemendagri"
PLAN_YEAR = "tahun_rencana"
STRATEGY_COLUMNS = [UNIT, "year", "strategy_code", "pillar", "type", "factors", "description",
                    "illustrative"]
TARGET_COLUMNS = [UNIT, "pillar", "year", "target_level", "illustrative"]
#: The tables every result table reads (``depends``).
DEPENDS = ("strategi", "target_kematangan", "swot_faktor", "swot_ringkasan", "program",
           "kesiapan")


def strategy_rows(src: Sources, tables: dict, code: str | None = None) -> pd.DataFrame:
    """The strategies of regency ``code`` (``strategi_masukan``, validated by
    :func:`analysis.masterplan.strategies.strategies_of_text` against its SWOT factors of
    ``swot_masukan``), after checking that every programme's strategy code
    (``program_masukan``) is one of them; empty without a strategy table (a programme naming a
    strategy is then an error)."""
    factors = [swot.factors_of_text(raw, source)
               for _, raw, source in files_of(tables["swot_masukan"], "swot")]
    text = last_file(tables["strategi_masukan"], "strategi_masukan")
    found = None
    if text is not None:
        found = strategies.strategies_of_text(*text, factors[-1] if factors else None)
    prog_text = last_file(tables["program_masukan"], "program_masukan")
    if prog_text is not None:
        raw, source = prog_text
        prog = tpl.validate(raw, progress.programme_schema(), source)
        strategies.check_programme_links(source.label, prog, found, source)
    if found is None:
        return pd.DataFrame(columns=STRATEGY_COLUMNS)
    out = found.assign(**{UNIT: code, "illustrative": tpl.rows_marked_illustrative(found)})
    return out[STRATEGY_COLUMNS]


def target_rows(src: Sources, tables: dict, code: str | None = None) -> pd.DataFrame:
    """The maturity targets of regency ``code`` (``target_masukan``, validated by
    :func:`analysis.masterplan.strategies.targets_of_text`)."""
    text = last_file(tables["target_masukan"], "target_masukan")
    if text is None:
        return pd.DataFrame(columns=TARGET_COLUMNS)
    found = strategies.targets_of_text(*text)
    return found.assign(**{UNIT: code, "illustrative": tpl.rows_marked_illustrative(found)})[
        TARGET_COLUMNS]


def _mine(df: pd.DataFrame, code: str) -> pd.DataFrame:
    return df[df[UNIT].astype(str) == code] if UNIT in df.columns else df.iloc[0:0]


def _flag(*frames) -> bool:
    return any(bool(f["illustrative"].astype(bool).any()) for f in frames
               if not f.empty and "illustrative" in f.columns)


def regency_inputs(tables: dict, code: str) -> dict:
    """The frames of the chapter for one regency, from the processed tables, and its planning
    year: ``code, factors, summary, strategies, programmes, targets, levels, readiness_row,
    year`` and ``illustrative`` (True when any of the frames is)."""
    factors = _mine(tables["swot_faktor"], code)
    strat = _mine(tables["strategi"], code)
    row = own_rd.row_for(tables["kesiapan"], code) if not tables["kesiapan"].empty else None
    out = {"code": code, "factors": factors, "summary": _mine(tables["swot_ringkasan"], code),
           "strategies": strat, "programmes": _mine(tables["program"], code),
           "targets": _mine(tables["target_kematangan"], code),
           "levels": sg.levels_from_readiness(row), "readiness_row": row,
           "year": sg.default_year(factors, strat)}
    out["illustrative"] = _flag(out["factors"], out["strategies"], out["programmes"],
                                out["targets"])
    return out


def _codes(tables: dict) -> list[str]:
    names = ("strategi", "target_kematangan", "program", "swot_faktor")
    return sorted({str(c) for n in names if UNIT in tables[n].columns for c in tables[n][UNIT]})


def _per_regency(tables: dict, columns: list[str], analyse, inputs_of) -> pd.DataFrame:
    """``analyse(inputs) -> frame`` for every regency with a planning year, with its code,
    year and the illustrative flag of the frames ``inputs_of(inputs)``."""
    frames = []
    for code in _codes(tables):
        inp = regency_inputs(tables, code)
        if inp["year"] is None:
            continue
        t = analyse(inp)
        if t.empty:
            continue
        ill = _flag(*inputs_of(inp))
        frames.append(t.assign(**{UNIT: code, PLAN_YEAR: inp["year"], "illustrative": ill}))
    cols = [UNIT, PLAN_YEAR, *columns, "illustrative"]
    return pd.concat(frames, ignore_index=True)[cols] if frames else pd.DataFrame(columns=cols)


def _readiness_frame(inp) -> pd.DataFrame:
    row = inp["readiness_row"]
    return pd.DataFrame([row]) if row is not None else pd.DataFrame()


def priority_table(src: Sources, tables: dict, code: str | None = None) -> pd.DataFrame:
    """Per regency: each scored programme's priority score, rank and rank range
    (:func:`analysis.strategy.priorities`)."""
    return _per_regency(tables, PRIORITY_COLUMNS + PRIORITY_EXTRA,
                        lambda i: sg.priorities(i["programmes"]), lambda i: [i["programmes"]])


def tows_matrix(src: Sources, tables: dict, code: str | None = None) -> pd.DataFrame:
    """Per regency, pillar and strategy type of the planning year: strategies, programmes,
    budget and the direction flag (:func:`analysis.strategy.tows_table`)."""
    return _per_regency(
        tables, TOWS_COLUMNS,
        lambda i: sg.tows_table(i["strategies"], i["programmes"], i["summary"], i["year"])
        if not i["strategies"].empty else pd.DataFrame(),
        lambda i: [i["strategies"], i["programmes"], i["factors"]])


def unused_table(src: Sources, tables: dict, code: str | None = None) -> pd.DataFrame:
    """Per regency: the planning year's SWOT factors no strategy uses, major weaknesses and
    threats flagged (:func:`analysis.strategy.unused_factors`)."""
    return _per_regency(
        tables, UNUSED_COLUMNS,
        lambda i: sg.unused_factors(i["factors"], i["strategies"], i["year"]),
        lambda i: [i["factors"], i["strategies"]])


def gap_table(src: Sources, tables: dict, code: str | None = None) -> pd.DataFrame:
    """Per regency: today's maturity against each target, the programmes that can close the
    gap (:func:`analysis.strategy.gaps`)."""
    return _per_regency(
        tables, GAP_COLUMNS,
        lambda i: sg.gaps(i["targets"], i["levels"], i["programmes"], i["year"]),
        lambda i: [i["targets"], i["programmes"], _readiness_frame(i)])


def roadmap_table(src: Sources, tables: dict, code: str | None = None) -> pd.DataFrame:
    """Per regency, pillar, year and term: programmes and budget (:func:`analysis.strategy.
    roadmap`)."""
    return _per_regency(tables, ROADMAP_COLUMNS,
                        lambda i: sg.roadmap(i["programmes"], i["year"]),
                        lambda i: [i["programmes"]])


def roadmap_programme_table(src: Sources, tables: dict, code: str | None = None):
    """Per regency: every programme on the roadmap with its term, years, budget and priority
    rank (:func:`analysis.strategy.roadmap_programmes`, ranks from ``strategi_prioritas``)."""
    prio = tables["strategi_prioritas"]
    return _per_regency(
        tables, ROADMAP_PROGRAMME_COLUMNS,
        lambda i: sg.roadmap_programmes(i["programmes"], i["year"], _mine(prio, i["code"])),
        lambda i: [i["programmes"]])


_FLAG = {"illustrative": "bool"}
_KEYS = {UNIT: "str", PLAN_YEAR: "Int64", **_FLAG}

STRATEGY_TABLES: list[TableSpec] = [
    TableSpec("strategi", (), strategy_rows, per_regency=True,
              depends=("strategi_masukan", "swot_masukan", "program_masukan"),
              dtypes={UNIT: "str", "year": "Int64", "strategy_code": "str", "factors": "str",
                      **_FLAG},
              description="TOWS strategies per pillar, their SWOT factor codes"),
    TableSpec("target_kematangan", (), target_rows, depends=("target_masukan",),
              per_regency=True,
              dtypes={UNIT: "str", "year": "Int64", "target_level": "Int64", **_FLAG},
              description="maturity targets per pillar and year"),
    TableSpec("strategi_prioritas", (), priority_table, depends=DEPENDS,
              dtypes={**_KEYS, "kode_program": "str", "peringkat": "Int64",
                      "peringkat_min": "Int64", "peringkat_maks": "Int64",
                      "kode_strategi": "str"},
              description="programme priorities: weighted criteria, rank, rank range"),
    TableSpec("strategi_tows", (), tows_matrix, depends=DEPENDS,
              dtypes={**_KEYS, "n_strategi": "Int64", "n_program": "Int64",
                      "arah_menyimpang": "bool"},
              description="TOWS matrix: strategies, programmes and budget per pillar and type"),
    TableSpec("strategi_faktor", (), unused_table, depends=DEPENDS,
              dtypes={**_KEYS, "kode_faktor": "str", "utama_tak_tertangani": "bool"},
              description="SWOT factors no strategy uses, major W/T flagged"),
    TableSpec("strategi_kesenjangan", (), gap_table, depends=DEPENDS,
              dtypes={**_KEYS, "tahun": "Int64", "tingkat_sekarang": "Int64",
                      "tingkat_target": "Int64", "selisih": "Int64", "n_program": "Int64",
                      "tanpa_program": "bool"},
              description="maturity today against the target, programmes that can close it"),
    TableSpec("strategi_peta_jalan", (), roadmap_table, depends=DEPENDS,
              dtypes={**_KEYS, "tahun": "Int64", "n_program": "Int64"},
              description="roadmap: programmes and budget per pillar, year and term"),
    TableSpec("strategi_peta_jalan_program", (), roadmap_programme_table,
              depends=(*DEPENDS, "strategi_prioritas"),
              dtypes={**_KEYS, "kode_program": "str", "tahun_mulai": "Int64",
                      "tahun_selesai": "Int64", "peringkat": "Int64"},
              description="roadmap: every programme with its term, years, budget and rank"),
]
