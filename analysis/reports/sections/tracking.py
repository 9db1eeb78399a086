"""Report section: which pillars and agencies (OPD) are on track, behind or ahead of the
masterplan, and how that changed from one year to the next — read from the build table
``program_jalur`` (:func:`analysis.masterplan.tracking.status_by_year`)."""
from __future__ import annotations

import pandas as pd

from analysis.escape import md_text
from analysis.i18n import PILLARS, texts, tr
from analysis.reports.context import RegencyContext
from analysis.reports.sections import provenance
from analysis.reports.sections.common import Section, show_md, show_status_grid, \
    show_status_key

T = texts("reports.sections.tracking")
STATUSES = ("on_track", "behind", "ahead")
#: Record key of each grouping (record keys are Indonesian, as every report record's).
RECORD_KEY = {"pillar": "pilar", "owner": "opd"}


def _name(grouping: str, group: str, lang: str) -> str:
    return PILLARS[group][lang] if grouping == "pillar" and group in PILLARS else str(group)


def status_table(t: pd.DataFrame, grouping: str, lang: str) -> pd.DataFrame:
    """Groups (rows, named in the report's language) × years (columns): the status code
    (``on_track``, ``behind``, ``ahead``; missing when the group has none that year)."""
    g = t[t["grouping"] == grouping]
    m = g.pivot_table(index="group", columns="year", values="status", aggfunc="first",
                      sort=False)
    m.index = [_name(grouping, k, lang) for k in m.index]
    m.index.name = tr(T, f"col_{grouping}", lang)
    m.columns = [str(int(c)) for c in m.columns]
    return m


def _words(lang: str) -> dict[str, str]:
    return {s: tr(T, s, lang) for s in STATUSES}


def section(ctx: RegencyContext) -> Section:
    """Status per pillar and agency in the latest year, the table over the years and what
    changed since the year before; records them. No realisation: one sentence and ``{}``."""
    lang = ctx.lang
    o = provenance.open_section(ctx, T, "program_jalur", "programmes", "title")
    if o.rows.empty:
        return Section(o.title, {})
    title, t, ill = o.title, o.rows, o.illustrative
    source = o.source
    show_md(tr(T, "rule", lang))
    year = int(t["year"].max())
    years = sorted(int(y) for y in t["year"].unique())
    prev = years[-2] if len(years) > 1 else None
    now = t[t["year"] == year]
    record = {"illustrative": ill, "data": source, "tahun": year, "tahun_sebelumnya": prev}
    for grouping in ("pillar", "owner"):
        g = now[now["grouping"] == grouping]
        if g.empty:
            continue
        parts = []
        for s in STATUSES:                 # on track: a count; behind and ahead: named too
            names = [md_text(_name(grouping, x, lang)) for x in g[g.status == s]["group"]]
            parts.append(f"{len(names)} {tr(T, s, lang)}"
                         + (f" ({', '.join(names)})" if names and s != "on_track" else ""))
        show_md(tr(T, "latest", lang).format(year=year, by=tr(T, grouping, lang),
                                             items="; ".join(parts)))
        show_status_grid(status_table(t, grouping, lang), _words(lang), lang)
        show_status_key(_words(lang), tr(T, "key", lang))
        record[RECORD_KEY[grouping]] = {str(r.group): str(r.status) for r in g.itertuples()}
    if prev is not None:
        moved = now[~now["change"].isin(("unchanged", "first"))]
        items = "; ".join(f"{md_text(_name(r.grouping, r.group, lang))} {tr(T, r.status, lang)} "
                          f"({tr(T, 'was', lang)} {tr(T, r.previous_status, lang)})"
                          for r in moved.itertuples())
        show_md(tr(T, "changes", lang).format(prev=prev, items=items) if items
                else tr(T, "no_change", lang).format(prev=prev))
        record["perubahan"] = [{"pengelompokan": RECORD_KEY[r.grouping],
                                "kelompok": str(r.group), "dari": r.previous_status,
                                "menjadi": r.status} for r in moved.itertuples()]
    return Section(title, record)
