"""SWOT of the six pillars with IFAS/EFAS scoring (DOMAIN.md §5).

Input (CSV, or the *Faktor SWOT* sheet of an XLSX workbook): ``pillar, type, factor, weight,
rating`` plus optional ``regency``, ``year`` and ``factor_code`` (unique within a year; the
strategies of :mod:`analysis.masterplan.strategies` pair factors by it). Per (regency, year,
pillar):

* weights of S+W (IFAS) and of O+T (EFAS) each sum to 1.00 within ± ``weight_tolerance``
  (setting, default 0.005); ratings 1–4 are magnitudes: 4 = a major strength, a major
  weakness, a big opportunity, a big threat;
* score = weight × rating (the magnitude), so ``s_score`` … ``t_score`` are weighted magnitudes;
* quadrant from the magnitudes: x = ΣS − ΣW, y = ΣO − ΣT; I SO aggressive (x>0, y>0), II ST
  diversification (x>0, y<0), III WO turnaround (x<0, y>0), IV WT defensive (x<0, y<0); an
  exact 0 counts as the non-negative side; the strategy (SO/ST/WO/WT) is stored with the numeral;
* IFAS and EFAS totals read weakness and threat ratings reversed (5 − rating; Rangkuti, David's
  IFE/EFE): IFAS = ΣS + Σ w·(5 − r) over W = x + 5·Σw(W), EFAS = y + 5·Σw(T), both in 1–4;
* IE matrix cell I–IX from those totals (columns: IFAS strong ≥ 3.0, average 2.0–2.99, weak
  < 2.0; rows: EFAS high ≥ 3.0, medium, low), with its strategy (grow and build, hold and
  maintain, harvest or divest);
* ``views_disagree`` flags a pillar whose quadrant and IE cell point opposite ways (settings
  ``opposite_views``: defensive quadrant with a grow-and-build cell, aggressive quadrant with a
  harvest-or-divest cell), with ``disagree_reason``.

Settings live in ``analysis/masterplan/masterplan_settings.yaml``.
"""
from __future__ import annotations

import re
from functools import lru_cache

from pathlib import Path

import pandas as pd

from analysis.data import template_tables as tpl
from analysis.masterplan.strategies import code_column, factor_code_problems
from analysis.data.schema import Column, Schema
from analysis.i18n import COMMON, PILLARS, PILLAR_CODES, fmt_number, texts, tr
from analysis.messages import Decimal, text as message
from analysis.paths import PACKAGE_DIR
from analysis.yamlio import load_yaml

SETTINGS_FILE = PACKAGE_DIR / "masterplan" / "masterplan_settings.yaml"
FACTORS_RE = re.compile(r"swot_factors_([0-9]{2}\.[0-9]{2})\.csv")
IE_NUMERALS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX")
SUMMARY_COLUMNS = ["ifas_total", "efas_total", "x", "y", "quadrant", "strategy", "ie_cell",
                   "views_disagree", "disagree_reason"]
T = texts("masterplan.swot")


@lru_cache(maxsize=4)
def load_settings(path: str | None = None) -> dict:
    """Settings of the SWOT and progress analyses (``masterplan_settings.yaml``)."""
    return load_yaml(path or SETTINGS_FILE)


def swot_schema() -> Schema:
    """Schema of a SWOT factor table (shared by CSV and XLSX)."""
    return Schema("swot_factors", (
        tpl.pillar_column(), Column("type", "text", allowed=tpl._codes("swot_type")),
        Column("factor", "text", required=False, nullable=True),
        Column("weight", "float", min=0.0, max=1.0), Column("rating", "float", min=1.0, max=4.0),
        code_column("factor_code", required=False), *tpl.common_columns()))


def _group_keys(df: pd.DataFrame) -> list[str]:
    return [c for c in ("regency", "year") if df[c].notna().any()] + ["pillar"]


def weight_problems(df: pd.DataFrame, tol: float | None = None) -> list[tuple]:
    """Every pillar side whose weights do not sum to 1.00 (± tol), or that has no factors, as
    ``(rule, row position, column, value)``; the rule says by how much."""
    tol = load_settings()["swot"]["weight_tolerance"] if tol is None else tol
    keys = _group_keys(df)
    out = []
    for key, g in df.groupby(keys, sort=False, dropna=False):
        key = key if isinstance(key, tuple) else (key,)
        pillar = _pillar_named(key[-1], dict(zip(keys[:-1], key[:-1])))
        for part, types in (("IFAS", ("S", "W")), ("EFAS", ("O", "T"))):
            sub = g[g["type"].isin(types)]
            total = float(sub["weight"].sum())
            pos = int(sub.index[0]) if len(sub) else int(g.index[0])
            if sub.empty:
                out.append((message("swot_no_factors", pillar=pillar, part=part,
                                    types="/".join(types)), pos, "type", None))
            elif abs(total - 1.0) > tol + 1e-12:
                diff = total - 1.0
                out.append((message("swot_weights", pillar=pillar, part=part,
                                    types="+".join(types), total=Decimal(f"{total:.3f}"),
                                    diff=Decimal(f"{abs(diff):.3f}"),
                                    side=message("weights_over" if diff > 0 else "weights_short"),
                                    tol=Decimal(str(tol))),
                            pos, "weight", round(total, 6)))
    return out


def _pillar_named(pillar, where: dict):
    """``pillar 'x'`` with the regency and year of its group when the table has them, as
    catalogue text."""
    key = "pillar_" + ("_".join(k for k in ("regency", "year") if k in where) or "named")
    return message(key, pillar=str(pillar), **{k: str(v) for k, v in where.items()})


def check_weights(df: pd.DataFrame, source: tpl.Source, tol: float | None = None) -> None:
    """Weights of S+W and of O+T sum to 1.00 (± tol) per pillar; the error says by how much."""
    problems = weight_problems(df, tol)
    if problems:
        raise source.error(*problems[0])


def read_factors(path) -> pd.DataFrame:
    """Read and validate a SWOT factor table (CSV or XLSX), weights checked per pillar
    (:func:`factors_of_text`)."""
    raw, source = tpl.read_text(path, "swot")
    return factors_of_text(tpl.normalise(raw, "swot", source), source)


def factors_of_text(raw: pd.DataFrame, source: tpl.Source) -> pd.DataFrame:
    """A SWOT factor table's normalised text (:func:`analysis.data.template_tables.normalise`)
    validated, weights checked per pillar and factor codes checked; errors name ``source``'s
    rows."""
    df = tpl.validate(raw, swot_schema(), source)
    check_weights(df, source)
    codes = factor_code_problems(df)
    if codes:
        raise source.error(*codes[0])
    return df


def score_factors(df: pd.DataFrame) -> pd.DataFrame:
    """Every factor with ``score = weight × rating`` (magnitude), ``total_score = weight ×
    rating'`` (rating' = 5 − rating for W and T, the IFAS/EFAS reading) and its side."""
    out = df.copy()
    out["score"] = out["weight"] * out["rating"]
    reversed_ = out["type"].isin(["W", "T"])
    out["total_score"] = out["weight"] * out["rating"].where(~reversed_, 5 - out["rating"])
    out["side"] = out["type"].map({"S": "IFAS", "W": "IFAS", "O": "EFAS", "T": "EFAS"})
    return out


def quadrant(x: float, y: float) -> str:
    """Roman numeral of the SWOT quadrant (exact 0 counts as the non-negative side)."""
    if x >= 0:
        return "I" if y >= 0 else "II"
    return "III" if y >= 0 else "IV"


def _band(v: float, splits) -> int:
    """0 for the top band (≥ upper split), 1 middle, 2 bottom."""
    lo, hi = splits
    return 0 if v >= hi else (1 if v >= lo else 2)


def ie_cell(ifas: float, efas: float, splits=None) -> str:
    """IE matrix cell I–IX: rows EFAS high/medium/low, columns IFAS strong/average/weak."""
    splits = splits or load_settings()["swot"]["ie_splits"]
    return IE_NUMERALS[3 * _band(efas, splits) + _band(ifas, splits)]


def ie_strategy(cell: str) -> str:
    """Strategy code of an IE cell (grow_and_build, hold_and_maintain, harvest_or_divest)."""
    for code, s in load_settings()["swot"]["ie_strategies"].items():
        if cell in s["cells"]:
            return code
    raise KeyError(cell)


def views_disagree(quad: str, ie_strat: str) -> bool:
    """True when the quadrant and the IE strategy point opposite ways (``opposite_views``)."""
    return load_settings()["swot"]["opposite_views"].get(quad) == ie_strat


def disagree_reason(quad: str, cell: str, lang: str = "en") -> str:
    """``quadrant IV defensive (WT), but IE cell II grow and build`` ("" when they agree)."""
    cfg = load_settings()["swot"]
    strat = ie_strategy(cell)
    if not views_disagree(quad, strat):
        return ""
    return tr(T, "reason", lang).format(quad=f"{quad} {cfg['quadrants'][quad][lang]}",
                                           cell=f"{cell} {cfg['ie_strategies'][strat][lang]}")


def summarise(scored: pd.DataFrame) -> pd.DataFrame:
    """Per pillar: S, W, O, T scores (magnitudes), IFAS/EFAS totals (W and T reversed), x, y,
    quadrant, strategy, IE cell and whether quadrant and IE cell point opposite ways."""
    quads = load_settings()["swot"]["quadrants"]
    keys = _group_keys(scored)
    rows = []
    for key, g in scored.groupby(keys, sort=False, dropna=False):
        key = key if isinstance(key, tuple) else (key,)
        s = {t: round(float(g.loc[g["type"] == t, "score"].sum()), 10) for t in "SWOT"}
        total = {side: round(float(g.loc[g["side"] == side, "total_score"].sum()), 10)
                 for side in ("IFAS", "EFAS")}
        ifas, efas = total["IFAS"], total["EFAS"]
        x, y = round(s["S"] - s["W"], 10), round(s["O"] - s["T"], 10)
        q = quadrant(x, y)
        cell = ie_cell(ifas, efas)
        rows.append({**dict(zip(keys, key)), "n_factors": len(g), "s_score": s["S"],
                     "w_score": s["W"], "o_score": s["O"], "t_score": s["T"],
                     "ifas_total": ifas, "efas_total": efas, "x": x, "y": y,
                     "quadrant": q, "strategy": quads[q]["strategy"],
                     "strategy_label": quads[q]["label"], "ie_cell": cell,
                     "ie_strategy": ie_strategy(cell),
                     "views_disagree": views_disagree(q, ie_strategy(cell)),
                     "disagree_reason": disagree_reason(q, cell)})
    out = pd.DataFrame(rows)
    order = {p: i for i, p in enumerate(PILLAR_CODES)}
    out["_o"] = out["pillar"].map(order)
    out = out.sort_values([k for k in keys[:-1]] + ["_o"]).drop(columns="_o")
    return out.reset_index(drop=True)


def most_frequent_strategies(summary: pd.DataFrame) -> tuple[list[str], int]:
    """The strategies (SO, ST, WO, WT) held by the most pillars of ``summary`` and that count:
    every strategy tied at the top, in quadrant order (I–IV); ``([], 0)`` for no pillar."""
    counts = summary["strategy"].value_counts()
    if counts.empty:
        return [], 0
    top = int(counts.max())
    order = [q["strategy"] for q in load_settings()["swot"]["quadrants"].values()]
    return [s for s in order if counts.get(s, 0) == top], top


def display_summary(summary: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """The summary with display labels (pillar names, strategy labels), numbers as text with two
    decimals in the report's language;
    a column "Quadrant ≠ IE" with the reason is added when any pillar's two views disagree."""
    cfg = load_settings()["swot"]
    out = pd.DataFrame({
        tr(COMMON, "pillar", lang): [PILLARS[p][lang] for p in summary["pillar"]],
        **{label: [fmt_number(v, 2, lang) for v in summary[col]] for label, col in (
            ("IFAS", "ifas_total"), ("EFAS", "efas_total"), ("x = S − W", "x"),
            ("y = O − T", "y"))},
        tr(T, "col_quadrant", lang):
            [f"{q} {cfg['quadrants'][q][lang]}" for q in summary["quadrant"]],
        tr(T, "col_ie_cell", lang):
            [f"{c} {cfg['ie_strategies'][s][lang]}" for c, s in
             zip(summary["ie_cell"], summary["ie_strategy"])]})
    if summary["views_disagree"].any():
        out[tr(T, "disagree_col", lang)] = [
            disagree_reason(q, c, lang) for q, c in zip(summary["quadrant"], summary["ie_cell"])]
    return out


def readings_text(lang: str = "id") -> list[str]:
    """The two readings of the ratings (quadrant, IE matrix), one sentence each."""
    return [tpl.READINGS[k][lang] for k in ("swot_quadrant", "swot_ie")]


def disagreement_text(summary: pd.DataFrame, lang: str = "id") -> str:
    """One sentence naming the pillars whose quadrant and IE cell point opposite ways."""
    hits = summary[summary["views_disagree"]]
    if hits.empty:
        return tr(T, "agree", lang)
    items = "; ".join(f"{PILLARS[r.pillar][lang]} ({disagree_reason(r.quadrant, r.ie_cell, lang)})"
                      for r in hits.itertuples())
    return tr(T, "disagree", lang).format(items=items)


def list_factor_files(data_dir) -> dict[str, object]:
    """Shipped SWOT tables named ``swot_factors_<code>.csv``: {regency code: path}."""
    return {m.group(1): p for p in sorted(Path(data_dir).glob("swot_factors_*.csv"))
            if (m := FACTORS_RE.fullmatch(p.name))}


def load_factors(regency: str, data_dir) -> pd.DataFrame | None:
    """The shipped, validated SWOT factors of a regency, or ``None`` when there are none."""
    path = list_factor_files(data_dir).get(str(regency))
    return None if path is None else read_factors(path)


def factor_table(scored: pd.DataFrame, code: str) -> pd.DataFrame:
    """Scored factors (:func:`score_factors`) as rows of the ``swot_faktor`` table:
    ``kode_kemendagri`` instead of ``regency``, ``illustrative`` True on every row when any
    row is marked illustrative."""
    out = scored.drop(columns=[c for c in ("regency",) if c in scored.columns])
    out.insert(0, "kode_kemendagri", str(code))
    out["illustrative"] = tpl.rows_marked_illustrative(scored)
    return out


def summary_table(scored: pd.DataFrame, code: str) -> pd.DataFrame:
    """Per-pillar summary (:func:`summarise`) of one regency's scored factors as rows of the
    ``swot_ringkasan`` table (``kode_kemendagri``, ``year`` (missing when the factors have none),
    ``illustrative``)."""
    out = summarise(scored).drop(columns="regency", errors="ignore")
    out.insert(0, "kode_kemendagri", str(code))
    if "year" not in out.columns:
        out.insert(1, "year", pd.NA)
    out["illustrative"] = tpl.rows_marked_illustrative(scored)
    return out


def latest_summary(summary: pd.DataFrame) -> tuple[pd.DataFrame, int | None]:
    """The rows of the latest year of a ``swot_ringkasan`` selection, and that year (None when
    the factors carry no year)."""
    years = pd.to_numeric(summary["year"], errors="coerce") if "year" in summary else None
    if years is None or years.isna().all():
        return summary.reset_index(drop=True), None
    latest = int(years.max())
    return summary[years == latest].reset_index(drop=True), latest
