"""What-if on Kominfo's evaluation: change dimension scores, recompute the final, re-rank.

The final is the weighted mean of the dimensions with the weights of the year and group
(``framework`` column of the evaluation table: 2022; 2023 KPPN&IKN 10/20/20/20/20/10; 2023
REGULER 10/20/30/20/20 without Kolaborasi, so a Kolaborasi change is ignored there, with a
warning). The arithmetic is :mod:`analysis.index.whatif_arithmetic` on that framework (exact,
unrounded).

Ranks of a scenario: its recomputed final placed among the *published* finals of the other
evaluated regencies of the same year and group (``peringkat_kelompok``) or of the whole year
(``peringkat_nasional``), competition ranking (ties share the better rank). The baseline
(``dasar``) is the final recomputed from the printed dimensions, ranked the same way, so the
change of a scenario is never a rounding artefact of the published two-decimal final.

Scores live on the instrument's 1–4 scale: a set value outside it is refused (the error names
the dimension and the value); a value exactly at 1 or 4 is accepted with a warning (4: nothing
more to gain there), and a published value outside the scale that is left as it is (a printed
Kolaborasi 0) is kept, as in the published final, with a warning.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from analysis.data.raw_tables import DIMENSIONS_2023
from analysis.evaluation.load import GROUP_ALL
from analysis.evaluation.peers import peer_medians
from analysis.frameworks import Framework, load_framework
from analysis.i18n import fmt_number, texts
from analysis.messages import Decimal, text as message
from analysis.index.rank import rank_desc
from analysis.index.whatif_arithmetic import (WhatIfError, evaluate_variants, greedy_path,
                                              required_value, slopes)

SCALE = (1.0, 4.0)
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")

WARNINGS = texts("evaluation.dimension_whatif.warnings")


class SimulationInputError(WhatIfError):
    """A ``--set`` or ``--target`` the simulation refuses (unknown dimension, not a number,
    outside the 1–4 scale), or a regency that was not evaluated in the year asked."""


@dataclass(frozen=True)
class Setting:
    """One change: ``dimension`` to ``value`` (absolute) or by ``value`` (``relative``)."""

    dimension: str
    value: float
    relative: bool
    text: str


def parse_setting(text: str) -> Setting:
    """``"impact=3.59"`` (absolute) or ``"output=+0.3"`` / ``"output=-0.2"`` (change)."""
    raw = str(text)
    name, sep, val = raw.partition("=")
    name, val = name.strip().lower().replace("-", "_"), val.strip()
    if not sep or not name:
        raise SimulationInputError(message("whatif_set_format", raw=repr(raw)))
    if name not in DIMENSIONS_2023:
        raise SimulationInputError(message("whatif_set_unknown_dimension", raw=repr(raw),
                                           name=repr(name), known=", ".join(DIMENSIONS_2023)))
    if not _NUMBER.match(val):
        raise SimulationInputError(message("whatif_set_not_number", raw=repr(raw),
                                           val=repr(val), name=name))
    return Setting(name, float(val), val[0] in "+-", raw)


def dimensions(fw: Framework) -> list[str]:
    """The weighted dimensions of an evaluation framework (children of its root)."""
    return fw.children(fw.root)


def regency_row(evals: pd.DataFrame, code: str, year: int) -> pd.Series:
    """The regency's evaluated row of ``year`` (an error names code and year otherwise)."""
    rows = evals[(evals["tahun"] == int(year)) & (evals["kode_kemendagri"] == str(code))]
    if rows.empty:
        raise SimulationInputError(message("whatif_regency_not_listed", code=repr(code),
                                           year=year))
    row = rows.iloc[0]
    if not bool(row["dievaluasi"]):
        raise SimulationInputError(message("whatif_regency_not_evaluated", code=code,
                                           name=row["nama"], year=year))
    return row


def _framework(row: pd.Series) -> Framework:
    return load_framework(str(row["kerangka"]))


def _warning(kind: str, dim: str, value=None, fw: str = "") -> dict:
    return {"kind": kind, "dimensi": dim, "nilai": value, "framework": fw}


def warning_text(w: dict, lang: str = "id") -> str:
    """One warning of :func:`apply_settings` as a sentence."""
    v = "–" if w["nilai"] is None else fmt_number(w["nilai"], 2, lang)
    return WARNINGS[w["kind"]][lang].format(dim=w["dimensi"], v=v, fw=w["framework"])


def apply_settings(row: pd.Series, settings: list[Setting]) -> tuple[dict, list[dict]]:
    """The dimension values after ``settings`` and the warnings (see the module docstring)."""
    fw = _framework(row)
    dims = dimensions(fw)
    values = {d: float(row[d]) for d in dims}
    warnings, changed = [], set()
    for s in settings:
        if s.dimension not in dims:
            warnings.append(_warning("ignored", s.dimension, fw=fw.code))
            continue
        new = values[s.dimension] + s.value if s.relative else s.value
        if not SCALE[0] - 1e-9 <= new <= SCALE[1] + 1e-9:
            how = (f"{values[s.dimension]:g} {'+' if s.value >= 0 else '-'} {abs(s.value):g} = "
                   f"{new:g}" if s.relative else f"{new:g}")
            raise SimulationInputError(message("whatif_set_outside_scale", raw=repr(s.text),
                                               dim=s.dimension, how=Decimal(how)))
        values[s.dimension] = new
        changed.add(s.dimension)
        if abs(new - SCALE[1]) < 1e-9 or abs(new - SCALE[0]) < 1e-9:
            warnings.append(_warning("at_top" if new > 2 else "at_bottom", s.dimension, new))
    for d in dims:
        if d not in changed and not SCALE[0] <= values[d] <= SCALE[1]:
            warnings.append(_warning("published_out_of_scale", d, values[d]))
    return values, warnings


def printed_warnings(evals: pd.DataFrame, code: str, year: int, lang: str = "id") -> list[str]:
    """The warnings on the regency's printed dimensions (a published value outside the 1–4
    scale, kept as printed), as sentences in ``lang``."""
    return [warning_text(w, lang) for w in apply_settings(regency_row(evals, code, year), [])[1]]


def _others(evals: pd.DataFrame, row: pd.Series, same_group: bool) -> pd.Series:
    ev = evals[(evals["tahun"] == row["tahun"]) & evals["dievaluasi"].astype(bool)
               & (evals["kode_kemendagri"] != row["kode_kemendagri"])]
    if same_group:
        grp = ev["kelompok"].fillna(GROUP_ALL)
        ev = ev[grp == (row["kelompok"] if isinstance(row["kelompok"], str) else GROUP_ALL)]
    return ev.set_index("kode_kemendagri")["nilai_final"].astype(float)


def rank_among(others: pd.Series, value: float) -> int:
    """Competition rank (1 = best, ties share the better rank) of ``value`` among ``others``."""
    both = pd.concat([others.reset_index(drop=True), pd.Series([float(value)])],
                     ignore_index=True)
    return int(rank_desc(both).iloc[-1])


def _scenario_row(name: str, row, values: dict, final: float, base: float, grp: pd.Series,
                  nat: pd.Series, warnings: list[dict], lang: str) -> dict:
    return {"skenario": name, "kode_kemendagri": row["kode_kemendagri"], "nama": row["nama"],
            "tahun": int(row["tahun"]), "kelompok": row["kelompok"],
            "framework": row["kerangka"], **values, "nilai_final": final,
            "perubahan": final - base, "peringkat_kelompok": rank_among(grp, final),
            "n_kelompok": len(grp) + 1, "peringkat_nasional": rank_among(nat, final),
            "n_nasional": len(nat) + 1,
            "peringatan": "; ".join(warning_text(w, lang) for w in warnings)}


def simulate(evals: pd.DataFrame, code: str, year: int, settings: list[Setting],
             lang: str = "id") -> pd.DataFrame:
    """Two rows, ``skenario`` = ``dasar`` (printed dimensions) and ``simulasi`` (with the
    settings): the dimensions, ``nilai_final`` (recomputed, unrounded), ``perubahan`` (against
    the baseline), group and national rank with their sizes, and ``peringatan``."""
    row = regency_row(evals, code, year)
    fw = _framework(row)
    new, warnings = apply_settings(row, settings)
    base_vals = {d: float(row[d]) for d in dimensions(fw)}
    res = evaluate_variants(fw, base_vals, [new])[fw.root]
    grp, nat = _others(evals, row, True), _others(evals, row, False)
    base_warn = apply_settings(row, [])[1]
    out = pd.DataFrame([
        _scenario_row("dasar", row, base_vals, res.iloc[0], res.iloc[0], grp, nat, base_warn, lang),
        _scenario_row("simulasi", row, new, res.iloc[1], res.iloc[0], grp, nat, warnings, lang)])
    out.attrs["warnings"] = warnings
    return out


def levers(evals: pd.DataFrame, code: str, year: int) -> pd.DataFrame:
    """Per dimension: ``bobot`` (share of the final, i.e. points of final per point of score),
    ``nilai_sekarang``, ``ruang`` (headroom to 4) and ``tambahan_maks`` (bobot × ruang: what the
    final gains if that dimension alone reaches 4). ``attrs['final']``: the recomputed final."""
    row = regency_row(evals, code, year)
    fw = _framework(row)
    base = {d: float(row[d]) for d in dimensions(fw)}
    w = slopes(fw, base, list(base))[fw.root]
    cur = pd.Series(base)
    out = pd.DataFrame({"dimensi": list(base), "bobot": w.to_numpy(),
                        "nilai_sekarang": cur.to_numpy(),
                        "ruang": (SCALE[1] - cur).clip(lower=0).to_numpy()})
    out["tambahan_maks"] = out["bobot"] * out["ruang"]
    out.attrs["final"] = float(evaluate_variants(fw, base, [])[fw.root].iloc[0])
    return out


def check_target(target: float) -> float:
    """A target final must be a number on the 1–4 scale."""
    try:
        t = float(target)
    except (TypeError, ValueError):
        raise SimulationInputError(message("whatif_target_not_number",
                                           target=repr(target))) from None
    if not SCALE[0] <= t <= SCALE[1]:
        raise SimulationInputError(message("whatif_target_outside_scale",
                                           target=Decimal(f"{t:g}")))
    return t


def target_plan(evals: pd.DataFrame, code: str, year: int, target: float) -> pd.DataFrame:
    """One row per dimension for reaching ``target``: ``nilai_perlu`` (what that dimension alone
    must reach: current + (target − final) / bobot, and at least 1 -- a printed Kolaborasi 0
    can only be set to a value on the 1–4 scale, as :func:`simulate` requires; the current
    value when the target is already met), ``kenaikan_perlu``, ``tercapai`` (False when it
    would need more than 4), and the cheapest combined path
    (:func:`analysis.index.whatif_arithmetic.greedy_path`: largest weight first, values on the
    scale) as ``jalur_urutan``, ``jalur_nilai``, ``jalur_kenaikan``; ``jalur_tercapai`` says if
    raising every dimension to 4 is enough."""
    return plan_from_levers(levers(evals, code, year), target)


def plan_from_levers(levers_frame: pd.DataFrame, target: float) -> pd.DataFrame:
    """:func:`target_plan` from a regency's :func:`levers` (its ``attrs['final']`` is the
    recomputed final), e.g. as read from the build stage's ``whatif_tuas`` table."""
    t = check_target(target)
    lv = levers_frame.set_index("dimensi")
    final = levers_frame.attrs["final"]
    gap = t - final
    need = pd.Series({d: (r["nilai_sekarang"] if gap <= 0 else
                          max(required_value(r["nilai_sekarang"], final, t, r["bobot"]),
                              SCALE[0]))
                      for d, r in lv.iterrows()})
    path = greedy_path(lv["nilai_sekarang"], lv["bobot"], max(gap, 0.0), SCALE[1], SCALE[0])
    out = pd.DataFrame({
        "dimensi": lv.index, "bobot": lv["bobot"].to_numpy(),
        "nilai_sekarang": lv["nilai_sekarang"].to_numpy(), "nilai_perlu": need.to_numpy(),
        "kenaikan_perlu": (need - lv["nilai_sekarang"]).to_numpy(),
        "tercapai": (need <= SCALE[1] + 1e-9).to_numpy() & need.notna().to_numpy(),
        "jalur_urutan": path["urutan"].to_numpy(), "jalur_nilai": path["nilai"].to_numpy(),
        "jalur_kenaikan": path["kenaikan"].to_numpy()})
    out.insert(0, "target", t)
    out.insert(1, "nilai_final_sekarang", final)
    out["jalur_tercapai"] = path.attrs["tercapai"]
    return out


def milestones(evals: pd.DataFrame, code: str, year: int) -> dict:
    """Targets worth naming: the group median of the published finals (``median``) and the
    lowest published final of a regency ranked above (``next_up``, with its name), each with
    the gap from the recomputed final; ``None`` where there is nothing above."""
    row = regency_row(evals, code, year)
    final = levers(evals, code, year).attrs["final"]
    kel = row["kelompok"] if isinstance(row["kelompok"], str) else None
    median = float(peer_medians(evals, int(year), kel)["nilai_final"])
    others = _others(evals, row, True)
    above = others[others.round(9) > round(final, 9)]
    nxt = None
    if not above.empty:
        code_up = above.idxmin()
        ev = evals[(evals["tahun"] == int(year)) & (evals["kode_kemendagri"] == code_up)]
        nxt = {"kode_kemendagri": code_up, "nama": str(ev["nama"].iloc[0]),
               "nilai_final": float(above.min()), "gap": float(above.min()) - final,
               "peringkat": rank_among(others, float(above.min()))}
    return {"final": final, "median": median, "gap_median": median - final,
            "peringkat": rank_among(others, final), "n_kelompok": len(others) + 1,
            "next_up": nxt, "kelompok": kel}

