"""Report section "Apa yang paling menggerakkan nilai" / "What moves the score most".

For the regency's latest evaluated year: per dimension its weight, headroom to 4 and the most
it can add to the final (weight × headroom), then what it takes to reach the group median and
the next rank up (fewest score points: largest weight first), with the arithmetic written out.
Reads the build stage's ``whatif_tuas`` and ``whatif_tonggak`` tables
(:mod:`analysis.evaluation.lever_tables`: weights, recomputed finals, group medians and ranks);
only the arithmetic of this regency's path is done here
(:func:`analysis.evaluation.dimension_whatif.plan_from_levers`).
"""
from __future__ import annotations

import pandas as pd

from analysis.escape import md_text
from analysis.evaluation.dimension_whatif import SCALE, plan_from_levers, printed_warnings
from analysis.evaluation.lever_tables import levers_of, milestones_of
from analysis.i18n import COMMON, texts, tr
from analysis.plots.evaluation import dim_label
from analysis.reports.context import RegencyContext
from analysis.reports.sections.common import Section, heading, show_md, show_table
from analysis.reports.sections.common import fmt as _f

T = texts("reports.sections.whatif")


def _latest_year(ctx: RegencyContext) -> int | None:
    years = [y for y in ctx.years if (r := ctx.evaluation(y)) is not None and r["dievaluasi"]]
    return max(years) if years else None


def _lever_table(lv: pd.DataFrame, lang: str) -> pd.DataFrame:
    lv = lv.sort_values("tambahan_maks", ascending=False, kind="stable")
    return pd.DataFrame({
        tr(T, "dim", lang): [dim_label(d, lang) for d in lv["dimensi"]],
        tr(T, "weight", lang): [f"{_f(w * 100, 0, lang)} %" for w in lv["bobot"]],
        tr(T, "score", lang): [_f(x, 2, lang) for x in lv["nilai_sekarang"]],
        tr(T, "room", lang): [f"4 − {_f(x, 2, lang)} = {_f(r, 2, lang)}"
                              for x, r in zip(lv["nilai_sekarang"], lv["ruang"])],
        tr(T, "gain", lang): [f"{_f(w, 2, lang)} × {_f(r, 2, lang)} = +{_f(g, 3, lang)}"
                              for w, r, g in zip(lv["bobot"], lv["ruang"], lv["tambahan_maks"])]})


def _path_lines(ctx: RegencyContext, lv: pd.DataFrame, target: float,
                final: float) -> tuple[list, dict]:
    """Markdown lines of the way to ``target`` and the rises of the path (by dimension)."""
    lang = ctx.lang
    plan = plan_from_levers(lv, target)
    lines = [tr(T, "gap", lang).format(a=_f(target, 3, lang), b=_f(final, 3, lang),
                                       g=_f(target - final, 3, lang))]
    steps = plan[plan["jalur_urutan"].notna()].sort_values("jalur_urutan")
    lines.append("\n".join(tr(T, "step", lang).format(
            dim=dim_label(s["dimensi"], lang), x0=_f(s["nilai_sekarang"], 2, lang),
            x1=_f(s["jalur_nilai"], 2, lang), r=_f(s["jalur_kenaikan"], 2, lang),
            w=_f(s["bobot"], 2, lang), c=_f(s["jalur_kenaikan"] * s["bobot"], 3, lang))
        for _, s in steps.iterrows()))
    alone = plan[plan["tercapai"]]
    if not plan["jalur_tercapai"].iloc[0]:
        lines.append(tr(T, "unreachable", lang))
    elif alone.empty:
        lines.append(tr(T, "not_alone", lang))
    else:
        lines.append(tr(T, "alone", lang).format(dims=", ".join(
            f"{dim_label(d, lang)} {_f(x0, 2, lang)} → {_f(x1, 2, lang)}"
            for d, x0, x1 in zip(alone["dimensi"], alone["nilai_sekarang"], alone["nilai_perlu"]))))
    rises = {str(s["dimensi"]): float(s["jalur_kenaikan"]) for _, s in steps.iterrows()}
    return lines, {"kenaikan": rises, "tercapai": bool(plan["jalur_tercapai"].iloc[0]),
                   "satu_dimensi": {str(d): float(v) for d, v in
                                    zip(alone["dimensi"], alone["nilai_perlu"])}}


def section(ctx: RegencyContext) -> Section:
    """Display the section for the latest evaluated year and record its headline numbers."""
    lang = ctx.lang
    year = _latest_year(ctx)
    if year is None:                         # never evaluated: no year to put in the title
        title = tr(T, "title_none", lang)
        heading(title)
        show_md(tr(T, "none", lang))
        return Section(title, {})
    title = tr(T, "title", lang).format(year=year)
    heading(title)
    lv = levers_of(ctx.table("whatif_tuas", regency=False), ctx.code, year)
    final = lv.attrs["final"]
    show_md(tr(T, "intro", lang).format(year=year, final=_f(final, 3, lang)))
    show_table(_lever_table(lv, lang), index=False)
    for w in printed_warnings(ctx.evaluations, ctx.code, year, lang):
        show_md(tr(T, "out_of_scale", lang).format(w=md_text(w)))
    best = lv.sort_values("tambahan_maks", ascending=False, kind="stable").iloc[0]
    show_md(tr(T, "best", lang).format(dim=dim_label(best["dimensi"], lang),
                                                gain=_f(best["tambahan_maks"], 3, lang)))
    ms = milestones_of(ctx.table("whatif_tonggak", regency=False), ctx.code, year)
    grp = ms["kelompok"] or tr(COMMON, "cohort_2021", lang)
    out = {"tahun": year, "nilai_final_hitung": final,
           "dimensi": {r["dimensi"]: {"bobot": r["bobot"], "ruang": r["ruang"],
                                      "tambahan_maks": r["tambahan_maks"]}
                       for _, r in lv.iterrows()},
           "median": ms["median"], "selisih_median": ms["gap_median"],
           "peringkat_kelompok": ms["peringkat"], "n_kelompok": ms["n_kelompok"]}
    lines = [tr(T, "median", lang).format(n=ms["n_kelompok"], grp=md_text(grp),
                                          m=_f(ms["median"], 3, lang))]
    if ms["gap_median"] <= 0:
        lines.append(tr(T, "above", lang).format(d=_f(-ms["gap_median"], 3, lang)))
    else:
        more, out["ke_median"] = _path_lines(ctx, lv, ms["median"], final)
        lines += more
    show_md("\n\n".join(lines))
    nxt = ms["next_up"]
    if nxt is None or nxt["nilai_final"] > SCALE[1]:
        show_md(tr(T, "top", lang))
        out["naik_peringkat"] = None
        return Section(title, out)
    places = ms["peringkat"] - nxt["peringkat"]         # matching it may pass a tie
    lines = [tr(T, "next", lang).format(
        name=md_text(nxt["nama"]), v=_f(nxt["nilai_final"], 2, lang), r=nxt["peringkat"],
        n=ms["n_kelompok"], r0=ms["peringkat"],
        moves=tr(T, "moves_one" if places == 1 else "moves", lang).format(k=places))]
    more, path = _path_lines(ctx, lv, nxt["nilai_final"], final)
    lines += more
    show_md("\n\n".join(lines))
    out["naik_peringkat"] = {"kode_kemendagri": nxt["kode_kemendagri"], "nilai_final":
                             nxt["nilai_final"], "selisih": nxt["gap"],
                             "peringkat": nxt["peringkat"], "naik_tempat": places, **path}
    return Section(title, out)
