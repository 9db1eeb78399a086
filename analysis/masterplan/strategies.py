"""The masterplan's strategy chapter as tables: TOWS strategies, programme criteria, targets.

Three tables of a regency (CSV ``strategies_<code>.csv`` and ``maturity_targets_<code>.csv``,
or the sheets *Strategi* and *Target* of the regency workbook), plus columns of two others:

* SWOT factors get ``factor_code`` (``GOV-S1``), unique within a year (over every pillar);
* strategies: ``year, strategy_code, pillar, type (SO/ST/WO/WT), factors, description``: the
  codes of the SWOT factors a strategy pairs, separated by commas. An SO strategy pairs at
  least one strength with at least one opportunity and nothing else (ST, WO and WT likewise,
  the TOWS matrix of Weihrich 1982); its factors are factors of the same pillar and year;
  ``(year, strategy_code)`` is unique;
* programmes get ``strategy_code`` (a strategy of the strategy table, of any year) and four
  priority criteria on 1–5 (:data:`CRITERIA`: impact, urgency, readiness, cost with 5 = the
  cheapest), scored together or not at all;
* maturity targets: ``pillar, year, target_level`` (1–5, the maturity scale of the readiness
  assessment): the level a pillar is to reach by that year; ``(pillar, year)`` is unique.

The new columns are optional in the SWOT and programme tables of the earlier layout: without
them (and without a strategy table) a regency simply has no strategy data. Each rule is one
function returning every problem as ``(rule, row position, column, value)``, shared by the
CSV readers here (which raise the first, naming file, row, column and value) and the workbook
import (:mod:`analysis.masterplan.workbook_sheets`, which names every cell).
"""
from __future__ import annotations

import re

import pandas as pd

from analysis.data.schema import Column, Schema
from analysis.data import template_tables as tpl
from analysis.masterplan.workbook_errors import msg

STRATEGIES_RE = re.compile(r"strategies_([0-9]{2}\.[0-9]{2})\.csv")
TARGETS_RE = re.compile(r"maturity_targets_([0-9]{2}\.[0-9]{2})\.csv")
#: A factor or strategy code: a letter or digit, then letters, digits, ``.``, ``_`` or ``-``
#: (no spaces or commas: codes are listed separated by commas), at most 40 characters.
CODE_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}"
#: The four priority criteria of a programme (canonical names), each 1–5, higher = first.
CRITERIA = ("impact_score", "urgency_score", "readiness_score", "cost_score")
TOWS_TYPES = tuple(tpl.CHOICES["tows_type"])
#: A SWOT type in a message: (with its article, singular, plural).
TYPE_WORDS = {"S": ("a strength", "strength", "strengths"),
              "W": ("a weakness", "weakness", "weaknesses"),
              "O": ("an opportunity", "opportunity", "opportunities"),
              "T": ("a threat", "threat", "threats")}
#: A strategy type with its article ("an SO strategy", "a WT strategy").
_KIND = {"SO": "an SO", "ST": "an ST", "WO": "a WO", "WT": "a WT"}
_SPLIT = re.compile(r"\s*,\s*")


def _opt(name, kind="text", **kw) -> Column:
    return Column(name, kind, required=False, nullable=True, **kw)


def code_column(name: str, required: bool = True) -> Column:
    """A code column (:data:`CODE_PATTERN`)."""
    return Column(name, "code", required=required, nullable=not required, pattern=CODE_PATTERN)


def criteria_columns() -> tuple[Column, ...]:
    """The optional programme columns of the strategy chapter: strategy code and criteria."""
    return (code_column("strategy_code", required=False),
            *(_opt(c, "int", min=1, max=5) for c in CRITERIA))


def strategy_schema() -> Schema:
    """Schema of a strategy table (shared by CSV and the workbook's *Strategi* sheet)."""
    return Schema("strategies", (
        Column("year", "int", min=1990, max=2100), code_column("strategy_code"),
        tpl.pillar_column(), Column("type", "text", allowed=TOWS_TYPES),
        Column("factors", "text"), Column("description", "text"),
        _opt("regency", "code", pattern=r"[0-9]{2}\.[0-9]{2}"),
        _opt("illustrative", allowed=tpl._codes("yesno"))),
        unique_together=(("year", "strategy_code"),))


def target_schema() -> Schema:
    """Schema of a maturity-target table (CSV and the workbook's *Target* sheet)."""
    return Schema("maturity_targets", (
        tpl.pillar_column(), Column("year", "int", min=1990, max=2100),
        Column("target_level", "int", min=1, max=5),
        _opt("regency", "code", pattern=r"[0-9]{2}\.[0-9]{2}"),
        _opt("illustrative", allowed=tpl._codes("yesno"))),
        unique_together=(("pillar", "year"),))


def _msg(key: str, english: str, **params) -> str:
    """``english`` as a message that also knows its catalogue text (the workbook import shows
    it in the workbook's language; elsewhere it is plain English text)."""
    return msg(key, english, **params)


def _word(t: str) -> tuple:
    """A SWOT type's word as a message parameter in the message's language."""
    return ("@", f"type_{t}", ())


def _lacking(types) -> tuple:
    """``peluang (O)``, or two such joined (``... and no ...``), as a message parameter."""
    shown = [("@", "type_shown", (("word", _word(t)), ("t", t))) for t in types]
    if len(shown) == 1:
        return shown[0]
    return ("@", "two_types", (("first", shown[0]), ("second", shown[1])))


def parse_factors(text) -> list[str]:
    """The factor codes of a strategy's ``factors`` cell (``"GOV-S1, GOV-O2"``); raises
    :class:`ValueError` saying what is wrong (empty, a code of the wrong form, a repeat)."""
    items = [] if text is None or str(text).strip() == "" else _SPLIT.split(str(text).strip())
    if not items:
        raise ValueError(_msg("no_factor_codes", "no factor codes (list the SWOT factor codes, "
                                                  "separated by commas)"))
    seen = []
    for code in items:
        if not re.fullmatch(CODE_PATTERN, code, re.ASCII):
            raise ValueError(_msg("bad_factor_code", f"{code!r} is not a factor code such as "
                                                     f"GOV-S1 (separate codes by commas)",
                                  value=repr(code)))
        if code in seen:
            raise ValueError(_msg("factor_twice", f"factor {code!r} is listed twice",
                                  value=repr(code)))
        seen.append(code)
    return seen


def _missing(v) -> bool:
    return v is None or (not isinstance(v, str) and pd.isna(v))


def factor_code_problems(factors: pd.DataFrame) -> list[tuple]:
    """A ``factor_code`` repeating one of the same year (and regency) is a problem at the
    repeat: ``(rule, position, "factor_code", code)``."""
    if "factor_code" not in factors.columns:
        return []
    seen: dict[tuple, int] = {}
    out = []
    for pos, (code, year, reg) in enumerate(zip(
            factors["factor_code"], factors.get("year", [None] * len(factors)),
            factors.get("regency", [None] * len(factors)))):
        if _missing(code):
            continue
        key = (None if _missing(reg) else reg, None if _missing(year) else int(year), code)
        if key in seen:
            out.append((_msg("factor_code_repeats", f"factor code {code!r} repeats row "
                                                    f"{seen[key] + 2} (a factor code is unique "
                                                    f"within a year)",
                             value=repr(code), row=seen[key] + 2), pos, "factor_code", code))
        else:
            seen[key] = pos
    return out


def strategy_problems(strategies: pd.DataFrame, factors: pd.DataFrame,
                      unknown: set | None = None) -> list[tuple]:
    """Every strategy whose ``factors`` break a rule: a code not in the SWOT table, a factor
    of another pillar or year, a factor type the strategy does not pair (an SO strategy pairs
    strengths with opportunities), or a side missing (no strength in an SO strategy). Codes in
    ``unknown`` (SWOT rows whose year, pillar or type could not be read) are not judged.
    Returns ``(rule, position, "factors", cell text)``."""
    by_code: dict[str, list[dict]] = {}
    if "factor_code" in factors.columns:
        for rec in factors.to_dict("records"):
            if not _missing(rec.get("factor_code")):
                by_code.setdefault(str(rec["factor_code"]), []).append(rec)
    unknown = unknown or set()
    out = []
    for pos, rec in enumerate(strategies.to_dict("records")):
        text, kind = rec.get("factors"), rec.get("type")
        try:
            codes = parse_factors(text)
        except ValueError as exc:
            out.append((exc.args[0], pos, "factors", text))
            continue
        year, pillar = rec.get("year"), rec.get("pillar")
        if any(_missing(v) for v in (year, pillar, kind)):
            continue                          # its own cell is in error already
        rule = _pairing_rule(codes, int(year), str(pillar), str(kind), by_code, unknown)
        if rule:
            out.append((rule, pos, "factors", text))
    return out


def _pairing_rule(codes, year: int, pillar: str, kind: str, by_code: dict,
                  unknown: set) -> str | None:
    types = []
    for code in codes:
        if code in unknown:
            return None
        hits = by_code.get(code, [])
        mine = [r for r in hits if not _missing(r.get("year")) and int(r["year"]) == year
                and r.get("pillar") == pillar]
        if not mine:
            where = sorted({f"{r.get('pillar')} {'' if _missing(r.get('year')) else int(r['year'])}"
                            .strip() for r in hits})
            also = f" (it is a factor of {', '.join(where)})" if where else ""
            return _msg("factor_elsewhere",
                        f"factor {code!r} is not a SWOT factor of pillar {pillar} in {year}"
                        f"{also}; a strategy pairs factors of its own pillar and year",
                        value=repr(code), pillar=pillar, year=year,
                        also=("@", "factor_also", (("where", ", ".join(where)),))
                        if where else "")
        t = str(mine[0].get("type"))
        a, b = kind
        if t not in kind:
            return _msg("pair_type",
                        f"factor {code!r} is {TYPE_WORDS[t][0]} ({t}); {_KIND[kind]} strategy "
                        f"pairs {TYPE_WORDS[a][2]} ({a}) with {TYPE_WORDS[b][2]} ({b}) only",
                        value=repr(code), word=_word(t), t=t, kind=kind, a_word=_word(a), a=a,
                        b_word=_word(b), b=b)
        types.append(t)
    lacking = [s for s in kind if s not in types]
    if lacking:
        return _msg("pair_missing",
                    f"{_KIND[kind]} strategy pairs at least one {TYPE_WORDS[a][1]} ({a}) with at "
                    f"least one {TYPE_WORDS[b][1]} ({b}); no "
                    f"{' and no '.join(f'{TYPE_WORDS[s][1]} ({s})' for s in lacking)} listed",
                    kind=kind, a_word=_word(a), a=a, b_word=_word(b), b=b,
                    lacking=_lacking(lacking))
    return None


def criteria_problems(prog: pd.DataFrame) -> list[tuple]:
    """A programme with some of the four criteria scored and others empty: a problem at the
    first empty one (the criteria are scored together or not at all)."""
    if not all(c in prog.columns for c in CRITERIA):
        return []
    out = []
    for pos, rec in enumerate(prog[list(CRITERIA)].to_dict("records")):
        empty = [c for c in CRITERIA if _missing(rec[c])]
        if empty and len(empty) < len(CRITERIA):
            heads = ", ".join(tpl.field("programmes", c).header for c in empty)
            out.append((_msg("criteria_together", f"the four priority criteria are scored "
                                                  f"together: {heads} empty while the others "
                                                  f"are scored", empty=heads),
                        pos, empty[0], None))
    return out


def link_problems(prog: pd.DataFrame, codes: set | None) -> list[tuple]:
    """A programme whose ``strategy_code`` is not a strategy of the strategy table (``codes``;
    ``None``: the regency has no strategy table)."""
    if "strategy_code" not in prog.columns:
        return []
    out = []
    for pos, code in enumerate(prog["strategy_code"]):
        if _missing(code) or (codes is not None and code in codes):
            continue
        where = ("the regency has no strategy table (sheet Strategi, strategies_<code>.csv)"
                 if codes is None else "not a strategy code of the strategy table")
        key = "no_strategy_table" if codes is None else "not_strategy_code"
        out.append((_msg("strategy_unknown", f"strategy {code!r}: {where}", value=repr(code),
                         where=("@", key, ())), pos, "strategy_code", code))
    return out


def _read(path, kind: str, schema: Schema) -> tuple[pd.DataFrame, tpl.Source]:
    raw, source = tpl.read_text(path, kind)
    return tpl.validate(tpl.normalise(raw, kind, source), schema, source), source


def read_strategies(path, factors: pd.DataFrame | None) -> pd.DataFrame:
    """Read and validate a strategy table against the regency's SWOT ``factors`` (validated,
    with ``factor_code``; ``None``: no SWOT table, so every factor reference is an error)."""
    raw, source = tpl.read_text(path, "strategies")
    return strategies_of_text(tpl.normalise(raw, "strategies", source), source, factors)


def strategies_of_text(raw: pd.DataFrame, source: tpl.Source,
                       factors: pd.DataFrame | None) -> pd.DataFrame:
    """A strategy table's normalised text (:func:`analysis.data.template_tables.normalise`)
    validated against the regency's SWOT ``factors`` as :func:`read_strategies` does; errors
    name ``source``'s rows."""
    df = tpl.validate(raw, strategy_schema(), source)
    facts = factors if factors is not None else pd.DataFrame(
        columns=["year", "pillar", "type", "factor_code"])
    problems = strategy_problems(df, facts)
    if problems:
        raise source.error(*problems[0])
    return df


def read_targets(path) -> pd.DataFrame:
    """Read and validate a maturity-target table."""
    return _read(path, "targets", target_schema())[0]


def targets_of_text(raw: pd.DataFrame, source: tpl.Source) -> pd.DataFrame:
    """A maturity-target table's normalised text validated as :func:`read_targets` does."""
    return tpl.validate(raw, target_schema(), source)


def check_programme_links(path, prog: pd.DataFrame, strategies: pd.DataFrame | None,
                          source: tpl.Source | None = None) -> None:
    """Every ``strategy_code`` of the programme table ``path`` (read as ``prog``; its rows
    named by ``source`` when given, else by reading ``path`` again) is a strategy of
    ``strategies``; the first that is not raises an error naming file, row and value."""
    codes = None if strategies is None else set(strategies["strategy_code"])
    problems = link_problems(prog, codes)
    if problems:
        if source is None:
            source = tpl.read_text(path, "programmes")[1]
        raise source.error(*problems[0])
