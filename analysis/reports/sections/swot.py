"""Report section: SWOT per pillar (IFAS/EFAS) of the latest year, read from the build table
``swot_ringkasan``: quadrant chart, IE matrix, table and where the two views disagree."""
from __future__ import annotations

from analysis.i18n import texts, tr
from analysis.masterplan import swot
from analysis.plots.swot import ie_chart, quadrant_chart
from analysis.reports.context import RegencyContext
from analysis.reports.sections import provenance
from analysis.reports.sections.common import Section, show_figure, show_md, show_styled

T = texts("reports.sections.swot")


def join_words(items: list[str], lang: str) -> str:
    """``a, b dan c`` (``a, b and c``)."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {tr(T, 'and', lang)} {items[-1]}"


def section(ctx: RegencyContext) -> Section:
    """The latest year's SWOT of the regency; records per pillar totals, quadrant and IE cell.
    No SWOT table: one sentence and ``{}``."""
    lang = ctx.lang
    o = provenance.open_section(ctx, T, "swot_ringkasan", "swot_factors", "heading")
    if o.rows.empty:
        return Section(o.title, {})
    title, rows, ill = o.title, o.rows, o.illustrative
    summary, latest = swot.latest_summary(rows)
    top, k = swot.most_frequent_strategies(summary)
    most = (tr(T, "most_one", lang).format(q=top[0], k=k, p=len(summary)) if len(top) == 1 else
            tr(T, "most_tie", lang).format(qs=join_words(top, lang), k=k, p=len(summary)))
    show_md(tr(T, "summary", lang).format(
        year=latest, n=int(summary["n_factors"].sum()), p=len(summary), most=most))
    cfg = swot.load_settings()["swot"]
    show_figure(quadrant_chart(summary, cfg, lang, illustrative=ill))
    show_figure(ie_chart(summary, cfg, lang, ill))
    show_styled(swot.display_summary(summary, lang))
    show_md(" ".join(swot.readings_text(lang)))
    show_md(swot.disagreement_text(summary, lang))
    return Section(title, {
        "tahun": latest, "illustrative": ill, "kuadran_terbanyak": top,
        "n_arah_berlawanan": int(summary["views_disagree"].sum()), "pilar": {
            r.pillar: {"total_ifas": round(r.ifas_total, 3), "total_efas": round(r.efas_total, 3),
                       "x": round(r.x, 3), "y": round(r.y, 3), "kuadran": r.quadrant,
                       "strategi": r.strategy, "sel_ie": r.ie_cell,
                       "strategi_ie": r.ie_strategy, "arah_berlawanan": bool(r.views_disagree)}
            for r in summary.itertuples()}})
