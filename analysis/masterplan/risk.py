"""Risk registers and risk matrices: Kominfo's quick-win form and the SPBE 5 × 5 matrix.

A register (CSV, or the *Register Risiko* sheet of an XLSX workbook; see
:mod:`analysis.data.template_tables`) has the columns ``risk_id, program, pillar, owner,
event, cause, impact_desc, likelihood, impact, treatment, residual_likelihood,
residual_impact, status``; ``risk_id, pillar, likelihood,
impact`` are required.

Two scales, chosen per register (argument, else the register's ``scale`` column, else
``spbe``), with every number a setting in ``analysis/masterplan/risk_scales.yaml``:

* ``spbe`` — Permen PANRB 5/2020: likelihood and impact 1–5, magnitude **looked up** in the
  5 × 5 matrix (not likelihood × impact), levels by bands (default 1–5 Sangat Rendah, 6–10
  Rendah, 11–15 Sedang, 16–19 Tinggi, 20–25 Sangat Tinggi; ``permenpanrb-2020-alt`` has
  16–20 / 21–25), appetite: magnitude ≥ 11 needs a treatment plan.
* ``kominfo`` — Kominfo's quick-win form records likelihood 1/2/3 (low/medium/high). The
  workbench scores impact on the same 1–3 scale; magnitude = likelihood × impact (1–9) and
  the level follows a 3 × 3 matrix: 1–2 Rendah, 3–4 Sedang, 6–9 Tinggi; appetite ≥ 3
  (Sedang or higher needs treatment).

Inherent risk is scored before mitigation, residual after; a residual pair left empty is "not
assessed" (missing), never assumed; a residual magnitude higher than the inherent one is an input
error. Per risk (DOMAIN.md §4): ``untreated`` = inherent magnitude ≥ appetite (``above_appetite``)
and no treatment plan; ``residual_above_appetite`` = a treatment plan, yet the residual magnitude
is still ≥ appetite (treatment not enough: escalate or add treatment); ``residual_unassessed`` =
above appetite with a treatment plan whose residual was not assessed (whether the treatment is
enough is not known: it belongs to neither of the two lists before).

What comes from the sources and what is this workbench's setting is said with every register
(:func:`settings_note`): the SPBE matrix and bands are Permen PANRB 5/2020's, the appetite is set
per agency; the Kominfo form gives likelihood 1–3 only, so its impact scale, magnitude, bands
and appetite are the workbench's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis.data import template_tables as tpl
from analysis.masterplan.workbook_errors import msg
from analysis.messages import text as message
from analysis.data.schema import Column, Schema
from analysis.errors import DataValidationError, WorkbenchError
from analysis.i18n import COMMON, PILLARS, PILLAR_CODES, texts, tr
from analysis.paths import PACKAGE_DIR
from analysis.yamlio import load_yaml

SETTINGS_FILE = PACKAGE_DIR / "masterplan" / "risk_scales.yaml"
REGISTER_RE = re.compile(r"risk_register_([0-9]{2}\.[0-9]{2})_([0-9]{4})\.csv")
SCORED_COLUMNS = ["magnitude", "level", "residual_magnitude", "residual_level", "above_appetite",
                  "untreated", "residual_above_appetite", "residual_unassessed"]
T = texts("masterplan.risk")


class RiskError(WorkbenchError):
    """A risk scale, band set or register choice the settings do not know."""


@dataclass(frozen=True)
class Scale:
    """A risk scale with its magnitude lookup, level bands and appetite."""

    name: str
    max_level: int
    magnitude_table: dict  # (likelihood, impact) -> magnitude
    bands: tuple  # dicts with min, max, code, id, en, color
    bands_name: str
    appetite: float
    labels: dict  # {"likelihood": {1: {id, en}}, "impact": {...}, "name": {id, en}}

    def magnitude(self, likelihood: int, impact: int) -> int:
        """Magnitude of one (likelihood, impact) cell."""
        return self.magnitude_table[(int(likelihood), int(impact))]

    def level(self, magnitude) -> str | None:
        """Band code of a magnitude (``None`` for a missing magnitude)."""
        if magnitude is None or pd.isna(magnitude):
            return None
        for b in self.bands:
            if b["min"] <= magnitude <= b["max"]:
                return b["code"]
        raise RiskError(message("risk_no_band", magnitude=magnitude, bands=self.bands_name))

    def level_label(self, code: str | None, lang: str = "id") -> str:
        """Display label of a band code."""
        for b in self.bands:
            if b["code"] == code:
                return b[lang]
        return ""

    def color(self, code: str) -> str:
        return next(b["color"] for b in self.bands if b["code"] == code)


@lru_cache(maxsize=8)
def _read_settings(path: str) -> dict:
    return load_yaml(path)


def load_settings(path=None) -> dict:
    """The risk settings (scales, bands, appetite) from ``risk_scales.yaml`` or ``path``."""
    return _read_settings(str(Path(path or SETTINGS_FILE).resolve()))


def risk_scale_legend(lang: str = "id", settings=None) -> list[str]:
    """One line per risk scale of ``risk_scales.yaml`` (or ``settings``): what each likelihood
    and impact rating means (the labels the settings give), e.g. ``SPBE …: likelihood 1 Almost
    never …``."""
    cfg = load_settings(settings)
    words = (tr(T, "word_likelihood", lang), tr(T, "word_impact", lang))
    lines = []
    for sc in cfg["scales"].values():
        parts = [f"{word} " + ", ".join(f"{k} {v[lang]}" for k, v in sc[key].items())
                 for word, key in zip(words, ("likelihood", "impact"))]
        lines.append(f"{sc['name'][lang]}: " + "; ".join(parts) + ".")
    return lines


def get_scale(name: str | None = None, bands: str | None = None, appetite: float | None = None,
              settings=None) -> Scale:
    """A :class:`Scale` by name (``spbe`` or ``kominfo``) with optional band set and appetite."""
    cfg = load_settings(settings)
    name = name or cfg["default_scale"]
    if name not in cfg["scales"]:
        raise RiskError(message("risk_unknown_scale", name=repr(name),
                                known=str(sorted(cfg["scales"]))))
    sc = cfg["scales"][name]
    bands = bands or sc["default_bands"]
    if bands not in cfg["bands"]:
        raise RiskError(message("risk_unknown_bands", bands=repr(bands),
                                known=str(sorted(cfg["bands"]))))
    if cfg["bands"][bands]["scale"] != name:
        raise RiskError(message("risk_bands_other_scale", bands=repr(bands),
                                scale=cfg["bands"][bands]["scale"], name=name))
    table = {(int(lk), i + 1): int(m) for lk, row in sc["magnitude"].items()
             for i, m in enumerate(row)}
    return Scale(name, int(sc["max_level"]), table, tuple(cfg["bands"][bands]["levels"]), bands,
                 float(sc["appetite"] if appetite is None else appetite),
                 {"likelihood": sc["likelihood"], "impact": sc["impact"], "name": sc["name"]})


def register_schema(max_level: int) -> Schema:
    """Schema of a risk register whose likelihood and impact run 1..``max_level``."""
    def lvl(name, required):
        return Column(name, "int", required=required, nullable=not required, min=1, max=max_level)
    opt = tpl._opt
    return Schema("risk_register", (
        Column("risk_id", "text", unique=True), opt("program"), tpl.pillar_column(),
        opt("owner"), opt("event"), opt("cause"), opt("impact_desc"),
        lvl("likelihood", True), lvl("impact", True), opt("treatment"),
        opt("treatment_type", allowed=tpl._codes("treatment_type")),
        lvl("residual_likelihood", False), lvl("residual_impact", False),
        opt("status", allowed=tpl._codes("risk_status")),
        opt("scale", allowed=tpl._codes("scale")), *tpl.common_columns()))


def _resolve_scale(raw: pd.DataFrame, scale: str | None, source: tpl.Source) -> str | None:
    if scale or "scale" not in raw.columns:
        return scale
    vals = sorted({v for v in raw["scale"] if v})
    if len(vals) > 1:
        raise source.error(message("one_scale_found", scales=vals), None, "scale")
    return vals[0] if vals else None


def read_register(path, scale: str | None = None, bands: str | None = None,
                  appetite: float | None = None) -> tuple[pd.DataFrame, Scale]:
    """Read and validate a register (CSV or XLSX); returns the typed table and its
    :class:`Scale` (:func:`register_of_text`)."""
    raw, source = tpl.read_text(path, "risk")
    return register_of_text(tpl.normalise(raw, "risk", source), source, scale, bands, appetite)


def register_of_text(raw: pd.DataFrame, source: tpl.Source, scale: str | None = None,
                     bands: str | None = None, appetite: float | None = None
                     ) -> tuple[pd.DataFrame, Scale]:
    """A register's normalised text (:func:`analysis.data.template_tables.normalise`) validated
    on ``scale`` (default: its ``scale`` column, else spbe) with ``bands`` and ``appetite``:
    the typed table (``attrs["input_columns"]``: the columns as read) and its :class:`Scale`;
    errors name ``source``'s rows."""
    sc = get_scale(_resolve_scale(raw, scale, source), bands, appetite)
    df = tpl.validate(raw, register_schema(sc.max_level), source)
    df.attrs["input_columns"] = list(raw.columns)
    problems = residual_problems(df, sc)
    if problems:
        raise source.error(*problems[0])
    return df, sc


def residual_problems(df: pd.DataFrame, sc: Scale) -> list[tuple[str, int, str, str]]:
    """Every broken residual rule as ``(rule, row position, column, value)``: residual
    likelihood and impact go together (those rows first); a residual magnitude above the
    inherent one is an input error (DOMAIN.md §4). The workbook import lists them all."""
    out = [(msg("residual_pair"), pos,
            "residual_impact" if pd.isna(ri) else "residual_likelihood", "")
           for pos, (rl, ri) in enumerate(zip(df["residual_likelihood"], df["residual_impact"]))
           if pd.isna(rl) != pd.isna(ri)]
    cols = ["likelihood", "impact", "residual_likelihood", "residual_impact"]
    for pos, (lk, im, rl, ri) in enumerate(df[cols].itertuples(index=False)):
        if pd.isna(rl) or pd.isna(ri):
            continue
        inherent, residual = sc.magnitude(lk, im), sc.magnitude(rl, ri)
        if residual > inherent:
            col, value = (("residual_likelihood", rl) if rl > lk else ("residual_impact", ri))
            out.append((msg("residual_higher", residual=residual, rl=rl, ri=ri,
                            inherent=inherent, lk=lk, im=im, scale=sc.name), pos, col,
                        str(int(value))))
    return out


def _magnitudes(lk: pd.Series, im: pd.Series, sc: Scale) -> pd.Series:
    vals = [sc.magnitude(a, b) if pd.notna(a) and pd.notna(b) else pd.NA for a, b in zip(lk, im)]
    return pd.Series(vals, index=lk.index, dtype="Int64")


def score_register(df: pd.DataFrame, sc: Scale) -> pd.DataFrame:
    """Every input column plus ``magnitude, level, residual_magnitude, residual_level,
    above_appetite``, ``untreated`` (above appetite with no treatment plan),
    ``residual_above_appetite`` (a treatment plan, yet residual magnitude ≥ appetite) and
    ``residual_unassessed`` (above appetite, a treatment plan, no residual assessment)."""
    out = df.copy()
    out["magnitude"] = _magnitudes(out["likelihood"], out["impact"], sc)
    out["level"] = [sc.level(m) for m in out["magnitude"]]
    out["residual_magnitude"] = _magnitudes(out["residual_likelihood"], out["residual_impact"], sc)
    out["residual_level"] = [sc.level(m) for m in out["residual_magnitude"]]
    out["above_appetite"] = (out["magnitude"] >= sc.appetite).astype(bool)
    no_plan = out["treatment"].fillna("").astype(str).str.strip().eq("")
    out["untreated"] = out["above_appetite"] & no_plan
    out["residual_above_appetite"] = (
        ~no_plan & out["residual_magnitude"].ge(sc.appetite).fillna(False)).astype(bool)
    out["residual_unassessed"] = (out["above_appetite"] & ~no_plan
                                  & out["residual_magnitude"].isna()).astype(bool)
    return out


def matrix_counts(scored: pd.DataFrame, sc: Scale) -> pd.DataFrame:
    """One row per matrix cell: likelihood, impact, magnitude, level, inherent and residual
    counts."""
    rows = []
    for lk in range(sc.max_level, 0, -1):
        for im in range(1, sc.max_level + 1):
            inh = int(((scored["likelihood"] == lk) & (scored["impact"] == im)).sum())
            res = int(((scored["residual_likelihood"] == lk)
                       & (scored["residual_impact"] == im)).fillna(False).sum())
            m = sc.magnitude(lk, im)
            rows.append({"likelihood": lk, "impact": im, "magnitude": m, "level": sc.level(m),
                         "inherent": inh, "residual": res})
    return pd.DataFrame(rows)


def top_risks(scored: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The ``n`` highest inherent magnitudes (ties: higher residual first, then risk id)."""
    key = scored.assign(_r=scored["residual_magnitude"].astype("Float64").fillna(-1))
    key = key.sort_values(["magnitude", "_r", "risk_id"], ascending=[False, False, True])
    return key.drop(columns="_r").head(n).reset_index(drop=True)


def untreated_above_appetite(scored: pd.DataFrame) -> pd.DataFrame:
    """Risks at or above appetite with no treatment plan, highest magnitude first."""
    return scored[scored["untreated"]].sort_values(
        ["magnitude", "risk_id"], ascending=[False, True]).reset_index(drop=True)


def treatment_not_enough(scored: pd.DataFrame) -> pd.DataFrame:
    """Treated risks whose residual is still at or above appetite, highest residual first."""
    return scored[scored["residual_above_appetite"]].sort_values(
        ["residual_magnitude", "magnitude", "risk_id"], ascending=[False, False, True]
    ).reset_index(drop=True)


def residual_unassessed(scored: pd.DataFrame) -> pd.DataFrame:
    """Risks above appetite with a treatment plan whose residual was not assessed (neither
    untreated nor known to be treated enough), highest magnitude first."""
    return scored[scored["residual_unassessed"]].sort_values(
        ["magnitude", "risk_id"], ascending=[False, True]).reset_index(drop=True)


def settings_note(sc: Scale, lang: str = "id") -> str:
    """One sentence on what of ``sc`` comes from its source and what is this workbench's
    setting (impact scale, magnitude rule, bands, appetite)."""
    return tr(T, f"settings_{sc.name}", lang).format(app=f"{sc.appetite:g}")


def profile(scored: pd.DataFrame, sc: Scale, by: str = "pillar") -> pd.DataFrame:
    """Risk profile per ``by`` (pillar, owner, regency...): counts, magnitudes, counts per level."""
    g = scored.assign(**{by: scored[by].fillna("(kosong)")}).groupby(by, sort=True)
    out = pd.DataFrame({
        "n_risks": g.size(),
        "mean_magnitude": g["magnitude"].mean().astype(float).round(2),
        "max_magnitude": g["magnitude"].max().astype(int),
        "mean_residual_magnitude": g["residual_magnitude"].mean().astype(float).round(2),
        "n_above_appetite": g["above_appetite"].sum().astype(int),
        "n_untreated": g["untreated"].sum().astype(int),
        "n_residual_above_appetite": g["residual_above_appetite"].sum().astype(int)})
    for b in sc.bands:
        out[f"n_{b['code']}"] = g["level"].apply(lambda s, c=b["code"]: int((s == c).sum()))
    if by == "pillar":
        out = out.reindex([p for p in PILLAR_CODES if p in out.index])
    return out.reset_index()


def combined_profile(registers: list[tuple[str, int, pd.DataFrame, Scale]]) -> pd.DataFrame:
    """One row per (regency, year) register: scale, counts, appetite breaches, share per level.

    Magnitudes of different scales are not comparable, so the table compares counts and shares
    of levels and appetite breaches, each on its own scale.
    """
    rows = []
    for code, year, scored, sc in registers:
        n = len(scored)
        row = {"regency": code, "year": int(year), "scale": sc.name, "n_risks": n,
               "n_above_appetite": int(scored["above_appetite"].sum()),
               "n_untreated": int(scored["untreated"].sum()),
               "n_residual_above_appetite": int(scored["residual_above_appetite"].sum()),
               "share_above_appetite": (round(100 * scored["above_appetite"].mean(), 2)
                                        if n else 0.0),
               "n_residual_assessed": int(scored["residual_magnitude"].notna().sum())}
        for b in sc.bands:
            row[f"n_{b['code']}"] = int((scored["level"] == b["code"]).sum())
        rows.append(row)
    return pd.DataFrame(rows).fillna(0)


# ---------------------------------------------------------------- shipped registers


def list_registers(data_dir) -> pd.DataFrame:
    """Registers in the raw-data directory named ``risk_register_<code>_<year>.csv``."""
    rows = [{"regency": m.group(1), "year": int(m.group(2)), "path": p}
            for p in sorted(Path(data_dir).glob("risk_register_*.csv"))
            if (m := REGISTER_RE.fullmatch(p.name))]
    return pd.DataFrame(rows, columns=["regency", "year", "path"])


def load_register(regency: str, year: int, data_dir, scale=None, bands=None,
                  appetite=None) -> tuple[pd.DataFrame, Scale]:
    """The scored shipped register of a regency and year."""
    regs = list_registers(data_dir)
    hit = regs[(regs.regency == str(regency)) & (regs.year == int(year))]
    if hit.empty:
        have = [f"{r.regency}/{r.year}" for r in regs.itertuples()]
        raise DataValidationError(Path(data_dir), message("risk_no_register", regency=regency,
                                                          year=year, have=str(have)))
    df, sc = read_register(hit["path"].iloc[0], scale, bands, appetite)
    return score_register(df, sc), sc


def load_all_registers(data_dir) -> list[tuple[str, int, pd.DataFrame, Scale]]:
    """Every shipped register, scored: a list of (regency, year, scored, scale)."""
    return [(r.regency, r.year, *load_register(r.regency, r.year, data_dir))
            for r in list_registers(data_dir).itertuples()]


def display_table(scored: pd.DataFrame, sc: Scale, lang: str = "id") -> pd.DataFrame:
    """A readable table of risks: id, pillar, owner, event, levels inherent/residual."""
    t = pd.DataFrame({
        "ID": scored["risk_id"],
        tr(COMMON, "pillar", lang): [PILLARS[p][lang] for p in scored["pillar"]],
        tr(T, "col_owner", lang): scored["owner"],
        tr(T, "col_event", lang): scored["event"],
        "L×I": [f"{a}×{b}" for a, b in zip(scored["likelihood"], scored["impact"])],
        tr(T, "inherent", lang): [f"{m} {sc.level_label(c, lang)}"
                                     for m, c in zip(scored["magnitude"], scored["level"])],
        tr(T, "residual", lang): [f"{m} {sc.level_label(c, lang)}" if pd.notna(m) else "–"
                                     for m, c in zip(scored["residual_magnitude"],
                                                     scored["residual_level"])]})
    return t


#: Columns of the ``risiko`` table (every scored register, one row per risk).
TABLE_COLUMNS = ["kode_kemendagri", "year", "risk_id", "program", "pillar", "owner", "event",
                 "cause", "impact_desc", "likelihood", "impact", "treatment", "treatment_type",
                 "residual_likelihood", "residual_impact", "status", *SCORED_COLUMNS, "scale",
                 "bands", "appetite", "illustrative"]


def register_table(scored: pd.DataFrame, sc: Scale, code: str, year: int) -> pd.DataFrame:
    """A scored register as rows of the ``risiko`` table: ``kode_kemendagri`` and ``year`` of
    the register, the scale, band set and appetite it was scored with, and ``illustrative``
    (True on every row when any row of the register is marked illustrative)."""
    out = scored.copy()
    out["kode_kemendagri"] = str(code)
    out["year"] = int(year)
    out["scale"], out["bands"], out["appetite"] = sc.name, sc.bands_name, float(sc.appetite)
    out["illustrative"] = tpl.rows_marked_illustrative(scored)
    return out.reindex(columns=TABLE_COLUMNS)


def table_scale(rows: pd.DataFrame) -> Scale:
    """The :class:`Scale` the rows of one register in the ``risiko`` table were scored with."""
    first = rows.iloc[0]
    return get_scale(str(first["scale"]), str(first["bands"]), float(first["appetite"]))


#: Columns of the ``risiko`` table that say which register a row is of and how it was scored.
_TABLE_ONLY = ["kode_kemendagri", "year", "scale", "bands", "appetite"]


def table_registers(table: pd.DataFrame) -> list[tuple[str, int, pd.DataFrame, Scale]]:
    """The registers of the ``risiko`` table as ``(code, year, scored rows, scale)``
    (:func:`table_scale`), by regency then year (the order of the register files' names):
    what :func:`combined_profile` takes."""
    keys = sorted({(str(c), int(y)) for c, y in zip(table["kode_kemendagri"], table["year"])})
    return [(c, y, rows, table_scale(rows))
            for c, y in keys for rows in [table_register(table, c, y)]]


def table_register(table: pd.DataFrame, code: str, year: int) -> pd.DataFrame:
    """The rows of regency ``code``'s register of ``year`` in the ``risiko`` table; a
    :class:`RiskError` naming the registers the table holds when it has none."""
    hit = (table["kode_kemendagri"].astype(str) == str(code)) & (table["year"] == int(year))
    if not hit.any():
        have = sorted({f"{c}/{y}" for c, y in zip(table["kode_kemendagri"], table["year"])})
        raise RiskError(message("risk_no_register_table", regency=code, year=year,
                                have=str(have)))
    return table[hit].reset_index(drop=True)


def rescore_rows(rows: pd.DataFrame, scale: str | None = None, bands: str | None = None,
                 appetite: float | None = None) -> tuple[pd.DataFrame, Scale]:
    """One register's rows of the ``risiko`` table scored again (:func:`score_register`) on
    ``scale`` with ``bands`` and ``appetite``, as :func:`read_register` with these arguments
    would score its file: no scale means the one the rows were scored on (with their bands
    and appetite unless given); another scale starts from that scale's default bands and
    appetite. Likelihood and impact beyond the scale, or a residual rule the scale breaks,
    raise a :class:`~analysis.errors.DataValidationError` naming the register, risk, column
    and value. Returns the scored rows (the register's columns, ``illustrative`` as in the
    table) and the :class:`Scale`."""
    first = rows.iloc[0]
    own = scale is None or scale == first["scale"]
    sc = get_scale(str(first["scale"]) if own else scale,
                   bands or (str(first["bands"]) if own else None),
                   appetite if appetite is not None or not own else float(first["appetite"]))
    df = rows.drop(columns=[*SCORED_COLUMNS, *_TABLE_ONLY]).reset_index(drop=True)
    where = f"risiko table, register {first['kode_kemendagri']} {int(first['year'])}, risk"
    for col in ("likelihood", "impact", "residual_likelihood", "residual_impact"):
        for rid, v in zip(df["risk_id"], df[col]):
            if pd.notna(v) and not 1 <= v <= sc.max_level:
                rule = (message("below_min", min=1) if v < 1
                        else message("above_max", max=sc.max_level))
                raise DataValidationError(f"{where} {rid}", rule, None, col, int(v))
    problems = residual_problems(df, sc)
    if problems:
        rule, pos, col, value = problems[0]
        raise DataValidationError(f"{where} {df['risk_id'].iloc[pos]}", rule, None, col,
                                  value or None)
    return score_register(df, sc), sc


__all__ = ["Scale", "get_scale", "risk_scale_legend", "read_register", "register_of_text",
           "score_register",
"matrix_counts", "top_risks",
           "untreated_above_appetite", "treatment_not_enough", "residual_unassessed",
           "settings_note", "profile", "combined_profile",
           "list_registers", "load_register", "load_all_registers", "register_table",
           "table_scale", "table_registers", "table_register", "rescore_rows"]
