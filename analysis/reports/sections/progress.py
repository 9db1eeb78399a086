"""Report section: progress against the masterplan — share of planned programmes running,
on track / behind / ahead per pillar, completion per action-plan category, the Gantt chart and
the Kominfo score trend — read from the build tables ``program*`` and ``evaluasi``."""
from __future__ import annotations

import pandas as pd

from analysis.i18n import COMMON, PILLARS, texts, tr
from analysis.masterplan.progress import evaluation_trend
from analysis.plots.progress import gantt
from analysis.reports.context import RegencyContext
from analysis.reports.sections import provenance
from analysis.reports.sections.common import STATUS_SYMBOL, Section, fmt, show_figure, show_md, \
    show_table, status_marks

T = texts("reports.sections.progress")
COLUMN_TEXT = texts("reports.sections.progress.columns")
CATEGORIES = texts("reports.sections.progress.categories")


def _headers(lang: str) -> dict:
    """Column headers of the report tables in the report's language."""
    return {k: tr(COLUMN_TEXT, k, lang) for k in COLUMN_TEXT}


def _pct(v: float, lang: str) -> str:
    return fmt(v, 2, lang)


def shares_table(shares: pd.DataFrame, latest: pd.DataFrame, lang: str):
    """The year's shares per pillar (rows "all pillars" and each pillar) with the trajectory
    status; ``(table, status codes)`` — the codes mark the status cells by colour."""
    h = _headers(lang)
    tab = shares.set_index("pillar")
    status = [latest.at[p, "status"] if p in latest.index else None for p in tab.index]
    out = pd.DataFrame({
        h["planned"]: [fmt(v, 0, lang) for v in tab["planned"]],
        h["running"]: [fmt(v, 0, lang) for v in tab["running"]],
        h["share_pct"]: [fmt(v, 2, lang) for v in tab["share_pct"]],
        h["budget_realised"]: [fmt(v, 1, lang) for v in tab["budget_realised"]],
        h["status"]: [tr(T, c, lang) if isinstance(c, str) else None for c in status]},
        index=pd.Index([PILLARS[p][lang] if p in PILLARS else tr(T, "all", lang)
                        for p in tab.index], name=tr(COMMON, "pillar", lang)))
    codes = pd.DataFrame(None, index=out.index, columns=out.columns, dtype=object)
    codes[h["status"]] = status
    return out, codes


def categories_table(cats: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Completion per action-plan category in the year, headers and names in the report's
    language."""
    h = _headers(lang)
    return pd.DataFrame({
        h["category"]: [tr(CATEGORIES, c, lang) for c in cats["category"]],
        h["n_programmes"]: [fmt(v, 0, lang) for v in cats["n_programmes"]],
        h["completed"]: [fmt(v, 0, lang) for v in cats["completed"]],
        h["running"]: [fmt(v, 0, lang) for v in cats["running"]],
        h["planned_completed"]: [fmt(v, 0, lang) for v in cats["planned_completed"]],
        h["completion_pct"]: [fmt(v, 1, lang) for v in cats["completion_pct"]]})


def trend_table(trend: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The Kominfo final per evaluated year with the printed and the recomputed improvement."""
    h = _headers(lang)
    return pd.DataFrame({
        h["year"]: [str(int(y)) for y in trend["year"]],
        h["final"]: [fmt(v, 2, lang) for v in trend["nilai_final"]],
        h["improvement_printed"]: [fmt(v, 2, lang) for v in trend["improvement_printed"]],
        h["improvement"]: [fmt(v, 2, lang) for v in trend["improvement"]]})


def section(ctx: RegencyContext) -> Section:
    """The latest reported year's shares, trajectory and category completion, the Gantt chart
    and the score trend; records them. No programme data: one sentence and ``{}``."""
    lang = ctx.lang
    o = provenance.open_section(ctx, T, "program", "programmes", "heading")
    if o.rows.empty:
        return Section(o.title, {})
    title, prog, ill = o.title, o.rows, o.illustrative
    shares = ctx.table("program_capaian")
    year = int(shares["year"].max())
    tot = shares[(shares.year == year) & (shares.pillar == "all")].iloc[0]
    show_md(tr(T, "share", lang).format(year=year, run=int(tot.running), plan=int(tot.planned),
                                        pct=_pct(tot.share_pct, lang)))
    traj = ctx.table("program_lintasan")
    latest = traj[traj.year == year].set_index("pillar")
    tab, codes = shares_table(shares[shares.year == year], latest, lang)
    classes, titles = status_marks(codes, {c: tr(T, c, lang) for c in STATUS_SYMBOL})
    show_table(tab, index=True, lang=lang, classes=classes, titles=titles)
    cats = ctx.table("program_kategori")
    show_table(categories_table(cats[cats.year == year], lang), index=False, lang=lang)
    show_figure(gantt(prog, ctx.table("program_status"), lang, illustrative=ill, title=ctx.code))
    trend = evaluation_trend(ctx.code, evaluations=ctx.evaluations)
    if trend["improvement"].notna().any():
        show_md(tr(T, "trend", lang))
        show_table(trend_table(trend, lang), index=False, lang=lang)
    else:
        show_md(tr(T, "trend_none", lang))
    return Section(title, {
        "tahun": year, "direncanakan": int(tot.planned), "berjalan": int(tot.running),
        "persen_berjalan": float(tot.share_pct), "illustrative": ill,
        "lintasan": {p: latest.at[p, "status"] for p in latest.index},
        "tahun_evaluasi": [int(y) for y in trend["year"]]})
