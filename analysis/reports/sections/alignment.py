"""Report section: alignment of the masterplan with the RPJMD — the vision and missions as their
source gives them (a mission the source skips is shown as not given, never filled in; what the
source says of Smart City and each mission), then a mission × pillar matrix of programmes
(count and planned budget), missions no programme serves, programmes serving no mission — read
from the build tables ``misi_rpjmd``, ``keselarasan`` and ``program_tanpa_misi``. Real missions
matched with illustrative programmes give an illustrative alignment, and it says so."""
from __future__ import annotations

import pandas as pd

from analysis.escape import md_text
from analysis.i18n import PILLARS, texts, tr
from analysis.masterplan.alignment import SMART_CITY
from analysis.reports.context import RegencyContext
from analysis.reports.sections import provenance
from analysis.reports.sections.common import Section, fmt, show_md, show_table
from analysis.reports.sections.common import text as cell_text

T = texts("reports.sections.alignment")


def matrix(t: pd.DataFrame, value: str, lang: str) -> pd.DataFrame:
    """Missions (rows, "1. text") × pillars (columns, in the report's language)."""
    m = t.pivot_table(index="misi", columns="pillar", values=value, aggfunc="sum", sort=False)
    m = m.reindex(columns=list(PILLARS)).fillna(0)
    text = t.drop_duplicates("misi").set_index("misi")["uraian"]
    m.index = [f"{int(k)}. {text.get(k, '')}" for k in m.index]
    m.index.name = tr(T, "mission", lang)
    m.columns = [PILLARS[p][lang] for p in m.columns]
    return m


def _numbers(nums: list[int], lang: str) -> str:
    """``1``, ``1 dan 5``, ``1, 2 dan 3`` (``and`` in English)."""
    words = [str(n) for n in nums]
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {tr(T, 'and', lang)} {words[-1]}"


def _missions(m: pd.DataFrame, lang: str) -> dict:
    """Show the vision and the missions (with what the source says of Smart City); their
    record."""
    visi = m[m["jenis"] == "visi"]
    out: dict = {"visi": None, "periode": None}
    if not visi.empty:
        v = visi.iloc[0]
        out.update(visi=cell_text(v["uraian"]), periode=cell_text(v["periode"]) or None)
        key = "vision" if out["periode"] else "vision_no_period"
        show_md(tr(T, key, lang).format(text=md_text(out["visi"]),
                                        period=md_text(out["periode"] or "")))
    mis = m[m["jenis"] == "misi"].sort_values("misi")
    lines = []
    for r in mis.itertuples():
        if not bool(r.diberikan):
            lines.append(f"{int(r.misi)}. *{tr(T, 'not_given', lang)}*")
            continue
        sc = cell_text(r.smart_city)
        note = f" — *{tr(T, f'sc_{sc}', lang)}*" if sc in SMART_CITY else ""
        lines.append(f"{int(r.misi)}. {md_text(cell_text(r.uraian))}{note}")
    show_md(f"**{tr(T, 'missions', lang)}**\n\n" + "\n".join(lines))
    declared = {k: [int(n) for n in mis.loc[mis["smart_city"] == k, "misi"]] for k in SMART_CITY}
    a, b = declared["selaras"], declared["tersirat"]
    if a or b:
        key = "declared" if a and b else ("declared_aligned" if a else "declared_implied")
        show_md(tr(T, key, lang).format(a=_numbers(a, lang), b=_numbers(b, lang)))
    out.update(misi=[int(n) for n in mis.loc[mis["diberikan"].astype(bool), "misi"]],
               misi_tidak_diberikan=[int(n) for n in mis.loc[~mis["diberikan"].astype(bool),
                                                            "misi"]],
               smart_city=declared)
    return out


def section(ctx: RegencyContext) -> Section:
    """The vision and missions, then the two matrices, unserved missions and unaligned
    programmes; records them. A regency without RPJMD missions gets one sentence and ``{}``."""
    lang = ctx.lang
    o = provenance.open_section(ctx, T, "misi_rpjmd", "missions", "title")
    if o.rows.empty:
        return Section(o.title, {})
    rec = {"data": o.source, **_missions(o.rows, lang)}
    t = ctx.table("keselarasan") if "keselarasan" in ctx.tables else pd.DataFrame()
    if t.empty:
        show_md(tr(T, "no_programmes", lang))
        return Section(o.title, {**rec, "illustrative": o.illustrative})
    ill = bool(t["illustrative"].any())
    if ill:           # real missions, illustrative programmes: the alignment is illustrative
        show_md(f"**{tr(T, 'programmes_illustrative', lang)}**")
    provenance.show(ctx, "programmes")
    un = ctx.table("program_tanpa_misi")
    per = t.groupby("misi")["n_programmes"].sum()
    rec["illustrative"] = ill
    if per.sum() == 0 and un["misi"].map(cell_text).eq("").all():
        show_md(tr(T, "no_mission_named", lang).format(n=len(un)))
        return Section(o.title, {**rec, "program_mencatat_misi": False})
    count, budget = matrix(t, "n_programmes", lang), matrix(t, "budget_planned", lang)
    show_md(tr(T, "count", lang))
    show_table(count.astype(int), lang=lang)
    show_md(tr(T, "budget", lang))
    show_table(budget.map(lambda v: fmt(v, 0, lang)), lang=lang)
    unserved = [int(m) for m in per.index if per[m] == 0]
    text = t.drop_duplicates("misi").set_index("misi")["uraian"]
    show_md(tr(T, "unserved", lang).format(items="; ".join(
        f"{m}. {md_text(text[m])}" for m in unserved)) if unserved else tr(T, "all_served", lang))
    show_md(tr(T, "unaligned", lang).format(items="; ".join(
        f"{md_text(r.id)} {md_text(cell_text(r.program))}" for r in un.itertuples()))
        if not un.empty else tr(T, "all_aligned", lang))
    return Section(o.title, {
        **rec, "program_mencatat_misi": True,
        "program_per_misi": {int(m): int(v) for m, v in per.items()},
        "misi_tanpa_program": unserved, "program_tanpa_misi": [str(i) for i in un["id"]],
        "anggaran_per_misi": {int(m): float(v) for m, v in
                              t.groupby("misi")["budget_planned"].sum().items()}})
