"""The what-if numbers of every evaluated regency and year, computed once by the build stage.

:func:`lever_table` is :func:`analysis.evaluation.dimension_whatif.levers` for every evaluated row,
one :func:`~analysis.index.compute.compute_index` call per framework (each unit's printed dimensions
and, per dimension, the same values with that one raised by 1: the slope is the difference, as in
:func:`analysis.index.whatif_arithmetic.slopes`). :func:`milestone_table` is
:func:`analysis.evaluation.dimension_whatif.milestones` for every evaluated row: group median, rank
among the group's published finals and the lowest final ranked above, with one sort-free pass over
each year and group. The report's what-if section reads both tables and only does the arithmetic of
one regency's path (:func:`analysis.evaluation.dimension_whatif.plan_from_levers`).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.evaluation.load import GROUP_ALL
from analysis.evaluation.peers import peer_medians
from analysis.evaluation.dimension_whatif import SCALE, dimensions
from analysis.frameworks import load_framework
from analysis.index.compute import compute_index
from analysis.index.whatif_arithmetic import SLOPE_DECIMALS, check_linear

UNIT = "kode_kemendagri"
LEVER_COLUMNS = [UNIT, "tahun", "dimensi", "bobot", "nilai_sekarang", "ruang", "tambahan_maks",
                 "nilai_final_hitung"]
MILESTONE_COLUMNS = [UNIT, "tahun", "kelompok", "nilai_final_hitung", "median", "selisih_median",
                     "peringkat", "n_kelompok", "naik_kode", "naik_nama", "naik_nilai",
                     "naik_selisih", "naik_peringkat"]
_ROW = "_row"


def _evaluated(evals: pd.DataFrame) -> pd.DataFrame:
    ev = evals[evals["dievaluasi"].astype(bool) & evals["kerangka"].notna()]
    return ev.reset_index(drop=True)


def _levers_of_framework(fw_code: str, rows: pd.DataFrame) -> pd.DataFrame:
    """Levers of every row of one framework (one compute_index call)."""
    fw = load_framework(fw_code)
    dims = dimensions(fw)
    check_linear(fw, dims)
    base = rows[dims].astype(float).reset_index(drop=True)
    frames = [base.assign(**{_ROW: [f"{i}:" for i in range(len(base))]})]
    for d in dims:
        raised = base.copy()
        raised[d] = raised[d] + 1.0
        frames.append(raised.assign(**{_ROW: [f"{i}:{d}" for i in range(len(base))]}))
    res = compute_index(fw, pd.concat(frames, ignore_index=True), _ROW, with_rank=False)
    root = res.set_index(_ROW)[fw.root]
    out = []
    for i in range(len(base)):
        final = float(root[f"{i}:"])
        for d in dims:
            w = round(float(root[f"{i}:{d}"]) - final, SLOPE_DECIMALS)
            cur = float(base.at[i, d])
            room = max(SCALE[1] - cur, 0.0)
            out.append({UNIT: rows[UNIT].iloc[i], "tahun": int(rows["tahun"].iloc[i]),
                        "dimensi": d, "bobot": w, "nilai_sekarang": cur, "ruang": room,
                        "tambahan_maks": w * room, "nilai_final_hitung": final})
    return pd.DataFrame(out, columns=LEVER_COLUMNS)


def lever_table(evals: pd.DataFrame) -> pd.DataFrame:
    """One row per evaluated regency, year and weighted dimension of its framework (in the
    framework's order): ``bobot, nilai_sekarang, ruang, tambahan_maks`` and the recomputed
    final ``nilai_final_hitung``, as :func:`analysis.evaluation.dimension_whatif.levers` gives
    them."""
    ev = _evaluated(evals)
    frames = [_levers_of_framework(code, rows) for code, rows in ev.groupby("kerangka", sort=True)]
    if not frames:
        return pd.DataFrame(columns=LEVER_COLUMNS)
    return pd.concat(frames, ignore_index=True).sort_values([UNIT, "tahun"], kind="stable",
                                                           ignore_index=True)


def _rank(others: np.ndarray, value: float) -> int:
    """Competition rank of ``value`` among ``others`` (as :func:`dimension_whatif.rank_among`)."""
    return int(1 + np.sum(np.round(others, 9) > round(value, 9)))


def _group_milestones(finals: pd.Series, year: int, rows: pd.DataFrame,
                      median: float) -> list[dict]:
    codes = rows[UNIT].to_numpy()
    published = rows["nilai_final"].astype(float).to_numpy()
    names = rows["nama"].to_numpy()
    out = []
    for i, code in enumerate(codes):
        if (code, year) not in finals.index:      # evaluated, but no framework to recompute
            continue
        keep = np.arange(len(codes)) != i
        others, o_codes, o_names = published[keep], codes[keep], names[keep]
        final = float(finals[(code, year)])
        above = np.round(others, 9) > round(final, 9)
        rec = {UNIT: code, "tahun": year, "nilai_final_hitung": final, "median": median,
               "selisih_median": median - final, "peringkat": _rank(others, final),
               "n_kelompok": len(others) + 1, "naik_kode": None, "naik_nama": None,
               "naik_nilai": np.nan, "naik_selisih": np.nan, "naik_peringkat": pd.NA}
        if above.any():
            j = np.flatnonzero(above)[np.argmin(others[above])]     # first of the lowest
            up = float(others[j])
            rec.update(naik_kode=o_codes[j], naik_nama=str(o_names[j]), naik_nilai=up,
                       naik_selisih=up - final, naik_peringkat=_rank(others, up))
        out.append(rec)
    return out


def milestone_table(evals: pd.DataFrame, levers: pd.DataFrame) -> pd.DataFrame:
    """One row per evaluated regency and year: what
    :func:`analysis.evaluation.dimension_whatif.milestones` returns (``median``, its gap as
    ``selisih_median``, ``peringkat``, ``n_kelompok``, ``kelompok``; the regency ranked just
    above as ``naik_kode, naik_nama, naik_nilai, naik_selisih, naik_peringkat``, empty when
    none is), from the recomputed finals of ``levers`` (:func:`lever_table`)."""
    ev = evals[evals["dievaluasi"].astype(bool)]
    finals = levers.drop_duplicates([UNIT, "tahun"]).set_index([UNIT, "tahun"])[
        "nilai_final_hitung"]
    out = []
    for (year, grp), rows in ev.assign(_g=ev["kelompok"].fillna(GROUP_ALL)).groupby(
            ["tahun", "_g"], sort=True):
        kel = None if grp == GROUP_ALL else grp
        median = float(peer_medians(evals, int(year), kel)["nilai_final"])
        out += [dict(r, kelompok=kel) for r in _group_milestones(finals, int(year), rows, median)]
    if not out:
        return pd.DataFrame(columns=MILESTONE_COLUMNS)
    return pd.DataFrame(out)[MILESTONE_COLUMNS].sort_values([UNIT, "tahun"], kind="stable",
                                                            ignore_index=True)


def levers_of(table: pd.DataFrame, code: str, year: int) -> pd.DataFrame:
    """A regency's rows of :func:`lever_table` in the shape :func:`dimension_whatif.levers` returns
    (``attrs['final']``: the recomputed final)."""
    rows = table[(table[UNIT] == str(code)) & (table["tahun"] == int(year))]
    out = rows[LEVER_COLUMNS[2:-1]].reset_index(drop=True)
    out.attrs["final"] = float(rows["nilai_final_hitung"].iloc[0])
    return out


def _text(value) -> str | None:
    return value if isinstance(value, str) else None


def milestones_of(table: pd.DataFrame, code: str, year: int) -> dict:
    """A regency's row of :func:`milestone_table` as the dict :func:`dimension_whatif.milestones`
    returns."""
    r = table[(table[UNIT] == str(code)) & (table["tahun"] == int(year))].iloc[0]
    nxt = None
    if _text(r["naik_kode"]) is not None:
        nxt = {"kode_kemendagri": r["naik_kode"], "nama": str(r["naik_nama"]),
               "nilai_final": float(r["naik_nilai"]), "gap": float(r["naik_selisih"]),
               "peringkat": int(r["naik_peringkat"])}
    return {"final": float(r["nilai_final_hitung"]), "median": float(r["median"]),
            "gap_median": float(r["selisih_median"]), "peringkat": int(r["peringkat"]),
            "n_kelompok": int(r["n_kelompok"]), "next_up": nxt, "kelompok": _text(r["kelompok"])}
