"""What-if on a regency's readiness assessment (framework ``readiness-6pilar``).

The readiness index is a mean of means of goalposted items ((x − 1)/3, × 100 at the
sub-dimension), so one step up on one item (+1 on the 1–4 rubric, capped at 4) adds a fixed number
of index points: with every item present, 100/3 ÷ 3 items = 11.1 to its sub-dimension, ÷ 3 =
3.70 to its pillar and ÷ 6 = 0.62 to the overall index. The numbers here come from the engine on
the actual assessment (:mod:`analysis.index.whatif_arithmetic`), so missing items (which re-weight
the means) are handled as the index handles them.

"Fastest to the next maturity level": the fewest steps on that one item for its pillar to reach
the next level's cut-off (cut-offs from the framework settings, or ``cutoffs=``; unverified);
items whose pillar cannot get there on that item alone come last.
"""
from __future__ import annotations

import math

import pandas as pd

from analysis.errors import WorkbenchError
from analysis.i18n import PILLARS
from analysis.index.whatif_arithmetic import WhatIfError, evaluate_variants, slopes, steps_to_reach
from analysis.readiness.assessments import (UNIT, assessments_are_illustrative, load_assessments,
                                            load_readiness_framework)
from analysis.messages import text as message
from analysis.readiness.maturity import default_cutoffs, maturity_level

TOP = 4.0


def _next_cut(value: float, cuts: list[float]) -> float:
    level = int(maturity_level([value], cuts).iloc[0])
    return cuts[level - 1] if level <= len(cuts) else float("nan")


def item_gains(code: str, data_dir=None, path=None, cutoffs=None, lang: str = "id") -> pd.DataFrame:
    """:func:`gains_of_assessments` of the assessments of ``data_dir`` (or of the file ``path``,
    a regency's own assessment); one of them must be given."""
    if path is None and data_dir is None:
        raise WorkbenchError(message("data_dir_or_input", function="item_gains",
                                     alternative="path="))
    fw = load_readiness_framework()
    return gains_of_assessments(load_assessments(data_dir, path=path, fw=fw), code, cutoffs, lang,
                                where=path, fw=fw)


def gains_of_assessments(long: pd.DataFrame, code: str, cutoffs=None, lang: str = "id",
                         where=None, fw=None) -> pd.DataFrame:
    """One row per assessed item of regency ``code`` in the long assessments ``long``
    (:func:`analysis.readiness.load_assessments`), fastest to the next pillar level first.

    Columns: ``kode_butir, pilar, subdimensi, elemen, butir, skor, skor_naik`` (one step up,
    capped at 4), ``tambahan_indeks`` and ``tambahan_pilar`` (index points that step adds),
    ``indeks_pilar, tingkat_pilar, batas_berikut_pilar, langkah_pilar`` (steps on this item
    alone to reach it; missing when its headroom is not enough), the same for the overall index
    (``indeks_kesiapan, tingkat_indeks, batas_berikut_indeks, langkah_indeks``) and
    ``ilustratif``. ``where``: what the assessments are, for the error when ``code`` has none
    (default: the data directory).
    """
    fw = fw or load_readiness_framework()
    mine = long[(long[UNIT] == str(code)) & long["skor"].notna()]
    if mine.empty:
        raise WhatIfError(f"regency {code!r} has no readiness assessment in "
                          f"{where or 'the data directory'} (codes look like '64.02')")
    base = dict(zip(mine["kode_butir"], mine["skor"].astype(float)))
    items = [c for c in fw.leaves if c in base]
    cuts = [float(c) for c in (default_cutoffs(fw) if cutoffs is None else cutoffs)]
    pillars = list(PILLARS)
    res = evaluate_variants(fw, base, [{c: min(base[c] + 1.0, TOP)} for c in items])
    per_unit = slopes(fw, base, items, [fw.root] + pillars)
    now = res.iloc[0]
    rows = []
    for k, c in enumerate(items, start=1):
        a = fw.nodes[c].attrs
        p = a["pillar"]
        room = max(TOP - base[c], 0.0)        # headroom on the rubric (3.5 -> 0.5 of a step)
        cut_p, cut_i = _next_cut(now[p], cuts), _next_cut(now[fw.root], cuts)
        rows.append({
            "kode_butir": c, "pilar": PILLARS[p][lang],
            "subdimensi": fw.label(a["subdimension"], lang),
            "elemen": a["element"], "butir": a["text"][lang], "skor": base[c],
            "skor_naik": min(base[c] + 1.0, TOP),
            "tambahan_indeks": res[fw.root].iloc[k] - now[fw.root],
            "tambahan_pilar": res[p].iloc[k] - now[p], "indeks_pilar": now[p],
            "tingkat_pilar": int(maturity_level([now[p]], cuts).iloc[0]),
            "batas_berikut_pilar": cut_p,
            "langkah_pilar": steps_to_reach(now[p], cut_p, per_unit.loc[c, p], room),
            "indeks_kesiapan": now[fw.root],
            "tingkat_indeks": int(maturity_level([now[fw.root]], cuts).iloc[0]),
            "batas_berikut_indeks": cut_i,
            "langkah_indeks": steps_to_reach(now[fw.root], cut_i, per_unit.loc[c, fw.root], room)})
    out = pd.DataFrame(rows)
    for col in ("langkah_pilar", "langkah_indeks"):
        out[col] = out[col].astype("Float64").round().astype("Int64")
    out["ilustratif"] = assessments_are_illustrative(mine)
    order = out.assign(_s=out["langkah_pilar"].astype("Float64").fillna(math.inf))
    order = order.sort_values(["_s", "tambahan_pilar", "kode_butir"],
                              ascending=[True, False, True], kind="stable")
    return order.drop(columns="_s").reset_index(drop=True)
