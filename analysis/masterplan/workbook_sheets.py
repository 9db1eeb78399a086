"""The rules of each sheet of the regency workbook, collecting every broken rule.

Each ``<sheet>_table`` function takes the sheet's filled rows (:class:`SheetRows`) and returns
the tidy table in the loaders' canonical columns, appending a :class:`CellError` per broken
rule. Cell rules come from the loaders' own schemas (``readiness.ASSESSMENT``,
``risk.register_schema``, ``swot.swot_schema``, ``progress.programme_schema`` /
``realisation_schema``, ``alignment.MISSIONS``); the rules between rows (unique keys, one scale
per register, residual pairs, SWOT weight sums, start before end, known programme and mission
numbers) are checked here for every row, where the loaders stop at the first.
"""
from __future__ import annotations

import pandas as pd

from analysis import progress, readiness, risk, swot
from analysis import templates as tpl
from analysis.data.schema import Schema
from analysis.masterplan import alignment
from analysis.masterplan.workbook_read import CellError, SheetRows, duplicates, typed_rows


def _fixed(schema: Schema):
    return lambda texts: schema


def _values(df: pd.DataFrame, sr: SheetRows, errors, rule, cols) -> None:
    """Append an error at ``cols[0]`` for every row where ``rule(rec)`` returns a message."""
    for rec in df.to_dict("records"):
        msg = rule(rec)
        if msg:
            errors.append(CellError(sr.sheet, sr.ref(rec["_row"], cols[0]), msg))


def readiness_table(sr: SheetRows, code: str, name: str, errors: list[CellError]) -> pd.DataFrame:
    """Kesiapan → ``readiness_assessment_<code>.csv`` rows (``ilustratif = tidak``)."""
    df = typed_rows(sr, "readiness", _fixed(readiness.ASSESSMENT), errors)
    known = set(readiness.load_readiness_framework().leaves)
    _values(df, sr, errors, lambda r: (f"{r['kode_butir']!r} is not an item of "
                                       f"{readiness.FRAMEWORK}" if r["kode_butir"] is not None
                                       and r["kode_butir"] not in known else None),
            ["kode_butir"])
    duplicates(df, ["kode_butir"], sr, errors)
    return pd.DataFrame({"kode_kemendagri": code, "nama": name, "kode_butir": df["kode_butir"],
                         "skor": pd.to_numeric(df["skor"]), "ilustratif": "tidak",
                         "bukti": df["bukti"], "catatan": df["catatan"]})


def _risk_schema(texts: dict) -> Schema:
    try:
        return risk.register_schema(risk.get_scale(texts.get("scale") or None).max_level)
    except risk.RiskError:
        return risk.register_schema(5)


def _one_scale(df: pd.DataFrame, sr: SheetRows, errors) -> dict:
    """The scale of each year's register; a second scale in one year is an error."""
    scales: dict = {}
    for rec in df.to_dict("records"):
        year, sc = rec.get("year"), rec.get("scale") or risk.load_settings()["default_scale"]
        first = scales.setdefault(year, (sc, rec["_row"]))
        if first[0] != sc:
            errors.append(CellError(sr.sheet, sr.ref(rec["_row"], "scale"),
                                    f"register {year} already uses scale {first[0]} (row "
                                    f"{first[1]}); one register (year) uses one scale"))
    return {y: s for y, (s, _) in scales.items()}


def _residual_rule(scales: dict):
    def rule(rec):
        rl, ri = rec.get("residual_likelihood"), rec.get("residual_impact")
        if (rl is None) != (ri is None):
            return ("residual likelihood and residual impact go together: give both or neither")
        lk, im = rec.get("likelihood"), rec.get("impact")
        if None in (rl, ri, lk, im) or rec.get("year") not in scales:
            return None
        sc = risk.get_scale(scales[rec["year"]])
        if sc.magnitude(rl, ri) > sc.magnitude(lk, im):
            return (f"residual magnitude {sc.magnitude(rl, ri)} is higher than the inherent "
                    f"magnitude {sc.magnitude(lk, im)}")
        return None
    return rule


def risk_tables(sr: SheetRows, code: str, errors: list[CellError]) -> dict[int, pd.DataFrame]:
    """Risiko → one register per year (``risk_register_<code>_<year>.csv``)."""
    df = typed_rows(sr, "risk", _risk_schema, errors)
    _values(df, sr, errors, lambda r: ("a year is required: one register per year"
                                       if r["year"] is None else None), ["year"])
    scales = _one_scale(df, sr, errors)
    for rec in df.to_dict("records"):
        rl, ri = rec.get("residual_likelihood"), rec.get("residual_impact")
        col = "residual_impact" if rl is not None and ri is None else "residual_likelihood"
        msg = _residual_rule(scales)(rec)
        if msg:
            errors.append(CellError(sr.sheet, sr.ref(rec["_row"], col), msg))
    duplicates(df, ["year", "risk_id"], sr, errors)
    out = {}
    for year, g in df.groupby("year", dropna=True, sort=True):
        t = g.drop(columns="_row").assign(regency=code, scale=scales.get(year), illustrative="no")
        cols = ["regency", "year", *[f.name for f in tpl.FIELDS["risk"]
                                     if f.name not in ("regency", "year")]]
        out[int(year)] = t[[c for c in cols if c in t.columns]]
    return out


def swot_table(sr: SheetRows, code: str, errors: list[CellError]) -> pd.DataFrame:
    """SWOT → ``swot_factors_<code>.csv``; weights of S+W and O+T sum to 1 per (year, pillar)."""
    df = typed_rows(sr, "swot", _fixed(swot.swot_schema()), errors)
    tol = swot.load_settings()["swot"]["weight_tolerance"]
    df["_y"] = df["year"].fillna("")
    for (year, pillar), g in df.groupby(["_y", "pillar"], sort=False, dropna=True):
        where = f"pillar {pillar}" + (f" {year}" if year != "" else "")
        for part, types in (("IFAS", ("S", "W")), ("EFAS", ("O", "T"))):
            sub = g[g["type"].isin(types)]
            if sub.empty:
                errors.append(CellError(sr.sheet, sr.ref(g["_row"].iloc[0], "type"),
                                        f"{where} has no {part} factors ({'/'.join(types)})"))
                continue
            if sub["weight"].isna().any():
                continue  # a weight cell is already in error
            total = float(sum(sub["weight"]))
            if abs(total - 1.0) > tol + 1e-12:
                errors.append(CellError(
                    sr.sheet, sr.ref(sub["_row"].iloc[0], "weight"),
                    f"{where}: {part} weights ({'+'.join(types)}, rows "
                    f"{', '.join(str(r) for r in sub['_row'])}) sum to {total:.3f}, not 1.00 "
                    f"(tolerance ±{tol})"))
    t = df.drop(columns=["_row", "_y"]).assign(regency=code, illustrative="no")
    return t[["regency", "year", "pillar", "type", "factor", "weight", "rating", "illustrative"]]


def missions_table(sr: SheetRows, code: str, errors: list[CellError]) -> pd.DataFrame:
    """Visi-Misi → ``missions_<code>.csv``: one vision, numbered missions."""
    df = typed_rows(sr, "missions", _fixed(alignment.MISSIONS), errors)

    def rule(r):
        if r["jenis"] == "misi" and r["misi"] is None:
            return "a mission needs its number"
        if r["jenis"] == "visi" and r["misi"] is not None:
            return "the vision has no mission number (leave it empty)"
        return None
    _values(df, sr, errors, rule, ["misi"])
    duplicates(df, ["misi"], sr, errors)
    visi = df[df["jenis"] == "visi"]
    for r in visi["_row"].iloc[1:]:
        errors.append(CellError(sr.sheet, sr.ref(r, "jenis"), "the RPJMD has one vision; a "
                                                              "second 'Visi' row"))
    return df.drop(columns="_row").assign(regency=code)[
        ["regency", "jenis", "misi", "uraian", "periode"]]


def programme_table(sr: SheetRows, code: str, missions: list[int] | None,
                    errors: list[CellError]) -> pd.DataFrame:
    """Program → ``programmes_<code>.csv`` (with ``misi``); mission numbers must exist."""
    df = typed_rows(sr, "programmes", _fixed(progress.programme_schema()), errors)
    duplicates(df, ["id"], sr, errors)

    def years(r):
        a, b = r["start_year"], r["end_year"]
        return f"end year {b} is before start year {a}" if None not in (a, b) and a > b else None
    _values(df, sr, errors, years, ["end_year"])

    def misi(r):
        try:
            nums = alignment.parse_missions(r["misi"])
        except ValueError as exc:
            return str(exc)
        unknown = [n for n in nums if missions is not None and n not in missions]
        return (f"mission {', '.join(map(str, unknown))} is not on the Visi-Misi sheet "
                f"(missions {', '.join(map(str, missions))})" if unknown else None)
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
    _values(df, sr, errors, lambda r: (f"programme {r['id']!r} is not on the Program sheet"
                                       if r["id"] is not None and r["id"] not in (ids or set())
                                       else None), ["id"])
    return df.drop(columns="_row")[["id", "year", "status", "budget_realised"]]
