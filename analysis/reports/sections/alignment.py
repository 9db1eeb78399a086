"""Report section: alignment of the masterplan with the RPJMD — a mission × pillar matrix of
programmes (count and planned budget), missions no programme serves, programmes serving no
mission — read from the build tables ``keselarasan`` and ``program_tanpa_misi``."""
from __future__ import annotations

import pandas as pd

from analysis.escape import md_text
from analysis.i18n import PILLARS, texts, tr
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


def section(ctx: RegencyContext) -> Section:
    """The two matrices, unserved missions and unaligned programmes; records them. A regency
    without RPJMD missions gets one sentence and ``{}``."""
    lang = ctx.lang
    o = provenance.open_section(ctx, T, "keselarasan", "missions", "title")
    if o.rows.empty:
        return Section(o.title, {})
    title, t, ill = o.title, o.rows, o.illustrative
    source = o.source
    count, budget = matrix(t, "n_programmes", lang), matrix(t, "budget_planned", lang)
    show_md(tr(T, "count", lang))
    show_table(count.astype(int), lang=lang)
    show_md(tr(T, "budget", lang))
    show_table(budget.map(lambda v: fmt(v, 0, lang)), lang=lang)
    per = t.groupby("misi")["n_programmes"].sum()
    unserved = [int(m) for m in per.index if per[m] == 0]
    text = t.drop_duplicates("misi").set_index("misi")["uraian"]
    show_md(tr(T, "unserved", lang).format(items="; ".join(
        f"{m}. {md_text(text[m])}" for m in unserved)) if unserved else tr(T, "all_served", lang))
    un = ctx.table("program_tanpa_misi")
    show_md(tr(T, "unaligned", lang).format(items="; ".join(
        f"{md_text(r.id)} {md_text(cell_text(r.program))}" for r in un.itertuples()))
        if not un.empty else tr(T, "all_aligned", lang))
    return Section(title, {
        "illustrative": ill, "data": source, "misi": [int(m) for m in per.index],
        "program_per_misi": {int(m): int(v) for m, v in per.items()},
        "misi_tanpa_program": unserved, "program_tanpa_misi": [str(i) for i in un["id"]],
        "anggaran_per_misi": {int(m): float(v) for m, v in
                              t.groupby("misi")["budget_planned"].sum().items()}})
