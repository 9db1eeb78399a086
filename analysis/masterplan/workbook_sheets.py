"""The rules of each sheet of the regency workbook, collecting every broken rule.

Each ``<sheet>_table`` function takes the sheet's filled rows (:class:`SheetRows`) and returns
the tidy table in the loaders' canonical columns, appending a :class:`CellError` per broken
rule. Cell rules come from the loaders' own schemas (``readiness.ASSESSMENT``,
``risk.register_schema``, ``swot.swot_schema``, ``progress.programme_schema`` /
``realisation_schema``, ``alignment.MISSIONS``); the rules between rows (unique keys, one scale
per register, residual pairs, SWOT weight sums, start before end, known programme and mission
numbers) are checked here for every row, where the loaders stop at the first. So are the
rules of the strategy chapter (:mod:`analysis.masterplan.strategies`): factor codes unique per
year, a strategy's factors on the SWOT sheet in its pillar and year and of the types it pairs,
a programme's strategy on the *Strategi* sheet and its four criteria scored together, one
target per pillar and year.
"""
from __future__ import annotations

import pandas as pd

from analysis import readiness
from analysis.masterplan import progress
from analysis.masterplan import risk
from analysis.masterplan import strategies as st
from analysis.masterplan import swot
from analysis.data import template_tables as tpl
from analysis.data.schema import Schema
from analysis.masterplan import alignment
from analysis.masterplan.workbook_errors import (CellError, as_error, cell_error, decimal, msg,
                                                 phrase)
from analysis.masterplan.workbook_read import SheetRows, duplicates, normalise_cell, typed_rows


def _fixed(schema: Schema):
    return lambda texts: schema


def _values(df: pd.DataFrame, sr: SheetRows, errors, rule, cols) -> None:
    """Append an error at ``cols[0]`` for every row where ``rule(rec)`` returns a message."""
    for rec in df.to_dict("records"):
        why = rule(rec)
        if why:
            errors.append(as_error(sr.sheet, sr.ref(rec["_row"], cols[0]), why))


def readiness_table(sr: SheetRows, code: str, name: str, errors: list[CellError]) -> pd.DataFrame:
    """Kesiapan → ``readiness_assessment_<code>.csv`` rows (``ilustratif = tidak``)."""
    df = typed_rows(sr, "readiness", _fixed(readiness.ASSESSMENT), errors)
    known = set(readiness.load_readiness_framework().leaves)
    _values(df, sr, errors, lambda r: (msg("not_item", value=repr(r["kode_butir"]),
                                           framework=str(readiness.FRAMEWORK))
                                       if r["kode_butir"] is not None
                                       and r["kode_butir"] not in known else None),
            ["kode_butir"])
    duplicates(df, ["kode_butir"], sr, errors)
    return pd.DataFrame({"kode_kemendagri": code, "nama": name, "kode_butir": df["kode_butir"],
                         "skor": pd.to_numeric(df["skor"]), "ilustratif": "tidak",
                         "bukti": df["bukti"], "catatan": df["catatan"]})


def _year_scales(sr: SheetRows) -> dict:
    """Scale code per year text, from the first non-empty scale cell of that year; a blank
    scale cell belongs to its year's register (as :func:`risk.read_register` reads it)."""
    out: dict = {}
    for _, texts in sr.rows:
        code, _ = normalise_cell(texts.get("scale") or "", "risk", "scale")
        if code:
            out.setdefault(texts.get("year") or "", code)
    return out


def _risk_schema(year_scales: dict):
    schemas: dict = {}  # one schema per scale name: built once, not per row

    def schema_for(texts: dict) -> Schema:
        scale = texts.get("scale") or year_scales.get(texts.get("year") or "")
        if scale not in schemas:
            try:
                schemas[scale] = risk.register_schema(risk.get_scale(scale or None).max_level)
            except risk.RiskError:
                schemas[scale] = risk.register_schema(5)
        return schemas[scale]
    return schema_for


def _one_scale(df: pd.DataFrame, sr: SheetRows, errors) -> dict:
    """The scale of each year's register (blank cells: the year's scale, else the default); a
    second scale in one year is an error."""
    scales: dict = {}
    for rec in df.to_dict("records"):
        if not rec.get("scale"):
            continue
        first = scales.setdefault(rec.get("year"), (rec["scale"], rec["_row"]))
        if first[0] != rec["scale"]:
            errors.append(cell_error(sr.sheet, sr.ref(rec["_row"], "scale"), "one_scale",
                                     year=rec.get("year"), scale=first[0], row=first[1]))
    default = risk.load_settings()["default_scale"]
    return {y: scales.get(y, (default,))[0] for y in df["year"]}


def _problems(df: pd.DataFrame, cols: list[str], sr: SheetRows, errors, check) -> None:
    """Run a loader's collecting check (``check(frame) -> [(rule, position, column, value)]``)
    on the rows whose ``cols`` are all valid; each problem becomes a :class:`CellError`."""
    ok = df.dropna(subset=cols).reset_index(drop=True)
    for rule, pos, col, _ in check(ok):
        errors.append(as_error(sr.sheet, sr.ref(ok["_row"].iloc[pos], col), rule))


def risk_tables(sr: SheetRows, code: str, errors: list[CellError]) -> dict[int, pd.DataFrame]:
    """Risiko → one register per year (``risk_register_<code>_<year>.csv``)."""
    df = typed_rows(sr, "risk", _risk_schema(_year_scales(sr)), errors)
    _values(df, sr, errors, lambda r: msg("year_required") if r["year"] is None else None,
            ["year"])
    scales = _one_scale(df, sr, errors)
    for year, g in df.groupby("year", dropna=True, sort=True):
        sc = risk.get_scale(scales[year])
        typed = g.astype({c: "Int64" for c in ("likelihood", "impact", "residual_likelihood",
                                                 "residual_impact")})
        _problems(typed, ["likelihood", "impact"], sr, errors,
                  lambda f, sc=sc: risk.residual_problems(f, sc))
    duplicates(df, ["year", "risk_id"], sr, errors)
    out = {}
    for year, g in df.groupby("year", dropna=True, sort=True):
        t = g.drop(columns="_row").assign(regency=code, scale=scales.get(year), illustrative="no")
        cols = ["regency", "year", *[f.name for f in tpl.FIELDS["risk"]
                                     if f.name not in ("regency", "year")]]
        out[int(year)] = t[[c for c in cols if c in t.columns]]
    return out


def _with(df: pd.DataFrame, names) -> pd.DataFrame:
    """``df`` with every column of ``names`` (an optional column the sheet lacks: empty)."""
    return df.assign(**{n: None for n in names if n not in df.columns})


def swot_table(sr: SheetRows, code: str, errors: list[CellError]) -> pd.DataFrame:
    """SWOT → ``swot_factors_<code>.csv``; weights of S+W and O+T sum to 1 per (year, pillar);
    a factor code is unique within a year."""
    df = _with(typed_rows(sr, "swot", _fixed(swot.swot_schema()), errors), ["factor_code"])
    bad = df[df[["pillar", "type", "weight"]].isna().any(axis=1)]
    skip = set(zip(bad["year"], bad["pillar"]))  # a group with a cell in error is not summed
    keep = [(y, p) not in skip for y, p in zip(df["year"], df["pillar"])]
    typed = df[keep].astype({"weight": float}).assign(regency=None)
    # a factor whose pillar is in error belongs to no group: a sum of its year may be short
    # because of it, so that sum's error names the pillar cell as its cause
    lost: dict = {}
    for r, y in zip(bad.loc[bad["pillar"].isna(), "_row"], bad.loc[bad["pillar"].isna(), "year"]):
        lost.setdefault(y, []).append(f"{sr.sheet}!{sr.ref(r, 'pillar')}")
    _weight_errors(typed, sr, errors, lost)
    if "factor_code" in sr.columns:
        duplicates(df, ["year", "factor_code"], sr, errors)
    t = df.drop(columns="_row").assign(regency=code, illustrative="no")
    return t[["regency", "year", "pillar", "type", "factor", "weight", "rating", "factor_code",
              "illustrative"]]


def _weight_errors(typed: pd.DataFrame, sr: SheetRows, errors: list[CellError],
                   lost: dict) -> None:
    """Errors of the weight sums (group rules: listed after the cells' own errors); a sum in a
    year that has a factor with a pillar in error says that this may be the cause."""
    ok = typed.dropna(subset=["pillar", "type"]).reset_index(drop=True)
    tol = swot.load_settings()["swot"]["weight_tolerance"]
    for _, pos, col, total in swot.weight_problems(ok, tol):
        rec = ok.iloc[pos]
        ifas = (rec["type"] in ("S", "W")) == (col == "weight")  # no factors: the other side
        part, types = ("IFAS", "S+W") if ifas else ("EFAS", "O+T")
        cells = lost.get(rec["year"])
        cause = phrase("because", cells=", ".join(cells)) if cells else ""
        where = dict(pillar=rec["pillar"], year=rec["year"], part=part, types=types,
                     cause=cause)
        cell = sr.ref(rec["_row"], col)
        if col == "weight":
            diff = total - 1.0
            errors.append(cell_error(sr.sheet, cell, "weights", derived=True, **where,
                                     total=decimal(f"{total:.3f}"),
                                     diff=decimal(f"{abs(diff):.3f}"),
                                     side=phrase("over" if diff > 0 else "short"),
                                     tol=decimal(tol)))
        else:
            errors.append(cell_error(sr.sheet, cell, "no_factors", derived=True,
                                     **{**where, "types": types.replace("+", "/")}))


def unread_codes(sr: SheetRows | None, swot_rows: pd.DataFrame | None) -> set:
    """Factor codes of SWOT rows whose year, pillar or type is in error: a strategy naming one
    is not judged (the SWOT cell's error says what to fix)."""
    if swot_rows is None or sr is None:
        return set()
    bad = swot_rows[swot_rows[["year", "pillar", "type"]].isna().any(axis=1)]
    known = {c for c in bad["factor_code"] if c is not None}
    # a code cell that was itself in error: its text is not known either
    texts = {t.get("factor_code") for _, t in sr.rows if t.get("factor_code")}
    return known | {c for c in texts if c not in set(swot_rows["factor_code"].dropna())}


def strategies_table(sr: SheetRows, code: str, factors: pd.DataFrame | None, unread: set,
                     errors: list[CellError]) -> pd.DataFrame:
    """Strategi → ``strategies_<code>.csv``: ``(year, strategy_code)`` unique; each strategy's
    factors are SWOT factors of its pillar and year, of the two types it pairs."""
    df = typed_rows(sr, "strategies", _fixed(st.strategy_schema()), errors)
    duplicates(df, ["year", "strategy_code"], sr, errors)
    facts = factors if factors is not None else pd.DataFrame(
        columns=["year", "pillar", "type", "factor_code"])
    ok = df.reset_index(drop=True)
    for rule, pos, col, _ in st.strategy_problems(ok, facts, unread):
        errors.append(as_error(sr.sheet, sr.ref(ok["_row"].iloc[pos], col), rule))
    t = df.drop(columns="_row").assign(regency=code, illustrative="no")
    return t[["regency", *[f.name for f in tpl.FIELDS["strategies"]
                           if f.name not in ("regency", "illustrative")], "illustrative"]]


def targets_table(sr: SheetRows, code: str, errors: list[CellError]) -> pd.DataFrame:
    """Target → ``maturity_targets_<code>.csv``: one target level (1–5) per pillar and year."""
    df = typed_rows(sr, "targets", _fixed(st.target_schema()), errors)
    duplicates(df, ["pillar", "year"], sr, errors)
    t = df.drop(columns="_row").assign(regency=code, illustrative="no")
    return t[["regency", "pillar", "year", "target_level", "illustrative"]]


def missions_table(sr: SheetRows, code: str, errors: list[CellError]) -> pd.DataFrame:
    """Visi-Misi → ``missions_<code>.csv``: one vision, numbered missions."""
    df = typed_rows(sr, "missions", _fixed(alignment.MISSIONS), errors)

    def rule(r):
        if r["jenis"] == "misi" and r["misi"] is None:
            return msg("mission_number")
        if r["jenis"] == "visi" and r["misi"] is not None:
            return msg("vision_number")
        return None
    _values(df, sr, errors, rule, ["misi"])
    duplicates(df, ["misi"], sr, errors)
    visi = df[df["jenis"] == "visi"]
    for r in visi["_row"].iloc[1:]:
        errors.append(cell_error(sr.sheet, sr.ref(r, "jenis"), "second_vision"))
    return df.drop(columns="_row").assign(regency=code)[
        ["regency", "jenis", "misi", "uraian", "periode"]]


def programme_table(sr: SheetRows, code: str, missions: list[int] | None,
                    errors: list[CellError], strategies: set | None = None) -> pd.DataFrame:
    """Program → ``programmes_<code>.csv`` (with ``misi``); mission numbers must exist; a
    strategy code must be one of the Strategi sheet (``strategies``; ``None``: that sheet is
    empty) and the four criteria are scored together."""
    df = _with(typed_rows(sr, "programmes", _fixed(progress.programme_schema()), errors),
               ["strategy_code", *st.CRITERIA])
    duplicates(df, ["id"], sr, errors)
    # filled criteria cells (a cell in error counts as filled: its own error says what is wrong)
    filled = pd.DataFrame([{c: None if t.get(c, "") == "" else "x" for c in st.CRITERIA}
                           for _, t in sr.rows], columns=list(st.CRITERIA))
    for rule, pos, col, _ in st.link_problems(df, strategies) + st.criteria_problems(filled):
        if col in sr.columns:
            errors.append(as_error(sr.sheet, sr.ref(df["_row"].iloc[pos], col), rule))

    def years(r):
        a, b = r["start_year"], r["end_year"]
        return msg("end_before_start", end=b, start=a) if None not in (a, b) and a > b else None
    _values(df, sr, errors, years, ["end_year"])

    def misi(r):
        try:
            nums = alignment.parse_missions(r["misi"])
        except ValueError as exc:
            return exc.args[0]      # the catalogue message, shown in the workbook's language
        unknown = [n for n in nums if missions is not None and n not in missions]
        return (msg("mission_unknown", missions=", ".join(map(str, unknown)),
                    known=", ".join(map(str, missions))) if unknown else None)
    _values(df, sr, errors, misi, ["misi"])
    df["misi"] = [";".join(map(str, alignment.parse_missions(v))) if _ok(v) else v
                  for v in df["misi"]]
    t = df.drop(columns="_row").assign(regency=code, illustrative="no")
    names = [f.name for f in tpl.FIELDS["programmes"]]
    return t[["regency", *[n for n in names if n not in ("regency", "illustrative")], "misi",
              "illustrative"]]


def _ok(v) -> bool:
    try:
        alignment.parse_missions(v)
        return True
    except ValueError:
        return False


def realisation_table(sr: SheetRows, code: str, ids: set | None,
                      errors: list[CellError]) -> pd.DataFrame:
    """Realisasi → ``realisation_<code>.csv``; every id is a programme of the Program sheet."""
    df = typed_rows(sr, "realisation", _fixed(progress.realisation_schema()), errors)
    duplicates(df, ["id", "year"], sr, errors)
    _values(df, sr, errors, lambda r: (msg("programme_unknown", value=repr(r["id"]))
                                       if r["id"] is not None and r["id"] not in (ids or set())
                                       else None), ["id"])
    return df.drop(columns="_row")[["id", "year", "status", "budget_realised"]]
